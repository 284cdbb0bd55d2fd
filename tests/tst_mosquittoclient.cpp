// MosquittoClient: libmosquitto under the Qt event loop, against a real mosquitto (LoopbackBroker)
// and against plain TLS servers that record what a client sends.
#include "net/mosquittoclient.h"

#include "sim/loopbackbroker.h"
#include "testsupport.h"

#include <QFile>
#include <QHostAddress>
#include <QSignalSpy>
#include <QSocketNotifier>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace std::chrono_literals;

namespace {

const QString kUser = QStringLiteral("bblp");
const QString kPassword = QStringLiteral("Pw-9d3Kq"); // distinctive on the wire

MosquittoClient::ConnectOptions optionsFor(quint16 port, const QString &pin = QString())
{
    MosquittoClient::ConnectOptions options;
    options.address = QHostAddress::LocalHost;
    options.port = port;
    options.user = kUser;
    options.password = kPassword;
    options.trust.pinnedFingerprint = pin;
    options.connectTimeout = 10000ms;
    return options;
}

QSslConfiguration simulatorServerConfiguration()
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    QFile certificate(QStringLiteral(":/sim/simulator.crt"));
    QFile key(QStringLiteral(":/sim/simulator.key"));
    if (certificate.open(QIODevice::ReadOnly) && key.open(QIODevice::ReadOnly)) {
        configuration.setLocalCertificate(QSslCertificate(&certificate, QSsl::Pem));
        configuration.setPrivateKey(QSslKey(&key, QSsl::Rsa, QSsl::Pem));
    }
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    return configuration;
}

// A TLS server that is no broker: it records every byte a client sends after the handshake.
class RecordingTlsServer final : public QTcpServer
{
public:
    QByteArray received;
    int handshakes = 0;
    int failedHandshakes = 0;

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *socket = new QSslSocket(this);
        socket->setSslConfiguration(simulatorServerConfiguration());
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            return;
        }
        connect(socket, &QSslSocket::encrypted, this, [this] { ++handshakes; });
        connect(socket, &QSslSocket::errorOccurred, this, [this, socket] {
            if (!socket->isEncrypted())
                ++failedHandshakes;
        });
        connect(socket, &QSslSocket::readyRead, this,
                [this, socket] { received += socket->readAll(); });
        socket->startServerEncryption();
    }
};

// A listening socket whose accept queue is full (backlog 0 plus a filler connection), so that a
// client's connect() stays "in progress" until we make room: what every connection over a real
// network looks like to libmosquitto, which on loopback otherwise connects at once. Accepted
// connections are relayed to the broker byte for byte.
class SlowAcceptRelay final : public QObject
{
public:
    explicit SlowAcceptRelay(quint16 brokerPort)
        : m_brokerPort(brokerPort)
    {
        m_listener = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        if (m_listener < 0
            || ::bind(m_listener, reinterpret_cast<sockaddr *>(&address), length) != 0
            || ::listen(m_listener, 0) != 0
            || ::getsockname(m_listener, reinterpret_cast<sockaddr *>(&address), &length) != 0)
            return;
        m_port = ntohs(address.sin_port);
        // Fill the accept queue (and a little more): the next SYN is dropped. Raw non-blocking
        // connects: on loopback the kernel has queued them when connect() returns.
        for (int i = 0; i < 3; ++i) {
            const int filler = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
            if (filler < 0)
                continue;
            ::connect(filler, reinterpret_cast<const sockaddr *>(&address), sizeof address);
            sockaddr_in local{};
            socklen_t localLength = sizeof local;
            ::getsockname(filler, reinterpret_cast<sockaddr *>(&local), &localLength);
            m_fillers << filler;
            m_fillerPorts << ntohs(local.sin_port);
        }
    }
    ~SlowAcceptRelay() override
    {
        for (const int filler : std::as_const(m_fillers))
            ::close(filler);
        if (m_listener >= 0)
            ::close(m_listener);
    }
    Q_DISABLE_COPY_MOVE(SlowAcceptRelay)

    quint16 port() const { return m_port; }
    int relayed() const { return m_relayed; }

    // Starts accepting (the queued fillers first, then whoever retransmits a SYN).
    void openDoors()
    {
        m_notifier = new QSocketNotifier(m_listener, QSocketNotifier::Read, this);
        connect(m_notifier, &QSocketNotifier::activated, this, [this] { acceptOne(); });
    }

private:
    void acceptOne()
    {
        sockaddr_in peer{};
        socklen_t length = sizeof peer;
        const int descriptor = ::accept(m_listener, reinterpret_cast<sockaddr *>(&peer), &length);
        if (descriptor < 0)
            return;
        if (m_fillerPorts.contains(ntohs(peer.sin_port))) {
            ::close(descriptor);
            return;
        }
        auto *client = new QTcpSocket(this);
        client->setSocketDescriptor(descriptor);
        auto *upstream = new QTcpSocket(this);
        upstream->connectToHost(QHostAddress::LocalHost, m_brokerPort);
        connect(client, &QTcpSocket::readyRead, upstream,
                [client, upstream] { upstream->write(client->readAll()); });
        connect(upstream, &QTcpSocket::readyRead, client,
                [client, upstream] { client->write(upstream->readAll()); });
        ++m_relayed;
    }

