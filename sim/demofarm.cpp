#include "sim/demofarm.h"

#include "protocol/discoveryannouncement.h"
#include "sim/announcementsender.h"
#include "sim/loopbackbroker.h"
#include "sim/printersimulator.h"
#include "sim/rtspsprintersimulator.h"
#include "sim/statusfeed.h"

#include <QHostAddress>
#include <QLoggingCategory>

#include <iterator>
#include <utility>

Q_LOGGING_CATEGORY(lcDemo, "farmcam.sim")

namespace {

using namespace std::chrono_literals;
using Outcome = PrintJobSimulator::Job::Outcome;

struct DemoSpec
{
    const char *name;
    const char *modelCode;
    double framesPerSecond;
    bool correctCode;
    bool rtsps;
};

// Rates close to what the real models send; "A1 Lab" shows what a wrong access code looks like.
// The X1C and H2D stream H.264 over RTSPS, at 15 fps to keep the demo cheap.
constexpr DemoSpec kDemoPrinters[] = {
    {"P1S Workshop", "C12", 1.0, true, false},
    {"A1 mini Desk", "N1", 0.7, true, false},
    {"P1P Garage", "C11", 0.5, true, false},
    {"A1 Lab", "N2S", 1.0, false, false},
    {"X1C Studio", "BL-P001", DemoFarm::kRtspsFramesPerSecond, true, true},
    {"H2D Makerspace", "O1D", DemoFarm::kRtspsFramesPerSecond, true, true},
};

PrintJobSimulator::Job job(const char *name, std::chrono::minutes duration, int layers,
                           Outcome outcome = Outcome::Finish, double failAt = 0.6)
{
    PrintJobSimulator::Job job;
    job.name = QLatin1String(name);
    job.duration = duration;
    job.totalLayers = layers;
    job.outcome = outcome;
    job.failAtFraction = failAt;
    return job;
}

// What each demo printer prints, and how far into it the demo starts (at kTimeScale, 10 simulated
// seconds a second): the P1S prints on for an hour of real time, the A1 mini finishes after
// about 12 s, the P1P fails after about 10 s; both then stay finished/failed, as printers do.
struct DemoPrint
{
    PrintJobSimulator simulator;
    std::chrono::seconds startAt;
};

DemoPrint demoPrint(int index)
{
    const std::chrono::seconds prepare = PrintJobSimulator::kPrepareTime;
    switch (index) {
    case 0:
        return {PrintJobSimulator(
                    {job("gearbox_housing.3mf", 180min, 420), job("spool_holder.3mf", 95min, 260)}),
                prepare + 38min};
    case 1: {
        PrintJobSimulator simulator({job("benchy.3mf", 18min, 240)}, /*loop=*/false);
        simulator.setHoldLastOutcome(true);
        return {std::move(simulator), prepare + 16min};
    }
    case 2: {
        PrintJobSimulator simulator({job("cable_clips_x12.3mf", 50min, 150, Outcome::Fail, 0.62)},
                                    /*loop=*/false);
        simulator.setHoldLastOutcome(true);
        return {std::move(simulator), prepare + 29min};
    }
    case 4:
        return {PrintJobSimulator({job("drone_frame.3mf", 240min, 520)}), prepare + 95min};
    case 5:
        return {PrintJobSimulator({job("toolbox_two_colours.3mf", 300min, 610)}), prepare + 20min};
    default:
        return {PrintJobSimulator({job("lid_hinge.3mf", 70min, 180)}), prepare + 10min};
    }
}

} // namespace

PrinterConfig DemoFarm::Camera::config() const
{
    PrinterConfig config;
    config.name = name;
    config.host = host;
    config.port = port;
    config.serial = serial;
    config.model = modelCode;
    // Without a broker the reports come in-process: no MQTT connection to try.
    config.statusEnabled = statusPort != 0;
    if (statusPort != 0)
        config.statusPort = statusPort;
    return config;
}

DemoFarm::DemoFarm(QObject *parent)
    : QObject(parent)
{ }

DemoFarm::~DemoFarm()
{
    stop();
}

