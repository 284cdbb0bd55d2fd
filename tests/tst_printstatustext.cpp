// PrintStatusText: the words, countdowns and clock times a tile shows for a print job.
#include "printstatustext.h"

#include "model/farmhealth.h"

#include "status/statusreportmerger.h"
#include "theme.h"

#include <QTest>

namespace {

// Local times: the clock time is shown in the user's time zone, whichever the test runs in.
QDateTime at(int hour, int minute, int second = 0, int day = 25)
{
    return QDateTime(QDate(2026, 11, day), QTime(hour, minute, second));
}

PrintStatus printing(int remainingMinutes, const QDateTime &updated)
{
    PrintStatus status;
    status.state = PrintState::Printing;
    status.jobName = QStringLiteral("Benchy");
    status.percent = 57;
    status.remainingMinutes = remainingMinutes;
    status.updated = updated;
    return status;
}

} // namespace

class TestPrintStatusText : public QObject
{
    Q_OBJECT

private slots:
    void stateLabel_data();
    void stateLabel();
    void percentText_data();
    void percentText();
    void remainingText_data();
    void remainingText();
    void remainingCountsDownWhilePrinting_data();
    void remainingCountsDownWhilePrinting();
    void finishText_data();
    void finishText();
    void timingText_data();
    void timingText();
    void readyAtStableAcrossUnrelatedReports_data();
    void readyAtStableAcrossUnrelatedReports();
    void layerText_data();
    void layerText();
    void temperatureText_data();
    void temperatureText();
    void errorText();
    void descriptionInWords_data();
    void descriptionInWords();
};

void TestPrintStatusText::stateLabel_data()
{
    QTest::addColumn<PrintState>("state");
    QTest::addColumn<qint64>("printError");
    QTest::addColumn<QString>("label");
    QTest::addColumn<QColor>("color");

    QTest::newRow("idle") << PrintState::Idle << qint64(0) << QStringLiteral("Idle")
                          << Theme::off();
    QTest::newRow("preparing") << PrintState::Preparing << qint64(0) << QStringLiteral("Preparing")
                               << Theme::busy();
    QTest::newRow("printing") << PrintState::Printing << qint64(0) << QStringLiteral("Printing")
                              << Theme::busy();
    QTest::newRow("paused by the user")
        << PrintState::Paused << qint64(0) << QStringLiteral("Paused") << Theme::warning();
    QTest::newRow("paused for an error") << PrintState::Paused << qint64(0x0300800C)
                                         << QStringLiteral("Paused: error") << Theme::error();
    QTest::newRow("finished") << PrintState::Finished << qint64(0) << QStringLiteral("Finished")
                              << Theme::live();
    QTest::newRow("failed") << PrintState::Failed << qint64(0x0300800C) << QStringLiteral("Failed")
                            << Theme::error();
    QTest::newRow("unknown") << PrintState::Unknown << qint64(0) << QStringLiteral("Unknown")
                             << Theme::off();
    // An error code left over from an earlier job does not make a running print an error.
    QTest::newRow("printing with an old error")
        << PrintState::Printing << qint64(5) << QStringLiteral("Printing") << Theme::busy();
}

void TestPrintStatusText::stateLabel()
{
    QFETCH(PrintState, state);
    QFETCH(qint64, printError);
    QFETCH(QString, label);
    QFETCH(QColor, color);
    PrintStatus status;
    status.state = state;
    status.printError = printError;
    QCOMPARE(PrintStatusText::stateLabel(status), label);
    QCOMPARE(PrintStatusText::stateColor(status), color);
    QCOMPARE(PrintStatusText::needsAttention(status),
             state == PrintState::Failed || label == QStringLiteral("Paused: error"));
}

void TestPrintStatusText::percentText_data()
{
    QTest::addColumn<int>("percent");
    QTest::addColumn<QString>("text");
    QTest::newRow("unknown") << -1 << QString();
    QTest::newRow("zero") << 0 << QStringLiteral("0%");
    QTest::newRow("half way") << 57 << QStringLiteral("57%");
    QTest::newRow("done") << 100 << QStringLiteral("100%");
    QTest::newRow("absurd value capped") << 250 << QStringLiteral("100%");
}

