// JpegStreamCamera over real TLS against the project's printer simulator on 127.0.0.1.
#include "camera/jpegstream/jpegstreamcamera.h"
#include "frames/cameraframe.h"
#include "sim/printersimulator.h"
#include "testsupport.h"

#include <QHostAddress>
#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace std::chrono_literals;

namespace {

const QString kCode = QStringLiteral("12345678");

QByteArray jpegOf(const QList<QVariant> &frameArrivedArguments)
{
    return frameArrivedArguments.first().value<CameraFrame>().encoded();
}

CameraEndpoint endpointFor(const PrinterSimulator &simulator, const QString &code = kCode)
{
    CameraEndpoint endpoint;
    endpoint.host = QStringLiteral("127.0.0.1");
    endpoint.port = simulator.serverPort();
    endpoint.accessCode = code;
    return endpoint;
}

} // namespace

class TestJpegStreamCamera : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void framesArriveByteIdentical();
    void wrongAccessCodeIsRejectedWithoutFrames();
    void stalledPrinterTripsWatchdogAndReconnects();
    void restartedPrinterIsReconnected();
    void faultsEndInTheRightFailure_data();
    void faultsEndInTheRightFailure();
    void truncatedFrameSaysSo();
    void closedPortIsRefused();
    void thirdViewerTimesOutInHandshake();
    void invalidSettingsMakeNoAttempt_data();
    void invalidSettingsMakeNoAttempt();
    void stopIsImmediateAndQuiet();
    void accessCodeNeverLogged();
    void matchingPinStreams();
    void changedCertificateIsRefusedBeforeLogin();
    void caVerification_data();
    void caVerification();

private:
    std::unique_ptr<PrinterSimulator> startSimulator(double fps = 10);
};

void TestJpegStreamCamera::init()
{
    // Test functions leave no listeners behind; nothing else to reset.
}

std::unique_ptr<PrinterSimulator> TestJpegStreamCamera::startSimulator(double fps)
{
    auto simulator = std::make_unique<PrinterSimulator>();
    simulator->setName(QStringLiteral("Test printer"));
    simulator->setAccessCode(kCode);
    simulator->setFramesPerSecond(fps);
    if (!simulator->listen(QHostAddress::LocalHost, 0))
        return nullptr;
    return simulator;
}

void TestJpegStreamCamera::framesArriveByteIdentical()
{
    auto simulator = startSimulator();
    QVERIFY(simulator);
    QSignalSpy sent(simulator.get(), &PrinterSimulator::frameSent);

    JpegStreamCamera connection;
    connection.setTimeouts(TestSupport::fastTimeouts());
    connection.setEndpoint(endpointFor(*simulator));
    QSignalSpy states(&connection, &CameraSource::stateChanged);
    QSignalSpy received(&connection, &CameraSource::frameArrived);
    connection.start();

    QTRY_VERIFY_WITH_TIMEOUT(received.size() >= 3, 15000);
    QCOMPARE(connection.state(), CameraSource::State::Up);
    QCOMPARE(connection.lastFailure(), CameraSource::Failure::None);

    QList<QByteArray> sentFrames;
    for (const QList<QVariant> &args : sent)
        sentFrames << args.first().toByteArray();
    for (const QList<QVariant> &args : received) {
        const CameraFrame frame = args.first().value<CameraFrame>();
        QCOMPARE(frame.codec(), CameraFrame::Codec::Jpeg);
        QVERIFY2(sentFrames.contains(frame.encoded()),
                 "a received frame differs from every frame sent");
        QVERIFY(frame.receivedAt().isValid());
        QVERIFY(frame.receivedNs() > 0);
    }
    QCOMPARE(connection.lastFrameTime(), received.last().first().value<CameraFrame>().receivedAt());

    // The states went the documented way.
    QList<CameraSource::State> path;
    for (const QList<QVariant> &args : states)
        path << args.first().value<CameraSource::State>();
    const QList<CameraSource::State> expected
        = {CameraSource::State::Connecting, CameraSource::State::Handshaking,
           CameraSource::State::Authenticating, CameraSource::State::Up};
    QCOMPARE(path, expected);

    QCOMPARE(connection.peerCertificateFingerprint(), simulator->certificateFingerprint());
    QVERIFY(connection.peerCertificateFingerprint().contains(QLatin1Char(':')));

    const CameraSource::Stats stats = connection.stats();
    QVERIFY(stats.framesReceived >= 3);
    QVERIFY(stats.bytesReceived > 3 * 1000);
    QVERIFY(stats.framesPerSecond > 0);
    QVERIFY(stats.lastFrameAgeMs >= 0);
    QCOMPARE(stats.reconnects, quint64(0));
}

