// The print job's block on a tile: state badge, job name, percent, progress bar, time left and
// clock time, layer, temperatures, and the status connection's problem. The layout is a pure
// function of its input (texts already elided, rows already dropped) so that it can be tested, and
// painting only draws what the layout holds.
#pragma once

#include "status/printstatus.h"

#include <QColor>
#include <QDateTime>
#include <QFont>
#include <QList>
#include <QLocale>
#include <QRectF>
#include <QStaticText>
#include <QString>
#include <QStringList>

class QPainter;

class TileStatusOverlay final
{
public:
    // In the order they are shown, top to bottom.
    enum class Row { Header, Progress, Timing, Temperatures, Problem };

    struct Input
    {
        PrintStatus status;
        QString problem; // Printer::statusProblem()
        QDateTime now;
        QFont font; // the tile's font; the block derives its own from it
        QLocale locale;
        qreal width = 0;
        // Rows are dropped, least important first (temperatures, timing, problem), until the
        // block is no taller than `maxHeight`. The essentials (the header with the badge, the
        // progress bar, and the problem when there is no status) may use up to
        // `maxEssentialHeight` (when larger), and are dropped (progress first) only beyond it.
        qreal maxHeight = 0;
        qreal maxEssentialHeight = 0;
    };

    struct Text
    {
        QRectF rect;
        QString text; // as drawn: elided to fit
        QFont font;
        QColor color;
        int flags = 0;
        // Laid out once here, not on every paint (the block is repainted with every picture).
        QStaticText prepared;
        QPointF position;
    };

    struct Layout
    {
        QList<Row> rows;
        qreal width = 0;
        qreal height = 0; // 0: nothing to draw
        QRectF badge; // the state's pill; the word itself is a Text
        QColor badgeColor;
        QRectF progressTrack; // empty without a progress row
        qreal progress = 0; // 0..1
        QColor progressColor;
        QRectF problemDot;
        QList<Text> texts;
        bool accent = false; // failed or paused for an error: the tile gets a coloured border
        QColor accentColor;

        bool isEmpty() const { return rows.isEmpty(); }
        bool contains(Row row) const { return rows.contains(row); }
        QStringList strings() const; // every text drawn, in order
        // What the layout would be without `maxHeight`: how tall all rows are together.
        qreal fullHeight = 0;
    };

    TileStatusOverlay() = delete;

    // Geometry relative to the block's top-left corner.
    static Layout layout(const Input &input);
    static void paint(QPainter &painter, const Layout &layout, const QPointF &topLeft);
};
