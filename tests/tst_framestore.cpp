#include "frames/framestore.h"

#include "frames/framehub.h"
#include "frames/framesubscription.h"
#include "h264clip.h"
#include "testframes.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <QThreadPool>

using namespace H264Clip;

namespace {

// 640x360, key frames at 0 and 5.
const Clip &clip()
{
    static const Clip clip = make(10, 5, QSize(640, 360));
    return clip;
}

CameraFrame numbered(const CameraFrame &frame, quint64 sequence)
{
    CameraFrame result = frame;
    result.setSequence(sequence);
    return result;
}

// Frame i of the clip as the hub numbers it (sequence i + 1).
CameraFrame clipFrame(int index)
{
    return numbered(frameOf(clip(), index, (index + 1) * 1000), quint64(index + 1));
}

CameraFrame cut(const CameraFrame &frame)
{
    return numbered(CameraFrame::fromEncoded(
                        CameraFrame::Codec::H264, frame.encoded().left(frame.encoded().size() / 2),
                        frame.isKeyFrame(), frame.receivedAt(), frame.receivedNs()),
                    frame.sequence());
}

// Calls latestPicture() on a thread of its own, as the snapshot service and the HTTP server do.
CameraFrame latestPictureOffThisThread(FrameStore &store)
{
    CameraFrame result;
    std::unique_ptr<QThread> thread(QThread::create([&] { result = store.latestPicture(); }));
    thread->start();
    thread->wait();
    return result;
}

} // namespace

class TestFrameStore : public QObject
{
    Q_OBJECT

private slots:
    void cleanup();
    void nothingBeforeTheFirstFrame();
    void jpegIsTheCamerasOwnBytes();
    void h264NewestFrameAtFullResolution();
    void h264DecodesOnlyWhatIsNew();
    void h264JpegOfTheNewestFrame();
    void h264BrokenFrameFallsBackToTheKeyFrame();
    void h264NothingWholeYet();
    void h264SingleViewPictureIsReused();
    void clearForgetsEverything();
};

void TestFrameStore::cleanup()
{
    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::processEvents();
}

void TestFrameStore::nothingBeforeTheFirstFrame()
{
    FrameStore store;
    QVERIFY(store.latest().isNull());
    QVERIFY(store.latestPicture().isNull());
    QVERIFY(store.latestJpeg().isEmpty());
}

void TestFrameStore::jpegIsTheCamerasOwnBytes()
{
    FrameStore store;
    const QByteArray jpeg = TestFrames::patternJpeg(QSize(320, 180));
    store.publish(numbered(CameraFrame::fromJpeg(jpeg, QDateTime::currentDateTime(), 5), 1));
    QCOMPARE(store.latestJpeg(), jpeg);
    QCOMPARE(store.latestJpeg(50).constData(), jpeg.constData()); // not even copied
    const CameraFrame picture = latestPictureOffThisThread(store);
    QCOMPARE(picture.picture().size(), QSize(320, 180));
    QCOMPARE(picture.encoded(), jpeg);
    QCOMPARE(store.gopFrameCount(), 0);
}

void TestFrameStore::h264NewestFrameAtFullResolution()
{
    FrameStore store;
    for (int i = 0; i < 8; ++i)
        store.publish(clipFrame(i));
    QCOMPARE(store.gopFrameCount(), 3); // 5, 6, 7
    const CameraFrame newest = latestPictureOffThisThread(store);
    QCOMPARE(newest.sequence(), quint64(8));
    QCOMPARE(newest.receivedNs(), qint64(8000));
    QCOMPARE(newest.picture().size(), QSize(640, 360));
    QCOMPARE(colourIndexOf(newest.picture()), 7);
    QCOMPARE(store.onDemandDecodeCount(), quint64(3)); // from key frame 5
    // Asked again without a new frame: the same picture, no decode.
    QCOMPARE(store.latestPicture().picture().cacheKey(), newest.picture().cacheKey());
    QCOMPARE(store.onDemandDecodeCount(), quint64(3));
}

void TestFrameStore::h264DecodesOnlyWhatIsNew()
{
    FrameStore store;
    for (int i = 0; i < 7; ++i)
        store.publish(clipFrame(i));
    QCOMPARE(colourIndexOf(store.latestPicture().picture()), 6);
    QCOMPARE(store.onDemandDecodeCount(), quint64(2));
    store.publish(clipFrame(7));
    store.publish(clipFrame(8));
    QCOMPARE(colourIndexOf(store.latestPicture().picture()), 0); // frame 8: colour 8 % 8
    QCOMPARE(store.onDemandDecodeCount(), quint64(4)); // only 7 and 8 were new
}

