#include "mosquittoclient.h"

#include <QCryptographicHash>
#include <QList>
#include <QLoggingCategory>
#include <QPointer>
#include <QRandomGenerator>
#include <QSocketNotifier>
#include <QSslCertificate>
#include <QStringList>
#include <QTimer>

#include <mosquitto.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>

#include <poll.h>
#include <sys/socket.h>

Q_LOGGING_CATEGORY(lcMqtt, "farmcam.net")

// How libmosquitto 2.0.11 behaves under an external event loop with TLS (found by experiment, see
// also eclipse/mosquitto issues #942 and #1507), and what this class does about it:
// - mosquitto_connect_async() dials without blocking and starts the TLS handshake at once; it
//   resolves the host with getaddrinfo(), so we only ever give it a numeric address.
// - When the TCP connect is still in progress (always, on a real network) the handshake waits to
//   write, but mosquitto_loop_write() does not continue a handshake: only mosquitto_loop_read()
//   does. While the handshake runs we therefore call loop_read for both socket directions, and ask
//   OpenSSL (SSL_want_write) rather than mosquitto_want_write() whether to watch for writability:
//   libmosquitto's own flag can stay set while the handshake waits to read (we saw a poll() loop
//   spin on it).
// - A refused connect leaves the handshake in SSL_ERROR_SYSCALL, which libmosquitto treats as
//   "try again": loop_read returns success on a dead socket forever. So after each handshake step
//   we look whether the peer is gone and end the attempt ourselves.
// - A certificate our verify callback refuses makes loop_read return MOSQ_ERR_TLS; the CONNECT
//   packet is queued at connect time but only written through SSL_write after the handshake, so
//   the password never leaves.
// - With MOSQ_OPT_SSL_CTX the context is ours (libmosquitto takes a reference); with
//   MOSQ_OPT_SSL_CTX_WITH_DEFAULTS off it changes nothing in it: the verification is entirely ours.

namespace {

constexpr int kMaxTlsErrors = 4; // OpenSSL errors kept for a message
constexpr std::chrono::milliseconds kMiscInterval{1000}; // keep-alive check; cheap

// libmosquitto wants mosquitto_lib_init() once per process before anything else.
void initLibrary()
{
    static const int result = mosquitto_lib_init();
    Q_UNUSED(result)
}

int trustIndex()
{
    static const int index = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
    return index;
}

QString hostLabel(const QHostAddress &address, quint16 port)
{
    return address.protocol() == QAbstractSocket::IPv6Protocol
        ? QStringLiteral("[%1]:%2").arg(address.toString()).arg(port)
        : QStringLiteral("%1:%2").arg(address.toString()).arg(port);
}

// The peer closed or reset the socket (or never accepted it) and no data is left to read.
bool peerGone(int fd)
{
    pollfd poller{};
    poller.fd = fd;
    poller.events = POLLIN;
    if (::poll(&poller, 1, 0) <= 0)
        return false;
    if (poller.revents & (POLLHUP | POLLERR | POLLNVAL))
        return true;
    if (poller.revents & POLLIN) {
        char byte = 0;
        const ssize_t peeked = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
        return peeked == 0
            || (peeked < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
    }
    return false;
}

bool everConnected(int fd)
{
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    return ::getpeername(fd, reinterpret_cast<sockaddr *>(&address), &length) == 0;
}

// What the verify callback needs, and what it found. Lives as long as the SSL_CTX that points at
// it (both belong to one Connection).
struct TrustCheck
{
    enum class Mode { FirstUse, Pin, Authority };
    Mode mode = Mode::FirstUse;
    QByteArray pin; // 32 bytes of SHA-256
    QByteArray peerName;

    QByteArray leafDigest; // SHA-256 of the leaf certificate's DER
    bool mismatch = false; // Pin: another certificate
    bool untrusted = false; // Authority: chain or name check failed
    QString detail;
};

struct Event
{
    enum class Type { Connack, Subscribed, Unsubscribed, Message, Disconnect };
    Type type = Type::Connack;
    int code = 0; // CONNACK code, message id, disconnect reason, or an oversized message's size
    QString topic;
    QByteArray payload;
};

} // namespace

// One dialled connection: the libmosquitto handle, our TLS context and what their callbacks
// reported. Callbacks only record; MosquittoClient acts once libmosquitto has returned.
struct MosquittoClient::Connection
{
    Connection() = default;
    ~Connection()
    {
        if (mosq)
            mosquitto_destroy(mosq);
        if (context)
            SSL_CTX_free(context);
    }
    Q_DISABLE_COPY_MOVE(Connection)

