#include "net/connectionprobe.h"

#include <QBuffer>
#include <QImageReader>
#include <QLoggingCategory>
#include <QTimer>

Q_DECLARE_LOGGING_CATEGORY(lcNet)

namespace {

// One small picture: decoding it on the calling thread takes a few milliseconds, because the JPEG
// decoder scales while it decodes.
QImage decodePreview(const QByteArray &jpeg, const QSize &bounds, QSize *frameSize)
{
    QBuffer buffer;
    buffer.setData(jpeg);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer, "jpeg");
    const QSize size = reader.size();
    *frameSize = size;
    if (size.isValid() && bounds.isValid())
        reader.setScaledSize(size.scaled(bounds, Qt::KeepAspectRatio));
    return reader.read();
}

} // namespace

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

void ConnectionProbe::start(const CameraEndpoint &endpoint)
{
    cancel();
    // The same camera class, and so the same trust rule, as the printer's own: a pinned printer's
    // code goes only to the pinned certificate.
    auto *camera = new JpegStreamCamera(this);
    m_camera = camera;
    camera->setTimeouts(m_timeouts);
    camera->setEndpoint(endpoint);
    connect(camera, &CameraSource::stateChanged, this, &ConnectionProbe::onStateChanged);
    connect(camera, &CameraSource::failed, this, &ConnectionProbe::onFailed);
    connect(camera, &CameraSource::frameArrived, this,
            [this](const CameraFrame &frame) { onFrame(frame.toJpeg()); });
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
    // No retry: the first failure is the answer.
    finish();
    qCInfo(lcNet) << "connection test failed:" << failure;
    emit failed(failure, message);
}

void ConnectionProbe::onFrame(const QByteArray &jpeg)
{
    finish();
    QSize frameSize;
    const QImage preview = decodePreview(jpeg, m_previewSize, &frameSize);
    if (preview.isNull()) {
        const QString reason = tr("Connected and logged in, but the picture could not be decoded "
                                  "(%1 bytes received).")
                                   .arg(jpeg.size());
        emit failed(CameraSource::Failure::ProtocolError, reason);
        return;
    }
    emit succeeded(preview, jpeg, frameSize);
}
