// Feeds one printer's JpegFeed from its FrameHub, on the farm's thread.
#pragma once

#include "frames/cameraframe.h"

#include <QObject>
#include <QPointer>
#include <QSize>

#include <chrono>
#include <memory>

class FrameHub;
class FrameSubscription;
class JpegEncoder;
class JpegFeed;
class QTimer;

// A JPEG frame goes into the feed as the camera's own bytes, whether anyone watches or not (it is
// only a reference; snapshots then never wait). Any other frame (a picture, H.264 with its
// picture decoded by the hub) is encoded once for every viewer, and only while the feed has
// demand: then the source subscribes to the hub at full size and at the highest rate a viewer
// asked for, and JpegEncoder turns each picture into one JPEG for all of them. When the demand
// ends the subscription is kept for `linger` (at 1 fps), so that a client polling snapshots does
// not pay for subscribing each time.
class JpegFeedSource final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JpegFeedSource)

public:
    // The rate while only snapshots are asked for.
    static constexpr double kSnapshotRate = 1.0;

    JpegFeedSource(FrameHub *hub, std::shared_ptr<JpegFeed> feed, int jpegQuality,
                   const QSize &maxEncodedSize, std::chrono::milliseconds linger,
                   QObject *parent = nullptr);
    ~JpegFeedSource() override;

    std::shared_ptr<JpegFeed> feed() const { return m_feed; }
    // Now subscribed to pictures (a camera without JPEG bytes, with demand or lingering).
    bool isEncoding() const { return m_subscription != nullptr; }
    quint64 encodedCount() const;

signals:
    // The feed's demand changed (JpegFeed::demand()): a viewer came or went, a snapshot was asked
    // for. On this object's thread.
    void demandChanged();

private:
    void onDemandChanged();
    void onFrame(const CameraFrame &frame);
    bool wantsPictures() const;
    void updateSubscription();
    void onLingerOver();
    void dropSubscription();
    void onPicture(const QImage &picture, qint64 frameReceivedNs);

    QPointer<FrameHub> m_hub;
    std::shared_ptr<JpegFeed> m_feed;
    JpegEncoder *m_encoder; // child
    FrameSubscription *m_subscription = nullptr; // child while subscribed
    QTimer *m_linger; // child
    bool m_cameraSendsJpeg = false; // what the newest frame was
};
