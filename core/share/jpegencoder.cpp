#include "share/jpegencoder.h"

#include "frames/cameraframe.h"

#include <QMutex>
#include <QThreadPool>

#include <optional>

// Shared with the pool job, which may outlive the encoder; `receiver` is cleared under the mutex
// in ~JpegEncoder and results are posted only while holding it (as FrameDecoder does).
struct JpegEncoder::Mailbox
{
    struct Job
    {
        QImage picture;
        qint64 receivedNs = 0;
        qint64 receivedAtMs = 0;
    };

    QMutex mutex;
    std::optional<Job> pending;
    bool jobRunning = false;
    int quality = 85;
    QSize maxSize;
    JpegEncoder *receiver = nullptr;
    quint64 encoded = 0;
    quint64 dropped = 0;
};

JpegEncoder::JpegEncoder(QObject *parent)
    : QObject(parent)
    , m_mailbox(std::make_shared<Mailbox>())
{
    m_mailbox->receiver = this;
}

JpegEncoder::~JpegEncoder()
{
    QMutexLocker locker(&m_mailbox->mutex);
    m_mailbox->receiver = nullptr;
    m_mailbox->pending.reset();
}

void JpegEncoder::setQuality(int quality)
{
    QMutexLocker locker(&m_mailbox->mutex);
    m_mailbox->quality = qBound(1, quality, 100);
}

void JpegEncoder::setMaxSize(const QSize &maxSize)
{
    QMutexLocker locker(&m_mailbox->mutex);
    m_mailbox->maxSize = maxSize;
}

quint64 JpegEncoder::encodedCount() const
{
    QMutexLocker locker(&m_mailbox->mutex);
    return m_mailbox->encoded;
}

quint64 JpegEncoder::droppedCount() const
{
    QMutexLocker locker(&m_mailbox->mutex);
    return m_mailbox->dropped;
}

void JpegEncoder::submit(const QImage &picture, qint64 receivedNs, qint64 receivedAtMs)
{
    if (picture.isNull())
        return;
    QMutexLocker locker(&m_mailbox->mutex);
    if (m_mailbox->pending)
        ++m_mailbox->dropped;
    m_mailbox->pending = Mailbox::Job{picture, receivedNs, receivedAtMs};
    if (m_mailbox->jobRunning)
        return;
    m_mailbox->jobRunning = true;
    locker.unlock();

    QThreadPool::globalInstance()->start([mailbox = m_mailbox] {
        for (;;) {
            QMutexLocker jobLocker(&mailbox->mutex);
            if (!mailbox->pending || !mailbox->receiver) {
                mailbox->jobRunning = false;
                return;
            }
            const Mailbox::Job job = *std::exchange(mailbox->pending, std::nullopt);
            const int quality = mailbox->quality;
            const QSize maxSize = mailbox->maxSize;
            jobLocker.unlock();

            QImage picture = job.picture;
            if (!maxSize.isEmpty()
                && (picture.width() > maxSize.width() || picture.height() > maxSize.height())) {
                picture = picture.scaled(maxSize, Qt::KeepAspectRatio, Qt::SmoothTransformation);
            }
            const QByteArray jpeg
                = CameraFrame::fromPicture(picture, QDateTime(), job.receivedNs).toJpeg(quality);

            jobLocker.relock();
            if (jpeg.isEmpty())
                continue;
            ++mailbox->encoded;
            if (JpegEncoder *receiver = mailbox->receiver) {
                QMetaObject::invokeMethod(
                    receiver,
                    [receiver, jpeg, job] {
                        emit receiver->jpegReady(jpeg, job.receivedNs, job.receivedAtMs);
                    },
                    Qt::QueuedConnection);
            }
        }
    });
}
