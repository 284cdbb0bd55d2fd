#include "framehub.h"

#include "frames/framestore.h"
#include "frames/framesubscription.h"
#include "frames/h264decoder.h"

#include <QLoggingCategory>
#include <QMutex>
#include <QMutexLocker>
#include <QWaitCondition>

#include <algorithm>
#include <utility>
#include <vector>

Q_LOGGING_CATEGORY(lcHub, "farmcam.frames")

// Pictures decoded from the hub's latest frame, one per size, for at most kCachedSizes sizes.
// Called from the subscriptions' decode jobs on pool threads. The first job that asks for a
// (frame, size) decodes it; a job asking for the same while that decode runs waits for it (a
// decode is milliseconds, and waiting costs no CPU), so a tile and the single view at the same
// size, or two viewers, cost one decode a frame.
class FrameHub::PictureCache final
{
public:
    QImage picture(const CameraFrame &frame, const QSize &size)
    {
        QMutexLocker locker(&m_mutex);
        // Not numbered by a hub, or already superseded: nobody else will ask for it.
        if (frame.sequence() == 0 || frame.sequence() < m_latestSequence) {
            ++m_decodes;
            locker.unlock();
            return decode(frame, size);
        }
        const auto found = std::find_if(m_slots.begin(), m_slots.end(), [&](const auto &slot) {
            return slot->size == size && slot->sequence == frame.sequence();
        });
        if (found != m_slots.end()) {
            const std::shared_ptr<Slot> slot = *found; // kept alive even if evicted meanwhile
            slot->lastUse = ++m_useCounter;
            ++m_shared;
            while (!slot->ready)
                m_decoded.wait(&m_mutex);
            return slot->picture;
        }

        auto slot = std::make_shared<Slot>();
        slot->size = size;
        slot->sequence = frame.sequence();
        slot->lastUse = ++m_useCounter;
        // One picture per size: an older frame's picture at this size is of no more use.
        m_slots.erase(std::remove_if(m_slots.begin(), m_slots.end(),
                                     [&](const auto &other) { return other->size == size; }),
                      m_slots.end());
        if (m_slots.size() >= std::size_t(kCachedSizes)) {
            m_slots.erase(
                std::min_element(m_slots.begin(), m_slots.end(), [](const auto &a, const auto &b) {
                    return a->lastUse < b->lastUse;
                }));
        }
        m_slots.push_back(slot);
        ++m_decodes;
        locker.unlock();

        const QImage picture = decode(frame, size); // null for a corrupt frame: shared too

        locker.relock();
        slot->picture = picture;
        slot->ready = true;
        m_decoded.wakeAll();
        return picture;
    }

    // A newer frame was published: pictures of older ones are never asked for again.
    void setLatestSequence(quint64 sequence)
    {
        QMutexLocker locker(&m_mutex);
        m_latestSequence = sequence;
        m_slots.erase(std::remove_if(m_slots.begin(), m_slots.end(),
                                     [&](const auto &slot) { return slot->sequence < sequence; }),
                      m_slots.end());
    }

    void clear()
    {
        QMutexLocker locker(&m_mutex);
        m_slots.clear(); // waiters hold their slot: they still get their picture
    }

    quint64 decodes() const
    {
        QMutexLocker locker(&m_mutex);
        return m_decodes;
    }

    quint64 shared() const
    {
        QMutexLocker locker(&m_mutex);
        return m_shared;
    }

    quint64 keyFrameDecodes() const
    {
        QMutexLocker locker(&m_keyMutex);
        return m_keyDecoder ? m_keyDecoder->decodedCount() : 0;
    }

    void forgetKeyFrame()
    {
        QMutexLocker locker(&m_keyMutex);
        if (m_keyDecoder)
            m_keyDecoder->reset();
        m_keySequence = 0;
    }

private:
    QImage decode(const CameraFrame &frame, const QSize &size)
    {
        if (frame.codec() != CameraFrame::Codec::H264)
            return frame.toPicture(size);
        // An H.264 key frame decodes alone. One decoder per hub in key-frame-only mode; the
        // last key frame's picture stays in it, so a second size costs only a scale.
        QMutexLocker locker(&m_keyMutex);
        if (!frame.isKeyFrame())
            return {};
        if (!m_keyDecoder)
            m_keyDecoder = std::make_unique<H264Decoder>(H264Decoder::Mode::KeyFramesOnly);
        if (frame.sequence() == 0 || frame.sequence() != m_keySequence) {
            m_keySequence = 0;
            if (m_keyDecoder->decode(frame.encoded()) != H264Decoder::Result::Picture)
                return {};
            m_keySequence = frame.sequence();
        }
        return m_keyDecoder->picture(size);
    }

    struct Slot
    {
        QSize size;
        quint64 sequence = 0;
        quint64 lastUse = 0;
        bool ready = false;
        QImage picture;
    };

    mutable QMutex m_mutex;
    QWaitCondition m_decoded;
    std::vector<std::shared_ptr<Slot>> m_slots;
    quint64 m_latestSequence = 0;
    quint64 m_useCounter = 0;
    quint64 m_decodes = 0;
    quint64 m_shared = 0;

