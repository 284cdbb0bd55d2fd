// CameraConnection over real TLS against the project's printer simulator on 127.0.0.1.
#include "net/cameraconnection.h"
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

CameraEndpoint endpointFor(const PrinterSimulator &simulator, const QString &code = kCode)
{
    CameraEndpoint endpoint;
    endpoint.host = QStringLiteral("127.0.0.1");
    endpoint.port = simulator.serverPort();
    endpoint.accessCode = code;
    return endpoint;
}

} // namespace

class TestCameraConnection : public QObject
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
    void imageReadyDeliversTheAskedSize_data();
    void imageReadyDeliversTheAskedSize();
    void noDecodingWithoutListenerOrWhenDisabled();
    void closedPortIsRefused();
    void thirdViewerTimesOutInHandshake();
    void invalidSettingsMakeNoAttempt_data();
    void invalidSettingsMakeNoAttempt();
    void stopIsImmediateAndQuiet();
    void accessCodeNeverLogged();
    void normalizeFingerprint_data();
    void normalizeFingerprint();
    void matchingPinStreams();
    void changedCertificateIsRefusedBeforeLogin();
    void caVerification_data();
    void caVerification();

private:
    std::unique_ptr<PrinterSimulator> startSimulator(double fps = 10);
};

void TestCameraConnection::init()
{
    // Test functions leave no listeners behind; nothing else to reset.
}

std::unique_ptr<PrinterSimulator> TestCameraConnection::startSimulator(double fps)
{
    auto simulator = std::make_unique<PrinterSimulator>();
    simulator->setName(QStringLiteral("Test printer"));
    simulator->setAccessCode(kCode);
    simulator->setFramesPerSecond(fps);
    if (!simulator->listen(QHostAddress::LocalHost, 0))
        return nullptr;
    return simulator;
}

void TestCameraConnection::framesArriveByteIdentical()
{
    auto simulator = startSimulator();
    QVERIFY(simulator);
    QSignalSpy sent(simulator.get(), &PrinterSimulator::frameSent);

    CameraConnection connection;
    connection.setTimeouts(TestSupport::fastTimeouts());
    connection.setEndpoint(endpointFor(*simulator));
    QSignalSpy states(&connection, &CameraConnection::stateChanged);
    QSignalSpy received(&connection, &CameraConnection::frameReceived);
    connection.start();

    QTRY_VERIFY_WITH_TIMEOUT(received.size() >= 3, 15000);
    QCOMPARE(connection.state(), CameraConnection::State::Streaming);
    QCOMPARE(connection.lastFailure(), CameraConnection::Failure::None);

    QList<QByteArray> sentFrames;
    for (const QList<QVariant> &args : sent)
        sentFrames << args.first().toByteArray();
    for (const QList<QVariant> &args : received) {
        const QByteArray jpeg = args.at(0).toByteArray();
        QVERIFY2(sentFrames.contains(jpeg), "a received frame differs from every frame sent");
        QVERIFY(args.at(1).toDateTime().isValid());
    }
    QCOMPARE(connection.lastFrame(), received.last().first().toByteArray());

    // The states went the documented way.
    QList<CameraConnection::State> path;
    for (const QList<QVariant> &args : states)
        path << args.first().value<CameraConnection::State>();
    const QList<CameraConnection::State> expected
        = {CameraConnection::State::Connecting, CameraConnection::State::Handshaking,
           CameraConnection::State::Authenticating, CameraConnection::State::Streaming};
    QCOMPARE(path, expected);

    QCOMPARE(connection.peerCertificateFingerprint(), simulator->certificateFingerprint());
    QVERIFY(connection.peerCertificateFingerprint().contains(QLatin1Char(':')));

    const CameraConnection::Stats stats = connection.stats();
    QVERIFY(stats.framesReceived >= 3);
    QVERIFY(stats.bytesReceived > 3 * 1000);
    QVERIFY(stats.framesPerSecond > 0);
    QVERIFY(stats.lastFrameAgeMs >= 0);
    QCOMPARE(stats.reconnects, quint64(0));
}

