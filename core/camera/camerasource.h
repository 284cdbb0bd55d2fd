// The camera interface: one printer's camera, whatever its kind (the port-6000 JPEG stream today,
// RTSPS next, in-process pictures for the demo and tests). Frames go out as CameraFrame values;
// the printer's FrameHub hands them to whoever watches. A camera never knows who watches.
#pragma once

#include "camera/cameraendpoint.h"
#include "frames/cameraframe.h"
#include "link/link.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <chrono>
#include <deque>

class ReconnectingLink;

class CameraSource : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CameraSource)

public:
    using State = Link::State;
    using Failure = Link::Failure;

    struct Stats
    {
        double framesPerSecond = 0; // over the last few frames
        quint64 framesReceived = 0;
        quint64 bytesReceived = 0; // encoded bytes as the camera sent them
        quint64 reconnects = 0; // attempts after the first
        qint64 lastFrameAgeMs = -1; // -1: no frame yet
    };

    struct Timeouts
    {
        // Every network camera's steps. Tests shorten them.
        std::chrono::milliseconds connect{10000}; // TCP connect + TLS handshake
        std::chrono::milliseconds firstFrame{20000}; // after the login: no frame means trouble
        // While streaming: the longest gap between frames.
        std::chrono::milliseconds watchdog{20000};
        std::chrono::milliseconds backoffInitial{1000};
        std::chrono::milliseconds backoffMaximum{30000};
        // A rejected code will not fix itself: wait much longer than for a network hiccup.
        std::chrono::milliseconds rejectedBackoffInitial{60000};
        std::chrono::milliseconds rejectedBackoffMaximum{300000};
    };

    // Below this age a picture is live whatever the frame rate (see staleThresholdMs()).
    static constexpr std::chrono::milliseconds kDefaultStaleAfter{5000};

    ~CameraSource() override;

    // Words for the user: "JPEG stream (port 6000)".
    virtual QString kindName() const = 0;

    // Where the camera is; a running camera reconnects when it changed, a camera stopped by a
    // failure only the user could fix (a code, the settings) tries the new one.
    virtual void setEndpoint(const CameraEndpoint &endpoint);
    CameraEndpoint endpoint() const { return m_endpoint; }
    void setTimeouts(const Timeouts &timeouts);
    Timeouts timeouts() const { return m_timeouts; }
    // Pins the certificate of the running connection (trust on first use) without redialling.
    void pinCertificate(const QString &fingerprint);

    State state() const;
    Failure lastFailure() const;
    // The current state in words ("Access code rejected by … — check the code…"). Never contains
    // the access code.
    QString statusText() const;
    // When the next attempt is due while in Backoff (invalid otherwise).
    QDateTime nextAttemptAt() const;
    Stats stats() const;
    // When the last frame arrived (invalid before the first). Survives reconnects.
    QDateTime lastFrameTime() const { return m_lastFrameTime; }
    // SHA-256 of the printer's certificate (TlsTrust's spelling); empty before the first handshake
    // and for cameras without TLS.
    QString peerCertificateFingerprint() const { return m_peerFingerprint; }

    // Live means one thing everywhere: the camera is up and its newest picture is younger than the
    // stale threshold. A stalled stream is not live, even before the watchdog notices.
    bool isLive(std::chrono::milliseconds staleAfter = kDefaultStaleAfter) const;
    // A picture is stale when older than three frame intervals, and never before `minimum`.
    static qint64 staleThresholdMs(double framesPerSecond, std::chrono::milliseconds minimum);

    static QString stateName(State state) { return Link::stateName(state); }

public slots:
    void start();
    void stop();
    // Drop and redial now (once; see ReconnectingLink::reconnectNow()).
    void reconnectNow();

signals:
    void stateChanged(Link::State state, const QString &statusText);
    void failed(Link::Failure failure, const QString &message);
    // Every frame, as the camera sent it (shared, not copied), in order.
    void frameArrived(const CameraFrame &frame);
    void peerCertificateFingerprintChanged(const QString &fingerprint);

protected:
    explicit CameraSource(QObject *parent = nullptr);

    // Opens a new connection (the previous one is already hung up) and reports progress through
    // link(): advance(), up(), fail().
    virtual void dial() = 0;
    // Drops the current connection, if any, without reporting anything.
    virtual void hangUp() = 0;

    ReconnectingLink *link() const { return m_link; }
    // The shortest wait before redialling after a failure, whatever setTimeouts() asks for: for a
    // kind of camera whose printers stop serving when they are redialled quickly.
    void setMinimumBackoff(std::chrono::milliseconds minimum);
    // Counts the frame and hands it out. Call link()->up() first when it is the first one.
    void publish(const CameraFrame &frame);
    // Reported once per new certificate; returns false when a listener stopped this camera.
    void setPeerCertificateFingerprint(const QString &fingerprint);
    QString endpointLabel() const;

    CameraEndpoint m_endpoint;
    Timeouts m_timeouts;

private:
    ReconnectingLink *m_link; // child
    QDateTime m_lastFrameTime;
    QElapsedTimer m_sinceLastFrame;
    std::deque<qint64> m_recentFrameTimesMs; // monotonic, for the fps figure
    QElapsedTimer m_clock;
    quint64 m_framesReceived = 0;
    quint64 m_bytesReceived = 0;
    QString m_peerFingerprint;
    std::chrono::milliseconds m_minimumBackoff{0};
};
