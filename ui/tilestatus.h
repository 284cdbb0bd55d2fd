// What a tile says about its camera, in the user's words: a pure function of the connection's
// state, so the wording and the stale rule can be tested without a socket.
#pragma once

#include "camera/camerasource.h"

#include <QString>

#include <chrono>

struct TileStatus
{
    enum class Tone { Live, Busy, Warning, Error, Off };

    struct Input
    {
        CameraSource::State state = CameraSource::State::Idle;
        CameraSource::Failure failure = CameraSource::Failure::None;
        QString statusText; // CameraSource::statusText()
        double framesPerSecond = 0;
        qint64 lastFrameAgeMs = -1; // -1: no picture yet
        qint64 msUntilNextAttempt = -1; // -1: no attempt scheduled
        std::chrono::milliseconds staleAfter{5000}; // lower bound of the stale threshold
    };

    Tone tone = Tone::Off;
    QString headline; // "Live · 0.8 fps", "Connecting…", "Access code rejected"
    QString detail; // a sentence explaining a failure; empty when there is nothing to explain
    QString countdown; // "Reconnecting in 8 s"; empty when nothing is scheduled
    bool stale = false; // a picture exists but it is too old to be called live
    QString pictureAge; // "Last picture 42 s ago" when the picture shown is not live

    bool isFailure() const { return tone == Tone::Error; }
    // "Headline · countdown", the one-line form for the tile's status line and tooltips.
    QString summary() const;

    bool operator==(const TileStatus &other) const;
    bool operator!=(const TileStatus &other) const { return !(*this == other); }

    static TileStatus describe(const Input &input);
    // A picture is stale when older than three frame intervals, and never before `minimum`.
    static qint64 staleThresholdMs(double framesPerSecond, std::chrono::milliseconds minimum);
    // "42 s", "3 min", "2 h", "3 days": coarse on purpose, it changes at most once a second.
    static QString formatDuration(qint64 ms);
    // Short title for a failure, e.g. "Access code rejected".
    static QString failureTitle(CameraSource::Failure failure);
};
