// The simulator's side of print status: publishes printer reports to an MQTT broker and hears
// clients ask for the full state.
#pragma once

#include "net/mosquittoclient.h"

#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <QString>

#include <chrono>
#include <memory>

class BackoffPolicy;
class QTimer;

// One MQTT connection (TLS, user `bblp`, the access code as password) to a broker such as
// LoopbackBroker, as a printer's own broker would hold: reports go to `device/<serial>/report`,
// and a `pushall` command on `device/<serial>/request` becomes fullStateRequested(serial). By
// default it trusts only the simulator's own certificate (the one LoopbackBroker presents);
// setTrust() points it at another broker. When the broker goes away it reconnects by itself, with
// a short backoff; a refused login or an untrusted certificate ends the retries.
class StatusPublisher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatusPublisher)

public:
    explicit StatusPublisher(QObject *parent = nullptr);
    ~StatusPublisher() override;

    // How to trust the broker (MosquittoClient's rule: a CA file and the name the certificate must
    // carry, or a pinned SHA-256 fingerprint). All empty: the simulator's own certificate.
    // Takes effect at the next start().
    void setTrust(const TlsTrust &trust);
    // Reconnect delays (tests shorten them).
    void setBackoff(std::chrono::milliseconds initial, std::chrono::milliseconds maximum);

    // Connects now and again whenever the connection drops, until stop().
    void start(const QHostAddress &address, quint16 port, const QString &accessCode,
               const QString &user = QStringLiteral("bblp"));
    void stop();

    // Connected and listening for requests.
    bool isReady() const { return m_ready; }
    // Why the last attempt failed; None before any failure and once connected.
    MosquittoClient::Failure lastFailure() const { return m_lastFailure; }
    // Publishes one report (QoS 0, not retained). False when not connected: nothing is queued.
    bool publishReport(const QString &serial, const QByteArray &payload);

signals:
    // Connected, and subscribed to the request topics.
    void connected();
    // A connection attempt failed or the connection dropped. `willRetry` false: it gave up
    // (wrong password, untrusted broker).
    void failed(const QString &reason, bool willRetry);
    // A client asked `device/<serial>/request` for the full state (`pushall`).
    void fullStateRequested(const QString &serial);

private:
    void dial();
    void onConnected();
    void onSubscribed(int messageId);
    void onFailure(MosquittoClient::Failure failure, const QString &reason);
    void onMessage(const QString &topic, const QByteArray &payload);

    MosquittoClient *m_client; // child
    QTimer *m_retryTimer;
    std::unique_ptr<BackoffPolicy> m_backoff;
    MosquittoClient::ConnectOptions m_options;
    bool m_running = false;
    bool m_ready = false;
    int m_requestSubscription = -1;
    MosquittoClient::Failure m_lastFailure = MosquittoClient::Failure::None;
};
