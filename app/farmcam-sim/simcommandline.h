// farmcam-sim's command line: options, their defaults and checks, and the help text.
#pragma once

#include "net/mosquittoclient.h"
#include "sim/printersimulator.h"
#include "sim/rtspsprintersimulator.h"

#include <QSize>
#include <QString>
#include <QStringList>

// A printer model the simulator can play: its name, the code its announcements carry, and which
// camera it has.
struct SimModel
{
    QString name; // "X1C"
    QString code; // "BL-P001"
    bool rtsps = false; // RTSPS on port 322 (H.264), else the JPEG stream on port 6000

    // By name ("X1C", "a1 mini", "A1mini") or by code ("BL-P001"), ignoring case. Empty name when
    // unknown.
    static SimModel find(const QString &text);
    static QStringList names();
};

struct SimOptions
{
    SimModel model = SimModel::find(QStringLiteral("P1S"));
    int count = 4;
    quint16 basePort = 0; // 0: ports chosen by the system; otherwise basePort, basePort + 1, ...
    QString accessCode = QStringLiteral("12345678");
    double framesPerSecond = 1.0;
    int jpegQuality = 80; // FrameRenderer::kDefaultQuality
    PrinterSimulator::Fault fault = PrinterSimulator::Fault::None;
    int faultAfterFrames = 0;
    // RTSPS models: the video, and the fault (faultAfterFrames counts for it too).
    QSize videoSize = QSize(1920, 1080);
    double keyFrameInterval = 1; // seconds
    bool sharedClip = false; // every printer replays one clip, named after the prefix
    RtspsPrinterSimulator::Fault rtspsFault = RtspsPrinterSimulator::Fault::None;
    QString namePrefix = QStringLiteral("Simulated P1S");
    bool verbose = false; // farmcam.sim logs on standard error
    // Print status: reports published to this MQTT broker (user bblp, password = access code).
    QString mqttHost; // empty: no status
    quint16 mqttPort = 0;
    // How the broker's certificate is trusted: a CA file and the name the certificate must carry
    // (default: mqttHost), or a pinned fingerprint. Empty: the simulator's own certificate, which
    // LoopbackBroker presents.
    TlsTrust mqttTrust;
    // Discovery announcements (NOTIFY datagrams) sent here; on with --announce or --mqtt-broker.
    QString announceHost;
    quint16 announcePort = 0;
    double timeScale = 1.0; // simulated print seconds per real second

    // "<prefix> 1", "<prefix> 2", ...: unique by construction.
    QString printerName(int index) const;
    // "01S00SIM0000001", "01S00SIM0000002", ...: shaped like a real serial number.
    static QString serial(int index);
};

struct SimCommandLine
{
    enum class Action { Run, ShowHelp, ShowVersion, UsageError };

    Action action = Action::Run;
    QString text; // help or version text, or the usage error
    SimOptions options;

    // `arguments` includes the program name, as QCoreApplication::arguments() does.
    static SimCommandLine parse(const QStringList &arguments);
};
