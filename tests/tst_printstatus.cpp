// Print status end to end, through the real model: a real mosquitto broker on 127.0.0.1 (TLS, a
// password file), the simulator's StatusFeed publishing as printers do (the full state, then
// partial updates), and a PrinterFarm whose printers' StatusConnections subscribe, merge and raise
// alerts. Also the demo, with its broker and without.
#include "model/appsettings.h"
#include "model/memorycredentialstore.h"
#include "model/printer.h"
#include "model/printerfarm.h"
#include "net/statusconnection.h"
#include "retrywitness.h"
#include "sim/demofarm.h"
#include "sim/loopbackbroker.h"
#include "sim/printjobsimulator.h"
#include "sim/statusfeed.h"
#include "sim/statuspublisher.h"
#include "status/statusreportmerger.h"
#include "testsupport.h"

#include <QFile>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>
#include <utility>

using namespace std::chrono_literals;
using Outcome = PrintJobSimulator::Job::Outcome;
using Kind = PrintAlerts::Kind;

namespace {

const QString kCode = TestSupport::kAccessCode; // the broker's password for bblp
const QString kWrongCode = QStringLiteral("87654321");
const QString kSerial = QStringLiteral("01S00E2E0000001");
const QString kOtherSerial = QStringLiteral("01S00E2E0000002");
const QString kJobName = QStringLiteral("e2e_gearbox.3mf");

// Simulated seconds per real second: a 600 s job moves one percent every 0.3 s.
constexpr double kTimeScale = 20;
// Stops the simulated clock without stopping the feed: every tick then advances nothing.
constexpr double kFrozen = 1e-9;
constexpr int kTimeout = 15000;

PrintJobSimulator::Job makeJob(const QString &name, std::chrono::seconds duration, int layers,
                               Outcome outcome = Outcome::Finish, double failAt = 0.6)
{
    PrintJobSimulator::Job job;
    job.name = name;
    job.duration = duration;
    job.totalLayers = layers;
    job.outcome = outcome;
    job.failAtFraction = failAt;
    return job;
}

// Ten simulated minutes of printing, 300 layers; started a minute in, so it is RUNNING at once.
PrintJobSimulator longPrint()
{
    return PrintJobSimulator({makeJob(kJobName, 600s, 300)});
}
constexpr std::chrono::seconds kLongPrintStart = PrintJobSimulator::kPrepareTime + 60s;

StatusConnection::Timeouts fastTimeouts()
{
    StatusConnection::Timeouts timeouts;
    timeouts.connect = 5000ms;
    timeouts.keepAlive = 5s; // libmosquitto's minimum
    timeouts.backoffInitial = 100ms;
    timeouts.backoffMaximum = 400ms;
    return timeouts;
}

// A report's `print.msg`: 0 for a full report, 1 for a partial one (-1: neither).
int messageKind(const QByteArray &payload)
{
    const QJsonObject print
        = QJsonDocument::fromJson(payload).object().value(QLatin1String("print")).toObject();
    return print.value(QLatin1String("msg")).toInt(-1);
}

QString optionalText(const std::optional<double> &value)
{
    return value ? QString::number(*value) : QStringLiteral("?");
}

// Every field of a status but the time of reception, for comparisons with readable failures.
QString summary(const PrintStatus &status)
{
    return QStringLiteral("%1 “%2” %3% %4 min layer %5/%6 nozzle %7/%8 bed %9/%10 error %11 "
                          "hms %12")
        .arg(StatusReportMerger::stateName(status.state), status.jobName)
        .arg(status.percent)
        .arg(status.remainingMinutes)
        .arg(status.layer)
        .arg(status.totalLayers)
        .arg(optionalText(status.nozzleTemperature), optionalText(status.nozzleTarget),
             optionalText(status.bedTemperature), optionalText(status.bedTarget))
        .arg(status.printError)
        .arg(status.healthMessages);
}

// What a StatusReportMerger makes of one report alone.
PrintStatus statusOf(const QByteArray &report)
{
    StatusReportMerger merger;
    if (merger.merge(report) != StatusReportMerger::Result::Merged)
        return {};
    return merger.status();
}

QByteArray fileContents(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

Printer *printerNamed(const PrinterFarm &farm, const QString &name)
{
    const QList<Printer *> printers = farm.printers();
    for (Printer *printer : printers) {
        if (printer->name() == name)
            return printer;
    }
    return nullptr;
}

QList<StatusConnection::State> statesOf(const QSignalSpy &spy)
{
    QList<StatusConnection::State> states;
    for (const QList<QVariant> &arguments : spy)
        states << arguments.first().value<StatusConnection::State>();
    return states;
}

// (printer name, alert kind) for each printAlert, in order.
QList<QPair<QString, Kind>> alertsOf(const QSignalSpy &spy)
{
    QList<QPair<QString, Kind>> alerts;
    for (const QList<QVariant> &arguments : spy) {
        alerts.append({arguments.at(0).value<Printer *>()->name(),
                       arguments.at(1).value<PrintAlerts::Alert>().kind});
    }
    return alerts;
}

} // namespace

class TestPrintStatus : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void mergedOnTheModel_data();
    void mergedOnTheModel();
    void serialLearnedAndSaved();
    void statusPinsOnFirstUseAndFollowsItsSwitch();
    void wrongPasswordStopsRetries();
    void brokerRestartIsSurvived();
    void printAlertsEndToEnd();
    void demoInProcessAndBroker_data();
    void demoInProcessAndBroker();

private:
    bool startBroker(QString *error);
    // A feed of these printers' jobs for the broker, not started yet; its reports are recorded in
    // m_feedReports.
    StatusFeed *makeFeed(const QList<QPair<QString, PrintJobSimulator>> &printers,
                         std::chrono::seconds startAt, double timeScale);
    // Starts the feed and waits until it publishes to the broker.
    bool startFeed();
    // A printer of the farm whose camera dials a closed port and whose status comes from the
    // broker. The camera's failures are not this test's business.
    Printer *addPrinter(const QString &name, const QString &serial, const QString &code);
    // Publishes a report without print status after everything the feed published so far and
    // waits until the printer received it: MQTT keeps one publisher's order, so every earlier
    // report has been merged then.
    bool drainReports(Printer *printer, const QString &serial);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_settingsPath;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<MemoryCredentialStore> m_credentials;
    std::unique_ptr<LoopbackBroker> m_broker;
    std::unique_ptr<StatusFeed> m_feed;
    std::unique_ptr<PrinterFarm> m_farm;
    QList<QByteArray> m_feedReports;
    int m_sentinels = 0;
};

