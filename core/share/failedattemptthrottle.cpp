#include "share/failedattemptthrottle.h"

#include <algorithm>

FailedAttemptThrottle::FailedAttemptThrottle(int maxFailures, std::chrono::milliseconds window,
                                             std::chrono::milliseconds lockout, int maxClients)
    : m_maxFailures(std::max(1, maxFailures))
    , m_windowMs(std::max<qint64>(1, window.count()))
    , m_lockoutMs(std::max<qint64>(0, lockout.count()))
    , m_maxClients(std::max(1, maxClients))
{ }

qint64 FailedAttemptThrottle::lockedOutForMs(const QByteArray &client, qint64 nowMs) const
{
    const auto found = m_clients.constFind(client);
    if (found == m_clients.cend())
        return 0;
    return std::max<qint64>(0, found->lockedUntilMs - nowMs);
}

void FailedAttemptThrottle::recordFailure(const QByteArray &client, qint64 nowMs)
{
    if (!m_clients.contains(client) && m_clients.size() >= m_maxClients) {
        forgetOld(nowMs);
        if (m_clients.size() >= m_maxClients) {
            // Still full of recent failures: the client whose last failure is oldest goes.
            const auto oldest = std::min_element(
                m_clients.begin(), m_clients.end(),
                [](const Client &a, const Client &b) { return a.lastFailureMs < b.lastFailureMs; });
            m_clients.erase(oldest);
        }
    }
    Client &entry = m_clients[client];
    entry.lastFailureMs = nowMs;
    while (!entry.failures.empty() && entry.failures.front() <= nowMs - m_windowMs)
        entry.failures.pop_front();
    entry.failures.push_back(nowMs);
    while (int(entry.failures.size()) > m_maxFailures)
        entry.failures.pop_front();
    if (int(entry.failures.size()) >= m_maxFailures)
        entry.lockedUntilMs = nowMs + m_lockoutMs;
}

void FailedAttemptThrottle::forgetOld(qint64 nowMs)
{
    m_clients.removeIf([this, nowMs](const QHash<QByteArray, Client>::iterator &it) {
        return it->lockedUntilMs <= nowMs && it->lastFailureMs <= nowMs - m_windowMs;
    });
}
