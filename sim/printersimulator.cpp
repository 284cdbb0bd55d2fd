#include "sim/printersimulator.h"

#include "sim/faultnames.h"
#include "sim/framerenderer.h"
#include "trust/tlstrust.h"

#include <QByteArrayView>
#include <QDateTime>
#include <QFile>
#include <QLoggingCategory>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpServer>
#include <QTimer>
#include <QtEndian>

#include <cmath>

Q_LOGGING_CATEGORY(lcSim, "farmcam.sim")

namespace {

constexpr qsizetype kLoginSize = 80;
constexpr qsizetype kLoginFieldSize = 32;
constexpr qsizetype kHeaderSize = 16;
constexpr double kMinFramesPerSecond = 0.01;
constexpr double kMaxFramesPerSecond = 120;
const QByteArray kUser = QByteArrayLiteral("bblp");

constexpr FaultNames::Entry<PrinterSimulator::Fault> kFaults[] = {
    {PrinterSimulator::Fault::None, "none"},
    {PrinterSimulator::Fault::Stall, "stall"},
    {PrinterSimulator::Fault::TruncateMidFrame, "truncate-mid-frame"},
    {PrinterSimulator::Fault::GarbageHeader, "garbage-header"},
    {PrinterSimulator::Fault::OversizeLength, "oversize-length"},
    {PrinterSimulator::Fault::BadJpegMagic, "bad-jpeg-magic"},
    {PrinterSimulator::Fault::AbruptClose, "abrupt-close"},
};

// The certificate and key are Qt resources compiled into farmcam_core; loaded once.
QSslConfiguration loadServerConfiguration()
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    QFile certificateFile(QStringLiteral(":/sim/simulator.crt"));
    QFile keyFile(QStringLiteral(":/sim/simulator.key"));
    if (!certificateFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly)) {
        qCCritical(lcSim) << "The simulator's certificate or key is missing from the resources";
        return configuration;
    }
    configuration.setLocalCertificate(QSslCertificate(&certificateFile, QSsl::Pem));
    configuration.setPrivateKey(QSslKey(&keyFile, QSsl::Rsa, QSsl::Pem));
    // Camera clients present no certificate.
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    return configuration;
}

const QSslConfiguration &serverConfiguration()
{
    static const QSslConfiguration configuration = loadServerConfiguration();
    return configuration;
}

QByteArray frameHeader(quint32 payloadSize)
{
    QByteArray header(kHeaderSize, '\0');
    qToLittleEndian<quint32>(payloadSize, header.data());
    qToLittleEndian<quint32>(1, header.data() + 8);
    return header;
}

// Deterministic, and insane twice over: an absurd size and not 0/1/0 after it.
QByteArray garbageHeader()
{
    QByteArray header(kHeaderSize, '\0');
    qToLittleEndian<quint32>(PrinterSimulator::kGarbageLength, header.data());
    std::copy_n("GARBAGE!\x7f\x7f\x7f\x7f", 12, header.data() + 4);
    return header;
}

quint32 readLittleEndian32(const QByteArray &bytes, qsizetype offset)
{
    return qFromLittleEndian<quint32>(bytes.constData() + offset);
}

// A NUL-padded ASCII field of the login: the bytes before the first NUL.
QByteArray loginField(const QByteArray &login, qsizetype offset)
{
    const QByteArray field = login.mid(offset, kLoginFieldSize);
    const qsizetype end = field.indexOf('\0');
    return end < 0 ? field : field.left(end);
}

} // namespace

// Serves connections itself instead of queueing them, so a third one can be held before its TLS
// handshake (QSslServer would start the handshake at once).
class PrinterSimulator::Server final : public QTcpServer
{
public:
    explicit Server(PrinterSimulator *simulator)
        : QTcpServer(simulator)
        , m_simulator(simulator)
    { }

protected:
    void incomingConnection(qintptr socketDescriptor) override
    {
        m_simulator->onIncomingConnection(socketDescriptor);
    }

private:
    PrinterSimulator *m_simulator;
};

PrinterSimulator::PrinterSimulator(QObject *parent)
    : QObject(parent)
    , m_name(QStringLiteral("Simulated printer"))
    , m_accessCode(QByteArrayLiteral("12345678"))
    , m_server(new Server(this))
    , m_timer(new QTimer(this))
{
    m_timer->setTimerType(Qt::PreciseTimer);
    m_timer->setInterval(qRound(1000.0 / m_framesPerSecond));
    connect(m_timer, &QTimer::timeout, this, &PrinterSimulator::tick);
}

