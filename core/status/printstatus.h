// What a printer reports about its print job, as merged from its MQTT status reports. A value.
#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>

#include <optional>

// The printer's `print.gcode_state`, plus Unknown for "no report yet" or a value we do not know.
enum class PrintState {
    Unknown,
    Idle, // IDLE
    Preparing, // PREPARE (heating, levelling, homing)
    Printing, // RUNNING
    Paused, // PAUSE: by the user, or by the printer for an error (printError != 0)
    Finished, // FINISH
    Failed, // FAILED
};

struct PrintStatus
{
    PrintState state = PrintState::Unknown;
    QString jobName; // print.subtask_name
    int percent = -1; // print.mc_percent, 0-100; -1: unknown
    int remainingMinutes = -1; // print.mc_remaining_time; -1: unknown
    int layer = -1; // print.layer_num; -1: unknown
    int totalLayers = -1; // print.total_layer_num; -1: unknown
    std::optional<double> nozzleTemperature; // print.nozzle_temper, °C
    std::optional<double> nozzleTarget; // print.nozzle_target_temper
    std::optional<double> bedTemperature; // print.bed_temper
    std::optional<double> bedTarget; // print.bed_target_temper
    qint64 printError = 0; // print.print_error; 0: none
    int healthMessages = 0; // entries in print.hms
    QDateTime updated; // when a report was last merged (UTC); invalid: never
    // When mc_remaining_time last changed value (UTC); invalid: unknown. The countdown runs from
    // here, not from `updated`: P1 printers send only changed fields, so an unrelated report (a
    // temperature) must not restart it.
    QDateTime remainingSince;
    // print.ipcam.rtsp_url, read by StatusReportMerger::parseRtspUrl(): the RTSPS camera's path
    // ("/streaming/live/1"; empty: not reported or not usable), and whether the printer says its
    // "LAN Only Liveview" is off ("disable"). The URL's host is never used: reports are known to
    // name wrong addresses, so the camera dials the configured host with this path.
    QString rtspPath;
    bool liveViewDisabled = false;

    bool isNull() const { return !updated.isValid(); }
    // Paused by the printer because something is wrong (filament runout, clog, spaghetti...).
    bool isPausedForError() const { return state == PrintState::Paused && printError != 0; }

    bool operator==(const PrintStatus &other) const
    {
        return state == other.state && jobName == other.jobName && percent == other.percent
            && remainingMinutes == other.remainingMinutes && layer == other.layer
            && totalLayers == other.totalLayers && nozzleTemperature == other.nozzleTemperature
            && nozzleTarget == other.nozzleTarget && bedTemperature == other.bedTemperature
            && bedTarget == other.bedTarget && printError == other.printError
            && healthMessages == other.healthMessages && updated == other.updated
            && remainingSince == other.remainingSince && rtspPath == other.rtspPath
            && liveViewDisabled == other.liveViewDisabled;
    }
    bool operator!=(const PrintStatus &other) const { return !(*this == other); }
};

Q_DECLARE_METATYPE(PrintStatus)
