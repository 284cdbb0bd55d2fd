#include "tilestatusoverlay.h"

#include "printstatustext.h"
#include "theme.h"

#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>

namespace {

constexpr qreal kBadgePadding = 7; // left and right of the badge's word
constexpr qreal kProgressHeight = 4;
constexpr qreal kGapAfterHeader = 6;
constexpr qreal kGapAfterProgress = 6;
constexpr qreal kGapBetweenLines = 2;
constexpr qreal kDot = 8;
// Narrower, a job name or a problem elides to a word's first letters: better left out.
constexpr qreal kMinimumTextWidth = 72;

using Row = TileStatusOverlay::Row;

QFont derivedFont(const QFont &base, qreal factor, QFont::Weight weight)
{
    QFont font = base;
    font.setPointSizeF(base.pointSizeF() * factor);
    font.setWeight(weight);
    return font;
}

TileStatusOverlay::Text makeText(const QRectF &rect, const QString &text, const QFont &font,
                                 const QColor &color, int flags)
{
    TileStatusOverlay::Text result;
    result.rect = rect;
    result.text = text;
    result.font = font;
    result.color = color;
    result.flags = flags;
    return result;
}

bool hasProgress(const PrintStatus &status)
{
    return PrintStatusText::hasJob(status.state)
        && (status.percent >= 0 || status.state == PrintState::Finished);
}

} // namespace

QStringList TileStatusOverlay::Layout::strings() const
{
    QStringList result;
    for (const Text &text : texts)
        result << text.text;
    return result;
}

