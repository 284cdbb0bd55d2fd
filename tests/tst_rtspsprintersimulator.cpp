// RtspsPrinterSimulator and H264Loop, over real TLS on 127.0.0.1, with Debian's ffprobe and ffmpeg
// as the clients (FFmpeg's rtsps does not check certificates: fine for the simulator's own test).
#include "sim/h264loop.h"
#include "sim/rtspsprintersimulator.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTest>

#include <memory>

namespace {

const QString kCode = QStringLiteral("12345678");
// Generous: ffmpeg, the encoder and the server share two loaded cores, maybe under ASan.
constexpr int kProcessTimeoutMs = 60000;
constexpr int kTimeoutMs = 20000;

// Small and quick to encode; the clip is shared by every test that asks for the same format.
H264Loop::Format smallFormat(int framesPerSecond = 15, double keyFrameInterval = 1)
{
    H264Loop::Format format;
    format.name = QStringLiteral("Test X1C");
    format.size = QSize(320, 240);
    format.framesPerSecond = framesPerSecond;
    format.keyFrameIntervalSeconds = keyFrameInterval;
    return format;
}

QString rtspsUrl(quint16 port, const QString &code = kCode)
{
    return QStringLiteral("rtsps://bblp:%1@127.0.0.1:%2/streaming/live/1").arg(code).arg(port);
}

struct Run
{
    int exitCode = -1;
    bool finished = false;
    QByteArray out;
    QByteArray err;
};

// Runs a tool to its end (the server runs on its own thread: blocking here is fine).
Run run(const QString &program, const QStringList &arguments)
{
    QProcess process;
    process.start(program, arguments);
    Run result;
    if (!process.waitForStarted(kProcessTimeoutMs))
        return result;
    result.finished = process.waitForFinished(kProcessTimeoutMs);
    if (!result.finished) {
        process.kill();
        process.waitForFinished();
    }
    result.exitCode = process.exitCode();
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

Run ffprobe(quint16 port, const QStringList &extra, const QString &code = kCode)
{
    return run(QStringLiteral("ffprobe"),
               QStringList{QStringLiteral("-v"), QStringLiteral("error"),
                           QStringLiteral("-rtsp_transport"), QStringLiteral("tcp")}
                   + extra + QStringList{rtspsUrl(port, code)});
}

// The video stream's fields as ffprobe prints them with -of default=nw=1: "key=value" lines.
QMap<QString, QString> streamInfo(quint16 port)
{
    const Run probe = ffprobe(port,
                              {// A fifth of a second of stream is enough: SPS and PPS come first.
                               QStringLiteral("-analyzeduration"), QStringLiteral("200000"),
                               QStringLiteral("-select_streams"), QStringLiteral("v"),
                               QStringLiteral("-show_entries"),
                               QStringLiteral("stream=codec_name,profile,width,height,pix_fmt"),
                               QStringLiteral("-of"), QStringLiteral("default=nw=1")});
    QMap<QString, QString> fields;
    for (const QByteArray &line : probe.out.split('\n')) {
        const qsizetype equals = line.indexOf('=');
        if (equals > 0)
            fields.insert(QString::fromUtf8(line.left(equals)),
                          QString::fromUtf8(line.mid(equals + 1)));
    }
    if (probe.exitCode != 0)
        qWarning().noquote() << "ffprobe:" << probe.err;
    return fields;
}

// The key_frame flag of the first `frames` frames a client decodes ("1" or "0" per frame).
QList<bool> keyFrameFlags(quint16 port, int frames)
{
    const Run probe = ffprobe(
        port,
        {QStringLiteral("-select_streams"), QStringLiteral("v"), QStringLiteral("-read_intervals"),
         QStringLiteral("%+#%1").arg(frames), QStringLiteral("-show_entries"),
         QStringLiteral("frame=key_frame"), QStringLiteral("-of"), QStringLiteral("csv=p=0")});
    QList<bool> flags;
    // One line per frame, its first field the flag; side-data lines and blank lines are skipped.
    for (const QByteArray &line : probe.out.split('\n')) {
        const QByteArray field = line.split(',').constFirst().trimmed();
        if (field == "1" || field == "0")
            flags << (field == "1");
    }
    if (probe.exitCode != 0)
        qWarning().noquote() << "ffprobe:" << probe.err;
    return flags;
}

bool hasTools()
{
    return !QStandardPaths::findExecutable(QStringLiteral("ffprobe")).isEmpty()
        && !QStandardPaths::findExecutable(QStringLiteral("ffmpeg")).isEmpty();
}

} // namespace

class TestRtspsPrinterSimulator : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void loopIsSeamless();
    void loopsAreShared();
    void servesH264_data();
    void servesH264();
    void decodesWithoutErrors();
    void keyFrameInterval_data();
    void keyFrameInterval();
    void wrongCodeIsUnauthorized_data();
    void wrongCodeIsUnauthorized();
    void liveviewOffRefuses();
    void stallKeepsTheConnectionOpen();
    void abruptCloseEndsTheStream();
    void closeRefusesAndListenReturns();
    void faultNames();
};

