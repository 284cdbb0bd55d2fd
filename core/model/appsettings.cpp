#include "model/appsettings.h"

#include "record/recordinglibrary.h"

#include <QCoreApplication>
#include <QDir>
#include <QLoggingCategory>
#include <QSet>
#include <QSettings>
#include <QStandardPaths>

namespace {

Q_LOGGING_CATEGORY(lcSettings, "farmcam.model")

QString defaultSnapshotFolder()
{
    QString base = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    if (base.isEmpty())
        base = QDir::homePath();
    return base + QLatin1String("/FarmCam");
}

QString defaultRecordingsFolder()
{
    return RecordingLibrary::defaultRoot();
}

struct KeyInfo
{
    AppSettings::Key key;
    const char *name; // the key in the file
    QMetaType::Type type;
    QVariant fixedDefault;
    QString (*computedDefault)(); // for defaults that depend on the system, else null
};

// The one table: every key, its name in the file, its type and its default.
const KeyInfo kKeys[] = {
    {AppSettings::Key::SnapshotFolder, "snapshots/folder", QMetaType::QString, QVariant(),
     &defaultSnapshotFolder},
    {AppSettings::Key::GridColumns, "window/gridColumns", QMetaType::Int, 0, nullptr},
    {AppSettings::Key::KeepRunningInTray, "tray/keepRunning", QMetaType::Bool, true, nullptr},
    {AppSettings::Key::TrayHintShown, "tray/hintShown", QMetaType::Bool, false, nullptr},
    {AppSettings::Key::NotifyStateChanges, "notifications/stateChanges", QMetaType::Bool, true,
     nullptr},
    {AppSettings::Key::AlertPrintFinished, "notifications/printFinished", QMetaType::Bool, true,
     nullptr},
    {AppSettings::Key::AlertPrintFailed, "notifications/printFailed", QMetaType::Bool, true,
     nullptr},
    {AppSettings::Key::AlertPrintPaused, "notifications/printPaused", QMetaType::Bool, true,
     nullptr},
    {AppSettings::Key::SortByState, "window/sortByState", QMetaType::Bool, false, nullptr},
    {AppSettings::Key::DiscoveryEnabled, "discovery/enabled", QMetaType::Bool, true, nullptr},
    {AppSettings::Key::WindowGeometry, "window/geometry", QMetaType::QByteArray, QByteArray(),
     nullptr},
    {AppSettings::Key::WindowState, "window/state", QMetaType::QByteArray, QByteArray(), nullptr},
    {AppSettings::Key::SharingEnabled, "sharing/enabled", QMetaType::Bool, false, nullptr},
    {AppSettings::Key::SharingAddress, "sharing/address", QMetaType::QString,
     QStringLiteral("127.0.0.1"), nullptr},
    {AppSettings::Key::SharingPort, "sharing/port", QMetaType::Int, 8080, nullptr},
    {AppSettings::Key::SharingCertificateFile, "sharing/certificateFile", QMetaType::QString,
     QString(), nullptr},
    {AppSettings::Key::SharingKeyFile, "sharing/keyFile", QMetaType::QString, QString(), nullptr},
    {AppSettings::Key::RecordingsFolder, "recordings/folder", QMetaType::QString, QVariant(),
     &defaultRecordingsFolder},
    {AppSettings::Key::RecordingsBudgetGB, "recordings/budgetGB", QMetaType::Int, 20, nullptr},
    {AppSettings::Key::RecordingsMinimumFreeGB, "recordings/minimumFreeGB", QMetaType::Int, 1,
     nullptr},
    {AppSettings::Key::RecordingsSegmentMinutes, "recordings/segmentMinutes", QMetaType::Int, 10,
     nullptr},
    {AppSettings::Key::TimelapseEnabled, "timelapse/enabled", QMetaType::Bool, true, nullptr},
    {AppSettings::Key::TimelapseTrigger, "timelapse/trigger", QMetaType::QString,
     QStringLiteral("layer"), nullptr},
    {AppSettings::Key::TimelapseIntervalSeconds, "timelapse/intervalSeconds", QMetaType::Int, 10,
     nullptr},
    {AppSettings::Key::FailureClipsEnabled, "failureClips/enabled", QMetaType::Bool, true, nullptr},
    {AppSettings::Key::FailureClipsMinutesBefore, "failureClips/minutesBefore", QMetaType::Int, 3,
     nullptr},
    {AppSettings::Key::FailureClipsSecondsAfter, "failureClips/secondsAfter", QMetaType::Int, 30,
     nullptr},
};

const KeyInfo &info(AppSettings::Key key)
{
    for (const KeyInfo &entry : kKeys) {
        if (entry.key == key)
            return entry;
    }
    Q_UNREACHABLE(); // every Key has a row: see tst_appsettings' table test
}

QVariant defaultOf(const KeyInfo &entry)
{
    return entry.computedDefault ? QVariant(entry.computedDefault()) : entry.fixedDefault;
}

// Values come back from an INI file as strings: convert to the key's type, or nothing.
QVariant converted(const QVariant &value, QMetaType::Type type)
{
    if (!value.isValid())
        return {};
    QVariant result = value;
    if (!result.convert(QMetaType(type)))
        return {};
    return result;
}

const QLatin1String kPrintersArray("printers");
const QLatin1String kPrinterId("id");
const QLatin1String kPrinterName("name");
const QLatin1String kPrinterHost("host");
const QLatin1String kPrinterPort("port");
const QLatin1String kPrinterSerial("serial");
const QLatin1String kPrinterModel("model");
const QLatin1String kPrinterCameraKind("camera");
const QLatin1String kPrinterCameraUrl("cameraUrl");
const QLatin1String kPrinterCameraUser("cameraUser");
const QLatin1String kPrinterStatusEnabled("statusEnabled");
const QLatin1String kPrinterStatusPort("statusPort");
const QLatin1String kPrinterFingerprint("certificateSha256");
const QLatin1String kPrinterCaFile("caFile");
const QLatin1String kPrinterTimelapse("timelapse");

// A stable id for an entry written by hand without one, so that repeated reads agree.
QUuid fallbackId(int index, const PrinterConfig &config)
{
    static const QUuid kNamespace(QStringLiteral("{6c1d5f0e-5a7b-4d3e-9a57-2f1b8c0e4a11}"));
    return QUuid::createUuidV5(kNamespace,
                               QString::number(index) + u'\n' + config.name + u'\n' + config.host);
}

} // namespace

