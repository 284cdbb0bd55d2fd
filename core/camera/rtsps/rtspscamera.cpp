#include "camera/rtsps/rtspscamera.h"

#include "camera/rtsps/rtspreader.h"
#include "camera/rtsps/tlsrelay.h"
#include "link/reconnectinglink.h"
#include "protocol/loginpacket.h"
#include "status/statusreportmerger.h"

#include <QLoggingCategory>
#include <QUrl>

extern "C" {
#include <libavutil/error.h>
}

Q_LOGGING_CATEGORY(lcRtsps, "farmcam.net.rtsps")

namespace {

QString seconds(std::chrono::milliseconds ms)
{
    return QString::number(double(ms.count()) / 1000.0);
}

} // namespace

RtspsCamera::RtspsCamera(QObject *parent)
    : CameraSource(parent)
    , m_relay(new TlsRelay(this))
{
    setMinimumBackoff(kMinimumBackoff);
    Timeouts defaults;
    defaults.backoffInitial = kMinimumBackoff;
    defaults.backoffMaximum = std::chrono::milliseconds(60000);
    setTimeouts(defaults);
    m_endpoint.port = kDefaultPort;

    connect(link(), &ReconnectingLink::deadlineExpired, this, &RtspsCamera::onDeadline);
    connect(m_relay, &TlsRelay::tcpConnected, this,
            [this] { link()->advance(State::Handshaking, tr("Securing the connection…")); });
    connect(m_relay, &TlsRelay::certificateSeen, this,
            [this](const QString &fingerprint) { setPeerCertificateFingerprint(fingerprint); });
    connect(m_relay, &TlsRelay::listening, this, &RtspsCamera::onRelayListening);
    connect(m_relay, &TlsRelay::failed, this, [this](TlsRelay::Error error, const QString &detail) {
        onRelayFailed(int(error), detail);
    });
    connect(m_relay, &TlsRelay::printerClosed, this, [this](const QString &detail) {
        // FFmpeg gets what the printer said last, then the end: its verdict (a 401, say) tells
        // more than "closed", so the failure is decided when the reader finishes.
        m_printerClosed = true;
        m_printerCloseDetail = detail;
    });
    link()->describeIdle(tr("Not connected"));
}

RtspsCamera::~RtspsCamera()
{
    hangUp();
}

QString RtspsCamera::kindName() const
{
    return tr("RTSPS (port %1)").arg(m_endpoint.port);
}

quint64 RtspsCamera::framesDropped() const
{
    return m_reader ? m_reader->framesDropped() : 0;
}

QString RtspsCamera::liveViewOffText(const QString &endpointLabel)
{
    return tr("%1 does not serve its camera — turn on “LAN Only Liveview” in the printer's "
              "network settings (it may also be starting up).")
        .arg(endpointLabel);
}

QString RtspsCamera::streamPath() const
{
    return m_endpoint.path.isEmpty() ? QString::fromLatin1(kDefaultPath) : m_endpoint.path;
}

QString RtspsCamera::validationError() const
{
    if (m_endpoint.host.trimmed().isEmpty())
        return tr("No printer address is set.");
    if (m_endpoint.port == 0)
        return tr("The camera port must be between 1 and 65535.");
    if (const auto error = LoginPacket::validateUser(m_endpoint.user);
        error != LoginPacket::Error::None)
        return LoginPacket::describe(error);
    if (const auto error = LoginPacket::validateAccessCode(m_endpoint.accessCode);
        error != LoginPacket::Error::None)
        return LoginPacket::describe(error);
    // The path goes into the URL FFmpeg dials: it must not be able to change the host or the
    // credentials, whatever a report said. The rule is the one reports are read with.
    if (!StatusReportMerger::isValidRtspPath(streamPath()))
        return tr("The camera stream's path is not a valid RTSP path.");
    return m_endpoint.trust.validationError();
}

