// One printer's camera: a QSslSocket, the login, the frame stream, and the logic that keeps it
// alive.
#pragma once

#include "protocol/frameassembler.h"

#include <QByteArray>
#include <QDateTime>
#include <QElapsedTimer>
#include <QImage>
#include <QObject>
#include <QPointer>
#include <QSize>
#include <QString>
#include <QStringList>

#include <chrono>
#include <deque>
#include <memory>

class BackoffPolicy;
class FrameDecoder;
class QSslSocket;
class QTimer;

struct CameraEndpoint
{
    QString host;
    quint16 port = 6000;
    QString user = QStringLiteral("bblp");
    QString accessCode; // never logged, never shown

    // How the printer's certificate is trusted (checked before the access code is sent):
    // - caFile set: verified against that CA bundle with `peerName` (the serial) as the name;
    // - else pinnedFingerprint set: the certificate's SHA-256 must match it;
    // - else anything is accepted (trust on first use: the caller pins what it saw).
    QString pinnedFingerprint; // as normalizeFingerprint() returns it
    QString caFile;
    QString peerName;

    bool operator==(const CameraEndpoint &other) const
    {
        return host == other.host && port == other.port && user == other.user
            && accessCode == other.accessCode && pinnedFingerprint == other.pinnedFingerprint
            && caFile == other.caFile && peerName == other.peerName;
    }
    bool operator!=(const CameraEndpoint &other) const { return !(*this == other); }
};

// State machine:
//   Idle -start()-> Connecting -TCP up-> Handshaking -TLS up, login sent-> Authenticating
//   -first frame-> Streaming.  Any failure -> Backoff -timer-> Connecting.  stop() -> Idle.
// Exactly one socket exists at a time; the old one is aborted before a new one is dialled.
class CameraConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CameraConnection)

public:
    enum class State { Idle, Connecting, Handshaking, Authenticating, Streaming, Backoff };
    Q_ENUM(State)

    // Why the last attempt ended. Kept until the next frame arrives.
    enum class Failure {
        None,
        AccessCodeRejected, // closed after the login, before the first frame
        TlsError, // handshake failed, or the certificate failed CA verification
        CertificateMismatch, // not the pinned certificate: no retry until the user decides
        ProtocolError, // the stream was not what a printer sends
        TimedOut, // no connection, handshake or frame in time
        HostNotFound,
        ConnectionRefused, // port closed: booting, or LAN Only Liveview off
        NetworkError, // anything else from the socket (unreachable, reset, closed mid-stream)
        InvalidSettings, // bad host, port or access code: no attempt is made
    };
    Q_ENUM(Failure)

    struct Timeouts
    {
        std::chrono::milliseconds connect{10000}; // TCP connect + TLS handshake
        std::chrono::milliseconds firstFrame{20000}; // after the login: no frame means trouble
        std::chrono::milliseconds watchdog{
            20000}; // while streaming: the longest gap between frames
        std::chrono::milliseconds backoffInitial{1000};
        std::chrono::milliseconds backoffMaximum{30000};
        // A rejected code will not fix itself: wait much longer than for a network hiccup.
        std::chrono::milliseconds rejectedBackoffInitial{60000};
        std::chrono::milliseconds rejectedBackoffMaximum{300000};
    };

    struct Stats
    {
        double framesPerSecond = 0; // over the last few frames
        quint64 framesReceived = 0;
        quint64 bytesReceived = 0; // JPEG payload bytes
        quint64 reconnects = 0; // attempts after the first
        quint64 imagesDropped = 0; // frames superseded before they were decoded
        qint64 lastFrameAgeMs = -1; // -1: no frame yet
    };

    explicit CameraConnection(QObject *parent = nullptr);
    ~CameraConnection() override;

    void setEndpoint(const CameraEndpoint &endpoint); // restarts a running connection if it changed
    // Pins the certificate of the running connection (trust on first use) without redialling.
    void pinCertificate(const QString &fingerprint);
    CameraEndpoint endpoint() const { return m_endpoint; }
    void setTimeouts(const Timeouts &timeouts);
    Timeouts timeouts() const { return m_timeouts; }
    void setMaxFrameSize(qsizetype bytes);

    // Size the viewer shows the picture at; imageReady() delivers pictures that fit it.
    // An empty size means full resolution.
    void setDecodeSize(const QSize &size);
    QSize decodeSize() const;
    // Decodes the last frame again at the current decode size (e.g. after a viewer grew), so the
    // viewer need not wait for the next frame. Does nothing while decoding is off or unwatched.
    void requestImage();
    // Hidden viewers switch decoding off; frames still arrive and are kept for snapshots.
    void setDecodingEnabled(bool enabled);
    bool isDecodingEnabled() const { return m_decodingEnabled; }

    State state() const { return m_state; }
    Failure lastFailure() const { return m_lastFailure; }
    // Human-readable explanation of the current state (e.g. "Access code rejected — ...").
    QString statusText() const { return m_statusText; }
    // When the next attempt is due while in Backoff (invalid otherwise).
    QDateTime nextAttemptAt() const { return m_nextAttemptAt; }

    // The last complete frame, as the printer sent it, and when it arrived. Survives reconnects.
    QByteArray lastFrame() const { return m_lastFrame; }
    QDateTime lastFrameTime() const { return m_lastFrameTime; }
    Stats stats() const;

    // SHA-256 of the peer's certificate (DER), upper-case hex with colons as
    // `openssl x509 -fingerprint -sha256` prints it; empty before the first handshake.
    QString peerCertificateFingerprint() const { return m_peerFingerprint; }

    static QString stateName(State state);
    // "AB:CD:…" (upper-case hex pairs with colons) from a SHA-256 fingerprint written with or
    // without colons, in either case, as `openssl x509 -fingerprint -sha256` prints it (a leading
    // "sha256 Fingerprint=" is accepted). Empty when `text` is not 32 bytes of hex.
    static QString normalizeFingerprint(const QString &text);

