#include "camera/camerasource.h"

#include "link/reconnectinglink.h"

#include <QLoggingCategory>

#include <algorithm>
#include <cmath>

Q_LOGGING_CATEGORY(lcCamera, "farmcam.camera")

namespace {

// Frames kept for the fps figure: enough to smooth a 0.5 fps camera without lagging a 30 fps one.
constexpr std::size_t kFpsWindowFrames = 10;

} // namespace

CameraSource::CameraSource(QObject *parent)
    : QObject(parent)
    , m_link(new ReconnectingLink(this))
{
    m_link->setDialer([this] { dial(); }, [this] { hangUp(); });
    connect(m_link, &ReconnectingLink::stateChanged, this,
            [this](Link::State state, const QString &statusText) {
                if (state != Link::State::Up)
                    m_recentFrameTimesMs.clear(); // the rate of a stream that no longer runs
                qCDebug(lcCamera) << endpointLabel() << Link::stateName(state) << statusText;
                emit stateChanged(state, statusText);
            });
    connect(m_link, &ReconnectingLink::failed, this,
            [this](Link::Failure failure, const QString &message) {
                qCInfo(lcCamera).noquote() << endpointLabel() << "failed:" << message;
                emit failed(failure, message);
            });
    setTimeouts(m_timeouts);
    m_clock.start();
}

CameraSource::~CameraSource() = default;

void CameraSource::setEndpoint(const CameraEndpoint &endpoint)
{
    if (endpoint == m_endpoint)
        return;
    m_endpoint = endpoint;
    m_endpoint.trust.pinnedFingerprint
        = TlsTrust::normalizeFingerprint(endpoint.trust.pinnedFingerprint).isEmpty()
        ? endpoint.trust.pinnedFingerprint // kept as typed: dial() says what is wrong with it
        : TlsTrust::normalizeFingerprint(endpoint.trust.pinnedFingerprint);
    m_link->settingsChanged();
}

void CameraSource::setTimeouts(const Timeouts &timeouts)
{
    m_timeouts = timeouts;
    ReconnectingLink::Backoff backoff = ReconnectingLink::Backoff::of(timeouts);
    backoff.initial = std::max(backoff.initial, m_minimumBackoff);
    backoff.maximum = std::max(backoff.maximum, backoff.initial);
    backoff.slowInitial = std::max(backoff.slowInitial, m_minimumBackoff);
    backoff.slowMaximum = std::max(backoff.slowMaximum, backoff.slowInitial);
    m_link->setBackoff(backoff);
}

void CameraSource::setMinimumBackoff(std::chrono::milliseconds minimum)
{
    m_minimumBackoff = minimum;
    setTimeouts(m_timeouts);
}

void CameraSource::pinCertificate(const QString &fingerprint)
{
    m_endpoint.trust.pinnedFingerprint = TlsTrust::normalizeFingerprint(fingerprint);
}

CameraSource::State CameraSource::state() const
{
    return m_link->state();
}

CameraSource::Failure CameraSource::lastFailure() const
{
    return m_link->lastFailure();
}

QString CameraSource::statusText() const
{
    return m_link->statusText();
}

QDateTime CameraSource::nextAttemptAt() const
{
    return m_link->nextAttemptAt();
}

CameraSource::Stats CameraSource::stats() const
{
    Stats stats;
    stats.framesReceived = m_framesReceived;
    stats.bytesReceived = m_bytesReceived;
    stats.reconnects = m_link->reconnects();
    stats.lastFrameAgeMs = m_sinceLastFrame.isValid() ? m_sinceLastFrame.elapsed() : -1;
    if (m_recentFrameTimesMs.size() >= 2) {
        const double spanMs = double(m_recentFrameTimesMs.back() - m_recentFrameTimesMs.front());
        if (spanMs > 0)
            stats.framesPerSecond = double(m_recentFrameTimesMs.size() - 1) * 1000.0 / spanMs;
    }
    return stats;
}

bool CameraSource::isLive(std::chrono::milliseconds staleAfter) const
{
    if (state() != State::Up || !m_sinceLastFrame.isValid())
        return false;
    const Stats now = stats();
    return now.lastFrameAgeMs <= staleThresholdMs(now.framesPerSecond, staleAfter);
}

qint64 CameraSource::staleThresholdMs(double framesPerSecond, std::chrono::milliseconds minimum)
{
    qint64 threshold = minimum.count();
    if (framesPerSecond > 0)
        threshold = std::max(threshold, qint64(std::ceil(3000.0 / framesPerSecond)));
    return threshold;
}

void CameraSource::start()
{
    m_link->start();
}

void CameraSource::stop()
{
    m_link->stop(tr("Stopped"));
}

void CameraSource::reconnectNow()
{
    m_link->reconnectNow();
}

void CameraSource::publish(const CameraFrame &frame)
{
    m_lastFrameTime = frame.receivedAt();
    m_sinceLastFrame.start();
    ++m_framesReceived;
    m_bytesReceived += quint64(frame.byteSize());
    m_recentFrameTimesMs.push_back(m_clock.elapsed());
    while (m_recentFrameTimesMs.size() > kFpsWindowFrames)
        m_recentFrameTimesMs.pop_front();
    emit frameArrived(frame);
}

void CameraSource::setPeerCertificateFingerprint(const QString &fingerprint)
{
    if (fingerprint == m_peerFingerprint)
        return;
    m_peerFingerprint = fingerprint;
    emit peerCertificateFingerprintChanged(fingerprint);
}

QString CameraSource::endpointLabel() const
{
    return ReconnectingLink::hostLabel(m_endpoint.host, m_endpoint.port);
}
