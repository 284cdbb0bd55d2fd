#include "appcontroller.h"

#include "gridwindow.h"
#include "icons.h"
#include "sharingcontroller.h"

#include "model/appsettings.h"
#include "model/filecredentialstore.h"
#include "model/keychainbackend.h"
#include "model/keychaincredentialstore.h"
#include "model/memorycredentialstore.h"
#include "model/printer.h"
#include "model/printerfarm.h"
#include "net/discoverylistener.h"
#include "record/farmrecorder.h"
#include "share/sharetoken.h"
#include "sim/demofarm.h"
#include "sim/statusfeed.h"

#ifdef FARMCAM_HAVE_KEYCHAIN
#include "model/qtkeychainbackend.h"
#endif

#include "trayicon.h"

#include <QApplication>
#include <QDir>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QProcess>
#include <QTemporaryDir>

#include <utility>

Q_LOGGING_CATEGORY(lcApp, "farmcam.app")

AppController::AppController(const Options &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
{ }

AppController::~AppController()
{
    // Cameras first, so nothing reports into a window or tray that is being torn down.
    if (m_farm)
        m_farm->stopAll();
    delete std::exchange(m_tray, nullptr);
    m_window.reset();
    m_recorder.reset(); // recordings are finished before their printers go
    m_sharing.reset(); // its viewers are let go before the printers they watch
    m_discovery.reset();
    m_demoFarm.reset();
    m_farm.reset();
    // A code entered just before quitting still reaches the keychain; bounded, as the keychain may
    // not answer. The only wait for the keychain, and it happens after the main loop has ended.
    if (m_keychain)
        m_keychain->waitForWrites(std::chrono::seconds(5));
}

bool AppController::start(QString *errorMessage)
{
    QApplication::setWindowIcon(Icons::application()); // also for the dialogs
    if (m_options.demo) {
        if (!startDemo(errorMessage))
            return false;
        showWindow();
        return true;
    }
    const QString file
        = m_options.configFile.isEmpty() ? AppSettings::defaultFilePath() : m_options.configFile;
    m_settings = std::make_unique<AppSettings>(file);
    openCredentials();
    return true;
}

void AppController::openCredentials()
{
    std::unique_ptr<KeychainBackend> keychain;
    if (m_options.keychain)
        keychain = m_options.keychain();
#ifdef FARMCAM_HAVE_KEYCHAIN
    else
        keychain = std::make_unique<QtKeychainBackend>();
#endif
    auto store = std::make_unique<KeychainCredentialStore>(std::move(keychain),
                                                           FileCredentialStore::defaultFilePath());
    m_keychain = store.get();
    m_credentials = std::move(store);
    m_farm = std::make_unique<PrinterFarm>(m_settings.get(), m_credentials.get());

    // The farm loads and the window shows once the store knows where the codes are. The keychain
    // answers asynchronously (perhaps after an unlock prompt); the event loop runs meanwhile, and
    // nothing waits in a nested one. Without a keychain, ready() comes before open() returns.
    connect(m_keychain, &KeychainCredentialStore::ready, this, [this] {
        loadFarm();
        showWindow();
    });
    connect(m_keychain, &KeychainCredentialStore::writeFailed, this,
            &AppController::reportCredentialError);
    QList<QUuid> ids;
    const QList<PrinterConfig> configs = m_settings->printers();
    for (const PrinterConfig &config : configs)
        ids.append(config.id);
    // The sharing token sits beside the codes: read now, or every start would make a new one.
    ids.append(ShareToken::credentialId());
    m_keychain->open(ids, m_options.keychainTimeout);
}

void AppController::loadFarm()
{
    m_farm->load();
    qCInfo(lcApp).noquote() << "Settings:" << m_settings->filePath() << "—"
                            << m_farm->printers().size() << "printer(s)";
}

void AppController::showWindow()
{
    setUpDiscovery();
    setUpSharing();
    setUpRecording();
    m_window = std::make_unique<GridWindow>(m_farm.get(), m_settings.get());
    m_window->setRecorder(m_recorder.get());
    m_window->setDemoMode(m_options.demo);
    m_window->setCredentialStoreDescription(m_credentials->description());
    m_window->setDiscovery(m_discovery.get());
    m_window->setSharing(m_sharing.get());
    connect(m_window.get(), &GridWindow::quitRequested, qApp, &QCoreApplication::quit,
            Qt::QueuedConnection);
    connect(m_window.get(), &GridWindow::demoRequested, this, &AppController::launchDemo);

    setUpTray();

    m_window->restoreWindowState();
    m_window->show();
    if (!m_options.fullViewPrinter.isEmpty()
        && !m_window->showFullViewOf(m_options.fullViewPrinter))
        qCWarning(lcApp).noquote() << "No printer named" << m_options.fullViewPrinter;
}

void AppController::raiseWindow()
{
    if (m_window)
        m_window->showAndRaise();
}

void AppController::reportCredentialError(const QString &message)
{
    // Not modal: the cameras keep running, and the code is in use until FarmCam quits.
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Keyring"), message, QMessageBox::Ok,
                                m_window.get());
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

bool AppController::startDemo(QString *errorMessage)
{
    // The demo gets its own throw-away settings and keeps codes in memory: the user's own
    // configuration is never read nor written.
    m_demoDir = std::make_unique<QTemporaryDir>();
    if (!m_demoDir->isValid()) {
        if (errorMessage)
            *errorMessage
                = tr("The demo needs a temporary folder: %1").arg(m_demoDir->errorString());
        return false;
    }
    m_settings = std::make_unique<AppSettings>(m_demoDir->filePath(QStringLiteral("demo.conf")));
    // Snapshots are the user's files: they outlive the demo, in a subfolder of the usual place.
    m_settings->setValue(AppSettings::Key::SnapshotFolder,
                         AppSettings::defaultValue(AppSettings::Key::SnapshotFolder).toString()
                             + QStringLiteral("/Demo"));
    // Videos, unlike snapshots, are written all the time (the failure-clip ring): the demo's go
    // with its settings, and the user can point Preferences › Recordings elsewhere to keep them.
    m_settings->setValue(AppSettings::Key::RecordingsFolder,
                         m_demoDir->filePath(QStringLiteral("recordings")));
    m_credentials = std::make_unique<MemoryCredentialStore>();
    m_farm = std::make_unique<PrinterFarm>(m_settings.get(), m_credentials.get());
    m_farm->setPersistent(false);

    m_demoFarm = std::make_unique<DemoFarm>();
    if (!m_demoFarm->start(errorMessage))
        return false;
    const QList<DemoFarm::Camera> cameras = m_demoFarm->cameras();
    for (const DemoFarm::Camera &camera : cameras) {
        const PrinterConfig config = camera.config();
        QString error;
        Printer *printer = m_farm->addPrinter(config, camera.accessCode, &error);
        if (!printer) {
            qCWarning(lcApp).noquote() << "Demo printer" << camera.name << "not added:" << error;
            continue;
        }
        if (camera.statusPort == 0 && camera.accessCodeCorrect) {
            // No broker: the same reports, handed over directly. (A printer with a wrong code
            // would not tell its status, so the A1 Lab gets none either.)
            const QString serial = camera.serial;
            connect(m_demoFarm->statusFeed(), &StatusFeed::reportReady, printer,
                    [printer, serial](const QString &from, const QByteArray &payload) {
                        if (from == serial)
                            printer->mergeStatusReport(payload);
                    });
            m_demoFarm->statusFeed()->sendFullReport(serial);
        }
    }
    return true;
}

void AppController::launchDemo()
{
    // A separate process: the demo's printers must never end up in the user's own list.
    const QString program = QCoreApplication::applicationFilePath();
    if (!QProcess::startDetached(program, {QStringLiteral("--demo")}))
        qCWarning(lcApp) << "Could not start the demo:" << program;
}

void AppController::setUpDiscovery()
{
    m_discovery = std::make_unique<DiscoveryListener>();
    if (m_options.demo) {
        m_discovery->setAddress(QHostAddress(QHostAddress::LocalHost));
        m_discovery->setPort(0);
    } else {
        m_discovery->setAddress(m_options.discoveryAddress);
        m_discovery->setPort(m_options.discoveryPort);
    }
    // A known printer announcing a new address is followed there (PrinterFarm checks the serial;
    // the pinned certificate guards the access code against a spoofed announcement).
    PrinterFarm *farm = m_farm.get();
    connect(m_discovery.get(), &DiscoveryListener::printerAnnounced, farm,
            [farm](const DiscoveryAnnouncement &announcement) {
                farm->followAnnouncedAddress(announcement.serial, announcement.address);
            });
    connect(m_settings.get(), &AppSettings::changed, this, [this](AppSettings::Key key) {
        if (key == AppSettings::Key::DiscoveryEnabled)
            applyDiscoverySetting();
    });
    applyDiscoverySetting();
}

void AppController::applyDiscoverySetting()
{
    if (!m_settings->discoveryEnabled()) {
        m_discovery->stop();
        return;
    }
    if (m_discovery->isListening())
        return;
    QString error;
    if (!m_discovery->start(&error)) {
        // Not fatal: printers can always be added by address.
        qCWarning(lcApp).noquote() << "Printer discovery is off:" << error;
        return;
    }
    qCInfo(lcApp) << "Listening for printer announcements on UDP port" << m_discovery->localPort();
    if (m_demoFarm) // its printers announce to wherever we listen now (a new port after a restart)
        m_demoFarm->announceTo(m_discovery->localPort());
}

void AppController::setUpSharing()
{
    // Off unless the user switched it on (the demo's throw-away settings start off, too). A start
    // that fails is said in the status bar and in Preferences › Sharing, not in a box at launch.
    m_sharing
        = std::make_unique<SharingController>(m_farm.get(), m_settings.get(), m_credentials.get());
    m_sharing->apply();
}

void AppController::setUpRecording()
{
    m_recorder = std::make_unique<FarmRecorder>(m_farm.get(), m_settings.get());
    m_recorder->start();
    m_sharing->setRecorder(m_recorder.get());
    qCInfo(lcApp).noquote() << "Recordings:"
                            << QDir::toNativeSeparators(m_recorder->library().root());
}

void AppController::setUpTray()
{
    if (!TrayIcon::isAvailable()) {
        m_window->setTrayAvailable(false);
        return;
    }
    auto *tray = new TrayIcon(m_farm.get(), m_settings.get(), this);
    m_tray = tray;
    GridWindow *window = m_window.get();
    window->setTrayAvailable(true);
    connect(tray, &TrayIcon::showHideRequested, window, [window] {
        if (window->isVisible() && !window->isMinimized())
            window->hide();
        else
            window->showAndRaise();
    });
    connect(tray, &TrayIcon::snapshotAllRequested, window, [this, window, tray] {
        if (window->isVisible() && !window->isMinimized()) {
            window->snapshotAll(); // its status bar says what was saved
            return;
        }
        // Hidden: the status bar would say it to nobody; the tray says it instead, once the
        // files are written (on a worker thread).
        m_trayedSnapshotBatches.insert(window->snapshotAll());
    });
    connect(window, &GridWindow::snapshotBatchFinished, tray,
            [this, tray](quint64 batchId, int saved, int failed, const QString &folder) {
                if (m_trayedSnapshotBatches.remove(batchId))
                    tray->notifySnapshots(saved, failed, folder);
            });
    connect(m_recorder.get(), &FarmRecorder::timelapseFinished, tray,
            [tray](Printer *printer, const QString &job, const QString &video) {
                tray->notifyVideo(TrayIcon::timelapseNotificationFor(job, printer->name()), video);
            });
    connect(m_recorder.get(), &FarmRecorder::clipReady, tray,
            [tray](Printer *printer, const QString &video) {
                tray->notifyVideo(TrayIcon::clipNotificationFor(printer->name()), video);
            });
    connect(tray, &TrayIcon::quitRequested, window, &GridWindow::quit);
    connect(window, &GridWindow::shownChanged, tray, &TrayIcon::setWindowShown);
    connect(window, &GridWindow::hiddenToTray, tray, &TrayIcon::notifyHiddenToTray);
    // The app lives on in the tray; only Quit ends it.
    QApplication::setQuitOnLastWindowClosed(false);
}