void TestPrintStatusText::percentText()
{
    QFETCH(int, percent);
    QFETCH(QString, text);
    QCOMPARE(PrintStatusText::percentText(percent), text);
    // The tray's tooltip line for a printer at that percentage says the same number.
    if (percent >= 0) {
        FarmHealth::PrinterStatus printer;
        printer.name = QStringLiteral("P1S");
        printer.state = CameraSource::State::Up;
        printer.printState = PrintState::Printing;
        printer.printPercent = percent;
        const QString tooltip = FarmHealth::summarize({printer}).tooltip;
        QVERIFY2(tooltip.endsWith(QStringLiteral("printing ") + text), qPrintable(tooltip));
    }
}

void TestPrintStatusText::remainingText_data()
{
    QTest::addColumn<int>("minutes");
    QTest::addColumn<QString>("text");
    QTest::newRow("unknown") << -1 << QString();
    QTest::newRow("last minute") << 0 << QStringLiteral("< 1 min");
    QTest::newRow("one minute") << 1 << QStringLiteral("1 min");
    QTest::newRow("minutes") << 12 << QStringLiteral("12 min");
    QTest::newRow("just under an hour") << 59 << QStringLiteral("59 min");
    QTest::newRow("whole hour") << 60 << QStringLiteral("1 h");
    QTest::newRow("hours and minutes") << 83 << QStringLiteral("1 h 23 min");
    QTest::newRow("a long print") << 26 * 60 + 5 << QStringLiteral("26 h 5 min");
}

void TestPrintStatusText::remainingText()
{
    QFETCH(int, minutes);
    QFETCH(QString, text);
    QCOMPARE(PrintStatusText::remainingText(minutes), text);
}

void TestPrintStatusText::remainingCountsDownWhilePrinting_data()
{
    QTest::addColumn<PrintState>("state");
    QTest::addColumn<int>("reported");
    QTest::addColumn<int>("secondsSinceReport");
    QTest::addColumn<int>("expected");

    QTest::newRow("just reported") << PrintState::Printing << 83 << 0 << 83;
    QTest::newRow("a second later: still 83, rounded up") << PrintState::Printing << 83 << 1 << 83;
    QTest::newRow("a minute later") << PrintState::Printing << 83 << 60 << 82;
    QTest::newRow("ten minutes later") << PrintState::Printing << 83 << 601 << 73;
    QTest::newRow("under a minute left") << PrintState::Printing << 1 << 1 << 0;
    QTest::newRow("overdue") << PrintState::Printing << 5 << 3600 << 0;
    QTest::newRow("paused: frozen") << PrintState::Paused << 83 << 600 << 83;
    QTest::newRow("preparing: frozen") << PrintState::Preparing << 83 << 600 << 83;
    QTest::newRow("finished: nothing to count") << PrintState::Finished << 0 << 10 << -1;
    QTest::newRow("idle: nothing to count") << PrintState::Idle << 12 << 10 << -1;
    QTest::newRow("unknown remaining") << PrintState::Printing << -1 << 10 << -1;
}

void TestPrintStatusText::remainingCountsDownWhilePrinting()
{
    QFETCH(PrintState, state);
    QFETCH(int, reported);
    QFETCH(int, secondsSinceReport);
    QFETCH(int, expected);
    PrintStatus status = printing(reported, at(14, 0));
    status.state = state;
    QCOMPARE(PrintStatusText::remainingMinutesAt(status, at(14, 0).addSecs(secondsSinceReport)),
             expected);
}

