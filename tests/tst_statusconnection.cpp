// StatusConnection over real MQTT/TLS: a real mosquitto broker on 127.0.0.1 (LoopbackBroker) and
// the simulator's StatusPublisher publishing reports as a printer does.
#include "net/statusconnection.h"
#include "retrywitness.h"
#include "sim/loopbackbroker.h"
#include "sim/statuspublisher.h"
#include "testsupport.h"

#include <QHostAddress>
#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>

using namespace std::chrono_literals;

namespace {

const QString kCode = QStringLiteral("k7Qz3Xw9"); // unlike anything else in a log line
const QString kSerial = QStringLiteral("01S00C000000001");
const QString kOtherSerial = QStringLiteral("01S00C000000002");
const QString kCertificateName = QStringLiteral("01S00C000000000"); // the simulator's CN

// As a P1 printer sends them: everything once after `pushall`, then only what changed.
const QByteArray kFullReport = QByteArrayLiteral(
    R"({"print":{"command":"push_status","sequence_id":"1","gcode_state":"RUNNING",)"
    R"("mc_percent":41,"mc_remaining_time":37,"layer_num":120,"total_layer_num":300,)"
    R"("subtask_name":"benchy","nozzle_temper":219.5,"nozzle_target_temper":220,)"
    R"("bed_temper":54.9,"bed_target_temper":55,"print_error":0,"hms":[]}})");
const QList<QByteArray> kPartialReports = {
    QByteArrayLiteral(R"({"print":{"command":"push_status","sequence_id":"2","mc_percent":42}})"),
    QByteArrayLiteral(R"({"print":{"command":"push_status","sequence_id":"3","layer_num":121}})"),
    QByteArrayLiteral(R"({"print":{"command":"push_status","sequence_id":"4",)"
                      R"("mc_percent":43,"mc_remaining_time":35}})"),
};

StatusConnection::Timeouts fastTimeouts(std::chrono::milliseconds connect = 5000ms)
{
    StatusConnection::Timeouts timeouts;
    timeouts.connect = connect;
    timeouts.keepAlive = 5s;
    timeouts.backoffInitial = 100ms;
    timeouts.backoffMaximum = 400ms;
    return timeouts;
}

StatusEndpoint endpointFor(quint16 port, const QString &serial = kSerial,
                           const QString &code = kCode)
{
    StatusEndpoint endpoint;
    endpoint.host = QStringLiteral("127.0.0.1");
    endpoint.port = port;
    endpoint.accessCode = code;
    endpoint.serial = serial;
    return endpoint;
}

QList<QByteArray> payloadsOf(const QSignalSpy &spy)
{
    QList<QByteArray> payloads;
    for (const QList<QVariant> &arguments : spy)
        payloads << arguments.first().toByteArray();
    return payloads;
}

QList<StatusConnection::State> statesOf(const QSignalSpy &spy)
{
    QList<StatusConnection::State> states;
    for (const QList<QVariant> &arguments : spy)
        states << arguments.first().value<StatusConnection::State>();
    return states;
}

} // namespace

class TestStatusConnection : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void reportsArriveInOrder();
    void serialIsLearnedFromTheWildcard();
    void learnedSerialWrittenBackDoesNotRedial();
    void fullStateIsRequestedOncePerInterval_data();
    void fullStateIsRequestedOncePerInterval();
    void wrongAccessCodeRetriesSlowly();
    void changedCertificateIsRefusedBeforeLogin();
    void matchingPinConnects();
    void caVerification_data();
    void caVerification();
    void brokerRestartIsSurvived();
    void faultsEndInTheRightFailure_data();
    void faultsEndInTheRightFailure();
    void stopDuringConnectIsClean_data();
    void stopDuringConnectIsClean();
    void invalidSettingsMakeNoAttempt_data();
    void invalidSettingsMakeNoAttempt();
    void oversizedReportsAreDropped();
    void hostNameIsLookedUp();
    void accessCodeNeverLogged();

