// The desktop app's side of sharing: keeps a ShareServer listening as the settings say, with the
// token from the credential store, and says in words what it is doing.
#pragma once

#include "share/shareserver.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>

#include <optional>

class AppSettings;
class CredentialStore;
class FarmRecorder;
class Printer;
class PrinterFarm;
class QTimer;

class SharingController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SharingController)

public:
    enum class State {
        Off, // switched off in the settings
        Running,
        Failed, // switched on, but not running: errorMessage() says why
    };
    Q_ENUM(State)

    // All three must outlive the controller. Nothing listens until apply().
    SharingController(PrinterFarm *farm, AppSettings *settings, CredentialStore *credentials,
                      QObject *parent = nullptr);
    ~SharingController() override;

    // Starts, restarts or stops the server as the settings say now: at launch, and when the user
    // presses OK in the preferences (a start that failed is tried again). A change of a sharing
    // setting made elsewhere is applied by itself, once per event-loop turn.
    void apply();

    State state() const { return m_state; }
    bool isRunning() const { return m_state == State::Running; }
    // Why a switched-on server is not running, in one sentence ("Port 8080 is in use by another
    // program."); empty otherwise.
    QString errorMessage() const { return m_error; }
    int viewerCount() const;
    // Where the web wall is, without the token; empty while not running.
    QUrl url() const;
    quint16 port() const;
    ShareServer *server() const { return m_server; }
    // The web wall lists this recorder's folder (and follows it when the setting changes);
    // nullptr: no recordings.
    void setRecorder(FarmRecorder *recorder);

    // The token every request needs: from the credential store, generated and stored on first
    // use. Empty with `errorMessage` set when the store refuses it. Never log it.
    QString token(QString *errorMessage = nullptr);
    // A new token (the old one and every URL made with it stop working); a running server goes
    // on with the new one at once. Empty with `errorMessage` set on failure (the old one stays).
    QString regenerateToken(QString *errorMessage = nullptr);

    // The URLs a user copies for Home Assistant, OctoPrint and the like: complete, with
    // ?token=. Empty while not running. Never log them.
    QUrl streamUrlWithToken(const Printer *printer);
    QUrl snapshotUrlWithToken(const Printer *printer);
    QUrl wallUrlWithToken();

    // For the status bar: "Sharing on :8080 · 3 viewers", "Sharing stopped: port 8080 is in use
    // by another program", or empty while off.
    QString statusText() const;

signals:
    void stateChanged(SharingController::State state);
    void viewerCountChanged(int viewers);

private:
    // What a start was tried with; a settings change that leaves it equal restarts nothing.
    struct Attempt
    {
        bool enabled = false;
        QString address;
        int port = 0;
        QString certificateFile;
        QString privateKeyFile;
        QString token;
        bool operator==(const Attempt &other) const;
        bool operator!=(const Attempt &other) const { return !(*this == other); }
    };
    Attempt currentAttempt();
    void applyIfChanged();
    void setState(State state, const QString &error);
    QUrl withToken(const QUrl &url);

    AppSettings *m_settings;
    CredentialStore *m_credentials;
    ShareServer *m_server; // child
    QPointer<FarmRecorder> m_recorder;
    QTimer *m_settingsChanged; // coalesces the keys one OK writes into one apply()
    State m_state = State::Off;
    QString m_error;
    QString m_token; // cached after the first read from the store
    std::optional<Attempt> m_lastAttempt;
};
