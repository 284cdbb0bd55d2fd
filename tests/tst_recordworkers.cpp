// The encode thread really runs at background priority: what the kernel reports for the thread
// that encodes a timelapse (and for a thread it creates, as an encoder's workers would be), not
// what Qt was asked for. QThread::LowestPriority passed every test and changed nothing on Linux.
#include "platform/backgroundpriority.h"
#include "record/recordinglibrary.h"
#include "record/recordworkers.h"
#include "record/timelapserecorder.h"
#include "testframes.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThreadPool>
#include <QtTest>

#include <atomic>
#include <thread>

#if defined(Q_OS_LINUX)
#include <sched.h>
#include <unistd.h>
#endif

namespace {

#if defined(Q_OS_LINUX)
// The scheduling policy of every thread of this process, by thread id, as the kernel reports it
// (/proc/self/task/<tid>/stat, field 41).
QHash<qint64, int> threadPolicies()
{
    QHash<qint64, int> policies;
    const QDir tasks(QStringLiteral("/proc/self/task"));
    for (const QString &tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile file(tasks.filePath(tid) + QStringLiteral("/stat"));
        if (!file.open(QIODevice::ReadOnly))
            continue; // ended meanwhile
        const QByteArray stat = file.readAll();
        // The name (field 2) may hold spaces: count from the closing parenthesis (field 3 on).
        const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 38)
            policies.insert(tid.toLongLong(), fields.at(38).toInt());
    }
    return policies;
}

int idleThreadCount()
{
    int count = 0;
    for (const int policy : threadPolicies())
        count += policy == SCHED_IDLE ? 1 : 0;
    return count;
}
#endif

} // namespace

class TestRecordWorkers : public QObject
{
    Q_OBJECT

private slots:
    // First: the pool's thread has not run anything yet, so only the timelapse's encode can have
    // set its policy.
    void timelapseEncodesInTheBackground();
    void encodeThreadAndItsThreadsAreBackground();
    void otherThreadsKeepTheirPriority();
};

void TestRecordWorkers::timelapseEncodesInTheBackground()
{
#if !defined(Q_OS_LINUX)
    QSKIP("the kernel's view of a thread's policy is read from /proc");
#else
    QCOMPARE(idleThreadCount(), 0);
    // A print that ended: its frames and state, as TimelapseRecorder leaves them for the encode.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    RecordingLibrary library(dir.path());
    library.setMinimumFreeBytes(0);
    const QString printer = QStringLiteral("P1S");
    const QString work = library.workPath(printer, QStringLiteral("timelapse-1"));
    QVERIFY(QDir().mkpath(work));
    for (int i = 1; i <= 40; ++i) {
        QFile frame(work + QStringLiteral("/frame-%1.jpg").arg(i, 6, 10, QLatin1Char('0')));
        QVERIFY(frame.open(QIODevice::WriteOnly));
        frame.write(TestFrames::patternJpeg(QSize(640, 360), QColor::fromHsv(i * 9, 200, 200)));
    }
    QFile state(work + QLatin1Char('/') + QLatin1String(TimelapseRecorder::kStateFile));
    QVERIFY(state.open(QIODevice::WriteOnly));
    state.write(QJsonDocument(QJsonObject{{QStringLiteral("job"), QStringLiteral("benchy")},
                                          {QStringLiteral("started"),
                                           QDateTime::currentDateTime().toString(Qt::ISODate)},
                                          {QStringLiteral("phase"), QStringLiteral("encoding")}})
                    .toJson());
    state.close();

    TimelapseRecorder recorder(library, printer);
    QSignalSpy finished(&recorder, &TimelapseRecorder::finished);
    // Looked at while the encode is under way: its thread exists and has run the encode.
    int idleWhileEncoding = -1;
    connect(&recorder, &TimelapseRecorder::encodingProgress, this, [&] {
        if (idleWhileEncoding < 0)
            idleWhileEncoding = idleThreadCount();
    });
    QCOMPARE(recorder.resume(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);
    QCOMPARE(idleWhileEncoding, 1); // the encode thread, and no other
    QCOMPARE(threadPolicies().value(::getpid()), SCHED_OTHER); // the GUI thread as it was
#endif
}

void TestRecordWorkers::encodeThreadAndItsThreadsAreBackground()
{
    std::atomic<bool> encodeThread{false};
    std::atomic<bool> childThread{false};
    RecordWorkers::startEncode([&] {
        encodeThread = BackgroundPriority::isAppliedToCurrentThread();
        // x264 or FFmpeg with threads of their own create them from here: they must inherit it.
        std::thread child([&] { childThread = BackgroundPriority::isAppliedToCurrentThread(); });
        child.join();
    });
    RecordWorkers::encodePool()->waitForDone();
    QVERIFY(encodeThread);
    QVERIFY(childThread);
}

void TestRecordWorkers::otherThreadsKeepTheirPriority()
{
    // The call is per thread: the caller, and threads of other pools, are untouched.
    RecordWorkers::startEncode([] {});
    RecordWorkers::encodePool()->waitForDone();
    QVERIFY(!BackgroundPriority::isAppliedToCurrentThread());
    std::atomic<bool> pooled{true};
    QThreadPool other;
    other.start([&] { pooled = BackgroundPriority::isAppliedToCurrentThread(); });
    other.waitForDone();
    QVERIFY(!pooled);
}

QTEST_GUILESS_MAIN(TestRecordWorkers)
#include "tst_recordworkers.moc"
