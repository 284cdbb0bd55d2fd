// PrinterSimulator and FrameRenderer, against a plain QSslSocket client over TLS on 127.0.0.1.
#include "sim/framerenderer.h"
#include "sim/printersimulator.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QImage>
#include <QLoggingCategory>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTest>
#include <QtEndian>

#include <memory>

namespace {

const QString kCode = QStringLiteral("12345678");
constexpr int kTimeoutMs = 10000;
constexpr qsizetype kHeaderSize = 16;
constexpr quint32 kSaneMaxSize = 16 * 1024 * 1024;
const QSize kFrameSize(1280, 720);

QByteArray loginPacket(const QByteArray &user, const QByteArray &code, quint32 magic = 0x40)
{
    QByteArray packet(80, '\0');
    qToLittleEndian<quint32>(magic, packet.data());
    qToLittleEndian<quint32>(0x3000, packet.data() + 4);
    packet.replace(16, user.size(), user);
    packet.replace(48, code.size(), code);
    return packet;
}

QByteArray goodLogin()
{
    return loginPacket("bblp", kCode.toLatin1());
}

quint32 word(const QByteArray &bytes, qsizetype offset)
{
    return qFromLittleEndian<quint32>(bytes.constData() + offset);
}

bool isSaneHeader(const QByteArray &header)
{
    return header.size() >= kHeaderSize && word(header, 0) > 0 && word(header, 0) <= kSaneMaxSize
        && word(header, 4) == 0 && word(header, 8) == 1 && word(header, 12) == 0;
}

struct Frame
{
    QByteArray header;
    QByteArray payload;
};

// The complete, sane frames at the front of a stream; `rest` gets what follows them (a partial
// frame, or bytes that are no frame).
QList<Frame> splitFrames(const QByteArray &stream, QByteArray *rest = nullptr)
{
    QList<Frame> frames;
    qsizetype offset = 0;
    while (stream.size() - offset >= kHeaderSize) {
        const QByteArray header = stream.mid(offset, kHeaderSize);
        if (!isSaneHeader(header))
            break;
        const qsizetype size = word(header, 0);
        if (stream.size() - offset - kHeaderSize < size)
            break;
        if (!stream.mid(offset + kHeaderSize, 2).startsWith("\xff\xd8"))
            break; // not a JPEG: not a frame
        frames.append({header, stream.mid(offset + kHeaderSize, size)});
        offset += kHeaderSize + size;
    }
    if (rest)
        *rest = stream.mid(offset);
    return frames;
}

QByteArray expectedHeader(quint32 size)
{
    QByteArray header(kHeaderSize, '\0');
    qToLittleEndian<quint32>(size, header.data());
    qToLittleEndian<quint32>(1, header.data() + 8);
    return header;
}

// A camera client with no cleverness: collects every byte it gets.
class Client
{
    Q_DISABLE_COPY_MOVE(Client)

public:
    Client()
    {
        socket.setPeerVerifyMode(QSslSocket::VerifyNone);
        QObject::connect(&socket, &QSslSocket::readyRead, &socket, [this] {
            if (!paused)
                received += socket.readAll();
        });
        QObject::connect(&socket, &QSslSocket::encrypted, &socket, [this] { encrypted = true; });
        QObject::connect(&socket, &QSslSocket::disconnected, &socket,
                         [this] { disconnected = true; });
    }

    void connectTo(const PrinterSimulator &simulator)
    {
        socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), simulator.serverPort());
    }

    QList<Frame> frames(QByteArray *rest = nullptr) const { return splitFrames(received, rest); }
    bool allWritten() const
    {
        return socket.bytesToWrite() == 0 && socket.encryptedBytesToWrite() == 0;
    }
    bool isOpen() const
    {
        return !disconnected && socket.state() == QAbstractSocket::ConnectedState;
    }

    QSslSocket socket;
    QByteArray received;
    bool encrypted = false;
    bool disconnected = false;
    bool paused = false; // while true, bytes pile up in the socket (up to its read buffer size)
};

} // namespace