void TestCameraConnection::wrongAccessCodeIsRejectedWithoutFrames()
{
    auto simulator = startSimulator();
    QVERIFY(simulator);

    CameraConnection connection;
    connection.setTimeouts(TestSupport::fastTimeouts());
    connection.setEndpoint(endpointFor(*simulator, QStringLiteral("87654321")));
    QSignalSpy failures(&connection, &CameraConnection::failed);
    QSignalSpy received(&connection, &CameraConnection::frameReceived);
    connection.start();

    QTRY_COMPARE_WITH_TIMEOUT(failures.size(), 1, 15000);
    QCOMPARE(failures.first().first().value<CameraConnection::Failure>(),
             CameraConnection::Failure::AccessCodeRejected);
    QVERIFY(failures.first().at(1).toString().contains(QStringLiteral("Access code rejected")));
    QCOMPARE(received.size(), 0);
    QCOMPARE(connection.state(), CameraConnection::State::Backoff);
    // A wrong code does not fix itself: the next try waits about a minute, not a second.
    const qint64 waitMs = QDateTime::currentDateTime().msecsTo(connection.nextAttemptAt());
    QVERIFY2(waitMs > 30000, qPrintable(QString::number(waitMs)));
    QVERIFY(connection.lastFrame().isEmpty());
}

void TestCameraConnection::stalledPrinterTripsWatchdogAndReconnects()
{
    auto simulator = startSimulator();
    QVERIFY(simulator);
    simulator->setFault(PrinterSimulator::Fault::Stall, 2);
    QSignalSpy clientCounts(simulator.get(), &PrinterSimulator::clientCountChanged);

    CameraConnection connection;
    connection.setTimeouts(TestSupport::fastTimeouts());
    connection.setEndpoint(endpointFor(*simulator));
    QSignalSpy failures(&connection, &CameraConnection::failed);
    QSignalSpy received(&connection, &CameraConnection::frameReceived);
    connection.start();

    QTRY_VERIFY_WITH_TIMEOUT(!failures.isEmpty(), 15000);
    QCOMPARE(failures.first().first().value<CameraConnection::Failure>(),
             CameraConnection::Failure::TimedOut);
    QCOMPARE(received.size(), 2);
    // It dials again by itself and streams again (the simulator's stall is per client).
    QTRY_VERIFY_WITH_TIMEOUT(received.size() >= 3, 15000);
    QVERIFY(connection.stats().reconnects >= 1);
    // Exactly one connection per printer: the old one was closed before the new one was dialled.
    for (const QList<QVariant> &args : clientCounts)
        QVERIFY2(args.first().toInt() <= 1, "two connections to one printer at once");
}

void TestCameraConnection::restartedPrinterIsReconnected()
{
    auto simulator = startSimulator();
    QVERIFY(simulator);
    const quint16 port = simulator->serverPort();

    CameraConnection connection;
    connection.setTimeouts(TestSupport::fastTimeouts());
    connection.setEndpoint(endpointFor(*simulator));
    QSignalSpy received(&connection, &CameraConnection::frameReceived);
    QSignalSpy failures(&connection, &CameraConnection::failed);
    connection.start();
    QTRY_VERIFY_WITH_TIMEOUT(!received.isEmpty(), 15000);

    simulator->close(); // the printer reboots: its connections die and the port refuses
    QTRY_VERIFY_WITH_TIMEOUT(!failures.isEmpty(), 15000);
    QCOMPARE(connection.state(), CameraConnection::State::Backoff);
    // While it is down, attempts are refused and spaced out by the backoff.
    QTRY_VERIFY_WITH_TIMEOUT(failures.size() >= 2, 15000);
    bool refused = false;
    for (const QList<QVariant> &args : failures)
        refused |= args.first().value<CameraConnection::Failure>()
            == CameraConnection::Failure::ConnectionRefused;
    QVERIFY(refused);

    const qsizetype framesBefore = received.size();
    QVERIFY(simulator->listen(QHostAddress::LocalHost, port));
    QTRY_VERIFY_WITH_TIMEOUT(received.size() > framesBefore, 15000);
    QCOMPARE(connection.state(), CameraConnection::State::Streaming);
    QVERIFY(connection.stats().reconnects >= 2);
}

