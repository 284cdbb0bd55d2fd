// What a request to the sharing server asks for: the route, the printer, the query. Pure.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

// Parses the request target exactly as the client sent it ("/cam/bay-3/stream.mjpg?fps=2&t=17"),
// not libmicrohttpd's unescaped path: one parser decides what every byte means, and it is
// fuzzed. Also the Authorization header, printer slugs and static file names. No sockets, no
// Qt Network.
class ShareRequest final
{
public:
    enum class Route {
        Invalid, // see error()
        NotFound,
        Health, // /healthz
        Metrics, // /metrics
        Printers, // /api/printers
        Printer, // /api/printers/<key>
        Events, // /api/events
        Recordings, // /api/recordings
        RecordingFile, // /recordings/<folder>/<file>: recordingFolder(), recordingFile()
        Stream, // /cam/<key>/stream.mjpg, /stream, /?action=stream
        Snapshot, // /cam/<key>/snapshot.jpg, /snapshot, /?action=snapshot
        Static, // / and /<file>: a web wall file, staticPath() names it
    };

    enum class Error {
        None,
        NotOriginForm, // does not start with '/' (absolute-form, "*", empty)
        TooLong, // longer than the limit: 414
        BadEncoding, // a '%' not followed by two hex digits, a NUL, a control character
        TooManyParameters, // more than kMaxParameters in the query
    };

    static constexpr int kDefaultMaxTargetLength = 4096;
    static constexpr int kMaxParameters = 64;
    static constexpr int kMaxSegments = 16;
    // ?fps= outside this range is clamped; not a number or <= 0 means no cap.
    static constexpr double kMinFps = 0.1;
    static constexpr double kMaxFps = 60.0;

    ShareRequest() = default;

    static ShareRequest parse(QByteArrayView target, int maxTargetLength = kDefaultMaxTargetLength);

    Route route() const { return m_route; }
    Error error() const { return m_error; }
    bool isValid() const { return m_error == Error::None; }
    // The decoded path segments ("/cam/a%20b/x" -> cam, "a b", x).
    const QList<QString> &segments() const { return m_segments; }
    // Printer, Stream, Snapshot: the printer's key as written (id, serial or slug).
    QString printerKey() const { return m_printerKey; }
    // Static: the file under the web root ("index.html", "css/wall.css"); never contains "." or
    // ".." segments, a backslash or an empty segment.
    QString staticPath() const { return m_staticPath; }
    // RecordingFile: the two decoded segments, exactly as sent (a "%2F" in one is a '/' here:
    // ShareRecordings decides which names it serves).
    QString recordingFolder() const { return m_recordingFolder; }
    QString recordingFile() const { return m_recordingFile; }

    // Decoded query parameters in order ('+' is a space). Unknown ones are kept, and ignored by
    // the server.
    const QList<QPair<QString, QString>> &query() const { return m_query; }
    // The first value of `name`, if present.
    std::optional<QString> queryValue(const QString &name) const;
    // ?token=, as bytes (the token is ASCII; compared as bytes).
    std::optional<QByteArray> token() const;
    // ?fps= clamped to [kMinFps, kMaxFps]; 0 when absent or not a positive number.
    double maxFps() const { return m_maxFps; }

    // The token an Authorization header carries: "Bearer TOKEN", or "Basic base64(user:TOKEN)"
    // (any user). Scheme names are case-insensitive. None for anything else or malformed.
    static std::optional<QByteArray> tokenFromAuthorization(QByteArrayView header);

    // A printer name as a URL path segment: lower case, every run of characters other than ASCII
    // letters and digits becomes one '-', none at either end ("Bay 3 · P1S" -> "bay-3-p1s").
    // Letters with accents lose them ("Drücker" -> "drucker"). Empty when nothing is left.
    static QString slugFor(const QString &name);

    // The Content-Type for a static file, by its suffix; application/octet-stream when unknown.
    static QByteArray contentTypeFor(const QString &path);

    // The paths the server answers for a printer key (already a slug or id: not escaped).
    static QString streamPath(const QString &printerKey);
    static QString snapshotPath(const QString &printerKey);
    // The path of a recording's file (escaped).
    static QString recordingPath(const QString &folder, const QString &file);

private:
    Route m_route = Route::Invalid;
    Error m_error = Error::None;
    QList<QString> m_segments;
    QString m_printerKey;
    QString m_staticPath;
    QString m_recordingFolder;
    QString m_recordingFile;
    QList<QPair<QString, QString>> m_query;
    double m_maxFps = 0;
};