void TestPrintStatus::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_settingsPath = m_dir->filePath(QStringLiteral("farm.conf"));
    m_settings = std::make_unique<AppSettings>(m_settingsPath);
    m_credentials = std::make_unique<MemoryCredentialStore>();
    m_farm = std::make_unique<PrinterFarm>(m_settings.get(), m_credentials.get());
    m_feedReports.clear();
}

void TestPrintStatus::cleanup()
{
    // The printers' connections go before the broker they talk to, the farm before its settings.
    m_farm.reset();
    m_feed.reset();
    m_broker.reset();
    m_credentials.reset();
    m_settings.reset();
    m_dir.reset();
}

bool TestPrintStatus::startBroker(QString *error)
{
    m_broker = std::make_unique<LoopbackBroker>();
    return m_broker->start({{QStringLiteral("bblp"), kCode}}, error);
}

StatusFeed *TestPrintStatus::makeFeed(const QList<QPair<QString, PrintJobSimulator>> &printers,
                                      std::chrono::seconds startAt, double timeScale)
{
    m_feed = std::make_unique<StatusFeed>();
    for (const auto &[serial, simulator] : printers)
        m_feed->addPrinter(serial, simulator, startAt);
    m_feed->setInterval(50ms);
    m_feed->setTimeScale(timeScale);
    m_feed->publishTo(QHostAddress(QHostAddress::LocalHost), m_broker->port(), kCode);
    m_feed->publisher()->setBackoff(100ms, 400ms);
    connect(m_feed.get(), &StatusFeed::reportReady, m_feed.get(),
            [this](const QString &, const QByteArray &payload) { m_feedReports.append(payload); });
    return m_feed.get();
}

bool TestPrintStatus::startFeed()
{
    QSignalSpy connected(m_feed->publisher(), &StatusPublisher::connected);
    m_feed->start();
    return connected.wait(kTimeout);
}

