// The states and failures every connection to a printer shares (camera of any kind, status link),
// and the one table that says what each failure means for the next attempt.
#pragma once

#include <QObject>
#include <QString>

namespace Link {
Q_NAMESPACE

// Idle -start()-> Connecting -> Handshaking -> Authenticating -> Up. Any failure -> Backoff
// -timer-> Connecting, or Idle when retrying cannot help. stop() -> Idle. A link may skip the
// middle states (the status link goes from Connecting to Up).
enum class State { Idle, Connecting, Handshaking, Authenticating, Up, Backoff };
Q_ENUM_NS(State)

// Why the last attempt ended. Kept until the link is up again or stopped.
enum class Failure {
    None,
    AccessCodeRejected, // the printer refused the code (or closed after the login)
    TlsError, // handshake failed, or the certificate failed CA verification
    CertificateMismatch, // not the pinned certificate: the code was not sent
    ProtocolError, // the printer sent what no printer sends
    TimedOut, // no connection, handshake or data in time; or the stream stalled
    HostNotFound,
    ConnectionRefused, // port closed: booting, or the service is switched off
    ConnectionLost, // the printer closed a working connection (also in the middle of a picture)
    // The printer answered but its camera does not serve now (RTSP 5xx on DESCRIBE): busy with
    // other viewers, or asleep. Retried soon, as gently as the camera kind's backoff says.
    CameraUnavailable,
    NetworkError, // anything else (unreachable, reset)
    InvalidSettings, // bad host, port, code or trust settings: no attempt is made
};
Q_ENUM_NS(Failure)

// What a failure means for the next attempt.
enum class Retry {
    Soon, // a hiccup: back off from a second up to half a minute
    Slowly, // will not fix itself quickly (a rejected code): minutes, never hammering the printer
    WhenUserActs, // only new settings or the user's decision can help: stay Idle
};
Q_ENUM_NS(Retry)

Retry retryAfter(Failure failure);
QString stateName(State state);

} // namespace Link