void TestJpegStreamCamera::wrongAccessCodeIsRejectedWithoutFrames()
{
    auto simulator = startSimulator();
    QVERIFY(simulator);

    JpegStreamCamera connection;
    connection.setTimeouts(TestSupport::fastTimeouts());
    connection.setEndpoint(endpointFor(*simulator, QStringLiteral("87654321")));
    QSignalSpy failures(&connection, &CameraSource::failed);
    QSignalSpy received(&connection, &CameraSource::frameArrived);
    connection.start();

    QTRY_COMPARE_WITH_TIMEOUT(failures.size(), 1, 15000);
    QCOMPARE(failures.first().first().value<CameraSource::Failure>(),
             CameraSource::Failure::AccessCodeRejected);
    QVERIFY(failures.first().at(1).toString().contains(QStringLiteral("Access code rejected")));
    QCOMPARE(received.size(), 0);
    QCOMPARE(connection.state(), CameraSource::State::Backoff);
    // A wrong code does not fix itself: the next try waits about a minute, not a second.
    const qint64 waitMs = QDateTime::currentDateTime().msecsTo(connection.nextAttemptAt());
    QVERIFY2(waitMs > 30000, qPrintable(QString::number(waitMs)));
    QVERIFY(!connection.lastFrameTime().isValid());
}

void TestJpegStreamCamera::stalledPrinterTripsWatchdogAndReconnects()
{
    auto simulator = startSimulator();
    QVERIFY(simulator);
    simulator->setFault(PrinterSimulator::Fault::Stall, 2);
    QSignalSpy clientCounts(simulator.get(), &PrinterSimulator::clientCountChanged);

    JpegStreamCamera connection;
    connection.setTimeouts(TestSupport::fastTimeouts());
    connection.setEndpoint(endpointFor(*simulator));
    QSignalSpy failures(&connection, &CameraSource::failed);
    QSignalSpy received(&connection, &CameraSource::frameArrived);
    connection.start();

    QTRY_VERIFY_WITH_TIMEOUT(!failures.isEmpty(), 15000);
    QCOMPARE(failures.first().first().value<CameraSource::Failure>(),
             CameraSource::Failure::TimedOut);
    QCOMPARE(received.size(), 2);
    // It dials again by itself and streams again (the simulator's stall is per client).
    QTRY_VERIFY_WITH_TIMEOUT(received.size() >= 3, 15000);
    QVERIFY(connection.stats().reconnects >= 1);
    // Exactly one connection per printer: the old one was closed before the new one was dialled.
    for (const QList<QVariant> &args : clientCounts)
        QVERIFY2(args.first().toInt() <= 1, "two connections to one printer at once");
}

void TestJpegStreamCamera::restartedPrinterIsReconnected()
{
    auto simulator = startSimulator();
    QVERIFY(simulator);
    const quint16 port = simulator->serverPort();

    JpegStreamCamera connection;
    connection.setTimeouts(TestSupport::fastTimeouts());
    connection.setEndpoint(endpointFor(*simulator));
    QSignalSpy received(&connection, &CameraSource::frameArrived);
    QSignalSpy failures(&connection, &CameraSource::failed);
    connection.start();
    QTRY_VERIFY_WITH_TIMEOUT(!received.isEmpty(), 15000);

    simulator->close(); // the printer reboots: its connections die and the port refuses
    QTRY_VERIFY_WITH_TIMEOUT(!failures.isEmpty(), 15000);
    QCOMPARE(connection.state(), CameraSource::State::Backoff);
    // While it is down, attempts are refused and spaced out by the backoff.
    QTRY_VERIFY_WITH_TIMEOUT(failures.size() >= 2, 15000);
    bool refused = false;
    for (const QList<QVariant> &args : failures)
        refused |= args.first().value<CameraSource::Failure>()
            == CameraSource::Failure::ConnectionRefused;
    QVERIFY(refused);

    const qsizetype framesBefore = received.size();
    QVERIFY(simulator->listen(QHostAddress::LocalHost, port));
    QTRY_VERIFY_WITH_TIMEOUT(received.size() > framesBefore, 15000);
    QCOMPARE(connection.state(), CameraSource::State::Up);
    QVERIFY(connection.stats().reconnects >= 2);
}

