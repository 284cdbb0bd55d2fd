#include "trayicon.h"

#include "camera/camerasource.h"
#include "model/appsettings.h"
#include "model/printer.h"
#include "model/printerfarm.h"
#include "trayicons.h"

#include <QAction>
#include <QCursor>
#include <QDesktopServices>
#include <QDir>
#include <QLoggingCategory>
#include <QMenu>
#include <QStringList>
#include <QSystemTrayIcon>
#include <QTimer>
#include <QToolTip>
#include <QUrl>

#include <utility>

namespace {

Q_LOGGING_CATEGORY(lcTray, "farmcam.ui")

constexpr int kMaxToolTipPrinters = 10;
constexpr qsizetype kMaxToolTipLine = 80;
constexpr std::chrono::milliseconds kDefaultNotificationDelay{2000};
// Printers come back one by one after an outage (each camera's backoff has its own rhythm): their
// return is collected for longer than bad news, so that a farm coming back is one bubble.
constexpr std::chrono::milliseconds kDefaultBackOnlineDelay{30000};
constexpr qsizetype kMaxNamesInNotification = 3;
constexpr int kNotificationTimeoutMs = 8000;

// "Garage P1S: Access code rejected by 192.168.1.20:6000 — check the code…" -> the part before
// the advice, and never longer than a tooltip line should be.
QString shortLine(const QString &line)
{
    static const QString kAdviceSeparator = QStringLiteral(" — ");
    QString result = line;
    if (const qsizetype advice = result.indexOf(kAdviceSeparator); advice > 0)
        result.truncate(advice);
    if (result.size() > kMaxToolTipLine)
        result = result.left(kMaxToolTipLine - 1).trimmed() + QChar(0x2026);
    return result;
}

// "A", "A and B", "A, B and C", "A, B, C and D", "A, B, C and 21 more": a bubble has room for a
// few names, not for a farm.
QString joinNames(const QStringList &names)
{
    if (names.size() <= 1)
        return names.value(0);
    if (names.size() > kMaxNamesInNotification + 1) {
        return TrayIcon::tr("%1 and %2 more")
            .arg(names.mid(0, kMaxNamesInNotification).join(QLatin1String(", ")))
            .arg(names.size() - kMaxNamesInNotification);
    }
    return TrayIcon::tr("%1 and %2")
        .arg(names.mid(0, names.size() - 1).join(QLatin1String(", ")), names.last());
}

} // namespace

