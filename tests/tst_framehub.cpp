#include "frames/framehub.h"

#include "frames/framesubscription.h"
#include "testframes.h"

#include <QSemaphore>
#include <QSignalSpy>
#include <QTest>
#include <QThreadPool>

#include <memory>

using namespace TestFrames;

namespace {

// Occupies every thread of the global pool, so that no decode can start until release(): a
// consumer that cannot keep up.
class PoolBlocker final
{
public:
    PoolBlocker()
        : m_threads(QThreadPool::globalInstance()->maxThreadCount())
    {
        for (int i = 0; i < m_threads; ++i) {
            QThreadPool::globalInstance()->start([this] {
                m_started.release();
                m_release.acquire();
            });
        }
        m_started.acquire(m_threads);
    }
    ~PoolBlocker()
    {
        release();
        QThreadPool::globalInstance()->waitForDone();
    }
    Q_DISABLE_COPY_MOVE(PoolBlocker)

    void release()
    {
        if (!m_released)
            m_release.release(m_threads);
        m_released = true;
    }

private:
    const int m_threads;
    QSemaphore m_started;
    QSemaphore m_release;
    bool m_released = false;
};

QImage pictureAt(const QSignalSpy &spy, int index)
{
    return spy.at(index).at(0).value<QImage>();
}

qint64 frameNsAt(const QSignalSpy &spy, int index)
{
    return spy.at(index).at(1).toLongLong();
}

// Lets a subscription's queued "deliver the latest frame" run, so that a test starts from a
// settled state (the hub had no frame yet, so nothing is decoded).
void settle()
{
    QCoreApplication::processEvents();
}

} // namespace

class TestFrameHub : public QObject
{
    Q_OBJECT

private slots:
    void cleanup();

    void publishNumbersAndKeepsTheLatest();
    void nullFrameIsIgnored();
    void clearForgetsTheLatest();
    void subscribersHaveTheirOwnSize_data();
    void subscribersHaveTheirOwnSize();
    void sameSizeIsDecodedOnce();
    void newSubscriptionGetsTheLatestAtItsSize();
    void sizeChangeRedeliversTheLatest();
    void refreshDeliversTheLatestAgain();
    void pausedCostsNothing();
    void countsSubscriptions();
    void rateCapDeliversTheNewestOnceTheIntervalAllows();
    void subscriptionDestroyedBeforeTheHub();
    void hubDestroyedBeforeTheSubscription();
    void newestWinsUnderABurst();
};

void TestFrameHub::cleanup()
{
    // No decode of one test may deliver into the next.
    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::processEvents();
}

void TestFrameHub::publishNumbersAndKeepsTheLatest()
{
    FrameHub hub;
    QVERIFY(hub.latest().isNull());
    QSignalSpy arrived(&hub, &FrameHub::frameArrived);

    const QByteArray jpeg = patternJpeg(QSize(64, 36));
    for (qint64 ns : {10, 20, 30})
        hub.publish(CameraFrame::fromJpeg(jpeg, QDateTime::currentDateTime(), ns));

    QCOMPARE(arrived.size(), 3);
    for (int i = 0; i < 3; ++i) {
        const auto frame = arrived.at(i).at(0).value<CameraFrame>();
        QCOMPARE(frame.sequence(), quint64(i + 1));
        QCOMPARE(frame.receivedNs(), qint64(10 * (i + 1)));
        QCOMPARE(frame.encoded(), jpeg);
    }
    QCOMPARE(hub.latest().sequence(), quint64(3));
    QCOMPARE(hub.latest().receivedNs(), qint64(30));
}

void TestFrameHub::nullFrameIsIgnored()
{
    FrameHub hub;
    QSignalSpy arrived(&hub, &FrameHub::frameArrived);
    hub.publish(jpegFrame(10, QSize(64, 36)));
    hub.publish(CameraFrame());
    QCOMPARE(arrived.size(), 1);
    QCOMPARE(hub.latest().receivedNs(), qint64(10));
}

void TestFrameHub::clearForgetsTheLatest()
{
    FrameHub hub;
    hub.publish(jpegFrame(10, QSize(64, 36)));
    hub.clear();
    QVERIFY(hub.latest().isNull());

    // A subscription made now has nothing to show, until the next frame.
    QObject owner;
    FrameSubscription *subscription = hub.subscribe(&owner);
    QSignalSpy pictures(subscription, &FrameSubscription::pictureReady);
    settle();
    hub.publish(jpegFrame(20, QSize(64, 36)));
    QCOMPARE(hub.latest().sequence(), quint64(2)); // numbers keep counting
    QTRY_COMPARE(pictures.size(), 1);
    QCOMPARE(frameNsAt(pictures, 0), qint64(20));
}