    bool handshakeFinished() const
    {
        const auto *ssl = static_cast<const SSL *>(mosquitto_ssl_get(mosq));
        return ssl && SSL_is_init_finished(ssl);
    }

    static void onConnack(mosquitto *, void *userdata, int code)
    {
        static_cast<Connection *>(userdata)->push({Event::Type::Connack, code, {}, {}});
    }
    static void onSubscribe(mosquitto *, void *userdata, int messageId, int, const int *)
    {
        static_cast<Connection *>(userdata)->push({Event::Type::Subscribed, messageId, {}, {}});
    }
    static void onUnsubscribe(mosquitto *, void *userdata, int messageId)
    {
        static_cast<Connection *>(userdata)->push({Event::Type::Unsubscribed, messageId, {}, {}});
    }
    static void onDisconnect(mosquitto *, void *userdata, int reason)
    {
        static_cast<Connection *>(userdata)->push({Event::Type::Disconnect, reason, {}, {}});
    }
    static void onMessage(mosquitto *, void *userdata, const mosquitto_message *message)
    {
        Event event;
        event.type = Event::Type::Message;
        event.topic = QString::fromUtf8(message->topic);
        // libmosquitto 2.0 has already allocated the whole message (its client has no receive
        // limit); at least it is not copied again: an oversized one is dropped here.
        if (message->payloadlen > MosquittoClient::kMaxMessageSize)
            event.code = message->payloadlen; // oversized: the payload stays empty
        else if (message->payload && message->payloadlen > 0)
            event.payload
                = QByteArray(static_cast<const char *>(message->payload), message->payloadlen);
        static_cast<Connection *>(userdata)->push(std::move(event));
    }
    static void onLog(mosquitto *, void *userdata, int level, const char *text)
    {
        if (level != MOSQ_LOG_ERR && level != MOSQ_LOG_WARNING)
            return;
        auto *connection = static_cast<Connection *>(userdata);
        const QString line = QString::fromUtf8(text);
        qCDebug(lcMqtt) << "libmosquitto:" << line;
        if (line.startsWith(QLatin1String("OpenSSL Error"))) {
            // "OpenSSL Error[0]: error:0A00010B:SSL routines::wrong version number": the reason.
            connection->tlsErrors.append(
                line.mid(line.lastIndexOf(QLatin1Char(':')) + 1).trimmed());
            while (connection->tlsErrors.size() > kMaxTlsErrors)
                connection->tlsErrors.removeFirst();
        }
    }

