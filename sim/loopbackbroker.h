// A real `mosquitto` broker on 127.0.0.1, for tests and the simulator: TLS with the simulator's
// certificate, password logins, everything in a temporary directory of its own.
#pragma once

#include <QList>
#include <QObject>
#include <QPair>
#include <QString>
#include <QStringList>

#include <memory>

class QProcess;
class QTemporaryDir;

// Starts the `mosquitto` executable (from PATH or /usr/sbin) listening on 127.0.0.1 only, on a free
// port, with the simulator's certificate and key (:/sim/simulator.crt, :/sim/simulator.key),
// anonymous logins refused and the given user/password pairs in a password file (hashed with
// `mosquitto_passwd -U`, so no secret is ever on a command line). No persistence; its log goes to
// stderr, which we keep (the last lines) for tests and error messages. The process dies with this
// object.
//
// start() and restart() wait for the broker to listen (a bounded nested event loop: this is a test
// and simulator helper, not GUI code).
class LoopbackBroker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LoopbackBroker)

public:
    using Credentials = QList<QPair<QString, QString>>; // user, password

    // Lines of the broker's log kept (older ones are dropped).
    static constexpr int kMaxLogLines = 2000;

    explicit LoopbackBroker(QObject *parent = nullptr);
    ~LoopbackBroker() override;

    // Whether `mosquitto` and `mosquitto_passwd` are installed (Debian: the mosquitto package).
    static bool isAvailable();
    static QString brokerPath(); // empty when not found
    static QString passwordToolPath(); // empty when not found
    // SHA-256 of the certificate the broker presents, formatted like
    // TlsTrust::normalizeFingerprint().
    static QString certificateFingerprint();

    // Starts a broker that accepts exactly these logins. On failure returns false and says why in
    // *error (including the broker's last log lines).
    bool start(const Credentials &credentials, QString *error = nullptr);
    // Stops the broker and starts it again with the same port, logins and files (clients see the
    // broker go away and come back).
    bool restart(QString *error = nullptr);
    void stop();
    bool isRunning() const;

    quint16 port() const { return m_port; }
    // The broker's certificate as a PEM file (self-signed: usable as its own CA file).
    QString certificateFile() const;
    QStringList log() const { return m_log; }
    // Log lines containing `text`, e.g. "New client connected" (logins), "New connection from".
    int logCount(const QString &text) const;

signals:
    void logLine(const QString &line);

private:
    bool prepareFiles(const Credentials &credentials, QString *error);
    bool writeConfig(QString *error);
    bool launch(QString *error, bool *portInUse);
    void onOutput();
    void addLogLine(const QString &line);
    QString lastLogLines(int count) const;
    QString filePath(const QString &name) const;

    std::unique_ptr<QTemporaryDir> m_directory;
    QProcess *m_process = nullptr; // child while running
    quint16 m_port = 0;
    bool m_listening = false;
    bool m_sawRunning = false; // since the last launch
    bool m_sawAddressInUse = false;
    QStringList m_log;
    QByteArray m_partialLine;
};
