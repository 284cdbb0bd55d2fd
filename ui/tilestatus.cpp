#include "tilestatus.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("TileStatus", text);
}

} // namespace

QString TileStatus::summary() const
{
    if (countdown.isEmpty())
        return headline;
    return headline + QStringLiteral(" · ") + countdown;
}

bool TileStatus::operator==(const TileStatus &other) const
{
    return tone == other.tone && headline == other.headline && detail == other.detail
        && countdown == other.countdown && stale == other.stale && pictureAge == other.pictureAge;
}

qint64 TileStatus::staleThresholdMs(double framesPerSecond, std::chrono::milliseconds minimum)
{
    return CameraSource::staleThresholdMs(framesPerSecond, minimum); // "live" means one thing
}

QString TileStatus::formatDuration(qint64 ms)
{
    const qint64 seconds = std::max<qint64>(0, (ms + 999) / 1000);
    if (seconds < 120)
        return tr("%1 s").arg(seconds);
    const qint64 minutes = seconds / 60;
    if (minutes < 120)
        return tr("%1 min").arg(minutes);
    const qint64 hours = minutes / 60;
    if (hours < 48)
        return tr("%1 h").arg(hours);
    return tr("%1 days").arg(hours / 24);
}

QString TileStatus::failureTitle(CameraSource::Failure failure)
{
    using Failure = CameraSource::Failure;
    switch (failure) {
    case Failure::AccessCodeRejected:
        return tr("Access code rejected");
    case Failure::TlsError:
        return tr("Secure connection failed");
    case Failure::CertificateMismatch:
        return tr("Certificate changed");
    case Failure::ProtocolError:
        return tr("Unreadable camera data");
    case Failure::TimedOut:
        return tr("Printer not responding");
    case Failure::HostNotFound:
        return tr("Printer not found");
    case Failure::ConnectionRefused:
        return tr("Connection refused");
    case Failure::ConnectionLost:
        return tr("Connection lost");
    case Failure::CameraUnavailable:
        return tr("Camera busy or asleep");
    case Failure::NetworkError:
        return tr("Printer unreachable");
    case Failure::InvalidSettings:
        return tr("Settings incomplete");
    case Failure::None:
        break;
    }
    return tr("Disconnected");
}

TileStatus TileStatus::describe(const Input &input)
{
    using State = CameraSource::State;
    using Failure = CameraSource::Failure;

    TileStatus status;
    const bool hasPicture = input.lastFrameAgeMs >= 0;
    status.stale = hasPicture
        && input.lastFrameAgeMs > staleThresholdMs(input.framesPerSecond, input.staleAfter);
    // Whenever the picture on screen is not a live one, say how old it is.
    if (hasPicture && (status.stale || input.state != State::Up))
        status.pictureAge = tr("Last picture %1 ago").arg(formatDuration(input.lastFrameAgeMs));

    switch (input.state) {
    case State::Up:
        if (status.stale) {
            status.tone = Tone::Warning;
            status.headline = tr("No new picture");
            status.countdown = status.pictureAge;
        } else {
            status.tone = Tone::Live;
            status.headline = input.framesPerSecond > 0
                ? tr("Live · %1 fps").arg(input.framesPerSecond, 0, 'f', 1)
                : tr("Live");
        }
        break;
    case State::Connecting:
    case State::Handshaking:
    case State::Authenticating:
        if (input.failure != Failure::None) {
            // A retry after a failure: keep saying what is wrong instead of flashing "Connecting".
            status.tone = Tone::Error;
            status.headline = failureTitle(input.failure);
            status.countdown = tr("Retrying now…");
        } else {
            status.tone = Tone::Busy;
            status.headline = input.state == State::Connecting ? tr("Connecting…")
                : input.state == State::Handshaking            ? tr("Securing the connection…")
                                                               : tr("Logging in…");
        }
        break;
    case State::Backoff:
        status.tone = Tone::Error;
        status.headline = failureTitle(input.failure);
        status.detail = input.statusText;
        if (input.msUntilNextAttempt >= 0) {
            status.countdown = input.msUntilNextAttempt < 1000
                ? tr("Reconnecting…")
                : tr("Reconnecting in %1").arg(formatDuration(input.msUntilNextAttempt));
        }
        break;
    case State::Idle:
        if (input.failure == Failure::InvalidSettings
            || input.failure == Failure::CertificateMismatch) {
            status.tone = Tone::Error;
            status.headline = failureTitle(input.failure);
            status.detail = input.statusText;
        } else {
            status.tone = Tone::Off;
            status.headline = tr("Stopped");
        }
        break;
    }
    return status;
}
