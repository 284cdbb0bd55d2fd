#include "gridscenario.h"

#include "processusage.h"
#include "simprocess.h"

#include "gridwindow.h"
#include "printertile.h"

#include "camera/camerasource.h"
#include "frames/framesubscription.h"
#include "model/appsettings.h"
#include "model/memorycredentialstore.h"
#include "model/printer.h"
#include "model/printerfarm.h"

#include <QApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

namespace {

qint64 steadyNowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return -1;
    std::sort(values.begin(), values.end());
    // Nearest rank: the smallest value with at least p % of the samples at or below it.
    const auto rank = std::size_t(std::ceil(p / 100.0 * double(values.size())));
    return values.at(std::clamp<std::size_t>(rank, 1, values.size()) - 1);
}

// Runs the event loop until `done` holds or the deadline passes; true if it held. The loop sleeps
// between events; a 100 ms timer wakes it to look at `done` (cheap next to what is measured).
template<typename Predicate> bool processEventsUntil(Predicate done, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    QTimer wake;
    wake.start(100);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    return true;
}

void processEventsFor(int ms)
{
    processEventsUntil([] { return false; }, ms);
}

QJsonObject failure(const QString &message)
{
    return QJsonObject{{QStringLiteral("error"), message}};
}

struct Counters
{
    bool measuring = false;
    quint64 received = 0;
    quint64 bytes = 0;
    quint64 decoded = 0;
    quint64 shown = 0;
    std::vector<double> latenciesMs;
};

} // namespace

