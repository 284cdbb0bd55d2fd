// What a tile says about a print job, in the user's words: pure functions of a PrintStatus and the
// current time, so that the wording, the countdown and the clock time can be tested exactly.
#pragma once

#include "status/printstatus.h"

#include <QColor>
#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>
#include <QString>

class PrintStatusText final
{
    Q_DECLARE_TR_FUNCTIONS(PrintStatusText)

public:
    PrintStatusText() = delete;

    // "Printing", "Paused", "Paused: error", "Failed"...: the badge's word.
    static QString stateLabel(PrintState state, bool pausedForError = false);
    static QString stateLabel(const PrintStatus &status);
    // The badge's colour: red for what needs someone now, amber for a pause, green for done, blue
    // for working, grey for nothing going on.
    static QColor stateColor(PrintState state, bool pausedForError = false);
    static QColor stateColor(const PrintStatus &status);
    // Whether a job's progress means something in this state (not when idle or unknown).
    static bool hasJob(PrintState state);
    // Failed, or paused by the printer for an error: someone has to go and look.
    static bool needsAttention(const PrintStatus &status);

    // "57%"; empty when unknown.
    static QString percentText(int percent);
    // "1 h 23 min", "12 min", "< 1 min" (for 0); empty when unknown (negative).
    static QString remainingText(int minutes);

    // The time left at `now`: counts down while printing from when the printer gave this remaining
    // time (status.remainingSince; status.updated when that is unknown), as the printer reports
    // whole minutes and only when they change; frozen in any other state. Rounded up to whole
    // minutes; -1 when unknown or when the state has no countdown.
    static int remainingMinutesAt(const PrintStatus &status, const QDateTime &now);
    // When the job will be done, printing (from the same moment as remainingMinutesAt(), so a
    // report about something else leaves it where it was) or preparing (from `now`); invalid
    // otherwise or when unknown.
    static QDateTime finishTime(const PrintStatus &status, const QDateTime &now);
    // "ready at 14:35", "ready tomorrow at 02:10", "ready Wed at 14:35", in local time and the
    // locale's short time format; empty for an invalid `finish`.
    static QString finishText(const QDateTime &finish, const QDateTime &now,
                              const QLocale &locale = QLocale());
    // "ready at 14:35 · 1 h 23 min left" while printing, "1 h 23 min left" while paused; empty
    // when there is nothing to count down.
    static QString timingText(const PrintStatus &status, const QDateTime &now,
                              const QLocale &locale = QLocale());

    // "Layer 57 / 210", "Layer 57" when the total is unknown; empty when the layer is unknown.
    static QString layerText(int layer, int totalLayers);
    // "Nozzle 219 / 220 °C · Bed 65 / 65 °C"; a target of 0 (heater off) or unknown is left out,
    // as is an unknown temperature. `compact`: "Nozzle 219/220 °C · Bed 65/65 °C".
    static QString temperatureText(const PrintStatus &status, bool compact = false);
    // "Error 0300-800C", the form Bambu's wiki lists print errors under; empty for 0.
    static QString errorText(qint64 printError);

    // Everything known, as one line of words for the tooltip and screen readers: "Printing
    // “benchy.3mf”, 57%, 1 h 23 min left, ready at 14:35, layer 57 of 210, nozzle 219 °C (target
    // 220 °C), bed 65 °C (target 65 °C)". Empty for a null status without a problem.
    static QString description(const PrintStatus &status, const QString &problem,
                               const QDateTime &now, const QLocale &locale = QLocale());
};
