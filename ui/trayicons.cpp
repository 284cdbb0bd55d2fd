#include "trayicons.h"

#include <QColor>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace TrayIcons {

namespace {

// Drawn on a 22x22 grid (the common panel size); other sizes scale the grid.
constexpr qreal kGrid = 22.0;
const QPointF kDot(16.8, 16.8);
constexpr qreal kDotRadius = 5.0;

const QColor kGlyph(0xee, 0xf0, 0xf3); // light body
const QColor kOutline(0x1c, 0x1e, 0x22); // dark rim: contrast on light panels

QPainterPath cameraBody()
{
    QPainterPath body;
    body.addRoundedRect(QRectF(1.0, 6.0, 16.5, 11.5), 2.5, 2.5);
    QPainterPath bump; // the viewfinder hump on top
    bump.addRoundedRect(QRectF(4.0, 3.5, 6.5, 4.5), 1.5, 1.5);
    return body.united(bump);
}

} // namespace

QPointF dotCenter(int size)
{
    return kDot * (size / kGrid);
}

QImage render(const QColor &dotColor, int size)
{
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.scale(size / kGrid, size / kGrid);

    // Below ~20 px a thinner rim would blur away: keep it at least one device pixel wide.
    const qreal outline = qMax(1.3, kGrid / size);

    // Camera body with its lens punched through as a ring.
    const QPainterPath body = cameraBody();
    painter.setPen(QPen(kOutline, outline, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter.setBrush(kGlyph);
    painter.drawPath(body);
    const QPointF lens(8.25, 11.75);
    painter.setBrush(kOutline);
    painter.setPen(Qt::NoPen);
    painter.drawEllipse(lens, 3.7, 3.7);
    painter.setBrush(kGlyph);
    painter.drawEllipse(lens, 1.8, 1.8);

    // A clear gap around the dot separates it from the body at small sizes.
    painter.setCompositionMode(QPainter::CompositionMode_Clear);
    painter.setBrush(Qt::black);
    painter.drawEllipse(kDot, kDotRadius + 1.0, kDotRadius + 1.0);
    painter.setCompositionMode(QPainter::CompositionMode_SourceOver);

    painter.setPen(QPen(kOutline, outline));
    painter.setBrush(dotColor);
    painter.drawEllipse(kDot, kDotRadius - outline / 2, kDotRadius - outline / 2);
    painter.end();
    return image;
}

QIcon statusIcon(const QColor &dotColor)
{
    QIcon icon;
    for (const int size : {16, 20, 22, 24, 32, 44, 48, 64})
        icon.addPixmap(QPixmap::fromImage(render(dotColor, size)));
    return icon;
}

} // namespace TrayIcons
