#include "share/mjpegviewer.h"

#include "frames/cameraframe.h"
#include "share/connectionwaiter.h"
#include "share/wakeupscheduler.h"

#include <algorithm>
#include <cstring>

namespace {
constexpr char kPartEnd[] = "\r\n";
constexpr qint64 kPartEndSize = 2;
} // namespace

MjpegViewer::MjpegViewer(std::shared_ptr<JpegFeed> feed, std::shared_ptr<ConnectionWaiter> waiter,
                         WakeupScheduler *scheduler, double maxFps, Counters *counters,
                         const std::atomic<bool> *stopping)
    : m_feed(std::move(feed))
    , m_waiter(std::move(waiter))
    , m_scheduler(scheduler)
    , m_maxFps(maxFps)
    , m_counters(counters)
    , m_stopping(stopping)
{
    m_feed->addViewer(m_maxFps);
}

MjpegViewer::~MjpegViewer()
{
    m_feed->removeWaiter(m_waiter.get());
    m_waiter->detach();
    m_feed->removeViewer(m_maxFps);
    m_counters->queuedBytes -= m_partSize - m_offset;
}

bool MjpegViewer::startNextPart()
{
    const qint64 nowNs = CameraFrame::steadyNowNs();
    if (m_maxFps > 0 && m_lastPartNs != 0) {
        const auto intervalNs = qint64(1e9 / m_maxFps);
        if (nowNs < m_lastPartNs + intervalNs) {
            m_scheduler->wakeAt(m_lastPartNs + intervalNs, m_waiter);
            return false;
        }
    }
    const JpegFeed::Frame frame = m_feed->newerThan(m_lastSequence, m_waiter);
    if (frame.isNull())
        return false; // suspended until the next frame (or closed: read() tells)
    if (m_lastSequence != 0 && frame.sequence > m_lastSequence + 1)
        m_counters->framesSkipped += frame.sequence - m_lastSequence - 1;
    m_lastSequence = frame.sequence;
    m_lastPartNs = nowNs;
    m_frame = frame;
    m_offset = 0;
    m_partSize = frame.partHeader.size() + frame.jpeg.size() + kPartEndSize;
    m_counters->queuedBytes += m_partSize;
    return true;
}

qint64 MjpegViewer::read(char *buffer, size_t max)
{
    if (m_offset >= m_partSize) {
        if (m_stopping->load() || m_feed->isClosed() || m_waiter->peerGone())
            return kEndOfStream;
        if (!startNextPart())
            return m_feed->isClosed() ? kEndOfStream : 0;
    }
    // One copy, from the shared frame into libmicrohttpd's buffer for this socket.
    qint64 written = 0;
    const auto copy = [&](const char *data, qint64 size, qint64 start) {
        // `start`: where this piece begins within the part.
        if (m_offset >= start + size || written >= qint64(max))
            return;
        const qint64 from = m_offset - start;
        const qint64 count = std::min(size - from, qint64(max) - written);
        std::memcpy(buffer + written, data + from, size_t(count));
        written += count;
        m_offset += count;
    };
    const qint64 headerSize = m_frame.partHeader.size();
    const qint64 jpegSize = m_frame.jpeg.size();
    copy(m_frame.partHeader.constData(), headerSize, 0);
    copy(m_frame.jpeg.constData(), jpegSize, headerSize);
    copy(kPartEnd, kPartEndSize, headerSize + jpegSize);
    m_counters->queuedBytes -= written;
    if (m_offset >= m_partSize) {
        ++m_counters->framesSent;
        m_frame = JpegFeed::Frame(); // the bytes are freed when no one else holds them
    }
    return written;
}
