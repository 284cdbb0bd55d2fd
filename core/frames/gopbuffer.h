// The H.264 frames since the last key frame: what a decode of the newest frame needs.
#pragma once

#include "frames/cameraframe.h"

#include <QList>

// A key frame starts a new group and lets the old one go. The group is bounded in frames and in
// bytes: a camera that sends key frames rarely (or never) cannot make it grow without end. Past a
// bound, frames are dropped until the next key frame, so the group always stays decodable: its
// frames are a key frame and the frames that directly follow it, in order, without a gap.
// Not thread-safe; FrameStore guards it.
class GopBuffer final
{
public:
    static constexpr qsizetype kDefaultMaxBytes = 32 * 1024 * 1024;
    static constexpr int kDefaultMaxFrames = 600; // 20 s at 30 fps

    explicit GopBuffer(qsizetype maxBytes = kDefaultMaxBytes, int maxFrames = kDefaultMaxFrames);

    // Returns whether the frame is now held. A non-key frame is refused before the first key
    // frame, after a gap in sequence numbers, and once a bound was reached (until the next key
    // frame).
    bool append(const CameraFrame &frame);
    void clear();

    // The key frame first, then the frames after it; empty before the first key frame.
    const QList<CameraFrame> &frames() const { return m_frames; }
    bool isEmpty() const { return m_frames.isEmpty(); }
    qsizetype byteSize() const { return m_bytes; }
    // A bound was reached: frames() stops short of the newest frame until the next key frame.
    bool isTruncated() const { return m_truncated; }
    // Frames refused since the buffer was made.
    quint64 droppedCount() const { return m_dropped; }

    qsizetype maxBytes() const { return m_maxBytes; }
    int maxFrames() const { return m_maxFrames; }

private:
    qsizetype m_maxBytes;
    int m_maxFrames;
    QList<CameraFrame> m_frames;
    qsizetype m_bytes = 0;
    bool m_truncated = false;
    quint64 m_dropped = 0;
};
