// FarmCam's main window: every printer's camera in a grid, the menus, and the snapshot flow.
#pragma once

#include "preferencesdialog.h"
#include "settledranks.h"

#include "model/printerconfig.h"
#include "snapshot/snapshotservice.h"

#include <QHash>
#include <QMainWindow>
#include <QUuid>

#include <chrono>
#include <functional>

class AppSettings;
class DiscoveryListener;
class EmptyStateWidget;
class FarmRecorder;
class Printer;
class PrinterFarm;
class PrinterTile;
class QActionGroup;
class QLabel;
class StatusMessageLabel;
class QMenu;
class QStackedWidget;
class QTimer;
class QToolButton;
class SharingController;
class TileGrid;

namespace FarmHealth {
struct Summary;
}

class GridWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GridWindow)

public:
    // `farm` and `settings` must outlive the window.
    GridWindow(PrinterFarm *farm, AppSettings *settings, QWidget *parent = nullptr);
    ~GridWindow() override;

    // The demo: title says so, and the empty window does not offer the demo again.
    void setDemoMode(bool demo);
    bool isDemoMode() const { return m_demo; }
    // With a tray icon (and the setting on), closing the window hides it instead of quitting, as
    // long as the desktop still shows a tray when the window closes.
    void setTrayAvailable(bool available);
    // Whether the desktop shows a tray right now (default: QSystemTrayIcon::isSystemTrayAvailable;
    // tests inject their own). A panel restart can take the tray away during a session.
    void setTrayPresenceCheck(std::function<bool()> isTrayPresent);
    // Shown in the preferences: where access codes are kept (CredentialStore::description()).
    void setCredentialStoreDescription(const QString &description);
    // Printers heard on the network, offered by Add Printer (may be null: none offered).
    void setDiscovery(DiscoveryListener *discovery);
    // Sharing over HTTP: the status bar says its state, Preferences has its page, and the
    // printers' menus copy their URLs (may be null: none of these).
    void setSharing(SharingController *sharing);
    // Timelapses, failure clips and recording on demand (may be null: no Record action, no
    // recording feedback on the tiles). Must outlive the window.
    void setRecorder(FarmRecorder *recorder);
    FarmRecorder *recorder() const { return m_recorder; }
    // Starts or stops recording `printer` on demand (Printer › Record, the tile's button).
    void toggleRecording(Printer *printer);
    // Starts or finishes a timelapse by hand of `printer` (Printer › Start timelapse, the tile's
    // menu): for a printer without print status, or whenever the user wants one.
    void toggleTimelapse(Printer *printer);
    // View › Recordings: the browser of the recordings folder (non-modal; one at a time).
    void showRecordings();
    // Sort by State moves a printer once its new state has held for `holdTime` (default 10 s; a
    // problem moves it up at once: SettledRanks), measured by `clock`. Tests inject both.
    void setSortTiming(std::chrono::milliseconds holdTime, SettledRanks::Clock clock);

    TileGrid *grid() const { return m_grid; }
    EmptyStateWidget *emptyState() const { return m_emptyState; }
    QList<PrinterTile *> tiles() const;
    PrinterTile *tile(const Printer *printer) const;
    bool isShowingEmptyState() const;
    // The tile shown alone (the single-printer view), or nullptr in the grid.
    PrinterTile *singleTile() const;
    // The status bar's current message, as plain text.
    QString statusMessage() const;
    // The status bar's sharing state ("Sharing on :8080 · 3 viewers"); hidden while off.
    QToolButton *sharingStatus() const { return m_sharingStatus; }
    // What a right click on the tile offers (for its printer): snapshot, views, edit, reconnect,
    // copying its stream and snapshot URLs, remove. The caller owns the menu.
    QMenu *createTileMenu(PrinterTile *tile);
    // Help > About's text (rich text), with where access codes are kept.
    QString aboutText() const;

    void restoreWindowState();
    void saveWindowState();

    // Saves the printer's last picture, as the printer sent it, off the GUI thread, and says
    // where it went (or why not) in the status bar when it is done (snapshotSaved() or
    // snapshotFailed()); errors also in a message box. Returns the snapshot service's batch id.
    quint64 snapshot(Printer *printer);

