// The sharing server against real clients on 127.0.0.1: curl, ffmpeg, QTcpSocket readers.
// Printers have LoopbackCameras, so each test decides what the camera sends and when.
#include "camera/loopback/loopbackcamera.h"
#include "curlclient.h"
#include "frames/framehub.h"
#include "mjpegtestclient.h"
#include "model/appsettings.h"
#include "model/memorycredentialstore.h"
#include "model/printer.h"
#include "model/printerfarm.h"
#include "protocol/sharerequest.h"
#include "share/shareserver.h"
#include "share/sharetoken.h"
#include "testframes.h"
#include "testsupport.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>

using namespace std::chrono_literals;

namespace {

using CurlClient::HttpResult;

// Runs a client program to its end while the event loop keeps turning (the server's feeds and
// encoders live on this thread).
QProcess::ExitStatus runToEnd(QProcess &process, int timeoutMs = 30000)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (process.state() != QProcess::NotRunning && !deadline.hasExpired()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        process.waitForFinished(20);
    }
    if (process.state() != QProcess::NotRunning) {
        process.kill();
        process.waitForFinished();
    }
    return process.exitStatus();
}

HttpResult curl(const QStringList &arguments)
{
    return CurlClient::run(arguments);
}

// A raw socket that asks for a stream and then never reads: its receive buffer is made small
// so the server's writes stall quickly.
class StalledViewer
{
public:
    StalledViewer(quint16 port, const QByteArray &target)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        const int small = 4096;
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        m_connected = ::connect(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0;
        const QByteArray request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        if (m_connected)
            m_connected
                = ::send(m_fd, request.constData(), size_t(request.size()), 0) == request.size();
    }
    ~StalledViewer() { ::close(m_fd); }
    Q_DISABLE_COPY_MOVE(StalledViewer)
    bool isConnected() const { return m_connected; }

private:
    int m_fd = -1;
    bool m_connected = false;
};

} // namespace

class tst_ShareServer : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void offUntilStarted();
    void settingsAreChecked();
    void routes_data();
    void routes();
    void tokenIsRequired_data();
    void tokenIsRequired();
    void acceptedCredentials_data();
    void acceptedCredentials();
    void failedAttemptsAreThrottled();
    void streamCarriesTheCameraBytes();
    void ffmpegReadsTheStream();
    void perViewerRateCap();
    void webWallFilesNeedNoToken_data();
    void webWallFilesNeedNoToken();
    void snapshotNotModified();
    void snapshotWithoutFrame();
    void pictureCameraIsEncodedOnceWhileWatched();
    void stalledViewerDelaysNobody();
    void connectionLimitAnswers503();
    void manyViewers();
    void printerOfflineMidStream();
    void removedPrinterEndsItsStreams();
    void eventsTellChanges();
    void metricsAndPrinterJson();
    void stopWithViewersConnected();
    void httpsWithSelfSignedCertificate();
    void httpsFilesAreChecked();
    void portInUse();
    void urlsForCopying();
    void tokenNeverLogged();

private:
    Printer *addPrinter(const QString &name, const QString &serial, LoopbackCamera **camera);
    bool startServer(ShareServer::Settings settings = {});
    QByteArray target(const QString &path, bool withToken = true) const;
    QString url(const QString &path, bool withToken = true) const;
    // The camera sends a distinct JPEG every `interval` ms until stopFeeding().
    void feed(LoopbackCamera *camera, int intervalMs);
    void stopFeeding() { m_feeder.stop(); }

    QTemporaryDir m_dir;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<MemoryCredentialStore> m_credentials;
    std::unique_ptr<PrinterFarm> m_farm;
    std::unique_ptr<ShareServer> m_server;
    QString m_token;
    Printer *m_printer = nullptr;
    LoopbackCamera *m_camera = nullptr;
    QList<QByteArray> m_jpegs; // distinct frames, cycled
    QList<QByteArray> m_published; // what the hub published, in order
    QTimer m_feeder;
    LoopbackCamera *m_fed = nullptr;
    int m_next = 0;
};

Printer *tst_ShareServer::addPrinter(const QString &name, const QString &serial,
                                     LoopbackCamera **camera)
{
    PrinterConfig config;
    config.name = name;
    config.host = QStringLiteral("127.0.0.1");
    config.port = TestSupport::closedLoopbackPort();
    config.serial = serial;
    config.model = QStringLiteral("P1S");
    config.statusEnabled = false;
    auto *loopback = new LoopbackCamera;
    QString error;
    Printer *printer = m_farm->addPrinter(config, TestSupport::kAccessCode, loopback, &error);
    if (!printer)
        qWarning() << error;
    if (printer)
        printer->start();
    if (camera)
        *camera = loopback;
    return printer;
}

void tst_ShareServer::init()
{
    QVERIFY(m_dir.isValid());
    m_settings = std::make_unique<AppSettings>(m_dir.filePath(QStringLiteral("farmcam.conf")));
    m_credentials = std::make_unique<MemoryCredentialStore>();
    m_farm = std::make_unique<PrinterFarm>(m_settings.get(), m_credentials.get());
    m_farm->setPersistent(false);
    m_token = ShareToken::generate();
    m_printer
        = addPrinter(QStringLiteral("Bay 3 · P1S"), QStringLiteral("01P00A000000001"), &m_camera);
    QVERIFY(m_printer);
    m_published.clear();
    connect(m_printer->frames(), &FrameHub::frameArrived, this,
            [this](const CameraFrame &frame) { m_published.append(frame.encoded()); });
    m_jpegs.clear();
    const QList<QColor> colours{Qt::darkCyan, Qt::darkRed, Qt::darkGreen, Qt::darkBlue};
    for (const QColor &colour : colours)
        m_jpegs.append(TestFrames::patternJpeg(QSize(640, 360), colour));
    m_feeder.disconnect();
    connect(&m_feeder, &QTimer::timeout, this, [this] {
        if (m_fed)
            m_fed->deliverJpeg(m_jpegs.at(m_next++ % m_jpegs.size()));
    });
    m_server = std::make_unique<ShareServer>(m_farm.get());
}

