// TimelapseRecorder over a simulated print (PrintJobSimulator through StatusReportMerger, time
// stepped by the test): the MP4 holds one frame per layer seen plus the 2 s hold, decodes
// cleanly, and a restart mid-print carries on the same timelapse.
#include "frames/framehub.h"
#include "h264clip.h"
#include "record/recordinglibrary.h"
#include "record/timelapserecorder.h"
#include "record/videoprobe.h"
#include "sim/printjobsimulator.h"
#include "status/statusreportmerger.h"
#include "testframes.h"

#include <QDir>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>

using namespace std::chrono_literals;

namespace {

const QString kPrinter = QStringLiteral("Bench-P1S");
constexpr int kHoldFrames = 60; // 2 s at 30 fps
const QSize kSize(320, 180);

// A print stepped one simulated second at a time; each step gives the recorder the status and
// one camera frame.
class SimulatedPrint
{
public:
    explicit SimulatedPrint(PrintJobSimulator::Job::Outcome outcome, int layers = 10)
        : m_simulator({PrintJobSimulator::Job{QStringLiteral("benchy.3mf"), layers,
                                              std::chrono::seconds(layers * 2), outcome, 0.5}},
                      false)
    {
        m_simulator.setHoldLastOutcome(true);
        m_merger.merge(m_simulator.takeFullReport());
    }

    // Steps until `until` holds for the status (or `maxSteps`); `frame(step)` makes each frame.
    void run(TimelapseRecorder &recorder, const std::function<bool(const PrintStatus &)> &until,
             const std::function<CameraFrame(int)> &frame, int maxSteps = 200)
    {
        for (int i = 0; i < maxSteps; ++i) {
            m_simulator.advance(1s);
            const QByteArray report = m_simulator.takePartialReport();
            if (!report.isEmpty())
                m_merger.merge(report);
            const PrintStatus status = m_merger.status();
            recorder.onFrame(frame(m_step++));
            if (recorder.state() == TimelapseRecorder::State::Capturing && status.layer > m_maxLayer
                && isPrinting(status))
                ++m_layerChangesSeen;
            if (isPrinting(status))
                m_maxLayer = qMax(m_maxLayer, status.layer);
            recorder.onStatus(status);
            if (until(status))
                return;
        }
        QFAIL("the simulated print never got there");
    }

    int layerChangesSeen() const { return m_layerChangesSeen; }

private:
    static bool isPrinting(const PrintStatus &status)
    {
        return status.state == PrintState::Printing || status.state == PrintState::Preparing;
    }

    PrintJobSimulator m_simulator;
    StatusReportMerger m_merger;
    int m_step = 0;
    int m_maxLayer = 0;
    int m_layerChangesSeen = 0;
};

CameraFrame jpegFrame(int step)
{
    return CameraFrame::fromJpeg(TestFrames::patternJpeg(kSize, H264Clip::colourOf(step)),
                                 QDateTime::currentDateTime(), (step + 1) * 1'000'000'000LL);
}

bool ended(const PrintStatus &status)
{
    return status.state == PrintState::Finished || status.state == PrintState::Failed;
}

QStringList videosIn(const QString &folder)
{
    return QDir(folder).entryList({QStringLiteral("*.mp4")}, QDir::Files);
}

} // namespace

class TestTimelapseRecorder : public QObject
{
    Q_OBJECT

private slots:
    void printBecomesAnMp4_data();
    void printBecomesAnMp4();
    void h264CameraTimelapse();
    void restartMidPrintCarriesOn();
    void interruptedEncodeIsRedone();
    void intervalTriggerWithoutStatus();
    void manualTimelapseIgnoresThePrint();
    void manualTimelapseIsRefusedDuringAPrint();
    void manualTimelapseResumesAsManual();
    void disabledRecordsNothing();
    void noSpaceRefusesOnce();
};

void TestTimelapseRecorder::printBecomesAnMp4_data()
{
    QTest::addColumn<PrintJobSimulator::Job::Outcome>("outcome");
    QTest::newRow("finished") << PrintJobSimulator::Job::Outcome::Finish;
    QTest::newRow("failed") << PrintJobSimulator::Job::Outcome::Fail;
}

void TestTimelapseRecorder::printBecomesAnMp4()
{
    QFETCH(PrintJobSimulator::Job::Outcome, outcome);
    QTemporaryDir dir;
    RecordingLibrary library(dir.path());
    library.setMinimumFreeBytes(0);
    TimelapseRecorder recorder(library, kPrinter);
    QSignalSpy started(&recorder, &TimelapseRecorder::started);
    QSignalSpy progress(&recorder, &TimelapseRecorder::encodingProgress);
    QSignalSpy finished(&recorder, &TimelapseRecorder::finished);
    QSignalSpy failed(&recorder, &TimelapseRecorder::failed);

    SimulatedPrint print(outcome, 10);
    print.run(recorder, ended, jpegFrame);
    QCOMPARE(started.count(), 1);
    QCOMPARE(started.at(0).at(0).toString(), QStringLiteral("benchy.3mf"));
    QCOMPARE(recorder.state(), TimelapseRecorder::State::Idle);
    const int frames = recorder.frameCount();
    QCOMPARE(frames, print.layerChangesSeen());
    if (outcome == PrintJobSimulator::Job::Outcome::Finish)
        QCOMPARE(frames, 10);
    else
        QVERIFY(frames >= 4 && frames < 10);
    const QString work = recorder.workFolder();

    QTRY_COMPARE_WITH_TIMEOUT(finished.count() + failed.count(), 1, 20000);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.at(0).at(1).toString()));
    const QString video = finished.at(0).at(1).toString();
    QCOMPARE(QFileInfo(video).absolutePath(), library.printerPath(kPrinter));
    QVERIFY(QFileInfo(video).fileName().startsWith(QStringLiteral("timelapse_")));
    // Named after the job without its slicer extension; the signal keeps the printer's name.
    QVERIFY2(QFileInfo(video).fileName().endsWith(QStringLiteral("_benchy.mp4")),
             qPrintable(video));
    QCOMPARE(finished.at(0).at(0).toString(), QStringLiteral("benchy.3mf"));
    QVERIFY(QFileInfo::exists(finished.at(0).at(2).toString()));
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.last().at(1).toInt(), 100);
    QVERIFY(!QFileInfo::exists(work));

    const VideoProbe::Info info = VideoProbe::probe(video, VideoProbe::Depth::Decode);
    QVERIFY2(info.ok, qPrintable(info.error));
    QCOMPARE(info.frames, frames + kHoldFrames);
    QCOMPARE(info.size, kSize);
    QCOMPARE(library.entries().size(), 1);
    QCOMPARE(library.entries().constFirst().label, QStringLiteral("benchy"));
}

