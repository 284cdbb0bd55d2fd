#include "statuspublisher.h"

#include "link/backoffpolicy.h"
#include "sim/loopbackbroker.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QStringList>
#include <QTimer>

Q_LOGGING_CATEGORY(lcPublisher, "farmcam.sim")

namespace {

constexpr qsizetype kMaxRequestSize = 64 * 1024; // a request is a few dozen bytes

// "device/<serial>/request" -> serial; empty for any other topic.
QString serialOfRequestTopic(const QString &topic)
{
    const QStringList parts = topic.split(QLatin1Char('/'));
    if (parts.size() != 3 || parts.at(0) != QLatin1String("device")
        || parts.at(2) != QLatin1String("request") || parts.at(1).isEmpty())
        return {};
    return parts.at(1);
}

} // namespace

StatusPublisher::StatusPublisher(QObject *parent)
    : QObject(parent)
    , m_client(new MosquittoClient(this))
    , m_retryTimer(new QTimer(this))
    , m_backoff(std::make_unique<BackoffPolicy>())
{
    m_retryTimer->setSingleShot(true);
    setBackoff(std::chrono::milliseconds(250), std::chrono::milliseconds(2000));
    m_options.trust.pinnedFingerprint = LoopbackBroker::certificateFingerprint();
    connect(m_retryTimer, &QTimer::timeout, this, &StatusPublisher::dial);
    connect(m_client, &MosquittoClient::connected, this, &StatusPublisher::onConnected);
    connect(m_client, &MosquittoClient::subscribed, this, &StatusPublisher::onSubscribed);
    connect(m_client, &MosquittoClient::connectFailed, this, &StatusPublisher::onFailure);
    connect(m_client, &MosquittoClient::disconnected, this, &StatusPublisher::onFailure);
    connect(m_client, &MosquittoClient::messageReceived, this, &StatusPublisher::onMessage);
}

StatusPublisher::~StatusPublisher() = default;

void StatusPublisher::setTrust(const TlsTrust &trust)
{
    m_options.trust = trust;
    if (trust.caFile.isEmpty() && trust.pinnedFingerprint.isEmpty())
        m_options.trust.pinnedFingerprint = LoopbackBroker::certificateFingerprint();
}

void StatusPublisher::setBackoff(std::chrono::milliseconds initial,
                                 std::chrono::milliseconds maximum)
{
    BackoffPolicy::Parameters parameters;
    parameters.initial = initial;
    parameters.maximum = maximum;
    m_backoff->setParameters(parameters);
}

void StatusPublisher::start(const QHostAddress &address, quint16 port, const QString &accessCode,
                            const QString &user)
{
    m_options.address = address;
    m_options.port = port;
    m_options.user = user;
    m_options.password = accessCode;
    m_options.clientId.clear(); // a fresh random one
    m_running = true;
    m_backoff->reset();
    dial();
}

void StatusPublisher::stop()
{
    m_running = false;
    m_ready = false;
    m_retryTimer->stop();
    m_client->disconnectFromHost();
}

bool StatusPublisher::publishReport(const QString &serial, const QByteArray &payload)
{
    if (!m_ready)
        return false;
    return m_client->publish(QStringLiteral("device/%1/report").arg(serial), payload) >= 0;
}

void StatusPublisher::dial()
{
    m_ready = false;
    m_requestSubscription = -1;
    m_client->connectToHost(m_options);
}

void StatusPublisher::onConnected()
{
    m_requestSubscription = m_client->subscribe(QStringLiteral("device/+/request"));
    if (m_requestSubscription < 0)
        onFailure(MosquittoClient::Failure::NetworkError,
                  tr("Could not subscribe to the request topics."));
}

void StatusPublisher::onSubscribed(int messageId)
{
    if (messageId != m_requestSubscription)
        return;
    m_ready = true;
    m_lastFailure = MosquittoClient::Failure::None;
    m_backoff->reset();
    qCInfo(lcPublisher) << "status publisher connected to" << m_options.address.toString()
                        << m_options.port;
    emit connected();
}

void StatusPublisher::onFailure(MosquittoClient::Failure failure, const QString &reason)
{
    m_ready = false;
    m_lastFailure = failure;
    m_client->disconnectFromHost();
    // Retrying cannot fix a wrong password or a broker we do not trust.
    const bool willRetry = m_running && failure != MosquittoClient::Failure::Refused
        && failure != MosquittoClient::Failure::CertificateMismatch
        && failure != MosquittoClient::Failure::CertificateUntrusted
        && failure != MosquittoClient::Failure::InvalidOptions;
    qCInfo(lcPublisher).noquote() << "status publisher:" << reason
                                  << (willRetry ? "(retrying)" : "(giving up)");
    if (willRetry)
        m_retryTimer->start(m_backoff->next());
    else
        m_running = false;
    emit failed(reason, willRetry);
}

void StatusPublisher::onMessage(const QString &topic, const QByteArray &payload)
{
    const QString serial = serialOfRequestTopic(topic);
    if (serial.isEmpty() || payload.size() > kMaxRequestSize)
        return;
    const QJsonObject pushing
        = QJsonDocument::fromJson(payload).object().value(QLatin1String("pushing")).toObject();
    if (pushing.value(QLatin1String("command")).toString() == QLatin1String("pushall"))
        emit fullStateRequested(serial);
}