void tst_ShareServer::cleanup()
{
    m_feeder.stop();
    m_fed = nullptr;
    m_server.reset();
    m_farm.reset();
    m_credentials.reset();
    m_settings.reset();
}

bool tst_ShareServer::startServer(ShareServer::Settings settings)
{
    settings.port = 0;
    if (settings.token.isEmpty())
        settings.token = m_token;
    QString error;
    const bool started = m_server->start(settings, &error);
    if (!started)
        qWarning() << "start failed:" << error;
    return started;
}

QByteArray tst_ShareServer::target(const QString &path, bool withToken) const
{
    QByteArray result = path.toUtf8();
    if (withToken)
        result += (result.contains('?') ? "&token=" : "?token=") + m_token.toLatin1();
    return result;
}

QString tst_ShareServer::url(const QString &path, bool withToken) const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_server->port())
        + QString::fromUtf8(target(path, withToken));
}

void tst_ShareServer::feed(LoopbackCamera *camera, int intervalMs)
{
    m_fed = camera;
    m_feeder.start(intervalMs);
    m_fed->deliverJpeg(m_jpegs.at(m_next++ % m_jpegs.size()));
}

void tst_ShareServer::offUntilStarted()
{
    QVERIFY(!m_server->isRunning());
    QCOMPARE(m_server->port(), quint16(0));
    QVERIFY(m_server->url().isEmpty());
    QVERIFY(m_server->streamUrl(m_printer).isEmpty());
    // Defaults: loopback only, port 8080, a token required.
    const ShareServer::Settings defaults;
    QCOMPARE(defaults.address, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(defaults.port, quint16(8080));
    QVERIFY(!defaults.validate().isEmpty());
    QString error;
    QVERIFY(!m_server->start(defaults, &error));
    QVERIFY(error.contains(QLatin1String("token")));
    QVERIFY(!m_server->isRunning());
}

void tst_ShareServer::settingsAreChecked()
{
    ShareServer::Settings settings;
    settings.token = m_token;
    QVERIFY(settings.validate().isEmpty());
    auto bad = settings;
    bad.certificateFile = QStringLiteral("/x.pem");
    QVERIFY(!bad.validate().isEmpty());
    bad = settings;
    bad.maxConnections = 0;
    QVERIFY(!bad.validate().isEmpty());
    bad = settings;
    bad.address = QHostAddress();
    QVERIFY(!bad.validate().isEmpty());

    // From the persisted settings: defaults, then what the user chose.
    ShareServer::Settings fromApp = ShareServer::settingsFrom(*m_settings);
    QCOMPARE(fromApp.address, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(fromApp.port, quint16(8080));
    m_settings->setValue(AppSettings::Key::SharingAddress, QStringLiteral("::1"));
    m_settings->setValue(AppSettings::Key::SharingPort, 9090);
    fromApp = ShareServer::settingsFrom(*m_settings);
    QCOMPARE(fromApp.address, QHostAddress(QStringLiteral("::1")));
    QCOMPARE(fromApp.port, quint16(9090));
    QVERIFY(fromApp.token.isEmpty()); // never in the settings file

    // The token is kept in the credential store, made once.
    QString storeError;
    const QString token = ShareToken::ensureStored(m_credentials.get(), &storeError);
    QCOMPARE(token.size(), 43);
    QCOMPARE(ShareToken::ensureStored(m_credentials.get(), &storeError), token);
    const QString fresh = ShareToken::regenerate(m_credentials.get(), &storeError);
    QVERIFY(fresh != token);
    QCOMPARE(m_credentials->accessCode(ShareToken::credentialId()).value_or(QString()), fresh);
}

void tst_ShareServer::routes_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("contentType");

    const QString id = QStringLiteral("%1"); // replaced by the printer's id in routes()
    QTest::newRow("healthz") << QStringLiteral("/healthz") << 200 << QByteArray("text/plain");
    QTest::newRow("printers") << QStringLiteral("/api/printers") << 200
                              << QByteArray("application/json");
    QTest::newRow("printer by slug")
        << QStringLiteral("/api/printers/bay-3-p1s") << 200 << QByteArray("application/json");
    QTest::newRow("printer by serial")
        << QStringLiteral("/api/printers/01P00A000000001") << 200 << QByteArray("application/json");
    QTest::newRow("printer by id")
        << QStringLiteral("/api/printers/") + id << 200 << QByteArray("application/json");
    QTest::newRow("unknown printer")
        << QStringLiteral("/api/printers/nope") << 404 << QByteArray("application/json");
    QTest::newRow("metrics") << QStringLiteral("/metrics") << 200 << QByteArray("text/plain");
    QTest::newRow("wall") << QStringLiteral("/") << 200 << QByteArray("text/html");
    QTest::newRow("wall file") << QStringLiteral("/index.html") << 200 << QByteArray("text/html");
    QTest::newRow("no such file") << QStringLiteral("/nope.js") << 404 << QByteArray("text/plain");
    QTest::newRow("traversal") << QStringLiteral("/../etc/passwd") << 404
                               << QByteArray("text/plain");
    QTest::newRow("encoded traversal")
        << QStringLiteral("/%2e%2e/%2e%2e/etc/passwd") << 404 << QByteArray("text/plain");
    QTest::newRow("bad escape") << QStringLiteral("/cam/%zz/snapshot.jpg") << 400
                                << QByteArray("text/plain");
    QTest::newRow("snapshot by slug")
        << QStringLiteral("/cam/bay-3-p1s/snapshot.jpg") << 200 << QByteArray("image/jpeg");
    QTest::newRow("snapshot by serial")
        << QStringLiteral("/cam/01P00A000000001/snapshot") << 200 << QByteArray("image/jpeg");
    QTest::newRow("snapshot mjpg-streamer")
        << QStringLiteral("/cam/") + id + QStringLiteral("/?action=snapshot&1712345678") << 200
        << QByteArray("image/jpeg");
    QTest::newRow("snapshot, unknown printer")
        << QStringLiteral("/cam/nope/snapshot.jpg") << 404 << QByteArray("application/json");
    QTest::newRow("unknown action")
        << QStringLiteral("/cam/bay-3-p1s/?action=dance") << 404 << QByteArray("text/plain");
}

void tst_ShareServer::routes()
{
    QFETCH(QString, path);
    QFETCH(int, status);
    QFETCH(QByteArray, contentType);

    QVERIFY(startServer());
    m_camera->deliverJpeg(m_jpegs.first());
    const QString filled = path.contains(QLatin1String("%1"))
        ? path.arg(m_printer->id().toString(QUuid::WithoutBraces))
        : path;
    const HttpResult result = curl({url(filled)});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.status, status);
    QVERIFY2(result.header("content-type").startsWith(contentType),
             result.header("content-type").constData());
    QCOMPARE(result.header("cache-control"), QByteArray("no-store, no-cache, must-revalidate"));
    if (contentType == "image/jpeg") {
        QCOMPARE(result.body, m_jpegs.first()); // the camera's own bytes
        QVERIFY(!result.header("x-frame-age-ms").isEmpty());
    }
}