void TestTimelapseRecorder::h264CameraTimelapse()
{
    // An RTSPS camera: the recorder keeps the store's newest whole picture at each layer.
    const H264Clip::Clip clip = H264Clip::make(16, 4, kSize);
    FrameHub hub;
    QTemporaryDir dir;
    RecordingLibrary library(dir.path());
    library.setMinimumFreeBytes(0);
    TimelapseRecorder recorder(library, kPrinter);
    recorder.setFrameStore(hub.store());
    QSignalSpy finished(&recorder, &TimelapseRecorder::finished);
    QSignalSpy failed(&recorder, &TimelapseRecorder::failed);
    SimulatedPrint print(PrintJobSimulator::Job::Outcome::Finish, 6);
    print.run(recorder, ended, [&](int step) {
        hub.publish(H264Clip::frameOf(clip, step % 16, (step + 1) * 1'000'000'000LL));
        return hub.latest();
    });
    QCOMPARE(recorder.frameCount(), 6);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count() + failed.count(), 1, 20000);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.at(0).at(1).toString()));
    const VideoProbe::Info info
        = VideoProbe::probe(finished.at(0).at(1).toString(), VideoProbe::Depth::Decode);
    QVERIFY2(info.ok, qPrintable(info.error));
    QCOMPARE(info.frames, 6 + kHoldFrames);
    QCOMPARE(info.size, kSize);
}

void TestTimelapseRecorder::restartMidPrintCarriesOn()
{
    QTemporaryDir dir;
    RecordingLibrary library(dir.path());
    library.setMinimumFreeBytes(0);
    SimulatedPrint print(PrintJobSimulator::Job::Outcome::Finish, 12);
    QString work;
    int framesBefore = 0;
    {
        TimelapseRecorder first(library, kPrinter);
        print.run(
            first, [](const PrintStatus &status) { return status.layer >= 5; }, jpegFrame);
        QCOMPARE(first.state(), TimelapseRecorder::State::Capturing);
        framesBefore = first.frameCount();
        QVERIFY(framesBefore >= 4);
        work = first.workFolder();
    } // the process ends mid-print (the writes reach the disk, nothing is encoded)
    QCOMPARE(videosIn(library.printerPath(kPrinter)), QStringList());

    TimelapseRecorder second(library, kPrinter);
    QSignalSpy started(&second, &TimelapseRecorder::started);
    QSignalSpy finished(&second, &TimelapseRecorder::finished);
    QCOMPARE(second.resume(), 1);
    QCOMPARE(second.state(), TimelapseRecorder::State::Capturing);
    QCOMPARE(second.jobName(), QStringLiteral("benchy.3mf"));
    QCOMPARE(second.workFolder(), work);
    QCOMPARE(second.frameCount(), framesBefore);
    print.run(second, ended, jpegFrame);
    QCOMPARE(started.count(), 0); // the same timelapse, not a new one
    QCOMPARE(second.frameCount(), 12);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
    QCOMPARE(videosIn(library.printerPath(kPrinter)).size(), 1);
    const VideoProbe::Info info
        = VideoProbe::probe(finished.at(0).at(1).toString(), VideoProbe::Depth::Decode);
    QVERIFY2(info.ok, qPrintable(info.error));
    QCOMPARE(info.frames, 12 + kHoldFrames);
}

