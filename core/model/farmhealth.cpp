#include "model/farmhealth.h"

#include <QCoreApplication>
#include <QStringList>

namespace FarmHealth {

namespace {

using State = CameraConnection::State;

bool isFirstAttempt(const PrinterStatus &printer)
{
    const bool connecting = printer.state == State::Connecting
        || printer.state == State::Handshaking || printer.state == State::Authenticating;
    return connecting && printer.failure == CameraConnection::Failure::None;
}

QString headlineFor(int live, int total)
{
    if (total == 0)
        return QCoreApplication::translate("FarmHealth", "No printers configured");
    // Spelled out rather than "%n camera(s)": right in English even without a translation loaded.
    if (total == 1)
        return QCoreApplication::translate("FarmHealth", "%1 of 1 camera live").arg(live);
    return QCoreApplication::translate("FarmHealth", "%1 of %2 cameras live").arg(live).arg(total);
}

} // namespace

Summary summarize(const QList<PrinterStatus> &printers)
{
    Summary summary;
    summary.total = static_cast<int>(printers.size());
    int pending = 0;
    QStringList lines;
    for (const PrinterStatus &printer : printers) {
        if (printer.state == State::Streaming)
            ++summary.live;
        else if (isFirstAttempt(printer))
            ++pending;
        const QString status = printer.statusText.isEmpty()
            ? CameraConnection::stateName(printer.state)
            : printer.statusText;
        lines.append(QCoreApplication::translate("FarmHealth", "%1: %2").arg(printer.name, status));
    }

    if (summary.total == 0)
        summary.level = Level::NoPrinters;
    else if (summary.live == summary.total)
        summary.level = Level::AllLive;
    else if (summary.live == 0 && pending == 0)
        summary.level = Level::AllDown;
    else
        summary.level = Level::SomeTrouble;

    summary.headline = headlineFor(summary.live, summary.total);
    lines.prepend(QCoreApplication::translate("FarmHealth", "FarmCam — %1").arg(summary.headline));
    summary.tooltip = lines.join(u'\n');
    return summary;
}

QColor colorFor(Level level)
{
    switch (level) {
    case Level::NoPrinters:
        return QColor(0x8a, 0x8f, 0x98); // grey
    case Level::AllLive:
        return QColor(0x2e, 0x9d, 0x4f); // green
    case Level::SomeTrouble:
        return QColor(0xe0, 0xa1, 0x00); // amber
    case Level::AllDown:
        return QColor(0xd6, 0x45, 0x41); // red
    }
    return QColor(0x8a, 0x8f, 0x98);
}

Transition classify(State before, State after)
{
    if (before == after)
        return Transition::None;
    if (before == State::Streaming)
        return after == State::Idle ? Transition::None : Transition::WentOffline;
    if (after == State::Streaming)
        return Transition::CameBack;
    return Transition::None;
}

} // namespace FarmHealth
