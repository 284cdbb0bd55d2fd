// RecordingLibrary: names, listing, the size budget, the free-space minimum, a folder that cannot
// be written, and what a crash left behind; all on real files in a temporary folder.
#include "record/picturevideowriter.h"
#include "record/recordinglibrary.h"
#include "testframes.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

namespace {

void writeFile(const QString &path, qint64 bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(static_cast<int>(bytes), 'x'));
}

QDateTime at(int minute)
{
    return QDateTime(QDate(2026, 12, 5), QTime(10, minute, 0));
}

} // namespace

class TestRecordingLibrary : public QObject
{
    Q_OBJECT

private slots:
    void defaultRootIsVideosFarmCam();
    void folderNames_data();
    void folderNames();
    void newPathsAreFreeAndParseBack();
    void jobLabels_data();
    void jobLabels();
    void listsOnlyOurVideosOldestFirst();
    void budgetDeletesOldestAutomaticOnly();
    void noBudgetDeletesNothing();
    void refusesBelowTheFreeSpaceMinimum();
    void unwritableFolderIsAPlainMessage();
    void leftoversAreCleaned();
    void durationIsReadFromTheFile();
};

void TestRecordingLibrary::defaultRootIsVideosFarmCam()
{
    QVERIFY(RecordingLibrary::defaultRoot().endsWith(QStringLiteral("/FarmCam")));
    QCOMPARE(RecordingLibrary().root(), QDir::cleanPath(RecordingLibrary::defaultRoot()));
}

void TestRecordingLibrary::folderNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("folder");
    const QUuid id = QUuid::fromString(QStringLiteral("{11111111-2222-3333-4444-555555555555}"));
    QTest::newRow("spaces") << "Bench P1S"
                            << "Bench-P1S";
    QTest::newRow("slashes and dots") << "../A1 mini/2"
                                      << "A1-mini-2";
    QTest::newRow("accents kept") << "Drucker Küche" << QStringLiteral("Drucker-Küche");
    QTest::newRow("nothing left") << "///" << id.toString(QUuid::WithoutBraces);
    QTest::newRow("empty") << "" << id.toString(QUuid::WithoutBraces);
}

void TestRecordingLibrary::folderNames()
{
    QFETCH(QString, name);
    QFETCH(QString, folder);
    const QUuid id = QUuid::fromString(QStringLiteral("{11111111-2222-3333-4444-555555555555}"));
    QCOMPARE(RecordingLibrary::folderNameFor(name, id), folder);
}

void TestRecordingLibrary::newPathsAreFreeAndParseBack()
{
    QTemporaryDir dir;
    RecordingLibrary library(dir.path());
    const QString first
        = library.newVideoPath(QStringLiteral("P1S"), RecordingLibrary::Kind::Timelapse, at(1),
                               QStringLiteral("benchy.3mf"), QStringLiteral(".mp4"));
    QCOMPARE(QFileInfo(first).fileName(),
             QStringLiteral("timelapse_2026-12-05_10-01-00_benchy.3mf.mp4"));
    writeFile(first + QStringLiteral(".partial"), 10); // taken by a writer at work
    const QString second
        = library.newVideoPath(QStringLiteral("P1S"), RecordingLibrary::Kind::Timelapse, at(1),
                               QStringLiteral("benchy.3mf"), QStringLiteral(".mp4"));
    QVERIFY(second.endsWith(QStringLiteral("benchy.3mf-2.mp4")));
    RecordingLibrary::Kind kind;
    QDateTime started;
    QVERIFY(RecordingLibrary::parseFileName(QFileInfo(second).fileName(), &kind, &started));
    QCOMPARE(kind, RecordingLibrary::Kind::Timelapse);
    QCOMPARE(started, at(1));
    QString label;
    QVERIFY(RecordingLibrary::parseFileName(QFileInfo(first).fileName(), nullptr, nullptr, &label));
    QCOMPARE(label, QStringLiteral("benchy.3mf"));
    QVERIFY(RecordingLibrary::parseFileName(QStringLiteral("failure_2026-12-05_10-01-00.mp4"),
                                            nullptr, nullptr, &label));
    QCOMPARE(label, QString());
    QVERIFY(!RecordingLibrary::parseFileName(QStringLiteral("my holiday.mp4"), &kind, &started));
    QVERIFY(!RecordingLibrary::parseFileName(QStringLiteral("failure_2026-13-45_10-00-00.mp4"),
                                             &kind, &started));
}

