// One video file as FFmpeg's muxer writes it, never unplayable under its final name: what
// PictureVideoWriter and EncodedVideoWriter share.
#pragma once

#include <QString>

struct AVFormatContext;
struct AVStream;

// Everything goes to `<path>.partial`, which is renamed onto `path` only once the trailer is
// written: a crash leaves a partial file (RecordingLibrary::cleanLeftovers() removes it), never a
// file without its index under the final name. abandon() or destruction before finish() removes
// the partial file. Errors are plain words (errorString()). Not thread-safe.
class VideoOutputFile final
{
    Q_DISABLE_COPY_MOVE(VideoOutputFile)

public:
    explicit VideoOutputFile(const QString &path);
    ~VideoOutputFile();

    QString path() const { return m_path; }
    static QString partialPathFor(const QString &path) { return path + QStringLiteral(".partial"); }
    QString partialPath() const { return partialPathFor(m_path); }

    // Makes the folder and the muxer for `formatName` ("mp4", "matroska") with one video stream,
    // whose codec parameters the caller fills in before writeHeader().
    bool create(const char *formatName);
    AVFormatContext *format() const { return m_format; }
    AVStream *stream() const { return m_stream; }
    // Opens the partial file and writes the header; an MP4 gets `movflags=+faststart` (its
    // index first, so that it plays while it downloads).
    bool writeHeader();
    // Writes the trailer, closes the file and renames it onto path().
    bool finish();
    // Frees the muxer and removes the partial file (nothing once finished).
    void abandon();

    QString errorString() const { return m_error; }
    // `averror` (AVERROR(...)) met while writing this file, in words; also kept as errorString().
    QString ffmpegError(int averror);

private:
    bool fail(const QString &message);
    void freeMuxer();

    QString m_path;
    QString m_error;
    AVFormatContext *m_format = nullptr;
    AVStream *m_stream = nullptr;
    bool m_isMp4 = false;
};
