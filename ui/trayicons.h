// The tray's status icon, drawn with QPainter: a camera glyph with a coloured status dot. Light
// glyph, dark outline: it reads on light and on dark panels alike, and is crisp at 16-22 px
// because every size is drawn on its own rather than scaled.
#pragma once

#include <QIcon>
#include <QImage>
#include <QPointF>

class QColor;

namespace TrayIcons {

// Every size a panel is likely to ask for, each drawn at that size.
QIcon statusIcon(const QColor &dotColor);
// One size (in device pixels), for statusIcon() and for tests.
QImage render(const QColor &dotColor, int size);
// Where the dot's centre is in an image of `size` pixels (tests sample its colour there).
QPointF dotCenter(int size);

} // namespace TrayIcons
