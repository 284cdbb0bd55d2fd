// One end-to-end run of the real grid window, offscreen, against a farmcam-sim process: what the
// app costs per frame received, how late pictures reach the screen, and its memory.
#pragma once

#include <QJsonObject>
#include <QSize>
#include <QString>

struct GridScenarioOptions
{
    int printers = 1;
    double framesPerSecond = 1;
    int durationSeconds = 20;
    QSize windowSize{1920, 1080};
    bool minimized = false; // the window minimized all run: nothing should be decoded
    bool single = false; // the single view of the first printer: the other tiles are hidden
    int jpegQuality = 70; // the simulator's: 70 gives frames of about 100 KB
    QString simProgram;
};

namespace GridScenario {

// Runs in this process (a QApplication must exist) and returns the figures; on failure an object
// with "error". Call once per process: CPU and peak memory are the whole process's.
QJsonObject run(const GridScenarioOptions &options);

} // namespace GridScenario
