#include "recordworkers.h"

#include <QThreadPool>

QThreadPool *RecordWorkers::encodePool()
{
    static QThreadPool *pool = [] {
        auto *p = new QThreadPool; // never deleted: a worker may run until exit
        p->setMaxThreadCount(1);
        p->setThreadPriority(QThread::LowestPriority);
        return p;
    }();
    return pool;
}