    // OpenSSL calls this for each certificate of the chain, the leaf (depth 0) last. Returning 0
    // ends the handshake, before anything of ours (the CONNECT packet) is sent.
    static int verifyPeer(int preverified, X509_STORE_CTX *store)
    {
        const auto *ssl = static_cast<const SSL *>(
            X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
        auto *check = ssl
            ? static_cast<TrustCheck *>(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), trustIndex()))
            : nullptr;
        if (!check)
            return 0;
        if (X509 *leaf = X509_STORE_CTX_get0_cert(store); leaf && check->leafDigest.isEmpty()) {
            unsigned char digest[EVP_MAX_MD_SIZE];
            unsigned int length = 0;
            if (X509_digest(leaf, EVP_sha256(), digest, &length) == 1)
                check->leafDigest = QByteArray(reinterpret_cast<const char *>(digest), int(length));
        }
        const int depth = X509_STORE_CTX_get_error_depth(store);
        switch (check->mode) {
        case TrustCheck::Mode::FirstUse:
            return 1;
        case TrustCheck::Mode::Pin:
            // The pin is the whole trust: the chain above the leaf does not matter.
            if (depth > 0)
                return 1;
            if (!check->leafDigest.isEmpty() && check->leafDigest == check->pin)
                return 1;
            check->mismatch = true;
            X509_STORE_CTX_set_error(store, X509_V_ERR_APPLICATION_VERIFICATION);
            return 0;
        case TrustCheck::Mode::Authority:
            if (!preverified) {
                check->untrusted = true;
                check->detail = QString::fromUtf8(
                    X509_verify_cert_error_string(X509_STORE_CTX_get_error(store)));
                return 0;
            }
            if (depth > 0)
                return 1;
            if (X509_check_host(X509_STORE_CTX_get_current_cert(store), check->peerName.constData(),
                                size_t(check->peerName.size()), 0, nullptr)
                != 1) {
                check->untrusted = true;
                check->detail = QStringLiteral("the certificate is not issued to %1")
                                    .arg(QString::fromUtf8(check->peerName));
                X509_STORE_CTX_set_error(store, X509_V_ERR_HOSTNAME_MISMATCH);
                return 0;
            }
            return 1;
        }
        return 0;
    }

    void push(Event &&event) { events.push_back(std::move(event)); }

    // OpenSSL 3 reports a peer that just closes as an "unexpected eof": not a TLS problem.
    bool closedMidHandshake() const
    {
        return std::any_of(tlsErrors.cbegin(), tlsErrors.cend(), [](const QString &error) {
            return error.contains(QLatin1String("unexpected eof"), Qt::CaseInsensitive);
        });
    }

    mosquitto *mosq = nullptr;
    SSL_CTX *context = nullptr;
    TrustCheck trust;
    std::deque<Event> events; // filled during one libmosquitto call, drained right after it
    QStringList tlsErrors;
    int socket = -1;
    int lastErrno = 0;
    bool fingerprintReported = false;
    bool tcpEstablished = false; // seen connected once: a later close is not a refusal
};

MosquittoClient::MosquittoClient(QObject *parent)
    : QObject(parent)
    , m_miscTimer(new QTimer(this))
    , m_connectTimer(new QTimer(this))
{
    initLibrary();
    m_miscTimer->setInterval(kMiscInterval);
    m_connectTimer->setSingleShot(true);
    connect(m_miscTimer, &QTimer::timeout, this, [this] { service(Activity::Timer); });
    connect(m_connectTimer, &QTimer::timeout, this, &MosquittoClient::onConnectTimeout);
}

MosquittoClient::~MosquittoClient()
{
    closeConnection(false);
}

QString MosquittoClient::connackString(int code)
{
    return QString::fromUtf8(mosquitto_connack_string(code));
}