AppSettings::AppSettings(const QString &filePath, QObject *parent)
    : QObject(parent)
    , m_settings(std::make_unique<QSettings>(filePath, QSettings::IniFormat))
{ }

AppSettings::~AppSettings() = default;

QString AppSettings::defaultFilePath()
{
    // Built explicitly: the organization and application names may not be set yet.
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
        + QLatin1String("/FarmCam/farmcam.conf");
}

QString AppSettings::filePath() const
{
    return m_settings->fileName();
}

QVariant AppSettings::value(Key key) const
{
    const KeyInfo &entry = info(key);
    const QVariant stored = converted(m_settings->value(QLatin1String(entry.name)), entry.type);
    return stored.isValid() ? stored : defaultOf(entry);
}

void AppSettings::setValue(Key key, const QVariant &value)
{
    const KeyInfo &entry = info(key);
    const QVariant before = this->value(key);
    if (!value.isValid()) {
        // An invalid value means "back to the default".
        m_settings->remove(QLatin1String(entry.name));
    } else {
        const QVariant typed = converted(value, entry.type);
        if (!typed.isValid()) {
            qCWarning(lcSettings) << "Ignoring a value of the wrong type for" << key
                                  << value.metaType().name();
            return;
        }
        if (typed == before)
            return; // nothing changes; a default stays implicit

        m_settings->setValue(QLatin1String(entry.name), typed);
    }
    if (this->value(key) != before)
        emit changed(key);
}

QVariant AppSettings::defaultValue(Key key)
{
    return defaultOf(info(key));
}

QString AppSettings::snapshotFolder() const
{
    return value(Key::SnapshotFolder).toString();
}

int AppSettings::gridColumns() const
{
    return value(Key::GridColumns).toInt();
}

bool AppSettings::keepRunningInTray() const
{
    return value(Key::KeepRunningInTray).toBool();
}

bool AppSettings::notifyStateChanges() const
{
    return value(Key::NotifyStateChanges).toBool();
}

bool AppSettings::sortByState() const
{
    return value(Key::SortByState).toBool();
}

bool AppSettings::discoveryEnabled() const
{
    return value(Key::DiscoveryEnabled).toBool();
}

bool AppSettings::sharingEnabled() const
{
    return value(Key::SharingEnabled).toBool();
}

