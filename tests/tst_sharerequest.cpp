// The sharing server's request parsing: targets, routes, queries, Authorization, slugs. Pure.
#include "protocol/byterange.h"
#include "protocol/sharerequest.h"
#include "share/sharetoken.h"

#include <QTest>

using Route = ShareRequest::Route;
using Error = ShareRequest::Error;

class tst_ShareRequest : public QObject
{
    Q_OBJECT

private slots:
    void routes_data();
    void routes();
    void recordingRoutes_data();
    void recordingRoutes();
    void errors_data();
    void errors();
    void query();
    void fps_data();
    void fps();
    void authorization_data();
    void authorization();
    void slugs_data();
    void slugs();
    void contentTypes_data();
    void contentTypes();
    void paths();
    void tokens();
    void byteRanges_data();
    void byteRanges();
};

void tst_ShareRequest::routes_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<Route>("route");
    QTest::addColumn<QString>("printer");
    QTest::addColumn<QString>("file");

    QTest::newRow("root") << QByteArray("/") << Route::Static << QString() << "index.html";
    QTest::newRow("root with token")
        << QByteArray("/?token=abc") << Route::Static << QString() << "index.html";
    QTest::newRow("file") << QByteArray("/wall.js") << Route::Static << QString() << "wall.js";
    QTest::newRow("nested file") << QByteArray("/css/wall.css") << Route::Static << QString()
                                 << "css/wall.css";
    QTest::newRow("double slash") << QByteArray("//css//wall.css") << Route::Static << QString()
                                  << "css/wall.css";
    QTest::newRow("dot dot") << QByteArray("/../etc/passwd") << Route::NotFound << QString()
                             << QString();
    QTest::newRow("encoded dot dot")
        << QByteArray("/%2E%2E/etc/passwd") << Route::NotFound << QString() << QString();
    QTest::newRow("dot") << QByteArray("/./index.html") << Route::NotFound << QString()
                         << QString();
    QTest::newRow("hidden") << QByteArray("/.git/config") << Route::NotFound << QString()
                            << QString();
    QTest::newRow("encoded slash")
        << QByteArray("/a%2F..%2Fb") << Route::NotFound << QString() << QString();
    QTest::newRow("backslash") << QByteArray("/a%5C..%5Cb") << Route::NotFound << QString()
                               << QString();
    QTest::newRow("healthz") << QByteArray("/healthz") << Route::Health << QString() << QString();
    QTest::newRow("metrics") << QByteArray("/metrics?x=1") << Route::Metrics << QString()
                             << QString();
    QTest::newRow("printers") << QByteArray("/api/printers") << Route::Printers << QString()
                              << QString();
    QTest::newRow("printers slash")
        << QByteArray("/api/printers/") << Route::Printers << QString() << QString();
    QTest::newRow("printer") << QByteArray("/api/printers/bay-3") << Route::Printer << "bay-3"
                             << QString();
    QTest::newRow("events") << QByteArray("/api/events") << Route::Events << QString() << QString();
    QTest::newRow("api other") << QByteArray("/api/nope") << Route::NotFound << QString()
                               << QString();
    QTest::newRow("stream.mjpg") << QByteArray("/cam/bay-3/stream.mjpg") << Route::Stream << "bay-3"
                                 << QString();
    QTest::newRow("stream") << QByteArray("/cam/bay-3/stream") << Route::Stream << "bay-3"
                            << QString();
    QTest::newRow("action=stream")
        << QByteArray("/cam/bay-3/?action=stream") << Route::Stream << "bay-3" << QString();
    QTest::newRow("action=stream no slash")
        << QByteArray("/cam/bay-3?action=stream&1712345") << Route::Stream << "bay-3" << QString();
    QTest::newRow("snapshot.jpg") << QByteArray("/cam/bay-3/snapshot.jpg?_=1712") << Route::Snapshot
                                  << "bay-3" << QString();
    QTest::newRow("snapshot") << QByteArray("/cam/bay-3/snapshot") << Route::Snapshot << "bay-3"
                              << QString();
    QTest::newRow("action=snapshot")
        << QByteArray("/cam/bay-3/?action=snapshot") << Route::Snapshot << "bay-3" << QString();
    QTest::newRow("no action") << QByteArray("/cam/bay-3/") << Route::NotFound << QString()
                               << QString();
    QTest::newRow("cam other") << QByteArray("/cam/bay-3/video.mp4") << Route::NotFound << QString()
                               << QString();
    QTest::newRow("escaped key") << QByteArray("/cam/Bay%203/stream.mjpg") << Route::Stream
                                 << "Bay 3" << QString();
    QTest::newRow("utf-8 key") << QByteArray("/cam/Dr%C3%BCcker/stream") << Route::Stream
                               << QString::fromUtf8("Drücker") << QString();
    QTest::newRow("braced id") << QByteArray(
        "/cam/%7B6c1d5f0e-5a7b-4d3e-9a57-2f1b8c0e4a11%7D/snapshot")
                               << Route::Snapshot << "{6c1d5f0e-5a7b-4d3e-9a57-2f1b8c0e4a11}"
                               << QString();
    QTest::newRow("fragment") << QByteArray("/healthz#x") << Route::Health << QString()
                              << QString();
    QTest::newRow("too deep") << QByteArray("/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r")
                              << Route::NotFound << QString() << QString();
}

