// The built-in demo's printers: real simulators on 127.0.0.1, three that stream and one that
// rejects the code the client is given.
#include "sim/demofarm.h"

#include "camera/jpegstream/jpegstreamcamera.h"

#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace std::chrono_literals;

class TestDemoFarm : public QObject
{
    Q_OBJECT

private slots:
    void startsFourPrintersOnLoopback();
    void camerasStreamOrRejectAsAnnounced();
    void stopClosesEverything();
};

void TestDemoFarm::startsFourPrintersOnLoopback()
{
    DemoFarm farm;
    QVERIFY(!farm.isRunning());
    QString error;
    QVERIFY2(farm.start(&error), qPrintable(error));
    QVERIFY(farm.isRunning());

    const QList<DemoFarm::Camera> cameras = farm.cameras();
    QCOMPARE(cameras.size(), 4);
    QSet<quint16> ports;
    QSet<QString> names;
    int wrongCodes = 0;
    for (const DemoFarm::Camera &camera : cameras) {
        QCOMPARE(camera.host, QStringLiteral("127.0.0.1"));
        QVERIFY(camera.port != 0);
        QVERIFY(camera.framesPerSecond > 0);
        QCOMPARE(camera.accessCode.size(), 8);
        ports.insert(camera.port);
        names.insert(camera.name);
        if (!camera.accessCodeCorrect)
            ++wrongCodes;
    }
    QCOMPARE(ports.size(), 4);
    QCOMPARE(names.size(), 4);
    QCOMPARE(wrongCodes, 1);
    QCOMPARE(cameras.constFirst().name, QStringLiteral("P1S Workshop"));
}

void TestDemoFarm::camerasStreamOrRejectAsAnnounced()
{
    DemoFarm farm;
    QVERIFY(farm.start());
    const QList<DemoFarm::Camera> cameras = farm.cameras();

    std::vector<std::unique_ptr<JpegStreamCamera>> connections;
    for (const DemoFarm::Camera &camera : cameras) {
        auto connection = std::make_unique<JpegStreamCamera>();
        CameraEndpoint endpoint;
        endpoint.host = camera.host;
        endpoint.port = camera.port;
        endpoint.accessCode = camera.accessCode;
        connection->setEndpoint(endpoint);
        connection->start();
        connections.push_back(std::move(connection));
    }
    for (size_t i = 0; i < connections.size(); ++i) {
        const JpegStreamCamera &connection = *connections[i];
        if (cameras.at(int(i)).accessCodeCorrect) {
            QTRY_VERIFY_WITH_TIMEOUT(connection.lastFrameTime().isValid(), 10000);
            QCOMPARE(connection.state(), CameraSource::State::Up);
        } else {
            QTRY_COMPARE_WITH_TIMEOUT(connection.lastFailure(),
                                      CameraSource::Failure::AccessCodeRejected, 10000);
            QVERIFY(!connection.lastFrameTime().isValid());
        }
    }
}

void TestDemoFarm::stopClosesEverything()
{
    DemoFarm farm;
    QVERIFY(farm.start());
    const DemoFarm::Camera camera = farm.cameras().constFirst();
    farm.stop();
    QVERIFY(!farm.isRunning());
    QVERIFY(farm.cameras().isEmpty());

    JpegStreamCamera connection;
    CameraSource::Timeouts timeouts;
    timeouts.backoffInitial = 60s;
    connection.setTimeouts(timeouts);
    CameraEndpoint endpoint;
    endpoint.host = camera.host;
    endpoint.port = camera.port;
    endpoint.accessCode = camera.accessCode;
    connection.setEndpoint(endpoint);
    connection.start();
    QTRY_COMPARE_WITH_TIMEOUT(connection.lastFailure(), CameraSource::Failure::ConnectionRefused,
                              10000);
}

QTEST_MAIN(TestDemoFarm)
#include "tst_demofarm.moc"
