// Reads a video file back with FFmpeg's libraries: its length for the recordings list, and (for
// tests and checks) its frames, decoded one by one.
#pragma once

#include <QImage>
#include <QList>
#include <QSize>
#include <QString>

class VideoProbe final
{
public:
    struct Info
    {
        bool ok = false;
        QString error; // why not ok, or the first decode error with Decode
        QString codec; // FFmpeg's name: "h264", "mjpeg"
        QSize size;
        qint64 durationMs = -1;
        // With Decode: the frames decoded and those that failed; else the container's count
        // (-1 when it does not say).
        int frames = -1;
        int decodeErrors = 0;
    };

    enum class Depth {
        Header, // open and read the container only: cheap
        Decode, // decode every frame of the first video stream
    };

    VideoProbe() = delete;

    static Info probe(const QString &path, Depth depth = Depth::Header);
    // The first `maxFrames` pictures of the first video stream, decoded (RGB32): for checks of
    // what a clip shows, and thumbnails. Empty when the file cannot be read.
    static QList<QImage> pictures(const QString &path, int maxFrames);
};
