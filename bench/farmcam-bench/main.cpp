// farmcam-bench: end-to-end load benchmark of the grid window (JPEG and RTSPS printers, with the
// ffmpeg command other tools run as the RTSPS anchor) and of farmcam-grab against a farmcam-sim
// process. See --help; docs/PERFORMANCE.md has the figures and how to read them.
#include "benchreport.h"
#include "drainreader.h"
#include "ffmpeganchor.h"
#include "grabscenario.h"
#include "gridscenario.h"
#include "simprocess.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QProcess>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QThread>

#include <cstdio>
#include <cstring>
#include <memory>

#ifndef FARMCAM_SIM_PATH
#define FARMCAM_SIM_PATH "farmcam-sim"
#endif
#ifndef FARMCAM_GRAB_PATH
#define FARMCAM_GRAB_PATH "farmcam-grab"
#endif

namespace {

const char kDefaultScenarios[] = "grid:1:1,grid:16:1,grid:64:1,grid:4:30,grab";

void print(const QString &text, std::FILE *stream = stdout)
{
    std::fputs(text.toLocal8Bit().constData(), stream);
    std::fflush(stream);
}

// "grid:N:F" with an optional ":minimized" or ":single".
bool parseGridSpec(const QString &spec, GridScenarioOptions *options)
{
    const QStringList parts = spec.split(QLatin1Char(':'));
    if (parts.size() < 3 || parts.size() > 4 || parts.at(0) != QLatin1String("grid"))
        return false;
    bool countOk = false;
    bool fpsOk = false;
    options->printers = parts.at(1).toInt(&countOk);
    options->framesPerSecond = parts.at(2).toDouble(&fpsOk);
    if (!countOk || !fpsOk || options->printers < 1 || options->printers > 1000
        || options->framesPerSecond <= 0 || options->framesPerSecond > 120)
        return false;
    if (parts.size() == 4) {
        options->minimized = parts.at(3) == QLatin1String("minimized");
        options->single = parts.at(3) == QLatin1String("single");
        if (!options->minimized && !options->single)
            return false;
    }
    return true;
}

// "rtsps-grid:N", "rtsps-single[:N]" (the first of N printers in the single view, 1 by default),
// "rtsps-minimized:N", "rtsps-hidden:N" (the window hidden, as when closed to the tray).
bool parseRtspsSpec(const QString &spec, GridScenarioOptions *options)
{
    const QStringList parts = spec.split(QLatin1Char(':'));
    const QString kind = parts.at(0);
    options->camera = GridScenarioOptions::Camera::Rtsps;
    options->single = kind == QLatin1String("rtsps-single");
    options->minimized = kind == QLatin1String("rtsps-minimized");
    options->hidden = kind == QLatin1String("rtsps-hidden");
    if (!options->single && !options->minimized && !options->hidden
        && kind != QLatin1String("rtsps-grid"))
        return false;
    if (parts.size() > 2 || (parts.size() == 1 && !options->single))
        return false;
    bool countOk = true;
    options->printers = parts.size() == 2 ? parts.at(1).toInt(&countOk) : 1;
    return countOk && options->printers >= 1 && options->printers <= 1000;
}

const QLatin1String kEncodePrefix("encode:");

// Any grid or RTSPS scenario, with "encode:" before it for the window with timelapse encodes.
bool parseScenarioSpec(const QString &spec, GridScenarioOptions *options)
{
    QString rest = spec;
    if (rest.startsWith(kEncodePrefix)) {
        options->encodeTimelapses = true;
        rest = rest.mid(kEncodePrefix.size());
    }
    return rest.startsWith(QLatin1String("rtsps-")) ? parseRtspsSpec(rest, options)
                                                    : parseGridSpec(rest, options);
}

QString machineDescription()
{
    QString cpu;
    QFile cpuInfo(QStringLiteral("/proc/cpuinfo"));
    if (cpuInfo.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : cpuInfo.readAll().split('\n')) {
            if (line.startsWith("model name")) {
                cpu = QString::fromLatin1(line.mid(line.indexOf(':') + 1).trimmed());
                break;
            }
        }
    }
    return QStringLiteral("%1, %2 logical CPUs, %3, Qt %4")
        .arg(cpu)
        .arg(QThread::idealThreadCount())
        .arg(QSysInfo::prettyProductName(), QString::fromLatin1(qVersion()));
}

