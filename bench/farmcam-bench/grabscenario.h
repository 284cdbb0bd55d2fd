// farmcam-grab against farmcam-sim at full speed, next to the drain-only reader (the floor for any
// client): CPU per frame of each, as separate processes, in the same run.
#pragma once

#include <QJsonObject>
#include <QString>

struct GrabScenarioOptions
{
    QString simProgram;
    QString grabProgram;
    QString benchProgram; // this program, for its --drain mode
    double framesPerSecond = 120; // the simulator's most
    int jpegQuality = 70;
    // Each client runs twice, for `fewFrames` and for `manyFrames`: the difference divided by the
    // frames between is the cost per frame without start-up and handshake.
    int fewFrames = 100;
    int manyFrames = 600;
    int repetitions = 3;
    bool files = true; // also farmcam-grab writing files (into a temporary folder)
};

namespace GrabScenario {

QJsonObject run(const GrabScenarioOptions &options);

} // namespace GrabScenario
