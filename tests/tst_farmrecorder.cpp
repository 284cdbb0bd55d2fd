// FarmRecorder over a farm of LoopbackCamera printers fed by a simulated print (PrintJobSimulator
// reports through Printer::mergeStatusReport, frames published to the printer's FrameHub with
// stepped camera times): a finished print leaves a timelapse MP4, a failed one a failure clip,
// settings reach the recorders, and a removed printer's recorders stop.
#include "camera/loopback/loopbackcamera.h"
#include "frames/framehub.h"
#include "model/appsettings.h"
#include "model/memorycredentialstore.h"
#include "model/printer.h"
#include "model/printerfarm.h"
#include "record/failureclipring.h"
#include "record/farmrecorder.h"
#include "record/recordworkers.h"
#include "record/segmentrecorder.h"
#include "record/timelapserecorder.h"
#include "record/videoprobe.h"
#include "sim/printjobsimulator.h"
#include "testframes.h"

#include <QDir>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThreadPool>
#include <QtTest>

using namespace std::chrono_literals;

namespace {

constexpr qint64 kPlentyFree = 1000LL * 1024 * 1024 * 1024;
const QSize kSize(320, 180);

// Steps a print one simulated second at a time into `printer`, with one camera frame a second.
class SimulatedPrint
{
public:
    SimulatedPrint(Printer *printer, PrintJobSimulator::Job::Outcome outcome)
        : m_printer(printer)
        , m_simulator({PrintJobSimulator::Job{QStringLiteral("benchy.3mf"), 8, 16s, outcome, 0.5}},
                      false)
    {
        m_simulator.setHoldLastOutcome(true);
        m_printer->mergeStatusReport(m_simulator.takeFullReport());
    }

    void step()
    {
        m_simulator.advance(1s);
        const QByteArray report = m_simulator.takePartialReport();
        if (!report.isEmpty())
            m_printer->mergeStatusReport(report);
        ++m_second;
        m_printer->frames()->publish(CameraFrame::fromJpeg(
            TestFrames::patternJpeg(kSize, QColor::fromHsv((m_second * 37) % 360, 200, 200)),
            QDateTime::currentDateTime(), m_second * 1'000'000'000LL));
    }

    // Steps until `done` (events are processed between steps).
    bool runUntil(const std::function<bool()> &done, int maxSteps = 200)
    {
        for (int i = 0; i < maxSteps && !done(); ++i) {
            step();
            QCoreApplication::processEvents();
        }
        return done();
    }

private:
    Printer *m_printer;
    PrintJobSimulator m_simulator;
    qint64 m_second = 0;
};

} // namespace

class TestFarmRecorder : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void finishedPrintMakesATimelapse();
    void failedPrintMakesAFailureClip();
    void settingsReachTheRecorders();
    void removedPrinterStopsItsRecorders();
    void printerChoiceOverDefault_data();
    void printerChoiceOverDefault();
    void timelapseByHandWithoutStatus();
    void timelapseByHandWaitsForThePrints();
    void leftoversAreCleanedAtStart();
    void oneProcessRecordsIntoAFolder();

private:
    Printer *addPrinter(const QString &name,
                        PrinterConfig::TimelapseChoice timelapse
                        = PrinterConfig::TimelapseChoice::Default);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<MemoryCredentialStore> m_credentials;
    std::unique_ptr<PrinterFarm> m_farm;
    std::unique_ptr<FarmRecorder> m_recorder;
};

void TestFarmRecorder::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_settings = std::make_unique<AppSettings>(m_dir->filePath(QStringLiteral("farmcam.conf")));
    m_settings->setValue(AppSettings::Key::RecordingsFolder,
                         m_dir->filePath(QStringLiteral("rec")));
    m_settings->setValue(AppSettings::Key::FailureClipsSecondsAfter, 2);
    m_credentials = std::make_unique<MemoryCredentialStore>();
    m_farm = std::make_unique<PrinterFarm>(m_settings.get(), m_credentials.get());
    m_farm->setPersistent(false);
    m_recorder = std::make_unique<FarmRecorder>(m_farm.get(), m_settings.get());
    m_recorder->setFreeSpaceFunction([](const QString &) { return kPlentyFree; });
}

void TestFarmRecorder::cleanup()
{
    m_recorder.reset();
    // Encodes still under way would write into a folder that is about to go.
    RecordWorkers::encodePool()->waitForDone();
    m_farm.reset();
    m_credentials.reset();
    m_settings.reset();
    m_dir.reset();
}

