#include "frames/framedecoder.h"

#include "frames/cameraframe.h"

#include <QBuffer>
#include <QImageWriter>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTest>
#include <QThreadPool>

namespace {

QByteArray jpegOfSize(const QSize &size, QColor color)
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(color);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "jpeg");
    writer.setQuality(80);
    writer.write(image);
    return bytes;
}

} // namespace

class TestFrameDecoder : public QObject
{
    Q_OBJECT

private slots:
    void fittedSize_data();
    void fittedSize();
    void decodesAtTheAskedSize_data();
    void decodesAtTheAskedSize();
    void dctScaledSize_data();
    void dctScaledSize();
    void corruptJpegGivesNullImage();
    void slowConsumerDropsInsteadOfQueueing();
    void pictureCarriesItsFrameTime();
    void destroyedWhileDecodingIsSafe_data();
    void destroyedWhileDecodingIsSafe();
    void decodesACameraFrame_data();
    void decodesACameraFrame();
    void discardedFrameIsNotDecoded();
};

void TestFrameDecoder::fittedSize_data()
{
    QTest::addColumn<QSize>("original");
    QTest::addColumn<QSize>("target");
    QTest::addColumn<QSize>("expected");

    QTest::newRow("no target: full size") << QSize(1280, 720) << QSize() << QSize(1280, 720);
    QTest::newRow("half") << QSize(1280, 720) << QSize(640, 360) << QSize(640, 360);
    QTest::newRow("tile wider than 16:9") << QSize(1280, 720) << QSize(480, 200) << QSize(355, 200);
    QTest::newRow("square tile") << QSize(1280, 720) << QSize(400, 400) << QSize(400, 225);
    QTest::newRow("scaled up once here, not in every paint")
        << QSize(1280, 720) << QSize(1806, 1014) << QSize(1802, 1014);
    QTest::newRow("tiny target") << QSize(1280, 720) << QSize(1, 1) << QSize(1, 1);
}

void TestFrameDecoder::fittedSize()
{
    QFETCH(QSize, original);
    QFETCH(QSize, target);
    QFETCH(QSize, expected);
    QCOMPARE(FrameDecoder::fittedSize(original, target), expected);
}

void TestFrameDecoder::decodesAtTheAskedSize_data()
{
    QTest::addColumn<QSize>("target");
    QTest::addColumn<QSize>("expected");
    QTest::newRow("full") << QSize() << QSize(1280, 720);
    QTest::newRow("quarter") << QSize(320, 180) << QSize(320, 180);
    QTest::newRow("tile 480 wide") << QSize(480, 300) << QSize(480, 270);
    QTest::newRow("16 tiles in 1080p") << QSize(433, 242) << QSize(430, 242);
    QTest::newRow("64 tiles in 1080p") << QSize(205, 113) << QSize(200, 113);
    QTest::newRow("4 tiles in 1080p") << QSize(891, 499) << QSize(887, 499);
    QTest::newRow("1 tile in 1080p: larger than the camera")
        << QSize(1806, 1014) << QSize(1802, 1014);
}

void TestFrameDecoder::decodesAtTheAskedSize()
{
    QFETCH(QSize, target);
    QFETCH(QSize, expected);

    FrameDecoder decoder;
    decoder.setTargetSize(target);
    QSignalSpy images(&decoder, &FrameDecoder::imageReady);
    decoder.submit(jpegOfSize(QSize(1280, 720), Qt::darkCyan));
    QTRY_COMPARE_WITH_TIMEOUT(images.size(), 1, 10000);
    const QImage image = images.first().first().value<QImage>();
    QCOMPARE(image.size(), expected);
    QCOMPARE(image.format(), QImage::Format_RGB32); // what a widget draws fastest
    // JPEG is lossy: the colour within a few steps, not exactly.
    const QColor centre = image.pixelColor(image.width() / 2, image.height() / 2);
    const QColor wanted(Qt::darkCyan);
    QVERIFY2(qAbs(centre.red() - wanted.red()) <= 4 && qAbs(centre.green() - wanted.green()) <= 4
                 && qAbs(centre.blue() - wanted.blue()) <= 4,
             qPrintable(centre.name()));
    QCOMPARE(decoder.decodedCount(), quint64(1));
}

