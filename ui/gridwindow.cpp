#include "gridwindow.h"

#include "certificatereviewdialog.h"
#include "emptystatewidget.h"
#include "icons.h"
#include "printertile.h"
#include "theme.h"
#include "tilegrid.h"
#include "tileorder.h"

#include "camera/camerasource.h"
#include "frames/framehub.h"
#include "model/appsettings.h"
#include "model/farmhealth.h"
#include "model/printer.h"
#include "model/printerfarm.h"
#include "record/farmrecorder.h"
#include "record/timelapserecorder.h"

#include "preferencesdialog.h"
#include "printerdialog.h"
#include "recordingsdialog.h"
#include "sharingcontroller.h"
#include "statusmessagelabel.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QHideEvent>
#include <QLabel>
#include <QLoggingCategory>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QScreen>
#include <QShowEvent>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QSystemTrayIcon>
#include <QTimer>
#include <QToolButton>
#include <QUrl>

#include <algorithm>

Q_LOGGING_CATEGORY(lcUi, "farmcam.ui")

namespace {

constexpr int kSortIntervalMs = 1000;

QString link(const QString &path, const QString &text)
{
    return QStringLiteral("<a href=\"%1\" style=\"color:#7ab0ff;\">%2</a>")
        .arg(QUrl::fromLocalFile(path).toString(QUrl::FullyEncoded).toHtmlEscaped(),
             text.toHtmlEscaped());
}

QString quoted(const QString &text)
{
    return QStringLiteral("“%1”").arg(text);
}

// Room for the frame the desktop puts around a window that has not been shown yet.
const QSize kFrameAllowance(16, 40);

} // namespace

GridWindow::GridWindow(PrinterFarm *farm, AppSettings *settings, QWidget *parent)
    : QMainWindow(parent)
    , m_farm(farm)
    , m_settings(settings)
    , m_snapshots(new SnapshotService(this))
    , m_pages(new QStackedWidget(this))
    , m_emptyState(new EmptyStateWidget(m_pages))
    , m_grid(new TileGrid(m_pages))
    , m_statusLabel(new StatusMessageLabel(this))
    , m_healthLabel(new QLabel(this))
    , m_sharingStatus(new QToolButton(this))
    , m_statusClear(new QTimer(this))
    , m_sortTimer(new QTimer(this))
    , m_isTrayPresent([] { return QSystemTrayIcon::isSystemTrayAvailable(); })
{
    setObjectName(QStringLiteral("gridWindow"));
    setWindowIcon(Icons::application());
    setMinimumSize(480, 320);

    connect(m_snapshots, &SnapshotService::saved, this,
            [this](const QString &printerKey, const QString &filePath) {
                qCInfo(lcUi).noquote() << "Snapshot saved:" << filePath;
                if (PrinterTile *shot = m_tiles.value(QUuid::fromString(printerKey)))
                    shot->flash();
                emit snapshotSaved(filePath);
            });
    connect(m_snapshots, &SnapshotService::failed, this,
            [this](const QString &, const QString &, const QString &error) {
                emit snapshotFailed(error);
            });
    connect(m_snapshots, &SnapshotService::batchFinished, this,
            &GridWindow::onSnapshotBatchFinished);

    m_pages->addWidget(m_emptyState);
    m_pages->addWidget(m_grid);
    setCentralWidget(m_pages);

    m_statusLabel->setObjectName(QStringLiteral("statusMessage"));
    m_statusLabel->setContentsMargins(6, 0, 6, 0);
    m_statusLabel->setTextInteractionFlags(Qt::LinksAccessibleByMouse);
    m_statusLabel->setOpenExternalLinks(false);
    connect(m_statusLabel, &QLabel::linkActivated, this,
            [](const QString &url) { QDesktopServices::openUrl(QUrl(url)); });
    m_healthLabel->setObjectName(QStringLiteral("healthLabel"));
    m_healthLabel->setTextFormat(Qt::RichText);
    m_sharingStatus->setObjectName(QStringLiteral("sharingStatus"));
    m_sharingStatus->setAutoRaise(true);
    m_sharingStatus->setFocusPolicy(Qt::NoFocus);
    m_sharingStatus->setVisible(false);
    connect(m_sharingStatus, &QToolButton::clicked, this,
            [this] { showPreferencesPage(PreferencesDialog::Page::Sharing); });
    statusBar()->addWidget(m_statusLabel, 1);
    statusBar()->addPermanentWidget(m_sharingStatus);
    statusBar()->addPermanentWidget(m_healthLabel);
    statusBar()->setSizeGripEnabled(false);
    m_statusClear->setSingleShot(true);
    connect(m_statusClear, &QTimer::timeout, m_statusLabel, &StatusMessageLabel::clearMessage);
    m_sortTimer->setObjectName(QStringLiteral("sortTimer"));
    m_sortTimer->setSingleShot(true);
    m_sortTimer->setInterval(kSortIntervalMs);
    connect(m_sortTimer, &QTimer::timeout, this, &GridWindow::syncOrder);

    createActions();
    createMenus();

    connect(m_emptyState, &EmptyStateWidget::addPrinterRequested, this, &GridWindow::addPrinter);
    connect(m_emptyState, &EmptyStateWidget::demoRequested, this, &GridWindow::demoRequested);
    connect(m_grid, &TileGrid::selectionChanged, this, &GridWindow::updateActions);
    connect(m_grid, &TileGrid::moveRequested, this, &GridWindow::moveTile);
    connect(m_grid, &TileGrid::moveRefused, this, &GridWindow::explainSortedOrder);
    m_grid->setReorderingEnabled(!m_settings->sortByState());
    connect(m_grid, &TileGrid::singleTileChanged, this, [this] {
        updateActions();
        updateTitle();
    });

    connect(m_farm, &PrinterFarm::printerAdded, this, &GridWindow::addTile);
    connect(m_farm, &PrinterFarm::printerRemoved, this, &GridWindow::removeTile);
    connect(m_farm, &PrinterFarm::printersReordered, this, &GridWindow::syncOrder);
    connect(m_farm, &PrinterFarm::healthChanged, this, &GridWindow::updateHealth);
    connect(m_farm, &PrinterFarm::announcementIgnored, this,
            [this](Printer *printer, const QString &address, const QString &reason) {
                showStatus(tr("A printer announced itself as %1 at %2; not followed: %3")
                               .arg(quoted(printer->name()), address, reason)
                               .toHtmlEscaped());
            });
    connect(m_farm, &PrinterFarm::printerAddressFollowed, this,
            [this](Printer *printer, const QString &oldHost, const QString &newHost) {
                showStatus(tr("%1 moved from %2 to %3 (it announced its new address).")
                               .arg(quoted(printer->name()), oldHost, newHost)
                               .toHtmlEscaped());
            });
    const QList<Printer *> printers = m_farm->printers();
    for (Printer *printer : printers)
        addTile(printer);

    m_grid->setFixedColumns(m_settings->gridColumns());
    connect(m_settings, &AppSettings::changed, this, [this](AppSettings::Key key) {
        if (key == AppSettings::Key::GridColumns) {
            m_grid->setFixedColumns(m_settings->gridColumns());
            updateColumnsMenu();
        } else if (key == AppSettings::Key::SortByState) {
            m_sortByStateAction->setChecked(m_settings->sortByState());
            m_sortTimer->stop();
            m_settledRanks.settleAll(); // every printer where it is now: the user asked for it
            m_grid->setReorderingEnabled(!m_settings->sortByState());
            syncOrder(); // at once, too
        }
    });

    updateHealth(m_farm->health());
    updateCentralPage();
    updateActions();
    updateTitle();
    if (!m_tiles.isEmpty()) {
        showStatus(tr("Double-click a camera to see it alone, Esc to come back · F11 for full "
                      "screen")
                       .toHtmlEscaped(),
                   20000);
    }
}

