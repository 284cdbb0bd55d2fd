#include "gridscenario.h"

#include "eventloopwait.h"
#include "ffmpeganchor.h"
#include "processusage.h"
#include "simprocess.h"
#include "timelapseencodeload.h"

#include "gridwindow.h"
#include "printertile.h"

#include "camera/camerasource.h"
#include "camera/rtsps/rtspscamera.h"
#include "frames/framehub.h"
#include "frames/framesubscription.h"
#include "model/appsettings.h"
#include "model/memorycredentialstore.h"
#include "model/printer.h"
#include "model/printerfarm.h"
#include "record/recordworkers.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
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
    // Per printer, in the order of the simulator's endpoints.
    std::vector<quint64> receivedBy;
    std::vector<quint64> shownBy;
    // When each tile last showed a new picture (steady ns), and the longest wait for one.
    std::vector<qint64> lastRefreshNs;
    std::vector<qint64> longestRefreshNs;
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

    QString error;
    std::unique_ptr<TimelapseEncodeLoad> encodeLoad;
    if (options.encodeTimelapses) {
        // Rendered and linked before anything runs. An encode has never taken less than about
        // 5 s (docs/PERFORMANCE.md): this is more than the window can use.
        encodeLoad = std::make_unique<TimelapseEncodeLoad>(options.encodeFramesFolder);
        if (!encodeLoad->prepare(options.durationSeconds / 3 + 3, &error))
            return failure(error);
    }

    const bool rtsps = options.camera == GridScenarioOptions::Camera::Rtsps;
    SimProcess sim(options.simProgram);
    const bool started = rtsps
        ? sim.startRtsps(options.printers, options.videoSize, int(options.framesPerSecond),
                         options.keyFrameIntervalS, &error)
        : sim.start(options.printers, options.framesPerSecond, options.jpegQuality, &error);
    if (!started)
        return failure(error);

    GridWindow window(&farm, &settings);
    window.resize(options.windowSize);

    Counters counters;
    quint64 tilesWithPicture = 0;
    quint64 camerasWithFrame = 0;
    const QList<SimProcess::Endpoint> endpoints = sim.endpoints();
    const std::size_t printerCount = std::size_t(endpoints.size());
    counters.receivedBy.assign(printerCount, 0);
    counters.shownBy.assign(printerCount, 0);
    counters.lastRefreshNs.assign(printerCount, 0);
    counters.longestRefreshNs.assign(printerCount, 0);
    QList<Printer *> printers;
    for (std::size_t index = 0; index < printerCount; ++index) {
        const SimProcess::Endpoint &endpoint = endpoints.at(qsizetype(index));
        PrinterConfig config;
        config.name = endpoint.name;
        config.host = endpoint.host;
        config.port = endpoint.port;
        if (rtsps)
            config.cameraKind = PrinterConfig::CameraKind::Rtsps;
        Printer *printer = farm.addPrinter(config, QLatin1String(SimProcess::kAccessCode), &error);
        if (!printer)
            return failure(QStringLiteral("cannot add %1: %2").arg(endpoint.name, error));
        printers.append(printer);
        CameraSource *camera = printer->camera();
        QObject::connect(
            camera, &CameraSource::frameArrived, &window,
            [&counters, &camerasWithFrame, index, first = true](const CameraFrame &frame) mutable {
                if (std::exchange(first, false))
                    ++camerasWithFrame;
                if (counters.measuring) {
                    ++counters.received;
                    ++counters.receivedBy[index];
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
        QObject::connect(
            tile, &PrinterTile::framePainted, &window,
            [&counters, &tilesWithPicture, index, first = true](qint64 receivedNs) mutable {
                const qint64 nowNs = steadyNowNs();
                if (std::exchange(first, false))
                    ++tilesWithPicture;
                if (!counters.measuring)
                    return;
                ++counters.shown;
                ++counters.shownBy[index];
                counters.latenciesMs.push_back(double(nowNs - receivedNs) / 1e6);
                counters.longestRefreshNs[index] = std::max(counters.longestRefreshNs[index],
                                                            nowNs - counters.lastRefreshNs[index]);
                counters.lastRefreshNs[index] = nowNs;
            });
    }

    if (options.minimized)
        window.showMinimized();
    else
        window.show();
    if (options.single && !window.showFullViewOf(endpoints.constFirst().name))
        return failure(QStringLiteral("no single view of %1").arg(endpoints.constFirst().name));

    // Warm up: every camera streaming (and every visible tile showing a picture), then a little
    // more so that the connection burst is over before anything is counted. A hidden window
    // shows its tiles first, like a window closed to the tray after a while.
    const quint64 printerTotal = quint64(options.printers);
    const quint64 visibleTiles = options.minimized ? 0 : options.single ? 1 : printerTotal;
    const int warmUpMs = std::max(30000, int(3000 / options.framesPerSecond));
    if (!EventLoopWait::until(
            [&] { return camerasWithFrame >= printerTotal && tilesWithPicture >= visibleTiles; },
            warmUpMs))
        return failure(QStringLiteral("warm-up: %1 of %2 cameras streaming, %3 of %4 tiles "
                                      "showing a picture after %5 s")
                           .arg(camerasWithFrame)
                           .arg(printerTotal)
                           .arg(tilesWithPicture)
                           .arg(visibleTiles)
                           .arg(warmUpMs / 1000));
    if (options.hidden)
        window.hide();
    EventLoopWait::forMs(2000);

    const PrinterTile *firstTile = window.tiles().constFirst();
    const QSize tileSize = firstTile->pictureRect().size();
    const QSize decodeSize = firstTile->decodeSize();

    const auto h264Decodes = [&printers] {
        quint64 sum = 0;
        for (const Printer *printer : std::as_const(printers))
            sum += printer->frames()->h264DecodeCount();
        return sum;
    };
    const auto framesDropped = [&printers] {
        quint64 sum = 0;
        for (const Printer *printer : std::as_const(printers)) {
            if (const auto *camera = qobject_cast<const RtspsCamera *>(printer->camera()))
                sum += camera->framesDropped();
        }
        return sum;
    };

    const bool windowShown = !options.minimized && !options.hidden;
    const std::size_t visibleCount = !windowShown ? 0 : options.single ? 1 : printerCount;
    const auto mib = [](qint64 kib) {
        return double(kib) / 1024.0;
    };

    // One measured window of `seconds`: the figures that belong to it (the counters start anew).
    const auto measureWindow = [&](int seconds) {
        counters.received = 0;
        counters.bytes = 0;
        counters.decoded = 0;
        counters.shown = 0;
        counters.latenciesMs.clear();
        std::fill(counters.receivedBy.begin(), counters.receivedBy.end(), 0);
        std::fill(counters.shownBy.begin(), counters.shownBy.end(), 0);
        std::fill(counters.longestRefreshNs.begin(), counters.longestRefreshNs.end(), 0);

        const double loadBefore = ProcessUsage::loadAverage();
        const qint64 rssStart = ProcessUsage::rssKiB();
        const double cpuStart = ProcessUsage::selfCpuMs();
        const double simCpuStart = ProcessUsage::cpuMsOf(sim.processId());
        const quint64 h264DecodesStart = h264Decodes();
        const quint64 framesDroppedStart = framesDropped();
        QElapsedTimer clock;
        clock.start();
        const qint64 startNs = steadyNowNs();
        std::fill(counters.lastRefreshNs.begin(), counters.lastRefreshNs.end(), startNs);
        counters.measuring = true;

        QJsonArray rssTimeline; // MiB, once a second
        qint64 rssMax = rssStart;
        for (int second = 1; second <= seconds; ++second) {
            EventLoopWait::until([&] { return clock.elapsed() >= second * 1000; }, 2000);
            const qint64 rss = ProcessUsage::rssKiB();
            rssMax = std::max(rssMax, rss);
            rssTimeline.append(double(rss) / 1024.0);
        }

        counters.measuring = false;
        const qint64 endNs = steadyNowNs();
        const double elapsedS = double(clock.elapsed()) / 1000.0;
        const double cpuMs = ProcessUsage::selfCpuMs() - cpuStart;
        const double simCpuMs = ProcessUsage::cpuMsOf(sim.processId()) - simCpuStart;
        const qint64 rssEnd = ProcessUsage::rssKiB();

        // The tiles on screen: how long each waited at most for a new picture (also from the last
        // one to the end), and whether each of their frames was shown.
        qint64 longestRefreshNs = -1;
        quint64 visibleReceived = 0;
        quint64 visibleShown = 0;
        for (std::size_t index = 0; index < visibleCount; ++index) {
            longestRefreshNs = std::max({longestRefreshNs, counters.longestRefreshNs[index],
                                         endNs - counters.lastRefreshNs[index]});
            visibleReceived += counters.receivedBy[index];
            visibleShown += counters.shownBy[index];
        }

        QJsonObject figures;
        figures[QStringLiteral("durationS")] = elapsedS;
        figures[QStringLiteral("framesReceived")] = double(counters.received);
        figures[QStringLiteral("frameKiB")] = counters.received > 0
            ? double(counters.bytes) / double(counters.received) / 1024
            : -1.0;
        figures[QStringLiteral("framesDecoded")] = double(counters.decoded);
        figures[QStringLiteral("framesShown")] = double(counters.shown);
        figures[QStringLiteral("cpuMs")] = cpuMs;
        figures[QStringLiteral("cpuMsPerFrame")]
            = counters.received > 0 ? cpuMs / double(counters.received) : -1.0;
        figures[QStringLiteral("cpuPercentOfOneCore")] = 100.0 * cpuMs / (elapsedS * 1000.0);
        figures[QStringLiteral("latencyP50Ms")] = percentile(counters.latenciesMs, 50);
        figures[QStringLiteral("latencyP99Ms")] = percentile(counters.latenciesMs, 99);
        figures[QStringLiteral("latencyMaxMs")] = percentile(counters.latenciesMs, 100);
        figures[QStringLiteral("rssStartMiB")] = mib(rssStart);
        figures[QStringLiteral("rssEndMiB")] = mib(rssEnd);
        figures[QStringLiteral("rssMaxMiB")] = mib(rssMax);
        figures[QStringLiteral("rssGrowthMiB")] = mib(rssEnd - rssStart);
        figures[QStringLiteral("rssTimelineMiB")] = rssTimeline;
        figures[QStringLiteral("simCpuPercentOfOneCore")] = 100.0 * simCpuMs / (elapsedS * 1000.0);
        figures[QStringLiteral("loadAverage")] = loadBefore;
        figures[QStringLiteral("visibleFramesReceived")] = double(visibleReceived);
        figures[QStringLiteral("visibleFramesShown")] = double(visibleShown);
        figures[QStringLiteral("longestTileRefreshS")]
            = longestRefreshNs < 0 ? -1.0 : double(longestRefreshNs) / 1e9;
        if (rtsps) {
            figures[QStringLiteral("h264Decoded")] = double(h264Decodes() - h264DecodesStart);
            figures[QStringLiteral("framesDroppedByReader")]
                = double(framesDropped() - framesDroppedStart);
            figures[QStringLiteral("cpuPercentPerPrinter")]
                = 100.0 * cpuMs / (elapsedS * 1000.0) / double(options.printers);
        }
        return figures;
    };

    QJsonObject result = measureWindow(options.durationSeconds);
    if (options.encodeTimelapses) {
        // The same window again while timelapses encode back to back on the app's worker thread.
        QJsonObject during;
        encodeLoad->start();
        // The window opens once the first encode is under way on the worker thread.
        if (!EventLoopWait::until([&] { return encodeLoad->isEncoding(); }, 60000)) {
            during[QStringLiteral("error")] = QStringLiteral("the encode did not start");
        } else {
            const QList<ProcessUsage::ThreadSample> threadsBefore = ProcessUsage::threadsOfSelf();
            const int finishedBefore = encodeLoad->finished();
            during = measureWindow(options.durationSeconds);
            // The encode thread: RecordWorkers names it; else (a build before it did) the
            // busiest of the window, x264 running on it alone.
            ProcessUsage::ThreadSample busiest;
            double busiestMs = -1;
            bool named = false;
            for (const ProcessUsage::ThreadSample &thread : ProcessUsage::threadsOfSelf()) {
                double before = 0;
                for (const ProcessUsage::ThreadSample &earlier : threadsBefore) {
                    if (earlier.tid == thread.tid)
                        before = earlier.cpuMs;
                }
                const bool isNamed = thread.name == QLatin1String(RecordWorkers::kThreadName);
                if ((isNamed && !named)
                    || (isNamed == named && thread.cpuMs - before > busiestMs)) {
                    busiestMs = thread.cpuMs - before;
                    busiest = thread;
                    named = isNamed;
                }
            }
            const double windowMs = during.value(QStringLiteral("durationS")).toDouble() * 1000;
            during[QStringLiteral("encodeThread")] = QJsonObject{
                {QStringLiteral("name"), busiest.name},
                {QStringLiteral("cpuPercentOfOneCore"), 100.0 * busiestMs / windowMs},
                {QStringLiteral("policy"), ProcessUsage::policyName(busiest.policy)},
                {QStringLiteral("nice"), busiest.nice},
                {QStringLiteral("identifiedByName"), named},
            };
            during[QStringLiteral("encodesFinished")] = encodeLoad->finished() - finishedBefore;
            if (encodeLoad->ranDry())
                during[QStringLiteral("error")]
                    = QStringLiteral("the prepared encodes ran out before the window ended");
            if (!encodeLoad->errors().isEmpty())
                during[QStringLiteral("error")] = encodeLoad->errors().join(u'\n');
        }
        encodeLoad->stop();
        result[QStringLiteral("duringEncode")] = during;
    }
    const qint64 peakRss = ProcessUsage::peakRssKiB();

    farm.stopAll();
    // The anchor gets the same simulator, now that the app no longer reads from it.
    QJsonObject anchor;
    if (rtsps && !options.ffmpegProgram.isEmpty()) {
        EventLoopWait::forMs(1000); // the app's connections close
        FfmpegAnchor ffmpeg(options.ffmpegProgram);
        anchor = ffmpeg.run(endpoints, options.durationSeconds, sim.processId());
    }
    sim.stop();

    result[QStringLiteral("camera")] = rtsps ? QStringLiteral("rtsps") : QStringLiteral("jpeg");
    result[QStringLiteral("printers")] = options.printers;
    result[QStringLiteral("fps")] = options.framesPerSecond;
    result[QStringLiteral("minimized")] = options.minimized;
    result[QStringLiteral("single")] = options.single;
    result[QStringLiteral("hidden")] = options.hidden;
    result[QStringLiteral("window")]
        = QStringLiteral("%1x%2").arg(options.windowSize.width()).arg(options.windowSize.height());
    result[QStringLiteral("tile")]
        = QStringLiteral("%1x%2").arg(tileSize.width()).arg(tileSize.height());
    // A tile that never decoded (a minimized window) has no decode size.
    result[QStringLiteral("decodeSize")] = decodeSize.isValid()
        ? QStringLiteral("%1x%2").arg(decodeSize.width()).arg(decodeSize.height())
        : QStringLiteral("–");
    result[QStringLiteral("jpegQuality")] = options.jpegQuality;
    result[QStringLiteral("peakRssMiB")] = mib(peakRss);
    result[QStringLiteral("idealThreads")] = QThread::idealThreadCount();
    if (rtsps) {
        result[QStringLiteral("video")] = QStringLiteral("%1x%2")
                                              .arg(options.videoSize.width())
                                              .arg(options.videoSize.height());
        result[QStringLiteral("keyFrameIntervalS")] = options.keyFrameIntervalS;
    }
    if (!anchor.isEmpty())
        result[QStringLiteral("anchor")] = anchor;
    return result;
}

} // namespace GridScenario
