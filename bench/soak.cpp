// farmcam-soak: a long fault-injection run. 16 simulated printers on 127.0.0.1 (in this process)
// misbehave in turn — stalls, truncated and corrupt frames, absurd lengths, abrupt closes, wrong
// codes, restarts — while a PrinterFarm watches them all the way the app does (decoding at tile
// size). Reports frames, reconnects, faults, corrupt frames shown (must be 0) and this process's
// memory over time (must be flat). Not a CI test: run by hand, see docs/ROBUSTNESS.md.
//
//   farmcam-soak                    10 minutes
//   farmcam-soak --duration 60      a short run
#include "camera/camerasource.h"
#include "frames/framedecoder.h"
#include "frames/framehub.h"
#include "frames/framesubscription.h"
#include "model/printer.h"
#include "model/printerfarm.h"
#include "sim/printersimulator.h"

#include <QCommandLineParser>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QHostAddress>
#include <QLoggingCategory>
#include <QMetaEnum>
#include <QRandomGenerator>
#include <QTimer>

#include <cstdio>
#include <deque>
#include <map>
#include <memory>
#include <vector>

#include <unistd.h>

using namespace std::chrono_literals;

namespace {

const QString kCode = QStringLiteral("12345678");
constexpr std::size_t kSentWindow = 64; // frames a simulator remembers for the comparison
const QSize kTileSize(480, 270);

// The faults a phase can bring, in rotation. Restart and WrongCode are the printer's doing, not
// PrinterSimulator::Fault values.
enum class Mode {
    Healthy,
    Stall,
    TruncateMidFrame,
    GarbageHeader,
    OversizeLength,
    BadJpegMagic,
    AbruptClose,
    Restart,
    WrongCode
};
constexpr Mode kModes[] = {Mode::Healthy,       Mode::Stall,       Mode::TruncateMidFrame,
                           Mode::GarbageHeader, Mode::Restart,     Mode::OversizeLength,
                           Mode::BadJpegMagic,  Mode::AbruptClose, Mode::WrongCode};

const char *modeName(Mode mode)
{
    switch (mode) {
    case Mode::Healthy:
        return "healthy";
    case Mode::Stall:
        return "stall";
    case Mode::TruncateMidFrame:
        return "truncate-mid-frame";
    case Mode::GarbageHeader:
        return "garbage-header";
    case Mode::OversizeLength:
        return "oversize-length";
    case Mode::BadJpegMagic:
        return "bad-jpeg-magic";
    case Mode::AbruptClose:
        return "abrupt-close";
    case Mode::Restart:
        return "restart";
    case Mode::WrongCode:
        return "wrong-code";
    }
    return "?";
}

PrinterSimulator::Fault simulatorFault(Mode mode)
{
    switch (mode) {
    case Mode::Stall:
        return PrinterSimulator::Fault::Stall;
    case Mode::TruncateMidFrame:
        return PrinterSimulator::Fault::TruncateMidFrame;
    case Mode::GarbageHeader:
        return PrinterSimulator::Fault::GarbageHeader;
    case Mode::OversizeLength:
        return PrinterSimulator::Fault::OversizeLength;
    case Mode::BadJpegMagic:
        return PrinterSimulator::Fault::BadJpegMagic;
    case Mode::AbruptClose:
        return PrinterSimulator::Fault::AbruptClose;
    case Mode::Healthy:
    case Mode::Restart:
    case Mode::WrongCode:
        break;
    }
    return PrinterSimulator::Fault::None;
}

qint64 residentKiB()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> fields = statm.readAll().simplified().split(' ');
    return fields.size() < 2 ? -1 : fields.at(1).toLongLong() * sysconf(_SC_PAGESIZE) / 1024;
}

void print(const QString &text)
{
    std::fputs(text.toLocal8Bit().constData(), stdout);
    std::fflush(stdout);
}