GridWindow::~GridWindow() = default;

void GridWindow::createActions()
{
    const QColor iconColor = Theme::textPrimary();

    m_addAction = new QAction(Icons::add(iconColor), tr("&Add printer…"), this);
    m_addAction->setShortcut(QKeySequence::New);
    m_addAction->setStatusTip(tr("Add a printer by its address and access code"));
    connect(m_addAction, &QAction::triggered, this, &GridWindow::addPrinter);

    m_snapshotAction = new QAction(Icons::snapshot(iconColor), tr("&Snapshot"), this);
    m_snapshotAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_S));
    connect(m_snapshotAction, &QAction::triggered, this, &GridWindow::snapshotSelected);

    m_snapshotAllAction = new QAction(tr("Snapshot a&ll"), this);
    m_snapshotAllAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    connect(m_snapshotAllAction, &QAction::triggered, this, &GridWindow::snapshotAll);

    m_openFolderAction = new QAction(Icons::folder(iconColor), tr("&Open snapshot folder"), this);
    connect(m_openFolderAction, &QAction::triggered, this, &GridWindow::openSnapshotFolder);

    m_preferencesAction = new QAction(tr("&Preferences…"), this);
    m_preferencesAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    m_preferencesAction->setMenuRole(QAction::PreferencesRole);
    connect(m_preferencesAction, &QAction::triggered, this, &GridWindow::showPreferences);

    m_quitAction = new QAction(tr("&Quit"), this);
    m_quitAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &GridWindow::quit);

    m_fullScreenAction = new QAction(tr("&Full screen"), this);
    m_fullScreenAction->setShortcut(QKeySequence(Qt::Key_F11));
    m_fullScreenAction->setCheckable(true);
    connect(m_fullScreenAction, &QAction::triggered, this, &GridWindow::toggleFullScreen);

    m_fullViewAction = new QAction(Icons::fullView(iconColor), tr("Full &view of selected"), this);
    m_fullViewAction->setShortcuts({QKeySequence(Qt::Key_Return), QKeySequence(Qt::Key_Enter)});
    connect(m_fullViewAction, &QAction::triggered, this, &GridWindow::showFullView);

    m_backAction = new QAction(Icons::backToGrid(iconColor), tr("&Back to grid"), this);
    m_backAction->setShortcut(QKeySequence(Qt::Key_Escape));
    connect(m_backAction, &QAction::triggered, this, &GridWindow::showGrid);

    m_editAction = new QAction(Icons::edit(iconColor), tr("&Edit…"), this);
    m_editAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    connect(m_editAction, &QAction::triggered, this, [this] { editPrinter(selectedPrinter()); });

    m_removeAction = new QAction(tr("&Remove…"), this);
    m_removeAction->setShortcut(QKeySequence::Delete);
    connect(m_removeAction, &QAction::triggered, this,
            [this] { removePrinter(selectedPrinter()); });

    m_reconnectAction = new QAction(Icons::retry(iconColor), tr("Re&connect now"), this);
    m_reconnectAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    connect(m_reconnectAction, &QAction::triggered, this, [this] {
        if (Printer *printer = selectedPrinter()) {
            printer->reconnectNow();
            showStatus(tr("Reconnecting to %1…").arg(quoted(printer->name()).toHtmlEscaped()));
        }
    });

    // Ctrl+R is "Reconnect now"; Shift makes it the other R.
    m_recordAction = new QAction(Icons::record(iconColor), tr("Re&cord"), this);
    m_recordAction->setObjectName(QStringLiteral("recordAction"));
    m_recordAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_recordAction->setCheckable(true);
    m_recordAction->setStatusTip(tr("Record the selected printer's camera until you stop it"));
    m_recordAction->setVisible(false); // until there is a recorder
    connect(m_recordAction, &QAction::triggered, this, [this] {
        toggleRecording(selectedPrinter());
        updateActions(); // the check mark follows the recorder, not the click
    });

    m_timelapseAction = new QAction(tr("Start time&lapse"), this);
    m_timelapseAction->setObjectName(QStringLiteral("timelapseAction"));
    m_timelapseAction->setVisible(false); // until there is a recorder
    connect(m_timelapseAction, &QAction::triggered, this, [this] {
        toggleTimelapse(selectedPrinter());
        updateActions();
    });

    m_recordingsAction = new QAction(tr("Recor&dings…"), this);
    m_recordingsAction->setObjectName(QStringLiteral("recordingsAction"));
    m_recordingsAction->setStatusTip(
        tr("Timelapses, failure clips and recordings of every printer"));
    m_recordingsAction->setVisible(false); // until there is a recorder
    connect(m_recordingsAction, &QAction::triggered, this, &GridWindow::showRecordings);

    // Complete URLs with the token: Home Assistant and OctoPrint take nothing else.
    m_copyStreamUrlAction = new QAction(tr("Copy s&tream URL"), this);
    m_copyStreamUrlAction->setObjectName(QStringLiteral("copyStreamUrlAction"));
    connect(m_copyStreamUrlAction, &QAction::triggered, this,
            [this] { copyStreamUrl(selectedPrinter()); });
    m_copySnapshotUrlAction = new QAction(tr("Copy sn&apshot URL"), this);
    m_copySnapshotUrlAction->setObjectName(QStringLiteral("copySnapshotUrlAction"));
    connect(m_copySnapshotUrlAction, &QAction::triggered, this,
            [this] { copySnapshotUrl(selectedPrinter()); });

    // Ctrl+Shift+S is "Snapshot all": P for "problems first".
    m_sortByStateAction = new QAction(tr("Sort by &State"), this);
    m_sortByStateAction->setObjectName(QStringLiteral("sortByStateAction"));
    m_sortByStateAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    m_sortByStateAction->setStatusTip(
        tr("Show failed, paused and disconnected printers first, then finished, printing and idle "
           "ones"));
    m_sortByStateAction->setCheckable(true);
    m_sortByStateAction->setChecked(m_settings->sortByState());
    connect(m_sortByStateAction, &QAction::toggled, this, [this](bool on) {
        if (on != m_settings->sortByState())
            m_settings->setValue(AppSettings::Key::SortByState, on);
    });

    // Ctrl+Shift with the arrows: the arrows alone move the selection, and nothing else here uses
    // the combination (Alt+Left/Right is "back" on many desktops).
    m_moveLeftAction = new QAction(tr("Move &Left"), this);
    m_moveLeftAction->setObjectName(QStringLiteral("moveLeftAction"));
    m_moveLeftAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Left));
    m_moveLeftAction->setStatusTip(tr("Move the selected printer one place towards the start"));
    connect(m_moveLeftAction, &QAction::triggered, this, [this] { moveSelectedBy(-1); });
    m_moveRightAction = new QAction(tr("Move Ri&ght"), this);
    m_moveRightAction->setObjectName(QStringLiteral("moveRightAction"));
    m_moveRightAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Right));
    m_moveRightAction->setStatusTip(tr("Move the selected printer one place towards the end"));
    connect(m_moveRightAction, &QAction::triggered, this, [this] { moveSelectedBy(1); });

    m_aboutAction = new QAction(tr("&About FarmCam"), this);
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &GridWindow::showAbout);

    // The window keeps the shortcuts working while the menu bar is hidden (full screen).
    addActions({m_addAction, m_snapshotAction, m_snapshotAllAction, m_preferencesAction,
                m_quitAction, m_fullScreenAction, m_fullViewAction, m_backAction, m_editAction,
                m_removeAction, m_reconnectAction, m_recordAction, m_sortByStateAction,
                m_moveLeftAction, m_moveRightAction});
}

void GridWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_addAction);
    file->addSeparator();
    file->addAction(m_snapshotAction);
    file->addAction(m_snapshotAllAction);
    file->addAction(m_openFolderAction);
    file->addSeparator();
    file->addAction(m_preferencesAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_fullScreenAction);
    view->addSeparator();
    view->addAction(m_fullViewAction);
    view->addAction(m_backAction);
    view->addSeparator();
    view->addAction(m_sortByStateAction);
    view->addAction(m_recordingsAction);
    QMenu *columns = view->addMenu(tr("&Columns"));
    m_columnsGroup = new QActionGroup(this);
    for (int count = 0; count <= PreferencesDialog::kMaxGridColumns; ++count) {
        QAction *action = columns->addAction(count == 0 ? tr("&Automatic") : tr("&%1").arg(count));
        action->setCheckable(true);
        action->setData(count);
        m_columnsGroup->addAction(action);
        if (count == 0)
            columns->addSeparator();
    }
    connect(m_columnsGroup, &QActionGroup::triggered, this, [this](QAction *action) {
        m_settings->setValue(AppSettings::Key::GridColumns, action->data().toInt());
    });
    updateColumnsMenu();

    QMenu *printer = menuBar()->addMenu(tr("&Printer"));
    printer->addAction(m_editAction);
    printer->addAction(m_removeAction);
    printer->addSeparator();
    printer->addAction(m_moveLeftAction);
    printer->addAction(m_moveRightAction);
    printer->addSeparator();
    printer->addAction(m_reconnectAction);
    printer->addAction(m_recordAction);
    printer->addAction(m_timelapseAction);
    printer->addSeparator();
    printer->addAction(m_copyStreamUrlAction);
    printer->addAction(m_copySnapshotUrlAction);
    printer->setToolTipsVisible(true); // why the URLs cannot be copied yet

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_aboutAction);
}

void GridWindow::updateColumnsMenu()
{
    const int columns = m_settings->gridColumns();
    const QList<QAction *> actions = m_columnsGroup->actions();
    for (QAction *action : actions)
        action->setChecked(action->data().toInt() == columns);
}

void GridWindow::setDemoMode(bool demo)
{
    m_demo = demo;
    m_emptyState->setDemoOffered(!demo);
    updateTitle();
}

void GridWindow::setTrayAvailable(bool available)
{
    m_trayAvailable = available;
}

void GridWindow::setTrayPresenceCheck(std::function<bool()> isTrayPresent)
{
    m_isTrayPresent = std::move(isTrayPresent);
}

void GridWindow::setDiscovery(DiscoveryListener *discovery)
{
    m_discovery = discovery;
}

void GridWindow::setSharing(SharingController *sharing)
{
    m_sharing = sharing;
    if (m_sharing) {
        connect(m_sharing, &SharingController::stateChanged, this, &GridWindow::updateSharing);
        connect(m_sharing, &SharingController::viewerCountChanged, this,
                &GridWindow::updateSharing);
    }
    updateSharing();
}

void GridWindow::setRecorder(FarmRecorder *recorder)
{
    m_recorder = recorder;
    if (m_recorder) {
        const auto withTile = [this](Printer *printer, auto action) {
            if (PrinterTile *tile = this->tile(printer))
                action(tile);
        };
        connect(m_recorder, &FarmRecorder::recordingChanged, this,
                [this, withTile](Printer *printer, bool recording) {
                    withTile(printer, [recording](PrinterTile *t) { t->setRecording(recording); });
                    updateActions();
                });
        connect(m_recorder, &FarmRecorder::recordingFailed, this,
                [this, withTile](Printer *printer, const QString &message) {
                    const QString text = tr("Recording stopped: %1").arg(message);
                    withTile(printer, [text](PrinterTile *t) { t->setRecordingProblem(text); });
                    showStatus(tr("%1: %2").arg(quoted(printer->name()), text).toHtmlEscaped());
                });
        connect(m_recorder, &FarmRecorder::timelapseStarted, this, [withTile](Printer *printer) {
            withTile(printer, [](PrinterTile *t) { t->setRecordingProblem({}); });
        });
        connect(m_recorder, &FarmRecorder::timelapseCaptureChanged, this, [this](Printer *printer) {
            updateTimelapseOnTile(printer);
            if (printer == selectedPrinter())
                updateActions();
        });
        connect(m_recorder, &FarmRecorder::timelapseProgress, this,
                [withTile](Printer *printer, const QString &, int percent) {
                    withTile(printer,
                             [percent](PrinterTile *t) { t->setTimelapseProgress(percent); });
                });
        connect(m_recorder, &FarmRecorder::timelapseFinished, this,
                [this, withTile](Printer *printer, const QString &job, const QString &video) {
                    withTile(printer, [](PrinterTile *t) { t->setTimelapseProgress(-1); });
                    showStatus(tr("Timelapse of %1 saved: %2")
                                   .arg(quoted(job), QDir::toNativeSeparators(video))
                                   .toHtmlEscaped());
                });
        connect(m_recorder, &FarmRecorder::timelapseFailed, this,
                [withTile](Printer *printer, const QString &job, const QString &message) {
                    const QString text = tr("No timelapse of %1: %2").arg(job, message);
                    withTile(printer, [text](PrinterTile *t) {
                        t->setTimelapseProgress(-1);
                        t->setRecordingProblem(text);
                    });
                });
        connect(m_recorder, &FarmRecorder::clipReady, this,
                [this](Printer *printer, const QString &video) {
                    showStatus(tr("Failure clip of %1 saved: %2")
                                   .arg(quoted(printer->name()), QDir::toNativeSeparators(video))
                                   .toHtmlEscaped());
                });
        connect(m_recorder, &FarmRecorder::clipFailed, this,
                [withTile](Printer *printer, const QString &message) {
                    const QString text = tr("No failure clip: %1").arg(message);
                    withTile(printer, [text](PrinterTile *t) { t->setRecordingProblem(text); });
                });
        // Farm-wide (another FarmCam records into the folder): said until it is solved.
        connect(m_recorder, &FarmRecorder::folderProblemChanged, this,
                [this](const QString &message) {
                    if (!message.isEmpty()) {
                        showStatus(message.toHtmlEscaped(), 0);
                        return;
                    }
                    showStatus(tr("Recording into %1.")
                                   .arg(QDir::toNativeSeparators(m_recorder->library().root()))
                                   .toHtmlEscaped());
                });
        if (!m_recorder->folderProblem().isEmpty())
            showStatus(m_recorder->folderProblem().toHtmlEscaped(), 0);
    }
    for (PrinterTile *tile : std::as_const(m_tiles))
        connectRecorderToTile(tile);
    updateActions();
}

