#include "model/farmhealth.h"

#include <QTest>

using FarmHealth::Level;
using FarmHealth::Transition;
using State = CameraSource::State;
using Failure = CameraSource::Failure;

Q_DECLARE_METATYPE(FarmHealth::Level)
Q_DECLARE_METATYPE(FarmHealth::Transition)
Q_DECLARE_METATYPE(FarmHealth::PrintAttention)

namespace {

// A farm written as words, one per printer: live, conn, tls, auth, backoff, idle; a trailing '!'
// means the printer's last attempt failed (e.g. "conn!" is a retry after a failure). A print state
// may follow after a slash: "live/printing", "live/failed", "backoff!/paused-error".
QList<FarmHealth::PrinterStatus> farm(const QString &description)
{
    QList<FarmHealth::PrinterStatus> printers;
    const QStringList words = description.split(u' ', Qt::SkipEmptyParts);
    for (qsizetype i = 0; i < words.size(); ++i) {
        QString word = words.at(i).section(u'/', 0, 0);
        const QString print = words.at(i).section(u'/', 1);
        FarmHealth::PrinterStatus status;
        status.name = QStringLiteral("P%1").arg(i + 1);
        if (print == QLatin1String("printing")) {
            status.printState = PrintState::Printing;
            status.printPercent = 42;
        } else if (print == QLatin1String("preparing")) {
            status.printState = PrintState::Preparing;
        } else if (print == QLatin1String("paused")) {
            status.printState = PrintState::Paused;
        } else if (print == QLatin1String("paused-error")) {
            status.printState = PrintState::Paused;
            status.printPausedForError = true;
        } else if (print == QLatin1String("finished")) {
            status.printState = PrintState::Finished;
        } else if (print == QLatin1String("failed")) {
            status.printState = PrintState::Failed;
        } else if (print == QLatin1String("idle")) {
            status.printState = PrintState::Idle;
        } else if (!print.isEmpty()) {
            qFatal("unknown print state in a test row");
        }
        if (word.endsWith(u'!')) {
            status.failure = Failure::AccessCodeRejected;
            word.chop(1);
        }
        if (word == QLatin1String("live"))
            status.state = State::Up;
        else if (word == QLatin1String("conn"))
            status.state = State::Connecting;
        else if (word == QLatin1String("tls"))
            status.state = State::Handshaking;
        else if (word == QLatin1String("auth"))
            status.state = State::Authenticating;
        else if (word == QLatin1String("backoff"))
            status.state = State::Backoff;
        else if (word == QLatin1String("idle"))
            status.state = State::Idle;
        else
            qFatal("unknown word in a test row");
        printers.append(status);
    }
    return printers;
}

} // namespace

class tst_FarmHealth : public QObject
{
    Q_OBJECT

private slots:
    void summarizeLevel_data();
    void summarizeLevel();
    void headline_data();
    void headline();
    void tooltip();
    void colorFor_data();
    void colorFor();
    void printAttention_data();
    void printAttention();
    void printInTooltip();
    void classify_data();
    void classify();
    void classifyRules();
    void summaryEquality();
};

