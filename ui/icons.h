// Small line icons drawn with QPainter, so they are crisp at any scale and legible on the dark
// tiles, without shipping image files.
#pragma once

#include <QIcon>

class QColor;

namespace Icons {

QIcon snapshot(const QColor &color);
QIcon edit(const QColor &color);
QIcon fullView(const QColor &color);
QIcon backToGrid(const QColor &color);
QIcon retry(const QColor &color);
// A ring with a dot: recording on demand.
QIcon record(const QColor &color);
QIcon folder(const QColor &color);
QIcon add(const QColor &color);
// The application icon: the packaged SVG, or a drawn stand-in where SVG is not supported.
QIcon application();

} // namespace Icons