void TestCameraConnection::faultsEndInTheRightFailure_data()
{
    QTest::addColumn<PrinterSimulator::Fault>("fault");
    QTest::addColumn<CameraConnection::Failure>("failure");

    QTest::newRow("truncated mid-frame")
        << PrinterSimulator::Fault::TruncateMidFrame << CameraConnection::Failure::NetworkError;
    QTest::newRow("garbage header")
        << PrinterSimulator::Fault::GarbageHeader << CameraConnection::Failure::ProtocolError;
    QTest::newRow("oversize length")
        << PrinterSimulator::Fault::OversizeLength << CameraConnection::Failure::ProtocolError;
    QTest::newRow("bad JPEG magic")
        << PrinterSimulator::Fault::BadJpegMagic << CameraConnection::Failure::ProtocolError;
    QTest::newRow("abrupt close") << PrinterSimulator::Fault::AbruptClose
                                  << CameraConnection::Failure::NetworkError;
}

void TestCameraConnection::faultsEndInTheRightFailure()
{
    QFETCH(PrinterSimulator::Fault, fault);
    QFETCH(CameraConnection::Failure, failure);

    auto simulator = startSimulator();
    QVERIFY(simulator);
    simulator->setFault(fault, 1);
    QSignalSpy sent(simulator.get(), &PrinterSimulator::frameSent);

    CameraConnection connection;
    connection.setTimeouts(TestSupport::fastTimeouts());
    connection.setEndpoint(endpointFor(*simulator));
    QSignalSpy failures(&connection, &CameraConnection::failed);
    QSignalSpy received(&connection, &CameraConnection::frameReceived);
    connection.start();

    QTRY_VERIFY_WITH_TIMEOUT(!failures.isEmpty(), 15000);
    QCOMPARE(failures.first().first().value<CameraConnection::Failure>(), failure);
    QVERIFY(!failures.first().at(1).toString().isEmpty());
    QCOMPARE(connection.state(), CameraConnection::State::Backoff);

    // Only whole, genuine frames got out: never a partial or corrupt one.
    QList<QByteArray> sentFrames;
    for (const QList<QVariant> &args : sent)
        sentFrames << args.first().toByteArray();
    QCOMPARE(received.size(), 1);
    for (const QList<QVariant> &args : received)
        QVERIFY(sentFrames.contains(args.first().toByteArray()));
    QCOMPARE(connection.lastFrame(), received.first().first().toByteArray());
}

void TestCameraConnection::imageReadyDeliversTheAskedSize_data()
{
    QTest::addColumn<QSize>("decodeSize");
    QTest::addColumn<QSize>("expected");
    QTest::newRow("full resolution") << QSize() << QSize(1280, 720);
    QTest::newRow("half") << QSize(640, 360) << QSize(640, 360);
    QTest::newRow("tile 480x300") << QSize(480, 300) << QSize(480, 270);
}

void TestCameraConnection::imageReadyDeliversTheAskedSize()
{
    QFETCH(QSize, decodeSize);
    QFETCH(QSize, expected);

    auto simulator = startSimulator();
    QVERIFY(simulator);
    CameraConnection connection;
    connection.setTimeouts(TestSupport::fastTimeouts());
    connection.setEndpoint(endpointFor(*simulator));
    connection.setDecodeSize(decodeSize);
    QSignalSpy images(&connection, &CameraConnection::imageReady);
    connection.start();

    QTRY_VERIFY_WITH_TIMEOUT(!images.isEmpty(), 15000);
    const QImage image = images.first().first().value<QImage>();
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), expected);
}