void tst_ShareServer::tokenIsRequired_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QStringList>("credentials");
    QTest::addColumn<QByteArray>("challenge");

    // Basic for a client that brought nothing or Basic (a browser then asks its user); Bearer for
    // one that tried a token the web wall's way, so that no password dialog pops up over the wall.
    const QByteArray basic("Basic realm=\"FarmCam\", charset=\"UTF-8\"");
    const QByteArray bearer("Bearer realm=\"FarmCam\"");
    const QStringList paths{QStringLiteral("/api/printers"), QStringLiteral("/api/events"),
                            QStringLiteral("/cam/bay-3-p1s/stream.mjpg"),
                            QStringLiteral("/cam/bay-3-p1s/snapshot.jpg"),
                            QStringLiteral("/metrics")};
    for (const QString &path : paths) {
        QTest::addRow("%s none", qPrintable(path)) << path << QStringList() << basic;
        QTest::addRow("%s wrong query", qPrintable(path))
            << path + QStringLiteral("?token=wrong") << QStringList() << bearer;
        QTest::addRow("%s wrong bearer", qPrintable(path))
            << path << QStringList{QStringLiteral("-H"), QStringLiteral("Authorization: Bearer x")}
            << bearer;
        QTest::addRow("%s wrong basic", qPrintable(path))
            << path << QStringList{QStringLiteral("-u"), QStringLiteral("user:wrong")} << basic;
    }
}

void tst_ShareServer::tokenIsRequired()
{
    QFETCH(QString, path);
    QFETCH(QStringList, credentials);
    QFETCH(QByteArray, challenge);

    ShareServer::Settings settings;
    settings.maxFailedAttempts = 1000; // this test is not about the throttle
    QVERIFY(startServer(settings));
    m_camera->deliverJpeg(m_jpegs.first());
    const HttpResult result = curl(credentials + QStringList{url(path, false)});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.status, 401);
    QCOMPARE(result.header("www-authenticate"), challenge);
    // Nothing about the printer, in the body or the headers.
    const QByteArray all = result.headers + result.body;
    for (const QString &secret :
         {m_printer->name(), QStringLiteral("bay-3"), m_printer->config().serial,
          m_printer->id().toString(QUuid::WithoutBraces), QStringLiteral("P1S")}) {
        QVERIFY2(!all.contains(secret.toUtf8()), qPrintable(secret));
    }
    QVERIFY(!result.body.contains("\xff\xd8"));
}

void tst_ShareServer::acceptedCredentials_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("bearer") << QStringLiteral("bearer");
    QTest::newRow("basic, any user") << QStringLiteral("basic");
    QTest::newRow("query") << QStringLiteral("query");
}

void tst_ShareServer::acceptedCredentials()
{
    QFETCH(QString, kind);
    QVERIFY(startServer());
    QStringList arguments;
    bool withToken = false;
    if (kind == QLatin1String("bearer"))
        arguments << QStringLiteral("-H") << QStringLiteral("Authorization: Bearer ") + m_token;
    else if (kind == QLatin1String("basic"))
        arguments << QStringLiteral("-u") << QStringLiteral("homeassistant:") + m_token;
    else
        withToken = true;
    const HttpResult result
        = curl(arguments + QStringList{url(QStringLiteral("/api/printers"), withToken)});
    QCOMPARE(result.status, 200);
    const QJsonArray printers = QJsonDocument::fromJson(result.body).array();
    QCOMPARE(printers.size(), 1);
    QCOMPARE(printers.at(0)[QLatin1String("name")].toString(), m_printer->name());
}

void tst_ShareServer::failedAttemptsAreThrottled()
{
    ShareServer::Settings settings;
    settings.maxFailedAttempts = 3;
    QVERIFY(startServer(settings));
    for (int i = 0; i < 3; ++i)
        QCOMPARE(curl({url(QStringLiteral("/api/printers?token=guess%1").arg(i), false)}).status,
                 401);
    // Locked out now, even with the right token, and told for how long.
    const HttpResult locked = curl({url(QStringLiteral("/api/printers"))});
    QCOMPARE(locked.status, 429);
    QVERIFY(locked.header("retry-after").toInt() > 0);
    QVERIFY(!locked.body.contains(m_printer->name().toUtf8()));
    // Probes still get their answer.
    QCOMPARE(curl({url(QStringLiteral("/healthz"), false)}).status, 200);
    // Requests without any token are not guesses: they do not count (a browser's first request).
    QVERIFY(m_server->stats().rejectedRequests >= 4);
}

