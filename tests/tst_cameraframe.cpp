#include "frames/cameraframe.h"

#include "testframes.h"

#include <QSignalSpy>
#include <QTest>

#include <chrono>

using namespace TestFrames;

namespace {

// Carries a frame through a queued connection, as a camera thread does to the GUI thread.
class FrameSender final : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

signals:
    void frame(const CameraFrame &frame);
};

// Mean absolute difference of the channels, 0..255: small for the same picture through JPEG.
double meanDifference(const QImage &a, const QImage &b)
{
    const QImage left = a.convertToFormat(QImage::Format_RGB32);
    const QImage right = b.convertToFormat(QImage::Format_RGB32);
    double sum = 0;
    for (int y = 0; y < left.height(); ++y) {
        for (int x = 0; x < left.width(); ++x) {
            const QRgb p = left.pixel(x, y);
            const QRgb q = right.pixel(x, y);
            sum += qAbs(qRed(p) - qRed(q)) + qAbs(qGreen(p) - qGreen(q))
                + qAbs(qBlue(p) - qBlue(q));
        }
    }
    return sum / (3.0 * left.width() * left.height());
}

} // namespace

class TestCameraFrame : public QObject
{
    Q_OBJECT

private slots:
    void jpegKeepsTheCamerasBytes_data();
    void jpegKeepsTheCamerasBytes();
    void pictureFrameEncodesAValidJpeg();
    void toPictureFits_data();
    void toPictureFits();
    void nullAndUndecodable_data();
    void nullAndUndecodable();
    void withPictureKeepsTheFrame();
    void travelsThroughQueuedSignals();
    void steadyClock();
};

void TestCameraFrame::jpegKeepsTheCamerasBytes_data()
{
    QTest::addColumn<int>("quality");
    QTest::newRow("default quality") << 90;
    QTest::newRow("low quality asked: still the original") << 10;
    QTest::newRow("best quality asked: still the original") << 100;
}

void TestCameraFrame::jpegKeepsTheCamerasBytes()
{
    QFETCH(int, quality);
    const QByteArray jpeg = patternJpeg();
    const QDateTime at = QDateTime::currentDateTime();
    const CameraFrame frame = CameraFrame::fromJpeg(jpeg, at, 42);

    QVERIFY(!frame.isNull());
    QCOMPARE(frame.codec(), CameraFrame::Codec::Jpeg);
    QVERIFY(frame.isKeyFrame());
    QCOMPARE(frame.receivedAt(), at);
    QCOMPARE(frame.receivedNs(), qint64(42));
    QCOMPARE(frame.sequence(), quint64(0));
    QCOMPARE(frame.byteSize(), jpeg.size());
    QCOMPARE(frame.toJpeg(quality), jpeg);
    // Not even copied: the same shared bytes.
    QCOMPARE(frame.toJpeg(quality).constData(), jpeg.constData());
}

void TestCameraFrame::pictureFrameEncodesAValidJpeg()
{
    const QImage picture = patternImage(QSize(640, 360));
    const CameraFrame frame = CameraFrame::fromPicture(picture, QDateTime::currentDateTime(), 1);
    QVERIFY(!frame.isNull());
    QCOMPARE(frame.codec(), CameraFrame::Codec::None);
    QCOMPARE(frame.byteSize(), qsizetype(0));

    const QByteArray jpeg = frame.toJpeg();
    QVERIFY(jpeg.startsWith("\xff\xd8"));
    QVERIFY(jpeg.endsWith("\xff\xd9"));
    const QImage decoded = QImage::fromData(jpeg, "JPEG");
    QCOMPARE(decoded.size(), picture.size());
    // Lower quality, fewer bytes: the quality is used.
    QVERIFY(frame.toJpeg(20).size() < frame.toJpeg(95).size());
}

void TestCameraFrame::toPictureFits_data()
{
    QTest::addColumn<bool>("fromJpeg");
    QTest::addColumn<QSize>("fitInto");
    QTest::addColumn<QSize>("expected");

    QTest::newRow("jpeg, full size") << true << QSize() << QSize(1280, 720);
    QTest::newRow("jpeg, a quarter") << true << QSize(320, 180) << QSize(320, 180);
    QTest::newRow("jpeg, into a square") << true << QSize(400, 400) << QSize(400, 225);
    QTest::newRow("jpeg, into a wide box") << true << QSize(480, 200) << QSize(355, 200);
    QTest::newRow("picture, full size") << false << QSize() << QSize(1280, 720);
    QTest::newRow("picture, half") << false << QSize(640, 360) << QSize(640, 360);
    QTest::newRow("picture, into a tall box") << false << QSize(300, 600) << QSize(300, 168);
    QTest::newRow("picture, larger than itself") << false << QSize(1920, 1080) << QSize(1920, 1080);
}

