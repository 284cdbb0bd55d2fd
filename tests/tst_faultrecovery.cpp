// Fault recovery as a user sees it, against the printer simulator over real TLS on 127.0.0.1: what
// the viewer is shown (pictures, status text, the farm's health and notifications), what a
// snapshot saves, and what the printer sees of us. tst_cameraconnection checks that each fault
// ends in the right Failure; this test checks everything that follows from it.
#include "camera/jpegstream/jpegstreamcamera.h"
#include "frames/framehub.h"
#include "frames/framesubscription.h"
#include "model/printer.h"
#include "model/printerfarm.h"
#include "sim/printersimulator.h"
#include "snapshot/snapshotwriter.h"
#include "testsupport.h"

#include <QBuffer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QHostAddress>
#include <QImage>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <unistd.h>

using namespace std::chrono_literals;
using Fault = PrinterSimulator::Fault;
using Failure = CameraSource::Failure;
using State = CameraSource::State;

namespace {

const QString kCode = QStringLiteral("12345678");
const QSize kFrameSize(320, 180);
constexpr int kTimeout = 15000;

// Real JPEGs that tell the frames apart, cheaper than the simulator's rendered 1280x720 ones.
// Noise makes them big enough (tens of KiB) to span several 4 KiB TLS records, as camera frames
// do: the truncation faults then cut inside a frame, not after it.
QByteArray noisyJpeg(quint64 frameNumber)
{
    static QHash<quint64, QByteArray> cache;
    const quint64 key = frameNumber % 16;
    if (const auto it = cache.constFind(key); it != cache.cend())
        return *it;
    QImage image(kFrameSize, QImage::Format_RGB32);
    QRandomGenerator random{quint32(key)};
    for (int y = 0; y < image.height(); ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        for (int x = 0; x < image.width(); ++x)
            line[x] = random.generate() | 0xff000000u;
    }
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "JPEG", 80);
    cache.insert(key, bytes);
    return bytes;
}

// The smallest real JPEG that does: for tests that count connections, not bytes.
QByteArray tinyJpeg(quint64)
{
    static const QByteArray bytes = [] {
        QImage image(16, 9, QImage::Format_RGB32);
        image.fill(Qt::darkCyan);
        QByteArray jpeg;
        QBuffer buffer(&jpeg);
        buffer.open(QIODevice::WriteOnly);
        image.save(&buffer, "JPEG");
        return jpeg;
    }();
    return bytes;
}

std::unique_ptr<PrinterSimulator> startSimulator(double fps = 20,
                                                 PrinterSimulator::FrameSource source = &noisyJpeg)
{
    auto simulator = std::make_unique<PrinterSimulator>();
    simulator->setName(QStringLiteral("Fault printer"));
    simulator->setAccessCode(kCode);
    simulator->setFramesPerSecond(fps);
    simulator->setFrameSource(std::move(source));
    if (!simulator->listen(QHostAddress::LocalHost, 0))
        return nullptr;
    return simulator;
}

CameraEndpoint endpointFor(const PrinterSimulator &simulator, const QString &code = kCode)
{
    CameraEndpoint endpoint;
    endpoint.host = QStringLiteral("127.0.0.1");
    endpoint.port = simulator.serverPort();
    endpoint.accessCode = code;
    return endpoint;
}

// A printer in a (non-persistent) farm, restarted with test timeouts: addPrinter() dials at once,
// with the defaults.
Printer *addPrinter(PrinterFarm &farm, const QString &name, const PrinterSimulator &simulator,
                    const CameraSource::Timeouts &timeouts = TestSupport::fastTimeouts(1000ms))
{
    PrinterConfig config;
    config.name = name;
    config.host = QStringLiteral("127.0.0.1");
    config.port = simulator.serverPort();
    QString error;
    Printer *printer = farm.addPrinter(config, kCode, &error);
    if (!printer) {
        qWarning() << error;
        return nullptr;
    }
    printer->camera()->stop();
    printer->camera()->setTimeouts(timeouts);
    printer->camera()->start();
    return printer;
}

