// farmcam-share-bench: what sharing the cameras over HTTP costs (docs/PERFORMANCE.md, issue 14).
//
// The server (ShareServer over a farm of LoopbackCameras sending 1280x720 JPEGs) runs in this
// process; the viewers run in a child process (this program with --clients), so the server's CPU
// time is measured alone. Each scenario measures the same window once without viewers and once
// with them. The anchor runs `ffmpeg -f mpjpeg -listen 1` serving the same JPEGs to one viewer.
#include "../farmcam-bench/processusage.h"
#include "camera/loopback/loopbackcamera.h"
#include "mjpegtestclient.h"
#include "model/appsettings.h"
#include "model/memorycredentialstore.h"
#include "model/printer.h"
#include "model/printerfarm.h"
#include "share/shareserver.h"
#include "share/sharetoken.h"

#include <QBuffer>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QFile>
#include <QImage>
#include <QImageWriter>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QPainter>
#include <QProcess>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTimer>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

namespace {

void print(const QString &text)
{
    std::fputs(text.toLocal8Bit().constData(), stdout);
    std::fflush(stdout);
}

// Runs the event loop for `ms`.
void spin(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

// A camera-like 1280x720 JPEG of about 100-150 KB: gradients with noise, so it compresses like
// a chamber picture rather than like a flat test card.
QByteArray cameraLikeJpeg(int seed)
{
    QImage image(1280, 720, QImage::Format_RGB32);
    QRandomGenerator random(quint32(seed + 1));
    for (int y = 0; y < image.height(); ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        for (int x = 0; x < image.width(); ++x) {
            const int noise = int(random.bounded(48));
            line[x] = qRgb((x / 5 + noise + seed * 20) & 0xff, (y / 3 + noise) & 0xff,
                           ((x + y) / 8 + noise) & 0xff);
        }
    }
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "JPEG");
    writer.setQuality(70);
    writer.write(image);
    return bytes;
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return -1;
    std::sort(values.begin(), values.end());
    return values.at(std::min(values.size() - 1, size_t(p * double(values.size() - 1) + 0.5)));
}

// --- the viewers' side (child process) -----------------------------------------------------

// Opens `count` viewers of each path, waits until all have their first frame, then measures for
// `seconds`: frames, frames missed (a gap in the per-frame sequence the X-Timestamp gives), and
// each frame's delay from the camera to the viewer (wall clock, ms). With `stalled` > 0, that many
// raw sockets request the first path and never read.
int runClients(quint16 port, const QByteArray &token, const QStringList &paths, int count,
               int seconds, int stalled, double fps)
{
    std::vector<std::unique_ptr<MjpegTestClient>> clients;
    std::vector<int> stalledSockets;
    for (const QString &path : paths) {
        for (int i = 0; i < count; ++i) {
            auto client = std::make_unique<MjpegTestClient>();
            client->setKeepBodies(false);
            client->open(port, path.toUtf8() + "?token=" + token);
            clients.push_back(std::move(client));
        }
    }
    for (int i = 0; i < stalled; ++i) {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        const int small = 4096;
        ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0) {
            const QByteArray request = "GET " + paths.first().toUtf8() + "?token=" + token
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
            if (::send(fd, request.constData(), size_t(request.size()), 0) < 0)
                std::perror("send");
        }
        stalledSockets.push_back(fd);
    }
    const QDeadlineTimer ready(60000);
    while (!ready.hasExpired() && !std::all_of(clients.cbegin(), clients.cend(), [](const auto &c) {
        return c->totalParts() > 0;
    }))
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);

    print(QStringLiteral("ready\n"));
    // Measure: from now on every part is looked at.
    std::vector<double> delays;
    quint64 parts = 0;
    quint64 missed = 0;
    std::vector<qint64> lastStampMs(clients.size(), 0);
    const qint64 intervalMs = qint64(1000.0 / fps);
    for (size_t i = 0; i < clients.size(); ++i) {
        MjpegTestClient *client = clients[i].get();
        QObject::connect(client, &MjpegTestClient::partReceived, client, [&, i, client] {
            const auto &part = client->parts().last();
            const QByteArray stamp = part.headers.value("x-timestamp");
            ++parts;
            if (stamp.isEmpty())
                return; // ffmpeg's parts have no time
            const qint64 stampMs = qint64(stamp.toDouble() * 1000.0 + 0.5);
            delays.push_back(double(QDateTime::currentMSecsSinceEpoch() - stampMs));
            if (lastStampMs[i] != 0 && stampMs - lastStampMs[i] > intervalMs * 3 / 2)
                missed += quint64((stampMs - lastStampMs[i] + intervalMs / 2) / intervalMs - 1);
            lastStampMs[i] = stampMs;
        });
    }
    const double cpuBefore = ProcessUsage::selfCpuMs();
    spin(seconds * 1000);
    const double cpuAfter = ProcessUsage::selfCpuMs();
    for (const int fd : stalledSockets)
        ::close(fd);
    QJsonObject result{{QStringLiteral("viewers"), int(clients.size())},
                       {QStringLiteral("parts"), double(parts)},
                       {QStringLiteral("missed"), double(missed)},
                       {QStringLiteral("delayP50Ms"), percentile(delays, 0.50)},
                       {QStringLiteral("delayP99Ms"), percentile(delays, 0.99)},
                       {QStringLiteral("clientCpuMs"), cpuAfter - cpuBefore}};
    print(QString::fromUtf8(QJsonDocument(result).toJson(QJsonDocument::Compact)) + u'\n');
    return 0;
}

