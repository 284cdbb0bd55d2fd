#include "simcommandline.h"

#include "model/printerconfig.h"
#include "protocol/loginpacket.h"
#include "trust/tlstrust.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSslCertificate>

#include <cmath>

namespace {

constexpr int kMaxCount = 1000;
constexpr double kMaxFramesPerSecond = 120;
constexpr int kMaxRtspsFramesPerSecond = 60;

// The models PROTOCOL.md lists, with the codes their discovery announcements carry. The codes of
// H2C, H2S and X2D are not documented anywhere we could check: their names stand in.
const struct
{
    const char *name;
    const char *code;
    bool rtsps;
} kModels[] = {
    {"P1P", "C11", false}, {"P1S", "C12", false},   {"A1 mini", "N1", false},
    {"A1", "N2S", false},  {"X1", "BL-P002", true}, {"X1C", "BL-P001", true},
    {"X1E", "C13", true},  {"H2C", "H2C", true},    {"H2D", "O1D", true},
    {"H2S", "H2S", true},  {"P2S", "N7", true},     {"X2D", "X2D", true},
};

QString modelKey(const QString &text)
{
    QString key = text.trimmed().toUpper();
    key.remove(QLatin1Char(' '));
    key.remove(QLatin1Char('-'));
    key.remove(QLatin1Char('_'));
    return key;
}

SimCommandLine usageError(const QString &message)
{
    SimCommandLine commandLine;
    commandLine.action = SimCommandLine::Action::UsageError;
    commandLine.text = message;
    return commandLine;
}

bool hasControlCharacters(const QString &text)
{
    for (const QChar c : text) {
        if (c.category() == QChar::Other_Control)
            return true;
    }
    return false;
}

// Whether `path` holds at least one certificate (PEM or DER), as MosquittoClient reads it.
bool hasCertificates(const QString &path)
{
    return !QSslCertificate::fromPath(path, QSsl::Pem).isEmpty()
        || !QSslCertificate::fromPath(path, QSsl::Der).isEmpty();
}

} // namespace

// HOST:PORT, or [IPv6]:PORT. Returns false with a sentence for the user.
bool parseHostPort(const QString &text, const QString &option, QString *host, quint16 *port,
                   QString *error)
{
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    QString hostPart = colon < 0 ? QString() : text.left(colon);
    if (hostPart.startsWith(QLatin1Char('[')) && hostPart.endsWith(QLatin1Char(']')))
        hostPart = hostPart.mid(1, hostPart.size() - 2);
    bool ok = false;
    const int portValue = colon < 0 ? 0 : text.mid(colon + 1).toInt(&ok);
    if (colon < 0 || !ok || !PrinterConfig::portError(portValue).isEmpty()) {
        *error = QCoreApplication::translate("farmcam-sim",
                                             "%1 needs HOST:PORT with a port from 1 to 65535.")
                     .arg(option);
        return false;
    }
    if (const QString hostError = PrinterConfig::hostError(hostPart); !hostError.isEmpty()) {
        *error = QStringLiteral("%1: %2").arg(option, hostError);
        return false;
    }
    *host = hostPart;
    *port = static_cast<quint16>(portValue);
    return true;
}

SimModel SimModel::find(const QString &text)
{
    const QString key = modelKey(text);
    for (const auto &model : kModels) {
        if (key == modelKey(QLatin1String(model.name))
            || key == modelKey(QLatin1String(model.code)))
            return {QLatin1String(model.name), QLatin1String(model.code), model.rtsps};
    }
    return {};
}

QStringList SimModel::names()
{
    QStringList names;
    for (const auto &model : kModels)
        names << QLatin1String(model.name);
    return names;
}

QString SimOptions::serial(int index)
{
    return QStringLiteral("01S00SIM%1").arg(index + 1, 7, 10, QLatin1Char('0'));
}

QString SimOptions::printerName(int index) const
{
    return QStringLiteral("%1 %2").arg(namePrefix).arg(index + 1).trimmed();
}

