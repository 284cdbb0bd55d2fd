#include "model/printerfarm.h"

#include "frames/framehub.h"
#include "model/appsettings.h"
#include "model/credentialstore.h"
#include "model/printer.h"
#include "net/certificatecheck.h"
#include "net/statusconnection.h"

#include <QHostAddress>

#include <QLoggingCategory>
#include <QTimer>

#include <memory>

#include <utility>

namespace {

Q_LOGGING_CATEGORY(lcFarm, "farmcam.model")

void setError(QString *errorMessage, const QString &message)
{
    if (errorMessage)
        *errorMessage = message;
}

// What the dialogs hand over may carry stray spaces around the name or address.
PrinterConfig normalized(PrinterConfig config)
{
    config.name = config.name.trimmed();
    config.host = config.host.trimmed();
    config.serial = config.serial.trimmed();
    config.caFile = config.caFile.trimmed();
    config.cameraUser = config.cameraUser.trimmed();
    if (config.effectiveCameraKind() == PrinterConfig::CameraKind::MjpegHttp) {
        // The stream's server is the address the farm compares and the tile shows. It speaks
        // no MQTT, and its secret is no printer's access code.
        config.host = config.cameraUrl.host();
        config.port = quint16(
            config.cameraUrl.port(config.cameraUrl.scheme() == QLatin1String("https") ? 443 : 80));
        config.statusEnabled = false;
    }
    // One spelling of the pin, so comparisons and the settings file stay simple. A pin that is
    // not a fingerprint is kept as it is: the camera then refuses to connect (InvalidSettings)
    // instead of silently trusting whatever it meets next.
    if (const QString pin = TlsTrust::normalizeFingerprint(config.certificateFingerprint);
        !pin.isEmpty())
        config.certificateFingerprint = pin;
    return config;
}

} // namespace