struct Options
{
    int durationSeconds = 600;
    int printers = 16;
    double framesPerSecond = 2;
    int sampleSeconds = 10;
    int phaseSeconds = 15; // how long a fault mode lasts, on average
    quint32 seed = 1;
};

// One simulated printer, the app's Printer for it, and what was seen of both.
struct Station
{
    std::unique_ptr<PrinterSimulator> simulator;
    Printer *printer = nullptr;
    quint16 port = 0;
    std::size_t modeIndex = 0;
    std::deque<QByteArray> sent; // SHA-1 of the last frames the simulator sent intact
    quint64 framesReceived = 0;
    quint64 imagesShown = 0;
    quint64 corrupt = 0;
};

class Soak final : public QObject
{
public:
    explicit Soak(const Options &options)
        : m_options(options)
        , m_random(options.seed)
        , m_farm(nullptr, nullptr)
    {
        m_farm.setPersistent(false);
    }

    bool start()
    {
        CameraSource::Timeouts timeouts;
        timeouts.connect = 5000ms;
        timeouts.firstFrame = 5000ms;
        timeouts.watchdog = 5000ms; // a stall is noticed within 5 s
        timeouts.backoffInitial = 250ms;
        timeouts.backoffMaximum = 4000ms;
        timeouts.rejectedBackoffInitial = 2000ms; // so a wrong-code phase recovers in the run
        timeouts.rejectedBackoffMaximum = 8000ms;

        for (int i = 0; i < m_options.printers; ++i) {
            auto station = std::make_unique<Station>();
            station->simulator = std::make_unique<PrinterSimulator>();
            PrinterSimulator *simulator = station->simulator.get();
            simulator->setName(QStringLiteral("Soak %1").arg(i + 1));
            simulator->setAccessCode(kCode);
            simulator->setFramesPerSecond(m_options.framesPerSecond);
            if (!simulator->listen(QHostAddress::LocalHost, 0)) {
                print(QStringLiteral("cannot listen: %1\n").arg(simulator->errorString()));
                return false;
            }
            station->port = simulator->serverPort();
            station->modeIndex = std::size_t(i) % std::size(kModes); // not all in step
            Station *s = station.get();
            connect(simulator, &PrinterSimulator::frameSent, this, [s](const QByteArray &jpeg) {
                s->sent.push_back(QCryptographicHash::hash(jpeg, QCryptographicHash::Sha1));
                while (s->sent.size() > kSentWindow)
                    s->sent.pop_front();
            });
            connect(simulator, &PrinterSimulator::loginRejected, this,
                    [this] { ++m_loginsRejected; });

            PrinterConfig config;
            config.name = simulator->name();
            config.host = QStringLiteral("127.0.0.1");
            config.port = station->port;
            QString error;
            station->printer = m_farm.addPrinter(config, kCode, &error);
            if (!station->printer) {
                print(QStringLiteral("cannot add a printer: %1\n").arg(error));
                return false;
            }
            CameraSource *camera = station->printer->camera();
            camera->stop();
            camera->setTimeouts(timeouts);
            // What a tile does: a subscription to the printer's frames at the tile's size.
            FrameSubscription *view = station->printer->frames()->subscribe(this);
            view->setSize(kTileSize);
            connect(camera, &CameraSource::frameArrived, this,
                    [this, s](const CameraFrame &frame) { onFrame(*s, frame.encoded()); });
            connect(view, &FrameSubscription::pictureReady, this, [this, s](const QImage &image) {
                ++s->imagesShown;
                if (image.isNull() || image.width() > kTileSize.width()
                    || image.height() > kTileSize.height())
                    ++s->corrupt; // never happens: a tile would show it
                ++m_imagesShown;
            });
            connect(camera, &CameraSource::failed, this,
                    [this](CameraSource::Failure failure) { ++m_failures[failure]; });
            camera->start();
            m_stations.push_back(std::move(station));
        }

        // Setting the timeouts above redialled each printer once: not a fault's doing.
        m_reconnectsAtStart = reconnects();
        for (std::size_t i = 0; i < m_stations.size(); ++i)
            schedulePhase(i, 0);
        connect(&m_sampler, &QTimer::timeout, this, &Soak::sample);
        m_sampler.start(m_options.sampleSeconds * 1000);
        QTimer::singleShot(m_options.durationSeconds * 1000, this, &Soak::finish);
        m_clock.start();
        print(QStringLiteral("farmcam-soak: %1 printers at %2 fps, %3 s, fault phases of ~%4 s, "
                             "seed %5\n\n")
                  .arg(m_options.printers)
                  .arg(m_options.framesPerSecond)
                  .arg(m_options.durationSeconds)
                  .arg(m_options.phaseSeconds)
                  .arg(m_options.seed));
        print(QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8\n")
                  .arg(QStringLiteral("time s"), 7)
                  .arg(QStringLiteral("frames"), 9)
                  .arg(QStringLiteral("shown"), 9)
                  .arg(QStringLiteral("reconnects"), 11)
                  .arg(QStringLiteral("faults"), 7)
                  .arg(QStringLiteral("corrupt"), 8)
                  .arg(QStringLiteral("live"), 5)
                  .arg(QStringLiteral("RSS MiB"), 8));
        sample();
        return true;
    }