void RtspsCamera::dial()
{
    if (const QString invalid = validationError(); !invalid.isEmpty()) {
        link()->fail(Failure::InvalidSettings, invalid);
        return;
    }
    if (m_endpoint.liveViewDisabled) {
        // The printer said so over MQTT: dialling would only be refused. Wait for its next word.
        link()->halt(Failure::ConnectionRefused, liveViewOffText(endpointLabel()));
        return;
    }
    ++m_attempt;
    m_printerClosed = false;
    m_printerCloseDetail.clear();
    qCInfo(lcRtsps) << "dialling" << endpointLabel();
    link()->advance(State::Connecting, tr("Connecting to %1…").arg(endpointLabel()));
    link()->armDeadline(m_timeouts.connect);
    m_relay->open(m_endpoint.host.trimmed(), m_endpoint.port, m_endpoint.trust);
}

void RtspsCamera::hangUp()
{
    ++m_attempt; // whatever the old reader still reports is for nobody
    if (m_reader)
        m_reader->stop();
    m_relay->close(); // FFmpeg's socket ends: it returns at once
    if (m_reader) {
        m_reader->join();
        m_reader.reset();
    }
}

void RtspsCamera::onRelayListening(quint16 port)
{
    // Trusted: only now does anything carrying the access code get a way to the printer.
    QUrl url;
    url.setScheme(QStringLiteral("rtsp"));
    url.setUserName(m_endpoint.user);
    url.setPassword(m_endpoint.accessCode);
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(port);
    const QByteArray address = url.toEncoded() + QUrl(streamPath()).toEncoded();

    const quint64 attempt = m_attempt;
    RtspReader::Callbacks callbacks;
    callbacks.opened = [this, attempt](const QSize &size) {
        QMetaObject::invokeMethod(
            this, [this, attempt, size] { onReaderOpened(attempt, size); }, Qt::QueuedConnection);
    };
    callbacks.frame = [this, attempt](RtspReader::Frame &&frame) {
        QMetaObject::invokeMethod(
            this,
            [this, attempt, frame = std::move(frame)] {
                onReaderFrame(attempt, frame.accessUnit, frame.keyFrame, frame.receivedAt,
                              frame.receivedNs);
            },
            Qt::QueuedConnection);
    };
    callbacks.finished = [this, attempt](const RtspReader::Result &result) {
        QMetaObject::invokeMethod(
            this,
            [this, attempt, result] {
                onReaderFinished(attempt, result.error, result.opened, result.unsupportedStream,
                                 result.message);
            },
            Qt::QueuedConnection);
    };
    RtspReader::Options options;
    options.ioTimeout = m_timeouts.connect;
    m_reader = std::make_unique<RtspReader>(address, options, std::move(callbacks));
    link()->advance(State::Authenticating, tr("Opening the stream…"));
    link()->armDeadline(m_timeouts.firstFrame);
    m_reader->start();
}

void RtspsCamera::onRelayFailed(int error, const QString &detail)
{
    const QString label = endpointLabel();
    switch (TlsRelay::Error(error)) {
    case TlsRelay::Error::HostNotFound:
        link()->fail(Failure::HostNotFound,
                     tr("Host “%1” not found — check the printer's address.").arg(m_endpoint.host));
        break;
    case TlsRelay::Error::ConnectionRefused:
        link()->fail(Failure::ConnectionRefused, liveViewOffText(label));
        break;
    case TlsRelay::Error::TlsFailed:
        link()->fail(Failure::TlsError,
                     tr("Secure connection to %1 failed: %2").arg(label, detail));
        break;
    case TlsRelay::Error::CertificateMismatch:
        qCInfo(lcRtsps) << label << "presented a certificate that does not match the pin";
        link()->fail(
            Failure::CertificateMismatch,
            tr("Certificate changed: %1 presented a certificate other than the pinned one, so the "
               "access code was not sent. If the printer was reset or replaced, review and accept "
               "the new certificate; otherwise another device may be posing as the printer.")
                .arg(label));
        break;
    case TlsRelay::Error::ClosedBeforeSecured:
        link()->fail(Failure::NetworkError,
                     tr("%1 closed the connection before it was secured.").arg(label));
        break;
    case TlsRelay::Error::ListenFailed:
        link()->fail(Failure::NetworkError,
                     tr("Could not open the local relay for %1: %2").arg(label, detail));
        break;
    case TlsRelay::Error::NetworkError:
    case TlsRelay::Error::None:
        link()->fail(Failure::NetworkError, tr("Printer unreachable at %1: %2").arg(label, detail));
        break;
    }
}