void TestFrameHub::subscribersHaveTheirOwnSize_data()
{
    QTest::addColumn<QSize>("sizeA");
    QTest::addColumn<QSize>("sizeB");
    QTest::addColumn<QSize>("expectedA");
    QTest::addColumn<QSize>("expectedB");

    QTest::newRow("tile and single view")
        << QSize(320, 180) << QSize() << QSize(320, 180) << QSize(1280, 720);
    QTest::newRow("two tile sizes")
        << QSize(480, 300) << QSize(200, 200) << QSize(480, 270) << QSize(200, 112);
}

void TestFrameHub::subscribersHaveTheirOwnSize()
{
    QFETCH(QSize, sizeA);
    QFETCH(QSize, sizeB);
    QFETCH(QSize, expectedA);
    QFETCH(QSize, expectedB);

    FrameHub hub;
    QObject owner;
    FrameSubscription *a = hub.subscribe(&owner);
    FrameSubscription *b = hub.subscribe(&owner);
    a->setSize(sizeA);
    b->setSize(sizeB);
    QCOMPARE(a->size(), sizeA);
    QCOMPARE(b->size(), sizeB);
    QSignalSpy picturesA(a, &FrameSubscription::pictureReady);
    QSignalSpy picturesB(b, &FrameSubscription::pictureReady);
    settle();

    hub.publish(jpegFrame(10));
    QTRY_COMPARE_WITH_TIMEOUT(picturesA.size(), 1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(picturesB.size(), 1, 10000);
    QCOMPARE(pictureAt(picturesA, 0).size(), expectedA);
    QCOMPARE(pictureAt(picturesB, 0).size(), expectedB);
    QCOMPARE(frameNsAt(picturesA, 0), qint64(10));
    QCOMPARE(frameNsAt(picturesB, 0), qint64(10));
    QCOMPARE(hub.decodeCount(), quint64(2));
    QCOMPARE(a->picturesDelivered(), quint64(1));
    QCOMPARE(b->picturesDelivered(), quint64(1));
}

void TestFrameHub::sameSizeIsDecodedOnce()
{
    FrameHub hub;
    QObject owner;
    QList<FrameSubscription *> tiles;
    QList<std::shared_ptr<QSignalSpy>> spies;
    for (int i = 0; i < 3; ++i) {
        tiles.append(hub.subscribe(&owner));
        tiles.last()->setSize(QSize(320, 180));
        spies.append(std::make_shared<QSignalSpy>(tiles.last(), &FrameSubscription::pictureReady));
    }
    FrameSubscription *singleView = hub.subscribe(&owner);
    QSignalSpy singleViewPictures(singleView, &FrameSubscription::pictureReady);
    settle();

    for (int frame = 1; frame <= 2; ++frame) {
        hub.publish(jpegFrame(frame));
        for (const auto &spy : std::as_const(spies)) {
            QTRY_COMPARE_WITH_TIMEOUT(spy->size(), frame, 10000);
            QCOMPARE(pictureAt(*spy, frame - 1).size(), QSize(320, 180));
            QCOMPARE(frameNsAt(*spy, frame - 1), qint64(frame));
        }
        QTRY_COMPARE_WITH_TIMEOUT(singleViewPictures.size(), frame, 10000);
        // Per frame: one decode at 320x180 that three tiles share, one at full size.
        QCOMPARE(hub.decodeCount(), quint64(2 * frame));
        QCOMPARE(hub.sharedDecodeCount(), quint64(2 * frame));
    }
}

void TestFrameHub::newSubscriptionGetsTheLatestAtItsSize()
{
    FrameHub hub;
    hub.publish(jpegFrame(10));

    QObject owner;
    FrameSubscription *subscription = hub.subscribe(&owner);
    // Set right after subscribing, as a tile does: the first decode is already at this size.
    subscription->setSize(QSize(160, 90));
    QSignalSpy pictures(subscription, &FrameSubscription::pictureReady);
    QTRY_COMPARE_WITH_TIMEOUT(pictures.size(), 1, 10000);
    QCOMPARE(pictureAt(pictures, 0).size(), QSize(160, 90));
    QCOMPARE(frameNsAt(pictures, 0), qint64(10));
    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::processEvents();
    QCOMPARE(pictures.size(), 1);
    QCOMPARE(hub.decodeCount(), quint64(1)); // not once at full size and again at 160x90
}

void TestFrameHub::sizeChangeRedeliversTheLatest()
{
    FrameHub hub;
    QObject owner;
    FrameSubscription *subscription = hub.subscribe(&owner);
    subscription->setSize(QSize(320, 180));
    QSignalSpy pictures(subscription, &FrameSubscription::pictureReady);
    settle();
    hub.publish(jpegFrame(10));
    QTRY_COMPARE_WITH_TIMEOUT(pictures.size(), 1, 10000);

    // The tile grew; the camera sends nothing new meanwhile.
    subscription->setSize(QSize(640, 360));
    QTRY_COMPARE_WITH_TIMEOUT(pictures.size(), 2, 10000);
    QCOMPARE(pictureAt(pictures, 1).size(), QSize(640, 360));
    QCOMPARE(frameNsAt(pictures, 1), qint64(10));
}

void TestFrameHub::refreshDeliversTheLatestAgain()
{
    FrameHub hub;
    QObject owner;
    FrameSubscription *subscription = hub.subscribe(&owner);
    subscription->setSize(QSize(320, 180));
    QSignalSpy pictures(subscription, &FrameSubscription::pictureReady);
    settle();
    hub.publish(jpegFrame(10));
    QTRY_COMPARE_WITH_TIMEOUT(pictures.size(), 1, 10000);

    subscription->refresh();
    QTRY_COMPARE_WITH_TIMEOUT(pictures.size(), 2, 10000);
    QCOMPARE(frameNsAt(pictures, 1), qint64(10));
    QCOMPARE(pictureAt(pictures, 1).size(), QSize(320, 180));
    // The same frame at the same size: the hub still has the picture.
    QCOMPARE(hub.decodeCount(), quint64(1));
}

void TestFrameHub::pausedCostsNothing()
{
    FrameHub hub;
    QObject owner;
    FrameSubscription *visible = hub.subscribe(&owner);
    visible->setSize(QSize(320, 180));
    FrameSubscription *hidden = hub.subscribe(&owner);
    hidden->setSize(QSize(640, 360));
    hidden->setPaused(true);
    QVERIFY(hidden->isPaused());
    QSignalSpy visiblePictures(visible, &FrameSubscription::pictureReady);
    QSignalSpy hiddenPictures(hidden, &FrameSubscription::pictureReady);
    settle();

    // The visible tile's pictures show that the frames were offered, and decoded for it alone.
    for (int frame = 1; frame <= 3; ++frame) {
        hub.publish(jpegFrame(10 * frame));
        QTRY_COMPARE_WITH_TIMEOUT(visiblePictures.size(), frame, 10000);
    }
    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::processEvents();
    QCOMPARE(hub.decodeCount(), quint64(3));
    QCOMPARE(hiddenPictures.size(), 0);
    QCOMPARE(hidden->framesSkipped(), quint64(3));
    QCOMPARE(hidden->picturesDelivered(), quint64(0));

    // Shown again: the latest frame at once, without waiting for the camera.
    hidden->setPaused(false);
    QTRY_COMPARE_WITH_TIMEOUT(hiddenPictures.size(), 1, 10000);
    QCOMPARE(frameNsAt(hiddenPictures, 0), qint64(30));
    QCOMPARE(pictureAt(hiddenPictures, 0).size(), QSize(640, 360));
    QCOMPARE(hub.decodeCount(), quint64(4));
}

void TestFrameHub::countsSubscriptions()
{
    FrameHub hub;
    QSignalSpy changed(&hub, &FrameHub::subscriptionsChanged);
    QObject owner;
    auto *otherOwner = new QObject(&owner);
    FrameSubscription *a = hub.subscribe(&owner);
    hub.subscribe(otherOwner);
    QCOMPARE(hub.subscriptionCount(), 2);
    QCOMPARE(hub.activeSubscriptionCount(), 2);
    QCOMPARE(changed.size(), 2);

    a->setPaused(true);
    QCOMPARE(hub.subscriptionCount(), 2);
    QCOMPARE(hub.activeSubscriptionCount(), 1);
    QCOMPARE(changed.size(), 3);
    a->setPaused(true); // no change, no signal
    QCOMPARE(changed.size(), 3);

    delete otherOwner; // its subscription goes with it
    QCOMPARE(hub.subscriptionCount(), 1);
    QCOMPARE(hub.activeSubscriptionCount(), 0);
    QCOMPARE(changed.size(), 4);
}

void TestFrameHub::rateCapDeliversTheNewestOnceTheIntervalAllows()
{
    FrameHub hub;
    QObject owner;
    FrameSubscription *tile = hub.subscribe(&owner);
    qint64 nowMs = 1000;
    tile->setClock([&nowMs] { return nowMs; });
    tile->setSize(QSize(160, 90));
    tile->setMaxRate(2); // one picture every 500 ms
    QCOMPARE(tile->maxRate(), 2.0);
    QSignalSpy pictures(tile, &FrameSubscription::pictureReady);
    settle();

    hub.publish(jpegFrame(10));
    QTRY_COMPARE_WITH_TIMEOUT(pictures.size(), 1, 10000);

    // Too soon: held, not decoded; the newer replaces the older.
    nowMs = 1100;
    hub.publish(jpegFrame(20));
    hub.publish(jpegFrame(30));
    QCOMPARE(tile->framesSkipped(), quint64(1));
    QCOMPARE(hub.decodeCount(), quint64(1));

    // The interval has passed: the newest held frame comes without another from the camera.
    nowMs = 1500;
    QTRY_COMPARE_WITH_TIMEOUT(pictures.size(), 2, 10000);
    QCOMPARE(frameNsAt(pictures, 1), qint64(30));
    QCOMPARE(hub.decodeCount(), quint64(2));

    // Late enough: decoded at once.
    nowMs = 2100;
    hub.publish(jpegFrame(40));
    QTRY_COMPARE_WITH_TIMEOUT(pictures.size(), 3, 10000);
    QCOMPARE(frameNsAt(pictures, 2), qint64(40));

    // Lifting the cap releases a held frame at once.
    nowMs = 2200;
    hub.publish(jpegFrame(50));
    QCOMPARE(pictures.size(), 3);
    tile->setMaxRate(0);
    QTRY_COMPARE_WITH_TIMEOUT(pictures.size(), 4, 10000);
    QCOMPARE(frameNsAt(pictures, 3), qint64(50));
    QCOMPARE(tile->framesSkipped(), quint64(1));
    QCOMPARE(tile->picturesDelivered(), quint64(4));
}

void TestFrameHub::subscriptionDestroyedBeforeTheHub()
{
    FrameHub hub;
    auto *owner = new QObject;
    hub.subscribe(owner)->setSize(QSize(320, 180));
    settle();
    hub.publish(jpegFrame(10));
    delete owner; // its decode may be running: it must neither crash nor deliver
    QCOMPARE(hub.subscriptionCount(), 0);
    hub.publish(jpegFrame(20));
    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::processEvents();
    QCOMPARE(hub.latest().sequence(), quint64(2));
}

void TestFrameHub::hubDestroyedBeforeTheSubscription()
{
    QObject owner;
    auto hub = std::make_unique<FrameHub>();
    FrameSubscription *subscription = hub->subscribe(&owner);
    subscription->setSize(QSize(320, 180));
    QSignalSpy pictures(subscription, &FrameSubscription::pictureReady);
    settle();
    hub->publish(jpegFrame(10));
    hub.reset(); // the decode under way still has what it needs

    QTRY_COMPARE_WITH_TIMEOUT(pictures.size(), 1, 10000);
    // Without a hub there is nothing more to show; nothing breaks either.
    subscription->setSize(QSize(640, 360));
    subscription->refresh();
    subscription->setPaused(true);
    subscription->setPaused(false);
    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::processEvents();
    QCOMPARE(pictures.size(), 1);
}

void TestFrameHub::newestWinsUnderABurst()
{
    FrameHub hub;
    QObject owner;
    FrameSubscription *subscription = hub.subscribe(&owner);
    subscription->setSize(QSize(320, 180));
    QSignalSpy pictures(subscription, &FrameSubscription::pictureReady);
    settle();

    const QByteArray jpeg = patternJpeg();
    {
        PoolBlocker blocker;
        for (qint64 ns = 1; ns <= 50; ++ns)
            hub.publish(CameraFrame::fromJpeg(jpeg, QDateTime::currentDateTime(), ns));
        QCOMPARE(subscription->framesSkipped(), quint64(49));
    }
    QTRY_COMPARE_WITH_TIMEOUT(pictures.size(), 1, 10000);
    QCOMPARE(frameNsAt(pictures, 0), qint64(50));
    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::processEvents();
    QCOMPARE(pictures.size(), 1);
    QCOMPARE(hub.decodeCount(), quint64(1));
    QCOMPARE(subscription->picturesDelivered(), quint64(1));
}

QTEST_GUILESS_MAIN(TestFrameHub)
#include "tst_framehub.moc"
