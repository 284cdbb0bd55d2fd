#include "status/printalerts.h"

#include <QCoreApplication>

namespace PrintAlerts {

namespace {

bool isActive(PrintState state)
{
    return state == PrintState::Preparing || state == PrintState::Printing
        || state == PrintState::Paused;
}

bool wasSeenOnline(const Observation &observation)
{
    return observation.online || observation.seenOnline || observation.state != PrintState::Unknown;
}

} // namespace

Observation observe(const PrintStatus &status, bool online, bool seenOnline)
{
    Observation observation;
    observation.state = status.state;
    observation.printError = status.printError;
    observation.online = online;
    observation.jobName = status.jobName;
    observation.seenOnline = seenOnline || online;
    return observation;
}

QList<Kind> alertsFor(const Observation &before, const Observation &after)
{
    QList<Kind> kinds;
    if (!before.online && after.online && wasSeenOnline(before))
        kinds.append(Kind::PrinterBackOnline);

    if (after.state != before.state) {
        if (after.state == PrintState::Finished && isActive(before.state))
            kinds.append(Kind::PrintFinished);
        if (after.state == PrintState::Failed && isActive(before.state))
            kinds.append(Kind::PrintFailed);
        if (after.state == PrintState::Paused && after.printError != 0
            && (before.state == PrintState::Printing || before.state == PrintState::Preparing))
            kinds.append(Kind::PrintPausedForError);
    } else if (after.state == PrintState::Paused && before.printError == 0
               && after.printError != 0) {
        kinds.append(Kind::PrintPausedForError);
    }

    if (before.online && !after.online)
        kinds.append(Kind::PrinterOffline);
    return kinds;
}

QString errorCode(qint64 printError)
{
    const QString hex
        = QStringLiteral("%1").arg(quint32(printError), 8, 16, QLatin1Char('0')).toUpper();
    return hex.left(4) + QLatin1Char('_') + hex.mid(4);
}

Alert describe(Kind kind, const QString &printerName, const Observation &after)
{
    const QString printer = printerName.isEmpty()
        ? QCoreApplication::translate("PrintAlerts", "The printer")
        : printerName;
    const QString &job = after.jobName;

    Alert alert;
    alert.kind = kind;
    switch (kind) {
    case Kind::PrintFinished:
        alert.title = QCoreApplication::translate("PrintAlerts", "Print finished");
        alert.message = job.isEmpty()
            ? QCoreApplication::translate("PrintAlerts", "%1 finished its print.").arg(printer)
            : QCoreApplication::translate("PrintAlerts", "%1 finished “%2”.").arg(printer, job);
        alert.warning = false;
        break;
    case Kind::PrintFailed:
        alert.title = QCoreApplication::translate("PrintAlerts", "Print failed");
        alert.message = job.isEmpty()
            ? QCoreApplication::translate("PrintAlerts", "The print on %1 failed.").arg(printer)
            : QCoreApplication::translate("PrintAlerts", "%1 failed printing “%2”.")
                  .arg(printer, job);
        alert.warning = true;
        break;
    case Kind::PrintPausedForError:
        alert.title = QCoreApplication::translate("PrintAlerts", "Print paused");
        if (after.printError == 0) {
            alert.message = job.isEmpty()
                ? QCoreApplication::translate("PrintAlerts", "%1 paused its print for an error.")
                      .arg(printer)
                : QCoreApplication::translate("PrintAlerts", "%1 paused “%2” for an error.")
                      .arg(printer, job);
        } else {
            const QString code = errorCode(after.printError);
            alert.message = job.isEmpty()
                ? QCoreApplication::translate("PrintAlerts",
                                              "%1 paused its print for an error (code %2).")
                      .arg(printer, code)
                : QCoreApplication::translate("PrintAlerts",
                                              "%1 paused “%2” for an error (code %3).")
                      .arg(printer, job, code);
        }
        alert.warning = true;
        break;
    case Kind::PrinterOffline:
        alert.title = QCoreApplication::translate("PrintAlerts", "Printer offline");
        alert.message = QCoreApplication::translate("PrintAlerts", "%1 is offline.").arg(printer);
        alert.warning = true;
        break;
    case Kind::PrinterBackOnline:
        alert.title = QCoreApplication::translate("PrintAlerts", "Printer back online");
        alert.message
            = QCoreApplication::translate("PrintAlerts", "%1 is back online.").arg(printer);
        alert.warning = false;
        break;
    }
    return alert;
}

QString kindName(Kind kind)
{
    switch (kind) {
    case Kind::PrintFinished:
        return QCoreApplication::translate("PrintAlerts", "Print finished");
    case Kind::PrintFailed:
        return QCoreApplication::translate("PrintAlerts", "Print failed");
    case Kind::PrintPausedForError:
        return QCoreApplication::translate("PrintAlerts", "Print paused for an error");
    case Kind::PrinterOffline:
        return QCoreApplication::translate("PrintAlerts", "Printer offline");
    case Kind::PrinterBackOnline:
        return QCoreApplication::translate("PrintAlerts", "Printer back online");
    }
    return QString();
}

} // namespace PrintAlerts
