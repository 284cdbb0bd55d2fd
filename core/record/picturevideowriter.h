// Encodes pictures into an H.264 MP4 (timelapses, failure clips of JPEG cameras).
#pragma once

#include "record/videooutputfile.h"

#include <QImage>
#include <QSize>
#include <QString>

#include <memory>

// libx264 through FFmpeg's libraries, yuv420p, `movflags=+faststart` (plays while downloading).
// When libx264 is missing, whatever H.264 encoder FFmpeg has is used instead (encoderName() says
// which); with none at all open() fails with a message that says so.
//
// Two clocks: ConstantRate numbers pictures 0, 1, 2... at `framesPerSecond` (a timelapse);
// Timestamps uses the millisecond time given with each picture (a failure clip plays in real
// time, however irregular the camera was).
//
// Never an unplayable file under the final name: everything goes to `<path>.partial`, which is
// renamed onto `path` only once the trailer is written. Errors (disk full, read-only folder, no
// encoder) come back as plain words (errorString()); abort() or destruction before finish()
// removes the partial file. The picture size is rounded down to even numbers (4:2:0 needs them).
// Not thread-safe; meant for a worker thread.
class PictureVideoWriter final
{
    Q_DISABLE_COPY_MOVE(PictureVideoWriter)

public:
    enum class Clock { ConstantRate, Timestamps };

    struct Options
    {
        Clock clock = Clock::ConstantRate;
        int framesPerSecond = 30;
        // finish() repeats the last picture for this long (ConstantRate: as real frames, so
        // 2 s at 30 fps adds 60 frames; Timestamps: one more frame this much later).
        int holdLastMs = 2000;
        // x264: "veryfast" costs ~5 ms of one core per 1280x720 picture; CRF 23 is x264's default.
        QString preset = QStringLiteral("veryfast");
        int crf = 23;
    };

    explicit PictureVideoWriter(const QString &path);
    PictureVideoWriter(const QString &path, const Options &options);
    ~PictureVideoWriter();

    QString path() const { return m_path; }
    QString partialPath() const { return VideoOutputFile::partialPathFor(m_path); }

    // Opens the encoder and the partial file for pictures of `size` (rounded down to even).
    bool open(const QSize &size);
    bool isOpen() const;
    // Adds one picture (scaled to the open size when it differs). `timestampMs` is read with the
    // Timestamps clock only; it must grow (a picture at or before the last one is moved 1 ms on).
    bool addPicture(const QImage &picture, qint64 timestampMs = 0);
    // Holds the last picture, writes the trailer and renames the partial file onto path().
    bool finish();
    // Stops and removes the partial file.
    void abort();

    QString errorString() const { return m_error; }
    QString encoderName() const { return m_encoderName; }
    // Frames in the file so far (the hold included once finish() ran).
    int frameCount() const { return m_frames; }
    QSize size() const { return m_size; }

private:
    struct Context;
    bool fail(const QString &message);
    bool failFfmpeg(int averror);
    bool sendFrame(bool flush);
    bool drainPackets();

    QString m_path;
    Options m_options;
    QString m_error;
    QString m_encoderName;
    QSize m_size;
    int m_frames = 0;
    qint64 m_lastPts = -1;
    std::unique_ptr<Context> m_context;
};
