#include "camera/loopback/loopbackcamera.h"

#include "link/reconnectinglink.h"

#include <QTimer>

LoopbackCamera::LoopbackCamera(QObject *parent)
    : CameraSource(parent)
    , m_timer(new QTimer(this))
{
    connect(m_timer, &QTimer::timeout, this, &LoopbackCamera::generate);
    link()->describeIdle(tr("Not connected"));
}

LoopbackCamera::~LoopbackCamera() = default;

QString LoopbackCamera::kindName() const
{
    return tr("In-process pictures");
}

void LoopbackCamera::setGenerator(Generator generator, std::chrono::milliseconds interval)
{
    m_generator = std::move(generator);
    m_timer->setInterval(interval);
    if (m_connected && m_generator)
        m_timer->start();
}

void LoopbackCamera::deliverJpeg(const QByteArray &jpeg)
{
    deliver(CameraFrame::fromJpeg(jpeg, QDateTime::currentDateTime(), CameraFrame::steadyNowNs()));
}

void LoopbackCamera::deliverPicture(const QImage &picture)
{
    deliver(CameraFrame::fromPicture(picture, QDateTime::currentDateTime(),
                                     CameraFrame::steadyNowNs()));
}

void LoopbackCamera::simulateFailure(Failure failure, const QString &message)
{
    if (m_connected)
        link()->fail(failure, message);
}

void LoopbackCamera::setStalled(bool stalled)
{
    m_stalled = stalled;
}

void LoopbackCamera::dial()
{
    m_connected = true;
    link()->advance(State::Connecting, tr("Connecting…"));
    if (m_generator) {
        m_timer->start();
        // The first picture at once (queued: dial() must return before the camera is up).
        QTimer::singleShot(0, this, &LoopbackCamera::generate);
    }
}

void LoopbackCamera::hangUp()
{
    m_connected = false;
    m_timer->stop();
}

void LoopbackCamera::deliver(const CameraFrame &frame)
{
    if (!m_connected || m_stalled || frame.isNull())
        return;
    if (state() != State::Up) {
        link()->up(tr("Live"));
        if (state() != State::Up)
            return; // a listener stopped us
    }
    publish(frame);
}

void LoopbackCamera::generate()
{
    if (!m_connected || !m_generator)
        return;
    const QImage picture = m_generator(m_index++);
    if (!picture.isNull())
        deliverPicture(picture);
}