void tst_ShareRequest::routes()
{
    QFETCH(QByteArray, target);
    QFETCH(Route, route);
    QFETCH(QString, printer);
    QFETCH(QString, file);
    const ShareRequest request = ShareRequest::parse(target);
    QVERIFY(request.isValid());
    QCOMPARE(request.route(), route);
    QCOMPARE(request.printerKey(), printer);
    QCOMPARE(request.staticPath(), file);
}

void tst_ShareRequest::recordingRoutes_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<Route>("route");
    QTest::addColumn<QString>("folder");
    QTest::addColumn<QString>("file");

    QTest::newRow("list") << QByteArray("/api/recordings?token=x") << Route::Recordings << QString()
                          << QString();
    QTest::newRow("file") << QByteArray("/recordings/P1S/timelapse_2026-12-05_11-36-09.mp4")
                          << Route::RecordingFile << "P1S"
                          << "timelapse_2026-12-05_11-36-09.mp4";
    QTest::newRow("escaped") << QByteArray("/recordings/Dr%C3%BCcker/a%20b.mp4")
                             << Route::RecordingFile << QString::fromUtf8("Drücker") << "a b.mp4";
    // The parser only splits: the names are ShareRecordings' to refuse.
    QTest::newRow("encoded slash")
        << QByteArray("/recordings/a%2F..%2Fb/x.mp4") << Route::RecordingFile << "a/../b"
        << "x.mp4";
    QTest::newRow("dot dot") << QByteArray("/recordings/%2e%2e/x.mp4") << Route::RecordingFile
                             << ".."
                             << "x.mp4";
    QTest::newRow("folder only") << QByteArray("/recordings/P1S") << Route::NotFound << QString()
                                 << QString();
    QTest::newRow("too deep") << QByteArray("/recordings/P1S/kept/x.mp4") << Route::NotFound
                              << QString() << QString();
    QTest::newRow("root") << QByteArray("/recordings") << Route::NotFound << QString() << QString();
}

void tst_ShareRequest::recordingRoutes()
{
    QFETCH(QByteArray, target);
    QFETCH(Route, route);
    QFETCH(QString, folder);
    QFETCH(QString, file);
    const ShareRequest request = ShareRequest::parse(target);
    QVERIFY(request.isValid());
    QCOMPARE(request.route(), route);
    QCOMPARE(request.recordingFolder(), folder);
    QCOMPARE(request.recordingFile(), file);
}

