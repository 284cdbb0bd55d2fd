#include "frames/framehub.h"

#include "frames/framestore.h"
#include "frames/framesubscription.h"
#include "frames/h264streamdecoder.h"
#include "h264clip.h"
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

    // H.264 (an RTSPS camera)
    void h264TilesGetOnePicturePerKeyFrame();
    void h264EveryFrameInOrder();
    void h264EveryFrameStartsFromTheLastKeyFrame();
    void h264TileBesideTheSingleViewCostsNoExtraDecode();
    void h264PausedDecodesNothing();
    void h264SameSizeSharesDecodes();
    void h264RareKeyFramesStillRefreshTiles();
    void h264FallingBehindSkipsToTheNextKeyFrame();
    void h264CorruptFramesGiveNoPicture();
};

namespace {

// 100 ms between frames (10 fps): frame i arrives at i * 100 ms.
constexpr qint64 kFrameNs = 100 * 1000 * 1000;

// Three groups of five frames: key frames at 0, 5 and 10 (every 0.5 s: not rare).
const H264Clip::Clip &shortClip()
{
    static const H264Clip::Clip clip = H264Clip::make(15, 5);
    return clip;
}

CameraFrame h264Frame(const H264Clip::Clip &clip, int index)
{
    return H264Clip::frameOf(clip, index, (index + 1) * kFrameNs);
}

int frameIndexOf(qint64 receivedNs)
{
    return int(receivedNs / kFrameNs) - 1;
}

// The clip frame the newest picture shows; -1 before the first.
int lastShown(const QSignalSpy &spy)
{
    return spy.isEmpty() ? -1 : frameIndexOf(frameNsAt(spy, int(spy.size()) - 1));
}

// Every picture shows the clip frame it says it shows (by its colour): never another frame's
// picture, never grey.
void verifyPicturesMatchTheirFrames(const QSignalSpy &spy, const QSize &size)
{
    for (int i = 0; i < spy.size(); ++i) {
        const int frame = frameIndexOf(frameNsAt(spy, i));
        QCOMPARE(pictureAt(spy, i).size(), size);
        QCOMPARE(H264Clip::colourIndexOf(pictureAt(spy, i)), frame % 8);
    }
}

} // namespace

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

void TestFrameHub::h264TilesGetOnePicturePerKeyFrame()
{
    FrameHub hub;
    QObject owner;
    FrameSubscription *tile = hub.subscribe(&owner);
    tile->setSize(QSize(160, 120));
    QVERIFY(!tile->decodesEveryFrame());
    QSignalSpy pictures(tile, &FrameSubscription::pictureReady);
    settle();

    for (int i = 0; i < shortClip().units.size(); ++i) {
        hub.publish(h264Frame(shortClip(), i));
        if (i % 5 == 0)
            QTRY_COMPARE_WITH_TIMEOUT(pictures.size(), i / 5 + 1, 10000);
    }
    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::processEvents();
    QCOMPARE(pictures.size(), 3);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(frameIndexOf(frameNsAt(pictures, i)), i * 5);
    verifyPicturesMatchTheirFrames(pictures, QSize(160, 120));
    QCOMPARE(hub.h264DecodeCount(), quint64(3)); // the key frames, nothing else
    QCOMPARE(tile->framesSkipped(), quint64(12));
    QVERIFY(!hub.isStreamDecoding());
    QVERIFY(!hub.hasRareKeyFrames());
}

void TestFrameHub::h264EveryFrameInOrder()
{
    FrameHub hub;
    QObject owner;
    FrameSubscription *singleView = hub.subscribe(&owner);
    singleView->setDecodeEveryFrame(true);
    singleView->setSize(QSize(640, 480)); // larger than the camera: scaled up once, off the GUI
    QSignalSpy pictures(singleView, &FrameSubscription::pictureReady);
    settle();

    // All at once, faster than they decode: none is skipped, none comes out of order.
    for (int i = 0; i < shortClip().units.size(); ++i)
        hub.publish(h264Frame(shortClip(), i));
    QTRY_COMPARE_WITH_TIMEOUT(pictures.size(), 15, 20000);
    for (int i = 0; i < 15; ++i)
        QCOMPARE(frameIndexOf(frameNsAt(pictures, i)), i);
    verifyPicturesMatchTheirFrames(pictures, QSize(640, 480));
    QCOMPARE(hub.h264DecodeCount(), quint64(15));
    QCOMPARE(singleView->framesSkipped(), quint64(0));
    QVERIFY(hub.isStreamDecoding());

    // Back to a tile: the stream decoder stops at once.
    singleView->setDecodeEveryFrame(false);
    QVERIFY(!hub.isStreamDecoding());
}

