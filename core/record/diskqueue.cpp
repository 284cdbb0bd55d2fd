#include "record/diskqueue.h"

#include <QThreadPool>

DiskQueue::DiskQueue(qint64 maxQueuedBytes)
    : m_pool(new QThreadPool)
    , m_maxQueuedBytes(maxQueuedBytes)
{
    m_pool->setMaxThreadCount(1); // one thread: the order posted is the order written
    // An idle thread is kept a while, not for ever: a farm of 30 printers has 60 queues.
    m_pool->setExpiryTimeout(30000);
}

DiskQueue::~DiskQueue()
{
    waitForDone();
    delete m_pool;
}

bool DiskQueue::post(qint64 bytes, std::function<void()> task)
{
    if (m_queuedBytes.load() + bytes > m_maxQueuedBytes)
        return false;
    m_queuedBytes += bytes;
    m_pool->start([this, bytes, task = std::move(task)] {
        task();
        m_queuedBytes -= bytes;
    });
    return true;
}

void DiskQueue::post(std::function<void()> task)
{
    m_pool->start(std::move(task));
}

void DiskQueue::waitForDone()
{
    m_pool->waitForDone();
}
