#include "status/printalerts.h"

#include <QTest>

using PrintAlerts::Kind;
using PrintAlerts::Observation;

namespace {

constexpr qint64 kRunout = 0x07008011;
constexpr qint64 kSpaghetti = 0x03008003;

// An observation written as words: a state (Unknown, Idle, Preparing, Printing, Paused, Finished,
// Failed), "on" or "off", and optionally "err" (filament runout), "err2" (spaghetti) and "seen"
// (seenOnline). E.g. "Paused on err".
Observation observation(const QString &description)
{
    static const QStringList states
        = {QStringLiteral("Unknown"),  QStringLiteral("Idle"),   QStringLiteral("Preparing"),
           QStringLiteral("Printing"), QStringLiteral("Paused"), QStringLiteral("Finished"),
           QStringLiteral("Failed")};
    Observation result;
    result.jobName = QStringLiteral("benchy.3mf");
    const QStringList words = description.split(u' ', Qt::SkipEmptyParts);
    for (const QString &word : words) {
        if (states.contains(word))
            result.state = PrintState(states.indexOf(word));
        else if (word == QLatin1String("on"))
            result.online = true;
        else if (word == QLatin1String("off"))
            result.online = false;
        else if (word == QLatin1String("err"))
            result.printError = kRunout;
        else if (word == QLatin1String("err2"))
            result.printError = kSpaghetti;
        else if (word == QLatin1String("seen"))
            result.seenOnline = true;
        else
            qFatal("unknown word in a test row");
    }
    return result;
}

QString names(const QList<Kind> &kinds)
{
    QStringList words;
    for (const Kind kind : kinds) {
        switch (kind) {
        case Kind::PrintFinished:
            words.append(QStringLiteral("finished"));
            break;
        case Kind::PrintFailed:
            words.append(QStringLiteral("failed"));
            break;
        case Kind::PrintPausedForError:
            words.append(QStringLiteral("paused"));
            break;
        case Kind::PrinterOffline:
            words.append(QStringLiteral("offline"));
            break;
        case Kind::PrinterBackOnline:
            words.append(QStringLiteral("back"));
            break;
        }
    }
    return words.join(QLatin1Char(' '));
}

} // namespace

class tst_PrintAlerts : public QObject
{
    Q_OBJECT

private slots:
    void alertsFor_data();
    void alertsFor();
    void sequence_data();
    void sequence();
    void describe_data();
    void describe();
    void kindName();
    void errorCode_data();
    void errorCode();
    void observe();
};

