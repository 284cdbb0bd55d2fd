// LoopbackBroker: a real mosquitto on 127.0.0.1, checked with a real MQTT client.
#include "sim/loopbackbroker.h"

#include "net/mosquittoclient.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

using namespace std::chrono_literals;

namespace {

const QString kUser = QStringLiteral("bblp");
const QString kPassword = QStringLiteral("s3cret-Access");

MosquittoClient::ConnectOptions optionsFor(quint16 port, const QString &user,
                                           const QString &password)
{
    MosquittoClient::ConnectOptions options;
    options.address = QHostAddress::LocalHost;
    options.port = port;
    options.user = user;
    options.password = password;
    options.trust.pinnedFingerprint = LoopbackBroker::certificateFingerprint();
    options.connectTimeout = 5000ms;
    return options;
}

bool acceptsConnections(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    return socket.waitForConnected(5000);
}

} // namespace

class TestLoopbackBroker : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void startsOnLoopbackAndStops();
    void loginsAreChecked_data();
    void loginsAreChecked();
    void restartKeepsThePort();
    void noSecretInClearText();
    void badCredentialsAreRefusedClearly();
    void brokerIsKilledWithTheObject();
};

void TestLoopbackBroker::initTestCase()
{
    FARMCAM_REQUIRE_LOOPBACK_BROKER();
    QVERIFY(!LoopbackBroker::certificateFingerprint().isEmpty());
}

void TestLoopbackBroker::startsOnLoopbackAndStops()
{
    LoopbackBroker broker;
    QVERIFY(!broker.isRunning());
    QString error;
    QVERIFY2(broker.start({{kUser, kPassword}}, &error), qPrintable(error));
    QVERIFY(broker.isRunning());
    QVERIFY(broker.port() != 0);
    QCOMPARE(broker.logCount(
                 QStringLiteral("Opening ipv4 listen socket on port %1.").arg(broker.port())),
             1);
    QCOMPARE(broker.logCount(QStringLiteral("Opening ipv6")), 0); // 127.0.0.1 only
    QVERIFY(acceptsConnections(broker.port()));

    // Its files live in a private directory; the configuration listens on loopback only.
    const QFileInfo certificate(broker.certificateFile());
    QVERIFY(certificate.exists());
    QFile config(certificate.dir().filePath(QStringLiteral("mosquitto.conf")));
    QVERIFY(config.open(QIODevice::ReadOnly));
    QVERIFY(config.readAll().contains(
        QStringLiteral("listener %1 127.0.0.1\n").arg(broker.port()).toUtf8()));

    const quint16 port = broker.port();
    broker.stop();
    QVERIFY(!broker.isRunning());
    QVERIFY(!acceptsConnections(port));
    QVERIFY(broker.logCount(QStringLiteral("terminating")) >= 1);
}

void TestLoopbackBroker::loginsAreChecked_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("right password") << kUser << kPassword << true;
    QTest::newRow("second login") << QStringLiteral("viewer") << QStringLiteral("other") << true;
    QTest::newRow("wrong password") << kUser << QStringLiteral("s3cret-Accesx") << false;
    QTest::newRow("unknown user") << QStringLiteral("root") << kPassword << false;
    QTest::newRow("another user's password") << QStringLiteral("viewer") << kPassword << false;
}

