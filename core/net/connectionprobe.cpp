#include "net/connectionprobe.h"

#include "camera/camerafactory.h"
#include "frames/h264decoder.h"

#include <QLoggingCategory>
#include <QTimer>

Q_DECLARE_LOGGING_CATEGORY(lcNet)

ConnectionProbe::ConnectionProbe(QObject *parent)
    : QObject(parent)
{ }

ConnectionProbe::~ConnectionProbe()
{
    cancel();
}

CameraSource::Timeouts ConnectionProbe::defaultTimeouts()
{
    CameraSource::Timeouts timeouts;
    timeouts.connect = std::chrono::milliseconds(6000);
    timeouts.firstFrame = std::chrono::milliseconds(8000);
    timeouts.watchdog = timeouts.firstFrame;
    return timeouts;
}

void ConnectionProbe::setTimeouts(const CameraSource::Timeouts &timeouts)
{
    m_timeouts = timeouts;
}

void ConnectionProbe::setPreviewSize(const QSize &size)
{
    m_previewSize = size;
}

void ConnectionProbe::start(const CameraEndpoint &endpoint, PrinterConfig::CameraKind kind)
{
    cancel();
    m_rtspsFallback.reset();
    m_firstFailure.clear();
    if (kind == PrinterConfig::CameraKind::Automatic) {
        CameraEndpoint rtsps = endpoint;
        rtsps.port = PrinterConfig::kDefaultRtspsPort;
        m_rtspsFallback = rtsps;
        kind = PrinterConfig::CameraKind::JpegStream;
    }
    dial(endpoint, kind);
}

void ConnectionProbe::dial(const CameraEndpoint &endpoint, PrinterConfig::CameraKind kind)
{
    // The same camera classes, and so the same trust rule, as the printer's own: a pinned
    // printer's code goes only to the pinned certificate.
    CameraSource *camera = CameraFactory::create(kind, this);
    m_camera = camera;
    m_kind = kind;
    camera->setTimeouts(m_timeouts);
    camera->setEndpoint(endpoint);
    connect(camera, &CameraSource::stateChanged, this, &ConnectionProbe::onStateChanged);
    connect(camera, &CameraSource::failed, this, &ConnectionProbe::onFailed);
    connect(camera, &CameraSource::frameArrived, this, &ConnectionProbe::onFrame);
    // Queued, so that every result (an invalid endpoint included) arrives after start() returned.
    QTimer::singleShot(0, camera, &CameraSource::start);
}

void ConnectionProbe::cancel()
{
    finish();
}

void ConnectionProbe::finish()
{
    CameraSource *camera = m_camera;
    m_camera = nullptr;
    if (!camera)
        return;
    disconnect(camera, nullptr, this, nullptr);
    camera->stop();
    camera->deleteLater(); // we may be inside one of its signals
}

void ConnectionProbe::onStateChanged(CameraSource::State state, const QString &statusText)
{
    switch (state) {
    case CameraSource::State::Connecting:
    case CameraSource::State::Handshaking:
    case CameraSource::State::Authenticating:
        emit progress(statusText);
        break;
    case CameraSource::State::Idle:
    case CameraSource::State::Up:
    case CameraSource::State::Backoff:
        break; // the outcome comes through failed() or frameArrived()
    }
}

void ConnectionProbe::onFailed(CameraSource::Failure failure, const QString &message)
{
    // No retry: the first failure is the answer. Only "nothing answers there" means the printer
    // may serve its camera the other way; a rejected code or certificate is the printer talking.
    finish();
    const bool nobodyThere = failure == CameraSource::Failure::ConnectionRefused
        || failure == CameraSource::Failure::TimedOut
        || failure == CameraSource::Failure::ConnectionLost
        || failure == CameraSource::Failure::ProtocolError;
    if (m_rtspsFallback && nobodyThere) {
        const CameraEndpoint rtsps = *std::exchange(m_rtspsFallback, std::nullopt);
        m_firstFailure = message;
        qCInfo(lcNet) << "connection test: no JPEG stream (" << failure << "), trying RTSPS";
        emit progress(tr("No JPEG stream there; trying RTSPS on port %1…").arg(rtsps.port));
        dial(rtsps, PrinterConfig::CameraKind::Rtsps);
        return;
    }
    m_rtspsFallback.reset();
    qCInfo(lcNet) << "connection test failed:" << failure;
    QString reason = message;
    if (!m_firstFailure.isEmpty())
        reason = tr("Neither camera kind answered. JPEG stream: %1 RTSPS: %2")
                     .arg(std::exchange(m_firstFailure, QString()), message);
    emit failed(failure, reason);
}

void ConnectionProbe::onFrame(const CameraFrame &frame)
{
    // An H.264 stream's pictures start at its first key frame; the frames before it are no
    // answer yet. One key frame decodes alone (it carries its parameter sets): a picture costs
    // one decode, on this thread, once per test.
    QImage full;
    if (frame.codec() == CameraFrame::Codec::H264) {
        if (!frame.isKeyFrame())
            return;
        H264Decoder decoder(H264Decoder::Mode::KeyFramesOnly);
        if (decoder.decode(frame.encoded()) == H264Decoder::Result::Picture)
            full = decoder.picture();
    } else {
        full = frame.toPicture();
    }
    const PrinterConfig::CameraKind kind = m_kind;
    finish();
    m_rtspsFallback.reset();
    m_firstFailure.clear();
    if (full.isNull()) {
        const QString reason = tr("Connected and logged in, but the picture could not be decoded "
                                  "(%1 bytes received).")
                                   .arg(frame.byteSize());
        emit failed(CameraSource::Failure::ProtocolError, reason);
        return;
    }
    const QImage preview = m_previewSize.isValid()
        ? full.scaled(full.size().scaled(m_previewSize, Qt::KeepAspectRatio), Qt::IgnoreAspectRatio,
                      Qt::SmoothTransformation)
        : full;
    QByteArray jpeg = frame.toJpeg(95);
    if (jpeg.isEmpty())
        jpeg = frame.withPicture(full).toJpeg(95);
    emit succeeded(preview, jpeg, full.size(), kind);
}