bool DemoFarm::start(QString *errorMessage)
{
    stop();
    for (int specIndex = 0; specIndex < int(std::size(kDemoPrinters)); ++specIndex) {
        const DemoSpec &spec = kDemoPrinters[specIndex];
        const QString name = QString::fromUtf8(spec.name);
        const QString code = QLatin1String(kAccessCode);
        quint16 port = 0;
        QString listenError;
        if (spec.rtsps) {
            auto *simulator = new RtspsPrinterSimulator(this);
            simulator->setName(name);
            simulator->setAccessCode(code);
            simulator->setVideoSize(QSize(kRtspsWidth, kRtspsHeight));
            simulator->setFramesPerSecond(kRtspsFramesPerSecond);
            if (simulator->listen(QHostAddress::LocalHost, 0)) {
                port = simulator->serverPort();
                m_rtspsSimulators.append(simulator);
            } else {
                // Without the GStreamer elements (the package only recommends them) the demo
                // still shows the other printers.
                qCWarning(lcDemo).noquote()
                    << "Demo printer" << name << "left out:" << simulator->errorString();
                delete simulator;
                continue;
            }
        } else {
            auto *simulator = new PrinterSimulator(this);
            simulator->setName(name);
            simulator->setAccessCode(code);
            simulator->setFramesPerSecond(spec.framesPerSecond);
            if (simulator->listen(QHostAddress::LocalHost, 0)) {
                port = simulator->serverPort();
                m_simulators.append(simulator);
            } else {
                listenError = simulator->errorString();
                delete simulator;
            }
        }
        if (port == 0) {
            if (errorMessage) {
                *errorMessage = tr("The demo printer “%1” could not listen on 127.0.0.1: %2")
                                    .arg(name, listenError);
            }
            stop();
            return false;
        }

        Camera camera;
        camera.name = name;
        camera.host = QStringLiteral("127.0.0.1");
        camera.port = port;
        camera.framesPerSecond = spec.framesPerSecond;
        camera.rtsps = spec.rtsps;
        camera.accessCodeCorrect = spec.correctCode;
        camera.accessCode = code;
        if (!spec.correctCode)
            camera.accessCode = QLatin1String(kWrongAccessCode); // a mistyped code
        camera.serial
            = QStringLiteral("01S00DEMO%1").arg(int(m_cameras.size()) + 1, 6, 10, QLatin1Char('0'));
        camera.modelCode = QLatin1String(spec.modelCode);
        m_cameras.append(camera);
        m_printIndexes.append(specIndex);
        qCInfo(lcDemo).noquote() << "Demo printer" << name << "on port" << camera.port;
    }
    startStatus();
    return true;
}

void DemoFarm::startStatus()
{
    m_feed = new StatusFeed(this);
    m_feed->setTimeScale(kTimeScale);
    for (int i = 0; i < m_cameras.size(); ++i) {
        DemoPrint print = demoPrint(m_printIndexes.at(i));
        m_feed->addPrinter(m_cameras.at(i).serial, std::move(print.simulator), print.startAt);
    }
    // The X1-class printers report their camera's URL (ipcam.rtsp_url), as the real ones do.
    int rtspsIndex = 0;
    for (const Camera &camera : std::as_const(m_cameras)) {
        if (!camera.rtsps)
            continue;
        RtspsPrinterSimulator *simulator = m_rtspsSimulators.at(rtspsIndex++);
        const QString serial = camera.serial;
        m_feed->setCamera(serial, simulator->reportedRtspUrl(), QStringLiteral("720p"));
        connect(simulator, &RtspsPrinterSimulator::reportedRtspUrlChanged, m_feed,
                [this, serial](const QString &url) {
                    m_feed->setCamera(serial, url, QStringLiteral("720p"));
                });
    }

    QString brokerError;
    if (m_statusSource == StatusSource::Automatic && LoopbackBroker::isAvailable()) {
        m_broker = new LoopbackBroker(this);
        const QString code = QLatin1String(kAccessCode);
        if (m_broker->start({{QStringLiteral("bblp"), code}}, &brokerError)) {
            m_feed->publishTo(QHostAddress(QHostAddress::LocalHost), m_broker->port(), code);
            for (Camera &camera : m_cameras)
                camera.statusPort = m_broker->port();
            m_statusDescription
                = tr("print status over MQTT from a mosquitto broker on 127.0.0.1:%1")
                      .arg(m_broker->port());
        } else {
            delete std::exchange(m_broker, nullptr);
        }
    }
    if (!m_broker) {
        m_statusDescription = m_statusSource == StatusSource::InProcess
            ? tr("print status in-process")
            : brokerError.isEmpty()
            ? tr("print status in-process (mosquitto is not installed)")
            : tr("print status in-process (the mosquitto broker did not start: %1)")
                  .arg(brokerError);
    }
    qCInfo(lcDemo).noquote() << "Demo:" << m_statusDescription;
    m_feed->start();
}

void DemoFarm::announceTo(quint16 port)
{
    qDeleteAll(m_announcers);
    m_announcers.clear();
    for (const Camera &camera : std::as_const(m_cameras)) {
        DiscoveryAnnouncement announcement;
        announcement.serial = camera.serial;
        announcement.name = camera.name;
        announcement.modelCode = camera.modelCode;
        announcement.address = camera.host;
        announcement.connectMode = QStringLiteral("lan");
        announcement.firmwareVersion = QStringLiteral("01.08.00.00");
        auto *sender = new AnnouncementSender(this);
        sender->setAnnouncement(announcement);
        sender->setTarget(QHostAddress(QHostAddress::LocalHost), port);
        sender->start();
        m_announcers.append(sender);
    }
}

void DemoFarm::stop()
{
    qDeleteAll(m_announcers);
    m_announcers.clear();
    delete std::exchange(m_feed, nullptr);
    delete std::exchange(m_broker, nullptr);
    for (PrinterSimulator *simulator : std::as_const(m_simulators)) {
        simulator->close();
        delete simulator;
    }
    m_simulators.clear();
    m_printIndexes.clear();
    qDeleteAll(m_rtspsSimulators); // each closes and joins its server's thread
    m_rtspsSimulators.clear();
    m_cameras.clear();
}
