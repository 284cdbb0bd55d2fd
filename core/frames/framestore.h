// What a FrameHub keeps of its camera's stream for consumers on any thread: the newest frame, the
// H.264 frames since the last key frame, and the newest full-resolution picture on demand.
#pragma once

#include "frames/cameraframe.h"
#include "frames/gopbuffer.h"

#include <QByteArray>
#include <QList>
#include <QMutex>

#include <functional>
#include <memory>

class H264Decoder;

// Snapshots and HTTP sharing need "the newest picture, whole, at full resolution" without
// waiting for a tile, from a worker thread. For a JPEG camera that is the camera's own frame
// (latestJpeg() returns its bytes, never re-encoded). For H.264 the newest frame needs every
// frame since the last key frame: the store keeps them (GopBuffer, bounded) and decodes them on
// demand, unless the hub's stream decoder already shows the newest frame at full quality (the
// single view is open), in which case that picture is converted instead of decoding again.
//
// Never a half-decoded picture: if any frame after the key frame fails to decode, the picture is
// the key frame's own (older, but whole), and the frame returned says so (its receive time and
// sequence are the key frame's). Decoding on demand is incremental: a second request within the
// same group of pictures decodes only the frames that came since the first.
//
// publish() and clear() belong to the hub's thread; everything else is thread-safe. Held by
// std::shared_ptr, so a worker keeps it alive after the hub is gone.
class FrameStore final
{
    Q_DISABLE_COPY_MOVE(FrameStore)

public:
    explicit FrameStore(qsizetype maxGopBytes = GopBuffer::kDefaultMaxBytes,
                        int maxGopFrames = GopBuffer::kDefaultMaxFrames);
    ~FrameStore();

    // The hub's numbered frame: kept as latest(); an H.264 frame also goes into the group.
    void publish(const CameraFrame &frame);
    void clear();

    CameraFrame latest() const;
    // H.264: the frames since the last key frame (key frame first), as far as the bounds allow.
    QList<CameraFrame> gopFrames() const;
    qsizetype gopByteSize() const;
    int gopFrameCount() const;
    bool isGopTruncated() const;
    quint64 gopDroppedCount() const;

    // The hub's stream decoder: its current full-quality picture of a frame, if it has one.
    void setStreamPictureFunction(std::function<QImage(quint64 sequence)> function);

    // The newest frame with its picture at full resolution attached (CameraFrame::picture()):
    // for JPEG the camera's frame decoded; for H.264 decoded from the last key frame through the
    // newest frame it holds (see above); for a picture-only frame the frame itself. Null when
    // there is nothing whole to show yet. Blocks for a decode: call it off the GUI thread.
    CameraFrame latestPicture();
    // latestPicture() as JPEG: for a JPEG camera the camera's own bytes (no decode at all), else
    // the picture encoded at `quality`. Empty when there is no picture yet.
    QByteArray latestJpeg(int quality = 95);

    // Access units decoded for latestPicture(); 0 while the stream decoder had the picture.
    quint64 onDemandDecodeCount() const;

private:
    struct OnDemand;
    CameraFrame decodeGroup(const QList<CameraFrame> &frames);

    mutable QMutex m_mutex; // the members up to m_jpegCache
    CameraFrame m_latest;
    GopBuffer m_gop;
    std::function<QImage(quint64)> m_streamPicture;
    CameraFrame m_pictureCache; // latestPicture() of the newest frame, until a newer one comes
    quint64 m_jpegSequence = 0;
    int m_jpegQuality = -1;
    QByteArray m_jpegCache;

    QMutex m_decodeMutex; // one on-demand decode at a time; a second caller then hits the cache
    std::unique_ptr<OnDemand> m_onDemand; // guarded by m_decodeMutex
    quint64 m_onDemandDecodes = 0; // guarded by m_mutex
};