// The bytes of each first argument: a QByteArray (the simulator's frameSent) or the encoded bytes
// of a CameraFrame (a camera's frameArrived).
QList<QByteArray> firstArguments(const QSignalSpy &spy)
{
    QList<QByteArray> values;
    for (const QList<QVariant> &arguments : spy) {
        const QVariant &first = arguments.first();
        values << (first.canConvert<CameraFrame>() ? first.value<CameraFrame>().encoded()
                                                   : first.toByteArray());
    }
    return values;
}

// This process's memory, from /proc/self/statm (Linux): virtual size and resident set.
struct Memory
{
    qint64 virtualBytes = 0;
    qint64 residentBytes = 0;
};

Memory currentMemory()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return {};
    const QList<QByteArray> fields = statm.readAll().simplified().split(' ');
    if (fields.size() < 2)
        return {};
    const qint64 pageSize = sysconf(_SC_PAGESIZE);
    return {fields.at(0).toLongLong() * pageSize, fields.at(1).toLongLong() * pageSize};
}

} // namespace

class TestFaultRecovery : public QObject
{
    Q_OBJECT

private slots:
    void stallIsShownAndRecovered();
    void frozenCameraIsNotCountedLive();
    void corruptStreamNeverReachesTheViewer_data();
    void corruptStreamNeverReachesTheViewer();
    void oversizeHeaderKeepsMemoryFlat();
    void wrongAccessCodeDoesNotHammer();
    void restartedPrinterComesBackLive();
    void thirdViewerIsToldWhy();
    void cycledConnectionLeaksNothing();
};

void TestFaultRecovery::stallIsShownAndRecovered()
{
    auto simulator = startSimulator();
    QVERIFY(simulator);
    simulator->setFault(Fault::Stall, 2); // every connection: two frames, then silence

    PrinterFarm farm(nullptr, nullptr);
    farm.setPersistent(false);
    struct Seen
    {
        FarmHealth::Transition transition;
        Failure failure;
        QString status;
        FarmHealth::Level level;
        QString tooltip;
        qint64 pictureAgeMs;
    };
    QList<Seen> seen;
    connect(&farm, &PrinterFarm::printerTransition, this,
            [&](Printer *printer, FarmHealth::Transition transition) {
                const FarmHealth::Summary health = farm.health();
                seen.append({transition, printer->camera()->lastFailure(),
                             printer->camera()->statusText(), health.level, health.tooltip,
                             printer->camera()->stats().lastFrameAgeMs});
            });
    Printer *printer = addPrinter(farm, QStringLiteral("Stalling P1S"), *simulator);
    QVERIFY(printer);

    // The watchdog notices the silence; the printer is redialled and is live again.
    QTRY_VERIFY_WITH_TIMEOUT(seen.size() >= 2, kTimeout);
    QCOMPARE(seen.at(0).transition, FarmHealth::Transition::WentOffline);
    QCOMPARE(seen.at(0).failure, Failure::TimedOut);
    QVERIFY2(seen.at(0).status.contains(QStringLiteral("stalled")), qPrintable(seen.at(0).status));
    QCOMPARE(seen.at(0).level, FarmHealth::Level::AllDown);
    QVERIFY(seen.at(0).tooltip.contains(QStringLiteral("Stalling P1S")));
    QVERIFY(seen.at(0).tooltip.contains(QStringLiteral("stalled")));
    // The tile can say how old its picture is: at least the watchdog's second (coarse timers may
    // fire 5% early).
    QVERIFY2(seen.at(0).pictureAgeMs >= 900, qPrintable(QString::number(seen.at(0).pictureAgeMs)));
    QCOMPARE(seen.at(1).transition, FarmHealth::Transition::CameBack);
    QCOMPARE(seen.at(1).level, FarmHealth::Level::AllLive);
    QCOMPARE(printer->camera()->statusText(), QStringLiteral("Live"));
}

