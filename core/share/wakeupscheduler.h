// Resumes waiting connections at a time: a viewer's frame-rate cap, a snapshot's deadline.
#pragma once

#include <QMutex>
#include <QObject>

#include <map>
#include <memory>

class ConnectionWaiter;
class QTimer;

// libmicrohttpd has no timers for suspended connections. This object lives on the server
// object's thread; wakeAt() is called from libmicrohttpd's thread and one precise QTimer wakes
// the earliest waiters when they are due.
class WakeupScheduler final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WakeupScheduler)

public:
    explicit WakeupScheduler(QObject *parent = nullptr);
    ~WakeupScheduler() override;

    // Suspends `waiter` (from a libmicrohttpd callback of its connection) and resumes it at
    // `dueNs` (CameraFrame::steadyNowNs() clock) or at stop(), whichever comes first. Does
    // nothing once stopped.
    void wakeAt(qint64 dueNs, const std::shared_ptr<ConnectionWaiter> &waiter);
    // Wakes everyone now; wakeAt() does nothing afterwards until restart().
    void stop();
    void restart();
    int pendingCount() const;

private:
    void rearm();
    void fire();

    mutable QMutex m_mutex;
    std::multimap<qint64, std::shared_ptr<ConnectionWaiter>> m_waiting;
    bool m_stopped = false;
    bool m_rearmPosted = false;
    qint64 m_armedForNs = 0; // 0: the timer is not running
    QTimer *m_timer; // child
};
