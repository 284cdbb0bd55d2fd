#include "sim/printjobsimulator.h"
#include "status/statusreportmerger.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTest>

#include <cmath>
#include <limits>

using namespace std::chrono_literals;
using Job = PrintJobSimulator::Job;
using Outcome = PrintJobSimulator::Job::Outcome;

namespace {

const QDateTime t0 = QDateTime::fromMSecsSinceEpoch(1'700'000'000'000, Qt::UTC);

Job job(const QString &name, Outcome outcome = Outcome::Finish,
        std::chrono::seconds duration = 120s, int layers = 10, double failAt = 0.5)
{
    Job result;
    result.name = name;
    result.outcome = outcome;
    result.duration = duration;
    result.totalLayers = layers;
    result.failAtFraction = failAt;
    return result;
}

PrintStatus statusOf(const QByteArray &fullReport)
{
    StatusReportMerger merger;
    if (merger.merge(fullReport, t0) != StatusReportMerger::Result::Merged)
        qFatal("the simulator wrote a report the merger refused");
    return merger.status();
}

// The states a run goes through, each named once per stay: "Preparing Printing Finished Idle".
QString statesOf(PrintJobSimulator &simulator, std::chrono::milliseconds step,
                 std::chrono::milliseconds total)
{
    QStringList states;
    for (std::chrono::milliseconds time{0}; time <= total; time += step) {
        const QString state = StatusReportMerger::stateName(statusOf(simulator.fullReport()).state);
        if (states.isEmpty() || states.last() != state)
            states.append(state);
        simulator.advance(step);
    }
    return states.join(QLatin1Char(' '));
}

QJsonObject printOf(const QByteArray &report)
{
    return QJsonDocument::fromJson(report).object().value(QLatin1String("print")).toObject();
}

} // namespace

class tst_PrintJobSimulator : public QObject
{
    Q_OBJECT

private slots:
    void runsThroughStates_data();
    void runsThroughStates();
    void phaseTimings();
    void pausedForError();
    void failed();
    void partialsMergeToFull_data();
    void partialsMergeToFull();
    void percentMonotonicWithinAJob_data();
    void percentMonotonicWithinAJob();
    void partialEmptyWhenNothingChanged();
    void deterministicWhateverTheSteps_data();
    void deterministicWhateverTheSteps();
    void reportFormat();
    void temperatures();
    void sanitizesJobs();
    void holdsLastOutcome_data();
    void holdsLastOutcome();
};

void tst_PrintJobSimulator::runsThroughStates_data()
{
    QTest::addColumn<QList<Job>>("jobs");
    QTest::addColumn<bool>("loop");
    QTest::addColumn<int>("seconds");
    QTest::addColumn<QString>("states");

    const QString idle = QStringLiteral("Idle");
    QTest::newRow("finish") << QList<Job>{job(QStringLiteral("a.3mf"))} << false << 1000
                            << QStringLiteral("Preparing Printing Finished Idle");
    QTest::newRow("fail") << QList<Job>{job(QStringLiteral("a.3mf"), Outcome::Fail)} << false
                          << 1000 << QStringLiteral("Preparing Printing Failed Idle");
    QTest::newRow("pause for error")
        << QList<Job>{job(QStringLiteral("a.3mf"), Outcome::PauseForError),
                      job(QStringLiteral("b.3mf"))}
        << true << 3600 << QStringLiteral("Preparing Printing Paused");
    QTest::newRow("two jobs, looping")
        << QList<Job>{job(QStringLiteral("a.3mf")), job(QStringLiteral("b.3mf"), Outcome::Fail)}
        << true << 40 + 120 + 20 + 10 + 40 + 60 + 20 + 10 + 40 + 1
        << QStringLiteral("Preparing Printing Finished Idle Preparing Printing Failed Idle "
                          "Preparing Printing");
    QTest::newRow("two jobs, once")
        << QList<Job>{job(QStringLiteral("a.3mf")), job(QStringLiteral("b.3mf"))} << false << 5000
        << QStringLiteral("Preparing Printing Finished Idle Preparing Printing Finished Idle");
    QTest::newRow("fail at the start")
        << QList<Job>{job(QStringLiteral("a.3mf"), Outcome::Fail, 120s, 10, 0.0)} << false << 1000
        << QStringLiteral("Preparing Failed Idle");
    QTest::newRow("no jobs") << QList<Job>() << true << 1000 << idle;
}

