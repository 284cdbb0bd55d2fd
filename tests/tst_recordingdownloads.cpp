// The sharing server's recordings routes against curl on 127.0.0.1: /api/recordings lists a real
// recordings folder, /recordings/<folder>/<file> gives its files byte for byte (whole, HEAD, one
// range), every other name is the same 404, and a large file goes out without growing memory.
#include "camera/loopback/loopbackcamera.h"
#include "curlclient.h"
#include "model/appsettings.h"
#include "model/memorycredentialstore.h"
#include "model/printer.h"
#include "model/printerfarm.h"
#include "recordingfiles.h"
#include "share/shareserver.h"
#include "share/sharetoken.h"
#include "testframes.h"
#include "testsupport.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

#include <algorithm>
#include <memory>

namespace {

using CurlClient::HttpResult;

HttpResult curl(const QStringList &arguments, const std::function<void()> &whileRunning = {})
{
    return CurlClient::run(arguments, 60, whileRunning);
}

qint64 residentBytes()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = statm.readAll().simplified().split(' ');
    return fields.size() < 2 ? 0 : fields.at(1).toLongLong() * sysconf(_SC_PAGESIZE);
}

using RecordingFiles::writeFile;
using RecordingFiles::writeVideo;

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The printer's folder, as RecordingLibrary::folderNameFor() names "Bay 3 · P1S".
const QString kFolder = QStringLiteral("Bay-3-P1S");
const QString kTimelapse = QStringLiteral("timelapse_2026-12-05_11-36-09_benchy.mp4");
const QString kThumbnail = QStringLiteral("timelapse_2026-12-05_11-36-09_benchy.jpg");
const QString kClip = QStringLiteral("failure_2026-12-05_12-00-00.mp4");

} // namespace

class tst_RecordingDownloads : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void noFolderListsNothing();
    void list_data();
    void list();
    void download_data();
    void download();
    void head();
    void ranges_data();
    void ranges();
    void tokenIsRequired_data();
    void tokenIsRequired();
    void refused_data();
    void refused();
    void largeFileKeepsMemoryFlat();

private:
    QString url(const QString &path, bool withToken = true) const;
    QJsonArray listed();

    QTemporaryDir m_dir;
    QTemporaryDir m_outside;
    QString m_root;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<MemoryCredentialStore> m_credentials;
    std::unique_ptr<PrinterFarm> m_farm;
    std::unique_ptr<ShareServer> m_server;
    QString m_token;
    Printer *m_printer = nullptr;
};

void tst_RecordingDownloads::initTestCase()
{
    QVERIFY(m_dir.isValid() && m_outside.isValid());
    m_root = m_dir.filePath(QStringLiteral("recordings"));
    const QString folder = m_root + QLatin1Char('/') + kFolder + QLatin1Char('/');
    QVERIFY(writeVideo(folder + kTimelapse, 3));
    QVERIFY(writeFile(folder + kThumbnail, TestFrames::patternJpeg(QSize(160, 90))));
    QVERIFY(writeVideo(folder + kClip, 1));
    QVERIFY(writeVideo(m_root + QStringLiteral("/Gone-A1/recording_2026-12-04_08-00-00.mkv"), 2));
    QVERIFY(writeFile(folder + kClip + QStringLiteral(".partial"), "half"));
    QVERIFY(writeFile(folder + QStringLiteral(".work/") + kClip, "work"));
    QVERIFY(writeFile(m_root + QStringLiteral("/.hidden/") + kClip, "hidden"));
    QVERIFY(writeFile(m_outside.filePath(kClip), "outside the root"));
    QVERIFY(QFile::link(m_outside.filePath(kClip),
                        folder + QStringLiteral("failure_2026-12-05_09-00-00.mp4")));
    QVERIFY(QFile::link(m_outside.path(), m_root + QStringLiteral("/Escape")));
}

