// What happened to the printers, for each open event stream (/api/events). Thread-safe.
#pragma once

#include <QList>
#include <QMutex>
#include <QUuid>

#include <memory>
#include <vector>

class ConnectionWaiter;

// Each subscriber has its own list of what to tell: printers that changed (each at most once:
// a subscriber that reads slowly gets the newest state of each, not every step), printers
// removed, and a heartbeat. So a subscriber's backlog is bounded by the number of printers, and
// the farm's thread never waits for one.
class ShareEvents final
{
    Q_DISABLE_COPY_MOVE(ShareEvents)

public:
    struct Item
    {
        enum class Kind { None, Printer, Removed, Heartbeat, Closed };
        Kind kind = Kind::None;
        QUuid id;
    };
    class Subscription;

    // Removal events above this many pending are dropped, oldest first.
    static constexpr int kMaxPendingRemovals = 1024;

    ShareEvents() = default;
    ~ShareEvents();

    // `initial`: the printers to describe first (all of them, in order).
    std::shared_ptr<Subscription> subscribe(const QList<QUuid> &initial);
    void unsubscribe(const Subscription *subscription);
    // The next thing to tell `subscription`; None with the waiter suspended (woken by the next
    // event) when there is nothing; Closed once close() was called and nothing is left.
    Item next(Subscription *subscription, const std::shared_ptr<ConnectionWaiter> &waiter);

    void printerChanged(const QUuid &id);
    void printerRemoved(const QUuid &id);
    void heartbeat();
    // The server stops: every subscriber is woken and ends.
    void close();
    void reopen();
    int subscriberCount() const;

private:
    template<typename Change> void notifyAll(Change change);

    mutable QMutex m_mutex;
    std::vector<std::shared_ptr<Subscription>> m_subscriptions;
    bool m_closed = false;
};