void tst_PrintJobSimulator::runsThroughStates()
{
    QFETCH(QList<Job>, jobs);
    QFETCH(bool, loop);
    QFETCH(int, seconds);
    QFETCH(QString, states);

    PrintJobSimulator simulator(jobs, loop);
    QCOMPARE(statesOf(simulator, 1s, std::chrono::seconds(seconds)), states);
}

void tst_PrintJobSimulator::phaseTimings()
{
    PrintJobSimulator simulator({job(QStringLiteral("a.3mf"), Outcome::Finish, 120s, 10)});
    const auto stateAfter = [&](std::chrono::milliseconds step) {
        simulator.advance(step);
        return statusOf(simulator.fullReport()).state;
    };
    QCOMPARE(statusOf(simulator.fullReport()).state, PrintState::Preparing);
    QCOMPARE(stateAfter(PrintJobSimulator::kPrepareTime - 1ms), PrintState::Preparing);
    QCOMPARE(stateAfter(1ms), PrintState::Printing);
    QCOMPARE(stateAfter(120s - 1ms), PrintState::Printing);
    QCOMPARE(stateAfter(1ms), PrintState::Finished);
    QCOMPARE(stateAfter(PrintJobSimulator::kEndHoldTime - 1ms), PrintState::Finished);
    QCOMPARE(stateAfter(1ms), PrintState::Idle);
    QCOMPARE(stateAfter(PrintJobSimulator::kIdleTime - 1ms), PrintState::Idle);
    QCOMPARE(stateAfter(1ms), PrintState::Preparing); // the same job again: looping
    QCOMPARE(simulator.currentJob(), 0);
}

void tst_PrintJobSimulator::pausedForError()
{
    PrintJobSimulator simulator(
        {job(QStringLiteral("runout.3mf"), Outcome::PauseForError, 200s, 50, 0.25)});
    simulator.advance(PrintJobSimulator::kPrepareTime + 50s - 1ms);
    PrintStatus status = statusOf(simulator.fullReport());
    QCOMPARE(status.state, PrintState::Printing);
    QCOMPARE(status.percent, 24);

    simulator.advance(1ms);
    status = statusOf(simulator.fullReport());
    QCOMPARE(status.state, PrintState::Paused);
    QVERIFY(status.isPausedForError());
    QCOMPARE(status.printError, PrintJobSimulator::kPauseError);
    QCOMPARE(status.printError, qint64(0x07008011));
    QCOMPARE(status.healthMessages, 1);
    QCOMPARE(status.percent, 25);
    QCOMPARE(status.layer, 13); // 1 + 50 * 0.25
    QCOMPARE(status.totalLayers, 50);
    QCOMPARE(status.remainingMinutes, 3); // 150 s left
    QCOMPARE(status.jobName, QStringLiteral("runout.3mf"));
    QCOMPARE(status.nozzleTarget, std::optional<double>(220));

    // It waits for someone, however long.
    simulator.advance(24h);
    const PrintStatus later = statusOf(simulator.fullReport());
    QCOMPARE(later.state, PrintState::Paused);
    QCOMPARE(later.percent, 25);
    QCOMPARE(later.printError, PrintJobSimulator::kPauseError);
}

void tst_PrintJobSimulator::failed()
{
    PrintJobSimulator simulator({job(QStringLiteral("clog.3mf"), Outcome::Fail, 100s, 20, 0.6)},
                                false);
    simulator.advance(PrintJobSimulator::kPrepareTime + 60s);
    PrintStatus status = statusOf(simulator.fullReport());
    QCOMPARE(status.state, PrintState::Failed);
    QCOMPARE(status.printError, PrintJobSimulator::kFailError);
    QCOMPARE(status.percent, 60);
    QCOMPARE(status.layer, 13);
    QCOMPARE(status.nozzleTarget, std::optional<double>(0));
    QCOMPARE(status.bedTarget, std::optional<double>(0));
    QCOMPARE(status.jobName, QStringLiteral("clog.3mf"));

    simulator.advance(PrintJobSimulator::kEndHoldTime);
    status = statusOf(simulator.fullReport());
    QCOMPARE(status.state, PrintState::Idle);
    QCOMPARE(status.printError, qint64(0));
    QCOMPARE(status.percent, 0);
}

