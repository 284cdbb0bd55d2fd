// One MQTT connection through libmosquitto, driven by the Qt event loop: no threads, no blocking.
#pragma once

#include "trust/tlstrust.h"

#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <QString>

#include <chrono>
#include <memory>

class QSocketNotifier;
class QTimer;

// A thin Qt wrapper of one `struct mosquitto`: its socket under two QSocketNotifiers (write only
// while libmosquitto has something to send), a QTimer for keep-alive, and libmosquitto's callbacks
// turned into signals. Its TLS context is our own OpenSSL one, so the broker's certificate is
// checked by us during the handshake, before the CONNECT packet (user name and password) leaves:
// a certificate we do not trust ends the handshake and the password is never sent.
//
// Addresses only: the caller resolves host names (QHostInfo) so that nothing blocks the GUI thread.
// Every signal is emitted from the event loop, never from inside connectToHost(), subscribe() or
// publish(), and never while libmosquitto is on the stack: slots may call anything, including
// disconnectFromHost() and connectToHost(). After disconnectFromHost() or a new connectToHost(),
// nothing more is emitted for the old connection.
class MosquittoClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MosquittoClient)

public:
    // Messages larger than this are dropped without a copy (see messageReceived).
    static constexpr int kMaxMessageSize = 256 * 1024;

    struct ConnectOptions
    {
        QHostAddress address;
        quint16 port = 8883;
        QString user;
        QString password; // never logged
        // How the broker's certificate is trusted: the camera's rule, checked by our OpenSSL
        // verify callback during the handshake.
        TlsTrust trust;
        QString clientId; // empty: a random one
        std::chrono::seconds keepAlive{30}; // libmosquitto needs at least 5 s
        // From connectToHost() to CONNACK; 0: no limit.
        std::chrono::milliseconds connectTimeout{10000};
    };

    enum class State { Disconnected, Connecting, Connected };
    Q_ENUM(State)

    enum class Failure {
        None,
        InvalidOptions, // nothing was dialled
        ConnectionRefused, // nobody listens on that port
        ConnectionClosed, // the broker closed the connection (or reset it)
        TimedOut, // no CONNACK within connectTimeout, or no answer to a keep-alive ping
        TlsError, // the handshake failed
        CertificateMismatch, // not the pinned certificate; the password was not sent
        CertificateUntrusted, // CA verification or the name check failed; password not sent
        Refused, // CONNACK with a non-zero code: see connackCode()
        ProtocolError, // the broker sent something that is not MQTT
        NetworkError, // anything else from the socket
    };
    Q_ENUM(Failure)

    explicit MosquittoClient(QObject *parent = nullptr);
    ~MosquittoClient() override;

    // Drops any current connection (silently) and dials a new one. The result comes as
    // connected() or connectFailed(), both from the event loop.
    void connectToHost(const ConnectOptions &options);
    // Sends DISCONNECT if connected and closes the socket. Emits nothing.
    void disconnectFromHost();

    // Only while connected. Return the message id, or -1 when nothing was sent.
    int subscribe(const QString &topic, int qos = 0);
    int unsubscribe(const QString &topic);
    int publish(const QString &topic, const QByteArray &payload, int qos = 0, bool retain = false);

    State state() const { return m_state; }
    // The code of the last CONNACK: 0 accepted, 4 bad user name or password, 5 not authorised.
    // -1 before any.
    int connackCode() const { return m_connackCode; }
    // SHA-256 of the certificate the broker presented in the current or last handshake, as
    // TlsTrust::formatDigest() writes it; empty when none was seen.
    QString peerCertificateFingerprint() const { return m_peerFingerprint; }
    // Why the last TLS handshake failed, in OpenSSL's or our words ("wrong version number", "the
    // certificate is not issued to …"); empty when it did not fail.
    QString tlsErrorDetail() const { return m_tlsErrorDetail; }

    // "Connection Refused: not authorised." and the like, from libmosquitto.
    static QString connackString(int code);

signals:
    void connected();
    // The connection attempt ended before CONNACK 0 (including a CONNACK refusal).
    void connectFailed(MosquittoClient::Failure failure, const QString &reason);
    // An established connection ended (not after disconnectFromHost()).
    void disconnected(MosquittoClient::Failure failure, const QString &reason);
    void subscribed(int messageId);
    void unsubscribed(int messageId);
    // At most kMaxMessageSize bytes; larger messages are dropped (and logged) without a copy.
    void messageReceived(const QString &topic, const QByteArray &payload);
    // The broker's certificate, as soon as the handshake has shown it (whether trusted or not).
    void peerCertificateSeen(const QString &fingerprint);

private:
    struct Connection;
    enum class Activity { Read, Write, Timer };

    void service(Activity activity);
    void updateNotifiers();
    void deliverEvents(int loopResult);
    void finish(Failure failure, const QString &reason);
    void closeConnection(bool graceful);
    void onConnectTimeout();
    QString describeLoopError(int result) const;
    Failure classifyLoopError(int result) const;

    std::unique_ptr<Connection> m_connection;
    QSocketNotifier *m_readNotifier = nullptr; // children while a socket is open
    QSocketNotifier *m_writeNotifier = nullptr;
    QTimer *m_miscTimer; // keep-alive pings and their timeout
    QTimer *m_connectTimer;
    State m_state = State::Disconnected;
    int m_connackCode = -1;
    quint64 m_generation = 0; // one per connection: events of an old one are dropped
    QString m_peerFingerprint;
    QString m_tlsErrorDetail;
    QString m_label; // "address:port" for messages
};