void TestFaultRecovery::frozenCameraIsNotCountedLive()
{
    // The stream stops but the connection stays open, and the watchdog is slower than the stale
    // limit: for a while the camera is Up with an old picture. "Live" must mean a picture newer
    // than the stale limit everywhere (health, tooltip, notifications), and the watchdog's
    // failure afterwards must not announce the same outage twice.
    auto simulator = startSimulator();
    QVERIFY(simulator);
    simulator->setFault(Fault::Stall, 2);

    PrinterFarm farm(nullptr, nullptr);
    farm.setPersistent(false);
    QList<FarmHealth::Transition> transitions;
    connect(&farm, &PrinterFarm::printerTransition, this,
            [&](Printer *, FarmHealth::Transition transition) { transitions << transition; });
    Printer *printer
        = addPrinter(farm, QStringLiteral("Frozen P1S"), *simulator, TestSupport::fastTimeouts(8s));
    QVERIFY(printer);
    QTRY_COMPARE_WITH_TIMEOUT(farm.health().live, 1, kTimeout);

    // Frozen: still Up, no longer live; said once.
    QTRY_COMPARE_WITH_TIMEOUT(transitions.size(), 1, kTimeout);
    QCOMPARE(printer->camera()->state(), CameraSource::State::Up);
    QVERIFY(!printer->isLive());
    const FarmHealth::Summary frozen = farm.health();
    QVERIFY2(frozen.headline.startsWith(QStringLiteral("0 of 1 camera live")),
             qPrintable(frozen.headline));
    QCOMPARE(frozen.level, FarmHealth::Level::AllDown);
    QVERIFY2(frozen.tooltip.contains(QStringLiteral("No new picture")), qPrintable(frozen.tooltip));
    QCOMPARE(transitions, QList<FarmHealth::Transition>{FarmHealth::Transition::WentOffline});

    // The watchdog fails the stream, the camera redials and streams: back, announced once.
    QTRY_VERIFY_WITH_TIMEOUT(transitions.size() >= 2, 30000);
    const QList<FarmHealth::Transition> expected
        = {FarmHealth::Transition::WentOffline, FarmHealth::Transition::CameBack};
    QCOMPARE(transitions.mid(0, 2), expected);
    QVERIFY(printer->camera()->stats().reconnects >= 1);
}

void TestFaultRecovery::corruptStreamNeverReachesTheViewer_data()
{
    QTest::addColumn<Fault>("fault");
    QTest::addColumn<Failure>("failure");
    QTest::addColumn<QString>("shown"); // part of the status text the user reads

    QTest::newRow("garbage header")
        << Fault::GarbageHeader << Failure::ProtocolError << QStringLiteral("Protocol error");
    QTest::newRow("bad JPEG magic")
        << Fault::BadJpegMagic << Failure::ProtocolError << QStringLiteral("ff d8");
    QTest::newRow("oversize length") << Fault::OversizeLength << Failure::ProtocolError
                                     << QStringLiteral("536870912 bytes announced");
    QTest::newRow("truncated mid-frame") << Fault::TruncateMidFrame << Failure::ConnectionLost
                                         << QStringLiteral("in the middle of a picture");
    QTest::newRow("abrupt close") << Fault::AbruptClose << Failure::ConnectionLost
                                  << QStringLiteral("127.0.0.1");
}

