// CertificateCheck against real servers on 127.0.0.1: a TLS server presenting the simulator's
// certificate that records what a client sends, a closed port, and a server that never answers.
// Only the public API (start() and finished()): how the check works inside is its own business.
#include "net/certificatecheck.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QFile>
#include <QPointer>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <chrono>

using namespace std::chrono_literals;

namespace {

const QString kCertificatePath = QStringLiteral(":/sim/simulator.crt");
const QString kKeyPath = QStringLiteral(":/sim/simulator.key");
const QString kSimulatorSerial = QStringLiteral("01S00C000000000"); // the certificate's name
constexpr int kTimeoutMs = 15000;

QSslCertificate simulatorCertificate()
{
    const QList<QSslCertificate> certificates = QSslCertificate::fromPath(kCertificatePath);
    return certificates.isEmpty() ? QSslCertificate() : certificates.constFirst();
}

// Hex digits only, lower case: fingerprints compare whatever separators and case they are
// written with.
QString hexDigits(QString fingerprint)
{
    fingerprint.remove(u':');
    return fingerprint.toLower();
}

// A TLS server with the simulator's certificate and key. It keeps count of the connections, of
// those that have ended, and of the application data clients sent (decrypted).
class RecordingTlsServer final
{
    Q_DISABLE_COPY_MOVE(RecordingTlsServer)

public:
    RecordingTlsServer()
    {
        QFile key(kKeyPath);
        if (key.open(QIODevice::ReadOnly)) {
            QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
            configuration.setLocalCertificate(simulatorCertificate());
            configuration.setPrivateKey(QSslKey(&key, QSsl::Rsa));
            configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
            m_server.setSslConfiguration(configuration);
        }
        QObject::connect(&m_server, &QSslServer::startedEncryptionHandshake, &m_server,
                         [this](QSslSocket *socket) {
                             m_sockets.append(socket);
                             record(socket);
                         });
        // QSslServer cuts every connection of a socket once it is encrypted: record again.
        QObject::connect(&m_server, &QSslServer::pendingConnectionAvailable, &m_server, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection())
                record(socket);
        });
    }
    ~RecordingTlsServer() = default;

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    quint16 port() const { return m_server.serverPort(); }
    int connections() const { return int(m_sockets.size()); }
    // Connections the client has ended (QSslServer deletes a socket whose handshake failed).
    int closed() const
    {
        return int(std::count_if(
            m_sockets.cbegin(), m_sockets.cend(), [](const QPointer<QTcpSocket> &socket) {
                return !socket || socket->state() == QAbstractSocket::UnconnectedState;
            }));
    }
    QByteArray received() const { return m_received; }

private:
    void record(QTcpSocket *socket)
    {
        m_received += socket->readAll();
        QObject::connect(socket, &QTcpSocket::readyRead, &m_server,
                         [this, socket] { m_received += socket->readAll(); });
    }

    QSslServer m_server; // owns the sockets
    QList<QPointer<QTcpSocket>> m_sockets;
    QByteArray m_received;
};

// Accepts connections and never says a word: a TLS handshake with it never completes.
class SilentServer final
{
    Q_DISABLE_COPY_MOVE(SilentServer)

public:
    SilentServer()
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection())
                m_sockets.append(socket);
        });
    }
    ~SilentServer() = default;

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    quint16 port() const { return m_server.serverPort(); }
    const QList<QTcpSocket *> &sockets() const { return m_sockets; }

private:
    QTcpServer m_server; // owns the sockets
    QList<QTcpSocket *> m_sockets;
};

// The arguments of the one finished() signal a spy caught.
struct Outcome
{
    QString fingerprint;
    QString error;
};

Outcome outcomeOf(const QSignalSpy &finished)
{
    return {finished.constFirst().at(0).toString(), finished.constFirst().at(1).toString()};
}

} // namespace

class TestCertificateCheck final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void reportsThePresentedCertificate_data();
    void reportsThePresentedCertificate();
    void closedPortFails();
    void silentServerTimesOut();
    void finishedExactlyOnce_data();
    void finishedExactlyOnce();

private:
    // Lets a check's timeout pass without sleeping: a second check, started now with the same
    // timeout against a server that never answers, has to time out first.
    bool timeoutHasPassed(std::chrono::milliseconds timeout);

    QString m_fingerprint; // the simulator certificate's SHA-256, as hex digits
    QTemporaryDir m_directory;
    QString m_otherAuthorities; // a CA file that did not sign the simulator's certificate
};

void TestCertificateCheck::initTestCase()
{
    const QSslCertificate certificate = simulatorCertificate();
    QVERIFY(!certificate.isNull());
    m_fingerprint = QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex());

    // The system's CAs: real authorities, none of which signed the simulator's certificate.
    QVERIFY(m_directory.isValid());
    const QList<QSslCertificate> authorities = QSslConfiguration::systemCaCertificates();
    if (!authorities.isEmpty()) {
        m_otherAuthorities = m_directory.filePath(QStringLiteral("other-authorities.pem"));
        QFile file(m_otherAuthorities);
        QVERIFY(file.open(QIODevice::WriteOnly));
        for (const QSslCertificate &authority : authorities)
            file.write(authority.toPem());
    }
}

