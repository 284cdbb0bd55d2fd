#include "tilegrid.h"

#include "printertile.h"
#include "theme.h"
#include "tilelayout.h"

#include <QKeyEvent>
#include <QPainter>
#include <QScrollArea>
#include <QScrollBar>

#include <algorithm>
#include <cmath>

TileGrid::TileGrid(QWidget *parent)
    : QWidget(parent)
    , m_scroll(new QScrollArea(this))
    , m_canvas(new QWidget)
{
    setObjectName(QStringLiteral("tileGrid"));
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);

    // The grid keeps the keyboard (arrows move the selection); the scroll area only scrolls.
    m_scroll->setObjectName(QStringLiteral("tileScrollArea"));
    m_scroll->setFocusPolicy(Qt::NoFocus);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->setWidgetResizable(false); // relayout() sizes the canvas
    QPalette background = palette();
    background.setColor(QPalette::Window, Theme::windowBackground());
    m_scroll->viewport()->setPalette(background);
    m_scroll->viewport()->setAutoFillBackground(true);
    m_canvas->setObjectName(QStringLiteral("tileCanvas"));
    m_canvas->setPalette(background);
    m_canvas->setAutoFillBackground(true);
    m_scroll->setWidget(m_canvas); // owns it
}

TileGrid::~TileGrid() = default;

int TileGrid::bestColumnCount(int count, const QSize &area, int spacing, qreal aspectRatio)
{
    if (count <= 0)
        return 0;
    if (area.isEmpty() || aspectRatio <= 0)
        return 1;
    int best = 1;
    qreal bestWidth = -1;
    for (int columns = 1; columns <= count; ++columns) {
        const int rows = (count + columns - 1) / columns;
        const qreal cellWidth = qreal(area.width() - (columns - 1) * spacing) / columns;
        const qreal cellHeight = qreal(area.height() - (rows - 1) * spacing) / rows;
        const qreal tileWidth = std::min(cellWidth, cellHeight * aspectRatio);
        // Strictly larger only: on a tie the fewer columns win, the more compact block.
        if (tileWidth > bestWidth + 0.5) {
            bestWidth = tileWidth;
            best = columns;
        }
    }
    return best;
}

QList<QRect> TileGrid::tileRects(int count, int columns, const QRect &area, int spacing,
                                 qreal aspectRatio)
{
    QList<QRect> rects;
    if (count <= 0 || columns <= 0 || area.isEmpty())
        return rects;
    columns = std::min(columns, count);
    const int rows = (count + columns - 1) / columns;
    const qreal cellWidth = qreal(area.width() - (columns - 1) * spacing) / columns;
    const qreal cellHeight = qreal(area.height() - (rows - 1) * spacing) / rows;
    const qreal width = std::max<qreal>(1, std::min(cellWidth, cellHeight * aspectRatio));
    const qreal height = width / aspectRatio;
    const qreal blockHeight = rows * height + (rows - 1) * spacing;
    const qreal top = area.top() + (area.height() - blockHeight) / 2;
    for (int i = 0; i < count; ++i) {
        const int row = i / columns;
        const int column = i % columns;
        const int inRow = row == rows - 1 ? count - row * columns : columns;
        const qreal rowWidth = inRow * width + (inRow - 1) * spacing;
        const qreal left = area.left() + (area.width() - rowWidth) / 2;
        const QRectF cell(left + column * (width + spacing), top + row * (height + spacing), width,
                          height);
        rects.append(cell.toAlignedRect().intersected(area));
    }
    return rects;
}

TileGrid::Arrangement TileGrid::arrange(int count, int fixedColumns, const QSize &viewport,
                                        const QSize &minimum, int scrollBarWidth)
{
    Arrangement result;
    result.content = viewport;
    if (count <= 0 || viewport.isEmpty())
        return result;
    const QRect area = QRect(QPoint(0, 0), viewport).adjusted(kMargin, kMargin, -kMargin, -kMargin);
    result.columns = fixedColumns > 0 ? std::min(fixedColumns, count)
                                      : bestColumnCount(count, area.size(), kSpacing);
    result.rects = tileRects(count, result.columns, area, kSpacing);
    const bool tooSmall = !result.rects.isEmpty()
        && (result.rects.constFirst().width() < minimum.width()
            || result.rects.constFirst().height() < minimum.height());
    if (!tooSmall)
        return result;

    // Scroll: the width decides the columns, the tiles keep their shape and the rows go on.
    result.scrolls = true;
    const int width = viewport.width() - scrollBarWidth - 2 * kMargin;
    const int fitting = std::max(1, (width + kSpacing) / (minimum.width() + kSpacing));
    result.columns = std::min(count, fixedColumns > 0 ? std::min(fixedColumns, fitting) : fitting);
    const int rows = (count + result.columns - 1) / result.columns;
    const qreal tileWidth = qreal(width - (result.columns - 1) * kSpacing) / result.columns;
    const int tileHeight = int(std::ceil(tileWidth / kTileAspectRatio));
    const int height = rows * tileHeight + (rows - 1) * kSpacing;
    result.content = QSize(viewport.width() - scrollBarWidth, height + 2 * kMargin);
    result.rects
        = tileRects(count, result.columns, QRect(kMargin, kMargin, width, height), kSpacing);
    return result;
}

TileGrid::Arrangement TileGrid::currentArrangement() const
{
    return arrange(int(m_tiles.size()), m_fixedColumns, size(),
                   QSize(TileLayout::kMinimumTileWidth, TileLayout::kMinimumTileHeight),
                   m_scroll->verticalScrollBar()->sizeHint().width());
}

bool TileGrid::isScrolling() const
{
    return !m_single && currentArrangement().scrolls;
}

