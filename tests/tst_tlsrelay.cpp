// TlsRelay over real TLS on 127.0.0.1: trust before any byte, one client, bounded relaying.
#include "camera/rtsps/tlsrelay.h"
#include "recordingtlsserver.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

namespace {

const QString kWrongPin = QStringLiteral("00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:"
                                         "33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF");

TlsTrust pinned(const QString &fingerprint)
{
    TlsTrust trust;
    trust.pinnedFingerprint = fingerprint;
    return trust;
}

QByteArray randomBytes(qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    QRandomGenerator generator(42);
    for (qsizetype i = 0; i < size; ++i)
        bytes[i] = char(generator.bounded(256));
    return bytes;
}

// The serial the simulator's certificate is issued to (see resources/sim/README.md).
const QString kSimulatorSerial = QStringLiteral("01S00C000000000");

} // namespace

class TestTlsRelay : public QObject
{
    Q_OBJECT

private slots:
    void relaysBothWaysAfterTrust();
    void trustDecidesWhetherItListens_data();
    void trustDecidesWhetherItListens();
    void wrongPinRelaysNothing();
    void secondClientIsRefused();
    void slowClientHoldsThePrinterBack();
    void printerCloseReachesTheClientAfterItsLastBytes();
    void clientCloseClosesThePrinterConnection();
    void closedPortIsRefused();
    void closeIsQuiet();
};

void TestTlsRelay::relaysBothWaysAfterTrust()
{
    RecordingTlsServer server(RecordingTlsServer::Mode::Echo);
    QVERIFY(server.listen());

    TlsRelay relay;
    QSignalSpy tcp(&relay, &TlsRelay::tcpConnected);
    QSignalSpy seen(&relay, &TlsRelay::certificateSeen);
    QSignalSpy listening(&relay, &TlsRelay::listening);
    QSignalSpy failed(&relay, &TlsRelay::failed);
    relay.open(QStringLiteral("127.0.0.1"), server.port(), pinned(server.fingerprint()));
    QTRY_COMPARE_WITH_TIMEOUT(listening.size(), 1, 15000);
    QCOMPARE(tcp.size(), 1);
    QCOMPARE(seen.size(), 1);
    QCOMPARE(seen.first().first().toString(), server.fingerprint());
    QCOMPARE(relay.peerFingerprint(), server.fingerprint());
    const quint16 port = listening.first().first().value<quint16>();
    QVERIFY(port != 0);
    QCOMPARE(relay.localPort(), port);
    QVERIFY(failed.isEmpty());
    QVERIFY(server.allReceived().isEmpty());

    QTcpSocket client;
    QSignalSpy accepted(&relay, &TlsRelay::clientConnected);
    client.connectToHost(QHostAddress::LocalHost, port);
    QTRY_COMPARE_WITH_TIMEOUT(accepted.size(), 1, 15000);
    QVERIFY(relay.isClientConnected());

    // Larger than every buffer on the way: the relay must move it in pieces, both ways.
    const QByteArray payload = randomBytes(3 * 1024 * 1024 + 17);
    qsizetype written = 0;
    QByteArray echoed;
    QVERIFY(QTest::qWaitFor(
        [&] {
            while (written < payload.size() && client.bytesToWrite() < 256 * 1024) {
                const qsizetype piece = std::min<qsizetype>(64 * 1024, payload.size() - written);
                client.write(payload.constData() + written, piece);
                written += piece;
            }
            echoed += client.readAll();
            return echoed.size() >= payload.size();
        },
        60000));
    QCOMPARE(echoed.size(), payload.size());
    QVERIFY(echoed == payload);
    QCOMPARE(server.allReceived().size(), payload.size());
    QCOMPARE(relay.bytesToPrinter(), quint64(payload.size()));
    QCOMPARE(relay.bytesFromPrinter(), quint64(payload.size()));
    QCOMPARE(server.clients().size(), 1); // one connection to the printer
}

