#include "share/wakeupscheduler.h"

#include "frames/cameraframe.h"
#include "share/connectionwaiter.h"

#include <QTimer>

#include <vector>

WakeupScheduler::WakeupScheduler(QObject *parent)
    : QObject(parent)
    , m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    m_timer->setTimerType(Qt::PreciseTimer);
    connect(m_timer, &QTimer::timeout, this, &WakeupScheduler::fire);
}

WakeupScheduler::~WakeupScheduler()
{
    stop();
}

void WakeupScheduler::wakeAt(qint64 dueNs, const std::shared_ptr<ConnectionWaiter> &waiter)
{
    QMutexLocker locker(&m_mutex);
    if (m_stopped || !waiter)
        return;
    waiter->suspend(); // before it is listed: a wake that follows finds it suspended
    m_waiting.emplace(dueNs, waiter);
    const bool earliest = m_waiting.begin()->first == dueNs;
    if (earliest && (m_armedForNs == 0 || dueNs < m_armedForNs) && !m_rearmPosted) {
        m_rearmPosted = true;
        QMetaObject::invokeMethod(this, &WakeupScheduler::rearm, Qt::QueuedConnection);
    }
}

void WakeupScheduler::stop()
{
    std::multimap<qint64, std::shared_ptr<ConnectionWaiter>> waiting;
    {
        QMutexLocker locker(&m_mutex);
        m_stopped = true;
        waiting.swap(m_waiting);
        m_armedForNs = 0;
    }
    m_timer->stop();
    for (const auto &entry : waiting)
        entry.second->wake();
}

void WakeupScheduler::restart()
{
    QMutexLocker locker(&m_mutex);
    m_stopped = false;
}

int WakeupScheduler::pendingCount() const
{
    QMutexLocker locker(&m_mutex);
    return int(m_waiting.size());
}

void WakeupScheduler::rearm()
{
    QMutexLocker locker(&m_mutex);
    m_rearmPosted = false;
    if (m_waiting.empty()) {
        m_armedForNs = 0;
        m_timer->stop();
        return;
    }
    const qint64 dueNs = m_waiting.begin()->first;
    const qint64 nowNs = CameraFrame::steadyNowNs();
    m_armedForNs = dueNs;
    // Rounded up: a timer that fires early only costs another turn.
    const qint64 inMs = dueNs > nowNs ? (dueNs - nowNs + 999999) / 1000000 : 0;
    m_timer->start(int(std::min<qint64>(inMs, 24 * 3600 * 1000)));
}

void WakeupScheduler::fire()
{
    std::vector<std::shared_ptr<ConnectionWaiter>> due;
    {
        QMutexLocker locker(&m_mutex);
        m_armedForNs = 0;
        const qint64 nowNs = CameraFrame::steadyNowNs();
        while (!m_waiting.empty() && m_waiting.begin()->first <= nowNs) {
            due.push_back(std::move(m_waiting.begin()->second));
            m_waiting.erase(m_waiting.begin());
        }
    }
    for (const auto &waiter : due)
        waiter->wake();
    rearm();
}