void TestFaultRecovery::corruptStreamNeverReachesTheViewer()
{
    QFETCH(Fault, fault);
    QFETCH(Failure, failure);
    QFETCH(QString, shown);

    auto simulator = startSimulator();
    QVERIFY(simulator);
    simulator->setFault(fault, 2);
    QSignalSpy sent(simulator.get(), &PrinterSimulator::frameSent);

    JpegStreamCamera connection;
    connection.setTimeouts(TestSupport::fastTimeouts(1000ms));
    connection.setEndpoint(endpointFor(*simulator));
    // As in a printer: the camera's frames go out through its hub; a viewer subscribes there.
    FrameHub hub;
    connect(&connection, &CameraSource::frameArrived, &hub, &FrameHub::publish);
    QObject viewer;
    FrameSubscription *view = hub.subscribe(&viewer);
    view->setSize(QSize(80, 45));
    QSignalSpy received(&connection, &CameraSource::frameArrived);
    QSignalSpy images(view, &FrameSubscription::pictureReady);
    QSignalSpy failures(&connection, &CameraSource::failed);

    // The user presses Snapshot the moment the fault is reported.
    const QTemporaryDir folder;
    QVERIFY(folder.isValid());
    SnapshotWriter::Result snapshot;
    connect(&connection, &CameraSource::failed, this, [&] {
        if (snapshot.filePath.isEmpty())
            snapshot = SnapshotWriter::write(folder.filePath(QStringLiteral("snapshot.jpg")),
                                             hub.latest().toJpeg());
    });
    connection.start();

    // The fault, then a new connection that streams again (the simulator faults each
    // connection after two good frames).
    QTRY_VERIFY_WITH_TIMEOUT(!failures.isEmpty() && received.size() >= 3, kTimeout);
    QCOMPARE(failures.first().at(0).value<Failure>(), failure);
    const QString message = failures.first().at(1).toString();
    QVERIFY2(message.contains(shown), qPrintable(message));
    QVERIFY(connection.stats().reconnects >= 1);

    // Every frame that got out is one the printer sent whole: no partial or corrupt bytes.
    const QList<QByteArray> sentFrames = firstArguments(sent);
    for (const QByteArray &frame : firstArguments(received))
        QVERIFY2(sentFrames.contains(frame), "a frame that the printer never sent got out");
    QVERIFY(sentFrames.contains(hub.latest().encoded()));

    // The pictures shown are all real pictures, at the asked size.
    QTRY_VERIFY_WITH_TIMEOUT(!images.isEmpty(), kTimeout);
    for (const QList<QVariant> &arguments : std::as_const(images)) {
        const QImage image = arguments.first().value<QImage>();
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), QSize(80, 45));
    }

    // The snapshot taken at the fault holds the last good frame, byte for byte, and opens.
    QVERIFY2(snapshot.ok, qPrintable(snapshot.errorMessage));
    QFile file(snapshot.filePath);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray saved = file.readAll();
    QVERIFY(sentFrames.contains(saved));
    QCOMPARE(QImage::fromData(saved, "JPEG").size(), kFrameSize);
    // One file, no temporary left behind.
    QCOMPARE(QDir(folder.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);
}

void TestFaultRecovery::oversizeHeaderKeepsMemoryFlat()
{
    auto simulator = startSimulator();
    QVERIFY(simulator);
    // Every connection: two good frames, then a header announcing 512 MiB.
    simulator->setFault(Fault::OversizeLength, 2);

    JpegStreamCamera connection; // nobody watches the pictures: only the stream's memory counts
    connection.setTimeouts(TestSupport::fastTimeouts(1000ms));
    connection.setEndpoint(endpointFor(*simulator));
    QSignalSpy failures(&connection, &CameraSource::failed);
    QSignalSpy received(&connection, &CameraSource::frameArrived);
    connection.start();
    QVERIFY(received.wait(kTimeout)); // warmed up: TLS, buffers, timers
    QCOMPARE(failures.size(), 0);
    const Memory before = currentMemory();
    QVERIFY(before.residentBytes > 0);

    // The peak over the next refusals, sampled all along and at each failure: a parser that
    // buffered (or reserved) the announced size would show it while the stream hangs.
    Memory peak = before;
    const auto sample = [&peak] {
        const Memory now = currentMemory();
        peak.virtualBytes = std::max(peak.virtualBytes, now.virtualBytes);
        peak.residentBytes = std::max(peak.residentBytes, now.residentBytes);
    };
    QTimer sampler;
    connect(&sampler, &QTimer::timeout, this, sample);
    sampler.start(5);
    connect(&connection, &CameraSource::failed, this, sample);
    QTRY_VERIFY_WITH_TIMEOUT(failures.size() >= 5, kTimeout);
    sampler.stop();

    for (const QList<QVariant> &arguments : std::as_const(failures))
        QCOMPARE(arguments.first().value<Failure>(), Failure::ProtocolError);
    constexpr qint64 MiB = 1024 * 1024;
    const qint64 residentGrowth = peak.residentBytes - before.residentBytes;
    const qint64 virtualGrowth = peak.virtualBytes - before.virtualBytes;
    qInfo("memory growth over 5 refused 512 MiB headers: resident %lld KiB, virtual %lld KiB",
          residentGrowth / 1024, virtualGrowth / 1024);
    // Generous margins (allocator and thread noise), far below the 512 MiB announced.
    QVERIFY2(residentGrowth < 64 * MiB, qPrintable(QString::number(residentGrowth)));
    QVERIFY2(virtualGrowth < 256 * MiB, qPrintable(QString::number(virtualGrowth)));
}

