// farmcam-server as a user and a script run it: the real binary as a process, real HTTP clients
// (Qt's network client) on 127.0.0.1, settings and credentials in a temporary folder.
#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

const QString kServerPath = QStringLiteral(FARMCAM_SERVER_PATH);
const QByteArray kToken = QByteArrayLiteral("test-token-8d2f0c6a41b9e7");
constexpr int kStartTimeoutMs = 30000; // the demo starts six simulators (and a broker)
constexpr int kReplyTimeoutMs = 15000;
constexpr int kStopTimeoutMs = 10000;

// A private world for every process: settings, credentials, the single-instance lock. No display,
// no session bus (so no keyring: the owner-only file), no platform plugin named.
class Sandbox
{
public:
    Sandbox()
    {
        QDir(m_dir.path()).mkpath(QStringLiteral("config"));
        QDir(m_dir.path()).mkpath(QStringLiteral("runtime"));
        QFile::setPermissions(path(QStringLiteral("runtime")),
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                  | QFileDevice::ExeOwner);
    }

    bool isValid() const { return m_dir.isValid(); }
    QString path(const QString &name) const { return m_dir.filePath(name); }
    QString settingsFile() const { return path(QStringLiteral("farm.conf")); }
    QString credentialsFile() const { return path(QStringLiteral("config/FarmCam/credentials")); }

    QString writeFile(const QString &name, const QByteArray &contents) const
    {
        QFile file(path(name));
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write(contents);
        return file.fileName();
    }

    QProcessEnvironment environment() const
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const char *name :
             {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "DBUS_SESSION_BUS_ADDRESS",
              "QT_LOGGING_RULES", "QT_MESSAGE_PATTERN"})
            environment.remove(QLatin1String(name));
        environment.insert(QStringLiteral("HOME"), m_dir.path());
        environment.insert(QStringLiteral("XDG_CONFIG_HOME"), path(QStringLiteral("config")));
        environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), path(QStringLiteral("runtime")));
        return environment;
    }

private:
    QTemporaryDir m_dir;
};