void TestCameraFrame::toPictureFits()
{
    QFETCH(bool, fromJpeg);
    QFETCH(QSize, fitInto);
    QFETCH(QSize, expected);

    const QImage original = patternImage(QSize(1280, 720));
    const CameraFrame frame = fromJpeg
        ? CameraFrame::fromJpeg(jpegOf(original), QDateTime::currentDateTime(), 1)
        : CameraFrame::fromPicture(original, QDateTime::currentDateTime(), 1);
    const QImage picture = frame.toPicture(fitInto);
    QCOMPARE(picture.size(), expected);
    // The same picture, not a blank or a cropped one: close to the original scaled the same way.
    const QImage reference
        = original.scaled(expected, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    const double difference = meanDifference(picture, reference);
    QVERIFY2(difference < 12, qPrintable(QString::number(difference)));
}

void TestCameraFrame::nullAndUndecodable_data()
{
    QTest::addColumn<CameraFrame>("frame");
    QTest::addColumn<bool>("isNull");
    QTest::addColumn<bool>("hasJpeg");
    QTest::addColumn<bool>("hasPicture");

    const QDateTime at = QDateTime::currentDateTime();
    QByteArray truncated = patternJpeg();
    truncated.truncate(20);

    QTest::newRow("default") << CameraFrame() << true << false << false;
    QTest::newRow("empty jpeg") << CameraFrame::fromJpeg({}, at, 1) << true << false << false;
    QTest::newRow("null picture") << CameraFrame::fromPicture({}, at, 1) << true << false << false;
    // A corrupt JPEG is still what the camera sent: kept, saved as is, but no picture.
    QTest::newRow("corrupt jpeg") << CameraFrame::fromJpeg(truncated, at, 1) << false << true
                                  << false;
    QTest::newRow("not a jpeg at all")
        << CameraFrame::fromJpeg(QByteArray("hello"), at, 1) << false << true << false;
    QTest::newRow("h264 without picture")
        << CameraFrame::fromEncoded(CameraFrame::Codec::H264, QByteArray(64, '\1'), true, at, 1)
        << false << false << false;
    QTest::newRow("h264 with its decoded picture")
        << CameraFrame::fromEncoded(CameraFrame::Codec::H264, QByteArray(64, '\1'), false, at, 1)
               .withPicture(patternImage(QSize(320, 180)))
        << false << true << true;
}

void TestCameraFrame::nullAndUndecodable()
{
    QFETCH(CameraFrame, frame);
    QFETCH(bool, isNull);
    QFETCH(bool, hasJpeg);
    QFETCH(bool, hasPicture);

    QCOMPARE(frame.isNull(), isNull);
    QCOMPARE(!frame.toJpeg().isEmpty(), hasJpeg);
    QCOMPARE(!frame.toPicture().isNull(), hasPicture);
    QCOMPARE(!frame.toPicture(QSize(160, 90)).isNull(), hasPicture);
}

void TestCameraFrame::withPictureKeepsTheFrame()
{
    const QDateTime at = QDateTime::currentDateTime();
    const QByteArray unit(100, '\7');
    CameraFrame frame = CameraFrame::fromEncoded(CameraFrame::Codec::H264, unit, true, at, 7);
    frame.setSequence(12);
    const CameraFrame decoded = frame.withPicture(patternImage(QSize(320, 180)));

    QCOMPARE(decoded.codec(), CameraFrame::Codec::H264);
    QCOMPARE(decoded.encoded(), unit);
    QVERIFY(decoded.isKeyFrame());
    QCOMPARE(decoded.receivedAt(), at);
    QCOMPARE(decoded.receivedNs(), qint64(7));
    QCOMPARE(decoded.sequence(), quint64(12));
    QCOMPARE(decoded.picture().size(), QSize(320, 180));
    QVERIFY(frame.picture().isNull()); // a value: the original is unchanged
}

void TestCameraFrame::travelsThroughQueuedSignals()
{
    FrameSender sender;
    QSignalSpy received(&sender, &FrameSender::frame);
    QObject context;
    CameraFrame arrived;
    connect(
        &sender, &FrameSender::frame, &context, [&](const CameraFrame &frame) { arrived = frame; },
        Qt::QueuedConnection);

    const QByteArray jpeg = patternJpeg(QSize(64, 36));
    emit sender.frame(CameraFrame::fromJpeg(jpeg, QDateTime::currentDateTime(), 99));
    QTRY_COMPARE(arrived.receivedNs(), qint64(99));
    QCOMPARE(arrived.encoded(), jpeg);
    QCOMPARE(received.first().first().value<CameraFrame>().receivedNs(), qint64(99));
}

void TestCameraFrame::steadyClock()
{
    const auto before = std::chrono::duration_cast<std::chrono::nanoseconds>(
                            std::chrono::steady_clock::now().time_since_epoch())
                            .count();
    const qint64 now = CameraFrame::steadyNowNs();
    const qint64 later = CameraFrame::steadyNowNs();
    QVERIFY(now >= before);
    QVERIFY(later >= now);
}

QTEST_GUILESS_MAIN(TestCameraFrame)
#include "tst_cameraframe.moc"
