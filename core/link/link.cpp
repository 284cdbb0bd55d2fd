#include "link/link.h"

namespace Link {

Retry retryAfter(Failure failure)
{
    switch (failure) {
    case Failure::AccessCodeRejected:
        return Retry::Slowly;
    case Failure::CertificateMismatch:
    case Failure::InvalidSettings:
        return Retry::WhenUserActs;
    case Failure::None:
    case Failure::TlsError:
    case Failure::ProtocolError:
    case Failure::TimedOut:
    case Failure::HostNotFound:
    case Failure::ConnectionRefused:
    case Failure::ConnectionLost:
    case Failure::CameraUnavailable:
    case Failure::NetworkError:
        return Retry::Soon;
    }
    return Retry::Soon;
}

QString stateName(State state)
{
    switch (state) {
    case State::Idle:
        return QStringLiteral("Idle");
    case State::Connecting:
        return QStringLiteral("Connecting");
    case State::Handshaking:
        return QStringLiteral("Handshaking");
    case State::Authenticating:
        return QStringLiteral("Authenticating");
    case State::Up:
        return QStringLiteral("Up");
    case State::Backoff:
        return QStringLiteral("Backoff");
    }
    return {};
}

} // namespace Link
