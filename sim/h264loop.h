// A short H.264 clip of the simulated printer scene, encoded once and replayed forever.
#pragma once

#include <QByteArray>
#include <QList>
#include <QSize>
#include <QString>

#include <memory>

// The pictures of a simulated RTSPS printer (RtspsPrinterSimulator), encoded once at start-up so
// that serving them costs almost nothing: FrameRenderer draws `durationFrames()` frames, x264
// (GStreamer's x264enc) encodes them as H.264 Main profile, 4:2:0, without B-frames, with a key
// frame (IDR, SPS and PPS in-band before it) every `keyFrameIntervalFrames()` frames starting with
// the first, so the clip loops seamlessly from its last frame back to its first key frame.
//
// Immutable once made, so simulators on any thread share one (shared()): sixteen simulated X1s at
// 1920x1080 and 30 fps hold one clip, not sixteen. The picture carries the name drawn on it, so
// only printers of the same name share.
class H264Loop final
{
    Q_DISABLE_COPY_MOVE(H264Loop)

public:
    struct Format
    {
        QString name = QStringLiteral("Simulated X1C"); // drawn on the pictures
        QSize size = QSize(1280, 720); // even width and height, 64x64 to 3840x2160
        int framesPerSecond = 30; // 1-60
        double keyFrameIntervalSeconds = 1; // 0.1-60: how often a key frame comes
        // How long the clip is at least; it is made a whole number of key-frame intervals.
        double minimumSeconds = 2;

        int keyFrameIntervalFrames() const;
        // A whole number of key-frame intervals, at least minimumSeconds long.
        int durationFrames() const;
        // Empty when valid, else a sentence saying what is wrong.
        QString error() const;
        bool operator==(const Format &other) const;
        bool operator!=(const Format &other) const { return !(*this == other); }
    };

    struct AccessUnit
    {
        QByteArray bytes; // Annex B: start codes, and SPS + PPS before every IDR
        bool keyFrame = false;
    };

    // Renders and encodes a clip now (a second or two of CPU at 1280x720; more for big or long
    // clips). Needs GStreamer's x264enc, videoconvert, h264parse and app elements. nullptr on
    // failure, with the reason in *error. Text needs a QGuiApplication (see FrameRenderer).
    static std::shared_ptr<const H264Loop> encode(const Format &format, QString *error = nullptr);
    // The clip for `format`, encoded only if no one holds one of that format already. Thread-safe;
    // callers asking for the same format at once wait for one encoding.
    static std::shared_ptr<const H264Loop> shared(const Format &format, QString *error = nullptr);

    Format format() const { return m_format; }
    int frameCount() const { return int(m_units.size()); }
    const AccessUnit &accessUnit(int index) const { return m_units.at(index); }
    int keyFrameCount() const;
    qint64 totalBytes() const;

private:
    H264Loop(const Format &format, QList<AccessUnit> units);

    Format m_format;
    QList<AccessUnit> m_units;
};