void TestFaultRecovery::wrongAccessCodeDoesNotHammer()
{
    auto simulator = startSimulator();
    QVERIFY(simulator);
    QSignalSpy rejected(simulator.get(), &PrinterSimulator::loginRejected);

    CameraSource::Timeouts timeouts = TestSupport::fastTimeouts(1000ms);
    // A connection that treated a rejection like a network hiccup would retry every 20 ms.
    timeouts.backoffInitial = 20ms;
    timeouts.backoffMaximum = 20ms;
    timeouts.rejectedBackoffInitial = 400ms;
    timeouts.rejectedBackoffMaximum = 1600ms;
    JpegStreamCamera connection;
    connection.setTimeouts(timeouts);
    connection.setEndpoint(endpointFor(*simulator, QStringLiteral("87654321")));
    QSignalSpy received(&connection, &CameraSource::frameArrived);
    QSignalSpy failures(&connection, &CameraSource::failed);
    QElapsedTimer clock;
    clock.start();
    connection.start();

    // Four attempts take at least the three growing waits between them: 400, 800 and 1600 ms,
    // each at most 20% shorter for jitter. Hammering would be over in a fraction of that.
    QTRY_VERIFY_WITH_TIMEOUT(rejected.size() >= 4, 20000);
    const qint64 elapsedMs = clock.elapsed();
    QVERIFY2(elapsedMs >= (400 + 800 + 1600) * 8 / 10, qPrintable(QString::number(elapsedMs)));
    QVERIFY(rejected.size() <= 5);

    // What the user reads: the code is wrong, where to find it; no picture ever.
    QVERIFY(!failures.isEmpty());
    for (const QList<QVariant> &arguments : std::as_const(failures))
        QCOMPARE(arguments.first().value<Failure>(), Failure::AccessCodeRejected);
    const QString message = failures.last().at(1).toString();
    QVERIFY2(message.contains(QStringLiteral("Access code rejected")), qPrintable(message));
    QVERIFY(message.contains(QStringLiteral("printer's screen")));
    QCOMPARE(received.size(), 0);
    QVERIFY(!connection.lastFrameTime().isValid());
}