void TestCameraConnection::noDecodingWithoutListenerOrWhenDisabled()
{
    auto simulator = startSimulator(20);
    QVERIFY(simulator);
    CameraConnection connection;
    connection.setTimeouts(TestSupport::fastTimeouts());
    connection.setEndpoint(endpointFor(*simulator));
    QSignalSpy received(&connection, &CameraConnection::frameReceived);
    connection.start();
    QTRY_VERIFY_WITH_TIMEOUT(received.size() >= 2, 15000);

    // A listener that is hidden: frames keep arriving, nothing is decoded.
    connection.setDecodingEnabled(false);
    QSignalSpy images(&connection, &CameraConnection::imageReady);
    const qsizetype before = received.size();
    QTRY_VERIFY_WITH_TIMEOUT(received.size() >= before + 3, 15000);
    QCOMPARE(images.size(), 0);

    // Visible again: a picture comes at once, from the last frame.
    connection.setDecodingEnabled(true);
    QTRY_VERIFY_WITH_TIMEOUT(!images.isEmpty(), 15000);
}

void TestCameraConnection::closedPortIsRefused()
{
    // A port that was just free on loopback and has nobody listening.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();

    CameraConnection connection;
    connection.setTimeouts(TestSupport::fastTimeouts());
    CameraEndpoint endpoint;
    endpoint.host = QStringLiteral("127.0.0.1");
    endpoint.port = port;
    endpoint.accessCode = kCode;
    connection.setEndpoint(endpoint);
    QSignalSpy failures(&connection, &CameraConnection::failed);
    connection.start();
    QTRY_VERIFY_WITH_TIMEOUT(!failures.isEmpty(), 15000);
    QCOMPARE(failures.first().first().value<CameraConnection::Failure>(),
             CameraConnection::Failure::ConnectionRefused);
    QVERIFY(failures.first().at(1).toString().contains(QStringLiteral("LAN Only Liveview")));
    const qint64 waitMs = QDateTime::currentDateTime().msecsTo(connection.nextAttemptAt());
    QVERIFY(waitMs >= 0 && waitMs <= 1000);
}

void TestCameraConnection::thirdViewerTimesOutInHandshake()
{
    auto simulator = startSimulator();
    QVERIFY(simulator);
    CameraConnection first, second, third;
    for (CameraConnection *connection : {&first, &second}) {
        connection->setTimeouts(TestSupport::fastTimeouts());
        connection->setEndpoint(endpointFor(*simulator));
        connection->start();
    }
    QTRY_COMPARE_WITH_TIMEOUT(first.state(), CameraConnection::State::Streaming, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(second.state(), CameraConnection::State::Streaming, 15000);

    CameraConnection::Timeouts timeouts = TestSupport::fastTimeouts();
    timeouts.connect = 1000ms;
    third.setTimeouts(timeouts);
    third.setEndpoint(endpointFor(*simulator));
    QSignalSpy failures(&third, &CameraConnection::failed);
    third.start();
    QTRY_VERIFY_WITH_TIMEOUT(!failures.isEmpty(), 15000);
    QCOMPARE(failures.first().first().value<CameraConnection::Failure>(),
             CameraConnection::Failure::TimedOut);
    QVERIFY(failures.first().at(1).toString().contains(QStringLiteral("two camera viewers")));

    // Once a seat is free, the third viewer gets in.
    first.stop();
    QTRY_COMPARE_WITH_TIMEOUT(third.state(), CameraConnection::State::Streaming, 15000);
}

void TestCameraConnection::invalidSettingsMakeNoAttempt_data()
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

void TestCameraConnection::invalidSettingsMakeNoAttempt()
{
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, code);
    CameraConnection connection;
    CameraEndpoint endpoint;
    endpoint.host = host;
    endpoint.port = quint16(port);
    endpoint.accessCode = code;
    connection.setEndpoint(endpoint);
    QSignalSpy failures(&connection, &CameraConnection::failed);
    connection.start();
    QCOMPARE(failures.size(), 1);
    QCOMPARE(failures.first().first().value<CameraConnection::Failure>(),
             CameraConnection::Failure::InvalidSettings);
    QCOMPARE(connection.state(), CameraConnection::State::Idle);
    QVERIFY(!connection.statusText().isEmpty());
}