void tst_ShareServer::streamCarriesTheCameraBytes()
{
    QVERIFY(startServer());
    feed(m_camera, 40);
    MjpegTestClient client;
    client.open(m_server->port(), target(QStringLiteral("/cam/bay-3-p1s/stream.mjpg")));
    QTRY_VERIFY_WITH_TIMEOUT(client.partCount() >= 5, 20000);
    QCOMPARE(client.status(), 200);
    QCOMPARE(client.header("content-type"),
             QByteArray("multipart/x-mixed-replace;boundary=farmcam-frame"));
    QCOMPARE(client.header("cache-control"), QByteArray("no-store, no-cache, must-revalidate"));
    QCOMPARE(client.header("pragma"), QByteArray("no-cache"));
    for (const MjpegTestClient::Part &part : client.parts()) {
        QCOMPARE(part.headers.value("content-type"), QByteArray("image/jpeg"));
        QCOMPARE(part.headers.value("content-length").toLongLong(), part.body.size());
        QVERIFY(part.headers.value("x-timestamp").contains('.'));
        // Byte for byte what the camera sent: never re-encoded.
        QVERIFY(m_jpegs.contains(part.body));
        QVERIFY(m_published.contains(part.body));
    }
    QCOMPARE(m_server->viewerCount(), 1);
    QCOMPARE(m_server->stats().jpegEncodes, quint64(0));
}

void tst_ShareServer::ffmpegReadsTheStream()
{
    QVERIFY(startServer());
    feed(m_camera, 50);
    QProcess ffmpeg;
    ffmpeg.start(QStringLiteral("ffmpeg"),
                 {QStringLiteral("-hide_banner"), QStringLiteral("-loglevel"),
                  QStringLiteral("error"), QStringLiteral("-i"),
                  url(QStringLiteral("/cam/bay-3-p1s/stream.mjpg")), QStringLiteral("-frames:v"),
                  QStringLiteral("3"), QStringLiteral("-f"), QStringLiteral("null"),
                  QStringLiteral("-")});
    QVERIFY(ffmpeg.waitForStarted());
    runToEnd(ffmpeg);
    QVERIFY2(ffmpeg.exitStatus() == QProcess::NormalExit && ffmpeg.exitCode() == 0,
             ffmpeg.readAllStandardError().constData());
    // mjpg-streamer's spelling too.
    QProcess second;
    second.start(QStringLiteral("ffmpeg"),
                 {QStringLiteral("-hide_banner"), QStringLiteral("-loglevel"),
                  QStringLiteral("error"), QStringLiteral("-f"), QStringLiteral("mpjpeg"),
                  QStringLiteral("-i"), url(QStringLiteral("/cam/01P00A000000001/?action=stream")),
                  QStringLiteral("-frames:v"), QStringLiteral("2"), QStringLiteral("-f"),
                  QStringLiteral("null"), QStringLiteral("-")});
    runToEnd(second);
    QVERIFY2(second.exitCode() == 0, second.readAllStandardError().constData());
}

void tst_ShareServer::perViewerRateCap()
{
    QVERIFY(startServer());
    feed(m_camera, 25); // 40 fps
    MjpegTestClient capped;
    MjpegTestClient free;
    capped.open(m_server->port(), target(QStringLiteral("/cam/bay-3-p1s/stream.mjpg?fps=4")));
    free.open(m_server->port(), target(QStringLiteral("/cam/bay-3-p1s/stream.mjpg")));
    QTRY_VERIFY_WITH_TIMEOUT(capped.partCount() >= 2, 20000);
    const qint64 startNs = capped.parts().first().receivedNs;
    QTRY_VERIFY_WITH_TIMEOUT(capped.partCount() >= 6, 20000);
    const qint64 spanNs = capped.parts().last().receivedNs - startNs;
    // 5 intervals of at least 250 ms (the cap), minus a little timer slack.
    QVERIFY2(spanNs >= 5 * 240 * 1000000LL, qPrintable(QString::number(spanNs / 1000000)));
    // The uncapped viewer got many more in the same time.
    QVERIFY(free.partCount() > capped.partCount() * 2);
}

void tst_ShareServer::webWallFilesNeedNoToken_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("contentType");
    QTest::newRow("page") << QStringLiteral("/") << QByteArray("text/html");
    QTest::newRow("script") << QStringLiteral("/wall.js") << QByteArray("text/javascript");
    QTest::newRow("style") << QStringLiteral("/wall.css") << QByteArray("text/css");
}

void tst_ShareServer::webWallFilesNeedNoToken()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, contentType);
    QVERIFY(startServer());
    m_camera->deliverJpeg(m_jpegs.first());
    // A browser opens the page before it knows the token; the page holds nothing of the farm.
    const HttpResult result = curl({url(path, false)});
    QCOMPARE(result.status, 200);
    QVERIFY(result.header("content-type").startsWith(contentType));
    QVERIFY(result.header("content-security-policy").contains("script-src 'self'"));
    QVERIFY(!result.body.contains(m_printer->name().toUtf8()));
    QVERIFY(!result.body.contains(m_printer->id().toString(QUuid::WithoutBraces).toUtf8()));
}