void TestFrameDecoder::dctScaledSize_data()
{
    QTest::addColumn<QSize>("original");
    QTest::addColumn<QSize>("fitted");
    QTest::addColumn<QSize>("expected");

    QTest::newRow("full size") << QSize(1280, 720) << QSize(1280, 720) << QSize(1280, 720);
    QTest::newRow("just below full: no 3/8, 5/8 or 7/8")
        << QSize(1280, 720) << QSize(887, 499) << QSize(1280, 720);
    QTest::newRow("exactly half") << QSize(1280, 720) << QSize(640, 360) << QSize(640, 360);
    QTest::newRow("between half and quarter")
        << QSize(1280, 720) << QSize(430, 242) << QSize(640, 360);
    QTest::newRow("exactly a quarter") << QSize(1280, 720) << QSize(320, 180) << QSize(320, 180);
    QTest::newRow("between quarter and eighth")
        << QSize(1280, 720) << QSize(200, 113) << QSize(320, 180);
    QTest::newRow("below an eighth") << QSize(1280, 720) << QSize(100, 56) << QSize(160, 90);
    QTest::newRow("the taller side decides")
        << QSize(1280, 720) << QSize(300, 200) << QSize(640, 360);
    QTest::newRow("odd size rounds down") << QSize(1281, 721) << QSize(600, 300) << QSize(640, 360);
}

void TestFrameDecoder::dctScaledSize()
{
    QFETCH(QSize, original);
    QFETCH(QSize, fitted);
    QFETCH(QSize, expected);
    QCOMPARE(FrameDecoder::dctScaledSize(original, fitted), expected);
}

void TestFrameDecoder::corruptJpegGivesNullImage()
{
    QByteArray broken = jpegOfSize(QSize(64, 64), Qt::red);
    broken.truncate(20);
    QVERIFY(FrameDecoder::decode(broken, {}).isNull());
    QVERIFY(FrameDecoder::decode(QByteArray("not a jpeg at all"), {}).isNull());

    FrameDecoder decoder;
    QSignalSpy failures(&decoder, &FrameDecoder::decodeFailed);
    QSignalSpy images(&decoder, &FrameDecoder::imageReady);
    decoder.submit(broken);
    QTRY_COMPARE_WITH_TIMEOUT(failures.size(), 1, 10000);
    QCOMPARE(images.size(), 0);
    QCOMPARE(decoder.failedCount(), quint64(1));
}

void TestFrameDecoder::slowConsumerDropsInsteadOfQueueing()
{
    // Occupy every pool thread so that no decode can start: this is a consumer that cannot keep up.
    QThreadPool *pool = QThreadPool::globalInstance();
    const int threads = pool->maxThreadCount();
    QSemaphore release;
    QSemaphore started;
    for (int i = 0; i < threads; ++i)
        pool->start([&] {
            started.release();
            release.acquire();
        });
    started.acquire(threads);

    FrameDecoder decoder;
    QSignalSpy images(&decoder, &FrameDecoder::imageReady);
    const QByteArray older = jpegOfSize(QSize(64, 36), Qt::red);
    const QByteArray newest = jpegOfSize(QSize(128, 72), Qt::blue);
    for (int i = 0; i < 49; ++i)
        decoder.submit(older);
    decoder.submit(newest);

    release.release(threads);
    QTRY_COMPARE_WITH_TIMEOUT(images.size(), 1, 10000);
    // Only the newest frame was decoded; the 49 older ones were replaced, not queued.
    QCOMPARE(images.first().first().value<QImage>().size(), QSize(128, 72));
    QCOMPARE(decoder.droppedCount(), quint64(49));
    QCOMPARE(decoder.decodedCount(), quint64(1));
    pool->waitForDone();
    QCOMPARE(images.size(), 1);
}

void TestFrameDecoder::pictureCarriesItsFrameTime()
{
    // Both frames wait in the mailbox; the picture that comes out must name the newest one.
    QThreadPool *pool = QThreadPool::globalInstance();
    const int threads = pool->maxThreadCount();
    QSemaphore release;
    QSemaphore started;
    for (int i = 0; i < threads; ++i)
        pool->start([&] {
            started.release();
            release.acquire();
        });
    started.acquire(threads);

    FrameDecoder decoder;
    QSignalSpy images(&decoder, &FrameDecoder::imageReady);
    decoder.submit(jpegOfSize(QSize(64, 36), Qt::red), 1001);
    decoder.submit(jpegOfSize(QSize(128, 72), Qt::blue), 1002);
    release.release(threads);
    QTRY_COMPARE_WITH_TIMEOUT(images.size(), 1, 10000);
    QCOMPARE(images.first().at(0).value<QImage>().size(), QSize(128, 72));
    QCOMPARE(images.first().at(1).toLongLong(), qint64(1002));
    pool->waitForDone();
}

void TestFrameDecoder::destroyedWhileDecodingIsSafe_data()
{
    QTest::addColumn<bool>("midDecode");
    // The decoder goes while its job waits behind busy pool threads.
    QTest::newRow("job waiting for a thread") << false;
    // The decoder goes while its job decodes a large frame (tens of milliseconds).
    QTest::newRow("job decoding") << true;
}

