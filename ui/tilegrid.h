// Lays the tiles out as a grid of 16:9 cells as large as the window allows (but not smaller than
// TileLayout's minimum tile: then it scrolls), keeps the selection in view, and shows a single
// tile over the whole area (the single-printer view).
#pragma once

#include <QList>
#include <QPointer>
#include <QRect>
#include <QWidget>

class PrinterTile;
class QScrollArea;
class QFrame;
class QMimeData;

class TileGrid final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TileGrid)

public:
    static constexpr qreal kTileAspectRatio = 16.0 / 9.0;
    static constexpr int kSpacing = 12;
    static constexpr int kMargin = 12;

    explicit TileGrid(QWidget *parent = nullptr);
    ~TileGrid() override;

    // The grid becomes the tile's parent; order is display order.
    void addTile(PrinterTile *tile);
    // Takes the tile out of the grid (the caller deletes it).
    void removeTile(PrinterTile *tile);
    void setOrder(const QList<PrinterTile *> &tiles);
    QList<PrinterTile *> tiles() const { return m_tiles; }

    // 0 = choose automatically from the tile count and the window's shape.
    void setFixedColumns(int columns);
    int fixedColumns() const { return m_fixedColumns; }
    int columnCount() const;

    PrinterTile *selectedTile() const { return m_selected; }
    void setSelectedTile(PrinterTile *tile);

    // Tiles can be dragged onto another tile's place: moveRequested() asks for it, and the grid
    // follows once its owner has changed the order (setOrder()): the farm's order is the truth.
    // Off (the grid is sorted by state), a drag is refused with moveRefused().
    void setReorderingEnabled(bool enabled);
    bool isReorderingEnabled() const { return m_reorderingEnabled; }
    // What a dragged tile carries: its printer's id, and this process's id, so that a tile from
    // another FarmCam window (the demo beside the real one) is not taken for one of ours.
    static QMimeData *mimeDataFor(const PrinterTile *tile);
    static constexpr char kTileMimeType[] = "application/x-farmcam-tile";

    // The single-printer view: one tile fills the grid, the others are hidden (and stop decoding).
    PrinterTile *singleTile() const { return m_single; }
    void showSingle(PrinterTile *tile);
    void showAll();

    // The column count that makes `count` tiles of `aspectRatio` as large as possible in `area`.
    // Pure, for the tests.
    static int bestColumnCount(int count, const QSize &area, int spacing,
                               qreal aspectRatio = kTileAspectRatio);
    // Where each of `count` tiles goes in `area`: equal cells of `aspectRatio`, the block centred,
    // a short last row centred too.
    static QList<QRect> tileRects(int count, int columns, const QRect &area, int spacing,
                                  qreal aspectRatio = kTileAspectRatio);

    // Where the tiles go in a viewport of `viewport` (margins included): as tileRects() while the
    // tiles stay at least `minimum`; otherwise as many columns of at least `minimum` as fit the
    // width less `scrollBarWidth`, rows as tall as the width makes them, and a taller content.
    struct Arrangement
    {
        int columns = 0;
        QList<QRect> rects;
        QSize content; // the scrolled area's size, margins included
        bool scrolls = false;
    };
    static Arrangement arrange(int count, int fixedColumns, const QSize &viewport,
                               const QSize &minimum, int scrollBarWidth);
    // Whether the tiles are scrolled (too many for the window at the minimum size).
    bool isScrolling() const;
    // The part of the grid's content in view, in the tiles' coordinates.
    QRect visibleContent() const;

signals:
    void selectionChanged(PrinterTile *tile);
    void singleTileChanged(PrinterTile *tile); // nullptr: back to the grid
    void moveRequested(PrinterTile *tile, int toIndex);
    void moveRefused(); // a drag began while reordering is off

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override; // a drag starts on a tile
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dragLeaveEvent(QDragLeaveEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void relayout();
    void moveSelection(int delta);
    Arrangement currentArrangement() const;
    void startDrag(PrinterTile *tile);
    // The dragged tile a drop would move (one of ours), or nullptr.
    PrinterTile *draggedTile(const QMimeData *mime) const;
    // The place a drop at `pos` goes to: the tile under it, or the nearest one.
    int dropIndexAt(const QPoint &pos) const;
    void showDropMarker(int index);

    QScrollArea *m_scroll;
    QWidget *m_canvas; // the tiles' parent, scrolled by m_scroll
    QList<PrinterTile *> m_tiles; // children of m_canvas
    QPointer<PrinterTile> m_selected;
    QPointer<PrinterTile> m_single;
    int m_fixedColumns = 0;
    bool m_reorderingEnabled = true;
    QPointer<PrinterTile> m_pressedTile; // pressed with the left button: a drag may begin
    QPoint m_pressPosition; // in the pressed tile
    QFrame *m_dropMarker; // child of m_canvas: frames the place a drop goes to
};
