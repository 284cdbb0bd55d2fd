// ReconnectingLink: when to dial, hang up, back off or wait for the user; no sockets needed.
#include "link/reconnectinglink.h"

#include <QSignalSpy>
#include <QTest>

using namespace std::chrono_literals;

namespace {

// Counts what the link asks its owner to do; the owner's side of the protocol is played by the
// test through advance(), up() and fail().
struct Owner
{
    int dials = 0;
    int hangUps = 0;
    QList<QString> calls; // "dial", "hangUp" in order
};

void attach(ReconnectingLink &link, Owner &owner)
{
    link.setDialer(
        [&owner] {
            ++owner.dials;
            owner.calls << QStringLiteral("dial");
        },
        [&owner] {
            ++owner.hangUps;
            owner.calls << QStringLiteral("hangUp");
        });
    link.setRandomSource([] { return 0.5; }); // no jitter
}

} // namespace

class TestReconnectingLink : public QObject
{
    Q_OBJECT

private slots:
    void failureTable_data();
    void failureTable();
    void everyDialFollowsAHangUp();
    void upResetsTheBackoff();
    void haltWaitsForNewSettings();
    void reconnectNowRedialsOnceInEveryState_data();
    void reconnectNowRedialsOnceInEveryState();
    void reconnectNowIsNeverAStorm();
    void newSettingsRestartARunningOrHaltedLink_data();
    void newSettingsRestartARunningOrHaltedLink();
    void stopClearsTheFailure();
    void deadlineReportsTheStateItWasArmedIn();
};

void TestReconnectingLink::failureTable_data()
{
    QTest::addColumn<Link::Failure>("failure");
    QTest::addColumn<Link::State>("state");
    QTest::addColumn<int>("minimumDelayMs"); // -1: no attempt scheduled
    QTest::addColumn<int>("maximumDelayMs");
    using F = Link::Failure;
    using S = Link::State;
    QTest::newRow("rejected code: slowly") << F::AccessCodeRejected << S::Backoff << 59000 << 61000;
    QTest::newRow("certificate: the user decides") << F::CertificateMismatch << S::Idle << -1 << -1;
    QTest::newRow("settings: the user fixes") << F::InvalidSettings << S::Idle << -1 << -1;
    for (F soon : {F::TlsError, F::ProtocolError, F::TimedOut, F::HostNotFound,
                   F::ConnectionRefused, F::ConnectionLost, F::CameraUnavailable, F::NetworkError})
        QTest::newRow(qPrintable(QStringLiteral("soon: %1").arg(int(soon))))
            << soon << S::Backoff << 0 << 1100;
}

void TestReconnectingLink::failureTable()
{
    QFETCH(Link::Failure, failure);
    QFETCH(Link::State, state);
    QFETCH(int, minimumDelayMs);
    QFETCH(int, maximumDelayMs);

    ReconnectingLink link;
    Owner owner;
    attach(link, owner);
    QSignalSpy failed(&link, &ReconnectingLink::failed);
    link.start();
    link.advance(Link::State::Connecting, QStringLiteral("Connecting"));
    link.fail(failure, QStringLiteral("why"));

    QCOMPARE(link.state(), state);
    QCOMPARE(link.lastFailure(), failure);
    QCOMPARE(link.statusText(), QStringLiteral("why"));
    QCOMPARE(failed.size(), 1);
    QCOMPARE(link.isHalted(), state == Link::State::Idle);
    if (minimumDelayMs < 0) {
        QVERIFY(!link.nextAttemptAt().isValid());
    } else {
        const qint64 delay = QDateTime::currentDateTime().msecsTo(link.nextAttemptAt());
        QVERIFY2(delay >= minimumDelayMs - 50 && delay <= maximumDelayMs,
                 qPrintable(QString::number(delay)));
    }
    QCOMPARE(Link::retryAfter(failure) == Link::Retry::WhenUserActs, minimumDelayMs < 0);
}

void TestReconnectingLink::everyDialFollowsAHangUp()
{
    ReconnectingLink link;
    ReconnectingLink::Backoff quick;
    quick.initial = 10ms;
    quick.maximum = 20ms;
    link.setBackoff(quick);
    Owner owner;
    attach(link, owner);
    link.start();
    for (int i = 0; i < 3; ++i) {
        const int dials = owner.dials;
        link.fail(Link::Failure::NetworkError, QStringLiteral("gone"));
        QTRY_COMPARE(owner.dials, dials + 1);
    }
    QCOMPARE(link.reconnects(), quint64(3));
    // Never two connections: each dial comes after a hang-up of the previous one.
    for (qsizetype i = 0; i < owner.calls.size(); ++i) {
        if (owner.calls.at(i) == QLatin1String("dial"))
            QVERIFY2(i > 0 && owner.calls.at(i - 1) == QLatin1String("hangUp"),
                     qPrintable(owner.calls.join(QLatin1Char(' '))));
    }
}

