#include "framestore.h"

#include "frames/h264decoder.h"

#include <QLoggingCategory>
#include <QMutexLocker>

Q_LOGGING_CATEGORY(lcStore, "farmcam.frames")

// The on-demand decoder of one group of pictures, kept between requests so that the next one
// decodes only the frames that came since; let go when a new key frame starts another group.
struct FrameStore::OnDemand
{
    H264Decoder decoder{H264Decoder::Mode::EveryFrame};
    quint64 keySequence = 0;
    quint64 lastSequence = 0; // the last frame fed to the decoder
    CameraFrame current; // the frame decoder.picture() shows
    bool broken = false; // a frame failed: nothing after it in this group is whole
};

FrameStore::FrameStore(qsizetype maxGopBytes, int maxGopFrames)
    : m_gop(maxGopBytes, maxGopFrames)
{ }

FrameStore::~FrameStore() = default;

void FrameStore::publish(const CameraFrame &frame)
{
    {
        QMutexLocker locker(&m_mutex);
        m_latest = frame;
        if (frame.codec() == CameraFrame::Codec::H264)
            m_gop.append(frame);
        else if (!m_gop.isEmpty())
            m_gop.clear(); // the camera changed kind
        // Pictures of an older frame are of no more use: let their memory go now.
        m_pictureCache = CameraFrame();
        m_jpegCache.clear();
        m_jpegSequence = 0;
    }
    // A new group: the previous group's decoder (and its reference frames) can go, unless a
    // decode is using it right now (it then starts over itself on its next request).
    if (frame.isKeyFrame() && m_decodeMutex.tryLock()) {
        m_onDemand.reset();
        m_decodeMutex.unlock();
    }
}

void FrameStore::clear()
{
    {
        QMutexLocker locker(&m_mutex);
        m_latest = CameraFrame();
        m_gop.clear();
        m_pictureCache = CameraFrame();
        m_jpegCache.clear();
        m_jpegSequence = 0;
    }
    QMutexLocker decodeLocker(&m_decodeMutex);
    m_onDemand.reset();
}

CameraFrame FrameStore::latest() const
{
    QMutexLocker locker(&m_mutex);
    return m_latest;
}

QList<CameraFrame> FrameStore::gopFrames() const
{
    QMutexLocker locker(&m_mutex);
    return m_gop.frames();
}

qsizetype FrameStore::gopByteSize() const
{
    QMutexLocker locker(&m_mutex);
    return m_gop.byteSize();
}

int FrameStore::gopFrameCount() const
{
    QMutexLocker locker(&m_mutex);
    return int(m_gop.frames().size());
}

bool FrameStore::isGopTruncated() const
{
    QMutexLocker locker(&m_mutex);
    return m_gop.isTruncated();
}

quint64 FrameStore::gopDroppedCount() const
{
    QMutexLocker locker(&m_mutex);
    return m_gop.droppedCount();
}

void FrameStore::setStreamPictureFunction(std::function<QImage(quint64)> function)
{
    QMutexLocker locker(&m_mutex);
    m_streamPicture = std::move(function);
}

quint64 FrameStore::onDemandDecodeCount() const
{
    QMutexLocker locker(&m_mutex);
    return m_onDemandDecodes;
}

CameraFrame FrameStore::latestPicture()
{
    QMutexLocker locker(&m_mutex);
    const CameraFrame latest = m_latest;
    if (latest.isNull())
        return {};
    if (!m_pictureCache.isNull())
        return m_pictureCache; // cleared by every publish(): it belongs to `latest`
    const QList<CameraFrame> group = m_gop.frames();
    const std::function<QImage(quint64)> streamPicture = m_streamPicture;
    locker.unlock();

    CameraFrame result;
    if (latest.codec() != CameraFrame::Codec::H264) {
        // JPEG (decoded at full size) or a picture-only frame (as it is).
        const QImage picture = latest.toPicture();
        if (!picture.isNull())
            result = latest.withPicture(picture);
    } else if (!group.isEmpty()) {
        const CameraFrame &target = group.constLast();
        const QImage streamed = streamPicture ? streamPicture(target.sequence()) : QImage();
        result = streamed.isNull() ? decodeGroup(group) : target.withPicture(streamed);
    }

    locker.relock();
    if (m_latest.sequence() == latest.sequence())
        m_pictureCache = result;
    return result;
}

QByteArray FrameStore::latestJpeg(int quality)
{
    QMutexLocker locker(&m_mutex);
    const CameraFrame latest = m_latest;
    if (latest.codec() == CameraFrame::Codec::Jpeg && !latest.encoded().isEmpty())
        return latest.encoded(); // the camera's own bytes, never re-encoded
    if (m_jpegSequence == latest.sequence() && m_jpegQuality == quality && !m_jpegCache.isEmpty())
        return m_jpegCache;
    locker.unlock();

    const QByteArray jpeg = latestPicture().toJpeg(quality);

    locker.relock();
    if (m_latest.sequence() == latest.sequence() && !jpeg.isEmpty()) {
        m_jpegSequence = latest.sequence();
        m_jpegQuality = quality;
        m_jpegCache = jpeg;
    }
    return jpeg;
}

CameraFrame FrameStore::decodeGroup(const QList<CameraFrame> &group)
{
    QMutexLocker decodeLocker(&m_decodeMutex);
    const CameraFrame &key = group.constFirst();
    const CameraFrame &target = group.constLast();
    if (!m_onDemand || m_onDemand->keySequence != key.sequence()
        || m_onDemand->lastSequence > target.sequence()) {
        m_onDemand = std::make_unique<OnDemand>();
        m_onDemand->keySequence = key.sequence();
    }
    OnDemand &state = *m_onDemand;
    quint64 decodes = 0;
    if (!state.broken) {
        for (const CameraFrame &frame : group) {
            if (frame.sequence() <= state.lastSequence && state.lastSequence != 0)
                continue;
            ++decodes;
            state.lastSequence = frame.sequence();
            if (state.decoder.decode(frame.encoded()) != H264Decoder::Result::Picture) {
                qCDebug(lcStore).noquote()
                    << "H.264 frame" << frame.sequence() << "of the group"
                    << "did not decode whole:" << state.decoder.errorString();
                state.broken = true;
                break;
            }
            state.current = frame;
        }
    }
    CameraFrame result;
    if (!state.broken && state.current.sequence() == target.sequence()) {
        result = target.withPicture(state.decoder.picture());
    } else {
        // Something after the key frame is broken: the key frame's own picture, whole and older,
        // rather than a smeared newer one.
        H264Decoder keyOnly(H264Decoder::Mode::KeyFramesOnly);
        ++decodes;
        if (keyOnly.decode(key.encoded()) == H264Decoder::Result::Picture)
            result = key.withPicture(keyOnly.picture());
    }
    decodeLocker.unlock();

    QMutexLocker locker(&m_mutex);
    m_onDemandDecodes += decodes;
    return result;
}
