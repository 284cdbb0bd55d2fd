#include "share/shareserver.h"

#include "frames/framehub.h"
#include "model/appsettings.h"
#include "model/printer.h"
#include "model/printerfarm.h"
#include "protocol/byterange.h"
#include "protocol/sharerequest.h"
#include "share/connectionwaiter.h"
#include "share/eventstreamviewer.h"
#include "share/failedattemptthrottle.h"
#include "share/jpegfeed.h"
#include "share/jpegfeedsource.h"
#include "share/mjpegviewer.h"
#include "share/sharecatalog.h"
#include "share/shareevents.h"
#include "share/sharerecordings.h"
#include "share/sharetoken.h"
#include "share/wakeupscheduler.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QHostInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QMetaEnum>
#include <QMutex>
#include <QTimer>
#include <QUrlQuery>

#include <arpa/inet.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdarg>
#include <cstring>

Q_LOGGING_CATEGORY(lcShare, "farmcam.share")

namespace {

using namespace std::chrono_literals;

// libmicrohttpd's own limits sit this far above ours: up to ours a client gets a 503 it can read;
// beyond theirs the socket is closed at once (MHD accepts and closes; it cannot answer without
// reading a request), so that a flood cannot exhaust descriptors.
constexpr int kHardLimitHeadroom = 16;
// The kernel's send buffer per connection. Left alone, Linux grows it to megabytes on a fast link,
// and a viewer that reads slower than the camera sends would be handed frames seconds old from
// there: newest-wins would end at the server's side. This holds about one camera frame (the
// kernel doubles the value); a LAN viewer still gets 30 fps of 150 KB frames.
constexpr int kSocketSendBuffer = 96 * 1024;
constexpr auto kHeartbeatInterval = 15s;
constexpr auto kLivenessInterval = 1s;
// How long a snapshot waits for a picture to be encoded (a camera without JPEG bytes).
constexpr auto kSnapshotWait = 4s;
constexpr int kRetryAfterNoFrameSeconds = 5;
constexpr int kRetryAfterBusySeconds = 5;

const char *const kNoCache = "no-store, no-cache, must-revalidate";
// The web wall's pages load only their own files and talk only to this server: an injected
// script or a framing page gets nowhere. Its pictures are blobs made from snapshot fetches.
const char *const kWebWallPolicy
    = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
      "connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; "
      "frame-ancestors 'none'";

// A snapshot's validator: the feed's frame, so that a client polling for pictures (the web wall)
// gets 304 without the JPEG while the picture has not changed. The arrival time makes it unique
// across feeds (a printer removed and added again counts its frames from 1 again).
QByteArray entityTagOf(const JpegFeed::Frame &frame)
{
    return '"' + QByteArray::number(frame.sequence) + '-' + QByteArray::number(frame.receivedNs)
        + '"';
}

// If-None-Match: a list of tags, weak ones prefixed W/, or "*".
bool matchesEntityTag(QByteArrayView ifNoneMatch, const QByteArray &tag)
{
    for (const QByteArray &listed : ifNoneMatch.toByteArray().split(',')) {
        QByteArrayView candidate = QByteArrayView(listed).trimmed();
        if (candidate.startsWith("W/"))
            candidate = candidate.sliced(2);
        if (candidate == "*" || candidate == tag)
            return true;
    }
    return false;
}

// What a request carries from libmicrohttpd's URI callback to its completion.
struct RequestContext
{
    QByteArray target; // exactly as the client sent it
    bool answered = false;
    // A snapshot that waits for a picture to be encoded.
    std::shared_ptr<ConnectionWaiter> waiter;
    std::shared_ptr<JpegFeed> feed;
    quint64 afterSequence = 0;
    qint64 deadlineNs = 0;

    ~RequestContext()
    {
        if (feed && waiter)
            feed->removeWaiter(waiter.get());
        if (waiter)
            waiter->detach();
    }
};

// Per TCP connection: the client's address, for the per-client limit and the failure throttle.
struct ConnectionContext
{
    QByteArray client; // the address's bytes (4 or 16)
};

QByteArray clientKey(const sockaddr *address)
{
    if (!address)
        return {};
    if (address->sa_family == AF_INET) {
        const auto *in = reinterpret_cast<const sockaddr_in *>(address);
        return QByteArray(reinterpret_cast<const char *>(&in->sin_addr), sizeof(in->sin_addr));
    }
    if (address->sa_family == AF_INET6) {
        const auto *in6 = reinterpret_cast<const sockaddr_in6 *>(address);
        return QByteArray(reinterpret_cast<const char *>(&in6->sin6_addr), sizeof(in6->sin6_addr));
    }
    return {};
}

QString stateWord(Link::State state)
{
    return QString::fromLatin1(QMetaEnum::fromType<Link::State>().valueToKey(int(state))).toLower();
}

QByteArray escapeLabel(const QString &value)
{
    QByteArray out;
    for (const char c : value.toUtf8()) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

// OpenSSL's PEM reader asks for a password on the terminal when a key is encrypted; FarmCam has
// none to give.
int noPassword(char *, int, int, void *)
{
    return 0;
}

} // namespace

class ShareServer::Private
{
public:
    explicit Private(ShareServer *server, PrinterFarm *printerFarm)
        : q(server)
        , farm(printerFarm)
        , scheduler(new WakeupScheduler(server))
        , livenessTick(new QTimer(server))
        , heartbeatTick(new QTimer(server))
    {
        livenessTick->setInterval(kLivenessInterval);
        heartbeatTick->setInterval(kHeartbeatInterval);
        QObject::connect(livenessTick, &QTimer::timeout, q, [this] {
            refreshAll();
            checkPeers();
        });
        QObject::connect(heartbeatTick, &QTimer::timeout, q, [this] { events.heartbeat(); });
    }

    // --- the farm's thread ---
    bool loadTls(QString *errorMessage);
    void adopt(Printer *printer);
    void forget(const QUuid &id);
    void refresh(Printer *printer);
    void refreshAll();
    void updateFrameStats(Printer *printer);
    void postViewerCount();
    void checkPeers();
    std::shared_ptr<ConnectionWaiter> watchedWaiter(MHD_Connection *connection);

    // --- libmicrohttpd's thread ---
    static MHD_Result onRequest(void *cls, MHD_Connection *connection, const char *url,
                                const char *method, const char *version, const char *uploadData,
                                size_t *uploadDataSize, void **requestContext);
    static void *onUri(void *cls, const char *uri, MHD_Connection *connection);
    static void onCompleted(void *cls, MHD_Connection *connection, void **requestContext,
                            MHD_RequestTerminationCode code);
    static void onConnection(void *cls, MHD_Connection *connection, void **socketContext,
                             MHD_ConnectionNotificationCode code);
    static void onLog(void *cls, const char *format, va_list arguments);

