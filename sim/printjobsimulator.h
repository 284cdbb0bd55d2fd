// Plays a simulated printer's print jobs and writes its MQTT status reports, full and partial.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <chrono>

// Deterministic: the same jobs and the same advance() steps give the same reports (no wall clock,
// no random numbers; how time is cut into steps does not matter either). The caller advances time.
//
// Each job goes PREPARE (kPrepareTime: nozzle and bed heat toward 220/65 °C) -> RUNNING (its
// duration: percent, layer and remaining minutes move; temperatures wobble near the targets) ->
// FINISH or FAILED, held for kEndHoldTime while cooling (targets 0) -> IDLE for kIdleTime -> the
// next job, from the first again when looping. A PauseForError job pauses at failAtFraction with
// print_error kPauseError (filament runout) and one health message, and stays paused: a real
// printer waits for someone too. A Fail job fails there with kFailError. Without jobs, or after
// the last one when not looping, the printer stays IDLE.
class PrintJobSimulator final
{
public:
    struct Job
    {
        enum class Outcome { Finish, Fail, PauseForError };

        QString name; // subtask_name, e.g. "benchy.3mf"
        int totalLayers = 100; // 1-100000
        std::chrono::seconds duration{600}; // RUNNING time, 1 s to 30 days
        Outcome outcome = Outcome::Finish;
        double failAtFraction = 0.6; // of duration, 0-1: when Fail / PauseForError happen
    };

    static constexpr std::chrono::seconds kPrepareTime{40};
    static constexpr std::chrono::seconds kEndHoldTime{20};
    static constexpr std::chrono::seconds kIdleTime{10};
    static constexpr double kNozzleTarget = 220;
    static constexpr double kBedTarget = 65;
    static constexpr double kAmbient = 25;
    static constexpr qint64 kPauseError = 0x07008011; // filament ran out
    static constexpr qint64 kFailError = 0x03004006; // nozzle clogged: the task was stopped

    explicit PrintJobSimulator(QList<Job> jobs, bool loop = true);

    // Without looping, keep the last job's FINISH or FAILED for good instead of going idle, as a
    // real printer shows it until the next print (the demo's finished and failed prints stay).
    void setHoldLastOutcome(bool hold) { m_holdLastOutcome = hold; }

    // The camera part of the report, as X1-class printers send it: "ipcam": {"ipcam_dev": "1",
    // "resolution": ..., "rtsp_url": ...}; rtsp_url is "disable" while LAN Only Liveview is off.
    // An empty URL (the default, as on P1/A1) leaves ipcam out. Goes out with the next report.
    void setCamera(const QString &rtspUrl, const QString &resolution = QStringLiteral("1080p"));

    // Moves simulated time forward; negative or zero steps do nothing.
    void advance(std::chrono::milliseconds elapsed);

    // The whole state, as a printer answers `pushall`:
    // {"print":{"command":"push_status","msg":0,"sequence_id":"N","gcode_state":...}}.
    QByteArray fullReport() const;
    // The same, and later partial reports are relative to it.
    QByteArray takeFullReport();
    // Only the fields that changed since the last report taken (full or partial; everything for
    // the first one), P1 style, in the same envelope with "msg":1. Empty when nothing changed.
    QByteArray takePartialReport();

    // The print object's fields (without command/msg/sequence_id) at the current time.
    QJsonObject fields() const;
    // Index in the job list of the job shown now (-1 without jobs).
    int currentJob() const { return m_jobs.isEmpty() ? -1 : m_jobIndex; }

private:
    enum class Phase { Preparing, Printing, Ended, Paused, Idle };

    struct Temperatures
    {
        double nozzle = kAmbient;
        double bed = kAmbient;
    };

    std::chrono::milliseconds phaseLength() const;
    std::chrono::milliseconds printingLength() const;
    Temperatures temperaturesAt(std::chrono::milliseconds inPhase) const;
    void enterNextPhase();
    QByteArray report(const QJsonObject &print, int msg) const;

    QList<Job> m_jobs;
    bool m_loop;
    bool m_holdLastOutcome = false;
    int m_jobIndex = 0;
    bool m_jobsDone = false; // not looping and the last job is over
    Phase m_phase = Phase::Idle;
    std::chrono::milliseconds m_inPhase{0};
    Temperatures m_phaseStart; // temperatures when the current phase began
    QJsonObject m_lastReported; // fields as of the last report taken
    QJsonObject m_ipcam; // empty: no camera fields
    quint64 m_sequence = 0;
};
