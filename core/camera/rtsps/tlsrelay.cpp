#include "camera/rtsps/tlsrelay.h"

#include <QHostAddress>
#include <QLoggingCategory>
#include <QSslCertificate>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>

Q_LOGGING_CATEGORY(lcRelay, "farmcam.net.relay")

namespace {

constexpr qint64 kMinimumBufferLimit = 4096;
// Moved per read: big enough for throughput, small enough to keep the bound close.
constexpr qint64 kChunk = 64 * 1024;

// Moves what `from` has to `to` while `to` has room under `limit`; returns the bytes moved.
// Each round is handed to the kernel at once (flush()): inside `to`'s own bytesWritten signal Qt
// emits no further bytesWritten, so waiting for one after the kernel took everything would stall
// the relay for good. It stops when `from` is empty or the kernel holds back more than `limit`;
// then `to`'s next bytesWritten (or `from`'s next readyRead) calls it again.
qint64 pump(QAbstractSocket *from, QAbstractSocket *to, qint64 limit)
{
    qint64 moved = 0;
    for (;;) {
        qint64 round = 0;
        while (from->bytesAvailable() > 0) {
            const qint64 room = limit - to->bytesToWrite();
            if (room <= 0)
                break; // backpressure: the rest waits in `from` (whose read buffer is bounded)
            const QByteArray chunk = from->read(std::min({room, kChunk, from->bytesAvailable()}));
            if (chunk.isEmpty())
                break;
            to->write(chunk);
            round += chunk.size();
        }
        if (round == 0)
            return moved;
        moved += round;
        to->flush();
        if (to->bytesToWrite() >= limit)
            return moved;
    }
}

void dropSocket(QAbstractSocket *socket, QObject *receiver)
{
    if (!socket)
        return;
    QObject::disconnect(socket, nullptr, receiver, nullptr);
    socket->abort();
    socket->deleteLater(); // we may be inside one of its signals
}

} // namespace

TlsRelay::TlsRelay(QObject *parent)
    : QObject(parent)
    , m_coalesceTimer(new QTimer(this))
{
    m_coalesceTimer->setSingleShot(true);
    m_coalesceTimer->setTimerType(Qt::PreciseTimer); // the added latency stays within kCoalesceMs
    m_coalesceTimer->setInterval(kCoalesceMs);
    connect(m_coalesceTimer, &QTimer::timeout, this, &TlsRelay::pumpToClient);
}

TlsRelay::~TlsRelay()
{
    close();
}

void TlsRelay::setBufferLimit(qint64 bytes)
{
    m_bufferLimit = std::max(bytes, kMinimumBufferLimit);
}

void TlsRelay::open(const QString &host, quint16 port, const TlsTrust &trust)
{
    close();
    m_trust = trust;
    m_bytesFromPrinter = 0;
    m_bytesToPrinter = 0;
    m_peakBufferedBytes = 0;
    m_refusedClients = 0;

    auto *printer = new QSslSocket(this);
    m_printer = printer;
    printer->setReadBufferSize(m_bufferLimit);
    m_trust.applyTo(printer);
    connect(printer, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        for (const QSslError &error : errors)
            m_sslErrors << error.errorString();
    });
    connect(printer, &QSslSocket::connected, this, &TlsRelay::tcpConnected);
    connect(printer, &QSslSocket::encrypted, this, &TlsRelay::onPrinterEncrypted);
    connect(printer, &QSslSocket::errorOccurred, this, &TlsRelay::onPrinterError);
    connect(printer, &QSslSocket::disconnected, this, &TlsRelay::onPrinterDisconnected);
    connect(printer, &QSslSocket::readyRead, this, &TlsRelay::onPrinterReadyRead);
    connect(printer, &QSslSocket::bytesWritten, this, &TlsRelay::pumpToPrinter);
    printer->connectToHostEncrypted(host, port);
}

void TlsRelay::close()
{
    ++m_generation;
    m_coalesceTimer->stop();
    dropSocket(m_client, this);
    dropSocket(m_printer, this);
    m_client = nullptr;
    m_printer = nullptr;
    if (QTcpServer *server = m_server) {
        m_server = nullptr;
        disconnect(server, nullptr, this, nullptr);
        server->close();
        server->deleteLater();
    }
    m_fingerprint.clear();
    m_errorString.clear();
    m_sslErrors.clear();
    m_trusted = false;
    m_printerGone = false;
}

quint16 TlsRelay::localPort() const
{
    return m_server ? m_server->serverPort() : 0;
}

qint64 TlsRelay::bufferedBytes() const
{
    qint64 bytes = 0;
    if (m_printer)
        bytes += m_printer->bytesAvailable() + m_printer->bytesToWrite();
    if (m_client)
        bytes += m_client->bytesAvailable() + m_client->bytesToWrite();
    return bytes;
}

void TlsRelay::onPrinterEncrypted()
{
    const quint64 generation = m_generation;
    m_fingerprint = TlsTrust::fingerprintOf(m_printer->peerCertificate());
    emit certificateSeen(m_fingerprint);
    if (!isCurrent(generation))
        return; // a listener closed or reopened us
    if (!m_trust.accepts(m_fingerprint)) {
        // Not the pinned certificate: nothing is ever relayed over this connection.
        fail(Error::CertificateMismatch, m_fingerprint);
        return;
    }
    m_trusted = true;
    startListening();
}

