// One consumer's view of a printer's frames: pictures at its size, at most at its rate.
#pragma once

#include "frames/cameraframe.h"
#include "frames/framedecoder.h"

#include <QObject>
#include <QPointer>
#include <QSize>

#include <functional>

class FrameHub;
class QTimer;

// Made by FrameHub::subscribe(). Each subscription has its own newest-wins mailbox (a
// FrameDecoder on QThreadPool::globalInstance()), so a slow consumer sees fewer, fresher pictures
// and never holds up another; pictureReady() arrives on the subscription's thread.
//
// What a frame costs depends on the subscription alone: paused, nothing (no decode); rate-capped,
// a frame that comes too soon waits (replaced by any newer one) and is decoded once the interval
// allows, so the picture never stays behind the camera for longer than one interval.
//
// It survives its hub: after the hub is gone it simply receives nothing more.
class FrameSubscription final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FrameSubscription)

public:
    ~FrameSubscription() override;

    // The size pictures are fitted into (aspect ratio kept); empty = full resolution. A change
    // re-delivers the latest frame at the new size without waiting for the camera.
    void setSize(const QSize &size);
    QSize size() const;

    // At most this many pictures a second; 0 = every frame.
    void setMaxRate(double picturesPerSecond);
    double maxRate() const;

    // Paused: frames are skipped without decoding (a hidden tile). Resuming delivers the latest
    // frame at once.
    void setPaused(bool paused);
    bool isPaused() const;

    // Decodes the latest frame again now (ignoring the rate cap).
    void refresh();

    // H.264 only (JPEG frames are all whole pictures): decode every frame in order (the single
    // view) instead of key frames only (a tile: one picture per key frame, or every
    // FrameHub::kRareKeyRefreshMs when the camera's key frames are rare). Off by default.
    void setDecodeEveryFrame(bool everyFrame);
    bool decodesEveryFrame() const { return m_everyFrame; }

    quint64 picturesDelivered() const;
    // Frames never decoded for this subscription: paused, held back by the rate cap and then
    // replaced by a newer one, or replaced in the mailbox while a decode ran (newest wins).
    quint64 framesSkipped() const;

    // The rate cap's clock in milliseconds (any epoch); a steady clock by default. For tests.
    void setClock(std::function<qint64()> msNow);

signals:
    // `frameReceivedNs`: CameraFrame::receivedNs() of the frame the picture shows.
    void pictureReady(const QImage &picture, qint64 frameReceivedNs);

private:
    friend class FrameHub;
    FrameSubscription(FrameHub *hub, const FrameDecoder::DecodeFunction &decode, QObject *parent);

    // From the hub.
    void offer(const CameraFrame &frame);
    void forgetHeldFrame();
    // An H.264 frame this subscription will not get a picture of (not a key frame, paused).
    void skip();
    // A picture from the hub's H.264 stream decoder.
    void deliverStreamPicture(const QImage &picture, qint64 frameReceivedNs);

    void submit(CameraFrame frame);
    void scheduleLatest();
    void deliverLatest();
    void onHoldTimeout();
    void armHoldTimer();
    qint64 intervalMs() const;
    void onPicture(const QImage &picture, qint64 frameReceivedNs);

    QPointer<FrameHub> m_hub;
    FrameDecoder *m_decoder;
    QTimer *m_holdTimer;
    std::function<qint64()> m_clock;
    CameraFrame m_held; // arrived too soon for the rate cap; the newest such frame
    double m_maxRate = 0;
    qint64 m_lastSubmitMs = 0;
    bool m_submittedOnce = false;
    bool m_paused = false;
    bool m_everyFrame = false;
    bool m_latestScheduled = false;
    quint64 m_delivered = 0;
    quint64 m_skipped = 0;
};
