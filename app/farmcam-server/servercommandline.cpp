#include "servercommandline.h"

#include "model/printerconfig.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>

namespace {

// A token file holds one line; anything much bigger is the wrong file.
constexpr qint64 kMaxTokenFileSize = 4096;

QString tr(const char *text)
{
    return QCoreApplication::translate("ServerCommandLine", text);
}

ServerCommandLine usageError(const QString &message)
{
    ServerCommandLine result;
    result.action = ServerCommandLine::Action::UsageError;
    QString text = message.trimmed();
    if (text.endsWith(QLatin1Char('.')))
        text.chop(1);
    result.text = text + tr(" (see --help)");
    return result;
}

QString description()
{
    return tr("Shares the cameras of your Bambu Lab printers over HTTP on a headless box: MJPEG\n"
              "streams, snapshots, a JSON API, events, metrics and the web wall. The same\n"
              "printers, settings file and credential store as the FarmCam app.\n"
              "\n"
              "Usage:\n"
              "  farmcam-server [options]                   serve until SIGTERM or SIGINT\n"
              "  farmcam-server [--config FILE] --print-token\n"
              "  farmcam-server [--config FILE] printers list\n"
              "  farmcam-server [--config FILE] printers add --name NAME --host HOST [...]\n"
              "  farmcam-server [--config FILE] printers edit PRINTER [--name NAME] [...]\n"
              "  farmcam-server [--config FILE] printers remove PRINTER\n"
              "PRINTER is a printer's id, serial number, name or the slug of its name, as\n"
              "`printers list` shows them.");
}

QString extraHelp()
{
    return tr("\n"
              "Once it listens, the server prints its address (http://ADDR:PORT/) as one line\n"
              "on standard output. Messages go to standard error (QT_LOGGING_RULES selects\n"
              "them, e.g. \"farmcam.*.debug=true\").\n"
              "\n"
              "Every request needs the token, except /healthz: \"Authorization: Bearer TOKEN\",\n"
              "or ?token=TOKEN in the URL. It is generated once and kept with the access\n"
              "codes (the desktop keyring, else a file only you can read); --print-token\n"
              "prints it. --token-file uses the token in FILE instead.\n"
              "\n"
              "Access codes are never given on the command line (other users could read it\n"
              "with ps): `printers add` reads the code from --access-code-file FILE, or from\n"
              "standard input (first line) when that option is missing or FILE is -.\n"
              "Stop the server before changing its printers: it keeps its own copy.\n"
              "\n"
              "Exit codes:\n"
              "  0  stopped by SIGTERM or SIGINT; or the command did what it was asked\n"
              "  1  cannot listen (port in use, no such address), bad HTTPS certificate or key,\n"
              "     settings file or credential store unusable, already running with these\n"
              "     settings, or a printer command refused (invalid value, duplicate, unknown)\n"
              "  2  usage error (bad option or value, unreadable or empty --token-file)\n");
}

bool readTokenFile(const QString &path, QString *token, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("cannot read the token file “%1”: %2")
                     .arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    const QByteArray bytes = file.read(kMaxTokenFileSize + 1);
    if (bytes.size() > kMaxTokenFileSize) {
        *error = tr("the token file “%1” is too large to hold a token")
                     .arg(QDir::toNativeSeparators(path));
        return false;
    }
    // The first line, without the line end an editor or `echo` leaves behind.
    const QString text = QString::fromUtf8(bytes).section(QLatin1Char('\n'), 0, 0).trimmed();
    if (text.isEmpty()) {
        *error = tr("the token file “%1” is empty").arg(QDir::toNativeSeparators(path));
        return false;
    }
    for (const QChar c : text) {
        if (c.unicode() < 0x21 || c.unicode() > 0x7e) {
            *error = tr("the token in “%1” must be printable ASCII without spaces")
                         .arg(QDir::toNativeSeparators(path));
            return false;
        }
    }
    *token = text;
    return true;
}

std::optional<quint16> parsePort(const QString &text, int minimum)
{
    bool ok = false;
    const uint port = text.trimmed().toUInt(&ok);
    if (!ok || int(port) < minimum || port > 65535)
        return std::nullopt;
    return quint16(port);
}

} // namespace

