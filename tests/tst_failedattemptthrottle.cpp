// Failed token checks per address, and the lockout they earn. Pure: the clock is a parameter.
#include "share/failedattemptthrottle.h"

#include <QTest>

using namespace std::chrono_literals;

class tst_FailedAttemptThrottle : public QObject
{
    Q_OBJECT

private slots:
    void locksOutAfterTooManyInTheWindow();
    void oldFailuresExpire();
    void addressesAreSeparate();
    void memoryIsBounded();
};

void tst_FailedAttemptThrottle::locksOutAfterTooManyInTheWindow()
{
    FailedAttemptThrottle throttle(3, 60s, 30s);
    const QByteArray client("\x7f\0\0\1", 4);
    throttle.recordFailure(client, 1000);
    throttle.recordFailure(client, 2000);
    QCOMPARE(throttle.lockedOutForMs(client, 2000), 0);
    throttle.recordFailure(client, 3000);
    QCOMPARE(throttle.lockedOutForMs(client, 3000), 30000);
    QCOMPARE(throttle.lockedOutForMs(client, 20000), 13000);
    QCOMPARE(throttle.lockedOutForMs(client, 33000), 0);
}

void tst_FailedAttemptThrottle::oldFailuresExpire()
{
    FailedAttemptThrottle throttle(3, 60s, 30s);
    const QByteArray client("a");
    throttle.recordFailure(client, 0);
    throttle.recordFailure(client, 30000);
    throttle.recordFailure(client, 61000); // the first is out of the window now
    QCOMPARE(throttle.lockedOutForMs(client, 61000), 0);
    throttle.recordFailure(client, 62000);
    QVERIFY(throttle.lockedOutForMs(client, 62000) > 0);
}

void tst_FailedAttemptThrottle::addressesAreSeparate()
{
    FailedAttemptThrottle throttle(1, 60s, 30s);
    throttle.recordFailure("a", 0);
    QVERIFY(throttle.lockedOutForMs("a", 0) > 0);
    QCOMPARE(throttle.lockedOutForMs("b", 0), 0);
}

void tst_FailedAttemptThrottle::memoryIsBounded()
{
    FailedAttemptThrottle throttle(2, 60s, 30s, 100);
    for (int i = 0; i < 10000; ++i)
        throttle.recordFailure(QByteArray::number(i), i);
    QVERIFY(throttle.trackedClients() <= 100);
    // The newest are remembered.
    throttle.recordFailure("9999", 10000);
    QVERIFY(throttle.lockedOutForMs("9999", 10000) > 0);
}

QTEST_APPLESS_MAIN(tst_FailedAttemptThrottle)
#include "tst_failedattemptthrottle.moc"