void TestRtspsPrinterSimulator::initTestCase()
{
    if (!hasTools())
        QFAIL("ffprobe and ffmpeg are needed (Debian package ffmpeg; scripts/install-deps.sh)");
}

void TestRtspsPrinterSimulator::loopIsSeamless()
{
    QString error;
    H264Loop::Format format = smallFormat(15, 1);
    format.minimumSeconds = 2.5; // rounded up to whole key-frame intervals: 3 s
    const std::shared_ptr<const H264Loop> loop = H264Loop::encode(format, &error);
    QVERIFY2(loop, qPrintable(error));
    QCOMPARE(loop->frameCount(), 45);
    QCOMPARE(loop->keyFrameCount(), 3);
    for (int i = 0; i < loop->frameCount(); ++i) {
        const H264Loop::AccessUnit &unit = loop->accessUnit(i);
        QVERIFY(unit.bytes.startsWith(QByteArrayLiteral("\0\0\0\1"))
                || unit.bytes.startsWith(QByteArrayLiteral("\0\0\1")));
        QCOMPARE(unit.keyFrame, i % 15 == 0);
        if (unit.keyFrame) {
            // SPS (NAL type 7) and PPS (8) in-band before the IDR (5).
            QVERIFY(unit.bytes.contains(QByteArrayLiteral("\0\0\1\x67"))
                    || unit.bytes.contains(QByteArrayLiteral("\0\0\0\1\x67")));
            QVERIFY(unit.bytes.contains(QByteArrayLiteral("\0\0\1\x68"))
                    || unit.bytes.contains(QByteArrayLiteral("\0\0\0\1\x68")));
        }
    }

    H264Loop::Format bad = format;
    bad.size = QSize(321, 240);
    QVERIFY(!H264Loop::encode(bad, &error));
    QVERIFY(error.contains(QStringLiteral("even")));
}

void TestRtspsPrinterSimulator::loopsAreShared()
{
    const std::shared_ptr<const H264Loop> first = H264Loop::shared(smallFormat());
    QVERIFY(first);
    QCOMPARE(H264Loop::shared(smallFormat()), first);
    H264Loop::Format other = smallFormat();
    other.name = QStringLiteral("Another name");
    const std::shared_ptr<const H264Loop> second = H264Loop::shared(other);
    QVERIFY(second);
    QVERIFY(second != first);

    RtspsPrinterSimulator a;
    RtspsPrinterSimulator b;
    a.setLoop(first);
    b.setLoop(first);
    QVERIFY(a.listen());
    QVERIFY(b.listen());
    QCOMPARE(a.loop(), b.loop());
    QVERIFY(a.serverPort() != b.serverPort());
}

void TestRtspsPrinterSimulator::servesH264_data()
{
    QTest::addColumn<QSize>("size");
    QTest::addColumn<int>("fps");
    QTest::newRow("320x240 at 15 fps") << QSize(320, 240) << 15;
    QTest::newRow("640x360 at 30 fps") << QSize(640, 360) << 30;
}