private:
    std::unique_ptr<StatusPublisher> startPublisher();
    bool connectAndWait(StatusConnection &connection);

    std::unique_ptr<LoopbackBroker> m_broker;
};

void TestStatusConnection::initTestCase()
{
    FARMCAM_REQUIRE_LOOPBACK_BROKER();
}

void TestStatusConnection::init()
{
    m_broker = std::make_unique<LoopbackBroker>();
    QString error;
    QVERIFY2(m_broker->start({{QStringLiteral("bblp"), kCode}}, &error), qPrintable(error));
}

void TestStatusConnection::cleanup()
{
    m_broker.reset();
}

std::unique_ptr<StatusPublisher> TestStatusConnection::startPublisher()
{
    auto publisher = std::make_unique<StatusPublisher>();
    publisher->start(QHostAddress::LocalHost, m_broker->port(), kCode);
    QSignalSpy connected(publisher.get(), &StatusPublisher::connected);
    if (!connected.wait(10000))
        return nullptr;
    return publisher;
}

bool TestStatusConnection::connectAndWait(StatusConnection &connection)
{
    connection.start();
    return QTest::qWaitFor([&] { return connection.state() == StatusConnection::State::Up; },
                           10000);
}

void TestStatusConnection::reportsArriveInOrder()
{
    auto publisher = startPublisher();
    QVERIFY(publisher);
    QSignalSpy requests(publisher.get(), &StatusPublisher::fullStateRequested);

    StatusConnection connection;
    connection.setTimeouts(fastTimeouts());
    connection.setEndpoint(endpointFor(m_broker->port()));
    QSignalSpy states(&connection, &StatusConnection::stateChanged);
    QSignalSpy reports(&connection, &StatusConnection::reportReceived);
    QSignalSpy fingerprints(&connection, &StatusConnection::peerCertificateFingerprintChanged);
    QVERIFY(connectAndWait(connection));

    // Connecting ("connecting to …", then "subscribing to reports…"), then Connected.
    QCOMPARE(statesOf(states),
             QList<StatusConnection::State>({StatusConnection::State::Connecting,
                                             StatusConnection::State::Connecting,
                                             StatusConnection::State::Up}));
    QCOMPARE(connection.reportTopic(), QStringLiteral("device/%1/report").arg(kSerial));
    QCOMPARE(connection.serial(), kSerial);
    QCOMPARE(connection.lastFailure(), StatusConnection::Failure::None);
    QVERIFY(connection.statusText().startsWith(QStringLiteral("Status: connected")));
    // Trust on first use: whatever it saw, for the owner to pin.
    QCOMPARE(connection.peerCertificateFingerprint(), LoopbackBroker::certificateFingerprint());
    QCOMPARE(fingerprints.size(), 1);

    // It asked for the full state, once, on its printer's request topic.
    QTRY_COMPARE_WITH_TIMEOUT(requests.size(), 1, 10000);
    QCOMPARE(requests.first().first().toString(), kSerial);

    const QList<QByteArray> sent = QList<QByteArray>{kFullReport} + kPartialReports;
    for (const QByteArray &report : sent)
        QVERIFY(publisher->publishReport(kSerial, report));
    QTRY_COMPARE_WITH_TIMEOUT(reports.size(), sent.size(), 10000);
    QCOMPARE(payloadsOf(reports), sent);
    QCOMPARE(connection.state(), StatusConnection::State::Up);
}

