#include "graboptions.h"

#include "model/printerconfig.h"
#include "protocol/loginpacket.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QProcessEnvironment>
#include <QStringList>

#include <cmath>

namespace {

// An access code file holds a few characters; anything much bigger is the wrong file.
constexpr qint64 kMaxAccessCodeFileSize = 4096;
constexpr double kMaxTimeoutSeconds = 24 * 3600;

QString tr(const char *text)
{
    return QCoreApplication::translate("GrabCommandLine", text);
}

GrabCommandLine usageError(const QString &message)
{
    GrabCommandLine result;
    result.action = GrabCommandLine::Action::UsageError;
    QString text = message.trimmed();
    if (text.endsWith(QLatin1Char('.')))
        text.chop(1);
    result.text = text + tr(" (see --help)");
    return result;
}

QString extraHelp()
{
    return tr("\n"
              "Access code: from --access-code-file, else --access-code, else the\n"
              "%1 environment variable. The printer shows it on its screen\n"
              "(network settings).\n"
              "\n"
              "--camera jpeg (the default) reads the JPEG stream of a P1P, P1S, A1 or A1 mini\n"
              "on port 6000 and saves its pictures as they are. --camera rtsps reads the\n"
              "H.264 stream of an X1, X1C, X1E, H2C, H2D, H2S, P2S or X2D on port 322 (RTSP\n"
              "over TLS, the certificate checked before the access code is sent) and saves\n"
              "each decoded picture as a JPEG at quality 95.\n"
              "\n"
              "Files are named DIR/<host>-<yyyyMMdd-HHmmss-zzz>-<n>.jpg (n counts from 1). An\n"
              "existing file is never overwritten, a file is never left half written, and the\n"
              "path of each file is printed on standard output.\n"
              "With --output -, the JPEGs are written back to back to standard output, one\n"
              "flush per frame (e.g. | ffmpeg -f mjpeg -i - ...); messages go to standard\n"
              "error. Closing standard output (| head) ends the grab with exit code 0.\n"
              "\n"
              "--timeout applies to each wait: connecting and the TLS handshake, the first\n"
              "frame, and every gap between frames. With --count N a run therefore ends within\n"
              "about (N + 1) x SECONDS. The grab never retries: the first failure ends it.\n"
              "\n"
              "Exit codes:\n"
              "  0    done (also: interrupted with --count 0, or standard output closed)\n"
              "  1    a file or standard output could not be written\n"
              "  2    usage error (bad option, missing or invalid host, missing access code)\n"
              "  3    access code rejected by the printer\n"
              "  4    network error or timeout (unreachable, refused, host not found, stalled)\n"
              "  5    protocol error (the printer sent something a camera does not send)\n"
              "  6    TLS/certificate error (also: certificate not the --pin, or not verified by "
              "--ca-file)\n"
              "  130  interrupted (SIGINT/SIGTERM) before --count frames were saved\n")
        .arg(QLatin1String(GrabCommandLine::kAccessCodeVariable));
}

// Reads the code and drops the line end an editor or `echo` leaves behind.
bool readAccessCodeFile(const QString &path, QString *code, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("cannot read the access code file “%1”: %2").arg(path, file.errorString());
        return false;
    }
    QByteArray bytes = file.read(kMaxAccessCodeFileSize + 1);
    if (bytes.size() > kMaxAccessCodeFileSize) {
        *error = tr("the access code file “%1” is too large to hold an access code").arg(path);
        return false;
    }
    while (bytes.endsWith('\n') || bytes.endsWith('\r'))
        bytes.chop(1);
    *code = QString::fromUtf8(bytes);
    return true;
}

} // namespace