void TestCameraConnection::stopIsImmediateAndQuiet()
{
    auto simulator = startSimulator();
    QVERIFY(simulator);
    CameraConnection connection;
    connection.setTimeouts(TestSupport::fastTimeouts());
    connection.setEndpoint(endpointFor(*simulator));
    QSignalSpy received(&connection, &CameraConnection::frameReceived);
    QSignalSpy failures(&connection, &CameraConnection::failed);
    connection.start();
    QTRY_VERIFY_WITH_TIMEOUT(!received.isEmpty(), 15000);

    connection.stop();
    QCOMPARE(connection.state(), CameraConnection::State::Idle);
    QTRY_COMPARE_WITH_TIMEOUT(simulator->clientCount(), 0, 15000);
    QCOMPARE(failures.size(), 0);
    QVERIFY(!connection.lastFrame().isEmpty()); // kept for snapshots
}

void TestCameraConnection::accessCodeNeverLogged()
{
    const QString secret = QStringLiteral("S3cr3tQZ");
    QLoggingCategory::setFilterRules(QStringLiteral("farmcam.*=true"));
    TestSupport::LogCapture capture;

    auto simulator = startSimulator();
    QVERIFY(simulator);
    simulator->setAccessCode(secret);
    CameraConnection rejected, accepted;
    for (CameraConnection *connection : {&rejected, &accepted})
        connection->setTimeouts(TestSupport::fastTimeouts());
    rejected.setEndpoint(endpointFor(*simulator, QStringLiteral("W0ngC0de")));
    accepted.setEndpoint(endpointFor(*simulator, secret));
    QSignalSpy failures(&rejected, &CameraConnection::failed);
    QSignalSpy received(&accepted, &CameraConnection::frameReceived);
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

void TestCameraConnection::normalizeFingerprint_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    const QString canonical = QStringLiteral("83:7A:F1:10:D7:B5:F8:CF:8B:18:29:7D:AF:77:79:B0:13:"
                                             "B9:F3:5B:AF:71:48:86:3D:E2:36:91:8C:FE:68:36");
    QString bare = canonical;
    bare.remove(QLatin1Char(':'));
    QTest::newRow("canonical") << canonical << canonical;
    QTest::newRow("lower case") << canonical.toLower() << canonical;
    QTest::newRow("no colons") << bare << canonical;
    QTest::newRow("no colons, lower") << bare.toLower() << canonical;
    QTest::newRow("openssl output")
        << QStringLiteral("sha256 Fingerprint=") + canonical << canonical;
    QTest::newRow("surrounding space")
        << QStringLiteral("  ") + canonical + QStringLiteral("\n") << canonical;
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("too short") << canonical.left(20) << QString();
    QTest::newRow("SHA-1 length") << bare.left(40) << QString();
    QTest::newRow("not hex") << QString(bare).replace(0, 1, QLatin1Char('G')) << QString();
    QTest::newRow("non-ASCII") << QString(bare).replace(0, 1, QChar(0x00e9)) << QString();
}

void TestCameraConnection::normalizeFingerprint()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(CameraConnection::normalizeFingerprint(input), expected);
}

void TestCameraConnection::matchingPinStreams()
{
    auto simulator = startSimulator();
    QVERIFY(simulator);
    CameraConnection connection;
    connection.setTimeouts(TestSupport::fastTimeouts());
    CameraEndpoint endpoint = endpointFor(*simulator);
    // Written as a user would paste it: lower case without colons.
    endpoint.pinnedFingerprint
        = simulator->certificateFingerprint().remove(QLatin1Char(':')).toLower();
    connection.setEndpoint(endpoint);
    QSignalSpy received(&connection, &CameraConnection::frameReceived);
    connection.start();
    QTRY_VERIFY_WITH_TIMEOUT(!received.isEmpty(), 15000);
}