void TestTlsRelay::trustDecidesWhetherItListens_data()
{
    QTest::addColumn<QString>("pin");
    QTest::addColumn<bool>("useCa");
    QTest::addColumn<QString>("serial");
    QTest::addColumn<bool>("listens");
    QTest::addColumn<TlsRelay::Error>("error");

    QTest::newRow("first use") << QString() << false << QString() << true << TlsRelay::Error::None;
    QTest::newRow("pin, lower case without colons")
        << QStringLiteral("*") << false << QString() << true << TlsRelay::Error::None;
    QTest::newRow("wrong pin") << kWrongPin << false << QString() << false
                               << TlsRelay::Error::CertificateMismatch;
    QTest::newRow("CA and serial")
        << QString() << true << kSimulatorSerial << true << TlsRelay::Error::None;
    QTest::newRow("CA, another serial") << QString() << true << QStringLiteral("01P00A999999999")
                                        << false << TlsRelay::Error::TlsFailed;
}

void TestTlsRelay::trustDecidesWhetherItListens()
{
    QFETCH(QString, pin);
    QFETCH(bool, useCa);
    QFETCH(QString, serial);
    QFETCH(bool, listens);
    QFETCH(TlsRelay::Error, error);

    RecordingTlsServer server;
    QVERIFY(server.listen());
    TlsTrust trust;
    if (pin == QLatin1String("*"))
        trust.pinnedFingerprint = server.fingerprint().remove(QLatin1Char(':')).toLower();
    else
        trust.pinnedFingerprint = pin;
    if (useCa) {
        trust.caFile = QStringLiteral(":/sim/simulator.crt");
        trust.peerName = serial;
    }
    QVERIFY2(trust.validationError().isEmpty(), qPrintable(trust.validationError()));

    TlsRelay relay;
    QSignalSpy listening(&relay, &TlsRelay::listening);
    QSignalSpy failed(&relay, &TlsRelay::failed);
    relay.open(QStringLiteral("127.0.0.1"), server.port(), trust);
    QTRY_VERIFY_WITH_TIMEOUT(listening.size() + failed.size() > 0, 15000);
    QCOMPARE(listening.size() == 1, listens);
    if (!listens) {
        QCOMPARE(failed.first().first().value<TlsRelay::Error>(), error);
        QCOMPARE(relay.localPort(), quint16(0));
        QTRY_VERIFY_WITH_TIMEOUT(server.allDisconnected(), 15000);
        QVERIFY(server.allReceived().isEmpty());
    }
}

void TestTlsRelay::wrongPinRelaysNothing()
{
    // The server records every byte it gets after the handshake. A relay whose pin does not match
    // must never offer a local port, so nothing (an RTSP request with the code) can get through.
    RecordingTlsServer server;
    QVERIFY(server.listen());
    TlsRelay relay;
    QSignalSpy seen(&relay, &TlsRelay::certificateSeen);
    QSignalSpy listening(&relay, &TlsRelay::listening);
    QSignalSpy failed(&relay, &TlsRelay::failed);
    relay.open(QStringLiteral("127.0.0.1"), server.port(), pinned(kWrongPin));
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 15000);
    QCOMPARE(failed.first().first().value<TlsRelay::Error>(), TlsRelay::Error::CertificateMismatch);
    QCOMPARE(seen.size(), 1); // the certificate was seen, so its fingerprint can be shown
    QCOMPARE(relay.peerFingerprint(), server.fingerprint());
    QVERIFY(listening.isEmpty());
    QCOMPARE(relay.localPort(), quint16(0));
    // The printer's side of the connection ends, and it received nothing at all.
    QTRY_VERIFY_WITH_TIMEOUT(server.allDisconnected(), 15000);
    QCOMPARE(server.clients().size(), 1);
    QCOMPARE(server.allReceived(), QByteArray());
}

