// A FarmCam sharing server with made-up printers, for the web wall's browser test
// (tests/web/webwall.test.js) and its screenshots: a real PrinterFarm and a real ShareServer on
// 127.0.0.1, whose printers have LoopbackCameras fed with the simulator's chamber pictures as JPEG
// (as a P1's camera sends them). Test-only: farmcam-server is the program for people.
//
// It prints "url http://127.0.0.1:PORT/" once it listens, then takes commands on standard input,
// one a line, each answered "ok" (or "error <why>") on standard output:
//   report <index> <json>   a status report (MQTT JSON, {"print": {...}}) from printer <index>
//   offline <index>         its camera stops sending and fails (the link backs off)
//   online <index>          its camera sends again
//   restart                 the server stops and, a second later, listens again on its port
//                           (the wall must notice and reconnect by itself)
//   quit
// --recordings DIR serves that folder's recordings (/api/recordings); --sample-recordings first
// writes a few real ones there (timelapses with thumbnails, a failure clip, a recording) made by
// the project's own video writer from the simulator's pictures.
// The token comes from the environment (FARMCAM_WEBWALL_TOKEN), never from the command line,
// where any user could read it.
#include "camera/loopback/loopbackcamera.h"
#include "model/appsettings.h"
#include "model/memorycredentialstore.h"
#include "model/printer.h"
#include "model/printerconfig.h"
#include "model/printerfarm.h"
#include "record/picturevideowriter.h"
#include "record/recordinglibrary.h"
#include "share/shareserver.h"
#include "sim/framerenderer.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QLoggingCategory>
#include <QSocketNotifier>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <unistd.h>

#include <cstdio>
#include <memory>
#include <vector>

