#include "statusconnection.h"

#include "net/backoffpolicy.h"
#include "net/cameraconnection.h"
#include "protocol/loginpacket.h"

#include <QHostInfo>
#include <QLoggingCategory>
#include <QPointer>
#include <QSslCertificate>
#include <QTimer>

#include <algorithm>

Q_LOGGING_CATEGORY(lcStatus, "farmcam.net")

namespace {

// What Bambu Studio and Home Assistant send to get every field once; P1 printers send only
// changes afterwards.
const QByteArray kFullStateRequest
    = QByteArrayLiteral(R"({"pushing":{"sequence_id":"0","command":"pushall"}})");

QString wildcardTopic()
{
    return QStringLiteral("device/+/report");
}

QString reportTopicOf(const QString &serial)
{
    return QStringLiteral("device/%1/report").arg(serial);
}

QString requestTopicOf(const QString &serial)
{
    return QStringLiteral("device/%1/request").arg(serial);
}

// As PrinterConfig::serialError() has it: letters and digits, at most 32. It also keeps MQTT's
// wildcards and separators out of our topics.
bool isValidSerial(const QString &serial)
{
    if (serial.isEmpty() || serial.size() > 32)
        return false;
    return std::all_of(serial.cbegin(), serial.cend(),
                       [](QChar c) { return c.unicode() < 0x80 && c.isLetterOrNumber(); });
}

// "device/<serial>/report" -> serial; empty for any other topic.
QString serialOfReportTopic(const QString &topic)
{
    const QStringList parts = topic.split(QLatin1Char('/'));
    if (parts.size() != 3 || parts.at(0) != QLatin1String("device")
        || parts.at(2) != QLatin1String("report") || !isValidSerial(parts.at(1)))
        return {};
    return parts.at(1);
}

QString seconds(std::chrono::milliseconds ms)
{
    return QString::number(double(ms.count()) / 1000.0);
}

} // namespace

StatusConnection::StatusConnection(QObject *parent)
    : QObject(parent)
    , m_client(new MosquittoClient(this))
    , m_timeoutTimer(new QTimer(this))
    , m_reconnectTimer(new QTimer(this))
    , m_backoff(std::make_unique<BackoffPolicy>())
{
    m_timeoutTimer->setSingleShot(true);
    m_reconnectTimer->setSingleShot(true);
    connect(m_timeoutTimer, &QTimer::timeout, this, &StatusConnection::onTimeout);
    connect(m_reconnectTimer, &QTimer::timeout, this, &StatusConnection::dial);
    connect(m_client, &MosquittoClient::connected, this, &StatusConnection::onConnected);
    connect(m_client, &MosquittoClient::connectFailed, this, &StatusConnection::onConnectFailed);
    connect(m_client, &MosquittoClient::disconnected, this, &StatusConnection::onDisconnected);
    connect(m_client, &MosquittoClient::subscribed, this, &StatusConnection::onSubscribed);
    connect(m_client, &MosquittoClient::unsubscribed, this, &StatusConnection::onUnsubscribed);
    connect(m_client, &MosquittoClient::messageReceived, this, &StatusConnection::onMessage);
    connect(m_client, &MosquittoClient::peerCertificateSeen, this,
            &StatusConnection::onPeerCertificate);
    setTimeouts(m_timeouts);
    m_statusText = tr("Status: not connected");
}

StatusConnection::~StatusConnection()
{
    closeClient();
}