    MHD_Result handle(MHD_Connection *connection, const char *method, RequestContext *context);
    MHD_Result answer(MHD_Connection *connection, unsigned status, const QByteArray &body,
                      const QByteArray &contentType,
                      const QList<QPair<QByteArray, QByteArray>> &headers = {});
    MHD_Result answerJson(MHD_Connection *connection, unsigned status, const QJsonDocument &json);
    MHD_Result reject(MHD_Connection *connection, unsigned status, const QByteArray &body,
                      const QList<QPair<QByteArray, QByteArray>> &headers = {});
    MHD_Result serveStatic(MHD_Connection *connection, const QString &path);
    MHD_Result servePrinters(MHD_Connection *connection);
    MHD_Result servePrinter(MHD_Connection *connection, const QString &key);
    MHD_Result serveMetrics(MHD_Connection *connection);
    MHD_Result serveEvents(MHD_Connection *connection);
    MHD_Result serveRecordingList(MHD_Connection *connection);
    MHD_Result serveRecordingFile(MHD_Connection *connection, const ShareRequest &request);
    MHD_Result notFound(MHD_Connection *connection);
    // The block libmicrohttpd asks a stream's body for. It comes out of the connection's memory
    // pool, whose other half holds the request and the headers: a bigger pool sends a frame in
    // fewer writes.
    size_t bodyBlockSize() const { return size_t(settings.connectionMemoryLimit) / 2; }
    MHD_Result serveStream(MHD_Connection *connection, const ShareRequest &request);
    MHD_Result serveSnapshot(MHD_Connection *connection, const QString &key,
                             RequestContext *context);
    MHD_Result continueSnapshot(MHD_Connection *connection, RequestContext *context);
    MHD_Result sendSnapshot(MHD_Connection *connection, const JpegFeed::Frame &frame);
    MHD_Result printerNotFound(MHD_Connection *connection, ShareCatalog::Lookup lookup);
    void addCommonHeaders(MHD_Response *response);
    bool isAuthorized(MHD_Connection *connection, const ShareRequest &request, bool *presented);
    QByteArray clientOf(MHD_Connection *connection) const;
    int clientConnections(const QByteArray &client) const;
    void viewerOpened(std::atomic<int> &counter);
    void viewerClosed(std::atomic<int> &counter);

    ShareServer *q;
    PrinterFarm *farm;
    Settings settings;
    MHD_Daemon *daemon = nullptr;
    quint16 boundPort = 0;
    bool https = false;
    QByteArray token;
    QByteArray certificatePem;
    QByteArray keyPem;

    ShareCatalog catalog;
    ShareRecordings recordings;
    ShareEvents events;
    WakeupScheduler *scheduler; // child of q
    QHash<QUuid, JpegFeedSource *> sources; // children of q
    QList<QMetaObject::Connection> farmConnections;
    QTimer *livenessTick; // child of q
    QTimer *heartbeatTick; // child of q

    std::atomic<bool> stopping{false};
    std::atomic<int> connections{0};
    std::atomic<int> streamViewers{0};
    std::atomic<int> eventViewers{0};
    std::atomic<quint64> requests{0};
    std::atomic<quint64> rejected{0};
    std::atomic<bool> viewerSignalPending{false};
    int lastViewerCount = 0; // farm's thread
    MjpegViewer::Counters counters;

    // Every open stream's waiter, for checkPeers().
    QMutex waitersMutex;
    std::vector<std::weak_ptr<ConnectionWaiter>> waiters;

    mutable QMutex clientsMutex;
    QHash<QByteArray, int> connectionsPerClient;
    QMutex throttleMutex;
    std::unique_ptr<FailedAttemptThrottle> throttle;
    QMutex logMutex;
    QStringList startLog; // libmicrohttpd's messages while starting
    bool capturingLog = false;
};

// ---------------------------------------------------------------------------------------------
// Settings

QString ShareServer::Settings::validate() const
{
    if (token.isEmpty())
        return tr("Sharing needs a token; none is set.");
    if (address.isNull())
        return tr("The address to listen on is not a valid IP address.");
    if (certificateFile.isEmpty() != privateKeyFile.isEmpty())
        return tr("HTTPS needs both a certificate file and a private key file.");
    if (maxConnections < 1 || maxConnectionsPerClient < 1)
        return tr("The connection limits must be at least 1.");
    if (connectionMemoryLimit < 8 * 1024)
        return tr("The memory for each connection must be at least 8 KB.");
    if (maxRequestTargetLength < 64)
        return tr("The longest request must be at least 64 characters.");
    if (idleTimeout.count() < 1 || stalledViewerTimeout.count() < 1)
        return tr("The timeouts must be at least one second.");
    if (maxFailedAttempts < 1 || failureWindow.count() < 1)
        return tr("The failed-attempt limit must allow at least one attempt in one second.");
    if (jpegQuality < 1 || jpegQuality > 100)
        return tr("The JPEG quality must be between 1 and 100.");
    return {};
}

ShareServer::Settings ShareServer::settingsFrom(const AppSettings &appSettings)
{
    Settings settings;
    const QHostAddress address(appSettings.value(AppSettings::Key::SharingAddress).toString());
    settings.address = address; // a null address is refused by validate(), with words
    const int port = appSettings.value(AppSettings::Key::SharingPort).toInt();
    settings.port = port >= 0 && port <= 65535 ? quint16(port) : kDefaultPort;
    settings.certificateFile
        = appSettings.value(AppSettings::Key::SharingCertificateFile).toString();
    settings.privateKeyFile = appSettings.value(AppSettings::Key::SharingKeyFile).toString();
    return settings;
}

// ---------------------------------------------------------------------------------------------
// The server object (farm's thread)

ShareServer::ShareServer(PrinterFarm *farm, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this, farm))
{ }

ShareServer::~ShareServer()
{
    stop();
}

bool ShareServer::Private::loadTls(QString *errorMessage)
{
    const auto fail = [errorMessage](const QString &message) {
        if (errorMessage)
            *errorMessage = message;
        return false;
    };
    const auto read = [](const QString &path, QByteArray *out, QString *error) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            *error = file.errorString();
            return false;
        }
        *out = file.read(1024 * 1024); // a PEM file is a few KB
        return true;
    };
    QString error;
    if (!read(settings.certificateFile, &certificatePem, &error)) {
        return fail(tr("The certificate file %1 cannot be read: %2.")
                        .arg(QDir::toNativeSeparators(settings.certificateFile), error));
    }
    if (!read(settings.privateKeyFile, &keyPem, &error)) {
        return fail(tr("The private key file %1 cannot be read: %2.")
                        .arg(QDir::toNativeSeparators(settings.privateKeyFile), error));
    }

    // Checked here, where the words can be clear; GnuTLS would only make the start fail.
    const auto bioOf = [](const QByteArray &bytes) {
        return std::unique_ptr<BIO, decltype(&BIO_free)>(
            BIO_new_mem_buf(bytes.constData(), int(bytes.size())), &BIO_free);
    };
    const auto certificateBio = bioOf(certificatePem);
    std::unique_ptr<X509, decltype(&X509_free)> certificate(
        PEM_read_bio_X509(certificateBio.get(), nullptr, noPassword, nullptr), &X509_free);
    const auto keyBio = bioOf(keyPem);
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        PEM_read_bio_PrivateKey(keyBio.get(), nullptr, noPassword, nullptr), &EVP_PKEY_free);
    ERR_clear_error();
    if (!certificate) {
        return fail(tr("The certificate file %1 holds no PEM certificate.")
                        .arg(QDir::toNativeSeparators(settings.certificateFile)));
    }
    if (!key) {
        return fail(tr("The private key file %1 holds no PEM private key (an encrypted key is "
                       "not supported).")
                        .arg(QDir::toNativeSeparators(settings.privateKeyFile)));
    }
    if (X509_check_private_key(certificate.get(), key.get()) != 1) {
        ERR_clear_error();
        return fail(tr("The private key in %1 does not belong to the certificate in %2.")
                        .arg(QDir::toNativeSeparators(settings.privateKeyFile),
                             QDir::toNativeSeparators(settings.certificateFile)));
    }
    // libmicrohttpd wants C strings.
    certificatePem.append('\0');
    keyPem.append('\0');
    return true;
}

