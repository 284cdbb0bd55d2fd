// One printer's frames: the newest one, and the consumers that subscribed to them.
#pragma once

#include "frames/cameraframe.h"
#include "frames/h264streamdecoder.h"

#include <QList>
#include <QObject>
#include <QPointer>

#include <memory>

class FrameStore;
class FrameSubscription;

// The camera source publishes; consumers never touch the source. Byte consumers (HTTP, recorder)
// connect to frameArrived(); picture consumers (tiles, the single view) subscribe() and say at
// which size and how often they want pictures. latest() is there at once for snapshots, which
// therefore never wait for a decode.
//
// Two subscriptions asking for the same size of the same frame share one decode: the hub keeps
// the pictures decoded from its latest frame for up to kCachedSizes sizes, and a decode that is
// under way for a (frame, size) is waited for rather than repeated.
//
// H.264 frames (an RTSPS camera) cannot be decoded newest-wins: each frame needs the ones since
// the last key frame. The hub decodes them by what its subscriptions want:
// - paused subscriptions: nothing at all;
// - key-frame-only subscriptions (a tile; the default): one picture per key frame, which decodes
//   alone, through the same shared (frame, size) decode as JPEG;
// - subscriptions that decode every frame (the single view, setDecodeEveryFrame()): every frame
//   in order, from the last key frame on, on one H264StreamDecoder per hub that they share;
// - when key frames come more than kMaxTileRefreshMs apart, key frames alone cannot keep a tile
//   fresh: the stream decoder then decodes every frame in its cheaper mode (no deblocking) and
//   hands the tiles a picture every kRareKeyRefreshMs (docs/PERFORMANCE.md has the cost).
//   Key-frame timing is read from the frames' receive times (CameraFrame::receivedNs()).
// The hub's FrameStore keeps the frames since the last key frame (bounded) for the stream
// decoder to catch up from, and for snapshots.
//
// The hub and its subscriptions belong to one thread (the GUI thread); a consumer on another
// thread connects to frameArrived(), whose CameraFrame travels through queued connections, or
// uses store() (thread-safe) for the newest full-resolution picture or JPEG.
class FrameHub final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FrameHub)

public:
    static constexpr int kCachedSizes = 4;
    // A tile shows a picture at most this old (H.264 with rare key frames).
    static constexpr qint64 kMaxTileRefreshMs = 2000;
    // Key frames count as rare once one is this late (or came this much after the one before):
    // early enough that the stream decoder can catch up and refresh the tiles before
    // kMaxTileRefreshMs has passed.
    static constexpr qint64 kKeyOverdueMs = 1500;
    // ... and as frequent again once they come at most this far apart (a camera near the limit
    // must not switch modes at every key frame).
    static constexpr qint64 kFrequentKeyIntervalMs = 1200;
    // How often tiles get a picture while the stream decoder runs for rare key frames.
    static constexpr qint64 kRareKeyRefreshMs = 1000;

    explicit FrameHub(QObject *parent = nullptr);
    ~FrameHub() override;

    // The newest frame (numbered), null before the first; kept across reconnects so that a tile
    // and a snapshot still have the last picture while the camera comes back.
    CameraFrame latest() const;
    // Forgets the latest frame and the pictures decoded from it (the printer now shows another
    // camera). Sequence numbers keep counting.
    void clear();

    // The newest frame, the H.264 group of pictures, the newest full-resolution picture: for
    // snapshots and sharing on any thread; it outlives the hub while someone holds it.
    std::shared_ptr<FrameStore> store() const;
    // store()->latestPicture() and store()->latestJpeg(): the newest frame with its picture at
    // full resolution (H.264 decoded on demand from the last key frame, never half-decoded), and
    // its JPEG (a JPEG camera's own bytes). They block for a decode: not on the GUI thread.
    CameraFrame latestPicture() const;
    QByteArray latestJpeg(int quality = 95) const;

    // A new subscription, a child of `owner` (which destroys it). It is offered every frame
    // published from now on and receives the latest one as soon as the event loop runs, so the
    // caller can set size, rate and pause first.
    FrameSubscription *subscribe(QObject *owner);
    int subscriptionCount() const;
    // Subscriptions that are not paused.
    int activeSubscriptionCount() const;

    // Pictures the hub's subscriptions decoded, and those they took from another subscription's
    // decode of the same frame at the same size.
    quint64 decodeCount() const;
    quint64 sharedDecodeCount() const;
    // H.264 access units decoded for the subscriptions (key frames and the stream decoder;
    // snapshots not counted: FrameStore::onDemandDecodeCount()).
    quint64 h264DecodeCount() const;
    // The camera's key frames are more than kKeyOverdueMs apart (H.264).
    bool hasRareKeyFrames() const { return m_rareKeyFrames; }
    // The stream decoder is at work (every-frame subscriptions, or rare key frames).
    bool isStreamDecoding() const { return m_streamRunning; }

public slots:
    // Numbers the frame (1, 2, ...), keeps it as latest(), emits frameArrived() and offers it to
    // every subscription. A null frame is ignored.
    void publish(const CameraFrame &frame);

signals:
    void frameArrived(const CameraFrame &frame);
    // A subscription came, went, or was paused or resumed.
    void subscriptionsChanged();

private:
    friend class FrameSubscription;
    class PictureCache;

    void detach(FrameSubscription *subscription);
    void subscriptionPausedChanged();

    // H.264
    struct Wants
    {
        QList<FrameSubscription *> everyFrame;
        QList<FrameSubscription *> keyFrames;
        bool stream = false; // the stream decoder is needed
        bool fast = false; // ... and only for tiles
    };
    Wants h264Wants() const;
    void publishH264(const CameraFrame &frame);
    void noteKeyFrameTiming(const CameraFrame &frame);
    void startStream(bool fast, const QList<QSize> &sizes);
    void stopStream();
    void requestLatestH264(FrameSubscription *subscription);
    void onStreamPictures(const CameraFrame &frame, bool forTiles,
                          const QList<H264StreamDecoder::Picture> &pictures);

    CameraFrame m_latest;
    quint64 m_sequence = 0;
    QList<QPointer<FrameSubscription>> m_subscriptions;
    // Shared with the subscriptions' decode jobs, which may outlive the hub.
    std::shared_ptr<PictureCache> m_cache;
    std::shared_ptr<FrameStore> m_store;
    H264StreamDecoder *m_stream = nullptr; // child, made for the first H.264 frame that needs it
    bool m_streamRunning = false;
    CameraFrame m_latestKeyFrame;
    qint64 m_lastKeyNs = 0;
    qint64 m_lastTileRefreshNs = 0;
    bool m_rareKeyFrames = false;
};
