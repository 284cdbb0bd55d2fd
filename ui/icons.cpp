#include "icons.h"

#include <QColor>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

#include <functional>

namespace {

// Icons are drawn on a 24x24 grid, the way most icon sets are designed.
using Drawing = std::function<void(QPainter &)>;

QIcon render(const QColor &color, const Drawing &draw)
{
    QIcon icon;
    for (const int size : {16, 20, 24, 32, 48, 64}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.scale(size / 24.0, size / 24.0);
        QPen pen(color, 1.8, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
        painter.setPen(pen);
        painter.setBrush(Qt::NoBrush);
        draw(painter);
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

} // namespace

namespace Icons {

QIcon snapshot(const QColor &color)
{
    return render(color, [](QPainter &p) {
        QPainterPath body;
        body.moveTo(3, 8);
        body.quadTo(3, 6.5, 4.5, 6.5);
        body.lineTo(7.5, 6.5);
        body.lineTo(9, 4.5);
        body.lineTo(15, 4.5);
        body.lineTo(16.5, 6.5);
        body.lineTo(19.5, 6.5);
        body.quadTo(21, 6.5, 21, 8);
        body.lineTo(21, 17.5);
        body.quadTo(21, 19, 19.5, 19);
        body.lineTo(4.5, 19);
        body.quadTo(3, 19, 3, 17.5);
        body.closeSubpath();
        p.drawPath(body);
        p.drawEllipse(QPointF(12, 12.5), 3.6, 3.6);
    });
}

QIcon edit(const QColor &color)
{
    return render(color, [](QPainter &p) {
        QPainterPath pencil;
        pencil.moveTo(15.5, 4.5);
        pencil.lineTo(19.5, 8.5);
        pencil.lineTo(8.5, 19.5);
        pencil.lineTo(4, 20);
        pencil.lineTo(4.5, 15.5);
        pencil.closeSubpath();
        p.drawPath(pencil);
        p.drawLine(QPointF(13, 7), QPointF(17, 11));
    });
}

QIcon fullView(const QColor &color)
{
    return render(color, [](QPainter &p) {
        p.drawPolyline(QPolygonF({{4, 9}, {4, 4}, {9, 4}}));
        p.drawPolyline(QPolygonF({{15, 4}, {20, 4}, {20, 9}}));
        p.drawPolyline(QPolygonF({{20, 15}, {20, 20}, {15, 20}}));
        p.drawPolyline(QPolygonF({{9, 20}, {4, 20}, {4, 15}}));
    });
}

QIcon backToGrid(const QColor &color)
{
    return render(color, [](QPainter &p) {
        p.drawRoundedRect(QRectF(4, 4, 6.5, 6.5), 1.2, 1.2);
        p.drawRoundedRect(QRectF(13.5, 4, 6.5, 6.5), 1.2, 1.2);
        p.drawRoundedRect(QRectF(4, 13.5, 6.5, 6.5), 1.2, 1.2);
        p.drawRoundedRect(QRectF(13.5, 13.5, 6.5, 6.5), 1.2, 1.2);
    });
}

QIcon retry(const QColor &color)
{
    return render(color, [](QPainter &p) {
        p.drawArc(QRectF(5, 5, 14, 14), 60 * 16, 290 * 16);
        p.drawPolyline(QPolygonF({{15.5, 3.5}, {16.5, 6.8}, {13.2, 7.8}}));
    });
}

QIcon record(const QColor &color)
{
    return render(color, [color](QPainter &p) {
        p.drawEllipse(QPointF(12, 12), 8, 8);
        p.setBrush(color);
        p.drawEllipse(QPointF(12, 12), 4, 4);
    });
}

QIcon folder(const QColor &color)
{
    return render(color, [](QPainter &p) {
        QPainterPath path;
        path.moveTo(3, 6.5);
        path.quadTo(3, 5, 4.5, 5);
        path.lineTo(9, 5);
        path.lineTo(11, 7);
        path.lineTo(19.5, 7);
        path.quadTo(21, 7, 21, 8.5);
        path.lineTo(21, 17.5);
        path.quadTo(21, 19, 19.5, 19);
        path.lineTo(4.5, 19);
        path.quadTo(3, 19, 3, 17.5);
        path.closeSubpath();
        p.drawPath(path);
    });
}

QIcon add(const QColor &color)
{
    return render(color, [](QPainter &p) {
        p.drawLine(QPointF(12, 5), QPointF(12, 19));
        p.drawLine(QPointF(5, 12), QPointF(19, 12));
    });
}

QIcon application()
{
    // The packaged SVG (theme first, then the embedded copy); the drawn one only where Qt has no
    // SVG support.
    const QIcon packaged
        = QIcon::fromTheme(QStringLiteral("io.github.farmcam.FarmCam"),
                           QIcon(QStringLiteral(":/icons/io.github.farmcam.FarmCam.svg")));
    if (!packaged.pixmap(64, 64).isNull())
        return packaged;

    QIcon icon;
    for (const int size : {16, 24, 32, 48, 64, 128, 256}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.scale(size / 24.0, size / 24.0);
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0x25, 0x27, 0x2b));
        p.drawRoundedRect(QRectF(1, 1, 22, 22), 5, 5);
        p.setBrush(QColor(0x4c, 0x8d, 0xff));
        p.drawEllipse(QPointF(12, 12), 6.5, 6.5);
        p.setBrush(QColor(0x14, 0x15, 0x18));
        p.drawEllipse(QPointF(12, 12), 3.6, 3.6);
        p.setBrush(QColor(0x3c, 0xcf, 0x6e));
        p.drawEllipse(QPointF(18.5, 5.5), 1.8, 1.8);
        p.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

} // namespace Icons