void TestRecordingLibrary::jobLabels_data()
{
    QTest::addColumn<QString>("job");
    QTest::addColumn<QString>("label");
    QTest::newRow("3mf") << "benchy.3mf"
                         << "benchy";
    QTest::newRow("gcode.3mf") << "benchy.gcode.3mf"
                               << "benchy";
    QTest::newRow("gcode") << "Plate 1.gcode"
                           << "Plate 1";
    QTest::newRow("upper case") << "BENCHY.GCODE.3MF"
                                << "BENCHY";
    QTest::newRow("mixed case") << "benchy.Gcode"
                                << "benchy";
    QTest::newRow("only once") << "a.3mf.3mf"
                               << "a.3mf";
    QTest::newRow("other extension kept") << "benchy.stl"
                                          << "benchy.stl";
    QTest::newRow("no extension") << "benchy"
                                  << "benchy";
    QTest::newRow("extension in the middle") << "benchy.3mf copy"
                                             << "benchy.3mf copy";
    QTest::newRow("nothing but the extension") << ".3mf"
                                               << ".3mf";
    QTest::newRow("spaces around") << "  benchy.3mf "
                                   << "benchy";
    QTest::newRow("empty") << ""
                           << "";
}

void TestRecordingLibrary::jobLabels()
{
    QFETCH(QString, job);
    QFETCH(QString, label);
    QCOMPARE(RecordingLibrary::labelForJob(job), label);
}

void TestRecordingLibrary::listsOnlyOurVideosOldestFirst()
{
    QTemporaryDir dir;
    RecordingLibrary library(dir.path());
    const QString clip
        = library.newVideoPath(QStringLiteral("A1"), RecordingLibrary::Kind::FailureClip, at(5), {},
                               QStringLiteral(".mp4"));
    writeFile(clip, 100);
    writeFile(RecordingLibrary::thumbnailPathFor(clip), 20);
    writeFile(library.newVideoPath(QStringLiteral("X1C"), RecordingLibrary::Kind::Recording, at(2),
                                   {}, QStringLiteral(".mkv")),
              50);
    writeFile(dir.filePath(QStringLiteral("A1/my holiday.mp4")), 10);
    writeFile(dir.filePath(QStringLiteral("A1/kept/failure_2026-12-05_09-00-00.mp4")), 10);

    const QList<RecordingLibrary::Entry> all = library.entries();
    QCOMPARE(all.size(), 2);
    QCOMPARE(all.at(0).kind, RecordingLibrary::Kind::Recording);
    QCOMPARE(all.at(0).printerFolder, QStringLiteral("X1C"));
    QVERIFY(!all.at(0).automatic);
    QVERIFY(all.at(0).thumbnailPath.isEmpty());
    QCOMPARE(all.at(1).kind, RecordingLibrary::Kind::FailureClip);
    QCOMPARE(all.at(1).bytes, 120);
    QCOMPARE(all.at(1).thumbnailPath, RecordingLibrary::thumbnailPathFor(clip));
    QVERIFY(all.at(1).automatic);
    QCOMPARE(library.entries(false, QStringLiteral("A1")).size(), 1);
}

void TestRecordingLibrary::budgetDeletesOldestAutomaticOnly()
{
    QTemporaryDir dir;
    RecordingLibrary library(dir.path());
    QStringList automatic;
    for (int minute : {4, 1, 3, 2}) { // not written in age order
        const auto kind
            = minute % 2 ? RecordingLibrary::Kind::Timelapse : RecordingLibrary::Kind::FailureClip;
        const QString path = library.newVideoPath(QStringLiteral("P1S"), kind, at(minute), {},
                                                  QStringLiteral(".mp4"));
        writeFile(path, 1000);
        automatic.append(path);
    }
    const QString recording
        = library.newVideoPath(QStringLiteral("P1S"), RecordingLibrary::Kind::Recording, at(0), {},
                               QStringLiteral(".mkv"));
    writeFile(recording, 1000);
    const QString byHand = dir.filePath(QStringLiteral("P1S/first layer.mp4"));
    writeFile(byHand, 1000);
    QCOMPARE(library.totalBytes(), 6000);

    library.setSizeBudget(3500);
    const QStringList deleted = library.enforceBudget();
    // 6000 -> 3000: the three oldest automatic ones, minutes 1, 2, 3.
    QCOMPARE(deleted, (QStringList{automatic.at(1), automatic.at(3), automatic.at(2)}));
    QVERIFY(QFile::exists(automatic.at(0)));
    QVERIFY(QFile::exists(recording));
    QVERIFY(QFile::exists(byHand));
    QCOMPARE(library.totalBytes(), 3000);

    // Over budget with only what it may not delete: nothing more goes.
    library.setSizeBudget(500);
    QCOMPARE(library.enforceBudget(), QStringList{automatic.at(0)});
    QVERIFY(QFile::exists(recording));
    QVERIFY(QFile::exists(byHand));
}