void TestRtspsPrinterSimulator::servesH264()
{
    QFETCH(QSize, size);
    QFETCH(int, fps);
    RtspsPrinterSimulator simulator;
    simulator.setName(QStringLiteral("Test X1C"));
    simulator.setVideoSize(size);
    simulator.setFramesPerSecond(fps);
    QVERIFY2(simulator.listen(QHostAddress::LocalHost, 0), qPrintable(simulator.errorString()));
    QVERIFY(simulator.isListening());
    QVERIFY(simulator.serverPort() != 0);
    QCOMPARE(simulator.url(),
             QStringLiteral("rtsps://127.0.0.1:%1/streaming/live/1").arg(simulator.serverPort()));
    QCOMPARE(simulator.reportedRtspUrl(), QStringLiteral("rtsps://127.0.0.1/streaming/live/1"));

    const QMap<QString, QString> info = streamInfo(simulator.serverPort());
    QCOMPARE(info.value(QStringLiteral("codec_name")), QStringLiteral("h264"));
    QCOMPARE(info.value(QStringLiteral("profile")), QStringLiteral("Main"));
    QCOMPARE(info.value(QStringLiteral("pix_fmt")), QStringLiteral("yuv420p"));
    QCOMPARE(info.value(QStringLiteral("width")).toInt(), size.width());
    QCOMPARE(info.value(QStringLiteral("height")).toInt(), size.height());
    QVERIFY(simulator.framesSent() > 0);
    // The client has gone: the server noticed.
    QTRY_COMPARE_WITH_TIMEOUT(simulator.clientCount(), 0, kTimeoutMs);
}

void TestRtspsPrinterSimulator::decodesWithoutErrors()
{
    RtspsPrinterSimulator simulator;
    simulator.setLoop(H264Loop::shared(smallFormat()));
    QVERIFY(simulator.listen());
    QElapsedTimer timer;
    timer.start();
    // 45 frames at 15 fps: the clip's 30 frames, then its first again (the loop closes cleanly).
    const Run decode
        = run(QStringLiteral("ffmpeg"),
              {QStringLiteral("-nostdin"), QStringLiteral("-v"), QStringLiteral("error"),
               QStringLiteral("-rtsp_transport"), QStringLiteral("tcp"), QStringLiteral("-i"),
               rtspsUrl(simulator.serverPort()), QStringLiteral("-frames:v"), QStringLiteral("45"),
               QStringLiteral("-f"), QStringLiteral("null"), QStringLiteral("-")});
    QVERIFY(decode.finished);
    QCOMPARE(decode.exitCode, 0);
    QCOMPARE(QString::fromUtf8(decode.err), QString());
    // Paced to real time, not sent as fast as the socket takes it: 45 frames take about 3 s.
    QVERIFY2(timer.elapsed() >= 2000, qPrintable(QString::number(timer.elapsed())));
}

void TestRtspsPrinterSimulator::keyFrameInterval_data()
{
    QTest::addColumn<double>("interval");
    QTest::addColumn<bool>("rare");
    QTest::addColumn<int>("frames");
    QTest::addColumn<QList<int>>("keyFrames");
    QTest::newRow("every second") << 1.0 << false << 40 << QList<int>{0, 15, 30};
    QTest::newRow("every two seconds") << 2.0 << false << 40 << QList<int>{0, 30};
    QTest::newRow("rare-key-frames fault") << 1.0 << true << 40 << QList<int>{0};
}

void TestRtspsPrinterSimulator::keyFrameInterval()
{
    QFETCH(double, interval);
    QFETCH(bool, rare);
    QFETCH(int, frames);
    QFETCH(QList<int>, keyFrames);
    RtspsPrinterSimulator simulator;
    simulator.setLoop(H264Loop::shared(smallFormat(15, interval)));
    if (rare)
        simulator.setFault(RtspsPrinterSimulator::Fault::RareKeyFrames);
    QVERIFY(simulator.listen());
    const QList<bool> flags = keyFrameFlags(simulator.serverPort(), frames);
    QCOMPARE(flags.size(), frames);
    QList<int> seen;
    for (int i = 0; i < flags.size(); ++i) {
        if (flags.at(i))
            seen << i;
    }
    QCOMPARE(seen, keyFrames);
}

void TestRtspsPrinterSimulator::wrongCodeIsUnauthorized_data()
{
    QTest::addColumn<QString>("clientCode");
    QTest::addColumn<bool>("serverFault");
    QTest::newRow("client sends a wrong code") << QStringLiteral("87654321") << false;
    QTest::newRow("client sends no code") << QString() << false;
    QTest::newRow("server expects another code (fault)") << kCode << true;
}

