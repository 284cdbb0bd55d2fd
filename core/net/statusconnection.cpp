#include "statusconnection.h"

#include "link/reconnectinglink.h"
#include "protocol/loginpacket.h"

#include <QHostInfo>
#include <QLoggingCategory>
#include <QPointer>

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
    , m_link(new ReconnectingLink(this))
    , m_client(new MosquittoClient(this))
{
    m_link->setDialer([this] { dial(); }, [this] { hangUp(); });
    connect(m_link, &ReconnectingLink::stateChanged, this,
            [this](Link::State state, const QString &statusText) {
                qCDebug(lcStatus) << endpointLabel() << stateName(state) << statusText;
                emit stateChanged(state, statusText);
            });
    connect(m_link, &ReconnectingLink::failed, this, &StatusConnection::failed);
    connect(m_link, &ReconnectingLink::deadlineExpired, this, &StatusConnection::onDeadline);
    connect(m_client, &MosquittoClient::connected, this, &StatusConnection::onConnected);
    connect(m_client, &MosquittoClient::connectFailed, this, &StatusConnection::onConnectFailed);
    connect(m_client, &MosquittoClient::disconnected, this, &StatusConnection::onDisconnected);
    connect(m_client, &MosquittoClient::subscribed, this, &StatusConnection::onSubscribed);
    connect(m_client, &MosquittoClient::unsubscribed, this, &StatusConnection::onUnsubscribed);
    connect(m_client, &MosquittoClient::messageReceived, this, &StatusConnection::onMessage);
    connect(m_client, &MosquittoClient::peerCertificateSeen, this,
            &StatusConnection::onPeerCertificate);
    setTimeouts(m_timeouts);
    m_link->describeIdle(tr("Status: not connected"));
}

StatusConnection::~StatusConnection()
{
    m_link->setDialer({}, {});
    hangUp();
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
    if (known.trust.mode() == TlsTrust::Mode::FirstUse && !m_peerFingerprint.isEmpty()
        && state() == State::Up)
        known.trust.pinnedFingerprint = m_peerFingerprint;
    const StatusEndpoint &wanted = endpoint;
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
    m_endpoint = endpoint;
    // A running link starts over; one stopped for a reason only the user could fix (code,
    // certificate, settings) tries the new endpoint, which may be that fix.
    m_link->settingsChanged();
}

void StatusConnection::pinCertificate(const QString &fingerprint)
{
    m_endpoint.trust.pinnedFingerprint = TlsTrust::normalizeFingerprint(fingerprint);
}

void StatusConnection::setTimeouts(const Timeouts &timeouts)
{
    m_timeouts = timeouts;
    m_link->setBackoff(ReconnectingLink::Backoff::of(timeouts));
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

StatusConnection::State StatusConnection::state() const
{
    return m_link->state();
}

StatusConnection::Failure StatusConnection::lastFailure() const
{
    return m_link->lastFailure();
}

QString StatusConnection::statusText() const
{
    return m_link->statusText();
}

QDateTime StatusConnection::nextAttemptAt() const
{
    return m_link->nextAttemptAt();
}

void StatusConnection::start()
{
    m_link->start();
}

void StatusConnection::stop()
{
    m_link->stop(tr("Status: stopped"));
}

void StatusConnection::reconnectNow()
{
    m_link->reconnectNow();
}

QString StatusConnection::endpointLabel() const
{
    return ReconnectingLink::hostLabel(m_endpoint.host, m_endpoint.port);
}

TlsTrust StatusConnection::trust() const
{
    TlsTrust trust = m_endpoint.trust;
    if (trust.mode() == TlsTrust::Mode::Authority)
        trust.peerName = m_endpoint.serial.trimmed(); // Bambu's CA names the serial
    return trust;
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
    if (const QString trustError = trust().validationError(); !trustError.isEmpty())
        return tr("Status: %1").arg(trustError);
    return {};
}

void StatusConnection::dial()
{
    if (const QString invalid = validationError(); !invalid.isEmpty()) {
        // Retrying cannot fix settings: the link waits for the user.
        fail(Failure::InvalidSettings, invalid);
        return;
    }

    m_link->armDeadline(m_timeouts.connect);
    const QString host = m_endpoint.host.trimmed();
    if (QHostAddress address; address.setAddress(host)) {
        m_addresses = {address};
        m_addressIndex = 0;
        connectTo(address);
        return;
    }
    // libmosquitto would resolve with a blocking getaddrinfo(): Qt resolves on its own thread.
    m_link->advance(State::Connecting, tr("Status: looking up %1…").arg(host));
    // The answer goes to a context of its own that lives until it comes, not to this object:
    // Qt 6.4 leaks the slot object of a look-up whose receiver is destroyed before the answer
    // (LeakSanitizer caught it when a farm was torn down right after loading a printer named
    // "localhost"), and abortHostLookup() leaks it too.
    auto *context = new QObject;
    QPointer<StatusConnection> self(this);
    m_lookupId = QHostInfo::lookupHost(host, context, [self, context](const QHostInfo &info) {
        context->deleteLater();
        if (self)
            self->onLookedUp(info);
    });
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
    options.connectTimeout = std::chrono::milliseconds(0); // the link's deadline covers it all
    options.trust = trust();
    qCInfo(lcStatus) << "dialling" << endpointLabel() << "at" << address.toString();
    m_link->advance(State::Connecting, tr("Status: connecting to %1…").arg(endpointLabel()));
    m_client->connectToHost(options);
}

void StatusConnection::hangUp()
{
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
    m_link->advance(State::Connecting, tr("Status: subscribing to reports…"));
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
    if (state() != State::Up) {
        m_link->disarmDeadline();
        m_link->up(
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
        m_link->up(tr("Status: connected to %1").arg(endpointLabel()));
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
            fail(Failure::AccessCodeRejected,
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
        fail(Failure::CertificateMismatch,
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
        fail(Failure::InvalidSettings, tr("Status: %1").arg(reason));
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
        fail(Failure::ConnectionLost, tr("Status: %1 closed the connection.").arg(endpointLabel()));
}

void StatusConnection::onDeadline()
{
    if (state() != State::Connecting)
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
    m_link->fail(failure, message);
}