void TestJpegStreamCamera::faultsEndInTheRightFailure_data()
{
    QTest::addColumn<PrinterSimulator::Fault>("fault");
    QTest::addColumn<CameraSource::Failure>("failure");

    QTest::newRow("truncated mid-frame")
        << PrinterSimulator::Fault::TruncateMidFrame << CameraSource::Failure::ConnectionLost;
    QTest::newRow("garbage header")
        << PrinterSimulator::Fault::GarbageHeader << CameraSource::Failure::ProtocolError;
    QTest::newRow("oversize length")
        << PrinterSimulator::Fault::OversizeLength << CameraSource::Failure::ProtocolError;
    QTest::newRow("bad JPEG magic")
        << PrinterSimulator::Fault::BadJpegMagic << CameraSource::Failure::ProtocolError;
    QTest::newRow("abrupt close") << PrinterSimulator::Fault::AbruptClose
                                  << CameraSource::Failure::ConnectionLost;
}

void TestJpegStreamCamera::faultsEndInTheRightFailure()
{
    QFETCH(PrinterSimulator::Fault, fault);
    QFETCH(CameraSource::Failure, failure);

    auto simulator = startSimulator();
    QVERIFY(simulator);
    simulator->setFault(fault, 1);
    QSignalSpy sent(simulator.get(), &PrinterSimulator::frameSent);

    JpegStreamCamera connection;
    connection.setTimeouts(TestSupport::fastTimeouts());
    connection.setEndpoint(endpointFor(*simulator));
    QSignalSpy failures(&connection, &CameraSource::failed);
    QSignalSpy received(&connection, &CameraSource::frameArrived);
    connection.start();

    QTRY_VERIFY_WITH_TIMEOUT(!failures.isEmpty(), 15000);
    QCOMPARE(failures.first().first().value<CameraSource::Failure>(), failure);
    QVERIFY(!failures.first().at(1).toString().isEmpty());
    QCOMPARE(connection.state(), CameraSource::State::Backoff);

    // Only whole, genuine frames got out: never a partial or corrupt one.
    QList<QByteArray> sentFrames;
    for (const QList<QVariant> &args : sent)
        sentFrames << args.first().toByteArray();
    QCOMPARE(received.size(), 1);
    for (const QList<QVariant> &args : received)
        QVERIFY(sentFrames.contains(jpegOf(args)));
}

void TestJpegStreamCamera::truncatedFrameSaysSo()
{
    // A printer that closes the connection in the middle of a picture is not "unreachable".
    auto simulator = startSimulator();
    QVERIFY(simulator);
    simulator->setFault(PrinterSimulator::Fault::TruncateMidFrame, 1);
    JpegStreamCamera connection;
    connection.setTimeouts(TestSupport::fastTimeouts());
    connection.setEndpoint(endpointFor(*simulator));
    QSignalSpy failures(&connection, &CameraSource::failed);
    connection.start();
    QTRY_VERIFY_WITH_TIMEOUT(!failures.isEmpty(), 15000);
    const QString message = failures.first().at(1).toString();
    QVERIFY2(message.contains(QStringLiteral("in the middle of a picture")), qPrintable(message));
    QVERIFY2(!message.contains(QStringLiteral("unreachable")), qPrintable(message));
}

void TestJpegStreamCamera::closedPortIsRefused()
{
    // A port that was just free on loopback and has nobody listening.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();

    JpegStreamCamera connection;
    connection.setTimeouts(TestSupport::fastTimeouts());
    CameraEndpoint endpoint;
    endpoint.host = QStringLiteral("127.0.0.1");
    endpoint.port = port;
    endpoint.accessCode = kCode;
    connection.setEndpoint(endpoint);
    QSignalSpy failures(&connection, &CameraSource::failed);
    connection.start();
    QTRY_VERIFY_WITH_TIMEOUT(!failures.isEmpty(), 15000);
    QCOMPARE(failures.first().first().value<CameraSource::Failure>(),
             CameraSource::Failure::ConnectionRefused);
    QVERIFY(failures.first().at(1).toString().contains(QStringLiteral("LAN Only Liveview")));
    const qint64 waitMs = QDateTime::currentDateTime().msecsTo(connection.nextAttemptAt());
    QVERIFY(waitMs >= 0 && waitMs <= 1000);
}