struct Run
{
    bool finished = false;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// A command that ends by itself (printers, --help, a failing start).
Run runToEnd(const Sandbox &sandbox, const QStringList &arguments, const QByteArray &input = {})
{
    QProcess process;
    process.setProcessEnvironment(sandbox.environment());
    process.start(kServerPath, arguments);
    Run run;
    if (!process.waitForStarted(kStartTimeoutMs))
        return run;
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(kStartTimeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
        return run;
    }
    run.finished = process.exitStatus() == QProcess::NormalExit;
    run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

// A server that runs until the test stops it.
class ServerProcess
{
public:
    explicit ServerProcess(const Sandbox &sandbox)
    {
        m_process.setProcessEnvironment(sandbox.environment());
    }
    ~ServerProcess()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    // Starts it and waits for the one line it prints once it listens.
    bool start(const QStringList &arguments)
    {
        m_process.start(kServerPath, arguments);
        if (!m_process.waitForStarted(kStartTimeoutMs))
            return false;
        const bool said = QTest::qWaitFor(
            [this] { return m_process.canReadLine() || m_process.state() == QProcess::NotRunning; },
            kStartTimeoutMs);
        if (!said || !m_process.canReadLine())
            return false;
        m_url = QUrl(QString::fromUtf8(m_process.readLine()).trimmed());
        return m_url.isValid();
    }

    QUrl url(const QString &path = QString()) const { return m_url.resolved(QUrl(path)); }
    QProcess &process() { return m_process; }
    QByteArray err() { return m_err += m_process.readAllStandardError(); }

private:
    QProcess m_process;
    QUrl m_url;
    QByteArray m_err;
};

QNetworkRequest request(const QUrl &url, bool withToken = true)
{
    QNetworkRequest request(url);
    if (withToken)
        request.setRawHeader("Authorization", "Bearer " + kToken);
    return request;
}

// GET, waiting (without sleeping) for the whole reply.
std::unique_ptr<QNetworkReply> get(QNetworkAccessManager &network, const QNetworkRequest &request)
{
    std::unique_ptr<QNetworkReply> reply(network.get(request));
    if (!QTest::qWaitFor([&reply] { return reply->isFinished(); }, kReplyTimeoutMs))
        reply->abort(); // finished now, with an error the caller sees as status 0
    return reply;
}

int statusOf(const QNetworkReply &reply)
{
    return reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

QStringList lines(const QByteArray &text)
{
    return QString::fromUtf8(text).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

} // namespace

class TestFarmcamServer : public QObject
{
    Q_OBJECT

private slots:
    void helpAndVersion();
    void usageErrors_data();
    void usageErrors();
    void demoServesTheFarm();
    void portInUse();
    void printersRoundTrip();
    void onDemandConnectsWhenWatched();
    void demoRecordsATimelapse();
};

void TestFarmcamServer::helpAndVersion()
{
    Sandbox sandbox;
    const Run help = runToEnd(sandbox, {QStringLiteral("--help")});
    QVERIFY(help.finished);
    QCOMPARE(help.exitCode, 0);
    for (const char *expected :
         {"--listen", "--token-file", "--on-demand", "--record-dir", "printers add", "Exit codes:"})
        QVERIFY2(help.out.contains(expected), expected);

    const Run version = runToEnd(sandbox, {QStringLiteral("--version")});
    QVERIFY(version.finished);
    QCOMPARE(version.exitCode, 0);
    QCOMPARE(version.out, QByteArray("farmcam-server " FARMCAM_VERSION "\n"));
}

void TestFarmcamServer::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");

    const auto listen = [](const char *address) {
        return QStringList{QStringLiteral("--listen"), QLatin1String(address)};
    };
    QTest::newRow("listen: not an address") << listen("1.2.3:8080") << "is not an IP address";
    QTest::newRow("listen: a host name") << listen("localhost:8080") << "is not an IP address";
    QTest::newRow("listen: no port") << listen("127.0.0.1") << "ADDRESS:PORT";
    QTest::newRow("listen: port too big") << listen("127.0.0.1:65536") << "from 0 to 65535";
    QTest::newRow("listen: IPv6 without brackets") << listen("::1:8080") << "in brackets";
    QTest::newRow("token file missing")
        << QStringList{QStringLiteral("--token-file"), QStringLiteral("/nonexistent/token")}
        << "cannot read the token file";
    QTest::newRow("token file empty")
        << QStringList{QStringLiteral("--token-file"), QStringLiteral("EMPTY")} << "is empty";
    QTest::newRow("timelapse: not a choice")
        << QStringList{QStringLiteral("printers"), QStringLiteral("edit"), QStringLiteral("x"),
                       QStringLiteral("--timelapse"), QStringLiteral("sometimes")}
        << "--timelapse must be default, on or off";
    QTest::newRow("record dir empty")
        << QStringList{QStringLiteral("--record-dir"), QStringLiteral(" ")}
        << "--record-dir needs a folder";
    QTest::newRow("unknown option")
        << QStringList{QStringLiteral("--frobnicate")} << "Unknown option";
    QTest::newRow("printers: unknown command")
        << QStringList{QStringLiteral("printers"), QStringLiteral("frob")} << "unknown command";
    QTest::newRow("printers add without host")
        << QStringList{QStringLiteral("printers"), QStringLiteral("add"), QStringLiteral("--name"),
                       QStringLiteral("X")}
        << "needs --name and --host";
    QTest::newRow("printer option without printers")
        << QStringList{QStringLiteral("--host"), QStringLiteral("1.2.3.4")}
        << "belongs to the printers";
    QTest::newRow("model unknown")
        << QStringList{QStringLiteral("printers"), QStringLiteral("add"),
                       QStringLiteral("--name"),   QStringLiteral("X"),
                       QStringLiteral("--host"),   QStringLiteral("127.0.0.1"),
                       QStringLiteral("--model"),  QStringLiteral("Z9")}
        << "not a model FarmCam knows";
}

void TestFarmcamServer::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    Sandbox sandbox;
    QVERIFY(sandbox.isValid());
    const QString empty = sandbox.writeFile(QStringLiteral("empty-token"), QByteArray("\n"));
    arguments.replaceInStrings(QRegularExpression(QStringLiteral("^EMPTY$")), empty);

    const Run run = runToEnd(sandbox, arguments);
    QVERIFY(run.finished);
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.out.isEmpty()); // nothing a script could take for a URL
    QVERIFY2(run.err.startsWith("farmcam-server: "), run.err.constData());
    QVERIFY2(QString::fromUtf8(run.err).contains(message), run.err.constData());
    QCOMPARE(lines(run.err).size(), 1);
}

