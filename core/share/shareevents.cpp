#include "share/shareevents.h"

#include "share/connectionwaiter.h"

#include <algorithm>

class ShareEvents::Subscription
{
public:
    QList<QUuid> changed;
    QList<QUuid> removed;
    bool heartbeat = false;
    std::shared_ptr<ConnectionWaiter> waiter; // set while it waits
};

ShareEvents::~ShareEvents() = default;

std::shared_ptr<ShareEvents::Subscription> ShareEvents::subscribe(const QList<QUuid> &initial)
{
    auto subscription = std::make_shared<Subscription>();
    subscription->changed = initial;
    QMutexLocker locker(&m_mutex);
    m_subscriptions.push_back(subscription);
    return subscription;
}

void ShareEvents::unsubscribe(const Subscription *subscription)
{
    QMutexLocker locker(&m_mutex);
    m_subscriptions.erase(
        std::remove_if(m_subscriptions.begin(), m_subscriptions.end(),
                       [subscription](const auto &entry) { return entry.get() == subscription; }),
        m_subscriptions.end());
}

ShareEvents::Item ShareEvents::next(Subscription *subscription,
                                    const std::shared_ptr<ConnectionWaiter> &waiter)
{
    QMutexLocker locker(&m_mutex);
    if (!subscription->removed.isEmpty())
        return {Item::Kind::Removed, subscription->removed.takeFirst()};
    if (!subscription->changed.isEmpty())
        return {Item::Kind::Printer, subscription->changed.takeFirst()};
    if (subscription->heartbeat) {
        subscription->heartbeat = false;
        return {Item::Kind::Heartbeat, {}};
    }
    if (m_closed)
        return {Item::Kind::Closed, {}};
    if (waiter) {
        waiter->suspend(); // before it is listed (see JpegFeed::newerThan)
        subscription->waiter = waiter;
    }
    return {};
}

template<typename Change> void ShareEvents::notifyAll(Change change)
{
    std::vector<std::shared_ptr<ConnectionWaiter>> waiters;
    {
        QMutexLocker locker(&m_mutex);
        for (const auto &subscription : m_subscriptions) {
            change(*subscription);
            if (subscription->waiter)
                waiters.push_back(std::move(subscription->waiter));
            subscription->waiter.reset();
        }
    }
    for (const auto &waiter : waiters)
        waiter->wake();
}

void ShareEvents::printerChanged(const QUuid &id)
{
    notifyAll([&id](Subscription &subscription) {
        if (!subscription.changed.contains(id))
            subscription.changed.append(id);
    });
}

void ShareEvents::printerRemoved(const QUuid &id)
{
    notifyAll([&id](Subscription &subscription) {
        subscription.changed.removeAll(id);
        if (!subscription.removed.contains(id))
            subscription.removed.append(id);
        while (subscription.removed.size() > kMaxPendingRemovals)
            subscription.removed.removeFirst();
    });
}

void ShareEvents::heartbeat()
{
    notifyAll([](Subscription &subscription) { subscription.heartbeat = true; });
}

void ShareEvents::close()
{
    {
        QMutexLocker locker(&m_mutex);
        m_closed = true;
    }
    notifyAll([](Subscription &) {});
}

void ShareEvents::reopen()
{
    QMutexLocker locker(&m_mutex);
    m_closed = false;
}

int ShareEvents::subscriberCount() const
{
    QMutexLocker locker(&m_mutex);
    return int(m_subscriptions.size());
}