void TestStatusConnection::serialIsLearnedFromTheWildcard()
{
    auto publisher = startPublisher();
    QVERIFY(publisher);
    QSignalSpy requests(publisher.get(), &StatusPublisher::fullStateRequested);

    StatusConnection connection;
    connection.setTimeouts(fastTimeouts());
    connection.setEndpoint(endpointFor(m_broker->port(), QString()));
    QSignalSpy learned(&connection, &StatusConnection::serialLearned);
    QSignalSpy reports(&connection, &StatusConnection::reportReceived);
    QVERIFY(connectAndWait(connection));
    QCOMPARE(connection.reportTopic(), QStringLiteral("device/+/report"));
    QVERIFY(connection.serial().isEmpty());
    QVERIFY(connection.statusText().contains(QStringLiteral("waiting")));

    QVERIFY(publisher->publishReport(kSerial, kFullReport));
    QTRY_COMPARE_WITH_TIMEOUT(learned.size(), 1, 10000);
    QCOMPARE(learned.first().first().toString(), kSerial);
    QCOMPARE(connection.serial(), kSerial);
    QVERIFY(connection.endpoint().serial.isEmpty()); // the owner decides whether to keep it
    // The report that told the serial is delivered too.
    QTRY_COMPARE_WITH_TIMEOUT(reports.size(), 1, 10000);
    QCOMPARE(reports.first().first().toByteArray(), kFullReport);

    // Narrowed to that serial (the wildcard is gone once the broker confirmed it), and the full
    // state asked for now that the request topic is known.
    QTRY_COMPARE_WITH_TIMEOUT(connection.reportTopic(),
                              QStringLiteral("device/%1/report").arg(kSerial), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(requests.size(), 1, 10000);
    QCOMPARE(requests.first().first().toString(), kSerial);
    QVERIFY(m_broker->logCount(QStringLiteral("device/+/report")) >= 2); // subscribe, unsubscribe

    // Another printer on the same broker is not ours.
    QVERIFY(publisher->publishReport(kOtherSerial, kPartialReports.at(0)));
    QVERIFY(publisher->publishReport(kSerial, kPartialReports.at(1)));
    QTRY_COMPARE_WITH_TIMEOUT(reports.size(), 2, 10000);
    QCOMPARE(reports.last().first().toByteArray(), kPartialReports.at(1));
    QCOMPARE(learned.size(), 1);
}

void TestStatusConnection::learnedSerialWrittenBackDoesNotRedial()
{
    auto publisher = startPublisher();
    QVERIFY(publisher);

    StatusConnection connection;
    connection.setTimeouts(fastTimeouts());
    StatusEndpoint endpoint = endpointFor(m_broker->port(), QString());
    connection.setEndpoint(endpoint);
    QSignalSpy learned(&connection, &StatusConnection::serialLearned);
    QVERIFY(connectAndWait(connection));
    QVERIFY(publisher->publishReport(kSerial, kFullReport));
    QTRY_COMPARE_WITH_TIMEOUT(learned.size(), 1, 10000);

    // What an owner does: store the serial and the certificate it trusted on first use.
    QSignalSpy states(&connection, &StatusConnection::stateChanged);
    QSignalSpy reports(&connection, &StatusConnection::reportReceived);
    endpoint.serial = kSerial;
    endpoint.trust.pinnedFingerprint = connection.peerCertificateFingerprint();
    connection.setEndpoint(endpoint);
    QCOMPARE(connection.endpoint(), endpoint);
    QCOMPARE(connection.state(), StatusConnection::State::Up);
    QVERIFY(publisher->publishReport(kSerial, kPartialReports.at(0)));
    QTRY_COMPARE_WITH_TIMEOUT(reports.size(), 1, 10000);
    QVERIFY(!statesOf(states).contains(StatusConnection::State::Connecting));

    // A real change (another code) does redial.
    endpoint.accessCode = QStringLiteral("00000000");
    connection.setEndpoint(endpoint);
    QVERIFY(statesOf(states).contains(StatusConnection::State::Connecting));
}

void TestStatusConnection::fullStateIsRequestedOncePerInterval_data()
{
    QTest::addColumn<int>("intervalMs");
    QTest::addColumn<int>("requestsAfterReconnect");
    QTest::newRow("reconnect within the interval") << 5 * 60 * 1000 << 1;
    QTest::newRow("reconnect after the interval") << 0 << 2;
}

void TestStatusConnection::fullStateIsRequestedOncePerInterval()
{
    QFETCH(int, intervalMs);
    QFETCH(int, requestsAfterReconnect);
    auto publisher = startPublisher();
    QVERIFY(publisher);
    QSignalSpy requests(publisher.get(), &StatusPublisher::fullStateRequested);

    StatusConnection connection;
    connection.setTimeouts(fastTimeouts());
    QCOMPARE(connection.fullStateRequestInterval(), 5min);
    connection.setFullStateRequestInterval(std::chrono::milliseconds(intervalMs));
    connection.setEndpoint(endpointFor(m_broker->port()));
    QVERIFY(connectAndWait(connection));
    QTRY_COMPARE_WITH_TIMEOUT(requests.size(), 1, 10000);

    connection.stop();
    QVERIFY(connectAndWait(connection));
    // A report sent after the reconnect comes back through the broker; a request sent on
    // connecting (before the state said Connected) has reached the publisher by then.
    QSignalSpy reports(&connection, &StatusConnection::reportReceived);
    for (const QByteArray &report : kPartialReports) {
        QVERIFY(publisher->publishReport(kSerial, report));
        QTRY_VERIFY_WITH_TIMEOUT(reports.size() > kPartialReports.indexOf(report), 10000);
    }
    QTRY_COMPARE_WITH_TIMEOUT(requests.size(), requestsAfterReconnect, 10000);
    QCOMPARE(requests.size(), requestsAfterReconnect);
}

void TestStatusConnection::wrongAccessCodeRetriesSlowly()
{
    StatusConnection connection;
    connection.setTimeouts(fastTimeouts());
    StatusEndpoint endpoint = endpointFor(m_broker->port(), kSerial, QStringLiteral("87654321"));
    connection.setEndpoint(endpoint);
    QSignalSpy failures(&connection, &StatusConnection::failed);
    QSignalSpy states(&connection, &StatusConnection::stateChanged);
    connection.start();

    QTRY_COMPARE_WITH_TIMEOUT(failures.size(), 1, 10000);
    QCOMPARE(failures.first().first().value<StatusConnection::Failure>(),
             StatusConnection::Failure::AccessCodeRejected);
    QCOMPARE(connection.lastFailure(), StatusConnection::Failure::AccessCodeRejected);
    // As the camera does (one failure table for every link): a rejected code will not fix
    // itself, so the next try waits about a minute, not a second.
    QCOMPARE(connection.state(), StatusConnection::State::Backoff);
    const qint64 waitMs = QDateTime::currentDateTime().msecsTo(connection.nextAttemptAt());
    QVERIFY2(waitMs > 30000, qPrintable(QString::number(waitMs)));
    QCOMPARE(connection.statusText(),
             QStringLiteral("Status: access code rejected by 127.0.0.1:%1 — check the code on "
                            "the printer's screen.")
                 .arg(m_broker->port()));
    QCOMPARE(failures.first().at(1).toString(), connection.statusText());
    QTRY_COMPARE_WITH_TIMEOUT(m_broker->logCount(QStringLiteral("not authorised")), 1, 10000);

    // The fix is a new code: it connects at once, without start().
    endpoint.accessCode = kCode;
    connection.setEndpoint(endpoint);
    QTRY_COMPARE_WITH_TIMEOUT(connection.state(), StatusConnection::State::Up, 10000);
    QCOMPARE(connection.lastFailure(), StatusConnection::Failure::None);
}

void TestStatusConnection::changedCertificateIsRefusedBeforeLogin()
{
    StatusConnection connection;
    connection.setTimeouts(fastTimeouts());
    StatusEndpoint endpoint = endpointFor(m_broker->port());
    endpoint.trust.pinnedFingerprint = QString(64, QLatin1Char('a')); // some other certificate
    connection.setEndpoint(endpoint);
    QSignalSpy failures(&connection, &StatusConnection::failed);
    QSignalSpy fingerprints(&connection, &StatusConnection::peerCertificateFingerprintChanged);
    connection.start();

    QTRY_COMPARE_WITH_TIMEOUT(failures.size(), 1, 10000);
    QCOMPARE(failures.first().first().value<StatusConnection::Failure>(),
             StatusConnection::Failure::CertificateMismatch);
    QVERIFY(connection.statusText().startsWith(QStringLiteral("Status: certificate changed")));
    QCOMPARE(connection.state(), StatusConnection::State::Idle);
    QVERIFY(!connection.nextAttemptAt().isValid());
    // Both fingerprints are there for the user to compare.
    QCOMPARE(connection.peerCertificateFingerprint(), LoopbackBroker::certificateFingerprint());
    QCOMPARE(fingerprints.size(), 1);

    // The broker saw the TLS connection end, and never a CONNECT: the access code never left.
    QTRY_VERIFY_WITH_TIMEOUT(
        m_broker->logCount(QStringLiteral("Client <unknown> disconnected")) >= 1, 10000);
    QCOMPARE(m_broker->logCount(QStringLiteral("New connection from")), 1);
    QCOMPARE(m_broker->logCount(QStringLiteral("New client connected")), 0);

    // Accepting the new certificate lets it connect.
    connection.pinCertificate(connection.peerCertificateFingerprint());
    QVERIFY(connectAndWait(connection));
    QCOMPARE(m_broker->logCount(QStringLiteral("New client connected")), 1);
}

void TestStatusConnection::matchingPinConnects()
{
    StatusConnection connection;
    connection.setTimeouts(fastTimeouts());
    StatusEndpoint endpoint = endpointFor(m_broker->port());
    // Written as openssl prints it: normalised before use.
    endpoint.trust.pinnedFingerprint
        = QStringLiteral("sha256 Fingerprint=") + LoopbackBroker::certificateFingerprint();
    connection.setEndpoint(endpoint);
    QVERIFY(connectAndWait(connection));
    QCOMPARE(connection.lastFailure(), StatusConnection::Failure::None);
}

void TestStatusConnection::caVerification_data()
{
    QTest::addColumn<QString>("serial");
    QTest::addColumn<bool>("trusted");
    QTest::newRow("certificate issued to the serial") << kCertificateName << true;
    QTest::newRow("certificate issued to another printer") << kSerial << false;
}

void TestStatusConnection::caVerification()
{
    QFETCH(QString, serial);
    QFETCH(bool, trusted);

    StatusConnection connection;
    connection.setTimeouts(fastTimeouts());
    StatusEndpoint endpoint = endpointFor(m_broker->port(), serial);
    endpoint.trust.caFile = m_broker->certificateFile(); // self-signed: its own CA
    // A CA file outranks a pin, as for the camera.
    endpoint.trust.pinnedFingerprint = QString(64, QLatin1Char('b'));
    connection.setEndpoint(endpoint);
    QSignalSpy failures(&connection, &StatusConnection::failed);
    connection.start();

    if (trusted) {
        QTRY_COMPARE_WITH_TIMEOUT(connection.state(), StatusConnection::State::Up, 10000);
        QCOMPARE(failures.size(), 0);
        return;
    }
    QTRY_VERIFY_WITH_TIMEOUT(!failures.isEmpty(), 10000);
    QCOMPARE(failures.first().first().value<StatusConnection::Failure>(),
             StatusConnection::Failure::TlsError);
    QVERIFY2(failures.first().at(1).toString().contains(kSerial),
             qPrintable(failures.first().at(1).toString()));
    QCOMPARE(m_broker->logCount(QStringLiteral("New client connected")), 0);
}

void TestStatusConnection::brokerRestartIsSurvived()
{
    auto publisher = startPublisher();
    QVERIFY(publisher);
    QSignalSpy requests(publisher.get(), &StatusPublisher::fullStateRequested);

    StatusConnection connection;
    connection.setTimeouts(fastTimeouts());
    connection.setEndpoint(endpointFor(m_broker->port()));
    QVERIFY(connectAndWait(connection));
    QTRY_COMPARE_WITH_TIMEOUT(requests.size(), 1, 10000);

    QSignalSpy states(&connection, &StatusConnection::stateChanged);
    QSignalSpy failures(&connection, &StatusConnection::failed);
    QSignalSpy reports(&connection, &StatusConnection::reportReceived);
    QSignalSpy publisherBack(publisher.get(), &StatusPublisher::connected);
    QString error;
    QVERIFY2(m_broker->restart(&error), qPrintable(error));

    QTRY_VERIFY_WITH_TIMEOUT(!failures.isEmpty(), 10000);
    QCOMPARE(failures.first().first().value<StatusConnection::Failure>(),
             StatusConnection::Failure::ConnectionLost);
    QVERIFY(statesOf(states).contains(StatusConnection::State::Backoff));
    QTRY_COMPARE_WITH_TIMEOUT(connection.state(), StatusConnection::State::Up, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!publisherBack.isEmpty(), 10000);

    QVERIFY(publisher->publishReport(kSerial, kPartialReports.at(0)));
    QTRY_COMPARE_WITH_TIMEOUT(reports.size(), 1, 10000);
    QCOMPARE(reports.first().first().toByteArray(), kPartialReports.at(0));
    QCOMPARE(connection.lastFailure(), StatusConnection::Failure::None);
    QCOMPARE(requests.size(), 1); // within five minutes: not asked again
}

void TestStatusConnection::faultsEndInTheRightFailure_data()
{
    QTest::addColumn<QString>("fault");
    QTest::addColumn<StatusConnection::Failure>("expected");
    QTest::newRow("closed port") << QStringLiteral("closed")
                                 << StatusConnection::Failure::ConnectionRefused;
    QTest::newRow("silent server")
        << QStringLiteral("silent") << StatusConnection::Failure::TimedOut;
    QTest::newRow("server closes at once")
        << QStringLiteral("close") << StatusConnection::Failure::NetworkError;
    QTest::newRow("not TLS") << QStringLiteral("plaintext") << StatusConnection::Failure::TlsError;
}

void TestStatusConnection::faultsEndInTheRightFailure()
{
    QFETCH(QString, fault);
    QFETCH(StatusConnection::Failure, expected);

    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QList<QTcpSocket *> accepted;
    connect(&server, &QTcpServer::newConnection, &server, [&] {
        while (QTcpSocket *socket = server.nextPendingConnection()) {
            accepted << socket;
            if (fault == QLatin1String("close"))
                socket->abort();
            else if (fault == QLatin1String("plaintext"))
                socket->write("HTTP/1.1 400 Bad Request\r\n\r\nThis is not a printer.\r\n");
        }
    });
    quint16 port = server.serverPort();
    if (fault == QLatin1String("closed")) {
        server.close();
        port = TestSupport::closedLoopbackPort();
    }

    StatusConnection connection;
    connection.setTimeouts(fastTimeouts(1000ms));
    connection.setEndpoint(endpointFor(port));
    QSignalSpy failures(&connection, &StatusConnection::failed);
    connection.start();

    QTRY_VERIFY_WITH_TIMEOUT(!failures.isEmpty(), 10000);
    QCOMPARE(failures.first().first().value<StatusConnection::Failure>(), expected);
    QVERIFY(failures.first().at(1).toString().startsWith(QStringLiteral("Status: ")));
    QVERIFY(failures.first().at(1).toString().contains(QString::number(port)));
    // A network problem may pass: it tries again, after a pause.
    QCOMPARE(connection.state(), StatusConnection::State::Backoff);
    QVERIFY(connection.nextAttemptAt().isValid());
    QTRY_VERIFY_WITH_TIMEOUT(failures.size() >= 2, 10000);
}

void TestStatusConnection::stopDuringConnectIsClean_data()
{
    QTest::addColumn<QString>("when");
    QTest::addColumn<bool>("destroy");
    QTest::newRow("stop right after start") << QStringLiteral("dialling") << false;
    QTest::newRow("stop during the handshake") << QStringLiteral("handshake") << false;
    QTest::newRow("destroyed during the handshake") << QStringLiteral("handshake") << true;
    QTest::newRow("stop during the look-up") << QStringLiteral("lookup") << false;
}

void TestStatusConnection::stopDuringConnectIsClean()
{
    QFETCH(QString, when);
    QFETCH(bool, destroy);

    // A server that accepts and never answers: the TLS handshake stalls.
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QList<QTcpSocket *> accepted;
    connect(&server, &QTcpServer::newConnection, &server, [&] {
        while (QTcpSocket *socket = server.nextPendingConnection())
            accepted << socket;
    });

    auto connection = std::make_unique<StatusConnection>();
    connection->setTimeouts(fastTimeouts());
    StatusEndpoint endpoint = endpointFor(server.serverPort());
    if (when == QLatin1String("lookup"))
        endpoint.host = QStringLiteral("localhost");
    connection->setEndpoint(endpoint);
    QSignalSpy failures(connection.get(), &StatusConnection::failed);
    QSignalSpy states(connection.get(), &StatusConnection::stateChanged);
    connection->start();
    QCOMPARE(connection->state(), StatusConnection::State::Connecting);
    if (when == QLatin1String("handshake")) {
        QTRY_COMPARE_WITH_TIMEOUT(accepted.size(), 1, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(accepted.first()->bytesAvailable() > 0, 10000); // ClientHello
    }

    if (destroy) {
        connection.reset();
    } else {
        connection->stop();
        QCOMPARE(connection->state(), StatusConnection::State::Idle);
        QCOMPARE(connection->statusText(), QStringLiteral("Status: stopped"));
        QCOMPARE(connection->lastFailure(), StatusConnection::Failure::None);
    }
    // The socket is closed, not left behind.
    for (QTcpSocket *socket : std::as_const(accepted))
        QTRY_COMPARE_WITH_TIMEOUT(socket->state(), QAbstractSocket::UnconnectedState, 10000);
    QCOMPARE(failures.size(), 0);
    if (!destroy) {
        // Nothing comes after the stop: not a late look-up result, not a retry, in the time a
        // connection to the same host looks it up and retries several times.
        const qsizetype stateChanges = states.size();
        QVERIFY(TestSupport::retriesHadTime(connection->timeouts(), 4, endpoint.host));
        QCOMPARE(states.size(), stateChanges);
        QCOMPARE(connection->state(), StatusConnection::State::Idle);
    }
}

void TestStatusConnection::invalidSettingsMakeNoAttempt_data()
{
    QTest::addColumn<StatusEndpoint>("endpoint");
    QTest::addColumn<QString>("message");
    const quint16 port = 1; // never dialled
    StatusEndpoint endpoint = endpointFor(port);
    endpoint.host.clear();
    QTest::newRow("no host") << endpoint << QStringLiteral("no printer address");
    endpoint = endpointFor(0);
    QTest::newRow("port 0") << endpoint << QStringLiteral("MQTT port");
    endpoint = endpointFor(port, kSerial, QString());
    QTest::newRow("no access code") << endpoint << QStringLiteral("no access code");
    endpoint = endpointFor(port, kSerial, QString(33, QLatin1Char('1')));
    QTest::newRow("access code too long") << endpoint << QStringLiteral("1-32");
    endpoint = endpointFor(port, QStringLiteral("01S/+/#"));
    QTest::newRow("serial with topic characters") << endpoint << QStringLiteral("not valid");
    endpoint = endpointFor(port);
    endpoint.trust.pinnedFingerprint = QStringLiteral("12:34");
    QTest::newRow("bad fingerprint") << endpoint << QStringLiteral("SHA-256");
    endpoint = endpointFor(port);
    endpoint.trust.caFile = QStringLiteral("/nonexistent/ca.pem");
    QTest::newRow("unreadable CA file") << endpoint << QStringLiteral("CA file");
}

void TestStatusConnection::invalidSettingsMakeNoAttempt()
{
    QFETCH(StatusEndpoint, endpoint);
    QFETCH(QString, message);

    StatusConnection connection;
    connection.setTimeouts(fastTimeouts());
    connection.setEndpoint(endpoint);
    QSignalSpy failures(&connection, &StatusConnection::failed);
    connection.start();
    QCOMPARE(failures.size(), 1);
    QCOMPARE(failures.first().first().value<StatusConnection::Failure>(),
             StatusConnection::Failure::InvalidSettings);
    QVERIFY2(connection.statusText().contains(message), qPrintable(connection.statusText()));
    QCOMPARE(connection.state(), StatusConnection::State::Idle);
    QVERIFY(!connection.nextAttemptAt().isValid());
}

void TestStatusConnection::oversizedReportsAreDropped()
{
    auto publisher = startPublisher();
    QVERIFY(publisher);
    StatusConnection connection;
    connection.setTimeouts(fastTimeouts());
    connection.setEndpoint(endpointFor(m_broker->port()));
    QSignalSpy reports(&connection, &StatusConnection::reportReceived);
    QVERIFY(connectAndWait(connection));

    const QByteArray huge = QByteArrayLiteral(R"({"print":{"subtask_name":")")
        + QByteArray(StatusConnection::kMaxReportSize, 'x') + QByteArrayLiteral(R"("}})");
    QVERIFY(publisher->publishReport(kSerial, huge));
    QVERIFY(publisher->publishReport(kSerial, kPartialReports.at(0)));
    QTRY_COMPARE_WITH_TIMEOUT(reports.size(), 1, 10000);
    QCOMPARE(reports.first().first().toByteArray(), kPartialReports.at(0));
    QCOMPARE(connection.state(), StatusConnection::State::Up);
}