void TestFarmcamServer::demoServesTheFarm()
{
    Sandbox sandbox;
    QVERIFY(sandbox.isValid());
    const QString tokenFile = sandbox.writeFile(QStringLiteral("token"), kToken + '\n');
    ServerProcess server(sandbox);
    QVERIFY(
        server.start({QStringLiteral("--demo"), QStringLiteral("--listen"),
                      QStringLiteral("127.0.0.1:0"), QStringLiteral("--token-file"), tokenFile}));
    QCOMPARE(server.url().scheme(), QStringLiteral("http"));
    QCOMPARE(server.url().host(), QStringLiteral("127.0.0.1"));
    QVERIFY(server.url().port() > 0);
    QCOMPARE(server.url().path(), QStringLiteral("/"));

    QNetworkAccessManager network;
    // Health needs no token; everything about printers does.
    auto health = get(network, request(server.url(QStringLiteral("/healthz")), false));
    QCOMPARE(statusOf(*health), 200);
    auto refused = get(network, request(server.url(QStringLiteral("/api/printers")), false));
    QCOMPARE(statusOf(*refused), 401);
    QVERIFY(!refused->readAll().contains("Workshop"));

    auto printers = get(network, request(server.url(QStringLiteral("/api/printers"))));
    QCOMPARE(statusOf(*printers), 200);
    const QJsonArray list = QJsonDocument::fromJson(printers->readAll()).array();
    QSet<QString> names;
    for (const QJsonValue &printer : list)
        names.insert(printer.toObject().value(QStringLiteral("name")).toString());
    // The demo's port-6000 printers always; its RTSPS ones (X1C, H2D) when GStreamer's RTSP
    // server could start.
    const QSet<QString> jpegPrinters{QStringLiteral("P1S Workshop"), QStringLiteral("A1 mini Desk"),
                                     QStringLiteral("P1P Garage"), QStringLiteral("A1 Lab")};
    const QSet<QString> rtspsPrinters{QStringLiteral("X1C Studio"),
                                      QStringLiteral("H2D Makerspace")};
    QVERIFY2(names.contains(jpegPrinters), qPrintable(names.values().join(u',')));
    QVERIFY2((jpegPrinters + rtspsPrinters).contains(names), qPrintable(names.values().join(u',')));

    // A snapshot once the camera has sent its first frame (503 until then).
    const QUrl snapshotUrl = server.url(QStringLiteral("/cam/p1s-workshop/snapshot.jpg"));
    QByteArray jpeg;
    QVERIFY(QTest::qWaitFor(
        [&] {
            auto snapshot = get(network, request(snapshotUrl));
            if (statusOf(*snapshot) != 200)
                return false;
            jpeg = snapshot->readAll();
            return true;
        },
        kReplyTimeoutMs));
    QVERIFY(jpeg.startsWith("\xff\xd8"));
    QVERIFY(jpeg.endsWith("\xff\xd9"));

    // A viewer with an open stream: SIGTERM still ends the server at once, and cleanly.
    std::unique_ptr<QNetworkReply> stream(
        network.get(request(server.url(QStringLiteral("/cam/p1s-workshop/stream.mjpg")))));
    QByteArray streamed;
    connect(stream.get(), &QNetworkReply::readyRead, this,
            [&streamed, &stream] { streamed += stream->readAll(); });
    QTRY_VERIFY_WITH_TIMEOUT(streamed.count("Content-Type: image/jpeg") >= 2, kReplyTimeoutMs);

    server.process().terminate();
    QTRY_COMPARE_WITH_TIMEOUT(server.process().state(), QProcess::NotRunning, kStopTimeoutMs);
    QCOMPARE(server.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(server.process().exitCode(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(stream->isFinished(), kStopTimeoutMs);

    // The token is in no message, and standard output had the URL only.
    const QByteArray err = server.err();
    QVERIFY(!err.contains(kToken));
    QVERIFY(server.process().readAllStandardOutput().isEmpty());
}

void TestFarmcamServer::portInUse()
{
    Sandbox sandbox;
    QVERIFY(sandbox.isValid());
    QTcpServer occupant;
    QVERIFY(occupant.listen(QHostAddress::LocalHost, 0));
    const QString tokenFile = sandbox.writeFile(QStringLiteral("token"), kToken);

    const Run run
        = runToEnd(sandbox,
                   {QStringLiteral("--config"), sandbox.settingsFile(), QStringLiteral("--listen"),
                    QStringLiteral("127.0.0.1:%1").arg(occupant.serverPort()),
                    QStringLiteral("--token-file"), tokenFile});
    QVERIFY(run.finished);
    QCOMPARE(run.exitCode, 1);
    QVERIFY(run.out.isEmpty());
    QVERIFY2(run.err.contains(QStringLiteral("Port %1 is in use by another program.")
                                  .arg(occupant.serverPort())
                                  .toUtf8()),
             run.err.constData());
    // No keyring without a session bus: the owner-only file, and the server says so.
    QVERIFY2(run.err.contains("no keyring"), run.err.constData());
}

void TestFarmcamServer::printersRoundTrip()
{
    Sandbox sandbox;
    QVERIFY(sandbox.isValid());
    const QString config = sandbox.settingsFile();
    const auto printers = [&](QStringList arguments, const QByteArray &input = {}) {
        arguments.prepend(QStringLiteral("printers"));
        arguments.prepend(config);
        arguments.prepend(QStringLiteral("--config"));
        return runToEnd(sandbox, arguments, input);
    };

    // The code from standard input, then from a file; never on the command line.
    Run added
        = printers({QStringLiteral("add"), QStringLiteral("--name"), QStringLiteral("Bay 3 · P1S"),
                    QStringLiteral("--host"), QStringLiteral("192.0.2.10"),
                    QStringLiteral("--model"), QStringLiteral("p1s")},
                   "12345678\n");
    QVERIFY(added.finished);
    QCOMPARE(added.exitCode, 0);
    const QString firstId = QString::fromUtf8(added.out).trimmed();
    QVERIFY2(!QUuid(QLatin1Char('{') + firstId + QLatin1Char('}')).isNull(), added.out);

    const QString codeFile = sandbox.writeFile(QStringLiteral("code"), "87654321\n");
    added = printers({QStringLiteral("add"), QStringLiteral("--name"), QStringLiteral("Desk"),
                      QStringLiteral("--host"), QStringLiteral("192.0.2.11"),
                      QStringLiteral("--port"), QStringLiteral("6001"), QStringLiteral("--serial"),
                      QStringLiteral("01P00A000000001"), QStringLiteral("--no-status"),
                      QStringLiteral("--access-code-file"), codeFile});
    QVERIFY(added.finished);
    QCOMPARE(added.exitCode, 0);
    const QString secondId = QString::fromUtf8(added.out).trimmed();

    // The app's refusals: the same camera twice, an invalid host, a code that is no code.
    Run refused
        = printers({QStringLiteral("add"), QStringLiteral("--name"), QStringLiteral("Again"),
                    QStringLiteral("--host"), QStringLiteral("192.0.2.10")},
                   "12345678\n");
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains("already uses this address"), refused.err.constData());
    refused = printers({QStringLiteral("add"), QStringLiteral("--name"), QStringLiteral("Bad"),
                        QStringLiteral("--host"), QStringLiteral("999.1.1.1")},
                       "12345678\n");
    QCOMPARE(refused.exitCode, 1);
    refused = printers({QStringLiteral("add"), QStringLiteral("--name"), QStringLiteral("NoCode"),
                        QStringLiteral("--host"), QStringLiteral("192.0.2.12")});
    QCOMPARE(refused.exitCode, 2);
    QVERIFY2(refused.err.contains("no access code"), refused.err.constData());

    Run listed = printers({QStringLiteral("list")});
    QCOMPARE(listed.exitCode, 0);
    QStringList rows = lines(listed.out);
    QCOMPARE(rows.size(), 2);
    QCOMPARE(
        rows.at(0).split(QLatin1Char('\t')).mid(0, 6),
        QStringList({firstId, QStringLiteral("bay-3-p1s"), QStringLiteral("Bay 3 · P1S"),
                     QStringLiteral("192.0.2.10"), QStringLiteral("6000"), QStringLiteral("P1S")}));
    QVERIFY(rows.at(0).contains(QLatin1String("code:stored")));
    QVERIFY(rows.at(1).contains(QLatin1String("status:off")));
    QVERIFY(!listed.out.contains("12345678") && !listed.out.contains("87654321"));

    // Edit by slug (name, port, new code from stdin), by serial (status back on).
    Run edited
        = printers({QStringLiteral("edit"), QStringLiteral("bay-3-p1s"), QStringLiteral("--name"),
                    QStringLiteral("Bay 4"), QStringLiteral("--port"), QStringLiteral("6002"),
                    QStringLiteral("--access-code-file"), QStringLiteral("-")},
                   "11112222\n");
    QCOMPARE(edited.exitCode, 0);
    edited = printers({QStringLiteral("edit"), QStringLiteral("01p00a000000001"),
                       QStringLiteral("--status"), QStringLiteral("--timelapse"),
                       QStringLiteral("off")});
    QCOMPARE(edited.exitCode, 0);
    edited = printers({QStringLiteral("edit"), QStringLiteral("nobody")});
    QCOMPARE(edited.exitCode, 1);

    listed = printers({QStringLiteral("list")});
    rows = lines(listed.out);
    QCOMPARE(rows.size(), 2);
    QVERIFY2(rows.at(0).startsWith(firstId + QStringLiteral("\tbay-4\tBay 4\t192.0.2.10\t6002")),
             qPrintable(rows.at(0)));
    QVERIFY(rows.at(1).contains(QLatin1String("status:8883")));

    // Codes live in the owner-only file, not in the settings file.
    QFile credentials(sandbox.credentialsFile());
    QVERIFY(credentials.open(QIODevice::ReadOnly));
    const QByteArray stored = credentials.readAll();
    QVERIFY(stored.contains("11112222") && stored.contains("87654321"));
    QCOMPARE(credentials.permissions()
                 & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup
                    | QFileDevice::WriteOther),
             QFileDevice::Permissions());
    QFile settings(config);
    QVERIFY(settings.open(QIODevice::ReadOnly));
    const QByteArray settingsText = settings.readAll();
    QVERIFY(!settingsText.contains("11112222") && !settingsText.contains("87654321"));
    QVERIFY(settingsText.contains("model=P1S"));
    QVERIFY(settingsText.contains("timelapse=off"));

    // The camera kind: automatic from the model (an X1C streams RTSPS on 322), or chosen.
    added = printers({QStringLiteral("add"), QStringLiteral("--name"), QStringLiteral("X"),
                      QStringLiteral("--host"), QStringLiteral("192.0.2.20"),
                      QStringLiteral("--model"), QStringLiteral("X1C")},
                     "12345678\n");
    QCOMPARE(added.exitCode, 0);
    added = printers({QStringLiteral("add"), QStringLiteral("--name"), QStringLiteral("Webcam"),
                      QStringLiteral("--camera"), QStringLiteral("mjpeg-http"),
                      QStringLiteral("--url"), QStringLiteral("http://192.0.2.30:8080/stream")});
    QCOMPARE(added.exitCode, 0);
    const QString webcamId = QString::fromUtf8(added.out).trimmed();
    listed = printers({QStringLiteral("list")});
    rows = lines(listed.out);
    QCOMPARE(rows.size(), 4);
    QCOMPARE(rows.at(2).split(QLatin1Char('\t')).mid(3, 5),
             QStringList({QStringLiteral("192.0.2.20"), QStringLiteral("322"),
                          QStringLiteral("X1C"), QString(), QStringLiteral("rtsps(auto)")}));
    QVERIFY2(rows.at(3).contains(QLatin1String("mjpeg-http http://192.0.2.30:8080/stream")),
             qPrintable(rows.at(3)));
    edited = printers({QStringLiteral("edit"), QStringLiteral("x"), QStringLiteral("--camera"),
                       QStringLiteral("jpeg")});
    QCOMPARE(edited.exitCode, 0);
    listed = printers({QStringLiteral("list")});
    QVERIFY2(lines(listed.out).at(2).contains(QLatin1String("\t6000\tX1C\t\tjpeg\t")),
             qPrintable(lines(listed.out).at(2)));
    QCOMPARE(printers({QStringLiteral("remove"), QStringLiteral("x")}).exitCode, 0);
    QCOMPARE(printers({QStringLiteral("remove"), webcamId}).exitCode, 0);

    Run removed = printers({QStringLiteral("remove"), secondId});
    QCOMPARE(removed.exitCode, 0);
    removed = printers({QStringLiteral("remove"), QStringLiteral("Bay 4")});
    QCOMPARE(removed.exitCode, 0);
    listed = printers({QStringLiteral("list")});
    QCOMPARE(listed.exitCode, 0);
    QVERIFY(listed.out.isEmpty());
    if (QFile after(sandbox.credentialsFile()); after.open(QIODevice::ReadOnly)) {
        const QByteArray left = after.readAll();
        QVERIFY(!left.contains("11112222") && !left.contains("87654321"));
    }
}

void TestFarmcamServer::onDemandConnectsWhenWatched()
{
    Sandbox sandbox;
    QVERIFY(sandbox.isValid());
    const QString tokenFile = sandbox.writeFile(QStringLiteral("token"), kToken);
    ServerProcess server(sandbox);
    QVERIFY(server.start({QStringLiteral("--demo"), QStringLiteral("--on-demand"),
                          QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                          QStringLiteral("--token-file"), tokenFile}));
    QNetworkAccessManager network;
    const auto stateOf = [&](const QString &slug) {
        auto reply = get(network, request(server.url(QStringLiteral("/api/printers/") + slug)));
        return QJsonDocument::fromJson(reply->readAll())
            .object()
            .value(QStringLiteral("state"))
            .toString();
    };
    // Nobody watches: no camera connection (the status link is another matter).
    QCOMPARE(stateOf(QStringLiteral("p1p-garage")), QStringLiteral("idle"));
    QCOMPARE(stateOf(QStringLiteral("p1s-workshop")), QStringLiteral("idle"));

    // A stream of one printer connects that printer's camera, and frames flow.
    std::unique_ptr<QNetworkReply> stream(
        network.get(request(server.url(QStringLiteral("/cam/p1p-garage/stream.mjpg")))));
    QByteArray streamed;
    connect(stream.get(), &QNetworkReply::readyRead, this,
            [&streamed, &stream] { streamed += stream->readAll(); });
    QTRY_VERIFY_WITH_TIMEOUT(streamed.contains("Content-Type: image/jpeg"), kReplyTimeoutMs);
    QCOMPARE(stateOf(QStringLiteral("p1p-garage")), QStringLiteral("up"));
    QCOMPARE(stateOf(QStringLiteral("p1s-workshop")), QStringLiteral("idle"));

    // A snapshot request wakes another (503 until its first frame, then a picture).
    const QUrl snapshotUrl = server.url(QStringLiteral("/cam/p1s-workshop/snapshot.jpg"));
    QVERIFY(QTest::qWaitFor([&] { return statusOf(*get(network, request(snapshotUrl))) == 200; },
                            kReplyTimeoutMs));
    QCOMPARE(stateOf(QStringLiteral("p1s-workshop")), QStringLiteral("up"));
    QCOMPARE(stateOf(QStringLiteral("a1-mini-desk")), QStringLiteral("idle"));

    server.process().terminate();
    QTRY_COMPARE_WITH_TIMEOUT(server.process().state(), QProcess::NotRunning, kStopTimeoutMs);
    QCOMPARE(server.process().exitCode(), 0);
}

// The demo's A1 mini finishes its print about 12 s after the start: its timelapse lands in
// --record-dir, in the printer's folder.
void TestFarmcamServer::demoRecordsATimelapse()
{
    Sandbox sandbox;
    QVERIFY(sandbox.isValid());
    const QString tokenFile = sandbox.writeFile(QStringLiteral("token"), kToken);
    const QString recordings = sandbox.path(QStringLiteral("recordings"));
    ServerProcess server(sandbox);
    QVERIFY(server.start({QStringLiteral("--demo"), QStringLiteral("--listen"),
                          QStringLiteral("127.0.0.1:0"), QStringLiteral("--token-file"), tokenFile,
                          QStringLiteral("--record-dir"), recordings}));
    const QDir printerFolder(recordings + QStringLiteral("/A1-mini-Desk"));
    QTRY_VERIFY_WITH_TIMEOUT(
        !printerFolder.entryList({QStringLiteral("timelapse_*.mp4")}, QDir::Files).isEmpty(),
        45000);
    // Said on standard error once the file is whole (the rename comes first).
    QTRY_VERIFY(server.err().contains("timelapse of benchy.3mf"));

    // The web wall lists it for download, as the A1 mini's, and gives its bytes.
    const QString video = printerFolder.entryList({QStringLiteral("timelapse_*.mp4")}).first();
    QNetworkAccessManager network;
    QJsonObject timelapse;
    // Its length may come a list later (headers are read for a bounded time per request).
    const auto findIt = [&] {
        auto listed = get(network, request(server.url(QStringLiteral("/api/recordings"))));
        for (const QJsonValue &entry : QJsonDocument::fromJson(listed->readAll()).array()) {
            if (entry[QLatin1String("file")].toString() == video)
                timelapse = entry.toObject();
        }
        return !timelapse.value(QStringLiteral("durationMs")).isNull();
    };
    QTRY_VERIFY_WITH_TIMEOUT(findIt(), 30000);
    QCOMPARE(timelapse.value(QStringLiteral("printer")).toString(), QStringLiteral("A1 mini Desk"));
    QCOMPARE(timelapse.value(QStringLiteral("kind")).toString(), QStringLiteral("timelapse"));
    QVERIFY(timelapse.value(QStringLiteral("durationMs")).toDouble() >= 2000);
    auto download
        = get(network, request(server.url(timelapse.value(QStringLiteral("url")).toString())));
    QCOMPARE(statusOf(*download), 200);
    QFile file(printerFolder.filePath(video));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(download->readAll(), file.readAll());

    // By now the demo's P1P may be encoding its failure clip (its print fails ~10 s in, the clip
    // is cut 30 s later): a stop waits for that encode to finish, which under the sanitizers took
    // longer than kStopTimeoutMs. Still a clean exit, within systemd's 90 s stop timeout.
    server.process().terminate();
    QTRY_COMPARE_WITH_TIMEOUT(server.process().state(), QProcess::NotRunning, 60000);
    QCOMPARE(server.process().exitCode(), 0);
}

QTEST_GUILESS_MAIN(TestFarmcamServer)
#include "tst_farmcamserver.moc"