// --- the server's side ------------------------------------------------------------------------

struct Farm
{
    QTemporaryDir dir;
    std::unique_ptr<AppSettings> settings;
    MemoryCredentialStore credentials;
    std::unique_ptr<PrinterFarm> farm;
    QList<LoopbackCamera *> cameras;
    QList<QByteArray> jpegs;
    QList<QTimer *> feeders;
    quint64 delivered = 0;

    Farm(int printers, double fps)
    {
        settings = std::make_unique<AppSettings>(dir.filePath(QStringLiteral("farmcam.conf")));
        farm = std::make_unique<PrinterFarm>(settings.get(), &credentials);
        farm->setPersistent(false);
        for (int i = 0; i < 4; ++i)
            jpegs.append(cameraLikeJpeg(i));
        for (int i = 0; i < printers; ++i) {
            PrinterConfig config;
            config.name = QStringLiteral("Printer %1").arg(i + 1);
            config.host = QStringLiteral("127.0.0.1");
            config.port = quint16(20000 + i); // the farm refuses two printers at one address
            config.statusEnabled = false;
            auto *camera = new LoopbackCamera;
            QString error;
            Printer *printer = farm->addPrinter(config, QStringLiteral("12345678"), camera, &error);
            if (!printer)
                qFatal("%s", qPrintable(error));
            printer->start();
            cameras.append(camera);
            // Printers are not in step: each starts at its own moment.
            auto *feeder = new QTimer(farm.get());
            feeder->setTimerType(Qt::PreciseTimer);
            feeder->setInterval(int(1000.0 / fps));
            QObject::connect(feeder, &QTimer::timeout, farm.get(), [this, camera, i] {
                camera->deliverJpeg(jpegs.at(int((delivered++ + quint64(i)) % 4)));
            });
            QTimer::singleShot(int(1000.0 / fps * i / printers), feeder,
                               qOverload<>(&QTimer::start));
            feeders.append(feeder);
        }
    }
};

struct Window
{
    double cpuPercent = 0; // of one core
    qint64 rssKiB = 0;
};

Window measure(int seconds)
{
    const double before = ProcessUsage::selfCpuMs();
    spin(seconds * 1000);
    const double after = ProcessUsage::selfCpuMs();
    return {(after - before) / (seconds * 10.0), ProcessUsage::rssKiB()};
}

struct ChildRun
{
    QJsonObject viewers; // what the child measured
    double serverCpuPercent = -1; // this process, during the child's window
    double otherCpuPercent = -1; // `otherPid` (the anchor's ffmpeg), during the same window
    qint64 rssKiBAtEnd = -1;
};

// Starts the viewers in a child process and measures this process (and `otherPid`) over the
// child's measuring window: from its "ready" line to its result.
ChildRun runViewers(quint16 port, const QString &token, const QStringList &paths, int count,
                    int seconds, int stalled, double fps, qint64 otherPid = 0)
{
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start(QCoreApplication::applicationFilePath(),
                {QStringLiteral("--clients"), QString::number(port), token, paths.join(u','),
                 QString::number(count), QString::number(seconds), QString::number(stalled),
                 QString::number(fps)});
    child.waitForStarted();
    ChildRun run;
    QByteArray output;
    const QDeadlineTimer deadline((seconds + 120) * 1000);
    double cpuStart = -1;
    double otherStart = -1;
    QElapsedTimer window;
    while (child.state() != QProcess::NotRunning && !deadline.hasExpired()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        child.waitForReadyRead(5);
        output += child.readAllStandardOutput();
        if (cpuStart < 0 && output.contains("ready\n")) {
            cpuStart = ProcessUsage::selfCpuMs();
            otherStart = otherPid ? ProcessUsage::cpuMsOf(otherPid) : -1;
            window.start();
        }
        if (cpuStart >= 0 && output.count('\n') >= 2)
            break; // the result line is there
    }
    if (cpuStart >= 0) {
        const double elapsedMs = double(window.elapsed());
        run.serverCpuPercent = (ProcessUsage::selfCpuMs() - cpuStart) / elapsedMs * 100.0;
        if (otherPid)
            run.otherCpuPercent
                = (ProcessUsage::cpuMsOf(otherPid) - otherStart) / elapsedMs * 100.0;
    }
    run.rssKiBAtEnd = ProcessUsage::rssKiB();
    child.waitForFinished(30000);
    output += child.readAllStandardOutput();
    const QList<QByteArray> lines = output.trimmed().split('\n');
    run.viewers = QJsonDocument::fromJson(lines.last()).object();
    return run;
}