int runDrain(const QString &address, quint64 frames)
{
    const QString host = address.section(QLatin1Char(':'), 0, -2);
    const quint16 port = address.section(QLatin1Char(':'), -1).toUShort();
    if (host.isEmpty() || port == 0 || frames == 0) {
        print(QStringLiteral("farmcam-bench: --drain HOST:PORT --count N (N > 0)\n"), stderr);
        return 2;
    }
    DrainReader reader(host, port, QLatin1String(SimProcess::kAccessCode), frames);
    QObject::connect(&reader, &DrainReader::finished, qApp, &QCoreApplication::exit,
                     Qt::QueuedConnection);
    reader.start();
    return QCoreApplication::exec();
}

QJsonObject runGridChild(const QString &program, const QString &spec, const QStringList &common,
                         int durationSeconds)
{
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start(program, QStringList{QStringLiteral("--run-grid"), spec} + common);
    // Warm-up (at most 30 s), the run, and the simulator's start and end; with encodes, rendering
    // the frames, a second window, and the last encode, which runs at the lowest priority.
    const int timeoutMs = spec.startsWith(kEncodePrefix) ? (2 * durationSeconds + 400) * 1000
                                                         : (durationSeconds + 120) * 1000;
    if (!child.waitForFinished(timeoutMs)) {
        child.kill();
        child.waitForFinished(5000);
        return QJsonObject{{QStringLiteral("error"), QStringLiteral("timed out")}};
    }
    const QJsonDocument document = QJsonDocument::fromJson(child.readAllStandardOutput());
    if (!document.isObject())
        return QJsonObject{{QStringLiteral("error"),
                            QStringLiteral("no result (exit code %1)").arg(child.exitCode())}};
    return document.object();
}

} // namespace

