// A short real H.264 clip for the tests: libx264 through FFmpeg (sim/H264ClipEncoder), one
// known colour per frame, so that a test can tell which frame a decoded picture shows.
#pragma once

#include "frames/cameraframe.h"
#include "sim/h264clipencoder.h"

#include <QColor>
#include <QDateTime>
#include <QImage>
#include <QList>
#include <QtTest>

#include <cstdlib>

namespace H264Clip {

// Frame i's colour: far enough apart that a lossy encode cannot make one look like another.
inline QColor colourOf(int index)
{
    static const QList<QColor> colours = {
        QColor(220, 40, 40),  QColor(40, 200, 40),  QColor(40, 60, 220),  QColor(230, 210, 40),
        QColor(200, 40, 210), QColor(40, 210, 210), QColor(240, 140, 30), QColor(120, 40, 160),
    };
    return colours.at(index % colours.size());
}

struct Clip
{
    QSize size;
    QList<H264ClipEncoder::AccessUnit> units;
};

// `frames` frames with a key frame every `keyInterval`; frame i shows colourOf(i).
inline Clip make(int frames, int keyInterval, const QSize &size = QSize(320, 240))
{
    Clip clip;
    clip.size = size;
    H264ClipEncoder encoder(size, keyInterval);
    if (!encoder.isValid())
        qFatal("libx264 unavailable: %s", qPrintable(encoder.errorString()));
    for (int i = 0; i < frames; ++i) {
        const H264ClipEncoder::AccessUnit unit
            = encoder.encode(H264ClipEncoder::testPicture(size, colourOf(i), i));
        if (unit.bytes.isEmpty())
            qFatal("libx264 gave no access unit for frame %d", i);
        clip.units.append(unit);
    }
    return clip;
}

// Frame i as an RTSPS camera publishes it, received at `receivedNs`.
inline CameraFrame frameOf(const Clip &clip, int index, qint64 receivedNs)
{
    const H264ClipEncoder::AccessUnit &unit = clip.units.at(index);
    return CameraFrame::fromEncoded(CameraFrame::Codec::H264, unit.bytes, unit.keyFrame,
                                    QDateTime::currentDateTime(), receivedNs);
}

// The colour in the middle of a picture, away from the white square in the top row.
inline QColor centreColour(const QImage &picture)
{
    return picture.pixelColor(picture.width() / 2, picture.height() * 2 / 3);
}

inline bool looksLike(const QColor &actual, const QColor &expected, int tolerance = 24)
{
    return std::abs(actual.red() - expected.red()) <= tolerance
        && std::abs(actual.green() - expected.green()) <= tolerance
        && std::abs(actual.blue() - expected.blue()) <= tolerance;
}

// Which clip frame's colour a picture shows; -1 for none (grey, garbage).
inline int colourIndexOf(const QImage &picture, int colours = 8)
{
    const QColor centre = centreColour(picture);
    for (int i = 0; i < colours; ++i) {
        if (looksLike(centre, colourOf(i)))
            return i;
    }
    return -1;
}

} // namespace H264Clip