void TestFrameHub::h264EveryFrameStartsFromTheLastKeyFrame()
{
    FrameHub hub;
    for (int i = 0; i < 8; ++i) // key frame 5, then 6 and 7
        hub.publish(h264Frame(shortClip(), i));
    QCOMPARE(hub.store()->gopFrameCount(), 3);
    QCOMPARE(hub.h264DecodeCount(), quint64(0)); // nobody watched

    QObject owner;
    FrameSubscription *singleView = hub.subscribe(&owner);
    singleView->setDecodeEveryFrame(true);
    QSignalSpy pictures(singleView, &FrameSubscription::pictureReady);
    QTRY_COMPARE_WITH_TIMEOUT(pictures.size(), 1, 10000);
    // The newest frame, decoded from key frame 5 on: three decodes, one picture.
    QCOMPARE(frameIndexOf(frameNsAt(pictures, 0)), 7);
    verifyPicturesMatchTheirFrames(pictures, shortClip().size);
    QCOMPARE(hub.h264DecodeCount(), quint64(3));

    // And on from there.
    hub.publish(h264Frame(shortClip(), 8));
    QTRY_COMPARE_WITH_TIMEOUT(pictures.size(), 2, 10000);
    QCOMPARE(frameIndexOf(frameNsAt(pictures, 1)), 8);
    verifyPicturesMatchTheirFrames(pictures, shortClip().size);
    QCOMPARE(hub.h264DecodeCount(), quint64(4));
}

