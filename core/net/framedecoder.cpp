#include "framedecoder.h"

#include <QBuffer>
#include <QImageReader>
#include <QLoggingCategory>
#include <QMutex>
#include <QMutexLocker>
#include <QThreadPool>

Q_LOGGING_CATEGORY(lcDecoder, "farmcam.decoder")

// State shared between the decoder (GUI thread) and its pool job. The job holds a shared_ptr, so
// the mailbox outlives a decoder destroyed mid-decode; `receiver` is cleared under the mutex in
// ~FrameDecoder, and results are posted to it only while holding that mutex.
struct FrameDecoder::Mailbox
{
    QMutex mutex;
    QByteArray pending;
    QSize targetSize;
    bool jobRunning = false;
    FrameDecoder *receiver = nullptr;
    quint64 decoded = 0;
    quint64 dropped = 0;
    quint64 failed = 0;
};

FrameDecoder::FrameDecoder(QObject *parent)
    : QObject(parent)
    , m_mailbox(std::make_shared<Mailbox>())
{
    m_mailbox->receiver = this;
}

FrameDecoder::~FrameDecoder()
{
    QMutexLocker locker(&m_mailbox->mutex);
    m_mailbox->receiver = nullptr;
    m_mailbox->pending.clear();
}

void FrameDecoder::setTargetSize(const QSize &size)
{
    QMutexLocker locker(&m_mailbox->mutex);
    m_mailbox->targetSize = size;
}

QSize FrameDecoder::targetSize() const
{
    QMutexLocker locker(&m_mailbox->mutex);
    return m_mailbox->targetSize;
}

quint64 FrameDecoder::decodedCount() const
{
    QMutexLocker locker(&m_mailbox->mutex);
    return m_mailbox->decoded;
}

quint64 FrameDecoder::droppedCount() const
{
    QMutexLocker locker(&m_mailbox->mutex);
    return m_mailbox->dropped;
}

quint64 FrameDecoder::failedCount() const
{
    QMutexLocker locker(&m_mailbox->mutex);
    return m_mailbox->failed;
}

void FrameDecoder::submit(const QByteArray &jpeg)
{
    QMutexLocker locker(&m_mailbox->mutex);
    if (!m_mailbox->pending.isNull())
        ++m_mailbox->dropped; // superseded before anyone decoded it
    m_mailbox->pending = jpeg;
    if (m_mailbox->jobRunning)
        return; // the running job picks the new frame up when it finishes the current one
    m_mailbox->jobRunning = true;
    locker.unlock();

    QThreadPool::globalInstance()->start([mailbox = m_mailbox] {
        for (;;) {
            QMutexLocker jobLocker(&mailbox->mutex);
            if (mailbox->pending.isNull() || !mailbox->receiver) {
                mailbox->jobRunning = false;
                return;
            }
            const QByteArray jpeg = std::exchange(mailbox->pending, QByteArray());
            const QSize target = mailbox->targetSize;
            jobLocker.unlock();

            const QImage image = decode(jpeg, target);

            jobLocker.relock();
            if (image.isNull())
                ++mailbox->failed;
            else
                ++mailbox->decoded;
            if (FrameDecoder *receiver = mailbox->receiver) {
                QMetaObject::invokeMethod(
                    receiver, [receiver, image] { receiver->deliver(image); },
                    Qt::QueuedConnection);
            }
        }
    });
}

void FrameDecoder::deliver(const QImage &image)
{
    if (image.isNull())
        emit decodeFailed();
    else
        emit imageReady(image);
}

QSize FrameDecoder::fittedSize(const QSize &original, const QSize &target)
{
    if (target.isEmpty() || original.isEmpty())
        return original;
    QSize fitted = original.scaled(target, Qt::KeepAspectRatio);
    // Never upscale: a bigger picture than the camera sent only costs memory.
    if (fitted.width() > original.width() || fitted.height() > original.height())
        return original;
    return fitted.expandedTo(QSize(1, 1));
}

QImage FrameDecoder::decode(const QByteArray &jpeg, const QSize &targetSize)
{
    QBuffer buffer;
    buffer.setData(jpeg);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer, "jpeg");
    const QSize original = reader.size();
    if (!original.isValid()) {
        qCDebug(lcDecoder) << "unreadable JPEG header:" << reader.errorString();
        return {};
    }
    const QSize fitted = fittedSize(original, targetSize);
    if (fitted != original)
        reader.setScaledSize(fitted); // libjpeg's DCT scaling: decodes at 1/2, 1/4, 1/8 directly
    QImage image;
    if (!reader.read(&image)) {
        qCDebug(lcDecoder) << "corrupt JPEG:" << reader.errorString();
        return {};
    }
    return image;
}
