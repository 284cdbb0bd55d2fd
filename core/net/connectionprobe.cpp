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

CameraConnection::Timeouts ConnectionProbe::defaultTimeouts()
{
    CameraConnection::Timeouts timeouts;
    timeouts.connect = std::chrono::milliseconds(6000);
    timeouts.firstFrame = std::chrono::milliseconds(8000);
    timeouts.watchdog = timeouts.firstFrame;
    return timeouts;
}

void ConnectionProbe::setTimeouts(const CameraConnection::Timeouts &timeouts)
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
    auto *camera = new CameraConnection(this);
    m_camera = camera;
    camera->setTimeouts(m_timeouts);
    camera->setEndpoint(endpoint);
    // Nothing connects to imageReady: the camera's own decoder never runs, the probe decodes once.
    connect(camera, &CameraConnection::stateChanged, this, &ConnectionProbe::onStateChanged);
    connect(camera, &CameraConnection::failed, this, &ConnectionProbe::onFailed);
    connect(camera, &CameraConnection::frameReceived, this,
            [this](const QByteArray &jpeg, const QDateTime &) { onFrame(jpeg); });
    // Queued, so that every result (an invalid endpoint included) arrives after start() returned.
    QTimer::singleShot(0, camera, &CameraConnection::start);
}

void ConnectionProbe::cancel()
{
    finish();
}

void ConnectionProbe::finish()
{
    CameraConnection *camera = m_camera;
    m_camera = nullptr;
    if (!camera)
        return;
    disconnect(camera, nullptr, this, nullptr);
    camera->stop();
    camera->deleteLater(); // we may be inside one of its signals
}

void ConnectionProbe::onStateChanged(CameraConnection::State state, const QString &statusText)
{
    switch (state) {
    case CameraConnection::State::Connecting:
    case CameraConnection::State::Handshaking:
    case CameraConnection::State::Authenticating:
        emit progress(statusText);
        break;
    case CameraConnection::State::Idle:
    case CameraConnection::State::Streaming:
    case CameraConnection::State::Backoff:
        break; // the outcome comes through failed() or frameReceived()
    }
}

void ConnectionProbe::onFailed(CameraConnection::Failure failure, const QString &message)
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
        emit failed(CameraConnection::Failure::ProtocolError, reason);
        return;
    }
    emit succeeded(preview, jpeg, frameSize);
}