void tst_RecordingDownloads::init()
{
    m_settings = std::make_unique<AppSettings>(m_dir.filePath(QStringLiteral("farmcam.conf")));
    m_credentials = std::make_unique<MemoryCredentialStore>();
    m_farm = std::make_unique<PrinterFarm>(m_settings.get(), m_credentials.get());
    m_farm->setPersistent(false);
    PrinterConfig config;
    config.name = QStringLiteral("Bay 3 · P1S");
    config.host = QStringLiteral("127.0.0.1");
    config.port = TestSupport::closedLoopbackPort();
    config.serial = QStringLiteral("01P00A000000001");
    config.statusEnabled = false;
    QString error;
    m_printer = m_farm->addPrinter(config, TestSupport::kAccessCode, new LoopbackCamera, &error);
    QVERIFY2(m_printer, qPrintable(error));
    m_token = ShareToken::generate();
    m_server = std::make_unique<ShareServer>(m_farm.get());
    m_server->setRecordingsRoot(m_root);
    ShareServer::Settings settings;
    settings.port = 0;
    settings.token = m_token;
    settings.maxFailedAttempts = 1000; // not about the throttle
    QVERIFY2(m_server->start(settings, &error), qPrintable(error));
}

void tst_RecordingDownloads::cleanup()
{
    m_server.reset();
    m_farm.reset();
    m_credentials.reset();
    m_settings.reset();
}

QString tst_RecordingDownloads::url(const QString &path, bool withToken) const
{
    QString result = QStringLiteral("http://127.0.0.1:%1").arg(m_server->port()) + path;
    if (withToken)
        result += (path.contains(u'?') ? QStringLiteral("&token=") : QStringLiteral("?token="))
            + m_token;
    return result;
}

QJsonArray tst_RecordingDownloads::listed()
{
    const HttpResult result = curl({url(QStringLiteral("/api/recordings"))});
    if (result.status != 200 || !result.header("content-type").startsWith("application/json"))
        return {};
    return QJsonDocument::fromJson(result.body).array();
}

void tst_RecordingDownloads::noFolderListsNothing()
{
    m_server->setRecordingsRoot({});
    const HttpResult empty = curl({url(QStringLiteral("/api/recordings"))});
    QCOMPARE(empty.status, 200);
    QCOMPARE(empty.body, QByteArray("[]"));
    QCOMPARE(
        curl({url(QStringLiteral("/recordings/") + kFolder + QLatin1Char('/') + kClip)}).status,
        404);
    // Set while running: the next request sees it.
    m_server->setRecordingsRoot(m_root);
    QCOMPARE(listed().size(), 3);
    QCOMPARE(m_server->recordingsRoot(), m_root);
}

void tst_RecordingDownloads::list_data()
{
    QTest::addColumn<int>("index"); // newest first
    QTest::addColumn<QString>("folder");
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<bool>("ofThisPrinter");
    QTest::addColumn<bool>("hasThumbnail");
    QTest::addColumn<int>("minDurationMs");

    QTest::newRow("clip") << 0 << kFolder << kClip << "failure" << true << false << 2000;
    QTest::newRow("timelapse") << 1 << kFolder << kTimelapse << "timelapse" << true << true << 2000;
    QTest::newRow("a removed printer's recording") << 2 << "Gone-A1"
                                                   << "recording_2026-12-04_08-00-00.mkv"
                                                   << "recording" << false << false << 2000;
}