class TestPrinterSimulator : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void rendererMakesRealisticJpegs_data();
    void rendererMakesRealisticJpegs();
    void loopFramesMoveWithoutAClock();
    void layerCounter();
    void streamsFramesAfterLogin();
    void rejectedLoginClosesSilently_data();
    void rejectedLoginClosesSilently();
    void shortLoginGetsNoAnswer();
    void thirdClientWaitsForAFreeSlot();
    void faults_data();
    void faults();
    void slowClientSkipsFrames();
    void closeDropsClientsAndListenRestarts();
    void faultNames_data();
    void faultNames();
    void accessCodeNeverLogged();

private:
    std::unique_ptr<PrinterSimulator> startSimulator(double fps = 20);
    QByteArray m_jpeg; // one rendered frame, for a fixed frame source
};

void TestPrinterSimulator::initTestCase()
{
    FrameRenderer renderer(QStringLiteral("Fixed frame printer"));
    QVERIFY(renderer.hasFonts());
    m_jpeg = renderer.renderJpeg(42, QDateTime::currentDateTime());
    QVERIFY(m_jpeg.startsWith("\xff\xd8"));
}

std::unique_ptr<PrinterSimulator> TestPrinterSimulator::startSimulator(double fps)
{
    auto simulator = std::make_unique<PrinterSimulator>();
    simulator->setName(QStringLiteral("Test P1S"));
    simulator->setAccessCode(kCode);
    simulator->setFramesPerSecond(fps);
    if (!simulator->listen(QHostAddress::LocalHost, 0))
        return nullptr;
    return simulator;
}

void TestPrinterSimulator::rendererMakesRealisticJpegs_data()
{
    QTest::addColumn<quint64>("frameNumber");
    QTest::newRow("first layer") << quint64(0);
    QTest::newRow("early") << quint64(37);
    QTest::newRow("half way") << quint64(241);
    QTest::newRow("last layer") << quint64(479);
    QTest::newRow("next print") << quint64(480 * 7 + 100);
}

void TestPrinterSimulator::rendererMakesRealisticJpegs()
{
    QFETCH(quint64, frameNumber);
    FrameRenderer renderer(QStringLiteral("Renderer test printer with a long name"));
    const QDateTime now = QDateTime::currentDateTime();
    QElapsedTimer clock;
    clock.start();
    const QByteArray jpeg = renderer.renderJpeg(frameNumber, now);
    const qint64 elapsedMs = clock.elapsed();
    qInfo("frame %llu: %lld bytes (%.1f KiB), rendered and encoded in %lld ms", frameNumber,
          qlonglong(jpeg.size()), jpeg.size() / 1024.0, elapsedMs);

    QVERIFY(jpeg.startsWith(QByteArray("\xff\xd8\xff\xe0", 4)));
    QVERIFY(jpeg.endsWith(QByteArray("\xff\xd9", 2)));
    QVERIFY2(jpeg.size() >= 60 * 1024 && jpeg.size() <= 200 * 1024,
             qPrintable(QString::number(jpeg.size())));
    QImage image;
    QVERIFY(image.loadFromData(jpeg, "JPEG"));
    QCOMPARE(image.size(), kFrameSize);
    // A live picture: the next frame differs (clock, toolhead, counter).
    QVERIFY(renderer.renderJpeg(frameNumber + 1, now) != jpeg);
}

// A clip encoded once and replayed (H264Loop) must not show a wall clock, which would repeat the
// minute it was made: the same frame of the loop is the same picture whenever it is drawn, and
// the picture still moves from frame to frame.
void TestPrinterSimulator::loopFramesMoveWithoutAClock()
{
    FrameRenderer renderer(QStringLiteral("Simulated X1C"), QSize(640, 360));
    QVERIFY(renderer.hasFonts());
    const QImage first = renderer.renderLoopFrame(0, 60, 30);
    const QImage second = renderer.renderLoopFrame(1, 60, 30);
    QVERIFY(first != second);
    QCOMPARE(renderer.renderLoopFrame(0, 60, 30), first);
    FrameRenderer other(QStringLiteral("Simulated X1C"), QSize(640, 360));
    QCOMPARE(other.renderLoopFrame(59, 60, 30), renderer.renderLoopFrame(59, 60, 30));
}

