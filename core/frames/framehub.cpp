#include "framehub.h"

#include "frames/framesubscription.h"

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
            return frame.toPicture(size);
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

        const QImage picture = frame.toPicture(size); // null for a corrupt frame: shared too

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

private:
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
};

FrameHub::FrameHub(QObject *parent)
    : QObject(parent)
    , m_cache(std::make_shared<PictureCache>())
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
    for (const QPointer<FrameSubscription> &subscription : std::as_const(m_subscriptions)) {
        if (subscription)
            subscription->forgetHeldFrame();
    }
}

void FrameHub::publish(const CameraFrame &frame)
{
    if (frame.isNull()) {
        qCDebug(lcHub) << "ignoring a frame without bytes or picture";
        return;
    }
    CameraFrame numbered = frame;
    numbered.setSequence(++m_sequence);
    m_latest = numbered;
    m_cache->setLatestSequence(numbered.sequence());
    emit frameArrived(numbered);
    // A copy: a slot of frameArrived (or a subscription's owner) may subscribe or unsubscribe.
    const QList<QPointer<FrameSubscription>> subscriptions = m_subscriptions;
    for (const QPointer<FrameSubscription> &subscription : subscriptions) {
        if (subscription)
            subscription->offer(numbered);
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

void FrameHub::detach(FrameSubscription *subscription)
{
    // Called from ~FrameSubscription, where the QPointer still points at it.
    m_subscriptions.removeIf([subscription](const QPointer<FrameSubscription> &entry) {
        return entry.isNull() || entry.data() == subscription;
    });
    emit subscriptionsChanged();
}

void FrameHub::subscriptionPausedChanged()
{
    emit subscriptionsChanged();
}
