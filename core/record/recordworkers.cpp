#include "recordworkers.h"

#include "platform/backgroundpriority.h"
#include "platform/threadname.h"

#include <QLoggingCategory>
#include <QThreadPool>

Q_LOGGING_CATEGORY(lcRecordWorkers, "farmcam.record")

QThreadPool *RecordWorkers::encodePool()
{
    static QThreadPool *pool = [] {
        auto *p = new QThreadPool; // never deleted: a worker may run until exit
        p->setMaxThreadCount(1);
        return p;
    }();
    return pool;
}

void RecordWorkers::startEncode(std::function<void()> task)
{
    encodePool()->start([task = std::move(task)] {
        // Set by the thread itself before each encode (one system call): the pool makes its
        // thread anew after it expired, and QThreadPool::setThreadPriority() with
        // QThread::LowestPriority, as before, changed nothing on Linux (see BackgroundPriority).
        if (!BackgroundPriority::applyToCurrentThread())
            qCWarning(lcRecordWorkers) << "the encode thread could not be given background "
                                          "priority: encodes compete with the wall";
        ThreadName::setForCurrentThread(kThreadName);
        task();
    });
}
