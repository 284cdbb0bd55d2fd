// One libmicrohttpd connection that waits for something (a frame, an event, a time): suspended
// by the server's thread, resumed by whoever has what it waits for.
#pragma once

#include <QMutex>

struct MHD_Connection;

// libmicrohttpd allows suspending only from its own callbacks, and resuming a connection that is
// not suspended is undefined. A waiter may sit in several wait lists at once (a snapshot waits
// for a frame and for its deadline), and whoever wakes it first resumes it; the others find it
// awake and do nothing. Shared (std::shared_ptr) between the connection's request and the lists,
// so a late wake after the request ended touches a live object that knows its connection is gone.
//
// Lock order: a list's own mutex, then the waiter's, then libmicrohttpd's.
class ConnectionWaiter final
{
    Q_DISABLE_COPY_MOVE(ConnectionWaiter)

public:
    explicit ConnectionWaiter(MHD_Connection *connection);

    // From a libmicrohttpd callback of this connection only. Suspends it (once).
    void suspend();
    // From any thread: resumes it if it is suspended. Returns whether it did.
    bool wake();
    // From any thread: while suspended, libmicrohttpd does not notice a client that went away
    // (it neither reads nor writes the socket). This looks at the socket without reading it:
    // when the client closed its end, the connection is resumed with peerGone() set, so that its
    // body ends and libmicrohttpd closes it. A client that sent bytes (a TLS alert) is left for
    // the next write to find out.
    bool wakeIfPeerGone();
    bool peerGone() const;
    // The request ended: wake() does nothing from now on.
    void detach();
    bool isSuspended() const;

private:
    mutable QMutex m_mutex;
    MHD_Connection *m_connection;
    int m_socket = -1;
    bool m_suspended = false;
    bool m_peerGone = false;
};