void TestFrameHub::h264TileBesideTheSingleViewCostsNoExtraDecode()
{
    FrameHub hub;
    QObject owner;
    FrameSubscription *singleView = hub.subscribe(&owner);
    singleView->setDecodeEveryFrame(true);
    FrameSubscription *tile = hub.subscribe(&owner); // another window's tile, say
    tile->setSize(QSize(80, 60));
    QSignalSpy viewPictures(singleView, &FrameSubscription::pictureReady);
    QSignalSpy tilePictures(tile, &FrameSubscription::pictureReady);
    settle();

    for (int i = 0; i < shortClip().units.size(); ++i)
        hub.publish(h264Frame(shortClip(), i));
    QTRY_COMPARE_WITH_TIMEOUT(viewPictures.size(), 15, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(tilePictures.size(), 3, 10000);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(frameIndexOf(frameNsAt(tilePictures, i)), i * 5);
    verifyPicturesMatchTheirFrames(tilePictures, QSize(80, 60));
    // The tile's key frames came from the stream decoder's work: 15 decodes, not 18.
    QCOMPARE(hub.h264DecodeCount(), quint64(15));
}

void TestFrameHub::h264PausedDecodesNothing()
{
    FrameHub hub;
    QObject owner;
    FrameSubscription *tile = hub.subscribe(&owner);
    tile->setSize(QSize(160, 120));
    tile->setPaused(true);
    FrameSubscription *singleView = hub.subscribe(&owner);
    singleView->setDecodeEveryFrame(true);
    singleView->setPaused(true);
    QSignalSpy tilePictures(tile, &FrameSubscription::pictureReady);
    QSignalSpy viewPictures(singleView, &FrameSubscription::pictureReady);
    settle();

    for (int i = 0; i < 12; ++i)
        hub.publish(h264Frame(shortClip(), i));
    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::processEvents();
    QCOMPARE(hub.h264DecodeCount(), quint64(0));
    QCOMPARE(hub.decodeCount(), quint64(0));
    QVERIFY(!hub.isStreamDecoding());
    QCOMPARE(tile->framesSkipped(), quint64(12));
    QCOMPARE(singleView->framesSkipped(), quint64(12));
    QCOMPARE(tilePictures.size() + viewPictures.size(), 0);
    // The stream was still kept, for a snapshot or for when someone looks again.
    QCOMPARE(hub.store()->gopFrameCount(), 2);

    // Shown again: the tile gets the latest key frame at once.
    tile->setPaused(false);
    QTRY_COMPARE_WITH_TIMEOUT(tilePictures.size(), 1, 10000);
    QCOMPARE(frameIndexOf(frameNsAt(tilePictures, 0)), 10);
    verifyPicturesMatchTheirFrames(tilePictures, QSize(160, 120));
    QCOMPARE(hub.h264DecodeCount(), quint64(1));

    // The single view decoding, then hidden (minimized): the stream decoder stops at once.
    singleView->setPaused(false);
    QTRY_COMPARE_WITH_TIMEOUT(viewPictures.size(), 1, 10000);
    QCOMPARE(frameIndexOf(frameNsAt(viewPictures, 0)), 11);
    QVERIFY(hub.isStreamDecoding());
    singleView->setPaused(true);
    QVERIFY(!hub.isStreamDecoding());
}

void TestFrameHub::h264SameSizeSharesDecodes()
{
    FrameHub hub;
    QObject owner;
    FrameSubscription *a = hub.subscribe(&owner);
    FrameSubscription *b = hub.subscribe(&owner);
    a->setSize(QSize(160, 120));
    b->setSize(QSize(160, 120));
    QSignalSpy picturesA(a, &FrameSubscription::pictureReady);
    QSignalSpy picturesB(b, &FrameSubscription::pictureReady);
    settle();

    for (int i = 0; i < 10; ++i) {
        hub.publish(h264Frame(shortClip(), i));
        if (i % 5 == 0) {
            QTRY_COMPARE_WITH_TIMEOUT(picturesA.size(), i / 5 + 1, 10000);
            QTRY_COMPARE_WITH_TIMEOUT(picturesB.size(), i / 5 + 1, 10000);
        }
    }
    // Per key frame one H.264 decode and one picture, which the other tile shares.
    QCOMPARE(hub.h264DecodeCount(), quint64(2));
    QCOMPARE(hub.decodeCount(), quint64(2));
    QCOMPARE(hub.sharedDecodeCount(), quint64(2));
    verifyPicturesMatchTheirFrames(picturesA, QSize(160, 120));
    verifyPicturesMatchTheirFrames(picturesB, QSize(160, 120));

    // Two single views (two windows) share one stream decoder.
    a->setDecodeEveryFrame(true);
    b->setDecodeEveryFrame(true);
    // Each gets the newest frame (9) at once; both asking in one go may show it twice.
    QTRY_VERIFY_WITH_TIMEOUT(picturesA.size() >= 3 && picturesB.size() >= 3, 10000);
    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::processEvents();
    QCOMPARE(lastShown(picturesA), 9);
    const qsizetype shownA = picturesA.size();
    const qsizetype shownB = picturesB.size();
    const quint64 before = hub.h264DecodeCount();
    for (int i = 10; i < 15; ++i)
        hub.publish(h264Frame(shortClip(), i));
    QTRY_COMPARE_WITH_TIMEOUT(picturesA.size(), shownA + 5, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(picturesB.size(), shownB + 5, 10000);
    QCOMPARE(hub.h264DecodeCount() - before, quint64(5));
    verifyPicturesMatchTheirFrames(picturesA, QSize(160, 120));
    verifyPicturesMatchTheirFrames(picturesB, QSize(160, 120));
}

void TestFrameHub::h264RareKeyFramesStillRefreshTiles()
{
    // A key frame every 3 s (every 30 frames at 10 fps), like some printers send.
    const H264Clip::Clip clip = H264Clip::make(61, 30, QSize(160, 120));
    FrameHub hub;
    QObject owner;
    FrameSubscription *tile = hub.subscribe(&owner);
    tile->setSize(QSize(80, 60));
    // A grid tile with a rate cap, on a clock that follows the camera's frames.
    qint64 nowMs = 0;
    tile->setClock([&nowMs] { return nowMs; });
    tile->setMaxRate(1);
    QSignalSpy pictures(tile, &FrameSubscription::pictureReady);
    settle();

    for (int i = 0; i < clip.units.size(); ++i) {
        nowMs = (i + 1) * 100;
        hub.publish(H264Clip::frameOf(clip, i, (i + 1) * kFrameNs));
        // Let the decoders keep up, as they do in real time (a frame every 100 ms).
        QThreadPool::globalInstance()->waitForDone();
        QCoreApplication::processEvents();
    }
    QVERIFY(hub.hasRareKeyFrames());
    QVERIFY(pictures.size() >= 6);
    // No gap over 2 s between the frames the tile showed, from the first key frame to the end.
    qint64 previous = kFrameNs; // frame 0
    QCOMPARE(frameNsAt(pictures, 0), previous);
    for (int i = 1; i < pictures.size(); ++i) {
        const qint64 gapMs = (frameNsAt(pictures, i) - previous) / 1000000;
        QVERIFY2(gapMs <= FrameHub::kMaxTileRefreshMs, qPrintable(QString::number(gapMs)));
        previous = frameNsAt(pictures, i);
    }
    QVERIFY((clip.units.size() * kFrameNs - previous) / 1000000 <= FrameHub::kMaxTileRefreshMs);
    verifyPicturesMatchTheirFrames(pictures, QSize(80, 60));
    // The cost: every frame after the key frame was overdue is decoded (cheaply, no deblocking).
    QVERIFY(hub.isStreamDecoding());
    QVERIFY(hub.h264DecodeCount() >= quint64(clip.units.size() - 16));

    // Key frames every 0.5 s again: back to key frames only, the stream decoder stops.
    const qint64 start = (clip.units.size() + 1) * kFrameNs;
    for (int i = 0; i < 15; ++i) {
        hub.publish(H264Clip::frameOf(shortClip(), i, start + i * kFrameNs));
        QThreadPool::globalInstance()->waitForDone();
        QCoreApplication::processEvents();
    }
    QVERIFY(!hub.hasRareKeyFrames());
    QVERIFY(!hub.isStreamDecoding());
}

void TestFrameHub::h264FallingBehindSkipsToTheNextKeyFrame()
{
    // Key frames every 100 frames; the pool is busy while 120 frames arrive.
    const H264Clip::Clip clip = H264Clip::make(130, 100, QSize(64, 48));
    FrameHub hub;
    QObject owner;
    FrameSubscription *singleView = hub.subscribe(&owner);
    singleView->setDecodeEveryFrame(true);
    QSignalSpy pictures(singleView, &FrameSubscription::pictureReady);
    settle();
    {
        PoolBlocker blocker;
        for (int i = 0; i < 99; ++i)
            hub.publish(H264Clip::frameOf(clip, i, (i + 1) * kFrameNs));
    }
    // Behind by more than the bound: what waited was dropped, nothing more until a key frame.
    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::processEvents();
    const qsizetype shownBehind = pictures.size();
    QVERIFY2(shownBehind <= H264StreamDecoder::kMaxBacklogFrames,
             qPrintable(QString::number(shownBehind)));
    for (int i = 99; i < 130; ++i)
        hub.publish(H264Clip::frameOf(clip, i, (i + 1) * kFrameNs));
    QTRY_COMPARE_WITH_TIMEOUT(lastShown(pictures), 129, 10000);
    // From key frame 100 on, every frame again, in order; every picture the right one.
    for (int i = 0; i < pictures.size(); ++i) {
        const int frame = frameIndexOf(frameNsAt(pictures, i));
        QCOMPARE(pictureAt(pictures, i).size(), QSize(64, 48));
        QCOMPARE(H264Clip::colourIndexOf(pictureAt(pictures, i)), frame % 8);
        if (i > 0)
            QVERIFY(frame > frameIndexOf(frameNsAt(pictures, i - 1)));
    }
    QCOMPARE(frameIndexOf(frameNsAt(pictures, int(pictures.size()) - 30)), 100);
}

void TestFrameHub::h264CorruptFramesGiveNoPicture()
{
    FrameHub hub;
    QObject owner;
    FrameSubscription *tile = hub.subscribe(&owner);
    tile->setSize(QSize(160, 120));
    FrameSubscription *singleView = hub.subscribe(&owner);
    singleView->setDecodeEveryFrame(true);
    singleView->setSize(QSize(100, 75));
    QSignalSpy tilePictures(tile, &FrameSubscription::pictureReady);
    QSignalSpy viewPictures(singleView, &FrameSubscription::pictureReady);
    settle();

    auto cut = [](const CameraFrame &frame) {
        return CameraFrame::fromEncoded(CameraFrame::Codec::H264,
                                        frame.encoded().left(frame.encoded().size() / 2),
                                        frame.isKeyFrame(), frame.receivedAt(), frame.receivedNs());
    };
    // Frames 0-4 with a cut frame 2; then 5-9 whole.
    for (int i = 0; i < 10; ++i) {
        const CameraFrame frame = h264Frame(shortClip(), i);
        hub.publish(i == 2 ? cut(frame) : frame);
    }
    QTRY_COMPARE_WITH_TIMEOUT(lastShown(viewPictures), 9, 10000);
    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::processEvents();
    // 0 and 1; nothing from the cut frame until the next key frame; then 5 to 9.
    QList<int> shown;
    for (int i = 0; i < viewPictures.size(); ++i)
        shown.append(frameIndexOf(frameNsAt(viewPictures, i)));
    QCOMPARE(shown, QList<int>({0, 1, 5, 6, 7, 8, 9}));
    verifyPicturesMatchTheirFrames(viewPictures, QSize(100, 75));
    verifyPicturesMatchTheirFrames(tilePictures, QSize(160, 120));

    // A cut key frame alone (key frames only): no picture, the tile keeps the last one.
    singleView->setPaused(true);
    const qsizetype tileBefore = tilePictures.size();
    hub.publish(cut(h264Frame(shortClip(), 10)));
    for (int i = 11; i < 15; ++i)
        hub.publish(h264Frame(shortClip(), i));
    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::processEvents();
    QCOMPARE(tilePictures.size(), tileBefore);
}

QTEST_GUILESS_MAIN(TestFrameHub)
#include "tst_framehub.moc"
