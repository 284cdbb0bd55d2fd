// farmcam-grab as a user runs it: real processes, against farmcam-sim (a process) or an in-process
// PrinterSimulator, over TLS on 127.0.0.1 only.
#include "recordingtlsserver.h"
#include "sim/printersimulator.h"
#include "sim/rtspsprintersimulator.h"

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QImage>
#include <QLoggingCategory>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

#ifdef Q_OS_UNIX
#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>
#endif

namespace {

const QString kGrabPath = QStringLiteral(FARMCAM_GRAB_PATH);
const QString kSimPath = QStringLiteral(FARMCAM_SIM_PATH);
const QString kCode = QStringLiteral("12345678");
const QString kWrongCode = QStringLiteral("87654321");
constexpr int kProcessTimeoutMs = 20000;
const QSize kFrameSize(1280, 720);

struct GrabRun
{
    bool finished = false;
    int exitCode = -1;
    QProcess::ExitStatus exitStatus = QProcess::CrashExit;
    QByteArray out;
    QByteArray err;

    QStringList errLines() const
    {
        return QString::fromUtf8(err).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    }
};

// The environment a grab runs in: no access code unless a test puts one there.
QProcessEnvironment cleanEnvironment()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("FARMCAM_ACCESS_CODE"));
    environment.remove(QStringLiteral("QT_LOGGING_RULES"));
    return environment;
}