void tst_ShareServer::snapshotNotModified()
{
    QVERIFY(startServer());
    m_camera->deliverJpeg(m_jpegs.at(0));
    const QString snapshot = url(QStringLiteral("/cam/bay-3-p1s/snapshot.jpg"));
    const HttpResult first = curl({snapshot});
    QCOMPARE(first.status, 200);
    const QByteArray tag = first.header("etag");
    QVERIFY(tag.startsWith('"') && tag.endsWith('"'));
    // The same frame: 304, no JPEG, the same tag (also among others, or weak).
    for (const QByteArray &ifNoneMatch : {tag, "\"other\", " + tag, "W/" + tag}) {
        const HttpResult again = curl(
            {QStringLiteral("-H"),
             QStringLiteral("If-None-Match: ") + QString::fromLatin1(ifNoneMatch), snapshot});
        QCOMPARE(again.status, 304);
        QVERIFY(again.body.isEmpty());
        QCOMPARE(again.header("etag"), tag);
        QVERIFY(!again.header("x-frame-age-ms").isEmpty());
    }
    // A new frame: the JPEG again, with another tag.
    m_camera->deliverJpeg(m_jpegs.at(1));
    const HttpResult newer
        = curl({QStringLiteral("-H"), QStringLiteral("If-None-Match: ") + QString::fromLatin1(tag),
                snapshot});
    QCOMPARE(newer.status, 200);
    QCOMPARE(newer.body, m_jpegs.at(1));
    QVERIFY(newer.header("etag") != tag);
}

void tst_ShareServer::snapshotWithoutFrame()
{
    QVERIFY(startServer());
    const HttpResult result = curl({url(QStringLiteral("/cam/bay-3-p1s/snapshot.jpg"))});
    QCOMPARE(result.status, 503);
    QVERIFY(result.header("retry-after").toInt() > 0);
    // Once there is a frame, it is served.
    m_camera->deliverJpeg(m_jpegs.at(1));
    const HttpResult later = curl({url(QStringLiteral("/cam/bay-3-p1s/snapshot.jpg"))});
    QCOMPARE(later.status, 200);
    QCOMPARE(later.body, m_jpegs.at(1));
}

void tst_ShareServer::pictureCameraIsEncodedOnceWhileWatched()
{
    LoopbackCamera *camera = nullptr;
    Printer *printer = addPrinter(QStringLiteral("X1C Garage"), QString(), &camera);
    QVERIFY(printer);
    quint64 generated = 0;
    camera->setGenerator(
        [&generated](quint64 index) {
            ++generated;
            return TestFrames::patternImage(QSize(320, 180),
                                            index % 2 ? Qt::darkRed : Qt::darkBlue);
        },
        50ms);
    ShareServer::Settings settings;
    settings.pictureLinger = 300ms;
    QVERIFY(startServer(settings));
    QTRY_VERIFY_WITH_TIMEOUT(generated >= 10, 20000);
    // Nobody watches: nothing is encoded.
    QCOMPARE(m_server->stats().jpegEncodes, quint64(0));

    // A snapshot is encoded on demand.
    const HttpResult snapshot = curl({url(QStringLiteral("/cam/x1c-garage/snapshot.jpg"))});
    QCOMPARE(snapshot.status, 200);
    QCOMPARE(QImage::fromData(snapshot.body, "JPEG").size(), QSize(320, 180));

    // Two viewers: one encode per frame for both.
    MjpegTestClient a;
    MjpegTestClient b;
    a.open(m_server->port(), target(QStringLiteral("/cam/x1c-garage/stream.mjpg")));
    b.open(m_server->port(), target(QStringLiteral("/cam/x1c-garage/stream.mjpg")));
    QTRY_VERIFY_WITH_TIMEOUT(a.partCount() >= 10 && b.partCount() >= 10, 30000);
    const quint64 encodes = m_server->stats().jpegEncodes;
    QVERIFY2(encodes < quint64(a.partCount() + b.partCount()) * 3 / 4,
             qPrintable(QStringLiteral("%1 encodes for %2 + %3 parts")
                            .arg(encodes)
                            .arg(a.partCount())
                            .arg(b.partCount())));
    QVERIFY(!QImage::fromData(a.parts().last().body, "JPEG").isNull());

    // They leave: after the linger, encoding stops.
    a.close();
    b.close();
    QTRY_COMPARE_WITH_TIMEOUT(m_server->viewerCount(), 0, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const quint64 before = m_server->stats().jpegEncodes;
            QTest::qWait(400); // a window in which no encode may happen
            return m_server->stats().jpegEncodes == before;
        }(),
        20000);
}

void tst_ShareServer::stalledViewerDelaysNobody()
{
    QVERIFY(startServer());
    // Large frames, so that a stalled viewer's socket fills quickly.
    m_jpegs.clear();
    for (int i = 0; i < 4; ++i)
        m_jpegs.append(
            TestFrames::patternJpeg(QSize(1920, 1080), QColor::fromHsv(i * 80, 200, 150)));
    const qint64 largest
        = std::max_element(m_jpegs.cbegin(), m_jpegs.cend(), [](const auto &a, const auto &b) {
              return a.size() < b.size();
          })->size();
    feed(m_camera, 100);
    StalledViewer stalled(m_server->port(), target(QStringLiteral("/cam/bay-3-p1s/stream.mjpg")));
    QVERIFY(stalled.isConnected());
    MjpegTestClient good;
    good.open(m_server->port(), target(QStringLiteral("/cam/bay-3-p1s/stream.mjpg")));
    QTRY_VERIFY_WITH_TIMEOUT(good.partCount() >= 1, 20000);
    const qsizetype firstIndex = m_published.lastIndexOf(good.parts().first().body);
    QTRY_VERIFY_WITH_TIMEOUT(good.partCount() >= 40, 30000);
    // The good viewer gets every frame since its first, in order; the stalled one far fewer.
    const int received = good.partCount();
    QVERIFY2(m_server->stats().framesSent < quint64(2 * received - 10),
             qPrintable(QString::number(m_server->stats().framesSent)));
    const QList<QByteArray> expected = m_published.mid(firstIndex, received);
    for (int i = 0; i < received; ++i)
        QVERIFY2(good.parts().at(i).body == expected.at(i), qPrintable(QString::number(i)));
    // Memory stays bounded: at most one frame in flight per viewer, whatever the stalled one
    // does.
    const qint64 queued = m_server->stats().queuedBytes;
    QVERIFY2(queued <= 2 * (largest + 256), qPrintable(QString::number(queued)));
}