void TestRecordingLibrary::noBudgetDeletesNothing()
{
    QTemporaryDir dir;
    RecordingLibrary library(dir.path());
    const QString path
        = library.newVideoPath(QStringLiteral("P1S"), RecordingLibrary::Kind::Timelapse, at(1), {},
                               QStringLiteral(".mp4"));
    writeFile(path, 1000);
    library.setSizeBudget(0);
    QVERIFY(library.enforceBudget().isEmpty());
    library.setSizeBudget(5000);
    QVERIFY(library.enforceBudget().isEmpty());
    QVERIFY(QFile::exists(path));
}

void TestRecordingLibrary::refusesBelowTheFreeSpaceMinimum()
{
    QTemporaryDir dir;
    RecordingLibrary library(dir.path() + QStringLiteral("/not/yet"));
    qint64 free = 500LL * 1000 * 1000;
    QString askedAbout;
    library.setFreeSpaceFunction([&](const QString &path) {
        askedAbout = path;
        return free;
    });
    library.setMinimumFreeBytes(1000LL * 1000 * 1000);
    const QString problem = library.spaceProblem(QStringLiteral("P1S"));
    QVERIFY2(problem.startsWith(QStringLiteral("Recording stopped: only 500")),
             qPrintable(problem));
    QVERIFY(problem.contains(QStringLiteral("1.0 GB")));
    QVERIFY(QFileInfo::exists(askedAbout));
    free = 2000LL * 1000 * 1000;
    QCOMPARE(library.spaceProblem(QStringLiteral("P1S")), QString());
    library.setMinimumFreeBytes(0);
    free = 0;
    QCOMPARE(library.spaceProblem(), QString());
}

void TestRecordingLibrary::unwritableFolderIsAPlainMessage()
{
    QTemporaryDir dir;
    writeFile(dir.filePath(QStringLiteral("file")), 1);
    RecordingLibrary library(dir.filePath(QStringLiteral("file/FarmCam")));
    const QString problem = library.spaceProblem(QStringLiteral("P1S"));
    QVERIFY2(problem.contains(QStringLiteral("read-only or cannot be created")),
             qPrintable(problem));
}

void TestRecordingLibrary::leftoversAreCleaned()
{
    QTemporaryDir dir;
    RecordingLibrary library(dir.path());
    const QString finished
        = library.newVideoPath(QStringLiteral("P1S"), RecordingLibrary::Kind::Timelapse, at(1), {},
                               QStringLiteral(".mp4"));
    writeFile(finished, 100);
    const QString partial = dir.filePath(QStringLiteral("P1S/recording_2026-12-05_10-02-00.mkv"))
        + QStringLiteral(".partial");
    writeFile(partial, 100);
    const QString clipWork = library.workPath(QStringLiteral("P1S"), QStringLiteral("clip-1"));
    writeFile(clipWork + QStringLiteral("/chunk-1.ring"), 100);
    const QString timelapseWork
        = library.workPath(QStringLiteral("P1S"), QStringLiteral("timelapse"));
    writeFile(timelapseWork + QStringLiteral("/frame-000001.jpg"), 100);

    const RecordingLibrary::Leftovers leftovers = library.cleanLeftovers();
    QCOMPARE(leftovers.removed.size(), 2);
    QVERIFY(!QFile::exists(partial));
    QVERIFY(!QFileInfo::exists(clipWork));
    QVERIFY(QFile::exists(finished));
    QVERIFY(QFile::exists(timelapseWork + QStringLiteral("/frame-000001.jpg")));
    QCOMPARE(library.entries().size(), 1);
}

void TestRecordingLibrary::durationIsReadFromTheFile()
{
    QTemporaryDir dir;
    RecordingLibrary library(dir.path());
    const QString path
        = library.newVideoPath(QStringLiteral("P1S"), RecordingLibrary::Kind::Timelapse, at(1), {},
                               QStringLiteral(".mp4"));
    PictureVideoWriter writer(path);
    QVERIFY(writer.open(QSize(160, 90)));
    QVERIFY(writer.addPicture(TestFrames::patternImage(QSize(160, 90))));
    QVERIFY(writer.finish());
    const QList<RecordingLibrary::Entry> all = library.entries(true);
    QCOMPARE(all.size(), 1);
    QVERIFY2(all.at(0).durationMs >= 2000 && all.at(0).durationMs <= 2100,
             qPrintable(QString::number(all.at(0).durationMs))); // 1 picture + 2 s held
}

QTEST_GUILESS_MAIN(TestRecordingLibrary)
#include "tst_recordinglibrary.moc"