    int exitCode() const { return m_exitCode; }

private:
    // Each frame must be one the printer sent whole, and must decode.
    void onFrame(Station &station, const QByteArray &jpeg)
    {
        ++station.framesReceived;
        ++m_framesReceived;
        const QByteArray digest = QCryptographicHash::hash(jpeg, QCryptographicHash::Sha1);
        bool known = false;
        for (const QByteArray &sent : station.sent)
            known = known || sent == digest;
        // 1/8 scale: libjpeg still parses the whole stream, at a fraction of the cost.
        const bool decodes = !FrameDecoder::decode(jpeg, QSize(160, 90)).isNull();
        if (!known || !decodes) {
            ++station.corrupt;
            print(
                QStringLiteral("CORRUPT frame from %1: %2 bytes, %3, %4\n")
                    .arg(station.simulator->name())
                    .arg(jpeg.size())
                    .arg(known ? QStringLiteral("was sent") : QStringLiteral("never sent"))
                    .arg(decodes ? QStringLiteral("decodes") : QStringLiteral("does not decode")));
        }
    }

    void schedulePhase(std::size_t index, int delayMs)
    {
        QTimer::singleShot(delayMs, this, [this, index] { nextPhase(index); });
    }

    void nextPhase(std::size_t index)
    {
        if (m_finished)
            return;
        Station &station = *m_stations.at(index);
        PrinterSimulator *simulator = station.simulator.get();
        station.modeIndex = (station.modeIndex + 1) % std::size(kModes);
        const Mode mode = kModes[station.modeIndex];
        ++m_phases[mode];

        // Undo the last phase's doing.
        simulator->setFault(PrinterSimulator::Fault::None);
        simulator->setAccessCode(kCode);
        if (!simulator->isListening())
            relisten(index);

        switch (mode) {
        case Mode::Healthy:
            break;
        case Mode::Restart:
            simulator->close(); // every connection dropped, the port refuses for a few seconds
            QTimer::singleShot(2000 + int(m_random.bounded(4000)), this,
                               [this, index] { relisten(index); });
            break;
        case Mode::WrongCode:
            simulator->setAccessCode(QStringLiteral("00000000")); // a code changed on the printer
            break;
        default:
            // Every connection in this phase gets a few good frames, then the fault.
            simulator->setFault(simulatorFault(mode), 1 + int(m_random.bounded(4)));
            break;
        }
        const int phaseMs = m_options.phaseSeconds * 1000;
        schedulePhase(index, phaseMs / 2 + int(m_random.bounded(phaseMs)));
    }