    quint16 m_brokerPort;
    int m_listener = -1;
    quint16 m_port = 0;
    int m_relayed = 0;
    QList<int> m_fillers; // descriptors
    QList<quint16> m_fillerPorts;
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace

class TestMosquittoClient : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void publishesAndReceives();
    void handshakeAfterAPendingConnect();
    void passwordOnlyAfterTheCertificateCheck_data();
    void passwordOnlyAfterTheCertificateCheck();
    void slotsMayDisconnectAndRedial();
    void invalidOptionsFailLater_data();
    void invalidOptionsFailLater();

private:
    std::unique_ptr<LoopbackBroker> m_broker;
};

void TestMosquittoClient::initTestCase()
{
    FARMCAM_REQUIRE_LOOPBACK_BROKER();
}

void TestMosquittoClient::init()
{
    m_broker = std::make_unique<LoopbackBroker>();
    QString error;
    QVERIFY2(m_broker->start({{kUser, kPassword}}, &error), qPrintable(error));
}

void TestMosquittoClient::cleanup()
{
    m_broker.reset();
}

void TestMosquittoClient::publishesAndReceives()
{
    MosquittoClient client;
    QSignalSpy connected(&client, &MosquittoClient::connected);
    QSignalSpy subscribed(&client, &MosquittoClient::subscribed);
    QSignalSpy messages(&client, &MosquittoClient::messageReceived);
    QSignalSpy certificates(&client, &MosquittoClient::peerCertificateSeen);
    QCOMPARE(client.subscribe(QStringLiteral("a/b")), -1); // not connected yet
    client.connectToHost(optionsFor(m_broker->port(), LoopbackBroker::certificateFingerprint()));
    QCOMPARE(client.state(), MosquittoClient::State::Connecting);
    QCOMPARE(connected.size(), 0); // never from inside connectToHost()
    QTRY_COMPARE_WITH_TIMEOUT(connected.size(), 1, 10000);
    QCOMPARE(certificates.size(), 1);
    QCOMPARE(certificates.first().first().toString(), LoopbackBroker::certificateFingerprint());
    QCOMPARE(client.peerCertificateFingerprint(), LoopbackBroker::certificateFingerprint());

    const int id = client.subscribe(QStringLiteral("device/+/report"));
    QVERIFY(id > 0);
    QTRY_COMPARE_WITH_TIMEOUT(subscribed.size(), 1, 10000);
    QCOMPARE(subscribed.first().first().toInt(), id);

    // Big enough to take several writes and reads.
    const QByteArray large(200 * 1024, 'z');
    QVERIFY(client.publish(QStringLiteral("device/X1/report"), "first") >= 0);
    QVERIFY(client.publish(QStringLiteral("device/X1/report"), large) >= 0);
    QVERIFY(client.publish(QStringLiteral("device/X1/request"), "not subscribed") >= 0);
    QVERIFY(client.publish(QStringLiteral("device/X1/report"), "last") >= 0);
    QTRY_COMPARE_WITH_TIMEOUT(messages.size(), 3, 10000);
    QCOMPARE(messages.at(0).at(0).toString(), QStringLiteral("device/X1/report"));
    QCOMPARE(messages.at(0).at(1).toByteArray(), QByteArray("first"));
    QCOMPARE(messages.at(1).at(1).toByteArray(), large);
    QCOMPARE(messages.at(2).at(1).toByteArray(), QByteArray("last"));

    client.disconnectFromHost();
    QCOMPARE(client.state(), MosquittoClient::State::Disconnected);
    // A clean DISCONNECT, not a lost connection.
    QTRY_COMPARE_WITH_TIMEOUT(m_broker->logCount(QStringLiteral("disconnected.")), 1, 10000);
}

void TestMosquittoClient::handshakeAfterAPendingConnect()
{
    SlowAcceptRelay relay(m_broker->port());
    QVERIFY(relay.port() != 0);

    MosquittoClient client;
    QSignalSpy connected(&client, &MosquittoClient::connected);
    QSignalSpy failed(&client, &MosquittoClient::connectFailed);
    client.connectToHost(optionsFor(relay.port(), LoopbackBroker::certificateFingerprint()));
    // The client's SYN was dropped: its connect() is in progress, the TLS handshake waits for it.
    relay.openDoors();
    QTRY_COMPARE_WITH_TIMEOUT(connected.size(), 1, 15000);
    QCOMPARE(failed.size(), 0);
    QCOMPARE(relay.relayed(), 1);
}

void TestMosquittoClient::passwordOnlyAfterTheCertificateCheck_data()
{
    QTest::addColumn<QString>("pin");
    QTest::addColumn<bool>("sent");
    QTest::newRow("other certificate pinned") << QString(64, QLatin1Char('c')) << false;
    QTest::newRow("this certificate pinned") << LoopbackBroker::certificateFingerprint() << true;
    QTest::newRow("trust on first use") << QString() << true;
}

