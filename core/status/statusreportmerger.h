// Keeps a printer's print status from its MQTT reports: a full `pushall` answer, then partials.
#pragma once

#include "status/printstatus.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

// A pure merger for the `device/<serial>/report` payloads (see PROTOCOL.md, "Status: MQTT").
// Knows no socket: bytes in, Merged/Ignored/Invalid out, a PrintStatus on request.
//
// A report's top-level `print` object is deep-merged into the kept state: objects merge key by key
// and recursively, arrays and scalars (null included) replace what was there. P1 printers send one
// full report after `pushall`, then only the fields that changed, so merging all of them gives
// the printer's current state. Reports without a `print` object ({"system":...}, {"info":...}) and
// answers to our own requests (a `print.command` other than "push_status") are Ignored.
//
// status() reads the kept state each time. Real printers send some numbers as strings
// ("mc_percent":"42"): numbers and numeric strings are both accepted. A field whose kept value has
// the wrong type (or is null, NaN, out of range) reads as unknown; the other fields are unaffected.
//
// Memory is bounded whatever a peer sends:
// - a payload above kMaxPayloadSize is refused before it is parsed;
// - the kept state holds at most kMaxKeys object keys (counted at every depth; an array counts as
//   one value). New keys beyond that are dropped (in key order); keys already kept still update.
//   The keys status() reads are exempt, so a flood of junk keys cannot hide the print state.
//   Merging is idempotent even at the limit: the same report twice gives the same state;
// - objects nested more than kMaxDepth levels below `print` are dropped (arrays are kept whole);
// - a report that would make the kept state's compact JSON larger than kMaxStateSize is refused
//   as Invalid. A real printer's state is about 10 KiB.
class StatusReportMerger final
{
public:
    static constexpr qsizetype kMaxPayloadSize = 256 * 1024;
    static constexpr qsizetype kMaxStateSize = 1024 * 1024;
    static constexpr int kMaxKeys = 1024;
    static constexpr int kMaxDepth = 8;

    enum class Result {
        Merged, // the report's `print` object is now part of the state
        Ignored, // a valid report without print status; nothing changed
        Invalid, // not a report we can read; nothing changed, *error says why
    };

    // Merges one report received now (QDateTime::currentDateTimeUtc()). On Invalid, *error (if
    // given) gets one sentence; otherwise it is cleared.
    Result merge(const QByteArray &payload, QString *error = nullptr);
    // The same with the time of reception given, for tests and replays.
    Result merge(const QByteArray &payload, const QDateTime &now, QString *error = nullptr);

    // The print status as the merged reports describe it; isNull() until a report was merged.
    // remainingSince is the time of the merge that first gave the current remaining time: a
    // report that leaves it as it was (a temperature, or the same value again) does not move it.
    PrintStatus status() const;

    // The merged `print` object as kept (for fields status() does not read, e.g. ipcam).
    QJsonObject printObject() const { return m_print; }
    // Object keys in printObject(), counted at every depth.
    int keyCount() const { return m_keyCount; }

    // Forgets everything, e.g. for a new connection (whose first report is a full one).
    void reset();
    // True until a report is merged (again, after reset()).
    bool isEmpty() const { return !m_updated.isValid(); }

    // What `print.ipcam.rtsp_url` says (PROTOCOL.md): "disable" (any case) when LAN Only Liveview
    // is off; else an rtsp:// or rtsps:// URL whose path (and query) is the stream's. Only a path
    // FarmCam can put behind its own host safely is taken: it starts with '/', holds at most
    // kMaxRtspPathLength printable ASCII characters of RFC 3986's path and query sets (no space,
    // no '#', no '\\'). Anything else (empty, another scheme, no path) reads as not reported.
    struct RtspUrl
    {
        bool disabled = false;
        QString path; // empty: none usable
    };
    static constexpr qsizetype kMaxRtspPathLength = 256;
    static RtspUrl parseRtspUrl(const QString &text);
    // The path rule above, alone: what the RTSPS camera accepts as the path it dials.
    static bool isValidRtspPath(const QString &path);

    // `print.gcode_state` to a state, case-insensitively: IDLE, PREPARE (also SLICING, INIT),
    // RUNNING, PAUSE, FINISH, FAILED; anything else is Unknown.
    static PrintState parseState(const QString &gcodeState);
    // A translated name for the user: "Idle", "Preparing", "Printing", "Paused", "Finished",
    // "Failed", "Unknown".
    static QString stateName(PrintState state);

private:
    QJsonObject m_print;
    int m_keyCount = 0;
    QDateTime m_updated;
    QDateTime m_remainingSince; // see PrintStatus::remainingSince
};
