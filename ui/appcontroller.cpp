#include "appcontroller.h"

#include "gridwindow.h"
#include "icons.h"

#include "model/appsettings.h"
#include "model/filecredentialstore.h"
#include "model/memorycredentialstore.h"
#include "model/printer.h"
#include "model/printerfarm.h"
#include "sim/demofarm.h"

#include "trayicon.h"

#include <QApplication>
#include <QLoggingCategory>
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
    m_demoFarm.reset();
    m_farm.reset();
}

bool AppController::start(QString *errorMessage)
{
    QApplication::setWindowIcon(Icons::application()); // also for the dialogs
    if (m_options.demo) {
        if (!startDemo(errorMessage))
            return false;
    } else {
        const QString file = m_options.configFile.isEmpty() ? AppSettings::defaultFilePath()
                                                            : m_options.configFile;
        m_settings = std::make_unique<AppSettings>(file);
        m_credentials
            = std::make_unique<FileCredentialStore>(FileCredentialStore::defaultFilePath());
        m_farm = std::make_unique<PrinterFarm>(m_settings.get(), m_credentials.get());
        m_farm->load();
        qCInfo(lcApp).noquote() << "Settings:" << file << "—" << m_farm->printers().size()
                                << "printer(s)";
    }

    m_window = std::make_unique<GridWindow>(m_farm.get(), m_settings.get());
    m_window->setDemoMode(m_options.demo);
    m_window->setCredentialStoreDescription(m_credentials->description());
    connect(m_window.get(), &GridWindow::quitRequested, qApp, &QCoreApplication::quit,
            Qt::QueuedConnection);
    connect(m_window.get(), &GridWindow::demoRequested, this, &AppController::launchDemo);

    setUpTray();

    m_window->restoreWindowState();
    m_window->show();
    if (!m_options.fullViewPrinter.isEmpty()
        && !m_window->showFullViewOf(m_options.fullViewPrinter))
        qCWarning(lcApp).noquote() << "No printer named" << m_options.fullViewPrinter;
    return true;
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
    m_credentials = std::make_unique<MemoryCredentialStore>();
    m_farm = std::make_unique<PrinterFarm>(m_settings.get(), m_credentials.get());
    m_farm->setPersistent(false);

    m_demoFarm = std::make_unique<DemoFarm>();
    if (!m_demoFarm->start(errorMessage))
        return false;
    const QList<DemoFarm::Camera> cameras = m_demoFarm->cameras();
    for (const DemoFarm::Camera &camera : cameras) {
        PrinterConfig config;
        config.name = camera.name;
        config.host = camera.host;
        config.port = camera.port;
        QString error;
        if (!m_farm->addPrinter(config, camera.accessCode, &error))
            qCWarning(lcApp).noquote() << "Demo printer" << camera.name << "not added:" << error;
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
    connect(tray, &TrayIcon::snapshotAllRequested, window, &GridWindow::snapshotAll);
    connect(tray, &TrayIcon::quitRequested, window, &GridWindow::quit);
    connect(window, &GridWindow::shownChanged, tray, &TrayIcon::setWindowShown);
    // The app lives on in the tray; only Quit ends it.
    QApplication::setQuitOnLastWindowClosed(false);
}
