// One H.264 stream decoded frame by frame, in order, on the shared thread pool.
#pragma once

#include "frames/cameraframe.h"

#include <QList>
#include <QObject>
#include <QSize>

#include <functional>
#include <memory>

// A FrameHub's stateful decoder: every subscription that wants every frame (the single view)
// shares it, and it refreshes key-frame-only tiles when the camera's key frames are rare. Unlike
// a subscription's newest-wins mailbox it never skips a frame it has started on: each P-frame
// needs the one before it. It keeps a FIFO, one job at a time on QThreadPool::globalInstance(),
// and a bound: more than kMaxBacklogFrames frames behind, it drops what waits and starts again
// at the next key frame. After a decode error, a gap in sequence numbers or reset(), it also
// waits for a key frame, so it never hands out a picture decoded from missing references.
//
// Pictures arrive as picturesReady() on this object's thread. It may be destroyed while a job
// runs; the job finishes its frame and delivers nothing.
class H264StreamDecoder final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(H264StreamDecoder)

public:
    static constexpr int kMaxBacklogFrames = 60; // 2 s at 30 fps

    // What to make of one frame.
    struct Request
    {
        CameraFrame frame; // null: the current picture again (a viewer that resumed or resized)
        QList<QSize> sizes; // a picture at each size; empty = decode only (catching up)
        bool forTiles = false; // handed to key-frame-only subscriptions too
    };
    struct Picture
    {
        QSize size;
        QImage picture;
    };

    explicit H264StreamDecoder(QObject *parent = nullptr);
    ~H264StreamDecoder() override;

    // Queues a request. A frame that is not a key frame is dropped while the decoder waits for
    // one (after reset(), an overflow or an error it saw at queueing time).
    void enqueue(Request request);
    // Drops what waits and forgets the stream; the next frame decoded is a key frame.
    void reset();
    // Skip the deblocking filter (H264Decoder::setFast): for tiles only. Takes effect with the
    // next frame decoded; callers reset() to avoid a mix within one group of pictures.
    void setFast(bool fast);
    bool isFast() const;
    // Requests with pictures waiting (the catch-up's decode-only frames are not counted).
    int backlog() const;

    quint64 decodedCount() const; // access units run through the decoder
    quint64 droppedCount() const; // frames never decoded: behind, gaps, waiting for a key frame

    // Any thread: the decoder's current picture at full resolution if it shows frame `sequence`
    // and was decoded at full quality (not fast); else null. Waits for a decode under way.
    // Stays valid after the decoder is destroyed (it then returns null).
    std::function<QImage(quint64 sequence)> fullPictureFunction() const;

signals:
    // The frame the pictures show (bytes and times, no picture attached), whether key-frame
    // subscriptions get them too, and one picture per size asked for.
    void picturesReady(const CameraFrame &frame, bool forTiles,
                       const QList<H264StreamDecoder::Picture> &pictures);

private:
    struct State;
    static void run(const std::shared_ptr<State> &state);
    void deliver(quint64 generation, const CameraFrame &frame, bool forTiles,
                 const QList<Picture> &pictures);

    std::shared_ptr<State> m_state;
};