    mutable QMutex m_keyMutex; // the key-frame decoder, used by one job at a time
    std::unique_ptr<H264Decoder> m_keyDecoder;
    quint64 m_keySequence = 0; // the key frame the decoder's picture shows
};

FrameHub::FrameHub(QObject *parent)
    : QObject(parent)
    , m_cache(std::make_shared<PictureCache>())
    , m_store(std::make_shared<FrameStore>())
{ }

FrameHub::~FrameHub() = default;

CameraFrame FrameHub::latest() const
{
    return m_latest;
}

void FrameHub::clear()
{
    m_latest = CameraFrame();
    m_cache->clear();
    m_cache->forgetKeyFrame();
    m_store->clear();
    stopStream();
    m_latestKeyFrame = CameraFrame();
    m_lastKeyNs = 0;
    m_lastTileRefreshNs = 0;
    m_rareKeyFrames = false;
    for (const QPointer<FrameSubscription> &subscription : std::as_const(m_subscriptions)) {
        if (subscription)
            subscription->forgetHeldFrame();
    }
}

std::shared_ptr<FrameStore> FrameHub::store() const
{
    return m_store;
}

CameraFrame FrameHub::latestPicture() const
{
    return m_store->latestPicture();
}

QByteArray FrameHub::latestJpeg(int quality) const
{
    return m_store->latestJpeg(quality);
}

void FrameHub::publish(const CameraFrame &frame)
{
    if (frame.isNull()) {
        qCDebug(lcHub) << "ignoring a frame without bytes or picture";
        return;
    }
    CameraFrame numbered = frame;
    numbered.setSequence(++m_sequence);
    if (m_latest.codec() == CameraFrame::Codec::H264
        && numbered.codec() != CameraFrame::Codec::H264) {
        stopStream(); // the camera changed kind without a clear()
        m_latestKeyFrame = CameraFrame();
    }
    m_latest = numbered;
    m_cache->setLatestSequence(numbered.sequence());
    m_store->publish(numbered);
    emit frameArrived(numbered);
    if (numbered.codec() == CameraFrame::Codec::H264) {
        publishH264(numbered);
        return;
    }
    // A copy: a slot of frameArrived (or a subscription's owner) may subscribe or unsubscribe.
    const QList<QPointer<FrameSubscription>> subscriptions = m_subscriptions;
    for (const QPointer<FrameSubscription> &subscription : subscriptions) {
        if (subscription)
            subscription->offer(numbered);
    }
}

FrameHub::Wants FrameHub::h264Wants() const
{
    Wants wants;
    for (const QPointer<FrameSubscription> &subscription : m_subscriptions) {
        if (!subscription || subscription->isPaused())
            continue;
        (subscription->decodesEveryFrame() ? wants.everyFrame : wants.keyFrames)
            .append(subscription.data());
    }
    wants.stream = !wants.everyFrame.isEmpty() || (m_rareKeyFrames && !wants.keyFrames.isEmpty());
    wants.fast = wants.everyFrame.isEmpty();
    return wants;
}

void FrameHub::noteKeyFrameTiming(const CameraFrame &frame)
{
    const qint64 now = frame.receivedNs();
    constexpr qint64 msToNs = 1000000;
    if (frame.isKeyFrame()) {
        if (m_lastKeyNs != 0) {
            const qint64 interval = now - m_lastKeyNs;
            // Hysteresis: a camera at about 2 s must not switch modes at every key frame.
            m_rareKeyFrames = m_rareKeyFrames ? interval > kFrequentKeyIntervalMs * msToNs
                                              : interval > kKeyOverdueMs * msToNs;
        }
        m_lastKeyNs = now;
        m_latestKeyFrame = frame;
    } else if (m_lastKeyNs != 0 && now - m_lastKeyNs > kKeyOverdueMs * msToNs) {
        m_rareKeyFrames = true; // already overdue: no need to wait for the interval to end
    }
}

void FrameHub::publishH264(const CameraFrame &frame)
{
    noteKeyFrameTiming(frame);
    const Wants wants = h264Wants();
    // Paused subscriptions never see the frame decoded.
    for (const QPointer<FrameSubscription> &subscription : std::as_const(m_subscriptions)) {
        if (subscription && subscription->isPaused())
            subscription->skip();
    }
    if (!wants.stream) {
        stopStream();
        // Key-frame-only: a key frame decodes alone, through the shared (frame, size) decode.
        const QList<FrameSubscription *> keyFrames = wants.keyFrames;
        for (FrameSubscription *subscription : keyFrames) {
            if (!frame.isKeyFrame())
                subscription->skip();
            else if (m_subscriptions.contains(subscription))
                subscription->offer(frame);
        }
        return;
    }

    const qint64 refreshNs = kRareKeyRefreshMs * 1000000;
    const bool forTiles = !wants.keyFrames.isEmpty()
        && (frame.isKeyFrame() || m_lastTileRefreshNs == 0
            || frame.receivedNs() - m_lastTileRefreshNs >= refreshNs);
    QList<QSize> sizes;
    for (const FrameSubscription *subscription : std::as_const(wants.everyFrame)) {
        if (!sizes.contains(subscription->size()))
            sizes.append(subscription->size());
    }
    for (FrameSubscription *subscription : std::as_const(wants.keyFrames)) {
        if (!forTiles) {
            subscription->skip();
            continue;
        }
        if (!sizes.contains(subscription->size()))
            sizes.append(subscription->size());
    }
    if (forTiles)
        m_lastTileRefreshNs = frame.receivedNs();

    // From fast (tiles only) to full quality (the single view opened): the fast mode's
    // unfiltered reference frames would smear the big picture until the next key frame, so
    // start again from the key frame at full quality.
    if (!m_streamRunning || (m_stream->isFast() && !wants.fast)) {
        startStream(wants.fast, sizes); // catches up to this frame, which is in the store
        return;
    }
    m_stream->setFast(wants.fast);
    m_stream->enqueue({frame, sizes, forTiles});
}

