#include "snapshot/snapshotwriter.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <thread>
#include <vector>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <csignal>
#include <cstring>
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace {

QByteArray fakeJpeg(int size, char fill)
{
    QByteArray bytes(size, fill);
    bytes[0] = char(0xff);
    bytes[1] = char(0xd8);
    bytes[size - 2] = char(0xff);
    bytes[size - 1] = char(0xd9);
    return bytes;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

// Everything in `dir`, hidden files included: a leftover temporary file or placeholder shows up.
QStringList entries(const QString &dir)
{
    return QDir(dir).entryList(
        QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
}

bool makeFile(const QString &path, const QByteArray &bytes = QByteArrayLiteral("not a folder"))
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

} // namespace

class TestSnapshotWriter : public QObject
{
    Q_OBJECT

private slots:
    void writesIdenticalBytes();
    void neverOverwrites();
    void nameWithPlaceholderCharacters();
    void takenByFolderOrDanglingSymlink();
    void createsMissingFolders();
    void unusableFolder_data();
    void unusableFolder();
    void failedWriteLeavesNothing();
    void refusesEmptyBytes();
    void prepareFolder();
    void concurrentWritersGetDistinctFiles();
    void sanitizeFileName_data();
    void sanitizeFileName();
    void snapshotFilePath();
    void grabFilePath();
};

void TestSnapshotWriter::writesIdenticalBytes()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QByteArray bytes = fakeJpeg(200000, 'x');
    const QString wanted = dir.filePath(QStringLiteral("printer.jpg"));

    const SnapshotWriter::Result result = SnapshotWriter::write(wanted, bytes);

    QVERIFY2(result.ok, qPrintable(result.errorMessage));
    QVERIFY(result.errorMessage.isEmpty());
    QCOMPARE(result.filePath, QFileInfo(wanted).absoluteFilePath());
    QCOMPARE(readAll(result.filePath), bytes);
    QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("printer.jpg")});
}

void TestSnapshotWriter::neverOverwrites()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString wanted = dir.filePath(QStringLiteral("a.b.jpg"));
    const QByteArray first = fakeJpeg(1000, '1');
    const QByteArray second = fakeJpeg(2000, '2');
    const QByteArray third = fakeJpeg(3000, '3');

    const auto r1 = SnapshotWriter::write(wanted, first);
    const auto r2 = SnapshotWriter::write(wanted, second);
    const auto r3 = SnapshotWriter::write(wanted, third);

    QVERIFY(r1.ok && r2.ok && r3.ok);
    QCOMPARE(QFileInfo(r1.filePath).fileName(), QStringLiteral("a.b.jpg"));
    QCOMPARE(QFileInfo(r2.filePath).fileName(), QStringLiteral("a.b-2.jpg"));
    QCOMPARE(QFileInfo(r3.filePath).fileName(), QStringLiteral("a.b-3.jpg"));
    QCOMPARE(readAll(r1.filePath), first);
    QCOMPARE(readAll(r2.filePath), second);
    QCOMPARE(readAll(r3.filePath), third);
    QCOMPARE(entries(dir.path()).size(), 3);
}

void TestSnapshotWriter::nameWithPlaceholderCharacters()
{
    // A name that looks like a QString::arg() placeholder must come out literally.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString wanted = dir.filePath(QStringLiteral("%1%2"));
    QVERIFY(SnapshotWriter::write(wanted, fakeJpeg(10, 'a')).ok);
    const auto second = SnapshotWriter::write(wanted, fakeJpeg(10, 'b'));
    QVERIFY(second.ok);
    QCOMPARE(QFileInfo(second.filePath).fileName(), QStringLiteral("%1%2-2"));
}

void TestSnapshotWriter::takenByFolderOrDanglingSymlink()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("shot.jpg")));
    const QString target = dir.filePath(QStringLiteral("elsewhere.jpg"));
    QVERIFY(QFile::link(target, dir.filePath(QStringLiteral("shot-2.jpg"))));

    const auto result
        = SnapshotWriter::write(dir.filePath(QStringLiteral("shot.jpg")), fakeJpeg(100, 'c'));

    QVERIFY2(result.ok, qPrintable(result.errorMessage));
    QCOMPARE(QFileInfo(result.filePath).fileName(), QStringLiteral("shot-3.jpg"));
    // The dangling link was neither followed nor replaced.
    QVERIFY(!QFileInfo::exists(target));
    QVERIFY(QFileInfo(dir.filePath(QStringLiteral("shot-2.jpg"))).isSymLink());
}

void TestSnapshotWriter::createsMissingFolders()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString wanted = dir.filePath(QStringLiteral("farm/Printer 1/shot.jpg"));
    const QByteArray bytes = fakeJpeg(4096, 'f');

    const auto result = SnapshotWriter::write(wanted, bytes);

    QVERIFY2(result.ok, qPrintable(result.errorMessage));
    QCOMPARE(readAll(wanted), bytes);
}

