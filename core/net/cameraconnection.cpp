#include "cameraconnection.h"

#include "frames/framedecoder.h"
#include "net/backoffpolicy.h"
#include "protocol/loginpacket.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QLoggingCategory>
#include <QMetaMethod>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTimer>

Q_LOGGING_CATEGORY(lcNet, "farmcam.net")

namespace {

// Frames kept for the fps figure: enough to smooth a 0.5 fps camera without lagging a 30 fps one.
constexpr std::size_t kFpsWindowFrames = 10;

BackoffPolicy::Parameters backoffParameters(std::chrono::milliseconds initial,
                                            std::chrono::milliseconds maximum)
{
    BackoffPolicy::Parameters parameters;
    parameters.initial = initial;
    parameters.maximum = maximum;
    return parameters;
}

QString formatFingerprint(const QByteArray &digest)
{
    return QString::fromLatin1(digest.toHex(':').toUpper());
}

constexpr qsizetype kSha256Bytes = 32;

} // namespace

CameraConnection::CameraConnection(QObject *parent)
    : QObject(parent)
    , m_timeoutTimer(new QTimer(this))
    , m_reconnectTimer(new QTimer(this))
    , m_backoff(std::make_unique<BackoffPolicy>())
    , m_rejectedBackoff(std::make_unique<BackoffPolicy>())
    , m_decoder(new FrameDecoder(this))
{
    m_timeoutTimer->setSingleShot(true);
    m_reconnectTimer->setSingleShot(true);
    connect(m_timeoutTimer, &QTimer::timeout, this, &CameraConnection::onTimeout);
    connect(m_reconnectTimer, &QTimer::timeout, this, &CameraConnection::dial);
    connect(m_decoder, &FrameDecoder::imageReady, this, &CameraConnection::imageReady);
    setTimeouts(m_timeouts);
    m_clock.start();
    m_statusText = tr("Not connected");
}

CameraConnection::~CameraConnection()
{
    closeSocket();
}

void CameraConnection::setEndpoint(const CameraEndpoint &endpoint)
{
    if (endpoint == m_endpoint)
        return;
    m_endpoint = endpoint;
    if (m_state != State::Idle) {
        // New address or code: whatever the old attempt learned no longer applies.
        m_backoff->reset();
        m_rejectedBackoff->reset();
        dial();
    }
}

void CameraConnection::pinCertificate(const QString &fingerprint)
{
    m_endpoint.pinnedFingerprint = normalizeFingerprint(fingerprint);
}

void CameraConnection::setTimeouts(const Timeouts &timeouts)
{
    m_timeouts = timeouts;
    m_backoff->setParameters(backoffParameters(timeouts.backoffInitial, timeouts.backoffMaximum));
    m_rejectedBackoff->setParameters(
        backoffParameters(timeouts.rejectedBackoffInitial, timeouts.rejectedBackoffMaximum));
}

void CameraConnection::setMaxFrameSize(qsizetype bytes)
{
    m_maxFrameSize = bytes;
    m_assembler = FrameAssembler(bytes);
}

void CameraConnection::setDecodeSize(const QSize &size)
{
    m_decoder->setTargetSize(size);
}

QSize CameraConnection::decodeSize() const
{
    return m_decoder->targetSize();
}

void CameraConnection::setDecodingEnabled(bool enabled)
{
    if (enabled == m_decodingEnabled)
        return;
    m_decodingEnabled = enabled;
    // A viewer that becomes visible again wants a picture now, not at the next frame.
    requestImage();
}

void CameraConnection::requestImage()
{
    if (m_decodingEnabled && !m_lastFrame.isEmpty()
        && isSignalConnected(QMetaMethod::fromSignal(&CameraConnection::imageReady)))
        m_decoder->submit(m_lastFrame, m_lastFrameReceivedNs);
}

CameraConnection::Stats CameraConnection::stats() const
{
    Stats stats = m_stats;
    stats.imagesDropped = m_decoder->droppedCount();
    stats.lastFrameAgeMs = m_sinceLastFrame.isValid() ? m_sinceLastFrame.elapsed() : -1;
    if (m_recentFrameTimesMs.size() >= 2) {
        const double spanMs = double(m_recentFrameTimesMs.back() - m_recentFrameTimesMs.front());
        if (spanMs > 0)
            stats.framesPerSecond = double(m_recentFrameTimesMs.size() - 1) * 1000.0 / spanMs;
    }
    return stats;
}

QString CameraConnection::stateName(State state)
{
    switch (state) {
    case State::Idle:
        return QStringLiteral("Idle");
    case State::Connecting:
        return QStringLiteral("Connecting");
    case State::Handshaking:
        return QStringLiteral("Handshaking");
    case State::Authenticating:
        return QStringLiteral("Authenticating");
    case State::Streaming:
        return QStringLiteral("Streaming");
    case State::Backoff:
        return QStringLiteral("Backoff");
    }
    return {};
}

