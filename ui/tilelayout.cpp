#include "tilelayout.h"

#include <QFontMetricsF>

#include <algorithm>
#include <cmath>

namespace {

constexpr int kButtonBarInset = 9; // from the card's top-right corner, in a full tile
constexpr int kCompactButtonBarInset = 6;
constexpr int kDefaultButtonBarHeight = 36;
// In the grid the name bar and the print block together cover at most this part of the card:
// the rest of the picture (the print itself, usually) stays in view.
constexpr qreal kBandShare = 0.55;
constexpr qreal kSingleViewBlockWidth = 720; // a wider block only spreads its words apart
constexpr qreal kDot = 9;
constexpr qreal kCompactDot = 8;
constexpr qreal kCompactInset = 8;

QFont scaled(const QFont &base, qreal factor, QFont::Weight weight)
{
    QFont font = base;
    font.setPointSizeF(base.pointSizeF() * factor);
    font.setWeight(weight);
    return font;
}

int barHeightFor(const QFont &base)
{
    const QFontMetrics name(TileLayout::nameFont(base, TileLayout::Mode::Full));
    const QFontMetrics status(base);
    return 10 + name.height() + 2 + status.height() + 10;
}

QRect buttonBarSlot(const TileLayout::Input &input, const QRect &card, int barHeight,
                    TileLayout::Mode mode)
{
    const QSize size = input.buttonBar.isValid()
        ? input.buttonBar
        : QSize(3 * kDefaultButtonBarHeight, kDefaultButtonBarHeight);
    if (input.expanded) {
        const QRect strip(card.left(), card.bottom() - barHeight + 1, card.width(), barHeight);
        return QRect(QPoint(strip.right() - size.width() - TileLayout::kPadding + 4,
                            strip.center().y() - size.height() / 2),
                     size);
    }
    const int inset = mode == TileLayout::Mode::Compact ? kCompactButtonBarInset : kButtonBarInset;
    return QRect(QPoint(card.right() - size.width() - inset, card.top() + inset), size);
}

// How far below the card's top a full tile's words start: under the hover buttons' row, always
// (also while they are hidden), so that nothing moves when the pointer comes.
qreal fullReserve(const TileLayout::Input &input)
{
    const int height
        = input.buttonBar.isValid() ? input.buttonBar.height() : kDefaultButtonBarHeight;
    return kButtonBarInset + height + 4;
}

// The recording badge's place: left-aligned at `left`, its bottom at `bottom`, no higher than
// `top` (under the camera's clock) and no wider than `maxWidth`.
QRectF recordBadgeRect(const QSize &badge, qreal left, qreal bottom, qreal top, qreal maxWidth)
{
    if (!badge.isValid() || badge.isEmpty())
        return {};
    const qreal width = std::min<qreal>(badge.width(), maxWidth);
    const QRectF rect(left, bottom - badge.height(), width, badge.height());
    if (rect.top() < top || width < 24)
        return {};
    return rect;
}

} // namespace

TileLayout::Mode TileLayout::modeFor(const QSize &size, bool expanded)
{
    if (expanded)
        return Mode::Full;
    return size.width() < kCompactBelowWidth || size.height() < kCompactBelowHeight ? Mode::Compact
                                                                                    : Mode::Full;
}

QFont TileLayout::nameFont(const QFont &base, Mode mode)
{
    return scaled(base, mode == Mode::Compact ? 1.0 : 1.15, QFont::DemiBold);
}

QFont TileLayout::headlineFont(const QFont &base, Mode mode, bool expanded)
{
    if (mode == Mode::Compact)
        return scaled(base, 1.0, QFont::DemiBold);
    return scaled(base, expanded ? 1.6 : 1.25, QFont::DemiBold);
}

QFont TileLayout::badgeFont(const QFont &base)
{
    return scaled(base, 0.95, QFont::DemiBold);
}

QFont TileLayout::tagFont(const QFont &base)
{
    return scaled(base, 0.9, QFont::DemiBold);
}

QRectF TileLayout::timestampArea(const QRectF &picture)
{
    // Bambu cameras print date and time in small white letters there; 40 % by 10 % covers it
    // at every resolution they send.
    return QRectF(picture.left(), picture.top(), picture.width() * 0.4,
                  std::max<qreal>(12, picture.height() * 0.1));
}

