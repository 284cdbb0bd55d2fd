// Decodes H.264 access units (Annex B byte stream) with FFmpeg's decoder into QImages at a size.
#pragma once

#include <QByteArray>
#include <QImage>
#include <QSize>
#include <QString>

#include <memory>

// One decoding context: not thread-safe, use it from one thread at a time. Each decode() takes
// one whole access unit, as an RTSPS camera publishes it (a key frame carries SPS and PPS, so it
// decodes alone); the picture is kept in the decoder's own format and converted with swscale
// straight to the size asked for in picture(), so a tile never pays for a full-size RGB copy.
//
// The bytes come from the network: anything may arrive. Corrupt input is an Error, never a crash;
// a picture the decoder had to conceal (a lost slice, a missing reference frame) is an Error too,
// so nobody ever shows or saves a half-decoded or grey picture. Memory is bounded: access units
// over kMaxAccessUnitBytes are refused, pictures over kMaxPixels are refused by FFmpeg, and
// FFmpeg's reference list is bounded by the stream's level.
//
// Single-threaded: on the 2-core machine the printers' decoders run side by side on the shared
// pool; threads inside one decoder would only add delay and memory per printer.
class H264Decoder final
{
    Q_DISABLE_COPY_MOVE(H264Decoder)

public:
    enum class Mode {
        EveryFrame, // a stream decoded in order; any frame's picture
        KeyFramesOnly, // FFmpeg skips every frame but key frames (skip_frame = AVDISCARD_NONKEY)
    };
    enum class Result {
        Picture, // a new picture, clean (picture())
        NoPicture, // accepted, nothing to show: a skipped non-key frame, parameter sets only
        Error, // corrupt, concealed, refused or undecodable: the previous picture stays
    };

    static constexpr qsizetype kMaxAccessUnitBytes = 8 * 1024 * 1024;
    // 4K: a 1080p camera with room to spare; at most ~200 MB of reference frames at level 5.1.
    static constexpr int kMaxPixels = 3840 * 2160;

    explicit H264Decoder(Mode mode = Mode::EveryFrame);
    ~H264Decoder();

    Mode mode() const { return m_mode; }
    // False when FFmpeg has no H.264 decoder (errorString() says so); decode() then fails.
    bool isValid() const;

    // Skips the deblocking filter (skip_loop_filter = AVDISCARD_ALL): a cheaper decode whose
    // pictures are slightly blocky and drift a little until the next key frame. Good enough for a
    // tile a quarter of the camera's width; never for the single view or a snapshot.
    void setFast(bool fast);
    bool isFast() const { return m_fast; }

    Result decode(const QByteArray &accessUnit);
    // Why the last decode() was an Error, in plain words (for logs).
    QString errorString() const { return m_error; }

    // The last clean picture fitted into `fitInto` (FrameDecoder::fittedSize; empty = full size),
    // Format_RGB32. Null before the first picture.
    QImage picture(const QSize &fitInto = {});
    bool hasPicture() const;
    // The size of the last clean picture, as decoded.
    QSize pictureSize() const;

    // Forgets the stream (references, picture): the next frame must be a key frame.
    void reset();

    // Access units decoded (Picture or Error); NoPicture ones are not counted.
    quint64 decodedCount() const { return m_decoded; }

private:
    struct Context;
    bool open();
    Result fail(const QString &error);

    Mode m_mode;
    bool m_fast = false;
    QString m_error;
    quint64 m_decoded = 0;
    std::unique_ptr<Context> m_context;
};
