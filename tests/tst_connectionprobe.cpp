// ConnectionProbe: one attempt, no retry, against a real simulated printer on 127.0.0.1.
#include "net/connectionprobe.h"
#include "sim/printersimulator.h"
#include "testsupport.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

namespace {

constexpr int kTimeoutMs = 10000;
const QString kCode = QStringLiteral("12345678");

CameraEndpoint loopback(quint16 port, const QString &code = kCode)
{
    CameraEndpoint endpoint;
    endpoint.host = QStringLiteral("127.0.0.1");
    endpoint.port = port;
    endpoint.accessCode = code;
    return endpoint;
}

} // namespace

class TestConnectionProbe final : public QObject
{
    Q_OBJECT

private slots:
    void firstPictureEndsTheTest();
    void failures_data();
    void failures();
    void invalidEndpointIsReportedAfterStart();
    void cancelHangsUpSilently();
    void timesOutWithoutRetrying();
};

void TestConnectionProbe::firstPictureEndsTheTest()
{
    PrinterSimulator simulator;
    simulator.setAccessCode(kCode);
    simulator.setFramesPerSecond(10);
    QVERIFY(simulator.listen(QHostAddress::LocalHost, 0));
    QSignalSpy sent(&simulator, &PrinterSimulator::frameSent);

    ConnectionProbe probe;
    probe.setPreviewSize(QSize(160, 160));
    QSignalSpy progress(&probe, &ConnectionProbe::progress);
    QSignalSpy succeeded(&probe, &ConnectionProbe::succeeded);
    QSignalSpy failed(&probe, &ConnectionProbe::failed);
    probe.start(loopback(simulator.serverPort()));
    QVERIFY(probe.isRunning());

    QTRY_COMPARE_WITH_TIMEOUT(succeeded.count(), 1, kTimeoutMs);
    QVERIFY(!probe.isRunning());
    QCOMPARE(failed.count(), 0);
    const QImage preview = succeeded.at(0).at(0).value<QImage>();
    const QByteArray jpeg = succeeded.at(0).at(1).toByteArray();
    const QSize frameSize = succeeded.at(0).at(2).toSize();
    QCOMPARE(frameSize, QSize(1280, 720));
    QCOMPARE(preview.size(), QSize(160, 90)); // fits the box, keeps 16:9
    QVERIFY(jpeg.startsWith("\xff\xd8"));
    QCOMPARE(jpeg, sent.first().first().toByteArray());
    // Connecting, securing, logging in: the user sees where it is.
    QVERIFY(progress.count() >= 3);

    // One picture and it hangs up: the printer's second viewer slot is free again.
    QTRY_COMPARE_WITH_TIMEOUT(simulator.clientCount(), 0, kTimeoutMs);
}

void TestConnectionProbe::failures_data()
{
    QTest::addColumn<bool>("wrongCode"); // false: nobody listens on the port
    QTest::addColumn<CameraSource::Failure>("failure");
    QTest::addColumn<QString>("reasonStart");

    QTest::newRow("wrong access code") << true << CameraSource::Failure::AccessCodeRejected
                                       << QStringLiteral("Access code rejected by 127.0.0.1:");
    QTest::newRow("closed port") << false << CameraSource::Failure::ConnectionRefused
                                 << QStringLiteral("127.0.0.1:");
}

void TestConnectionProbe::failures()
{
    QFETCH(bool, wrongCode);
    QFETCH(CameraSource::Failure, failure);
    QFETCH(QString, reasonStart);

    PrinterSimulator simulator;
    simulator.setAccessCode(kCode);
    QVERIFY(simulator.listen(QHostAddress::LocalHost, 0));
    QSignalSpy rejected(&simulator, &PrinterSimulator::loginRejected);
    const quint16 port = wrongCode ? simulator.serverPort() : TestSupport::closedLoopbackPort();
    QVERIFY(port != 0);

    ConnectionProbe probe;
    QSignalSpy succeeded(&probe, &ConnectionProbe::succeeded);
    QSignalSpy failed(&probe, &ConnectionProbe::failed);
    probe.start(loopback(port, wrongCode ? QStringLiteral("00000000") : kCode));
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kTimeoutMs);
    QCOMPARE(failed.at(0).at(0).value<CameraSource::Failure>(), failure);
    const QString reason = failed.at(0).at(1).toString();
    QVERIFY2(reason.startsWith(reasonStart), qPrintable(reason));
    QVERIFY(!reason.contains(QStringLiteral("00000000")));
    QVERIFY(!probe.isRunning());
    QCOMPARE(succeeded.count(), 0);
    QCOMPARE(rejected.count(), wrongCode ? 1 : 0);
}

void TestConnectionProbe::invalidEndpointIsReportedAfterStart()
{
    ConnectionProbe probe;
    QSignalSpy failed(&probe, &ConnectionProbe::failed);
    probe.start(loopback(6000, QString())); // no access code: no attempt at all
    QCOMPARE(failed.count(), 0); // never from inside start()
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kTimeoutMs);
    QCOMPARE(failed.at(0).at(0).value<CameraSource::Failure>(),
             CameraSource::Failure::InvalidSettings);
    QVERIFY(!probe.isRunning());
}

void TestConnectionProbe::cancelHangsUpSilently()
{
    // Accepts TCP, never answers TLS: the probe waits in the handshake until cancelled.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));

    ConnectionProbe probe;
    QSignalSpy succeeded(&probe, &ConnectionProbe::succeeded);
    QSignalSpy failed(&probe, &ConnectionProbe::failed);
    probe.start(loopback(silent.serverPort()));
    QTRY_VERIFY_WITH_TIMEOUT(silent.hasPendingConnections(), kTimeoutMs);
    QTcpSocket *peer = silent.nextPendingConnection();
    QSignalSpy hungUp(peer, &QTcpSocket::disconnected);

    probe.cancel();
    QVERIFY(!probe.isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(hungUp.count(), 1, kTimeoutMs);
    QCOMPARE(succeeded.count() + failed.count(), 0);
}

void TestConnectionProbe::timesOutWithoutRetrying()
{
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));

    ConnectionProbe probe;
    CameraSource::Timeouts timeouts = ConnectionProbe::defaultTimeouts();
    timeouts.connect = std::chrono::milliseconds(300);
    timeouts.backoffInitial = std::chrono::milliseconds(1); // a retry would come at once
    probe.setTimeouts(timeouts);
    QSignalSpy failed(&probe, &ConnectionProbe::failed);
    probe.start(loopback(silent.serverPort()));
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kTimeoutMs);
    QCOMPARE(failed.at(0).at(0).value<CameraSource::Failure>(), CameraSource::Failure::TimedOut);

    // Exactly one connection was made: count them once the failure is in.
    int connections = 0;
    while (silent.hasPendingConnections()) {
        silent.nextPendingConnection();
        ++connections;
    }
    QCOMPARE(connections, 1);
    QVERIFY(!probe.isRunning());
}

QTEST_MAIN(TestConnectionProbe)
#include "tst_connectionprobe.moc"
