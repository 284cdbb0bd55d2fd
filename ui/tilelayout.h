// Where everything on a printer tile goes: a pure function of the tile's size, fonts and what it
// shows, so that "nothing overlaps at any size" can be tested without a widget. PrinterTile paints
// from it and places its buttons by it.
#pragma once

#include <QFont>
#include <QList>
#include <QRect>
#include <QRectF>
#include <QSize>
#include <QString>

class TileLayout final
{
public:
    // Compact: one line (state dot, name, print tag) over the picture's bottom, the rest of the
    // picture unobstructed; details live in the tooltip and the single view.
    // Full: the name and state band, the print block, the camera's message with its button.
    enum class Mode { Compact, Full };

    // A grid tile narrower or lower than this is compact: the full band would cover too much of
    // the picture, and the camera's message would have no room for its lines.
    static constexpr int kCompactBelowWidth = 320;
    static constexpr int kCompactBelowHeight = 180;
    // The grid does not shrink tiles below this; it scrolls instead.
    static constexpr int kMinimumTileWidth = 200;
    static constexpr int kMinimumTileHeight = 112;

    static constexpr int kRingInset = 2; // room for the selection ring around the card
    static constexpr int kPadding = 14;
    static constexpr int kOverlayMargin = 8; // above the print block, inside the band's dark part

    struct Input
    {
        QSize size; // the tile's, in logical pixels
        QFont font; // the tile's font; the others derive from it
        bool expanded = false; // the single view
        bool buttonBarShown = false; // hovered, selected or expanded
        QSize buttonBar; // the hover buttons' size (see buttonIconSize())

        // The camera's explanation over the picture; texts as they will be drawn.
        bool message = false;
        QString headline;
        QString detail;
        QString countdown;
        QSize actionButton; // invalid: no button

        QString pictureAge; // empty: no age badge
        QString details; // the single view's address and counters line
        QString printTag; // compact: the print state in a word or two ("57%"); empty: none
        // The recording badge ("● REC", "Timelapse 42 %") on one line, padding included;
        // invalid: none. It gets at most the card's width less the insets (the tile elides).
        QSize recordBadge;
        // The print block as TileStatusOverlay laid it out for printBlockBudget(); 0: none.
        qreal printBlockWidth = 0;
        qreal printBlockHeight = 0;
    };

    // What the print block may use; TileStatusOverlay::layout() takes these.
    struct Budget
    {
        bool shown = false; // compact tiles show a tag in the line instead
        qreal width = 0;
        qreal maxHeight = 0;
        qreal maxEssentialHeight = 0;
    };

    static Mode modeFor(const QSize &size, bool expanded);
    static Budget printBlockBudget(const Input &input);
    static TileLayout compute(const Input &input);

    static QFont nameFont(const QFont &base, Mode mode);
    static QFont headlineFont(const QFont &base, Mode mode, bool expanded);
    static QFont badgeFont(const QFont &base);
    static QFont tagFont(const QFont &base);
    static int buttonIconSize(Mode mode) { return mode == Mode::Compact ? 16 : 20; }
    // Where the printer draws its clock into the picture: its top-left corner.
    static QRectF timestampArea(const QRectF &picture);

    Mode mode = Mode::Full;
    QRectF card;
    QRect picture; // where the picture is drawn (the card, or above the single view's strip)
    QRectF timestamp;
    QRectF band; // the dark band under name and state (and the print block)
    QRectF bar; // name and state lines inside the band
    QRectF name;
    QRectF stateDot;
    QRectF stateText; // empty in compact mode: the dot's colour says it, the tooltip in words
    QRectF details; // single view only
    QRectF printBlock; // TileStatusOverlay's block; empty without one
    QRectF printTag; // compact only
    QRectF ageBadge;
    // Bottom left of the picture, right above the name (and the print block): the camera prints
    // its clock (and a demo printer its name) top left, the buttons are top right. Empty when
    // there is none or no room between the clock and the name.
    QRectF recordBadge;
    QRect buttonBar; // empty while hidden

    bool message = false; // a message is drawn (it may still have dropped all but its headline)
    QRectF icon;
    QRectF headline;
    QString headlineText; // elided when it had to be shortened to one line
    int headlineFlags = 0;
    QRectF detail;
    QRectF countdown;
    QRect button;

    // Everything with words in it, for the tests: none may overlap another.
    QList<QRectF> textRects() const;
};