void TlsRelay::startListening()
{
    auto *server = new QTcpServer(this);
    m_server = server;
    server->setMaxPendingConnections(1);
    connect(server, &QTcpServer::newConnection, this, &TlsRelay::onNewConnection);
    if (!server->listen(QHostAddress::LocalHost, 0)) {
        fail(Error::ListenFailed, server->errorString());
        return;
    }
    emit listening(server->serverPort());
}

void TlsRelay::onNewConnection()
{
    while (m_server && m_server->hasPendingConnections()) {
        QTcpSocket *socket = m_server->nextPendingConnection();
        if (m_client || !socket->peerAddress().isLoopback()) {
            // Exactly one client, and only from this machine.
            ++m_refusedClients;
            qCWarning(lcRelay) << "refused a second connection to the relay from"
                               << socket->peerAddress().toString() << socket->peerPort();
            dropSocket(socket, this);
            continue;
        }
        m_client = socket;
        socket->setParent(this);
        socket->setReadBufferSize(m_bufferLimit);
        connect(socket, &QTcpSocket::readyRead, this, &TlsRelay::pumpToPrinter);
        connect(socket, &QTcpSocket::bytesWritten, this, &TlsRelay::pumpToClient);
        connect(socket, &QTcpSocket::disconnected, this, &TlsRelay::onClientDisconnected);
        const quint64 generation = m_generation;
        emit clientConnected();
        if (!isCurrent(generation))
            return;
        pumpToClient(); // what the printer sent already
        pumpToPrinter();
        if (m_printerGone && m_client)
            m_client->disconnectFromHost(); // after the bytes written above
    }
}

void TlsRelay::onPrinterReadyRead()
{
    if (!m_printer || !m_client)
        return; // onNewConnection() hands on what came before the client
    if (m_printer->bytesAvailable() >= kCoalesceBytes)
        pumpToClient();
    else if (!m_coalesceTimer->isActive())
        m_coalesceTimer->start();
}

void TlsRelay::pumpToClient()
{
    m_coalesceTimer->stop(); // everything there goes now (or waits for the client's room)
    if (!m_printer || !m_client)
        return;
    m_bytesFromPrinter += quint64(pump(m_printer, m_client, m_bufferLimit));
    notePeak();
}

void TlsRelay::pumpToPrinter()
{
    if (!m_printer || !m_client || !m_trusted || m_printerGone)
        return;
    m_bytesToPrinter += quint64(pump(m_client, m_printer, m_bufferLimit));
    notePeak();
}

void TlsRelay::notePeak()
{
    m_peakBufferedBytes = std::max(m_peakBufferedBytes, bufferedBytes());
}

void TlsRelay::onPrinterError(QAbstractSocket::SocketError error)
{
    if (!m_printer)
        return;
    if (m_trusted) {
        printerGone(m_printer->errorString());
        return;
    }
    switch (error) {
    case QAbstractSocket::HostNotFoundError:
        fail(Error::HostNotFound, m_printer->errorString());
        break;
    case QAbstractSocket::ConnectionRefusedError:
        fail(Error::ConnectionRefused, m_printer->errorString());
        break;
    case QAbstractSocket::SslHandshakeFailedError:
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError:
        fail(Error::TlsFailed,
             m_sslErrors.isEmpty() ? m_printer->errorString()
                                   : m_sslErrors.join(QStringLiteral("; ")));
        break;
    case QAbstractSocket::RemoteHostClosedError:
        fail(Error::ClosedBeforeSecured, m_printer->errorString());
        break;
    default:
        fail(Error::NetworkError, m_printer->errorString());
        break;
    }
}

void TlsRelay::onPrinterDisconnected()
{
    if (!m_printer)
        return;
    if (m_trusted)
        printerGone(tr("The printer closed the connection."));
    else
        fail(Error::ClosedBeforeSecured, tr("The printer closed the connection."));
}

void TlsRelay::printerGone(const QString &detail)
{
    if (m_printerGone)
        return;
    m_printerGone = true;
    m_errorString = detail;
    if (m_client) {
        // What the printer said last (bounded by its read buffer) still reaches the client, then
        // the client sees the end.
        while (m_printer && m_printer->bytesAvailable() > 0) {
            const QByteArray rest = m_printer->readAll();
            m_bytesFromPrinter += quint64(rest.size());
            m_client->write(rest);
        }
        m_client->disconnectFromHost();
    }
    emit printerClosed(detail);
}

void TlsRelay::onClientDisconnected()
{
    if (!m_client)
        return;
    dropSocket(m_client, this);
    m_client = nullptr;
    if (m_printer && !m_printerGone)
        m_printer->disconnectFromHost();
    emit clientClosed();
}

void TlsRelay::fail(Error error, const QString &detail)
{
    m_errorString = detail;
    qCInfo(lcRelay) << "relay failed:" << error << detail;
    // Nothing was relayed; the connection is dropped before anyone could write to it.
    dropSocket(m_client, this);
    dropSocket(m_printer, this);
    m_client = nullptr;
    m_printer = nullptr;
    if (QTcpServer *server = m_server) {
        m_server = nullptr;
        disconnect(server, nullptr, this, nullptr);
        server->close();
        server->deleteLater();
    }
    emit failed(error, detail);
}