// Runs farmcam-grab to the end while this process's event loop keeps running, so in-process
// servers (simulator, fake printers) go on serving it.
GrabRun runGrab(const QStringList &arguments,
                const QProcessEnvironment &environment = cleanEnvironment())
{
    QProcess process;
    process.setProcessEnvironment(environment);
    QEventLoop loop;
    QObject::connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
    QObject::connect(&process, &QProcess::errorOccurred, &loop, &QEventLoop::quit);
    QTimer::singleShot(kProcessTimeoutMs, &loop, &QEventLoop::quit);
    process.start(kGrabPath, arguments);
    loop.exec();

    GrabRun run;
    if (process.state() != QProcess::NotRunning) {
        process.kill();
        process.waitForFinished(5000);
        return run;
    }
    run.finished = true;
    run.exitCode = process.exitCode();
    run.exitStatus = process.exitStatus();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

// JPEGs written back to back: each starts with ff d8 and ends with the ff d9 that is followed by
// the next ff d8 or by the end. Empty when the stream is not exactly that.
QList<QByteArray> splitJpegStream(const QByteArray &stream)
{
    static const QByteArray soi("\xff\xd8", 2);
    static const QByteArray eoi("\xff\xd9", 2);
    QList<QByteArray> frames;
    qsizetype start = 0;
    while (start < stream.size()) {
        if (stream.mid(start, 2) != soi)
            return {};
        qsizetype end = start + 2;
        for (;;) {
            end = stream.indexOf(eoi, end);
            if (end < 0)
                return {};
            end += 2;
            if (end == stream.size() || stream.mid(end, 2) == soi)
                break;
        }
        frames << stream.mid(start, end - start);
        start = end;
    }
    return frames;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QStringList jpegFiles(const QString &dir)
{
    return QDir(dir).entryList(
        QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
}

bool isFrameOfTheRightSize(const QByteArray &jpeg)
{
    QImage image;
    return image.loadFromData(jpeg, "JPEG") && image.size() == kFrameSize;
}

// farmcam-sim as a process: reads the `<name> 127.0.0.1:<port>` lines it prints.
class SimulatorProcess
{
public:
    ~SimulatorProcess()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            if (!m_process.waitForFinished(5000))
                m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    bool start(const QStringList &extraArguments = {}, int printers = 1)
    {
        QStringList arguments
            = {QStringLiteral("--count"), QString::number(printers), QStringLiteral("--base-port"),
               QStringLiteral("0"),       QStringLiteral("--fps"),   QStringLiteral("20")};
        arguments << extraArguments;
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        m_process.start(kSimPath, arguments);
        if (!m_process.waitForStarted(10000))
            return false;
        QElapsedTimer clock;
        clock.start();
        while (m_ports.size() < printers && clock.elapsed() < 10000) {
            if (!m_process.canReadLine() && !m_process.waitForReadyRead(1000))
                continue;
            while (m_process.canReadLine()) {
                const QString line = QString::fromUtf8(m_process.readLine()).trimmed();
                // The last space-separated token is host:port.
                const QString address = line.section(QLatin1Char(' '), -1);
                bool ok = false;
                const quint16 port = address.section(QLatin1Char(':'), -1).toUShort(&ok);
                if (ok && address.startsWith(QLatin1String("127.0.0.1:")) && port != 0)
                    m_ports << port;
            }
        }
        return m_ports.size() == printers;
    }

    quint16 port(int index = 0) const { return m_ports.value(index); }
    QString portText(int index = 0) const { return QString::number(port(index)); }

private:
    QProcess m_process;
    QList<quint16> m_ports;
};

// The simulator's certificate is its own CA and names the serial 01S00C000000000.
const QString kSimulatorCaFile
    = QStringLiteral(QT_TESTCASE_SOURCEDIR "/../resources/sim/simulator.crt");
const QString kSimulatorSerial = QStringLiteral("01S00C000000000");

QStringList grabArguments(quint16 port, const QString &code = kCode)
{
    return {QStringLiteral("--host"), QStringLiteral("127.0.0.1"),     QStringLiteral("--port"),
            QString::number(port),    QStringLiteral("--access-code"), code};
}

std::unique_ptr<PrinterSimulator> startInProcessSimulator(double fps = 20)
{
    auto simulator = std::make_unique<PrinterSimulator>();
    simulator->setName(QStringLiteral("Grab test printer"));
    simulator->setAccessCode(kCode);
    simulator->setFramesPerSecond(fps);
    if (!simulator->listen(QHostAddress::LocalHost, 0))
        return nullptr;
    return simulator;
}

} // namespace

class TestFarmcamGrab : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void savesFramesFromSimulatorProcess();
    void savedBytesAreTheFramesSent();
    void streamsToStdout();
    void closedStdoutEndsCleanly();
    void interruption_data();
    void interruption();
    void failures_data();
    void failures();
    void usageErrors_data();
    void usageErrors();
    void invalidHostIsAUsageError_data();
    void invalidHostIsAUsageError();
    void accessCodeSources_data();
    void accessCodeSources();
    void unwritableOutputFolder();
    void verboseReportsFingerprintAndFrames();
    void helpAndVersion();
    void trustedCertificateGrabs_data();
    void trustedCertificateGrabs();
    void rtspsGrabsDecodedPictures_data();
    void rtspsGrabsDecodedPictures();
    void rtspsFailures_data();
    void rtspsFailures();
    void cleanupTestCase();

private:
    RtspsPrinterSimulator *rtspsSimulator();
    // One for the whole test (GStreamer may report a close after a simulator is gone).
    std::unique_ptr<RtspsPrinterSimulator> m_rtsps;
};

void TestFarmcamGrab::initTestCase()
{
    // The in-process simulator narrates every connection; its warnings still show.
    QLoggingCategory::setFilterRules(QStringLiteral("farmcam.*.debug=false\nfarmcam.*.info=false"));
    QVERIFY2(QFileInfo(kGrabPath).isExecutable(), qPrintable(kGrabPath));
    QVERIFY2(QFileInfo(kSimPath).isExecutable(), qPrintable(kSimPath));
}

void TestFarmcamGrab::savesFramesFromSimulatorProcess()
{
    SimulatorProcess simulator;
    QVERIFY(simulator.start());
    QTemporaryDir dir;
    QVERIFY(dir.isValid());

    const GrabRun run = runGrab(grabArguments(simulator.port())
                                << QStringLiteral("--count") << QStringLiteral("5")
                                << QStringLiteral("--output") << dir.path());

    QVERIFY(run.finished);
    QCOMPARE(run.exitStatus, QProcess::NormalExit);
    QVERIFY2(run.err.isEmpty(), run.err.constData());
    QCOMPARE(run.exitCode, 0);

    const QStringList files = jpegFiles(dir.path());
    QCOMPARE(files.size(), 5);
    const QRegularExpression name(
        QStringLiteral("^127\\.0\\.0\\.1-\\d{8}-\\d{6}-\\d{3}-([1-5])\\.jpg$"));
    QSet<QString> indexes;
    for (const QString &file : files) {
        const QRegularExpressionMatch match = name.match(file);
        QVERIFY2(match.hasMatch(), qPrintable(file));
        indexes << match.captured(1);
        QVERIFY2(isFrameOfTheRightSize(readFile(dir.filePath(file))), qPrintable(file));
    }
    QCOMPARE(indexes.size(), 5);

    // The path of each file, one per line, on stdout.
    const QStringList printed
        = QString::fromLocal8Bit(run.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(printed.size(), 5);
    for (const QString &path : printed)
        QVERIFY2(files.contains(QFileInfo(path).fileName()) && QFileInfo(path).isAbsolute(),
                 qPrintable(path));
}

void TestFarmcamGrab::savedBytesAreTheFramesSent()
{
    auto simulator = startInProcessSimulator();
    QVERIFY(simulator);
    QSignalSpy sent(simulator.get(), &PrinterSimulator::frameSent);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());

    const GrabRun run = runGrab(grabArguments(simulator->serverPort())
                                << QStringLiteral("--count") << QStringLiteral("5")
                                << QStringLiteral("--output") << dir.path());

    QVERIFY(run.finished);
    QVERIFY2(run.err.isEmpty(), run.err.constData());
    QCOMPARE(run.exitCode, 0);
    QList<QByteArray> sentFrames;
    for (const QList<QVariant> &arguments : sent)
        sentFrames << arguments.first().toByteArray();
    // Files in frame order, named ...-1.jpg to ...-5.jpg: the first five frames sent, unchanged.
    QStringList files = jpegFiles(dir.path());
    QCOMPARE(files.size(), 5);
    QVERIFY(sentFrames.size() >= 5);
    for (int n = 1; n <= 5; ++n) {
        const auto it = std::find_if(files.cbegin(), files.cend(), [n](const QString &file) {
            return file.endsWith(QStringLiteral("-%1.jpg").arg(n));
        });
        QVERIFY(it != files.cend());
        const QByteArray saved = readFile(dir.filePath(*it));
        QCOMPARE(saved.size(), sentFrames.at(n - 1).size());
        QVERIFY2(saved == sentFrames.at(n - 1), qPrintable(*it));
        QVERIFY(isFrameOfTheRightSize(saved));
    }
}

void TestFarmcamGrab::trustedCertificateGrabs_data()
{
    QTest::addColumn<QString>("trust");
    QTest::newRow("pin as openssl prints it") << QStringLiteral("pin");
    QTest::newRow("pin, lower case without colons") << QStringLiteral("pin-bare");
    QTest::newRow("CA file and serial") << QStringLiteral("ca");
}

void TestFarmcamGrab::trustedCertificateGrabs()
{
    QFETCH(QString, trust);
    auto simulator = startInProcessSimulator();
    QVERIFY(simulator);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QStringList arguments = grabArguments(simulator->serverPort())
        << QStringLiteral("--output") << dir.path();
    const QString fingerprint = simulator->certificateFingerprint();
    if (trust == QLatin1String("pin"))
        arguments << QStringLiteral("--pin") << QStringLiteral("sha256 Fingerprint=") + fingerprint;
    else if (trust == QLatin1String("pin-bare"))
        arguments << QStringLiteral("--pin")
                  << QString(fingerprint).remove(QLatin1Char(':')).toLower();
    else
        arguments << QStringLiteral("--ca-file") << kSimulatorCaFile << QStringLiteral("--serial")
                  << kSimulatorSerial;

    const GrabRun run = runGrab(arguments);
    QVERIFY(run.finished);
    QVERIFY2(run.err.isEmpty(), run.err.constData());
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(jpegFiles(dir.path()).size(), 1);
}

void TestFarmcamGrab::streamsToStdout()
{
    auto simulator = startInProcessSimulator();
    QVERIFY(simulator);
    QSignalSpy sent(simulator.get(), &PrinterSimulator::frameSent);

    const GrabRun run = runGrab(grabArguments(simulator->serverPort())
                                << QStringLiteral("--count") << QStringLiteral("4")
                                << QStringLiteral("--output") << QStringLiteral("-"));

    QVERIFY(run.finished);
    QVERIFY2(run.err.isEmpty(), run.err.constData());
    QCOMPARE(run.exitCode, 0);
    // Nothing but the four JPEGs, exactly as sent.
    const QList<QByteArray> frames = splitJpegStream(run.out);
    QCOMPARE(frames.size(), 4);
    QVERIFY(sent.size() >= 4);
    for (int i = 0; i < 4; ++i) {
        QVERIFY(frames.at(i) == sent.at(i).first().toByteArray());
        QVERIFY(isFrameOfTheRightSize(frames.at(i)));
    }
}

void TestFarmcamGrab::closedStdoutEndsCleanly()
{
#ifdef Q_OS_UNIX
    // `farmcam-grab --output - --count 0 | head -c 1`: the reader goes away mid-stream. QProcess
    // cannot close its end of the child's stdout (closeReadChannel() only discards), so the child
    // gets a pipe of ours as its stdout.
    SimulatorProcess simulator;
    QVERIFY(simulator.start());
    int fds[2];
    QCOMPARE(::pipe(fds), 0);
    // Neither end may survive exec() except as the child's fd 1, or the reader never goes away.
    QCOMPARE(::fcntl(fds[0], F_SETFD, FD_CLOEXEC), 0);
    QCOMPARE(::fcntl(fds[1], F_SETFD, FD_CLOEXEC), 0);
    const int writeEnd = fds[1];
    QProcess grab;
    grab.setProcessEnvironment(cleanEnvironment());
    grab.setChildProcessModifier([writeEnd] {
        ::dup2(writeEnd, STDOUT_FILENO);
        // As from a shell: this test process ignores SIGPIPE (Qt Network does), children inherit
        // that, and the test would prove nothing.
        struct sigaction action = {};
        action.sa_handler = SIG_DFL;
        ::sigaction(SIGPIPE, &action, nullptr);
    });
    QSignalSpy finished(&grab, &QProcess::finished);
    grab.start(kGrabPath,
               grabArguments(simulator.port())
                   << QStringLiteral("--count") << QStringLiteral("0") << QStringLiteral("--output")
                   << QStringLiteral("-"));
    ::close(writeEnd);
    QVERIFY(grab.waitForStarted(10000));

    pollfd readable = {fds[0], POLLIN, 0};
    const int ready = ::poll(&readable, 1, 10000);
    char byte = 0;
    const bool gotData = ready == 1 && ::read(fds[0], &byte, 1) == 1;
    ::close(fds[0]);
    QVERIFY(gotData);
    QCOMPARE(byte, char(0xff)); // the start of a JPEG

    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    QCOMPARE(grab.exitStatus(), QProcess::NormalExit); // not killed by SIGPIPE
    QCOMPARE(grab.exitCode(), 0);
    QCOMPARE(grab.readAllStandardError(), QByteArray());
#else
    QSKIP("needs POSIX pipes");
#endif
}

void TestFarmcamGrab::interruption_data()
{
    QTest::addColumn<QString>("count");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<bool>("messageExpected");

    QTest::newRow("forever: SIGTERM is the normal end") << QStringLiteral("0") << 0 << false;
    QTest::newRow("count not reached") << QStringLiteral("100000") << 130 << true;
}

void TestFarmcamGrab::interruption()
{
    QFETCH(QString, count);
    QFETCH(int, exitCode);
    QFETCH(bool, messageExpected);

    SimulatorProcess simulator;
    QVERIFY(simulator.start());
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QProcess grab;
    grab.setProcessEnvironment(cleanEnvironment());
    QSignalSpy finished(&grab, &QProcess::finished);
    grab.start(kGrabPath,
               grabArguments(simulator.port()) << QStringLiteral("--count") << count
                                               << QStringLiteral("--output") << dir.path());
    // Two paths printed: it is streaming.
    QTRY_VERIFY_WITH_TIMEOUT(grab.peek(1 << 20).count('\n') >= 2, 10000);

    grab.terminate(); // SIGTERM

    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    QCOMPARE(grab.exitStatus(), QProcess::NormalExit);
    QCOMPARE(grab.exitCode(), exitCode);
    const QByteArray err = grab.readAllStandardError();
    QCOMPARE(err.count('\n'), messageExpected ? 1 : 0);
    // Every file there is a complete picture; no temporary file or placeholder is left.
    const QStringList files = jpegFiles(dir.path());
    QVERIFY(files.size() >= 2);
    for (const QString &file : files) {
        QVERIFY2(file.endsWith(QLatin1String(".jpg")), qPrintable(file));
        QVERIFY2(isFrameOfTheRightSize(readFile(dir.filePath(file))), qPrintable(file));
    }
}

void TestFarmcamGrab::failures_data()
{
    QTest::addColumn<QString>("setup");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("mentions"); // in the one line on stderr, case-insensitive

    QTest::newRow("wrong access code") << QStringLiteral("wrong-code") << 3
                                       << QStringLiteral("access code rejected by 127.0.0.1:");
    QTest::newRow("closed port") << QStringLiteral("closed-port") << 4
                                 << QStringLiteral("refused the connection");
    QTest::newRow("stalled printer")
        << QStringLiteral("stall") << 4 << QStringLiteral("no picture");
    QTest::newRow("garbage header")
        << QStringLiteral("garbage-header") << 5 << QStringLiteral("protocol error");
    QTest::newRow("not TLS") << QStringLiteral("not-tls") << 6 << QStringLiteral("secure");
    QTest::newRow("certificate is not the pinned one")
        << QStringLiteral("wrong-pin") << 6 << QStringLiteral("certificate changed");
    QTest::newRow("CA does not vouch for the serial")
        << QStringLiteral("ca-wrong-serial") << 6 << QStringLiteral("host name");
}

void TestFarmcamGrab::failures()
{
    QFETCH(QString, setup);
    QFETCH(int, exitCode);
    QFETCH(QString, mentions);

    SimulatorProcess simulator;
    QTcpServer server;
    QString code = kCode;
    QStringList extra = {QStringLiteral("--timeout"), QStringLiteral("10")};
    quint16 port = 0;
    if (setup == QLatin1String("wrong-code")) {
        QVERIFY(simulator.start());
        port = simulator.port();
        code = kWrongCode;
    } else if (setup == QLatin1String("closed-port")) {
        // A port that was just free on loopback: nothing listens there any more.
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        port = server.serverPort();
        server.close();
    } else if (setup == QLatin1String("stall")) {
        QVERIFY(simulator.start({QStringLiteral("--fault"), QStringLiteral("stall:1")}));
        port = simulator.port();
        extra = QStringList{QStringLiteral("--timeout"), QStringLiteral("1"),
                            QStringLiteral("--count"), QStringLiteral("5")};
    } else if (setup == QLatin1String("wrong-pin")) {
        QVERIFY(simulator.start());
        port = simulator.port();
        extra << QStringLiteral("--pin") << QString(64, QLatin1Char('a'));
    } else if (setup == QLatin1String("ca-wrong-serial")) {
        QVERIFY(simulator.start());
        port = simulator.port();
        extra << QStringLiteral("--ca-file") << kSimulatorCaFile << QStringLiteral("--serial")
              << QStringLiteral("01S00C999999999");
    } else if (setup == QLatin1String("garbage-header")) {
        QVERIFY(simulator.start({QStringLiteral("--fault"), QStringLiteral("garbage-header")}));
        port = simulator.port();
    } else if (setup == QLatin1String("not-tls")) {
        // Something that is not a printer answers on the port: plain text instead of TLS.
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        port = server.serverPort();
        connect(&server, &QTcpServer::newConnection, &server, [&server] {
            while (QTcpSocket *socket = server.nextPendingConnection())
                socket->write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
        });
    } else {
        QFAIL("unknown setup");
    }
    QTemporaryDir dir;
    QVERIFY(dir.isValid());

    const GrabRun run
        = runGrab(grabArguments(port, code) << QStringLiteral("--output") << dir.path() << extra);

    QVERIFY(run.finished);
    QCOMPARE(run.exitStatus, QProcess::NormalExit);
    QCOMPARE(run.exitCode, exitCode);
    const QStringList lines = run.errLines();
    QCOMPARE(lines.size(), 1);
    QVERIFY2(lines.first().startsWith(QLatin1String("farmcam-grab: ")), run.err.constData());
    QVERIFY2(lines.first().contains(mentions, Qt::CaseInsensitive), run.err.constData());
    QVERIFY(!run.err.contains(code.toLatin1()));
    QVERIFY(!lines.first().contains(QLatin1String("Reconnecting")));
    // Nothing but complete frames saved (the stalled printer sent one before it stalled).
    for (const QString &file : jpegFiles(dir.path()))
        QVERIFY2(isFrameOfTheRightSize(readFile(dir.filePath(file))), qPrintable(file));
}

void TestFarmcamGrab::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");

    const QString host = QStringLiteral("--host");
    const QString local = QStringLiteral("127.0.0.1");
    const QString port = QStringLiteral("--port");
    const QString code = QStringLiteral("--access-code");
    const QString count = QStringLiteral("--count");
    const QString timeout = QStringLiteral("--timeout");
    QTest::newRow("no arguments") << QStringList();
    QTest::newRow("missing host") << QStringList{code, kCode};
    QTest::newRow("empty host") << QStringList{host, QString(), code, kCode};
    QTest::newRow("port zero") << QStringList{host, local, port, QStringLiteral("0"), code, kCode};
    QTest::newRow("port too big") << QStringList{host, local, port, QStringLiteral("65536"),
                                                 code, kCode};
    QTest::newRow("port not a number")
        << QStringList{host, local, port, QStringLiteral("six"), code, kCode};
    QTest::newRow("missing access code") << QStringList{host, local};
    QTest::newRow("access code too long")
        << QStringList{host, local, code, QString(33, QLatin1Char('1'))};
    QTest::newRow("both code options") << QStringList{host,
                                                      local,
                                                      code,
                                                      kCode,
                                                      QStringLiteral("--access-code-file"),
                                                      QStringLiteral("/dev/null")};
    QTest::newRow("unreadable code file")
        << QStringList{host, local, QStringLiteral("--access-code-file"),
                       QStringLiteral("/nonexistent/farmcam/code")};
    QTest::newRow("negative count")
        << QStringList{host, local, code, kCode, count, QStringLiteral("-1")};
    QTest::newRow("count not a number")
        << QStringList{host, local, code, kCode, count, QStringLiteral("five")};
    QTest::newRow("zero timeout") << QStringList{host,  local,   code,
                                                 kCode, timeout, QStringLiteral("0")};
    QTest::newRow("timeout not a number")
        << QStringList{host, local, code, kCode, timeout, QStringLiteral("soon")};
    QTest::newRow("unknown option")
        << QStringList{host, local, code, kCode, QStringLiteral("--colour")};
    QTest::newRow("stray argument")
        << QStringList{host, local, code, kCode, QStringLiteral("extra")};
    QTest::newRow("option without value") << QStringList{host};
    QTest::newRow("pin not a fingerprint")
        << QStringList{host, local, code, kCode, QStringLiteral("--pin"), QStringLiteral("abc")};
    QTest::newRow("CA file without serial")
        << QStringList{host, local, code, kCode, QStringLiteral("--ca-file"), kSimulatorCaFile};
    QTest::newRow("unreadable CA file") << QStringList{host,
                                                       local,
                                                       code,
                                                       kCode,
                                                       QStringLiteral("--ca-file"),
                                                       QStringLiteral("/nonexistent/ca.pem"),
                                                       QStringLiteral("--serial"),
                                                       kSimulatorSerial};
    QTest::newRow("pin and CA file") << QStringList{host,
                                                    local,
                                                    code,
                                                    kCode,
                                                    QStringLiteral("--pin"),
                                                    QString(64, QLatin1Char('a')),
                                                    QStringLiteral("--ca-file"),
                                                    kSimulatorCaFile,
                                                    QStringLiteral("--serial"),
                                                    kSimulatorSerial};
}