void TestJpegStreamCamera::thirdViewerTimesOutInHandshake()
{
    auto simulator = startSimulator();
    QVERIFY(simulator);
    JpegStreamCamera first, second, third;
    for (JpegStreamCamera *connection : {&first, &second}) {
        connection->setTimeouts(TestSupport::fastTimeouts());
        connection->setEndpoint(endpointFor(*simulator));
        connection->start();
    }
    QTRY_COMPARE_WITH_TIMEOUT(first.state(), CameraSource::State::Up, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(second.state(), CameraSource::State::Up, 15000);

    CameraSource::Timeouts timeouts = TestSupport::fastTimeouts();
    timeouts.connect = 1000ms;
    third.setTimeouts(timeouts);
    third.setEndpoint(endpointFor(*simulator));
    QSignalSpy failures(&third, &CameraSource::failed);
    third.start();
    QTRY_VERIFY_WITH_TIMEOUT(!failures.isEmpty(), 15000);
    QCOMPARE(failures.first().first().value<CameraSource::Failure>(),
             CameraSource::Failure::TimedOut);
    QVERIFY(failures.first().at(1).toString().contains(QStringLiteral("two camera viewers")));

    // Once a seat is free, the third viewer gets in.
    first.stop();
    QTRY_COMPARE_WITH_TIMEOUT(third.state(), CameraSource::State::Up, 15000);
}

void TestJpegStreamCamera::invalidSettingsMakeNoAttempt_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("code");
    QTest::newRow("no host") << QString() << 6000 << kCode;
    QTest::newRow("port 0") << QStringLiteral("127.0.0.1") << 0 << kCode;
    QTest::newRow("empty code") << QStringLiteral("127.0.0.1") << 6000 << QString();
    QTest::newRow("code too long")
        << QStringLiteral("127.0.0.1") << 6000 << QString(33, QLatin1Char('1'));
}

void TestJpegStreamCamera::invalidSettingsMakeNoAttempt()
{
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, code);
    JpegStreamCamera connection;
    CameraEndpoint endpoint;
    endpoint.host = host;
    endpoint.port = quint16(port);
    endpoint.accessCode = code;
    connection.setEndpoint(endpoint);
    QSignalSpy failures(&connection, &CameraSource::failed);
    connection.start();
    QCOMPARE(failures.size(), 1);
    QCOMPARE(failures.first().first().value<CameraSource::Failure>(),
             CameraSource::Failure::InvalidSettings);
    QCOMPARE(connection.state(), CameraSource::State::Idle);
    QVERIFY(!connection.statusText().isEmpty());
}

void TestJpegStreamCamera::stopIsImmediateAndQuiet()
{
    auto simulator = startSimulator();
    QVERIFY(simulator);
    JpegStreamCamera connection;
    connection.setTimeouts(TestSupport::fastTimeouts());
    connection.setEndpoint(endpointFor(*simulator));
    QSignalSpy received(&connection, &CameraSource::frameArrived);
    QSignalSpy failures(&connection, &CameraSource::failed);
    connection.start();
    QTRY_VERIFY_WITH_TIMEOUT(!received.isEmpty(), 15000);

    connection.stop();
    QCOMPARE(connection.state(), CameraSource::State::Idle);
    QTRY_COMPARE_WITH_TIMEOUT(simulator->clientCount(), 0, 15000);
    QCOMPARE(failures.size(), 0);
    QVERIFY(connection.lastFrameTime().isValid()); // the hub keeps the frame for snapshots
}

void TestJpegStreamCamera::accessCodeNeverLogged()
{
    const QString secret = QStringLiteral("S3cr3tQZ");
    QLoggingCategory::setFilterRules(QStringLiteral("farmcam.*=true"));
    TestSupport::LogCapture capture;

    auto simulator = startSimulator();
    QVERIFY(simulator);
    simulator->setAccessCode(secret);
    JpegStreamCamera rejected, accepted;
    for (JpegStreamCamera *connection : {&rejected, &accepted})
        connection->setTimeouts(TestSupport::fastTimeouts());
    rejected.setEndpoint(endpointFor(*simulator, QStringLiteral("W0ngC0de")));
    accepted.setEndpoint(endpointFor(*simulator, secret));
    QSignalSpy failures(&rejected, &CameraSource::failed);
    QSignalSpy received(&accepted, &CameraSource::frameArrived);
    rejected.start();
    accepted.start();
    QTRY_VERIFY_WITH_TIMEOUT(!failures.isEmpty() && !received.isEmpty(), 15000);

    QLoggingCategory::setFilterRules(QString());
    const QStringList log = TestSupport::LogCapture::messages();
    QVERIFY(!log.isEmpty()); // the categories did log something
    for (const QString &line : log) {
        QVERIFY2(!line.contains(secret), qPrintable(line));
        QVERIFY2(!line.contains(QStringLiteral("W0ngC0de")), qPrintable(line));
    }
    QVERIFY(!failures.first().at(1).toString().contains(QStringLiteral("W0ngC0de")));
}

