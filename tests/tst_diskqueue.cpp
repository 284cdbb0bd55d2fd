// DiskQueue: tasks run in the order posted, on a thread other than the caller's, and what waits
// is bounded however long the disk stalls.
#include "record/diskqueue.h"

#include <QMutex>
#include <QSemaphore>
#include <QTest>
#include <QThread>

class TestDiskQueue : public QObject
{
    Q_OBJECT

private slots:
    void runsInOrderOffTheCallersThread();
    void refusesWhatExceedsTheBound_data();
    void refusesWhatExceedsTheBound();
    void destructionWaitsForEveryTask();
};

void TestDiskQueue::runsInOrderOffTheCallersThread()
{
    DiskQueue queue;
    QMutex mutex;
    QList<int> order;
    QList<QThread *> threads;
    for (int i = 0; i < 200; ++i) {
        const auto task = [&, i] {
            QMutexLocker locker(&mutex);
            order.append(i);
            threads.append(QThread::currentThread());
        };
        if (i % 2 == 0)
            QVERIFY(queue.post(100, task));
        else
            queue.post(task); // control tasks keep their place among the frames
    }
    queue.waitForDone();
    QCOMPARE(order.size(), 200);
    for (int i = 0; i < order.size(); ++i)
        QCOMPARE(order.at(i), i);
    for (QThread *thread : std::as_const(threads))
        QVERIFY(thread != QThread::currentThread());
    QCOMPARE(queue.queuedBytes(), 0);
}

void TestDiskQueue::refusesWhatExceedsTheBound_data()
{
    QTest::addColumn<qint64>("bound");
    QTest::addColumn<qint64>("frameBytes");
    QTest::addColumn<int>("accepted");

    QTest::newRow("whole frames fit") << qint64(1000) << qint64(250) << 4;
    QTest::newRow("the last one would not fit") << qint64(1000) << qint64(300) << 3;
    QTest::newRow("a frame bigger than the bound") << qint64(1000) << qint64(1001) << 0;
}

void TestDiskQueue::refusesWhatExceedsTheBound()
{
    QFETCH(qint64, bound);
    QFETCH(qint64, frameBytes);
    QFETCH(int, accepted);

    DiskQueue queue(bound);
    QCOMPARE(queue.maxQueuedBytes(), bound);
    // The disk stalls: the first task blocks until released.
    QSemaphore stalled;
    QSemaphore running;
    queue.post([&] {
        running.release();
        stalled.acquire();
    });
    QVERIFY(running.tryAcquire(1, 10000));
    int taken = 0;
    int written = 0;
    for (int i = 0; i < 50; ++i) {
        if (queue.post(frameBytes, [&written] { ++written; }))
            ++taken;
    }
    QCOMPARE(taken, accepted);
    QVERIFY(queue.queuedBytes() <= bound);
    QCOMPARE(queue.queuedBytes(), accepted * frameBytes);
    // Control tasks are never refused.
    bool closed = false;
    queue.post([&closed] { closed = true; });

    stalled.release();
    queue.waitForDone();
    QCOMPARE(written, accepted);
    QVERIFY(closed);
    QCOMPARE(queue.queuedBytes(), 0);
    // Caught up: frames are taken again.
    QCOMPARE(queue.post(qMin(frameBytes, bound), [] {}), true);
}

void TestDiskQueue::destructionWaitsForEveryTask()
{
    int written = 0;
    {
        DiskQueue queue;
        for (int i = 0; i < 100; ++i)
            QVERIFY(queue.post(10, [&written] {
                QThread::usleep(100);
                ++written;
            }));
    }
    QCOMPARE(written, 100);
}

QTEST_GUILESS_MAIN(TestDiskQueue)
#include "tst_diskqueue.moc"
