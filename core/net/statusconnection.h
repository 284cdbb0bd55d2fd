// One printer's status link: MQTT over TLS to the printer's broker, its report topic, and the
// logic that keeps it alive.
#pragma once

#include "link/link.h"
#include "net/mosquittoclient.h"
#include "trust/tlstrust.h"

#include <QByteArray>
#include <QDateTime>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>

#include <chrono>
#include <memory>

class QHostInfo;
class ReconnectingLink;

struct StatusEndpoint
{
    QString host;
    quint16 port = 8883;
    QString user = QStringLiteral("bblp");
    QString accessCode; // the MQTT password; never logged, never shown
    QString serial; // empty: learned from the first report (see StatusConnection)
    // The camera's rule, checked before the access code is sent. With a CA file its peer name is
    // the serial, which is then required.
    TlsTrust trust;

    bool operator==(const StatusEndpoint &other) const
    {
        return host == other.host && port == other.port && user == other.user
            && accessCode == other.accessCode && serial == other.serial && trust == other.trust;
    }
    bool operator!=(const StatusEndpoint &other) const { return !(*this == other); }
};

Q_DECLARE_METATYPE(StatusEndpoint)

// States (ReconnectingLink's): Idle -start()-> Connecting (look-up, TCP, TLS, login,
//   subscription) -SUBACK-> Up. Failures back off or stop as Link::retryAfter() says: a rejected
//   code (CONNACK 4 or 5) retries slowly, as the camera does; a certificate that is not the pinned
//   one and invalid settings wait for the user (setEndpoint(), start(), reconnectNow()).
// Subscribes to `device/<serial>/report`. Without a serial it subscribes to `device/+/report`,
// learns the serial from the first report's topic (serialLearned()), then narrows the subscription
// to that serial. Once the serial is known it asks for the full state once (`pushall`), at most
// once per fullStateRequestInterval() for this object, however often it reconnects.
class StatusConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatusConnection)

public:
    // Up: logged in and subscribed to the report topic.
    using State = Link::State;
    using Failure = Link::Failure;

    struct Timeouts
    {
        std::chrono::milliseconds connect{10000}; // look-up + TCP + TLS + login + subscription
        std::chrono::seconds keepAlive{30}; // MQTT ping interval; a dead link shows after ~1.5x
        std::chrono::milliseconds backoffInitial{1000};
        std::chrono::milliseconds backoffMaximum{30000};
        // A rejected code will not fix itself: wait much longer than for a network hiccup.
        std::chrono::milliseconds rejectedBackoffInitial{60000};
        std::chrono::milliseconds rejectedBackoffMaximum{300000};
    };

    // Reports above this size are dropped (a real printer's full report is ~10 KiB). Not a memory
    // bound: libmosquitto 2.0 reads a whole message, of any size, before we see it.
    static constexpr qsizetype kMaxReportSize = 256 * 1024;
    // P1 printers do not like `pushall` more often than every few minutes.
    static constexpr std::chrono::milliseconds kDefaultFullStateRequestInterval{5 * 60 * 1000};

    explicit StatusConnection(QObject *parent = nullptr);
    ~StatusConnection() override;

    // Restarts a running connection if the endpoint changed. Filling in the serial this
    // connection has just learned does not restart it.
    void setEndpoint(const StatusEndpoint &endpoint);
    StatusEndpoint endpoint() const { return m_endpoint; }
    // Pins the certificate of the running connection (trust on first use) without redialling.
    void pinCertificate(const QString &fingerprint);
    void setTimeouts(const Timeouts &timeouts);
    Timeouts timeouts() const { return m_timeouts; }
    // How often `pushall` may be sent by this object (tests shorten it).
    void setFullStateRequestInterval(std::chrono::milliseconds interval);
    std::chrono::milliseconds fullStateRequestInterval() const { return m_fullStateInterval; }
    // The next subscription asks for the full state even within the interval: the caller has no
    // state to merge partial reports into (it was reset, or the answer never came).
    void forgetFullStateRequest() { m_sinceFullStateRequest.invalidate(); }

    State state() const;
    Failure lastFailure() const;
    // Plain words for the tile and its tooltip ("Status: access code rejected by …"). Never
    // contains the access code.
    QString statusText() const;
    // When the next attempt is due while in Backoff (invalid otherwise).
    QDateTime nextAttemptAt() const;
    // The serial the user typed, else the one learned from a report topic; empty while unknown.
    QString serial() const;
    // The topic currently subscribed to (`device/<serial>/report` or `device/+/report`); empty
    // while not subscribed.
    QString reportTopic() const { return m_subscribedTopic; }
    // SHA-256 of the printer's certificate (TlsTrust's spelling); empty before the first
    // handshake.
    QString peerCertificateFingerprint() const { return m_peerFingerprint; }

    static QString stateName(State state) { return Link::stateName(state); }

public slots:
    void start();
    void stop();
    // Skip the backoff wait (e.g. the user pressed "Retry now").
    void reconnectNow();

signals:
    void stateChanged(Link::State state, const QString &statusText);
    void failed(Link::Failure failure, const QString &message);
    // One `device/<serial>/report` payload of this printer, as received, in order.
    void reportReceived(const QByteArray &payload);
    // The serial was not set and the first report's topic told it.
    void serialLearned(const QString &serial);
    void peerCertificateFingerprintChanged(const QString &fingerprint);

private:
    void dial();
    void hangUp();
    void connectTo(const QHostAddress &address);
    void onLookedUp(const QHostInfo &info);
    void onConnected();
    void onConnectFailed(MosquittoClient::Failure failure, const QString &reason);
    void onDisconnected(MosquittoClient::Failure failure, const QString &reason);
    void onSubscribed(int messageId);
    void onUnsubscribed(int messageId);
    void onMessage(const QString &topic, const QByteArray &payload);
    void onPeerCertificate(const QString &fingerprint);
    void onDeadline();
    void subscribeTo(const QString &topic);
    void requestFullState();
    void fail(Failure failure, const QString &message);
    QString endpointLabel() const;
    QString validationError() const;
    // The endpoint's trust with the serial as the peer name when a CA file verifies.
    TlsTrust trust() const;

    StatusEndpoint m_endpoint;
    Timeouts m_timeouts;
    ReconnectingLink *m_link; // child
    QString m_learnedSerial;

    MosquittoClient *m_client; // child; one connection at a time
    int m_lookupId = -1;
    QList<QHostAddress> m_addresses; // from the look-up, IPv4 first; tried in turn
    int m_addressIndex = 0;
    QString m_subscribedTopic;
    QString m_pendingTopic; // subscribed, SUBACK not yet seen
    int m_pendingSubscription = -1;
    int m_pendingUnsubscription = -1; // the wildcard, once the serial is known
    quint64 m_attempt = 0; // one per dialled connection, to notice re-entrant restarts
    std::chrono::milliseconds m_fullStateInterval = kDefaultFullStateRequestInterval;
    QElapsedTimer m_sinceFullStateRequest; // invalid: never asked
    QString m_peerFingerprint;
};