Printer *TestFarmRecorder::addPrinter(const QString &name, PrinterConfig::TimelapseChoice timelapse)
{
    PrinterConfig config;
    config.name = name;
    config.host = QStringLiteral("127.0.0.1");
    // Each its own (never dialled) port: the farm refuses two printers on one camera.
    config.port = quint16(20000 + m_farm->printers().size());
    config.statusEnabled = false; // the test hands the reports over itself
    config.timelapse = timelapse;
    QString error;
    Printer *printer
        = m_farm->addPrinter(config, QStringLiteral("12345678"), new LoopbackCamera, &error);
    if (!printer)
        qWarning() << error;
    return printer;
}

void TestFarmRecorder::finishedPrintMakesATimelapse()
{
    Printer *printer = addPrinter(QStringLiteral("Bench P1S"));
    QVERIFY(printer);
    m_recorder->start();
    QSignalSpy started(m_recorder.get(), &FarmRecorder::timelapseStarted);
    QSignalSpy finished(m_recorder.get(), &FarmRecorder::timelapseFinished);
    QSignalSpy failed(m_recorder.get(), &FarmRecorder::timelapseFailed);

    SimulatedPrint print(printer, PrintJobSimulator::Job::Outcome::Finish);
    QVERIFY(print.runUntil([&] { return printer->printStatus().state == PrintState::Finished; }));
    // The encode runs on a worker.
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty() || !failed.isEmpty(), 20000);
    QCOMPARE(failed.count(), 0);
    QCOMPARE(started.count(), 1);
    QCOMPARE(started.at(0).at(0).value<Printer *>(), printer);
    QCOMPARE(finished.at(0).at(0).value<Printer *>(), printer);
    QCOMPARE(finished.at(0).at(1).toString(), QStringLiteral("benchy.3mf"));
    const QString video = finished.at(0).at(2).toString();
    QVERIFY2(QFileInfo(video).size() > 0, qPrintable(video));
    QVERIFY(video.endsWith(QLatin1String(".mp4")));
    // In the printer's own folder under the configured root.
    QCOMPARE(QFileInfo(video).absolutePath(),
             QDir(m_dir->filePath(QStringLiteral("rec/Bench-P1S"))).absolutePath());
}

void TestFarmRecorder::failedPrintMakesAFailureClip()
{
    Printer *printer = addPrinter(QStringLiteral("P1P"));
    QVERIFY(printer);
    m_recorder->start();
    QSignalSpy clipStarted(m_recorder.get(), &FarmRecorder::clipStarted);
    QSignalSpy ready(m_recorder.get(), &FarmRecorder::clipReady);
    QSignalSpy clipFailed(m_recorder.get(), &FarmRecorder::clipFailed);

    SimulatedPrint print(printer, PrintJobSimulator::Job::Outcome::Fail);
    QVERIFY(print.runUntil([&] { return !clipStarted.isEmpty(); }));
    // The seconds after the failure (FailureClipsSecondsAfter: 2), in camera time.
    for (int i = 0; i < 4; ++i)
        print.step();
    QTRY_VERIFY_WITH_TIMEOUT(!ready.isEmpty() || !clipFailed.isEmpty(), 20000);
    QCOMPARE(clipFailed.count(), 0);
    QCOMPARE(clipStarted.count(), 1);
    QCOMPARE(ready.at(0).at(0).value<Printer *>(), printer);
    const QString video = ready.at(0).at(1).toString();
    QVERIFY2(QFileInfo(video).size() > 0, qPrintable(video));
    QVERIFY(QFileInfo(video).fileName().startsWith(QLatin1String("failure_")));
    QVERIFY(QFileInfo::exists(ready.at(0).at(2).toString()));
}