void tst_PrintAlerts::alertsFor_data()
{
    QTest::addColumn<QString>("before");
    QTest::addColumn<QString>("after");
    QTest::addColumn<QString>("alerts");

    const QString none;

    // Start-up: the caller starts from a default Observation (Unknown, offline).
    QTest::newRow("start: camera connects") << "Unknown off"
                                            << "Unknown on" << none;
    QTest::newRow("start: first report printing") << "Unknown on"
                                                  << "Printing on" << none;
    QTest::newRow("start: first report finish is old news") << "Unknown on"
                                                            << "Finished on" << none;
    QTest::newRow("start: first report failed is old news") << "Unknown on"
                                                            << "Failed on" << none;
    QTest::newRow("start: first report paused with error") << "Unknown on"
                                                           << "Paused on err" << none;
    QTest::newRow("start: connection and finish report at once") << "Unknown off"
                                                                 << "Finished on" << none;
    QTest::newRow("start: printer never reached") << "Unknown off"
                                                  << "Unknown off" << none;

    // Finished.
    QTest::newRow("printing -> finished") << "Printing on"
                                          << "Finished on"
                                          << "finished";
    QTest::newRow("preparing -> finished") << "Preparing on"
                                           << "Finished on"
                                           << "finished";
    QTest::newRow("paused -> finished") << "Paused on"
                                        << "Finished on"
                                        << "finished";
    QTest::newRow("finished -> finished") << "Finished on"
                                          << "Finished on" << none;
    QTest::newRow("idle -> finished") << "Idle on"
                                      << "Finished on" << none;
    QTest::newRow("failed -> finished") << "Failed on"
                                        << "Finished on" << none;
    QTest::newRow("unknown -> finished (reconnect)") << "Unknown on seen"
                                                     << "Finished on" << none;
    QTest::newRow("finished -> idle") << "Finished on"
                                      << "Idle on" << none;

    // Failed.
    QTest::newRow("printing -> failed") << "Printing on"
                                        << "Failed on"
                                        << "failed";
    QTest::newRow("preparing -> failed") << "Preparing on"
                                         << "Failed on"
                                         << "failed";
    QTest::newRow("paused -> failed (cancelled)") << "Paused on"
                                                  << "Failed on"
                                                  << "failed";
    QTest::newRow("paused with error -> failed") << "Paused on err"
                                                 << "Failed on err"
                                                 << "failed";
    QTest::newRow("failed -> failed") << "Failed on"
                                      << "Failed on" << none;
    QTest::newRow("idle -> failed") << "Idle on"
                                    << "Failed on" << none;
    QTest::newRow("finished -> failed") << "Finished on"
                                        << "Failed on" << none;
    QTest::newRow("unknown -> failed (reconnect)") << "Unknown on seen"
                                                   << "Failed on" << none;

    // Paused for an error.
    QTest::newRow("printing -> paused with error") << "Printing on"
                                                   << "Paused on err"
                                                   << "paused";
    QTest::newRow("preparing -> paused with error") << "Preparing on"
                                                    << "Paused on err"
                                                    << "paused";
    QTest::newRow("printing -> paused by the user") << "Printing on"
                                                    << "Paused on" << none;
    QTest::newRow("error while paused by the user") << "Paused on"
                                                    << "Paused on err"
                                                    << "paused";
    QTest::newRow("still paused with the same error") << "Paused on err"
                                                      << "Paused on err" << none;
    QTest::newRow("paused, another error") << "Paused on err"
                                           << "Paused on err2" << none;
    QTest::newRow("paused, error cleared") << "Paused on err"
                                           << "Paused on" << none;
    QTest::newRow("paused with error -> printing (resumed)") << "Paused on err"
                                                             << "Printing on" << none;
    QTest::newRow("an error code while printing is no pause") << "Printing on"
                                                              << "Printing on err" << none;
    QTest::newRow("idle -> paused with error") << "Idle on"
                                               << "Paused on err" << none;
    QTest::newRow("finished -> paused with error") << "Finished on"
                                                   << "Paused on err" << none;
    QTest::newRow("unknown -> paused with error (reconnect)") << "Unknown on seen"
                                                              << "Paused on err" << none;

    // Online and offline.
    QTest::newRow("goes offline, state kept") << "Printing on"
                                              << "Printing off"
                                              << "offline";
    QTest::newRow("goes offline, state reset") << "Printing on"
                                               << "Unknown off seen"
                                               << "offline";
    QTest::newRow("goes offline before any report") << "Unknown on"
                                                    << "Unknown off"
                                                    << "offline";
    QTest::newRow("back online, state kept") << "Printing off"
                                             << "Printing on"
                                             << "back";
    QTest::newRow("back online, state reset") << "Unknown off seen"
                                              << "Unknown on"
                                              << "back";
    QTest::newRow("back online with a known state but no flag") << "Idle off"
                                                                << "Idle on"
                                                                << "back";
    QTest::newRow("still offline") << "Printing off"
                                   << "Printing off" << none;
    QTest::newRow("still online") << "Printing on"
                                  << "Printing on" << none;

    // Several at once, in a fixed order: back, print alerts, offline.
    QTest::newRow("finished while away") << "Printing off"
                                         << "Finished on"
                                         << "back finished";
    QTest::newRow("failed while away") << "Preparing off seen"
                                       << "Failed on"
                                       << "back failed";
    QTest::newRow("paused with error while away") << "Printing off"
                                                  << "Paused on err"
                                                  << "back paused";
    QTest::newRow("finished, then gone") << "Printing on"
                                         << "Finished off"
                                         << "finished offline";
    QTest::newRow("back, reset state: nothing old") << "Unknown off seen"
                                                    << "Finished on"
                                                    << "back";
}

void tst_PrintAlerts::alertsFor()
{
    QFETCH(QString, before);
    QFETCH(QString, after);
    QFETCH(QString, alerts);
    QCOMPARE(names(PrintAlerts::alertsFor(observation(before), observation(after))), alerts);
}