std::optional<ListenAddress> ListenAddress::parse(const QString &text, QString *error)
{
    const auto fail = [&](const QString &message) -> std::optional<ListenAddress> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    const QString typed = text.trimmed();
    QString host;
    QString port;
    if (typed.startsWith(QLatin1Char('['))) {
        const qsizetype close = typed.indexOf(QLatin1String("]:"));
        if (close < 0)
            return fail(tr("--listen “%1”: write an IPv6 address as [ADDRESS]:PORT, e.g. "
                           "[::1]:8080")
                            .arg(typed));
        host = typed.mid(1, close - 1);
        port = typed.mid(close + 2);
    } else {
        const qsizetype colon = typed.lastIndexOf(QLatin1Char(':'));
        if (colon < 0)
            return fail(tr("--listen “%1”: give ADDRESS:PORT, e.g. 127.0.0.1:8080").arg(typed));
        host = typed.left(colon);
        port = typed.mid(colon + 1);
        if (host.contains(QLatin1Char(':')))
            return fail(
                tr("--listen “%1”: write an IPv6 address in brackets, e.g. [::1]:8080").arg(typed));
    }
    ListenAddress result;
    // An IP address, not a name: the server binds to one of this machine's addresses.
    if (host.isEmpty() || !result.address.setAddress(host)
        || (!host.contains(QLatin1Char(':')) && host.count(QLatin1Char('.')) != 3))
        return fail(tr("--listen “%1”: “%2” is not an IP address (use 127.0.0.1, ::1, 0.0.0.0 "
                       "or :: for every interface, or one of this computer's addresses)")
                        .arg(typed, host));
    const std::optional<quint16> number = parsePort(port, 0);
    if (!number)
        return fail(tr("--listen “%1”: the port must be a number from 0 to 65535 (0 picks a "
                       "free one)")
                        .arg(typed));
    result.port = *number;
    return result;
}

