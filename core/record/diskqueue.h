// A recorder's writes, in order, on a thread of its own, with a bound on what may wait.
#pragma once

#include <QtGlobal>

#include <atomic>
#include <functional>

class QThreadPool;

// A camera frame arrives on the GUI thread. Writing it there is cheap while the disk keeps up
// (~0.1 ms per frame to the page cache) and freezes the whole window when it does not: a NAS
// that stalls, a USB disk spinning up, a big copy on the same disk. The failure-clip ring and the
// on-demand recorder therefore hand each write to this queue: tasks run one after another, in the
// order posted, on one thread.
//
// post(bytes, task) refuses a frame when more than maxQueuedBytes() would wait: the caller drops
// it and says the disk is too slow, and memory stays bounded however long the disk stalls.
// Control tasks (open, close, rename, remove) are always queued: they are small, and skipping one
// would leave a file in the wrong state. The destructor waits for everything queued.
class DiskQueue final
{
    Q_DISABLE_COPY_MOVE(DiskQueue)

public:
    // 32 MB: a minute and more of a port-6000 camera, seconds of a stalled RTSPS one.
    static constexpr qint64 kDefaultMaxQueuedBytes = 32LL * 1024 * 1024;

    explicit DiskQueue(qint64 maxQueuedBytes = kDefaultMaxQueuedBytes);
    ~DiskQueue();

    // False, and nothing queued, when the bound would be exceeded.
    bool post(qint64 bytes, std::function<void()> task);
    void post(std::function<void()> task);
    // Blocks until every task posted so far has run (destruction, tests).
    void waitForDone();

    qint64 queuedBytes() const { return m_queuedBytes.load(); }
    qint64 maxQueuedBytes() const { return m_maxQueuedBytes; }

private:
    QThreadPool *m_pool; // owned: deleted after waitForDone()
    qint64 m_maxQueuedBytes;
    std::atomic<qint64> m_queuedBytes{0};
};
