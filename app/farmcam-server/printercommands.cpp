#include "printercommands.h"

#include "servercredentials.h"

#include "model/appsettings.h"
#include "model/printer.h"
#include "model/printerfarm.h"
#include "platform/singleinstance.h"
#include "protocol/sharerequest.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTextStream>

#include <optional>

namespace {

// An access code file holds a few characters; anything much bigger is the wrong file.
constexpr qint64 kMaxAccessCodeFileSize = 4096;

QString tr(const char *text)
{
    return QCoreApplication::translate("PrinterCommands", text);
}

void tell(QTextStream &err, const QString &message)
{
    err << "farmcam-server: " << message << Qt::endl;
}

// The first line, without its line end: what `echo CODE > file` or a terminal gives.
QString firstLine(const QByteArray &bytes)
{
    QString line = QString::fromUtf8(bytes).section(QLatin1Char('\n'), 0, 0);
    while (line.endsWith(QLatin1Char('\r')))
        line.chop(1);
    return line;
}

std::optional<QString> readAccessCode(const QString &path, QTextStream &input, QString *error)
{
    if (path.isEmpty() || path == QLatin1String("-")) {
        const QString line = input.readLine(kMaxAccessCodeFileSize);
        if (line.isNull()) {
            *error = tr("no access code on standard input (give it there, or use "
                        "--access-code-file FILE)");
            return std::nullopt;
        }
        return firstLine(line.toUtf8());
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("cannot read the access code file “%1”: %2")
                     .arg(QDir::toNativeSeparators(path), file.errorString());
        return std::nullopt;
    }
    const QByteArray bytes = file.read(kMaxAccessCodeFileSize + 1);
    if (bytes.size() > kMaxAccessCodeFileSize) {
        *error = tr("the access code file “%1” is too large to hold an access code")
                     .arg(QDir::toNativeSeparators(path));
        return std::nullopt;
    }
    return firstLine(bytes);
}

// A printer named as `printers list` shows it: its id (braces optional), serial, name or slug.
Printer *findPrinter(const PrinterFarm &farm, const QString &key, QString *error)
{
    const QString typed = key.trimmed();
    const QUuid id(typed.startsWith(u'{') ? typed : u'{' + typed + u'}');
    QList<Printer *> matches;
    for (Printer *printer : farm.printers()) {
        const PrinterConfig &config = printer->config();
        if ((!id.isNull() && config.id == id)
            || (!config.serial.isEmpty() && config.serial.compare(typed, Qt::CaseInsensitive) == 0)
            || config.name == typed
            || (!typed.isEmpty() && ShareRequest::slugFor(config.name) == typed))
            matches.append(printer);
    }
    if (matches.size() == 1)
        return matches.constFirst();
    *error = matches.isEmpty()
        ? tr("no printer “%1” (see `farmcam-server printers list`)").arg(typed)
        : tr("“%1” names more than one printer: use its id").arg(typed);
    return nullptr;
}

void apply(const PrinterFields &fields, PrinterConfig *config)
{
    if (fields.name)
        config->name = *fields.name;
    if (fields.host)
        config->host = *fields.host;
    if (fields.port)
        config->port = *fields.port;
    if (fields.serial)
        config->serial = *fields.serial;
    // A port left at the old kind's default follows the new kind (6000 <-> 322), as in the
    // printer dialog; one the user typed stays.
    const quint16 oldDefault = PrinterConfig::defaultPortFor(config->effectiveCameraKind());
    if (fields.model)
        config->model = *fields.model;
    if (fields.cameraKind)
        config->cameraKind = *fields.cameraKind;
    if (fields.cameraUrl)
        config->cameraUrl = *fields.cameraUrl;
    if (fields.cameraUser)
        config->cameraUser = *fields.cameraUser;
    const PrinterConfig::CameraKind kind = config->effectiveCameraKind();
    if (!fields.port && kind != PrinterConfig::CameraKind::MjpegHttp && config->port == oldDefault)
        config->port = PrinterConfig::defaultPortFor(kind);
    if (fields.statusEnabled)
        config->statusEnabled = *fields.statusEnabled;
    if (fields.statusPort)
        config->statusPort = *fields.statusPort;
    if (fields.caFile)
        config->caFile = *fields.caFile;
    if (fields.timelapse)
        config->timelapse = *fields.timelapse;
}

void list(const PrinterFarm &farm, QTextStream &out)
{
    // One printer a line, tab-separated, in display order (the man page names the columns).
    for (const Printer *printer : farm.printers()) {
        const PrinterConfig &config = printer->config();
        const bool hasCode = !farm.accessCode(config.id).isEmpty();
        out << config.id.toString(QUuid::WithoutBraces) << '\t'
            << ShareRequest::slugFor(config.name) << '\t' << config.name << '\t' << config.host
            << '\t' << config.port << '\t' << PrinterConfig::modelName(config.model) << '\t'
            << config.serial << '\t' << PrinterConfig::cameraKindKey(config.effectiveCameraKind())
            << (config.cameraKind == PrinterConfig::CameraKind::Automatic ? "(auto)" : "")
            << (config.cameraUrl.isEmpty() ? QString()
                                           : u' ' + config.cameraUrl.toString(QUrl::RemoveUserInfo))
            << '\t'
            << (config.statusEnabled ? QStringLiteral("status:%1").arg(config.statusPort)
                                     : QStringLiteral("status:off"))
            << '\t' << (hasCode ? "code:stored" : "code:missing") << '\t'
            << (!config.caFile.isEmpty()
                    ? QStringLiteral("ca:%1").arg(config.caFile)
                    : (config.certificateFingerprint.isEmpty()
                           ? QStringLiteral("pin:none")
                           : QStringLiteral("pin:") + config.certificateFingerprint))
            << '\n';
    }
    out.flush();
}

} // namespace