void StatusConnection::setEndpoint(const StatusEndpoint &endpoint)
{
    if (endpoint == m_endpoint)
        return;
    // The owner writing back what this connection found (the learned serial, the certificate it
    // trusted on first use) changes nothing on the wire: no need to dial again.
    StatusEndpoint known = m_endpoint;
    if (known.serial.isEmpty() && !m_learnedSerial.isEmpty())
        known.serial = m_learnedSerial;
    if (known.pinnedFingerprint.isEmpty() && known.caFile.isEmpty() && !m_peerFingerprint.isEmpty()
        && m_state == State::Connected)
        known.pinnedFingerprint = m_peerFingerprint;
    StatusEndpoint wanted = endpoint;
    wanted.pinnedFingerprint = CameraConnection::normalizeFingerprint(endpoint.pinnedFingerprint);
    if (wanted.pinnedFingerprint.isEmpty())
        wanted.pinnedFingerprint = endpoint.pinnedFingerprint;
    if (wanted == known) {
        m_endpoint = endpoint;
        return;
    }

    // Another printer, perhaps: forget what belonged to the old one.
    if (endpoint.host != m_endpoint.host || endpoint.port != m_endpoint.port
        || endpoint.serial.trimmed() != serial()) {
        m_learnedSerial.clear();
        m_sinceFullStateRequest.invalidate();
    }
    // Stopped for a reason only the user could fix (code, certificate, settings): a new endpoint
    // is that fix, so try it.
    const bool halted = m_state == State::Idle && m_lastFailure != Failure::None;
    m_endpoint = endpoint;
    if (m_state != State::Idle || halted) {
        m_backoff->reset();
        dial();
    }
}

void StatusConnection::pinCertificate(const QString &fingerprint)
{
    m_endpoint.pinnedFingerprint = CameraConnection::normalizeFingerprint(fingerprint);
}

void StatusConnection::setTimeouts(const Timeouts &timeouts)
{
    m_timeouts = timeouts;
    BackoffPolicy::Parameters parameters;
    parameters.initial = timeouts.backoffInitial;
    parameters.maximum = timeouts.backoffMaximum;
    m_backoff->setParameters(parameters);
}

void StatusConnection::setFullStateRequestInterval(std::chrono::milliseconds interval)
{
    m_fullStateInterval = interval;
}

QString StatusConnection::serial() const
{
    const QString typed = m_endpoint.serial.trimmed();
    return typed.isEmpty() ? m_learnedSerial : typed;
}

QString StatusConnection::stateName(State state)
{
    switch (state) {
    case State::Idle:
        return QStringLiteral("Idle");
    case State::Connecting:
        return QStringLiteral("Connecting");
    case State::Connected:
        return QStringLiteral("Connected");
    case State::Backoff:
        return QStringLiteral("Backoff");
    }
    return {};
}

void StatusConnection::start()
{
    if (m_state != State::Idle)
        return;
    m_backoff->reset();
    dial();
}

void StatusConnection::stop()
{
    m_reconnectTimer->stop();
    closeClient();
    m_nextAttemptAt = {};
    m_lastFailure = Failure::None; // a stopped connection has no current problem
    setState(State::Idle, tr("Status: stopped"));
}

void StatusConnection::reconnectNow()
{
    if (m_state == State::Idle || m_state == State::Backoff)
        dial();
}

void StatusConnection::setState(State state, const QString &statusText)
{
    if (state == m_state && statusText == m_statusText)
        return;
    m_state = state;
    m_statusText = statusText;
    qCDebug(lcStatus) << endpointLabel() << stateName(state) << statusText;
    emit stateChanged(state, statusText);
}

QString StatusConnection::endpointLabel() const
{
    const QString host = m_endpoint.host.trimmed();
    return host.contains(QLatin1Char(':'))
        ? QStringLiteral("[%1]:%2").arg(host).arg(m_endpoint.port)
        : QStringLiteral("%1:%2").arg(host).arg(m_endpoint.port);
}

QString StatusConnection::validationError() const
{
    const QString typedSerial = m_endpoint.serial.trimmed();
    if (m_endpoint.host.trimmed().isEmpty())
        return tr("Status: no printer address is set.");
    if (m_endpoint.port == 0)
        return tr("Status: the MQTT port must be between 1 and 65535.");
    if (LoginPacket::validateUser(m_endpoint.user) != LoginPacket::Error::None)
        return tr("Status: the user name must be 1-32 printable ASCII characters.");
    switch (LoginPacket::validateAccessCode(m_endpoint.accessCode)) {
    case LoginPacket::Error::None:
        break;
    case LoginPacket::Error::EmptyAccessCode:
        return tr("Status: no access code is set — it is shown on the printer's screen.");
    default:
        return tr("Status: the access code must be 1-32 printable ASCII characters.");
    }
    if (!typedSerial.isEmpty() && !isValidSerial(typedSerial))
        return tr("Status: the serial number “%1” is not valid (letters and digits only, at most "
                  "32).")
            .arg(typedSerial);
    if (!m_endpoint.pinnedFingerprint.isEmpty()
        && CameraConnection::normalizeFingerprint(m_endpoint.pinnedFingerprint).isEmpty())
        return tr("Status: the pinned certificate fingerprint is not a SHA-256 fingerprint.");
    if (!m_endpoint.caFile.isEmpty()) {
        if (QSslCertificate::fromPath(m_endpoint.caFile, QSsl::Pem).isEmpty()
            && QSslCertificate::fromPath(m_endpoint.caFile, QSsl::Der).isEmpty())
            return tr("Status: no certificate could be read from the CA file “%1”.")
                .arg(m_endpoint.caFile);
        if (typedSerial.isEmpty())
            return tr("Status: verifying against a CA file needs the printer's serial number.");
    }
    return {};
}