void tst_ShareServer::connectionLimitAnswers503()
{
    ShareServer::Settings settings;
    settings.maxConnections = 3;
    settings.idleTimeout = 2s; // the flood's idle sockets go soon
    QVERIFY(startServer(settings));
    feed(m_camera, 100);
    QList<MjpegTestClient *> clients;
    for (int i = 0; i < 3; ++i) {
        auto *client = new MjpegTestClient(this);
        client->open(m_server->port(), target(QStringLiteral("/cam/bay-3-p1s/stream.mjpg")));
        clients.append(client);
    }
    QTRY_VERIFY_WITH_TIMEOUT(
        std::all_of(clients.cbegin(), clients.cend(), [](auto *c) { return c->partCount() > 0; }),
        20000);
    const HttpResult refused = curl({url(QStringLiteral("/api/printers"))});
    QCOMPARE(refused.status, 503);
    QVERIFY(refused.header("retry-after").toInt() > 0);
    // Beyond libmicrohttpd's hard limit the socket is closed without an answer: the server goes
    // on serving (no crash, no stuck thread).
    QList<QTcpSocket *> flood;
    for (int i = 0; i < 24; ++i) {
        auto *socket = new QTcpSocket(this);
        socket->connectToHost(QHostAddress::LocalHost, m_server->port());
        flood.append(socket);
    }
    QTRY_VERIFY_WITH_TIMEOUT(
        std::any_of(flood.cbegin(), flood.cend(),
                    [](auto *s) { return s->state() == QAbstractSocket::UnconnectedState; }),
        20000);
    qDeleteAll(flood);
    qDeleteAll(clients);
    QTRY_VERIFY_WITH_TIMEOUT(m_server->stats().connections <= 1, 20000);
    QCOMPARE(curl({url(QStringLiteral("/api/printers"))}).status, 200);
}

void tst_ShareServer::manyViewers()
{
    constexpr int kViewers = 200;
    QVERIFY(startServer());
    QSignalSpy viewers(m_server.get(), &ShareServer::viewerCountChanged);
    std::vector<std::unique_ptr<MjpegTestClient>> clients;
    for (int i = 0; i < kViewers; ++i) {
        clients.push_back(std::make_unique<MjpegTestClient>());
        clients.back()->open(m_server->port(),
                             target(QStringLiteral("/cam/bay-3-p1s/stream.mjpg")));
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_server->viewerCount(), kViewers, 30000);
    QTRY_VERIFY(!viewers.isEmpty() && viewers.last().at(0).toInt() == kViewers);
    // Every viewer gets every frame: the next 5 frames, sent one by one.
    for (auto &client : clients)
        client->forgetParts();
    for (int frame = 0; frame < 5; ++frame) {
        m_camera->deliverJpeg(m_jpegs.at(frame % m_jpegs.size()));
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(clients.cbegin(), clients.cend(),
                        [frame](const auto &c) { return c->partCount() == frame + 1; }),
            30000);
    }
    for (const auto &client : clients) {
        for (int frame = 0; frame < 5; ++frame)
            QCOMPARE(client->parts().at(frame).body, m_jpegs.at(frame % m_jpegs.size()));
    }
    QCOMPARE(m_server->stats().framesSkipped, quint64(0));
    clients.clear();
    QTRY_COMPARE_WITH_TIMEOUT(m_server->viewerCount(), 0, 30000);
}

void tst_ShareServer::printerOfflineMidStream()
{
    QVERIFY(startServer());
    feed(m_camera, 50);
    MjpegTestClient client;
    client.open(m_server->port(), target(QStringLiteral("/cam/bay-3-p1s/stream.mjpg")));
    QTRY_VERIFY_WITH_TIMEOUT(client.partCount() >= 3, 20000);
    stopFeeding();
    m_camera->simulateFailure(CameraSource::Failure::ConnectionLost, QStringLiteral("gone"));
    QVERIFY(m_camera->state() != CameraSource::State::Up);
    // The stream stays open and silent while the camera is away...
    QTRY_COMPARE_WITH_TIMEOUT(m_camera->state(), CameraSource::State::Connecting, 20000);
    const int before = client.partCount();
    QVERIFY(!client.isClosed());
    QTest::qWait(300); // a window in which nothing may arrive
    QVERIFY(!client.isClosed());
    QCOMPARE(client.partCount(), before);
    // ...and goes on when it is back.
    feed(m_camera, 50);
    QTRY_VERIFY_WITH_TIMEOUT(client.partCount() >= before + 3, 20000);
    QVERIFY(!client.isClosed());
}

void tst_ShareServer::removedPrinterEndsItsStreams()
{
    QVERIFY(startServer());
    feed(m_camera, 50);
    MjpegTestClient client;
    client.open(m_server->port(), target(QStringLiteral("/cam/bay-3-p1s/stream.mjpg")));
    QTRY_VERIFY_WITH_TIMEOUT(client.partCount() >= 2, 20000);
    m_fed = nullptr;
    QString error;
    QVERIFY(m_farm->removePrinter(m_printer->id(), &error));
    QTRY_VERIFY_WITH_TIMEOUT(client.isClosed(), 20000);
    QCOMPARE(curl({url(QStringLiteral("/cam/bay-3-p1s/snapshot.jpg"))}).status, 404);
}

