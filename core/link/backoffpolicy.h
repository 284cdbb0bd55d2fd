// How long to wait before dialling a printer again: exponential, capped, jittered.
#pragma once

#include <QtGlobal>

#include <chrono>
#include <functional>

class BackoffPolicy final
{
public:
    using Duration = std::chrono::milliseconds;

    struct Parameters
    {
        Duration initial{1000};
        Duration maximum{30000};
        double factor = 2.0;
        // Each delay is scaled by a random factor in [1 - jitter, 1 + jitter] (then capped), so
        // that a farm of printers that dropped together does not redial in lockstep.
        double jitter = 0.2;
    };

    // `random` returns a number in [0, 1); tests pass a fixed one.
    using RandomSource = std::function<double()>;

    BackoffPolicy();
    explicit BackoffPolicy(Parameters parameters, RandomSource random = {});

    // The delay before the next attempt; each call grows the following one.
    Duration next();
    // Called after a success (a frame arrived): the next failure starts from `initial` again.
    void reset();

    int attempts() const { return m_attempts; }
    const Parameters &parameters() const { return m_parameters; }
    void setParameters(const Parameters &parameters);

private:
    Parameters m_parameters;
    RandomSource m_random;
    double m_baseMs = 0; // un-jittered delay of the next attempt
    int m_attempts = 0;
};