void TestPrintStatusText::finishText_data()
{
    QTest::addColumn<QDateTime>("now");
    QTest::addColumn<QDateTime>("finish");
    QTest::addColumn<QString>("localeName");
    QTest::addColumn<QString>("text");

    const QString gb = QStringLiteral("en_GB");
    QTest::newRow("today") << at(13, 12) << at(14, 35) << gb << QStringLiteral("ready at 14:35");
    QTest::newRow("today, in UTC")
        << at(13, 12) << at(14, 35).toUTC() << gb << QStringLiteral("ready at 14:35");
    QTest::newRow("past midnight")
        << at(23, 40) << at(2, 10, 0, 26) << gb << QStringLiteral("ready tomorrow at 02:10");
    QTest::newRow("in three days")
        << at(10, 0) << at(14, 35, 0, 28) << gb << QStringLiteral("ready Sat at 14:35");
    QTest::newRow("in two weeks") << at(10, 0) << at(14, 35, 0, 9).addMonths(1) << gb
                                  << QStringLiteral("ready 09/12/2026 at 14:35");
    QTest::newRow("US clock") << at(13, 12) << at(14, 35) << QStringLiteral("en_US")
                              << QStringLiteral("ready at 2:35 PM");
    QTest::newRow("C locale: no seconds")
        << at(13, 12) << at(14, 35, 42) << QStringLiteral("C") << QStringLiteral("ready at 14:35");
    QTest::newRow("unknown") << at(13, 12) << QDateTime() << gb << QString();
}

void TestPrintStatusText::finishText()
{
    QFETCH(QDateTime, now);
    QFETCH(QDateTime, finish);
    QFETCH(QString, localeName);
    QFETCH(QString, text);
    QString shown = PrintStatusText::finishText(finish, now, QLocale(localeName));
    // CLDR versions differ in the space before AM/PM (a narrow no-break space since CLDR 42).
    shown.replace(QChar(0x202F), QLatin1Char(' '));
    QCOMPARE(shown, text);
}

void TestPrintStatusText::timingText_data()
{
    QTest::addColumn<PrintStatus>("status");
    QTest::addColumn<QDateTime>("now");
    QTest::addColumn<QString>("text");

    QTest::newRow("printing") << printing(83, at(13, 12)) << at(13, 12)
                              << QStringLiteral("ready at 14:35 · 1 h 23 min left");
    // Ten minutes without a report: the countdown ran on, the finish time stayed.
    QTest::newRow("printing, no report since")
        << printing(83, at(13, 12)) << at(13, 22)
        << QStringLiteral("ready at 14:35 · 1 h 13 min left");
    QTest::newRow("finishing after midnight")
        << printing(150, at(23, 40)) << at(23, 40)
        << QStringLiteral("ready tomorrow at 02:10 · 2 h 30 min left");
    PrintStatus paused = printing(83, at(13, 12));
    paused.state = PrintState::Paused;
    QTest::newRow("paused: no clock time")
        << paused << at(15, 0) << QStringLiteral("1 h 23 min left");
    PrintStatus preparing = printing(30, at(13, 0));
    preparing.state = PrintState::Preparing;
    QTest::newRow("preparing: from now")
        << preparing << at(13, 10) << QStringLiteral("ready at 13:40 · 30 min left");
    PrintStatus finished = printing(0, at(13, 0));
    finished.state = PrintState::Finished;
    QTest::newRow("finished") << finished << at(13, 10) << QString();
    QTest::newRow("remaining unknown") << printing(-1, at(13, 0)) << at(13, 10) << QString();
    // A temperature report 90 s after the remaining time: both count from the remaining time.
    PrintStatus unrelated = printing(83, at(13, 13, 30));
    unrelated.remainingSince = at(13, 12);
    QTest::newRow("printing, an unrelated report since")
        << unrelated << at(13, 13, 30) << QStringLiteral("ready at 14:35 · 1 h 22 min left");
    unrelated.state = PrintState::Paused;
    QTest::newRow("paused, an unrelated report since")
        << unrelated << at(13, 13, 30) << QStringLiteral("1 h 23 min left");
}

void TestPrintStatusText::timingText()
{
    QFETCH(PrintStatus, status);
    QFETCH(QDateTime, now);
    QFETCH(QString, text);
    QCOMPARE(PrintStatusText::timingText(status, now, QLocale(QStringLiteral("en_GB"))), text);
}