    void relisten(std::size_t index)
    {
        Station &station = *m_stations.at(index);
        if (station.simulator->isListening() || m_finished)
            return;
        if (!station.simulator->listen(QHostAddress::LocalHost, station.port))
            QTimer::singleShot(1000, this, [this, index] { relisten(index); }); // port still busy
    }

    quint64 reconnects() const
    {
        quint64 total = 0;
        for (const auto &station : m_stations)
            total += station->printer->camera()->stats().reconnects;
        return total - m_reconnectsAtStart;
    }

    quint64 corrupt() const
    {
        quint64 total = 0;
        for (const auto &station : m_stations)
            total += station->corrupt;
        return total;
    }

    quint64 faults() const
    {
        quint64 total = 0;
        for (const auto &[failure, count] : m_failures)
            total += count;
        return total;
    }

    void sample()
    {
        const qint64 rss = residentKiB();
        m_rss.push_back(rss);
        print(QStringLiteral("%1 %2 %3 %4 %5 %6 %7 %8\n")
                  .arg(m_clock.isValid() ? m_clock.elapsed() / 1000 : 0, 7)
                  .arg(m_framesReceived, 9)
                  .arg(m_imagesShown, 9)
                  .arg(reconnects(), 11)
                  .arg(faults(), 7)
                  .arg(corrupt(), 8)
                  .arg(m_farm.health().live, 5)
                  .arg(double(rss) / 1024.0, 8, 'f', 1));
    }

    void finish()
    {
        m_finished = true;
        m_sampler.stop();
        sample();
        m_farm.stopAll();

        print(QStringLiteral("\nfault phases started:"));
        for (const auto &[mode, count] : m_phases)
            print(QStringLiteral(" %1 %2").arg(QLatin1String(modeName(mode))).arg(count));
        print(QStringLiteral("\nfailures seen by the app:"));
        for (const auto &[failure, count] : m_failures) {
            print(QStringLiteral(" %1 %2")
                      .arg(QLatin1String(
                          QMetaEnum::fromType<CameraSource::Failure>().valueToKey(int(failure))))
                      .arg(count));
        }
        print(QStringLiteral("\nlogins rejected by the printers: %1\n").arg(m_loginsRejected));

        // Flat memory: the second half of the run against the first samples after warm-up.
        const std::size_t warm = std::min<std::size_t>(m_rss.size() - 1, 3);
        qint64 warmMax = 0;
        for (std::size_t i = warm; i < m_rss.size() / 2 + 1 && i < m_rss.size(); ++i)
            warmMax = std::max(warmMax, m_rss.at(i));
        qint64 lateMax = 0;
        for (std::size_t i = m_rss.size() / 2; i < m_rss.size(); ++i)
            lateMax = std::max(lateMax, m_rss.at(i));
        const double growthMiB = double(lateMax - warmMax) / 1024.0;
        const quint64 corruptFrames = corrupt();
        print(QStringLiteral("frames received %1, pictures shown %2, reconnects %3, faults %4, "
                             "corrupt frames shown %5\n")
                  .arg(m_framesReceived)
                  .arg(m_imagesShown)
                  .arg(reconnects())
                  .arg(faults())
                  .arg(corruptFrames));
        print(QStringLiteral("RSS: first %1 MiB, peak of first half %2 MiB, peak of second half %3 "
                             "MiB (growth %4 MiB)\n")
                  .arg(double(m_rss.front()) / 1024.0, 0, 'f', 1)
                  .arg(double(warmMax) / 1024.0, 0, 'f', 1)
                  .arg(double(lateMax) / 1024.0, 0, 'f', 1)
                  .arg(growthMiB, 0, 'f', 1));
        // A leak of one frame per reconnect would show here over a long run; allocator noise is
        // a few MiB.
        const bool flat = growthMiB < 16;
        print(QStringLiteral("verdict: %1, %2\n")
                  .arg(corruptFrames == 0 ? QStringLiteral("no corrupt frame shown")
                                          : QStringLiteral("CORRUPT FRAMES SHOWN"),
                       flat ? QStringLiteral("memory flat") : QStringLiteral("MEMORY GREW")));
        m_exitCode = corruptFrames == 0 && flat ? 0 : 1;
        QCoreApplication::exit(m_exitCode);
    }