void tst_PrintJobSimulator::partialsMergeToFull_data()
{
    QTest::addColumn<QList<Job>>("jobs");
    QTest::addColumn<int>("stepMs");
    QTest::addColumn<bool>("startWithFull");

    const QList<Job> mix = {job(QStringLiteral("a.3mf"), Outcome::Finish, 300s, 40),
                            job(QStringLiteral("b.3mf"), Outcome::Fail, 200s, 10, 0.3),
                            job(QStringLiteral("c.3mf"), Outcome::PauseForError, 100s, 5)};
    QTest::newRow("every 250 ms") << mix << 250 << false;
    QTest::newRow("every second") << mix << 1000 << false;
    QTest::newRow("every second, after a full report") << mix << 1000 << true;
    QTest::newRow("every 7 s") << mix << 7000 << false;
    QTest::newRow("every 65 s") << mix << 65000 << true;
    QTest::newRow("same name twice")
        << QList<Job>{job(QStringLiteral("a.3mf"), Outcome::Finish, 30s, 2),
                      job(QStringLiteral("a.3mf"), Outcome::Finish, 30s, 2)}
        << 3000 << false;
    QTest::newRow("no jobs") << QList<Job>() << 5000 << false;
}

void tst_PrintJobSimulator::partialsMergeToFull()
{
    QFETCH(QList<Job>, jobs);
    QFETCH(int, stepMs);
    QFETCH(bool, startWithFull);

    PrintJobSimulator simulator(jobs);
    StatusReportMerger merger;
    if (startWithFull)
        QCOMPARE(merger.merge(simulator.takeFullReport(), t0), StatusReportMerger::Result::Merged);

    int partials = 0;
    int empties = 0;
    for (int step = 0; step < 1000; ++step) {
        const QByteArray report = simulator.takePartialReport();
        if (report.isEmpty()) {
            ++empties;
        } else {
            ++partials;
            QCOMPARE(merger.merge(report, t0), StatusReportMerger::Result::Merged);
            QCOMPARE(printOf(report).value(QLatin1String("msg")), QJsonValue(1));
        }
        // The key property: full + partials merged == the latest full report alone.
        const PrintStatus expected = statusOf(simulator.fullReport());
        if (merger.status() != expected) {
            QFAIL(qPrintable(
                QStringLiteral("step %1: merged %2, full %3")
                    .arg(step)
                    .arg(QString::fromUtf8(
                             QJsonDocument(merger.printObject()).toJson(QJsonDocument::Compact)),
                         QString::fromUtf8(simulator.fullReport()))));
        }
        // Every field of the full report, not just those status() reads.
        const QJsonObject fields = simulator.fields();
        for (auto it = fields.constBegin(); it != fields.constEnd(); ++it)
            QCOMPARE(merger.printObject().value(it.key()), it.value());
        simulator.advance(std::chrono::milliseconds(stepMs));
    }
    QVERIFY(partials > 0);
    if (!jobs.isEmpty())
        QVERIFY(partials > 10);
    else
        QCOMPARE(partials, 1); // an idle printer with nothing to do says nothing new
}

void tst_PrintJobSimulator::percentMonotonicWithinAJob_data()
{
    QTest::addColumn<Job>("job");

    QTest::newRow("finish") << job(QStringLiteral("a"), Outcome::Finish, 777s, 33);
    QTest::newRow("fail") << job(QStringLiteral("a"), Outcome::Fail, 500s, 10, 0.9);
    QTest::newRow("pause") << job(QStringLiteral("a"), Outcome::PauseForError, 90s, 300, 0.7);
    QTest::newRow("short") << job(QStringLiteral("a"), Outcome::Finish, 1s, 1);
}