void MosquittoClient::connectToHost(const ConnectOptions &options)
{
    closeConnection(true);
    m_connackCode = -1;
    m_peerFingerprint.clear();
    m_tlsErrorDetail.clear();
    m_label = hostLabel(options.address, options.port);
    m_state = State::Connecting;
    const quint64 generation = m_generation;
    const auto failLater = [this, generation](Failure failure, const QString &reason) {
        // Never from inside connectToHost(): the caller may be in the middle of its own update.
        QMetaObject::invokeMethod(
            this,
            [this, generation, failure, reason] {
                if (generation == m_generation)
                    finish(failure, reason);
            },
            Qt::QueuedConnection);
    };

    auto connection = std::make_unique<Connection>();
    TrustCheck &trust = connection->trust;
    QList<QSslCertificate> authorities;
    QString invalid;
    if (options.address.isNull())
        invalid = tr("No broker address is set.");
    else if (options.port == 0)
        invalid = tr("The MQTT port must be between 1 and 65535.");
    else if (options.keepAlive < std::chrono::seconds(5))
        invalid = tr("The keep-alive interval must be at least 5 s.");
    else if (const QString trustError = options.trust.validationError(); !trustError.isEmpty())
        invalid = trustError;
    else if (options.trust.mode() == TlsTrust::Mode::Authority) {
        authorities = options.trust.authorities();
        trust.mode = TrustCheck::Mode::Authority;
        trust.peerName = options.trust.peerName.toUtf8();
    } else if (options.trust.mode() == TlsTrust::Mode::Pin) {
        trust.mode = TrustCheck::Mode::Pin;
        trust.pin = TlsTrust::digestOf(options.trust.pinnedFingerprint);
    }
    if (!invalid.isEmpty()) {
        failLater(Failure::InvalidOptions, invalid);
        return;
    }

    connection->context = SSL_CTX_new(TLS_client_method());
    if (!connection->context) {
        failLater(Failure::TlsError, tr("OpenSSL could not create a TLS context."));
        return;
    }
    SSL_CTX_set_min_proto_version(connection->context, TLS1_2_VERSION);
    // A fresh context per connection: no session is resumed, so the verify callback always runs.
    SSL_CTX_set_verify(connection->context, SSL_VERIFY_PEER, &Connection::verifyPeer);
    SSL_CTX_set_ex_data(connection->context, trustIndex(), &trust);
    X509_STORE *store = SSL_CTX_get_cert_store(connection->context);
    for (const QSslCertificate &authority : std::as_const(authorities)) {
        const QByteArray der = authority.toDer();
        const auto *bytes = reinterpret_cast<const unsigned char *>(der.constData());
        if (X509 *certificate = d2i_X509(nullptr, &bytes, long(der.size()))) {
            X509_STORE_add_cert(store, certificate);
            X509_free(certificate);
        }
    }

    QString clientId = options.clientId;
    if (clientId.isEmpty())
        clientId = QStringLiteral("farmcam-%1")
                       .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
    connection->mosq = mosquitto_new(clientId.toUtf8().constData(), true, connection.get());
    if (!connection->mosq) {
        failLater(Failure::NetworkError, tr("libmosquitto could not create a client."));
        return;
    }
    mosquitto *const mosq = connection->mosq;
    mosquitto_int_option(mosq, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311);
    mosquitto_void_option(mosq, MOSQ_OPT_SSL_CTX, connection->context);
    mosquitto_int_option(mosq, MOSQ_OPT_SSL_CTX_WITH_DEFAULTS, 0);
    mosquitto_username_pw_set(mosq, options.user.toUtf8().constData(),
                              options.password.toUtf8().constData());
    mosquitto_connect_callback_set(mosq, &Connection::onConnack);
    mosquitto_subscribe_callback_set(mosq, &Connection::onSubscribe);
    mosquitto_unsubscribe_callback_set(mosq, &Connection::onUnsubscribe);
    mosquitto_disconnect_callback_set(mosq, &Connection::onDisconnect);
    mosquitto_message_callback_set(mosq, &Connection::onMessage);
    mosquitto_log_callback_set(mosq, &Connection::onLog);

    qCDebug(lcMqtt) << "dialling" << m_label << "as" << clientId;
    errno = 0;
    const int result
        = mosquitto_connect_async(mosq, options.address.toString().toUtf8().constData(),
                                  options.port, int(options.keepAlive.count()));
    connection->lastErrno = errno;
    m_connection = std::move(connection);
    if (result != MOSQ_ERR_SUCCESS) {
        failLater(classifyLoopError(result), describeLoopError(result));
        return;
    }

    m_connection->socket = mosquitto_socket(mosq);
    m_connection->tcpEstablished = everConnected(m_connection->socket); // loopback: at once
    m_readNotifier = new QSocketNotifier(m_connection->socket, QSocketNotifier::Read, this);
    m_writeNotifier = new QSocketNotifier(m_connection->socket, QSocketNotifier::Write, this);
    connect(m_readNotifier, &QSocketNotifier::activated, this, [this] { service(Activity::Read); });
    connect(m_writeNotifier, &QSocketNotifier::activated, this,
            [this] { service(Activity::Write); });
    m_miscTimer->start();
    if (options.connectTimeout.count() > 0)
        m_connectTimer->start(options.connectTimeout);
    updateNotifiers();
}

void MosquittoClient::disconnectFromHost()
{
    closeConnection(true);
}