void FrameHub::startStream(bool fast, const QList<QSize> &sizes)
{
    if (!m_stream) {
        m_stream = new H264StreamDecoder(this);
        connect(m_stream, &H264StreamDecoder::picturesReady, this, &FrameHub::onStreamPictures);
        m_store->setStreamPictureFunction(m_stream->fullPictureFunction());
    }
    m_stream->reset();
    m_stream->setFast(fast);
    m_streamRunning = true;
    // Every frame from the last key frame, in order; pictures only of the newest.
    const QList<CameraFrame> group = m_store->gopFrames();
    for (qsizetype i = 0; i < group.size(); ++i) {
        const bool newest = i == group.size() - 1;
        m_stream->enqueue({group.at(i), newest ? sizes : QList<QSize>(), newest});
    }
}

void FrameHub::stopStream()
{
    if (!m_streamRunning)
        return;
    m_streamRunning = false;
    m_stream->reset(); // drops what waits; nothing more is delivered
}

void FrameHub::requestLatestH264(FrameSubscription *subscription)
{
    if (subscription->isPaused())
        return;
    const Wants wants = h264Wants();
    if (!wants.stream) {
        if (!m_latestKeyFrame.isNull())
            subscription->submit(m_latestKeyFrame); // through the shared key-frame decode
        return;
    }
    const QList<QSize> sizes = {subscription->size()};
    if (!m_streamRunning || (m_stream->isFast() && !wants.fast)) {
        startStream(wants.fast, sizes);
        return;
    }
    m_stream->setFast(wants.fast);
    m_stream->enqueue({CameraFrame(), sizes, true}); // the current picture again
}

void FrameHub::onStreamPictures(const CameraFrame &frame, bool forTiles,
                                const QList<H264StreamDecoder::Picture> &pictures)
{
    const QList<QPointer<FrameSubscription>> subscriptions = m_subscriptions;
    for (const QPointer<FrameSubscription> &subscription : subscriptions) {
        if (!subscription || subscription->isPaused()
            || !(subscription->decodesEveryFrame() || forTiles))
            continue;
        for (const H264StreamDecoder::Picture &picture : pictures) {
            if (picture.size == subscription->size() && !picture.picture.isNull()) {
                subscription->deliverStreamPicture(picture.picture, frame.receivedNs());
                break;
            }
        }
    }
}

FrameSubscription *FrameHub::subscribe(QObject *owner)
{
    const std::shared_ptr<PictureCache> cache = m_cache;
    auto *subscription = new FrameSubscription(
        this,
        [cache](const CameraFrame &frame, const QSize &size) {
            return cache->picture(frame, size);
        },
        owner);
    m_subscriptions.append(subscription);
    emit subscriptionsChanged();
    return subscription;
}

int FrameHub::subscriptionCount() const
{
    return int(m_subscriptions.size());
}

int FrameHub::activeSubscriptionCount() const
{
    return int(std::count_if(m_subscriptions.cbegin(), m_subscriptions.cend(),
                             [](const QPointer<FrameSubscription> &subscription) {
                                 return subscription && !subscription->isPaused();
                             }));
}

quint64 FrameHub::decodeCount() const
{
    return m_cache->decodes();
}

quint64 FrameHub::sharedDecodeCount() const
{
    return m_cache->shared();
}

quint64 FrameHub::h264DecodeCount() const
{
    return m_cache->keyFrameDecodes() + (m_stream ? m_stream->decodedCount() : 0);
}

void FrameHub::detach(FrameSubscription *subscription)
{
    // Called from ~FrameSubscription, where the QPointer still points at it.
    m_subscriptions.removeIf([subscription](const QPointer<FrameSubscription> &entry) {
        return entry.isNull() || entry.data() == subscription;
    });
    if (m_streamRunning && !h264Wants().stream)
        stopStream();
    emit subscriptionsChanged();
}

void FrameHub::subscriptionPausedChanged()
{
    // The last viewer of the stream went away or paused: stop decoding now, not at the next frame.
    if (m_streamRunning && !h264Wants().stream)
        stopStream();
    emit subscriptionsChanged();
}
