// TileOrder: which printers come first when the grid is sorted by state, and that the sort keeps
// the user's order among equals.
#include "tileorder.h"

#include <QTest>

class TestTileOrder : public QObject
{
    Q_OBJECT

private slots:
    void attentionRank_data();
    void attentionRank();
    void sortIsStableAndCompleteWithTheUsersOrder();
    void everyRankInItsPlace();
    void problemsAreTheFirstThree();
};

void TestTileOrder::attentionRank_data()
{
    QTest::addColumn<PrintState>("state");
    QTest::addColumn<bool>("pausedForError");
    QTest::addColumn<bool>("cameraTrouble");
    QTest::addColumn<bool>("statusProblem");
    QTest::addColumn<int>("rank");

    using namespace TileOrder;
    QTest::newRow("failed") << PrintState::Failed << false << false << false << int(FailedRank);
    QTest::newRow("failed, camera down too")
        << PrintState::Failed << false << true << true << int(FailedRank);
    QTest::newRow("paused for an error")
        << PrintState::Paused << true << false << false << int(PausedForErrorRank);
    QTest::newRow("paused for an error, camera down")
        << PrintState::Paused << true << true << false << int(PausedForErrorRank);
    QTest::newRow("printing, camera down")
        << PrintState::Printing << false << true << false << int(TroubleRank);
    QTest::newRow("printing, status problem")
        << PrintState::Printing << false << false << true << int(TroubleRank);
    QTest::newRow("no status, camera down")
        << PrintState::Unknown << false << true << false << int(TroubleRank);
    QTest::newRow("paused, camera down")
        << PrintState::Paused << false << true << false << int(TroubleRank);
    QTest::newRow("paused by the user")
        << PrintState::Paused << false << false << false << int(PausedRank);
    QTest::newRow("finished") << PrintState::Finished << false << false << false
                              << int(FinishedRank);
    QTest::newRow("printing") << PrintState::Printing << false << false << false
                              << int(PrintingRank);
    QTest::newRow("preparing counts as printing")
        << PrintState::Preparing << false << false << false << int(PrintingRank);
    QTest::newRow("idle") << PrintState::Idle << false << false << false << int(IdleRank);
    QTest::newRow("no status") << PrintState::Unknown << false << false << false
                               << int(UnknownRank);
    // The flag only means something for a pause.
    QTest::newRow("printing with the error flag")
        << PrintState::Printing << true << false << false << int(PrintingRank);
}

void TestTileOrder::attentionRank()
{
    QFETCH(PrintState, state);
    QFETCH(bool, pausedForError);
    QFETCH(bool, cameraTrouble);
    QFETCH(bool, statusProblem);
    QFETCH(int, rank);
    QCOMPARE(TileOrder::attentionRank(state, pausedForError, cameraTrouble, statusProblem), rank);
}

void TestTileOrder::sortIsStableAndCompleteWithTheUsersOrder()
{
    QList<QUuid> user;
    for (int i = 0; i < 8; ++i)
        user << QUuid::createUuid();
    using namespace TileOrder;
    QHash<QUuid, int> ranks;
    ranks.insert(user.at(0), IdleRank);
    ranks.insert(user.at(1), PrintingRank);
    ranks.insert(user.at(2), FailedRank);
    ranks.insert(user.at(3), PrintingRank);
    ranks.insert(user.at(4), TroubleRank);
    ranks.insert(user.at(5), FailedRank);
    // user.at(6): no rank, counts as unknown
    ranks.insert(user.at(7), IdleRank);

    const QList<QUuid> sorted = sortedByAttention(user, ranks);
    const QList<QUuid> expected{user.at(2), user.at(5), user.at(4), user.at(1),
                                user.at(3), user.at(0), user.at(7), user.at(6)};
    QCOMPARE(sorted, expected);

    // All equal: the user's order, untouched.
    QCOMPARE(sortedByAttention(user, {}), user);
    QCOMPARE(sortedByAttention({}, ranks), QList<QUuid>());
}

void TestTileOrder::everyRankInItsPlace()
{
    // The order the issue asks for, spelt out once more through attentionRank itself.
    using TileOrder::attentionRank;
    const QList<int> ranks{
        attentionRank(PrintState::Failed, false, false, false),
        attentionRank(PrintState::Paused, true, false, false),
        attentionRank(PrintState::Idle, false, true, false),
        attentionRank(PrintState::Paused, false, false, false),
        attentionRank(PrintState::Finished, false, false, false),
        attentionRank(PrintState::Printing, false, false, false),
        attentionRank(PrintState::Idle, false, false, false),
        attentionRank(PrintState::Unknown, false, false, false),
    };
    for (qsizetype i = 1; i < ranks.size(); ++i)
        QVERIFY2(ranks.at(i - 1) < ranks.at(i), qPrintable(QString::number(i)));
}

void TestTileOrder::problemsAreTheFirstThree()
{
    using namespace TileOrder;
    for (const int rank : {FailedRank, PausedForErrorRank, TroubleRank})
        QVERIFY2(isProblem(rank), qPrintable(QString::number(rank)));
    for (const int rank : {PausedRank, FinishedRank, PrintingRank, IdleRank, UnknownRank})
        QVERIFY2(!isProblem(rank), qPrintable(QString::number(rank)));
}

QTEST_GUILESS_MAIN(TestTileOrder)
#include "tst_tileorder.moc"