void GridWindow::connectRecorderToTile(PrinterTile *tile)
{
    tile->setRecordingAvailable(m_recorder != nullptr);
    tile->setRecording(m_recorder && m_recorder->isRecording(tile->printer()));
    updateTimelapseOnTile(tile->printer());
}

void GridWindow::updateTimelapseOnTile(Printer *printer)
{
    PrinterTile *tile = this->tile(printer);
    if (!tile)
        return;
    // Only the timelapse started by hand: the print block already says a print is under way.
    const TimelapseRecorder *timelapse
        = m_recorder ? m_recorder->timelapseRecorder(printer) : nullptr;
    tile->setTimelapseCapture(
        m_recorder && m_recorder->isTimelapseByHand(printer) ? timelapse->frameCount() : -1);
}

void GridWindow::describeTimelapseAction(QAction *action, const Printer *printer) const
{
    const bool byHand = m_recorder && m_recorder->isTimelapseByHand(printer);
    action->setText(byHand ? tr("Finish time&lapse") : tr("Start time&lapse"));
    action->setEnabled(printer && m_recorder && (byHand || m_recorder->canStartTimelapse(printer)));
    QString tip;
    if (byHand) {
        tip = tr("Stop taking pictures and make the video");
    } else if (action->isEnabled()) {
        const TimelapseRecorder *timelapse = m_recorder->timelapseRecorder(printer);
        tip = m_recorder->timelapseTriggerByHand(printer) == TimelapseRecorder::Trigger::Layer
            ? tr("Take a picture per layer until you finish the timelapse")
            : tr("Take a picture every %1 s until you finish the timelapse")
                  .arg(timelapse->intervalSeconds());
    } else if (printer && m_recorder && m_recorder->timelapseRecorder(printer)) {
        tip = tr("The timelapse of the print under way is being made");
    }
    action->setStatusTip(tip);
    action->setToolTip(tip);
}

void GridWindow::toggleTimelapse(Printer *printer)
{
    if (!m_recorder || !printer)
        return;
    if (m_recorder->isTimelapseByHand(printer)) {
        m_recorder->finishTimelapse(printer);
        showStatus(tr("Making the timelapse of %1…").arg(quoted(printer->name())).toHtmlEscaped());
    } else if (m_recorder->startTimelapse(printer)) {
        showStatus(tr("Timelapse of %1 started: finish it in the Printer menu")
                       .arg(quoted(printer->name()))
                       .toHtmlEscaped());
    }
    // A refusal for lack of space comes as timelapseFailed: the tile says why.
    updateTimelapseOnTile(printer);
}

void GridWindow::toggleRecording(Printer *printer)
{
    if (!m_recorder || !printer)
        return;
    if (m_recorder->isRecording(printer)) {
        m_recorder->stopRecording(printer);
        showStatus(tr("Stopped recording %1").arg(quoted(printer->name())).toHtmlEscaped());
    } else if (m_recorder->startRecording(printer)) {
        showStatus(tr("Recording %1 into %2")
                       .arg(quoted(printer->name()),
                            QDir::toNativeSeparators(m_recorder->library().root()))
                       .toHtmlEscaped());
    }
    // A refusal comes as recordingFailed: the tile and the status bar say why.
}