struct Server
{
    std::unique_ptr<Farm> farm;
    std::unique_ptr<ShareServer> server;
    QString token = ShareToken::generate();

    // --connection-memory: the server's per-connection memory (and so its write size), to compare.
    static inline int connectionMemoryOverride = 0;

    Server(int printers, double fps)
        : farm(std::make_unique<Farm>(printers, fps))
        , server(std::make_unique<ShareServer>(farm->farm.get()))
    {
        ShareServer::Settings settings;
        settings.port = 0;
        settings.token = token;
        if (connectionMemoryOverride > 0)
            settings.connectionMemoryLimit = connectionMemoryOverride;
        QString error;
        if (!server->start(settings, &error))
            qFatal("%s", qPrintable(error));
    }
    QStringList paths() const
    {
        QStringList result;
        for (const Printer *printer : farm->farm->printers())
            result.append(server->streamUrl(printer).path());
        return result;
    }
};

QJsonObject scenarioViewers(const QString &name, int printers, double fps, int perPrinter,
                            int seconds)
{
    Server server(printers, fps);
    spin(3000); // warm-up: every printer has frames, the first allocations are done
    const qint64 rssBefore = ProcessUsage::rssKiB();
    const Window idle = measure(seconds);
    const ChildRun run = runViewers(server.server->port(), server.token, server.paths(), perPrinter,
                                    seconds, 0, fps);
    const ShareServer::Stats stats = server.server->stats();
    QJsonObject result{{QStringLiteral("scenario"), name},
                       {QStringLiteral("printers"), printers},
                       {QStringLiteral("fps"), fps},
                       {QStringLiteral("viewers"), printers * perPrinter},
                       {QStringLiteral("idleCpuPercent"), idle.cpuPercent},
                       {QStringLiteral("viewersCpuPercent"), run.serverCpuPercent},
                       {QStringLiteral("extraCpuPercent"), run.serverCpuPercent - idle.cpuPercent},
                       {QStringLiteral("rssGrowthMiB"), double(run.rssKiBAtEnd - rssBefore) / 1024},
                       {QStringLiteral("framesSkipped"), double(stats.framesSkipped)},
                       {QStringLiteral("client"), run.viewers}};
    return result;
}

QJsonObject scenarioStall(int seconds)
{
    constexpr double kFps = 10;
    Server server(1, kFps);
    spin(2000);
    const ChildRun plain
        = runViewers(server.server->port(), server.token, server.paths(), 20, seconds, 0, kFps);
    const ChildRun stalled
        = runViewers(server.server->port(), server.token, server.paths(), 20, seconds, 1, kFps);
    return {
        {QStringLiteral("scenario"), QStringLiteral("stall")},
        {QStringLiteral("fps"), kFps},
        {QStringLiteral("viewers"), 20},
        {QStringLiteral("p99Ms"), plain.viewers.value(QStringLiteral("delayP99Ms"))},
        {QStringLiteral("p99WithStalledMs"), stalled.viewers.value(QStringLiteral("delayP99Ms"))},
        {QStringLiteral("p50Ms"), plain.viewers.value(QStringLiteral("delayP50Ms"))},
        {QStringLiteral("p50WithStalledMs"), stalled.viewers.value(QStringLiteral("delayP50Ms"))},
        {QStringLiteral("missed"), plain.viewers.value(QStringLiteral("missed"))},
        {QStringLiteral("missedWithStalled"), stalled.viewers.value(QStringLiteral("missed"))}};
}