void TestTlsRelay::secondClientIsRefused()
{
    RecordingTlsServer server;
    QVERIFY(server.listen());
    TlsRelay relay;
    QSignalSpy listening(&relay, &TlsRelay::listening);
    relay.open(QStringLiteral("127.0.0.1"), server.port(), pinned(server.fingerprint()));
    QTRY_COMPARE_WITH_TIMEOUT(listening.size(), 1, 15000);

    QTcpSocket first;
    QSignalSpy accepted(&relay, &TlsRelay::clientConnected);
    first.connectToHost(QHostAddress::LocalHost, relay.localPort());
    QTRY_COMPARE_WITH_TIMEOUT(accepted.size(), 1, 15000);

    QTcpSocket second;
    QSignalSpy secondGone(&second, &QTcpSocket::disconnected);
    second.connectToHost(QHostAddress::LocalHost, relay.localPort());
    QVERIFY(second.waitForConnected(15000)); // the kernel accepts; the relay then refuses
    second.write("SECOND");
    QTRY_COMPARE_WITH_TIMEOUT(secondGone.size(), 1, 15000);
    QCOMPARE(relay.refusedClients(), 1);

    first.write("FIRST");
    QTRY_COMPARE_WITH_TIMEOUT(server.allReceived(), QByteArray("FIRST"), 15000);
    QCOMPARE(accepted.size(), 1);
    QCOMPARE(server.clients().size(), 1);
}

void TestTlsRelay::slowClientHoldsThePrinterBack()
{
    // The printer sends far more than the kernel's socket buffers hold while the client reads
    // nothing: the relay must stop reading the printer instead of buffering it all.
    constexpr qint64 kLimit = 64 * 1024;
    constexpr qsizetype kTotal = 48 * 1024 * 1024;
    RecordingTlsServer server;
    QVERIFY(server.listen());
    QByteArray stream(kTotal, Qt::Uninitialized);
    for (qsizetype i = 0; i < kTotal; ++i)
        stream[i] = char((i * 131) >> 8);
    server.setOnEncrypted([&stream](QSslSocket *socket) { socket->write(stream); });

    TlsRelay relay;
    relay.setBufferLimit(kLimit);
    QSignalSpy listening(&relay, &TlsRelay::listening);
    relay.open(QStringLiteral("127.0.0.1"), server.port(), pinned(server.fingerprint()));
    QTRY_COMPARE_WITH_TIMEOUT(listening.size(), 1, 15000);

    QTcpSocket client;
    client.setReadBufferSize(16 * 1024); // Qt stops reading the socket: the kernel buffers fill
    QSignalSpy accepted(&relay, &TlsRelay::clientConnected);
    client.connectToHost(QHostAddress::LocalHost, relay.localPort());
    QTRY_COMPARE_WITH_TIMEOUT(accepted.size(), 1, 15000);

    // Backpressure engaged: the relay's write buffer towards the client is full, and the printer
    // can push nothing more (its unsent bytes stay the same for many event-loop rounds)...
    QTRY_VERIFY_WITH_TIMEOUT(relay.bufferedBytes() >= kLimit, 30000);
    QSslSocket *printerSide = server.clients().first()->socket;
    qint64 lastUnsent = -1;
    int unchangedRounds = 0;
    QVERIFY(QTest::qWaitFor(
        [&] {
            // Qt encrypts what was written at once: unsent is plain and encrypted bytes.
            const qint64 unsent
                = printerSide->bytesToWrite() + printerSide->encryptedBytesToWrite();
            unchangedRounds = unsent == lastUnsent ? unchangedRounds + 1 : 0;
            lastUnsent = unsent;
            return unchangedRounds >= 50;
        },
        60000));
    // ...so the rest of the stream is still with the printer, not in this process.
    QVERIFY2(lastUnsent > kTotal / 4, qPrintable(QString::number(lastUnsent)));
    const qint64 bound = 2 * kLimit + 2 * 64 * 1024;
    QVERIFY2(relay.peakBufferedBytes() <= bound,
             qPrintable(QString::number(relay.peakBufferedBytes())));

    // Now the client reads: everything arrives, in order, and the bound held throughout.
    client.setReadBufferSize(0);
    QCryptographicHash received(QCryptographicHash::Sha256);
    qsizetype receivedBytes = 0;
    const bool drained = QTest::qWaitFor(
        [&] {
            const QByteArray bytes = client.readAll();
            received.addData(bytes);
            receivedBytes += bytes.size();
            return receivedBytes >= kTotal;
        },
        120000);
    QVERIFY(drained);
    QCOMPARE(receivedBytes, kTotal);
    QCOMPARE(received.result(), QCryptographicHash::hash(stream, QCryptographicHash::Sha256));
    QVERIFY2(relay.peakBufferedBytes() <= bound,
             qPrintable(QString::number(relay.peakBufferedBytes())));
}