bool ShareServer::start(const Settings &settings, QString *errorMessage)
{
    stop();
    const auto fail = [errorMessage](const QString &message) {
        qCWarning(lcShare).noquote() << "Sharing not started:" << message;
        if (errorMessage)
            *errorMessage = message;
        return false;
    };
    if (const QString problem = settings.validate(); !problem.isEmpty())
        return fail(problem);

    d->settings = settings;
    d->token = settings.token.toUtf8();
    d->https = !settings.certificateFile.isEmpty();
    if (d->https) {
        if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
            return fail(tr("This libmicrohttpd was built without HTTPS."));
        QString error;
        if (!d->loadTls(&error))
            return fail(error);
    }
    d->throttle = std::make_unique<FailedAttemptThrottle>(settings.maxFailedAttempts,
                                                          settings.failureWindow, settings.lockout);

    sockaddr_in address4{};
    sockaddr_in6 address6{};
    const sockaddr *address = nullptr;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME
        | MHD_USE_ERROR_LOG;
    if (settings.address.protocol() == QAbstractSocket::IPv6Protocol) {
        address6.sin6_family = AF_INET6;
        address6.sin6_port = htons(settings.port);
        const Q_IPV6ADDR bytes = settings.address.toIPv6Address();
        std::memcpy(&address6.sin6_addr, bytes.c, sizeof(address6.sin6_addr));
        address = reinterpret_cast<const sockaddr *>(&address6);
        flags |= MHD_USE_IPv6;
    } else {
        bool ok = false;
        const quint32 ip = settings.address.toIPv4Address(&ok);
        if (!ok)
            return fail(tr("The address to listen on is not a valid IP address."));
        address4.sin_family = AF_INET;
        address4.sin_port = htons(settings.port);
        address4.sin_addr.s_addr = htonl(ip);
        address = reinterpret_cast<const sockaddr *>(&address4);
    }
    if (d->https)
        flags |= MHD_USE_TLS;

    d->stopping = false;
    d->events.reopen();
    d->scheduler->restart();
    d->counters.framesSent = 0;
    d->counters.framesSkipped = 0;
    d->requests = 0;
    d->rejected = 0;
    // The catalog and feeds first: a request may come in as soon as the daemon listens.
    for (Printer *printer : d->farm->printers())
        d->adopt(printer);
    d->farmConnections.append(connect(d->farm, &PrinterFarm::printerAdded, this,
                                      [this](Printer *printer) { d->adopt(printer); }));
    d->farmConnections.append(connect(d->farm, &PrinterFarm::printerRemoved, this,
                                      [this](const QUuid &id) { d->forget(id); }));
    d->farmConnections.append(connect(d->farm, &PrinterFarm::printersReordered, this, [this] {
        QList<QUuid> ids;
        for (const Printer *printer : d->farm->printers())
            ids.append(printer->id());
        d->catalog.setOrder(ids);
    }));

    {
        QMutexLocker locker(&d->logMutex);
        d->startLog.clear();
        d->capturingLog = true;
    }
    errno = 0;
    const auto hardLimit = unsigned(settings.maxConnections + kHardLimitHeadroom);
    const auto hardPerClient = unsigned(settings.maxConnectionsPerClient + kHardLimitHeadroom);
    // clang-format off
    d->daemon = MHD_start_daemon(
        flags, settings.port, nullptr, nullptr, &Private::onRequest, d.get(),
        MHD_OPTION_SOCK_ADDR, address,
        MHD_OPTION_CONNECTION_LIMIT, hardLimit,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, hardPerClient,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, size_t(settings.connectionMemoryLimit),
        MHD_OPTION_CONNECTION_TIMEOUT, unsigned(settings.idleTimeout.count()),
        MHD_OPTION_URI_LOG_CALLBACK, &Private::onUri, d.get(),
        MHD_OPTION_NOTIFY_COMPLETED, &Private::onCompleted, d.get(),
        MHD_OPTION_NOTIFY_CONNECTION, &Private::onConnection, d.get(),
        MHD_OPTION_EXTERNAL_LOGGER, &Private::onLog, d.get(),
        d->https ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, d->certificatePem.constData(),
        MHD_OPTION_HTTPS_MEM_KEY, d->keyPem.constData(),
        MHD_OPTION_END);
    // clang-format on
    const int startErrno = errno;
    QStringList log;
    {
        QMutexLocker locker(&d->logMutex);
        d->capturingLog = false;
        log.swap(d->startLog);
    }
    if (!d->daemon) {
        const QString said = log.join(u' ');
        QString message;
        if (startErrno == EADDRINUSE || said.contains(QLatin1String("in use"))) {
            message = tr("Port %1 is in use by another program.").arg(settings.port);
        } else if (startErrno == EACCES || said.contains(QLatin1String("ermission"))) {
            message = tr("Port %1 needs administrator rights; choose a port above 1023.")
                          .arg(settings.port);
        } else if (startErrno == EADDRNOTAVAIL || said.contains(QLatin1String("assign"))) {
            message = tr("This computer has no address %1.").arg(settings.address.toString());
        } else {
            message
                = tr("The server could not start: %1")
                      .arg(said.isEmpty() ? QString::fromLocal8Bit(strerror(startErrno)) : said);
        }
        d->stopping = true;
        for (const QMetaObject::Connection &connection : std::as_const(d->farmConnections))
            disconnect(connection);
        d->farmConnections.clear();
        for (JpegFeedSource *source : std::as_const(d->sources)) {
            source->feed()->close();
            delete source;
        }
        d->sources.clear();
        d->catalog.clear();
        return fail(message);
    }
    const MHD_DaemonInfo *info = MHD_get_daemon_info(d->daemon, MHD_DAEMON_INFO_BIND_PORT);
    d->boundPort = info ? info->port : settings.port;
    d->livenessTick->start();
    d->heartbeatTick->start();
    qCInfo(lcShare).noquote() << "Sharing on" << url().toString();
    emit runningChanged(true);
    return true;
}

void ShareServer::stop()
{
    if (!d->daemon)
        return;
    d->stopping = true;
    d->livenessTick->stop();
    d->heartbeatTick->stop();
    for (const QMetaObject::Connection &connection : std::as_const(d->farmConnections))
        disconnect(connection);
    d->farmConnections.clear();
    // Every waiting connection is resumed and told to end; nothing suspends any more. libmicrohttpd
    // must have no suspended connection when it stops.
    d->events.close();
    for (JpegFeedSource *source : std::as_const(d->sources))
        source->feed()->close();
    d->scheduler->stop();
    MHD_stop_daemon(d->daemon); // closes every connection and joins its thread
    d->daemon = nullptr;
    d->boundPort = 0;
    qDeleteAll(d->sources);
    d->sources.clear();
    d->catalog.clear();
    d->certificatePem.clear();
    d->keyPem.clear();
    d->token.clear();
    qCInfo(lcShare) << "Sharing stopped";
    emit runningChanged(false);
    d->postViewerCount();
}

bool ShareServer::isRunning() const
{
    return d->daemon != nullptr;
}

ShareServer::Settings ShareServer::settings() const
{
    return d->settings;
}

