// ShareRecordings: which files of a real recordings folder the sharing server offers, the list's
// JSON and its cache of durations. Videos are real MP4s made by the project's own writer.
#include "record/recordinglibrary.h"
#include "recordingfiles.h"
#include "share/sharerecordings.h"
#include "testframes.h"

#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

namespace {

const QString kTimelapse = QStringLiteral("timelapse_2026-12-05_11-36-09_benchy.mp4");
const QString kClip = QStringLiteral("failure_2026-12-05_12-00-00.mp4");
const QString kRecording = QStringLiteral("recording_2026-12-05_13-00-00.mkv");

using RecordingFiles::writeFile;
using RecordingFiles::writeVideo;

} // namespace

class tst_ShareRecordings : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void resolve_data();
    void resolve();
    void noRootServesNothing();
    void listNamesPrintersNewestFirst();
    void durationsAreReadOnce();
    void durationsBeyondTheBudgetComeNextTime();
    void attachmentHeader_data();
    void attachmentHeader();

private:
    QTemporaryDir m_dir;
    QTemporaryDir m_outside;
    QString m_root;
    QUuid m_printerId = QUuid::createUuid();
};

void tst_ShareRecordings::initTestCase()
{
    QVERIFY(m_dir.isValid() && m_outside.isValid());
    m_root = m_dir.filePath(QStringLiteral("FarmCam"));
    const QString bench = m_root + QStringLiteral("/Bench-P1S/");
    QVERIFY(writeVideo(bench + kTimelapse, 3));
    QVERIFY(writeFile(bench + QStringLiteral("timelapse_2026-12-05_11-36-09_benchy.jpg"),
                      TestFrames::patternJpeg(QSize(160, 90))));
    QVERIFY(writeVideo(bench + kClip, 1));
    QVERIFY(writeFile(bench + kRecording, QByteArray(1000, 'm'))); // not a real video: no length
    // What must never be served:
    QVERIFY(writeFile(bench + kTimelapse + QStringLiteral(".partial"), "half"));
    QVERIFY(writeFile(bench + QStringLiteral(".work/timelapse-1/frame-000001.jpg"), "frame"));
    QVERIFY(writeFile(bench + QStringLiteral(".work/") + kClip, "work file of our name"));
    QVERIFY(writeFile(bench + QStringLiteral("stray.jpg"), "jpeg"));
    QVERIFY(writeFile(bench + QStringLiteral("notes.txt"), "text"));
    QVERIFY(writeFile(bench + QStringLiteral("failure_2026-12-05_12-30-00.jpg"), "no video"));
    QVERIFY(writeFile(bench + QStringLiteral("kept/") + kTimelapse, "user's own"));
    QVERIFY(writeFile(m_root + QStringLiteral("/.hidden/") + kClip, "hidden"));
    // A folder no printer of the farm has (a printer removed since): listed by its own name.
    QVERIFY(writeVideo(m_root + QStringLiteral("/Old-A1/") + kClip, 1));
    // Links: one out of the root (a file and a folder), one inside it (allowed).
    QVERIFY(writeFile(m_outside.filePath(kClip), "secret"));
    QVERIFY(QFile::link(m_outside.filePath(kClip),
                        bench + QStringLiteral("failure_2026-12-05_09-00-00.mp4")));
    QVERIFY(QFile::link(m_outside.path(), m_root + QStringLiteral("/Escape")));
    QVERIFY(QFile::link(bench + QStringLiteral(".work"), m_root + QStringLiteral("/Work-Link")));
}

void tst_ShareRecordings::resolve_data()
{
    QTest::addColumn<QString>("folder");
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("contentType"); // empty: refused

    const QString bench = QStringLiteral("Bench-P1S");
    QTest::newRow("timelapse") << bench << kTimelapse << QByteArray("video/mp4");
    QTest::newRow("its thumbnail")
        << bench << QStringLiteral("timelapse_2026-12-05_11-36-09_benchy.jpg")
        << QByteArray("image/jpeg");
    QTest::newRow("clip") << bench << kClip << QByteArray("video/mp4");
    QTest::newRow("matroska") << bench << kRecording << QByteArray("video/x-matroska");
    QTest::newRow("partial") << bench << kTimelapse + QStringLiteral(".partial") << QByteArray();
    QTest::newRow("work folder") << bench << QStringLiteral(".work") << QByteArray();
    QTest::newRow("work folder as folder")
        << QStringLiteral("Bench-P1S/.work") << QStringLiteral("frame-000001.jpg") << QByteArray();
    QTest::newRow("stray jpeg") << bench << QStringLiteral("stray.jpg") << QByteArray();
    QTest::newRow("thumbnail without video")
        << bench << QStringLiteral("failure_2026-12-05_12-30-00.jpg") << QByteArray();
    QTest::newRow("other file") << bench << QStringLiteral("notes.txt") << QByteArray();
    QTest::newRow("user subfolder")
        << QStringLiteral("Bench-P1S/kept") << kTimelapse << QByteArray();
    QTest::newRow("hidden folder") << QStringLiteral(".hidden") << kClip << QByteArray();
    QTest::newRow("dot dot folder") << QStringLiteral("..") << kClip << QByteArray();
    QTest::newRow("dot folder") << QStringLiteral(".") << kClip << QByteArray();
    QTest::newRow("dot dot file") << bench << QStringLiteral("..") << QByteArray();
    QTest::newRow("slash in folder")
        << QStringLiteral("Bench-P1S/../Bench-P1S") << kTimelapse << QByteArray();
    QTest::newRow("absolute folder")
        << m_root + QStringLiteral("/Bench-P1S") << kTimelapse << QByteArray();
    QTest::newRow("backslash") << QStringLiteral("Bench-P1S\\..") << kClip << QByteArray();
    QTest::newRow("empty folder") << QString() << kClip << QByteArray();
    QTest::newRow("no such file") << bench << QStringLiteral("failure_2026-12-05_23-59-59.mp4")
                                  << QByteArray();
    QTest::newRow("no such folder") << QStringLiteral("Nope") << kClip << QByteArray();
    QTest::newRow("file link out of the root")
        << bench << QStringLiteral("failure_2026-12-05_09-00-00.mp4") << QByteArray();
    QTest::newRow("folder link out of the root")
        << QStringLiteral("Escape") << kClip << QByteArray();
    QTest::newRow("folder link into a work folder")
        << QStringLiteral("Work-Link") << kClip << QByteArray();
    QTest::newRow("other printer") << QStringLiteral("Old-A1") << kClip << QByteArray("video/mp4");
}

