// farmcam-sim as a child process: started with N printers (port-6000 JPEG or RTSPS), its ports
// read from its standard output, and always terminated (also on failure) when this object goes.
#pragma once

#include <QList>
#include <QObject>
#include <QSize>
#include <QString>
#include <QStringList>

class QProcess;

class SimProcess final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SimProcess)

public:
    struct Endpoint
    {
        QString name;
        QString host;
        quint16 port = 0;
    };

    // The simulator's access code (its default): a test value, not a secret.
    static constexpr char kAccessCode[] = "12345678";

    explicit SimProcess(const QString &program, QObject *parent = nullptr);
    ~SimProcess() override;

    // Starts the simulator and waits (at most `timeoutMs`) until it listed every printer.
    bool start(int count, double framesPerSecond, int jpegQuality, QString *errorMessage,
               int timeoutMs = 30000);
    // The same with X1C printers serving RTSPS (H.264 at `videoSize`), all replaying one clip that
    // the simulator encodes once at start (--shared-clip): it then costs little more than the
    // packetising and TLS. The encoding takes seconds at 1920x1080, hence the longer wait.
    bool startRtsps(int count, QSize videoSize, int framesPerSecond, double keyFrameIntervalS,
                    QString *errorMessage, int timeoutMs = 120000);
    // SIGTERM, then SIGKILL if it does not end within a few seconds.
    void stop();

    QList<Endpoint> endpoints() const { return m_endpoints; }
    qint64 processId() const;

private:
    bool startWith(const QStringList &arguments, int count, QString *errorMessage, int timeoutMs);

    QString m_program;
    QProcess *m_process; // child
    QList<Endpoint> m_endpoints;
};