void tst_PrintAlerts::sequence_data()
{
    QTest::addColumn<QString>("observations"); // one after the other
    QTest::addColumn<QString>("alerts");

    // The caller's bookkeeping: seenOnline carried forward, as a PrinterFarm would.
    QTest::newRow("start-up, a print finishes")
        << "Unknown off, Unknown on, Printing on, Finished on, Idle on"
        << "finished";
    QTest::newRow("reconnect does not repeat finished")
        << "Printing on, Finished on, Unknown off, Unknown on, Finished on"
        << "finished offline back";
    QTest::newRow("status reconnect alone is silent")
        << "Finished on, Unknown on, Finished on, Unknown on, Finished on"
        << "";
    QTest::newRow("pause error survives a reconnect")
        << "Printing on, Paused on err, Unknown on, Paused on err"
        << "paused";
    QTest::newRow("finish seen after an outage, state kept")
        << "Printing on, Printing off, Finished on"
        << "offline back finished";
    QTest::newRow("finish during an outage, state reset")
        << "Printing on, Unknown off, Unknown on, Finished on"
        << "offline back";
    QTest::newRow("flapping") << "Idle on, Idle off, Idle on, Idle off, Idle on"
                              << "offline back offline back";
    QTest::newRow("never reached") << "Unknown off, Unknown off, Unknown off"
                                   << "";
    QTest::newRow("two jobs")
        << "Idle on, Preparing on, Printing on, Finished on, Idle on, Preparing on, Printing on, "
           "Paused on err, Printing on, Failed on err, Idle on"
        << "finished paused failed";
}

void tst_PrintAlerts::sequence()
{
    QFETCH(QString, observations);
    QFETCH(QString, alerts);

    QList<Kind> kinds;
    Observation before; // start-up
    for (const QString &description : observations.split(QStringLiteral(", "))) {
        Observation after = observation(description);
        after.seenOnline = before.seenOnline || after.online;
        kinds += PrintAlerts::alertsFor(before, after);
        before = after;
    }
    QCOMPARE(names(kinds), alerts);
}

void tst_PrintAlerts::describe_data()
{
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<QString>("printer");
    QTest::addColumn<QString>("job");
    QTest::addColumn<qint64>("printError");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("message");
    QTest::addColumn<bool>("warning");

    const QString bench = QStringLiteral("Bench P1S");
    const QString benchy = QStringLiteral("benchy.3mf");

    QTest::newRow("finished") << Kind::PrintFinished << bench << benchy << qint64(0)
                              << "Print finished"
                              << "Bench P1S finished “benchy.3mf”." << false;
    QTest::newRow("finished, no job name")
        << Kind::PrintFinished << bench << QString() << qint64(0) << "Print finished"
        << "Bench P1S finished its print." << false;
    QTest::newRow("failed") << Kind::PrintFailed << bench << benchy << qint64(0x03004006)
                            << "Print failed"
                            << "Bench P1S failed printing “benchy.3mf”." << true;
    QTest::newRow("failed, no job name")
        << Kind::PrintFailed << bench << QString() << qint64(0) << "Print failed"
        << "The print on Bench P1S failed." << true;
    QTest::newRow("paused") << Kind::PrintPausedForError << bench << benchy << kSpaghetti
                            << "Print paused"
                            << "Bench P1S paused “benchy.3mf” for an error (code 0300_8003)."
                            << true;
    QTest::newRow("paused, no job name")
        << Kind::PrintPausedForError << bench << QString() << kRunout << "Print paused"
        << "Bench P1S paused its print for an error (code 0700_8011)." << true;
    QTest::newRow("paused, no code")
        << Kind::PrintPausedForError << bench << benchy << qint64(0) << "Print paused"
        << "Bench P1S paused “benchy.3mf” for an error." << true;
    QTest::newRow("paused, no code, no job name")
        << Kind::PrintPausedForError << bench << QString() << qint64(0) << "Print paused"
        << "Bench P1S paused its print for an error." << true;
    QTest::newRow("offline") << Kind::PrinterOffline << bench << benchy << qint64(0)
                             << "Printer offline"
                             << "Bench P1S is offline." << true;
    QTest::newRow("back online") << Kind::PrinterBackOnline << bench << QString() << qint64(0)
                                 << "Printer back online"
                                 << "Bench P1S is back online." << false;
    QTest::newRow("no printer name")
        << Kind::PrinterOffline << QString() << QString() << qint64(0) << "Printer offline"
        << "The printer is offline." << true;
    // Placeholders in names are text, not placeholders.
    QTest::newRow("percent signs in names")
        << Kind::PrintPausedForError << QStringLiteral("P%2") << QStringLiteral("100%1.3mf")
        << kRunout << "Print paused"
        << "P%2 paused “100%1.3mf” for an error (code 0700_8011)." << true;
}