void tst_PrintJobSimulator::percentMonotonicWithinAJob()
{
    QFETCH(Job, job);
    PrintJobSimulator simulator({job}, false);

    int percent = 0;
    int layer = 0;
    int remaining = std::numeric_limits<int>::max();
    QSet<int> percents;
    for (int step = 0; step < 5000; ++step) {
        const PrintStatus status = statusOf(simulator.fullReport());
        if (status.state == PrintState::Idle)
            break;
        QVERIFY2(status.percent >= percent, qPrintable(QString::number(step)));
        QVERIFY(status.layer >= layer);
        QVERIFY(status.remainingMinutes <= remaining);
        QVERIFY(status.percent >= 0 && status.percent <= 100);
        QVERIFY(status.layer >= 0 && status.layer <= job.totalLayers);
        QVERIFY(status.remainingMinutes >= 0);
        percent = status.percent;
        layer = status.layer;
        remaining = status.remainingMinutes;
        percents.insert(percent);
        simulator.advance(250ms);
    }
    if (job.outcome == Outcome::Finish) {
        QCOMPARE(percent, 100);
        QCOMPARE(layer, job.totalLayers);
        QCOMPARE(remaining, 0);
    }
    if (job.duration >= 100s)
        QVERIFY(percents.size() > 50); // it moves in steps of 1 %
}

void tst_PrintJobSimulator::partialEmptyWhenNothingChanged()
{
    PrintJobSimulator simulator({job(QStringLiteral("a.3mf"))});
    const QByteArray first = simulator.takePartialReport();
    QVERIFY(!first.isEmpty());
    // The first partial holds everything.
    QCOMPARE(statusOf(first), statusOf(simulator.fullReport()));
    QVERIFY(simulator.takePartialReport().isEmpty());
    simulator.advance(0ms);
    simulator.advance(-5s);
    QVERIFY(simulator.takePartialReport().isEmpty());

    // Heating: the temperatures change, nothing else does.
    simulator.advance(1s);
    const QJsonObject heating = printOf(simulator.takePartialReport());
    QStringList keys = heating.keys();
    keys.removeAll(QStringLiteral("command"));
    keys.removeAll(QStringLiteral("msg"));
    keys.removeAll(QStringLiteral("sequence_id"));
    QCOMPARE(keys, QStringList({QStringLiteral("bed_temper"), QStringLiteral("nozzle_temper")}));

    // A full report taken is the new baseline; one only looked at is not.
    simulator.advance(1s);
    (void)simulator.fullReport();
    QVERIFY(!simulator.takePartialReport().isEmpty());
    simulator.advance(1s);
    (void)simulator.takeFullReport();
    QVERIFY(simulator.takePartialReport().isEmpty());

    // A printer that has cooled down and has nothing to do has nothing to say.
    PrintJobSimulator idle({job(QStringLiteral("a.3mf"))}, false);
    idle.advance(24h);
    (void)idle.takePartialReport();
    idle.advance(1h);
    QVERIFY(idle.takePartialReport().isEmpty());
}

void tst_PrintJobSimulator::deterministicWhateverTheSteps_data()
{
    QTest::addColumn<int>("stepMs");

    QTest::newRow("1 ms") << 1; // fine steps, but only for the first seconds
    QTest::newRow("333 ms") << 333;
    QTest::newRow("1 s") << 1000;
    QTest::newRow("17 s") << 17000;
    QTest::newRow("one go") << 0;
}

void tst_PrintJobSimulator::deterministicWhateverTheSteps()
{
    QFETCH(int, stepMs);

    const QList<Job> jobs = {job(QStringLiteral("a.3mf"), Outcome::Finish, 100s, 10),
                             job(QStringLiteral("b.3mf"), Outcome::Fail, 60s, 10)};
    // Checkpoints in every phase of both jobs.
    const QList<std::chrono::milliseconds> checkpoints
        = {5s, 39999ms, 40s, 90s, 140s, 150s, 165s, 175s, 200s, 240s, 260s, 290s};
    PrintJobSimulator reference(jobs);
    PrintJobSimulator stepped(jobs);
    std::chrono::milliseconds referenceTime{0};
    std::chrono::milliseconds steppedTime{0};
    for (const std::chrono::milliseconds checkpoint : checkpoints) {
        reference.advance(checkpoint - referenceTime);
        referenceTime = checkpoint;
        const std::chrono::milliseconds step = stepMs == 0 || (stepMs == 1 && checkpoint > 5s)
            ? checkpoint - steppedTime
            : std::chrono::milliseconds(stepMs);
        while (steppedTime + step <= checkpoint) {
            stepped.advance(step);
            steppedTime += step;
        }
        stepped.advance(checkpoint - steppedTime);
        steppedTime = checkpoint;
        QCOMPARE(stepped.fullReport(), reference.fullReport());
    }
    // The same jobs give the same reports again, from a new simulator.
    PrintJobSimulator again(jobs);
    again.advance(referenceTime);
    QCOMPARE(again.fields(), reference.fields());
}