void tst_RecordingDownloads::list()
{
    QFETCH(int, index);
    QFETCH(QString, folder);
    QFETCH(QString, file);
    QFETCH(QString, kind);
    QFETCH(bool, ofThisPrinter);
    QFETCH(bool, hasThumbnail);
    QFETCH(int, minDurationMs);

    // Lengths are read for a bounded time per request and the rest in the background: on a
    // loaded machine a few lists may pass before all three are there.
    QJsonArray list;
    const auto allLengths = [&list] {
        return std::all_of(list.cbegin(), list.cend(), [](const QJsonValue &entry) {
            return !entry[QLatin1String("durationMs")].isNull();
        });
    };
    QTRY_VERIFY_WITH_TIMEOUT((list = listed(), !list.isEmpty() && allLengths()), 30000);
    QCOMPARE(list.size(), 3); // nothing partial, hidden, in a work folder or behind a link out
    const QJsonObject entry = list.at(index).toObject();
    QCOMPARE(entry[QLatin1String("folder")].toString(), folder);
    QCOMPARE(entry[QLatin1String("file")].toString(), file);
    QCOMPARE(entry[QLatin1String("kind")].toString(), kind);
    if (ofThisPrinter) {
        QCOMPARE(entry[QLatin1String("printerId")].toString(),
                 m_printer->id().toString(QUuid::WithoutBraces));
        QCOMPARE(entry[QLatin1String("printer")].toString(), m_printer->name());
    } else {
        QVERIFY(entry[QLatin1String("printerId")].isNull());
        QCOMPARE(entry[QLatin1String("printer")].toString(), folder);
    }
    const QString path = m_root + QLatin1Char('/') + folder + QLatin1Char('/') + file;
    QCOMPARE(qint64(entry[QLatin1String("bytes")].toDouble()), QFileInfo(path).size());
    QVERIFY(entry[QLatin1String("durationMs")].toDouble() >= minDurationMs);
    QVERIFY(
        QDateTime::fromString(entry[QLatin1String("started")].toString(), Qt::ISODate).isValid());
    // The URLs it gives are the ones that work.
    const QString download = entry[QLatin1String("url")].toString();
    QCOMPARE(download, QStringLiteral("/recordings/%1/%2").arg(folder, file));
    QCOMPARE(curl({url(download)}).body, readFile(path));
    QCOMPARE(entry[QLatin1String("thumbnail")].isNull(), !hasThumbnail);
    if (hasThumbnail) {
        const HttpResult thumbnail = curl({url(entry[QLatin1String("thumbnail")].toString())});
        QCOMPARE(thumbnail.status, 200);
        QCOMPARE(thumbnail.header("content-type"), QByteArray("image/jpeg"));
        QVERIFY(thumbnail.header("content-disposition").isEmpty()); // shown, not downloaded
        QCOMPARE(thumbnail.body,
                 readFile(m_root + QLatin1Char('/') + folder + QLatin1Char('/') + kThumbnail));
    }
}

void tst_RecordingDownloads::download_data()
{
    QTest::addColumn<QString>("folder");
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("contentType");

    QTest::newRow("mp4") << kFolder << kTimelapse << QByteArray("video/mp4");
    QTest::newRow("matroska") << "Gone-A1"
                              << "recording_2026-12-04_08-00-00.mkv"
                              << QByteArray("video/x-matroska");
}

void tst_RecordingDownloads::download()
{
    QFETCH(QString, folder);
    QFETCH(QString, file);
    QFETCH(QByteArray, contentType);

    const QString path = m_root + QLatin1Char('/') + folder + QLatin1Char('/') + file;
    // Also with the token as a header, as a script would.
    const HttpResult result
        = curl({QStringLiteral("-H"), QStringLiteral("Authorization: Bearer ") + m_token,
                url(QStringLiteral("/recordings/%1/%2").arg(folder, file), false)});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.status, 200);
    QCOMPARE(result.header("content-type"), contentType);
    QCOMPARE(result.header("content-disposition"),
             QByteArray("attachment; filename=\"") + file.toUtf8() + '"');
    QCOMPARE(result.header("content-length").toLongLong(), QFileInfo(path).size());
    QCOMPARE(result.header("accept-ranges"), QByteArray("bytes"));
    QCOMPARE(result.body, readFile(path));
}

void tst_RecordingDownloads::head()
{
    const QString path = m_root + QLatin1Char('/') + kFolder + QLatin1Char('/') + kTimelapse;
    const HttpResult result = curl(
        {QStringLiteral("-I"), url(QStringLiteral("/recordings/%1/%2").arg(kFolder, kTimelapse))});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.status, 200);
    QCOMPARE(result.header("content-length").toLongLong(), QFileInfo(path).size());
    QCOMPARE(result.header("content-type"), QByteArray("video/mp4"));
    QVERIFY(result.body.isEmpty());
    QCOMPARE(curl({QStringLiteral("-I"), url(QStringLiteral("/api/recordings"))}).status, 200);
}