void TestFarmRecorder::settingsReachTheRecorders()
{
    m_settings->setValue(AppSettings::Key::TimelapseTrigger, QStringLiteral("interval"));
    m_settings->setValue(AppSettings::Key::TimelapseIntervalSeconds, 7);
    m_settings->setValue(AppSettings::Key::FailureClipsMinutesBefore, 2);
    Printer *usual = addPrinter(QStringLiteral("Usual"));
    Printer *never = addPrinter(QStringLiteral("Never"), PrinterConfig::TimelapseChoice::Off);
    QVERIFY(usual && never);
    m_recorder->start();

    TimelapseRecorder *timelapse = m_recorder->timelapseRecorder(usual);
    QVERIFY(timelapse);
    QVERIFY(timelapse->isEnabled());
    QCOMPARE(timelapse->trigger(), TimelapseRecorder::Trigger::Interval);
    QCOMPARE(timelapse->intervalSeconds(), 7);
    QCOMPARE(m_recorder->failureClipRing(usual)->windowSeconds(), 120);
    QCOMPARE(m_recorder->failureClipRing(usual)->afterSeconds(), 2);
    QVERIFY(!m_recorder->timelapseRecorder(never)->isEnabled());

    // Changes reach running recorders: the farm-wide default, and a printer's own choice.
    m_settings->setValue(AppSettings::Key::TimelapseEnabled, false);
    m_settings->setValue(AppSettings::Key::FailureClipsEnabled, false);
    QVERIFY(!m_recorder->timelapseRecorder(usual)->isEnabled());
    QVERIFY(!m_recorder->failureClipRing(usual)->isEnabled());
    PrinterConfig config = never->config();
    config.timelapse = PrinterConfig::TimelapseChoice::On;
    QString error;
    QVERIFY2(m_farm->updatePrinter(config, QStringLiteral("12345678"), &error), qPrintable(error));
    QVERIFY(m_recorder->timelapseRecorder(never)->isEnabled());

    // A new folder: the idle printers' recorders are made anew for it.
    TimelapseRecorder *before = m_recorder->timelapseRecorder(usual);
    QPointer<TimelapseRecorder> watch(before);
    m_settings->setValue(AppSettings::Key::RecordingsFolder,
                         m_dir->filePath(QStringLiteral("elsewhere")));
    QTRY_VERIFY(watch.isNull());
    QVERIFY(m_recorder->timelapseRecorder(usual));
    QCOMPARE(m_recorder->library().root(), m_dir->filePath(QStringLiteral("elsewhere")));
}

// The printer dialog's "Timelapse videos" choice, saved like its other fields, reaches the
// running recorder: Like Preferences follows the default, Always and Never do not.
void TestFarmRecorder::printerChoiceOverDefault_data()
{
    QTest::addColumn<bool>("farmDefault");
    QTest::addColumn<PrinterConfig::TimelapseChoice>("choice");
    QTest::addColumn<bool>("enabled");
    using Choice = PrinterConfig::TimelapseChoice;
    QTest::newRow("like preferences, on") << true << Choice::Default << true;
    QTest::newRow("like preferences, off") << false << Choice::Default << false;
    QTest::newRow("always, default off") << false << Choice::On << true;
    QTest::newRow("always, default on") << true << Choice::On << true;
    QTest::newRow("never, default on") << true << Choice::Off << false;
    QTest::newRow("never, default off") << false << Choice::Off << false;
}

void TestFarmRecorder::printerChoiceOverDefault()
{
    QFETCH(bool, farmDefault);
    QFETCH(PrinterConfig::TimelapseChoice, choice);
    QFETCH(bool, enabled);
    m_settings->setValue(AppSettings::Key::TimelapseEnabled, farmDefault);
    // Set up with the opposite of what the row wants, then changed while running.
    const PrinterConfig::TimelapseChoice opposite
        = enabled ? PrinterConfig::TimelapseChoice::Off : PrinterConfig::TimelapseChoice::On;
    Printer *printer = addPrinter(QStringLiteral("Chosen"), opposite);
    QVERIFY(printer);
    m_recorder->start();
    TimelapseRecorder *timelapse = m_recorder->timelapseRecorder(printer);
    QVERIFY(timelapse);
    QCOMPARE(timelapse->isEnabled(), !enabled);

    PrinterConfig config = printer->config();
    config.timelapse = choice;
    QString error;
    QVERIFY2(m_farm->updatePrinter(config, QStringLiteral("12345678"), &error), qPrintable(error));
    QCOMPARE(m_recorder->timelapseRecorder(printer), timelapse); // the same, not remade
    QCOMPARE(timelapse->isEnabled(), enabled);
}

