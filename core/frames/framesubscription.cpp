#include "framesubscription.h"

#include "frames/framehub.h"

#include <QTimer>

#include <cmath>
#include <limits>

FrameSubscription::FrameSubscription(FrameHub *hub, const FrameDecoder::DecodeFunction &decode,
                                     QObject *parent)
    : QObject(parent)
    , m_hub(hub)
    , m_decoder(new FrameDecoder(this))
    , m_holdTimer(new QTimer(this))
    , m_clock([] { return CameraFrame::steadyNowNs() / 1000000; })
{
    m_decoder->setDecodeFunction(decode);
    connect(m_decoder, &FrameDecoder::imageReady, this, &FrameSubscription::onPicture);
    m_holdTimer->setSingleShot(true);
    m_holdTimer->setTimerType(Qt::PreciseTimer); // a coarse timer may fire early: one more wait
    connect(m_holdTimer, &QTimer::timeout, this, &FrameSubscription::onHoldTimeout);
    // Queued, so that the subscriber sets its size (and pause, rate) before the first decode.
    scheduleLatest();
}

FrameSubscription::~FrameSubscription()
{
    if (m_hub)
        m_hub->detach(this);
}

void FrameSubscription::setSize(const QSize &size)
{
    if (size == m_decoder->targetSize())
        return;
    m_decoder->setTargetSize(size);
    scheduleLatest();
}

QSize FrameSubscription::size() const
{
    return m_decoder->targetSize();
}

void FrameSubscription::setMaxRate(double picturesPerSecond)
{
    m_maxRate = std::isfinite(picturesPerSecond) ? qMax(0.0, picturesPerSecond) : 0.0;
    if (m_held.isNull())
        return;
    // A held frame is due by the new rule: now, or after the new interval.
    m_holdTimer->stop();
    if (intervalMs() == 0)
        submit(m_held);
    else
        armHoldTimer();
}

double FrameSubscription::maxRate() const
{
    return m_maxRate;
}

void FrameSubscription::setPaused(bool paused)
{
    if (paused == m_paused)
        return;
    m_paused = paused;
    if (m_paused) {
        if (!m_held.isNull())
            ++m_skipped;
        m_held = CameraFrame();
        m_holdTimer->stop();
        m_decoder->discardPending();
    } else {
        scheduleLatest();
    }
    if (m_hub)
        m_hub->subscriptionPausedChanged();
}

bool FrameSubscription::isPaused() const
{
    return m_paused;
}

void FrameSubscription::refresh()
{
    scheduleLatest();
}

void FrameSubscription::setDecodeEveryFrame(bool everyFrame)
{
    if (everyFrame == m_everyFrame)
        return;
    m_everyFrame = everyFrame;
    // Pictures now come another way (or stop coming that way): start from the latest frame.
    forgetHeldFrame();
    scheduleLatest();
    if (m_hub)
        m_hub->subscriptionPausedChanged();
}

quint64 FrameSubscription::picturesDelivered() const
{
    return m_delivered;
}

quint64 FrameSubscription::framesSkipped() const
{
    return m_skipped + m_decoder->droppedCount();
}

void FrameSubscription::setClock(std::function<qint64()> msNow)
{
    m_clock = std::move(msNow);
}

void FrameSubscription::offer(const CameraFrame &frame)
{
    if (m_paused) {
        ++m_skipped;
        return;
    }
    const qint64 interval = intervalMs();
    if (interval > 0 && m_submittedOnce && m_clock() - m_lastSubmitMs < interval) {
        if (!m_held.isNull())
            ++m_skipped; // the newest frame that came too soon wins
        m_held = frame;
        if (!m_holdTimer->isActive())
            armHoldTimer();
        return;
    }
    submit(frame);
}

void FrameSubscription::skip()
{
    ++m_skipped;
}

void FrameSubscription::deliverStreamPicture(const QImage &picture, qint64 frameReceivedNs)
{
    if (m_paused)
        return;
    const qint64 interval = intervalMs();
    if (interval > 0 && m_submittedOnce && m_clock() - m_lastSubmitMs < interval) {
        ++m_skipped; // decoded anyway (the next frame needs it); this one is not shown
        return;
    }
    m_lastSubmitMs = m_clock();
    m_submittedOnce = true;
    onPicture(picture, frameReceivedNs);
}

void FrameSubscription::forgetHeldFrame()
{
    m_held = CameraFrame();
    m_holdTimer->stop();
    m_decoder->discardPending();
}

void FrameSubscription::submit(CameraFrame frame)
{
    // By value: `frame` is often m_held, which is cleared here.
    m_held = CameraFrame();
    m_holdTimer->stop();
    m_lastSubmitMs = m_clock();
    m_submittedOnce = true;
    m_decoder->submit(frame);
}

void FrameSubscription::scheduleLatest()
{
    if (m_latestScheduled)
        return; // a size change, a resume and a refresh in one go cost one decode
    m_latestScheduled = true;
    QMetaObject::invokeMethod(this, &FrameSubscription::deliverLatest, Qt::QueuedConnection);
}

void FrameSubscription::deliverLatest()
{
    m_latestScheduled = false;
    if (m_paused || !m_hub)
        return;
    const CameraFrame latest = m_hub->latest();
    if (latest.codec() == CameraFrame::Codec::H264)
        m_hub->requestLatestH264(this); // the newest frame alone may not decode
    else if (!latest.isNull())
        submit(latest); // asked for explicitly: not held back by the rate cap
}

void FrameSubscription::onHoldTimeout()
{
    if (m_held.isNull() || m_paused)
        return;
    const qint64 interval = intervalMs();
    if (interval > 0 && m_clock() - m_lastSubmitMs < interval) {
        armHoldTimer(); // woke early by the subscription's clock
        return;
    }
    submit(m_held);
}

void FrameSubscription::armHoldTimer()
{
    const qint64 remaining = intervalMs() - (m_clock() - m_lastSubmitMs);
    m_holdTimer->start(int(qBound(qint64(1), remaining, qint64(std::numeric_limits<int>::max()))));
}

qint64 FrameSubscription::intervalMs() const
{
    return m_maxRate > 0 ? qMax<qint64>(1, qRound64(1000.0 / m_maxRate)) : 0;
}

void FrameSubscription::onPicture(const QImage &picture, qint64 frameReceivedNs)
{
    if (m_paused)
        return; // decoded just before the pause: the consumer no longer shows it
    ++m_delivered;
    emit pictureReady(picture, frameReceivedNs);
}
