// The built-in demo: six simulated printers on 127.0.0.1: four with the port-6000 JPEG camera of
// P1/A1 printers (one of them set up, on purpose, with the wrong access code so the demo also
// shows what an error looks like) and two X1-class printers (X1C, H2D) with the RTSPS camera. They
// print too: one print moves along, one finishes and one fails within the first minute, reported
// through a loopback MQTT broker when `mosquitto` is installed (the real path: StatusConnection),
// else handed over in-process (StatusFeed::reportReady) to the same tile model.
#pragma once

#include "model/printerconfig.h"

#include <QList>
#include <QObject>
#include <QString>

class AnnouncementSender;
class LoopbackBroker;
class PrinterSimulator;
class RtspsPrinterSimulator;
class StatusFeed;

class DemoFarm final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DemoFarm)

public:
    // What a client needs to watch one demo printer.
    struct Camera
    {
        QString name;
        QString host;
        quint16 port = 0;
        QString accessCode; // what the client is configured with (wrong for one printer)
        double framesPerSecond = 0;
        bool accessCodeCorrect = true;
        QString serial;
        QString modelCode; // as announced: "C12" is a P1S, "BL-P001" an X1C
        bool rtsps = false; // an RTSPS camera (H.264) on `port`, else the port-6000 JPEG stream
        quint16 statusPort = 0; // the loopback broker's port; 0: status comes in-process

        // The printer as FarmCam is set up for it (no id yet; the code is accessCode).
        PrinterConfig config() const;
    };

    enum class StatusSource {
        Automatic, // a loopback broker when mosquitto is installed and starts, else in-process
        InProcess, // never a broker (tests of the fallback)
    };

    // Every demo printer's real code, so that a user can repair the wrong one with "Edit printer…"
    // (the README says so). Printers show 8 digits; these are made up.
    static constexpr char kAccessCode[] = "12345678";
    static constexpr char kWrongAccessCode[] = "87654321";

    // Simulated print seconds per real second: the demo's prints move visibly.
    static constexpr double kTimeScale = 10;
    // The RTSPS printers' video: cheap to serve (a clip encoded once at start, then replayed).
    static constexpr int kRtspsWidth = 1280;
    static constexpr int kRtspsHeight = 720;
    static constexpr int kRtspsFramesPerSecond = 15;

    explicit DemoFarm(QObject *parent = nullptr);
    ~DemoFarm() override;

    // Before start().
    void setStatusSource(StatusSource source) { m_statusSource = source; }

    // Starts the simulators on loopback ports chosen by the system, and their print status. On
    // failure returns false with a sentence for the user; nothing is left listening. A broker
    // that cannot start is not a failure: the status then comes in-process.
    bool start(QString *errorMessage = nullptr);
    void stop();
    bool isRunning() const { return !m_cameras.isEmpty(); }

    // Valid after start(), in display order.
    QList<Camera> cameras() const { return m_cameras; }
    // The reports of every demo printer; connect to reportReady() when statusPort is 0.
    StatusFeed *statusFeed() const { return m_feed; }
    bool usesBroker() const { return m_broker != nullptr; }
    // Where the status comes from, in words, for the log.
    QString statusDescription() const { return m_statusDescription; }

    // Each demo printer announces itself (discovery datagrams) to 127.0.0.1:port.
    void announceTo(quint16 port);

private:
    void startStatus();

    QList<PrinterSimulator *> m_simulators; // children
    QList<RtspsPrinterSimulator *> m_rtspsSimulators; // children, in the order of their cameras
    QList<Camera> m_cameras;
    QList<int> m_printIndexes; // each camera's row of the demo's printer table
    StatusSource m_statusSource = StatusSource::Automatic;
    LoopbackBroker *m_broker = nullptr; // child, while a broker runs
    StatusFeed *m_feed = nullptr; // child, while running
    QList<AnnouncementSender *> m_announcers; // children
    QString m_statusDescription;
};
