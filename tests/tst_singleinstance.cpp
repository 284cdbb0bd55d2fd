// SingleInstance: a second start with the same settings file asks the first to show itself; other
// settings files run beside it; a lock and a socket left by a crash do not keep FarmCam from
// starting. Everything in a temporary folder, never the user's runtime folder.
#include "platform/singleinstance.h"

#include <QDir>
#include <QFile>
#include <QLocalSocket>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>

using Role = SingleInstance::Role;

namespace {

// A Unix socket file whose process is gone: bound, never unlinked, closed.
bool leaveStaleSocket(const QString &path)
{
    const QByteArray name = QFile::encodeName(path);
    sockaddr_un address = {};
    address.sun_family = AF_UNIX;
    if (size_t(name.size()) >= sizeof(address.sun_path))
        return false;
    std::memcpy(address.sun_path, name.constData(), size_t(name.size()));
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0)
        return false;
    const bool bound
        = ::bind(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) == 0;
    ::close(fd);
    return bound && QFile::exists(path);
}

// The id of a process that has ended.
qint64 deadProcessId()
{
    QProcess process;
    process.start(QStringLiteral("true"), {});
    if (!process.waitForStarted())
        return -1;
    const qint64 pid = process.processId();
    process.waitForFinished();
    return pid;
}

} // namespace

class TestSingleInstance : public QObject
{
    Q_OBJECT

private slots:
    void secondStartShowsTheFirst();
    void otherSettingsRunBeside_data();
    void otherSettingsRunBeside();
    void sameFileSpeltDifferentlyIsTheSame();
    void leftoversOfACrashAreTakenOver();
    void holderThatDoesNotAnswer();
    void claimIsOnce();
};

void TestSingleInstance::secondStartShowsTheFirst()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString key = SingleInstance::keyFor(dir.filePath(QStringLiteral("farmcam.conf")));
    SingleInstance first(key, dir.path());
    QCOMPARE(first.claim(), Role::Primary);
    QVERIFY(QFile::exists(first.serverName()));
    QSignalSpy shown(&first, &SingleInstance::activationRequested);

    {
        SingleInstance second(key, dir.path());
        QCOMPARE(second.claim(), Role::AlreadyRunning);
        QVERIFY(second.errorString().isEmpty());
    } // the second start exits
    QTRY_COMPARE(shown.count(), 1);

    // And again, later: each start is one request.
    SingleInstance third(key, dir.path());
    QCOMPARE(third.claim(), Role::AlreadyRunning);
    QTRY_COMPARE(shown.count(), 2);
}

void TestSingleInstance::otherSettingsRunBeside_data()
{
    QTest::addColumn<QString>("firstFile");
    QTest::addColumn<QString>("secondFile");
    QTest::newRow("--config elsewhere")
        << QStringLiteral("farmcam.conf") << QStringLiteral("wall/farmcam.conf");
    QTest::newRow("another file name")
        << QStringLiteral("farmcam.conf") << QStringLiteral("garage.conf");
}

void TestSingleInstance::otherSettingsRunBeside()
{
    QFETCH(QString, firstFile);
    QFETCH(QString, secondFile);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    SingleInstance first(SingleInstance::keyFor(dir.filePath(firstFile)), dir.path());
    SingleInstance second(SingleInstance::keyFor(dir.filePath(secondFile)), dir.path());
    QSignalSpy shown(&first, &SingleInstance::activationRequested);
    QCOMPARE(first.claim(), Role::Primary);
    QCOMPARE(second.claim(), Role::Primary);
    QVERIFY(first.serverName() != second.serverName());
    QCOMPARE(shown.count(), 0);
}

void TestSingleInstance::sameFileSpeltDifferentlyIsTheSame()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString absolute = dir.filePath(QStringLiteral("farmcam.conf"));
    QCOMPARE(SingleInstance::keyFor(dir.filePath(QStringLiteral("sub/../farmcam.conf"))),
             SingleInstance::keyFor(absolute));
    QCOMPARE(SingleInstance::keyFor(dir.filePath(QStringLiteral("./farmcam.conf"))),
             SingleInstance::keyFor(absolute));
    const QString previous = QDir::currentPath();
    QVERIFY(QDir::setCurrent(dir.path()));
    const QString relative = SingleInstance::keyFor(QStringLiteral("farmcam.conf"));
    QVERIFY(QDir::setCurrent(previous));
    QCOMPARE(relative, SingleInstance::keyFor(absolute));
    // The user is part of the key: another user's FarmCam is not this one.
    QVERIFY(SingleInstance::keyFor(absolute).startsWith(QString::number(::getuid()) + u'\n'));
}

void TestSingleInstance::leftoversOfACrashAreTakenOver()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString key = SingleInstance::keyFor(dir.filePath(QStringLiteral("farmcam.conf")));
    SingleInstance first(key, dir.path());

    // What a FarmCam killed with SIGKILL leaves: its lock (naming a process that is gone) and its
    // socket file (nobody listening).
    const qint64 dead = deadProcessId();
    QVERIFY(dead > 0);
    QFile lock(first.lockFilePath());
    QVERIFY(lock.open(QIODevice::WriteOnly));
    lock.write(QByteArray::number(dead) + "\nfarmcam\n\n");
    lock.close();
    QVERIFY(leaveStaleSocket(first.serverName()));
    QLocalSocket probe;
    probe.connectToServer(first.serverName());
    QVERIFY(!probe.waitForConnected(1000)); // stale indeed

    QCOMPARE(first.claim(), Role::Primary);
    QSignalSpy shown(&first, &SingleInstance::activationRequested);
    SingleInstance second(key, dir.path());
    QCOMPARE(second.claim(), Role::AlreadyRunning);
    QTRY_COMPARE(shown.count(), 1);
}

void TestSingleInstance::holderThatDoesNotAnswer()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString key = SingleInstance::keyFor(dir.filePath(QStringLiteral("farmcam.conf")));
    SingleInstance instance(key, dir.path());
    // A live process holds the lock but never listens (hung before its window came up).
    QLockFile holder(instance.lockFilePath());
    QVERIFY(holder.tryLock(0));

    QCOMPARE(instance.claim(), Role::Unresponsive);
    QVERIFY2(instance.errorString().contains(QStringLiteral("does not answer")),
             qPrintable(instance.errorString()));
}

void TestSingleInstance::claimIsOnce()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    SingleInstance instance(SingleInstance::keyFor(dir.filePath(QStringLiteral("a.conf"))),
                            dir.path());
    QCOMPARE(instance.role(), Role::Unclaimed);
    QCOMPARE(instance.claim(), Role::Primary);
    QCOMPARE(instance.claim(), Role::Primary);
    QCOMPARE(instance.role(), Role::Primary);
}

QTEST_GUILESS_MAIN(TestSingleInstance)
#include "tst_singleinstance.moc"