void StatusConnection::dial()
{
    m_reconnectTimer->stop();
    closeClient();
    m_nextAttemptAt = {};

    if (const QString invalid = validationError(); !invalid.isEmpty()) {
        // Retrying cannot fix settings: stay idle until the user changes them.
        stopWith(Failure::InvalidSettings, invalid);
        return;
    }

    m_timeoutTimer->start(m_timeouts.connect);
    const QString host = m_endpoint.host.trimmed();
    if (QHostAddress address; address.setAddress(host)) {
        m_addresses = {address};
        m_addressIndex = 0;
        connectTo(address);
        return;
    }
    // libmosquitto would resolve with a blocking getaddrinfo(): Qt resolves on its own thread.
    setState(State::Connecting, tr("Status: looking up %1…").arg(host));
    m_lookupId = QHostInfo::lookupHost(host, this, &StatusConnection::onLookedUp);
}

void StatusConnection::onLookedUp(const QHostInfo &info)
{
    if (info.lookupId() != m_lookupId)
        return; // an abandoned look-up
    m_lookupId = -1;
    m_addresses = info.addresses();
    if (info.error() != QHostInfo::NoError || m_addresses.isEmpty()) {
        fail(Failure::HostNotFound,
             tr("Status: host “%1” not found — check the printer's address.")
                 .arg(m_endpoint.host.trimmed()));
        return;
    }
    // Printers live on IPv4 networks: try those first, the others if they refuse.
    std::stable_partition(m_addresses.begin(), m_addresses.end(), [](const QHostAddress &address) {
        return address.protocol() == QAbstractSocket::IPv4Protocol;
    });
    m_addressIndex = 0;
    connectTo(m_addresses.first());
}

void StatusConnection::connectTo(const QHostAddress &address)
{
    MosquittoClient::ConnectOptions options;
    options.address = address;
    options.port = m_endpoint.port;
    options.user = m_endpoint.user;
    options.password = m_endpoint.accessCode;
    options.keepAlive = m_timeouts.keepAlive;
    options.connectTimeout = std::chrono::milliseconds(0); // m_timeoutTimer covers it all
    if (!m_endpoint.caFile.isEmpty()) {
        options.trust.caFile = m_endpoint.caFile;
        options.trust.peerName = m_endpoint.serial.trimmed();
    } else {
        options.trust.pinnedFingerprint
            = CameraConnection::normalizeFingerprint(m_endpoint.pinnedFingerprint);
    }
    qCInfo(lcStatus) << "dialling" << endpointLabel() << "at" << address.toString();
    setState(State::Connecting, tr("Status: connecting to %1…").arg(endpointLabel()));
    m_client->connectToHost(options);
}

void StatusConnection::closeClient()
{
    m_timeoutTimer->stop();
    // A look-up still running is left to finish and ignored (onLookedUp checks the id):
    // QHostInfo::abortHostLookup() leaks the slot object in Qt 6.4 (LeakSanitizer shows it).
    m_lookupId = -1;
    m_client->disconnectFromHost();
    m_subscribedTopic.clear();
    m_pendingTopic.clear();
    m_pendingSubscription = -1;
    m_pendingUnsubscription = -1;
    ++m_attempt;
}

void StatusConnection::onConnected()
{
    setState(State::Connecting, tr("Status: subscribing to reports…"));
    const QString known = serial();
    subscribeTo(known.isEmpty() ? wildcardTopic() : reportTopicOf(known));
}