void tst_FarmHealth::summarizeLevel_data()
{
    QTest::addColumn<QString>("printers");
    QTest::addColumn<Level>("level");
    QTest::addColumn<int>("live");

    QTest::newRow("no printers") << QString() << Level::NoPrinters << 0;

    QTest::newRow("one live") << QStringLiteral("live") << Level::AllLive << 1;
    QTest::newRow("all live") << QStringLiteral("live live live") << Level::AllLive << 3;

    QTest::newRow("3 of 4 live") << QStringLiteral("live live live backoff!") << Level::SomeTrouble
                                 << 3;
    QTest::newRow("live + first attempt") << QStringLiteral("live conn") << Level::SomeTrouble << 1;
    QTest::newRow("live + retrying") << QStringLiteral("live conn!") << Level::SomeTrouble << 1;
    QTest::newRow("live + stopped") << QStringLiteral("live idle") << Level::SomeTrouble << 1;
    QTest::newRow("live + rejected") << QStringLiteral("live auth!") << Level::SomeTrouble << 1;

    // Everything still on its first attempt (the app just started): amber, not red.
    QTest::newRow("one connecting first time") << QStringLiteral("conn") << Level::SomeTrouble << 0;
    QTest::newRow("all on first attempt")
        << QStringLiteral("conn tls auth") << Level::SomeTrouble << 0;
    QTest::newRow("failed + first attempt")
        << QStringLiteral("backoff! tls") << Level::SomeTrouble << 0;

    QTest::newRow("one failed") << QStringLiteral("backoff!") << Level::AllDown << 0;
    QTest::newRow("backing off, failure unknown")
        << QStringLiteral("backoff") << Level::AllDown << 0;
    QTest::newRow("retrying after failure") << QStringLiteral("conn!") << Level::AllDown << 0;
    QTest::newRow("handshake retry") << QStringLiteral("tls!") << Level::AllDown << 0;
    QTest::newRow("login retry") << QStringLiteral("auth!") << Level::AllDown << 0;
    QTest::newRow("all failed or retrying")
        << QStringLiteral("backoff! conn! auth!") << Level::AllDown << 0;
    QTest::newRow("all stopped") << QStringLiteral("idle idle") << Level::AllDown << 0;
    QTest::newRow("stopped + failed") << QStringLiteral("idle backoff!") << Level::AllDown << 0;
}

void tst_FarmHealth::summarizeLevel()
{
    QFETCH(QString, printers);
    QFETCH(Level, level);
    QFETCH(int, live);
    const auto statuses = farm(printers);
    const FarmHealth::Summary summary = FarmHealth::summarize(statuses);
    QCOMPARE(summary.level, level);
    QCOMPARE(summary.live, live);
    QCOMPARE(summary.total, statuses.size());
}

void tst_FarmHealth::headline_data()
{
    QTest::addColumn<QString>("printers");
    QTest::addColumn<QString>("headline");

    QTest::newRow("none") << QString() << QStringLiteral("No printers configured");
    QTest::newRow("1 of 1") << QStringLiteral("live") << QStringLiteral("1 of 1 camera live");
    QTest::newRow("0 of 1") << QStringLiteral("idle") << QStringLiteral("0 of 1 camera live");
    QTest::newRow("3 of 4") << QStringLiteral("live live live backoff!")
                            << QStringLiteral("3 of 4 cameras live");
    QTest::newRow("0 of 2") << QStringLiteral("conn conn") << QStringLiteral("0 of 2 cameras live");
}

void tst_FarmHealth::headline()
{
    QFETCH(QString, printers);
    QFETCH(QString, headline);
    const FarmHealth::Summary summary = FarmHealth::summarize(farm(printers));
    QCOMPARE(summary.headline, headline);
    QCOMPARE(summary.tooltip.split(u'\n').first(), QStringLiteral("FarmCam — ") + headline);
}

void tst_FarmHealth::tooltip()
{
    QList<FarmHealth::PrinterStatus> printers = farm(QStringLiteral("live backoff! idle"));
    printers[0].name = QStringLiteral("P1S left");
    printers[0].statusText = QStringLiteral("Live, 0.5 fps");
    printers[1].name = QStringLiteral("A1 mini");
    printers[1].statusText = QStringLiteral("Access code rejected — retrying in 60 s");
    printers[2].name = QStringLiteral("Spare");
    // No status text: the state's name stands in.

    const FarmHealth::Summary summary = FarmHealth::summarize(printers);
    const QStringList lines = summary.tooltip.split(u'\n');
    QCOMPARE(lines.size(), 4);
    QCOMPARE(lines.at(0), QStringLiteral("FarmCam — 1 of 3 cameras live"));
    QCOMPARE(lines.at(1), QStringLiteral("P1S left: Live, 0.5 fps"));
    QCOMPARE(lines.at(2), QStringLiteral("A1 mini: Access code rejected — retrying in 60 s"));
    QCOMPARE(lines.at(3),
             QStringLiteral("Spare: ") + CameraSource::stateName(CameraSource::State::Idle));
    QVERIFY(!CameraSource::stateName(CameraSource::State::Idle).isEmpty());

    QCOMPARE(FarmHealth::summarize({}).tooltip, QStringLiteral("FarmCam — No printers configured"));
}