QRect TileGrid::visibleContent() const
{
    const QWidget *viewport = m_scroll->viewport();
    return QRect(m_canvas->mapFrom(viewport, QPoint(0, 0)), viewport->size());
}

void TileGrid::addTile(PrinterTile *tile)
{
    if (!tile || m_tiles.contains(tile))
        return;
    tile->setParent(m_canvas);
    m_tiles.append(tile);
    connect(tile, &PrinterTile::clicked, this, [this](PrinterTile *clicked) {
        setSelectedTile(clicked);
        setFocus(Qt::MouseFocusReason);
    });
    connect(tile, &PrinterTile::activated, this, &TileGrid::showSingle);
    connect(tile, &PrinterTile::fullViewRequested, this, &TileGrid::showSingle);
    connect(tile, &PrinterTile::backRequested, this, &TileGrid::showAll);
    tile->setVisible(!m_single);
    relayout();
}

void TileGrid::removeTile(PrinterTile *tile)
{
    if (!m_tiles.removeOne(tile))
        return;
    disconnect(tile, nullptr, this, nullptr);
    tile->hide();
    if (m_single == tile)
        showAll();
    if (m_selected == tile) {
        m_selected = nullptr;
        emit selectionChanged(nullptr);
    }
    relayout();
}

void TileGrid::setOrder(const QList<PrinterTile *> &tiles)
{
    QList<PrinterTile *> ordered;
    for (PrinterTile *tile : tiles) {
        if (m_tiles.contains(tile))
            ordered.append(tile);
    }
    for (PrinterTile *tile : std::as_const(m_tiles)) {
        if (!ordered.contains(tile))
            ordered.append(tile);
    }
    if (ordered == m_tiles)
        return;
    m_tiles = ordered;
    relayout();
}

void TileGrid::setFixedColumns(int columns)
{
    columns = std::max(0, columns);
    if (columns == m_fixedColumns)
        return;
    m_fixedColumns = columns;
    relayout();
}

int TileGrid::columnCount() const
{
    const int count = int(m_tiles.size());
    if (count == 0)
        return 0;
    return currentArrangement().columns;
}

void TileGrid::setSelectedTile(PrinterTile *tile)
{
    if (tile && !m_tiles.contains(tile))
        return;
    if (tile == m_selected)
        return;
    if (m_selected)
        m_selected->setSelected(false);
    m_selected = tile;
    if (tile) {
        tile->setSelected(true);
        if (!m_single)
            m_scroll->ensureWidgetVisible(tile, kMargin, kMargin);
    }
    emit selectionChanged(tile);
}

void TileGrid::showSingle(PrinterTile *tile)
{
    if (!tile || !m_tiles.contains(tile) || tile == m_single)
        return;
    setSelectedTile(tile);
    if (m_single)
        m_single->setExpanded(false);
    m_single = tile;
    tile->setExpanded(true);
    // Hide the others first: they stop decoding before the big one asks for large pictures.
    for (PrinterTile *other : std::as_const(m_tiles)) {
        if (other != tile)
            other->hide();
    }
    tile->show();
    relayout();
    emit singleTileChanged(tile);
}

void TileGrid::showAll()
{
    if (!m_single)
        return;
    m_single->setExpanded(false);
    m_single = nullptr;
    relayout();
    for (PrinterTile *tile : std::as_const(m_tiles))
        tile->show();
    if (m_selected)
        m_scroll->ensureWidgetVisible(m_selected, kMargin, kMargin);
    emit singleTileChanged(nullptr);
}

void TileGrid::relayout()
{
    m_scroll->setGeometry(rect());
    if (m_single) {
        m_canvas->resize(size());
        m_single->setGeometry(rect().adjusted(kMargin, kMargin, -kMargin, -kMargin));
        return;
    }
    const Arrangement arrangement = currentArrangement();
    m_canvas->resize(arrangement.content);
    for (int i = 0; i < arrangement.rects.size(); ++i)
        m_tiles.at(i)->setGeometry(arrangement.rects.at(i));
    if (m_selected && arrangement.scrolls)
        m_scroll->ensureWidgetVisible(m_selected, kMargin, kMargin);
}

void TileGrid::moveSelection(int delta)
{
    if (m_tiles.isEmpty())
        return;
    const int current = m_selected ? int(m_tiles.indexOf(m_selected)) : -1;
    int next = current < 0 ? 0 : std::clamp(current + delta, 0, int(m_tiles.size()) - 1);
    setSelectedTile(m_tiles.at(next));
    if (m_single)
        showSingle(m_tiles.at(next)); // browse printers one by one in the single view
}

void TileGrid::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), Theme::windowBackground());
}

void TileGrid::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    relayout();
}

void TileGrid::keyPressEvent(QKeyEvent *event)
{
    const int columns = std::max(1, m_single ? 1 : columnCount());
    switch (event->key()) {
    case Qt::Key_Left:
        moveSelection(-1);
        break;
    case Qt::Key_Right:
        moveSelection(1);
        break;
    case Qt::Key_Up:
        moveSelection(m_single ? -1 : -columns);
        break;
    case Qt::Key_Down:
        moveSelection(m_single ? 1 : columns);
        break;
    case Qt::Key_Home:
        moveSelection(-int(m_tiles.size()));
        break;
    case Qt::Key_End:
        moveSelection(int(m_tiles.size()));
        break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (m_selected)
            showSingle(m_selected);
        break;
    case Qt::Key_Escape:
        if (!m_single) {
            QWidget::keyPressEvent(event);
            return;
        }
        showAll();
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

void TileGrid::mousePressEvent(QMouseEvent *event)
{
    // A click between the tiles clears the selection, as in a file manager.
    setSelectedTile(nullptr);
    setFocus(Qt::MouseFocusReason);
    QWidget::mousePressEvent(event);
}
