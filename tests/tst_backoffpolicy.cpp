#include "link/backoffpolicy.h"

#include <QTest>

using namespace std::chrono_literals;

class TestBackoffPolicy : public QObject
{
    Q_OBJECT

private slots:
    void doublesUpToTheCap_data();
    void doublesUpToTheCap();
    void resetStartsOver();
    void jitterStaysWithinBounds_data();
    void jitterStaysWithinBounds();
};

void TestBackoffPolicy::doublesUpToTheCap_data()
{
    QTest::addColumn<qint64>("initialMs");
    QTest::addColumn<qint64>("maximumMs");
    QTest::addColumn<QList<qint64>>("expectedMs");

    QTest::newRow("1 s to 30 s") << qint64(1000) << qint64(30000)
                                 << QList<qint64>{1000, 2000, 4000, 8000, 16000, 30000, 30000};
    QTest::newRow("rejected code: 60 s to 5 min")
        << qint64(60000) << qint64(300000) << QList<qint64>{60000, 120000, 240000, 300000, 300000};
    QTest::newRow("initial above cap") << qint64(5000) << qint64(1000) << QList<qint64>{1000, 1000};
}

void TestBackoffPolicy::doublesUpToTheCap()
{
    QFETCH(qint64, initialMs);
    QFETCH(qint64, maximumMs);
    QFETCH(QList<qint64>, expectedMs);

    BackoffPolicy::Parameters parameters;
    parameters.initial = std::chrono::milliseconds(initialMs);
    parameters.maximum = std::chrono::milliseconds(maximumMs);
    BackoffPolicy policy(parameters, [] { return 0.5; }); // 0.5 = no jitter
    for (qint64 expected : expectedMs)
        QCOMPARE(policy.next().count(), expected);
    QCOMPARE(policy.attempts(), int(expectedMs.size()));
}

void TestBackoffPolicy::resetStartsOver()
{
    BackoffPolicy policy({}, [] { return 0.5; });
    QCOMPARE(policy.next(), 1000ms);
    QCOMPARE(policy.next(), 2000ms);
    policy.reset();
    QCOMPARE(policy.attempts(), 0);
    QCOMPARE(policy.next(), 1000ms);
}

void TestBackoffPolicy::jitterStaysWithinBounds_data()
{
    QTest::addColumn<double>("random");
    QTest::addColumn<qint64>("firstMs");
    QTest::newRow("lowest") << 0.0 << qint64(800);
    QTest::newRow("middle") << 0.5 << qint64(1000);
    QTest::newRow("almost highest") << 0.999 << qint64(1200);
}

void TestBackoffPolicy::jitterStaysWithinBounds()
{
    QFETCH(double, random);
    QFETCH(qint64, firstMs);
    BackoffPolicy policy({}, [random] { return random; });
    QVERIFY(qAbs(policy.next().count() - firstMs) <= 1);
    // Jitter never pushes a delay past the cap.
    for (int i = 0; i < 20; ++i)
        QVERIFY(policy.next() <= 30000ms);
}

QTEST_GUILESS_MAIN(TestBackoffPolicy)
#include "tst_backoffpolicy.moc"