int MosquittoClient::subscribe(const QString &topic, int qos)
{
    if (m_state != State::Connected)
        return -1;
    int messageId = 0;
    const int result
        = mosquitto_subscribe(m_connection->mosq, &messageId, topic.toUtf8().constData(), qos);
    updateNotifiers();
    return result == MOSQ_ERR_SUCCESS ? messageId : -1;
}

int MosquittoClient::unsubscribe(const QString &topic)
{
    if (m_state != State::Connected)
        return -1;
    int messageId = 0;
    const int result
        = mosquitto_unsubscribe(m_connection->mosq, &messageId, topic.toUtf8().constData());
    updateNotifiers();
    return result == MOSQ_ERR_SUCCESS ? messageId : -1;
}

int MosquittoClient::publish(const QString &topic, const QByteArray &payload, int qos, bool retain)
{
    if (m_state != State::Connected)
        return -1;
    int messageId = 0;
    const int result = mosquitto_publish(m_connection->mosq, &messageId, topic.toUtf8().constData(),
                                         int(payload.size()), payload.constData(), qos, retain);
    updateNotifiers();
    return result == MOSQ_ERR_SUCCESS ? messageId : -1;
}

void MosquittoClient::service(Activity activity)
{
    Connection *const connection = m_connection.get();
    if (!connection || !connection->mosq || mosquitto_socket(connection->mosq) < 0)
        return;
    mosquitto *const mosq = connection->mosq;
    const bool handshaking = !connection->handshakeFinished();
    if (handshaking && !connection->tcpEstablished)
        connection->tcpEstablished = everConnected(connection->socket);
    errno = 0;
    int result = MOSQ_ERR_SUCCESS;
    switch (activity) {
    case Activity::Read:
        result = mosquitto_loop_read(mosq, 1);
        break;
    case Activity::Write:
        // See the top of this file: only loop_read continues a handshake.
        result = handshaking ? mosquitto_loop_read(mosq, 1) : mosquitto_loop_write(mosq, 1);
        break;
    case Activity::Timer:
        result = mosquitto_loop_misc(mosq);
        break;
    }
    connection->lastErrno = errno;
    if (mosquitto_socket(mosq) < 0) {
        // libmosquitto closed the socket inside the call: its number may be reused at once, so
        // nothing may watch it while the slots of the messages read before run.
        for (QSocketNotifier *notifier : {m_readNotifier, m_writeNotifier}) {
            if (notifier)
                notifier->setEnabled(false);
        }
    }
    const quint64 generation = m_generation;
    const QPointer<MosquittoClient> self(this);
    deliverEvents(result);
    if (!self || generation != m_generation)
        return; // finished, or a slot disconnected or dialled anew

    if (handshaking && !connection->handshakeFinished() && connection->socket >= 0
        && peerGone(connection->socket)) {
        if (!connection->trust.leafDigest.isEmpty())
            finish(Failure::ConnectionClosed,
                   tr("%1 closed the connection during the TLS handshake.").arg(m_label));
        else if (!connection->tcpEstablished)
            finish(Failure::ConnectionRefused, tr("%1 refused the connection.").arg(m_label));
        else
            finish(Failure::ConnectionClosed,
                   tr("%1 closed the connection before it was secured.").arg(m_label));
        return;
    }
    updateNotifiers();
}

