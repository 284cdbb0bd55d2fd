// libFuzzer target for StatusReportMerger, which every MQTT status report from a printer goes
// through, and for the print alerts computed from the statuses it gives.
//
// Input: one or more reports separated by NUL bytes (a report is JSON text, so a NUL never
// belongs to one), merged one after the other into the same merger; at most 64 per input.
//
// Not only "does not crash": every merge keeps the merger's promises. Ignored and Invalid change
// nothing (status, kept object, key count); Invalid comes with a one-sentence error, the others
// with none; a merge is deterministic (a copy given the same report agrees) and idempotent
// (merging the same report again changes nothing); the kept state stays within its key and size
// bounds; every status field is in its documented range (the reported RTSPS path is one FarmCam
// can put behind its own host: '/' first, short, printable ASCII of the path and query sets;
// parseRtspUrl() is also fed each report's raw text). The alerts between consecutive statuses
// are consistent with the states they report, and each is described in one sentence.
#include "fuzzcheck.h"
#include "status/printalerts.h"
#include "status/statusreportmerger.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>

#include <cmath>
#include <cstddef>
#include <cstdint>

namespace {

using Result = StatusReportMerger::Result;
using PrintAlerts::Kind;

constexpr int kMaxReports = 64;
constexpr int kStatusKeys = 12; // exempt from the key budget

bool isSentence(const QString &text)
{
    return !text.isEmpty() && text.endsWith(QLatin1Char('.')) && !text.contains(QLatin1Char('\n'));
}

void checkRtspPath(const QString &path)
{
    if (path.isEmpty())
        return;
    FUZZ_CHECK(path.startsWith(QLatin1Char('/')));
    FUZZ_CHECK(path.size() <= StatusReportMerger::kMaxRtspPathLength);
    for (const QChar c : path)
        FUZZ_CHECK(c.unicode() > 0x20 && c.unicode() < 0x7f && c != QLatin1Char('#')
                   && c != QLatin1Char('\\') && c != QLatin1Char('"'));
}

void checkStatus(const StatusReportMerger &merger)
{
    const PrintStatus status = merger.status();
    FUZZ_CHECK(status.isNull() == merger.isEmpty());
    FUZZ_CHECK(status.percent == -1 || (status.percent >= 0 && status.percent <= 100));
    FUZZ_CHECK(status.remainingMinutes >= -1);
    // The ready-at clock time counts from remainingSince: known exactly when the time left is.
    FUZZ_CHECK(status.remainingSince.isValid() == (status.remainingMinutes >= 0));
    FUZZ_CHECK(status.layer >= -1);
    FUZZ_CHECK(status.totalLayers >= -1);
    for (const std::optional<double> &temperature :
         {status.nozzleTemperature, status.nozzleTarget, status.bedTemperature, status.bedTarget})
        FUZZ_CHECK(!temperature || std::isfinite(*temperature));
    FUZZ_CHECK(status.printError >= 0 && status.printError <= qint64(0xFFFFFFFF));
    FUZZ_CHECK(status.healthMessages >= 0);
    FUZZ_CHECK(!StatusReportMerger::stateName(status.state).isEmpty());
    checkRtspPath(status.rtspPath);
    FUZZ_CHECK(!(status.liveViewDisabled && !status.rtspPath.isEmpty()));

    const QJsonObject print = merger.printObject();
    const QJsonValue state = print.value(QLatin1String("gcode_state"));
    FUZZ_CHECK(status.state
               == (state.isString() ? StatusReportMerger::parseState(state.toString())
                                    : PrintState::Unknown));
    if (merger.isEmpty()) {
        FUZZ_CHECK(print.isEmpty());
        FUZZ_CHECK(status == PrintStatus());
    }

    FUZZ_CHECK(merger.keyCount() >= 0);
    FUZZ_CHECK(merger.keyCount() <= StatusReportMerger::kMaxKeys + kStatusKeys);
    FUZZ_CHECK(QJsonDocument(print).toJson(QJsonDocument::Compact).size()
               <= StatusReportMerger::kMaxStateSize);
}

void checkAlerts(const PrintStatus &before, const PrintStatus &after)
{
    // The caller's view: online whenever a status exists.
    const PrintAlerts::Observation from = PrintAlerts::observe(before, !before.isNull());
    const PrintAlerts::Observation to = PrintAlerts::observe(after, !after.isNull());
    const QList<Kind> kinds = PrintAlerts::alertsFor(from, to);
    FUZZ_CHECK(kinds.size() <= 3);
    for (const Kind kind : kinds) {
        FUZZ_CHECK(kinds.count(kind) == 1);
        switch (kind) {
        case Kind::PrintFinished:
            FUZZ_CHECK(to.state == PrintState::Finished && from.state != PrintState::Finished);
            FUZZ_CHECK(from.state != PrintState::Unknown);
            break;
        case Kind::PrintFailed:
            FUZZ_CHECK(to.state == PrintState::Failed && from.state != PrintState::Failed);
            FUZZ_CHECK(from.state != PrintState::Unknown);
            break;
        case Kind::PrintPausedForError:
            FUZZ_CHECK(to.state == PrintState::Paused && to.printError != 0);
            FUZZ_CHECK(from.state != PrintState::Unknown);
            break;
        case Kind::PrinterOffline:
            FUZZ_CHECK(from.online && !to.online);
            break;
        case Kind::PrinterBackOnline:
            FUZZ_CHECK(!from.online && to.online);
            break;
        }
        const PrintAlerts::Alert alert = PrintAlerts::describe(kind, QStringLiteral("P1S"), to);
        FUZZ_CHECK(alert.kind == kind);
        FUZZ_CHECK(!alert.title.isEmpty());
        FUZZ_CHECK(alert.message.startsWith(QLatin1String("P1S ")));
        FUZZ_CHECK(alert.message.endsWith(QLatin1Char('.')));
    }
    // Nothing happened, nothing to say.
    FUZZ_CHECK(PrintAlerts::alertsFor(to, to).isEmpty());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray input
        = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const QList<QByteArray> reports = input.split('\0');

    const QDateTime start = QDateTime::fromMSecsSinceEpoch(1'700'000'000'000, Qt::UTC);
    StatusReportMerger merger;
    checkStatus(merger);
    for (qsizetype i = 0; i < reports.size() && i < kMaxReports; ++i) {
        const QByteArray &report = reports.at(i);
        const StatusReportMerger::RtspUrl url
            = StatusReportMerger::parseRtspUrl(QString::fromUtf8(report));
        checkRtspPath(url.path);
        FUZZ_CHECK(!(url.disabled && !url.path.isEmpty()));
        const QDateTime now = start.addSecs(i);
        const PrintStatus before = merger.status();
        const QJsonObject printBefore = merger.printObject();
        const int keysBefore = merger.keyCount();
        StatusReportMerger copy = merger;

        QString error = QStringLiteral("stale");
        const Result result = merger.merge(report, now, &error);
        FUZZ_CHECK(copy.merge(report, now) == result);
        FUZZ_CHECK(copy.status() == merger.status());
        FUZZ_CHECK(copy.printObject() == merger.printObject());
        if (report.size() > StatusReportMerger::kMaxPayloadSize)
            FUZZ_CHECK(result == Result::Invalid);

        switch (result) {
        case Result::Invalid:
            FUZZ_CHECK(isSentence(error));
            [[fallthrough]];
        case Result::Ignored:
            FUZZ_CHECK(result == Result::Invalid || error.isEmpty());
            FUZZ_CHECK(merger.status() == before);
            FUZZ_CHECK(merger.printObject() == printBefore);
            FUZZ_CHECK(merger.keyCount() == keysBefore);
            break;
        case Result::Merged: {
            FUZZ_CHECK(error.isEmpty());
            FUZZ_CHECK(!merger.isEmpty());
            FUZZ_CHECK(merger.status().updated == now);
            // Deep merging is idempotent: the same report again changes nothing.
            const PrintStatus once = merger.status();
            const QJsonObject printOnce = merger.printObject();
            FUZZ_CHECK(merger.merge(report, now) == Result::Merged);
            FUZZ_CHECK(merger.status() == once);
            FUZZ_CHECK(merger.printObject() == printOnce);
            break;
        }
        }
        checkStatus(merger);
        checkAlerts(before, merger.status());
    }

    merger.reset();
    FUZZ_CHECK(merger.isEmpty() && merger.keyCount() == 0 && merger.status() == PrintStatus());
    return 0;
}
