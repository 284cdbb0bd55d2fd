// The built-in demo's printers: real simulators on 127.0.0.1: three port-6000 cameras that stream,
// one that rejects the code the client is given, and two RTSPS cameras (X1C, H2D) that ffprobe
// reads.
#include "sim/demofarm.h"

#include "camera/jpegstream/jpegstreamcamera.h"
#include "sim/statusfeed.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace std::chrono_literals;

class TestDemoFarm : public QObject
{
    Q_OBJECT

private slots:
    void startsSixPrintersOnLoopback();
    void camerasStreamOrRejectAsAnnounced();
    void rtspsCamerasServeH264();
    void stopClosesEverything();
};

void TestDemoFarm::startsSixPrintersOnLoopback()
{
    DemoFarm farm;
    QVERIFY(!farm.isRunning());
    QString error;
    QVERIFY2(farm.start(&error), qPrintable(error));
    QVERIFY(farm.isRunning());

    const QList<DemoFarm::Camera> cameras = farm.cameras();
    QCOMPARE(cameras.size(), 6);
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
    QCOMPARE(ports.size(), 6);
    QCOMPARE(names.size(), 6);
    QCOMPARE(wrongCodes, 1);
    QCOMPARE(cameras.constFirst().name, QStringLiteral("P1S Workshop"));
    QStringList rtspsModels;
    for (const DemoFarm::Camera &camera : cameras) {
        if (camera.rtsps) {
            rtspsModels << camera.modelCode;
            QCOMPARE(camera.config().model, camera.modelCode); // the kind follows the model
        }
    }
    QCOMPARE(rtspsModels, (QStringList{QStringLiteral("BL-P001"), QStringLiteral("O1D")}));
}

void TestDemoFarm::camerasStreamOrRejectAsAnnounced()
{
    DemoFarm farm;
    QVERIFY(farm.start());
    const QList<DemoFarm::Camera> cameras = farm.cameras();

    std::vector<std::unique_ptr<JpegStreamCamera>> connections;
    for (const DemoFarm::Camera &camera : cameras) {
        if (camera.rtsps)
            continue; // rtspsCamerasServeH264
        auto connection = std::make_unique<JpegStreamCamera>();
        CameraEndpoint endpoint;
        endpoint.host = camera.host;
        endpoint.port = camera.port;
        endpoint.accessCode = camera.accessCode;
        connection->setEndpoint(endpoint);
        connection->start();
        connections.push_back(std::move(connection));
    }
    QCOMPARE(connections.size(), size_t(4));
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

void TestDemoFarm::rtspsCamerasServeH264()
{
    DemoFarm farm;
    farm.setStatusSource(DemoFarm::StatusSource::InProcess);
    QVERIFY(farm.start());
    QHash<QString, QByteArray> reports;
    connect(farm.statusFeed(), &StatusFeed::reportReady, this,
            [&reports](const QString &serial, const QByteArray &payload) {
                reports.insert(serial, payload);
            });
    int served = 0;
    const QList<DemoFarm::Camera> cameras = farm.cameras();
    for (const DemoFarm::Camera &camera : cameras) {
        if (!camera.rtsps)
            continue;
        QProcess probe;
        probe.start(
            QStringLiteral("ffprobe"),
            {QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-rtsp_transport"),
             QStringLiteral("tcp"), QStringLiteral("-analyzeduration"), QStringLiteral("200000"),
             QStringLiteral("-select_streams"), QStringLiteral("v"),
             QStringLiteral("-show_entries"), QStringLiteral("stream=codec_name,width,height"),
             QStringLiteral("-of"), QStringLiteral("csv=p=0"),
             QStringLiteral("rtsps://bblp:%1@%2:%3/streaming/live/1")
                 .arg(camera.accessCode, camera.host)
                 .arg(camera.port)});
        QVERIFY2(probe.waitForFinished(60000), "ffprobe (Debian package ffmpeg) did not finish");
        QCOMPARE(probe.exitCode(), 0);
        QCOMPARE(probe.readAllStandardOutput().trimmed(), QByteArrayLiteral("h264,1280,720"));
        ++served;

        // The printer's MQTT report names its camera's URL, without credentials.
        farm.statusFeed()->sendFullReport(camera.serial);
        QVERIFY(reports.contains(camera.serial));
        const QJsonObject ipcam = QJsonDocument::fromJson(reports.value(camera.serial))
                                      .object()
                                      .value(QStringLiteral("print"))
                                      .toObject()
                                      .value(QStringLiteral("ipcam"))
                                      .toObject();
        QCOMPARE(ipcam.value(QStringLiteral("rtsp_url")).toString(),
                 QStringLiteral("rtsps://127.0.0.1/streaming/live/1"));
    }
    QCOMPARE(served, 2);
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