void MosquittoClient::deliverEvents(int loopResult)
{
    const quint64 generation = m_generation;
    const QPointer<MosquittoClient> self(this);
    const auto stillOurs = [&] {
        return self && m_generation == generation;
    };

    Connection *const connection = m_connection.get();
    if (!connection->fingerprintReported && !connection->trust.leafDigest.isEmpty()) {
        connection->fingerprintReported = true;
        m_peerFingerprint = TlsTrust::formatDigest(connection->trust.leafDigest);
        emit peerCertificateSeen(m_peerFingerprint);
        if (!stillOurs())
            return;
    }

    std::deque<Event> events;
    events.swap(connection->events);
    int disconnectReason = MOSQ_ERR_SUCCESS;
    for (Event &event : events) {
        switch (event.type) {
        case Event::Type::Connack:
            m_connackCode = event.code;
            if (event.code == 0 && m_state == State::Connecting) {
                m_connectTimer->stop();
                m_state = State::Connected;
                qCDebug(lcMqtt) << m_label << "connected";
                emit connected();
            }
            break;
        case Event::Type::Subscribed:
            emit subscribed(event.code);
            break;
        case Event::Type::Unsubscribed:
            emit unsubscribed(event.code);
            break;
        case Event::Type::Message:
            if (event.code > 0) {
                qCInfo(lcMqtt) << m_label << "dropped a message of" << event.code << "bytes on"
                               << event.topic;
            } else if (m_state == State::Connected) {
                emit messageReceived(event.topic, event.payload);
            }
            break;
        case Event::Type::Disconnect:
            disconnectReason = event.code == MOSQ_ERR_SUCCESS ? MOSQ_ERR_CONN_LOST : event.code;
            break;
        }
        if (!stillOurs())
            return;
    }

    const int result = loopResult != MOSQ_ERR_SUCCESS ? loopResult : disconnectReason;
    if (result != MOSQ_ERR_SUCCESS)
        finish(classifyLoopError(result), describeLoopError(result));
    else if (mosquitto_socket(connection->mosq) < 0)
        finish(Failure::ConnectionClosed, tr("%1 closed the connection.").arg(m_label));
}

MosquittoClient::Failure MosquittoClient::classifyLoopError(int result) const
{
    const Connection *const connection = m_connection.get();
    if (m_connackCode > 0)
        return Failure::Refused;
    switch (result) {
    case MOSQ_ERR_TLS:
        if (connection && connection->trust.mismatch)
            return Failure::CertificateMismatch;
        if (connection && connection->trust.untrusted)
            return Failure::CertificateUntrusted;
        if (connection && connection->closedMidHandshake())
            return Failure::ConnectionClosed;
        return Failure::TlsError;
    case MOSQ_ERR_CONN_REFUSED:
        return Failure::Refused;
    case MOSQ_ERR_NO_CONN:
    case MOSQ_ERR_CONN_LOST:
        return Failure::ConnectionClosed;
    case MOSQ_ERR_KEEPALIVE:
        return Failure::TimedOut;
    case MOSQ_ERR_PROTOCOL:
    case MOSQ_ERR_MALFORMED_PACKET:
    case MOSQ_ERR_MALFORMED_UTF8:
    case MOSQ_ERR_PAYLOAD_SIZE:
    case MOSQ_ERR_OVERSIZE_PACKET:
    case MOSQ_ERR_DUPLICATE_PROPERTY:
        return Failure::ProtocolError;
    case MOSQ_ERR_INVAL:
        return Failure::InvalidOptions;
    case MOSQ_ERR_ERRNO:
        if (connection && connection->lastErrno == ECONNREFUSED)
            return Failure::ConnectionRefused;
        if (connection && (connection->lastErrno == ECONNRESET || connection->lastErrno == EPIPE))
            return Failure::ConnectionClosed;
        return Failure::NetworkError;
    default:
        return Failure::NetworkError;
    }
}

QString MosquittoClient::describeLoopError(int result) const
{
    const Connection *const connection = m_connection.get();
    if (m_connackCode > 0)
        return tr("%1 refused the login: %2").arg(m_label, connackString(m_connackCode));
    switch (result) {
    case MOSQ_ERR_TLS:
        if (connection && connection->trust.mismatch)
            return tr("%1 presented a certificate other than the pinned one.").arg(m_label);
        if (connection && connection->trust.untrusted)
            return tr("%1 presented a certificate that is not trusted: %2")
                .arg(m_label, connection->trust.detail);
        if (connection && connection->closedMidHandshake())
            return tr("%1 closed the connection during the TLS handshake.").arg(m_label);
        if (connection && !connection->tlsErrors.isEmpty())
            return tr("TLS handshake with %1 failed: %2")
                .arg(m_label, connection->tlsErrors.join(QStringLiteral("; ")));
        return tr("TLS handshake with %1 failed.").arg(m_label);
    case MOSQ_ERR_NO_CONN:
    case MOSQ_ERR_CONN_LOST:
        return tr("%1 closed the connection.").arg(m_label);
    case MOSQ_ERR_KEEPALIVE:
        return tr("%1 stopped answering (no reply to a keep-alive ping).").arg(m_label);
    case MOSQ_ERR_ERRNO:
        if (connection && connection->lastErrno != 0)
            return tr("Connection to %1 failed: %2")
                .arg(m_label, QString::fromLocal8Bit(std::strerror(connection->lastErrno)));
        break;
    default:
        break;
    }
    return tr("Connection to %1 failed: %2")
        .arg(m_label, QString::fromUtf8(mosquitto_strerror(result)));
}