QUrl ShareServer::url() const
{
    if (!d->daemon)
        return {};
    QUrl url;
    url.setScheme(d->https ? QStringLiteral("https") : QStringLiteral("http"));
    const QHostAddress &address = d->settings.address;
    const bool any = address == QHostAddress(QHostAddress::Any)
        || address == QHostAddress(QHostAddress::AnyIPv4)
        || address == QHostAddress(QHostAddress::AnyIPv6);
    url.setHost(any ? QHostInfo::localHostName() : address.toString());
    url.setPort(d->boundPort);
    url.setPath(QStringLiteral("/"));
    return url;
}

quint16 ShareServer::port() const
{
    return d->boundPort;
}

int ShareServer::viewerCount() const
{
    return d->streamViewers + d->eventViewers;
}

ShareServer::Stats ShareServer::stats() const
{
    Stats stats;
    stats.connections = d->connections;
    stats.viewers = viewerCount();
    stats.requests = d->requests;
    stats.rejectedRequests = d->rejected;
    stats.framesSent = d->counters.framesSent;
    stats.framesSkipped = d->counters.framesSkipped;
    stats.queuedBytes = d->counters.queuedBytes;
    for (const JpegFeedSource *source : std::as_const(d->sources))
        stats.jpegEncodes += source->encodedCount();
    return stats;
}

ShareServer::Demand ShareServer::demand(const QUuid &printerId) const
{
    Demand demand;
    if (const JpegFeedSource *source = d->sources.value(printerId)) {
        const JpegFeed::Demand feedDemand = source->feed()->demand();
        demand.streamViewers = feedDemand.viewers;
        demand.lastRequestNs = feedDemand.lastRequestNs;
    }
    return demand;
}

QUrl ShareServer::streamUrl(const Printer *printer) const
{
    if (!d->daemon || !printer)
        return {};
    QUrl result = url();
    result.setPath(ShareRequest::streamPath(printer->id().toString(QUuid::WithoutBraces)));
    return result;
}

QUrl ShareServer::snapshotUrl(const Printer *printer) const
{
    if (!d->daemon || !printer)
        return {};
    QUrl result = url();
    result.setPath(ShareRequest::snapshotPath(printer->id().toString(QUuid::WithoutBraces)));
    return result;
}

void ShareServer::setRecordingsRoot(const QString &root)
{
    d->recordings.setRoot(root);
}

QString ShareServer::recordingsRoot() const
{
    return d->recordings.root();
}

QUrl ShareServer::withToken(const QUrl &url, const QString &token)
{
    QUrl result = url;
    QUrlQuery query(result);
    query.removeAllQueryItems(QStringLiteral("token"));
    // A generated token is base64url and needs no escaping; a hand-made one gets it.
    query.addQueryItem(QStringLiteral("token"),
                       QString::fromLatin1(QUrl::toPercentEncoding(token)));
    result.setQuery(query);
    return result;
}

void ShareServer::Private::adopt(Printer *printer)
{
    if (sources.contains(printer->id()))
        return;
    auto feed = std::make_shared<JpegFeed>();
    auto *source = new JpegFeedSource(printer->frames(), feed, settings.jpegQuality,
                                      settings.maxEncodedSize, settings.pictureLinger, q);
    sources.insert(printer->id(), source);
    QObject::connect(source, &JpegFeedSource::demandChanged, q,
                     [this, id = printer->id()] { emit q->demandChanged(id); });
    // The source lives as long as the server runs and the printer exists: these connections go
    // with it (context object).
    QObject::connect(printer->camera(), &CameraSource::stateChanged, source,
                     [this, printer] { refresh(printer); });
    // Another camera kind in the settings is another camera object: follow it.
    QObject::connect(printer, &Printer::cameraReplaced, source,
                     [this, printer, source](CameraSource *camera) {
                         QObject::connect(camera, &CameraSource::stateChanged, source,
                                          [this, printer] { refresh(printer); });
                         refresh(printer);
                     });
    QObject::connect(printer, &Printer::printStatusChanged, source,
                     [this, printer] { refresh(printer); });
    QObject::connect(printer, &Printer::configChanged, source,
                     [this, printer] { refresh(printer); });
    QObject::connect(printer->frames(), &FrameHub::frameArrived, source,
                     [this, printer] { updateFrameStats(printer); });
    refresh(printer);
}

void ShareServer::Private::forget(const QUuid &id)
{
    JpegFeedSource *source = sources.take(id);
    if (!source)
        return;
    source->feed()->close(); // its streams end
    delete source;
    catalog.remove(id);
    events.printerRemoved(id);
}

void ShareServer::Private::refresh(Printer *printer)
{
    JpegFeedSource *source = sources.value(printer->id());
    if (!source)
        return;
    const CameraSource *camera = printer->camera();
    const CameraSource::Stats stats = camera->stats();
    ShareCatalog::Entry entry;
    entry.id = printer->id();
    entry.name = printer->name();
    entry.slug = ShareRequest::slugFor(entry.name);
    entry.serial = printer->config().serial;
    entry.model = printer->config().model;
    entry.cameraKind = camera->kindName();
    entry.state = stateWord(camera->state());
    entry.stateText = camera->statusText();
    entry.live = printer->isLive();
    entry.fps = stats.framesPerSecond;
    entry.frames = stats.framesReceived;
    entry.reconnects = stats.reconnects;
    entry.lastFrameNs = source->feed()->newestCameraFrameNs();
    entry.print = printer->printStatus();
    entry.feed = source->feed();
    if (catalog.upsert(entry))
        events.printerChanged(entry.id);
}

void ShareServer::Private::refreshAll()
{
    for (Printer *printer : farm->printers())
        refresh(printer);
}

void ShareServer::Private::updateFrameStats(Printer *printer)
{
    const CameraSource::Stats stats = printer->camera()->stats();
    JpegFeedSource *source = sources.value(printer->id());
    catalog.updateFrameStats(printer->id(), stats.framesPerSecond, stats.framesReceived,
                             source ? source->feed()->newestCameraFrameNs() : 0);
    // The first frame after a pause makes the printer live: tell event streams now, not at the
    // next tick.
    if (const auto entry = catalog.entry(printer->id()); entry && !entry->live)
        refresh(printer);
}

std::shared_ptr<ConnectionWaiter> ShareServer::Private::watchedWaiter(MHD_Connection *connection)
{
    auto waiter = std::make_shared<ConnectionWaiter>(connection);
    QMutexLocker locker(&waitersMutex);
    waiters.push_back(waiter);
    return waiter;
}

void ShareServer::Private::checkPeers()
{
    // Once a second: a viewer that closed its socket while its stream waited for a frame (a
    // printer that is offline) would otherwise count as a viewer, and hold a connection, until
    // the next frame.
    std::vector<std::shared_ptr<ConnectionWaiter>> open;
    {
        QMutexLocker locker(&waitersMutex);
        waiters.erase(std::remove_if(waiters.begin(), waiters.end(),
                                     [](const auto &waiter) { return waiter.expired(); }),
                      waiters.end());
        for (const auto &waiter : waiters) {
            if (auto alive = waiter.lock())
                open.push_back(std::move(alive));
        }
    }
    for (const auto &waiter : open)
        waiter->wakeIfPeerGone();
}