void TestFrameStore::h264JpegOfTheNewestFrame()
{
    FrameStore store;
    for (int i = 0; i < 9; ++i)
        store.publish(clipFrame(i));
    const QByteArray jpeg = store.latestJpeg(95);
    QVERIFY(jpeg.startsWith("\xff\xd8"));
    const QImage decoded = QImage::fromData(jpeg, "JPEG");
    QCOMPARE(decoded.size(), QSize(640, 360));
    QVERIFY2(looksLike(centreColour(decoded), colourOf(8)),
             qPrintable(centreColour(decoded).name()));
    // A lower quality is a smaller file (quality is honoured); the same quality is cached.
    QVERIFY(store.latestJpeg(30).size() < store.latestJpeg(95).size());
    QCOMPARE(store.latestJpeg(95).constData(), store.latestJpeg(95).constData());
}

void TestFrameStore::h264BrokenFrameFallsBackToTheKeyFrame()
{
    FrameStore store;
    for (int i = 0; i < 10; ++i)
        store.publish(i == 7 ? cut(clipFrame(i)) : clipFrame(i));
    // 7 is cut: 8 and 9 would be smeared. The key frame's own picture instead, and it says so.
    const CameraFrame picture = latestPictureOffThisThread(store);
    QCOMPARE(picture.sequence(), quint64(6));
    QVERIFY(picture.isKeyFrame());
    QCOMPARE(picture.picture().size(), QSize(640, 360));
    QCOMPARE(colourIndexOf(picture.picture()), 5);
    const QImage jpeg = QImage::fromData(store.latestJpeg(), "JPEG");
    QVERIFY(looksLike(centreColour(jpeg), colourOf(5)));
}

void TestFrameStore::h264NothingWholeYet()
{
    FrameStore store;
    // P-frames before any key frame, then a cut key frame: nothing whole to show.
    for (int i = 1; i < 5; ++i)
        store.publish(clipFrame(i));
    QVERIFY(store.latestPicture().isNull());
    store.publish(cut(clipFrame(5)));
    QVERIFY(store.latestPicture().isNull());
    QVERIFY(store.latestJpeg().isEmpty());
}

void TestFrameStore::h264SingleViewPictureIsReused()
{
    FrameHub hub;
    QObject owner;
    FrameSubscription *singleView = hub.subscribe(&owner);
    singleView->setDecodeEveryFrame(true);
    singleView->setSize(QSize(320, 180));
    QSignalSpy pictures(singleView, &FrameSubscription::pictureReady);
    QCoreApplication::processEvents();
    for (int i = 0; i < 8; ++i)
        hub.publish(frameOf(clip(), i, (i + 1) * 1000));
    QTRY_COMPARE_WITH_TIMEOUT(pictures.size(), 8, 10000);
    // The single view's decoder shows the newest frame at full quality: converted, not decoded.
    const CameraFrame newest = hub.latestPicture();
    QCOMPARE(newest.picture().size(), QSize(640, 360));
    QCOMPARE(colourIndexOf(newest.picture()), 7);
    QCOMPARE(hub.store()->onDemandDecodeCount(), quint64(0));

    // With only tiles (key frames) watching, a snapshot decodes on demand.
    singleView->setDecodeEveryFrame(false);
    hub.publish(frameOf(clip(), 8, 9000));
    QCOMPARE(colourIndexOf(hub.latestPicture().picture()), 0);
    QCOMPARE(hub.store()->onDemandDecodeCount(), quint64(4)); // 5, 6, 7, 8
}

void TestFrameStore::clearForgetsEverything()
{
    FrameStore store;
    for (int i = 0; i < 4; ++i)
        store.publish(clipFrame(i));
    QVERIFY(!store.latestPicture().isNull());
    store.clear();
    QVERIFY(store.latest().isNull());
    QCOMPARE(store.gopFrameCount(), 0);
    QCOMPARE(store.gopByteSize(), 0);
    QVERIFY(store.latestPicture().isNull());
}

QTEST_GUILESS_MAIN(TestFrameStore)
#include "tst_framestore.moc"