void TestReconnectingLink::haltWaitsForNewSettings()
{
    // A failure the owner knows no attempt can fix now (the printer reports its live view off):
    // nothing is dialled, whatever Link::retryAfter() says for that failure, until new settings.
    ReconnectingLink link;
    ReconnectingLink::Backoff quick;
    quick.initial = 10ms;
    quick.maximum = 20ms;
    link.setBackoff(quick);
    Owner owner;
    attach(link, owner);
    QSignalSpy failed(&link, &ReconnectingLink::failed);
    link.start();
    QCOMPARE(owner.dials, 1);
    link.halt(Link::Failure::ConnectionRefused, QStringLiteral("live view off"));
    QCOMPARE(link.state(), Link::State::Idle);
    QCOMPARE(link.lastFailure(), Link::Failure::ConnectionRefused);
    QCOMPARE(link.statusText(), QStringLiteral("live view off"));
    QVERIFY(link.isHalted());
    QVERIFY(!link.nextAttemptAt().isValid());
    QCOMPARE(failed.size(), 1);
    QCOMPARE(owner.calls.last(), QStringLiteral("hangUp"));
    // A soon-retried failure would have dialled within 20 ms; this one waits. (Measured in dials
    // of a second link with the same backoff: no sleeping.)
    ReconnectingLink witness;
    witness.setBackoff(quick);
    Owner witnessOwner;
    attach(witness, witnessOwner);
    witness.start();
    for (int i = 0; i < 5; ++i) {
        witness.fail(Link::Failure::ConnectionRefused, QStringLiteral("refused"));
        QTRY_COMPARE(witnessOwner.dials, i + 2);
    }
    QCOMPARE(owner.dials, 1);
    link.settingsChanged();
    QCOMPARE(owner.dials, 2);
}

void TestReconnectingLink::upResetsTheBackoff()
{
    ReconnectingLink link;
    Owner owner;
    attach(link, owner);
    link.start();
    link.fail(Link::Failure::TimedOut, QStringLiteral("1"));
    link.reconnectNow();
    link.fail(Link::Failure::TimedOut, QStringLiteral("2"));
    const qint64 grown = QDateTime::currentDateTime().msecsTo(link.nextAttemptAt());
    QVERIFY2(grown > 1500, qPrintable(QString::number(grown)));
    link.up(QStringLiteral("Live"));
    QCOMPARE(link.lastFailure(), Link::Failure::None);
    link.fail(Link::Failure::TimedOut, QStringLiteral("3"));
    const qint64 fresh = QDateTime::currentDateTime().msecsTo(link.nextAttemptAt());
    QVERIFY2(fresh <= 1100, qPrintable(QString::number(fresh)));
}

void TestReconnectingLink::reconnectNowRedialsOnceInEveryState_data()
{
    QTest::addColumn<QString>("situation");
    QTest::addColumn<int>("extraDials");
    QTest::newRow("up (or stalled): drop and dial") << QStringLiteral("up") << 1;
    QTest::newRow("backing off: dial now") << QStringLiteral("backoff") << 1;
    QTest::newRow("halted by a failure: try again") << QStringLiteral("halted") << 1;
    QTest::newRow("connecting: that is the attempt") << QStringLiteral("connecting") << 0;
    QTest::newRow("stopped by the user: stays stopped") << QStringLiteral("stopped") << 0;
}

