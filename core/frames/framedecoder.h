// Decodes camera frames off the calling thread, newest first: a one-slot mailbox per decoder.
#pragma once

#include <QImage>
#include <QObject>
#include <QSize>

#include <functional>
#include <memory>

class CameraFrame;

// Submitting a frame while an older one still waits replaces the older one (counted as dropped):
// a slow consumer sees fewer, fresher pictures instead of a growing queue. Decoding runs on
// QThreadPool::globalInstance(); results arrive as imageReady() on this object's thread.
class FrameDecoder final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FrameDecoder)

public:
    explicit FrameDecoder(QObject *parent = nullptr);
    ~FrameDecoder() override;

    // Decode so that the picture fits in `size` with its aspect ratio kept (JPEG's DCT scaling
    // makes a small size much cheaper than full resolution). An empty size decodes at full size.
    void setTargetSize(const QSize &size);
    QSize targetSize() const;

    // `frameTime` travels with the frame and comes back with its picture (imageReady), so a
    // caller can tell which frame a picture shows (subscriptions pass the frame's receive time).
    void submit(const QByteArray &jpeg, qint64 frameTime = 0);
    // The same for any frame: decodes frame.toPicture(targetSize()); frameTime is
    // frame.receivedNs().
    void submit(const CameraFrame &frame);
    // Forgets a frame that waits and has not started decoding (counted as dropped): a consumer
    // that stopped looking does not pay for a picture it will not show.
    void discardPending();

    // How a frame becomes a picture, called on a pool thread; CameraFrame::toPicture by default.
    // FrameHub passes one that shares a decode between subscriptions of the same size. Must be
    // thread-safe; takes effect for the next frame a job picks up.
    using DecodeFunction = std::function<QImage(const CameraFrame &frame, const QSize &target)>;
    void setDecodeFunction(DecodeFunction decode);

    quint64 decodedCount() const;
    quint64 droppedCount() const;
    quint64 failedCount() const;

    // Synchronous decode with the same scaling rule; returns a null image for a corrupt JPEG.
    static QImage decode(const QByteArray &jpeg, const QSize &targetSize);
    // The size a picture of `original` size is decoded at to fit `target`; `original` when target
    // is empty.
    static QSize fittedSize(const QSize &original, const QSize &target);
    // The size libjpeg decodes at before the last rescale to `fitted`: the smallest of 1/1, 1/2,
    // 1/4 and 1/8 of `original` that is at least `fitted`.
    static QSize dctScaledSize(const QSize &original, const QSize &fitted);

signals:
    void imageReady(const QImage &image, qint64 frameTime);
    void decodeFailed();

private:
    struct Mailbox;
    void deliver(const QImage &image, qint64 frameTime);

    std::shared_ptr<Mailbox> m_mailbox;
};
