// The bytes of a failure-clip ring chunk: camera frames as they came, one record after another.
#pragma once

#include "frames/cameraframe.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

// Pure. A chunk file is kHeader followed by records, each:
//   u32 magic "FRM1" | u8 codec (1 JPEG, 2 H.264) | u8 flags (bit 0: key frame) | u16 zero |
//   i64 receivedNs | i64 receivedAt (ms since the epoch, UTC) | u32 length | length bytes
// little-endian. A chunk is appended to while the camera runs, so a crash or a full disk can cut
// the last record anywhere: parse() keeps every whole record before the cut and says it stopped
// early. Anything else that is not a record (a bad magic, codec or length) ends the parse too:
// the file came from disk and is not trusted.
class RingChunkFormat final
{
public:
    static constexpr QByteArrayView kHeader = "FCRING1\n";
    static constexpr qsizetype kRecordHeaderBytes = 28;
    // A frame larger than this is refused on both sides (H264Decoder's access unit limit).
    static constexpr qsizetype kMaxFrameBytes = 8 * 1024 * 1024;

    struct Parsed
    {
        QList<CameraFrame> frames;
        bool complete = true; // false: the header was wrong or the bytes ended mid-record
    };

    RingChunkFormat() = delete;

    // The record header for `frame` (its bytes follow); empty for a frame that cannot be kept
    // (no encoded bytes, or too large).
    static QByteArray recordHeader(const CameraFrame &frame);
    static Parsed parse(QByteArrayView chunk);
};