void ShareServer::Private::postViewerCount()
{
    if (viewerSignalPending.exchange(true))
        return;
    QMetaObject::invokeMethod(
        q,
        [this] {
            viewerSignalPending = false;
            const int count = q->viewerCount();
            if (count != lastViewerCount) {
                lastViewerCount = count;
                emit q->viewerCountChanged(count);
            }
        },
        Qt::QueuedConnection);
}

// ---------------------------------------------------------------------------------------------
// libmicrohttpd's thread

void *ShareServer::Private::onUri(void *, const char *uri, MHD_Connection *)
{
    auto *context = new RequestContext;
    context->target = QByteArray(uri ? uri : "");
    return context;
}

void ShareServer::Private::onCompleted(void *, MHD_Connection *, void **requestContext,
                                       MHD_RequestTerminationCode)
{
    delete static_cast<RequestContext *>(*requestContext);
    *requestContext = nullptr;
}

void ShareServer::Private::onConnection(void *cls, MHD_Connection *connection, void **socketContext,
                                        MHD_ConnectionNotificationCode code)
{
    auto *d = static_cast<Private *>(cls);
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        auto *context = new ConnectionContext;
        const MHD_ConnectionInfo *info
            = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        context->client = clientKey(info ? info->client_addr : nullptr);
        *socketContext = context;
        if (const MHD_ConnectionInfo *fd
            = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD)) {
            ::setsockopt(fd->connect_fd, SOL_SOCKET, SO_SNDBUF, &kSocketSendBuffer,
                         sizeof kSocketSendBuffer);
        }
        ++d->connections;
        QMutexLocker locker(&d->clientsMutex);
        ++d->connectionsPerClient[context->client];
    } else {
        auto *context = static_cast<ConnectionContext *>(*socketContext);
        if (!context)
            return;
        --d->connections;
        {
            QMutexLocker locker(&d->clientsMutex);
            auto found = d->connectionsPerClient.find(context->client);
            if (found != d->connectionsPerClient.end() && --found.value() <= 0)
                d->connectionsPerClient.erase(found);
        }
        delete context;
        *socketContext = nullptr;
    }
}

void ShareServer::Private::onLog(void *cls, const char *format, va_list arguments)
{
    auto *d = static_cast<Private *>(cls);
    char text[512];
    std::vsnprintf(text, sizeof text, format, arguments);
    const QString message = QString::fromLocal8Bit(text).trimmed();
    QMutexLocker locker(&d->logMutex);
    if (d->capturingLog)
        d->startLog.append(message);
    // Client mistakes (a bad TLS handshake, a closed socket) are routine for a server.
    qCDebug(lcShare).noquote() << "libmicrohttpd:" << message;
}

QByteArray ShareServer::Private::clientOf(MHD_Connection *connection) const
{
    const MHD_ConnectionInfo *info
        = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    const auto *context
        = info ? static_cast<const ConnectionContext *>(info->socket_context) : nullptr;
    return context ? context->client : QByteArray();
}

int ShareServer::Private::clientConnections(const QByteArray &client) const
{
    QMutexLocker locker(&clientsMutex);
    return connectionsPerClient.value(client);
}

MHD_Result ShareServer::Private::onRequest(void *cls, MHD_Connection *connection, const char *url,
                                           const char *method, const char *, const char *,
                                           size_t *uploadDataSize, void **requestContext)
{
    auto *d = static_cast<Private *>(cls);
    auto *context = static_cast<RequestContext *>(*requestContext);
    if (!context) {
        context = new RequestContext;
        context->target = QByteArray(url ? url : "");
        *requestContext = context;
    }
    if (context->waiter && context->feed)
        return d->continueSnapshot(connection, context);
    if (context->answered) {
        *uploadDataSize = 0; // a body nobody asked for: read and dropped
        return MHD_YES;
    }
    context->answered = true;
    ++d->requests;
    return d->handle(connection, method, context);
}

void ShareServer::Private::addCommonHeaders(MHD_Response *response)
{
    MHD_add_response_header(response, MHD_HTTP_HEADER_CACHE_CONTROL, kNoCache);
    MHD_add_response_header(response, MHD_HTTP_HEADER_PRAGMA, "no-cache");
    MHD_add_response_header(response, "X-Content-Type-Options", "nosniff");
    // URLs may carry ?token=: a page that links elsewhere must not pass them on.
    MHD_add_response_header(response, "Referrer-Policy", "no-referrer");
}

MHD_Result ShareServer::Private::answer(MHD_Connection *connection, unsigned status,
                                        const QByteArray &body, const QByteArray &contentType,
                                        const QList<QPair<QByteArray, QByteArray>> &headers)
{
    MHD_Response *response = MHD_create_response_from_buffer(
        size_t(body.size()), const_cast<char *>(body.constData()), MHD_RESPMEM_MUST_COPY);
    if (!response)
        return MHD_NO;
    addCommonHeaders(response);
    MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, contentType.constData());
    for (const auto &[name, value] : headers)
        MHD_add_response_header(response, name.constData(), value.constData());
    const MHD_Result result = MHD_queue_response(connection, status, response);
    MHD_destroy_response(response);
    return result;
}

MHD_Result ShareServer::Private::answerJson(MHD_Connection *connection, unsigned status,
                                            const QJsonDocument &json)
{
    return answer(connection, status, json.toJson(QJsonDocument::Compact),
                  QByteArrayLiteral("application/json"));
}

MHD_Result ShareServer::Private::reject(MHD_Connection *connection, unsigned status,
                                        const QByteArray &body,
                                        const QList<QPair<QByteArray, QByteArray>> &headers)
{
    ++rejected;
    return answer(connection, status, body, QByteArrayLiteral("text/plain; charset=utf-8"),
                  headers);
}

bool ShareServer::Private::isAuthorized(MHD_Connection *connection, const ShareRequest &request,
                                        bool *presented)
{
    *presented = false;
    bool ok = false;
    if (const char *header
        = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION)) {
        *presented = true;
        if (const auto candidate = ShareRequest::tokenFromAuthorization(QByteArrayView(header)))
            ok = ShareToken::matches(*candidate, token);
    }
    if (const auto candidate = request.token()) {
        *presented = true;
        ok = ShareToken::matches(*candidate, token) || ok;
    }
    return ok;
}