QJsonObject scenarioAnchor(int seconds, double fps)
{
    // FarmCam: one printer, one viewer; the whole process (camera + server).
    Server server(1, fps);
    spin(2000);
    const ChildRun ours
        = runViewers(server.server->port(), server.token, server.paths(), 1, seconds, 0, fps);
    // ffmpeg: the same JPEGs, served as MJPEG over HTTP to one viewer, copied (not re-encoded).
    QTemporaryDir dir;
    // image2 input (numbered files) gives the copied frames proper timestamps.
    const QString clip = dir.filePath(QStringLiteral("frame%d.jpg"));
    for (int i = 0; i < server.farm->jpegs.size(); ++i) {
        QFile file(dir.filePath(QStringLiteral("frame%1.jpg").arg(i + 1)));
        file.open(QIODevice::WriteOnly);
        file.write(server.farm->jpegs.at(i));
    }
    server.server->stop();
    const quint16 port = [] {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        return probe.serverPort();
    }();
    QProcess ffmpeg;
    ffmpeg.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    ffmpeg.start(QStringLiteral("ffmpeg"),
                 {QStringLiteral("-hide_banner"), QStringLiteral("-loglevel"),
                  QStringLiteral("error"), QStringLiteral("-re"), QStringLiteral("-stream_loop"),
                  QStringLiteral("-1"), QStringLiteral("-framerate"), QString::number(fps),
                  QStringLiteral("-i"), clip, QStringLiteral("-c"), QStringLiteral("copy"),
                  QStringLiteral("-f"), QStringLiteral("mpjpeg"), QStringLiteral("-content_type"),
                  QStringLiteral("multipart/x-mixed-replace;boundary=ffmpeg"),
                  QStringLiteral("-listen"), QStringLiteral("1"),
                  QStringLiteral("http://127.0.0.1:%1/stream").arg(port)});
    if (!ffmpeg.waitForStarted())
        return {{QStringLiteral("scenario"), QStringLiteral("anchor")},
                {QStringLiteral("error"), QStringLiteral("ffmpeg did not start")}};
    spin(1500); // listening
    const ChildRun theirs = runViewers(port, QStringLiteral("x"), {QStringLiteral("/stream")}, 1,
                                       seconds, 0, fps, ffmpeg.processId());
    ffmpeg.kill();
    ffmpeg.waitForFinished();
    return {{QStringLiteral("scenario"), QStringLiteral("anchor")},
            {QStringLiteral("fps"), fps},
            {QStringLiteral("farmcamCpuPercent"), ours.serverCpuPercent},
            {QStringLiteral("farmcamParts"), ours.viewers.value(QStringLiteral("parts"))},
            {QStringLiteral("ffmpegCpuPercent"), theirs.otherCpuPercent},
            {QStringLiteral("ffmpegParts"), theirs.viewers.value(QStringLiteral("parts"))},
            {QStringLiteral("ratio"),
             ours.serverCpuPercent > 0 ? theirs.otherCpuPercent / ours.serverCpuPercent : -1.0}};
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("farmcam.*.info=false\nfarmcam.*.debug=false"));
    const QStringList arguments = app.arguments();
    if (arguments.size() == 9 && arguments.at(1) == QLatin1String("--clients")) {
        return runClients(arguments.at(2).toUShort(), arguments.at(3).toLatin1(),
                          arguments.at(4).split(u','), arguments.at(5).toInt(),
                          arguments.at(6).toInt(), arguments.at(7).toInt(),
                          arguments.at(8).toDouble());
    }
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "What sharing the cameras over HTTP costs: the server in this process, the viewers in a "
        "child process, each window measured without and with viewers; and ffmpeg serving the "
        "same JPEGs as an anchor. Prints JSON lines, one per scenario."));
    parser.addHelpOption();
    const QCommandLineOption scenarios(
        QStringLiteral("scenarios"), QStringLiteral("farm,fanout,fanout5,stall,anchor"),
        QStringLiteral("LIST"), QStringLiteral("farm,fanout,fanout5,stall,anchor"));
    const QCommandLineOption seconds(QStringLiteral("seconds"),
                                     QStringLiteral("Length of each window (default 15)."),
                                     QStringLiteral("N"), QStringLiteral("15"));
    const QCommandLineOption connectionMemory(
        QStringLiteral("connection-memory"),
        QStringLiteral("The server's memory per connection in bytes (default: ShareServer's); half "
                       "of it is the size of each write."),
        QStringLiteral("BYTES"));
    parser.addOptions({scenarios, seconds, connectionMemory});
    parser.process(app);
    Server::connectionMemoryOverride = parser.value(connectionMemory).toInt();
    const int window = std::max(3, parser.value(seconds).toInt());
    for (const QString &name : parser.value(scenarios).split(u',')) {
        QJsonObject result;
        if (name == QLatin1String("farm"))
            result = scenarioViewers(name, 64, 1, 4, window);
        else if (name == QLatin1String("fanout"))
            result = scenarioViewers(name, 1, 1, 200, window);
        else if (name == QLatin1String("fanout5"))
            result = scenarioViewers(name, 1, 5, 200, window);
        else if (name == QLatin1String("stall"))
            result = scenarioStall(window);
        else if (name == QLatin1String("anchor"))
            result = scenarioAnchor(window, 5);
        else
            result = {{QStringLiteral("scenario"), name},
                      {QStringLiteral("error"), QStringLiteral("unknown")}};
        print(QString::fromUtf8(QJsonDocument(result).toJson(QJsonDocument::Compact)) + u'\n');
    }
    return 0;
}
