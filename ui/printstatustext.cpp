#include "printstatustext.h"

#include "theme.h"

#include "model/farmhealth.h"
#include "status/statusreportmerger.h"

#include <QStringList>

#include <algorithm>
#include <cmath>

namespace {

const QString kSeparator = QStringLiteral(" · ");

int rounded(double value)
{
    return int(std::lround(value));
}

// When the printer gave its remaining time: the countdown and the clock time run from there.
// `updated` moves with every report, also one that only brings a temperature.
QDateTime remainingBase(const PrintStatus &status)
{
    return status.remainingSince.isValid() ? status.remainingSince : status.updated;
}

} // namespace

QString PrintStatusText::stateLabel(PrintState state, bool pausedForError)
{
    if (state == PrintState::Paused && pausedForError)
        return tr("Paused: error");
    return StatusReportMerger::stateName(state);
}

QString PrintStatusText::stateLabel(const PrintStatus &status)
{
    return stateLabel(status.state, status.isPausedForError());
}

QColor PrintStatusText::stateColor(PrintState state, bool pausedForError)
{
    switch (state) {
    case PrintState::Preparing:
    case PrintState::Printing:
        return Theme::busy();
    case PrintState::Paused:
        return pausedForError ? Theme::error() : Theme::warning();
    case PrintState::Finished:
        return Theme::live();
    case PrintState::Failed:
        return Theme::error();
    case PrintState::Idle:
    case PrintState::Unknown:
        break;
    }
    return Theme::off();
}

QColor PrintStatusText::stateColor(const PrintStatus &status)
{
    return stateColor(status.state, status.isPausedForError());
}

bool PrintStatusText::hasJob(PrintState state)
{
    return state != PrintState::Idle && state != PrintState::Unknown;
}

bool PrintStatusText::needsAttention(const PrintStatus &status)
{
    return status.state == PrintState::Failed || status.isPausedForError();
}

QString PrintStatusText::percentText(int percent)
{
    return FarmHealth::percentText(percent); // the tray's tooltip says the same
}

QString PrintStatusText::remainingText(int minutes)
{
    if (minutes < 0)
        return QString();
    if (minutes == 0)
        return tr("< 1 min");
    if (minutes < 60)
        return tr("%1 min").arg(minutes);
    const int hours = minutes / 60;
    const int rest = minutes % 60;
    if (rest == 0)
        return tr("%1 h").arg(hours);
    return tr("%1 h %2 min").arg(hours).arg(rest);
}

int PrintStatusText::remainingMinutesAt(const PrintStatus &status, const QDateTime &now)
{
    if (status.remainingMinutes < 0)
        return -1;
    switch (status.state) {
    case PrintState::Printing:
        break;
    case PrintState::Preparing:
    case PrintState::Paused:
        // The printer's estimate does not run down while it heats or waits.
        return status.remainingMinutes;
    default:
        return -1;
    }
    const QDateTime since = remainingBase(status);
    if (!since.isValid() || !now.isValid())
        return status.remainingMinutes;
    const qint64 elapsed = std::max<qint64>(0, since.secsTo(now));
    const qint64 seconds = qint64(status.remainingMinutes) * 60 - elapsed;
    if (seconds < 60)
        return 0;
    return int((seconds + 59) / 60); // a countdown rounds up: "1 min" until the last minute
}

QDateTime PrintStatusText::finishTime(const PrintStatus &status, const QDateTime &now)
{
    if (status.remainingMinutes < 0 || !now.isValid())
        return QDateTime();
    const qint64 seconds = qint64(status.remainingMinutes) * 60;
    if (status.state == PrintState::Preparing)
        return now.addSecs(seconds);
    if (status.state != PrintState::Printing)
        return QDateTime();
    const QDateTime since = remainingBase(status);
    if (!since.isValid())
        return now.addSecs(seconds);
    // Never in the past: an overdue job (the estimate is old) finishes "now" at the earliest.
    return std::max(since.addSecs(seconds), now);
}

QString PrintStatusText::finishText(const QDateTime &finish, const QDateTime &now,
                                    const QLocale &locale)
{
    if (!finish.isValid() || !now.isValid())
        return QString();
    const QDateTime localFinish = finish.toLocalTime();
    const qint64 days = now.toLocalTime().date().daysTo(localFinish.date());
    QString format = locale.timeFormat(QLocale::ShortFormat);
    // Some locales (C, POSIX) keep the seconds even in their short format: an estimate has none.
    for (const char *seconds : {":ss", ".ss"})
        format.remove(QLatin1String(seconds));
    const QString time = locale.toString(localFinish.time(), format);
    if (days <= 0)
        return tr("ready at %1").arg(time);
    if (days == 1)
        return tr("ready tomorrow at %1").arg(time);
    if (days < 7) {
        return tr("ready %1 at %2")
            .arg(locale.dayName(localFinish.date().dayOfWeek(), QLocale::ShortFormat), time);
    }
    return tr("ready %1 at %2")
        .arg(locale.toString(localFinish.date(), QLocale::ShortFormat), time);
}