// Printer › Start timelapse on a printer without print status (a LoopbackCamera, no MQTT): a
// frame every timelapse/intervalSeconds of camera time until Finish timelapse, then an MP4
// named after the printer.
void TestFarmRecorder::timelapseByHandWithoutStatus()
{
    m_settings->setValue(AppSettings::Key::TimelapseIntervalSeconds, 2);
    Printer *printer = addPrinter(QStringLiteral("Desk Cam"));
    QVERIFY(printer);
    QCOMPARE(printer->printStatus().state, PrintState::Unknown);
    m_recorder->start();
    QSignalSpy changed(m_recorder.get(), &FarmRecorder::timelapseCaptureChanged);
    QSignalSpy finished(m_recorder.get(), &FarmRecorder::timelapseFinished);
    QSignalSpy failed(m_recorder.get(), &FarmRecorder::timelapseFailed);
    QVERIFY(m_recorder->canStartTimelapse(printer));
    QVERIFY(!m_recorder->isTimelapseByHand(printer));

    QVERIFY(m_recorder->startTimelapse(printer));
    QVERIFY(m_recorder->isTimelapseByHand(printer));
    QVERIFY(!m_recorder->canStartTimelapse(printer));
    QVERIFY(!m_recorder->startTimelapse(printer)); // one at a time
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).value<Printer *>(), printer);
    TimelapseRecorder *timelapse = m_recorder->timelapseRecorder(printer);
    QCOMPARE(timelapse->captureTrigger(), TimelapseRecorder::Trigger::Interval);

    for (int second = 1; second <= 10; ++second)
        printer->frames()->publish(CameraFrame::fromJpeg(
            TestFrames::patternJpeg(kSize, QColor::fromHsv(second * 30, 200, 200)),
            QDateTime::currentDateTime(), second * 1'000'000'000LL));
    QCOMPARE(timelapse->frameCount(), 5); // at 1, 3, 5, 7 and 9 s
    QCOMPARE(changed.count(), 1 + 5); // and each frame told
    QCOMPARE(changed.last().at(0).value<Printer *>(), printer);

    m_recorder->finishTimelapse(printer);
    QVERIFY(!m_recorder->isTimelapseByHand(printer));
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty() || !failed.isEmpty(), 20000);
    QCOMPARE(failed.count(), 0);
    QCOMPARE(finished.at(0).at(0).value<Printer *>(), printer);
    QCOMPARE(finished.at(0).at(1).toString(), QStringLiteral("Desk Cam"));
    const QString video = finished.at(0).at(2).toString();
    QCOMPARE(QFileInfo(video).absolutePath(),
             QDir(m_dir->filePath(QStringLiteral("rec/Desk-Cam"))).absolutePath());
    const VideoProbe::Info info = VideoProbe::probe(video, VideoProbe::Depth::Decode);
    QVERIFY2(info.ok, qPrintable(info.error));
    QCOMPARE(info.frames, 5 + 60); // the last held 2 s at 30 fps
    QVERIFY(m_recorder->canStartTimelapse(printer));
}

// While a print's own timelapse is being captured, none can be started by hand; when the print
// has made its video, one can.
void TestFarmRecorder::timelapseByHandWaitsForThePrints()
{
    Printer *printer = addPrinter(QStringLiteral("Busy"));
    QVERIFY(printer);
    m_recorder->start();
    QSignalSpy finished(m_recorder.get(), &FarmRecorder::timelapseFinished);
    SimulatedPrint print(printer, PrintJobSimulator::Job::Outcome::Finish);
    QVERIFY(print.runUntil([&] { return printer->printStatus().layer >= 2; }));
    QCOMPARE(m_recorder->timelapseRecorder(printer)->state(), TimelapseRecorder::State::Capturing);
    QVERIFY(!m_recorder->canStartTimelapse(printer));
    QVERIFY(!m_recorder->startTimelapse(printer));
    QVERIFY(!m_recorder->isTimelapseByHand(printer));
    m_recorder->finishTimelapse(printer); // not the print's
    QCOMPARE(m_recorder->timelapseRecorder(printer)->state(), TimelapseRecorder::State::Capturing);

    QVERIFY(print.runUntil([&] { return printer->printStatus().state == PrintState::Finished; }));
    QVERIFY(m_recorder->canStartTimelapse(printer));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
}

