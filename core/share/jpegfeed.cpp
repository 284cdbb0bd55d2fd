#include "share/jpegfeed.h"

#include "share/connectionwaiter.h"

#include <algorithm>
#include <chrono>

JpegFeed::~JpegFeed() = default;

QByteArray JpegFeed::partHeaderFor(qsizetype jpegSize, qint64 receivedAtMs)
{
    // X-Timestamp as mjpg-streamer and µStreamer write it: seconds.microseconds.
    const qint64 seconds = receivedAtMs / 1000;
    const qint64 micros = (receivedAtMs % 1000) * 1000;
    QByteArray header;
    header.reserve(128);
    header += "--";
    header += kBoundary;
    header += "\r\nContent-Type: image/jpeg\r\nContent-Length: ";
    header += QByteArray::number(jpegSize);
    header += "\r\nX-Timestamp: ";
    header += QByteArray::number(seconds);
    header += '.';
    header += QByteArray::number(micros).rightJustified(6, '0');
    header += "\r\n\r\n";
    return header;
}

void JpegFeed::publish(const QByteArray &jpeg, qint64 receivedNs, qint64 receivedAtMs)
{
    if (jpeg.isEmpty())
        return;
    std::vector<std::shared_ptr<ConnectionWaiter>> waiters;
    {
        QMutexLocker locker(&m_mutex);
        if (m_closed)
            return;
        m_latest = Frame{jpeg, receivedNs, receivedAtMs, ++m_sequence,
                         partHeaderFor(jpeg.size(), receivedAtMs)};
        m_newestCameraFrameNs = std::max(m_newestCameraFrameNs, receivedNs);
        waiters.swap(m_waiters);
        if (m_snapshotWaiting) {
            m_snapshotWaiting = false;
            demandChanged();
        }
    }
    // Outside the lock: waking takes libmicrohttpd's lock.
    wakeAll(std::move(waiters));
}

void JpegFeed::noteCameraFrame(qint64 receivedNs)
{
    QMutexLocker locker(&m_mutex);
    m_newestCameraFrameNs = std::max(m_newestCameraFrameNs, receivedNs);
}

qint64 JpegFeed::newestCameraFrameNs() const
{
    QMutexLocker locker(&m_mutex);
    return m_newestCameraFrameNs;
}

JpegFeed::Frame JpegFeed::latest() const
{
    QMutexLocker locker(&m_mutex);
    return m_latest;
}

JpegFeed::Frame JpegFeed::newerThan(quint64 afterSequence,
                                    const std::shared_ptr<ConnectionWaiter> &waiter)
{
    QMutexLocker locker(&m_mutex);
    if (m_latest.sequence > afterSequence && !m_latest.isNull())
        return m_latest;
    if (waiter && !m_closed) {
        // Suspended before it is listed: a publish() that follows resumes a suspended connection.
        waiter->suspend();
        if (std::find(m_waiters.cbegin(), m_waiters.cend(), waiter) == m_waiters.cend())
            m_waiters.push_back(waiter);
    }
    return {};
}

void JpegFeed::removeWaiter(const ConnectionWaiter *waiter)
{
    QMutexLocker locker(&m_mutex);
    m_waiters.erase(std::remove_if(m_waiters.begin(), m_waiters.end(),
                                   [waiter](const auto &entry) { return entry.get() == waiter; }),
                    m_waiters.end());
}

void JpegFeed::close()
{
    std::vector<std::shared_ptr<ConnectionWaiter>> waiters;
    {
        QMutexLocker locker(&m_mutex);
        m_closed = true;
        waiters.swap(m_waiters);
    }
    wakeAll(std::move(waiters));
}

bool JpegFeed::isClosed() const
{
    QMutexLocker locker(&m_mutex);
    return m_closed;
}

namespace {

qint64 steadyNowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

} // namespace

void JpegFeed::addViewer(double maxFps)
{
    QMutexLocker locker(&m_mutex);
    m_viewerRates.push_back(maxFps);
    m_lastRequestNs = steadyNowNs();
    demandChanged();
}

void JpegFeed::removeViewer(double maxFps)
{
    QMutexLocker locker(&m_mutex);
    const auto found = std::find(m_viewerRates.begin(), m_viewerRates.end(), maxFps);
    if (found == m_viewerRates.end())
        return;
    m_viewerRates.erase(found);
    demandChanged();
}

void JpegFeed::requestSnapshot()
{
    QMutexLocker locker(&m_mutex);
    if (m_snapshotWaiting)
        return;
    m_snapshotWaiting = true;
    demandChanged();
}

void JpegFeed::noteRequest()
{
    QMutexLocker locker(&m_mutex);
    m_lastRequestNs = steadyNowNs();
    if (m_lastRequestNoticeNs != 0
        && m_lastRequestNs - m_lastRequestNoticeNs < kRequestNoticeIntervalNs)
        return;
    m_lastRequestNoticeNs = m_lastRequestNs;
    demandChanged();
}

JpegFeed::Demand JpegFeed::demand() const
{
    QMutexLocker locker(&m_mutex);
    Demand demand;
    demand.viewers = int(m_viewerRates.size());
    demand.snapshotWaiting = m_snapshotWaiting;
    demand.lastRequestNs = m_lastRequestNs;
    for (const double rate : m_viewerRates) {
        if (rate <= 0) {
            demand.maxFps = 0; // one viewer wants every frame: so does the feed
            break;
        }
        demand.maxFps = std::max(demand.maxFps, rate);
    }
    return demand;
}

int JpegFeed::viewerCount() const
{
    QMutexLocker locker(&m_mutex);
    return int(m_viewerRates.size());
}

void JpegFeed::setDemandListener(std::function<void()> listener)
{
    QMutexLocker locker(&m_mutex);
    m_demandListener = std::move(listener);
}

void JpegFeed::wakeAll(std::vector<std::shared_ptr<ConnectionWaiter>> waiters)
{
    for (const auto &waiter : waiters)
        waiter->wake();
}

void JpegFeed::demandChanged()
{
    if (m_demandListener)
        m_demandListener();
}
