#include "camera/jpegstream/jpegstreamcamera.h"

#include "link/reconnectinglink.h"
#include "protocol/loginpacket.h"

#include <QLoggingCategory>
#include <QSslCertificate>
#include <QSslSocket>

Q_LOGGING_CATEGORY(lcNet, "farmcam.net")

namespace {

QString seconds(std::chrono::milliseconds ms)
{
    return QString::number(double(ms.count()) / 1000.0);
}

} // namespace

JpegStreamCamera::JpegStreamCamera(QObject *parent)
    : CameraSource(parent)
{
    connect(link(), &ReconnectingLink::deadlineExpired, this, &JpegStreamCamera::onDeadline);
    link()->describeIdle(tr("Not connected"));
}

JpegStreamCamera::~JpegStreamCamera()
{
    hangUp();
}

QString JpegStreamCamera::kindName() const
{
    return tr("JPEG stream (port %1)").arg(m_endpoint.port);
}

void JpegStreamCamera::setMaxFrameSize(qsizetype bytes)
{
    m_assembler = FrameAssembler(bytes);
}

QString JpegStreamCamera::validationError() const
{
    if (m_endpoint.host.trimmed().isEmpty())
        return tr("No printer address is set.");
    if (m_endpoint.port == 0)
        return tr("The camera port must be between 1 and 65535.");
    if (const auto error = LoginPacket::build(m_endpoint.user, m_endpoint.accessCode).error;
        error != LoginPacket::Error::None)
        return LoginPacket::describe(error);
    return m_endpoint.trust.validationError();
}

void JpegStreamCamera::dial()
{
    m_assembler.reset();
    if (const QString invalid = validationError(); !invalid.isEmpty()) {
        // Retrying cannot fix settings: the link waits for the user.
        link()->fail(Failure::InvalidSettings, invalid);
        return;
    }

    auto *socket = new QSslSocket(this);
    m_socket = socket;
    m_sslErrors.clear();
    m_endpoint.trust.applyTo(socket);
    connect(socket, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        for (const QSslError &error : errors)
            m_sslErrors << error.errorString();
    });
    connect(socket, &QSslSocket::connected, this, &JpegStreamCamera::onConnected);
    connect(socket, &QSslSocket::encrypted, this, &JpegStreamCamera::onEncrypted);
    connect(socket, &QSslSocket::readyRead, this, &JpegStreamCamera::onReadyRead);
    connect(socket, &QSslSocket::disconnected, this, &JpegStreamCamera::onDisconnected);
    connect(socket, &QSslSocket::errorOccurred, this, &JpegStreamCamera::onSocketError);

    qCInfo(lcNet) << "dialling" << endpointLabel();
    link()->advance(State::Connecting, tr("Connecting to %1…").arg(endpointLabel()));
    link()->armDeadline(m_timeouts.connect);
    socket->connectToHostEncrypted(m_endpoint.host, m_endpoint.port);
}

void JpegStreamCamera::hangUp()
{
    if (!m_socket)
        return;
    QSslSocket *socket = m_socket;
    m_socket = nullptr;
    disconnect(socket, nullptr, this, nullptr);
    socket->abort();
    socket->deleteLater(); // we may be inside one of its signals
}

void JpegStreamCamera::onConnected()
{
    link()->advance(State::Handshaking, tr("Securing the connection…"));
}

void JpegStreamCamera::onEncrypted()
{
    QSslSocket *const socket = m_socket;
    setPeerCertificateFingerprint(TlsTrust::fingerprintOf(socket->peerCertificate()));
    if (m_socket != socket)
        return; // a listener stopped us

    if (!m_endpoint.trust.accepts(peerCertificateFingerprint())) {
        // Not the printer we met before, or a reset/replaced one: only the user can tell. The
        // access code has not been sent; nothing is retried until the user decides.
        qCInfo(lcNet) << endpointLabel() << "presented a certificate that does not match the pin";
        link()->fail(
            Failure::CertificateMismatch,
            tr("Certificate changed: %1 presented a certificate other than the pinned one, so the "
               "access code was not sent. If the printer was reset or replaced, review and accept "
               "the new certificate; otherwise another device may be posing as the printer.")
                .arg(endpointLabel()));
        return;
    }

    const LoginPacket::Result login = LoginPacket::build(m_endpoint.user, m_endpoint.accessCode);
    socket->write(login.packet);
    link()->advance(State::Authenticating, tr("Logging in…"));
    link()->armDeadline(m_timeouts.firstFrame);
}