QList<PrinterConfig> AppSettings::printers() const
{
    QList<PrinterConfig> result;
    QSet<QUuid> seen;
    const int count = m_settings->beginReadArray(kPrintersArray);
    for (int i = 0; i < count; ++i) {
        m_settings->setArrayIndex(i);
        PrinterConfig config;
        config.name = m_settings->value(kPrinterName).toString();
        config.host = m_settings->value(kPrinterHost).toString();
        config.serial = m_settings->value(kPrinterSerial).toString();
        config.model = m_settings->value(kPrinterModel).toString();
        // Files written before there were camera kinds have none: automatic, from the model.
        config.cameraKind
            = PrinterConfig::cameraKindFromKey(m_settings->value(kPrinterCameraKind).toString());
        config.cameraUrl = QUrl(m_settings->value(kPrinterCameraUrl).toString());
        config.cameraUser = m_settings->value(kPrinterCameraUser).toString();
        config.statusEnabled = m_settings->value(kPrinterStatusEnabled, true).toBool();
        bool statusPortOk = false;
        const int statusPort
            = m_settings->value(kPrinterStatusPort, PrinterConfig::kDefaultStatusPort)
                  .toInt(&statusPortOk);
        if (statusPortOk && PrinterConfig::portError(statusPort).isEmpty()) {
            config.statusPort = static_cast<quint16>(statusPort);
        } else {
            qCWarning(lcSettings) << "Printer" << i + 1 << "has an invalid status port; using"
                                  << PrinterConfig::kDefaultStatusPort;
        }
        config.certificateFingerprint = m_settings->value(kPrinterFingerprint).toString();
        config.caFile = m_settings->value(kPrinterCaFile).toString();
        // Files written before timelapses have no choice: the farm-wide default.
        config.timelapse = PrinterConfig::timelapseChoiceFromKey(
            m_settings->value(kPrinterTimelapse).toString());
        bool portOk = false;
        const quint16 defaultPort = PrinterConfig::defaultPortFor(config.effectiveCameraKind());
        const int port = m_settings->value(kPrinterPort, defaultPort).toInt(&portOk);
        if (portOk && PrinterConfig::portError(port).isEmpty()) {
            config.port = static_cast<quint16>(port);
        } else {
            config.port = defaultPort;
            if (config.cameraIsPrinter())
                qCWarning(lcSettings)
                    << "Printer" << i + 1 << "has an invalid port; using" << defaultPort;
        }
        config.id = QUuid(m_settings->value(kPrinterId).toString());
        if (config.id.isNull()) {
            qCWarning(lcSettings) << "Printer" << i + 1 << "has no id; deriving one.";
            config.id = fallbackId(i, config);
        }
        if (seen.contains(config.id)) {
            qCWarning(lcSettings) << "Skipping printer" << i + 1 << ": its id is used twice.";
            continue;
        }
        seen.insert(config.id);
        // Other invalid values (a bad host...) are kept: the tile shows the problem and the user
        // can fix it there, rather than finding a printer silently gone.
        result.append(config);
    }
    m_settings->endArray();
    return result;
}

void AppSettings::setPrinters(const QList<PrinterConfig> &printers)
{
    if (printers == this->printers())
        return;
    // Rewrite the whole array: a shorter list must not leave stale entries behind.
    m_settings->remove(kPrintersArray);
    m_settings->beginWriteArray(kPrintersArray, static_cast<int>(printers.size()));
    for (int i = 0; i < printers.size(); ++i) {
        const PrinterConfig &config = printers.at(i);
        m_settings->setArrayIndex(i);
        // Never the access code: it lives in a CredentialStore (PrinterConfig has none to write).
        m_settings->setValue(kPrinterId, config.id.toString());
        m_settings->setValue(kPrinterName, config.name);
        m_settings->setValue(kPrinterHost, config.host);
        m_settings->setValue(kPrinterPort, static_cast<int>(config.port));
        m_settings->setValue(kPrinterSerial, config.serial);
        if (!config.model.isEmpty())
            m_settings->setValue(kPrinterModel, config.model);
        if (config.cameraKind != PrinterConfig::CameraKind::Automatic)
            m_settings->setValue(kPrinterCameraKind,
                                 PrinterConfig::cameraKindKey(config.cameraKind));
        if (!config.cameraUrl.isEmpty())
            m_settings->setValue(kPrinterCameraUrl, config.cameraUrl.toString());
        if (!config.cameraUser.isEmpty())
            m_settings->setValue(kPrinterCameraUser, config.cameraUser);
        if (!config.statusEnabled)
            m_settings->setValue(kPrinterStatusEnabled, false);
        if (config.statusPort != PrinterConfig::kDefaultStatusPort)
            m_settings->setValue(kPrinterStatusPort, static_cast<int>(config.statusPort));
        // Empty values are left out, to keep hand-edited files short.
        if (!config.certificateFingerprint.isEmpty())
            m_settings->setValue(kPrinterFingerprint, config.certificateFingerprint);
        if (!config.caFile.isEmpty())
            m_settings->setValue(kPrinterCaFile, config.caFile);
        if (config.timelapse != PrinterConfig::TimelapseChoice::Default)
            m_settings->setValue(kPrinterTimelapse,
                                 PrinterConfig::timelapseChoiceKey(config.timelapse));
    }
    m_settings->endArray();
    emit printersChanged();
}

bool AppSettings::sync(QString *errorMessage)
{
    if (m_settings->status() != QSettings::NoError) {
        // QSettings keeps its first error for good, so this sync() would report the last one even
        // if it worked. A fresh QSettings on the same file starts with a clean status; the unsaved
        // changes stay pending because Qt shares one in-memory copy of a file among the instances
        // that hold it (hence: the new one is created before the old one goes).
        m_settings = std::make_unique<QSettings>(m_settings->fileName(), QSettings::IniFormat);
    }
    m_settings->sync();
    QString message;
    switch (m_settings->status()) {
    case QSettings::NoError:
        return true;
    case QSettings::AccessError:
        message = QCoreApplication::translate("AppSettings",
                                              "The settings could not be saved to %1. Check that "
                                              "the folder exists and that you may write to it.")
                      .arg(QDir::toNativeSeparators(filePath()));
        break;
    case QSettings::FormatError:
        message = QCoreApplication::translate("AppSettings",
                                              "The settings file %1 is damaged and could not be "
                                              "read.")
                      .arg(QDir::toNativeSeparators(filePath()));
        break;
    }
    qCWarning(lcSettings).noquote() << message;
    if (errorMessage)
        *errorMessage = message;
    return false;
}
