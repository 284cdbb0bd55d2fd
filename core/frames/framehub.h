// One printer's frames: the newest one, and the consumers that subscribed to them.
#pragma once

#include "frames/cameraframe.h"

#include <QList>
#include <QObject>
#include <QPointer>

#include <memory>

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
// The hub and its subscriptions belong to one thread (the GUI thread); a consumer on another
// thread connects to frameArrived(), whose CameraFrame travels through queued connections.
class FrameHub final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FrameHub)

public:
    static constexpr int kCachedSizes = 4;

    explicit FrameHub(QObject *parent = nullptr);
    ~FrameHub() override;

    // The newest frame (numbered), null before the first; kept across reconnects so that a tile
    // and a snapshot still have the last picture while the camera comes back.
    CameraFrame latest() const;
    // Forgets the latest frame and the pictures decoded from it (the printer now shows another
    // camera). Sequence numbers keep counting.
    void clear();

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

    CameraFrame m_latest;
    quint64 m_sequence = 0;
    QList<QPointer<FrameSubscription>> m_subscriptions;
    // Shared with the subscriptions' decode jobs, which may outlive the hub.
    std::shared_ptr<PictureCache> m_cache;
};