void TestFaultRecovery::restartedPrinterComesBackLive()
{
    auto simulator = startSimulator();
    QVERIFY(simulator);
    const quint16 port = simulator->serverPort();

    PrinterFarm farm(nullptr, nullptr);
    farm.setPersistent(false);
    QSignalSpy transitions(&farm, &PrinterFarm::printerTransition);
    Printer *printer = addPrinter(farm, QStringLiteral("Rebooting A1"), *simulator);
    QVERIFY(printer);
    QSignalSpy received(printer->camera(), &CameraSource::frameArrived);
    QSignalSpy failures(printer->camera(), &CameraSource::failed);
    QTRY_COMPARE_WITH_TIMEOUT(farm.health().level, FarmHealth::Level::AllLive, kTimeout);

    simulator->close(); // it reboots: connections drop, the port refuses
    QTRY_VERIFY_WITH_TIMEOUT(!transitions.isEmpty(), kTimeout);
    QCOMPARE(transitions.first().at(1).value<FarmHealth::Transition>(),
             FarmHealth::Transition::WentOffline);
    // While it boots the user is told why, and the attempts go on by themselves.
    QTRY_VERIFY_WITH_TIMEOUT(failures.size() >= 2, kTimeout);
    QCOMPARE(failures.last().at(0).value<Failure>(), Failure::ConnectionRefused);
    QVERIFY2(farm.health().tooltip.contains(QStringLiteral("starting up")),
             qPrintable(farm.health().tooltip));
    QCOMPARE(farm.health().level, FarmHealth::Level::AllDown);

    const qsizetype framesBefore = received.size();
    QVERIFY(simulator->listen(QHostAddress::LocalHost, port));
    QTRY_VERIFY_WITH_TIMEOUT(received.size() > framesBefore, kTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(farm.health().level, FarmHealth::Level::AllLive, kTimeout);
    QCOMPARE(transitions.last().at(1).value<FarmHealth::Transition>(),
             FarmHealth::Transition::CameBack);
    QCOMPARE(printer->camera()->statusText(), QStringLiteral("Live"));
}

void TestFaultRecovery::thirdViewerIsToldWhy()
{
    auto simulator = startSimulator();
    QVERIFY(simulator);
    // Bambu Studio and a phone hold the printer's two camera seats.
    JpegStreamCamera studio, phone;
    for (JpegStreamCamera *other : {&studio, &phone}) {
        other->setTimeouts(TestSupport::fastTimeouts(1000ms));
        other->setEndpoint(endpointFor(*simulator));
        other->start();
    }
    QTRY_COMPARE_WITH_TIMEOUT(studio.state(), State::Up, kTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(phone.state(), State::Up, kTimeout);

    PrinterFarm farm(nullptr, nullptr);
    farm.setPersistent(false);
    CameraSource::Timeouts timeouts = TestSupport::fastTimeouts(1000ms);
    timeouts.connect = 1000ms;
    Printer *printer = addPrinter(farm, QStringLiteral("Busy P1P"), *simulator, timeouts);
    QVERIFY(printer);
    QSignalSpy failures(printer->camera(), &CameraSource::failed);

    QTRY_VERIFY_WITH_TIMEOUT(!failures.isEmpty(), kTimeout);
    QCOMPARE(failures.first().at(0).value<Failure>(), Failure::TimedOut);
    const FarmHealth::Summary health = farm.health();
    QCOMPARE(health.level, FarmHealth::Level::AllDown);
    // The tooltip says what to do, naming the usual culprits.
    QVERIFY2(health.tooltip.contains(QStringLiteral("two camera viewers")),
             qPrintable(health.tooltip));
    QVERIFY(health.tooltip.contains(QStringLiteral("Bambu Studio")));
    QCOMPARE(simulator->streamingClientCount(), 2); // and we did not kick anyone off

    phone.stop(); // a seat comes free: FarmCam gets in by itself
    QTRY_COMPARE_WITH_TIMEOUT(farm.health().level, FarmHealth::Level::AllLive, kTimeout);
    QCOMPARE(studio.state(), State::Up);
}

void TestFaultRecovery::cycledConnectionLeaksNothing()
{
    // 1000 full cycles (TLS handshake, login, first frame, stop) take about 6 s here, 15 s
    // under ASan.
    constexpr int kCycles = 1000;
    // Six log lines a cycle would drown the output (and QTest's message limit).
    QLoggingCategory::setFilterRules(QStringLiteral("farmcam.*.info=false"));
    auto simulator = startSimulator(60, &tinyJpeg);
    QVERIFY(simulator);
    JpegStreamCamera connection;
    connection.setTimeouts(TestSupport::fastTimeouts(1000ms));
    connection.setEndpoint(endpointFor(*simulator));
    QSignalSpy received(&connection, &CameraSource::frameArrived);
    QSignalSpy failures(&connection, &CameraSource::failed);

    const qsizetype baseline = connection.children().size();
    for (int cycle = 0; cycle < kCycles; ++cycle) {
        connection.start();
        // Returns as soon as the frame is in (QTRY_* would poll every 50 ms).
        QVERIFY(received.wait(kTimeout));
        connection.stop();
        QCOMPARE(connection.state(), State::Idle);
        if (cycle % 100 == 99) {
            // The old sockets are deleted (deleteLater) once the event loop runs: nothing piles up.
            QTRY_COMPARE_WITH_TIMEOUT(connection.children().size(), baseline, kTimeout);
            QTRY_VERIFY_WITH_TIMEOUT(simulator->clientCount() <= 1, kTimeout);
        }
    }
    QCOMPARE(failures.size(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(connection.children().size(), baseline, kTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(simulator->clientCount(), 0, kTimeout);
    QCOMPARE(connection.stats().reconnects, quint64(kCycles - 1));
    QLoggingCategory::setFilterRules(QString());
    // Under ASan, LeakSanitizer checks at exit that nothing was lost (scripts/test-sanitizers.sh).
}

QTEST_MAIN(TestFaultRecovery)
#include "tst_faultrecovery.moc"