QString CameraConnection::normalizeFingerprint(const QString &text)
{
    QString hex = text.trimmed();
    const qsizetype equals = hex.lastIndexOf(QLatin1Char('='));
    if (equals >= 0)
        hex = hex.mid(equals + 1); // "sha256 Fingerprint=AB:CD:..."
    hex.remove(QLatin1Char(':'));
    if (hex.size() != kSha256Bytes * 2)
        return {};
    for (const QChar c : std::as_const(hex)) {
        if (!isxdigit(c.unicode() < 0x80 ? c.toLatin1() : 'x'))
            return {};
    }
    return formatFingerprint(QByteArray::fromHex(hex.toLatin1()));
}

void CameraConnection::start()
{
    if (m_state != State::Idle)
        return;
    m_backoff->reset();
    m_rejectedBackoff->reset();
    dial();
}

void CameraConnection::stop()
{
    m_reconnectTimer->stop();
    closeSocket();
    m_nextAttemptAt = {};
    m_recentFrameTimesMs.clear();
    m_lastFailure = Failure::None; // a stopped camera has no current problem
    setState(State::Idle, tr("Stopped"));
}

void CameraConnection::reconnectNow()
{
    if (m_state == State::Idle || m_state == State::Backoff)
        dial();
}

void CameraConnection::setState(State state, const QString &statusText)
{
    if (state == m_state && statusText == m_statusText)
        return;
    m_state = state;
    m_statusText = statusText;
    qCDebug(lcNet) << endpointLabel() << stateName(state) << statusText;
    emit stateChanged(state, statusText);
}

QString CameraConnection::endpointLabel() const
{
    return m_endpoint.host.contains(QLatin1Char(':'))
        ? QStringLiteral("[%1]:%2").arg(m_endpoint.host).arg(m_endpoint.port)
        : QStringLiteral("%1:%2").arg(m_endpoint.host).arg(m_endpoint.port);
}

void CameraConnection::dial()
{
    m_reconnectTimer->stop();
    closeSocket();
    m_nextAttemptAt = {};
    m_assembler.reset();

    QString invalid;
    if (m_endpoint.host.trimmed().isEmpty())
        invalid = tr("No printer address is set.");
    else if (m_endpoint.port == 0)
        invalid = tr("The camera port must be between 1 and 65535.");
    else if (const auto error = LoginPacket::build(m_endpoint.user, m_endpoint.accessCode).error;
             error != LoginPacket::Error::None)
        invalid = LoginPacket::describe(error);
    else if (!m_endpoint.pinnedFingerprint.isEmpty()
             && normalizeFingerprint(m_endpoint.pinnedFingerprint).isEmpty())
        invalid = tr("The pinned certificate fingerprint is not a SHA-256 fingerprint.");

    QList<QSslCertificate> caCertificates;
    if (invalid.isEmpty() && !m_endpoint.caFile.isEmpty()) {
        caCertificates = QSslCertificate::fromPath(m_endpoint.caFile, QSsl::Pem);
        if (caCertificates.isEmpty())
            caCertificates = QSslCertificate::fromPath(m_endpoint.caFile, QSsl::Der);
        if (caCertificates.isEmpty())
            invalid
                = tr("No certificate could be read from the CA file “%1”.").arg(m_endpoint.caFile);
        else if (m_endpoint.peerName.isEmpty())
            invalid = tr("Verifying against a CA file needs the printer's serial number.");
    }
    if (!invalid.isEmpty()) {
        // Retrying cannot fix settings: stay idle until the user changes them.
        m_lastFailure = Failure::InvalidSettings;
        setState(State::Idle, invalid);
        emit failed(Failure::InvalidSettings, invalid);
        return;
    }

    if (m_everDialled)
        ++m_stats.reconnects;
    m_everDialled = true;

    auto *socket = new QSslSocket(this);
    m_socket = socket;
    m_sslErrors.clear();
    // Printers present a certificate from Bambu's private CA whose name is the serial number, never
    // the address. Either it is verified against that CA with the serial as the name, or the
    // certificate itself is checked against its pinned fingerprint once the handshake is done
    // (onEncrypted), before the access code is sent.
    if (caCertificates.isEmpty()) {
        socket->setPeerVerifyMode(QSslSocket::QueryPeer);
        connect(socket, &QSslSocket::sslErrors, socket,
                [socket](const QList<QSslError> &) { socket->ignoreSslErrors(); });
    } else {
        QSslConfiguration configuration = socket->sslConfiguration();
        configuration.setCaCertificates(caCertificates);
        configuration.setPeerVerifyMode(QSslSocket::VerifyPeer);
        socket->setSslConfiguration(configuration);
        socket->setPeerVerifyName(m_endpoint.peerName);
        connect(socket, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
            for (const QSslError &error : errors)
                m_sslErrors << error.errorString();
        });
    }
    connect(socket, &QSslSocket::connected, this, &CameraConnection::onConnected);
    connect(socket, &QSslSocket::encrypted, this, &CameraConnection::onEncrypted);
    connect(socket, &QSslSocket::readyRead, this, &CameraConnection::onReadyRead);
    connect(socket, &QSslSocket::disconnected, this, &CameraConnection::onDisconnected);
    connect(socket, &QSslSocket::errorOccurred, this, &CameraConnection::onSocketError);

    qCInfo(lcNet) << "dialling" << endpointLabel();
    setState(State::Connecting, tr("Connecting to %1…").arg(endpointLabel()));
    m_timeoutTimer->start(m_timeouts.connect);
    socket->connectToHostEncrypted(m_endpoint.host, m_endpoint.port);
}