void GridWindow::showRecordings()
{
    if (!m_recorder)
        return;
    auto *dialog = findChild<RecordingsDialog *>();
    if (!dialog) {
        dialog = new RecordingsDialog(m_recorder->library(), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
    } else {
        dialog->reload(); // open already: what was recorded since shows too
    }
    // Folders by the printers' names as the grid shows them.
    QHash<QString, QString> names;
    const QList<Printer *> printers = m_farm->printers();
    for (const Printer *printer : printers)
        names.insert(RecordingLibrary::folderNameFor(printer->name(), printer->id()),
                     printer->name());
    dialog->setPrinterNames(names);
    dialog->show();
    dialog->raise();
    dialog->activateWindow();
}

void GridWindow::setCredentialStoreDescription(const QString &description)
{
    m_credentialStoreDescription = description;
}

QList<PrinterTile *> GridWindow::tiles() const
{
    return m_grid->tiles();
}

PrinterTile *GridWindow::tile(const Printer *printer) const
{
    return printer ? m_tiles.value(printer->id()) : nullptr;
}

bool GridWindow::isShowingEmptyState() const
{
    return m_pages->currentWidget() == m_emptyState;
}

PrinterTile *GridWindow::singleTile() const
{
    return m_grid->singleTile();
}

QString GridWindow::statusMessage() const
{
    return m_statusLabel->plainMessage();
}

void GridWindow::addTile(Printer *printer)
{
    if (!printer || m_tiles.contains(printer->id()))
        return;
    auto *tile = new PrinterTile(printer, m_grid);
    m_tiles.insert(printer->id(), tile);
    connect(tile, &PrinterTile::snapshotRequested, this, [this](Printer *p) { snapshot(p); });
    connect(tile, &PrinterTile::editRequested, this, &GridWindow::editPrinter);
    connect(tile, &PrinterTile::recordToggleRequested, this, &GridWindow::toggleRecording);
    connectRecorderToTile(tile);
    connect(tile, &PrinterTile::certificateReviewRequested, this, &GridWindow::reviewCertificate);
    tile->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(tile, &QWidget::customContextMenuRequested, this, [this, tile](const QPoint &pos) {
        m_grid->setSelectedTile(tile); // the menu acts on the tile it was opened on, visibly
        QMenu *menu = createTileMenu(tile);
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(tile->mapToGlobal(pos));
    });
    connect(printer, &Printer::configChanged, this, [this] {
        updateTitle();
        updateActions();
    });
    // The printer's status connection, as the printer reports it.
    tile->setPrintStatus(printer->printStatus());
    tile->setStatusProblem(printer->statusProblem());
    connect(printer, &Printer::printStatusChanged, tile, &PrinterTile::setPrintStatus);
    connect(printer, &Printer::statusProblemChanged, tile, &PrinterTile::setStatusProblem);
    m_settledRanks.observe(printer->id(), tile->attentionRank());
    connect(tile, &PrinterTile::attentionRankChanged, this, [this, id = printer->id()](int rank) {
        m_settledRanks.observe(id, rank);
        scheduleSort();
    });
    m_grid->addTile(tile);
    syncOrder();
    updateCentralPage();
    updateActions();
}

void GridWindow::removeTile(const QUuid &id)
{
    PrinterTile *tile = m_tiles.take(id);
    if (!tile)
        return;
    m_settledRanks.remove(id);
    m_grid->removeTile(tile);
    tile->deleteLater();
    updateCentralPage();
    updateActions();
    updateTitle();
}

void GridWindow::syncOrder()
{
    // The farm keeps the user's order; sorting only ever shows a permutation of it, so switching
    // the sort off brings the user's order back.
    // Sorted by the settled ranks, not by what the tiles show this second: a flapping connection
    // moves its tile once (up, as a problem), not back and forth.
    m_settledRanks.settle();
    QList<QUuid> ids;
    QHash<QUuid, int> ranks;
    const QList<Printer *> printers = m_farm->printers();
    for (const Printer *printer : printers) {
        if (m_tiles.contains(printer->id())) {
            ids.append(printer->id());
            ranks.insert(printer->id(), m_settledRanks.rank(printer->id()));
        }
    }
    if (m_settings->sortByState())
        ids = TileOrder::sortedByAttention(ids, ranks);
    QList<PrinterTile *> ordered;
    for (const QUuid &id : std::as_const(ids))
        ordered.append(m_tiles.value(id));
    m_grid->setOrder(ordered); // the selection is a tile: it stays on its printer
    // A change still waiting to hold is looked at again in a second.
    if (m_settledRanks.hasPending())
        scheduleSort();
}

void GridWindow::scheduleSort()
{
    // A rank changes rarely (a print fails, a camera drops), but when a whole farm reconnects at
    // once many change together: one re-sort for all of them, a second later.
    if (m_settings->sortByState() && !m_sortTimer->isActive())
        m_sortTimer->start();
}

void GridWindow::setSortTiming(std::chrono::milliseconds holdTime, SettledRanks::Clock clock)
{
    SettledRanks ranks(holdTime, std::move(clock));
    for (auto it = m_tiles.cbegin(); it != m_tiles.cend(); ++it)
        ranks.observe(it.key(), it.value()->attentionRank());
    m_settledRanks = std::move(ranks);
}

void GridWindow::updateCentralPage()
{
    const bool empty = m_tiles.isEmpty();
    m_pages->setCurrentWidget(empty ? static_cast<QWidget *>(m_emptyState)
                                    : static_cast<QWidget *>(m_grid));
    // Also before the window is shown: the widget gets the focus when the window does.
    if (empty)
        m_emptyState->addButton()->setFocus();
    else if (!m_grid->hasFocus())
        m_grid->setFocus();
}

void GridWindow::updateActions()
{
    const bool hasSelection = selectedPrinter() != nullptr;
    const bool single = m_grid->singleTile() != nullptr;
    m_snapshotAction->setEnabled(!m_tiles.isEmpty());
    m_snapshotAllAction->setEnabled(!m_tiles.isEmpty());
    m_fullViewAction->setEnabled(hasSelection && !single);
    m_backAction->setEnabled(single || isFullScreen());
    m_editAction->setEnabled(hasSelection);
    m_removeAction->setEnabled(hasSelection);
    m_reconnectAction->setEnabled(hasSelection);
    m_recordAction->setVisible(m_recorder != nullptr);
    m_recordingsAction->setVisible(m_recorder != nullptr);
    m_recordAction->setEnabled(hasSelection && m_recorder);
    m_recordAction->setChecked(m_recorder && m_recorder->isRecording(selectedPrinter()));
    m_timelapseAction->setVisible(m_recorder != nullptr);
    describeTimelapseAction(m_timelapseAction, selectedPrinter());
    // Sorted by state they stay enabled: pressed, they say why the order is not the user's now.
    m_moveLeftAction->setEnabled(hasSelection && !single);
    m_moveRightAction->setEnabled(hasSelection && !single);
    const bool sharing = m_sharing && m_sharing->isRunning();
    const QString why = !m_sharing ? QString()
        : m_sharing->state() == SharingController::State::Failed
        ? tr("Sharing is not running: %1").arg(m_sharing->errorMessage())
        : tr("Switch on sharing in Preferences › Sharing");
    for (QAction *action : {m_copyStreamUrlAction, m_copySnapshotUrlAction}) {
        action->setVisible(m_sharing != nullptr);
        action->setEnabled(hasSelection && sharing);
        action->setToolTip(sharing ? tr("The complete URL with the token, for Home Assistant, "
                                        "OctoPrint and the like")
                                   : why);
    }

    // A name's own '&' must not turn into a mnemonic.
    const QString name = hasSelection
        ? quoted(selectedPrinter()->name()).replace(QLatin1Char('&'), QLatin1String("&&"))
        : QString();
    m_snapshotAction->setText(hasSelection ? tr("&Snapshot of %1").arg(name) : tr("&Snapshot"));
    m_editAction->setText(hasSelection ? tr("&Edit %1…").arg(name) : tr("&Edit…"));
    m_removeAction->setText(hasSelection ? tr("&Remove %1…").arg(name) : tr("&Remove…"));
}

void GridWindow::updateTitle()
{
    // Ends with the application's name: Qt appends its display name ("FarmCam") to any title that
    // does not, which made "FarmCam — Demo" read "FarmCam — Demo — FarmCam".
    QString title = m_demo ? tr("Demo — FarmCam") : tr("FarmCam");
    if (const PrinterTile *single = m_grid->singleTile(); single && single->printer())
        title = single->printer()->name() + QStringLiteral(" — ") + title;
    setWindowTitle(title);
}

void GridWindow::updateHealth(const FarmHealth::Summary &health)
{
    if (health.total == 0) {
        m_healthLabel->clear();
        m_healthLabel->setToolTip(QString());
        return;
    }
    m_healthLabel->setText(
        QStringLiteral("<span style=\"color:%1;\">●</span>&nbsp;%2&nbsp;")
            .arg(FarmHealth::colorFor(health).name(), health.headline.toHtmlEscaped()));
    m_healthLabel->setToolTip(health.tooltip);
}

void GridWindow::updateSharing()
{
    updateActions();
    const QString text = m_sharing ? m_sharing->statusText() : QString();
    m_sharingStatus->setVisible(!text.isEmpty());
    m_sharingStatus->setText(text);
    if (!m_sharing || text.isEmpty())
        return;
    const bool failed = m_sharing->state() == SharingController::State::Failed;
    m_sharingStatus->setStyleSheet(
        failed ? QStringLiteral("QToolButton { color: %1; }").arg(Theme::error().name())
               : QString());
    m_sharingStatus->setToolTip(
        failed ? tr("%1\nClick to choose another address or port.").arg(m_sharing->errorMessage())
               : tr("The cameras are shared at %1\nClick for Preferences › Sharing.")
                     .arg(m_sharing->url().toString()));
}

QMenu *GridWindow::createTileMenu(PrinterTile *tile)
{
    auto *menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("tileMenu"));
    menu->setToolTipsVisible(true);
    const QPointer<Printer> printer = tile ? tile->printer() : nullptr;
    if (!printer)
        return menu;
    const QPointer<PrinterTile> guardedTile = tile;

    QAction *snapshotAction = menu->addAction(Icons::snapshot(Theme::textPrimary()),
                                              tr("&Snapshot"), this, [this, printer] {
                                                  if (printer)
                                                      snapshot(printer);
                                              });
    snapshotAction->setObjectName(QStringLiteral("tileSnapshotAction"));
    if (m_recorder) {
        QAction *record = menu->addAction(Icons::record(Theme::textPrimary()), tr("Re&cord"), this,
                                          [this, printer] {
                                              if (printer)
                                                  toggleRecording(printer);
                                          });
        record->setObjectName(QStringLiteral("tileRecordAction"));
        record->setCheckable(true);
        record->setChecked(m_recorder->isRecording(printer));
        QAction *timelapse = menu->addAction(QString(), this, [this, printer] {
            if (printer)
                toggleTimelapse(printer);
        });
        timelapse->setObjectName(QStringLiteral("tileTimelapseAction"));
        describeTimelapseAction(timelapse, printer);
    }
    if (m_grid->singleTile() == tile) {
        menu->addAction(Icons::backToGrid(Theme::textPrimary()), tr("&Back to grid"), this,
                        &GridWindow::showGrid);
    } else {
        menu->addAction(Icons::fullView(Theme::textPrimary()), tr("Full &view"), this,
                        [this, guardedTile] {
                            if (guardedTile)
                                m_grid->showSingle(guardedTile);
                        });
    }
    menu->addAction(Icons::edit(Theme::textPrimary()), tr("&Edit…"), this, [this, printer] {
        if (printer)
            editPrinter(printer);
    });
    menu->addAction(
        Icons::retry(Theme::textPrimary()), tr("Re&connect now"), this, [this, printer] {
            if (!printer)
                return;
            printer->reconnectNow();
            showStatus(tr("Reconnecting to %1…").arg(quoted(printer->name()).toHtmlEscaped()));
        });

    if (m_sharing) {
        menu->addSeparator();
        QAction *stream = menu->addAction(tr("Copy s&tream URL"), this, [this, printer] {
            if (printer)
                copyStreamUrl(printer);
        });
        stream->setObjectName(QStringLiteral("tileCopyStreamUrlAction"));
        QAction *snapshot = menu->addAction(tr("Copy sn&apshot URL"), this, [this, printer] {
            if (printer)
                copySnapshotUrl(printer);
        });
        snapshot->setObjectName(QStringLiteral("tileCopySnapshotUrlAction"));
        for (QAction *action : {stream, snapshot}) {
            action->setEnabled(m_sharing->isRunning());
            action->setToolTip(m_copyStreamUrlAction->toolTip());
        }
    }

    menu->addSeparator();
    menu->addAction(tr("&Remove…"), this, [this, printer] {
        if (printer)
            removePrinter(printer);
    });
    return menu;
}