void TestReconnectingLink::reconnectNowRedialsOnceInEveryState()
{
    QFETCH(QString, situation);
    QFETCH(int, extraDials);

    ReconnectingLink link;
    Owner owner;
    attach(link, owner);
    link.start();
    if (situation == QLatin1String("up"))
        link.up(QStringLiteral("Live"));
    else if (situation == QLatin1String("backoff"))
        link.fail(Link::Failure::TimedOut, QStringLiteral("stalled"));
    else if (situation == QLatin1String("halted"))
        link.fail(Link::Failure::InvalidSettings, QStringLiteral("no code"));
    else if (situation == QLatin1String("connecting"))
        link.advance(Link::State::Connecting, QStringLiteral("Connecting"));
    else
        link.stop(QStringLiteral("Stopped"));

    const int dials = owner.dials;
    const int hangUps = owner.hangUps;
    link.reconnectNow();
    // The first dial was just now: the redial is scheduled, after the connection was dropped.
    if (extraDials > 0) {
        QCOMPARE(owner.hangUps, hangUps + 1);
        QTRY_COMPARE_WITH_TIMEOUT(owner.dials, dials + 1, 5000);
    } else {
        QCOMPARE(owner.dials, dials);
        QCOMPARE(owner.hangUps, hangUps);
    }
}

void TestReconnectingLink::reconnectNowIsNeverAStorm()
{
    ReconnectingLink link;
    Owner owner;
    attach(link, owner);
    link.start();
    link.up(QStringLiteral("Live"));
    // Ten presses of Ctrl+R in a row: one redial, at the earliest the minimum interval after the
    // first dial.
    for (int i = 0; i < 10; ++i)
        link.reconnectNow();
    QCOMPARE(owner.dials, 1);
    QCOMPARE(link.state(), Link::State::Backoff);
    QVERIFY(link.nextAttemptAt().isValid());
    QTRY_COMPARE_WITH_TIMEOUT(owner.dials, 2, 5000);
    QCOMPARE(owner.dials, 2);
}

void TestReconnectingLink::newSettingsRestartARunningOrHaltedLink_data()
{
    QTest::addColumn<QString>("situation");
    QTest::addColumn<bool>("dials");
    QTest::newRow("never started") << QStringLiteral("new") << false;
    QTest::newRow("stopped") << QStringLiteral("stopped") << false;
    QTest::newRow("halted: no code yet") << QStringLiteral("halted") << true;
    QTest::newRow("rejected code, backing off") << QStringLiteral("rejected") << true;
    QTest::newRow("up") << QStringLiteral("up") << true;
}

void TestReconnectingLink::newSettingsRestartARunningOrHaltedLink()
{
    QFETCH(QString, situation);
    QFETCH(bool, dials);
    ReconnectingLink link;
    Owner owner;
    attach(link, owner);
    if (situation != QLatin1String("new"))
        link.start();
    if (situation == QLatin1String("stopped"))
        link.stop(QStringLiteral("Stopped"));
    else if (situation == QLatin1String("halted"))
        link.fail(Link::Failure::InvalidSettings, QStringLiteral("no code"));
    else if (situation == QLatin1String("rejected"))
        link.fail(Link::Failure::AccessCodeRejected, QStringLiteral("wrong code"));
    else if (situation == QLatin1String("up"))
        link.up(QStringLiteral("Live"));
    const int before = owner.dials;
    link.settingsChanged();
    QCOMPARE(owner.dials, before + (dials ? 1 : 0));
}

void TestReconnectingLink::stopClearsTheFailure()
{
    ReconnectingLink link;
    Owner owner;
    attach(link, owner);
    link.start();
    link.fail(Link::Failure::ConnectionRefused, QStringLiteral("refused"));
    const int hangUps = owner.hangUps;
    link.stop(QStringLiteral("Stopped"));
    QCOMPARE(link.state(), Link::State::Idle);
    QCOMPARE(link.lastFailure(), Link::Failure::None);
    QVERIFY(!link.isHalted());
    QVERIFY(!link.nextAttemptAt().isValid());
    QCOMPARE(owner.hangUps, hangUps + 1); // harmless when nothing is open
    QCOMPARE(owner.dials, 1); // and no dial is pending any more
}

void TestReconnectingLink::deadlineReportsTheStateItWasArmedIn()
{
    ReconnectingLink link;
    Owner owner;
    attach(link, owner);
    QSignalSpy expired(&link, &ReconnectingLink::deadlineExpired);
    link.start();
    link.advance(Link::State::Handshaking, QStringLiteral("Securing"));
    link.armDeadline(1ms);
    QTRY_COMPARE(expired.size(), 1);
    QCOMPARE(expired.first().first().value<Link::State>(), Link::State::Handshaking);
    // A failure disarms it.
    link.armDeadline(1h);
    QVERIFY(link.isDeadlineArmed());
    link.fail(Link::Failure::TimedOut, QStringLiteral("late"));
    QVERIFY(!link.isDeadlineArmed());
}

QTEST_MAIN(TestReconnectingLink)
#include "tst_reconnectinglink.moc"