void tst_PrintJobSimulator::reportFormat()
{
    PrintJobSimulator simulator({job(QStringLiteral("benchy.3mf"), Outcome::Finish, 600s, 250)});
    simulator.advance(PrintJobSimulator::kPrepareTime + 300s);

    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(simulator.takeFullReport(), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(document.object().keys(), QStringList{QStringLiteral("print")});
    const QJsonObject print = document.object().value(QLatin1String("print")).toObject();

    const QStringList expectedKeys = {
        QStringLiteral("bed_target_temper"),
        QStringLiteral("bed_temper"),
        QStringLiteral("command"),
        QStringLiteral("gcode_state"),
        QStringLiteral("hms"),
        QStringLiteral("layer_num"),
        QStringLiteral("mc_percent"),
        QStringLiteral("mc_remaining_time"),
        QStringLiteral("msg"),
        QStringLiteral("nozzle_target_temper"),
        QStringLiteral("nozzle_temper"),
        QStringLiteral("print_error"),
        QStringLiteral("sequence_id"),
        QStringLiteral("subtask_name"),
        QStringLiteral("total_layer_num"),
        QStringLiteral("wifi_signal"),
    };
    QCOMPARE(print.keys(), expectedKeys);
    QCOMPARE(print.value(QLatin1String("command")).toString(), QStringLiteral("push_status"));
    QCOMPARE(print.value(QLatin1String("msg")), QJsonValue(0));
    QVERIFY(print.value(QLatin1String("sequence_id")).isString());
    QCOMPARE(print.value(QLatin1String("gcode_state")).toString(), QStringLiteral("RUNNING"));
    QCOMPARE(print.value(QLatin1String("mc_percent")), QJsonValue(50));
    QCOMPARE(print.value(QLatin1String("layer_num")), QJsonValue(126));
    QCOMPARE(print.value(QLatin1String("total_layer_num")), QJsonValue(250));
    QCOMPARE(print.value(QLatin1String("mc_remaining_time")), QJsonValue(5));
    QCOMPARE(print.value(QLatin1String("subtask_name")).toString(), QStringLiteral("benchy.3mf"));
    QCOMPARE(print.value(QLatin1String("print_error")), QJsonValue(0));
    QCOMPARE(print.value(QLatin1String("hms")).toArray().size(), 0);
    QCOMPARE(print.value(QLatin1String("wifi_signal")).toString(), QStringLiteral("-44dBm"));

    // Each report taken has a new sequence number.
    simulator.advance(1s);
    const QJsonObject next = printOf(simulator.takePartialReport());
    QVERIFY(next.value(QLatin1String("sequence_id")) != print.value(QLatin1String("sequence_id")));
    QCOMPARE(next.value(QLatin1String("command")).toString(), QStringLiteral("push_status"));
}

void tst_PrintJobSimulator::temperatures()
{
    PrintJobSimulator simulator({job(QStringLiteral("a.3mf"), Outcome::Finish, 300s)}, false);
    PrintStatus status = statusOf(simulator.fullReport());
    QCOMPARE(status.nozzleTemperature, std::optional<double>(PrintJobSimulator::kAmbient));
    QCOMPARE(status.nozzleTarget, std::optional<double>(220));
    QCOMPARE(status.bedTarget, std::optional<double>(65));

    // Heating: rising, never above the target.
    double nozzle = *status.nozzleTemperature;
    double bed = *status.bedTemperature;
    for (int second = 1; second <= 40; ++second) {
        simulator.advance(1s);
        status = statusOf(simulator.fullReport());
        if (status.state != PrintState::Preparing)
            break;
        QVERIFY(*status.nozzleTemperature >= nozzle);
        QVERIFY(*status.bedTemperature >= bed);
        QVERIFY(*status.nozzleTemperature <= 220);
        nozzle = *status.nozzleTemperature;
        bed = *status.bedTemperature;
    }
    QVERIFY(nozzle > 200);
    QVERIFY(bed > 55);

    // Printing: near the targets.
    for (int second = 0; second < 300; second += 7) {
        status = statusOf(simulator.fullReport());
        QCOMPARE(status.state, PrintState::Printing);
        QVERIFY(qAbs(*status.nozzleTemperature - 220) <= 1.0);
        QVERIFY(qAbs(*status.bedTemperature - 65) <= 0.5);
        simulator.advance(7s);
    }

    // Finished (for a second now): targets off, cooling toward the room.
    status = statusOf(simulator.fullReport());
    QCOMPARE(status.state, PrintState::Finished);
    QCOMPARE(status.nozzleTarget, std::optional<double>(0));
    nozzle = *status.nozzleTemperature;
    simulator.advance(10s);
    status = statusOf(simulator.fullReport());
    QVERIFY(*status.nozzleTemperature < nozzle);
    simulator.advance(2h);
    status = statusOf(simulator.fullReport());
    QCOMPARE(status.state, PrintState::Idle);
    QCOMPARE(status.nozzleTemperature, std::optional<double>(PrintJobSimulator::kAmbient));
    QCOMPARE(status.bedTemperature, std::optional<double>(PrintJobSimulator::kAmbient));
}

void tst_PrintJobSimulator::sanitizesJobs()
{
    Job odd = job(QStringLiteral("odd"), Outcome::Fail, 0s, -4, std::nan(""));
    PrintJobSimulator simulator({odd}, false);
    simulator.advance(PrintJobSimulator::kPrepareTime);
    // Fails at once (fraction 0), with one layer of one second.
    PrintStatus status = statusOf(simulator.fullReport());
    QCOMPARE(status.state, PrintState::Failed);
    QCOMPARE(status.totalLayers, 1);
    QCOMPARE(status.percent, 0);

    Job huge
        = job(QStringLiteral("huge"), Outcome::Finish, std::chrono::hours(24 * 365), 1 << 30, 7.0);
    PrintJobSimulator big({huge});
    big.advance(PrintJobSimulator::kPrepareTime + std::chrono::hours(24 * 29));
    status = statusOf(big.fullReport());
    QCOMPARE(status.state, PrintState::Printing);
    QCOMPARE(status.totalLayers, 100'000);
    QVERIFY(status.percent > 90 && status.percent < 100);
    QCOMPARE(status.remainingMinutes, 24 * 60);
    big.advance(std::chrono::hours(24));
    QCOMPARE(statusOf(big.fullReport()).state, PrintState::Finished);
}

void tst_PrintJobSimulator::holdsLastOutcome_data()
{
    QTest::addColumn<Outcome>("outcome");
    QTest::addColumn<bool>("hold");
    QTest::addColumn<PrintState>("finalState");

    QTest::newRow("finished, held") << Outcome::Finish << true << PrintState::Finished;
    QTest::newRow("failed, held") << Outcome::Fail << true << PrintState::Failed;
    QTest::newRow("finished, not held: idle") << Outcome::Finish << false << PrintState::Idle;
}

void tst_PrintJobSimulator::holdsLastOutcome()
{
    QFETCH(Outcome, outcome);
    QFETCH(bool, hold);
    QFETCH(PrintState, finalState);
    PrintJobSimulator simulator({job(QStringLiteral("last.3mf"), outcome)}, /*loop=*/false);
    simulator.setHoldLastOutcome(hold);
    simulator.advance(std::chrono::hours(24)); // far past every phase's end
    QCOMPARE(statusOf(simulator.fullReport()).state, finalState);
}

QTEST_GUILESS_MAIN(tst_PrintJobSimulator)
#include "tst_printjobsimulator.moc"
