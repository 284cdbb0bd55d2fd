#include "drainreader.h"

#include "protocol/loginpacket.h"

#include <QSslSocket>
#include <QTimer>
#include <QtEndian>

#include <algorithm>
#include <cstdio>

DrainReader::DrainReader(const QString &host, quint16 port, const QString &accessCode,
                         quint64 frames, QObject *parent)
    : QObject(parent)
    , m_host(host)
    , m_port(port)
    , m_accessCode(accessCode)
    , m_wanted(frames)
    , m_socket(new QSslSocket(this))
    , m_timeout(new QTimer(this))
{
    m_socket->setPeerVerifyMode(QSslSocket::QueryPeer); // the simulator's own certificate
    connect(m_socket, &QSslSocket::encrypted, this, [this] {
        m_socket->write(LoginPacket::build(QStringLiteral("bblp"), m_accessCode).packet);
    });
    connect(m_socket, &QSslSocket::readyRead, this, &DrainReader::onReadyRead);
    connect(m_socket, &QSslSocket::errorOccurred, this,
            [this] { finish(1, m_socket->errorString()); });
    connect(m_socket, &QSslSocket::sslErrors, m_socket,
            [this](const QList<QSslError> &) { m_socket->ignoreSslErrors(); });
    // A stalled stream must not hang a benchmark: no byte for 30 s ends the run.
    m_timeout->setSingleShot(true);
    m_timeout->setInterval(30000);
    connect(m_timeout, &QTimer::timeout, this, [this] { finish(1, QStringLiteral("timed out")); });
}

DrainReader::~DrainReader() = default;

void DrainReader::start()
{
    m_timeout->start();
    m_socket->connectToHostEncrypted(m_host, m_port);
}

void DrainReader::onReadyRead()
{
    m_timeout->start();
    while (!m_finished && m_socket->bytesAvailable() > 0) {
        if (m_payloadLeft > 0) {
            // skip() drops the bytes from the socket's buffer without copying them anywhere.
            m_payloadLeft -= m_socket->skip(m_payloadLeft);
            if (m_payloadLeft == 0 && ++m_frames >= m_wanted)
                finish(0);
            continue;
        }
        const qint64 read
            = m_socket->read(m_header + m_headerFill, qint64(sizeof m_header) - m_headerFill);
        if (read <= 0)
            break;
        m_headerFill += read;
        if (m_headerFill == qsizetype(sizeof m_header)) {
            m_headerFill = 0;
            m_payloadLeft = qFromLittleEndian<quint32>(m_header);
            if (m_payloadLeft == 0)
                finish(1, QStringLiteral("empty frame"));
        }
    }
}

void DrainReader::finish(int exitCode, const QString &message)
{
    if (m_finished)
        return;
    m_finished = true;
    m_timeout->stop();
    if (!message.isEmpty())
        std::fprintf(stderr, "farmcam-bench drain: %s\n", message.toLocal8Bit().constData());
    m_socket->abort();
    emit finished(exitCode);
}