TileStatusOverlay::Layout TileStatusOverlay::layout(const Input &input)
{
    Layout layout;
    const PrintStatus &status = input.status;
    if ((status.isNull() && input.problem.isEmpty()) || input.width <= 0)
        return layout;

    const QFont badgeFont = derivedFont(input.font, 0.92, QFont::Bold);
    const QFont jobFont = derivedFont(input.font, 1.0, QFont::DemiBold);
    const QFont percentFont = derivedFont(input.font, 1.1, QFont::Bold);
    const QFont lineFont = input.font;
    const QFontMetricsF badgeMetrics(badgeFont);
    const QFontMetricsF jobMetrics(jobFont);
    const QFontMetricsF percentMetrics(percentFont);
    const QFontMetricsF lineMetrics(lineFont);

    const bool job = PrintStatusText::hasJob(status.state);
    // The timing row: what went wrong and the time left on the left, the layer on the right.
    QStringList timingParts;
    if (PrintStatusText::needsAttention(status) && status.printError != 0)
        timingParts << PrintStatusText::errorText(status.printError);
    if (const QString left = PrintStatusText::timingText(status, input.now, input.locale);
        !left.isEmpty())
        timingParts << left;
    const QString timing = timingParts.join(QStringLiteral(" · "));
    QString timingRight
        = job ? PrintStatusText::layerText(status.layer, status.totalLayers) : QString();
    const QString temperatures = PrintStatusText::temperatureText(status);
    // Where it all fits on one line (large tiles), the temperatures join the layer: a line less
    // over the picture.
    bool merged = false;
    if (!temperatures.isEmpty() && (!timing.isEmpty() || !timingRight.isEmpty())) {
        const QString right = timingRight.isEmpty()
            ? temperatures
            : timingRight + QStringLiteral(" · ") + temperatures;
        const qreal needed = timing.isEmpty()
            ? lineMetrics.horizontalAdvance(right)
            : lineMetrics.horizontalAdvance(timing) + 16 + lineMetrics.horizontalAdvance(right);
        if (needed <= input.width) {
            timingRight = right;
            merged = true;
        }
    }

    // What there is to show, and each row's height with the gap above it.
    QList<Row> rows;
    if (!status.isNull()) {
        rows << Row::Header;
        if (hasProgress(status))
            rows << Row::Progress;
        if (!timing.isEmpty() || !timingRight.isEmpty())
            rows << Row::Timing;
        if (!temperatures.isEmpty() && !merged)
            rows << Row::Temperatures;
    }
    if (!input.problem.isEmpty())
        rows << Row::Problem;

    const qreal headerHeight
        = std::max({badgeMetrics.height() + 6, jobMetrics.height(), percentMetrics.height()});
    auto rowHeight = [&](Row row) {
        switch (row) {
        case Row::Header:
            return headerHeight;
        case Row::Progress:
            return kProgressHeight;
        case Row::Timing:
        case Row::Temperatures:
        case Row::Problem:
            break;
        }
        return lineMetrics.height();
    };
    auto gapBefore = [&](const QList<Row> &shown, qsizetype index) -> qreal {
        if (index == 0)
            return 0;
        const Row previous = shown.at(index - 1);
        if (previous == Row::Header)
            return kGapAfterHeader;
        if (previous == Row::Progress)
            return kGapAfterProgress;
        return kGapBetweenLines;
    };
    auto totalHeight = [&](const QList<Row> &shown) {
        qreal height = 0;
        for (qsizetype i = 0; i < shown.size(); ++i)
            height += gapBefore(shown, i) + rowHeight(shown.at(i));
        return height;
    };

    layout.fullHeight = totalHeight(rows);
    // Least important first: the rest stays readable rather than everything getting cramped.
    const QList<Row> optional
        = status.isNull() ? QList<Row>{} : QList<Row>{Row::Temperatures, Row::Timing, Row::Problem};
    for (const Row row : optional) {
        if (totalHeight(rows) <= input.maxHeight)
            break;
        rows.removeOne(row);
    }
    const qreal essentialHeight = std::max(input.maxHeight, input.maxEssentialHeight);
    for (const Row row :
         {Row::Temperatures, Row::Timing, Row::Problem, Row::Progress, Row::Header}) {
        if (totalHeight(rows) <= essentialHeight)
            break;
        rows.removeOne(row);
    }
    if (rows.isEmpty())
        return layout;
    layout.rows = rows;
    layout.width = input.width;
    layout.height = totalHeight(rows);

    const qreal width = input.width;
    const QColor stateColor = PrintStatusText::stateColor(status);
    const QColor lineColor(255, 255, 255, 225);
    qreal y = 0;
    for (qsizetype i = 0; i < rows.size(); ++i) {
        y += gapBefore(rows, i);
        const Row row = rows.at(i);
        const qreal height = rowHeight(row);
        switch (row) {
        case Row::Header: {
            const QString label = PrintStatusText::stateLabel(status);
            const QString badgeText
                = badgeMetrics.elidedText(label, Qt::ElideRight, width - 2 * kBadgePadding);
            const qreal badgeWidth = badgeMetrics.horizontalAdvance(badgeText) + 2 * kBadgePadding;
            const qreal badgeHeight = badgeMetrics.height() + 6;
            layout.badge = QRectF(0, y + (height - badgeHeight) / 2, badgeWidth, badgeHeight);
            layout.badgeColor = stateColor;
            layout.texts << makeText(layout.badge, badgeText, badgeFont, QColor(0x14, 0x15, 0x18),
                                     int(Qt::AlignCenter));
            qreal right = width;
            const QString percent = job ? PrintStatusText::percentText(status.percent) : QString();
            if (!percent.isEmpty()) {
                const qreal percentWidth = percentMetrics.horizontalAdvance(percent);
                if (badgeWidth + 10 + percentWidth <= width) {
                    layout.texts << makeText(QRectF(width - percentWidth, y, percentWidth, height),
                                             percent, percentFont, Theme::textPrimary(),
                                             int(Qt::AlignRight | Qt::AlignVCenter));
                    right = width - percentWidth - 10;
                }
            }
            const qreal jobLeft = badgeWidth + 8;
            const QRectF jobRect(jobLeft, y, right - jobLeft, height);
            if (!input.problem.isEmpty() && !rows.contains(Row::Problem)) {
                // No room for the problem's own line: it takes the job name's place, since what
                // the block shows may be out of date.
                if (jobRect.width() >= kMinimumTextWidth) {
                    layout.texts << makeText(
                        jobRect,
                        lineMetrics.elidedText(input.problem, Qt::ElideRight, jobRect.width()),
                        lineFont, Theme::warning(), int(Qt::AlignLeft | Qt::AlignVCenter));
                } else if (jobRect.width() >= kDot) {
                    // Too narrow for words: the problem's dot, explained by the tooltip.
                    layout.problemDot = QRectF(jobLeft, y + (height - kDot) / 2, kDot, kDot);
                }
            } else if (job && !status.jobName.isEmpty() && jobRect.width() >= kMinimumTextWidth) {
                layout.texts << makeText(
                    jobRect,
                    jobMetrics.elidedText(status.jobName, Qt::ElideMiddle, jobRect.width()),
                    jobFont, Theme::textPrimary(), int(Qt::AlignLeft | Qt::AlignVCenter));
            }
            break;
        }
        case Row::Progress: {
            layout.progressTrack = QRectF(0, y, width, height);
            layout.progress = status.percent >= 0 ? std::clamp(status.percent, 0, 100) / 100.0
                                                  : 1.0; // finished, percent not reported
            layout.progressColor = stateColor;
            break;
        }
        case Row::Timing: {
            qreal right = width;
            if (!timingRight.isEmpty()) {
                const qreal rightWidth = lineMetrics.horizontalAdvance(timingRight);
                const bool alone = timing.isEmpty();
                if (alone || rightWidth + 16 + 60 <= width) {
                    const QRectF rect = alone ? QRectF(0, y, width, height)
                                              : QRectF(width - rightWidth, y, rightWidth, height);
                    layout.texts << makeText(
                        rect, lineMetrics.elidedText(timingRight, Qt::ElideRight, rect.width()),
                        lineFont, Theme::textSecondary(),
                        int((alone ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter));
                    right = width - rightWidth - 16;
                }
            }
            if (!timing.isEmpty()) {
                layout.texts << makeText(QRectF(0, y, right, height),
                                         lineMetrics.elidedText(timing, Qt::ElideRight, right),
                                         lineFont, lineColor,
                                         int(Qt::AlignLeft | Qt::AlignVCenter));
            }
            break;
        }
        case Row::Temperatures: {
            QString text = temperatures;
            if (lineMetrics.horizontalAdvance(text) > width)
                text = PrintStatusText::temperatureText(status, true);
            layout.texts << makeText(QRectF(0, y, width, height),
                                     lineMetrics.elidedText(text, Qt::ElideRight, width), lineFont,
                                     Theme::textSecondary(), int(Qt::AlignLeft | Qt::AlignVCenter));
            break;
        }
        case Row::Problem: {
            layout.problemDot = QRectF(0, y + (height - kDot) / 2, kDot, kDot);
            const qreal left = kDot + 7;
            layout.texts << makeText(
                QRectF(left, y, width - left, height),
                lineMetrics.elidedText(input.problem, Qt::ElideRight, width - left), lineFont,
                Theme::warning(), int(Qt::AlignLeft | Qt::AlignVCenter));
            break;
        }
        }
        y += height;
    }

    for (Text &text : layout.texts) {
        text.prepared.setText(text.text);
        text.prepared.setTextFormat(Qt::PlainText);
        text.prepared.setPerformanceHint(QStaticText::AggressiveCaching);
        text.prepared.prepare(QTransform(), text.font);
        const QSizeF size = text.prepared.size();
        qreal x = text.rect.left();
        if (text.flags & Qt::AlignRight)
            x = text.rect.right() - size.width();
        else if (text.flags & Qt::AlignHCenter)
            x = text.rect.center().x() - size.width() / 2;
        text.position = QPointF(x, text.rect.center().y() - size.height() / 2);
    }

    layout.accent = PrintStatusText::needsAttention(status);
    layout.accentColor = stateColor;
    return layout;
}

void TileStatusOverlay::paint(QPainter &painter, const Layout &layout, const QPointF &topLeft)
{
    if (layout.isEmpty())
        return;
    painter.save();
    painter.translate(topLeft);
    painter.setPen(Qt::NoPen);
    if (!layout.badge.isEmpty()) {
        painter.setBrush(layout.badgeColor);
        painter.drawRoundedRect(layout.badge, 4, 4);
    }
    if (!layout.progressTrack.isEmpty()) {
        const QRectF track = layout.progressTrack;
        const qreal radius = track.height() / 2;
        painter.setBrush(QColor(255, 255, 255, 46));
        painter.drawRoundedRect(track, radius, radius);
        if (layout.progress > 0) {
            painter.setBrush(layout.progressColor);
            painter.drawRoundedRect(
                QRectF(track.topLeft(),
                       QSizeF(std::max(track.height(), track.width() * layout.progress),
                              track.height())),
                radius, radius);
        }
    }
    if (!layout.problemDot.isEmpty()) {
        painter.setBrush(Theme::warning());
        painter.drawEllipse(layout.problemDot);
    }
    painter.setBrush(Qt::NoBrush);
    for (const Text &text : layout.texts) {
        painter.setFont(text.font);
        painter.setPen(text.color);
        painter.drawStaticText(text.position, text.prepared);
    }
    painter.restore();
}