GrabCommandLine GrabCommandLine::parse(const QStringList &arguments,
                                       const QProcessEnvironment &environment)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Saves frames from the camera of a Bambu Lab printer as JPEG files, or streams them\n"
           "to standard output: the JPEG stream of a P1/A1 (TLS, port 6000) or the RTSPS\n"
           "stream of an X1/H2/P2S/X2D (port 322)."));
    const QCommandLineOption camera(
        QStringLiteral("camera"),
        tr("The camera's kind: jpeg (P1P, P1S, A1, A1 mini; the default) or rtsps (X1, X1C, "
           "X1E, H2C, H2D, H2S, P2S, X2D)."),
        tr("KIND"), QStringLiteral("jpeg"));
    const QCommandLineOption host(QStringLiteral("host"),
                                  tr("The printer's IP address or host name (required)."),
                                  tr("HOST"));
    const QCommandLineOption port(QStringLiteral("port"),
                                  tr("The camera port (default 6000 for jpeg, 322 for rtsps)."),
                                  tr("PORT"));
    const QCommandLineOption accessCodeFile(
        QStringLiteral("access-code-file"),
        tr("Read the access code from FILE (a trailing newline is ignored)."), tr("FILE"));
    const QCommandLineOption accessCode(
        QStringLiteral("access-code"),
        tr("The access code. Other users of this computer can see it (ps, /proc): prefer "
           "--access-code-file or %1.")
            .arg(QLatin1String(kAccessCodeVariable)),
        tr("CODE"));
    const QCommandLineOption count(QStringLiteral("count"),
                                   tr("Frames to save (default 1; 0 = until interrupted)."),
                                   tr("N"), QStringLiteral("1"));
    const QCommandLineOption output(
        QStringLiteral("output"),
        tr("Folder for the JPEG files (default: the current folder; created if missing), or - "
           "for standard output."),
        tr("DIR|-"), QStringLiteral("."));
    const QCommandLineOption timeout(
        QStringLiteral("timeout"),
        tr("Give up when the printer does not answer or send a frame within SECONDS (default "
           "30)."),
        tr("SECONDS"), QStringLiteral("30"));
    const QCommandLineOption pin(
        QStringLiteral("pin"),
        tr("Only talk to a printer whose certificate has this SHA-256 fingerprint (hex, with or "
           "without colons, as `openssl x509 -fingerprint -sha256` or --verbose prints it). On a "
           "mismatch the access code is not sent (exit code 6)."),
        tr("SHA256"));
    const QCommandLineOption caFile(
        QStringLiteral("ca-file"),
        tr("Verify the printer's certificate against the CA certificate(s) in FILE, with --serial "
           "as the name it must carry (exit code 6 when it does not verify)."),
        tr("FILE"));
    const QCommandLineOption serial(
        QStringLiteral("serial"), tr("The printer's serial number, for --ca-file."), tr("SERIAL"));
    const QCommandLineOption verbose(
        QStringLiteral("verbose"),
        tr("Report progress on standard error: connection steps, the printer's certificate "
           "SHA-256 fingerprint, one line per frame."));
    for (const QCommandLineOption &option : {camera, host, port, accessCodeFile, accessCode, count,
                                             output, timeout, pin, caFile, serial, verbose})
        parser.addOption(option);
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();

    if (!parser.parse(arguments))
        return usageError(parser.errorText());

    GrabCommandLine result;
    if (parser.isSet(help)) {
        result.action = Action::ShowHelp;
        result.text = parser.helpText() + extraHelp();
        return result;
    }
    if (parser.isSet(version)) {
        result.action = Action::ShowVersion;
        result.text = QStringLiteral("%1 %2\n").arg(QCoreApplication::applicationName(),
                                                    QCoreApplication::applicationVersion());
        return result;
    }
    if (!parser.positionalArguments().isEmpty())
        return usageError(
            tr("unexpected argument “%1”").arg(parser.positionalArguments().constFirst()));

    GrabOptions &options = result.options;

    options.endpoint.host = parser.value(host).trimmed();
    if (options.endpoint.host.isEmpty())
        return usageError(tr("--host is required"));
    // The printer dialog's rule: "999.1.1.1" or "printer .local" is a typo, not a name to look
    // up (which would end in a network error, exit 4, after a resolver timeout).
    if (const QString error = PrinterConfig::hostError(options.endpoint.host); !error.isEmpty())
        return usageError(tr("--host “%1”: %2").arg(options.endpoint.host, error));

    const QString kind = parser.value(camera).trimmed().toLower();
    if (kind == QLatin1String("jpeg"))
        options.camera = PrinterConfig::CameraKind::JpegStream;
    else if (kind == QLatin1String("rtsps"))
        options.camera = PrinterConfig::CameraKind::Rtsps;
    else
        return usageError(tr("--camera must be jpeg or rtsps, not “%1”").arg(parser.value(camera)));

    bool ok = false;
    if (parser.isSet(port)) {
        const uint portNumber = parser.value(port).toUInt(&ok);
        if (!ok || portNumber == 0 || portNumber > 65535)
            return usageError(
                tr("--port must be a number from 1 to 65535, not “%1”").arg(parser.value(port)));
        options.endpoint.port = quint16(portNumber);
    } else {
        options.endpoint.port = options.camera == PrinterConfig::CameraKind::Rtsps
            ? PrinterConfig::kDefaultRtspsPort
            : PrinterConfig::kDefaultCameraPort;
    }

    if (parser.isSet(accessCodeFile) && parser.isSet(accessCode))
        return usageError(tr("give either --access-code-file or --access-code, not both"));
    QString code;
    if (parser.isSet(accessCodeFile)) {
        QString error;
        if (!readAccessCodeFile(parser.value(accessCodeFile), &code, &error))
            return usageError(error);
    } else if (parser.isSet(accessCode)) {
        code = parser.value(accessCode);
    } else {
        code = environment.value(QLatin1String(kAccessCodeVariable));
    }
    if (code.isEmpty())
        return usageError(tr("no access code: use --access-code-file FILE, the %1 environment "
                             "variable or --access-code CODE")
                              .arg(QLatin1String(kAccessCodeVariable)));
    if (const LoginPacket::Error error = LoginPacket::validateAccessCode(code);
        error != LoginPacket::Error::None)
        return usageError(LoginPacket::describe(error));
    options.endpoint.accessCode = code;

    const QString countText = parser.value(count);
    options.count = countText.toULongLong(&ok);
    if (!ok || countText.startsWith(QLatin1Char('-')) || countText.startsWith(QLatin1Char('+')))
        return usageError(tr("--count must be a whole number, 0 or more, not “%1”").arg(countText));

    const QString outputText = parser.value(output);
    if (outputText.isEmpty())
        return usageError(tr("--output needs a folder, or - for standard output"));
    options.toStdout = outputText == QLatin1String("-");
    if (!options.toStdout)
        options.outputDirectory = outputText;

    const double seconds = parser.value(timeout).toDouble(&ok);
    if (!ok || !std::isfinite(seconds) || seconds <= 0 || seconds > kMaxTimeoutSeconds)
        return usageError(tr("--timeout must be a number of seconds above 0 and at most %1, "
                             "not “%2”")
                              .arg(kMaxTimeoutSeconds)
                              .arg(parser.value(timeout)));
    options.timeout = std::chrono::milliseconds(qMax<qint64>(1, qint64(std::ceil(seconds * 1000))));

    if (parser.isSet(pin)) {
        options.endpoint.trust.pinnedFingerprint
            = TlsTrust::normalizeFingerprint(parser.value(pin));
        if (options.endpoint.trust.pinnedFingerprint.isEmpty())
            return usageError(tr("--pin must be a SHA-256 fingerprint: 64 hex digits, colons "
                                 "allowed, not “%1”")
                                  .arg(parser.value(pin)));
    }
    if (parser.isSet(caFile) != parser.isSet(serial))
        return usageError(tr("--ca-file and --serial go together"));
    if (parser.isSet(caFile)) {
        if (parser.isSet(pin))
            return usageError(tr("give either --pin or --ca-file, not both"));
        options.endpoint.trust.caFile = parser.value(caFile);
        options.endpoint.trust.peerName = parser.value(serial).trimmed();
        if (!QFileInfo(options.endpoint.trust.caFile).isReadable())
            return usageError(
                tr("cannot read the CA file “%1”").arg(options.endpoint.trust.caFile));
        if (options.endpoint.trust.peerName.isEmpty())
            return usageError(tr("--serial needs the printer's serial number"));
    }

    options.verbose = parser.isSet(verbose);
    result.action = Action::Run;
    return result;
}