    Options m_options;
    QRandomGenerator m_random;
    std::vector<std::unique_ptr<Station>> m_stations; // outlive the farm's printers
    PrinterFarm m_farm;
    QTimer m_sampler;
    QElapsedTimer m_clock;
    std::vector<qint64> m_rss;
    std::map<Mode, quint64> m_phases;
    std::map<CameraSource::Failure, quint64> m_failures;
    quint64 m_framesReceived = 0;
    quint64 m_imagesShown = 0;
    quint64 m_loginsRejected = 0;
    quint64 m_reconnectsAtStart = 0;
    bool m_finished = false;
    int m_exitCode = 0;
};

} // namespace

int main(int argc, char *argv[])
{
    // The simulators draw text on their frames: a GUI application, without a display.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication application(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("farmcam-soak"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Fault-injection soak run: simulated printers misbehave in turn while a "
                       "printer farm watches them. Exit code 1 if a corrupt frame got through or "
                       "memory grew."));
    parser.addHelpOption();
    const QCommandLineOption duration(QStringLiteral("duration"),
                                      QStringLiteral("Run time in seconds (default 600)."),
                                      QStringLiteral("SECONDS"), QStringLiteral("600"));
    const QCommandLineOption printers(QStringLiteral("printers"),
                                      QStringLiteral("Simulated printers (default 16)."),
                                      QStringLiteral("N"), QStringLiteral("16"));
    const QCommandLineOption fps(QStringLiteral("fps"),
                                 QStringLiteral("Frames per second of each printer (default 2)."),
                                 QStringLiteral("FPS"), QStringLiteral("2"));
    const QCommandLineOption sampleEvery(QStringLiteral("sample"),
                                         QStringLiteral("Seconds between table rows (default 10)."),
                                         QStringLiteral("SECONDS"), QStringLiteral("10"));
    const QCommandLineOption phase(QStringLiteral("phase"),
                                   QStringLiteral("Average seconds a fault mode lasts (default "
                                                  "15)."),
                                   QStringLiteral("SECONDS"), QStringLiteral("15"));
    const QCommandLineOption seed(QStringLiteral("seed"),
                                  QStringLiteral("Random seed, for a repeatable run (default 1)."),
                                  QStringLiteral("N"), QStringLiteral("1"));
    parser.addOptions({duration, printers, fps, sampleEvery, phase, seed});
    parser.process(application);

    Options options;
    bool ok[6] = {};
    options.durationSeconds = parser.value(duration).toInt(&ok[0]);
    options.printers = parser.value(printers).toInt(&ok[1]);
    options.framesPerSecond = parser.value(fps).toDouble(&ok[2]);
    options.sampleSeconds = parser.value(sampleEvery).toInt(&ok[3]);
    options.phaseSeconds = parser.value(phase).toInt(&ok[4]);
    options.seed = parser.value(seed).toUInt(&ok[5]);
    if (!(ok[0] && ok[1] && ok[2] && ok[3] && ok[4] && ok[5]) || options.durationSeconds < 1
        || options.printers < 1 || options.printers > 256 || options.framesPerSecond <= 0
        || options.sampleSeconds < 1 || options.phaseSeconds < 1) {
        std::fputs("farmcam-soak: invalid option value (see --help)\n", stderr);
        return 2;
    }

    // The simulators and connections log every step of every fault: only warnings here.
    QLoggingCategory::setFilterRules(QStringLiteral("farmcam.*.debug=false\nfarmcam.*.info=false"));
    Soak soak(options);
    if (!soak.start())
        return 2;
    return application.exec();
}
