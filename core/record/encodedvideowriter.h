// Copies a camera's encoded frames into a video file without decoding or re-encoding them.
#pragma once

#include "record/videooutputfile.h"

#include "frames/cameraframe.h"

#include <QSize>
#include <QString>

#include <memory>

// H.264 access units (Annex B, SPS/PPS in-band on key frames, as an RTSPS camera publishes them)
// go into MP4 or Matroska as they are; port-6000 JPEGs go into Matroska as MJPEG, each JPEG one
// frame. Nothing is decoded: the picture size comes from the H.264 parser (SPS) or the JPEG
// header.
//
// The first frame must be an H.264 key frame (earlier ones are skipped and counted) or a JPEG;
// later frames of another codec are refused. Times come from the frames' receivedNs (steady
// clock; receivedAt when 0) in milliseconds from the first frame, so the file plays in real time.
//
// As PictureVideoWriter: everything goes to `<path>.partial`, renamed onto `path` once the
// trailer is written; errors are plain words; abort() or destruction removes the partial file.
// Not thread-safe.
class EncodedVideoWriter final
{
    Q_DISABLE_COPY_MOVE(EncodedVideoWriter)

public:
    enum class Container { Mp4, Matroska };

    EncodedVideoWriter(const QString &path, Container container);
    ~EncodedVideoWriter();

    QString path() const { return m_path; }
    QString partialPath() const { return VideoOutputFile::partialPathFor(m_path); }

    // Opens the file on the first usable frame. False on an error (errorString()); a frame that
    // is merely skipped (H.264 before the first key frame) returns true.
    bool addFrame(const CameraFrame &frame);
    bool isOpen() const;
    // Writes the trailer and renames. False with nothing written (no frame came).
    bool finish();
    void abort();

    QString errorString() const { return m_error; }
    CameraFrame::Codec codec() const { return m_codec; }
    QSize size() const { return m_size; }
    int frameCount() const { return m_frames; }
    int skippedCount() const { return m_skipped; }
    // From the first frame to the last one written.
    qint64 durationMs() const { return m_lastMs; }

    // The picture size an H.264 key frame's SPS announces, without decoding; invalid if none.
    static QSize h264SizeOf(const QByteArray &accessUnit);

private:
    struct Context;
    bool open(const CameraFrame &first);
    bool fail(const QString &message);
    bool failFfmpeg(int averror);
    bool writePending(qint64 durationMs);
    static qint64 clockMsOf(const CameraFrame &frame);

    QString m_path;
    Container m_container;
    QString m_error;
    CameraFrame::Codec m_codec = CameraFrame::Codec::None;
    QSize m_size;
    int m_frames = 0;
    int m_skipped = 0;
    qint64 m_firstClockMs = 0;
    qint64 m_lastMs = -1;
    qint64 m_lastDurationMs = 33;
    std::unique_ptr<Context> m_context;
};
