#include "link/reconnectinglink.h"

#include <QTimer>

namespace {

BackoffPolicy::Parameters parameters(std::chrono::milliseconds initial,
                                     std::chrono::milliseconds maximum)
{
    BackoffPolicy::Parameters result;
    result.initial = initial;
    result.maximum = maximum;
    return result;
}

} // namespace

ReconnectingLink::ReconnectingLink(QObject *parent)
    : QObject(parent)
    , m_dialTimer(new QTimer(this))
    , m_deadline(new QTimer(this))
{
    m_dialTimer->setSingleShot(true);
    m_deadline->setSingleShot(true);
    connect(m_dialTimer, &QTimer::timeout, this, &ReconnectingLink::dial);
    connect(m_deadline, &QTimer::timeout, this, [this] { emit deadlineExpired(m_state); });
    setBackoff(m_backoff);
}

ReconnectingLink::~ReconnectingLink() = default;

void ReconnectingLink::setDialer(std::function<void()> dial, std::function<void()> hangUp)
{
    m_dial = std::move(dial);
    m_hangUp = std::move(hangUp);
}

void ReconnectingLink::setBackoff(const Backoff &backoff)
{
    m_backoff = backoff;
    m_soon.setParameters(parameters(backoff.initial, backoff.maximum));
    m_slowly.setParameters(parameters(backoff.slowInitial, backoff.slowMaximum));
}

void ReconnectingLink::setRandomSource(BackoffPolicy::RandomSource random)
{
    m_soon = BackoffPolicy(m_soon.parameters(), random);
    m_slowly = BackoffPolicy(m_slowly.parameters(), random);
}

bool ReconnectingLink::isHalted() const
{
    return m_state == Link::State::Idle && m_lastFailure != Link::Failure::None;
}

void ReconnectingLink::describeIdle(const QString &statusText)
{
    if (m_state == Link::State::Idle)
        m_statusText = statusText;
}

void ReconnectingLink::start()
{
    if (m_state != Link::State::Idle)
        return;
    m_soon.reset();
    m_slowly.reset();
    dial();
}

void ReconnectingLink::stop(const QString &statusText)
{
    m_running = false;
    m_dialTimer->stop();
    hangUp();
    m_nextAttemptAt = {};
    m_lastFailure = Link::Failure::None; // a stopped link has no current problem
    setState(Link::State::Idle, statusText);
}

void ReconnectingLink::reconnectNow()
{
    switch (m_state) {
    case Link::State::Connecting:
    case Link::State::Handshaking:
    case Link::State::Authenticating:
        return; // the attempt the user asks for is under way
    case Link::State::Idle:
        if (m_running || isHalted())
            break;
        return; // stopped on purpose: start() is the way back
    case Link::State::Up:
    case Link::State::Backoff:
        break;
    }
    const qint64 sinceDialMs = m_sinceDial.isValid() ? m_sinceDial.elapsed() : -1;
    const qint64 minimumMs = kMinimumUserRedialInterval.count();
    if (sinceDialMs < 0 || sinceDialMs >= minimumMs) {
        dial();
        return;
    }
    // Dialled a moment ago: drop the connection now, dial once the interval has passed.
    hangUp();
    scheduleDial(std::chrono::milliseconds(minimumMs - sinceDialMs), tr("Reconnecting…"));
}

void ReconnectingLink::settingsChanged()
{
    if (m_state == Link::State::Idle && !isHalted())
        return; // stopped: new settings apply at the next start()
    m_soon.reset();
    m_slowly.reset();
    dial();
}

void ReconnectingLink::advance(Link::State state, const QString &statusText)
{
    setState(state, statusText);
}

void ReconnectingLink::up(const QString &statusText)
{
    m_soon.reset();
    m_slowly.reset();
    m_lastFailure = Link::Failure::None;
    setState(Link::State::Up, statusText);
}

void ReconnectingLink::fail(Link::Failure failure, const QString &message)
{
    hangUp();
    m_lastFailure = failure;
    switch (Link::retryAfter(failure)) {
    case Link::Retry::WhenUserActs:
        m_dialTimer->stop();
        m_nextAttemptAt = {};
        setState(Link::State::Idle, message);
        break;
    case Link::Retry::Slowly:
        scheduleDial(m_slowly.next(), message);
        break;
    case Link::Retry::Soon:
        scheduleDial(m_soon.next(), message);
        break;
    }
    emit failed(failure, message);
}

void ReconnectingLink::halt(Link::Failure failure, const QString &message)
{
    hangUp();
    m_lastFailure = failure;
    m_dialTimer->stop();
    m_nextAttemptAt = {};
    setState(Link::State::Idle, message);
    emit failed(failure, message);
}

void ReconnectingLink::armDeadline(std::chrono::milliseconds timeout)
{
    m_deadline->start(timeout);
}

void ReconnectingLink::disarmDeadline()
{
    m_deadline->stop();
}

bool ReconnectingLink::isDeadlineArmed() const
{
    return m_deadline->isActive();
}

QString ReconnectingLink::hostLabel(const QString &host, quint16 port)
{
    const QString trimmed = host.trimmed();
    return trimmed.contains(QLatin1Char(':')) ? QStringLiteral("[%1]:%2").arg(trimmed).arg(port)
                                              : QStringLiteral("%1:%2").arg(trimmed).arg(port);
}

void ReconnectingLink::dial()
{
    m_dialTimer->stop();
    hangUp();
    m_nextAttemptAt = {};
    if (m_everDialled)
        ++m_reconnects;
    m_everDialled = true;
    m_running = true;
    m_sinceDial.start();
    if (m_dial)
        m_dial();
}

void ReconnectingLink::hangUp()
{
    m_deadline->stop();
    if (m_hangUp)
        m_hangUp();
}

void ReconnectingLink::scheduleDial(std::chrono::milliseconds delay, const QString &statusText)
{
    m_nextAttemptAt = QDateTime::currentDateTime().addMSecs(delay.count());
    m_dialTimer->start(delay);
    setState(Link::State::Backoff, statusText);
}

void ReconnectingLink::setState(Link::State state, const QString &statusText)
{
    if (state == Link::State::Idle || state == Link::State::Backoff)
        m_deadline->stop();
    if (state == m_state && statusText == m_statusText)
        return;
    m_state = state;
    m_statusText = statusText;
    emit stateChanged(state, statusText);
}