void TestLoopbackBroker::loginsAreChecked()
{
    QFETCH(QString, user);
    QFETCH(QString, password);
    QFETCH(bool, accepted);

    LoopbackBroker broker;
    QString error;
    QVERIFY2(broker.start({{kUser, kPassword}, {QStringLiteral("viewer"), QStringLiteral("other")}},
                          &error),
             qPrintable(error));

    MosquittoClient client;
    QSignalSpy connected(&client, &MosquittoClient::connected);
    QSignalSpy failed(&client, &MosquittoClient::connectFailed);
    client.connectToHost(optionsFor(broker.port(), user, password));
    QTRY_VERIFY_WITH_TIMEOUT(!connected.isEmpty() || !failed.isEmpty(), 10000);
    if (accepted) {
        QCOMPARE(connected.size(), 1);
        QCOMPARE(client.state(), MosquittoClient::State::Connected);
        QCOMPARE(client.connackCode(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(broker.logCount(QStringLiteral("u'%1'").arg(user)), 1, 10000);
    } else {
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed.first().first().value<MosquittoClient::Failure>(),
                 MosquittoClient::Failure::Refused);
        QCOMPARE(client.connackCode(), 5); // mosquitto says "not authorised" for both
        QCOMPARE(client.state(), MosquittoClient::State::Disconnected);
        QTRY_COMPARE_WITH_TIMEOUT(broker.logCount(QStringLiteral("not authorised")), 1, 10000);
    }
}

void TestLoopbackBroker::restartKeepsThePort()
{
    LoopbackBroker broker;
    QString error;
    QVERIFY2(broker.start({{kUser, kPassword}}, &error), qPrintable(error));
    const quint16 port = broker.port();

    MosquittoClient client;
    QSignalSpy connected(&client, &MosquittoClient::connected);
    QSignalSpy disconnected(&client, &MosquittoClient::disconnected);
    client.connectToHost(optionsFor(port, kUser, kPassword));
    QTRY_COMPARE_WITH_TIMEOUT(connected.size(), 1, 10000);

    QVERIFY2(broker.restart(&error), qPrintable(error));
    QCOMPARE(broker.port(), port);
    QVERIFY(broker.isRunning());
    // Its clients saw it go away.
    QTRY_COMPARE_WITH_TIMEOUT(disconnected.size(), 1, 10000);
    QCOMPARE(disconnected.first().first().value<MosquittoClient::Failure>(),
             MosquittoClient::Failure::ConnectionClosed);

    // Same logins after the restart.
    client.connectToHost(optionsFor(port, kUser, kPassword));
    QTRY_COMPARE_WITH_TIMEOUT(connected.size(), 2, 10000);
    QCOMPARE(broker.logCount(QStringLiteral("mosquitto version")) >= 4, true); // 2x start+run
}

void TestLoopbackBroker::noSecretInClearText()
{
    LoopbackBroker broker;
    QString error;
    QVERIFY2(broker.start({{kUser, kPassword}}, &error), qPrintable(error));
    const QDir directory = QFileInfo(broker.certificateFile()).dir();
    QFile passwords(directory.filePath(QStringLiteral("passwords")));
    QVERIFY(passwords.open(QIODevice::ReadOnly));
    const QByteArray content = passwords.readAll();
    QVERIFY(content.startsWith(kUser.toUtf8() + ':'));
    QVERIFY(!content.contains(kPassword.toUtf8())); // hashed by mosquitto_passwd -U
    QCOMPARE(passwords.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
             QFileDevice::Permissions());
    QFile config(directory.filePath(QStringLiteral("mosquitto.conf")));
    QVERIFY(config.open(QIODevice::ReadOnly));
    QVERIFY(!config.readAll().contains(kPassword.toUtf8()));
}

void TestLoopbackBroker::badCredentialsAreRefusedClearly()
{
    LoopbackBroker broker;
    QString error;
    QVERIFY(!broker.start({{QStringLiteral("a:b"), kPassword}}, &error));
    QVERIFY2(error.contains(QStringLiteral("':'")), qPrintable(error));
    QVERIFY(!broker.isRunning());
    QCOMPARE(broker.port(), quint16(0));
    QVERIFY(!broker.restart(&error));
}

void TestLoopbackBroker::brokerIsKilledWithTheObject()
{
    quint16 port = 0;
    {
        LoopbackBroker broker;
        QString error;
        QVERIFY2(broker.start({{kUser, kPassword}}, &error), qPrintable(error));
        port = broker.port();
        QVERIFY(acceptsConnections(port));
    }
    QVERIFY(!acceptsConnections(port));
}

QTEST_MAIN(TestLoopbackBroker)
#include "tst_loopbackbroker.moc"