void TestPrintStatusText::readyAtStableAcrossUnrelatedReports_data()
{
    // A P1S reports 83 minutes left at 13:11:30 (ready at 14:34:30), then, `later` seconds on,
    // a partial report; the tile is drawn right after it.
    QTest::addColumn<int>("later");
    QTest::addColumn<QByteArray>("report");
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("finish"); // seconds after the first report

    const QByteArray temperature
        = R"({"print":{"command":"push_status","nozzle_temper":219.75,"bed_temper":65}})";
    const int unchanged = 83 * 60;
    QTest::newRow("temperature at once")
        << 0 << temperature << QStringLiteral("ready at 14:34 · 1 h 23 min left") << unchanged;
    // The cases that flipped to 14:35 and 14:36 while the clock ran from the last report.
    QTest::newRow("temperature 30 s later")
        << 30 << temperature << QStringLiteral("ready at 14:34 · 1 h 23 min left") << unchanged;
    QTest::newRow("temperature 90 s later")
        << 90 << temperature << QStringLiteral("ready at 14:34 · 1 h 22 min left") << unchanged;
    QTest::newRow("percent and layer 5 min later")
        << 300 << QByteArray(R"({"print":{"command":"push_status","mc_percent":47,"layer_num":9}})")
        << QStringLiteral("ready at 14:34 · 1 h 18 min left") << unchanged;
    // A new remaining time is a new estimate: the clock time follows it.
    QTest::newRow("new remaining time 60 s later")
        << 60 << QByteArray(R"({"print":{"command":"push_status","mc_remaining_time":90}})")
        << QStringLiteral("ready at 14:42 · 1 h 30 min left") << 60 + 90 * 60;
}

void TestPrintStatusText::readyAtStableAcrossUnrelatedReports()
{
    QFETCH(int, later);
    QFETCH(QByteArray, report);
    QFETCH(QString, text);
    QFETCH(int, finish);

    const QDateTime first = at(13, 11, 30).toUTC();
    StatusReportMerger merger;
    QCOMPARE(merger.merge(R"({"print":{"command":"push_status","gcode_state":"RUNNING",)"
                          R"("mc_percent":42,"mc_remaining_time":83,"nozzle_temper":219.5}})",
                          first),
             StatusReportMerger::Result::Merged);
    const QLocale locale(QStringLiteral("en_GB"));
    QCOMPARE(PrintStatusText::timingText(merger.status(), first, locale),
             QStringLiteral("ready at 14:34 · 1 h 23 min left"));

    const QDateTime now = first.addSecs(later);
    QCOMPARE(merger.merge(report, now), StatusReportMerger::Result::Merged);
    const PrintStatus status = merger.status();
    QCOMPARE(status.updated, now);
    QCOMPARE(PrintStatusText::timingText(status, now, locale), text);
    QCOMPARE(PrintStatusText::finishTime(status, now), first.addSecs(finish));
}

void TestPrintStatusText::layerText_data()
{
    QTest::addColumn<int>("layer");
    QTest::addColumn<int>("total");
    QTest::addColumn<QString>("text");
    QTest::newRow("both known") << 57 << 210 << QStringLiteral("Layer 57 / 210");
    QTest::newRow("total unknown") << 57 << -1 << QStringLiteral("Layer 57");
    QTest::newRow("first layer") << 0 << 210 << QStringLiteral("Layer 0 / 210");
    QTest::newRow("layer unknown") << -1 << 210 << QString();
}

void TestPrintStatusText::layerText()
{
    QFETCH(int, layer);
    QFETCH(int, total);
    QFETCH(QString, text);
    QCOMPARE(PrintStatusText::layerText(layer, total), text);
}

void TestPrintStatusText::temperatureText_data()
{
    QTest::addColumn<QVariant>("nozzle");
    QTest::addColumn<QVariant>("nozzleTarget");
    QTest::addColumn<QVariant>("bed");
    QTest::addColumn<QVariant>("bedTarget");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("compact");

    const QVariant unknown;
    QTest::newRow("heating") << QVariant(219.4) << QVariant(220.0) << QVariant(64.6)
                             << QVariant(65.0)
                             << QStringLiteral("Nozzle 219 / 220 °C · Bed 65 / 65 °C")
                             << QStringLiteral("Nozzle 219/220 °C · Bed 65/65 °C");
    QTest::newRow("heaters off: targets left out")
        << QVariant(31.0) << QVariant(0.0) << QVariant(28.2) << QVariant(0.0)
        << QStringLiteral("Nozzle 31 °C · Bed 28 °C") << QStringLiteral("Nozzle 31 °C · Bed 28 °C");
    QTest::newRow("targets unknown")
        << QVariant(31.0) << unknown << QVariant(28.0) << unknown
        << QStringLiteral("Nozzle 31 °C · Bed 28 °C") << QStringLiteral("Nozzle 31 °C · Bed 28 °C");
    QTest::newRow("bed unknown") << QVariant(219.0) << QVariant(220.0) << unknown << unknown
                                 << QStringLiteral("Nozzle 219 / 220 °C")
                                 << QStringLiteral("Nozzle 219/220 °C");
    QTest::newRow("nothing known")
        << unknown << QVariant(220.0) << unknown << unknown << QString() << QString();
}