bool TestCertificateCheck::timeoutHasPassed(std::chrono::milliseconds timeout)
{
    SilentServer silent;
    if (!silent.listen())
        return false;
    CertificateCheck witness;
    QSignalSpy finished(&witness, &CertificateCheck::finished);
    witness.start(QStringLiteral("127.0.0.1"), silent.port(), {}, {}, timeout);
    return QTest::qWaitFor([&finished] { return !finished.isEmpty(); },
                           int(timeout.count()) + kTimeoutMs);
}

void TestCertificateCheck::reportsThePresentedCertificate_data()
{
    QTest::addColumn<QString>("caFile");
    QTest::addColumn<QString>("peerName");
    QTest::addColumn<bool>("trusted");

    // Without a CA file nothing is verified: the caller compares the fingerprint with its pin.
    QTest::newRow("no CA file") << QString() << QString() << true;
    // The simulator's certificate is self-signed: its own CA.
    QTest::newRow("CA file, right name") << kCertificatePath << kSimulatorSerial << true;
    QTest::newRow("CA file, wrong name")
        << kCertificatePath << QStringLiteral("01S00C999999999") << false;
    QTest::newRow("CA file, the address as name")
        << kCertificatePath << QStringLiteral("127.0.0.1") << false;
    QTest::newRow("CA file of other authorities")
        << QStringLiteral("other") << kSimulatorSerial << false;
}

void TestCertificateCheck::reportsThePresentedCertificate()
{
    QFETCH(QString, caFile);
    QFETCH(QString, peerName);
    QFETCH(bool, trusted);
    if (caFile == QLatin1String("other")) {
        if (m_otherAuthorities.isEmpty())
            QSKIP("no system CA certificates to play the other authorities");
        caFile = m_otherAuthorities;
    }

    RecordingTlsServer server;
    QVERIFY(server.listen());
    CertificateCheck check;
    QSignalSpy finished(&check, &CertificateCheck::finished);
    check.start(QStringLiteral("127.0.0.1"), server.port(), caFile, peerName);

    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kTimeoutMs);
    const Outcome outcome = outcomeOf(finished);
    if (trusted) {
        QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error));
        QCOMPARE(hexDigits(outcome.fingerprint), m_fingerprint);
    } else {
        QVERIFY(outcome.fingerprint.isEmpty());
        QVERIFY(!outcome.error.isEmpty());
    }

    // One connection, closed by the check; not a byte of application data on it, trusted or not.
    QCOMPARE(server.connections(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(server.closed(), 1, kTimeoutMs);
    QCOMPARE(server.received(), QByteArray());
}

void TestCertificateCheck::closedPortFails()
{
    CertificateCheck check;
    QSignalSpy finished(&check, &CertificateCheck::finished);
    check.start(QStringLiteral("127.0.0.1"), TestSupport::closedLoopbackPort());

    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kTimeoutMs);
    const Outcome outcome = outcomeOf(finished);
    QVERIFY(outcome.fingerprint.isEmpty());
    QVERIFY(!outcome.error.isEmpty());
}

void TestCertificateCheck::silentServerTimesOut()
{
    SilentServer silent;
    QVERIFY(silent.listen());
    CertificateCheck check;
    QSignalSpy finished(&check, &CertificateCheck::finished);
    check.start(QStringLiteral("127.0.0.1"), silent.port(), {}, {}, 300ms);

    // The check got as far as saying hello; the server never answers.
    QTRY_COMPARE_WITH_TIMEOUT(silent.sockets().size(), 1, kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(silent.sockets().constFirst()->bytesAvailable() > 0, kTimeoutMs);
    // Well before the default 10 s.
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
    const Outcome outcome = outcomeOf(finished);
    QVERIFY(outcome.fingerprint.isEmpty());
    QVERIFY(!outcome.error.isEmpty());
    // And it hung up rather than leaving the connection open.
    QTRY_COMPARE_WITH_TIMEOUT(silent.sockets().constFirst()->state(),
                              QAbstractSocket::UnconnectedState, kTimeoutMs);
}

void TestCertificateCheck::finishedExactlyOnce_data()
{
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("caFile");
    QTest::addColumn<QString>("peerName");

    QTest::newRow("handshake") << QStringLiteral("tls") << QString() << QString();
    QTest::newRow("CA refuses the name")
        << QStringLiteral("tls") << kCertificatePath << QStringLiteral("01S00C999999999");
    QTest::newRow("closed port") << QStringLiteral("closed") << QString() << QString();
    QTest::newRow("no answer") << QStringLiteral("silent") << QString() << QString();
}

void TestCertificateCheck::finishedExactlyOnce()
{
    QFETCH(QString, server);
    QFETCH(QString, caFile);
    QFETCH(QString, peerName);

    RecordingTlsServer tls;
    QVERIFY(tls.listen());
    SilentServer silent;
    QVERIFY(silent.listen());
    quint16 port = TestSupport::closedLoopbackPort();
    if (server == QLatin1String("tls"))
        port = tls.port();
    else if (server == QLatin1String("silent"))
        port = silent.port();

    // Short enough to wait out below, long enough for a handshake on a busy machine.
    const std::chrono::milliseconds timeout = 2000ms;
    CertificateCheck check;
    QSignalSpy finished(&check, &CertificateCheck::finished);
    check.start(QStringLiteral("127.0.0.1"), port, caFile, peerName, timeout);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kTimeoutMs);

    // Nothing follows: not the timeout, not a late socket error from the hang-up.
    QVERIFY(timeoutHasPassed(timeout));
    QCOMPARE(finished.size(), 1);
}

QTEST_GUILESS_MAIN(TestCertificateCheck)
#include "tst_certificatecheck.moc"