void StatusConnection::subscribeTo(const QString &topic)
{
    m_pendingTopic = topic;
    m_pendingSubscription = m_client->subscribe(topic, 0);
    if (m_pendingSubscription < 0)
        fail(Failure::NetworkError,
             tr("Status: could not subscribe to the reports of %1.").arg(endpointLabel()));
}

void StatusConnection::onSubscribed(int messageId)
{
    if (messageId != m_pendingSubscription)
        return;
    m_pendingSubscription = -1;
    const QString previous = m_subscribedTopic;
    m_subscribedTopic = m_pendingTopic;
    m_pendingTopic.clear();
    if (previous == wildcardTopic() && m_subscribedTopic != previous) {
        // Narrowed to the learned serial. The wildcard goes only now, so that no report falls
        // between the two subscriptions (a duplicate is harmless, reports merge).
        m_pendingUnsubscription = m_client->unsubscribe(previous);
        if (m_pendingUnsubscription >= 0)
            m_subscribedTopic = previous; // until the broker confirms, both are active
    }

    if (!serial().isEmpty())
        requestFullState();
    if (m_state != State::Connected) {
        m_timeoutTimer->stop();
        m_backoff->reset();
        m_lastFailure = Failure::None;
        setState(
            State::Connected,
            serial().isEmpty()
                ? tr("Status: connected to %1, waiting for its first report").arg(endpointLabel())
                : tr("Status: connected to %1").arg(endpointLabel()));
    }
}

void StatusConnection::onUnsubscribed(int messageId)
{
    if (messageId != m_pendingUnsubscription)
        return;
    m_pendingUnsubscription = -1;
    m_subscribedTopic = reportTopicOf(serial());
}

void StatusConnection::requestFullState()
{
    if (m_sinceFullStateRequest.isValid()
        && m_sinceFullStateRequest.elapsed() < m_fullStateInterval.count()) {
        qCDebug(lcStatus) << endpointLabel() << "asked for the full state recently; not again";
        return;
    }
    if (m_client->publish(requestTopicOf(serial()), kFullStateRequest) >= 0)
        m_sinceFullStateRequest.start();
}

void StatusConnection::onMessage(const QString &topic, const QByteArray &payload)
{
    const QString topicSerial = serialOfReportTopic(topic);
    if (topicSerial.isEmpty())
        return; // not a report
    if (payload.size() > kMaxReportSize) {
        qCInfo(lcStatus) << endpointLabel() << "dropped a report of" << payload.size() << "bytes";
        return;
    }

    if (serial().isEmpty()) {
        m_learnedSerial = topicSerial;
        qCInfo(lcStatus) << endpointLabel() << "reports as serial" << topicSerial;
        const quint64 attempt = m_attempt;
        const QPointer<StatusConnection> self(this);
        emit serialLearned(topicSerial);
        if (!self || attempt != m_attempt)
            return; // a listener stopped or redialled us
        subscribeTo(reportTopicOf(topicSerial));
        if (attempt != m_attempt)
            return;
        setState(State::Connected, tr("Status: connected to %1").arg(endpointLabel()));
    } else if (topicSerial != serial()) {
        return; // another printer's report on the same broker
    }
    emit reportReceived(payload);
}

void StatusConnection::onPeerCertificate(const QString &fingerprint)
{
    if (fingerprint == m_peerFingerprint)
        return;
    m_peerFingerprint = fingerprint;
    emit peerCertificateFingerprintChanged(fingerprint);
}