Printer *TestPrintStatus::addPrinter(const QString &name, const QString &serial,
                                     const QString &code)
{
    PrinterConfig config;
    config.name = name;
    config.host = QStringLiteral("127.0.0.1");
    config.port = TestSupport::closedLoopbackPort();
    config.serial = serial;
    config.statusPort = m_broker->port();
    QString error;
    Printer *printer = m_farm->addPrinter(config, code, &error);
    if (!printer) {
        qWarning().noquote() << "addPrinter failed:" << error;
        return nullptr;
    }
    // The first attempt is under way; every later one (and the backoff) uses these.
    printer->statusConnection()->setTimeouts(fastTimeouts());
    return printer;
}

bool TestPrintStatus::drainReports(Printer *printer, const QString &serial)
{
    const QByteArray sentinel
        = QStringLiteral(R"({"info":{"command":"e2e_sentinel","sequence_id":"%1"}})")
              .arg(++m_sentinels)
              .toUtf8();
    QSignalSpy received(printer->statusConnection(), &StatusConnection::reportReceived);
    if (!m_feed->publisher()->publishReport(serial, sentinel))
        return false;
    return QTest::qWaitFor(
        [&] {
            for (const QList<QVariant> &arguments : std::as_const(received)) {
                if (arguments.first().toByteArray() == sentinel)
                    return true;
            }
            return false;
        },
        kTimeout);
}

void TestPrintStatus::mergedOnTheModel_data()
{
    QTest::addColumn<QString>("typedSerial");
    QTest::newRow("serial typed") << kSerial;
    QTest::newRow("serial learned") << QString();
}

void TestPrintStatus::mergedOnTheModel()
{
    QFETCH(QString, typedSerial);
    FARMCAM_REQUIRE_LOOPBACK_BROKER();
    QString error;
    QVERIFY2(startBroker(&error), qPrintable(error));
    StatusFeed *feed = makeFeed({{kSerial, longPrint()}}, kLongPrintStart, kTimeScale);
    QVERIFY(startFeed());

    Printer *printer = addPrinter(QStringLiteral("E2E P1S"), typedSerial, kCode);
    QVERIFY(printer);
    QTRY_VERIFY2_WITH_TIMEOUT(printer->printStatus().jobName == kJobName
                                  && printer->printStatus().state == PrintState::Printing,
                              qPrintable(summary(printer->printStatus())), kTimeout);
    const PrintStatus first = printer->printStatus();
    QTRY_VERIFY2_WITH_TIMEOUT(printer->printStatus().percent > first.percent
                                  && printer->printStatus().layer > first.layer,
                              qPrintable(summary(printer->printStatus())), kTimeout);
    QCOMPARE(printer->statusConnection()->serial(), kSerial);
    QCOMPARE(printer->statusProblem(), QString());

    // Stop the simulated clock, let everything published so far reach the printer, then ask the
    // simulator for its whole state without publishing it (the feed is disconnected then).
    feed->setTimeScale(kFrozen);
    QVERIFY(drainReports(printer, kSerial));
    const QList<QByteArray> published = m_feedReports;
    feed->stop();
    QVERIFY(!feed->publisher()->isReady());
    feed->sendFullReport(kSerial);
    QCOMPARE(m_feedReports.size(), published.size() + 1);
    const PrintStatus expected = statusOf(m_feedReports.constLast());
    QVERIFY(!expected.isNull());

    const PrintStatus merged = printer->printStatus();
    QCOMPARE(summary(merged), summary(expected));
    PrintStatus aligned = expected; // and nothing else differs but when things were received
    aligned.updated = merged.updated;
    aligned.remainingSince = merged.remainingSince;
    QVERIFY(merged == aligned);
    QCOMPARE(merged.state, PrintState::Printing);
    QCOMPARE(merged.jobName, kJobName);
    QCOMPARE(merged.totalLayers, 300);
    QCOMPARE(merged.nozzleTarget.value_or(-1), PrintJobSimulator::kNozzleTarget);
    QCOMPARE(merged.bedTarget.value_or(-1), PrintJobSimulator::kBedTarget);

    // Partial reports did that: the last full report published is well behind.
    qsizetype lastFull = -1;
    for (qsizetype i = 0; i < published.size(); ++i) {
        if (messageKind(published.at(i)) == 0)
            lastFull = i;
    }
    QVERIFY(lastFull >= 0);
    QVERIFY2(lastFull < published.size() - 1, "no partial report after the last full one");
    for (qsizetype i = lastFull + 1; i < published.size(); ++i)
        QCOMPARE(messageKind(published.at(i)), 1);
    const PrintStatus lastFullStatus = statusOf(published.at(lastFull));
    QVERIFY2(lastFullStatus.percent < merged.percent, qPrintable(summary(lastFullStatus)));
    QVERIFY2(lastFullStatus.layer < merged.layer, qPrintable(summary(lastFullStatus)));
}

