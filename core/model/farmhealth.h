// The farm at a glance: printer states in, one level + colour + tooltip out. Pure functions.
#pragma once

#include "camera/camerasource.h"
#include "status/printstatus.h"

#include <QColor>
#include <QList>
#include <QString>

namespace FarmHealth {

// A printer is "live" when its camera is up and its picture is not stale (CameraSource::isLive());
// "pending" when it is on its first attempt (Connecting,
// Handshaking or Authenticating with no failure yet); otherwise "down" (failed, backing off,
// retrying after a failure, or stopped by the user: Idle).
enum class Level {
    NoPrinters, // none configured
    AllLive, // every camera streaming
    // Neither all live nor all down: some live, or some still on their first attempt. A farm that
    // is still connecting for the first time is SomeTrouble (amber, "not yet"), not AllDown:
    // nothing has failed, and red at every start would be a false alarm.
    SomeTrouble,
    AllDown, // none streaming and none pending: every camera failed or is stopped
};

struct PrinterStatus
{
    QString name;
    CameraSource::State state = CameraSource::State::Idle;
    CameraSource::Failure failure = CameraSource::Failure::None;
    QString statusText;
    // From the printer's status reports; Unknown when it has no status connection (or no report).
    PrintState printState = PrintState::Unknown;
    bool printPausedForError = false;
    int printPercent = -1;
    // Up, but the newest picture is older than the stale threshold: not live (a stalled stream).
    bool stale = false;

    bool isLive() const { return state == CameraSource::State::Up && !stale; }
};

// Whether a print needs someone: beside the cameras' Level, it changes the tray's colour.
enum class PrintAttention {
    None,
    Finished, // a print is done and waits to be taken off the plate
    Problem, // a print failed or the printer paused it for an error
};

struct Summary
{
    Level level = Level::NoPrinters;
    int live = 0;
    int total = 0;
    int printing = 0; // printing or preparing
    int finished = 0;
    int failed = 0;
    int pausedForError = 0;
    PrintAttention attention = PrintAttention::None;
    // "3 of 4 cameras live", then what needs attention: "3 of 4 cameras live · 1 print failed"
    QString headline;
    // "FarmCam — " + headline, then one line per printer: "Name: status", with its print when known
    QString tooltip;

    bool operator==(const Summary &other) const
    {
        return level == other.level && live == other.live && total == other.total
            && printing == other.printing && finished == other.finished && failed == other.failed
            && pausedForError == other.pausedForError && attention == other.attention
            && headline == other.headline && tooltip == other.tooltip;
    }
    bool operator!=(const Summary &other) const { return !(*this == other); }
};

Summary summarize(const QList<PrinterStatus> &printers);
// A print's progress in words: "57%", empty when unknown (negative). The one rule for the tray's
// tooltip, the status bar and the tiles (PrintStatusText uses it), so that they never disagree.
QString percentText(int percent);
QColor colorFor(Level level);
// The tray's colour: a print problem is red whatever the cameras do; a finished print is blue when
// the cameras are otherwise fine; else the Level's colour.
QColor colorFor(const Summary &summary);

// What a state change means for a notification.
enum class Transition { None, WentOffline, CameBack };
// Streaming -> anything but Streaming/Idle is "went offline"; a return to Streaming after having
// gone offline is "came back". A user stopping a printer (-> Idle) is not an alert.
// With only two states to go on, every entry into Streaming is CameBack here, the very first one
// included: the caller knows whether the printer went offline before (PrinterFarm tracks that and
// does not announce a first connection).
Transition classify(CameraSource::State before, CameraSource::State after);
// The same on liveness: a live camera that stops being live (it failed, or its stream stalled) went
// offline, unless it was stopped (-> Idle); a camera that becomes live again came back.
Transition classifyLiveness(bool wasLive, bool isLive, CameraSource::State after);

} // namespace FarmHealth
