// The state machine every connection to a printer shares: state and its words, backoff with
// jitter, the next attempt's time, one deadline timer, and what each failure means.
#pragma once

#include "link/backoffpolicy.h"
#include "link/link.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <chrono>
#include <functional>

class QTimer;

// The owner (a camera, the status link) knows its protocol; the link knows when to dial. The owner
// hands it two functions: `dial` opens a new connection (the old one is already hung up), and
// `hangUp` drops the current one without emitting anything. Then it reports progress (advance()),
// success (up()) and failures (fail()); the link decides, from Link::retryAfter(), whether to dial
// again soon, slowly, or only when the user acts (new settings, "Retry now", start()).
// Exactly one connection exists at a time: every dial is preceded by a hang-up.
class ReconnectingLink final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReconnectingLink)

public:
    struct Backoff
    {
        std::chrono::milliseconds initial{1000};
        std::chrono::milliseconds maximum{30000};
        // Retry::Slowly: a rejected code will not fix itself; never hammer the printer with it.
        std::chrono::milliseconds slowInitial{60000};
        std::chrono::milliseconds slowMaximum{300000};

        // From an owner's timeouts (a camera's, the status link's): the same four fields.
        template<typename Timeouts> static Backoff of(const Timeouts &timeouts)
        {
            return {timeouts.backoffInitial, timeouts.backoffMaximum,
                    timeouts.rejectedBackoffInitial, timeouts.rejectedBackoffMaximum};
        }
    };
    // The shortest time between two dials the user asks for ("Retry now", Ctrl+R): pressing
    // the key repeatedly must not turn into a reconnect storm.
    static constexpr std::chrono::milliseconds kMinimumUserRedialInterval{2000};

    explicit ReconnectingLink(QObject *parent = nullptr);
    ~ReconnectingLink() override;

    void setDialer(std::function<void()> dial, std::function<void()> hangUp);
    void setBackoff(const Backoff &backoff);
    Backoff backoff() const { return m_backoff; }
    // Tests pass a fixed source to take the jitter out.
    void setRandomSource(BackoffPolicy::RandomSource random);

    Link::State state() const { return m_state; }
    Link::Failure lastFailure() const { return m_lastFailure; }
    QString statusText() const { return m_statusText; }
    // When the next attempt is due while in Backoff (invalid otherwise).
    QDateTime nextAttemptAt() const { return m_nextAttemptAt; }
    // Stopped by a failure only the user can fix (Idle with a failure).
    bool isHalted() const;
    // Attempts after the first.
    quint64 reconnects() const { return m_reconnects; }

    // The words for Idle before anything happened ("Not connected"); emits nothing.
    void describeIdle(const QString &statusText);
    // Idle -> dial, unless running already.
    void start();
    // Hangs up; Idle with `statusText`; no failure is current any more.
    void stop(const QString &statusText);
    // The user asked for a new connection: in Backoff or halted, dial now; up (or stalled), hang
    // up and dial once; while an attempt is under way, nothing (it is that attempt). Never dials
    // sooner than kMinimumUserRedialInterval after the previous dial: it is then scheduled.
    void reconnectNow();
    // The owner's settings changed: a running or halted link starts over with a fresh backoff
    // (new settings may be the fix the user made); a stopped one stays stopped.
    void settingsChanged();

    // Progress of the current attempt (Connecting, Handshaking, Authenticating; also a new text
    // in the same state).
    void advance(Link::State state, const QString &statusText);
    // The attempt succeeded: backoff starts over, no failure is current.
    void up(const QString &statusText);
    // The attempt or the working connection failed: hang up, then as Link::retryAfter() says.
    void fail(Link::Failure failure, const QString &message);
    // A failure the owner knows no attempt can fix now, whatever Link::retryAfter() says (the
    // printer reports its live view switched off): hang up and stay Idle with it, halted, until
    // settingsChanged() or start(). Nothing is dialled meanwhile.
    void halt(Link::Failure failure, const QString &message);

    // One deadline for the owner's current step (connect, first frame, watchdog): deadlineExpired()
    // when it passes. Re-arming replaces it; a hang-up or state change to Idle/Backoff disarms it.
    void armDeadline(std::chrono::milliseconds timeout);
    void disarmDeadline();
    bool isDeadlineArmed() const;

    // How the owner names its peer in logs ("192.0.2.1:6000", "[::1]:322").
    static QString hostLabel(const QString &host, quint16 port);

signals:
    void stateChanged(Link::State state, const QString &statusText);
    void failed(Link::Failure failure, const QString &message);
    void deadlineExpired(Link::State state);

private:
    void dial();
    void hangUp();
    void setState(Link::State state, const QString &statusText);
    void scheduleDial(std::chrono::milliseconds delay, const QString &statusText);

    std::function<void()> m_dial;
    std::function<void()> m_hangUp;
    Backoff m_backoff;
    BackoffPolicy m_soon;
    BackoffPolicy m_slowly;
    Link::State m_state = Link::State::Idle;
    Link::Failure m_lastFailure = Link::Failure::None;
    QString m_statusText;
    QDateTime m_nextAttemptAt;
    QTimer *m_dialTimer;
    QTimer *m_deadline;
    QElapsedTimer m_sinceDial; // invalid before the first dial
    bool m_running = false;
    bool m_everDialled = false;
    quint64 m_reconnects = 0;
};