void TestRtspsPrinterSimulator::wrongCodeIsUnauthorized()
{
    QFETCH(QString, clientCode);
    QFETCH(bool, serverFault);
    RtspsPrinterSimulator simulator;
    simulator.setLoop(H264Loop::shared(smallFormat()));
    simulator.setAccessCode(kCode);
    QVERIFY(simulator.listen());
    if (serverFault)
        simulator.setFault(RtspsPrinterSimulator::Fault::WrongCode);

    const QString url = clientCode.isNull()
        ? QStringLiteral("rtsps://127.0.0.1:%1/streaming/live/1").arg(simulator.serverPort())
        : rtspsUrl(simulator.serverPort(), clientCode);
    const Run probe = run(QStringLiteral("ffprobe"),
                          {QStringLiteral("-v"), QStringLiteral("error"),
                           QStringLiteral("-rtsp_transport"), QStringLiteral("tcp"), url});
    QVERIFY(probe.finished);
    QVERIFY(probe.exitCode != 0);
    QVERIFY2(probe.err.contains("401 Unauthorized"), probe.err.constData());
    QCOMPARE(simulator.framesSent(), quint64(0));

    // The right code (the fault cleared) is let in again.
    simulator.setFault(RtspsPrinterSimulator::Fault::None);
    QCOMPARE(streamInfo(simulator.serverPort()).value(QStringLiteral("codec_name")),
             QStringLiteral("h264"));
}

void TestRtspsPrinterSimulator::liveviewOffRefuses()
{
    RtspsPrinterSimulator simulator;
    simulator.setLoop(H264Loop::shared(smallFormat()));
    QVERIFY(simulator.listen());
    const quint16 port = simulator.serverPort();
    QSignalSpy urlChanged(&simulator, &RtspsPrinterSimulator::reportedRtspUrlChanged);

    simulator.setFault(RtspsPrinterSimulator::Fault::LiveviewOff);
    QCOMPARE(simulator.reportedRtspUrl(), QStringLiteral("disable"));
    QCOMPARE(urlChanged.size(), 1);
    QCOMPARE(urlChanged.at(0).at(0).toString(), QStringLiteral("disable"));
    const Run refused = ffprobe(port, {});
    QVERIFY(refused.exitCode != 0);
    QVERIFY2(refused.err.contains("Connection refused"), refused.err.constData());

    simulator.setFault(RtspsPrinterSimulator::Fault::None);
    QCOMPARE(urlChanged.size(), 2);
    QCOMPARE(simulator.serverPort(), port);
    QCOMPARE(streamInfo(port).value(QStringLiteral("codec_name")), QStringLiteral("h264"));
}

// ffmpeg decoding into per-frame checksums, one line per frame on standard output.
QStringList framemd5Arguments(quint16 port, int timeoutSeconds)
{
    return {QStringLiteral("-nostdin"),
            QStringLiteral("-v"),
            QStringLiteral("error"),
            QStringLiteral("-rtsp_transport"),
            QStringLiteral("tcp"),
            QStringLiteral("-timeout"),
            QString::number(qint64(timeoutSeconds) * 1000000),
            QStringLiteral("-i"),
            rtspsUrl(port),
            QStringLiteral("-f"),
            QStringLiteral("framemd5"),
            QStringLiteral("-")};
}

int frameLines(const QByteArray &framemd5)
{
    int count = 0;
    for (const QByteArray &line : framemd5.split('\n'))
        count += line.startsWith("0,") ? 1 : 0;
    return count;
}