namespace {

// One made-up printer: its camera, the pictures it sends and the timer that sends them.
struct FakePrinter
{
    Printer *printer = nullptr;
    LoopbackCamera *camera = nullptr; // owned by the printer
    std::unique_ptr<FrameRenderer> renderer;
    std::unique_ptr<QTimer> timer;
    quint64 frame = 0;
    bool offline = false; // the "offline" command: no frame until "online"
};

const char *const kModels[] = {"P1S", "A1 mini", "P1P", "X1C", "A1", "H2D"};
const char *const kPlaces[] = {"Workshop", "Desk", "Garage", "Lab", "Office", "Studio", "Bay"};

// Printers start with a mix of print states, so that the wall shows each kind.
QByteArray initialReport(int index)
{
    switch (index % 6) {
    case 0:
        return R"({"print":{"gcode_state":"RUNNING","subtask_name":"gearbox_housing.3mf","mc_percent":22,"mc_remaining_time":140,"layer_num":95,"total_layer_num":420}})";
    case 1:
        return R"({"print":{"gcode_state":"FINISH","subtask_name":"benchy.3mf","mc_percent":100,"mc_remaining_time":0,"layer_num":240,"total_layer_num":240}})";
    case 2:
        return R"({"print":{"gcode_state":"RUNNING","subtask_name":"cable_clips_x12.3mf","mc_percent":62,"mc_remaining_time":38,"layer_num":94,"total_layer_num":150}})";
    case 3:
        return R"({"print":{"gcode_state":"IDLE"}})";
    case 4:
        return R"({"print":{"gcode_state":"PREPARE","subtask_name":"lamp_shade_vase.3mf","mc_percent":0,"mc_remaining_time":212,"layer_num":0,"total_layer_num":800}})";
    default:
        return R"({"print":{"gcode_state":"PAUSE","subtask_name":"hinge_v2.3mf","mc_percent":47,"mc_remaining_time":55,"layer_num":61,"total_layer_num":130}})";
    }
}

// A few videos per printer for the recordings view: real MP4s (H.264, as the recorder writes)
// of the printer's simulated chamber, with a thumbnail where the recorder makes one.
bool writeSampleRecordings(const QString &root, const std::vector<FakePrinter> &printers)
{
    const RecordingLibrary library(root);
    const QSize size(320, 180);
    const QDateTime now = QDateTime::currentDateTime();
    struct Sample
    {
        int printer;
        RecordingLibrary::Kind kind;
        int hoursAgo;
        const char *label;
        int pictures;
    };
    const Sample samples[] = {
        {0, RecordingLibrary::Kind::Timelapse, 2, "gearbox_housing.3mf", 24},
        {0, RecordingLibrary::Kind::Timelapse, 27, "benchy.3mf", 12},
        {0, RecordingLibrary::Kind::Recording, 30, "", 30},
        {1, RecordingLibrary::Kind::FailureClip, 1, "", 20},
        {1, RecordingLibrary::Kind::Timelapse, 5, "benchy.3mf", 18},
        {2, RecordingLibrary::Kind::Timelapse, 50, "cable_clips_x12.3mf", 16},
    };
    for (const Sample &sample : samples) {
        if (sample.printer >= int(printers.size()))
            continue;
        const Printer *printer = printers[size_t(sample.printer)].printer;
        const QString folder = RecordingLibrary::folderNameFor(printer->name(), printer->id());
        QDir().mkpath(library.printerPath(folder));
        const QDateTime started = now.addSecs(-3600LL * sample.hoursAgo);
        // Named as TimelapseRecorder names them: after the job, without its .3mf.
        const QString path = library.newVideoPath(
            folder, sample.kind, started,
            RecordingLibrary::labelForJob(QLatin1String(sample.label)), QStringLiteral(".mp4"));
        FrameRenderer renderer(printer->name(), size);
        PictureVideoWriter writer(path);
        if (!writer.open(size))
            return false;
        QImage last;
        for (int i = 0; i < sample.pictures; ++i) {
            // Layers apart: a timelapse shows the print grow.
            last = renderer.render(quint64(i) * 20 * FrameRenderer::kFramesPerLayer, started);
            if (!writer.addPicture(last))
                return false;
        }
        if (!writer.finish())
            return false;
        if (sample.kind != RecordingLibrary::Kind::Recording
            && !last.save(RecordingLibrary::thumbnailPathFor(path), "JPEG", 80))
            return false;
    }
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    // Fonts for the pictures' text need a QGuiApplication; nothing is shown.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("farmcam-webwall-server"));
    // Warnings only: 64 cameras' state changes would bury the test's own output.
    QLoggingCategory::setFilterRules(QStringLiteral("farmcam.*.debug=false\nfarmcam.*.info=false"));

    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption printersOption(QStringLiteral("printers"),
                                            QStringLiteral("How many printers (1-256)."),
                                            QStringLiteral("count"), QStringLiteral("4"));
    const QCommandLineOption fpsOption(QStringLiteral("fps"),
                                       QStringLiteral("Frames per second of each camera."),
                                       QStringLiteral("fps"), QStringLiteral("1"));
    const QCommandLineOption sizeOption(
        QStringLiteral("frame-width"),
        QStringLiteral("Width of the pictures (16:9); 0 picks by the number of printers."),
        QStringLiteral("pixels"), QStringLiteral("0"));
    const QCommandLineOption recordingsOption(QStringLiteral("recordings"),
                                              QStringLiteral("The recordings folder to serve."),
                                              QStringLiteral("folder"));
    const QCommandLineOption samplesOption(
        QStringLiteral("sample-recordings"),
        QStringLiteral("First write a few recordings of the printers into --recordings."));
    parser.addOptions({printersOption, fpsOption, sizeOption, recordingsOption, samplesOption});
    parser.process(app);

    bool ok = false;
    const int count = parser.value(printersOption).toInt(&ok);
    if (!ok || count < 1 || count > 256) {
        std::fprintf(stderr, "--printers must be between 1 and 256\n");
        return 2;
    }
    const double fps = parser.value(fpsOption).toDouble(&ok);
    if (!ok || fps <= 0 || fps > 30) {
        std::fprintf(stderr, "--fps must be above 0 and at most 30\n");
        return 2;
    }
    int width = parser.value(sizeOption).toInt();
    if (width <= 0)
        width = count <= 8 ? 1280 : count <= 24 ? 640 : 384; // memory and CPU stay small
    const QSize frameSize(width, width * 9 / 16);
    const QString token = qEnvironmentVariable("FARMCAM_WEBWALL_TOKEN");
    if (token.isEmpty()) {
        std::fprintf(stderr, "FARMCAM_WEBWALL_TOKEN is not set\n");
        return 2;
    }

    QTemporaryDir dir;
    if (!dir.isValid()) {
        std::fprintf(stderr, "no temporary directory\n");
        return 1;
    }
    AppSettings settings(dir.filePath(QStringLiteral("farmcam.conf")));
    MemoryCredentialStore credentials;
    PrinterFarm farm(&settings, &credentials);
    farm.setPersistent(false);

    std::vector<FakePrinter> printers(static_cast<size_t>(count));
    const int intervalMs = qMax(1, int(1000 / fps));
    for (int i = 0; i < count; ++i) {
        FakePrinter &fake = printers[size_t(i)];
        PrinterConfig config;
        const int round = i / int(std::size(kPlaces));
        config.name
            = QStringLiteral("%1 %2").arg(QLatin1String(kModels[i % int(std::size(kModels))]),
                                          QLatin1String(kPlaces[i % int(std::size(kPlaces))]));
        if (round > 0)
            config.name += QStringLiteral(" %1").arg(round + 1);
        config.host = QStringLiteral("127.0.0.1");
        config.port = quint16(20000 + i); // never dialled: the camera is a LoopbackCamera
        config.serial = QStringLiteral("01S00C%1").arg(i, 9, 10, QLatin1Char('0'));
        config.model = QLatin1String(kModels[i % int(std::size(kModels))]);
        config.statusEnabled = false;
        fake.camera = new LoopbackCamera;
        QString error;
        fake.printer = farm.addPrinter(config, QStringLiteral("12345678"), fake.camera, &error);
        if (!fake.printer) {
            std::fprintf(stderr, "cannot add a printer: %s\n", qPrintable(error));
            return 1;
        }
        fake.printer->start();
        fake.printer->mergeStatusReport(initialReport(i));
        fake.renderer = std::make_unique<FrameRenderer>(config.name, frameSize);
        fake.timer = std::make_unique<QTimer>();
        fake.timer->setInterval(intervalMs);
        FakePrinter *self = &fake;
        QObject::connect(fake.timer.get(), &QTimer::timeout, &app, [self] {
            self->camera->deliverJpeg(
                self->renderer->renderJpeg(self->frame++, QDateTime::currentDateTime()));
        });
        // Spread over the interval, as real cameras are: not every frame in the same instant.
        QTimer::singleShot(intervalMs * i / count, fake.timer.get(), [self] {
            if (self->offline)
                return;
            self->timer->start();
            self->camera->deliverJpeg(
                self->renderer->renderJpeg(self->frame++, QDateTime::currentDateTime()));
        });
    }

    ShareServer server(&farm);
    const QString recordings = parser.value(recordingsOption);
    if (parser.isSet(samplesOption)
        && (recordings.isEmpty() || !writeSampleRecordings(recordings, printers))) {
        std::fprintf(stderr, "cannot write sample recordings into --recordings\n");
        return 1;
    }
    server.setRecordingsRoot(recordings);
    ShareServer::Settings serverSettings;
    serverSettings.port = 0;
    serverSettings.token = token;
    QString error;
    if (!server.start(serverSettings, &error)) {
        std::fprintf(stderr, "the server did not start: %s\n", qPrintable(error));
        return 1;
    }
    QTextStream out(stdout);
    out << "url " << server.url().toString() << Qt::endl;

    const auto printerAt = [&printers](const QString &text) -> FakePrinter * {
        bool isNumber = false;
        const int index = text.toInt(&isNumber);
        if (!isNumber || index < 0 || index >= int(printers.size()))
            return nullptr;
        return &printers[size_t(index)];
    };
    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    QByteArray pending;
    QObject::connect(&input, &QSocketNotifier::activated, &app, [&](QSocketDescriptor) {
        char buffer[4096];
        const ssize_t got = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (got <= 0) { // the test went away
            input.setEnabled(false);
            QCoreApplication::quit();
            return;
        }
        pending.append(buffer, qsizetype(got));
        qsizetype end = 0;
        while ((end = pending.indexOf('\n')) >= 0) {
            const QString line = QString::fromUtf8(pending.left(end)).trimmed();
            pending.remove(0, end + 1);
            const QString command = line.section(u' ', 0, 0);
            FakePrinter *fake = printerAt(line.section(u' ', 1, 1));
            if (command == QLatin1String("quit")) {
                out << "ok" << Qt::endl;
                QCoreApplication::quit();
                return;
            }
            if (command == QLatin1String("restart")) {
                ShareServer::Settings again = server.settings();
                again.port = server.port();
                server.stop();
                QTimer::singleShot(1000, &server, [&server, &out, again] {
                    QString why;
                    if (server.start(again, &why))
                        out << "ok" << Qt::endl;
                    else
                        out << "error restart: " << why << Qt::endl;
                });
                continue;
            }
            if (!fake) {
                out << "error no such printer: " << line << Qt::endl;
                continue;
            }
            if (command == QLatin1String("report")) {
                fake->printer->mergeStatusReport(line.section(u' ', 2).toUtf8());
            } else if (command == QLatin1String("offline")) {
                fake->offline = true;
                fake->timer->stop();
                fake->camera->simulateFailure(CameraSource::Failure::ConnectionLost,
                                              QStringLiteral("Connection lost (test)."));
            } else if (command == QLatin1String("online")) {
                fake->offline = false;
                fake->timer->start();
            } else {
                out << "error unknown command: " << line << Qt::endl;
                continue;
            }
            out << "ok" << Qt::endl;
        }
    });

    const int result = QCoreApplication::exec();
    server.stop();
    return result;
}
