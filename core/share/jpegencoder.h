// Encodes pictures to JPEG off the calling thread, newest first: a one-slot mailbox.
#pragma once

#include <QByteArray>
#include <QImage>
#include <QObject>
#include <QSize>

#include <memory>

// For cameras that deliver pictures rather than JPEG bytes (H.264 after decoding, the loopback
// camera): the sharing server encodes each picture once, for all its viewers. A picture
// submitted while another waits replaces it (the encoder never falls behind the camera); results
// arrive as jpegReady() on this object's thread. Runs on QThreadPool::globalInstance().
class JpegEncoder final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JpegEncoder)

public:
    explicit JpegEncoder(QObject *parent = nullptr);
    ~JpegEncoder() override;

    // Quality 1-100; pictures larger than `maxSize` are scaled down to fit (an empty size keeps
    // them as they are).
    void setQuality(int quality);
    void setMaxSize(const QSize &maxSize);

    // `receivedNs` and `receivedAtMs` travel with the picture and come back with its JPEG.
    void submit(const QImage &picture, qint64 receivedNs, qint64 receivedAtMs);

    quint64 encodedCount() const;
    quint64 droppedCount() const;

signals:
    void jpegReady(const QByteArray &jpeg, qint64 receivedNs, qint64 receivedAtMs);

private:
    struct Mailbox;
    std::shared_ptr<Mailbox> m_mailbox;
};