void tst_RecordingDownloads::ranges_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("status");
    QTest::addColumn<qint64>("first"); // of the file's bytes expected, -1: none
    QTest::addColumn<qint64>("length"); // -1: to the end

    QTest::newRow("first bytes") << QStringList{QStringLiteral("-r"), QStringLiteral("0-99")} << 206
                                 << 0LL << 100LL;
    QTest::newRow("middle") << QStringList{QStringLiteral("-r"), QStringLiteral("100-1099")} << 206
                            << 100LL << 1000LL;
    QTest::newRow("to the end") << QStringList{QStringLiteral("-r"), QStringLiteral("500-")} << 206
                                << 500LL << -1LL;
    QTest::newRow("suffix") << QStringList{QStringLiteral("-r"), QStringLiteral("-64")} << 206
                            << -64LL << -1LL;
    QTest::newRow("beyond the end")
        << QStringList{QStringLiteral("-r"), QStringLiteral("100000000-")} << 416 << -1LL << 0LL;
    QTest::newRow("several: whole file")
        << QStringList{QStringLiteral("-r"), QStringLiteral("0-1,5-6")} << 200 << 0LL << -1LL;
    QTest::newRow("if-range: whole file")
        << QStringList{QStringLiteral("-r"), QStringLiteral("0-99"), QStringLiteral("-H"),
                       QStringLiteral("If-Range: \"x\"")}
        << 200 << 0LL << -1LL;
}

void tst_RecordingDownloads::ranges()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, status);
    QFETCH(qint64, first);
    QFETCH(qint64, length);

    const QByteArray file
        = readFile(m_root + QLatin1Char('/') + kFolder + QLatin1Char('/') + kTimelapse);
    QVERIFY(file.size() > 2000);
    const HttpResult result = curl(
        arguments + QStringList{url(QStringLiteral("/recordings/%1/%2").arg(kFolder, kTimelapse))});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.status, status);
    if (status == 416) {
        QCOMPARE(result.header("content-range"), "bytes */" + QByteArray::number(file.size()));
        return;
    }
    const qint64 start = first < 0 ? file.size() + first : first;
    const QByteArray expected = file.mid(start, length);
    QCOMPARE(result.body, expected);
    QCOMPARE(result.header("content-length").toLongLong(), expected.size());
    if (status == 206) {
        QCOMPARE(result.header("content-range"),
                 "bytes " + QByteArray::number(start) + '-'
                     + QByteArray::number(start + expected.size() - 1) + '/'
                     + QByteArray::number(file.size()));
    } else {
        QVERIFY(result.header("content-range").isEmpty());
    }
}

void tst_RecordingDownloads::tokenIsRequired_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QStringList>("credentials");

    const QStringList paths{QStringLiteral("/api/recordings"),
                            QStringLiteral("/recordings/%1/%2").arg(kFolder, kTimelapse),
                            QStringLiteral("/recordings/%1/%2").arg(kFolder, kThumbnail),
                            QStringLiteral("/recordings/nope/nope.mp4")};
    for (const QString &path : paths) {
        QTest::addRow("%s none", qPrintable(path)) << path << QStringList();
        QTest::addRow("%s wrong query", qPrintable(path))
            << path + QStringLiteral("?token=wrong") << QStringList();
        QTest::addRow("%s wrong bearer", qPrintable(path))
            << path << QStringList{QStringLiteral("-H"), QStringLiteral("Authorization: Bearer x")};
    }
}

void tst_RecordingDownloads::tokenIsRequired()
{
    QFETCH(QString, path);
    QFETCH(QStringList, credentials);
    const HttpResult result = curl(credentials + QStringList{url(path, false)});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.status, 401);
    QCOMPARE(result.body, QByteArray("A token is needed.\n"));
    // Whether the file exists is not told either.
    QVERIFY(result.header("content-disposition").isEmpty());
    QVERIFY(result.header("content-length").toLongLong() < 100);
}

