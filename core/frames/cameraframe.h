// One picture from a camera as it arrived: the encoded bytes (JPEG or an H.264 access unit) and/or
// a decoded picture, plus when it arrived. A value, cheap to copy.
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QImage>
#include <QMetaType>
#include <QSize>

// Every member is implicitly shared (or a scalar), so copying a frame into a queued signal, a
// mailbox or a snapshot request copies no pixels and no bytes. The encoded bytes are the camera's
// own: a JPEG camera's frame is never re-encoded on its way to disk or to a viewer.
class CameraFrame final
{
public:
    enum class Codec { None, Jpeg, H264 };

    CameraFrame() = default;

    // `receivedAt` names files after the picture (wall clock); `receivedNs` is when the last byte
    // arrived on steadyNowNs()'s clock, for latency and ordering.
    static CameraFrame fromJpeg(const QByteArray &jpeg, const QDateTime &receivedAt,
                                qint64 receivedNs);
    static CameraFrame fromEncoded(Codec codec, const QByteArray &data, bool keyFrame,
                                   const QDateTime &receivedAt, qint64 receivedNs);
    // A frame that only has a picture: the loopback camera, or a decoded H.264 frame.
    static CameraFrame fromPicture(const QImage &picture, const QDateTime &receivedAt,
                                   qint64 receivedNs);
    // The same frame (bytes, times, sequence) with a decoded picture attached.
    CameraFrame withPicture(const QImage &picture) const;

    // Neither encoded bytes nor a picture.
    bool isNull() const;
    Codec codec() const { return m_codec; }
    const QByteArray &encoded() const { return m_encoded; }
    // JPEG frames are all key frames; for H.264 what the camera said.
    bool isKeyFrame() const { return m_keyFrame; }
    const QImage &picture() const { return m_picture; }
    QDateTime receivedAt() const { return m_receivedAt; }
    qint64 receivedNs() const { return m_receivedNs; }
    // Numbered by the FrameHub that published it (1, 2, ...); 0 before that.
    quint64 sequence() const { return m_sequence; }
    void setSequence(quint64 sequence) { m_sequence = sequence; }
    // Encoded bytes only: what it costs to keep or send the frame as the camera sent it.
    qsizetype byteSize() const { return m_encoded.size(); }

    // The camera's own bytes when it sent JPEG (never re-encoded), else the picture encoded as
    // JPEG at `quality`, else empty (H.264 without a decoded picture).
    QByteArray toJpeg(int quality = 90) const;

    // The picture fitted into `fitInto` with its aspect ratio kept (FrameDecoder::fittedSize; an
    // empty size is full size): the attached picture scaled when there is one, else the JPEG
    // decoded with DCT scaling (FrameDecoder::decode). Null for H.264 without a picture and for a
    // corrupt JPEG. Costs a decode: call it off the GUI thread (FrameDecoder does).
    QImage toPicture(const QSize &fitInto = {}) const;

    // std::chrono::steady_clock now, in nanoseconds: the clock of receivedNs().
    static qint64 steadyNowNs();

private:
    Codec m_codec = Codec::None;
    bool m_keyFrame = false;
    QByteArray m_encoded;
    QImage m_picture;
    QDateTime m_receivedAt;
    qint64 m_receivedNs = 0;
    quint64 m_sequence = 0;
};

Q_DECLARE_METATYPE(CameraFrame)
