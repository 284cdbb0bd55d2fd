// The farm's cameras over HTTP: MJPEG streams, snapshots, a JSON API, server-sent events,
// Prometheus metrics and the web wall, on libmicrohttpd. Off until start().
#pragma once

#include <QHostAddress>
#include <QObject>
#include <QSize>
#include <QString>
#include <QUrl>
#include <QUuid>

#include <chrono>
#include <memory>

class AppSettings;
class Printer;
class PrinterFarm;

// Serves the printers of one PrinterFarm. It lives on the farm's thread (the GUI thread in the
// app); libmicrohttpd's own thread answers requests from a thread-safe copy of what they need
// (ShareCatalog) and from one JPEG feed per printer, so a request never touches a Printer.
//
// Routes (every one needs the token, except /healthz and the web wall's files; see
// Settings::token):
//   /cam/<printer>/stream.mjpg   multipart/x-mixed-replace MJPEG; ?fps=N caps the rate per viewer
//   /cam/<printer>/snapshot.jpg  the newest frame (X-Frame-Age-Ms, ETag: If-None-Match gets 304
//                                while it is the same frame), 503 + Retry-After while none
//   /cam/<printer>/?action=stream|snapshot, /cam/<printer>/stream, /cam/<printer>/snapshot
//                                mjpg-streamer's spellings; unknown query parameters are ignored
//   /api/printers                JSON array, one object per printer (ShareCatalog::printerJson)
//   /api/printers/<printer>      one such object
//   /api/events                  server-sent events: `event: printer` with that object whenever a
//                                printer's state, liveness or print status changes (all printers
//                                once at the start), `event: removed`, and a comment every 15 s
//   /api/recordings              JSON array: every timelapse, failure clip and recording in the
//                                recordings folder (setRecordingsRoot()), newest first
//   /recordings/<folder>/<file>  one of those videos (a download) or its .jpg thumbnail, from
//                                disk; a single `Range: bytes=` is honoured (206)
//   /metrics                     Prometheus text format
//   /healthz                     "ok" without a token: it says nothing about printers
//   / and /<file>                the web wall, from the Qt resources under :/web/, without a token
//                                (a page and its scripts hold nothing about printers; the page
//                                asks for the token) and with a Content-Security-Policy
// <printer> is the printer's id (a UUID, braces optional), its serial, or the slug of its name
// (ShareRequest::slugFor: "Bay 3 · P1S" -> "bay-3-p1s").
//
// Frames are shared bytes: a JPEG camera's frame goes to every viewer as the camera's own bytes.
// A camera that delivers pictures (H.264 after decoding, the loopback camera) is encoded to JPEG
// once per frame for all viewers, and only while someone watches or asked for a snapshot.
// A viewer that reads slowly or not at all has at most one frame in flight: it skips to the
// newest frame when it is ready for the next one, and delays no other viewer.
//
// When a printer goes offline its streams stay open and silent; they go on with the next frame
// when it comes back (a viewer does not have to reconnect). A removed printer ends its streams.
class ShareServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ShareServer)

