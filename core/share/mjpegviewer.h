// One MJPEG stream viewer on the sharing server: the body of its multipart response.
#pragma once

#include "share/jpegfeed.h"

#include <QtGlobal>

#include <atomic>
#include <memory>

class ConnectionWaiter;
class WakeupScheduler;

// libmicrohttpd asks for more body whenever the viewer's socket can take it; read() hands out the
// rest of the frame in flight, then the feed's newest frame (frames it was too busy for are
// skipped), or suspends the connection until there is a new frame (or, with a rate cap, until
// the next one is due). A viewer whose socket takes nothing is never asked: it holds one frame,
// shared with everyone else, and costs nothing more.
class MjpegViewer final
{
    Q_DISABLE_COPY_MOVE(MjpegViewer)

public:
    // Server-wide counters; they outlive every viewer.
    struct Counters
    {
        std::atomic<quint64> framesSent{0};
        std::atomic<quint64> framesSkipped{0};
        std::atomic<qint64> queuedBytes{0};
    };

    static constexpr qint64 kEndOfStream = -1;

    // Registers as a viewer of `feed` (its demand); `maxFps` 0 = every frame.
    MjpegViewer(std::shared_ptr<JpegFeed> feed, std::shared_ptr<ConnectionWaiter> waiter,
                WakeupScheduler *scheduler, double maxFps, Counters *counters,
                const std::atomic<bool> *stopping);
    ~MjpegViewer();

    // Up to `max` bytes of body into `buffer`: the count, 0 when suspended (or asked again at
    // once), or kEndOfStream when the stream ends (printer removed, server stopping).
    qint64 read(char *buffer, size_t max);

private:
    bool startNextPart();

    std::shared_ptr<JpegFeed> m_feed;
    std::shared_ptr<ConnectionWaiter> m_waiter;
    WakeupScheduler *m_scheduler;
    double m_maxFps;
    Counters *m_counters;
    const std::atomic<bool> *m_stopping;
    JpegFeed::Frame m_frame; // in flight
    qint64 m_offset = 0; // into header + jpeg + "\r\n"
    qint64 m_partSize = 0;
    quint64 m_lastSequence = 0;
    qint64 m_lastPartNs = 0;
};