void TestFrameDecoder::destroyedWhileDecodingIsSafe()
{
    QFETCH(bool, midDecode);

    const QByteArray large = jpegOfSize(QSize(3840, 2160), Qt::green);
    QThreadPool *pool = QThreadPool::globalInstance();
    for (int round = 0; round < 3; ++round) {
        QSemaphore release;
        QSemaphore started;
        const int threads = midDecode ? 0 : pool->maxThreadCount();
        for (int i = 0; i < threads; ++i)
            pool->start([&] {
                started.release();
                release.acquire();
            });
        started.acquire(threads);

        auto doomed = std::make_unique<FrameDecoder>();
        doomed->submit(large, 666);
        if (midDecode) {
            // The job has taken a frame once a newer one no longer replaces a waiting one; it is
            // then busy decoding it, and the newer one waits.
            QVERIFY(QTest::qWaitFor(
                [&doomed, &large] {
                    const quint64 dropped = doomed->droppedCount();
                    doomed->submit(large, 666);
                    return doomed->droppedCount() == dropped;
                },
                10000));
        }
        doomed.reset();
        // A decoder made now usually takes the destroyed one's memory, so a result posted to the
        // destroyed decoder's address would reach this one: a picture it never asked for. (Under
        // ASan, which keeps freed memory unused, the dangling access is reported instead.)
        auto survivor = std::make_unique<FrameDecoder>();
        QSignalSpy images(survivor.get(), &FrameDecoder::imageReady);
        QSignalSpy failures(survivor.get(), &FrameDecoder::decodeFailed);

        release.release(threads);
        QVERIFY(pool->waitForDone(10000)); // the orphaned job ends, and does not hang
        QCoreApplication::sendPostedEvents(); // anything it posted arrives now
        QCOMPARE(images.size(), 0);
        QCOMPARE(failures.size(), 0);

        // The survivor works, and gets its own picture only.
        survivor->submit(jpegOfSize(QSize(64, 36), Qt::blue), round);
        QTRY_COMPARE_WITH_TIMEOUT(images.size(), 1, 10000);
        QCOMPARE(images.first().at(1).toLongLong(), qint64(round));
        QVERIFY(pool->waitForDone(10000));
        QCoreApplication::sendPostedEvents();
        QCOMPARE(images.size(), 1);
        QCOMPARE(survivor->decodedCount(), quint64(1));
    }
}

void TestFrameDecoder::decodesACameraFrame_data()
{
    QTest::addColumn<CameraFrame>("frame");
    const QDateTime at = QDateTime::currentDateTime();
    QTest::newRow("jpeg") << CameraFrame::fromJpeg(jpegOfSize(QSize(1280, 720), Qt::red), at, 77);
    QImage picture(QSize(1280, 720), QImage::Format_RGB32);
    picture.fill(Qt::red);
    QTest::newRow("picture only") << CameraFrame::fromPicture(picture, at, 77);
}

void TestFrameDecoder::decodesACameraFrame()
{
    QFETCH(CameraFrame, frame);
    FrameDecoder decoder;
    decoder.setTargetSize(QSize(320, 320));
    QSignalSpy images(&decoder, &FrameDecoder::imageReady);
    decoder.submit(frame);
    QTRY_COMPARE_WITH_TIMEOUT(images.size(), 1, 10000);
    QCOMPARE(images.first().at(0).value<QImage>().size(), QSize(320, 180));
    QCOMPARE(images.first().at(1).toLongLong(), qint64(77)); // the frame's receivedNs
}

void TestFrameDecoder::discardedFrameIsNotDecoded()
{
    QThreadPool *pool = QThreadPool::globalInstance();
    const int threads = pool->maxThreadCount();
    QSemaphore release;
    QSemaphore started;
    for (int i = 0; i < threads; ++i)
        pool->start([&] {
            started.release();
            release.acquire();
        });
    started.acquire(threads);

    FrameDecoder decoder;
    QSignalSpy images(&decoder, &FrameDecoder::imageReady);
    decoder.submit(jpegOfSize(QSize(64, 36), Qt::red), 1);
    decoder.discardPending(); // the consumer stopped looking before the decode started
    release.release(threads);
    pool->waitForDone();
    QCoreApplication::processEvents();
    QCOMPARE(images.size(), 0);
    QCOMPARE(decoder.decodedCount(), quint64(0));
    QCOMPARE(decoder.droppedCount(), quint64(1));
}

QTEST_GUILESS_MAIN(TestFrameDecoder)
#include "tst_framedecoder.moc"
