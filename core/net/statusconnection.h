// One printer's status link: MQTT over TLS to the printer's broker, its report topic, and the
// logic that keeps it alive.
#pragma once

#include "net/mosquittoclient.h"

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

class BackoffPolicy;
class QHostInfo;
class QTimer;

struct StatusEndpoint
{
    QString host;
    quint16 port = 8883;
    QString user = QStringLiteral("bblp");
    QString accessCode; // the MQTT password; never logged, never shown
    QString serial; // empty: learned from the first report (see StatusConnection)

    // How the printer's certificate is trusted (checked before the access code is sent), as for
    // the camera: caFile set: verified against that CA with `serial` as the name (so the serial is
    // then required); else pinnedFingerprint set: the certificate's SHA-256 must match it; else
    // anything is accepted (trust on first use: the caller pins what it saw).
    QString pinnedFingerprint; // as CameraConnection::normalizeFingerprint() returns it
    QString caFile;

    bool operator==(const StatusEndpoint &other) const
    {
        return host == other.host && port == other.port && user == other.user
            && accessCode == other.accessCode && serial == other.serial
            && pinnedFingerprint == other.pinnedFingerprint && caFile == other.caFile;
    }
    bool operator!=(const StatusEndpoint &other) const { return !(*this == other); }
};

Q_DECLARE_METATYPE(StatusEndpoint)

// State machine:
//   Idle -start()-> Connecting (look-up, TCP, TLS, login, subscription) -SUBACK-> Connected.
//   Any failure -> Backoff -timer-> Connecting.  stop() -> Idle.
//   An access code the printer rejects (CONNACK 4 or 5), a certificate that is not the pinned one
//   and invalid settings -> Idle: retrying cannot help, the user must act (setEndpoint()/start()).
// Subscribes to `device/<serial>/report`. Without a serial it subscribes to `device/+/report`,
// learns the serial from the first report's topic (serialLearned()), then narrows the subscription
// to that serial. Once the serial is known it asks for the full state once (`pushall`), at most
// once per fullStateRequestInterval() for this object, however often it reconnects.
class StatusConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatusConnection)

public:
    // Connected: logged in and subscribed to the report topic.
    enum class State { Idle, Connecting, Connected, Backoff };
    Q_ENUM(State)

    // Why the last attempt ended. Kept until the next successful subscription.
    enum class Failure {
        None,
        AccessDenied, // CONNACK 4 or 5: wrong access code; no retry
        TlsError, // handshake failed, or the certificate failed CA verification
        CertificateMismatch, // not the pinned certificate: no retry, the code was not sent
        HostNotFound,
        ConnectionRefused, // port closed: printer starting up
        NetworkError, // anything else (closed, reset, unreachable, not MQTT)
        TimedOut, // no subscription in time, or the broker stopped answering pings
        InvalidSettings, // bad host, port, code, serial or trust settings: no attempt is made
    };
    Q_ENUM(Failure)

    struct Timeouts
    {
        std::chrono::milliseconds connect{10000}; // look-up + TCP + TLS + login + subscription
        std::chrono::seconds keepAlive{30}; // MQTT ping interval; a dead link shows after ~1.5x
        std::chrono::milliseconds backoffInitial{1000};
        std::chrono::milliseconds backoffMaximum{30000};
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

    State state() const { return m_state; }
    Failure lastFailure() const { return m_lastFailure; }
    // Plain words for the tile and its tooltip ("Status: access code rejected by …"). Never
    // contains the access code.
    QString statusText() const { return m_statusText; }
    // When the next attempt is due while in Backoff (invalid otherwise).
    QDateTime nextAttemptAt() const { return m_nextAttemptAt; }
    // The serial the user typed, else the one learned from a report topic; empty while unknown.
    QString serial() const;
    // The topic currently subscribed to (`device/<serial>/report` or `device/+/report`); empty
    // while not subscribed.
    QString reportTopic() const { return m_subscribedTopic; }
    // SHA-256 of the printer's certificate, formatted like CameraConnection's; empty before the
    // first handshake.
    QString peerCertificateFingerprint() const { return m_peerFingerprint; }

    static QString stateName(State state);

public slots:
    void start();
    void stop();
    // Skip the backoff wait (e.g. the user pressed "Retry now").
    void reconnectNow();

signals:
    void stateChanged(StatusConnection::State state, const QString &statusText);
    void failed(StatusConnection::Failure failure, const QString &message);
    // One `device/<serial>/report` payload of this printer, as received, in order.
    void reportReceived(const QByteArray &payload);
    // The serial was not set and the first report's topic told it.
    void serialLearned(const QString &serial);
    void peerCertificateFingerprintChanged(const QString &fingerprint);

private:
    void setState(State state, const QString &statusText);
    void dial();
    void connectTo(const QHostAddress &address);
    void onLookedUp(const QHostInfo &info);
    void onConnected();
    void onConnectFailed(MosquittoClient::Failure failure, const QString &reason);
    void onDisconnected(MosquittoClient::Failure failure, const QString &reason);
    void onSubscribed(int messageId);
    void onUnsubscribed(int messageId);
    void onMessage(const QString &topic, const QByteArray &payload);
    void onPeerCertificate(const QString &fingerprint);
    void onTimeout();
    void subscribeTo(const QString &topic);
    void requestFullState();
    void closeClient();
    void fail(Failure failure, const QString &message);
    void stopWith(Failure failure, const QString &message);
    QString endpointLabel() const;
    QString validationError() const;

    StatusEndpoint m_endpoint;
    Timeouts m_timeouts;
    State m_state = State::Idle;
    Failure m_lastFailure = Failure::None;
    QString m_statusText;
    QDateTime m_nextAttemptAt;
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
    QTimer *m_timeoutTimer;
    QTimer *m_reconnectTimer;
    std::unique_ptr<BackoffPolicy> m_backoff;
    std::chrono::milliseconds m_fullStateInterval = kDefaultFullStateRequestInterval;
    QElapsedTimer m_sinceFullStateRequest; // invalid: never asked
    QString m_peerFingerprint;
};
