// One printer's frames as JPEG bytes, for every viewer of the sharing server. Thread-safe.
#pragma once

#include <QByteArray>
#include <QMutex>

#include <functional>
#include <memory>
#include <vector>

class ConnectionWaiter;

// The printer's side (JpegFeedSource, on the farm's thread) publishes; viewers on the server's
// thread take the newest frame when they are ready for one, or wait (suspended) for the next.
// Only the newest frame is kept: a viewer that was busy skips the frames in between, so no
// viewer ever queues frames and none delays another.
//
// Viewers also say what they want (demand): how many watch and how often, and whether a
// snapshot waits. A camera that sends JPEG needs none of it; one that delivers pictures is
// encoded only while there is demand (JpegFeedSource listens).
class JpegFeed final
{
    Q_DISABLE_COPY_MOVE(JpegFeed)

public:
    struct Frame
    {
        QByteArray jpeg; // shared with every viewer, never copied per viewer
        qint64 receivedNs = 0; // CameraFrame::steadyNowNs() clock
        qint64 receivedAtMs = 0; // wall clock, ms since the epoch (X-Timestamp)
        quint64 sequence = 0; // the feed's own count, 1, 2, ...
        // The frame's multipart part header (boundary, Content-Type, Content-Length,
        // X-Timestamp), made once per frame for every MJPEG viewer.
        QByteArray partHeader;

        bool isNull() const { return jpeg.isEmpty(); }
    };

    struct Demand
    {
        int viewers = 0;
        double maxFps = 0; // the highest rate a viewer asked for; 0 = every frame
        bool snapshotWaiting = false;
        // When a viewer last opened a stream or asked for a snapshot (CameraFrame::steadyNowNs()
        // clock); 0: never. For farmcam-server --on-demand, which connects a camera only while
        // someone watches.
        qint64 lastRequestNs = 0;
    };

    // The multipart boundary of every MJPEG stream (mjpg-streamer and µStreamer use a fixed one
    // too); it cannot occur in a part's headers, and parts carry Content-Length.
    static constexpr const char *kBoundary = "farmcam-frame";
    static QByteArray partHeaderFor(qsizetype jpegSize, qint64 receivedAtMs);

    JpegFeed() = default;
    ~JpegFeed();

    // Keeps the frame as the newest and wakes every viewer waiting for one.
    void publish(const QByteArray &jpeg, qint64 receivedNs, qint64 receivedAtMs);
    // When the camera's newest frame arrived, whatever its codec (before encoding): a snapshot
    // can tell that the feed's JPEG is older than what the camera has.
    void noteCameraFrame(qint64 receivedNs);
    qint64 newestCameraFrameNs() const;
    Frame latest() const;

    // A frame newer than `afterSequence` if there is one. Otherwise null; and when `waiter` is
    // given and the feed is open, the waiter is suspended and woken by the next publish() or
    // close(). Call from a libmicrohttpd callback of the waiter's connection.
    Frame newerThan(quint64 afterSequence, const std::shared_ptr<ConnectionWaiter> &waiter);
    // Forgets a waiter (its request ended).
    void removeWaiter(const ConnectionWaiter *waiter);

    // No frame will come any more (the printer was removed, the server stops): wakes everyone.
    void close();
    bool isClosed() const;

    void addViewer(double maxFps);
    void removeViewer(double maxFps);
    // A snapshot waits for a frame; settled by the next publish().
    void requestSnapshot();
    // Someone asked for this printer's picture (a snapshot, whether or not one is at hand). The
    // demand listener hears of it at most once per kRequestNoticeInterval: a wall of tiles that
    // polls snapshots does not post an event per request.
    void noteRequest();
    static constexpr qint64 kRequestNoticeIntervalNs = 1000LL * 1000 * 1000;
    Demand demand() const;
    int viewerCount() const;
    // Called, with the feed's lock held, whenever demand() changes: post, do not call back in.
    void setDemandListener(std::function<void()> listener);

private:
    void wakeAll(std::vector<std::shared_ptr<ConnectionWaiter>> waiters);
    void demandChanged();

    mutable QMutex m_mutex;
    Frame m_latest;
    qint64 m_newestCameraFrameNs = 0;
    quint64 m_sequence = 0;
    bool m_closed = false;
    bool m_snapshotWaiting = false;
    qint64 m_lastRequestNs = 0;
    qint64 m_lastRequestNoticeNs = 0;
    std::vector<double> m_viewerRates;
    std::vector<std::shared_ptr<ConnectionWaiter>> m_waiters;
    std::function<void()> m_demandListener;
};