void TestFarmcamGrab::usageErrors()
{
    QFETCH(QStringList, arguments);

    const GrabRun run = runGrab(arguments);

    QVERIFY(run.finished);
    QCOMPARE(run.exitStatus, QProcess::NormalExit);
    QCOMPARE(run.exitCode, 2);
    QCOMPARE(run.out, QByteArray());
    const QStringList lines = run.errLines();
    QCOMPARE(lines.size(), 1);
    QVERIFY2(lines.first().startsWith(QLatin1String("farmcam-grab: ")), run.err.constData());
}

void TestFarmcamGrab::invalidHostIsAUsageError_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("mentions"); // PrinterConfig::hostError's sentence, in part

    QTest::newRow("IPv4 part over 255")
        << QStringLiteral("999.1.1.1") << QStringLiteral("not a valid IPv4 address");
    QTest::newRow("space in a name")
        << QStringLiteral("printer .local") << QStringLiteral("must not contain spaces");
    QTest::newRow("URL") << QStringLiteral("http://192.168.1.20")
                         << QStringLiteral("without \"http://\"");
    QTest::newRow("port in the address")
        << QStringLiteral("192.168.1.20:6000") << QStringLiteral("port field");
}

void TestFarmcamGrab::invalidHostIsAUsageError()
{
    QFETCH(QString, host);
    QFETCH(QString, mentions);

    // A lookup would end in exit 4 (network error); exit 2 with the printer dialog's sentence
    // means the host was refused while reading the options, before anything was dialled.
    const GrabRun run = runGrab({QStringLiteral("--host"), host, QStringLiteral("--access-code"),
                                 kCode, QStringLiteral("--timeout"), QStringLiteral("5")});

    QVERIFY(run.finished);
    QCOMPARE(run.exitStatus, QProcess::NormalExit);
    QCOMPARE(run.exitCode, 2);
    const QStringList lines = run.errLines();
    QCOMPARE(lines.size(), 1);
    QVERIFY2(lines.first().startsWith(QLatin1String("farmcam-grab: --host")), run.err.constData());
    QVERIFY2(lines.first().contains(mentions), run.err.constData());
}

