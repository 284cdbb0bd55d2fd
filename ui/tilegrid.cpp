#include "tilegrid.h"

#include "printertile.h"
#include "theme.h"
#include "tilelayout.h"

#include "model/printer.h"

#include <QApplication>
#include <QDrag>
#include <QDragEnterEvent>
#include <QDragLeaveEvent>
#include <QDragMoveEvent>
#include <QDropEvent>
#include <QFrame>
#include <QKeyEvent>
#include <QMimeData>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollArea>
#include <QScrollBar>

#include <algorithm>
#include <cmath>
#include <limits>

TileGrid::TileGrid(QWidget *parent)
    : QWidget(parent)
    , m_scroll(new QScrollArea(this))
    , m_canvas(new QWidget)
    , m_dropMarker(new QFrame(m_canvas))
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

    // Neither the tiles nor the scroll area take drops: a drag over them reaches the grid. The
    // marker lives on the canvas, over the tiles, in their coordinates.
    setAcceptDrops(true);
    m_dropMarker->setObjectName(QStringLiteral("dropMarker"));
    m_dropMarker->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_dropMarker->setStyleSheet(QStringLiteral("QFrame#dropMarker { border: 3px dashed %1; "
                                               "border-radius: 6px; background: transparent; }")
                                    .arg(Theme::accent().name()));
    m_dropMarker->hide();
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
    tile->installEventFilter(this);
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
    tile->removeEventFilter(this);
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

void TileGrid::setReorderingEnabled(bool enabled)
{
    m_reorderingEnabled = enabled;
}

QMimeData *TileGrid::mimeDataFor(const PrinterTile *tile)
{
    auto *mime = new QMimeData;
    if (tile && tile->printer()) {
        mime->setData(QLatin1String(kTileMimeType),
                      QByteArray::number(QCoreApplication::applicationPid()) + ' '
                          + tile->printer()->id().toByteArray());
    }
    return mime;
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
    // Ctrl or Alt with an arrow is another command (the window's Move Left/Right), never a move
    // of the selection, also when that command is disabled.
    if (event->modifiers() & (Qt::ControlModifier | Qt::AltModifier)) {
        QWidget::keyPressEvent(event);
        return;
    }
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

bool TileGrid::eventFilter(QObject *watched, QEvent *event)
{
    auto *tile = qobject_cast<PrinterTile *>(watched);
    if (!tile || !m_tiles.contains(tile))
        return QWidget::eventFilter(watched, event);
    // The tile handles its clicks itself (selection, double-click): only watched here.
    if (event->type() == QEvent::MouseButtonPress) {
        const auto *press = static_cast<QMouseEvent *>(event);
        if (press->button() == Qt::LeftButton) {
            m_pressedTile = tile;
            m_pressPosition = press->position().toPoint();
        }
    } else if (event->type() == QEvent::MouseButtonRelease) {
        m_pressedTile = nullptr;
    } else if (event->type() == QEvent::MouseMove && m_pressedTile == tile) {
        const auto *move = static_cast<QMouseEvent *>(event);
        if ((move->buttons() & Qt::LeftButton)
            && (move->position().toPoint() - m_pressPosition).manhattanLength()
                >= QApplication::startDragDistance()) {
            m_pressedTile = nullptr;
            startDrag(tile);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void TileGrid::startDrag(PrinterTile *tile)
{
    if (m_single || m_tiles.size() < 2)
        return; // nowhere to go
    if (!m_reorderingEnabled) {
        emit moveRefused();
        return;
    }
    auto *drag = new QDrag(tile); // deleted by Qt once the drag ends
    drag->setMimeData(mimeDataFor(tile));
    // A small picture of the tile under the pointer, held where it was taken.
    const QPixmap picture = tile->grab();
    const qreal scale = std::min(1.0, 240.0 / std::max(1, picture.width()));
    drag->setPixmap(picture.scaledToWidth(int(picture.width() * scale), Qt::SmoothTransformation));
    drag->setHotSpot(m_pressPosition * scale);
    drag->exec(Qt::MoveAction);
    m_dropMarker->hide();
}

PrinterTile *TileGrid::draggedTile(const QMimeData *mime) const
{
    if (!mime || !m_reorderingEnabled || m_single)
        return nullptr;
    const QList<QByteArray> parts = mime->data(QLatin1String(kTileMimeType)).split(' ');
    if (parts.size() != 2 || parts.at(0).toLongLong() != QCoreApplication::applicationPid())
        return nullptr;
    const QUuid id = QUuid::fromString(QLatin1String(parts.at(1)));
    for (PrinterTile *tile : m_tiles) {
        if (tile->printer() && tile->printer()->id() == id)
            return tile;
    }
    return nullptr;
}

int TileGrid::dropIndexAt(const QPoint &pos) const
{
    int nearest = -1;
    qint64 nearestDistance = std::numeric_limits<qint64>::max();
    for (int i = 0; i < m_tiles.size(); ++i) {
        const QRect cell = m_tiles.at(i)->geometry();
        if (cell.contains(pos))
            return i;
        const QPoint offset = cell.center() - pos;
        const qint64 distance = qint64(offset.x()) * offset.x() + qint64(offset.y()) * offset.y();
        if (distance < nearestDistance) {
            nearestDistance = distance;
            nearest = i;
        }
    }
    return nearest;
}

void TileGrid::showDropMarker(int index)
{
    if (index < 0 || index >= m_tiles.size()) {
        m_dropMarker->hide();
        return;
    }
    m_dropMarker->setGeometry(m_tiles.at(index)->geometry().adjusted(-5, -5, 5, 5));
    m_dropMarker->raise();
    m_dropMarker->show();
}

void TileGrid::dragEnterEvent(QDragEnterEvent *event)
{
    if (!draggedTile(event->mimeData())) {
        event->ignore();
        return;
    }
    event->acceptProposedAction();
    showDropMarker(dropIndexAt(m_canvas->mapFrom(this, event->position().toPoint())));
}

void TileGrid::dragMoveEvent(QDragMoveEvent *event)
{
    if (!draggedTile(event->mimeData())) {
        event->ignore();
        return;
    }
    event->acceptProposedAction();
    showDropMarker(dropIndexAt(m_canvas->mapFrom(this, event->position().toPoint())));
}

void TileGrid::dragLeaveEvent(QDragLeaveEvent *event)
{
    m_dropMarker->hide();
    QWidget::dragLeaveEvent(event);
}

void TileGrid::dropEvent(QDropEvent *event)
{
    m_dropMarker->hide();
    PrinterTile *tile = draggedTile(event->mimeData());
    const int index = dropIndexAt(m_canvas->mapFrom(this, event->position().toPoint()));
    if (!tile || index < 0) {
        event->ignore();
        return;
    }
    event->acceptProposedAction();
    if (index != m_tiles.indexOf(tile))
        emit moveRequested(tile, index);
}

void TileGrid::mousePressEvent(QMouseEvent *event)
{
    // A click between the tiles clears the selection, as in a file manager.
    setSelectedTile(nullptr);
    setFocus(Qt::MouseFocusReason);
    QWidget::mousePressEvent(event);
}