void MosquittoClient::onConnectTimeout()
{
    if (m_state != State::Connecting)
        return;
    const bool secured = m_connection && m_connection->mosq && m_connection->handshakeFinished();
    finish(Failure::TimedOut,
           secured ? tr("%1 did not answer the login in time.").arg(m_label)
                   : tr("%1 did not complete the connection in time.").arg(m_label));
}

void MosquittoClient::finish(Failure failure, const QString &reason)
{
    const State previous = m_state;
    if (const Connection *connection = m_connection.get()) {
        if (failure == Failure::CertificateMismatch)
            m_tlsErrorDetail = tr("not the pinned certificate");
        else if (failure == Failure::CertificateUntrusted)
            m_tlsErrorDetail = connection->trust.detail;
        else if (failure == Failure::TlsError)
            m_tlsErrorDetail = connection->tlsErrors.isEmpty()
                ? tr("the handshake failed")
                : connection->tlsErrors.join(QStringLiteral("; "));
    }
    // A handshake that failed inside mosquitto_connect_async() (a refused pin, often on loopback)
    // ends here without the event pass that reports the certificate: report it now, first, so
    // the owner can show the user both fingerprints.
    QString unreported;
    if (const Connection *connection = m_connection.get();
        connection && !connection->fingerprintReported && !connection->trust.leafDigest.isEmpty())
        unreported = TlsTrust::formatDigest(connection->trust.leafDigest);
    qCDebug(lcMqtt) << m_label << "ended:" << failure << reason;
    closeConnection(false);
    if (!unreported.isEmpty()) {
        m_peerFingerprint = unreported;
        const quint64 generation = m_generation;
        const QPointer<MosquittoClient> self(this);
        emit peerCertificateSeen(unreported);
        if (!self || generation != m_generation)
            return; // a slot dialled anew
    }
    if (previous == State::Connected)
        emit disconnected(failure, reason);
    else
        emit connectFailed(failure, reason);
}

void MosquittoClient::closeConnection(bool graceful)
{
    ++m_generation;
    m_connectTimer->stop();
    m_miscTimer->stop();
    // Unregister the socket before libmosquitto closes it: the number may be reused at once.
    for (QSocketNotifier *notifier : {m_readNotifier, m_writeNotifier}) {
        if (notifier) {
            notifier->setEnabled(false);
            notifier->deleteLater(); // we may be inside its activated()
        }
    }
    m_readNotifier = nullptr;
    m_writeNotifier = nullptr;
    if (m_connection && m_connection->mosq && graceful && m_state == State::Connected)
        mosquitto_disconnect(m_connection->mosq); // best effort: written now if the socket takes it
    m_connection.reset();
    m_state = State::Disconnected;
}

void MosquittoClient::updateNotifiers()
{
    if (!m_connection || !m_connection->mosq || !m_writeNotifier)
        return;
    mosquitto *const mosq = m_connection->mosq;
    bool wantWrite = false;
    if (m_connection->handshakeFinished()) {
        wantWrite = mosquitto_want_write(mosq);
    } else {
        // libmosquitto's own flag stays set once the handshake wrote; OpenSSL knows better.
        const auto *ssl = static_cast<const SSL *>(mosquitto_ssl_get(mosq));
        wantWrite = ssl ? SSL_want_write(ssl) : mosquitto_want_write(mosq);
    }
    m_writeNotifier->setEnabled(wantWrite);
}