void TestStatusConnection::hostNameIsLookedUp()
{
    StatusConnection connection;
    connection.setTimeouts(fastTimeouts());
    StatusEndpoint endpoint = endpointFor(m_broker->port());
    endpoint.host = QStringLiteral("localhost"); // /etc/hosts: no DNS traffic
    connection.setEndpoint(endpoint);
    QSignalSpy states(&connection, &StatusConnection::stateChanged);
    QVERIFY(connectAndWait(connection));
    QCOMPARE(states.first().at(1).toString(), QStringLiteral("Status: looking up localhost…"));
}

void TestStatusConnection::accessCodeNeverLogged()
{
    QLoggingCategory::setFilterRules(QStringLiteral("farmcam.*=true"));
    TestSupport::LogCapture capture;
    QStringList texts;
    {
        auto publisher = startPublisher();
        QVERIFY(publisher);
        StatusConnection connection;
        connection.setTimeouts(fastTimeouts());
        connect(&connection, &StatusConnection::stateChanged, &connection,
                [&texts](StatusConnection::State, const QString &text) { texts << text; });
        connection.setEndpoint(endpointFor(m_broker->port()));
        QSignalSpy reports(&connection, &StatusConnection::reportReceived);
        QVERIFY(connectAndWait(connection));
        QVERIFY(publisher->publishReport(kSerial, kFullReport));
        QTRY_COMPARE_WITH_TIMEOUT(reports.size(), 1, 10000);

        StatusEndpoint wrong = endpointFor(m_broker->port(), kSerial, kCode + QLatin1Char('x'));
        connection.setEndpoint(wrong);
        QTRY_COMPARE_WITH_TIMEOUT(connection.lastFailure(),
                                  StatusConnection::Failure::AccessCodeRejected, 10000);
    }
    QLoggingCategory::setFilterRules(QString());
    QVERIFY(!capture.messages().isEmpty());
    for (const QString &message : capture.messages())
        QVERIFY2(!message.contains(kCode), qPrintable(message));
    QVERIFY(!texts.isEmpty());
    for (const QString &text : std::as_const(texts))
        QVERIFY2(!text.contains(kCode), qPrintable(text));
}

QTEST_MAIN(TestStatusConnection)
#include "tst_statusconnection.moc"