void tst_ShareRequest::errors_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<Error>("error");

    QTest::newRow("empty") << QByteArray() << Error::NotOriginForm;
    QTest::newRow("absolute form") << QByteArray("http://x/healthz") << Error::NotOriginForm;
    QTest::newRow("asterisk") << QByteArray("*") << Error::NotOriginForm;
    QTest::newRow("bad escape") << QByteArray("/cam/%zz/stream") << Error::BadEncoding;
    QTest::newRow("short escape") << QByteArray("/cam/%2") << Error::BadEncoding;
    QTest::newRow("NUL escape") << QByteArray("/cam/a%00b/stream") << Error::BadEncoding;
    QTest::newRow("control") << QByteArray("/cam/a\x01") << Error::BadEncoding;
    QTest::newRow("DEL") << QByteArray("/cam/a\x7f") << Error::BadEncoding;
    QTest::newRow("too long") << "/" + QByteArray(5000, 'a') << Error::TooLong;
    QByteArray many = "/?";
    for (int i = 0; i < 65; ++i)
        many += "a=" + QByteArray::number(i) + '&';
    QTest::newRow("too many parameters") << many << Error::TooManyParameters;
}

void tst_ShareRequest::errors()
{
    QFETCH(QByteArray, target);
    QFETCH(Error, error);
    const ShareRequest request = ShareRequest::parse(target);
    QVERIFY(!request.isValid());
    QCOMPARE(request.error(), error);
    QCOMPARE(request.route(), Route::Invalid);
}

void tst_ShareRequest::query()
{
    const ShareRequest request
        = ShareRequest::parse("/cam/x/stream?token=a%2Bb&fps=2&1712345&name=a+b&bad=%zz&token=c");
    QVERIFY(request.isValid());
    QCOMPARE(request.token(), QByteArray("a+b")); // the first
    QCOMPARE(request.queryValue(QStringLiteral("name")), QStringLiteral("a b"));
    QCOMPARE(request.queryValue(QStringLiteral("1712345")), QString());
    QCOMPARE(request.queryValue(QStringLiteral("bad")), QStringLiteral("%zz")); // lenient
    QVERIFY(!request.queryValue(QStringLiteral("missing")));
    QCOMPARE(request.query().size(), 6);
    QVERIFY(!ShareRequest::parse("/x").token());
}

void tst_ShareRequest::fps_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<double>("fps");
    QTest::newRow("absent") << QByteArray() << 0.0;
    QTest::newRow("two") << QByteArray("2") << 2.0;
    QTest::newRow("fraction") << QByteArray("0.5") << 0.5;
    QTest::newRow("tiny") << QByteArray("0.001") << ShareRequest::kMinFps;
    QTest::newRow("huge") << QByteArray("1000") << ShareRequest::kMaxFps;
    QTest::newRow("zero") << QByteArray("0") << 0.0;
    QTest::newRow("negative") << QByteArray("-3") << 0.0;
    QTest::newRow("word") << QByteArray("fast") << 0.0;
    QTest::newRow("nan") << QByteArray("nan") << 0.0;
    QTest::newRow("inf") << QByteArray("inf") << 0.0;
}

void tst_ShareRequest::fps()
{
    QFETCH(QByteArray, value);
    QFETCH(double, fps);
    const QByteArray target
        = value.isNull() ? QByteArray("/cam/x/stream") : "/cam/x/stream?fps=" + value;
    QCOMPARE(ShareRequest::parse(target).maxFps(), fps);
}

void tst_ShareRequest::authorization_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<bool>("valid");

    QTest::newRow("bearer") << QByteArray("Bearer abc") << QByteArray("abc") << true;
    QTest::newRow("bearer case") << QByteArray("bEaReR  abc ") << QByteArray("abc") << true;
    QTest::newRow("basic") << "Basic " + QByteArray("ha:tok:en").toBase64() << QByteArray("tok:en")
                           << true;
    QTest::newRow("basic empty user")
        << "basic " + QByteArray(":tok").toBase64() << QByteArray("tok") << true;
    QTest::newRow("basic no colon")
        << "Basic " + QByteArray("token").toBase64() << QByteArray() << false;
    QTest::newRow("basic empty password")
        << "Basic " + QByteArray("user:").toBase64() << QByteArray() << false;
    QTest::newRow("basic bad base64") << QByteArray("Basic !!!") << QByteArray() << false;
    QTest::newRow("digest") << QByteArray("Digest username=\"a\"") << QByteArray() << false;
    QTest::newRow("scheme only") << QByteArray("Bearer") << QByteArray() << false;
    QTest::newRow("two words") << QByteArray("Bearer a b") << QByteArray() << false;
    QTest::newRow("empty") << QByteArray() << QByteArray() << false;
}