PrinterSimulator::~PrinterSimulator()
{
    // The sockets die with their parent: they must not call back into a half-destroyed simulator.
    for (auto it = m_clients.cbegin(); it != m_clients.cend(); ++it)
        it.key()->disconnect(this);
}

void PrinterSimulator::setName(const QString &name)
{
    if (name == m_name)
        return;
    m_name = name;
    m_renderer.reset(); // the name is part of the pre-rendered background
}

void PrinterSimulator::setAccessCode(const QString &accessCode)
{
    m_accessCode = accessCode.toUtf8();
}

void PrinterSimulator::setFramesPerSecond(double framesPerSecond)
{
    if (std::isnan(framesPerSecond)) {
        qCWarning(lcSim) << "Ignoring a frame rate that is not a number";
        return;
    }
    m_framesPerSecond = qBound(kMinFramesPerSecond, framesPerSecond, kMaxFramesPerSecond);
    m_timer->setInterval(qMax(1, qRound(1000.0 / m_framesPerSecond)));
}

void PrinterSimulator::setJpegQuality(int quality)
{
    quality = qBound(1, quality, 100);
    if (quality == m_jpegQuality)
        return;
    m_jpegQuality = quality;
    m_renderer.reset();
}

void PrinterSimulator::setFrameSource(FrameSource source)
{
    m_frameSource = std::move(source);
}

void PrinterSimulator::setFault(Fault fault, int afterFrames)
{
    m_fault = fault;
    m_faultAfterFrames = qMax(0, afterFrames);
}

bool PrinterSimulator::listen(const QHostAddress &address, quint16 port)
{
    m_errorString.clear();
    if (!QSslSocket::supportsSsl()) {
        m_errorString = tr("TLS is not available (no TLS backend or OpenSSL library).");
        qCWarning(lcSim).noquote() << m_errorString;
        return false;
    }
    if (serverConfiguration().localCertificate().isNull()
        || serverConfiguration().privateKey().isNull()) {
        m_errorString = tr("The simulator's certificate or key could not be loaded.");
        qCWarning(lcSim).noquote() << m_errorString;
        return false;
    }
    if (m_server->isListening())
        m_server->close();
    if (!m_server->listen(address, port)) {
        m_errorString = m_server->errorString();
        // Info, not a warning: the caller has errorString() and tells the user its own way.
        qCInfo(lcSim).noquote() << m_name << "cannot listen on" << address.toString() << port << ":"
                                << m_errorString;
        return false;
    }
    qCInfo(lcSim).noquote() << m_name << "listening on" << address.toString()
                            << m_server->serverPort();
    return true;
}

void PrinterSimulator::close()
{
    m_server->close();
    m_timer->stop();
    // Drop the waiting ones first, so that nobody is let in while the others are dropped.
    const QList<QSslSocket *> waiting = m_waiting;
    m_waiting.clear();
    for (QSslSocket *socket : waiting)
        socket->abort();
    const QList<QSslSocket *> sockets = m_clients.keys();
    for (QSslSocket *socket : sockets) {
        if (m_clients.contains(socket))
            socket->abort();
        removeClient(socket); // in case it was closing already and said nothing on abort()
    }
    qCInfo(lcSim).noquote() << m_name << "closed";
}

bool PrinterSimulator::isListening() const
{
    return m_server->isListening();
}

quint16 PrinterSimulator::serverPort() const
{
    return m_server->serverPort();
}

QHostAddress PrinterSimulator::serverAddress() const
{
    return m_server->serverAddress();
}

QString PrinterSimulator::errorString() const
{
    return m_errorString;
}

int PrinterSimulator::streamingClientCount() const
{
    int count = 0;
    for (const Client &client : m_clients)
        count += client.stage == Stage::Streaming ? 1 : 0;
    return count;
}

int PrinterSimulator::servedClientCount() const
{
    int count = 0;
    for (const Client &client : m_clients)
        count += client.stage != Stage::Waiting ? 1 : 0;
    return count;
}

QString PrinterSimulator::certificateFingerprint() const
{
    const QSslCertificate certificate = serverConfiguration().localCertificate();
    if (certificate.isNull())
        return {};
    return TlsTrust::fingerprintOf(certificate);
}

QString PrinterSimulator::faultName(Fault fault)
{
    return FaultNames::nameOf(kFaults, fault);
}

PrinterSimulator::Fault PrinterSimulator::faultFromString(const QString &text, bool *ok)
{
    return FaultNames::fromString(kFaults, text, ok);
}