MHD_Result ShareServer::Private::handle(MHD_Connection *connection, const char *method,
                                        RequestContext *context)
{
    const QByteArray client = clientOf(connection);
    const QList<QPair<QByteArray, QByteArray>> closeAfter{
        {QByteArrayLiteral("Retry-After"), QByteArray::number(kRetryAfterBusySeconds)},
        {QByteArrayLiteral("Connection"), QByteArrayLiteral("close")}};
    if (stopping)
        return reject(connection, MHD_HTTP_SERVICE_UNAVAILABLE, "Stopping.\n", closeAfter);
    if (connections > settings.maxConnections) {
        return reject(connection, MHD_HTTP_SERVICE_UNAVAILABLE, "Too many connections.\n",
                      closeAfter);
    }
    if (clientConnections(client) > settings.maxConnectionsPerClient) {
        return reject(connection, MHD_HTTP_SERVICE_UNAVAILABLE,
                      "Too many connections from your address.\n", closeAfter);
    }

    const ShareRequest request
        = ShareRequest::parse(context->target, settings.maxRequestTargetLength);
    if (!request.isValid()) {
        if (request.error() == ShareRequest::Error::TooLong)
            return answer(connection, MHD_HTTP_URI_TOO_LONG, "Request too long.\n",
                          "text/plain; charset=utf-8");
        return answer(connection, MHD_HTTP_BAD_REQUEST, "Bad request.\n",
                      "text/plain; charset=utf-8");
    }
    const QByteArrayView verb(method ? method : "");
    if (verb != "GET" && verb != "HEAD") {
        return answer(connection, MHD_HTTP_METHOD_NOT_ALLOWED, "Only GET and HEAD.\n",
                      "text/plain; charset=utf-8", {{"Allow", "GET, HEAD"}});
    }
    // For probes: says the server runs, and nothing else.
    if (request.route() == ShareRequest::Route::Health)
        return answer(connection, MHD_HTTP_OK, "ok\n", "text/plain; charset=utf-8");
    // The web wall's own files say nothing about the printers, and a browser cannot send a token
    // with the page it opens first nor with the page's scripts: they are served to anyone, and
    // the page asks for the token (or takes it from ?token=) before it requests anything else.
    if (request.route() == ShareRequest::Route::Static)
        return serveStatic(connection, request.staticPath());

    const qint64 nowMs = CameraFrame::steadyNowNs() / 1000000;
    {
        QMutexLocker locker(&throttleMutex);
        if (const qint64 waitMs = throttle->lockedOutForMs(client, nowMs); waitMs > 0) {
            return reject(connection, MHD_HTTP_TOO_MANY_REQUESTS, "Too many failed attempts.\n",
                          {{"Retry-After", QByteArray::number((waitMs + 999) / 1000)}});
        }
    }
    bool presented = false;
    if (!isAuthorized(connection, request, &presented)) {
        if (presented) {
            QMutexLocker locker(&throttleMutex);
            throttle->recordFailure(client, nowMs);
        }
        // The same answer for every route: it tells nothing about the printers. A Basic challenge
        // makes a browser ask its user for a password, also for the web wall's own fetches, its
        // event stream and its pictures: a request that brought a token the page's way (Bearer,
        // ?token=) is challenged with Bearer, which browsers leave to the page.
        const char *authorization = MHD_lookup_connection_value(connection, MHD_HEADER_KIND,
                                                                MHD_HTTP_HEADER_AUTHORIZATION);
        const bool bearer = request.token().has_value()
            || (authorization && qstrnicmp(authorization, "Bearer ", 7) == 0);
        return reject(connection, MHD_HTTP_UNAUTHORIZED, "A token is needed.\n",
                      {{"WWW-Authenticate",
                        bearer ? QByteArrayLiteral("Bearer realm=\"FarmCam\"")
                               : QByteArrayLiteral("Basic realm=\"FarmCam\", charset=\"UTF-8\"")}});
    }

    switch (request.route()) {
    case ShareRequest::Route::Printers:
        return servePrinters(connection);
    case ShareRequest::Route::Printer:
        return servePrinter(connection, request.printerKey());
    case ShareRequest::Route::Events:
        return serveEvents(connection);
    case ShareRequest::Route::Metrics:
        return serveMetrics(connection);
    case ShareRequest::Route::Stream:
        return serveStream(connection, request);
    case ShareRequest::Route::Snapshot:
        return serveSnapshot(connection, request.printerKey(), context);
    case ShareRequest::Route::Recordings:
        return serveRecordingList(connection);
    case ShareRequest::Route::RecordingFile:
        return serveRecordingFile(connection, request);
    case ShareRequest::Route::Health: // answered above
    case ShareRequest::Route::Static:
    case ShareRequest::Route::Invalid:
    case ShareRequest::Route::NotFound:
        break;
    }
    return notFound(connection);
}

MHD_Result ShareServer::Private::notFound(MHD_Connection *connection)
{
    return answer(connection, MHD_HTTP_NOT_FOUND, "Not found.\n", "text/plain; charset=utf-8");
}

MHD_Result ShareServer::Private::serveStatic(MHD_Connection *connection, const QString &path)
{
    // ShareRequest allows no "..", "." or hidden segments: nothing outside :/web/ can be named.
    QFile file(QLatin1String(":/web/") + path);
    if (!file.open(QIODevice::ReadOnly))
        return answer(connection, MHD_HTTP_NOT_FOUND, "Not found.\n", "text/plain; charset=utf-8");
    return answer(connection, MHD_HTTP_OK, file.readAll(), ShareRequest::contentTypeFor(path),
                  {{"Content-Security-Policy", kWebWallPolicy}});
}

MHD_Result ShareServer::Private::servePrinters(MHD_Connection *connection)
{
    const qint64 nowNs = CameraFrame::steadyNowNs();
    QJsonArray array;
    for (const ShareCatalog::Entry &entry : catalog.entries())
        array.append(
            ShareCatalog::toJson(entry, entry.feed ? entry.feed->viewerCount() : 0, nowNs));
    return answerJson(connection, MHD_HTTP_OK, QJsonDocument(array));
}

MHD_Result ShareServer::Private::serveRecordingList(MHD_Connection *connection)
{
    QList<ShareRecordings::PrinterName> printers;
    for (const ShareCatalog::Entry &entry : catalog.entries())
        printers.append({entry.id, entry.name});
    return answerJson(connection, MHD_HTTP_OK, QJsonDocument(recordings.list(printers)));
}

MHD_Result ShareServer::Private::serveRecordingFile(MHD_Connection *connection,
                                                    const ShareRequest &request)
{
    // Every refusal is the same 404: it tells nothing about what exists.
    const std::optional<ShareRecordings::File> file
        = recordings.resolve(request.recordingFolder(), request.recordingFile());
    if (!file)
        return notFound(connection);
    // The canonical path, not following a link at its end: what was checked is what is opened.
    const int fd
        = ::open(QFile::encodeName(file->path).constData(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return notFound(connection);
    struct stat status = {};
    if (::fstat(fd, &status) != 0 || !S_ISREG(status.st_mode)) {
        ::close(fd);
        return notFound(connection);
    }
    const qint64 size = qint64(status.st_size);

    // A browser seeking in a video or resuming a download asks for one range. With If-Range
    // (resume only if unchanged) the whole file is sent: always correct, and nothing to compare.
    const char *rangeHeader
        = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_RANGE);
    const bool conditional
        = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_RANGE);
    const ByteRange range = rangeHeader && !conditional
        ? ByteRange::parse(QByteArrayView(rangeHeader), size)
        : ByteRange();
    if (range.result() == ByteRange::Result::Unsatisfiable) {
        ::close(fd);
        return answer(connection, MHD_HTTP_RANGE_NOT_SATISFIABLE, "Range not satisfiable.\n",
                      "text/plain; charset=utf-8",
                      {{"Content-Range", "bytes */" + QByteArray::number(size)}});
    }
    const bool partial = range.result() == ByteRange::Result::Partial;
    const quint64 offset = partial ? quint64(range.first()) : 0;
    const quint64 length = partial ? quint64(range.length()) : quint64(size);
    // Streamed from the descriptor (sendfile() without TLS): never read into memory, whatever
    // the size. libmicrohttpd closes it with the response.
    MHD_Response *response = MHD_create_response_from_fd_at_offset64(length, fd, offset);
    if (!response) {
        ::close(fd);
        return MHD_NO;
    }
    addCommonHeaders(response);
    MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, file->contentType.constData());
    MHD_add_response_header(response, MHD_HTTP_HEADER_ACCEPT_RANGES, "bytes");
    if (file->isVideo) {
        MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_DISPOSITION,
                                ShareRecordings::attachmentHeader(file->fileName).constData());
    }
    if (partial) {
        const QByteArray contentRange = "bytes " + QByteArray::number(range.first()) + '-'
            + QByteArray::number(range.last()) + '/' + QByteArray::number(size);
        MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_RANGE, contentRange.constData());
    }
    const MHD_Result result = MHD_queue_response(
        connection, partial ? MHD_HTTP_PARTIAL_CONTENT : MHD_HTTP_OK, response);
    MHD_destroy_response(response);
    return result;
}