void tst_FarmHealth::colorFor_data()
{
    QTest::addColumn<Level>("level");
    QTest::addColumn<QString>("color");

    QTest::newRow("no printers: grey") << Level::NoPrinters << QStringLiteral("#8a8f98");
    QTest::newRow("all live: green") << Level::AllLive << QStringLiteral("#2e9d4f");
    QTest::newRow("some trouble: amber") << Level::SomeTrouble << QStringLiteral("#e0a100");
    QTest::newRow("all down: red") << Level::AllDown << QStringLiteral("#d64541");
}

void tst_FarmHealth::colorFor()
{
    QFETCH(Level, level);
    QFETCH(QString, color);
    QCOMPARE(FarmHealth::colorFor(level).name(), color);
}

void tst_FarmHealth::printAttention_data()
{
    using FarmHealth::PrintAttention;
    QTest::addColumn<QString>("printers");
    QTest::addColumn<PrintAttention>("attention");
    QTest::addColumn<QString>("headline");
    QTest::addColumn<QString>("color");

    const QString green = QStringLiteral("#2e9d4f");
    const QString amber = QStringLiteral("#e0a100");
    const QString red = QStringLiteral("#d64541");
    const QString blue = QStringLiteral("#2f7cd6");
    QTest::newRow("no status: as before") << QStringLiteral("live live") << PrintAttention::None
                                          << QStringLiteral("2 of 2 cameras live") << green;
    QTest::newRow("printing needs nobody")
        << QStringLiteral("live/printing live/preparing live/idle") << PrintAttention::None
        << QStringLiteral("3 of 3 cameras live") << green;
    QTest::newRow("paused by the user needs nobody")
        << QStringLiteral("live/paused") << PrintAttention::None
        << QStringLiteral("1 of 1 camera live") << green;
    QTest::newRow("finished: blue")
        << QStringLiteral("live/finished live/printing") << PrintAttention::Finished
        << QStringLiteral("2 of 2 cameras live · 1 print finished") << blue;
    QTest::newRow("finished, camera trouble: amber wins")
        << QStringLiteral("live/finished backoff!") << PrintAttention::Finished
        << QStringLiteral("1 of 2 cameras live · 1 print finished") << amber;
    QTest::newRow("failed: red although all live")
        << QStringLiteral("live/failed live/printing") << PrintAttention::Problem
        << QStringLiteral("2 of 2 cameras live · 1 print failed") << red;
    QTest::newRow("paused for an error: red")
        << QStringLiteral("live/paused-error") << PrintAttention::Problem
        << QStringLiteral("1 of 1 camera live · 1 paused for an error") << red;
    QTest::newRow("everything at once, problems first")
        << QStringLiteral("live/failed live/failed live/paused-error live/finished live/finished")
        << PrintAttention::Problem
        << QStringLiteral("5 of 5 cameras live · 2 prints failed · 1 paused for an error · "
                          "2 prints finished")
        << red;
    QTest::newRow("status without camera still counts")
        << QStringLiteral("backoff!/failed") << PrintAttention::Problem
        << QStringLiteral("0 of 1 camera live · 1 print failed") << red;
}