public slots:
    void start();
    void stop();
    // Skip the backoff wait (e.g. the user pressed "Retry now").
    void reconnectNow();

signals:
    void stateChanged(CameraConnection::State state, const QString &statusText);
    void failed(CameraConnection::Failure failure, const QString &message);
    // The original JPEG bytes, shared, not copied.
    void frameReceived(const QByteArray &jpeg, const QDateTime &receivedAt);
    // Decoded off the GUI thread, only while someone is connected to this signal and decoding is
    // enabled; stale frames are dropped rather than queued.
    // `frameReceivedNs`: when the last byte of the frame it shows arrived, on
    // std::chrono::steady_clock in nanoseconds (for latency figures; the same clock in any
    // process).
    void imageReady(const QImage &image, qint64 frameReceivedNs);
    void peerCertificateFingerprintChanged(const QString &fingerprint);

private:
    void setState(State state, const QString &statusText);
    void dial();
    void closeSocket();
    void fail(Failure failure, const QString &message);
    void scheduleReconnect();
    void onConnected();
    void onEncrypted();
    void onReadyRead();
    void onDisconnected();
    void onSocketError();
    bool checkPeerCertificate();
    void onTimeout();
    void handleFrame(QByteArray &&jpeg);
    QString endpointLabel() const;

    CameraEndpoint m_endpoint;
    Timeouts m_timeouts;
    State m_state = State::Idle;
    Failure m_lastFailure = Failure::None;
    QString m_statusText;
    QDateTime m_nextAttemptAt;

    QPointer<QSslSocket> m_socket;
    FrameAssembler m_assembler;
    qsizetype m_maxFrameSize = FrameAssembler::kDefaultMaxFrameSize;
    QTimer *m_timeoutTimer; // connect / first-frame / watchdog, whichever applies to the state
    QTimer *m_reconnectTimer;
    std::unique_ptr<BackoffPolicy> m_backoff;
    std::unique_ptr<BackoffPolicy> m_rejectedBackoff;
    FrameDecoder *m_decoder;
    bool m_decodingEnabled = true;
    bool m_everDialled = false;

    QByteArray m_lastFrame;
    QDateTime m_lastFrameTime;
    QElapsedTimer m_sinceLastFrame;
    qint64 m_lastFrameReceivedNs = 0; // steady clock, see imageReady()
    std::deque<qint64> m_recentFrameTimesMs; // monotonic, for the fps figure
    QElapsedTimer m_clock;
    Stats m_stats;
    QString m_peerFingerprint;
    QStringList m_sslErrors; // from the last handshake, for the TLS error message
};