void tst_ShareServer::eventsTellChanges()
{
    QVERIFY(startServer());
    MjpegTestClient events;
    events.open(m_server->port(), target(QStringLiteral("/api/events")));
    QTRY_VERIFY_WITH_TIMEOUT(events.text().contains("event: printer"), 20000);
    QCOMPARE(events.header("content-type"), QByteArray("text/event-stream"));
    QVERIFY(events.text().contains(m_printer->name().toUtf8()));

    // A print report changes the print status: an event with the new figures.
    m_printer->mergeStatusReport(
        R"({"print":{"gcode_state":"RUNNING","mc_percent":42,"mc_remaining_time":17,)"
        R"("layer_num":5,"total_layer_num":100,"subtask_name":"Benchy"}})");
    QTRY_VERIFY_WITH_TIMEOUT(events.text().contains("\"percent\":42"), 20000);
    QVERIFY(events.text().contains("\"jobName\":\"Benchy\""));
    QVERIFY(events.text().contains("\"gcodeState\":\"RUNNING\""));

    // Going live is news too.
    m_camera->deliverJpeg(m_jpegs.first());
    QTRY_VERIFY_WITH_TIMEOUT(events.text().contains("\"live\":true"), 20000);

    // So is a printer that goes away.
    LoopbackCamera *camera = nullptr;
    Printer *other = addPrinter(QStringLiteral("Second"), QString(), &camera);
    QTRY_VERIFY_WITH_TIMEOUT(events.text().contains("\"name\":\"Second\""), 20000);
    QString error;
    const QString otherId = other->id().toString(QUuid::WithoutBraces);
    QVERIFY(m_farm->removePrinter(other->id(), &error));
    QTRY_VERIFY_WITH_TIMEOUT(
        events.text().contains("event: removed\ndata: {\"id\":\"" + otherId.toUtf8()), 20000);
    QCOMPARE(m_server->viewerCount(), 1); // an event stream counts as a viewer
}

void tst_ShareServer::metricsAndPrinterJson()
{
    QVERIFY(startServer());
    m_camera->deliverJpeg(m_jpegs.first());
    m_camera->deliverJpeg(m_jpegs.at(1));
    QTRY_COMPARE(m_printer->camera()->stats().framesReceived, quint64(2));
    const HttpResult json = curl({url(QStringLiteral("/api/printers/bay-3-p1s"))});
    const QJsonObject printer = QJsonDocument::fromJson(json.body).object();
    const QString id = m_printer->id().toString(QUuid::WithoutBraces);
    QCOMPARE(printer[QLatin1String("id")].toString(), id);
    QCOMPARE(printer[QLatin1String("slug")].toString(), QStringLiteral("bay-3-p1s"));
    QCOMPARE(printer[QLatin1String("model")].toString(), QStringLiteral("P1S"));
    QCOMPARE(printer[QLatin1String("state")].toString(), QStringLiteral("up"));
    QVERIFY(!printer[QLatin1String("stateText")].toString().isEmpty());
    QVERIFY(!printer[QLatin1String("cameraKind")].toString().isEmpty());
    QCOMPARE(printer[QLatin1String("live")].toBool(), true);
    QVERIFY(printer[QLatin1String("lastFrameAgeMs")].toDouble() >= 0);
    QCOMPARE(printer[QLatin1String("stream")].toString(),
             QStringLiteral("/cam/%1/stream.mjpg").arg(id));
    QCOMPARE(printer[QLatin1String("snapshot")].toString(),
             QStringLiteral("/cam/%1/snapshot.jpg").arg(id));
    QVERIFY(printer[QLatin1String("print")].isObject());

    const HttpResult metrics = curl({url(QStringLiteral("/metrics"))});
    QCOMPARE(metrics.status, 200);
    const QByteArray labels = "{id=\"" + id.toLatin1() + "\",printer=\"Bay 3 \xc2\xb7 P1S\"}";
    QVERIFY2(metrics.body.contains("farmcam_camera_frames_total" + labels + " 2\n"),
             metrics.body.constData());
    QVERIFY(metrics.body.contains("# TYPE farmcam_camera_frames_total counter"));
    QVERIFY(metrics.body.contains("farmcam_camera_reconnects_total" + labels));
    QVERIFY(metrics.body.contains("farmcam_share_viewers" + labels + " 0\n"));
    QVERIFY(metrics.body.contains("farmcam_camera_state{id=\"" + id.toLatin1()));
    QVERIFY(metrics.body.contains("farmcam_share_connections "));
    QVERIFY(metrics.body.contains("farmcam_share_rejected_requests_total "));
}