void JpegStreamCamera::onReadyRead()
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
        link()->fail(Failure::ProtocolError,
                     tr("Protocol error from %1: %2.").arg(endpointLabel(), detail));
    }
}

void JpegStreamCamera::handleFrame(QByteArray &&jpeg)
{
    const CameraFrame frame
        = CameraFrame::fromJpeg(jpeg, QDateTime::currentDateTime(), CameraFrame::steadyNowNs());
    link()->armDeadline(m_timeouts.watchdog);
    if (state() != State::Up) {
        link()->up(tr("Live"));
        if (state() != State::Up)
            return; // a listener stopped us
    }
    publish(frame);
}

void JpegStreamCamera::onDisconnected()
{
    switch (state()) {
    case State::Authenticating:
        // What a printer does with a wrong code: no answer, just a close.
        link()->fail(Failure::AccessCodeRejected,
                     tr("Access code rejected by %1 — check the code on the printer's screen. "
                        "(If the code is right, turn on “LAN Only Liveview” in the printer's "
                        "network settings.)")
                         .arg(endpointLabel()));
        break;
    case State::Up:
        if (m_assembler.bufferedBytes() > 0)
            link()->fail(
                Failure::ConnectionLost,
                tr("%1 closed the connection in the middle of a picture.").arg(endpointLabel()));
        else
            link()->fail(Failure::ConnectionLost,
                         tr("%1 closed the connection.").arg(endpointLabel()));
        break;
    default:
        link()->fail(Failure::NetworkError,
                     tr("%1 closed the connection before it was secured.").arg(endpointLabel()));
        break;
    }
}

void JpegStreamCamera::onSocketError()
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
        link()->fail(Failure::HostNotFound,
                     tr("Host “%1” not found — check the printer's address.").arg(m_endpoint.host));
        break;
    case QAbstractSocket::ConnectionRefusedError:
        link()->fail(Failure::ConnectionRefused,
                     tr("%1 refused the connection — the printer may be starting up, or “LAN Only "
                        "Liveview” is off in its network settings.")
                         .arg(label));
        break;
    case QAbstractSocket::SslHandshakeFailedError:
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError:
        link()->fail(Failure::TlsError,
                     tr("Secure connection to %1 failed: %2")
                         .arg(label,
                              m_sslErrors.isEmpty() ? m_socket->errorString()
                                                    : m_sslErrors.join(QStringLiteral("; "))));
        break;
    case QAbstractSocket::SocketTimeoutError:
        link()->fail(Failure::TimedOut, tr("%1 did not answer in time.").arg(label));
        break;
    default:
        link()->fail(Failure::NetworkError,
                     tr("Printer unreachable at %1: %2").arg(label, m_socket->errorString()));
        break;
    }
}

void JpegStreamCamera::onDeadline(Link::State state)
{
    switch (state) {
    case State::Connecting:
        link()->fail(Failure::TimedOut,
                     tr("No answer from %1 within %2 s — is the printer on and on this network?")
                         .arg(endpointLabel(), seconds(m_timeouts.connect)));
        break;
    case State::Handshaking:
        link()->fail(Failure::TimedOut,
                     tr("%1 accepted the connection but did not complete the secure handshake. A "
                        "printer serves at most two camera viewers: close another one (Bambu "
                        "Studio, Bambu Handy, a second FarmCam).")
                         .arg(endpointLabel()));
        break;
    case State::Authenticating:
        link()->fail(Failure::TimedOut,
                     tr("Logged in to %1, but no picture arrived within %2 s.")
                         .arg(endpointLabel(), seconds(m_timeouts.firstFrame)));
        break;
    case State::Up:
        link()->fail(Failure::TimedOut,
                     tr("No picture from %1 for %2 s — the connection stalled.")
                         .arg(endpointLabel(), seconds(m_timeouts.watchdog)));
        break;
    case State::Idle:
    case State::Backoff:
        break;
    }
}
