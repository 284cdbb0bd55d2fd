#include "backoffpolicy.h"

#include <QRandomGenerator>

#include <algorithm>

BackoffPolicy::BackoffPolicy()
    : BackoffPolicy(Parameters{})
{ }

BackoffPolicy::BackoffPolicy(Parameters parameters, RandomSource random)
    : m_parameters(parameters)
    , m_random(random ? std::move(random)
                      : RandomSource([] { return QRandomGenerator::global()->generateDouble(); }))
{
    reset();
}

void BackoffPolicy::setParameters(const Parameters &parameters)
{
    m_parameters = parameters;
    reset();
}

BackoffPolicy::Duration BackoffPolicy::next()
{
    const double maximumMs = double(m_parameters.maximum.count());
    const double spread = m_parameters.jitter * (2.0 * m_random() - 1.0); // in [-jitter, +jitter)
    const double delayMs = std::clamp(m_baseMs * (1.0 + spread), 0.0, maximumMs);
    m_baseMs = std::min(m_baseMs * m_parameters.factor, maximumMs);
    ++m_attempts;
    return Duration(qRound64(delayMs));
}

void BackoffPolicy::reset()
{
    m_baseMs = double(m_parameters.initial.count());
    m_attempts = 0;
}