void TestPrinterSimulator::layerCounter()
{
    QCOMPARE(FrameRenderer::layerForFrame(0), 1);
    QCOMPARE(FrameRenderer::layerForFrame(1), 1);
    QCOMPARE(FrameRenderer::layerForFrame(2), 2);
    const quint64 printFrames
        = quint64(FrameRenderer::kTotalLayers) * FrameRenderer::kFramesPerLayer;
    QCOMPARE(FrameRenderer::layerForFrame(printFrames - 1), FrameRenderer::kTotalLayers);
    QCOMPARE(FrameRenderer::layerForFrame(printFrames), 1);
}

void TestPrinterSimulator::streamsFramesAfterLogin()
{
    auto simulator = startSimulator();
    QVERIFY(simulator);
    QVERIFY(simulator->isListening());
    QSignalSpy sent(simulator.get(), &PrinterSimulator::frameSent);
    QSignalSpy authenticated(simulator.get(), &PrinterSimulator::clientAuthenticated);
    QSignalSpy rejected(simulator.get(), &PrinterSimulator::loginRejected);

    Client client;
    client.connectTo(*simulator);
    QTRY_VERIFY_WITH_TIMEOUT(client.encrypted, kTimeoutMs);
    // The certificate is the simulator's, and its fingerprint is printed the way openssl does.
    const QString fingerprint = QString::fromLatin1(
        client.socket.peerCertificate().digest(QCryptographicHash::Sha256).toHex(':').toUpper());
    QCOMPARE(simulator->certificateFingerprint(), fingerprint);
    QCOMPARE(fingerprint.size(), 32 * 3 - 1);

    client.socket.write(goodLogin());
    QTRY_VERIFY_WITH_TIMEOUT(client.frames().size() >= 3, kTimeoutMs);
    QCOMPARE(authenticated.size(), 1);
    QCOMPARE(rejected.size(), 0);
    QCOMPARE(simulator->clientCount(), 1);
    QCOMPARE(simulator->streamingClientCount(), 1);

    const QList<Frame> frames = client.frames();
    QVERIFY(sent.size() >= frames.size());
    for (qsizetype i = 0; i < frames.size(); ++i) {
        const Frame &frame = frames.at(i);
        QCOMPARE(word(frame.header, 0), quint32(frame.payload.size()));
        QCOMPARE(frame.header.mid(4), expectedHeader(0).mid(4)); // 0, 1, 0
        QVERIFY(frame.payload.startsWith(QByteArray("\xff\xd8\xff\xe0", 4)));
        QVERIFY(frame.payload.endsWith(QByteArray("\xff\xd9", 2)));
        QVERIFY2(frame.payload.size() >= 60 * 1024 && frame.payload.size() <= 200 * 1024,
                 qPrintable(QString::number(frame.payload.size())));
        // The only client got every frame sent, in order, byte for byte.
        QCOMPARE(frame.payload, sent.at(i).first().toByteArray());
        QImage image;
        QVERIFY(image.loadFromData(frame.payload, "JPEG"));
        QCOMPARE(image.size(), kFrameSize);
    }
    QVERIFY(frames.at(0).payload != frames.at(1).payload);
    QVERIFY(simulator->framesRendered() >= quint64(frames.size()));
    QCOMPARE(simulator->framesSkipped(), quint64(0));
}

void TestPrinterSimulator::rejectedLoginClosesSilently_data()
{
    QTest::addColumn<QByteArray>("packet");
    QTest::newRow("wrong access code") << loginPacket("bblp", "87654321");
    QTest::newRow("access code too short") << loginPacket("bblp", "1234567");
    QTest::newRow("access code too long") << loginPacket("bblp", "123456789");
    QTest::newRow("wrong user") << loginPacket("bblq", "12345678");
    QTest::newRow("empty fields") << loginPacket("", "");
    QTest::newRow("wrong magic") << loginPacket("bblp", "12345678", 0x41);
}