void tst_ShareRequest::authorization()
{
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, token);
    QFETCH(bool, valid);
    const auto result = ShareRequest::tokenFromAuthorization(header);
    QCOMPARE(result.has_value(), valid);
    if (valid)
        QCOMPARE(*result, token);
}

void tst_ShareRequest::slugs_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("slug");
    QTest::newRow("plain") << "P1S"
                           << "p1s";
    QTest::newRow("spaces and dot") << QString::fromUtf8("Bay 3 · P1S") << "bay-3-p1s";
    QTest::newRow("accents") << QString::fromUtf8("Drücker Ärger") << "drucker-arger";
    QTest::newRow("runs") << "a -- b__c"
                          << "a-b-c";
    QTest::newRow("ends") << "  (x1c)  "
                          << "x1c";
    QTest::newRow("nothing left") << QString::fromUtf8("★★") << "";
    QTest::newRow("empty") << ""
                           << "";
}

void tst_ShareRequest::slugs()
{
    QFETCH(QString, name);
    QFETCH(QString, slug);
    QCOMPARE(ShareRequest::slugFor(name), slug);
    // A slug is its own slug, and routes as a printer key.
    QCOMPARE(ShareRequest::slugFor(slug), slug);
}

void tst_ShareRequest::contentTypes_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("type");
    QTest::newRow("html") << "index.html" << QByteArray("text/html; charset=utf-8");
    QTest::newRow("js") << "js/wall.JS" << QByteArray("text/javascript; charset=utf-8");
    QTest::newRow("css") << "wall.css" << QByteArray("text/css; charset=utf-8");
    QTest::newRow("svg") << "icon.svg" << QByteArray("image/svg+xml");
    QTest::newRow("none") << "LICENSE" << QByteArray("application/octet-stream");
    QTest::newRow("unknown") << "x.exe" << QByteArray("application/octet-stream");
}

void tst_ShareRequest::contentTypes()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, type);
    QCOMPARE(ShareRequest::contentTypeFor(path), type);
}

void tst_ShareRequest::paths()
{
    QCOMPARE(ShareRequest::streamPath(QStringLiteral("bay-3")),
             QStringLiteral("/cam/bay-3/stream.mjpg"));
    QCOMPARE(ShareRequest::snapshotPath(QStringLiteral("a b")),
             QStringLiteral("/cam/a%20b/snapshot.jpg"));
    // What the server writes, it reads back.
    const ShareRequest request
        = ShareRequest::parse(ShareRequest::streamPath(QStringLiteral("a/b ü")).toUtf8());
    QCOMPARE(request.route(), Route::Stream);
    QCOMPARE(request.printerKey(), QStringLiteral("a/b ü"));
    const QString recording = ShareRequest::recordingPath(QStringLiteral("Drücker 2"),
                                                          QStringLiteral("recording_x.mkv"));
    QCOMPARE(recording, QStringLiteral("/recordings/Dr%C3%BCcker%202/recording_x.mkv"));
    const ShareRequest file = ShareRequest::parse(recording.toUtf8());
    QCOMPARE(file.route(), Route::RecordingFile);
    QCOMPARE(file.recordingFolder(), QStringLiteral("Drücker 2"));
    QCOMPARE(file.recordingFile(), QStringLiteral("recording_x.mkv"));
}

void tst_ShareRequest::tokens()
{
    const QString a = ShareToken::generate();
    const QString b = ShareToken::generate();
    QCOMPARE(a.size(), 43); // 256 bits, base64url without padding
    QVERIFY(a != b);
    for (const QChar c : a)
        QVERIFY(c.isLetterOrNumber() || c == u'-' || c == u'_');
    QVERIFY(ShareToken::matches(a.toLatin1(), a.toLatin1()));
    QVERIFY(!ShareToken::matches(b.toLatin1(), a.toLatin1()));
    QVERIFY(!ShareToken::matches(a.toLatin1().chopped(1), a.toLatin1()));
    QVERIFY(!ShareToken::matches(a.toLatin1() + 'x', a.toLatin1()));
    QVERIFY(!ShareToken::matches(QByteArray(), QByteArray())); // no token never matches
    QVERIFY(!ShareToken::credentialId().isNull());
}

