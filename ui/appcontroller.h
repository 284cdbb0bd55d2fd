// Builds and wires the desktop app: settings, credentials, the farm, the window, the tray; and the
// demo, which never touches the user's own settings.
#pragma once

#include <QHostAddress>
#include <QObject>
#include <QSet>
#include <QString>

#include <chrono>
#include <functional>
#include <memory>

class AppSettings;
class CredentialStore;
class DemoFarm;
class DiscoveryListener;
class FarmRecorder;
class GridWindow;
class KeychainBackend;
class KeychainCredentialStore;
class PrinterFarm;
class QTemporaryDir;
class SharingController;
class TrayIcon;

class AppController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AppController)

public:
    struct Options
    {
        bool demo = false;
        QString configFile; // empty: AppSettings::defaultFilePath()
        QString fullViewPrinter; // a printer's name: start in its single view
        // The keychain for access codes. Empty: the desktop's (QtKeychain), when FarmCam was built
        // with it. Tests pass a fake, so that they never touch the user's keyring.
        std::function<std::unique_ptr<KeychainBackend>()> keychain;
        // How long the keychain may take to open before the owner-only file is used instead.
        std::chrono::milliseconds keychainTimeout{30000};
        // Where printers' discovery announcements are heard (tests: 127.0.0.1, port 0). The demo
        // always uses a free loopback port: its printers announce themselves there.
        QHostAddress discoveryAddress = QHostAddress(QHostAddress::AnyIPv4);
        quint16 discoveryPort = 2021;
    };

    explicit AppController(const Options &options, QObject *parent = nullptr);
    ~AppController() override;

    // Creates everything and shows the window. Returns false with a sentence for the user when the
    // app cannot run (e.g. the demo's simulators could not listen). Outside the demo, the window
    // comes once the credential store is open (the keychain has answered, failed or timed out):
    // after start() has returned, when the keychain answers asynchronously.
    bool start(QString *errorMessage = nullptr);

    // FarmCam was started again (SingleInstance): the window comes to the front, also from the
    // tray. Before the window exists (the keychain is still opening) it will show by itself.
    void raiseWindow();

    GridWindow *window() const { return m_window.get(); }
    PrinterFarm *farm() const { return m_farm.get(); }
    AppSettings *settings() const { return m_settings.get(); }
    CredentialStore *credentials() const { return m_credentials.get(); }
    DiscoveryListener *discovery() const { return m_discovery.get(); }
    // Sharing the cameras over HTTP, as the settings say (off in a fresh demo); null until the
    // farm has loaded.
    SharingController *sharing() const { return m_sharing.get(); }
    // Timelapses, failure clips and recordings of every printer; null until the farm has loaded.
    FarmRecorder *recorder() const { return m_recorder.get(); }

private:
    void openCredentials();
    void loadFarm();
    void showWindow();
    void reportCredentialError(const QString &message);
    bool startDemo(QString *errorMessage);
    void launchDemo();
    void setUpTray();
    void setUpDiscovery();
    void applyDiscoverySetting();
    void setUpSharing();
    void setUpRecording();

    Options m_options;
    // Declared in the order they are needed; destroyed in reverse (the window before the farm).
    std::unique_ptr<QTemporaryDir> m_demoDir;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<CredentialStore> m_credentials;
    KeychainCredentialStore *m_keychain = nullptr; // m_credentials, outside the demo
    std::unique_ptr<PrinterFarm> m_farm;
    std::unique_ptr<DemoFarm> m_demoFarm;
    std::unique_ptr<DiscoveryListener> m_discovery;
    std::unique_ptr<SharingController> m_sharing; // its server serves the farm's printers
    std::unique_ptr<FarmRecorder> m_recorder; // follows the farm's printers
    std::unique_ptr<GridWindow> m_window;
    TrayIcon *m_tray = nullptr; // child of this, when the desktop has a tray
    QSet<quint64> m_trayedSnapshotBatches; // asked for from the tray while the window was hidden
};
