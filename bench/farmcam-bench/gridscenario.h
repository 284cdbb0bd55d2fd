// One end-to-end run of the real grid window, offscreen, against a farmcam-sim process: what the
// app costs per frame received, how late pictures reach the screen, and its memory. With RTSPS
// printers, also what the ffmpeg command users run today costs against the same simulator. With
// encodeTimelapses, what the wall's latency becomes while timelapses encode beside it.
#pragma once

#include <QJsonObject>
#include <QSize>
#include <QString>

struct GridScenarioOptions
{
    enum class Camera { JpegStream, Rtsps };

    Camera camera = Camera::JpegStream;
    int printers = 1;
    double framesPerSecond = 1;
    int durationSeconds = 20;
    QSize windowSize{1920, 1080};
    bool minimized = false; // the window minimized all run: nothing should be decoded
    bool single = false; // the single view of the first printer: the other tiles are hidden
    bool hidden = false; // the window hidden (closed to the tray): every tile hidden
    int jpegQuality = 70; // the simulator's: 70 gives frames of about 100 KB
    // RTSPS: the X1-class camera's video (framesPerSecond is the video's, a whole number).
    QSize videoSize{1920, 1080};
    double keyFrameIntervalS = 1;
    // RTSPS: after the app's run, the ffmpeg anchor (FfmpegAnchor) against the same simulator for
    // as long; empty = none.
    QString ffmpegProgram;
    QString simProgram;
    // After the measured window, the same window again while 300-layer 1280x720 timelapses encode
    // back to back through TimelapseRecorder on the app's encode thread (TimelapseEncodeLoad);
    // its figures go under "duringEncode". The frames are rendered into (or reused from) the
    // folder.
    bool encodeTimelapses = false;
    QString encodeFramesFolder;
};

namespace GridScenario {

// Runs in this process (a QApplication must exist) and returns the figures; on failure an object
// with "error". Call once per process: CPU and peak memory are the whole process's.
QJsonObject run(const GridScenarioOptions &options);

} // namespace GridScenario