void GridWindow::copyStreamUrl(Printer *printer)
{
    copySharedUrl(printer, true);
}

void GridWindow::copySnapshotUrl(Printer *printer)
{
    copySharedUrl(printer, false);
}

void GridWindow::copySharedUrl(Printer *printer, bool stream)
{
    if (!printer || !m_sharing)
        return;
    if (!m_sharing->isRunning()) {
        showStatus(tr("Switch on sharing in Preferences › Sharing first.").toHtmlEscaped());
        return;
    }
    const QUrl url = stream ? m_sharing->streamUrlWithToken(printer)
                            : m_sharing->snapshotUrlWithToken(printer);
    if (url.isEmpty()) {
        QString error;
        m_sharing->token(&error);
        showStatus(tr("No URL to copy: %1").arg(error).toHtmlEscaped(), 0);
        return;
    }
    // Not logged: it carries the token.
    QApplication::clipboard()->setText(url.toString(QUrl::FullyEncoded));
    const QString what = stream ? tr("Copied the stream URL of %1 (it contains the token).")
                                : tr("Copied the snapshot URL of %1 (it contains the token).");
    showStatus(what.arg(quoted(printer->name())).toHtmlEscaped());
}

void GridWindow::showStatus(const QString &richText, int timeoutMs)
{
    m_statusLabel->setMessage(richText);
    if (timeoutMs > 0)
        m_statusClear->start(timeoutMs);
    else
        m_statusClear->stop();
}

