// When a printer's change of state is worth a tray notification, and what it says. Pure functions.
#pragma once

#include "status/printstatus.h"

#include <QList>
#include <QMetaType>
#include <QString>

namespace PrintAlerts {

enum class Kind {
    PrintFinished,
    PrintFailed,
    PrintPausedForError,
    PrinterOffline,
    PrinterBackOnline,
};

// What the caller knows about one printer at one moment.
struct Observation
{
    PrintState state = PrintState::Unknown;
    qint64 printError = 0;
    // The printer is reachable: its camera streams or its status connection is up (the caller
    // decides which counts).
    bool online = false;
    QString jobName;
    // The printer has been online at some point since start-up (this moment included). Only
    // `before.seenOnline` is read: it lets "back online" work for a caller that resets the state to
    // Unknown when the printer goes away. A caller that keeps the last known state while the
    // printer is offline may leave it false (a known state means the printer was seen).
    bool seenOnline = false;
};

// An observation of a printer from its merged status (default PrintStatus: state Unknown).
Observation observe(const PrintStatus &status, bool online, bool seenOnline = false);

// The alerts raised by going from `before` to `after` (the previous and the new observation of
// the same printer), in this order:
//
// - PrinterBackOnline: offline -> online, and the printer had been seen online before
//   (before.seenOnline, or a known before.state). The very first connection after start-up
//   (before = a default Observation: offline, Unknown) is not "back".
// - PrintFinished: entering Finished from an active state (Preparing, Printing, Paused).
// - PrintFailed: entering Failed from an active state.
// - PrintPausedForError: entering Paused with printError != 0 from Printing or Preparing; or
//   printError becoming non-zero (from 0) while already Paused (a user's pause that then hits an
//   error). One error code replacing another while paused is not a new alert.
// - PrinterOffline: online -> offline.
//
// Unknown never starts a print alert: Unknown means "no report yet" (start-up, or a reconnect that
// reset the status), so a first report saying FINISH, FAILED or PAUSE with an error is old news,
// and a reconnect in between (Printing -> Unknown -> Finished) does not repeat or invent alerts.
// Entering Unknown, Idle or Printing raises nothing; neither does staying in a state (Finished ->
// Finished) or leaving Paused/Finished/Failed for a non-active state.
QList<Kind> alertsFor(const Observation &before, const Observation &after);

struct Alert
{
    Kind kind = Kind::PrintFinished;
    QString title; // "Print finished"
    QString message; // "Bench P1S finished “benchy.3mf”."
    bool warning = false; // needs someone's attention: failed, paused for an error, offline
};

// The notification for `kind`, about the printer named `printerName` as now observed (`after`).
// Texts are translated in the "PrintAlerts" context.
Alert describe(Kind kind, const QString &printerName, const Observation &after);

// A translated label for settings and menus: "Print finished", "Print failed", ...
QString kindName(Kind kind);

// A print_error code as Bambu Lab writes it in its manuals and on the printer: "0700_8011".
QString errorCode(qint64 printError);

} // namespace PrintAlerts

Q_DECLARE_METATYPE(PrintAlerts::Kind)
Q_DECLARE_METATYPE(PrintAlerts::Alert)