void tst_RecordingDownloads::refused_data()
{
    QTest::addColumn<QString>("path");

    const QString f = QStringLiteral("/recordings/") + kFolder;
    QTest::newRow("dot dot folder") << QStringLiteral("/recordings/../farmcam.conf");
    QTest::newRow("dot dot up two") << QStringLiteral("/recordings/../../etc/passwd");
    QTest::newRow("dot dot file") << f + QStringLiteral("/..");
    QTest::newRow("encoded dot dot") << QStringLiteral("/recordings/%2e%2e/farmcam.conf");
    QTest::newRow("encoded dot dot, upper") << QStringLiteral("/recordings/%2E%2E/farmcam.conf");
    QTest::newRow("encoded slash")
        << QStringLiteral("/recordings/%1%2F..%2F..%2Ffarmcam.conf/x.mp4").arg(kFolder);
    QTest::newRow("encoded slash in file") << f + QStringLiteral("/..%2F..%2Ffarmcam.conf");
    QTest::newRow("encoded backslash") << f + QStringLiteral("/..%5C..%5Cfarmcam.conf");
    QTest::newRow("absolute path") << QStringLiteral("/recordings/%2Fetc/passwd");
    QTest::newRow("absolute, double slash") << QStringLiteral("/recordings//etc/passwd");
    QTest::newRow("hidden folder") << QStringLiteral("/recordings/.hidden/") + kClip;
    QTest::newRow("work folder") << f + QStringLiteral("/.work/") + kClip;
    QTest::newRow("partial") << f + QLatin1Char('/') + kClip + QStringLiteral(".partial");
    QTest::newRow("file link out of the root")
        << f + QStringLiteral("/failure_2026-12-05_09-00-00.mp4");
    QTest::newRow("folder link out of the root") << QStringLiteral("/recordings/Escape/") + kClip;
    QTest::newRow("dot dot, four segments") << QStringLiteral("/recordings/../recordings/") + kClip;
    QTest::newRow("no such file") << f + QStringLiteral("/failure_2026-12-05_23-59-59.mp4");
    QTest::newRow("no such folder") << QStringLiteral("/recordings/Nope/") + kClip;
    QTest::newRow("the folder") << f;
    QTest::newRow("the root") << QStringLiteral("/recordings/");
    QTest::newRow("too deep") << f + QStringLiteral("/kept/") + kClip;
}

void tst_RecordingDownloads::refused()
{
    QFETCH(QString, path);
    const HttpResult result = curl({url(path)});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.status, 404);
    QCOMPARE(result.body, QByteArray("Not found.\n")); // the same for every refusal
    QVERIFY(result.header("content-disposition").isEmpty());
}

void tst_RecordingDownloads::largeFileKeepsMemoryFlat()
{
    // 200 MB, sparse (nothing written to the disk), under a name the recorder writes.
    const QString name = QStringLiteral("recording_2026-12-06_10-00-00.mkv");
    const QString path = m_root + QStringLiteral("/Big/") + name;
    QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
    constexpr qint64 kSize = 200LL * 1024 * 1024;
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.resize(kSize));
    }
    const qint64 before = residentBytes();
    QVERIFY(before > 0);
    qint64 peak = before;
    const HttpResult result
        = curl({QStringLiteral("-o"), QStringLiteral("/dev/null"), QStringLiteral("-w"),
                QStringLiteral("\r\n\r\n%{size_download}"),
                url(QStringLiteral("/recordings/Big/") + name)},
               [&peak] { peak = qMax(peak, residentBytes()); });
    QVERIFY(QFile::remove(path));
    QVERIFY(QDir(QFileInfo(path).absolutePath()).removeRecursively());
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.body.trimmed().toLongLong(), kSize);
    const qint64 growth = peak - before;
    qInfo("200 MB download: resident memory %.1f MB before, peak %.1f MB (+%.1f MB)",
          double(before) / 1e6, double(peak) / 1e6, double(growth) / 1e6);
    QVERIFY2(growth < 16 * 1024 * 1024, qPrintable(QString::number(growth)));
}

QTEST_MAIN(tst_RecordingDownloads)
#include "tst_recordingdownloads.moc"