void TestCameraConnection::changedCertificateIsRefusedBeforeLogin()
{
    auto simulator = startSimulator();
    QVERIFY(simulator);
    QSignalSpy logins(simulator.get(), &PrinterSimulator::clientAuthenticated);
    QSignalSpy rejectedLogins(simulator.get(), &PrinterSimulator::loginRejected);

    CameraConnection connection;
    connection.setTimeouts(TestSupport::fastTimeouts());
    CameraEndpoint endpoint = endpointFor(*simulator);
    endpoint.pinnedFingerprint = QString(64, QLatin1Char('a')); // some other certificate
    connection.setEndpoint(endpoint);
    QSignalSpy failures(&connection, &CameraConnection::failed);
    QSignalSpy fingerprints(&connection, &CameraConnection::peerCertificateFingerprintChanged);
    connection.start();

    QTRY_VERIFY_WITH_TIMEOUT(!failures.isEmpty(), 15000);
    QCOMPARE(failures.first().first().value<CameraConnection::Failure>(),
             CameraConnection::Failure::CertificateMismatch);
    QVERIFY(failures.first().at(1).toString().contains(QStringLiteral("Certificate changed")));
    // Both fingerprints are there for the user to compare.
    QCOMPARE(connection.peerCertificateFingerprint(), simulator->certificateFingerprint());
    QCOMPARE(fingerprints.size(), 1);
    // No retry: it waits for the user's decision.
    QCOMPARE(connection.state(), CameraConnection::State::Idle);
    QVERIFY(!connection.nextAttemptAt().isValid());
    // The access code never left: the simulator saw no login at all.
    QTRY_COMPARE_WITH_TIMEOUT(simulator->clientCount(), 0, 15000);
    QCOMPARE(logins.size(), 0);
    QCOMPARE(rejectedLogins.size(), 0);

    // Accepting the new certificate lets it stream.
    connection.pinCertificate(simulator->certificateFingerprint());
    QSignalSpy received(&connection, &CameraConnection::frameReceived);
    connection.start();
    QTRY_VERIFY_WITH_TIMEOUT(!received.isEmpty(), 15000);
}

void TestCameraConnection::caVerification_data()
{
    QTest::addColumn<QString>("peerName");
    QTest::addColumn<bool>("streams");
    // The simulator's certificate is its own CA and names the serial 01S00C000000000, as a
    // printer's names its serial.
    QTest::newRow("right serial") << QStringLiteral("01S00C000000000") << true;
    QTest::newRow("wrong serial") << QStringLiteral("01S00C999999999") << false;
}

void TestCameraConnection::caVerification()
{
    QFETCH(QString, peerName);
    QFETCH(bool, streams);

    auto simulator = startSimulator();
    QVERIFY(simulator);
    QSignalSpy logins(simulator.get(), &PrinterSimulator::clientAuthenticated);
    CameraConnection connection;
    connection.setTimeouts(TestSupport::fastTimeouts());
    CameraEndpoint endpoint = endpointFor(*simulator);
    endpoint.caFile = QStringLiteral(":/sim/simulator.crt");
    endpoint.peerName = peerName;
    connection.setEndpoint(endpoint);
    QSignalSpy received(&connection, &CameraConnection::frameReceived);
    QSignalSpy failures(&connection, &CameraConnection::failed);
    connection.start();

    if (streams) {
        QTRY_VERIFY_WITH_TIMEOUT(!received.isEmpty(), 15000);
        QCOMPARE(failures.size(), 0);
    } else {
        QTRY_VERIFY_WITH_TIMEOUT(!failures.isEmpty(), 15000);
        QCOMPARE(failures.first().first().value<CameraConnection::Failure>(),
                 CameraConnection::Failure::TlsError);
        QVERIFY2(failures.first().at(1).toString().contains(QStringLiteral("host name")),
                 qPrintable(failures.first().at(1).toString()));
        QCOMPARE(received.size(), 0);
        QCOMPARE(logins.size(), 0);
    }
}

QTEST_MAIN(TestCameraConnection)
#include "tst_cameraconnection.moc"