void TestSnapshotWriter::unusableFolder_data()
{
    QTest::addColumn<QString>("relativePath"); // of the wanted file
    QTest::addColumn<QString>("mentioned"); // relative path the message must name
    QTest::addColumn<bool>("needsNonRoot");

    // A regular file where a folder should be fails for root too.
    QTest::newRow("folder is a file")
        << QStringLiteral("blocker/shot.jpg") << QStringLiteral("blocker") << false;
    QTest::newRow("parent folder is a file")
        << QStringLiteral("blocker/sub/deeper/shot.jpg") << QStringLiteral("blocker") << false;
    // Permission bits do not stop root: this row only runs as an ordinary user.
    QTest::newRow("read-only folder")
        << QStringLiteral("readonly/shot.jpg") << QStringLiteral("readonly") << true;
}

void TestSnapshotWriter::unusableFolder()
{
    QFETCH(QString, relativePath);
    QFETCH(QString, mentioned);
    QFETCH(bool, needsNonRoot);

#ifdef Q_OS_UNIX
    if (needsNonRoot && ::geteuid() == 0)
        QSKIP("root ignores permission bits");
#else
    if (needsNonRoot)
        QSKIP("permission bits are a Unix thing");
#endif

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(makeFile(dir.filePath(QStringLiteral("blocker"))));
    const QString readOnly = dir.filePath(QStringLiteral("readonly"));
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("readonly")));
    QVERIFY(QFile::setPermissions(readOnly, QFile::ReadOwner | QFile::ExeOwner));
    const QStringList before = entries(dir.path());

    const auto result = SnapshotWriter::write(dir.filePath(relativePath), fakeJpeg(100, 'u'));

    QFile::setPermissions(readOnly, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QVERIFY(!result.ok);
    QVERIFY(result.filePath.isEmpty());
    QVERIFY2(result.errorMessage.contains(QDir::toNativeSeparators(dir.filePath(mentioned))),
             qPrintable(result.errorMessage));
    QCOMPARE(entries(dir.path()), before);
    QVERIFY(entries(readOnly).isEmpty());
}

void TestSnapshotWriter::failedWriteLeavesNothing()
{
#ifdef Q_OS_UNIX
    // A file size limit makes write() fail half way, as a full disk does, and binds root too.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    rlimit saved{};
    QCOMPARE(::getrlimit(RLIMIT_FSIZE, &saved), 0);
    const auto previousHandler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit limited = saved;
    limited.rlim_cur = 1024 * 1024;
    QCOMPARE(::setrlimit(RLIMIT_FSIZE, &limited), 0);

    const auto result = SnapshotWriter::write(dir.filePath(QStringLiteral("big.jpg")),
                                              fakeJpeg(4 * 1024 * 1024, 'b'));

    ::setrlimit(RLIMIT_FSIZE, &saved);
    std::signal(SIGXFSZ, previousHandler);
    QVERIFY(!result.ok);
    QVERIFY(result.filePath.isEmpty());
    QVERIFY2(result.errorMessage.contains(QDir::toNativeSeparators(dir.path())),
             qPrintable(result.errorMessage));
    QVERIFY2(result.errorMessage.contains(QStringLiteral("big.jpg")),
             qPrintable(result.errorMessage));
    // The system's reason, not a generic one.
    QVERIFY2(result.errorMessage.contains(QString::fromLocal8Bit(std::strerror(EFBIG))),
             qPrintable(result.errorMessage));
    // Neither the placeholder nor the temporary file is left.
    QCOMPARE(entries(dir.path()), QStringList());
#else
    QSKIP("needs RLIMIT_FSIZE");
#endif
}

void TestSnapshotWriter::refusesEmptyBytes()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto result = SnapshotWriter::write(dir.filePath(QStringLiteral("empty.jpg")), {});
    QVERIFY(!result.ok);
    QVERIFY(!result.errorMessage.isEmpty());
    QCOMPARE(entries(dir.path()), QStringList());
}

void TestSnapshotWriter::prepareFolder()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString nested = dir.filePath(QStringLiteral("a/b/c"));
    QCOMPARE(SnapshotWriter::prepareFolder(nested), QString());
    QVERIFY(QFileInfo(nested).isDir());
    QCOMPARE(SnapshotWriter::prepareFolder(nested), QString()); // already there: fine

    const QString blocker = dir.filePath(QStringLiteral("blocker"));
    QVERIFY(makeFile(blocker));
    const QString problem = SnapshotWriter::prepareFolder(blocker + QStringLiteral("/shots"));
    QVERIFY2(problem.contains(QDir::toNativeSeparators(blocker)), qPrintable(problem));
    QVERIFY(!SnapshotWriter::prepareFolder(blocker).isEmpty());
}

