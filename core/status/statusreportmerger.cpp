#include "status/statusreportmerger.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>

#include <cmath>
#include <limits>
#include <optional>

namespace {

// The `print` fields status() reads: always kept, whatever the key budget says.
bool isStatusKey(const QString &key)
{
    static const QStringList keys = {
        QStringLiteral("gcode_state"),   QStringLiteral("subtask_name"),
        QStringLiteral("mc_percent"),    QStringLiteral("mc_remaining_time"),
        QStringLiteral("layer_num"),     QStringLiteral("total_layer_num"),
        QStringLiteral("nozzle_temper"), QStringLiteral("nozzle_target_temper"),
        QStringLiteral("bed_temper"),    QStringLiteral("bed_target_temper"),
        QStringLiteral("print_error"),   QStringLiteral("hms"),
    };
    return keys.contains(key);
}

// Deep merge of `source` into `target`, whose objects sit `depth` levels below `print`.
// `keyBudget` is how many new keys may still be added, in the order met; without one, new keys are
// skipped altogether (the status keys excepted).
void mergeObject(QJsonObject &target, const QJsonObject &source, int depth, int *keyBudget)
{
    for (auto it = source.constBegin(); it != source.constEnd(); ++it) {
        const QString key = it.key();
        const QJsonValue value = it.value();
        const auto existing = target.constFind(key);
        const bool isNew = existing == target.constEnd();
        if (isNew && !(depth == 0 && isStatusKey(key))) {
            if (!keyBudget || *keyBudget <= 0)
                continue;
            --*keyBudget;
        }
        if (value.isObject()) {
            if (depth + 1 > StatusReportMerger::kMaxDepth)
                continue; // nothing status() needs is that deep
            QJsonObject child
                = !isNew && existing->isObject() ? existing->toObject() : QJsonObject();
            mergeObject(child, value.toObject(), depth + 1, keyBudget);
            target.insert(key, child);
        } else {
            target.insert(key, value); // arrays and scalars replace
        }
    }
}

int countKeys(const QJsonObject &object)
{
    int count = 0;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        ++count;
        if (it.value().isObject())
            count += countKeys(it.value().toObject());
    }
    return count;
}

// A finite number, given as a JSON number or as a numeric string ("42", " 219.5 ").
std::optional<double> numberOf(const QJsonValue &value)
{
    double number = 0;
    if (value.isDouble()) {
        number = value.toDouble();
    } else if (value.isString()) {
        bool ok = false;
        number = value.toString().trimmed().toDouble(&ok);
        if (!ok)
            return std::nullopt;
    } else {
        return std::nullopt;
    }
    if (!std::isfinite(number))
        return std::nullopt;
    return number;
}

// A whole number, rounded, or nothing when it does not fit comfortably in 64 bits.
std::optional<qint64> integerOf(const QJsonValue &value)
{
    const std::optional<double> number = numberOf(value);
    if (!number || std::fabs(*number) > 9.0e15)
        return std::nullopt;
    return qint64(std::llround(*number));
}

// A count or duration: -1 (unknown) when missing, negative or beyond int.
int nonNegativeOf(const QJsonValue &value)
{
    const std::optional<qint64> number = integerOf(value);
    if (!number || *number < 0 || *number > std::numeric_limits<int>::max())
        return -1;
    return int(*number);
}

// print_error is a 32-bit code; a string may also hold it in hex ("0x07008011").
qint64 errorCodeOf(const QJsonValue &value)
{
    std::optional<qint64> code = integerOf(value);
    if (!code && value.isString()) {
        const QString text = value.toString().trimmed();
        if (text.startsWith(QLatin1String("0x"), Qt::CaseInsensitive)) {
            bool ok = false;
            const qint64 hex = text.mid(2).toLongLong(&ok, 16);
            if (ok)
                code = hex;
        }
    }
    if (!code || *code < 0 || *code > qint64(0xFFFFFFFF))
        return 0;
    return *code;
}

// `print.mc_remaining_time` in minutes; -1 when unknown.
int remainingMinutesIn(const QJsonObject &print)
{
    return nonNegativeOf(print.value(QLatin1String("mc_remaining_time")));
}

} // namespace

