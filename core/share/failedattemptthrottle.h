// Failed token checks per client address, and the lockout they earn. Pure: time is a parameter.
#pragma once

#include <QByteArray>
#include <QHash>

#include <chrono>
#include <deque>

// After `maxFailures` failures within `window`, a client is locked out for `lockout` (counted
// from its last failure), whatever it sends. At most `maxClients` addresses are remembered (the
// ones with the oldest failures are forgotten first), so a flood from many addresses cannot grow
// memory. Not thread-safe.
class FailedAttemptThrottle final
{
public:
    FailedAttemptThrottle(int maxFailures, std::chrono::milliseconds window,
                          std::chrono::milliseconds lockout, int maxClients = 4096);

    // How long `client` stays locked out from `nowMs` on; 0 when it is not.
    qint64 lockedOutForMs(const QByteArray &client, qint64 nowMs) const;
    void recordFailure(const QByteArray &client, qint64 nowMs);
    int trackedClients() const { return int(m_clients.size()); }

private:
    struct Client
    {
        std::deque<qint64> failures; // within the window, oldest first; at most maxFailures
        qint64 lockedUntilMs = 0;
        qint64 lastFailureMs = 0;
    };

    void forgetOld(qint64 nowMs);

    int m_maxFailures;
    qint64 m_windowMs;
    qint64 m_lockoutMs;
    int m_maxClients;
    QHash<QByteArray, Client> m_clients;
};