void StatusConnection::onConnectFailed(MosquittoClient::Failure failure, const QString &reason)
{
    const QString label = endpointLabel();
    switch (failure) {
    case MosquittoClient::Failure::None:
        break;
    case MosquittoClient::Failure::Refused:
        if (const int code = m_client->connackCode(); code == 4 || code == 5) {
            stopWith(Failure::AccessDenied,
                     tr("Status: access code rejected by %1 — check the code on the printer's "
                        "screen.")
                         .arg(label));
            return;
        }
        fail(Failure::NetworkError,
             tr("Status: %1 refused the login: %2")
                 .arg(label, MosquittoClient::connackString(m_client->connackCode())));
        return;
    case MosquittoClient::Failure::CertificateMismatch:
        // Not the printer we met before, or a reset/replaced one: only the user can tell. The
        // access code has not been sent; nothing is retried until the user decides.
        stopWith(Failure::CertificateMismatch,
                 tr("Status: certificate changed — %1 presented a certificate other than the "
                    "pinned one, so the access code was not sent. If the printer was reset or "
                    "replaced, its camera asks to review the new certificate; if the camera "
                    "still streams, this broker's certificate is not the camera's: switch print "
                    "status off for this printer (Edit printer…). Otherwise another device may "
                    "be posing as the printer.")
                     .arg(label));
        return;
    case MosquittoClient::Failure::CertificateUntrusted:
    case MosquittoClient::Failure::TlsError:
        fail(Failure::TlsError,
             tr("Status: secure connection to %1 failed: %2.")
                 .arg(label, m_client->tlsErrorDetail()));
        return;
    case MosquittoClient::Failure::InvalidOptions:
        stopWith(Failure::InvalidSettings, tr("Status: %1").arg(reason));
        return;
    case MosquittoClient::Failure::TimedOut:
        fail(Failure::TimedOut, tr("Status: %1 stopped answering while logging in.").arg(label));
        return;
    case MosquittoClient::Failure::ConnectionRefused:
    case MosquittoClient::Failure::NetworkError:
        if (++m_addressIndex < m_addresses.size()) {
            connectTo(m_addresses.at(m_addressIndex)); // the host's next address
            return;
        }
        if (failure == MosquittoClient::Failure::ConnectionRefused)
            fail(Failure::ConnectionRefused,
                 tr("Status: %1 refused the connection — the printer may be starting up.")
                     .arg(label));
        else
            fail(Failure::NetworkError,
                 tr("Status: printer unreachable at %1 (%2)").arg(label, reason));
        return;
    case MosquittoClient::Failure::ConnectionClosed:
        fail(Failure::NetworkError,
             tr("Status: %1 closed the connection before the login completed.").arg(label));
        return;
    case MosquittoClient::Failure::ProtocolError:
        fail(Failure::NetworkError,
             tr("Status: %1 does not answer like an MQTT broker (%2)").arg(label, reason));
        return;
    }
    fail(Failure::NetworkError, tr("Status: connection to %1 failed (%2)").arg(label, reason));
}

void StatusConnection::onDisconnected(MosquittoClient::Failure failure, const QString &reason)
{
    qCInfo(lcStatus) << endpointLabel() << "lost:" << reason;
    if (failure == MosquittoClient::Failure::TimedOut)
        fail(Failure::TimedOut,
             tr("Status: %1 stopped answering — the connection stalled.").arg(endpointLabel()));
    else
        fail(Failure::NetworkError, tr("Status: %1 closed the connection.").arg(endpointLabel()));
}

void StatusConnection::onTimeout()
{
    if (m_state != State::Connecting)
        return;
    if (m_client->state() == MosquittoClient::State::Connected)
        fail(Failure::TimedOut,
             tr("Status: %1 did not confirm the subscription within %2 s.")
                 .arg(endpointLabel(), seconds(m_timeouts.connect)));
    else
        fail(Failure::TimedOut,
             tr("Status: no answer from %1 within %2 s — is the printer on and on this network?")
                 .arg(endpointLabel(), seconds(m_timeouts.connect)));
}

void StatusConnection::fail(Failure failure, const QString &message)
{
    qCInfo(lcStatus) << endpointLabel() << "failed:" << message;
    closeClient();
    m_lastFailure = failure;
    const auto delay = m_backoff->next();
    m_nextAttemptAt = QDateTime::currentDateTime().addMSecs(delay.count());
    m_reconnectTimer->start(delay);
    setState(State::Backoff, message);
    emit failed(failure, message);
}

void StatusConnection::stopWith(Failure failure, const QString &message)
{
    qCInfo(lcStatus) << endpointLabel() << "stopped:" << message;
    m_reconnectTimer->stop();
    closeClient();
    m_nextAttemptAt = {};
    m_lastFailure = failure;
    setState(State::Idle, message);
    emit failed(failure, message);
}