QStringList PrinterSimulator::faultNames()
{
    return FaultNames::namesOf(kFaults);
}

void PrinterSimulator::onIncomingConnection(qintptr socketDescriptor)
{
    auto *socket = new QSslSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        qCWarning(lcSim) << "Could not take an incoming connection:" << socket->errorString();
        delete socket;
        return;
    }
    socket->setSslConfiguration(serverConfiguration());
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(socket, &QSslSocket::encrypted, this, [this, socket] { onEncrypted(socket); });
    connect(socket, &QSslSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
    connect(socket, &QSslSocket::disconnected, this, [this, socket] { removeClient(socket); });
    connect(socket, &QSslSocket::errorOccurred, this,
            [this, socket](QAbstractSocket::SocketError error) {
                qCDebug(lcSim).noquote() << m_name << "client:" << error << socket->errorString();
                if (socket->state() == QAbstractSocket::UnconnectedState)
                    removeClient(socket);
            });
    connect(socket, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        qCDebug(lcSim).noquote() << m_name << "TLS errors:" << errors;
    });

    m_clients.insert(socket, Client());
    m_waiting.append(socket);
    qCInfo(lcSim).noquote() << m_name << "accepted a connection from"
                            << socket->peerAddress().toString() << socket->peerPort();
    emit clientCountChanged(clientCount());
    serveWaitingClients();
}

void PrinterSimulator::serveWaitingClients()
{
    while (!m_waiting.isEmpty() && servedClientCount() < kMaxServedClients) {
        QSslSocket *socket = m_waiting.takeFirst();
        const auto it = m_clients.find(socket);
        if (it == m_clients.end())
            continue;
        it->stage = Stage::Handshaking;
        // Whatever the client sent meanwhile (its ClientHello) is still unread in the socket.
        socket->startServerEncryption();
    }
    if (!m_waiting.isEmpty()) {
        qCDebug(lcSim).noquote() << m_name << m_waiting.size()
                                 << "connection(s) wait for a free slot";
    }
}

void PrinterSimulator::onEncrypted(QSslSocket *socket)
{
    const auto it = m_clients.find(socket);
    if (it == m_clients.end())
        return;
    it->stage = Stage::LoggingIn;
    onReadyRead(socket); // the login may have come with the end of the handshake
}

void PrinterSimulator::onReadyRead(QSslSocket *socket)
{
    const auto it = m_clients.find(socket);
    if (it == m_clients.end())
        return;
    Client &client = *it;
    switch (client.stage) {
    case Stage::Waiting:
    case Stage::Handshaking:
        return; // TLS bytes: they stay in the socket until the handshake reads them
    case Stage::LoggingIn:
        client.login += socket->read(kLoginSize - client.login.size());
        if (client.login.size() == kLoginSize)
            checkLogin(socket, client);
        // Fewer than 80 bytes: a printer waits for the rest and says nothing.
        return;
    case Stage::Streaming:
    case Stage::Rejected:
    case Stage::Faulted:
        socket->readAll(); // a printer ignores anything sent after the login
        return;
    }
}

void PrinterSimulator::checkLogin(QSslSocket *socket, Client &client)
{
    const QByteArray &login = client.login;
    const bool accepted = readLittleEndian32(login, 0) == 0x40
        && readLittleEndian32(login, 4) == 0x3000 && readLittleEndian32(login, 8) == 0
        && readLittleEndian32(login, 12) == 0 && loginField(login, 16) == kUser
        && loginField(login, 16 + kLoginFieldSize) == m_accessCode;
    client.login.clear();
    if (!accepted) {
        client.stage = Stage::Rejected;
        qCInfo(lcSim).noquote() << m_name
                                << "rejected a login (wrong user or access code): closing";
        emit loginRejected();
        // Nothing is sent: the close is the only answer.
        if (m_clients.contains(socket))
            socket->disconnectFromHost();
        return;
    }
    client.stage = Stage::Streaming;
    socket->readAll();
    qCInfo(lcSim).noquote() << m_name << "client logged in";
    emit clientAuthenticated();
    updateTimer();
}

void PrinterSimulator::removeClient(QSslSocket *socket)
{
    if (!m_clients.remove(socket))
        return;
    m_waiting.removeOne(socket);
    socket->disconnect(this);
    socket->deleteLater();
    qCInfo(lcSim).noquote() << m_name << "a client left;" << clientCount() << "connected";
    emit clientCountChanged(clientCount());
    serveWaitingClients();
    updateTimer();
}