void tst_ShareServer::stopWithViewersConnected()
{
    LoopbackCamera *pictures = nullptr;
    Printer *other = addPrinter(QStringLiteral("Pictures"), QString(), &pictures);
    QVERIFY(other);
    QVERIFY(startServer());
    feed(m_camera, 50);
    QSignalSpy running(m_server.get(), &ShareServer::runningChanged);
    QList<MjpegTestClient *> clients;
    for (const char *path : {"/cam/bay-3-p1s/stream.mjpg", "/cam/bay-3-p1s/stream.mjpg?fps=1",
                             "/api/events", "/cam/pictures/stream.mjpg"}) {
        auto *client = new MjpegTestClient(this);
        client->open(m_server->port(), target(QString::fromLatin1(path)));
        clients.append(client);
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_server->viewerCount(), 4, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(clients.first()->partCount() >= 2, 20000);
    m_server->stop();
    QVERIFY(!m_server->isRunning());
    QCOMPARE(running.size(), 1);
    for (MjpegTestClient *client : std::as_const(clients))
        QTRY_VERIFY_WITH_TIMEOUT(client->isClosed(), 20000);
    QTRY_COMPARE(m_server->viewerCount(), 0);
    // And it starts again.
    QVERIFY(startServer());
    QCOMPARE(curl({url(QStringLiteral("/api/printers"))}).status, 200);
    qDeleteAll(clients);
}

void tst_ShareServer::httpsWithSelfSignedCertificate()
{
    // The simulator's self-signed certificate and key.
    const QString certificate = m_dir.filePath(QStringLiteral("share.crt"));
    const QString key = m_dir.filePath(QStringLiteral("share.key"));
    QFile::remove(certificate);
    QFile::remove(key);
    QVERIFY(QFile::copy(QStringLiteral(":/sim/simulator.crt"), certificate));
    QVERIFY(QFile::copy(QStringLiteral(":/sim/simulator.key"), key));
    ShareServer::Settings settings;
    settings.certificateFile = certificate;
    settings.privateKeyFile = key;
    QVERIFY(startServer(settings));
    QCOMPARE(m_server->url().scheme(), QStringLiteral("https"));
    m_camera->deliverJpeg(m_jpegs.first());
    const QString base = QStringLiteral("https://127.0.0.1:%1").arg(m_server->port());
    const HttpResult result
        = curl({QStringLiteral("-k"),
                base + QString::fromUtf8(target(QStringLiteral("/cam/bay-3-p1s/snapshot.jpg")))});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.status, 200);
    QCOMPARE(result.body, m_jpegs.first());
    // Plain HTTP to the HTTPS port gets no printer.
    const HttpResult plain = curl({url(QStringLiteral("/api/printers"))});
    QVERIFY(plain.status != 200);
}

void tst_ShareServer::httpsFilesAreChecked()
{
    const QString certificate = m_dir.filePath(QStringLiteral("c.crt"));
    const QString otherKey = m_dir.filePath(QStringLiteral("other.key"));
    const QString garbage = m_dir.filePath(QStringLiteral("garbage.pem"));
    QFile::remove(certificate);
    QVERIFY(QFile::copy(QStringLiteral(":/sim/simulator.crt"), certificate));
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("EC"),
                   QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"),
                   QStringLiteral("-out"), otherKey});
    QVERIFY(openssl.waitForFinished(30000));
    QCOMPARE(openssl.exitCode(), 0);
    {
        QFile file(garbage);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not a certificate\n");
    }
    struct Case
    {
        QString certificate;
        QString key;
        QString expected;
    };
    const QList<Case> cases{
        {m_dir.filePath(QStringLiteral("missing.crt")), otherKey, QStringLiteral("cannot be read")},
        {garbage, otherKey, QStringLiteral("no PEM certificate")},
        {certificate, garbage, QStringLiteral("no PEM private key")},
        {certificate, otherKey, QStringLiteral("does not belong")},
    };
    for (const Case &c : cases) {
        ShareServer::Settings settings;
        settings.token = m_token;
        settings.port = 0;
        settings.certificateFile = c.certificate;
        settings.privateKeyFile = c.key;
        QString error;
        QVERIFY(!m_server->start(settings, &error));
        QVERIFY2(error.contains(c.expected), qPrintable(error));
        QVERIFY(!m_server->isRunning());
    }
}

void tst_ShareServer::portInUse()
{
    QVERIFY(startServer());
    ShareServer second(m_farm.get());
    ShareServer::Settings settings;
    settings.token = m_token;
    settings.port = m_server->port();
    QString error;
    QVERIFY(!second.start(settings, &error));
    QVERIFY2(error.contains(QLatin1String("in use")), qPrintable(error));
    QVERIFY(!second.isRunning());
    QCOMPARE(curl({url(QStringLiteral("/healthz"), false)}).status, 200);
}

void tst_ShareServer::urlsForCopying()
{
    QVERIFY(startServer());
    const quint16 port = m_server->port();
    QVERIFY(port != 0);
    QCOMPARE(m_server->url(), QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port)));
    const QString id = m_printer->id().toString(QUuid::WithoutBraces);
    const QUrl stream = m_server->streamUrl(m_printer);
    QCOMPARE(stream,
             QUrl(QStringLiteral("http://127.0.0.1:%1/cam/%2/stream.mjpg").arg(port).arg(id)));
    QVERIFY(!stream.toString().contains(m_token));
    QCOMPARE(m_server->snapshotUrl(m_printer).path(),
             QStringLiteral("/cam/%1/snapshot.jpg").arg(id));
    const QUrl copied = ShareServer::withToken(stream, m_token);
    QCOMPARE(copied.query(), QStringLiteral("token=") + m_token);
    // The copied URL works as it is.
    m_camera->deliverJpeg(m_jpegs.first());
    const HttpResult result
        = curl({ShareServer::withToken(m_server->snapshotUrl(m_printer), m_token).toString()});
    QCOMPARE(result.status, 200);
}

void tst_ShareServer::tokenNeverLogged()
{
    TestSupport::LogCapture log;
    QLoggingCategory::setFilterRules(QStringLiteral("farmcam.*=true"));
    QVERIFY(startServer());
    m_camera->deliverJpeg(m_jpegs.first());
    QCOMPARE(curl({url(QStringLiteral("/cam/bay-3-p1s/snapshot.jpg"))}).status, 200);
    QCOMPARE(curl({QStringLiteral("-u"), QStringLiteral("x:") + m_token,
                   url(QStringLiteral("/api/printers"), false)})
                 .status,
             200);
    m_server->stop();
    QLoggingCategory::setFilterRules(QString());
    for (const QString &message : TestSupport::LogCapture::messages())
        QVERIFY2(!message.contains(m_token), qPrintable(message));
}

QTEST_MAIN(tst_ShareServer)
#include "tst_shareserver.moc"
