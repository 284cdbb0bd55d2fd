#include "framedecoder.h"

#include "frames/cameraframe.h"

#include <QBuffer>
#include <QImageReader>
#include <QLoggingCategory>
#include <QMutex>
#include <QMutexLocker>
#include <QPainter>
#include <QThreadPool>

#include <optional>

Q_LOGGING_CATEGORY(lcDecoder, "farmcam.decoder")

// State shared between the decoder (GUI thread) and its pool job. The job holds a shared_ptr, so
// the mailbox outlives a decoder destroyed mid-decode; `receiver` is cleared under the mutex in
// ~FrameDecoder, and results are posted to it only while holding that mutex.
struct FrameDecoder::Mailbox
{
    QMutex mutex;
    std::optional<CameraFrame> pending;
    QSize targetSize;
    DecodeFunction decode;
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
    m_mailbox->pending.reset();
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

void FrameDecoder::submit(const QByteArray &jpeg, qint64 frameTime)
{
    submit(CameraFrame::fromJpeg(jpeg, QDateTime(), frameTime));
}

void FrameDecoder::discardPending()
{
    QMutexLocker locker(&m_mailbox->mutex);
    if (m_mailbox->pending) {
        ++m_mailbox->dropped;
        m_mailbox->pending.reset();
    }
}

void FrameDecoder::setDecodeFunction(DecodeFunction decode)
{
    QMutexLocker locker(&m_mailbox->mutex);
    m_mailbox->decode = std::move(decode);
}

void FrameDecoder::submit(const CameraFrame &frame)
{
    QMutexLocker locker(&m_mailbox->mutex);
    if (m_mailbox->pending)
        ++m_mailbox->dropped; // superseded before anyone decoded it
    m_mailbox->pending = frame;
    if (m_mailbox->jobRunning)
        return; // the running job picks the new frame up when it finishes the current one
    m_mailbox->jobRunning = true;
    locker.unlock();

    QThreadPool::globalInstance()->start([mailbox = m_mailbox] {
        for (;;) {
            QMutexLocker jobLocker(&mailbox->mutex);
            if (!mailbox->pending || !mailbox->receiver) {
                mailbox->jobRunning = false;
                return;
            }
            const CameraFrame frame = *std::exchange(mailbox->pending, std::nullopt);
            const qint64 frameTime = frame.receivedNs();
            const QSize target = mailbox->targetSize;
            const DecodeFunction decodeFunction = mailbox->decode;
            jobLocker.unlock();

            const QImage image
                = decodeFunction ? decodeFunction(frame, target) : frame.toPicture(target);

            jobLocker.relock();
            if (image.isNull())
                ++mailbox->failed;
            else
                ++mailbox->decoded;
            if (FrameDecoder *receiver = mailbox->receiver) {
                QMetaObject::invokeMethod(
                    receiver, [receiver, image, frameTime] { receiver->deliver(image, frameTime); },
                    Qt::QueuedConnection);
            }
        }
    });
}

void FrameDecoder::deliver(const QImage &image, qint64 frameTime)
{
    if (image.isNull())
        emit decodeFailed();
    else
        emit imageReady(image, frameTime);
}

QSize FrameDecoder::fittedSize(const QSize &original, const QSize &target)
{
    if (target.isEmpty() || original.isEmpty())
        return original;
    // Larger than the camera's picture too (a tile bigger than 1280x720): scaling up once here,
    // off the GUI thread, costs less than scaling up in every paint (measured: 1.5 ms against
    // 2.7 ms a paint at 1806x1014), for a few MB more.
    return original.scaled(target, Qt::KeepAspectRatio).expandedTo(QSize(1, 1));
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
    const QSize decoded = dctScaledSize(original, fitted);
    if (decoded != original)
        reader.setScaledSize(decoded);
    QImage image;
    if (!reader.read(&image)) {
        qCDebug(lcDecoder) << "corrupt JPEG:" << reader.errorString();
        return {};
    }
    if (image.format() != QImage::Format_RGB32)
        image.convertTo(QImage::Format_RGB32); // grey or CMYK JPEGs; RGB32 also draws fastest
    if (image.size() == fitted)
        return image;
    // Less than 2:1 is left: bilinear loses nothing visible there, and costs a third of Qt's
    // smooth (area) scaling, which is what QImageReader would have done for a size in between.
    QImage scaled(fitted, QImage::Format_RGB32);
    QPainter painter(&scaled);
    painter.setCompositionMode(QPainter::CompositionMode_Source);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.drawImage(QRect(QPoint(0, 0), fitted), image);
    return scaled;
}

QSize FrameDecoder::dctScaledSize(const QSize &original, const QSize &fitted)
{
    // libjpeg decodes at 1/2, 1/4 and 1/8 inside its (SIMD) inverse DCT almost for free; the
    // other factors it offers (3/8, 5/8, ...) run a slower scalar DCT. So: the smallest of these
    // that is still at least `fitted`. Rounded down, so that QImageReader asks for exactly 1/d
    // (a camera size that d does not divide then costs one more rescale by a pixel).
    QSize best = original;
    for (int denominator : {2, 4, 8}) {
        const QSize scaled(original.width() / denominator, original.height() / denominator);
        if (scaled.width() < fitted.width() || scaled.height() < fitted.height()
            || scaled.isEmpty())
            break;
        best = scaled;
    }
    return best;
}