void CameraConnection::closeSocket()
{
    m_timeoutTimer->stop();
    if (!m_socket)
        return;
    QSslSocket *socket = m_socket;
    m_socket = nullptr;
    disconnect(socket, nullptr, this, nullptr);
    socket->abort();
    socket->deleteLater(); // we may be inside one of its signals
}

void CameraConnection::onConnected()
{
    setState(State::Handshaking, tr("Securing the connection…"));
}

void CameraConnection::onEncrypted()
{
    const QString fingerprint
        = formatFingerprint(m_socket->peerCertificate().digest(QCryptographicHash::Sha256));
    if (fingerprint != m_peerFingerprint) {
        m_peerFingerprint = fingerprint;
        emit peerCertificateFingerprintChanged(fingerprint);
        if (!m_socket)
            return; // a listener stopped us
    }

    if (!checkPeerCertificate())
        return;

    const LoginPacket::Result login = LoginPacket::build(m_endpoint.user, m_endpoint.accessCode);
    m_socket->write(login.packet);
    setState(State::Authenticating, tr("Logging in…"));
    m_timeoutTimer->start(m_timeouts.firstFrame);
}

bool CameraConnection::checkPeerCertificate()
{
    if (!m_endpoint.caFile.isEmpty() || m_endpoint.pinnedFingerprint.isEmpty())
        return true; // verified by the handshake, or trusted on first use
    if (m_peerFingerprint == normalizeFingerprint(m_endpoint.pinnedFingerprint))
        return true;

    // Not the printer we met before, or a reset/replaced one: only the user can tell. The access
    // code has not been sent; nothing is retried until the user decides.
    qCInfo(lcNet) << endpointLabel() << "presented a certificate that does not match the pin";
    closeSocket();
    m_lastFailure = Failure::CertificateMismatch;
    const QString message
        = tr("Certificate changed: %1 presented a certificate other than the pinned one, so the "
             "access code was not sent. If the printer was reset or replaced, review and accept "
             "the new "
             "certificate; otherwise another device may be posing as the printer.")
              .arg(endpointLabel());
    setState(State::Idle, message);
    emit failed(Failure::CertificateMismatch, message);
    return false;
}

void CameraConnection::onReadyRead()
{
    QSslSocket *const socket = m_socket;
    if (!socket)
        return;
    const QByteArray bytes = socket->readAll();
    QList<QByteArray> frames;
    const FrameAssembler::Error error = m_assembler.feed(bytes, frames);
    for (QByteArray &frame : frames) {
        handleFrame(std::move(frame));
        if (m_socket != socket)
            return; // a listener stopped or redialled us
    }
    if (error != FrameAssembler::Error::None) {
        QString detail = FrameAssembler::describe(error);
        if (error == FrameAssembler::Error::FrameTooLarge)
            detail += tr(" (%1 bytes announced, at most %2 accepted)")
                          .arg(m_assembler.announcedSize())
                          .arg(m_assembler.maxFrameSize());
        fail(Failure::ProtocolError,
             tr("Protocol error from %1: %2.").arg(endpointLabel(), detail));
    }
}