void TestTimelapseRecorder::interruptedEncodeIsRedone()
{
    QTemporaryDir dir;
    RecordingLibrary library(dir.path());
    library.setMinimumFreeBytes(0);
    SimulatedPrint print(PrintJobSimulator::Job::Outcome::Finish, 6);
    QString work;
    {
        TimelapseRecorder first(library, kPrinter);
        print.run(
            first, [](const PrintStatus &status) { return status.layer >= 6; }, jpegFrame);
        work = first.workFolder();
    }
    // What a kill during the encode leaves: the state says "encoding", a partial video lies there.
    QFile state(work + QStringLiteral("/state.json"));
    QVERIFY(state.open(QIODevice::ReadOnly));
    QByteArray json = state.readAll();
    state.close();
    json.replace("\"capturing\"", "\"encoding\"");
    QVERIFY(state.open(QIODevice::WriteOnly | QIODevice::Truncate));
    state.write(json);
    state.close();
    QFile partial(library.printerPath(kPrinter) + QStringLiteral("/timelapse_x.mp4.partial"));
    QVERIFY(partial.open(QIODevice::WriteOnly));
    partial.write("ftyp half");
    partial.close();

    QCOMPARE(library.cleanLeftovers().removed.size(), 1);
    TimelapseRecorder second(library, kPrinter);
    QSignalSpy finished(&second, &TimelapseRecorder::finished);
    QCOMPARE(second.resume(), 1);
    QCOMPARE(second.state(), TimelapseRecorder::State::Idle);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
    const VideoProbe::Info info
        = VideoProbe::probe(finished.at(0).at(1).toString(), VideoProbe::Depth::Decode);
    QVERIFY2(info.ok, qPrintable(info.error));
    QCOMPARE(info.frames, 6 + kHoldFrames);
    QVERIFY(!QFileInfo::exists(work));
}

void TestTimelapseRecorder::intervalTriggerWithoutStatus()
{
    QTemporaryDir dir;
    RecordingLibrary library(dir.path());
    library.setMinimumFreeBytes(0);
    TimelapseRecorder recorder(library, kPrinter);
    recorder.setTrigger(TimelapseRecorder::Trigger::Interval);
    recorder.setIntervalSeconds(2);
    QSignalSpy finished(&recorder, &TimelapseRecorder::finished);
    recorder.startManual(QStringLiteral("manual"));
    for (int i = 0; i < 20; ++i) // 10 s of camera time, a frame every 500 ms
        recorder.onFrame(CameraFrame::fromJpeg(
            TestFrames::patternJpeg(kSize), QDateTime::currentDateTime(), (i + 1) * 500'000'000LL));
    QCOMPARE(recorder.frameCount(), 5); // at 0.5, 2.5, 4.5, 6.5, 8.5 s
    recorder.finishManual();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
    QCOMPARE(VideoProbe::probe(finished.at(0).at(1).toString(), VideoProbe::Depth::Decode).frames,
             5 + kHoldFrames);
}

// A timelapse started by hand ends by hand: the print finishing, the printer going idle or a
// new print starting neither ends it nor starts another.
void TestTimelapseRecorder::manualTimelapseIgnoresThePrint()
{
    QTemporaryDir dir;
    RecordingLibrary library(dir.path());
    library.setMinimumFreeBytes(0);
    TimelapseRecorder recorder(library, kPrinter);
    recorder.setIntervalSeconds(1);
    QSignalSpy started(&recorder, &TimelapseRecorder::started);
    QSignalSpy finished(&recorder, &TimelapseRecorder::finished);
    QVERIFY(recorder.startManual(QStringLiteral("Bench P1S")));
    QVERIFY(recorder.isManual());
    QCOMPARE(recorder.captureTrigger(), TimelapseRecorder::Trigger::Interval);
    QCOMPARE(recorder.trigger(), TimelapseRecorder::Trigger::Layer); // the setting is untouched
    QVERIFY(!recorder.startManual(QStringLiteral("again"))); // one at a time

    // A whole print goes by: one frame a second of camera time, whatever its layers.
    SimulatedPrint print(PrintJobSimulator::Job::Outcome::Finish, 4);
    print.run(recorder, ended, jpegFrame);
    PrintStatus idle;
    idle.state = PrintState::Idle;
    recorder.onStatus(idle);
    QCOMPARE(recorder.state(), TimelapseRecorder::State::Capturing);
    QCOMPARE(started.count(), 1);
    QCOMPARE(started.at(0).at(0).toString(), QStringLiteral("Bench P1S"));
    const int frames = recorder.frameCount();
    QVERIFY2(frames >= 8, qPrintable(QString::number(frames))); // 8 layers' worth of seconds

    recorder.finishManual();
    QCOMPARE(recorder.state(), TimelapseRecorder::State::Idle);
    QVERIFY(!recorder.isManual());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
    const QString video = finished.at(0).at(1).toString();
    QVERIFY2(QFileInfo(video).fileName().endsWith(QStringLiteral("_Bench-P1S.mp4")),
             qPrintable(video));
    QCOMPARE(VideoProbe::probe(video, VideoProbe::Depth::Decode).frames, frames + kHoldFrames);
}