void TestMosquittoClient::passwordOnlyAfterTheCertificateCheck()
{
    QFETCH(QString, pin);
    QFETCH(bool, sent);

    RecordingTlsServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    MosquittoClient client;
    QSignalSpy failed(&client, &MosquittoClient::connectFailed);
    MosquittoClient::ConnectOptions options = optionsFor(server.serverPort(), pin);
    options.connectTimeout = 2000ms; // the server never answers CONNECT
    client.connectToHost(options);

    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10000);
    QCOMPARE(client.peerCertificateFingerprint(), LoopbackBroker::certificateFingerprint());
    if (sent) {
        QCOMPARE(failed.first().first().value<MosquittoClient::Failure>(),
                 MosquittoClient::Failure::TimedOut);
        QCOMPARE(server.handshakes, 1);
        QVERIFY(server.received.contains(kPassword.toUtf8())); // the CONNECT packet
    } else {
        QCOMPARE(failed.first().first().value<MosquittoClient::Failure>(),
                 MosquittoClient::Failure::CertificateMismatch);
        QCOMPARE(client.tlsErrorDetail(), QStringLiteral("not the pinned certificate"));
        QTRY_COMPARE_WITH_TIMEOUT(server.failedHandshakes, 1, 10000);
        QCOMPARE(server.handshakes, 0);
        QCOMPARE(server.received, QByteArray());
    }
}

void TestMosquittoClient::slotsMayDisconnectAndRedial()
{
    MosquittoClient client;
    QSignalSpy connected(&client, &MosquittoClient::connected);
    QSignalSpy messages(&client, &MosquittoClient::messageReceived);
    int redials = 0;
    // The first message ends the connection from inside the signal; the next connection is
    // dialled from inside connected(): no stale signal of the old one may follow.
    connect(&client, &MosquittoClient::messageReceived, &client,
            [&] { client.disconnectFromHost(); });
    connect(&client, &MosquittoClient::connected, &client, [&] {
        if (redials++ == 0)
            client.connectToHost(
                optionsFor(m_broker->port(), LoopbackBroker::certificateFingerprint()));
        else
            client.subscribe(QStringLiteral("t/#"));
    });
    client.connectToHost(optionsFor(m_broker->port(), LoopbackBroker::certificateFingerprint()));
    QTRY_COMPARE_WITH_TIMEOUT(connected.size(), 2, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(m_broker->logCount(QStringLiteral(" 0 t/#")), 1, 10000);

    // Two messages in one go; the slot disconnects at the first, the second is never emitted.
    MosquittoClient publisher;
    QSignalSpy publisherUp(&publisher, &MosquittoClient::connected);
    publisher.connectToHost(optionsFor(m_broker->port(), LoopbackBroker::certificateFingerprint()));
    QTRY_COMPARE_WITH_TIMEOUT(publisherUp.size(), 1, 10000);
    QVERIFY(publisher.publish(QStringLiteral("t/1"), "one") >= 0);
    QVERIFY(publisher.publish(QStringLiteral("t/2"), "two") >= 0);
    QTRY_COMPARE_WITH_TIMEOUT(messages.size(), 1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), MosquittoClient::State::Disconnected, 10000);
    QCOMPARE(messages.size(), 1);
}

void TestMosquittoClient::invalidOptionsFailLater_data()
{
    QTest::addColumn<QString>("what");
    QTest::newRow("no address") << QStringLiteral("address");
    QTest::newRow("port 0") << QStringLiteral("port");
    QTest::newRow("short keep-alive") << QStringLiteral("keepalive");
    QTest::newRow("bad pin") << QStringLiteral("pin");
    QTest::newRow("CA without name") << QStringLiteral("ca");
}

void TestMosquittoClient::invalidOptionsFailLater()
{
    QFETCH(QString, what);
    MosquittoClient::ConnectOptions options = optionsFor(m_broker->port());
    if (what == QLatin1String("address"))
        options.address = QHostAddress();
    else if (what == QLatin1String("port"))
        options.port = 0;
    else if (what == QLatin1String("keepalive"))
        options.keepAlive = 2s;
    else if (what == QLatin1String("pin"))
        options.trust.pinnedFingerprint = QStringLiteral("AB:CD");
    else if (what == QLatin1String("ca"))
        options.trust.caFile = m_broker->certificateFile();

    MosquittoClient client;
    QSignalSpy failed(&client, &MosquittoClient::connectFailed);
    client.connectToHost(options);
    QCOMPARE(failed.size(), 0); // queued, never from inside the call
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10000);
    QCOMPARE(failed.first().first().value<MosquittoClient::Failure>(),
             MosquittoClient::Failure::InvalidOptions);
    QCOMPARE(m_broker->logCount(QStringLiteral("New connection from")), 0);
}

QTEST_MAIN(TestMosquittoClient)
#include "tst_mosquittoclient.moc"