void tst_ShareRecordings::resolve()
{
    QFETCH(QString, folder);
    QFETCH(QString, file);
    QFETCH(QByteArray, contentType);

    ShareRecordings recordings;
    recordings.setRoot(m_root);
    const std::optional<ShareRecordings::File> resolved = recordings.resolve(folder, file);
    QCOMPARE(resolved.has_value(), !contentType.isEmpty());
    if (!resolved)
        return;
    QCOMPARE(resolved->contentType, contentType);
    QCOMPARE(resolved->isVideo, contentType.startsWith("video/"));
    QCOMPARE(resolved->fileName, file);
    const QFileInfo info(m_root + QLatin1Char('/') + folder + QLatin1Char('/') + file);
    QCOMPARE(resolved->path, info.canonicalFilePath());
    QCOMPARE(resolved->bytes, info.size());
}

void tst_ShareRecordings::noRootServesNothing()
{
    ShareRecordings recordings;
    QVERIFY(recordings.list({}).isEmpty());
    QVERIFY(!recordings.resolve(QStringLiteral("Bench-P1S"), kTimelapse));
    recordings.setRoot(m_dir.filePath(QStringLiteral("does-not-exist")));
    QVERIFY(recordings.list({}).isEmpty());
    recordings.setRoot(m_root);
    QVERIFY(recordings.resolve(QStringLiteral("Bench-P1S"), kTimelapse));
    recordings.setRoot({});
    QVERIFY(!recordings.resolve(QStringLiteral("Bench-P1S"), kTimelapse));
}

void tst_ShareRecordings::listNamesPrintersNewestFirst()
{
    ShareRecordings recordings;
    recordings.setRoot(m_root);
    recordings.setProbeBudget(std::chrono::minutes(1)); // every length now, even under sanitizers
    const QJsonArray list = recordings.list({{m_printerId, QStringLiteral("Bench P1S")}});
    QStringList files;
    for (const QJsonValue &value : list)
        files.append(value[QLatin1String("folder")].toString() + QLatin1Char('/')
                     + value[QLatin1String("file")].toString());
    // Newest first; the same start sorted by path (entries() is stable), then reversed.
    QCOMPARE(files,
             QStringList({QStringLiteral("Bench-P1S/") + kRecording,
                          QStringLiteral("Old-A1/") + kClip, QStringLiteral("Bench-P1S/") + kClip,
                          QStringLiteral("Bench-P1S/") + kTimelapse}));

    const QJsonObject timelapse = list.at(3).toObject();
    QCOMPARE(timelapse[QLatin1String("printerId")].toString(),
             m_printerId.toString(QUuid::WithoutBraces));
    QCOMPARE(timelapse[QLatin1String("printer")].toString(), QStringLiteral("Bench P1S"));
    QCOMPARE(timelapse[QLatin1String("kind")].toString(), QStringLiteral("timelapse"));
    QCOMPARE(timelapse[QLatin1String("label")].toString(), QStringLiteral("benchy"));
    const QDateTime started
        = QDateTime::fromString(timelapse[QLatin1String("started")].toString(), Qt::ISODate);
    QCOMPARE(started, QDateTime(QDate(2026, 12, 5), QTime(11, 36, 9)));
    QVERIFY2(timelapse[QLatin1String("started")].toString().size() > 19, "with its UTC offset");
    // 3 pictures at 30 fps, the last held 2 s.
    const qint64 durationMs = qint64(timelapse[QLatin1String("durationMs")].toDouble());
    QVERIFY2(durationMs >= 2000 && durationMs <= 2200, qPrintable(QString::number(durationMs)));
    QCOMPARE(qint64(timelapse[QLatin1String("bytes")].toDouble()),
             QFileInfo(m_root + QStringLiteral("/Bench-P1S/") + kTimelapse).size());
    QCOMPARE(timelapse[QLatin1String("url")].toString(),
             QStringLiteral("/recordings/Bench-P1S/") + kTimelapse);
    QCOMPARE(timelapse[QLatin1String("thumbnail")].toString(),
             QStringLiteral("/recordings/Bench-P1S/timelapse_2026-12-05_11-36-09_benchy.jpg"));

    const QJsonObject clip = list.at(2).toObject();
    QCOMPARE(clip[QLatin1String("kind")].toString(), QStringLiteral("failure"));
    QVERIFY(clip[QLatin1String("label")].isNull());
    QVERIFY(clip[QLatin1String("thumbnail")].isNull());

    const QJsonObject other = list.at(1).toObject();
    QVERIFY(other[QLatin1String("printerId")].isNull());
    QCOMPARE(other[QLatin1String("printer")].toString(), QStringLiteral("Old-A1"));

    const QJsonObject broken = list.at(0).toObject();
    QCOMPARE(broken[QLatin1String("kind")].toString(), QStringLiteral("recording"));
    QVERIFY(broken[QLatin1String("durationMs")].isNull()); // not a video FFmpeg can read
    QCOMPARE(broken[QLatin1String("bytes")].toDouble(), 1000.0);
}