MHD_Result ShareServer::Private::printerNotFound(MHD_Connection *connection,
                                                 ShareCatalog::Lookup lookup)
{
    QJsonObject error;
    error.insert(QStringLiteral("error"),
                 lookup == ShareCatalog::Lookup::Ambiguous
                     ? QStringLiteral("Several printers have this name; name it by its id.")
                     : QStringLiteral("No printer has this id, serial or name."));
    return answerJson(connection, MHD_HTTP_NOT_FOUND, QJsonDocument(error));
}

MHD_Result ShareServer::Private::servePrinter(MHD_Connection *connection, const QString &key)
{
    ShareCatalog::Lookup lookup = ShareCatalog::Lookup::NotFound;
    const auto entry = catalog.find(key, &lookup);
    if (!entry)
        return printerNotFound(connection, lookup);
    return answerJson(
        connection, MHD_HTTP_OK,
        QJsonDocument(ShareCatalog::toJson(*entry, entry->feed ? entry->feed->viewerCount() : 0,
                                           CameraFrame::steadyNowNs())));
}

MHD_Result ShareServer::Private::serveMetrics(MHD_Connection *connection)
{
    const qint64 nowNs = CameraFrame::steadyNowNs();
    const QList<ShareCatalog::Entry> entries = catalog.entries();
    QByteArray text;
    const auto family = [&text](const char *name, const char *type, const char *help) {
        text += "# HELP ";
        text += name;
        text += ' ';
        text += help;
        text += "\n# TYPE ";
        text += name;
        text += ' ';
        text += type;
        text += '\n';
    };
    const auto labels = [](const ShareCatalog::Entry &entry) {
        return QByteArrayLiteral("{id=\"") + entry.idText().toLatin1()
            + QByteArrayLiteral("\",printer=\"") + escapeLabel(entry.name)
            + QByteArrayLiteral("\"}");
    };
    const auto perPrinter
        = [&](const char *name, const char *type, const char *help, const auto &value) {
              family(name, type, help);
              for (const ShareCatalog::Entry &entry : entries)
                  text += name + labels(entry) + ' ' + value(entry) + '\n';
          };
    perPrinter("farmcam_camera_frames_total", "counter", "Frames received from the camera.",
               [](const auto &entry) { return QByteArray::number(entry.frames); });
    perPrinter("farmcam_camera_fps", "gauge", "Frames per second over the last few frames.",
               [](const auto &entry) { return QByteArray::number(entry.fps, 'f', 3); });
    perPrinter("farmcam_camera_reconnects_total", "counter", "Connection attempts after the first.",
               [](const auto &entry) { return QByteArray::number(entry.reconnects); });
    perPrinter("farmcam_camera_live", "gauge", "1 when the camera shows a fresh picture.",
               [](const auto &entry) { return QByteArray(entry.live ? "1" : "0"); });
    perPrinter("farmcam_camera_up", "gauge", "1 when the camera connection is up.",
               [](const auto &entry) {
                   return QByteArray(entry.state == QLatin1String("up") ? "1" : "0");
               });
    perPrinter("farmcam_camera_last_frame_age_seconds", "gauge",
               "Age of the newest frame; absent before the first.", [nowNs](const auto &entry) {
                   return entry.lastFrameNs > 0
                       ? QByteArray::number(double(nowNs - entry.lastFrameNs) / 1e9, 'f', 3)
                       : QByteArrayLiteral("NaN");
               });
    perPrinter("farmcam_share_viewers", "gauge", "Open MJPEG streams of this camera.",
               [](const auto &entry) {
                   return QByteArray::number(entry.feed ? entry.feed->viewerCount() : 0);
               });
    family("farmcam_camera_state", "gauge", "The camera connection's state (1 for the current).");
    for (const ShareCatalog::Entry &entry : entries) {
        QByteArray label = labels(entry);
        label.chop(1);
        text += "farmcam_camera_state" + label + ",state=\"" + entry.state.toLatin1() + "\"} 1\n";
    }
    const auto server
        = [&](const char *name, const char *type, const char *help, const QByteArray &value) {
              family(name, type, help);
              text += name;
              text += ' ' + value + '\n';
          };
    server("farmcam_share_connections", "gauge", "Open HTTP connections.",
           QByteArray::number(connections.load()));
    server("farmcam_share_event_streams", "gauge", "Open event streams.",
           QByteArray::number(eventViewers.load()));
    server("farmcam_share_requests_total", "counter", "HTTP requests answered.",
           QByteArray::number(requests.load()));
    server("farmcam_share_rejected_requests_total", "counter",
           "Requests refused: no or wrong token, too many failures, too many connections.",
           QByteArray::number(rejected.load()));
    server("farmcam_share_frames_sent_total", "counter", "MJPEG parts sent, all viewers.",
           QByteArray::number(counters.framesSent.load()));
    server("farmcam_share_frames_skipped_total", "counter",
           "Frames a viewer was not ready for (it got a newer one).",
           QByteArray::number(counters.framesSkipped.load()));
    server("farmcam_share_queued_bytes", "gauge",
           "Unsent bytes of the frames in flight to viewers.",
           QByteArray::number(counters.queuedBytes.load()));
    return answer(connection, MHD_HTTP_OK, text,
                  QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8"));
}

void ShareServer::Private::viewerOpened(std::atomic<int> &counter)
{
    ++counter;
    postViewerCount();
}

void ShareServer::Private::viewerClosed(std::atomic<int> &counter)
{
    --counter;
    postViewerCount();
}

MHD_Result ShareServer::Private::serveEvents(MHD_Connection *connection)
{
    struct Body
    {
        Private *d;
        EventStreamViewer viewer;
    };
    auto *body = new Body{
        this, EventStreamViewer(&events, &catalog, watchedWaiter(connection), &stopping)};
    viewerOpened(eventViewers);
    MHD_Response *response = MHD_create_response_from_callback(
        MHD_SIZE_UNKNOWN, bodyBlockSize(),
        [](void *cls, uint64_t, char *buffer, size_t max) -> ssize_t {
            const qint64 count = static_cast<Body *>(cls)->viewer.read(buffer, max);
            return count == EventStreamViewer::kEndOfStream ? MHD_CONTENT_READER_END_OF_STREAM
                                                            : ssize_t(count);
        },
        body,
        [](void *cls) {
            auto *body = static_cast<Body *>(cls);
            body->d->viewerClosed(body->d->eventViewers);
            delete body;
        });
    if (!response)
        return MHD_NO;
    addCommonHeaders(response);
    MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, "text/event-stream");
    MHD_add_response_header(response, "X-Accel-Buffering", "no");
    MHD_set_connection_option(connection, MHD_CONNECTION_OPTION_TIMEOUT,
                              unsigned(settings.stalledViewerTimeout.count()));
    const MHD_Result result = MHD_queue_response(connection, MHD_HTTP_OK, response);
    MHD_destroy_response(response);
    return result;
}

