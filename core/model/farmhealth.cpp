#include "model/farmhealth.h"

#include <QCoreApplication>
#include <QStringList>

#include <algorithm>

namespace FarmHealth {

namespace {

using State = CameraSource::State;

bool isFirstAttempt(const PrinterStatus &printer)
{
    const bool connecting = printer.state == State::Connecting
        || printer.state == State::Handshaking || printer.state == State::Authenticating;
    return connecting && printer.failure == CameraSource::Failure::None;
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

QString printText(const PrinterStatus &printer)
{
    switch (printer.printState) {
    case PrintState::Unknown:
        return {};
    case PrintState::Idle:
        return QCoreApplication::translate("FarmHealth", "idle");
    case PrintState::Preparing:
        return QCoreApplication::translate("FarmHealth", "preparing");
    case PrintState::Printing:
        if (printer.printPercent >= 0)
            return QCoreApplication::translate("FarmHealth", "printing %1")
                .arg(percentText(printer.printPercent));
        return QCoreApplication::translate("FarmHealth", "printing");
    case PrintState::Paused:
        return printer.printPausedForError
            ? QCoreApplication::translate("FarmHealth", "paused for an error")
            : QCoreApplication::translate("FarmHealth", "paused");
    case PrintState::Finished:
        return QCoreApplication::translate("FarmHealth", "print finished");
    case PrintState::Failed:
        return QCoreApplication::translate("FarmHealth", "print failed");
    }
    return {};
}

QString attentionText(const Summary &summary)
{
    // Spelled out per count, like headlineFor: right in English without a translation loaded.
    QStringList parts;
    if (summary.failed == 1)
        parts.append(QCoreApplication::translate("FarmHealth", "1 print failed"));
    else if (summary.failed > 1)
        parts.append(
            QCoreApplication::translate("FarmHealth", "%1 prints failed").arg(summary.failed));
    if (summary.pausedForError == 1)
        parts.append(QCoreApplication::translate("FarmHealth", "1 paused for an error"));
    else if (summary.pausedForError > 1)
        parts.append(QCoreApplication::translate("FarmHealth", "%1 paused for an error")
                         .arg(summary.pausedForError));
    if (summary.finished == 1)
        parts.append(QCoreApplication::translate("FarmHealth", "1 print finished"));
    else if (summary.finished > 1)
        parts.append(
            QCoreApplication::translate("FarmHealth", "%1 prints finished").arg(summary.finished));
    return parts.join(QStringLiteral(" · "));
}

} // namespace

Summary summarize(const QList<PrinterStatus> &printers)
{
    Summary summary;
    summary.total = static_cast<int>(printers.size());
    int pending = 0;
    QStringList lines;
    for (const PrinterStatus &printer : printers) {
        if (printer.isLive())
            ++summary.live;
        else if (isFirstAttempt(printer))
            ++pending;
        switch (printer.printState) {
        case PrintState::Preparing:
        case PrintState::Printing:
            ++summary.printing;
            break;
        case PrintState::Finished:
            ++summary.finished;
            break;
        case PrintState::Failed:
            ++summary.failed;
            break;
        case PrintState::Paused:
            if (printer.printPausedForError)
                ++summary.pausedForError;
            break;
        case PrintState::Unknown:
        case PrintState::Idle:
            break;
        }
        QString status = printer.statusText.isEmpty() ? CameraSource::stateName(printer.state)
                                                      : printer.statusText;
        const QString print = printText(printer);
        if (!print.isEmpty())
            status = QCoreApplication::translate("FarmHealth", "%1 · %2").arg(status, print);
        lines.append(QCoreApplication::translate("FarmHealth", "%1: %2").arg(printer.name, status));
    }
    if (summary.failed > 0 || summary.pausedForError > 0)
        summary.attention = PrintAttention::Problem;
    else if (summary.finished > 0)
        summary.attention = PrintAttention::Finished;

    if (summary.total == 0)
        summary.level = Level::NoPrinters;
    else if (summary.live == summary.total)
        summary.level = Level::AllLive;
    else if (summary.live == 0 && pending == 0)
        summary.level = Level::AllDown;
    else
        summary.level = Level::SomeTrouble;

    summary.headline = headlineFor(summary.live, summary.total);
    const QString attention = attentionText(summary);
    if (!attention.isEmpty())
        summary.headline += QStringLiteral(" · ") + attention;
    lines.prepend(QCoreApplication::translate("FarmHealth", "FarmCam — %1").arg(summary.headline));
    summary.tooltip = lines.join(u'\n');
    return summary;
}

QString percentText(int percent)
{
    if (percent < 0)
        return QString();
    // The printer reports whole percent (mc_percent); never more than 100 whatever it sends.
    return QCoreApplication::translate("FarmHealth", "%1%").arg(std::min(percent, 100));
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

QColor colorFor(const Summary &summary)
{
    if (summary.attention == PrintAttention::Problem)
        return colorFor(Level::AllDown);
    if (summary.attention == PrintAttention::Finished && summary.level == Level::AllLive)
        return QColor(0x2f, 0x7c, 0xd6); // blue: done, nothing wrong
    return colorFor(summary.level);
}

Transition classify(State before, State after)
{
    if (before == after)
        return Transition::None;
    return classifyLiveness(before == State::Up, after == State::Up, after);
}

Transition classifyLiveness(bool wasLive, bool isLive, State after)
{
    if (wasLive == isLive)
        return Transition::None;
    if (wasLive)
        return after == State::Idle ? Transition::None : Transition::WentOffline;
    return Transition::CameBack;
}

} // namespace FarmHealth