void TestPrintStatus::serialLearnedAndSaved()
{
    FARMCAM_REQUIRE_LOOPBACK_BROKER();
    QString error;
    QVERIFY2(startBroker(&error), qPrintable(error));
    makeFeed({{kSerial, longPrint()}}, kLongPrintStart, kTimeScale);
    QVERIFY(startFeed());

    Printer *printer = addPrinter(QStringLiteral("No serial typed"), QString(), kCode);
    QVERIFY(printer);
    QCOMPARE(printer->config().serial, QString());
    QVERIFY(!fileContents(m_settingsPath).contains(kSerial.toUtf8()));
    QSignalSpy learned(printer, &Printer::serialLearned);

    QTRY_COMPARE_WITH_TIMEOUT(learned.size(), 1, kTimeout);
    QCOMPARE(learned.first().first().toString(), kSerial);
    QCOMPARE(printer->config().serial, kSerial);
    // It listens to that printer alone now, and its reports are merged.
    QTRY_COMPARE_WITH_TIMEOUT(printer->statusConnection()->reportTopic(),
                              QStringLiteral("device/%1/report").arg(kSerial), kTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(printer->printStatus().jobName, kJobName, kTimeout);

    // Saved: in the file itself, and for a settings object that reads it anew.
    QVERIFY(fileContents(m_settingsPath).contains(kSerial.toUtf8()));
    const AppSettings reread(m_settingsPath);
    const QList<PrinterConfig> configs = reread.printers();
    QCOMPARE(configs.size(), 1);
    QCOMPARE(configs.first().id, printer->id());
    QCOMPARE(configs.first().serial, kSerial);
    QCOMPARE(learned.size(), 1);
}

void TestPrintStatus::statusPinsOnFirstUseAndFollowsItsSwitch()
{
    FARMCAM_REQUIRE_LOOPBACK_BROKER();
    QString error;
    QVERIFY2(startBroker(&error), qPrintable(error));
    makeFeed({{kSerial, longPrint()}}, kLongPrintStart, kTimeScale);
    QVERIFY(startFeed());

    // The camera never streams here (a closed port: live view off, say), so the status
    // connection is the first to be accepted: it pins, for both, and the pin is saved.
    Printer *printer = addPrinter(QStringLiteral("Camera off"), kSerial, kCode);
    QVERIFY(printer);
    QVERIFY(printer->config().certificateFingerprint.isEmpty());
    QSignalSpy pinned(printer, &Printer::certificatePinned);
    QTRY_COMPARE_WITH_TIMEOUT(pinned.size(), 1, kTimeout);
    QCOMPARE(printer->config().certificateFingerprint, LoopbackBroker::certificateFingerprint());
    QCOMPARE(printer->camera()->endpoint().pinnedFingerprint,
             LoopbackBroker::certificateFingerprint());
    QTRY_VERIFY_WITH_TIMEOUT(
        fileContents(m_settingsPath).contains(LoopbackBroker::certificateFingerprint().toUtf8()),
        kTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(printer->printStatus().jobName, kJobName, kTimeout);

    // Switched off: the connection stops and what it said is forgotten.
    PrinterConfig config = printer->config();
    config.statusEnabled = false;
    QVERIFY2(m_farm->updatePrinter(config, kCode, &error), qPrintable(error));
    QCOMPARE(printer->statusConnection()->state(), StatusConnection::State::Idle);
    QVERIFY(printer->printStatus().isNull());
    // Switched on again at once (within the 5 minutes between two pushall requests): it asks for
    // the full state anyway, as it has nothing to merge partial reports into.
    config.statusEnabled = true;
    QVERIFY2(m_farm->updatePrinter(config, kCode, &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(printer->statusConnection()->state(),
                              StatusConnection::State::Connected, kTimeout);
    QTRY_COMPARE_WITH_TIMEOUT(printer->printStatus().jobName, kJobName, kTimeout);
    QCOMPARE(printer->printStatus().state, PrintState::Printing);
}

void TestPrintStatus::wrongPasswordStopsRetries()
{
    FARMCAM_REQUIRE_LOOPBACK_BROKER();
    QString error;
    QVERIFY2(startBroker(&error), qPrintable(error));

    Printer *printer = addPrinter(QStringLiteral("Mistyped"), kSerial, kWrongCode);
    QVERIFY(printer);
    StatusConnection *status = printer->statusConnection();
    QSignalSpy problems(printer, &Printer::statusProblemChanged);

    QTRY_COMPARE_WITH_TIMEOUT(status->lastFailure(), StatusConnection::Failure::AccessDenied,
                              kTimeout);
    QCOMPARE(status->state(), StatusConnection::State::Idle);
    const QString problem = printer->statusProblem();
    QVERIFY2(problem.contains(QLatin1String("access code")), qPrintable(problem));
    QVERIFY(!problem.contains(kWrongCode));
    QVERIFY(!problems.isEmpty());
    QCOMPARE(problems.constLast().first().toString(), problem);
    QVERIFY(printer->printStatus().isNull());
    QTRY_VERIFY_WITH_TIMEOUT(m_broker->logCount(QStringLiteral("not authorised")) >= 1, kTimeout);

    // Nothing may happen now: in the time a connection with the same backoff retries several
    // times, this one must not dial once.
    const int connections = m_broker->logCount(QStringLiteral("New connection from"));
    QVERIFY(connections >= 1);
    QSignalSpy states(status, &StatusConnection::stateChanged);
    QVERIFY(TestSupport::retriesHadTime(status->timeouts()));
    QCOMPARE(m_broker->logCount(QStringLiteral("New connection from")), connections);
    QCOMPARE(states.size(), 0);
    QCOMPARE(printer->statusProblem(), problem);

    // The fix, as the printer dialog makes it: the right code connects at once, the problem goes.
    QVERIFY2(m_farm->updatePrinter(printer->config(), kCode, &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(status->state(), StatusConnection::State::Connected, kTimeout);
    QCOMPARE(status->lastFailure(), StatusConnection::Failure::None);
    QCOMPARE(printer->statusProblem(), QString());
}

void TestPrintStatus::brokerRestartIsSurvived()
{
    FARMCAM_REQUIRE_LOOPBACK_BROKER();
    QString error;
    QVERIFY2(startBroker(&error), qPrintable(error));
    makeFeed({{kSerial, longPrint()}}, kLongPrintStart, kTimeScale);
    QVERIFY(startFeed());

    Printer *printer = addPrinter(QStringLiteral("E2E P1S"), kSerial, kCode);
    QVERIFY(printer);
    StatusConnection *status = printer->statusConnection();
    QTRY_VERIFY2_WITH_TIMEOUT(printer->printStatus().jobName == kJobName
                                  && printer->printStatus().state == PrintState::Printing,
                              qPrintable(summary(printer->printStatus())), kTimeout);
    QCOMPARE(status->state(), StatusConnection::State::Connected);

    QSignalSpy states(status, &StatusConnection::stateChanged);
    QSignalSpy changes(printer, &Printer::printStatusChanged);
    QSignalSpy problems(printer, &Printer::statusProblemChanged);
    // What the tile shows at the moment the link is back.
    QObject context;
    bool sawBackoff = false;
    std::optional<PrintStatus> atReconnect;
    connect(status, &StatusConnection::stateChanged, &context, [&](StatusConnection::State state) {
        if (state == StatusConnection::State::Backoff)
            sawBackoff = true;
        else if (state == StatusConnection::State::Connected && sawBackoff && !atReconnect)
            atReconnect = printer->printStatus();
    });

    QVERIFY2(m_broker->restart(&error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(atReconnect.has_value(), kTimeout);
    const QList<StatusConnection::State> seen = statesOf(states);
    QVERIFY(seen.indexOf(StatusConnection::State::Backoff)
            < seen.lastIndexOf(StatusConnection::State::Connected));
    QCOMPARE(atReconnect->jobName, kJobName);
    QCOMPARE(atReconnect->state, PrintState::Printing);
    // The broker's absence showed on the tile while it lasted, and is gone.
    QVERIFY(!problems.isEmpty());
    QVERIFY(!problems.first().first().toString().isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(printer->statusProblem(), QString(), kTimeout);

    // Partial reports keep coming through the new connection, and the print moves on.
    QSignalSpy reports(status, &StatusConnection::reportReceived);
    const int percent = printer->printStatus().percent;
    QTRY_VERIFY2_WITH_TIMEOUT(printer->printStatus().percent > percent,
                              qPrintable(summary(printer->printStatus())), kTimeout);
    // The simulator sends its full state again when its own link is back; partial reports follow
    // (under a sanitizer the percent may already have moved through that full report).
    const auto partialArrived = [&reports] {
        return std::any_of(reports.cbegin(), reports.cend(), [](const QList<QVariant> &arguments) {
            return messageKind(arguments.first().toByteArray()) == 1;
        });
    };
    QTRY_VERIFY_WITH_TIMEOUT(partialArrived(), kTimeout);
    // At no point was the merged state lost.
    for (const QList<QVariant> &arguments : std::as_const(changes))
        QCOMPARE(arguments.first().value<PrintStatus>().jobName, kJobName);
    QCOMPARE(status->state(), StatusConnection::State::Connected);
}

void TestPrintStatus::printAlertsEndToEnd()
{
    FARMCAM_REQUIRE_LOOPBACK_BROKER();
    QString error;
    QVERIFY2(startBroker(&error), qPrintable(error));
    // Both two simulated minutes long, from half a minute in: one fails halfway (30 s on), the
    // other finishes (90 s on). The clock stands still until both printers see them printing.
    const QString failingJob = QStringLiteral("clips.3mf");
    const QString finishingJob = QStringLiteral("benchy.3mf");
    PrintJobSimulator failing({makeJob(failingJob, 120s, 60, Outcome::Fail, 0.5)}, false);
    PrintJobSimulator finishing({makeJob(finishingJob, 120s, 60)}, false);
    failing.setHoldLastOutcome(true);
    finishing.setHoldLastOutcome(true);
    StatusFeed *feed = makeFeed({{kSerial, failing}, {kOtherSerial, finishing}},
                                PrintJobSimulator::kPrepareTime + 30s, kFrozen);
    QVERIFY(startFeed());

    QSignalSpy alerts(m_farm.get(), &PrinterFarm::printAlert);
    Printer *failingPrinter = addPrinter(QStringLiteral("Garage P1P"), kSerial, kCode);
    Printer *finishingPrinter = addPrinter(QStringLiteral("Desk A1 mini"), kOtherSerial, kCode);
    QVERIFY(failingPrinter && finishingPrinter);
    QTRY_VERIFY_WITH_TIMEOUT(failingPrinter->printStatus().state == PrintState::Printing
                                 && finishingPrinter->printStatus().state == PrintState::Printing,
                             kTimeout);
    QCOMPARE(alerts.size(), 0);

    feed->setTimeScale(60);
    QTRY_COMPARE_WITH_TIMEOUT(alerts.size(), 2, kTimeout);
    const QList<QPair<QString, Kind>> expected = {{failingPrinter->name(), Kind::PrintFailed},
                                                  {finishingPrinter->name(), Kind::PrintFinished}};
    QCOMPARE(alertsOf(alerts), expected);
    const auto failed = alerts.at(0).at(1).value<PrintAlerts::Alert>();
    QVERIFY(failed.warning);
    QVERIFY2(failed.message.contains(failingPrinter->name()), qPrintable(failed.message));
    const auto finished = alerts.at(1).at(1).value<PrintAlerts::Alert>();
    QVERIFY(!finished.warning);
    QVERIFY2(finished.message.contains(finishingPrinter->name()), qPrintable(finished.message));
    QCOMPARE(failingPrinter->printStatus().state, PrintState::Failed);
    QCOMPARE(failingPrinter->printStatus().printError, PrintJobSimulator::kFailError);
    QCOMPARE(failingPrinter->printStatus().jobName, failingJob);
    QCOMPARE(finishingPrinter->printStatus().state, PrintState::Finished);
    QCOMPARE(finishingPrinter->printStatus().percent, 100);

    // Once each: the reports that follow (the nozzles cool down) raise nothing more.
    QSignalSpy laterFailing(failingPrinter, &Printer::printStatusChanged);
    QSignalSpy laterFinishing(finishingPrinter, &Printer::printStatusChanged);
    QTRY_VERIFY_WITH_TIMEOUT(laterFailing.size() >= 3 && laterFinishing.size() >= 3, kTimeout);
    QCOMPARE(alertsOf(alerts), expected);
}

void TestPrintStatus::demoInProcessAndBroker_data()
{
    QTest::addColumn<bool>("broker");
    QTest::newRow("broker") << true;
    QTest::newRow("in-process") << false;
}

void TestPrintStatus::demoInProcessAndBroker()
{
    QFETCH(bool, broker);
    if (broker)
        FARMCAM_REQUIRE_LOOPBACK_BROKER();

    DemoFarm demo;
    demo.setStatusSource(broker ? DemoFarm::StatusSource::Automatic
                                : DemoFarm::StatusSource::InProcess);
    QString error;
    QVERIFY2(demo.start(&error), qPrintable(error));
    QVERIFY2(demo.usesBroker() == broker, qPrintable(demo.statusDescription()));

    // The printers as AppController::startDemo builds them.
    m_farm->setPersistent(false);
    QSignalSpy alerts(m_farm.get(), &PrinterFarm::printAlert);
    const QList<DemoFarm::Camera> cameras = demo.cameras();
    for (const DemoFarm::Camera &camera : cameras) {
        QCOMPARE(camera.statusPort != 0, broker);
        const PrinterConfig config = camera.config();
        Printer *printer = m_farm->addPrinter(config, camera.accessCode, &error);
        QVERIFY2(printer, qPrintable(error));
        if (camera.statusPort == 0 && camera.accessCodeCorrect) {
            const QString serial = camera.serial;
            connect(demo.statusFeed(), &StatusFeed::reportReady, printer,
                    [printer, serial](const QString &from, const QByteArray &payload) {
                        if (from == serial)
                            printer->mergeStatusReport(payload);
                    });
            demo.statusFeed()->sendFullReport(serial);
        }
    }
    Printer *workshop = printerNamed(*m_farm, QStringLiteral("P1S Workshop"));
    Printer *desk = printerNamed(*m_farm, QStringLiteral("A1 mini Desk"));
    Printer *garage = printerNamed(*m_farm, QStringLiteral("P1P Garage"));
    Printer *lab = printerNamed(*m_farm, QStringLiteral("A1 Lab"));
    QVERIFY(workshop && desk && garage && lab);

    QTRY_VERIFY2_WITH_TIMEOUT(workshop->printStatus().state == PrintState::Printing,
                              qPrintable(summary(workshop->printStatus())), kTimeout);
    const PrintStatus workshopFirst = workshop->printStatus();
    QCOMPARE(workshopFirst.jobName, QStringLiteral("gearbox_housing.3mf"));
    QTRY_VERIFY2_WITH_TIMEOUT(desk->printStatus().state == PrintState::Finished,
                              qPrintable(summary(desk->printStatus())), 20000);
    QTRY_VERIFY2_WITH_TIMEOUT(garage->printStatus().state == PrintState::Failed,
                              qPrintable(summary(garage->printStatus())), 20000);
    // The P1S's hour-long print moves a percent every ~11 s of demo time.
    QTRY_VERIFY2_WITH_TIMEOUT(workshop->printStatus().percent > workshopFirst.percent,
                              qPrintable(summary(workshop->printStatus())), 20000);
    QCOMPARE(workshop->printStatus().state, PrintState::Printing);
    QCOMPARE(desk->printStatus().jobName, QStringLiteral("benchy.3mf"));
    QCOMPARE(desk->printStatus().percent, 100);
    QCOMPARE(garage->printStatus().jobName, QStringLiteral("cable_clips_x12.3mf"));

    const QList<QPair<QString, Kind>> seen = alertsOf(alerts);
    QCOMPARE(seen.size(), 2);
    QVERIFY(seen.contains({desk->name(), Kind::PrintFinished}));
    QVERIFY(seen.contains({garage->name(), Kind::PrintFailed}));

    // The printer set up with the wrong code tells no status; over MQTT it says why.
    QVERIFY(lab->printStatus().isNull());
    if (broker) {
        QTRY_COMPARE_WITH_TIMEOUT(lab->statusConnection()->lastFailure(),
                                  StatusConnection::Failure::AccessDenied, kTimeout);
        QVERIFY2(lab->statusProblem().contains(QLatin1String("access code")),
                 qPrintable(lab->statusProblem()));
    } else {
        QCOMPARE(lab->statusConnection()->state(), StatusConnection::State::Idle);
        QCOMPARE(lab->statusProblem(), QString());
    }
}

QTEST_MAIN(TestPrintStatus)
#include "tst_printstatus.moc"