ServerExitCode PrinterCommands::run(const ServerCommandLine &commandLine, QTextStream &out,
                                    QTextStream &err, QTextStream &input)
{
    const QString file = commandLine.configFile.isEmpty() ? AppSettings::defaultFilePath()
                                                          : commandLine.configFile;
    const bool changes = commandLine.action != ServerCommandLine::Action::ListPrinters;

    // A FarmCam that runs with this file keeps its own copy of the printers and would write it
    // back over these changes.
    SingleInstance instance(SingleInstance::keyFor(file));
    if (changes) {
        switch (instance.claim()) {
        case SingleInstance::Role::Primary:
        case SingleInstance::Role::Unclaimed:
        case SingleInstance::Role::Unavailable:
            break;
        case SingleInstance::Role::AlreadyRunning:
        case SingleInstance::Role::Unresponsive:
            tell(err,
                 tr("FarmCam (the app or farmcam-server) is running with %1: stop it first, "
                    "or it would write its own list of printers over this change.")
                     .arg(QDir::toNativeSeparators(file)));
            return ServerExitCode::Failure;
        }
    }
    if (!changes && !QFileInfo::exists(file)) {
        tell(err, tr("%1 does not exist yet: no printers.").arg(QDir::toNativeSeparators(file)));
        return ServerExitCode::Success;
    }

    AppSettings settings(file);
    QList<QUuid> ids;
    const QList<PrinterConfig> configs = settings.printers();
    for (const PrinterConfig &config : configs)
        ids.append(config.id);
    ServerCredentials credentials;
    credentials.open(ids);
    PrinterFarm farm(&settings, credentials.store());
    farm.setAutoStart(false); // change the list, dial nothing
    farm.load();

    QString error;
    Printer *target = nullptr;
    switch (commandLine.action) {
    case ServerCommandLine::Action::ListPrinters:
        list(farm, out);
        return ServerExitCode::Success;
    case ServerCommandLine::Action::AddPrinter: {
        PrinterConfig config;
        apply(commandLine.fields, &config);
        // A stream's token or password is optional: only read when a file (or -) is named.
        const bool optionalSecret = !config.cameraIsPrinter();
        const std::optional<QString> code = optionalSecret && !commandLine.fields.accessCodeFile
            ? std::optional<QString>(QString())
            : readAccessCode(commandLine.fields.accessCodeFile.value_or(QString()), input, &error);
        if (!code) {
            tell(err, error);
            return ServerExitCode::UsageError;
        }
        target = farm.addPrinter(config, *code, &error);
        if (!target)
            break;
        out << target->id().toString(QUuid::WithoutBraces) << '\n';
        out.flush();
        tell(err, tr("Added %1.").arg(target->name()));
        break;
    }
    case ServerCommandLine::Action::EditPrinter: {
        target = findPrinter(farm, commandLine.printer, &error);
        if (!target)
            break;
        PrinterConfig config = target->config();
        apply(commandLine.fields, &config);
        QString code = farm.accessCode(config.id);
        if (commandLine.fields.accessCodeFile) {
            const std::optional<QString> read
                = readAccessCode(*commandLine.fields.accessCodeFile, input, &error);
            if (!read) {
                tell(err, error);
                return ServerExitCode::UsageError;
            }
            code = *read;
        }
        if (!farm.updatePrinter(config, code, &error)) {
            target = nullptr;
            break;
        }
        tell(err, tr("Changed %1.").arg(config.name.trimmed()));
        break;
    }
    case ServerCommandLine::Action::RemovePrinter: {
        target = findPrinter(farm, commandLine.printer, &error);
        if (!target)
            break;
        const QString name = target->name();
        if (!farm.removePrinter(target->id(), &error)) {
            target = nullptr;
            break;
        }
        tell(err, tr("Removed %1.").arg(name));
        break;
    }
    default:
        Q_UNREACHABLE();
    }
    if (!target) {
        tell(err, error);
        return ServerExitCode::Failure;
    }
    if (!credentials.finishWrites(&error)) {
        tell(err, error);
        return ServerExitCode::Failure;
    }
    return ServerExitCode::Success;
}