SimCommandLine SimCommandLine::parse(const QStringList &arguments)
{
    const QString faultList = PrinterSimulator::faultNames().join(QStringLiteral(", "));
    const QString rtspsFaultList = RtspsPrinterSimulator::faultNames().join(QStringLiteral(", "));
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "farmcam-sim",
        "Runs simulated Bambu Lab printer cameras on 127.0.0.1: the TLS port-6000 JPEG stream of\n"
        "P1P, P1S, A1 and A1 mini (default: P1S), or with --model X1C (X1, X1E, H2C, H2D, H2S,\n"
        "P2S, X2D) the RTSPS H.264 stream at "
        "rtsps://bblp:<code>@127.0.0.1:<port>/streaming/live/1\n"
        "(real printers use port 322).\n"
        "\n"
        "Prints one line per printer on standard output, then runs until SIGINT or SIGTERM\n"
        "(exit code 0):\n"
        "    <name> 127.0.0.1:<port>\n"
        "Names may contain spaces: the last space-separated token is always host:port.\n"
        "Like a real printer, a port-6000 camera serves at most two clients at a time. An RTSPS\n"
        "camera encodes a short clip of its picture once at start (a few seconds of CPU at\n"
        "1920x1080) and replays it to each client.\n"
        "\n"
        "With --mqtt-broker, each printer also plays print jobs and publishes its status the way\n"
        "a printer does (a full report when asked with pushall, then only what changed) to\n"
        "device/<serial>/report, and announces itself for discovery. Then one more line per\n"
        "printer (also with --announce alone) follows the others, starting with '#':\n"
        "    # <name> serial <serial> model <code>\n"
        "\n"
        "By default the broker must present the simulator's own certificate (as the tests'\n"
        "mosquitto does). For your own broker, trust its CA with --mqtt-ca-file, or pin its\n"
        "certificate with --mqtt-pin."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption count(
        QStringLiteral("count"),
        QCoreApplication::translate("farmcam-sim", "Number of printers (1-%1). Default 4.")
            .arg(kMaxCount),
        QStringLiteral("N"), QStringLiteral("4"));
    const QCommandLineOption basePort(
        QStringLiteral("base-port"),
        QCoreApplication::translate("farmcam-sim",
                                    "First port; the others follow it (P, P+1, ...). 0 lets the "
                                    "system choose free ports. Default 0."),
        QStringLiteral("P"), QStringLiteral("0"));
    const QCommandLineOption accessCode(
        QStringLiteral("access-code"),
        QCoreApplication::translate("farmcam-sim",
                                    "The access code every printer expects. Default 12345678."),
        QStringLiteral("CODE"), QStringLiteral("12345678"));
    const QCommandLineOption model(
        QStringLiteral("model"),
        QCoreApplication::translate("farmcam-sim",
                                    "The printer model, by name or discovery code (BL-P001): %1. "
                                    "Default P1S.")
            .arg(SimModel::names().join(QStringLiteral(", "))),
        QStringLiteral("MODEL"), QStringLiteral("P1S"));
    const QCommandLineOption fps(
        QStringLiteral("fps"),
        QCoreApplication::translate("farmcam-sim",
                                    "Frames per second, e.g. 0.5, 1 or 30 (at most %1). Default 1; "
                                    "RTSPS models: a whole number from 1 to %2, default 30.")
            .arg(kMaxFramesPerSecond)
            .arg(kMaxRtspsFramesPerSecond),
        QStringLiteral("F"));
    const QCommandLineOption size(
        QStringLiteral("size"),
        QCoreApplication::translate("farmcam-sim",
                                    "RTSPS models: the video size, WIDTHxHEIGHT (even numbers). "
                                    "Default 1920x1080; printers also send 1280x720."),
        QStringLiteral("WxH"), QStringLiteral("1920x1080"));
    const QCommandLineOption keyFrameInterval(
        QStringLiteral("key-frame-interval"),
        QCoreApplication::translate("farmcam-sim",
                                    "RTSPS models: seconds between key frames, 0.1-60. Default 1."),
        QStringLiteral("S"), QStringLiteral("1"));
    const QCommandLineOption sharedClip(
        QStringLiteral("shared-clip"),
        QCoreApplication::translate(
            "farmcam-sim",
            "RTSPS models: every printer replays one clip, encoded once and named after "
            "--name-prefix, instead of one clip each (load runs with many printers)."));
    const QCommandLineOption jpegQuality(
        QStringLiteral("jpeg-quality"),
        QCoreApplication::translate("farmcam-sim",
                                    "JPEG quality of the frames, 1-100. Default 80 (about 140 KB "
                                    "a frame; 70 gives about 100 KB)."),
        QStringLiteral("Q"), QStringLiteral("80"));
    const QCommandLineOption fault(
        QStringLiteral("fault"),
        QCoreApplication::translate("farmcam-sim",
                                    "Misbehave with every client after AFTER good frames (default "
                                    "0). NAME is one of: %1. RTSPS models: %2.")
            .arg(faultList, rtspsFaultList),
        QStringLiteral("NAME[:AFTER]"));
    const QCommandLineOption namePrefix(
        QStringLiteral("name-prefix"),
        QCoreApplication::translate("farmcam-sim",
                                    "Printer names are \"<prefix> 1\", \"<prefix> 2\", ... Default "
                                    "\"Simulated <model>\"."),
        QStringLiteral("PREFIX"));
    const QCommandLineOption verbose(
        QStringLiteral("verbose"),
        QCoreApplication::translate("farmcam-sim",
                                    "Log connections, logins and faults on standard error."));
    const QCommandLineOption mqttBroker(
        QStringLiteral("mqtt-broker"),
        QCoreApplication::translate(
            "farmcam-sim",
            "Publish print status to the MQTT broker at HOST:PORT over TLS (user bblp, password = "
            "the access code), e.g. a mosquitto on 127.0.0.1:8883."),
        QStringLiteral("HOST:PORT"));
    const QCommandLineOption mqttCaFile(
        QStringLiteral("mqtt-ca-file"),
        QCoreApplication::translate(
            "farmcam-sim",
            "Trust the MQTT broker's certificate if the CA in FILE (PEM or DER) signed it for the "
            "broker's host name, as given in --mqtt-broker, or for --mqtt-peer-name."),
        QStringLiteral("FILE"));
    const QCommandLineOption mqttPeerName(
        QStringLiteral("mqtt-peer-name"),
        QCoreApplication::translate(
            "farmcam-sim",
            "With --mqtt-ca-file: the name the broker's certificate must carry (its DNS name or "
            "common name), when it is not the host in --mqtt-broker, e.g. when that is an IP "
            "address."),
        QStringLiteral("NAME"));
    const QCommandLineOption mqttPin(
        QStringLiteral("mqtt-pin"),
        QCoreApplication::translate(
            "farmcam-sim",
            "Trust only the MQTT broker certificate with this SHA-256 fingerprint, as `openssl "
            "x509 -noout -fingerprint -sha256 -in cert.pem` prints it (colons optional)."),
        QStringLiteral("FP"));
    const QCommandLineOption announce(
        QStringLiteral("announce"),
        QCoreApplication::translate(
            "farmcam-sim",
            "Send discovery announcements (UDP NOTIFY, as printers send to port 2021) to "
            "HOST:PORT every 5 s. Default with --mqtt-broker: 127.0.0.1:2021."),
        QStringLiteral("HOST:PORT"));
    const QCommandLineOption timeScale(
        QStringLiteral("time-scale"),
        QCoreApplication::translate("farmcam-sim",
                                    "Simulated print seconds per real second (1-3600), so that "
                                    "jobs finish sooner. Default 1."),
        QStringLiteral("X"), QStringLiteral("1"));
    parser.addOptions({model, count, basePort, accessCode, fps, jpegQuality, size, keyFrameInterval,
                       sharedClip, fault, namePrefix, verbose, mqttBroker, mqttCaFile, mqttPeerName,
                       mqttPin, announce, timeScale});

    if (!parser.parse(arguments))
        return usageError(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        SimCommandLine commandLine;
        commandLine.action = Action::ShowHelp;
        commandLine.text = parser.helpText();
        return commandLine;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        SimCommandLine commandLine;
        commandLine.action = Action::ShowVersion;
        commandLine.text = QStringLiteral("%1 %2\n").arg(QCoreApplication::applicationName(),
                                                         QCoreApplication::applicationVersion());
        return commandLine;
    }
    if (!parser.positionalArguments().isEmpty()) {
        return usageError(QCoreApplication::translate("farmcam-sim", "Unexpected argument: %1")
                              .arg(parser.positionalArguments().constFirst()));
    }

    SimCommandLine commandLine;
    SimOptions &options = commandLine.options;
    options.model = SimModel::find(parser.value(model));
    if (options.model.name.isEmpty()) {
        return usageError(
            QCoreApplication::translate("farmcam-sim", "Unknown model \"%1\"; known models: %2.")
                .arg(parser.value(model), SimModel::names().join(QStringLiteral(", "))));
    }
    bool ok = false;
    options.count = parser.value(count).toInt(&ok);
    if (!ok || options.count < 1 || options.count > kMaxCount) {
        return usageError(QCoreApplication::translate(
                              "farmcam-sim", "--count must be a whole number from 1 to %1.")
                              .arg(kMaxCount));
    }
    options.basePort = parser.value(basePort).toUShort(&ok);
    if (!ok) {
        return usageError(QCoreApplication::translate(
            "farmcam-sim", "--base-port must be a port number from 0 to 65535."));
    }
    if (options.basePort != 0 && int(options.basePort) + options.count - 1 > 65535) {
        return usageError(QCoreApplication::translate(
            "farmcam-sim", "--base-port plus --count goes past port 65535."));
    }
    options.accessCode = parser.value(accessCode);
    const LoginPacket::Error codeError = LoginPacket::validateAccessCode(options.accessCode);
    if (codeError != LoginPacket::Error::None)
        return usageError(LoginPacket::describe(codeError));
    options.framesPerSecond = options.model.rtsps ? 30 : 1;
    if (parser.isSet(fps)) {
        options.framesPerSecond = parser.value(fps).toDouble(&ok);
        if (!ok || !std::isfinite(options.framesPerSecond) || options.framesPerSecond <= 0
            || options.framesPerSecond > kMaxFramesPerSecond) {
            return usageError(QCoreApplication::translate(
                                  "farmcam-sim", "--fps must be a number above 0 and at most %1.")
                                  .arg(kMaxFramesPerSecond));
        }
        if (options.model.rtsps
            && (options.framesPerSecond != std::floor(options.framesPerSecond)
                || options.framesPerSecond > kMaxRtspsFramesPerSecond)) {
            return usageError(
                QCoreApplication::translate(
                    "farmcam-sim", "--fps must be a whole number from 1 to %1 for an RTSPS model.")
                    .arg(kMaxRtspsFramesPerSecond));
        }
    }
    if (options.model.rtsps) {
        const QStringList dimensions = parser.value(size).split(QLatin1Char('x'));
        bool widthOk = false;
        bool heightOk = false;
        if (dimensions.size() == 2) {
            options.videoSize
                = QSize(dimensions.at(0).toInt(&widthOk), dimensions.at(1).toInt(&heightOk));
        }
        H264Loop::Format format;
        format.size = options.videoSize;
        format.framesPerSecond = int(options.framesPerSecond);
        format.keyFrameIntervalSeconds = parser.value(keyFrameInterval).toDouble(&ok);
        options.keyFrameInterval = format.keyFrameIntervalSeconds;
        if (!widthOk || !heightOk || !ok || !format.error().isEmpty()) {
            return usageError(QStringLiteral("--size, --key-frame-interval: %1")
                                  .arg(!widthOk || !heightOk ? QCoreApplication::translate(
                                           "farmcam-sim", "the size must be WIDTHxHEIGHT.")
                                                             : format.error()));
        }
        options.sharedClip = parser.isSet(sharedClip);
    } else {
        for (const QCommandLineOption *rtspsOption : {&size, &keyFrameInterval, &sharedClip}) {
            if (parser.isSet(*rtspsOption)) {
                return usageError(QCoreApplication::translate(
                                      "farmcam-sim", "--%1 is for RTSPS models (--model X1C ...).")
                                      .arg(rtspsOption->names().constFirst()));
            }
        }
    }
    options.jpegQuality = parser.value(jpegQuality).toInt(&ok);
    if (!ok || options.jpegQuality < 1 || options.jpegQuality > 100) {
        return usageError(QCoreApplication::translate(
            "farmcam-sim", "--jpeg-quality must be a whole number from 1 to 100."));
    }
    if (parser.isSet(fault)) {
        const QString value = parser.value(fault);
        const QString name = value.section(QLatin1Char(':'), 0, 0);
        if (options.model.rtsps)
            options.rtspsFault = RtspsPrinterSimulator::faultFromString(name, &ok);
        else
            options.fault = PrinterSimulator::faultFromString(name, &ok);
        if (!ok) {
            return usageError(QCoreApplication::translate(
                                  "farmcam-sim", "Unknown fault \"%1\" for a %2; known faults: %3.")
                                  .arg(name, options.model.name,
                                       options.model.rtsps ? rtspsFaultList : faultList));
        }
        if (value.contains(QLatin1Char(':'))) {
            options.faultAfterFrames = value.section(QLatin1Char(':'), 1).toInt(&ok);
            if (!ok || options.faultAfterFrames < 0) {
                return usageError(QCoreApplication::translate(
                    "farmcam-sim",
                    "The number of good frames before a fault (--fault NAME:AFTER) must be a "
                    "whole number, 0 or more."));
            }
        }
    }
    options.namePrefix = parser.isSet(namePrefix)
        ? parser.value(namePrefix)
        : QStringLiteral("Simulated %1").arg(options.model.name);
    if (hasControlCharacters(options.namePrefix)) {
        return usageError(QCoreApplication::translate(
            "farmcam-sim",
            "--name-prefix must not contain control characters (line breaks, tabs)."));
    }
    options.verbose = parser.isSet(verbose);
    QString error;
    if (parser.isSet(mqttBroker)
        && !parseHostPort(parser.value(mqttBroker), QStringLiteral("--mqtt-broker"),
                          &options.mqttHost, &options.mqttPort, &error))
        return usageError(error);
    for (const QCommandLineOption *trustOption : {&mqttCaFile, &mqttPeerName, &mqttPin}) {
        if (parser.isSet(*trustOption) && options.mqttHost.isEmpty()) {
            return usageError(
                QCoreApplication::translate("farmcam-sim", "--%1 needs --mqtt-broker.")
                    .arg(trustOption->names().constFirst()));
        }
    }
    if (parser.isSet(mqttCaFile) && parser.isSet(mqttPin)) {
        return usageError(QCoreApplication::translate(
            "farmcam-sim", "Use either --mqtt-ca-file or --mqtt-pin, not both."));
    }
    if (parser.isSet(mqttPeerName) && !parser.isSet(mqttCaFile)) {
        return usageError(QCoreApplication::translate(
            "farmcam-sim",
            "--mqtt-peer-name needs --mqtt-ca-file (a pinned certificate is not checked by "
            "name)."));
    }
    if (parser.isSet(mqttCaFile)) {
        options.mqttTrust.caFile = parser.value(mqttCaFile);
        if (!hasCertificates(options.mqttTrust.caFile)) {
            return usageError(
                QCoreApplication::translate("farmcam-sim",
                                            "--mqtt-ca-file: no certificate could be read "
                                            "from \"%1\".")
                    .arg(options.mqttTrust.caFile));
        }
        options.mqttTrust.peerName
            = parser.isSet(mqttPeerName) ? parser.value(mqttPeerName) : options.mqttHost;
        if (options.mqttTrust.peerName.isEmpty()
            || hasControlCharacters(options.mqttTrust.peerName)) {
            return usageError(QCoreApplication::translate(
                "farmcam-sim", "--mqtt-peer-name needs a name, without control characters."));
        }
    }
    if (parser.isSet(mqttPin)) {
        options.mqttTrust.pinnedFingerprint = TlsTrust::normalizeFingerprint(parser.value(mqttPin));
        if (options.mqttTrust.pinnedFingerprint.isEmpty()) {
            return usageError(QCoreApplication::translate(
                "farmcam-sim",
                "--mqtt-pin needs a SHA-256 fingerprint: 64 hexadecimal digits, colons "
                "optional, as `openssl x509 -noout -fingerprint -sha256` prints it."));
        }
    }
    if (parser.isSet(announce)) {
        if (!parseHostPort(parser.value(announce), QStringLiteral("--announce"),
                           &options.announceHost, &options.announcePort, &error))
            return usageError(error);
    } else if (!options.mqttHost.isEmpty()) {
        options.announceHost = QStringLiteral("127.0.0.1");
        options.announcePort = 2021;
    }
    options.timeScale = parser.value(timeScale).toDouble(&ok);
    if (!ok || !std::isfinite(options.timeScale) || options.timeScale < 1
        || options.timeScale > 3600) {
        return usageError(QCoreApplication::translate(
            "farmcam-sim", "--time-scale must be a number from 1 to 3600."));
    }
    return commandLine;
}