QString PrintStatusText::timingText(const PrintStatus &status, const QDateTime &now,
                                    const QLocale &locale)
{
    const int minutes = remainingMinutesAt(status, now);
    if (minutes < 0)
        return QString();
    const QString left = tr("%1 left").arg(remainingText(minutes));
    const QString ready = finishText(finishTime(status, now), now, locale);
    return ready.isEmpty() ? left : ready + kSeparator + left;
}

QString PrintStatusText::layerText(int layer, int totalLayers)
{
    if (layer < 0)
        return QString();
    if (totalLayers <= 0)
        return tr("Layer %1").arg(layer);
    return tr("Layer %1 / %2").arg(layer).arg(totalLayers);
}

QString PrintStatusText::temperatureText(const PrintStatus &status, bool compact)
{
    auto part = [compact](const QString &label, const std::optional<double> &current,
                          const std::optional<double> &target) {
        if (!current)
            return QString();
        const int now = rounded(*current);
        if (!target || rounded(*target) <= 0)
            return tr("%1 %2 °C").arg(label).arg(now);
        return (compact ? tr("%1 %2/%3 °C") : tr("%1 %2 / %3 °C"))
            .arg(label)
            .arg(now)
            .arg(rounded(*target));
    };
    QStringList parts;
    const QString nozzle = part(tr("Nozzle"), status.nozzleTemperature, status.nozzleTarget);
    const QString bed = part(tr("Bed"), status.bedTemperature, status.bedTarget);
    if (!nozzle.isEmpty())
        parts << nozzle;
    if (!bed.isEmpty())
        parts << bed;
    return parts.join(kSeparator);
}

QString PrintStatusText::errorText(qint64 printError)
{
    if (printError == 0)
        return QString();
    const QString hex
        = QStringLiteral("%1").arg(quint64(printError) & 0xffffffffu, 8, 16, QLatin1Char('0'));
    return tr("Error %1-%2").arg(hex.left(4).toUpper(), hex.mid(4).toUpper());
}

QString PrintStatusText::description(const PrintStatus &status, const QString &problem,
                                     const QDateTime &now, const QLocale &locale)
{
    QStringList parts;
    if (!status.isNull()) {
        QString state = stateLabel(status);
        if (hasJob(status.state) && !status.jobName.isEmpty())
            state = tr("%1 “%2”").arg(state, status.jobName);
        parts << state;
        if (status.printError != 0)
            parts << errorText(status.printError);
        if (hasJob(status.state) && status.percent >= 0)
            parts << percentText(status.percent);
        const int minutes = remainingMinutesAt(status, now);
        if (minutes >= 0)
            parts << tr("%1 left").arg(remainingText(minutes));
        const QString ready = finishText(finishTime(status, now), now, locale);
        if (!ready.isEmpty())
            parts << ready;
        if (hasJob(status.state) && status.layer >= 0) {
            parts << (status.totalLayers > 0
                          ? tr("layer %1 of %2").arg(status.layer).arg(status.totalLayers)
                          : tr("layer %1").arg(status.layer));
        }
        auto temperature = [](const QString &label, const std::optional<double> &current,
                              const std::optional<double> &target) {
            if (!current)
                return QString();
            if (!target || rounded(*target) <= 0)
                return tr("%1 %2 °C").arg(label).arg(rounded(*current));
            return tr("%1 %2 °C (target %3 °C)")
                .arg(label)
                .arg(rounded(*current))
                .arg(rounded(*target));
        };
        const QString nozzle
            = temperature(tr("nozzle"), status.nozzleTemperature, status.nozzleTarget);
        const QString bed = temperature(tr("bed"), status.bedTemperature, status.bedTarget);
        if (!nozzle.isEmpty())
            parts << nozzle;
        if (!bed.isEmpty())
            parts << bed;
        if (status.healthMessages > 0)
            parts << (status.healthMessages == 1
                          ? tr("1 health message")
                          : tr("%1 health messages").arg(status.healthMessages));
    }
    if (!problem.isEmpty())
        parts << problem;
    return parts.join(QStringLiteral(", "));
}