void CameraConnection::handleFrame(QByteArray &&jpeg)
{
    const QDateTime now = QDateTime::currentDateTime();
    m_lastFrameReceivedNs = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                std::chrono::steady_clock::now().time_since_epoch())
                                .count();
    m_lastFrame = std::move(jpeg);
    m_lastFrameTime = now;
    m_sinceLastFrame.start();
    ++m_stats.framesReceived;
    m_stats.bytesReceived += quint64(m_lastFrame.size());
    m_recentFrameTimesMs.push_back(m_clock.elapsed());
    while (m_recentFrameTimesMs.size() > kFpsWindowFrames)
        m_recentFrameTimesMs.pop_front();

    m_timeoutTimer->start(m_timeouts.watchdog);
    if (m_state != State::Streaming) {
        m_backoff->reset();
        m_rejectedBackoff->reset();
        m_lastFailure = Failure::None;
        setState(State::Streaming, tr("Live"));
        if (m_state != State::Streaming)
            return;
    }

    if (m_decodingEnabled
        && isSignalConnected(QMetaMethod::fromSignal(&CameraConnection::imageReady)))
        m_decoder->submit(m_lastFrame, m_lastFrameReceivedNs);
    emit frameReceived(m_lastFrame, now);
}

void CameraConnection::onDisconnected()
{
    switch (m_state) {
    case State::Authenticating:
        // What a printer does with a wrong code: no answer, just a close.
        fail(Failure::AccessCodeRejected,
             tr("Access code rejected by %1 — check the code on the printer's screen. "
                "(If the code is right, turn on “LAN Only Liveview” in the printer's network "
                "settings.)")
                 .arg(endpointLabel()));
        break;
    case State::Streaming:
        fail(Failure::NetworkError, tr("%1 closed the connection.").arg(endpointLabel()));
        break;
    default:
        fail(Failure::NetworkError,
             tr("%1 closed the connection before it was secured.").arg(endpointLabel()));
        break;
    }
}

void CameraConnection::onSocketError()
{
    if (!m_socket)
        return;
    const QAbstractSocket::SocketError error = m_socket->error();
    const QString label = endpointLabel();
    switch (error) {
    case QAbstractSocket::RemoteHostClosedError:
        onDisconnected();
        break;
    case QAbstractSocket::HostNotFoundError:
        fail(Failure::HostNotFound,
             tr("Host “%1” not found — check the printer's address.").arg(m_endpoint.host));
        break;
    case QAbstractSocket::ConnectionRefusedError:
        fail(Failure::ConnectionRefused,
             tr("%1 refused the connection — the printer may be starting up, or “LAN Only "
                "Liveview” is off in its network settings.")
                 .arg(label));
        break;
    case QAbstractSocket::SslHandshakeFailedError:
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError:
        fail(Failure::TlsError,
             tr("Secure connection to %1 failed: %2")
                 .arg(label,
                      m_sslErrors.isEmpty() ? m_socket->errorString()
                                            : m_sslErrors.join(QStringLiteral("; "))));
        break;
    case QAbstractSocket::SocketTimeoutError:
        fail(Failure::TimedOut, tr("%1 did not answer in time.").arg(label));
        break;
    default:
        fail(Failure::NetworkError,
             tr("Printer unreachable at %1: %2").arg(label, m_socket->errorString()));
        break;
    }
}

void CameraConnection::onTimeout()
{
    const auto seconds = [](std::chrono::milliseconds ms) {
        return QString::number(ms.count() / 1000.0);
    };
    switch (m_state) {
    case State::Connecting:
        fail(Failure::TimedOut,
             tr("No answer from %1 within %2 s — is the printer on and on this network?")
                 .arg(endpointLabel(), seconds(m_timeouts.connect)));
        break;
    case State::Handshaking:
        fail(Failure::TimedOut,
             tr("%1 accepted the connection but did not complete the secure handshake. A printer "
                "serves at most two camera viewers: close another one (Bambu Studio, Bambu Handy, "
                "a second FarmCam).")
                 .arg(endpointLabel()));
        break;
    case State::Authenticating:
        fail(Failure::TimedOut,
             tr("Logged in to %1, but no picture arrived within %2 s.")
                 .arg(endpointLabel(), seconds(m_timeouts.firstFrame)));
        break;
    case State::Streaming:
        fail(Failure::TimedOut,
             tr("No picture from %1 for %2 s — the connection stalled.")
                 .arg(endpointLabel(), seconds(m_timeouts.watchdog)));
        break;
    case State::Idle:
    case State::Backoff:
        break;
    }
}

void CameraConnection::fail(Failure failure, const QString &message)
{
    qCInfo(lcNet) << endpointLabel() << "failed:" << message;
    closeSocket();
    m_lastFailure = failure;
    m_recentFrameTimesMs.clear();

    BackoffPolicy &backoff
        = failure == Failure::AccessCodeRejected ? *m_rejectedBackoff : *m_backoff;
    const auto delay = backoff.next();
    m_nextAttemptAt = QDateTime::currentDateTime().addMSecs(delay.count());
    m_reconnectTimer->start(delay);
    setState(State::Backoff, message);
    emit failed(failure, message);
}