void TestRtspsPrinterSimulator::stallKeepsTheConnectionOpen()
{
    constexpr int kGoodFrames = 20;
    constexpr int kClientTimeoutSeconds = 3;
    RtspsPrinterSimulator simulator;
    simulator.setLoop(H264Loop::shared(smallFormat()));
    simulator.setFault(RtspsPrinterSimulator::Fault::Stall, kGoodFrames);
    QVERIFY(simulator.listen());

    QProcess client;
    client.start(QStringLiteral("ffmpeg"),
                 framemd5Arguments(simulator.serverPort(), kClientTimeoutSeconds));
    QVERIFY(client.waitForStarted(kProcessTimeoutMs));
    QTRY_COMPARE_WITH_TIMEOUT(simulator.framesSent(), quint64(kGoodFrames), kTimeoutMs);
    QElapsedTimer stalled;
    stalled.start();
    // The connection stays open: only the client's own timeout ends it.
    QCOMPARE(simulator.clientCount(), 1);
    QVERIFY(client.waitForFinished(kProcessTimeoutMs));
    QVERIFY2(stalled.elapsed() >= (kClientTimeoutSeconds - 1) * 1000,
             qPrintable(QString::number(stalled.elapsed())));
    QCOMPARE(frameLines(client.readAllStandardOutput()), kGoodFrames);
    QCOMPARE(simulator.framesSent(), quint64(kGoodFrames));
    QTRY_COMPARE_WITH_TIMEOUT(simulator.clientCount(), 0, kTimeoutMs);

    // A fault switched off at run time: the next client streams.
    simulator.setFault(RtspsPrinterSimulator::Fault::None);
    QCOMPARE(keyFrameFlags(simulator.serverPort(), 20).size(), 20);
}

void TestRtspsPrinterSimulator::abruptCloseEndsTheStream()
{
    constexpr int kGoodFrames = 20;
    RtspsPrinterSimulator simulator;
    simulator.setLoop(H264Loop::shared(smallFormat()));
    simulator.setFault(RtspsPrinterSimulator::Fault::AbruptClose, kGoodFrames);
    QVERIFY(simulator.listen());

    // A client timeout far beyond the wait below: the end can only come from the server.
    QProcess client;
    client.start(QStringLiteral("ffmpeg"), framemd5Arguments(simulator.serverPort(), 600));
    QVERIFY(client.waitForStarted(kProcessTimeoutMs));
    QVERIFY(client.waitForFinished(kProcessTimeoutMs));
    QCOMPARE(client.exitStatus(), QProcess::NormalExit);
    // The good frames, but for the last few that were still on their way when the connection was
    // cut, as with a printer.
    const int frames = frameLines(client.readAllStandardOutput());
    QVERIFY2(frames >= kGoodFrames / 2 && frames <= kGoodFrames,
             qPrintable(QString::number(frames)));
    QCOMPARE(simulator.framesSent(), quint64(kGoodFrames));
    QTRY_COMPARE_WITH_TIMEOUT(simulator.clientCount(), 0, kTimeoutMs);
}

void TestRtspsPrinterSimulator::closeRefusesAndListenReturns()
{
    RtspsPrinterSimulator simulator;
    simulator.setLoop(H264Loop::shared(smallFormat()));
    QVERIFY(simulator.listen());
    const quint16 port = simulator.serverPort();
    simulator.close();
    QVERIFY(!simulator.isListening());
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(!socket.waitForConnected(kTimeoutMs));
    QCOMPARE(socket.error(), QAbstractSocket::ConnectionRefusedError);

    QVERIFY(simulator.listen(QHostAddress::LocalHost, port));
    QCOMPARE(simulator.serverPort(), port);
    QCOMPARE(streamInfo(port).value(QStringLiteral("codec_name")), QStringLiteral("h264"));
}

void TestRtspsPrinterSimulator::faultNames()
{
    const QStringList names = RtspsPrinterSimulator::faultNames();
    QCOMPARE(names.size(), 6);
    for (const QString &name : names) {
        bool ok = false;
        const RtspsPrinterSimulator::Fault fault
            = RtspsPrinterSimulator::faultFromString(name, &ok);
        QVERIFY(ok);
        QCOMPARE(RtspsPrinterSimulator::faultName(fault), name);
    }
    bool ok = true;
    QCOMPARE(RtspsPrinterSimulator::faultFromString(QStringLiteral("Rare_Key_Frames"), &ok),
             RtspsPrinterSimulator::Fault::RareKeyFrames);
    QVERIFY(ok);
    RtspsPrinterSimulator::faultFromString(QStringLiteral("truncate-mid-frame"), &ok);
    QVERIFY(!ok);
}

QTEST_MAIN(TestRtspsPrinterSimulator)
#include "tst_rtspsprintersimulator.moc"