void TestPrinterSimulator::rejectedLoginClosesSilently()
{
    QFETCH(QByteArray, packet);
    QCOMPARE(packet.size(), 80);
    auto simulator = startSimulator();
    QVERIFY(simulator);
    QSignalSpy rejected(simulator.get(), &PrinterSimulator::loginRejected);
    QSignalSpy authenticated(simulator.get(), &PrinterSimulator::clientAuthenticated);
    QSignalSpy sent(simulator.get(), &PrinterSimulator::frameSent);

    Client client;
    client.connectTo(*simulator);
    QTRY_VERIFY_WITH_TIMEOUT(client.encrypted, kTimeoutMs);
    client.socket.write(packet);
    QTRY_VERIFY_WITH_TIMEOUT(client.disconnected, kTimeoutMs);
    QCOMPARE(client.received, QByteArray());
    QCOMPARE(rejected.size(), 1);
    QCOMPARE(authenticated.size(), 0);
    QCOMPARE(sent.size(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(simulator->clientCount(), 0, kTimeoutMs);
}

void TestPrinterSimulator::shortLoginGetsNoAnswer()
{
    auto simulator = startSimulator();
    QVERIFY(simulator);
    QSignalSpy sent(simulator.get(), &PrinterSimulator::frameSent);
    QSignalSpy rejected(simulator.get(), &PrinterSimulator::loginRejected);

    Client shortLogin;
    shortLogin.connectTo(*simulator);
    QTRY_VERIFY_WITH_TIMEOUT(shortLogin.encrypted, kTimeoutMs);
    const QByteArray packet = goodLogin();
    shortLogin.socket.write(packet.left(79));
    QTRY_VERIFY_WITH_TIMEOUT(shortLogin.allWritten(), kTimeoutMs);

    // Another client logs in after it and gets frames; the short one meanwhile gets nothing and
    // is not closed either.
    Client other;
    other.connectTo(*simulator);
    QTRY_VERIFY_WITH_TIMEOUT(other.encrypted, kTimeoutMs);
    other.socket.write(packet);
    QTRY_VERIFY_WITH_TIMEOUT(other.frames().size() >= 2, kTimeoutMs);
    QVERIFY(sent.size() >= 2);
    QVERIFY(shortLogin.isOpen());
    QCOMPARE(shortLogin.received, QByteArray());
    QCOMPARE(rejected.size(), 0);
    QCOMPARE(simulator->clientCount(), 2);
    QCOMPARE(simulator->streamingClientCount(), 1);

    // It was waiting for the rest: the 80th byte completes the login.
    shortLogin.socket.write(packet.right(1));
    QTRY_VERIFY_WITH_TIMEOUT(!shortLogin.frames().isEmpty(), kTimeoutMs);
    QCOMPARE(simulator->streamingClientCount(), 2);
}

void TestPrinterSimulator::thirdClientWaitsForAFreeSlot()
{
    auto simulator = startSimulator();
    QVERIFY(simulator);
    QSignalSpy sent(simulator.get(), &PrinterSimulator::frameSent);
    QSignalSpy counts(simulator.get(), &PrinterSimulator::clientCountChanged);

    Client first, second, third;
    for (Client *client : {&first, &second}) {
        client->connectTo(*simulator);
        QTRY_VERIFY_WITH_TIMEOUT(client->encrypted, kTimeoutMs);
        client->socket.write(goodLogin());
    }
    QTRY_VERIFY_WITH_TIMEOUT(!first.frames().isEmpty() && !second.frames().isEmpty(), kTimeoutMs);

    third.connectTo(*simulator);
    QTRY_COMPARE_WITH_TIMEOUT(simulator->clientCount(), 3, kTimeoutMs);
    QCOMPARE(third.socket.state(), QAbstractSocket::ConnectedState); // TCP accepted...
    const qsizetype before = sent.size();
    QTRY_VERIFY_WITH_TIMEOUT(sent.size() >= before + 3, kTimeoutMs);
    QVERIFY(!third.encrypted); // ...but its handshake stalls while two are served
    QVERIFY(third.isOpen());
    QCOMPARE(simulator->streamingClientCount(), 2);

    first.socket.disconnectFromHost();
    QTRY_VERIFY_WITH_TIMEOUT(third.encrypted, kTimeoutMs);
    third.socket.write(goodLogin());
    QTRY_VERIFY_WITH_TIMEOUT(!third.frames().isEmpty(), kTimeoutMs);
    QCOMPARE(simulator->clientCount(), 2);
    QCOMPARE(simulator->streamingClientCount(), 2);
    for (const QList<QVariant> &args : std::as_const(counts))
        QVERIFY(args.first().toInt() <= 3);
}

void TestPrinterSimulator::faults_data()
{
    QTest::addColumn<PrinterSimulator::Fault>("fault");
    QTest::addColumn<bool>("closes");
    using Fault = PrinterSimulator::Fault;
    QTest::newRow("stall") << Fault::Stall << false;
    QTest::newRow("truncate mid-frame") << Fault::TruncateMidFrame << true;
    QTest::newRow("garbage header") << Fault::GarbageHeader << false;
    QTest::newRow("oversize length") << Fault::OversizeLength << false;
    QTest::newRow("bad JPEG magic") << Fault::BadJpegMagic << false;
    QTest::newRow("abrupt close") << Fault::AbruptClose << true;
}

void TestPrinterSimulator::faults()
{
    QFETCH(PrinterSimulator::Fault, fault);
    QFETCH(bool, closes);
    constexpr int kGoodFrames = 2;

    auto simulator = startSimulator();
    QVERIFY(simulator);
    simulator->setFrameSource([this](quint64) { return m_jpeg; });
    simulator->setFault(fault, kGoodFrames);
    QCOMPARE(simulator->fault(), fault);

    Client client;
    client.connectTo(*simulator);
    QTRY_VERIFY_WITH_TIMEOUT(client.encrypted, kTimeoutMs);
    client.socket.write(goodLogin());
    QTRY_VERIFY_WITH_TIMEOUT(client.frames().size() >= kGoodFrames, kTimeoutMs);

    if (closes) {
        QTRY_VERIFY_WITH_TIMEOUT(client.disconnected, kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(simulator->clientCount(), 0, kTimeoutMs);
    } else {
        // A second client connects after the fault and has its own good frames: by then the
        // first one's fault has long been sent, and whatever it is, its connection stays open.
        Client observer;
        observer.connectTo(*simulator);
        QTRY_VERIFY_WITH_TIMEOUT(observer.encrypted, kTimeoutMs);
        observer.socket.write(goodLogin());
        QTRY_VERIFY_WITH_TIMEOUT(observer.frames().size() >= kGoodFrames, kTimeoutMs);
        QVERIFY(client.isOpen());
        QCOMPARE(simulator->clientCount(), 2);
    }

    const quint32 size = quint32(m_jpeg.size());
    // What follows the good frames, once it has all arrived.
    qsizetype expectedRest = -1; // unknown
    switch (fault) {
    case PrinterSimulator::Fault::None:
        QFAIL("not a fault");
        break;
    case PrinterSimulator::Fault::Stall:
        expectedRest = 0;
        break;
    case PrinterSimulator::Fault::TruncateMidFrame:
        expectedRest = kHeaderSize + m_jpeg.size() / 2;
        break;
    case PrinterSimulator::Fault::GarbageHeader:
        expectedRest = kHeaderSize;
        break;
    case PrinterSimulator::Fault::OversizeLength:
        expectedRest = kHeaderSize + PrinterSimulator::kMaxChunkSize;
        break;
    case PrinterSimulator::Fault::BadJpegMagic:
        expectedRest = kHeaderSize + m_jpeg.size();
        break;
    case PrinterSimulator::Fault::AbruptClose:
        break;
    }
    const auto restSize = [&client] {
        QByteArray rest;
        client.frames(&rest);
        return rest.size();
    };
    if (expectedRest >= 0)
        QTRY_COMPARE_WITH_TIMEOUT(restSize(), expectedRest, kTimeoutMs);

    QByteArray rest;
    const QList<Frame> frames = client.frames(&rest);
    QCOMPARE(frames.size(), kGoodFrames);
    for (const Frame &frame : frames)
        QCOMPARE(frame.payload, m_jpeg);

    switch (fault) {
    case PrinterSimulator::Fault::None:
    case PrinterSimulator::Fault::Stall:
        break;
    case PrinterSimulator::Fault::TruncateMidFrame:
        QCOMPARE(rest, expectedHeader(size) + m_jpeg.left(m_jpeg.size() / 2));
        break;
    case PrinterSimulator::Fault::GarbageHeader:
        QVERIFY(word(rest, 0) > kSaneMaxSize);
        QVERIFY(rest.mid(4) != expectedHeader(size).mid(4));
        break;
    case PrinterSimulator::Fault::OversizeLength:
        QCOMPARE(word(rest, 0), PrinterSimulator::kOversizeLength);
        QCOMPARE(rest.mid(4, 12), expectedHeader(size).mid(4));
        QCOMPARE(rest.mid(kHeaderSize), m_jpeg.left(rest.size() - kHeaderSize));
        break;
    case PrinterSimulator::Fault::BadJpegMagic:
        QCOMPARE(rest.left(kHeaderSize), expectedHeader(size));
        QVERIFY(!rest.mid(kHeaderSize).startsWith("\xff\xd8"));
        QCOMPARE(rest.mid(kHeaderSize + 2), m_jpeg.mid(2));
        break;
    case PrinterSimulator::Fault::AbruptClose:
        QVERIFY2(rest.size() < kHeaderSize + m_jpeg.size(), "a whole frame arrived");
        if (rest.size() >= kHeaderSize)
            QCOMPARE(rest.left(kHeaderSize), expectedHeader(size));
        QCOMPARE(rest.mid(kHeaderSize), m_jpeg.left(qMax<qsizetype>(0, rest.size() - kHeaderSize)));
        break;
    }
}

void TestPrinterSimulator::slowClientSkipsFrames()
{
    // Big frames, fast: a client that stops reading falls megabytes behind within a second.
    QByteArray big(512 * 1024, 'x');
    big.replace(0, 4, "\xff\xd8\xff\xe0");
    big.replace(big.size() - 2, 2, "\xff\xd9");
    auto simulator = startSimulator(30);
    QVERIFY(simulator);
    simulator->setFrameSource([big](quint64) { return big; });

    Client client;
    client.connectTo(*simulator);
    QTRY_VERIFY_WITH_TIMEOUT(client.encrypted, kTimeoutMs);
    client.socket.setReadBufferSize(64 * 1024);
    client.paused = true;
    client.socket.write(goodLogin());
    QTRY_VERIFY_WITH_TIMEOUT(simulator->framesSkipped() > 0, 20000);
    QCOMPARE(simulator->clientCount(), 1);

    // Reading again, it gets whole frames only: frames were skipped between frames, never inside.
    client.paused = false;
    client.socket.setReadBufferSize(0);
    client.received += client.socket.readAll();
    const quint64 renderedBefore = simulator->framesRendered();
    QTRY_VERIFY_WITH_TIMEOUT(client.frames().size() >= 8, 20000);
    QByteArray rest;
    const QList<Frame> frames = client.frames(&rest);
    for (const Frame &frame : frames)
        QCOMPARE(frame.payload, big);
    QVERIFY(rest.isEmpty() || isSaneHeader(rest));
    // Fewer frames arrived than were rendered.
    QTRY_VERIFY_WITH_TIMEOUT(simulator->framesRendered() > renderedBefore, kTimeoutMs);
    QVERIFY(quint64(client.frames().size()) < simulator->framesRendered());
}

void TestPrinterSimulator::closeDropsClientsAndListenRestarts()
{
    auto simulator = startSimulator();
    QVERIFY(simulator);
    const quint16 port = simulator->serverPort();
    QVERIFY(port != 0);

    Client client;
    client.connectTo(*simulator);
    QTRY_VERIFY_WITH_TIMEOUT(client.encrypted, kTimeoutMs);
    client.socket.write(goodLogin());
    QTRY_VERIFY_WITH_TIMEOUT(!client.frames().isEmpty(), kTimeoutMs);

    simulator->close(); // the printer restarts
    QVERIFY(!simulator->isListening());
    QCOMPARE(simulator->clientCount(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(client.disconnected, kTimeoutMs);

    QTcpSocket refused;
    QSignalSpy errors(&refused, &QTcpSocket::errorOccurred);
    refused.connectToHost(QHostAddress::LocalHost, port);
    QTRY_VERIFY_WITH_TIMEOUT(!errors.isEmpty(), kTimeoutMs);
    QCOMPARE(errors.first().first().value<QAbstractSocket::SocketError>(),
             QAbstractSocket::ConnectionRefusedError);

    QVERIFY(simulator->listen(QHostAddress::LocalHost, port));
    QCOMPARE(simulator->serverPort(), port);
    Client again;
    again.connectTo(*simulator);
    QTRY_VERIFY_WITH_TIMEOUT(again.encrypted, kTimeoutMs);
    again.socket.write(goodLogin());
    QTRY_VERIFY_WITH_TIMEOUT(!again.frames().isEmpty(), kTimeoutMs);
}

void TestPrinterSimulator::faultNames_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<PrinterSimulator::Fault>("fault");
    using Fault = PrinterSimulator::Fault;
    QTest::newRow("none") << QStringLiteral("none") << true << Fault::None;
    QTest::newRow("stall") << QStringLiteral("stall") << true << Fault::Stall;
    QTest::newRow("kebab") << QStringLiteral("truncate-mid-frame") << true
                           << Fault::TruncateMidFrame;
    QTest::newRow("enum key") << QStringLiteral("GarbageHeader") << true << Fault::GarbageHeader;
    QTest::newRow("snake") << QStringLiteral("oversize_length") << true << Fault::OversizeLength;
    QTest::newRow("upper") << QStringLiteral("BAD-JPEG-MAGIC") << true << Fault::BadJpegMagic;
    QTest::newRow("spaces around")
        << QStringLiteral(" abrupt-close ") << true << Fault::AbruptClose;
    QTest::newRow("empty") << QString() << false << Fault::None;
    QTest::newRow("with count") << QStringLiteral("stall:3") << false << Fault::None;
    QTest::newRow("unknown") << QStringLiteral("explode") << false << Fault::None;
}

void TestPrinterSimulator::faultNames()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(PrinterSimulator::Fault, fault);
    bool ok = !valid;
    QCOMPARE(PrinterSimulator::faultFromString(text, &ok), fault);
    QCOMPARE(ok, valid);
    if (valid) {
        // Every name round-trips, and names are what the CLI documents.
        const QString name = PrinterSimulator::faultName(fault);
        QVERIFY(PrinterSimulator::faultNames().contains(name));
        QCOMPARE(PrinterSimulator::faultFromString(name), fault);
    }
}

void TestPrinterSimulator::accessCodeNeverLogged()
{
    const QString secret = QStringLiteral("S3cr3tQZ");
    QLoggingCategory::setFilterRules(QStringLiteral("farmcam.*=true"));
    TestSupport::LogCapture capture;

    auto simulator = startSimulator();
    QVERIFY(simulator);
    simulator->setAccessCode(secret);
    QSignalSpy rejected(simulator.get(), &PrinterSimulator::loginRejected);
    Client wrong, right;
    for (Client *client : {&wrong, &right}) {
        client->connectTo(*simulator);
        QTRY_VERIFY_WITH_TIMEOUT(client->encrypted, kTimeoutMs);
    }
    wrong.socket.write(loginPacket("bblp", "W0ngC0de"));
    right.socket.write(loginPacket("bblp", secret.toLatin1()));
    QTRY_VERIFY_WITH_TIMEOUT(!rejected.isEmpty() && !right.frames().isEmpty(), kTimeoutMs);

    QLoggingCategory::setFilterRules(QString());
    const QStringList log = TestSupport::LogCapture::messages();
    QVERIFY(!log.isEmpty()); // it did log
    for (const QString &line : log) {
        QVERIFY2(!line.contains(secret), qPrintable(line));
        QVERIFY2(!line.contains(QStringLiteral("W0ngC0de")), qPrintable(line));
    }
}

QTEST_MAIN(TestPrinterSimulator)
#include "tst_printersimulator.moc"