TrayIcon::TrayIcon(PrinterFarm *farm, AppSettings *settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_tray(new QSystemTrayIcon(this))
    , m_menu(std::make_unique<QMenu>())
    , m_notifyTimer(new QTimer(this))
    , m_notificationDelay(kDefaultNotificationDelay)
    , m_backOnlineDelay(kDefaultBackOnlineDelay)
{
    m_showHideAction = m_menu->addAction(tr("&Show / Hide FarmCam"));
    m_showHideAction->setObjectName(QStringLiteral("showHideAction"));
    m_snapshotAllAction = m_menu->addAction(tr("Snapshot &All"));
    m_snapshotAllAction->setObjectName(QStringLiteral("snapshotAllAction"));
    m_menu->addSeparator();
    QAction *quit = m_menu->addAction(tr("&Quit FarmCam"));
    quit->setObjectName(QStringLiteral("quitAction"));
    connect(m_showHideAction, &QAction::triggered, this, &TrayIcon::showHideRequested);
    connect(m_snapshotAllAction, &QAction::triggered, this, &TrayIcon::snapshotAllRequested);
    connect(quit, &QAction::triggered, this, &TrayIcon::quitRequested);
    m_tray->setContextMenu(m_menu.get());

    connect(m_tray, &QSystemTrayIcon::activated, this,
            [this](QSystemTrayIcon::ActivationReason reason) {
                if (reason == QSystemTrayIcon::Trigger)
                    emit showHideRequested();
            });

    m_notifyTimer->setSingleShot(true);
    connect(m_notifyTimer, &QTimer::timeout, this, &TrayIcon::postPending);
    connect(m_tray, &QSystemTrayIcon::messageClicked, this, &TrayIcon::onMessageClicked);

    // Pushed by the farm on every change: the tray never polls.
    connect(farm, &PrinterFarm::healthChanged, this, &TrayIcon::onHealthChanged);
    connect(farm, &PrinterFarm::printerTransition, this, &TrayIcon::onPrinterTransition);
    connect(farm, &PrinterFarm::printAlert, this,
            [this](Printer *, const PrintAlerts::Alert &alert) { onPrintAlert(alert); });
    const FarmHealth::Summary health = farm->health();
    m_appearance = appearanceFor(health);
    m_tray->setIcon(TrayIcons::statusIcon(m_appearance.color));
    m_tray->setToolTip(m_appearance.toolTip);
    m_snapshotAllAction->setEnabled(health.live > 0);

    if (isAvailable())
        m_tray->show();
    else
        qCInfo(lcTray) << "No system tray on this desktop; running without a tray icon.";
}

TrayIcon::~TrayIcon()
{
    // The tray icon refers to the menu: take it away before the menu goes.
    m_tray->setContextMenu(nullptr);
}

bool TrayIcon::isAvailable()
{
    return QSystemTrayIcon::isSystemTrayAvailable();
}

TrayIcon::Appearance TrayIcon::appearanceFor(const FarmHealth::Summary &summary)
{
    Appearance appearance;
    appearance.level = summary.level;
    appearance.color = FarmHealth::colorFor(summary);

    const QStringList lines = summary.tooltip.split(u'\n');
    QStringList shown{lines.value(0)};
    const qsizetype printerLines = lines.size() - 1;
    for (qsizetype i = 1; i < lines.size() && shown.size() <= kMaxToolTipPrinters; ++i)
        shown.append(shortLine(lines.at(i)));
    if (printerLines > kMaxToolTipPrinters)
        shown.append(tr("… and %1 more").arg(printerLines - kMaxToolTipPrinters));
    appearance.toolTip = shown.join(u'\n');
    return appearance;
}

TrayIcon::Notification TrayIcon::notificationFor(const QList<Event> &events)
{
    QStringList offline;
    QStringList back;
    QString offlineReason;
    for (const Event &event : events) {
        if (event.transition == FarmHealth::Transition::WentOffline) {
            offline.append(event.printerName);
            offlineReason = event.reason;
        } else if (event.transition == FarmHealth::Transition::CameBack) {
            back.append(event.printerName);
        }
    }

    Notification notification;
    QStringList lines;
    if (offline.size() == 1) {
        const QString reason = offlineReason.trimmed();
        lines.append(reason.isEmpty() ? tr("%1 went offline").arg(offline.first())
                                      : tr("%1 went offline: %2").arg(offline.first(), reason));
    } else if (offline.size() > 1) {
        lines.append(
            tr("%1 printers went offline: %2").arg(offline.size()).arg(joinNames(offline)));
    }
    if (back.size() == 1)
        lines.append(tr("%1 is back").arg(back.first()));
    else if (back.size() > 1)
        lines.append(tr("%1 are back").arg(joinNames(back)));
    if (lines.isEmpty())
        return notification;

    notification.warning = !offline.isEmpty();
    if (!offline.isEmpty())
        notification.title = offline.size() == 1 ? tr("Camera offline") : tr("Cameras offline");
    else
        notification.title
            = back.size() == 1 ? tr("Camera back online") : tr("Cameras back online");
    notification.message = lines.join(u'\n');
    return notification;
}

TrayIcon::Notification TrayIcon::notificationFor(const QList<PrintAlerts::Alert> &alerts)
{
    Notification notification;
    if (alerts.isEmpty())
        return notification;
    QStringList lines;
    for (const PrintAlerts::Alert &alert : alerts) {
        lines.append(alert.message);
        notification.warning = notification.warning || alert.warning;
    }
    notification.title = alerts.size() == 1 ? alerts.first().title
                                            : tr("%1 printers need attention").arg(alerts.size());
    notification.message = lines.join(u'\n');
    return notification;
}

TrayIcon::Notification TrayIcon::snapshotNotificationFor(int saved, int failed,
                                                         const QString &folder)
{
    Notification notification;
    QStringList lines;
    const QString where = QDir::toNativeSeparators(folder);
    if (saved == 1)
        lines.append(tr("Saved 1 snapshot in %1").arg(where));
    else if (saved > 1)
        lines.append(tr("Saved %1 snapshots in %2").arg(saved).arg(where));
    if (failed == 1)
        lines.append(tr("1 snapshot could not be saved: open FarmCam for the reason."));
    else if (failed > 1)
        lines.append(
            tr("%1 snapshots could not be saved: open FarmCam for the reasons.").arg(failed));
    if (lines.isEmpty())
        lines.append(tr("No camera has sent a picture yet: nothing was saved."));
    notification.title = saved > 0 ? tr("Snapshots saved") : tr("No snapshots saved");
    notification.message = lines.join(u'\n');
    notification.warning = failed > 0 || saved == 0;
    return notification;
}

TrayIcon::Notification TrayIcon::timelapseNotificationFor(const QString &jobName,
                                                          const QString &printerName)
{
    Notification notification;
    notification.title = tr("Timelapse of %1 is ready").arg(jobName);
    notification.message = tr("%1: click to play it.").arg(printerName);
    return notification;
}

TrayIcon::Notification TrayIcon::clipNotificationFor(const QString &printerName)
{
    Notification notification;
    notification.title = tr("Failure clip of %1 saved").arg(printerName);
    notification.message = tr("The minutes before the failure: click to play them.");
    notification.warning = true;
    return notification;
}

bool TrayIcon::isEnabled(const AppSettings &settings, PrintAlerts::Kind kind)
{
    switch (kind) {
    case PrintAlerts::Kind::PrintFinished:
        return settings.value(AppSettings::Key::AlertPrintFinished).toBool();
    case PrintAlerts::Kind::PrintFailed:
        return settings.value(AppSettings::Key::AlertPrintFailed).toBool();
    case PrintAlerts::Kind::PrintPausedForError:
        return settings.value(AppSettings::Key::AlertPrintPaused).toBool();
    case PrintAlerts::Kind::PrinterOffline:
    case PrintAlerts::Kind::PrinterBackOnline:
        return settings.notifyStateChanges();
    }
    return true;
}

void TrayIcon::setWindowShown(bool shown)
{
    m_showHideAction->setText(shown ? tr("&Hide FarmCam") : tr("&Show FarmCam"));
}

void TrayIcon::setNotificationDelay(std::chrono::milliseconds delay)
{
    m_notificationDelay = delay;
}

void TrayIcon::setBackOnlineDelay(std::chrono::milliseconds delay)
{
    m_backOnlineDelay = delay;
}

void TrayIcon::onHealthChanged(const FarmHealth::Summary &summary)
{
    const Appearance appearance = appearanceFor(summary);
    if (appearance.color != m_appearance.color)
        m_tray->setIcon(TrayIcons::statusIcon(appearance.color));
    if (appearance.toolTip != m_appearance.toolTip) {
        m_tray->setToolTip(appearance.toolTip);
        // An X11 tray's tooltip that is already open keeps the text it opened with: it would go
        // on saying 33% beside a tile at 34%. Shown again, it says what the tiles say.
        if (QToolTip::isVisible() && m_tray->geometry().contains(QCursor::pos()))
            QToolTip::showText(QCursor::pos(), appearance.toolTip);
    }
    m_appearance = appearance;
    m_snapshotAllAction->setEnabled(summary.live > 0);
}

void TrayIcon::onPrinterTransition(Printer *printer, FarmHealth::Transition transition)
{
    if (!printer || transition == FarmHealth::Transition::None || !m_settings->notifyStateChanges())
        return;

    // Offline and back again within the delay: a blip, not news. The two cancel out.
    for (qsizetype i = 0; i < m_pending.size(); ++i) {
        const Event &pending = m_pending.at(i);
        if (pending.printerName == printer->name() && pending.transition != transition) {
            m_pending.removeAt(i);
            if (m_pending.isEmpty() && m_pendingAlerts.isEmpty())
                m_notifyTimer->stop();
            return;
        }
    }

    Event event;
    event.printerName = printer->name();
    event.transition = transition;
    if (transition == FarmHealth::Transition::WentOffline)
        event.reason = printer->camera()->statusText();
    m_pending.append(event);
    schedulePost(transition == FarmHealth::Transition::WentOffline ? m_notificationDelay
                                                                   : m_backOnlineDelay);
}

void TrayIcon::onPrintAlert(const PrintAlerts::Alert &alert)
{
    if (!isEnabled(*m_settings, alert.kind))
        return;
    m_pendingAlerts.append(alert);
    schedulePost(m_notificationDelay);
}

void TrayIcon::schedulePost(std::chrono::milliseconds delay)
{
    // Everything pending goes out together, as soon as the most urgent of it is due: bad news
    // takes the returns collected so far along, and a return never delays bad news.
    if (delay.count() <= 0) {
        m_notifyTimer->stop();
        postPending();
    } else if (!m_notifyTimer->isActive()
               || std::chrono::milliseconds(m_notifyTimer->remainingTime()) > delay) {
        m_notifyTimer->start(delay);
    }
}

void TrayIcon::postPending()
{
    const QList<Event> events = std::exchange(m_pending, {});
    QList<PrintAlerts::Alert> alerts = std::exchange(m_pendingAlerts, {});
    // Either may have been switched off meanwhile.
    alerts.removeIf(
        [this](const PrintAlerts::Alert &alert) { return !isEnabled(*m_settings, alert.kind); });
    const Notification cameras
        = m_settings->notifyStateChanges() ? notificationFor(events) : Notification();
    Notification notification = notificationFor(alerts);
    // One bubble: a second one would replace the first on most desktops.
    if (notification.isNull()) {
        notification = cameras;
    } else if (!cameras.isNull()) {
        notification.message += u'\n' + cameras.message;
        notification.warning = notification.warning || cameras.warning;
    }
    post(notification);
}

void TrayIcon::notifyHiddenToTray()
{
    if (m_settings->value(AppSettings::Key::TrayHintShown).toBool())
        return;
    m_settings->setValue(AppSettings::Key::TrayHintShown, true);
    QString error;
    if (!m_settings->sync(&error))
        qCWarning(lcTray).noquote() << "Could not remember that the tray hint was shown:" << error;
    Notification notification;
    notification.title = tr("FarmCam keeps running");
    notification.message = tr("The cameras stay connected and notifications keep coming. Click "
                              "this icon to show the window; Quit is in its menu.");
    post(notification);
}

void TrayIcon::notifySnapshots(int saved, int failed, const QString &folder)
{
    post(snapshotNotificationFor(saved, failed, folder));
}

void TrayIcon::notifyVideo(const Notification &notification, const QString &videoPath)
{
    post(notification, videoPath);
}

void TrayIcon::onMessageClicked()
{
    const QString path = std::exchange(m_clickOpens, {});
    if (path.isEmpty())
        return;
    emit videoOpenRequested(path);
    QDesktopServices::openUrl(QUrl::fromLocalFile(path));
}

void TrayIcon::post(const Notification &notification, const QString &clickOpens)
{
    if (notification.isNull())
        return;
    // Only one bubble shows at a time: a click is about the newest.
    m_clickOpens = clickOpens;
    if (m_tray->isVisible() && QSystemTrayIcon::supportsMessages())
        m_tray->showMessage(notification.title, notification.message,
                            notification.warning ? QSystemTrayIcon::Warning
                                                 : QSystemTrayIcon::Information,
                            kNotificationTimeoutMs);
    emit notificationPosted(notification.title, notification.message);
}