// While the timelapse of a print is being captured, none starts by hand (it would cut the
// print's short), and finishManual() leaves the print's alone.
void TestTimelapseRecorder::manualTimelapseIsRefusedDuringAPrint()
{
    QTemporaryDir dir;
    RecordingLibrary library(dir.path());
    library.setMinimumFreeBytes(0);
    TimelapseRecorder recorder(library, kPrinter);
    SimulatedPrint print(PrintJobSimulator::Job::Outcome::Finish, 10);
    print.run(
        recorder, [](const PrintStatus &status) { return status.layer >= 3; }, jpegFrame);
    QCOMPARE(recorder.state(), TimelapseRecorder::State::Capturing);
    QVERIFY(!recorder.isManual());
    QVERIFY(!recorder.startManual(QStringLiteral("by hand")));
    recorder.finishManual();
    QCOMPARE(recorder.state(), TimelapseRecorder::State::Capturing);
    QCOMPARE(recorder.jobName(), QStringLiteral("benchy.3mf"));
}

void TestTimelapseRecorder::manualTimelapseResumesAsManual()
{
    QTemporaryDir dir;
    RecordingLibrary library(dir.path());
    library.setMinimumFreeBytes(0);
    {
        TimelapseRecorder first(library, kPrinter);
        QVERIFY(first.startManual(QStringLiteral("desk"), TimelapseRecorder::Trigger::Interval));
        first.onFrame(jpegFrame(0));
        QCOMPARE(first.frameCount(), 1);
    } // the process ends while it captures
    TimelapseRecorder second(library, kPrinter);
    QCOMPARE(second.resume(), 1);
    QCOMPARE(second.state(), TimelapseRecorder::State::Capturing);
    QVERIFY(second.isManual());
    QCOMPARE(second.captureTrigger(), TimelapseRecorder::Trigger::Interval);
    QCOMPARE(second.jobName(), QStringLiteral("desk"));
    PrintStatus idle; // an idle printer does not end it
    idle.state = PrintState::Idle;
    second.onStatus(idle);
    QCOMPARE(second.state(), TimelapseRecorder::State::Capturing);
    QSignalSpy finished(&second, &TimelapseRecorder::finished);
    second.finishManual();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
}

void TestTimelapseRecorder::disabledRecordsNothing()
{
    QTemporaryDir dir;
    RecordingLibrary library(dir.path());
    TimelapseRecorder recorder(library, kPrinter);
    recorder.setEnabled(false);
    QSignalSpy started(&recorder, &TimelapseRecorder::started);
    SimulatedPrint print(PrintJobSimulator::Job::Outcome::Finish, 4);
    print.run(recorder, ended, jpegFrame);
    QCOMPARE(started.count(), 0);
    QCOMPARE(recorder.frameCount(), 0);
    QVERIFY(!QFileInfo::exists(library.printerPath(kPrinter)));
}

void TestTimelapseRecorder::noSpaceRefusesOnce()
{
    QTemporaryDir dir;
    RecordingLibrary library(dir.path());
    library.setFreeSpaceFunction([](const QString &) { return 10 * 1000 * 1000; });
    library.setMinimumFreeBytes(1000 * 1000 * 1000);
    TimelapseRecorder recorder(library, kPrinter);
    QSignalSpy failed(&recorder, &TimelapseRecorder::failed);
    SimulatedPrint print(PrintJobSimulator::Job::Outcome::Finish, 4);
    print.run(recorder, ended, jpegFrame);
    QCOMPARE(failed.count(), 1); // said once, not at every report
    QVERIFY(failed.at(0).at(1).toString().startsWith(QStringLiteral("Recording stopped")));
    QCOMPARE(recorder.frameCount(), 0);
}

QTEST_GUILESS_MAIN(TestTimelapseRecorder)
#include "tst_timelapserecorder.moc"
