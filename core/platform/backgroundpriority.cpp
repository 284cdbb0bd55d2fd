#include "backgroundpriority.h"

#include <QThread>

#if defined(Q_OS_LINUX)
#include <cerrno>
#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace BackgroundPriority {

#if defined(Q_OS_LINUX)

namespace {

// Linux keeps a nice value per thread: PRIO_PROCESS with a thread id names that thread alone.
id_t currentThreadId()
{
    return static_cast<id_t>(::gettid());
}

} // namespace

bool applyToCurrentThread()
{
    sched_param parameters{};
    parameters.sched_priority = 0; // the only one SCHED_IDLE has
    if (::pthread_setschedparam(::pthread_self(), SCHED_IDLE, &parameters) == 0)
        return true;
    // Refused (a sandbox's seccomp filter, say): the lowest weight SCHED_OTHER has.
    return ::setpriority(PRIO_PROCESS, currentThreadId(), kNice) == 0;
}

bool isAppliedToCurrentThread()
{
    int policy = SCHED_OTHER;
    sched_param parameters{};
    if (::pthread_getschedparam(::pthread_self(), &policy, &parameters) == 0
        && policy == SCHED_IDLE)
        return true;
    errno = 0;
    const int nice = ::getpriority(PRIO_PROCESS, currentThreadId());
    return errno == 0 && nice >= kNice;
}

#else

bool applyToCurrentThread()
{
    QThread *thread = QThread::currentThread();
    if (!thread)
        return false;
    thread->setPriority(QThread::IdlePriority);
    return thread->priority() == QThread::IdlePriority;
}

bool isAppliedToCurrentThread()
{
    const QThread *thread = QThread::currentThread();
    return thread && thread->priority() == QThread::IdlePriority;
}

#endif

} // namespace BackgroundPriority
