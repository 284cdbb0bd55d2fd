// farmcam-sim: simulated printer cameras on 127.0.0.1 until SIGINT or SIGTERM. See --help.
#include "simcommandline.h"

#include "net/certificatecheck.h"
#include "protocol/discoveryannouncement.h"
#include "sim/announcementsender.h"
#include "sim/h264loop.h"
#include "sim/printersimulator.h"
#include "sim/rtspsprintersimulator.h"
#include "sim/statusfeed.h"
#include "sim/statuspublisher.h"

#include <QGuiApplication>
#include <QHostAddress>
#include <QHostInfo>
#include <QLoggingCategory>

#include <cstdio>
#include <memory>
#include <vector>

#ifdef Q_OS_UNIX
#include "platform/unixsignalnotifier.h"

#include <csignal>
#endif

namespace {

using namespace std::chrono_literals;
using Outcome = PrintJobSimulator::Job::Outcome;

// Every printer loops through the same few jobs, each starting at another point of the cycle:
// at any time some print, one has just finished, one has failed.
PrintJobSimulator printJobs()
{
    const auto job
        = [](const char *name, std::chrono::minutes duration, int layers, Outcome outcome) {
              PrintJobSimulator::Job job;
              job.name = QLatin1String(name);
              job.duration = duration;
              job.totalLayers = layers;
              job.outcome = outcome;
              job.failAtFraction = 0.7;
              return job;
          };
    return PrintJobSimulator({job("benchy.3mf", 20min, 240, Outcome::Finish),
                              job("cable_clips_x12.3mf", 45min, 150, Outcome::Fail),
                              job("vase_spiral.3mf", 90min, 600, Outcome::Finish)});
}

// A name or address for --mqtt-broker, looked up once at start (a command-line tool may block).
QHostAddress resolve(const QString &host)
{
    if (const QHostAddress address(host); !address.isNull())
        return address;
    const QList<QHostAddress> addresses = QHostInfo::fromName(host).addresses();
    return addresses.isEmpty() ? QHostAddress() : addresses.constFirst();
}

// The way out for a user who pointed the simulator at a broker of their own: which certificate it
// presented, and how to trust it. One more TLS handshake, after which nothing is sent; the
// publisher's MQTT client does not learn the certificate of every handshake it refuses.
void showBrokerCertificate(QObject *parent, const QHostAddress &broker, quint16 port)
{
    auto *check = new CertificateCheck(parent);
    QObject::connect(check, &CertificateCheck::finished, parent,
                     [check](const QString &fingerprint, const QString &) {
                         check->deleteLater();
                         if (fingerprint.isEmpty())
                             return;
                         const QByteArray text = fingerprint.toLatin1();
                         std::fprintf(stderr,
                                      "farmcam-sim: the broker presented a certificate with the "
                                      "SHA-256 fingerprint %s. If it is your broker's, trust it "
                                      "with --mqtt-pin %s, or trust its CA with --mqtt-ca-file.\n",
                                      text.constData(), text.constData());
                     });
    check->start(broker.toString(), port);
}

} // namespace