StatusReportMerger::Result StatusReportMerger::merge(const QByteArray &payload, QString *error)
{
    return merge(payload, QDateTime::currentDateTimeUtc(), error);
}

StatusReportMerger::Result StatusReportMerger::merge(const QByteArray &payload,
                                                     const QDateTime &now, QString *error)
{
    const auto fail = [error](const QString &reason) {
        if (error)
            *error = reason;
        return Result::Invalid;
    };
    if (error)
        error->clear();

    // Refused before parsing: the size of the work is bounded by the size of the input.
    if (payload.size() > kMaxPayloadSize)
        return fail(QCoreApplication::translate("StatusReportMerger",
                                                "The report is larger than 256 KiB."));

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(payload, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return fail(QCoreApplication::translate("StatusReportMerger",
                                                "The report is not valid JSON (%1 at byte %2).")
                        .arg(parseError.errorString())
                        .arg(parseError.offset));
    }
    if (!document.isObject())
        return fail(
            QCoreApplication::translate("StatusReportMerger", "The report is not a JSON object."));

    const QJsonObject report = document.object();
    const auto printIt = report.constFind(QLatin1String("print"));
    if (printIt == report.constEnd())
        return Result::Ignored; // {"system":...}, {"info":...}: nothing about the print job
    if (!printIt->isObject())
        return fail(QCoreApplication::translate("StatusReportMerger",
                                                "The report's print field is not an object."));

    const QJsonObject print = printIt->toObject();
    // Answers to requests ("gcode_line", "project_file", ...) echo parameters, not status.
    const QJsonValue command = print.value(QLatin1String("command"));
    if (command.isString() && command.toString() != QLatin1String("push_status"))
        return Result::Ignored;

    // The budget for new keys is what is left once the keys this report keeps or replaces are
    // counted (an object replaced by a scalar makes room). So a report dropped keys only if the
    // result is full, and merging the same report twice gives the same state.
    QJsonObject kept = m_print;
    mergeObject(kept, print, 0, nullptr);
    int keyBudget = kMaxKeys - countKeys(kept);
    QJsonObject merged = m_print;
    mergeObject(merged, print, 0, &keyBudget);

    if (QJsonDocument(merged).toJson(QJsonDocument::Compact).size() > kMaxStateSize)
        return fail(QCoreApplication::translate(
            "StatusReportMerger", "The report would make the kept status larger than 1 MiB."));

    const int remainingBefore = remainingMinutesIn(m_print);
    m_print = merged;
    m_keyCount = countKeys(m_print);
    m_updated = now.isValid() ? now.toUTC() : QDateTime::currentDateTimeUtc();
    // Compared as read, so "33" after 33 is no change; unknown has no "since".
    const int remainingAfter = remainingMinutesIn(m_print);
    if (remainingAfter < 0)
        m_remainingSince = QDateTime();
    else if (remainingAfter != remainingBefore || !m_remainingSince.isValid())
        m_remainingSince = m_updated;
    return Result::Merged;
}

PrintStatus StatusReportMerger::status() const
{
    PrintStatus status;
    if (isEmpty())
        return status;

    const auto field = [this](const char *key) {
        return m_print.value(QLatin1String(key));
    };

    const QJsonValue state = field("gcode_state");
    status.state = state.isString() ? parseState(state.toString()) : PrintState::Unknown;

    const QJsonValue name = field("subtask_name");
    status.jobName = name.isString() ? name.toString() : QString();

    if (const std::optional<qint64> percent = integerOf(field("mc_percent")))
        status.percent = int(qBound(qint64(0), *percent, qint64(100)));
    status.remainingMinutes = remainingMinutesIn(m_print);
    status.layer = nonNegativeOf(field("layer_num"));
    status.totalLayers = nonNegativeOf(field("total_layer_num"));

    status.nozzleTemperature = numberOf(field("nozzle_temper"));
    status.nozzleTarget = numberOf(field("nozzle_target_temper"));
    status.bedTemperature = numberOf(field("bed_temper"));
    status.bedTarget = numberOf(field("bed_target_temper"));

    status.printError = errorCodeOf(field("print_error"));
    const QJsonValue hms = field("hms");
    status.healthMessages = hms.isArray() ? int(hms.toArray().size()) : 0;

    const QJsonValue ipcam = field("ipcam");
    if (ipcam.isObject()) {
        const QJsonValue url = ipcam.toObject().value(QLatin1String("rtsp_url"));
        if (url.isString()) {
            const RtspUrl parsed = parseRtspUrl(url.toString());
            status.liveViewDisabled = parsed.disabled;
            status.rtspPath = parsed.path;
        }
    }

    status.updated = m_updated;
    status.remainingSince = m_remainingSince;
    return status;
}