ServerCommandLine ServerCommandLine::parse(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(description());
    const QCommandLineOption config(
        QStringLiteral("config"),
        tr("Use the settings file FILE instead of the default (the FarmCam app's, "
           "~/.config/FarmCam/farmcam.conf)."),
        tr("FILE"));
    const QCommandLineOption listen(
        QStringLiteral("listen"),
        tr("Listen on ADDR:PORT (IPv6 as [::1]:8080; port 0 picks a free one). Default: the "
           "settings' sharing address and port, else 127.0.0.1:8080."),
        tr("ADDR:PORT"));
    const QCommandLineOption tokenFile(
        QStringLiteral("token-file"),
        tr("Use the token in FILE (its first line) instead of the stored one."), tr("FILE"));
    const QCommandLineOption demo(
        QStringLiteral("demo"),
        tr("Serve the simulated printers of farmcam --demo; your own settings are neither read "
           "nor changed."));
    const QCommandLineOption onDemand(
        QStringLiteral("on-demand"),
        tr("Connect to a printer's camera only while someone watches it (a stream, snapshots, "
           "the web wall), leaving the printer's second camera place free otherwise."));
    const QCommandLineOption recordDir(
        QStringLiteral("record-dir"),
        tr("Keep timelapses, failure clips and recordings in DIR instead of the settings' "
           "folder (default ~/Videos/FarmCam; with --demo, a temporary folder)."),
        tr("DIR"));
    const QCommandLineOption printToken(
        QStringLiteral("print-token"),
        tr("Print the sharing token on standard output (made and stored if there is none) and "
           "exit."));
    const QCommandLineOption name(QStringLiteral("name"),
                                  tr("printers add/edit: the printer's name."), tr("NAME"));
    const QCommandLineOption host(
        QStringLiteral("host"), tr("printers add/edit: its IP address or host name."), tr("HOST"));
    const QCommandLineOption port(QStringLiteral("port"),
                                  tr("printers add/edit: its camera port (default 6000)."),
                                  tr("PORT"));
    const QCommandLineOption serial(
        QStringLiteral("serial"),
        tr("printers add/edit: its serial number (learned from the printer when empty)."),
        tr("SERIAL"));
    const QCommandLineOption model(
        QStringLiteral("model"),
        tr("printers add/edit: its model, e.g. P1S, A1 mini, X1C (or the code C12, N1, ...); "
           "with --camera auto it decides how the camera is reached."),
        tr("MODEL"));
    const QCommandLineOption camera(
        QStringLiteral("camera"),
        tr("printers add/edit: how its camera is reached: auto (from the model; the default), "
           "jpeg (port 6000), rtsps (port 322) or mjpeg-http (a stream at --url)."),
        tr("KIND"));
    const QCommandLineOption url(
        QStringLiteral("url"),
        tr("printers add/edit: the http(s):// address of the MJPEG stream (--camera "
           "mjpeg-http); its token or password comes like an access code."),
        tr("URL"));
    const QCommandLineOption cameraUser(
        QStringLiteral("camera-user"),
        tr("printers add/edit: the user name for the MJPEG stream (HTTP Basic); without one the "
           "secret is sent as a Bearer token."),
        tr("USER"));
    const QCommandLineOption statusPort(
        QStringLiteral("status-port"),
        tr("printers add/edit: the print status (MQTT) port (default 8883)."), tr("PORT"));
    const QCommandLineOption noStatus(QStringLiteral("no-status"),
                                      tr("printers add/edit: do not read the print status."));
    const QCommandLineOption status(QStringLiteral("status"),
                                    tr("printers edit: read the print status again."));
    const QCommandLineOption caFile(
        QStringLiteral("ca-file"),
        tr("printers add/edit: verify the printer's certificate against this CA file (with "
           "--serial) instead of pinning it on first use."),
        tr("FILE"));
    const QCommandLineOption timelapse(
        QStringLiteral("timelapse"),
        tr("printers add/edit: make timelapses of this printer's prints: default (as the "
           "settings' timelapse/enabled says), on or off."),
        tr("CHOICE"));
    const QCommandLineOption accessCodeFile(
        QStringLiteral("access-code-file"),
        tr("printers add/edit: read the access code from FILE (- for standard input). add "
           "reads standard input without it; edit keeps the stored code."),
        tr("FILE"));
    for (const QCommandLineOption &option :
         {config,     listen,     tokenFile, demo,   onDemand, recordDir, printToken,
          name,       host,       port,      serial, model,    camera,    url,
          cameraUser, statusPort, noStatus,  status, caFile,   timelapse, accessCodeFile})
        parser.addOption(option);
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();

    if (!parser.parse(arguments))
        return usageError(parser.errorText());

    ServerCommandLine result;
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
    result.configFile = parser.value(config);
    if (parser.isSet(config) && result.configFile.trimmed().isEmpty())
        return usageError(tr("--config needs a file name"));

    const QList<QCommandLineOption> serveOptions{listen,   tokenFile, demo,
                                                 onDemand, recordDir, printToken};
    const QList<QCommandLineOption> printerOptions{
        name,       host,       port,     serial, model,  camera,    url,
        cameraUser, statusPort, noStatus, status, caFile, timelapse, accessCodeFile};
    const auto firstSet = [&parser](const QList<QCommandLineOption> &options) {
        for (const QCommandLineOption &option : options) {
            if (parser.isSet(option))
                return QStringLiteral("--") + option.names().constFirst();
        }
        return QString();
    };

    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty()) {
        if (const QString option = firstSet(printerOptions); !option.isEmpty())
            return usageError(tr("%1 belongs to the printers add/edit commands").arg(option));
        if (parser.isSet(printToken)) {
            for (const QCommandLineOption &option :
                 {listen, tokenFile, demo, onDemand, recordDir}) {
                if (parser.isSet(option))
                    return usageError(tr("--print-token takes no other option than --config"));
            }
            result.action = Action::PrintToken;
            return result;
        }
        result.demo = parser.isSet(demo);
        if (result.demo && parser.isSet(config))
            return usageError(tr("--demo uses settings of its own: give either --demo or "
                                 "--config"));
        result.onDemand = parser.isSet(onDemand);
        if (parser.isSet(recordDir)) {
            result.recordDir = parser.value(recordDir).trimmed();
            if (result.recordDir.isEmpty())
                return usageError(tr("--record-dir needs a folder"));
        }
        if (parser.isSet(listen)) {
            QString error;
            result.listen = ListenAddress::parse(parser.value(listen), &error);
            if (!result.listen)
                return usageError(error);
        }
        if (parser.isSet(tokenFile)) {
            QString error;
            if (!readTokenFile(parser.value(tokenFile), &result.token, &error))
                return usageError(error);
        }
        result.action = Action::Serve;
        return result;
    }

    // printers list|add|edit|remove
    if (positional.constFirst() != QLatin1String("printers"))
        return usageError(
            tr("unknown command “%1”; the command is “printers”").arg(positional.constFirst()));
    if (const QString option = firstSet(serveOptions); !option.isEmpty())
        return usageError(tr("%1 does not go with the printers command").arg(option));
    if (positional.size() < 2)
        return usageError(tr("printers: say list, add, edit or remove"));
    const QString command = positional.at(1);
    const QStringList rest = positional.mid(2);
    if (command == QLatin1String("list")) {
        if (!rest.isEmpty())
            return usageError(tr("printers list takes no argument"));
        if (const QString option = firstSet(printerOptions); !option.isEmpty())
            return usageError(tr("%1 does not go with printers list").arg(option));
        result.action = Action::ListPrinters;
        return result;
    }
    if (command == QLatin1String("remove")) {
        if (rest.size() != 1)
            return usageError(tr("printers remove needs exactly one printer"));
        if (const QString option = firstSet(printerOptions); !option.isEmpty())
            return usageError(tr("%1 does not go with printers remove").arg(option));
        result.action = Action::RemovePrinter;
        result.printer = rest.constFirst();
        return result;
    }
    const bool adding = command == QLatin1String("add");
    if (!adding && command != QLatin1String("edit"))
        return usageError(
            tr("printers: unknown command “%1”; say list, add, edit or remove").arg(command));
    if (adding && !rest.isEmpty())
        return usageError(
            tr("printers add takes options only (unexpected “%1”)").arg(rest.constFirst()));
    if (!adding && rest.size() != 1)
        return usageError(tr("printers edit needs exactly one printer"));
    if (adding && !parser.isSet(name))
        return usageError(tr("printers add needs --name"));
    const bool mjpeg = parser.value(camera).trimmed().compare(
                           PrinterConfig::cameraKindKey(PrinterConfig::CameraKind::MjpegHttp),
                           Qt::CaseInsensitive)
        == 0;
    if (adding && !mjpeg && !parser.isSet(host))
        return usageError(tr("printers add needs --name and --host"));
    if (adding && mjpeg && !parser.isSet(url))
        return usageError(tr("printers add --camera mjpeg-http needs --url"));
    if (parser.isSet(noStatus) && parser.isSet(status))
        return usageError(tr("give either --status or --no-status"));
    if (adding && parser.isSet(status))
        return usageError(tr("--status belongs to printers edit (add reads the status anyway)"));

    PrinterFields &fields = result.fields;
    if (parser.isSet(name))
        fields.name = parser.value(name);
    if (parser.isSet(host))
        fields.host = parser.value(host);
    if (parser.isSet(serial))
        fields.serial = parser.value(serial);
    if (parser.isSet(caFile))
        fields.caFile = parser.value(caFile);
    if (parser.isSet(timelapse)) {
        const QString typed = parser.value(timelapse).trimmed();
        const PrinterConfig::TimelapseChoice choice = PrinterConfig::timelapseChoiceFromKey(typed);
        if (PrinterConfig::timelapseChoiceKey(choice).compare(typed, Qt::CaseInsensitive) != 0)
            return usageError(tr("--timelapse must be default, on or off, not “%1”").arg(typed));
        fields.timelapse = choice;
    }
    if (parser.isSet(port)) {
        fields.port = parsePort(parser.value(port), 1);
        if (!fields.port)
            return usageError(
                tr("--port must be a number from 1 to 65535, not “%1”").arg(parser.value(port)));
    }
    if (parser.isSet(statusPort)) {
        fields.statusPort = parsePort(parser.value(statusPort), 1);
        if (!fields.statusPort)
            return usageError(tr("--status-port must be a number from 1 to 65535, not “%1”")
                                  .arg(parser.value(statusPort)));
    }
    if (parser.isSet(model)) {
        const QString typed = parser.value(model).trimmed();
        if (!typed.isEmpty()
            && PrinterConfig::cameraKindForModel(typed) == PrinterConfig::CameraKind::Automatic)
            return usageError(
                tr("--model “%1” is not a model FarmCam knows (%2)")
                    .arg(typed, PrinterConfig::knownModelNames().join(QStringLiteral(", "))));
        // The name, as the printer dialog's model list keeps it; empty: forget the model.
        fields.model = PrinterConfig::modelName(typed);
    }
    if (parser.isSet(camera)) {
        const QString typed = parser.value(camera).trimmed();
        const PrinterConfig::CameraKind kind = PrinterConfig::cameraKindFromKey(typed);
        if (PrinterConfig::cameraKindKey(kind).compare(typed, Qt::CaseInsensitive) != 0)
            return usageError(
                tr("--camera must be auto, jpeg, rtsps or mjpeg-http, not “%1”").arg(typed));
        fields.cameraKind = kind;
    }
    if (parser.isSet(url))
        fields.cameraUrl = QUrl(parser.value(url).trimmed());
    if (parser.isSet(cameraUser))
        fields.cameraUser = parser.value(cameraUser).trimmed();
    if (parser.isSet(noStatus))
        fields.statusEnabled = false;
    else if (parser.isSet(status))
        fields.statusEnabled = true;
    if (parser.isSet(accessCodeFile))
        fields.accessCodeFile = parser.value(accessCodeFile);
    result.action = adding ? Action::AddPrinter : Action::EditPrinter;
    if (!adding)
        result.printer = rest.constFirst();
    return result;
}