void tst_FarmHealth::printAttention()
{
    QFETCH(QString, printers);
    QFETCH(FarmHealth::PrintAttention, attention);
    QFETCH(QString, headline);
    QFETCH(QString, color);
    const FarmHealth::Summary summary = FarmHealth::summarize(farm(printers));
    QCOMPARE(summary.attention, attention);
    QCOMPARE(summary.headline, headline);
    QCOMPARE(FarmHealth::colorFor(summary).name(), color);
}

void tst_FarmHealth::printInTooltip()
{
    const FarmHealth::Summary summary
        = FarmHealth::summarize(farm(QStringLiteral("live/printing live/paused-error live")));
    const QStringList lines = summary.tooltip.split(u'\n');
    QCOMPARE(lines.size(), 4);
    QVERIFY2(lines.at(1).startsWith(QStringLiteral("P1: ")), qPrintable(lines.at(1)));
    QVERIFY2(lines.at(1).endsWith(QStringLiteral(" · printing 42%")), qPrintable(lines.at(1)));
    QVERIFY2(lines.at(2).endsWith(QStringLiteral(" · paused for an error")),
             qPrintable(lines.at(2)));
    QVERIFY2(!lines.at(3).contains(u'·'), qPrintable(lines.at(3))); // no status: camera only
}

void tst_FarmHealth::classify_data()
{
    QTest::addColumn<State>("before");
    QTest::addColumn<State>("after");
    QTest::addColumn<Transition>("transition");

    QTest::newRow("stream lost, backing off")
        << State::Up << State::Backoff << Transition::WentOffline;
    QTest::newRow("stream lost, redialling")
        << State::Up << State::Connecting << Transition::WentOffline;
    QTest::newRow("streaming -> handshaking")
        << State::Up << State::Handshaking << Transition::WentOffline;
    QTest::newRow("user stopped a live printer") << State::Up << State::Idle << Transition::None;
    QTest::newRow("still streaming") << State::Up << State::Up << Transition::None;
    QTest::newRow("first frame after login")
        << State::Authenticating << State::Up << Transition::CameBack;
    QTest::newRow("started") << State::Idle << State::Connecting << Transition::None;
    QTest::newRow("connect failed") << State::Connecting << State::Backoff << Transition::None;
    QTest::newRow("retry") << State::Backoff << State::Connecting << Transition::None;
    QTest::newRow("tcp up") << State::Connecting << State::Handshaking << Transition::None;
    QTest::newRow("tls up") << State::Handshaking << State::Authenticating << Transition::None;
    QTest::newRow("login rejected") << State::Authenticating << State::Backoff << Transition::None;
    QTest::newRow("stopped while backing off") << State::Backoff << State::Idle << Transition::None;
}

void tst_FarmHealth::classify()
{
    QFETCH(State, before);
    QFETCH(State, after);
    QFETCH(Transition, transition);
    QCOMPARE(FarmHealth::classify(before, after), transition);
}

// Every pair of states, against the rule in the header.
void tst_FarmHealth::classifyRules()
{
    const QList<State> states = {State::Idle,           State::Connecting, State::Handshaking,
                                 State::Authenticating, State::Up,         State::Backoff};
    for (const State before : states) {
        for (const State after : states) {
            Transition expected = Transition::None;
            if (before == State::Up && after != State::Up && after != State::Idle)
                expected = Transition::WentOffline;
            else if (before != State::Up && after == State::Up)
                expected = Transition::CameBack;
            QCOMPARE(FarmHealth::classify(before, after), expected);
        }
    }
}

void tst_FarmHealth::summaryEquality()
{
    const auto a = FarmHealth::summarize(farm(QStringLiteral("live backoff!")));
    auto b = FarmHealth::summarize(farm(QStringLiteral("live backoff!")));
    QVERIFY(a == b);
    b.tooltip += QStringLiteral("x");
    QVERIFY(a != b);
    QVERIFY(a != FarmHealth::summarize(farm(QStringLiteral("live live"))));
}

QTEST_GUILESS_MAIN(tst_FarmHealth)
#include "tst_farmhealth.moc"
