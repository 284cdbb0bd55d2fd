#include "share/connectionwaiter.h"

#include <microhttpd.h>
#include <sys/socket.h>

#include <cerrno>

ConnectionWaiter::ConnectionWaiter(MHD_Connection *connection)
    : m_connection(connection)
{
    const MHD_ConnectionInfo *info
        = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
    if (info)
        m_socket = info->connect_fd;
}

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

bool ConnectionWaiter::wakeIfPeerGone()
{
    QMutexLocker locker(&m_mutex);
    // Suspended: libmicrohttpd neither uses nor closes the socket until it is resumed.
    if (!m_suspended || !m_connection || m_socket < 0)
        return false;
    char byte = 0;
    const ssize_t peeked = ::recv(m_socket, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    const bool gone
        = peeked == 0 || (peeked < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
    if (!gone)
        return false;
    m_peerGone = true;
    m_suspended = false;
    MHD_resume_connection(m_connection);
    return true;
}

bool ConnectionWaiter::peerGone() const
{
    QMutexLocker locker(&m_mutex);
    return m_peerGone;
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