namespace GridScenario {

QJsonObject run(const GridScenarioOptions &options)
{
    QTemporaryDir dir;
    if (!dir.isValid())
        return failure(QStringLiteral("no temporary folder: %1").arg(dir.errorString()));
    // A throw-away settings file and codes in memory: the user's own configuration is untouched.
    AppSettings settings(dir.filePath(QStringLiteral("farmcam.conf")));
    MemoryCredentialStore credentials;
    PrinterFarm farm(&settings, &credentials);
    farm.setPersistent(false);

    SimProcess sim(options.simProgram);
    QString error;
    if (!sim.start(options.printers, options.framesPerSecond, options.jpegQuality, &error))
        return failure(error);

    GridWindow window(&farm, &settings);
    window.resize(options.windowSize);

    Counters counters;
    quint64 tilesWithPicture = 0;
    quint64 camerasWithFrame = 0;
    const QList<SimProcess::Endpoint> endpoints = sim.endpoints();
    for (const SimProcess::Endpoint &endpoint : endpoints) {
        PrinterConfig config;
        config.name = endpoint.name;
        config.host = endpoint.host;
        config.port = endpoint.port;
        Printer *printer = farm.addPrinter(config, QLatin1String(SimProcess::kAccessCode), &error);
        if (!printer)
            return failure(QStringLiteral("cannot add %1: %2").arg(endpoint.name, error));
        CameraSource *camera = printer->camera();
        QObject::connect(
            camera, &CameraSource::frameArrived, &window,
            [&counters, &camerasWithFrame, first = true](const CameraFrame &frame) mutable {
                if (std::exchange(first, false))
                    ++camerasWithFrame;
                if (counters.measuring) {
                    ++counters.received;
                    counters.bytes += quint64(frame.byteSize());
                }
            });
        PrinterTile *tile = window.tile(printer);
        if (!tile)
            return failure(QStringLiteral("the window made no tile for %1").arg(endpoint.name));
        QObject::connect(tile->subscription(), &FrameSubscription::pictureReady, &window,
                         [&counters] {
                             if (counters.measuring)
                                 ++counters.decoded;
                         });
        QObject::connect(tile, &PrinterTile::framePainted, &window,
                         [&counters, &tilesWithPicture, first = true](qint64 receivedNs) mutable {
                             const qint64 nowNs = steadyNowNs();
                             if (std::exchange(first, false))
                                 ++tilesWithPicture;
                             if (!counters.measuring)
                                 return;
                             ++counters.shown;
                             counters.latenciesMs.push_back(double(nowNs - receivedNs) / 1e6);
                         });
    }

    if (options.minimized)
        window.showMinimized();
    else
        window.show();
    if (options.single && !window.showFullViewOf(endpoints.constFirst().name))
        return failure(QStringLiteral("no single view of %1").arg(endpoints.constFirst().name));

    // Warm up: every camera streaming (and every visible tile showing a picture), then a little
    // more so that the connection burst is over before anything is counted.
    const quint64 printers = quint64(options.printers);
    const quint64 visibleTiles = options.minimized ? 0 : options.single ? 1 : printers;
    const int warmUpMs = std::max(30000, int(3000 / options.framesPerSecond));
    if (!processEventsUntil(
            [&] { return camerasWithFrame >= printers && tilesWithPicture >= visibleTiles; },
            warmUpMs))
        return failure(QStringLiteral("warm-up: %1 of %2 cameras streaming, %3 of %4 tiles "
                                      "showing a picture after %5 s")
                           .arg(camerasWithFrame)
                           .arg(printers)
                           .arg(tilesWithPicture)
                           .arg(visibleTiles)
                           .arg(warmUpMs / 1000));
    processEventsFor(2000);

    const PrinterTile *firstTile = window.tiles().constFirst();
    const QSize tileSize = firstTile->pictureRect().size();
    const QSize decodeSize = firstTile->decodeSize();

    const double loadBefore = ProcessUsage::loadAverage();
    const qint64 rssStart = ProcessUsage::rssKiB();
    const double cpuStart = ProcessUsage::selfCpuMs();
    const double simCpuStart = ProcessUsage::cpuMsOf(sim.processId());
    QElapsedTimer clock;
    clock.start();
    counters.measuring = true;

    QJsonArray rssTimeline; // MiB, once a second
    qint64 rssMax = rssStart;
    for (int second = 1; second <= options.durationSeconds; ++second) {
        processEventsUntil([&] { return clock.elapsed() >= second * 1000; }, 2000);
        const qint64 rss = ProcessUsage::rssKiB();
        rssMax = std::max(rssMax, rss);
        rssTimeline.append(double(rss) / 1024.0);
    }

    counters.measuring = false;
    const double elapsedS = double(clock.elapsed()) / 1000.0;
    const double cpuMs = ProcessUsage::selfCpuMs() - cpuStart;
    const double simCpuMs = ProcessUsage::cpuMsOf(sim.processId()) - simCpuStart;
    const qint64 rssEnd = ProcessUsage::rssKiB();
    const qint64 peakRss = ProcessUsage::peakRssKiB();

    farm.stopAll();
    sim.stop();

    const auto mib = [](qint64 kib) {
        return double(kib) / 1024.0;
    };
    QJsonObject result;
    result[QStringLiteral("printers")] = options.printers;
    result[QStringLiteral("fps")] = options.framesPerSecond;
    result[QStringLiteral("minimized")] = options.minimized;
    result[QStringLiteral("single")] = options.single;
    result[QStringLiteral("durationS")] = elapsedS;
    result[QStringLiteral("window")]
        = QStringLiteral("%1x%2").arg(options.windowSize.width()).arg(options.windowSize.height());
    result[QStringLiteral("tile")]
        = QStringLiteral("%1x%2").arg(tileSize.width()).arg(tileSize.height());
    result[QStringLiteral("decodeSize")]
        = QStringLiteral("%1x%2").arg(decodeSize.width()).arg(decodeSize.height());
    result[QStringLiteral("framesReceived")] = double(counters.received);
    result[QStringLiteral("frameKiB")]
        = counters.received > 0 ? double(counters.bytes) / double(counters.received) / 1024 : -1.0;
    result[QStringLiteral("jpegQuality")] = options.jpegQuality;
    result[QStringLiteral("framesDecoded")] = double(counters.decoded);
    result[QStringLiteral("framesShown")] = double(counters.shown);
    result[QStringLiteral("cpuMs")] = cpuMs;
    result[QStringLiteral("cpuMsPerFrame")]
        = counters.received > 0 ? cpuMs / double(counters.received) : -1.0;
    result[QStringLiteral("cpuPercentOfOneCore")] = 100.0 * cpuMs / (elapsedS * 1000.0);
    result[QStringLiteral("latencyP50Ms")] = percentile(counters.latenciesMs, 50);
    result[QStringLiteral("latencyP99Ms")] = percentile(counters.latenciesMs, 99);
    result[QStringLiteral("latencyMaxMs")] = percentile(counters.latenciesMs, 100);
    result[QStringLiteral("rssStartMiB")] = mib(rssStart);
    result[QStringLiteral("rssEndMiB")] = mib(rssEnd);
    result[QStringLiteral("rssMaxMiB")] = mib(rssMax);
    result[QStringLiteral("rssGrowthMiB")] = mib(rssEnd - rssStart);
    result[QStringLiteral("peakRssMiB")] = mib(peakRss);
    result[QStringLiteral("rssTimelineMiB")] = rssTimeline;
    result[QStringLiteral("simCpuPercentOfOneCore")] = 100.0 * simCpuMs / (elapsedS * 1000.0);
    result[QStringLiteral("loadAverage")] = loadBefore;
    result[QStringLiteral("idealThreads")] = QThread::idealThreadCount();
    return result;
}

} // namespace GridScenario