int main(int argc, char *argv[])
{
    // Only a grid run needs widgets; it draws offscreen unless told otherwise.
    bool gridChild = false;
    for (int i = 1; i < argc; ++i)
        gridChild = gridChild || std::strcmp(argv[i], "--run-grid") == 0;
    // The offscreen platform's screen is 800x600 unless a configuration file says otherwise, and
    // GridWindow fits itself into its screen: a 1920x1080 window would be shrunk and the grid
    // would scroll, leaving tiles off screen. An 8K screen holds any --window.
    QTemporaryFile screenConfig(QDir::tempPath() + QStringLiteral("/farmcam-bench-XXXXXX.json"));
    if (gridChild && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        QByteArray platform = "offscreen";
        const QByteArray screens = R"({"screens": [{"name": "farmcam-bench", "x": 0, "y": 0, )"
                                   R"("width": 7680, "height": 4320, "logicalDpi": 96, )"
                                   R"("logicalBaseDpi": 96, "dpr": 1}]})";
        if (screenConfig.open() && screenConfig.write(screens) == screens.size()
            && screenConfig.flush())
            platform += ":configfile=" + QFile::encodeName(screenConfig.fileName());
        qputenv("QT_QPA_PLATFORM", platform);
    }
    std::unique_ptr<QCoreApplication> app = gridChild
        ? std::make_unique<QApplication>(argc, argv)
        : std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("farmcam-bench"));
    QLoggingCategory::setFilterRules(QStringLiteral("farmcam.*.info=false\nfarmcam.*.debug=false"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("End-to-end load benchmark: starts farmcam-sim "
                                                    "as a separate process and runs the real grid\n"
                                                    "window offscreen (and farmcam-grab next to a "
                                                    "drain-only TLS reader) against it. Prints\n"
                                                    "Markdown tables; --json writes every figure.\n"
                                                    "\n"
                                                    "Scenarios: grid:N:F = N printers at F frames "
                                                    "per second (append :minimized to keep the\n"
                                                    "window minimized, :single to show the first "
                                                    "printer alone); grab = farmcam-grab at full\n"
                                                    "speed. RTSPS (simulated X1C printers, H.264, "
                                                    "see --video), each followed by the ffmpeg\n"
                                                    "anchor (one `ffmpeg -rtsp_transport tcp -i "
                                                    "rtsps://… -f mjpeg` per printer):\n"
                                                    "rtsps-grid:N = N printers in the grid; "
                                                    "rtsps-single[:N] = the first of N (default 1) "
                                                    "in the\nsingle view; rtsps-minimized:N, "
                                                    "rtsps-hidden:N = the window minimized, or "
                                                    "hidden as when\nclosed to the tray. "
                                                    "encode:SCENARIO = any grid or RTSPS scenario "
                                                    "measured twice in one run:\nwithout, then "
                                                    "while 300-layer 1280x720 timelapses encode "
                                                    "back to back on the app's\nencode thread. "
                                                    "Default: %1")
                                         .arg(QLatin1String(kDefaultScenarios)));
    parser.addHelpOption();
    const QCommandLineOption scenarios(QStringLiteral("scenarios"),
                                       QStringLiteral("Comma-separated scenarios."),
                                       QStringLiteral("LIST"), QLatin1String(kDefaultScenarios));
    const QCommandLineOption duration(QStringLiteral("duration"),
                                      QStringLiteral("Seconds measured per grid scenario, after "
                                                     "the warm-up (default 20)."),
                                      QStringLiteral("S"), QStringLiteral("20"));
    const QCommandLineOption window(QStringLiteral("window"),
                                    QStringLiteral("Window size (default 1920x1080)."),
                                    QStringLiteral("WxH"), QStringLiteral("1920x1080"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Also write the results as JSON to FILE (- for "
                                                 "standard output)."),
                                  QStringLiteral("FILE"));
    const QCommandLineOption sim(QStringLiteral("sim"), QStringLiteral("farmcam-sim to run."),
                                 QStringLiteral("PATH"), QStringLiteral(FARMCAM_SIM_PATH));
    const QCommandLineOption grab(QStringLiteral("grab"), QStringLiteral("farmcam-grab to run."),
                                  QStringLiteral("PATH"), QStringLiteral(FARMCAM_GRAB_PATH));
    const QCommandLineOption grabFrames(
        QStringLiteral("grab-frames"),
        QStringLiteral("Frames per grab client run, few:many; the cost per frame is the "
                       "difference over the frames between (default 100:600)."),
        QStringLiteral("FEW:MANY"), QStringLiteral("100:600"));
    const QCommandLineOption grabRepetitions(
        QStringLiteral("grab-repetitions"),
        QStringLiteral("Interleaved repetitions per grab client; the median is reported "
                       "(default 3)."),
        QStringLiteral("N"), QStringLiteral("3"));
    const QCommandLineOption noGrabFiles(
        QStringLiteral("no-grab-files"),
        QStringLiteral("Leave out farmcam-grab writing files (only standard output)."));
    const QCommandLineOption jpegQuality(
        QStringLiteral("jpeg-quality"),
        QStringLiteral("JPEG quality of the simulator's frames (default 70: about 100 KB, the size "
                       "the targets assume; 80, farmcam-sim's own default, gives about 140 KB)."),
        QStringLiteral("Q"), QStringLiteral("70"));
    const QCommandLineOption video(
        QStringLiteral("video"),
        QStringLiteral("RTSPS scenarios: the cameras' video, WxH@FPS (default 1920x1080@30)."),
        QStringLiteral("WxH@FPS"), QStringLiteral("1920x1080@30"));
    const QCommandLineOption keyFrameInterval(
        QStringLiteral("key-frame-interval"),
        QStringLiteral("RTSPS scenarios: seconds between the cameras' key frames (default 1)."),
        QStringLiteral("S"), QStringLiteral("1"));
    const QCommandLineOption ffmpeg(QStringLiteral("ffmpeg"),
                                    QStringLiteral("ffmpeg to run as the RTSPS anchor; empty for "
                                                   "none (default ffmpeg)."),
                                    QStringLiteral("PATH"), QStringLiteral("ffmpeg"));
    const QCommandLineOption compare(
        QStringLiteral("compare"),
        QStringLiteral("Print before/after tables from two --json files and exit."),
        QStringLiteral("BEFORE.json,AFTER.json"));
    const QCommandLineOption timelapseFrames(
        QStringLiteral("timelapse-frames"),
        QStringLiteral(
            "encode: scenarios: the folder of the 300 timelapse frames, rendered into it "
            "when it has none yet (default: a temporary folder for this run)."),
        QStringLiteral("DIR"));
    const QCommandLineOption runGrid(QStringLiteral("run-grid"),
                                     QStringLiteral("Internal: one grid scenario in this process, "
                                                    "JSON on standard output."),
                                     QStringLiteral("SPEC"));
    const QCommandLineOption drain(QStringLiteral("drain"),
                                   QStringLiteral("Internal: the drain-only reader."),
                                   QStringLiteral("HOST:PORT"));
    const QCommandLineOption count(QStringLiteral("count"),
                                   QStringLiteral("Internal: frames for --drain."),
                                   QStringLiteral("N"), QStringLiteral("100"));
    parser.addOptions({scenarios, duration, window, json, sim, grab, grabFrames, grabRepetitions,
                       noGrabFiles, jpegQuality, video, keyFrameInterval, ffmpeg, timelapseFrames,
                       compare, runGrid, drain, count});
    parser.process(*app);

    if (parser.isSet(compare)) {
        // Each side is a --json file, or a folder of them (one run per scenario) merged in name
        // order.
        QJsonObject runs[2];
        const QStringList sides = parser.value(compare).split(QLatin1Char(','));
        for (int i = 0; i < 2; ++i) {
            const QString path = sides.value(i);
            QStringList files{path};
            if (QFileInfo(path).isDir()) {
                files.clear();
                const QDir dir(path);
                for (const QString &name :
                     dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
                    files << dir.filePath(name);
            }
            QJsonArray grid;
            for (const QString &name : std::as_const(files)) {
                QFile file(name);
                if (!file.open(QIODevice::ReadOnly)) {
                    print(QStringLiteral("farmcam-bench: cannot read %1\n").arg(name), stderr);
                    return 2;
                }
                const QJsonObject run = QJsonDocument::fromJson(file.readAll()).object();
                for (const QJsonValue &scenario : run.value(QStringLiteral("grid")).toArray())
                    grid.append(scenario);
                if (!run.value(QStringLiteral("grab")).toObject().isEmpty())
                    runs[i][QStringLiteral("grab")] = run.value(QStringLiteral("grab"));
            }
            runs[i][QStringLiteral("grid")] = grid;
        }
        print(BenchReport::comparisonTable(runs[0], runs[1]));
        return 0;
    }

    if (parser.isSet(drain))
        return runDrain(parser.value(drain), parser.value(count).toULongLong());

    bool ok = false;
    const int durationSeconds = parser.value(duration).toInt(&ok);
    if (!ok || durationSeconds < 1 || durationSeconds > 24 * 3600) {
        print(QStringLiteral("farmcam-bench: --duration must be 1 or more seconds\n"), stderr);
        return 2;
    }
    const int quality = parser.value(jpegQuality).toInt(&ok);
    if (!ok || quality < 1 || quality > 100) {
        print(QStringLiteral("farmcam-bench: --jpeg-quality must be 1-100\n"), stderr);
        return 2;
    }
    const QStringList size = parser.value(window).split(QLatin1Char('x'));
    const QSize windowSize(size.value(0).toInt(), size.value(1).toInt());
    if (windowSize.width() < 320 || windowSize.height() < 200) {
        print(QStringLiteral("farmcam-bench: --window must be WxH, at least 320x200\n"), stderr);
        return 2;
    }
    const QStringList videoParts = parser.value(video).split(QLatin1Char('@'));
    const QStringList videoDimensions = videoParts.value(0).split(QLatin1Char('x'));
    const QSize videoSize(videoDimensions.value(0).toInt(), videoDimensions.value(1).toInt());
    const int videoFps = videoParts.value(1).toInt();
    if (videoParts.size() != 2 || videoSize.width() < 64 || videoSize.height() < 64
        || videoSize.width() % 2 != 0 || videoSize.height() % 2 != 0 || videoFps < 1
        || videoFps > 60) {
        print(QStringLiteral("farmcam-bench: --video must be WxH@FPS, even sizes of at least 64, "
                             "1-60 fps\n"),
              stderr);
        return 2;
    }
    const double keyFrameS = parser.value(keyFrameInterval).toDouble(&ok);
    if (!ok || keyFrameS < 0.1 || keyFrameS > 60) {
        print(QStringLiteral("farmcam-bench: --key-frame-interval must be 0.1-60 s\n"), stderr);
        return 2;
    }

    if (parser.isSet(runGrid)) {
        GridScenarioOptions options;
        if (!parseScenarioSpec(parser.value(runGrid), &options)) {
            print(
                QStringLiteral("farmcam-bench: bad grid scenario %1\n").arg(parser.value(runGrid)),
                stderr);
            return 2;
        }
        options.durationSeconds = durationSeconds;
        options.windowSize = windowSize;
        options.simProgram = parser.value(sim);
        options.jpegQuality = quality;
        options.encodeFramesFolder = parser.value(timelapseFrames);
        if (options.encodeTimelapses && options.encodeFramesFolder.isEmpty()) {
            print(QStringLiteral("farmcam-bench: encode: scenarios need --timelapse-frames\n"),
                  stderr);
            return 2;
        }
        if (options.camera == GridScenarioOptions::Camera::Rtsps) {
            options.videoSize = videoSize;
            options.framesPerSecond = videoFps;
            options.keyFrameIntervalS = keyFrameS;
            options.ffmpegProgram = parser.value(ffmpeg);
        }
        const QJsonObject result = GridScenario::run(options);
        print(QString::fromUtf8(QJsonDocument(result).toJson(QJsonDocument::Compact)) + u'\n');
        return result.contains(QStringLiteral("error")) ? 1 : 0;
    }

    const QStringList specs = parser.value(scenarios).split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &spec : specs) {
        GridScenarioOptions check;
        if (spec != QLatin1String("grab") && !parseScenarioSpec(spec, &check)) {
            print(QStringLiteral("farmcam-bench: unknown scenario %1 (see --help)\n").arg(spec),
                  stderr);
            return 2;
        }
    }

    const QString machine = machineDescription();
    print(QStringLiteral("farmcam-bench on %1\n").arg(machine), stderr);
    // The timelapse frames: rendered by the first encode scenario, reused by the others.
    QTemporaryDir framesDir;
    const QString framesFolder = parser.isSet(timelapseFrames)
        ? parser.value(timelapseFrames)
        : framesDir.filePath(QStringLiteral("timelapse-frames"));
    const QStringList common{QStringLiteral("--timelapse-frames"),
                             framesFolder,
                             QStringLiteral("--duration"),
                             QString::number(durationSeconds),
                             QStringLiteral("--window"),
                             parser.value(window),
                             QStringLiteral("--sim"),
                             parser.value(sim),
                             QStringLiteral("--jpeg-quality"),
                             QString::number(quality),
                             QStringLiteral("--video"),
                             parser.value(video),
                             QStringLiteral("--key-frame-interval"),
                             QString::number(keyFrameS),
                             QStringLiteral("--ffmpeg"),
                             parser.value(ffmpeg)};
    QJsonArray gridResults;
    QJsonObject grabResult;
    bool failed = false;
    for (const QString &spec : specs) {
        print(QStringLiteral("farmcam-bench: %1 …\n").arg(spec), stderr);
        if (spec == QLatin1String("grab")) {
            GrabScenarioOptions options;
            options.simProgram = parser.value(sim);
            options.grabProgram = parser.value(grab);
            options.benchProgram = QCoreApplication::applicationFilePath();
            options.fewFrames = parser.value(grabFrames).section(QLatin1Char(':'), 0, 0).toInt();
            options.manyFrames = parser.value(grabFrames).section(QLatin1Char(':'), 1, 1).toInt();
            options.repetitions = std::max(1, parser.value(grabRepetitions).toInt());
            options.files = !parser.isSet(noGrabFiles);
            options.jpegQuality = quality;
            if (options.fewFrames < 1 || options.manyFrames <= options.fewFrames) {
                print(QStringLiteral("farmcam-bench: --grab-frames must be FEW:MANY, 0 < FEW < "
                                     "MANY\n"),
                      stderr);
                return 2;
            }
            grabResult = GrabScenario::run(options);
            failed = failed || grabResult.contains(QStringLiteral("error"));
            continue;
        }
        QJsonObject result
            = runGridChild(QCoreApplication::applicationFilePath(), spec, common, durationSeconds);
        result[QStringLiteral("scenario")] = spec;
        failed = failed || result.contains(QStringLiteral("error"));
        gridResults.append(result);
    }

    print(QStringLiteral("\nfarmcam-bench, %1, %2 s per grid scenario, window %3, JPEG quality %4\n"
                         "%5\n\n")
              .arg(QDateTime::currentDateTime().toString(Qt::ISODate))
              .arg(durationSeconds)
              .arg(parser.value(window))
              .arg(quality)
              .arg(machine));
    QJsonArray jpegResults;
    QJsonArray rtspsResults;
    QJsonArray encodeResults;
    for (const QJsonValue &result : std::as_const(gridResults)) {
        if (result.toObject()
                .value(QStringLiteral("scenario"))
                .toString()
                .startsWith(kEncodePrefix)) {
            encodeResults.append(result);
            continue;
        }
        const bool rtsps = result.toObject()
                               .value(QStringLiteral("scenario"))
                               .toString()
                               .startsWith(QLatin1String("rtsps-"));
        (rtsps ? rtspsResults : jpegResults).append(result);
    }
    if (!jpegResults.isEmpty())
        print(BenchReport::gridTable(jpegResults) + u'\n');
    if (!rtspsResults.isEmpty()) {
        print(QStringLiteral("RTSPS: video %1, a key frame every %2 s; anchor per printer: %3\n\n")
                  .arg(parser.value(video))
                  .arg(keyFrameS)
                  .arg(FfmpegAnchor::commandForDisplay()));
        print(BenchReport::rtspsTable(rtspsResults) + u'\n');
    }
    if (!encodeResults.isEmpty())
        print(BenchReport::encodeTable(encodeResults) + u'\n');
    if (!grabResult.isEmpty())
        print(BenchReport::grabTable(grabResult) + u'\n');

    if (parser.isSet(json)) {
        const QJsonObject all{
            {QStringLiteral("machine"), machine},
            {QStringLiteral("date"), QDateTime::currentDateTime().toString(Qt::ISODate)},
            {QStringLiteral("durationS"), durationSeconds},
            {QStringLiteral("jpegQuality"), quality},
            {QStringLiteral("grid"), gridResults},
            {QStringLiteral("grab"), grabResult},
        };
        const QByteArray bytes = QJsonDocument(all).toJson(QJsonDocument::Indented);
        if (parser.value(json) == QLatin1String("-")) {
            print(QString::fromUtf8(bytes));
        } else {
            QFile file(parser.value(json));
            if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size()) {
                print(QStringLiteral("farmcam-bench: cannot write %1: %2\n")
                          .arg(parser.value(json), file.errorString()),
                      stderr);
                return 1;
            }
        }
    }
    return failed ? 1 : 0;
}
