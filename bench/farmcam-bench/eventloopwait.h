// Waiting in a benchmark without blocking the event loop that the measured code runs on.
#pragma once

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QTimer>

namespace EventLoopWait {

// Runs the event loop until `done` holds or the deadline passes; true if it held. The loop sleeps
// between events; a 100 ms timer wakes it to look at `done` (cheap next to what is measured).
template<typename Predicate> bool until(Predicate done, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    QTimer wake;
    wake.start(100);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    return true;
}

inline void forMs(int ms)
{
    until([] { return false; }, ms);
}

} // namespace EventLoopWait