void TestSnapshotWriter::concurrentWritersGetDistinctFiles()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString wanted = dir.filePath(QStringLiteral("race.jpg"));
    constexpr int kThreads = 8;
    constexpr int kWritesPerThread = 10;

    std::vector<std::vector<SnapshotWriter::Result>> results(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&results, &wanted, t] {
            for (int i = 0; i < kWritesPerThread; ++i)
                results[t].push_back(
                    SnapshotWriter::write(wanted, fakeJpeg(5000 + t, char('a' + t))));
        });
    }
    for (std::thread &thread : threads)
        thread.join();

    QSet<QString> paths;
    for (int t = 0; t < kThreads; ++t) {
        for (const auto &result : results[t]) {
            QVERIFY2(result.ok, qPrintable(result.errorMessage));
            paths.insert(result.filePath);
            // Each file holds exactly what its own writer wrote.
            QCOMPARE(readAll(result.filePath), fakeJpeg(5000 + t, char('a' + t)));
        }
    }
    QCOMPARE(paths.size(), kThreads * kWritesPerThread);
    QCOMPARE(entries(dir.path()).size(), kThreads * kWritesPerThread);
}

void TestSnapshotWriter::sanitizeFileName_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    QTest::newRow("plain") << QStringLiteral("P1S Workshop") << QStringLiteral("P1S Workshop");
    QTest::newRow("unicode kept") << QStringLiteral("Drucker Größe 3 ✓")
                                  << QStringLiteral("Drucker Größe 3 ✓");
    QTest::newRow("slash") << QStringLiteral("rack/left") << QStringLiteral("rack_left");
    QTest::newRow("backslash and colon")
        << QStringLiteral("C:\\farm\\p1") << QStringLiteral("C__farm_p1");
    QTest::newRow("windows forbidden")
        << QStringLiteral("a*b?c\"d<e>f|g") << QStringLiteral("a_b_c_d_e_f_g");
    QTest::newRow("ipv6 host") << QStringLiteral("::1") << QStringLiteral("__1");
    QTest::newRow("ipv4 host") << QStringLiteral("192.168.1.20") << QStringLiteral("192.168.1.20");
    QTest::newRow("control characters") << QStringLiteral("one\ttwo\nthree\x01"
                                                          "four")
                                        << QStringLiteral("one two three four");
    QTest::newRow("surrounding space")
        << QStringLiteral("  A1 mini  ") << QStringLiteral("A1 mini");
    QTest::newRow("leading dots") << QStringLiteral("..hidden") << QStringLiteral("hidden");
    QTest::newRow("trailing dots") << QStringLiteral("name...") << QStringLiteral("name");
    QTest::newRow("dot dot") << QStringLiteral("..") << QStringLiteral("unnamed");
    QTest::newRow("empty") << QString() << QStringLiteral("unnamed");
    QTest::newRow("only spaces") << QStringLiteral("   ") << QStringLiteral("unnamed");
    QTest::newRow("only separators") << QStringLiteral("///") << QStringLiteral("___");
    QTest::newRow("reserved device") << QStringLiteral("con") << QStringLiteral("con_");
    QTest::newRow("reserved with extension")
        << QStringLiteral("LPT1.txt") << QStringLiteral("LPT1.txt_");
    QTest::newRow("not reserved") << QStringLiteral("CONSOLE") << QStringLiteral("CONSOLE");
    QTest::newRow("too long") << QString(100, QLatin1Char('x'))
                              << QString(SnapshotWriter::kMaxNameLength, QLatin1Char('x'));
    QTest::newRow("too long, cut at a space")
        << QString(63, QLatin1Char('y')) + QStringLiteral(" tail") << QString(63, QLatin1Char('y'));
    // 63 ASCII characters, then a character outside the BMP (a surrogate pair across the limit).
    QTest::newRow("surrogate pair kept whole") << QString(63, QLatin1Char('z'))
            + QString::fromUtf8("\xF0\x9F\x96\xA8")
            + QStringLiteral("x") << QString(63, QLatin1Char('z'));
}

void TestSnapshotWriter::sanitizeFileName()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    const QString clean = SnapshotWriter::sanitizeFileName(input);
    QCOMPARE(clean, expected);
    QVERIFY(!clean.isEmpty());
    QVERIFY(!clean.startsWith(QLatin1Char('.')));
    QVERIFY(!clean.contains(QLatin1Char('/')));
    QVERIFY(clean.size() <= SnapshotWriter::kMaxNameLength);
}

void TestSnapshotWriter::snapshotFilePath()
{
    const QDateTime time(QDate(2024, 3, 5), QTime(7, 8, 9, 123));
    QCOMPARE(SnapshotWriter::snapshotFilePath(QStringLiteral("/shots"),
                                              QStringLiteral("Rack/1: P1S"), time),
             QStringLiteral("/shots/Rack_1_ P1S/Rack_1_ P1S_20240305-070809.jpg"));
}

void TestSnapshotWriter::grabFilePath()
{
    const QDateTime time(QDate(2024, 12, 31), QTime(23, 59, 58, 7));
    QCOMPARE(SnapshotWriter::grabFilePath(QStringLiteral("/tmp/out"), QStringLiteral("10.0.0.7"),
                                          time, 3),
             QStringLiteral("/tmp/out/10.0.0.7-20241231-235958-007-3.jpg"));
    QCOMPARE(SnapshotWriter::grabFilePath(QStringLiteral("."), QStringLiteral("fe80::1"), time, 12),
             QStringLiteral("./fe80__1-20241231-235958-007-12.jpg"));
}

QTEST_GUILESS_MAIN(TestSnapshotWriter)
#include "tst_snapshotwriter.moc"