void tst_ShareRecordings::durationsAreReadOnce()
{
    ShareRecordings recordings;
    recordings.setRoot(m_root);
    recordings.setProbeBudget(std::chrono::minutes(1));
    QCOMPARE(recordings.list({}).size(), 4);
    QCOMPARE(recordings.durationReads(), 4);
    QCOMPARE(recordings.cachedDurationCount(), 4);
    QCOMPARE(recordings.list({}).size(), 4);
    QCOMPARE(recordings.durationReads(), 4); // a poll reads no file again

    // A file that changed is read again; one that went leaves the cache.
    QTemporaryDir dir;
    const QString root = dir.filePath(QStringLiteral("FarmCam"));
    const QString video = root + QStringLiteral("/P1S/") + kClip;
    QVERIFY(writeVideo(video, 1));
    recordings.setRoot(root);
    QCOMPARE(recordings.list({}).size(), 1);
    QCOMPARE(recordings.durationReads(), 5);
    QCOMPARE(recordings.cachedDurationCount(), 1); // the old folder's entries are gone
    QVERIFY(QFile::remove(video));
    QVERIFY(writeVideo(video, 40)); // another size
    const QJsonArray list = recordings.list({});
    QCOMPARE(recordings.durationReads(), 6);
    const qint64 durationMs = qint64(list.at(0)[QLatin1String("durationMs")].toDouble());
    QVERIFY2(durationMs > 3000, qPrintable(QString::number(durationMs))); // 40/30 s + 2 s
    QVERIFY(QFile::remove(video));
    QVERIFY(recordings.list({}).isEmpty());
    QCOMPARE(recordings.cachedDurationCount(), 0);
}

void tst_ShareRecordings::durationsBeyondTheBudgetComeNextTime()
{
    ShareRecordings recordings;
    recordings.setRoot(m_root);
    // No time to read any header on the server's thread: the list comes at once, without lengths,
    // and the headers are read on the pool, once each, for the next list.
    recordings.setProbeBudget(std::chrono::milliseconds(0));
    const QJsonArray first = recordings.list({});
    QCOMPARE(first.size(), 4);
    for (const QJsonValue &entry : first)
        QVERIFY(entry[QLatin1String("durationMs")].isNull());
    QTRY_COMPARE_WITH_TIMEOUT(recordings.cachedDurationCount(), 4, 20000);
    const QJsonArray second = recordings.list({});
    QCOMPARE(recordings.durationReads(), 4);
    int withLength = 0;
    for (const QJsonValue &entry : second)
        withLength += entry[QLatin1String("durationMs")].toDouble() >= 2000 ? 1 : 0;
    QCOMPARE(withLength, 3); // the fourth is not a video FFmpeg can read
}

void tst_ShareRecordings::attachmentHeader_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("header");

    QTest::newRow("plain") << kClip
                           << QByteArray(
                                  "attachment; filename=\"failure_2026-12-05_12-00-00.mp4\"");
    QTest::newRow("utf-8") << QStringLiteral("timelapse_2026-12-05_11-36-09_Drücker.mp4")
                           << QByteArray("attachment; filename=\"timelapse_2026-12-05_11-36-09_Dr_"
                                         "cker.mp4\"; filename*=UTF-8''timelapse_2026-12-05_11-36-"
                                         "09_Dr%C3%BCcker.mp4");
    QTest::newRow("quote") << QStringLiteral(
        "a\"b.mp4") << QByteArray("attachment; filename=\"a_b.mp4\"; filename*=UTF-8''a%22b.mp4");
}

void tst_ShareRecordings::attachmentHeader()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, header);
    QCOMPARE(ShareRecordings::attachmentHeader(fileName), header);
}

QTEST_GUILESS_MAIN(tst_ShareRecordings)
#include "tst_sharerecordings.moc"
