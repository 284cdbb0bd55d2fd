// Builds and wires the desktop app: settings, credentials, the farm, the window, the tray; and the
// demo, which never touches the user's own settings.
#pragma once

#include <QObject>
#include <QString>

#include <memory>

class AppSettings;
class CredentialStore;
class DemoFarm;
class GridWindow;
class PrinterFarm;
class QTemporaryDir;
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
    };

    explicit AppController(const Options &options, QObject *parent = nullptr);
    ~AppController() override;

    // Creates everything and shows the window. Returns false with a sentence for the user when the
    // app cannot run (e.g. the demo's simulators could not listen).
    bool start(QString *errorMessage = nullptr);

    GridWindow *window() const { return m_window.get(); }
    PrinterFarm *farm() const { return m_farm.get(); }
    AppSettings *settings() const { return m_settings.get(); }

private:
    bool startDemo(QString *errorMessage);
    void launchDemo();
    void setUpTray();

    Options m_options;
    // Declared in the order they are needed; destroyed in reverse (the window before the farm).
    std::unique_ptr<QTemporaryDir> m_demoDir;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<CredentialStore> m_credentials;
    std::unique_ptr<PrinterFarm> m_farm;
    std::unique_ptr<DemoFarm> m_demoFarm;
    std::unique_ptr<GridWindow> m_window;
    TrayIcon *m_tray = nullptr; // child of this, when the desktop has a tray
};