void PrinterSimulator::updateTimer()
{
    const bool needed = streamingClientCount() > 0;
    if (needed && !m_timer->isActive()) {
        m_timer->start();
        // The first frame comes now rather than a whole interval later (2 s at 0.5 fps).
        QMetaObject::invokeMethod(this, &PrinterSimulator::tick, Qt::QueuedConnection);
    } else if (!needed && m_timer->isActive()) {
        m_timer->stop();
    }
}

QByteArray PrinterSimulator::nextFrame()
{
    ++m_frameNumber;
    if (m_frameSource)
        return m_frameSource(m_frameNumber);
    if (!m_renderer)
        m_renderer = std::make_unique<FrameRenderer>(m_name, QSize(1280, 720), m_jpegQuality);
    return m_renderer->renderJpeg(m_frameNumber, QDateTime::currentDateTime());
}

bool PrinterSimulator::writeChunks(QSslSocket *socket, QByteArrayView bytes)
{
    for (qsizetype offset = 0; offset < bytes.size(); offset += kMaxChunkSize) {
        socket->write(bytes.constData() + offset, qMin(kMaxChunkSize, bytes.size() - offset));
        // Encrypt now: one TLS record per write, as the printer does, not merged with the next.
        socket->flush();
        if (!m_clients.contains(socket))
            return false; // the write failed and the socket was dropped
    }
    return true;
}

void PrinterSimulator::tick()
{
    QList<QSslSocket *> streaming;
    for (auto it = m_clients.cbegin(); it != m_clients.cend(); ++it) {
        if (it->stage == Stage::Streaming)
            streaming << it.key();
    }
    if (streaming.isEmpty())
        return;

    const QByteArray jpeg = nextFrame();
    if (jpeg.isEmpty())
        return;
    const QByteArray header = frameHeader(quint32(jpeg.size()));
    bool sentIntact = false;
    for (QSslSocket *socket : std::as_const(streaming)) {
        // Looked up again each time: a failed write may have dropped a client meanwhile.
        const auto it = m_clients.find(socket);
        if (it == m_clients.end() || it->stage != Stage::Streaming)
            continue;
        const qint64 backlog = socket->bytesToWrite() + socket->encryptedBytesToWrite();
        if (backlog > kMaxBacklogBytes) {
            ++m_framesSkipped;
            qCDebug(lcSim).noquote() << m_name << "skips frame" << m_frameNumber
                                     << "for a slow client," << backlog << "bytes behind";
            continue;
        }
        if (m_fault != Fault::None && it->goodFrames >= m_faultAfterFrames) {
            applyFault(socket, *it, jpeg);
            continue;
        }
        ++it->goodFrames;
        if (writeChunks(socket, header) && writeChunks(socket, jpeg))
            sentIntact = true;
    }
    if (sentIntact)
        emit frameSent(jpeg);
}

void PrinterSimulator::applyFault(QSslSocket *socket, Client &client, const QByteArray &jpeg)
{
    // Changed before writing: a failed write drops the client, and `client` with it.
    client.stage = Stage::Faulted;
    qCInfo(lcSim).noquote() << m_name << "fault" << faultName(m_fault) << "after"
                            << client.goodFrames << "good frame(s)";
    const QByteArrayView payload(jpeg);
    const QByteArrayView firstChunk = payload.first(qMin(kMaxChunkSize, payload.size()));
    switch (m_fault) {
    case Fault::None:
    case Fault::Stall:
        return;
    case Fault::TruncateMidFrame:
        if (writeChunks(socket, frameHeader(quint32(jpeg.size())))
            && writeChunks(socket, payload.first(payload.size() / 2))) {
            socket->disconnectFromHost();
        }
        return;
    case Fault::GarbageHeader:
        writeChunks(socket, garbageHeader());
        return;
    case Fault::OversizeLength:
        if (writeChunks(socket, frameHeader(kOversizeLength)))
            writeChunks(socket, firstChunk);
        return;
    case Fault::BadJpegMagic: {
        QByteArray corrupt = jpeg;
        for (qsizetype i = 0; i < qMin<qsizetype>(2, corrupt.size()); ++i)
            corrupt[i] = '\0';
        if (writeChunks(socket, frameHeader(quint32(corrupt.size()))))
            writeChunks(socket, corrupt);
        return;
    }
    case Fault::AbruptClose:
        if (writeChunks(socket, frameHeader(quint32(jpeg.size())))
            && writeChunks(socket, firstChunk)) {
            socket->abort();
        }
        return;
    }
}