PrinterFarm::PrinterFarm(AppSettings *settings, CredentialStore *credentials, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_credentials(credentials)
    , m_lastHealth(FarmHealth::summarize({}))
    , m_livenessTick(new QTimer(this))
{
    m_livenessTick->setInterval(1000);
    connect(m_livenessTick, &QTimer::timeout, this, [this] {
        for (Printer *printer : std::as_const(m_printers))
            updateLiveness(printer);
        updateHealth(); // the tooltip says how long a stalled camera has been quiet
    });
}

PrinterFarm::~PrinterFarm()
{
    // Delete the printers while the farm is still whole: their cameras must not report a last
    // state change into a half-destroyed farm.
    for (Printer *printer : std::as_const(m_printers)) {
        disconnect(printer->camera(), nullptr, this, nullptr);
        disconnect(printer->frames(), nullptr, this, nullptr);
    }
    qDeleteAll(std::exchange(m_printers, {}));
}

void PrinterFarm::setPersistent(bool persistent)
{
    m_persistent = persistent;
}

void PrinterFarm::load()
{
    // Start over if called again; storage is not touched.
    const QList<Printer *> old = std::exchange(m_printers, {});
    for (Printer *printer : old) {
        disconnect(printer->camera(), nullptr, this, nullptr);
        disconnect(printer->frames(), nullptr, this, nullptr);
        disconnect(printer, nullptr, this, nullptr);
        printer->stop();
        emit printerRemoved(printer->id());
        printer->deleteLater();
    }
    m_tracking.clear();
    m_codes.clear();
    m_skipped.clear();

    if (m_settings) {
        const QList<PrinterConfig> configs = m_settings->printers();
        for (const PrinterConfig &config : configs) {
            // A settings file edited by hand may name one printer twice: a second connection
            // would take the camera's other viewer place. The first entry wins; the other is kept
            // in the file as it is, for the user to correct, but not connected.
            PrinterConfig::Overlap overlap = PrinterConfig::Overlap::None;
            const qsizetype existing
                = PrinterConfig::indexOfOverlap(configsInUse(), config, &overlap);
            if (existing >= 0 || printer(config.id)) {
                const QString other = existing >= 0 ? m_printers.at(existing)->name() : config.name;
                qCWarning(lcFarm).noquote()
                    << "Not connecting" << config.name << "from" << m_settings->filePath() << "—"
                    << (existing >= 0 ? PrinterConfig::overlapError(overlap, other) + u' '
                                + PrinterConfig::overlapReason()
                                      : tr("Its id is used by another entry."))
                    << "The entry stays in the file; remove it there, or remove the other printer.";
                m_skipped.append(config);
                continue;
            }
            const QString code = m_credentials
                ? m_credentials->accessCode(config.id).value_or(QString())
                : QString();
            if (code.isEmpty())
                qCInfo(lcFarm) << "No access code stored for" << config.name;
            else if (m_credentials)
                m_credentials->setPrinterName(config.id, config.name); // e.g. the keyring's label
            m_codes.insert(config.id, code);
            adopt(new Printer(config, code, this));
        }
    }
    updateHealth();
}

Printer *PrinterFarm::printer(const QUuid &id) const
{
    for (Printer *printer : m_printers) {
        if (printer->id() == id)
            return printer;
    }
    return nullptr;
}

Printer *PrinterFarm::addPrinter(const PrinterConfig &input, const QString &accessCode,
                                 QString *errorMessage)
{
    return addPrinter(input, accessCode, nullptr, errorMessage);
}

Printer *PrinterFarm::addPrinter(const PrinterConfig &input, const QString &accessCode,
                                 CameraSource *camera, QString *errorMessage)
{
    // Owned from here on, whatever happens.
    std::unique_ptr<CameraSource> ownedCamera(camera);
    PrinterConfig config = normalized(input);
    if (config.id.isNull()) {
        config.id = QUuid::createUuid();
    } else if (printer(config.id)) {
        setError(errorMessage, tr("This printer has been added already."));
        return nullptr;
    }
    if (const QString error = validate(config, accessCode); !error.isEmpty()) {
        setError(errorMessage, error);
        return nullptr;
    }

    if (m_persistent) {
        if (!m_credentials->setAccessCode(config.id, accessCode, errorMessage))
            return nullptr;
        QList<PrinterConfig> list = configs();
        list.append(config);
        if (!saveConfigs(list, errorMessage)) {
            QString ignored;
            if (!m_credentials->removeAccessCode(config.id, &ignored))
                qCWarning(lcFarm) << "Could not take back the access code of" << config.name;
            return nullptr;
        }
        m_credentials->setPrinterName(config.id, config.name);
    }

    m_codes.insert(config.id, accessCode);
    auto *printer = ownedCamera ? new Printer(config, accessCode, ownedCamera.release(), this)
                                : new Printer(config, accessCode, this);
    adopt(printer);
    updateHealth();
    return printer;
}

bool PrinterFarm::updatePrinter(const PrinterConfig &input, const QString &accessCode,
                                QString *errorMessage)
{
    const PrinterConfig config = normalized(input);
    Printer *target = printer(config.id);
    if (!target) {
        setError(errorMessage, tr("This printer is no longer in the list."));
        return false;
    }
    if (const QString error = validate(config, accessCode); !error.isEmpty()) {
        setError(errorMessage, error);
        return false;
    }

    if (m_persistent) {
        const std::optional<QString> oldCode = m_credentials->accessCode(config.id);
        if (oldCode != accessCode
            && !m_credentials->setAccessCode(config.id, accessCode, errorMessage))
            return false;
        QList<PrinterConfig> list = configs();
        list[m_printers.indexOf(target)] = config;
        if (!saveConfigs(list, errorMessage)) {
            QString ignored;
            const bool restored = oldCode
                ? m_credentials->setAccessCode(config.id, *oldCode, &ignored)
                : m_credentials->removeAccessCode(config.id, &ignored);
            if (!restored)
                qCWarning(lcFarm) << "Could not restore the access code of" << config.name;
            return false;
        }
        m_credentials->setPrinterName(config.id, config.name); // renamed: the label follows
    }

    m_codes.insert(config.id, accessCode);
    // The camera redials when the endpoint changed: that is the user's doing, not news.
    m_reconfiguring = target;
    target->setConfig(config, accessCode);
    m_reconfiguring = nullptr;
    updateHealth();
    return true;
}

bool PrinterFarm::trustCertificate(const QUuid &id, const QString &fingerprint,
                                   QString *errorMessage)
{
    Printer *target = printer(id);
    if (!target) {
        setError(errorMessage, tr("This printer is no longer in the list."));
        return false;
    }
    const QString pin = TlsTrust::normalizeFingerprint(fingerprint);
    if (pin.isEmpty()) {
        setError(errorMessage, tr("That is not a SHA-256 certificate fingerprint."));
        return false;
    }
    PrinterConfig config = target->config();
    config.certificateFingerprint = pin;
    if (!updatePrinter(config, accessCode(id), errorMessage))
        return false;
    target->start(); // it stopped at the mismatch; no-op when it is already running
    return true;
}

bool PrinterFarm::removePrinter(const QUuid &id, QString *errorMessage)
{
    Printer *target = printer(id);
    if (!target) {
        setError(errorMessage, tr("This printer is no longer in the list."));
        return false;
    }

    if (m_persistent) {
        const std::optional<QString> oldCode = m_credentials->accessCode(id);
        if (!m_credentials->removeAccessCode(id, errorMessage))
            return false;
        QList<PrinterConfig> list = configs();
        list.removeAt(m_printers.indexOf(target));
        if (!saveConfigs(list, errorMessage)) {
            QString ignored;
            if (oldCode && !m_credentials->setAccessCode(id, *oldCode, &ignored))
                qCWarning(lcFarm) << "Could not restore the access code of" << target->name();
            return false;
        }
    }

    disconnect(target->camera(), nullptr, this, nullptr);
    disconnect(target->frames(), nullptr, this, nullptr);
    disconnect(target, nullptr, this, nullptr);
    target->stop();
    m_printers.removeOne(target);
    m_tracking.remove(id);
    m_codes.remove(id);
    m_ignoredAddresses.remove(id);
    emit printerRemoved(id);
    target->deleteLater();
    updateHealth();
    return true;
}

void PrinterFarm::setOrder(const QList<QUuid> &ids)
{
    QList<Printer *> reordered;
    reordered.reserve(ids.size());
    for (const QUuid &id : ids) {
        Printer *p = printer(id);
        if (!p || reordered.contains(p)) {
            qCWarning(lcFarm) << "Ignoring an order that is not a permutation of the printers.";
            return;
        }
        reordered.append(p);
    }
    if (reordered.size() != m_printers.size()) {
        qCWarning(lcFarm) << "Ignoring an order that is not a permutation of the printers.";
        return;
    }
    if (reordered == m_printers)
        return;
    m_printers = reordered;
    if (m_persistent) {
        QString error;
        if (!savePrinters(&error))
            qCWarning(lcFarm).noquote() << "The new order was not saved:" << error;
    }
    emit printersReordered();
    updateHealth(); // the tooltip lists the printers in order
}

QString PrinterFarm::accessCode(const QUuid &id) const
{
    if (m_persistent && m_credentials)
        return m_credentials->accessCode(id).value_or(QString());
    return m_codes.value(id);
}

FarmHealth::Summary PrinterFarm::health() const
{
    QList<FarmHealth::PrinterStatus> statuses;
    statuses.reserve(m_printers.size());
    for (const Printer *printer : m_printers) {
        const CameraSource *camera = printer->camera();
        const PrintStatus print = printer->printStatus();
        const bool stale = camera->state() == CameraSource::State::Up && !printer->isLive();
        const QString statusText = stale
            ? tr("No new picture for %1 s").arg(camera->stats().lastFrameAgeMs / 1000)
            : camera->statusText();
        statuses.append(FarmHealth::PrinterStatus{printer->name(), camera->state(),
                                                  camera->lastFailure(), statusText, print.state,
                                                  print.isPausedForError(), print.percent, stale});
    }
    return FarmHealth::summarize(statuses);
}

void PrinterFarm::startAll()
{
    for (Printer *printer : std::as_const(m_printers))
        printer->start();
}

void PrinterFarm::stopAll()
{
    for (Printer *printer : std::as_const(m_printers))
        printer->stop();
}

void PrinterFarm::adopt(Printer *printer)
{
    m_printers.append(printer);
    m_tracking.insert(printer->id(), Tracking{printer->isLive(), false, {}});
    const auto watchCamera = [this, printer](CameraSource *camera) {
        connect(camera, &CameraSource::stateChanged, this,
                [this, printer] { updateLiveness(printer); });
    };
    watchCamera(printer->camera());
    connect(printer, &Printer::cameraReplaced, this,
            [this, printer, watchCamera](CameraSource *camera) {
                watchCamera(camera); // the old one is deleted later, and its connections with it
                updateLiveness(printer);
            });
    connect(printer->frames(), &FrameHub::frameArrived, this, [this, printer] {
        if (const auto it = m_tracking.constFind(printer->id());
            it != m_tracking.constEnd() && !it->live)
            updateLiveness(printer); // a stalled stream that moves again is back at once
    });
    m_livenessTick->start();
    connect(printer, &Printer::configChanged, this, &PrinterFarm::updateHealth);
    connect(printer, &Printer::certificatePinned, this, [this] {
        QString error;
        if (m_persistent && !savePrinters(&error))
            qCWarning(lcFarm) << "Could not save a pinned certificate:" << error;
    });
    connect(printer, &Printer::serialLearned, this, [this] {
        QString error;
        if (m_persistent && !savePrinters(&error))
            qCWarning(lcFarm) << "Could not save a learned serial number:" << error;
    });
    connect(printer, &Printer::printStatusChanged, this,
            [this, printer](const PrintStatus &status) { onPrintStatusChanged(printer, status); });
    // Announced before its camera starts, so that listeners see the printer before its states.
    emit printerAdded(printer);
    if (m_autoStart)
        printer->start();
}

bool PrinterFarm::savePrinters(QString *errorMessage)
{
    return saveConfigs(configs(), errorMessage);
}

bool PrinterFarm::saveConfigs(const QList<PrinterConfig> &list, QString *errorMessage)
{
    if (!m_settings)
        return true;
    const QList<PrinterConfig> previous = m_settings->printers();
    m_settings->setPrinters(list);
    if (m_settings->sync(errorMessage))
        return true;
    // Take the change back, so that a later successful sync() does not write it after all.
    m_settings->setPrinters(previous);
    return false;
}

QList<PrinterConfig> PrinterFarm::configs() const
{
    // After the printers, so that list[m_printers.indexOf(printer)] is that printer's entry.
    return configsInUse() + m_skipped;
}

QList<PrinterConfig> PrinterFarm::configsInUse() const
{
    QList<PrinterConfig> list;
    list.reserve(m_printers.size());
    for (const Printer *printer : m_printers)
        list.append(printer->config());
    return list;
}

QString PrinterFarm::validate(const PrinterConfig &config, const QString &accessCode) const
{
    const bool stream = !config.cameraIsPrinter();
    for (const QString &error : {PrinterConfig::nameError(config.name),
                                 stream ? PrinterConfig::cameraUrlError(config.cameraUrl)
                                        : PrinterConfig::hostError(config.host),
                                 PrinterConfig::portError(config.port),
                                 stream ? PrinterConfig::streamSecretError(accessCode)
                                        : PrinterConfig::accessCodeError(accessCode),
                                 PrinterConfig::serialError(config.serial)}) {
        if (!error.isEmpty())
            return error;
    }
    // Against the printers in use only: an entry skipped at load() is no reason to refuse.
    const QList<PrinterConfig> inUse = configsInUse();
    PrinterConfig::Overlap overlap = PrinterConfig::Overlap::None;
    if (const qsizetype existing = PrinterConfig::indexOfOverlap(inUse, config, &overlap);
        existing >= 0)
        return PrinterConfig::overlapError(overlap, inUse.at(existing).name) + u' '
            + PrinterConfig::overlapReason();
    if (m_persistent && !m_credentials)
        return tr("There is no place to store the access code.");
    return {};
}

void PrinterFarm::updateLiveness(Printer *printer)
{
    const auto it = m_tracking.find(printer->id());
    if (it == m_tracking.end())
        return;
    const bool wasLive = it->live;
    const bool live = printer->isLive();
    const CameraSource::State state = printer->camera()->state();
    it->live = live;

    FarmHealth::Transition transition = FarmHealth::Transition::None;
    if (printer == m_reconfiguring || state == CameraSource::State::Idle) {
        it->wentOffline = false; // the user changed or stopped it: nothing to announce later
    } else {
        switch (FarmHealth::classifyLiveness(wasLive, live, state)) {
        case FarmHealth::Transition::None:
            break;
        case FarmHealth::Transition::WentOffline:
            if (!it->wentOffline) // a stall, then the watchdog's failure: one outage
                transition = FarmHealth::Transition::WentOffline;
            it->wentOffline = true;
            break;
        case FarmHealth::Transition::CameBack:
            // Only after having gone offline: a first connection is not news.
            if (it->wentOffline)
                transition = FarmHealth::Transition::CameBack;
            it->wentOffline = false;
            break;
        }
    }

    updateHealth();
    if (transition != FarmHealth::Transition::None)
        emit printerTransition(printer, transition);
}

void PrinterFarm::onPrintStatusChanged(Printer *printer, const PrintStatus &status)
{
    const auto it = m_tracking.find(printer->id());
    if (it == m_tracking.end())
        return;
    // Reachability is the camera's business (printerTransition); here only the print counts.
    PrintAlerts::Observation after;
    after.state = status.state;
    after.printError = status.printError;
    after.online = true;
    after.jobName = status.jobName;
    PrintAlerts::Observation before = it->print;
    before.online = true;
    it->print = after;

    updateHealth();
    for (const PrintAlerts::Kind kind : PrintAlerts::alertsFor(before, after)) {
        if (kind == PrintAlerts::Kind::PrinterOffline
            || kind == PrintAlerts::Kind::PrinterBackOnline)
            continue;
        emit printAlert(printer, PrintAlerts::describe(kind, printer->name(), after));
    }
}

bool PrinterFarm::followAnnouncedAddress(const QString &serial, const QString &address)
{
    const QHostAddress announced(address);
    if (serial.isEmpty() || announced.isNull())
        return false;
    Printer *printer = nullptr;
    for (Printer *candidate : std::as_const(m_printers)) {
        if (candidate->config().serial.compare(serial, Qt::CaseInsensitive) == 0) {
            printer = candidate;
            break;
        }
    }
    if (!printer)
        return false;
    const PrinterConfig config = printer->config();
    const QHostAddress current(config.host);
    // A host name is the user's way to follow the printer; an equal address needs nothing.
    if (current.isNull() || current.isEqual(announced) || m_addressChecks.contains(config.id))
        return false;
    const QString newHost = announced.toString();
    constexpr qint64 kDecisionKeptSeconds = 10 * 60;
    if (const auto ignored = m_ignoredAddresses.constFind(config.id);
        ignored != m_ignoredAddresses.constEnd() && ignored->first == newHost
        && ignored->second.secsTo(QDateTime::currentDateTimeUtc()) < kDecisionKeptSeconds)
        return false;
    const auto ignore = [this, printer, &newHost](const QString &reason) {
        qCInfo(lcFarm).noquote() << "Not following" << printer->name() << "to" << newHost << "—"
                                 << reason;
        m_ignoredAddresses.insert(printer->id(), {newHost, QDateTime::currentDateTimeUtc()});
        emit announcementIgnored(printer, newHost, reason);
        return false;
    };
    if (config.certificateFingerprint.isEmpty() && config.caFile.isEmpty())
        return ignore(tr("its certificate is not pinned yet, so the announcement cannot be "
                         "verified."));
    if (printer->camera()->state() == CameraSource::State::Up
        || printer->statusConnection()->state() == StatusConnection::State::Up)
        return ignore(tr("it is still reachable at %1.").arg(config.host));

    m_addressChecks.insert(config.id, newHost);
    auto *check = new CertificateCheck(this);
    connect(
        check, &CertificateCheck::finished, this,
        [this, check, id = config.id, newHost](const QString &fingerprint, const QString &error) {
            check->deleteLater();
            m_addressChecks.remove(id);
            onAddressChecked(id, newHost, fingerprint, error);
        });
    check->start(newHost, config.port, config.trust());
    return true;
}

void PrinterFarm::onAddressChecked(const QUuid &id, const QString &newHost,
                                   const QString &fingerprint, const QString &error)
{
    Printer *printer = this->printer(id);
    if (!printer)
        return; // removed meanwhile
    const PrinterConfig config = printer->config(); // a copy: updatePrinter changes it
    QString reason;
    if (!error.isEmpty())
        reason = tr("no TLS handshake there: %1").arg(error);
    else if (!config.trust().accepts(fingerprint))
        reason = tr("the host there presents another certificate than the printer's.");
    if (!reason.isEmpty()) {
        qCWarning(lcFarm).noquote()
            << "Not following" << config.name << "to" << newHost << "—" << reason;
        m_ignoredAddresses.insert(id, {newHost, QDateTime::currentDateTimeUtc()});
        emit announcementIgnored(printer, newHost, reason);
        return;
    }
    m_ignoredAddresses.remove(id);
    PrinterConfig moved = config;
    moved.host = newHost;
    QString saveError;
    if (!updatePrinter(moved, accessCode(config.id), &saveError)) {
        qCWarning(lcFarm) << "Could not follow" << config.name
                          << "to its new address:" << saveError;
        return;
    }
    qCInfo(lcFarm) << config.name << "moved from" << config.host << "to" << moved.host;
    emit printerAddressFollowed(printer, config.host, moved.host);
}

void PrinterFarm::updateHealth()
{
    const FarmHealth::Summary summary = health();
    if (summary == m_lastHealth)
        return;
    m_lastHealth = summary;
    emit healthChanged(summary);
}
