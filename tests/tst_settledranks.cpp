// SettledRanks: a printer's new rank counts for Sort by State only once it has held for the hold
// time; a problem moves it up at once and is never kept behind a printer that is fine. Time comes
// from a clock the test turns by hand: nothing here waits.
#include "settledranks.h"
#include "tileorder.h"

#include <QTest>

using namespace std::chrono_literals;
using TimePoint = std::chrono::steady_clock::time_point;

namespace {

// One step of a story: at `atSeconds`, the printer shows `rank` (or, with rank -1, nothing new
// happens and only settle() runs); afterwards its settled rank is `settled`.
struct Step
{
    int atSeconds;
    int rank;
    int settled;
};

} // namespace

Q_DECLARE_METATYPE(QList<Step>)

class TestSettledRanks : public QObject
{
    Q_OBJECT

private slots:
    void stories_data();
    void stories();
    void firstSightCountsAtOnce();
    void settleAllIsTheUsersWord();
    void removedPrintersAreForgotten();
};

void TestSettledRanks::stories_data()
{
    using namespace TileOrder;
    QTest::addColumn<QList<Step>>("steps");

    QTest::newRow("a calm change waits for the hold time")
        << QList<Step>{{0, PrintingRank, PrintingRank},
                       {1, FinishedRank, PrintingRank},
                       {10, -1, PrintingRank},
                       {11, -1, FinishedRank}};
    QTest::newRow("a problem moves up at once")
        << QList<Step>{{0, PrintingRank, PrintingRank}, {1, TroubleRank, TroubleRank}};
    QTest::newRow("flapping every 2 s: one move up, then it stays")
        << QList<Step>{{0, PrintingRank, PrintingRank}, {2, TroubleRank, TroubleRank},
                       {4, PrintingRank, TroubleRank},  {6, TroubleRank, TroubleRank},
                       {8, PrintingRank, TroubleRank},  {10, TroubleRank, TroubleRank},
                       {12, PrintingRank, TroubleRank}, {20, -1, TroubleRank},
                       {22, -1, PrintingRank}};
    QTest::newRow("a recovery waits: the hold starts again after each relapse") << QList<Step>{
        {0, FailedRank, FailedRank}, {1, IdleRank, FailedRank}, {9, FailedRank, FailedRank},
        {10, IdleRank, FailedRank},  {19, -1, FailedRank},      {20, -1, IdleRank}};
    QTest::newRow("a change that goes back is no change")
        << QList<Step>{{0, IdleRank, IdleRank},
                       {1, PrintingRank, IdleRank},
                       {5, IdleRank, IdleRank},
                       {30, -1, IdleRank}};
    QTest::newRow("a worse problem moves up at once, a milder one waits")
        << QList<Step>{{0, TroubleRank, TroubleRank},
                       {1, FailedRank, FailedRank},
                       {2, TroubleRank, FailedRank},
                       {12, -1, TroubleRank}};
    QTest::newRow("the newest pending rank is the one that settles")
        << QList<Step>{{0, PrintingRank, PrintingRank},
                       {1, PausedRank, PrintingRank},
                       {5, FinishedRank, PrintingRank},
                       {11, -1, PrintingRank},
                       {15, -1, FinishedRank}};
}

void TestSettledRanks::stories()
{
    QFETCH(QList<Step>, steps);
    TimePoint now;
    SettledRanks ranks(10s, [&now] { return now; });
    const QUuid id = QUuid::createUuid();
    for (const Step &step : std::as_const(steps)) {
        now = TimePoint(std::chrono::seconds(step.atSeconds));
        if (step.rank >= 0)
            ranks.observe(id, step.rank);
        ranks.settle();
        QVERIFY2(ranks.rank(id) == step.settled,
                 qPrintable(QStringLiteral("at %1 s: settled %2, expected %3")
                                .arg(step.atSeconds)
                                .arg(ranks.rank(id))
                                .arg(step.settled)));
        // An error state never sorts after a live one: whatever waits, a problem is settled.
        if (step.rank >= 0 && TileOrder::isProblem(step.rank))
            QVERIFY(ranks.rank(id) <= step.rank);
    }
}

void TestSettledRanks::firstSightCountsAtOnce()
{
    TimePoint now;
    SettledRanks ranks(10s, [&now] { return now; });
    const QUuid id = QUuid::createUuid();
    QCOMPARE(ranks.rank(id), int(TileOrder::UnknownRank));
    QVERIFY(ranks.observe(id, TileOrder::IdleRank));
    QCOMPARE(ranks.rank(id), int(TileOrder::IdleRank));
    QVERIFY(!ranks.hasPending());
    QVERIFY(!ranks.observe(id, TileOrder::PrintingRank));
    QVERIFY(ranks.hasPending());
    QVERIFY(!ranks.settle());
    now += 10s;
    QVERIFY(ranks.settle());
    QVERIFY(!ranks.hasPending());
}

void TestSettledRanks::settleAllIsTheUsersWord()
{
    TimePoint now;
    SettledRanks ranks(10s, [&now] { return now; });
    const QUuid a = QUuid::createUuid();
    const QUuid b = QUuid::createUuid();
    ranks.observe(a, TileOrder::UnknownRank);
    ranks.observe(b, TileOrder::UnknownRank);
    ranks.observe(a, TileOrder::PrintingRank);
    ranks.observe(b, TileOrder::FinishedRank);
    QCOMPARE(ranks.rank(a), int(TileOrder::UnknownRank));
    ranks.settleAll(); // Sort by State switched on
    QCOMPARE(ranks.rank(a), int(TileOrder::PrintingRank));
    QCOMPARE(ranks.rank(b), int(TileOrder::FinishedRank));
    QVERIFY(!ranks.hasPending());
}

void TestSettledRanks::removedPrintersAreForgotten()
{
    SettledRanks ranks;
    const QUuid id = QUuid::createUuid();
    ranks.observe(id, TileOrder::IdleRank);
    ranks.observe(id, TileOrder::PrintingRank);
    ranks.remove(id);
    QVERIFY(!ranks.hasPending());
    QCOMPARE(ranks.rank(id), int(TileOrder::UnknownRank));
    // Added again: a first sight.
    QVERIFY(ranks.observe(id, TileOrder::PrintingRank));
}

QTEST_GUILESS_MAIN(TestSettledRanks)
#include "tst_settledranks.moc"
