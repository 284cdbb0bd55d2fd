// farmcam-bench's results as Markdown tables (for docs/PERFORMANCE.md and the terminal).
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace BenchReport {

// One row per grid scenario (objects from GridScenario::run, with "scenario" added).
QString gridTable(const QJsonArray &scenarios);
// One row per RTSPS scenario, with its ffmpeg anchor beside it.
QString rtspsTable(const QJsonArray &scenarios);
// encode: scenarios: the window without encodes, the window during them, and the difference.
QString encodeTable(const QJsonArray &scenarios);
// One row per client (the object from GrabScenario::run).
QString grabTable(const QJsonObject &grab);
// Before/after: the "grid" arrays and "grab" objects of two runs (farmcam-bench --json), matched
// by scenario and client name.
QString comparisonTable(const QJsonObject &before, const QJsonObject &after);

} // namespace BenchReport