TileLayout::Budget TileLayout::printBlockBudget(const Input &input)
{
    Budget budget;
    const Mode mode = modeFor(input.size, input.expanded);
    if (mode == Mode::Compact)
        return budget;
    budget.shown = true;
    const QRectF card = QRectF(QRect(QPoint(0, 0), input.size))
                            .adjusted(kRingInset, kRingInset, -kRingInset, -kRingInset);
    const int barHeight = barHeightFor(input.font);
    budget.width = card.width() - 2 * kPadding;
    if (input.expanded) {
        // A strip of its own under the picture; only a small window makes it drop rows.
        budget.width = std::min(budget.width, kSingleViewBlockWidth);
        budget.maxHeight = std::max<qreal>(0, card.height() * 0.7 - barHeight - kOverlayMargin);
        budget.maxEssentialHeight = budget.maxHeight;
        return budget;
    }
    qreal essential = card.height() - fullReserve(input) - barHeight;
    if (input.message) {
        // The camera's own explanation comes first: its headline always keeps its room (the
        // message drops its icon, details and button by itself when short of space).
        const QFontMetricsF headline(headlineFont(input.font, mode, false));
        const qreal width = std::min<qreal>(card.width() - 2 * kPadding, 460);
        essential -= 6
            + headline
                  .boundingRect(QRectF(0, 0, width, 10000), Qt::AlignHCenter | Qt::TextWordWrap,
                                input.headline)
                  .height();
        // And the recording badge its place between the message and the print block.
        if (input.recordBadge.isValid() && !input.recordBadge.isEmpty())
            essential -= input.recordBadge.height() + 6;
    }
    budget.maxEssentialHeight = std::max<qreal>(0, essential - kOverlayMargin);
    budget.maxHeight = std::max<qreal>(
        0, std::min(card.height() * kBandShare - barHeight, essential) - kOverlayMargin);
    return budget;
}