void TestPrintStatusText::temperatureText()
{
    QFETCH(QVariant, nozzle);
    QFETCH(QVariant, nozzleTarget);
    QFETCH(QVariant, bed);
    QFETCH(QVariant, bedTarget);
    QFETCH(QString, text);
    QFETCH(QString, compact);
    auto optional = [](const QVariant &value) {
        return value.isValid() ? std::optional<double>(value.toDouble()) : std::nullopt;
    };
    PrintStatus status;
    status.nozzleTemperature = optional(nozzle);
    status.nozzleTarget = optional(nozzleTarget);
    status.bedTemperature = optional(bed);
    status.bedTarget = optional(bedTarget);
    QCOMPARE(PrintStatusText::temperatureText(status), text);
    QCOMPARE(PrintStatusText::temperatureText(status, true), compact);
}

void TestPrintStatusText::errorText()
{
    QCOMPARE(PrintStatusText::errorText(0), QString());
    QCOMPARE(PrintStatusText::errorText(0x0300800C), QStringLiteral("Error 0300-800C"));
    QCOMPARE(PrintStatusText::errorText(0x0C0003), QStringLiteral("Error 000C-0003"));
}

void TestPrintStatusText::descriptionInWords_data()
{
    QTest::addColumn<PrintStatus>("status");
    QTest::addColumn<QString>("problem");
    QTest::addColumn<QString>("text");

    PrintStatus full = printing(83, at(13, 12));
    full.layer = 57;
    full.totalLayers = 210;
    full.nozzleTemperature = 219.6;
    full.nozzleTarget = 220;
    full.bedTemperature = 65;
    full.bedTarget = 65;
    QTest::newRow("printing") << full << QString()
                              << QStringLiteral(
                                     "Printing “Benchy”, 57%, 1 h 23 min left, ready at 14:35, "
                                     "layer 57 of 210, nozzle 220 °C (target 220 °C), bed 65 °C "
                                     "(target 65 °C)");

    PrintStatus error;
    error.state = PrintState::Paused;
    error.jobName = QStringLiteral("Vase");
    error.printError = 0x0300800C;
    error.percent = 33;
    error.healthMessages = 2;
    error.updated = at(13, 12);
    QTest::newRow("paused for an error, unknown fields left out")
        << error << QStringLiteral("Status: connection lost")
        << QStringLiteral("Paused: error “Vase”, Error 0300-800C, 33%, 2 health messages, "
                          "Status: connection lost");

    PrintStatus idle;
    idle.state = PrintState::Idle;
    idle.jobName = QStringLiteral("last job");
    idle.percent = 100;
    idle.nozzleTemperature = 26;
    idle.nozzleTarget = 0;
    idle.updated = at(13, 12);
    QTest::newRow("idle: no job") << idle << QString() << QStringLiteral("Idle, nozzle 26 °C");

    QTest::newRow("no status, a problem")
        << PrintStatus() << QStringLiteral("Status: access code rejected")
        << QStringLiteral("Status: access code rejected");
    QTest::newRow("nothing") << PrintStatus() << QString() << QString();
}

void TestPrintStatusText::descriptionInWords()
{
    QFETCH(PrintStatus, status);
    QFETCH(QString, problem);
    QFETCH(QString, text);
    QCOMPARE(
        PrintStatusText::description(status, problem, at(13, 12), QLocale(QStringLiteral("en_GB"))),
        text);
}

QTEST_GUILESS_MAIN(TestPrintStatusText)
#include "tst_printstatustext.moc"