void TestJpegStreamCamera::matchingPinStreams()
{
    auto simulator = startSimulator();
    QVERIFY(simulator);
    JpegStreamCamera connection;
    connection.setTimeouts(TestSupport::fastTimeouts());
    CameraEndpoint endpoint = endpointFor(*simulator);
    // Written as a user would paste it: lower case without colons.
    endpoint.trust.pinnedFingerprint
        = simulator->certificateFingerprint().remove(QLatin1Char(':')).toLower();
    connection.setEndpoint(endpoint);
    QSignalSpy received(&connection, &CameraSource::frameArrived);
    connection.start();
    QTRY_VERIFY_WITH_TIMEOUT(!received.isEmpty(), 15000);
}

void TestJpegStreamCamera::changedCertificateIsRefusedBeforeLogin()
{
    auto simulator = startSimulator();
    QVERIFY(simulator);
    QSignalSpy logins(simulator.get(), &PrinterSimulator::clientAuthenticated);
    QSignalSpy rejectedLogins(simulator.get(), &PrinterSimulator::loginRejected);

    JpegStreamCamera connection;
    connection.setTimeouts(TestSupport::fastTimeouts());
    CameraEndpoint endpoint = endpointFor(*simulator);
    endpoint.trust.pinnedFingerprint = QString(64, QLatin1Char('a')); // some other certificate
    connection.setEndpoint(endpoint);
    QSignalSpy failures(&connection, &CameraSource::failed);
    QSignalSpy fingerprints(&connection, &JpegStreamCamera::peerCertificateFingerprintChanged);
    connection.start();

    QTRY_VERIFY_WITH_TIMEOUT(!failures.isEmpty(), 15000);
    QCOMPARE(failures.first().first().value<CameraSource::Failure>(),
             CameraSource::Failure::CertificateMismatch);
    QVERIFY(failures.first().at(1).toString().contains(QStringLiteral("Certificate changed")));
    // Both fingerprints are there for the user to compare.
    QCOMPARE(connection.peerCertificateFingerprint(), simulator->certificateFingerprint());
    QCOMPARE(fingerprints.size(), 1);
    // No retry: it waits for the user's decision.
    QCOMPARE(connection.state(), CameraSource::State::Idle);
    QVERIFY(!connection.nextAttemptAt().isValid());
    // The access code never left: the simulator saw no login at all.
    QTRY_COMPARE_WITH_TIMEOUT(simulator->clientCount(), 0, 15000);
    QCOMPARE(logins.size(), 0);
    QCOMPARE(rejectedLogins.size(), 0);

    // Accepting the new certificate lets it stream.
    connection.pinCertificate(simulator->certificateFingerprint());
    QSignalSpy received(&connection, &CameraSource::frameArrived);
    connection.start();
    QTRY_VERIFY_WITH_TIMEOUT(!received.isEmpty(), 15000);
}

void TestJpegStreamCamera::caVerification_data()
{
    QTest::addColumn<QString>("peerName");
    QTest::addColumn<bool>("streams");
    // The simulator's certificate is its own CA and names the serial 01S00C000000000, as a
    // printer's names its serial.
    QTest::newRow("right serial") << QStringLiteral("01S00C000000000") << true;
    QTest::newRow("wrong serial") << QStringLiteral("01S00C999999999") << false;
}

void TestJpegStreamCamera::caVerification()
{
    QFETCH(QString, peerName);
    QFETCH(bool, streams);

    auto simulator = startSimulator();
    QVERIFY(simulator);
    QSignalSpy logins(simulator.get(), &PrinterSimulator::clientAuthenticated);
    JpegStreamCamera connection;
    connection.setTimeouts(TestSupport::fastTimeouts());
    CameraEndpoint endpoint = endpointFor(*simulator);
    endpoint.trust.caFile = QStringLiteral(":/sim/simulator.crt");
    endpoint.trust.peerName = peerName;
    connection.setEndpoint(endpoint);
    QSignalSpy received(&connection, &CameraSource::frameArrived);
    QSignalSpy failures(&connection, &CameraSource::failed);
    connection.start();

    if (streams) {
        QTRY_VERIFY_WITH_TIMEOUT(!received.isEmpty(), 15000);
        QCOMPARE(failures.size(), 0);
    } else {
        QTRY_VERIFY_WITH_TIMEOUT(!failures.isEmpty(), 15000);
        QCOMPARE(failures.first().first().value<CameraSource::Failure>(),
                 CameraSource::Failure::TlsError);
        QVERIFY2(failures.first().at(1).toString().contains(QStringLiteral("host name")),
                 qPrintable(failures.first().at(1).toString()));
        QCOMPARE(received.size(), 0);
        QCOMPARE(logins.size(), 0);
    }
}

QTEST_MAIN(TestJpegStreamCamera)
#include "tst_jpegstreamcamera.moc"