TileLayout TileLayout::compute(const Input &input)
{
    TileLayout l;
    l.mode = modeFor(input.size, input.expanded);
    const QRect cardRect = QRect(QPoint(0, 0), input.size)
                               .adjusted(kRingInset, kRingInset, -kRingInset, -kRingInset);
    l.card = QRectF(cardRect);
    const QRectF card = l.card;
    const QFontMetricsF body(input.font);
    const qreal lineHeight = body.height();

    if (l.mode == Mode::Compact) {
        l.picture = cardRect;
        l.timestamp = timestampArea(QRectF(l.picture));
        const QRect slot = buttonBarSlot(input, cardRect, 0, l.mode);
        // Below the grid's smallest tile the buttons would cover the printer's clock: the
        // single view has them.
        if (input.buttonBarShown && !QRectF(slot).intersects(l.timestamp))
            l.buttonBar = slot;

        // One line over the picture's bottom.
        const qreal bandHeight = std::ceil(lineHeight) + 8;
        l.band = QRectF(card.left(), card.bottom() - bandHeight, card.width(), bandHeight);
        l.bar = l.band;
        const qreal middle = l.band.center().y();
        l.stateDot = QRectF(card.left() + kCompactInset + 1, middle - kCompactDot / 2, kCompactDot,
                            kCompactDot);
        const qreal nameLeft = l.stateDot.right() + 6;
        qreal nameRight = card.right() - kCompactInset;
        if (!input.printTag.isEmpty()) {
            const QFontMetricsF tag(tagFont(input.font));
            const qreal width
                = std::min(tag.horizontalAdvance(input.printTag) + 12, card.width() / 2);
            const qreal height = std::min(tag.height() + 4, bandHeight - 4);
            l.printTag = QRectF(nameRight - width, middle - height / 2, width, height);
            nameRight = l.printTag.left() - 6;
        }
        l.name
            = QRectF(nameLeft, l.band.top(), std::max<qreal>(0, nameRight - nameLeft), bandHeight);
        l.recordBadge
            = recordBadgeRect(input.recordBadge, card.left() + kCompactInset, l.band.top() - 4,
                              l.timestamp.bottom() + 2, card.width() - 2 * kCompactInset);
        const qreal badgeRoom = l.recordBadge.isEmpty() ? 0 : l.recordBadge.height() + 4;

        if (input.message && !input.headline.isEmpty()) {
            // The headline only, on one line; the single view has the rest and the buttons.
            l.message = true;
            QRectF area = card.adjusted(kCompactInset, kCompactInset, -kCompactInset,
                                        -bandHeight - 4 - badgeRoom);
            const QFontMetricsF headline(headlineFont(input.font, l.mode, false));
            const qreal iconSize = std::ceil(headline.height());
            const qreal height = iconSize;
            auto place = [&](const QRectF &within, qreal top) {
                const qreal textWidth = std::min(headline.horizontalAdvance(input.headline),
                                                 within.width() - iconSize - 6);
                if (textWidth < 3 * headline.averageCharWidth())
                    return QRectF();
                const qreal width = iconSize + 6 + textWidth;
                return QRectF(within.center().x() - width / 2, top, width, height);
            };
            QRectF line = place(area, area.center().y() - height / 2);
            const QRectF avoid = QRectF(slot).adjusted(-4, -4, 4, 4);
            if (line.intersects(avoid)) {
                // Below the buttons' corner when there is room, else beside it.
                if (avoid.bottom() + height <= area.bottom())
                    line = place(area, std::max(avoid.bottom(), line.top()));
                else
                    line = place(
                        QRectF(area.left(), area.top(), avoid.left() - area.left(), area.height()),
                        area.center().y() - height / 2);
            }
            if (line.height() <= area.height() && !line.isEmpty()) {
                l.icon = QRectF(line.left(), line.top(), iconSize, iconSize);
                l.headline = QRectF(l.icon.right() + 6, line.top(),
                                    line.right() - l.icon.right() - 6, height);
                l.headlineText
                    = headline.elidedText(input.headline, Qt::ElideRight, l.headline.width());
                l.headlineFlags = Qt::AlignLeft | Qt::AlignVCenter;
            }
        }
        return l;
    }

    // Full: the name bar at the bottom (in the single view a strip under the picture), the print
    // block on top of it, the camera's message between the buttons' row and the block.
    const int barHeight = barHeightFor(input.font);
    const qreal printHeight = input.printBlockHeight;
    const int overlayBand = printHeight > 0 ? int(std::ceil(printHeight)) + kOverlayMargin : 0;
    l.picture = input.expanded ? cardRect.adjusted(0, 0, 0, -barHeight - overlayBand) : cardRect;
    l.timestamp = timestampArea(QRectF(l.picture));
    const QRect slot = buttonBarSlot(input, cardRect, barHeight, l.mode);
    if (input.buttonBarShown || input.expanded)
        l.buttonBar = slot;

    l.bar = QRectF(card.left(), card.bottom() - barHeight, card.width(), barHeight);
    l.band = l.bar.adjusted(0, -overlayBand, 0, 0);
    if (printHeight > 0)
        l.printBlock = QRectF(card.left() + kPadding, l.bar.top() - printHeight,
                              input.printBlockWidth, printHeight);

    const QFontMetricsF nameMetrics(nameFont(input.font, l.mode));
    const qreal left = l.bar.left() + kPadding;
    qreal right = l.bar.right() - kPadding;
    if (input.expanded) {
        // Address and counters between the state and the buttons, when there is room.
        right = slot.left() - kPadding;
        const qreal width = std::min(body.horizontalAdvance(input.details), (right - left) / 2);
        if (!input.details.isEmpty() && width > 0)
            l.details = QRectF(right - width, l.bar.top(), width, l.bar.height());
        right -= width + 24;
    }
    qreal y = l.bar.top() + 10;
    l.name = QRectF(left, y, std::max<qreal>(0, right - left), nameMetrics.height());
    y += nameMetrics.height() + 2;
    l.stateDot = QRectF(left, y + lineHeight / 2 - kDot / 2, kDot, kDot);
    const qreal textLeft = left + kDot + 7;
    l.stateText = QRectF(textLeft, y, std::max<qreal>(0, right - textLeft), lineHeight);

    if (!input.pictureAge.isEmpty() && !input.expanded) {
        const QFontMetricsF badge(badgeFont(input.font));
        // Left of the buttons' corner, whether they show or not.
        const qreal maxWidth = slot.left() - 10 - (card.left() + 10);
        const qreal width = std::min(badge.horizontalAdvance(input.pictureAge) + 20, maxWidth);
        if (width >= 40)
            l.ageBadge = QRectF(card.left() + 10, card.top() + 10, width, badge.height() + 8);
    }

    // Over the picture's bottom: in the single view the strip is under the picture.
    const qreal badgeBottom = std::min<qreal>(l.band.top(), l.picture.bottom() + 1) - 6;
    l.recordBadge = recordBadgeRect(input.recordBadge, card.left() + kPadding, badgeBottom,
                                    std::max(l.timestamp.bottom(), l.ageBadge.bottom()) + 4,
                                    card.width() - 2 * kPadding);
    const qreal badgeRoom = l.recordBadge.isEmpty() ? 0 : l.recordBadge.height() + 6;

    if (!input.message)
        return l;
    l.message = true;
    const QRectF area = input.expanded
        ? QRectF(l.picture).adjusted(kPadding, kPadding, -kPadding, -kPadding - badgeRoom)
        : card.adjusted(kPadding, fullReserve(input), -kPadding,
                        -barHeight - overlayBand - 6 - badgeRoom);
    if (area.height() <= 0 || area.width() <= 0)
        return l;
    const qreal width = std::min<qreal>(area.width(), input.expanded ? 640 : 460);
    const int flags = Qt::AlignHCenter | Qt::TextWordWrap;
    const QFontMetricsF headlineMetrics(headlineFont(input.font, l.mode, input.expanded));
    const QRectF wrapBox(0, 0, width, 10000);
    const qreal iconSize = input.expanded ? 56 : 40;
    qreal headlineHeight = headlineMetrics.boundingRect(wrapBox, flags, input.headline).height();
    const qreal detailHeight
        = input.detail.isEmpty() ? 0 : body.boundingRect(wrapBox, flags, input.detail).height();
    const qreal countdownHeight = input.countdown.isEmpty() ? 0 : lineHeight;
    const qreal gap = 8;

    bool withIcon = true;
    bool withDetail = detailHeight > 0;
    bool withButton = input.actionButton.isValid();
    bool withCountdown = countdownHeight > 0;
    auto total = [&] {
        qreal h = headlineHeight;
        if (withIcon)
            h += iconSize + gap + 4;
        if (withDetail)
            h += gap + detailHeight;
        if (withCountdown)
            h += gap / 2 + countdownHeight;
        if (withButton)
            h += gap * 1.5 + input.actionButton.height();
        return h;
    };
    // Drop what matters least until the message fits the tile: never draw one line over another.
    bool *optional[] = {&withDetail, &withIcon, &withButton, &withCountdown};
    for (bool *part : optional) {
        if (total() > area.height())
            *part = false;
    }
    l.headlineText = input.headline;
    l.headlineFlags = flags;
    if (total() > area.height()) {
        l.headlineText = headlineMetrics.elidedText(input.headline, Qt::ElideRight, width);
        l.headlineFlags = Qt::AlignHCenter | Qt::AlignVCenter;
        headlineHeight = headlineMetrics.height();
    }
    if (total() > area.height()) {
        l.headlineText.clear(); // the tooltip and the single view still say it
        return l;
    }

    qreal top = area.center().y() - total() / 2;
    const qreal x = area.center().x() - width / 2;
    if (withIcon) {
        l.icon = QRectF(area.center().x() - iconSize / 2, top, iconSize, iconSize);
        top += iconSize + gap + 4;
    }
    l.headline = QRectF(x, top, width, headlineHeight);
    top += headlineHeight;
    if (withDetail) {
        top += gap;
        l.detail = QRectF(x, top, width, detailHeight);
        top += detailHeight;
    }
    if (withCountdown) {
        top += gap / 2;
        l.countdown = QRectF(x, top, width, countdownHeight);
        top += countdownHeight;
    }
    if (withButton) {
        top += gap * 1.5;
        l.button
            = QRect(QPoint(int(std::ceil(area.center().x() - input.actionButton.width() / 2.0)),
                           int(std::ceil(top))),
                    input.actionButton);
    }
    return l;
}

QList<QRectF> TileLayout::textRects() const
{
    QList<QRectF> rects;
    for (const QRectF &r : {ageBadge, recordBadge, name, stateText, details, printBlock, printTag,
                            icon, headline, detail, countdown, QRectF(button)}) {
        if (!r.isEmpty())
            rects.append(r);
    }
    return rects;
}
