// Encodes pictures into H.264 access units the way an X1-class camera sends them, with FFmpeg's
// libx264 encoder: for tests and benchmarks that need real H.264 without a camera.
#pragma once

#include <QByteArray>
#include <QImage>
#include <QList>
#include <QSize>
#include <QString>

#include <memory>

// Each encode() returns one access unit in Annex B byte-stream format; every key frame is an IDR
// that carries SPS and PPS in-band (decodable alone), no B-frames, key frames exactly every
// `keyInterval` frames (no extra ones at scene cuts), one frame in, one access unit out.
class H264ClipEncoder final
{
    Q_DISABLE_COPY_MOVE(H264ClipEncoder)

public:
    struct AccessUnit
    {
        QByteArray bytes;
        bool keyFrame = false;
    };

    // `preset`: x264's speed preset. "ultrafast" (tests) has no CABAC and no deblocking; cameras
    // encode with both, so benchmarks use a slower preset ("veryfast") and a camera's bit rate.
    H264ClipEncoder(const QSize &size, int keyInterval, int framesPerSecond = 30,
                    const QString &preset = QStringLiteral("ultrafast"), int bitRate = 0);
    ~H264ClipEncoder();

    // False when libx264 is not available or the encoder did not open (errorString()).
    bool isValid() const;
    QString errorString() const { return m_error; }

    // Encodes the picture (scaled to the encoder's size if needed). An empty access unit on error.
    AccessUnit encode(const QImage &picture);

    // A solid picture of `colour` with a small white square whose position tells `index` apart:
    // what tests assert on (the colour) while frames still differ a little.
    static QImage testPicture(const QSize &size, const QColor &colour, int index);

private:
    struct Context;
    QString m_error;
    std::unique_ptr<Context> m_context;
};