void tst_PrintAlerts::describe()
{
    QFETCH(Kind, kind);
    QFETCH(QString, printer);
    QFETCH(QString, job);
    QFETCH(qint64, printError);
    QFETCH(QString, title);
    QFETCH(QString, message);
    QFETCH(bool, warning);

    Observation after;
    after.jobName = job;
    after.printError = printError;
    after.online = kind != Kind::PrinterOffline;
    const PrintAlerts::Alert alert = PrintAlerts::describe(kind, printer, after);
    QCOMPARE(alert.kind, kind);
    QCOMPARE(alert.title, title);
    QCOMPARE(alert.message, message);
    QCOMPARE(alert.warning, warning);
}

void tst_PrintAlerts::kindName()
{
    const QList<Kind> kinds = {Kind::PrintFinished, Kind::PrintFailed, Kind::PrintPausedForError,
                               Kind::PrinterOffline, Kind::PrinterBackOnline};
    QStringList labels;
    for (const Kind kind : kinds) {
        const QString label = PrintAlerts::kindName(kind);
        QVERIFY(!label.isEmpty());
        QVERIFY2(!labels.contains(label), qPrintable(label));
        labels.append(label);
    }
    QCOMPARE(PrintAlerts::kindName(Kind::PrintPausedForError),
             QStringLiteral("Print paused for an error"));
    QCOMPARE(PrintAlerts::kindName(Kind::PrinterBackOnline), QStringLiteral("Printer back online"));
}

void tst_PrintAlerts::errorCode_data()
{
    QTest::addColumn<qint64>("printError");
    QTest::addColumn<QString>("code");

    QTest::newRow("runout") << kRunout << QStringLiteral("0700_8011");
    QTest::newRow("spaghetti") << kSpaghetti << QStringLiteral("0300_8003");
    QTest::newRow("small") << qint64(0x300) << QStringLiteral("0000_0300");
    QTest::newRow("zero") << qint64(0) << QStringLiteral("0000_0000");
    QTest::newRow("largest") << qint64(0xFFFFFFFF) << QStringLiteral("FFFF_FFFF");
    QTest::newRow("hex letters upper case") << qint64(0x0C00803F) << QStringLiteral("0C00_803F");
}

void tst_PrintAlerts::errorCode()
{
    QFETCH(qint64, printError);
    QFETCH(QString, code);
    QCOMPARE(PrintAlerts::errorCode(printError), code);
}

void tst_PrintAlerts::observe()
{
    PrintStatus status;
    status.state = PrintState::Paused;
    status.printError = kRunout;
    status.jobName = QStringLiteral("benchy.3mf");
    status.percent = 40;

    const Observation online = PrintAlerts::observe(status, true);
    QCOMPARE(online.state, PrintState::Paused);
    QCOMPARE(online.printError, kRunout);
    QCOMPARE(online.jobName, QStringLiteral("benchy.3mf"));
    QVERIFY(online.online);
    QVERIFY(online.seenOnline);

    const Observation offline = PrintAlerts::observe(PrintStatus(), false);
    QCOMPARE(offline.state, PrintState::Unknown);
    QVERIFY(!offline.online);
    QVERIFY(!offline.seenOnline);
    QVERIFY(PrintAlerts::observe(PrintStatus(), false, true).seenOnline);

    // Through observe(): the pause is an alert, the same pause again is not.
    PrintStatus printing = status;
    printing.state = PrintState::Printing;
    printing.printError = 0;
    QCOMPARE(names(PrintAlerts::alertsFor(PrintAlerts::observe(printing, true), online)),
             QStringLiteral("paused"));
    QVERIFY(PrintAlerts::alertsFor(online, online).isEmpty());
}

QTEST_GUILESS_MAIN(tst_PrintAlerts)
#include "tst_printalerts.moc"