public:
    static constexpr quint16 kDefaultPort = 8080;

    struct Settings
    {
        // Where to listen. 127.0.0.1 unless the user picks another address (QHostAddress::Any or
        // AnyIPv6 for every interface).
        QHostAddress address = QHostAddress(QHostAddress::LocalHost);
        quint16 port = kDefaultPort; // 0: the system picks one (port() says which)

        // Required (start() refuses an empty one). Accepted as `Authorization: Bearer TOKEN`,
        // HTTP Basic with the token as password (any user name), or `?token=TOKEN`. Compared in
        // constant time. See ShareToken::generate() and ShareToken::ensureStored().
        QString token;

        // HTTPS when both are set: PEM files. start() fails with a clear message when either is
        // unreadable or they do not belong together.
        QString certificateFile;
        QString privateKeyFile;

        // Bounds, whatever clients do. Beyond maxConnections (all clients) or
        // maxConnectionsPerClient (one IP address), a request is answered 503 with Retry-After
        // and the connection closed. libmicrohttpd itself closes connections without any answer
        // beyond a hard limit a little above these (kHardLimitHeadroom), so that a flood cannot
        // exhaust descriptors even before a request was read.
        int maxConnections = 512;
        int maxConnectionsPerClient = 256;
        // Per connection: the request line and headers must fit (else 431/414), and the write
        // buffer is the other half of the same memory. 64 KB (libmicrohttpd's default is 32):
        // a 150 KB frame goes out in 5 writes instead of 10, which cut the server's CPU for 200
        // viewers from about 3.2 % to 2.5 % of a core, for about 16 KB more per stream
        // (docs/PERFORMANCE.md, farmcam-share-bench --connection-memory).
        int connectionMemoryLimit = 64 * 1024;
        // Longest request target accepted (414 above).
        int maxRequestTargetLength = 4096;
        // A connection with nothing to read and nothing sent for this long is closed (idle
        // keep-alive connections, a client that never finishes its request).
        std::chrono::seconds idleTimeout{15};
        // A stream viewer whose socket takes nothing for this long is closed. A stream waiting
        // for the camera's next frame never times out.
        std::chrono::seconds stalledViewerTimeout{60};

        // After this many failed token checks from one address within failureWindow, that
        // address gets 429 (with Retry-After) for lockout, whatever it sends.
        int maxFailedAttempts = 10;
        std::chrono::seconds failureWindow{60};
        std::chrono::seconds lockout{60};

        // Cameras that deliver pictures: their JPEG for viewers is encoded at this quality and
        // fitted into this size (aspect ratio kept; an empty size means full size).
        int jpegQuality = 85;
        QSize maxEncodedSize{1920, 1080};
        // After the last viewer of such a camera left, its pictures are still encoded (at 1 fps)
        // for this long, so that a client polling snapshots finds a fresh one at once.
        std::chrono::milliseconds pictureLinger{10000};

        // The same, with every bound checked: empty when usable, else one sentence.
        QString validate() const;
    };

    // Counters since start(), for /metrics, the benchmark and tests. Read from any thread.
    struct Stats
    {
        int connections = 0; // open TCP connections
        int viewers = 0; // see viewerCount()
        quint64 requests = 0;
        quint64 rejectedRequests = 0; // 401, 429, 503 for a limit
        quint64 framesSent = 0; // MJPEG parts completed, all viewers
        quint64 framesSkipped = 0; // frames a viewer was not ready for (newest wins)
        // Bytes the server holds for viewers beyond the frames it shares: the unsent rest of
        // each viewer's frame in flight. At most one frame per viewer, whatever the viewers do.
        qint64 queuedBytes = 0;
        quint64 jpegEncodes = 0; // pictures encoded for viewers (cameras without JPEG bytes)
    };

    // `farm` must outlive the server. Nothing listens until start().
    explicit ShareServer(PrinterFarm *farm, QObject *parent = nullptr);
    // Stops (see stop()).
    ~ShareServer() override;

    // Listens with these settings (stopping first when running). On failure returns false and
    // sets `errorMessage` to one sentence for the user ("Port 8080 is in use by another
    // program.", "The certificate file … cannot be read.", "The private key does not belong to
    // the certificate."); never containing the token.
    bool start(const Settings &settings, QString *errorMessage = nullptr);
    // Ends every stream and event stream, closes every connection and joins the server's thread.
    // Safe with viewers connected, and when not running.
    void stop();
    bool isRunning() const;
    Settings settings() const;

    // Where it listens, without the token: "http://127.0.0.1:8080/" (https:// with HTTPS). With
    // an "any" address, the machine's host name. Empty while not running.
    QUrl url() const;
    // The port actually bound (the picked one for port 0); 0 while not running.
    quint16 port() const;

    // Open MJPEG streams plus open event streams (a web wall tab holds one): what the status bar
    // calls viewers.
    int viewerCount() const;
    Stats stats() const;

    // What viewers ask of one printer now: for farmcam-server --on-demand, which connects a
    // printer's camera only while someone watches. Zeroes for a printer the server does not serve.
    struct Demand
    {
        int streamViewers = 0; // open MJPEG streams of this printer
        // When a stream of it was last opened or a snapshot of it asked for, on the
        // CameraFrame::steadyNowNs() clock; 0: never since start().
        qint64 lastRequestNs = 0;
    };
    Demand demand(const QUuid &printerId) const;

    // The printer's stream and snapshot URLs, without the token, naming the printer by its id
    // (stable when the printer is renamed). Empty while not running.
    QUrl streamUrl(const Printer *printer) const;
    QUrl snapshotUrl(const Printer *printer) const;
    // `url` with ?token=TOKEN added: only for a URL the user explicitly copies. Never log it.
    static QUrl withToken(const QUrl &url, const QString &token);

    // The recordings folder /api/recordings lists and /recordings/ serves (ShareRecordings says
    // which files); empty: none. Any thread, any time, running or not.
    void setRecordingsRoot(const QString &root);
    QString recordingsRoot() const;

    // Settings as AppSettings keeps them (enabled is the caller's business); the token is not in
    // AppSettings: it is in the CredentialStore (ShareToken::ensureStored()).
    static Settings settingsFrom(const AppSettings &appSettings);

signals:
    // On the server object's thread; coalesced (at most one per event-loop turn).
    void viewerCountChanged(int viewers);
    // demand(printerId) changed: a stream opened or closed, a snapshot was asked for (announced at
    // most about once a second per printer while only snapshots are asked for). Queued, on the
    // server object's thread.
    void demandChanged(const QUuid &printerId);
    // The server stopped by itself (it never does today) or was stopped.
    void runningChanged(bool running);

private:
    class Private;
    std::unique_ptr<Private> d;
};