void TestFarmRecorder::removedPrinterStopsItsRecorders()
{
    Printer *printer = addPrinter(QStringLiteral("Gone"));
    QVERIFY(printer);
    m_recorder->start();
    QSignalSpy changed(m_recorder.get(), &FarmRecorder::recordingChanged);
    QVERIFY(m_recorder->startRecording(printer));
    QVERIFY(m_recorder->isRecording(printer));
    QCOMPARE(changed.count(), 1);
    QVERIFY(changed.at(0).at(1).toBool());
    SimulatedPrint print(printer, PrintJobSimulator::Job::Outcome::Finish);
    for (int i = 0; i < 3; ++i)
        print.step();
    // Named on the recorder's disk thread, a moment after its first frame.
    QTRY_VERIFY(!m_recorder->segmentRecorder(printer)->currentPath().isEmpty());
    const QString segment = m_recorder->segmentRecorder(printer)->currentPath();

    QPointer<TimelapseRecorder> timelapse(m_recorder->timelapseRecorder(printer));
    QString error;
    QVERIFY2(m_farm->removePrinter(printer->id(), &error), qPrintable(error));
    QVERIFY(timelapse.isNull());
    QVERIFY(!m_recorder->timelapseRecorder(printer));
    QVERIFY(!m_recorder->isRecording(printer));
    // The recording was finished properly: playable under its final name.
    QVERIFY2(QFileInfo(segment).size() > 0, qPrintable(segment));
    QVERIFY(!QFileInfo::exists(segment + QLatin1String(RecordingLibrary::kPartialSuffix)));
}

void TestFarmRecorder::leftoversAreCleanedAtStart()
{
    const QString folder = m_dir->filePath(QStringLiteral("rec/Crashed"));
    QVERIFY(QDir().mkpath(folder));
    const QString partial = folder + QLatin1String("/timelapse_2026-12-05_11-36-09_x.mp4")
        + QLatin1String(RecordingLibrary::kPartialSuffix);
    QFile file(partial);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    m_recorder->start();
    QVERIFY(!QFileInfo::exists(partial));
}

void TestFarmRecorder::oneProcessRecordsIntoAFolder()
{
    Printer *printer = addPrinter(QStringLiteral("Shared"));
    m_recorder->start();
    QVERIFY(m_recorder->folderProblem().isEmpty());
    QVERIFY(m_recorder->timelapseRecorder(printer));
    // The first FarmCam is writing a video.
    const QString folder = m_dir->filePath(QStringLiteral("rec/Shared"));
    QVERIFY(QDir().mkpath(folder));
    const QString writing = folder + QLatin1String("/recording_2026-12-05_11-36-09.mkv")
        + QLatin1String(RecordingLibrary::kPartialSuffix);
    QFile file(writing);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();

    // A second one (another settings file, the same folder) records nothing there and says why,
    // and leaves the first one's unfinished file alone.
    AppSettings otherSettings(m_dir->filePath(QStringLiteral("other.conf")));
    otherSettings.setValue(AppSettings::Key::RecordingsFolder,
                           m_dir->filePath(QStringLiteral("rec")));
    MemoryCredentialStore otherCredentials;
    PrinterFarm otherFarm(&otherSettings, &otherCredentials);
    otherFarm.setPersistent(false);
    FarmRecorder other(&otherFarm, &otherSettings);
    QSignalSpy problems(&other, &FarmRecorder::folderProblemChanged);
    PrinterConfig config;
    config.name = QStringLiteral("Shared");
    config.host = QStringLiteral("127.0.0.1");
    config.port = 21000;
    config.statusEnabled = false;
    QString error;
    Printer *otherPrinter
        = otherFarm.addPrinter(config, QStringLiteral("12345678"), new LoopbackCamera, &error);
    QVERIFY2(otherPrinter, qPrintable(error));
    other.start();
    QCOMPARE(problems.count(), 1);
    QVERIFY(other.folderProblem().contains(QStringLiteral("already records into")));
    QVERIFY(other.folderProblem().contains(QString::number(QCoreApplication::applicationPid())));
    QVERIFY(!other.timelapseRecorder(otherPrinter));
    QVERIFY(!other.startRecording(otherPrinter));
    QVERIFY(QFileInfo::exists(writing));

    // Another folder is its own: recording works there at once.
    otherSettings.setValue(AppSettings::Key::RecordingsFolder,
                           m_dir->filePath(QStringLiteral("rec-other")));
    QCOMPARE(problems.count(), 2);
    QVERIFY(other.folderProblem().isEmpty());
    QVERIFY(other.timelapseRecorder(otherPrinter));

    // Once the first one has stopped, its folder can be taken over.
    m_recorder.reset();
    otherSettings.setValue(AppSettings::Key::RecordingsFolder,
                           m_dir->filePath(QStringLiteral("rec")));
    QVERIFY(other.folderProblem().isEmpty());
}

QTEST_GUILESS_MAIN(TestFarmRecorder)
#include "tst_farmrecorder.moc"
