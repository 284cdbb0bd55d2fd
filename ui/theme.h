// FarmCam's look: a dark Fusion palette (camera pictures read best on dark) and the few colours
// the tiles share with the rest of the window.
#pragma once

#include <QColor>

namespace Theme {

void apply(); // call once, after the QApplication exists

QColor windowBackground(); // behind the tiles
QColor tileBackground(); // letterbox and empty tile
QColor accent(); // selection ring, primary buttons
QColor textPrimary();
QColor textSecondary();
QColor live();
QColor busy();
QColor warning();
QColor error();
QColor off();

} // namespace Theme