void GridWindow::showError(const QString &title, const QString &text)
{
    // Not exec(): a modal loop here would stall the other cameras' repaints (and the tests).
    auto *box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("errorMessageBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

QList<PrinterConfig> GridWindow::printerConfigs() const
{
    QList<PrinterConfig> configs;
    const QList<Printer *> printers = m_farm->printers();
    for (const Printer *printer : printers)
        configs.append(printer->config());
    return configs;
}

Printer *GridWindow::selectedPrinter() const
{
    const PrinterTile *tile = m_grid->selectedTile();
    return tile ? tile->printer() : nullptr;
}

QString GridWindow::snapshotFolder() const
{
    return m_settings->snapshotFolder();
}

quint64 GridWindow::snapshot(Printer *printer)
{
    if (!printer)
        return 0;
    const quint64 batch = saveSnapshots({printer});
    m_singleSnapshots.insert(batch, printer->name());
    return batch;
}

quint64 GridWindow::saveSnapshots(const QList<Printer *> &printers)
{
    // The frames are taken now, when the user asked; the files are written on a worker.
    QList<SnapshotService::Request> requests;
    requests.reserve(printers.size());
    for (const Printer *printer : printers)
        requests.append({printer->id().toString(), printer->name(), printer->frames()->latest(),
                         printer->frames()->store()});
    m_snapshots->setFolder(snapshotFolder());
    return m_snapshots->save(requests);
}

void GridWindow::onSnapshotBatchFinished(quint64 batchId,
                                         const SnapshotService::BatchResult &result)
{
    if (const auto single = m_singleSnapshots.constFind(batchId);
        single != m_singleSnapshots.constEnd()) {
        const QString name = *single;
        m_singleSnapshots.erase(single);
        if (!result.printersWithoutPicture.isEmpty()) {
            const QString message = tr("No picture from %1 yet — a snapshot can be saved once the "
                                       "camera has sent one.")
                                        .arg(quoted(name));
            showStatus(message.toHtmlEscaped());
            emit snapshotFailed(message);
        } else if (!result.failures.isEmpty()) {
            // The reason follows "Name: ", as the service writes it.
            const QString reason = result.failures.constFirst().mid(name.size() + 2);
            qCWarning(lcUi).noquote() << "Snapshot failed:" << reason;
            showStatus(tr("Snapshot of %1 failed: %2").arg(quoted(name), reason).toHtmlEscaped(),
                       0);
            showError(tr("Snapshot failed"),
                      tr("The snapshot of %1 could not be saved.\n\n%2").arg(quoted(name), reason));
        } else if (!result.savedFiles.isEmpty()) {
            const QFileInfo file(result.savedFiles.constFirst());
            showStatus(
                tr("Saved %1 in %2")
                    .arg(quoted(file.fileName()).toHtmlEscaped(),
                         link(file.absolutePath(), QDir::toNativeSeparators(file.absolutePath()))),
                15000);
        }
        return;
    }

    QStringList parts;
    const QString folder = m_snapshots->folder();
    if (!result.savedFiles.isEmpty()) {
        const QString where = link(folder, QDir::toNativeSeparators(folder));
        parts.append(result.savedFiles.size() == 1
                         ? tr("Saved 1 snapshot in %1").arg(where)
                         : tr("Saved %1 snapshots in %2").arg(result.savedFiles.size()).arg(where));
    }
    if (!result.printersWithoutPicture.isEmpty()) {
        parts.append(
            tr("no picture yet from %1")
                .arg(result.printersWithoutPicture.join(QStringLiteral(", ")).toHtmlEscaped()));
    }
    if (!result.failures.isEmpty())
        parts.append(tr("%1 failed").arg(result.failures.size()));
    if (parts.isEmpty())
        parts.append(tr("No printers to take snapshots of."));
    QString text = parts.join(QStringLiteral(" · "));
    text[0] = text[0].toUpper();
    showStatus(text, result.failures.isEmpty() ? 15000 : 0);
    if (!result.failures.isEmpty()) {
        showError(tr("Snapshots failed"),
                  tr("Some snapshots could not be saved.\n\n%1")
                      .arg(result.failures.join(QLatin1Char('\n'))));
    }
}

void GridWindow::snapshotSelected()
{
    Printer *printer = selectedPrinter();
    if (!printer && m_tiles.size() == 1)
        printer = m_grid->tiles().constFirst()->printer();
    if (!printer) {
        showStatus(tr("Select a printer first (click its picture), or use Snapshot all "
                      "(Ctrl+Shift+S).")
                       .toHtmlEscaped());
        return;
    }
    snapshot(printer);
}

quint64 GridWindow::snapshotAll()
{
    return saveSnapshots(m_farm->printers());
}

void GridWindow::openSnapshotFolder()
{
    const QString folder = snapshotFolder();
    if (!QDir().mkpath(folder)) {
        showError(tr("Snapshot folder"),
                  tr("The snapshot folder %1 does not exist and could not be created.")
                      .arg(QDir::toNativeSeparators(folder)));
        return;
    }
    if (!QDesktopServices::openUrl(QUrl::fromLocalFile(folder)))
        showStatus(tr("Could not open %1 in a file manager.")
                       .arg(QDir::toNativeSeparators(folder))
                       .toHtmlEscaped());
}

void GridWindow::addPrinter()
{
    PrinterDialog dialog(this);
    dialog.setExistingPrinters(printerConfigs());
    dialog.setTimelapseDefault(m_settings->value(AppSettings::Key::TimelapseEnabled).toBool());
    if (m_discovery)
        dialog.setDiscovery(m_discovery);
    for (;;) {
        const int result = dialog.exec();
        if (result == PrinterDialog::EditExistingResult) {
            editPrinter(m_farm->printer(dialog.existingPrinterId()));
            return;
        }
        if (result != QDialog::Accepted)
            return;
        QString error;
        if (Printer *printer = m_farm->addPrinter(dialog.config(), dialog.accessCode(), &error)) {
            if (PrinterTile *added = tile(printer))
                m_grid->setSelectedTile(added);
            showStatus(tr("Added %1.").arg(quoted(printer->name())).toHtmlEscaped());
            return;
        }
        QMessageBox::warning(this, tr("Add printer"), error);
        // The dialog keeps what was typed, so the user can correct it.
    }
}

void GridWindow::editPrinter(Printer *printer)
{
    if (!printer)
        return;
    const QUuid id = printer->id();
    PrinterDialog dialog(this);
    dialog.setExistingPrinters(printerConfigs());
    dialog.setTimelapseDefault(m_settings->value(AppSettings::Key::TimelapseEnabled).toBool());
    dialog.setConfig(printer->config(), m_farm->accessCode(id));
    while (dialog.exec() == QDialog::Accepted) {
        QString error;
        PrinterConfig config = dialog.config();
        config.id = id;
        if (!m_farm->printer(id))
            return; // removed meanwhile
        if (m_farm->updatePrinter(config, dialog.accessCode(), &error)) {
            showStatus(tr("Saved the settings of %1.").arg(quoted(config.name)).toHtmlEscaped());
            return;
        }
        QMessageBox::warning(this, tr("Edit printer"), error);
    }
}

void GridWindow::reviewCertificate(Printer *printer)
{
    if (!printer)
        return;
    const QUuid id = printer->id();
    const QString name = printer->name();
    const QString presented = printer->camera()->peerCertificateFingerprint();
    const QString pinned = printer->config().certificateFingerprint;
    if (presented.isEmpty())
        return;

    CertificateReviewDialog box(name, pinned, presented, this);
    box.exec();
    if (!box.trustChosen() || !m_farm->printer(id))
        return;
    QString error;
    if (m_farm->trustCertificate(id, presented, &error))
        showStatus(tr("Trusting the new certificate of %1.").arg(quoted(name)).toHtmlEscaped());
    else
        QMessageBox::warning(this, tr("Certificate changed"), error);
}

void GridWindow::removePrinter(Printer *printer)
{
    if (!printer)
        return;
    const QUuid id = printer->id();
    const QString name = printer->name();
    if (!PrinterDialog::confirmRemove(this, name))
        return;
    QString error;
    if (!m_farm->printer(id))
        return;
    if (!m_farm->removePrinter(id, &error)) {
        showError(tr("Remove printer"), error);
        return;
    }
    showStatus(tr("Removed %1.").arg(quoted(name)).toHtmlEscaped());
}

void GridWindow::showPreferences()
{
    showPreferencesPage(PreferencesDialog::Page::General);
}

void GridWindow::showPreferencesPage(PreferencesDialog::Page page)
{
    PreferencesDialog dialog(m_settings, m_credentialStoreDescription, m_trayAvailable, m_sharing,
                             this);
    dialog.setCurrentPage(page);
    dialog.exec();
}

void GridWindow::moveSelectedBy(int places)
{
    PrinterTile *selected = m_grid->selectedTile();
    if (!selected || m_grid->singleTile())
        return;
    const int from = int(m_grid->tiles().indexOf(selected));
    moveTile(selected, std::clamp(from + places, 0, int(m_tiles.size()) - 1));
}

void GridWindow::moveTile(PrinterTile *tile, int toIndex)
{
    if (!tile || !tile->printer())
        return;
    if (m_settings->sortByState()) {
        explainSortedOrder();
        return;
    }
    // The grid shows the farm's order: move the printer there, and the grid follows
    // (printersReordered). The farm saves it with the printers, so it is there after a restart.
    QList<QUuid> ids;
    const QList<Printer *> printers = m_farm->printers();
    for (const Printer *printer : printers)
        ids.append(printer->id());
    const qsizetype from = ids.indexOf(tile->printer()->id());
    const qsizetype to = std::clamp<qsizetype>(toIndex, 0, ids.size() - 1);
    if (from < 0 || from == to)
        return;
    ids.move(from, to);
    m_farm->setOrder(ids);
}

void GridWindow::explainSortedOrder()
{
    // Refused rather than switching the sort off: the next re-sort would undo a move, and taking
    // the sorted order as the user's own would lose the order the user made.
    showStatus(tr("The grid is sorted by state: switch View › Sort by State off (Ctrl+Shift+P) to "
                  "arrange the printers yourself.")
                   .toHtmlEscaped());
}

void GridWindow::showFullView()
{
    if (PrinterTile *selected = m_grid->selectedTile())
        m_grid->showSingle(selected);
}

bool GridWindow::showFullViewOf(const QString &printerName)
{
    const QList<PrinterTile *> tiles = m_grid->tiles();
    for (PrinterTile *tile : tiles) {
        if (tile->printer() && tile->printer()->name() == printerName) {
            m_grid->showSingle(tile);
            // The start hint speaks of the grid; this one of where the user is now.
            showStatus(tr("Showing %1 alone: Esc for all printers · F11 for full screen")
                           .arg(quoted(printerName))
                           .toHtmlEscaped(),
                       20000);
            return true;
        }
    }
    // Said in the window, not only on standard error: a wall display started with a misspelt
    // name would otherwise just show the grid with no word why. Kept until the next message.
    showStatus(tr("There is no printer named %1 to show alone; showing all printers.")
                   .arg(quoted(printerName))
                   .toHtmlEscaped(),
               0);
    return false;
}

void GridWindow::showGrid()
{
    if (m_grid->singleTile()) {
        m_grid->showAll();
        m_grid->setFocus();
    } else if (isFullScreen()) {
        toggleFullScreen();
    }
}

void GridWindow::toggleFullScreen()
{
    if (isFullScreen()) {
        menuBar()->show();
        statusBar()->show();
        if (m_wasMaximized)
            showMaximized();
        else
            showNormal();
    } else {
        m_wasMaximized = isMaximized();
        // A wall of cameras: nothing but pictures. F11 and Esc bring the chrome back.
        menuBar()->hide();
        statusBar()->hide();
        showFullScreen();
    }
    m_fullScreenAction->setChecked(isFullScreen());
    updateActions();
}

void GridWindow::showAbout()
{
    QMessageBox::about(this, tr("About FarmCam"), aboutText());
}

QString GridWindow::aboutText() const
{
    // Where the codes are is the credential store's to say (keyring, owner-only file, memory).
    return tr("<h3>FarmCam %1</h3>"
              "<p>Live chamber cameras of many Bambu Lab printers (P1, A1, X1, H2 and others) in "
              "one window.</p>"
              "<p>FarmCam talks to your printers directly on your local network. %2</p>"
              "<p>Built with Qt %3.</p>")
        .arg(QStringLiteral(FARMCAM_VERSION), m_credentialStoreDescription.toHtmlEscaped(),
             QString::fromLatin1(qVersion()));
}

void GridWindow::showAndRaise()
{
    if (isMinimized())
        setWindowState(windowState() & ~Qt::WindowMinimized);
    show();
    raise();
    activateWindow();
}

void GridWindow::quit()
{
    m_quitting = true;
    saveWindowState();
    emit quitRequested();
}

void GridWindow::restoreWindowState()
{
    const QByteArray geometry = m_settings->value(AppSettings::Key::WindowGeometry).toByteArray();
    if (geometry.isEmpty() || !restoreGeometry(geometry)) {
        // First start: a comfortable size for a 2x2 grid, centred on the screen.
        const QRect available = screen() ? screen()->availableGeometry() : QRect(0, 0, 1600, 900);
        const QSize size = QSize(1280, 800).boundedTo(available.size() * 0.9);
        resize(size);
        move(available.center() - QPoint(size.width() / 2, size.height() / 2));
    } else if (!isMaximized() && !isFullScreen()) {
        fitIntoScreen();
    }
    restoreState(m_settings->value(AppSettings::Key::WindowState).toByteArray());
}

void GridWindow::fitIntoScreen()
{
    // Saved on a bigger screen (or on a monitor that is gone), the window would open larger than
    // this screen or partly off it: Qt's restoreGeometry leaves that to the platform, and not
    // every platform corrects it. A window that fits keeps its size and place.
    const QScreen *current = screen();
    if (!current)
        return;
    const QRect available = current->availableGeometry();
    const QRect frame = frameGeometry();
    if (available.contains(frame))
        return;
    const QSize margins = isVisible() ? frame.size() - size() : kFrameAllowance;
    const QSize fitted = size().boundedTo(available.size() - margins).expandedTo(minimumSize());
    if (fitted != size())
        resize(fitted);
    QRect target(frame.topLeft(), fitted + margins);
    target.moveRight(std::min(target.right(), available.right()));
    target.moveBottom(std::min(target.bottom(), available.bottom()));
    target.moveLeft(std::max(target.left(), available.left()));
    target.moveTop(std::max(target.top(), available.top()));
    move(target.topLeft());
}

void GridWindow::saveWindowState()
{
    m_settings->setValue(AppSettings::Key::WindowGeometry, saveGeometry());
    m_settings->setValue(AppSettings::Key::WindowState, saveState());
    QString error;
    if (!m_settings->sync(&error))
        qCWarning(lcUi).noquote() << "Window layout not saved:" << error;
}

void GridWindow::closeEvent(QCloseEvent *event)
{
    saveWindowState();
    // Asked now, not at start-up: if the panel went away meanwhile, hiding the window would leave
    // FarmCam streaming with no way back to it. Without a tray, closing quits.
    if (!m_quitting && m_trayAvailable && m_settings->keepRunningInTray() && m_isTrayPresent()) {
        // The cameras stay connected (and notifications keep coming) from the tray.
        hide();
        event->ignore();
        emit hiddenToTray();
        return;
    }
    event->accept();
    emit quitRequested();
}

void GridWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    if (event->type() == QEvent::WindowStateChange) {
        // A minimized window decodes nothing; restoring it asks for fresh pictures.
        for (PrinterTile *tile : m_grid->tiles())
            tile->updateDecoding();
        m_fullScreenAction->setChecked(isFullScreen());
        updateActions();
    }
}

void GridWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (event->spontaneous())
        return;
    // Now that the desktop's frame is known: a window placed near the edge before it had one
    // may reach past the screen with it.
    if (!isMaximized() && !isFullScreen())
        fitIntoScreen();
    emit shownChanged(true);
}

void GridWindow::hideEvent(QHideEvent *event)
{
    QMainWindow::hideEvent(event);
    if (!event->spontaneous())
        emit shownChanged(false);
}