void TestFarmcamGrab::accessCodeSources_data()
{
    QTest::addColumn<QString>("source");

    QTest::newRow("file with a trailing newline") << QStringLiteral("file");
    QTest::newRow("file with CRLF") << QStringLiteral("file-crlf");
    QTest::newRow("environment") << QStringLiteral("environment");
    QTest::newRow("option") << QStringLiteral("option");
}

void TestFarmcamGrab::accessCodeSources()
{
    QFETCH(QString, source);

    auto simulator = startInProcessSimulator();
    QVERIFY(simulator);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QStringList arguments = {QStringLiteral("--host"),   QStringLiteral("127.0.0.1"),
                             QStringLiteral("--port"),   QString::number(simulator->serverPort()),
                             QStringLiteral("--output"), dir.filePath(QStringLiteral("out"))};
    QProcessEnvironment environment = cleanEnvironment();
    if (source.startsWith(QLatin1String("file"))) {
        const QString path = dir.filePath(QStringLiteral("code.txt"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(kCode.toLatin1() + (source == QLatin1String("file") ? "\n" : "\r\n"));
        file.close();
        arguments << QStringLiteral("--access-code-file") << path;
    } else if (source == QLatin1String("environment")) {
        environment.insert(QStringLiteral("FARMCAM_ACCESS_CODE"), kCode);
    } else {
        arguments << QStringLiteral("--access-code") << kCode;
    }

    const GrabRun run = runGrab(arguments, environment);

    QVERIFY(run.finished);
    QVERIFY2(run.err.isEmpty(), run.err.constData());
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(jpegFiles(dir.filePath(QStringLiteral("out"))).size(), 1);
}

void TestFarmcamGrab::unwritableOutputFolder()
{
    // A folder under a regular file cannot be created, even by root. Reported before connecting:
    // the port is closed, which would otherwise give exit code 4.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString blocker = dir.filePath(QStringLiteral("blocker"));
    QFile file(blocker);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    const quint16 port = server.serverPort();
    server.close();

    const GrabRun run = runGrab(grabArguments(port) << QStringLiteral("--output")
                                                    << blocker + QStringLiteral("/shots"));

    QVERIFY(run.finished);
    QCOMPARE(run.exitCode, 1);
    const QStringList lines = run.errLines();
    QCOMPARE(lines.size(), 1);
    QVERIFY2(lines.first().contains(QDir::toNativeSeparators(blocker)), run.err.constData());
}

void TestFarmcamGrab::verboseReportsFingerprintAndFrames()
{
    auto simulator = startInProcessSimulator();
    QVERIFY(simulator);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());

    const GrabRun run
        = runGrab(grabArguments(simulator->serverPort())
                  << QStringLiteral("--count") << QStringLiteral("2") << QStringLiteral("--output")
                  << dir.path() << QStringLiteral("--verbose"));

    QVERIFY(run.finished);
    QCOMPARE(run.exitCode, 0);
    const QString err = QString::fromUtf8(run.err);
    QVERIFY(!simulator->certificateFingerprint().isEmpty());
    QVERIFY2(err.contains(simulator->certificateFingerprint()), qPrintable(err));
    QVERIFY2(err.contains(QLatin1String("frame 1:")), qPrintable(err));
    QVERIFY2(err.contains(QLatin1String("frame 2:")), qPrintable(err));
    QVERIFY(!err.contains(kCode));
}

void TestFarmcamGrab::helpAndVersion()
{
    const GrabRun help = runGrab({QStringLiteral("--help")});
    QVERIFY(help.finished);
    QCOMPARE(help.exitCode, 0);
    const QString text = QString::fromUtf8(help.out);
    for (const char *expected :
         {"--host", "--access-code-file", "FARMCAM_ACCESS_CODE", "(ps", "--count", "--output",
          "--timeout", "--verbose", "Exit codes", "  3 ", "  6 "})
        QVERIFY2(text.contains(QLatin1String(expected)), expected);

    const GrabRun version = runGrab({QStringLiteral("--version")});
    QVERIFY(version.finished);
    QCOMPARE(version.exitCode, 0);
    QVERIFY(version.out.contains(FARMCAM_VERSION));
}

// A QGuiApplication (offscreen): the in-process simulator draws text on its frames.
RtspsPrinterSimulator *TestFarmcamGrab::rtspsSimulator()
{
    if (!m_rtsps) {
        m_rtsps = std::make_unique<RtspsPrinterSimulator>();
        m_rtsps->setName(QStringLiteral("Grab X1C"));
        m_rtsps->setVideoSize(QSize(320, 240));
        m_rtsps->setFramesPerSecond(15);
        m_rtsps->setAccessCode(kCode);
        if (!m_rtsps->listen(QHostAddress::LocalHost, 0))
            return nullptr;
    }
    m_rtsps->setFault(RtspsPrinterSimulator::Fault::None);
    m_rtsps->setAccessCode(kCode);
    return m_rtsps.get();
}

void TestFarmcamGrab::cleanupTestCase()
{
    if (!m_rtsps)
        return;
    // Every client's close reported before the simulator goes (see m_rtsps).
    QTRY_COMPARE_WITH_TIMEOUT(m_rtsps->clientCount(), 0, kProcessTimeoutMs);
    m_rtsps->close();
    m_rtsps.reset();
}

void TestFarmcamGrab::rtspsGrabsDecodedPictures_data()
{
    QTest::addColumn<bool>("toStdout");
    QTest::newRow("files") << false;
    QTest::newRow("stdout") << true;
}

void TestFarmcamGrab::rtspsGrabsDecodedPictures()
{
    QFETCH(bool, toStdout);
    RtspsPrinterSimulator *simulator = rtspsSimulator();
    QVERIFY(simulator);
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    const GrabRun run
        = runGrab({QStringLiteral("--camera"), QStringLiteral("rtsps"), QStringLiteral("--host"),
                   QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
                   QString::number(simulator->serverPort()), QStringLiteral("--access-code"), kCode,
                   QStringLiteral("--pin"), simulator->certificateFingerprint(),
                   QStringLiteral("--count"), QStringLiteral("3"), QStringLiteral("--output"),
                   toStdout ? QStringLiteral("-") : folder.path()});
    QVERIFY2(run.finished, run.err.constData());
    QCOMPARE(run.exitCode, 0);
    QList<QByteArray> jpegs;
    if (toStdout) {
        // Back-to-back JPEGs: each starts with SOI and ends with EOI.
        const QByteArray soi("\xff\xd8\xff", 3);
        qsizetype at = run.out.indexOf(soi);
        while (at >= 0) {
            const qsizetype next = run.out.indexOf(soi, at + 3);
            jpegs << run.out.mid(at, next < 0 ? -1 : next - at);
            at = next;
        }
    } else {
        const QStringList paths
            = QString::fromUtf8(run.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        for (const QString &path : paths) {
            QFile file(path);
            QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
            QVERIFY(path.endsWith(QLatin1String(".jpg")));
            jpegs << file.readAll();
        }
    }
    QCOMPARE(jpegs.size(), 3);
    for (const QByteArray &jpeg : jpegs) {
        QVERIFY(jpeg.endsWith("\xff\xd9"));
        const QImage picture = QImage::fromData(jpeg, "JPEG");
        QCOMPARE(picture.size(), QSize(320, 240)); // decoded H.264, full size
    }
}

void TestFarmcamGrab::rtspsFailures_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");

    QTest::newRow("wrong code") << QStringLiteral("code") << 3 << QStringLiteral("rejected");
    QTest::newRow("refused") << QStringLiteral("refused") << 4
                             << QStringLiteral("LAN Only Liveview");
    QTest::newRow("stall") << QStringLiteral("stall") << 4 << QStringLiteral("stalled");
    QTest::newRow("no such stream (404)")
        << QStringLiteral("404") << 5 << QStringLiteral("no camera stream");
    QTest::newRow("wrong pin") << QStringLiteral("pin") << 6
                               << QStringLiteral("access code was not sent");
}

void TestFarmcamGrab::rtspsFailures()
{
    QFETCH(QString, scenario);
    QFETCH(int, exitCode);
    QFETCH(QString, message);

    RtspsPrinterSimulator *simulator = rtspsSimulator();
    QVERIFY(simulator);
    RecordingTlsServer server;
    quint16 port = simulator->serverPort();
    QString code = kCode;
    QStringList extra;
    if (scenario == QLatin1String("code")) {
        code = kWrongCode;
    } else if (scenario == QLatin1String("refused")) {
        simulator->setFault(RtspsPrinterSimulator::Fault::LiveviewOff);
    } else if (scenario == QLatin1String("stall")) {
        simulator->setFault(RtspsPrinterSimulator::Fault::Stall, 2);
        extra << QStringLiteral("--count") << QStringLiteral("100") << QStringLiteral("--timeout")
              << QStringLiteral("2");
    } else if (scenario == QLatin1String("404")) {
        QVERIFY(server.listen());
        server.answerRtsp("DESCRIBE", "404 Not Found");
        port = server.port();
    } else if (scenario == QLatin1String("pin")) {
        extra << QStringLiteral("--pin") << QString(64, QLatin1Char('a'));
    }
    const GrabRun run = runGrab(QStringList{QStringLiteral("--camera"), QStringLiteral("rtsps"),
                                            QStringLiteral("--host"), QStringLiteral("127.0.0.1"),
                                            QStringLiteral("--port"), QString::number(port),
                                            QStringLiteral("--access-code"), code,
                                            QStringLiteral("--output"), QStringLiteral("-")}
                                + extra);
    simulator->setFault(RtspsPrinterSimulator::Fault::None);
    QVERIFY2(run.finished, run.err.constData());
    QCOMPARE(run.exitCode, exitCode);
    QVERIFY2(QString::fromUtf8(run.err).contains(message), run.err.constData());
    QVERIFY(!run.err.contains(code.toUtf8())); // never the access code
}

QTEST_MAIN(TestFarmcamGrab)
#include "tst_farmcamgrab.moc"
