// Decodes JPEG frames off the calling thread, newest first: a one-slot mailbox per decoder.
#pragma once

#include <QImage>
#include <QObject>
#include <QSize>

#include <memory>

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

    void submit(const QByteArray &jpeg);

    quint64 decodedCount() const;
    quint64 droppedCount() const;
    quint64 failedCount() const;

    // Synchronous decode with the same scaling rule; returns a null image for a corrupt JPEG.
    static QImage decode(const QByteArray &jpeg, const QSize &targetSize);
    // The size a picture of `original` size is decoded at to fit `target`; `original` when target
    // is empty.
    static QSize fittedSize(const QSize &original, const QSize &target);

signals:
    void imageReady(const QImage &image);
    void decodeFailed();

private:
    struct Mailbox;
    void deliver(const QImage &image);

    std::shared_ptr<Mailbox> m_mailbox;
};
