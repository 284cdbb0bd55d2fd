// FarmCam in the system tray: the farm's health as an icon and a tooltip, a small menu, and
// notifications when a printer goes offline or comes back and when a print finishes, fails or is
// paused for an error (each kind can be switched off in the preferences).
#pragma once

#include "model/farmhealth.h"
#include "status/printalerts.h"

#include <QColor>
#include <QList>
#include <QObject>
#include <QString>

#include <chrono>
#include <memory>

class AppSettings;
class Printer;
class PrinterFarm;
class QAction;
class QMenu;
class QSystemTrayIcon;
class QTimer;

class TrayIcon final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrayIcon)

public:
    // What the icon shows: a pure function of the farm's summary.
    struct Appearance
    {
        FarmHealth::Level level = FarmHealth::Level::NoPrinters;
        QColor color;
        QString toolTip;

        bool operator==(const Appearance &other) const
        {
            return level == other.level && color == other.color && toolTip == other.toolTip;
        }
        bool operator!=(const Appearance &other) const { return !(*this == other); }
    };

    // One printer's transition, as the farm reported it.
    struct Event
    {
        QString printerName;
        FarmHealth::Transition transition = FarmHealth::Transition::None;
        QString reason; // the camera's status text when it went offline
    };

    struct Notification
    {
        QString title;
        QString message;
        bool warning = false; // something went offline

        bool isNull() const { return message.isEmpty(); }
    };

    // Visible at once where the desktop has a tray. `farm` and `settings` must outlive it.
    TrayIcon(PrinterFarm *farm, AppSettings *settings, QObject *parent = nullptr);
    ~TrayIcon() override;

    static bool isAvailable();

    // The icon's colour and tooltip for a summary. Long tooltips are shortened: some platforms
    // cut them off anyway, and a tray tooltip is a glance, not a report.
    static Appearance appearanceFor(const FarmHealth::Summary &summary);
    // The notification for transitions that arrived close together: one bubble for a router
    // reboot, not one per printer. Null when there is nothing to say.
    static Notification notificationFor(const QList<Event> &events);
    // The same for print alerts that arrived close together.
    static Notification notificationFor(const QList<PrintAlerts::Alert> &alerts);
    // Snapshot all, taken from the tray while the window is hidden: how many were saved where, and
    // how many could not be.
    static Notification snapshotNotificationFor(int saved, int failed, const QString &folder);
    // A timelapse or failure clip was written; clicking the bubble opens `videoPath`.
    static Notification timelapseNotificationFor(const QString &jobName,
                                                 const QString &printerName);
    static Notification clipNotificationFor(const QString &printerName);
    // Whether the user wants to hear about this kind (AppSettings' notification keys).
    static bool isEnabled(const AppSettings &settings, PrintAlerts::Kind kind);

    Appearance appearance() const { return m_appearance; }
    QMenu *contextMenu() const { return m_menu.get(); }
    QSystemTrayIcon *systemTrayIcon() const { return m_tray; }

    // Lets the menu say "Show FarmCam" or "Hide FarmCam" instead of both.
    void setWindowShown(bool shown);
    // Offline transitions and print alerts within this time are posted together (default 2 s;
    // 0: at once).
    void setNotificationDelay(std::chrono::milliseconds delay);
    // The window was closed and FarmCam keeps running here: said once, the first time ever
    // (remembered in the settings), so that nobody wonders where the app went.
    void notifyHiddenToTray();
    // Says what Snapshot all did when the window that would say it is hidden (at once, not
    // batched: the user just asked).
    void notifySnapshots(int saved, int failed, const QString &folder);
    // Says that a video is ready (at once: the file is there now); a click on the bubble opens
    // it with the desktop's player (QDesktopServices). Any later bubble replaces what a click
    // opens.
    void notifyVideo(const Notification &notification, const QString &videoPath);
    // What a click on the current bubble opens; empty when it opens nothing.
    QString clickOpens() const { return m_clickOpens; }
    // Printers coming back are collected for this long (default 30 s; 0: at once), unless bad
    // news is posted first and takes them along.
    void setBackOnlineDelay(std::chrono::milliseconds delay);

signals:
    void showHideRequested();
    void snapshotAllRequested();
    void quitRequested();
    // Emitted for every notification posted (also without a visible tray icon).
    void notificationPosted(const QString &title, const QString &message);
    // The bubble of notifyVideo() was clicked: `path` is being opened.
    void videoOpenRequested(const QString &path);

private:
    void onHealthChanged(const FarmHealth::Summary &summary);
    void onPrinterTransition(Printer *printer, FarmHealth::Transition transition);
    void onPrintAlert(const PrintAlerts::Alert &alert);
    void schedulePost(std::chrono::milliseconds delay);
    void postPending();
    void post(const Notification &notification, const QString &clickOpens = {});
    void onMessageClicked();

    AppSettings *m_settings;
    QSystemTrayIcon *m_tray; // child
    std::unique_ptr<QMenu> m_menu; // a QMenu has no QObject parent here: owned explicitly
    QAction *m_showHideAction = nullptr;
    QAction *m_snapshotAllAction = nullptr;
    QTimer *m_notifyTimer; // child
    std::chrono::milliseconds m_notificationDelay;
    std::chrono::milliseconds m_backOnlineDelay;
    Appearance m_appearance;
    QList<Event> m_pending;
    QList<PrintAlerts::Alert> m_pendingAlerts;
    QString m_clickOpens; // the video of the last bubble, if it was one
};