void StatusReportMerger::reset()
{
    m_print = QJsonObject();
    m_keyCount = 0;
    m_updated = QDateTime();
    m_remainingSince = QDateTime();
}

StatusReportMerger::RtspUrl StatusReportMerger::parseRtspUrl(const QString &text)
{
    RtspUrl result;
    const QString trimmed = text.trimmed();
    if (trimmed.compare(QLatin1String("disable"), Qt::CaseInsensitive) == 0) {
        result.disabled = true;
        return result;
    }
    if (trimmed.size() > 1024)
        return result;
    // scheme "://" authority path [? query]; the authority (credentials, host, port) is dropped.
    const qsizetype schemeEnd = trimmed.indexOf(QLatin1String("://"));
    if (schemeEnd < 0)
        return result;
    const QString scheme = trimmed.left(schemeEnd).toLower();
    if (scheme != QLatin1String("rtsp") && scheme != QLatin1String("rtsps"))
        return result;
    qsizetype pathStart = schemeEnd + 3;
    while (pathStart < trimmed.size() && !QStringView(u"/?#").contains(trimmed.at(pathStart)))
        ++pathStart; // the authority ends at the first of these
    if (pathStart >= trimmed.size() || trimmed.at(pathStart) != QLatin1Char('/'))
        return result;
    const QString path = trimmed.mid(pathStart);
    if (isValidRtspPath(path))
        result.path = path;
    return result;
}

bool StatusReportMerger::isValidRtspPath(const QString &path)
{
    if (!path.startsWith(QLatin1Char('/')) || path.size() > kMaxRtspPathLength)
        return false;
    for (const QChar c : path) {
        const char16_t u = c.unicode();
        const bool allowed = (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z')
            || (u >= u'0' && u <= u'9') || QStringView(u"/-._~%!$&'()*+,;=:@?").contains(c);
        if (!allowed)
            return false;
    }
    return true;
}

PrintState StatusReportMerger::parseState(const QString &gcodeState)
{
    const QString state = gcodeState.trimmed().toUpper();
    if (state == QLatin1String("IDLE"))
        return PrintState::Idle;
    if (state == QLatin1String("PREPARE") || state == QLatin1String("SLICING")
        || state == QLatin1String("INIT"))
        return PrintState::Preparing;
    if (state == QLatin1String("RUNNING"))
        return PrintState::Printing;
    if (state == QLatin1String("PAUSE"))
        return PrintState::Paused;
    if (state == QLatin1String("FINISH"))
        return PrintState::Finished;
    if (state == QLatin1String("FAILED"))
        return PrintState::Failed;
    return PrintState::Unknown;
}

QString StatusReportMerger::stateName(PrintState state)
{
    switch (state) {
    case PrintState::Idle:
        return QCoreApplication::translate("PrintState", "Idle");
    case PrintState::Preparing:
        return QCoreApplication::translate("PrintState", "Preparing");
    case PrintState::Printing:
        return QCoreApplication::translate("PrintState", "Printing");
    case PrintState::Paused:
        return QCoreApplication::translate("PrintState", "Paused");
    case PrintState::Finished:
        return QCoreApplication::translate("PrintState", "Finished");
    case PrintState::Failed:
        return QCoreApplication::translate("PrintState", "Failed");
    case PrintState::Unknown:
        break;
    }
    return QCoreApplication::translate("PrintState", "Unknown");
}