public slots:
    void addPrinter();
    void editPrinter(Printer *printer);
    void removePrinter(Printer *printer);
    // After "Certificate changed": shows the pinned and the presented fingerprints and lets the
    // user trust the new certificate.
    void reviewCertificate(Printer *printer);
    void snapshotSelected();
    // One batch for every printer; returns its id (see snapshotBatchFinished()).
    quint64 snapshotAll();
    void openSnapshotFolder();
    void showPreferences();
    // Opens the preferences on that page (the status bar's sharing state opens Sharing).
    void showPreferencesPage(PreferencesDialog::Page page);
    // Puts the printer's complete URL, with the token, on the clipboard (Home Assistant and
    // OctoPrint need it whole); the status bar says so.
    void copyStreamUrl(Printer *printer);
    void copySnapshotUrl(Printer *printer);
    // Your own order: the selected printer one place towards the start or the end
    // (Ctrl+Shift+Left/Right), or a tile dropped onto another's place. Saved with the printers.
    // While the grid is sorted by state, the status bar says why nothing moves.
    void moveSelectedBy(int places);
    void moveTile(PrinterTile *tile, int toIndex);
    void showFullView();
    // The single view of the printer with this name; false when there is none (the status bar
    // then says so).
    bool showFullViewOf(const QString &printerName);
    void showGrid();
    void toggleFullScreen();
    void showAbout();
    void showAndRaise();
    // Saves the window's layout and ends the app (File > Quit, the tray's Quit).
    void quit();

signals:
    void demoRequested();
    void shownChanged(bool shown); // the window was shown or hidden (e.g. to the tray)
    void hiddenToTray(); // closed, and FarmCam keeps running in the tray
    void quitRequested();
    void snapshotSaved(const QString &filePath);
    void snapshotFailed(const QString &message);
    // A batch of snapshot() or snapshotAll() is written (on a worker thread) and reported.
    void snapshotBatchFinished(quint64 batchId, int saved, int failed, const QString &folder);

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void createActions();
    // Shrinks and moves the window into its screen's available area when it does not fit.
    void fitIntoScreen();
    void createMenus();
    void addTile(Printer *printer);
    void removeTile(const QUuid &id);
    // The tiles in the farm's order, or by state (TileOrder) while View > Sort by State is on.
    void syncOrder();
    void scheduleSort();
    void updateCentralPage();
    void updateActions();
    void updateTitle();
    void updateHealth(const FarmHealth::Summary &health);
    void updateSharing();
    void connectRecorderToTile(PrinterTile *tile);
    // Start or Finish timelapse for `printer`; disabled, saying why, while the timelapse of a
    // print is being captured.
    void describeTimelapseAction(QAction *action, const Printer *printer) const;
    void updateTimelapseOnTile(Printer *printer);
    void copySharedUrl(Printer *printer, bool stream);
    void updateColumnsMenu();
    void showStatus(const QString &richText, int timeoutMs = 10000);
    void explainSortedOrder();
    void showError(const QString &title, const QString &text);
    Printer *selectedPrinter() const;
    QList<PrinterConfig> printerConfigs() const; // the farm's printers, for the printer dialog
    QString snapshotFolder() const;
    quint64 saveSnapshots(const QList<Printer *> &printers);
    void onSnapshotBatchFinished(quint64 batchId, const SnapshotService::BatchResult &result);

    PrinterFarm *m_farm;
    AppSettings *m_settings;
    FarmRecorder *m_recorder = nullptr;
    QHash<QUuid, PrinterTile *> m_tiles;
    SnapshotService *m_snapshots; // child
    QHash<quint64, QString> m_singleSnapshots; // batch id -> printer name, for one-printer batches

    QStackedWidget *m_pages;
    EmptyStateWidget *m_emptyState;
    TileGrid *m_grid;
    StatusMessageLabel *m_statusLabel;
    QLabel *m_healthLabel;
    QToolButton *m_sharingStatus;
    QTimer *m_statusClear;
    QTimer *m_sortTimer; // re-sorts at most once a second: tiles must not jump around constantly
    SettledRanks m_settledRanks; // what Sort by State orders by

    QAction *m_addAction = nullptr;
    QAction *m_snapshotAction = nullptr;
    QAction *m_snapshotAllAction = nullptr;
    QAction *m_openFolderAction = nullptr;
    QAction *m_preferencesAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_fullScreenAction = nullptr;
    QAction *m_fullViewAction = nullptr;
    QAction *m_backAction = nullptr;
    QAction *m_editAction = nullptr;
    QAction *m_removeAction = nullptr;
    QAction *m_reconnectAction = nullptr;
    QAction *m_recordAction = nullptr;
    QAction *m_timelapseAction = nullptr;
    QAction *m_recordingsAction = nullptr;
    QAction *m_copyStreamUrlAction = nullptr;
    QAction *m_copySnapshotUrlAction = nullptr;
    QAction *m_aboutAction = nullptr;
    QAction *m_sortByStateAction = nullptr;
    QAction *m_moveLeftAction = nullptr;
    QAction *m_moveRightAction = nullptr;
    QActionGroup *m_columnsGroup = nullptr;

    QString m_credentialStoreDescription;
    DiscoveryListener *m_discovery = nullptr; // not owned; outlives the window (AppController)
    SharingController *m_sharing = nullptr; // not owned; outlives the window (AppController)
    std::function<bool()> m_isTrayPresent;
    bool m_demo = false;
    bool m_trayAvailable = false;
    bool m_quitting = false;
    bool m_wasMaximized = false;
};
