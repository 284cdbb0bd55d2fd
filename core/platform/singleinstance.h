// One FarmCam per user and settings file: a second start hands over to the running one (which
// raises its window) and exits, instead of opening a second connection to every printer, as
// desktop apps do. No Widgets: the caller decides what "raise" means.
#pragma once

#include <QLockFile>
#include <QObject>
#include <QString>

#include <memory>

class QLocalServer;

class SingleInstance final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SingleInstance)

public:
    enum class Role {
        Unclaimed, // claim() not called yet
        Primary, // this process runs FarmCam for that settings file; it listens for later starts
        AlreadyRunning, // another one does and was asked to show itself: this process should exit
        Unresponsive, // another one holds the lock but did not take the request (errorString())
        Unavailable, // no lock could be made here (errorString()): nothing tells starts apart
    };
    Q_ENUM(Role)

    // `key`: what makes two starts "the same FarmCam" (keyFor()). `directory`: where the lock
    // and the socket go; empty: the user's runtime folder (XDG_RUNTIME_DIR), private to the user.
    explicit SingleInstance(const QString &key, const QString &directory = QString(),
                            QObject *parent = nullptr);
    ~SingleInstance() override;

    // The key for this user and this settings file: the path made absolute and clean, so that
    // "~/.config/FarmCam/farmcam.conf" and "./farmcam.conf" from that folder agree.
    static QString keyFor(const QString &settingsFilePath);

    // Takes the lock or asks the holder to show itself; once (later calls return the role). The
    // holder is found through a lock file (QLockFile: a holder that crashed leaves a stale lock,
    // which is taken over) and reached through a local socket, whose stale file from a crash is
    // removed before listening.
    Role claim();
    Role role() const { return m_role; }
    QString errorString() const { return m_error; }
    // The local socket's and the lock file's full paths (for tests and the log).
    QString serverName() const { return m_serverName; }
    QString lockFilePath() const { return m_lockPath; }

signals:
    // Primary only: a later start asked this one to show itself.
    void activationRequested();

private:
    bool askRunningInstance();
    bool listen();

    QString m_serverName;
    QString m_lockPath;
    QLockFile m_lock;
    std::unique_ptr<QLocalServer> m_server;
    Role m_role = Role::Unclaimed;
    QString m_error;
};
