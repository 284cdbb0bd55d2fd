// farmcam-server's serving mode: the farm, its credentials and the sharing server, until a signal.
#pragma once

#include "servercommandline.h"

#include <QObject>

#include <memory>

class AppSettings;
class CredentialStore;
class DemoFarm;
class FarmRecorder;
class OnDemandCameras;
class PrinterFarm;
class QTemporaryDir;
class ServerCredentials;
class ShareServer;
class SingleInstance;

class ServerSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServerSession)

public:
    explicit ServerSession(const ServerCommandLine &commandLine, QObject *parent = nullptr);
    ~ServerSession() override;

    // Loads the farm and listens; prints the URL on standard output once it does. On failure
    // returns the exit code, having said why on standard error; on success Success (the session
    // then runs until stop()).
    ServerExitCode start();
    // Ends every stream, hangs up every printer; then finished(Success).
    void stop();

    ShareServer *server() const { return m_server.get(); }

signals:
    void finished(int exitCode);

private:
    bool claimSettingsFile();
    bool startDemo();
    void openUserFarm();
    // Timelapses and failure clips of every printer, into --record-dir or the settings' folder.
    void startRecording();
    QString token();

    ServerCommandLine m_commandLine;
    // Declared in the order they are needed; destroyed in reverse.
    std::unique_ptr<SingleInstance> m_instance;
    std::unique_ptr<QTemporaryDir> m_demoDir;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<ServerCredentials> m_credentials;
    std::unique_ptr<CredentialStore> m_demoCredentials;
    std::unique_ptr<PrinterFarm> m_farm;
    std::unique_ptr<DemoFarm> m_demoFarm;
    std::unique_ptr<ShareServer> m_server;
    std::unique_ptr<OnDemandCameras> m_onDemand;
    std::unique_ptr<FarmRecorder> m_recorder;
    bool m_stopping = false;
};