void RtspsCamera::onReaderOpened(quint64 attempt, const QSize &size)
{
    if (attempt != m_attempt)
        return;
    m_pictureSize = size;
}

void RtspsCamera::onReaderFrame(quint64 attempt, const QByteArray &accessUnit, bool keyFrame,
                                const QDateTime &receivedAt, qint64 receivedNs)
{
    if (attempt != m_attempt || !m_reader)
        return;
    m_reader->frameTaken();
    link()->armDeadline(m_timeouts.watchdog);
    if (state() != State::Up) {
        link()->up(tr("Live"));
        if (state() != State::Up || attempt != m_attempt)
            return; // a listener stopped or redialled us
    }
    publish(CameraFrame::fromEncoded(CameraFrame::Codec::H264, accessUnit, keyFrame, receivedAt,
                                     receivedNs));
}

void RtspsCamera::onReaderFinished(quint64 attempt, int error, bool opened, bool unsupportedStream,
                                   const QString &message)
{
    if (attempt != m_attempt)
        return;
    const QString label = endpointLabel();
    qCDebug(lcRtsps) << label << "stream ended:" << message;
    if (error == AVERROR_HTTP_UNAUTHORIZED) {
        link()->fail(
            Failure::AccessCodeRejected,
            tr("Access code rejected by %1 — check the code on the printer's screen.").arg(label));
    } else if (error == AVERROR_HTTP_SERVER_ERROR) {
        link()->fail(Failure::CameraUnavailable,
                     tr("%1's camera is busy or asleep: it answered the stream request with a "
                        "server error. FarmCam tries again in a while; if it stays so, close "
                        "other viewers (Bambu Studio, Bambu Handy) or restart the printer.")
                         .arg(label));
    } else if (error == AVERROR_HTTP_NOT_FOUND) {
        link()->fail(Failure::ProtocolError,
                     tr("%1 has no camera stream at “%2”.").arg(label, streamPath()));
    } else if (error == AVERROR_HTTP_FORBIDDEN || error == AVERROR_HTTP_BAD_REQUEST
               || error == AVERROR_HTTP_OTHER_4XX) {
        link()->fail(Failure::ProtocolError,
                     tr("%1 refused the stream request (%2).").arg(label, message));
    } else if (unsupportedStream) {
        link()->fail(Failure::ProtocolError,
                     tr("%1's stream cannot be shown: %2.").arg(label, message));
    } else if (error == AVERROR(ETIMEDOUT)) {
        link()->fail(Failure::TimedOut,
                     tr("%1 did not answer the stream request in time.").arg(label));
    } else if (opened || m_printerClosed) {
        link()->fail(Failure::ConnectionLost,
                     m_printerClosed ? tr("%1 closed the connection.").arg(label)
                                     : tr("The stream from %1 ended: %2.").arg(label, message));
    } else if (error == AVERROR_INVALIDDATA) {
        link()->fail(
            Failure::ProtocolError,
            tr("%1 sent a stream description FarmCam cannot read (%2).").arg(label, message));
    } else {
        link()->fail(Failure::NetworkError,
                     tr("The stream from %1 failed: %2.").arg(label, message));
    }
}

void RtspsCamera::onDeadline(Link::State state)
{
    switch (state) {
    case State::Connecting:
        link()->fail(Failure::TimedOut,
                     tr("No answer from %1 within %2 s — is the printer on and on this network?")
                         .arg(endpointLabel(), seconds(m_timeouts.connect)));
        break;
    case State::Handshaking:
        link()->fail(Failure::TimedOut,
                     tr("%1 accepted the connection but did not complete the secure handshake.")
                         .arg(endpointLabel()));
        break;
    case State::Authenticating:
        link()->fail(Failure::TimedOut,
                     tr("%1 did not start its camera stream within %2 s.")
                         .arg(endpointLabel(), seconds(m_timeouts.firstFrame)));
        break;
    case State::Up:
        link()->fail(Failure::TimedOut,
                     tr("No picture from %1 for %2 s — the stream stalled.")
                         .arg(endpointLabel(), seconds(m_timeouts.watchdog)));
        break;
    case State::Idle:
    case State::Backoff:
        break;
    }
}