MHD_Result ShareServer::Private::serveStream(MHD_Connection *connection,
                                             const ShareRequest &request)
{
    ShareCatalog::Lookup lookup = ShareCatalog::Lookup::NotFound;
    const auto entry = catalog.find(request.printerKey(), &lookup);
    if (!entry || !entry->feed)
        return printerNotFound(connection, lookup);

    struct Body
    {
        Private *d;
        MjpegViewer viewer;
    };
    auto *body = new Body{this,
                          MjpegViewer(entry->feed, watchedWaiter(connection), scheduler,
                                      request.maxFps(), &counters, &stopping)};
    viewerOpened(streamViewers);
    MHD_Response *response = MHD_create_response_from_callback(
        MHD_SIZE_UNKNOWN, bodyBlockSize(),
        [](void *cls, uint64_t, char *buffer, size_t max) -> ssize_t {
            const qint64 count = static_cast<Body *>(cls)->viewer.read(buffer, max);
            return count == MjpegViewer::kEndOfStream ? MHD_CONTENT_READER_END_OF_STREAM
                                                      : ssize_t(count);
        },
        body,
        [](void *cls) {
            auto *body = static_cast<Body *>(cls);
            body->d->viewerClosed(body->d->streamViewers);
            delete body;
        });
    if (!response)
        return MHD_NO;
    addCommonHeaders(response);
    const QByteArray type = QByteArrayLiteral("multipart/x-mixed-replace;boundary=")
        + QByteArray(JpegFeed::kBoundary);
    MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, type.constData());
    // The body ends when the connection does, as mjpg-streamer's does: no chunked encoding, which
    // some camera clients do not expect.
    MHD_add_response_header(response, MHD_HTTP_HEADER_CONNECTION, "close");
    MHD_set_connection_option(connection, MHD_CONNECTION_OPTION_TIMEOUT,
                              unsigned(settings.stalledViewerTimeout.count()));
    const MHD_Result result = MHD_queue_response(connection, MHD_HTTP_OK, response);
    MHD_destroy_response(response);
    return result;
}

MHD_Result ShareServer::Private::sendSnapshot(MHD_Connection *connection,
                                              const JpegFeed::Frame &frame)
{
    const QByteArray tag = entityTagOf(frame);
    const char *ifNoneMatch
        = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
    const bool unchanged = ifNoneMatch && matchesEntityTag(QByteArrayView(ifNoneMatch), tag);
    MHD_Response *response = nullptr;
    if (unchanged) {
        response = MHD_create_response_from_buffer(0, nullptr, MHD_RESPMEM_PERSISTENT);
    } else {
        auto *bytes = new QByteArray(frame.jpeg); // shared, not copied: freed with the response
        response = MHD_create_response_from_buffer_with_free_callback_cls(
            size_t(bytes->size()), const_cast<char *>(bytes->constData()),
            [](void *cls) { delete static_cast<QByteArray *>(cls); }, bytes);
        if (!response)
            delete bytes;
    }
    if (!response)
        return MHD_NO;
    addCommonHeaders(response);
    MHD_add_response_header(response, MHD_HTTP_HEADER_ETAG, tag.constData());
    if (!unchanged)
        MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, "image/jpeg");
    const qint64 ageMs
        = std::max<qint64>(0, (CameraFrame::steadyNowNs() - frame.receivedNs) / 1000000);
    MHD_add_response_header(response, "X-Frame-Age-Ms", QByteArray::number(ageMs).constData());
    const QByteArray timestamp = QByteArray::number(frame.receivedAtMs / 1000) + '.'
        + QByteArray::number((frame.receivedAtMs % 1000) * 1000).rightJustified(6, '0');
    MHD_add_response_header(response, "X-Timestamp", timestamp.constData());
    const MHD_Result result
        = MHD_queue_response(connection, unchanged ? MHD_HTTP_NOT_MODIFIED : MHD_HTTP_OK, response);
    MHD_destroy_response(response);
    return result;
}

MHD_Result ShareServer::Private::serveSnapshot(MHD_Connection *connection, const QString &key,
                                               RequestContext *context)
{
    ShareCatalog::Lookup lookup = ShareCatalog::Lookup::NotFound;
    const auto entry = catalog.find(key, &lookup);
    if (!entry || !entry->feed)
        return printerNotFound(connection, lookup);
    const std::shared_ptr<JpegFeed> &feed = entry->feed;
    feed->noteRequest(); // a camera that connects on demand is wanted now
    const JpegFeed::Frame latest = feed->latest();
    const qint64 newestNs = feed->newestCameraFrameNs();
    if (!latest.isNull() && latest.receivedNs >= newestNs)
        return sendSnapshot(connection, latest);
    if (newestNs == 0) {
        return answer(connection, MHD_HTTP_SERVICE_UNAVAILABLE,
                      "No picture from this camera yet.\n", "text/plain; charset=utf-8",
                      {{"Retry-After", QByteArray::number(kRetryAfterNoFrameSeconds)}});
    }
    // The camera has a newer frame than the feed's JPEG (it sends pictures and nobody watched):
    // one is encoded; the request waits for it, suspended, at most kSnapshotWait.
    context->waiter = std::make_shared<ConnectionWaiter>(connection);
    context->feed = feed;
    context->afterSequence = latest.sequence;
    context->deadlineNs = CameraFrame::steadyNowNs()
        + std::chrono::duration_cast<std::chrono::nanoseconds>(kSnapshotWait).count();
    feed->requestSnapshot();
    const JpegFeed::Frame frame = feed->newerThan(context->afterSequence, context->waiter);
    if (!frame.isNull())
        return sendSnapshot(connection, frame);
    scheduler->wakeAt(context->deadlineNs, context->waiter);
    return MHD_YES;
}

MHD_Result ShareServer::Private::continueSnapshot(MHD_Connection *connection,
                                                  RequestContext *context)
{
    const std::shared_ptr<JpegFeed> feed = context->feed;
    const JpegFeed::Frame frame = feed->newerThan(context->afterSequence, nullptr);
    const bool over
        = stopping || feed->isClosed() || CameraFrame::steadyNowNs() >= context->deadlineNs;
    if (frame.isNull() && !over) {
        // Woken early (another wake): wait on.
        const JpegFeed::Frame late = feed->newerThan(context->afterSequence, context->waiter);
        if (!late.isNull())
            return sendSnapshot(connection, late);
        scheduler->wakeAt(context->deadlineNs, context->waiter);
        return MHD_YES;
    }
    feed->removeWaiter(context->waiter.get());
    context->feed.reset(); // answered now: a further call is not a snapshot's
    if (!frame.isNull())
        return sendSnapshot(connection, frame);
    if (stopping)
        return answer(connection, MHD_HTTP_SERVICE_UNAVAILABLE, "Stopping.\n",
                      "text/plain; charset=utf-8", {{"Connection", "close"}});
    // Nothing newer in time: the older picture is better than none.
    const JpegFeed::Frame latest = feed->latest();
    if (!latest.isNull())
        return sendSnapshot(connection, latest);
    return answer(connection, MHD_HTTP_SERVICE_UNAVAILABLE, "No picture from this camera yet.\n",
                  "text/plain; charset=utf-8",
                  {{"Retry-After", QByteArray::number(kRetryAfterNoFrameSeconds)}});
}
