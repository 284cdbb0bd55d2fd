// LoopbackCamera: the camera interface without a socket, with the same link rules.
#include "camera/loopback/loopbackcamera.h"
#include "frames/cameraframe.h"

#include <QSignalSpy>
#include <QTest>

using namespace std::chrono_literals;

class TestLoopbackCamera : public QObject
{
    Q_OBJECT

private slots:
    void generatorStreamsWhileStarted();
    void deliveredFramesKeepTheirBytes();
    void failuresFollowTheLinkTable_data();
    void failuresFollowTheLinkTable();
    void aStalledCameraIsNotLive();
};

namespace {

QImage picture(quint64 index)
{
    QImage image(64, 36, QImage::Format_RGB32);
    image.fill(QColor::fromHsv(int(index * 40 % 360), 200, 200));
    return image;
}

} // namespace

void TestLoopbackCamera::generatorStreamsWhileStarted()
{
    LoopbackCamera camera;
    camera.setGenerator(picture, 10ms);
    QSignalSpy frames(&camera, &CameraSource::frameArrived);
    QSignalSpy states(&camera, &CameraSource::stateChanged);
    camera.start();
    QTRY_VERIFY(frames.size() >= 3);
    QCOMPARE(camera.state(), CameraSource::State::Up);
    QCOMPARE(states.first().first().value<Link::State>(), Link::State::Connecting);
    const CameraFrame frame = frames.last().first().value<CameraFrame>();
    QCOMPARE(frame.picture().size(), QSize(64, 36));
    QVERIFY(camera.isLive());
    QVERIFY(camera.stats().framesReceived >= 3);

    camera.stop();
    QCOMPARE(camera.state(), CameraSource::State::Idle);
    const qsizetype afterStop = frames.size();
    camera.deliverPicture(picture(99)); // ignored while stopped
    QCOMPARE(frames.size(), afterStop);
}

void TestLoopbackCamera::deliveredFramesKeepTheirBytes()
{
    LoopbackCamera camera;
    camera.start();
    QCOMPARE(camera.state(), CameraSource::State::Connecting);
    QSignalSpy frames(&camera, &CameraSource::frameArrived);
    const QByteArray jpeg = CameraFrame::fromPicture(picture(1), {}, 0).toJpeg();
    QVERIFY(!jpeg.isEmpty());
    camera.deliverJpeg(jpeg);
    QCOMPARE(camera.state(), CameraSource::State::Up);
    QCOMPARE(frames.size(), 1);
    const CameraFrame frame = frames.first().first().value<CameraFrame>();
    QCOMPARE(frame.codec(), CameraFrame::Codec::Jpeg);
    QCOMPARE(frame.encoded(), jpeg);
    QCOMPARE(frame.toJpeg(), jpeg); // never re-encoded
}

void TestLoopbackCamera::failuresFollowTheLinkTable_data()
{
    QTest::addColumn<CameraSource::Failure>("failure");
    QTest::addColumn<CameraSource::State>("state");
    QTest::newRow("lost: back off")
        << CameraSource::Failure::ConnectionLost << CameraSource::State::Backoff;
    QTest::newRow("rejected code: back off slowly")
        << CameraSource::Failure::AccessCodeRejected << CameraSource::State::Backoff;
    QTest::newRow("certificate: wait for the user")
        << CameraSource::Failure::CertificateMismatch << CameraSource::State::Idle;
}

void TestLoopbackCamera::failuresFollowTheLinkTable()
{
    QFETCH(CameraSource::Failure, failure);
    QFETCH(CameraSource::State, state);
    LoopbackCamera camera;
    camera.start();
    camera.deliverPicture(picture(0));
    QSignalSpy failed(&camera, &CameraSource::failed);
    camera.simulateFailure(failure, QStringLiteral("simulated"));
    QCOMPARE(failed.size(), 1);
    QCOMPARE(camera.state(), state);
    QCOMPARE(camera.lastFailure(), failure);
    QCOMPARE(camera.statusText(), QStringLiteral("simulated"));
    QVERIFY(!camera.isLive());
}

void TestLoopbackCamera::aStalledCameraIsNotLive()
{
    LoopbackCamera camera;
    camera.start();
    camera.deliverPicture(picture(0));
    QVERIFY(camera.isLive(100ms));
    camera.setStalled(true);
    camera.deliverPicture(picture(1)); // swallowed: a stalled stream sends nothing
    QCOMPARE(camera.stats().framesReceived, quint64(1));
    // Still Up (no watchdog here), but no longer live once the picture is older than the limit.
    QCOMPARE(camera.state(), CameraSource::State::Up);
    QTRY_VERIFY(!camera.isLive(100ms));
}

QTEST_MAIN(TestLoopbackCamera)
#include "tst_loopbackcamera.moc"