int main(int argc, char *argv[])
{
    // Fonts for the frames' text need a QGuiApplication; the simulator has no window to show.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("farmcam-sim"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FARMCAM_VERSION));

    const SimCommandLine commandLine = SimCommandLine::parse(QCoreApplication::arguments());
    switch (commandLine.action) {
    case SimCommandLine::Action::ShowHelp:
    case SimCommandLine::Action::ShowVersion:
        std::fputs(commandLine.text.toLocal8Bit().constData(), stdout);
        return 0;
    case SimCommandLine::Action::UsageError:
        std::fprintf(stderr, "farmcam-sim: %s\n(see farmcam-sim --help)\n",
                     commandLine.text.toLocal8Bit().constData());
        return 2;
    case SimCommandLine::Action::Run:
        break;
    }
    const SimOptions &options = commandLine.options;
    // Standard error stays quiet unless asked: a parent process that never reads it must not block.
    QLoggingCategory::setFilterRules(options.verbose ? QStringLiteral("farmcam.sim.debug=false")
                                                     : QStringLiteral("farmcam.*.info=false\n"
                                                                      "farmcam.*.debug=false"));

#ifdef Q_OS_UNIX
    UnixSignalNotifier terminationSignals({SIGINT, SIGTERM});
    if (!terminationSignals.isValid()) {
        std::fputs("farmcam-sim: cannot handle SIGINT/SIGTERM\n", stderr);
        return 1;
    }
    QObject::connect(&terminationSignals, &UnixSignalNotifier::activated, &app,
                     &QCoreApplication::quit);
#endif

    // One kind of camera per run: the model's. Each prints "<name> 127.0.0.1:<port>".
    std::vector<std::unique_ptr<PrinterSimulator>> simulators;
    std::vector<std::unique_ptr<RtspsPrinterSimulator>> rtspsSimulators;
    std::shared_ptr<const H264Loop> sharedClip;
    if (options.model.rtsps && options.sharedClip) {
        H264Loop::Format format;
        format.name = options.namePrefix;
        format.size = options.videoSize;
        format.framesPerSecond = int(options.framesPerSecond);
        format.keyFrameIntervalSeconds = options.keyFrameInterval;
        QString error;
        sharedClip = H264Loop::shared(format, &error);
        if (!sharedClip) {
            std::fprintf(stderr, "farmcam-sim: cannot encode the video clip: %s\n",
                         error.toLocal8Bit().constData());
            return 1;
        }
    }
    for (int i = 0; i < options.count; ++i) {
        const quint16 port = options.basePort == 0 ? 0 : quint16(options.basePort + i);
        QString name = options.printerName(i);
        QString errorString;
        quint16 boundPort = 0;
        if (options.model.rtsps) {
            auto simulator = std::make_unique<RtspsPrinterSimulator>();
            simulator->setName(name);
            simulator->setVideoSize(options.videoSize);
            simulator->setFramesPerSecond(int(options.framesPerSecond));
            simulator->setKeyFrameInterval(options.keyFrameInterval);
            if (sharedClip)
                simulator->setLoop(sharedClip);
            simulator->setAccessCode(options.accessCode);
            simulator->setFault(options.rtspsFault, options.faultAfterFrames);
            if (simulator->listen(QHostAddress::LocalHost, port))
                boundPort = simulator->serverPort();
            else
                errorString = simulator->errorString();
            rtspsSimulators.push_back(std::move(simulator));
        } else {
            auto simulator = std::make_unique<PrinterSimulator>();
            simulator->setName(name);
            simulator->setAccessCode(options.accessCode);
            simulator->setFramesPerSecond(options.framesPerSecond);
            simulator->setJpegQuality(options.jpegQuality);
            simulator->setFault(options.fault, options.faultAfterFrames);
            if (simulator->listen(QHostAddress::LocalHost, port))
                boundPort = simulator->serverPort();
            else
                errorString = simulator->errorString();
            simulators.push_back(std::move(simulator));
        }
        if (boundPort == 0) {
            std::fprintf(stderr, "farmcam-sim: %s cannot listen on 127.0.0.1:%u: %s\n",
                         name.toLocal8Bit().constData(), unsigned(port),
                         errorString.toLocal8Bit().constData());
            return 1;
        }
        // The last space-separated token is host:port, whatever the name holds.
        std::printf("%s 127.0.0.1:%u\n", name.toLocal8Bit().constData(), unsigned(boundPort));
        std::fflush(stdout); // a reader sees each printer as soon as it serves
    }

    // Print status and discovery, when asked for.
    StatusFeed feed;
    std::vector<std::unique_ptr<AnnouncementSender>> announcers;
    if (!options.mqttHost.isEmpty()) {
        const QHostAddress broker = resolve(options.mqttHost);
        if (broker.isNull()) {
            std::fprintf(stderr, "farmcam-sim: cannot find the MQTT broker's host %s\n",
                         options.mqttHost.toLocal8Bit().constData());
            return 1;
        }
        feed.setTimeScale(options.timeScale);
        for (int i = 0; i < options.count; ++i) {
            // Spread over the ~3 h cycle, so that the printers are not all in step.
            feed.addPrinter(SimOptions::serial(i), printJobs(), std::chrono::seconds(i * 1237));
        }
        // X1-class printers report their camera's URL, or "disable" with the liveview off.
        for (size_t i = 0; i < rtspsSimulators.size(); ++i) {
            RtspsPrinterSimulator *simulator = rtspsSimulators[i].get();
            const QString serial = SimOptions::serial(int(i));
            const QString resolution = options.videoSize.height() >= 1080 ? QStringLiteral("1080p")
                                                                          : QStringLiteral("720p");
            feed.setCamera(serial, simulator->reportedRtspUrl(), resolution);
            QObject::connect(simulator, &RtspsPrinterSimulator::reportedRtspUrlChanged, &feed,
                             [&feed, serial, resolution](const QString &url) {
                                 feed.setCamera(serial, url, resolution);
                             });
        }
        feed.publishTo(broker, options.mqttPort, options.accessCode);
        feed.publisher()->setTrust(options.mqttTrust);
        // Each news once: a broker that stays away is not worth a line per retry.
        auto lastReport = std::make_shared<QString>();
        const auto report = [&options, lastReport](const QString &text) {
            if (text == *lastReport)
                return;
            *lastReport = text;
            std::fprintf(stderr, "farmcam-sim: MQTT broker %s:%u: %s\n",
                         options.mqttHost.toLocal8Bit().constData(), unsigned(options.mqttPort),
                         text.toLocal8Bit().constData());
        };
        QObject::connect(feed.publisher(), &StatusPublisher::failed, &app,
                         [report, publisher = feed.publisher(), &app, broker,
                          &options](const QString &reason, bool willRetry) {
                             report(willRetry ? reason + QStringLiteral(" (retrying)")
                                              : reason + QStringLiteral(" (giving up)"));
                             const MosquittoClient::Failure failure = publisher->lastFailure();
                             if (failure == MosquittoClient::Failure::CertificateMismatch
                                 || failure == MosquittoClient::Failure::CertificateUntrusted)
                                 showBrokerCertificate(&app, broker, options.mqttPort);
                         });
        QObject::connect(feed.publisher(), &StatusPublisher::connected, &app,
                         [report] { report(QStringLiteral("connected, publishing")); });
        feed.start();
    }
    if (!options.announceHost.isEmpty()) {
        const QHostAddress target = resolve(options.announceHost);
        if (target.isNull()) {
            std::fprintf(stderr, "farmcam-sim: cannot find the host %s to announce to\n",
                         options.announceHost.toLocal8Bit().constData());
            return 1;
        }
        for (int i = 0; i < options.count; ++i) {
            DiscoveryAnnouncement announcement;
            announcement.serial = SimOptions::serial(i);
            announcement.name = options.printerName(i);
            announcement.modelCode = options.model.code;
            announcement.address = QStringLiteral("127.0.0.1"); // where the simulators listen
            announcement.connectMode = QStringLiteral("lan");
            announcement.firmwareVersion = QStringLiteral("01.08.00.00");
            auto sender = std::make_unique<AnnouncementSender>();
            sender->setAnnouncement(announcement);
            sender->setTarget(target, options.announcePort);
            sender->start();
            announcers.push_back(std::move(sender));
        }
    }
    if (!options.mqttHost.isEmpty() || !options.announceHost.isEmpty()) {
        for (int i = 0; i < options.count; ++i)
            std::printf("# %s serial %s model %s\n",
                        options.printerName(i).toLocal8Bit().constData(),
                        SimOptions::serial(i).toLatin1().constData(),
                        options.model.code.toLatin1().constData());
    }
    std::fflush(stdout); // a reading process (QProcess, a pipe) sees the lines now

    return app.exec();
}