void TestTlsRelay::printerCloseReachesTheClientAfterItsLastBytes()
{
    RecordingTlsServer server;
    QVERIFY(server.listen());
    TlsRelay relay;
    QSignalSpy listening(&relay, &TlsRelay::listening);
    QSignalSpy printerClosed(&relay, &TlsRelay::printerClosed);
    relay.open(QStringLiteral("127.0.0.1"), server.port(), pinned(server.fingerprint()));
    QTRY_COMPARE_WITH_TIMEOUT(listening.size(), 1, 15000);

    QTcpSocket client;
    QSignalSpy clientGone(&client, &QTcpSocket::disconnected);
    client.connectToHost(QHostAddress::LocalHost, relay.localPort());
    QVERIFY(client.waitForConnected(15000));
    client.write("DESCRIBE");
    QTRY_COMPARE_WITH_TIMEOUT(server.allReceived(), QByteArray("DESCRIBE"), 15000);

    // The printer answers and hangs up at once: the answer must still reach the client.
    QSslSocket *printerSide = server.clients().first()->socket;
    printerSide->write("RTSP/1.0 401 Unauthorized\r\n\r\n");
    printerSide->disconnectFromHost();
    QTRY_COMPARE_WITH_TIMEOUT(printerClosed.size(), 1, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(clientGone.size(), 1, 15000);
    QCOMPARE(client.readAll(), QByteArray("RTSP/1.0 401 Unauthorized\r\n\r\n"));
}

void TestTlsRelay::clientCloseClosesThePrinterConnection()
{
    RecordingTlsServer server;
    QVERIFY(server.listen());
    TlsRelay relay;
    QSignalSpy listening(&relay, &TlsRelay::listening);
    QSignalSpy clientClosed(&relay, &TlsRelay::clientClosed);
    relay.open(QStringLiteral("127.0.0.1"), server.port(), pinned(server.fingerprint()));
    QTRY_COMPARE_WITH_TIMEOUT(listening.size(), 1, 15000);
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, relay.localPort());
    QVERIFY(client.waitForConnected(15000));
    client.write("bye");
    client.disconnectFromHost();
    QTRY_COMPARE_WITH_TIMEOUT(clientClosed.size(), 1, 15000);
    QTRY_VERIFY_WITH_TIMEOUT(server.allDisconnected(), 15000);
    QCOMPARE(server.allReceived(), QByteArray("bye"));
}

void TestTlsRelay::closedPortIsRefused()
{
    TlsRelay relay;
    QSignalSpy failed(&relay, &TlsRelay::failed);
    QSignalSpy listening(&relay, &TlsRelay::listening);
    relay.open(QStringLiteral("127.0.0.1"), TestSupport::closedLoopbackPort(), TlsTrust());
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 15000);
    QCOMPARE(failed.first().first().value<TlsRelay::Error>(), TlsRelay::Error::ConnectionRefused);
    QVERIFY(listening.isEmpty());
}

void TestTlsRelay::closeIsQuiet()
{
    RecordingTlsServer server;
    QVERIFY(server.listen());
    TlsRelay relay;
    QSignalSpy listening(&relay, &TlsRelay::listening);
    QSignalSpy failed(&relay, &TlsRelay::failed);
    QSignalSpy printerClosed(&relay, &TlsRelay::printerClosed);
    relay.open(QStringLiteral("127.0.0.1"), server.port(), pinned(server.fingerprint()));
    QTRY_COMPARE_WITH_TIMEOUT(listening.size(), 1, 15000);
    const quint16 port = relay.localPort();
    relay.close();
    QCOMPARE(relay.localPort(), quint16(0));
    QTRY_VERIFY_WITH_TIMEOUT(server.allDisconnected(), 15000);
    QTcpSocket late;
    late.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(!late.waitForConnected(5000)); // nobody listens there any more
    QVERIFY(failed.isEmpty());
    QVERIFY(printerClosed.isEmpty());
}

QTEST_GUILESS_MAIN(TestTlsRelay)
#include "tst_tlsrelay.moc"