void tst_ShareRequest::byteRanges_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<qint64>("size");
    QTest::addColumn<ByteRange::Result>("result");
    QTest::addColumn<qint64>("first");
    QTest::addColumn<qint64>("last");

    using R = ByteRange::Result;
    QTest::newRow("first bytes") << QByteArray("bytes=0-499") << 1000LL << R::Partial << 0LL
                                 << 499LL;
    QTest::newRow("middle") << QByteArray("bytes=500-599") << 1000LL << R::Partial << 500LL
                            << 599LL;
    QTest::newRow("open end") << QByteArray("bytes=900-") << 1000LL << R::Partial << 900LL << 999LL;
    QTest::newRow("last byte") << QByteArray("bytes=999-999") << 1000LL << R::Partial << 999LL
                               << 999LL;
    QTest::newRow("end beyond") << QByteArray("bytes=10-5000") << 1000LL << R::Partial << 10LL
                                << 999LL;
    QTest::newRow("suffix") << QByteArray("bytes=-100") << 1000LL << R::Partial << 900LL << 999LL;
    QTest::newRow("suffix beyond")
        << QByteArray("bytes=-5000") << 1000LL << R::Partial << 0LL << 999LL;
    QTest::newRow("spaces, case") << QByteArray(" Bytes = 1 - 2 ") << 1000LL << R::Partial << 1LL
                                  << 2LL;
    QTest::newRow("large file") << QByteArray("bytes=4294967296-") << 5000000000LL << R::Partial
                                << 4294967296LL << 4999999999LL;
    QTest::newRow("start beyond") << QByteArray("bytes=1000-") << 1000LL << R::Unsatisfiable << 0LL
                                  << -1LL;
    QTest::newRow("zero suffix") << QByteArray("bytes=-0") << 1000LL << R::Unsatisfiable << 0LL
                                 << -1LL;
    QTest::newRow("empty file") << QByteArray("bytes=0-") << 0LL << R::Unsatisfiable << 0LL << -1LL;
    // Ignored: the whole file.
    QTest::newRow("several") << QByteArray("bytes=0-1,5-6") << 1000LL << R::Whole << 0LL << -1LL;
    QTest::newRow("other unit") << QByteArray("items=0-1") << 1000LL << R::Whole << 0LL << -1LL;
    QTest::newRow("backwards") << QByteArray("bytes=5-1") << 1000LL << R::Whole << 0LL << -1LL;
    QTest::newRow("no dash") << QByteArray("bytes=5") << 1000LL << R::Whole << 0LL << -1LL;
    QTest::newRow("only dash") << QByteArray("bytes=-") << 1000LL << R::Whole << 0LL << -1LL;
    QTest::newRow("negative") << QByteArray("bytes=-5-6") << 1000LL << R::Whole << 0LL << -1LL;
    QTest::newRow("letters") << QByteArray("bytes=a-b") << 1000LL << R::Whole << 0LL << -1LL;
    QTest::newRow("plus") << QByteArray("bytes=+1-2") << 1000LL << R::Whole << 0LL << -1LL;
    QTest::newRow("huge number") << QByteArray("bytes=99999999999999999999-") << 1000LL << R::Whole
                                 << 0LL << -1LL;
    QTest::newRow("empty") << QByteArray() << 1000LL << R::Whole << 0LL << -1LL;
}

void tst_ShareRequest::byteRanges()
{
    QFETCH(QByteArray, header);
    QFETCH(qint64, size);
    QFETCH(ByteRange::Result, result);
    QFETCH(qint64, first);
    QFETCH(qint64, last);
    const ByteRange range = ByteRange::parse(header, size);
    QCOMPARE(range.result(), result);
    if (result != ByteRange::Result::Partial)
        return;
    QCOMPARE(range.first(), first);
    QCOMPARE(range.last(), last);
    QCOMPARE(range.length(), last - first + 1);
}

QTEST_APPLESS_MAIN(tst_ShareRequest)
#include "tst_sharerequest.moc"
