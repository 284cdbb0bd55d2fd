#include "share/connectionwaiter.h"

#include <microhttpd.h>

ConnectionWaiter::ConnectionWaiter(MHD_Connection *connection)
    : m_connection(connection)
{ }

void ConnectionWaiter::suspend()
{
    QMutexLocker locker(&m_mutex);
    if (m_suspended || !m_connection)
        return;
    MHD_suspend_connection(m_connection);
    m_suspended = true;
}

bool ConnectionWaiter::wake()
{
    QMutexLocker locker(&m_mutex);
    if (!m_suspended || !m_connection)
        return false;
    m_suspended = false;
    MHD_resume_connection(m_connection);
    return true;
}

void ConnectionWaiter::detach()
{
    QMutexLocker locker(&m_mutex);
    m_connection = nullptr;
}

bool ConnectionWaiter::isSuspended() const
{
    QMutexLocker locker(&m_mutex);
    return m_suspended;
}
