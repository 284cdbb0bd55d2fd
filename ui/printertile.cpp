#include "printertile.h"

#include "icons.h"
#include "printstatustext.h"
#include "theme.h"
#include "tilelayout.h"
#include "tileorder.h"

#include "camera/camerasource.h"
#include "frames/framehub.h"
#include "frames/framesubscription.h"
#include "model/printer.h"

#include <QDateTime>
#include <QEnterEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QLoggingCategory>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QTimer>
#include <QToolButton>

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

Q_LOGGING_CATEGORY(lcTile, "farmcam.ui.tile")

namespace {

constexpr qreal kRadius = 10;
constexpr int kResizeSettleMs = 250;
// How often arriving frames may refresh a tile's status (see onFrameArrived()).
constexpr int kFrameStatusMs = 250;
// The recording badge's padding (its style sheet's), in pixels.
constexpr int kBadgePaddingX = 8;
constexpr int kBadgePaddingY = 3;

QColor toneColor(TileStatus::Tone tone)
{
    switch (tone) {
    case TileStatus::Tone::Live:
        return Theme::live();
    case TileStatus::Tone::Busy:
        return Theme::busy();
    case TileStatus::Tone::Warning:
        return Theme::warning();
    case TileStatus::Tone::Error:
        return Theme::error();
    case TileStatus::Tone::Off:
        break;
    }
    return Theme::off();
}

QRectF fitted(const QSizeF &size, const QRectF &bounds)
{
    if (size.isEmpty())
        return bounds;
    const QSizeF scaled = size.scaled(bounds.size(), Qt::KeepAspectRatio);
    return QRectF(bounds.center() - QPointF(scaled.width() / 2, scaled.height() / 2), scaled);
}

bool wantsEdit(CameraSource::Failure failure)
{
    using Failure = CameraSource::Failure;
    return failure == Failure::AccessCodeRejected || failure == Failure::InvalidSettings
        || failure == Failure::HostNotFound;
}

// `top` drawn over `bottom`, as one opaque colour. Qt's raster engine fills opaque colours
// directly but hands translucent scanlines to its thread pool: a translucent 1 px ring around a
// tile cost more than the rest of the tile together.
QColor over(const QColor &top, const QColor &bottom)
{
    const qreal a = top.alphaF();
    return QColor::fromRgbF(float(top.redF() * a + bottom.redF() * (1 - a)),
                            float(top.greenF() * a + bottom.greenF() * (1 - a)),
                            float(top.blueF() * a + bottom.blueF() * (1 - a)));
}

// Rounds the card's corners by painting what lies behind the tile (the grid's background) over
// the part of each corner outside the arc: far cheaper than clipping everything to a rounded path.
void paintCorners(QPainter &painter, const QRectF &card)
{
    const qreal d = 2 * kRadius;
    const struct
    {
        QPointF corner;
        QRectF arc;
        qreal startAngle;
    } corners[] = {
        {card.topLeft(), QRectF(card.left(), card.top(), d, d), 180},
        {card.topRight(), QRectF(card.right() - d, card.top(), d, d), 90},
        {card.bottomRight(), QRectF(card.right() - d, card.bottom() - d, d, d), 0},
        {card.bottomLeft(), QRectF(card.left(), card.bottom() - d, d, d), 270},
    };
    painter.save();
    painter.setPen(Qt::NoPen);
    painter.setBrush(Theme::windowBackground());
    for (const auto &c : corners) {
        QPainterPath path(c.corner);
        path.arcTo(c.arc, c.startAngle, -90);
        path.closeSubpath();
        painter.drawPath(path);
    }
    painter.restore();
}

} // namespace

PrinterTile::PrinterTile(Printer *printer, QWidget *parent)
    : QWidget(parent)
    , m_printer(printer)
    , m_camera(printer ? printer->camera() : nullptr)
    , m_tick(new QTimer(this))
    , m_resizeSettled(new QTimer(this))
    , m_flashTimer(new QTimer(this))
    , m_frameStatusHold(new QTimer(this))
    , m_buttonBar(new QWidget(this))
    , m_snapshotButton(new QToolButton(m_buttonBar))
    , m_recordButton(new QToolButton(m_buttonBar))
    , m_editButton(new QToolButton(m_buttonBar))
    , m_viewButton(new QToolButton(m_buttonBar))
    , m_actionButton(new QPushButton(this))
{
    setFocusPolicy(Qt::NoFocus); // the grid owns the keyboard and the selection
    setMouseTracking(true);
    setAttribute(Qt::WA_Hover);
    setObjectName(QStringLiteral("printerTile"));

    m_tick->setInterval(1000);
    // On whole seconds: the ticks of all tiles then wake the app once a second, not once per tile.
    m_tick->setTimerType(Qt::VeryCoarseTimer);
    connect(m_tick, &QTimer::timeout, this, &PrinterTile::refreshStatus);
    m_resizeSettled->setSingleShot(true);
    m_resizeSettled->setInterval(kResizeSettleMs);
    connect(m_resizeSettled, &QTimer::timeout, this, [this] {
        // A printer sends a frame every second or two: decode the last one again at the settled
        // size now, so that a grown tile is not blurry meanwhile.
        if (m_decoding && m_subscription)
            m_subscription->refresh();
    });

    m_flashTimer->setSingleShot(true);
    m_flashTimer->setInterval(160);
    connect(m_flashTimer, &QTimer::timeout, this, qOverload<>(&QWidget::update));

    m_frameStatusHold->setSingleShot(true);
    m_frameStatusHold->setInterval(kFrameStatusMs);
    connect(m_frameStatusHold, &QTimer::timeout, this, [this] {
        if (std::exchange(m_frameStatusPending, false))
            refreshStatus();
    });

    m_buttonBar->setObjectName(QStringLiteral("tileButtonBar"));
    m_buttonBar->setAttribute(Qt::WA_StyledBackground);
    m_buttonBar->setStyleSheet(
        QStringLiteral("#tileButtonBar { background: rgba(12, 13, 15, 190); border-radius: 8px; }"
                       "QToolButton { border: none; border-radius: 6px; padding: 5px; }"
                       "QToolButton:hover { background: rgba(255, 255, 255, 40); }"
                       "QToolButton:pressed { background: rgba(255, 255, 255, 70); }"));
    auto *barLayout = new QHBoxLayout(m_buttonBar);
    barLayout->setContentsMargins(3, 3, 3, 3);
    barLayout->setSpacing(2);
    const QColor iconColor = Theme::textPrimary();
    const struct
    {
        QToolButton *button;
        const char *name;
        QIcon icon;
        QString toolTip;
    } buttons[] = {
        {m_snapshotButton, "snapshotButton", Icons::snapshot(iconColor),
         tr("Save a snapshot (Ctrl+S)")},
        {m_recordButton, "recordButton", Icons::record(iconColor),
         tr("Record the camera (Ctrl+Shift+R)")},
        {m_editButton, "editButton", Icons::edit(iconColor), tr("Edit printer…")},
        {m_viewButton, "fullViewButton", Icons::fullView(iconColor), tr("Full view (Enter)")},
    };
    for (const auto &b : buttons) {
        b.button->setObjectName(QLatin1String(b.name));
        b.button->setIcon(b.icon);
        b.button->setIconSize(QSize(20, 20));
        b.button->setToolTip(b.toolTip);
        b.button->setFocusPolicy(Qt::NoFocus);
        b.button->setAutoRaise(true);
        barLayout->addWidget(b.button);
    }
    connect(m_snapshotButton, &QToolButton::clicked, this, [this] {
        emit clicked(this);
        if (m_printer)
            emit snapshotRequested(m_printer);
    });
    m_recordButton->setCheckable(true);
    m_recordButton->hide(); // until a recorder is there (setRecordingAvailable)
    connect(m_recordButton, &QToolButton::clicked, this, [this] {
        // The button shows the recorder's state, not its own: setRecording() checks it.
        m_recordButton->setChecked(m_recording);
        emit clicked(this);
        if (m_printer)
            emit recordToggleRequested(m_printer);
    });
    connect(m_editButton, &QToolButton::clicked, this, [this] {
        emit clicked(this);
        if (m_printer)
            emit editRequested(m_printer);
    });
    connect(m_viewButton, &QToolButton::clicked, this, [this] {
        emit clicked(this);
        if (m_expanded)
            emit backRequested();
        else
            emit fullViewRequested(this);
    });
    m_buttonBar->hide();

    m_recordBadge = new QLabel(this);
    m_recordBadge->setObjectName(QStringLiteral("recordBadge"));
    m_recordBadge->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_recordBadge->hide();

    m_actionButton->setObjectName(QStringLiteral("actionButton"));
    m_actionButton->setFocusPolicy(Qt::NoFocus);
    m_actionButton->hide();
    connect(m_actionButton, &QPushButton::clicked, this, [this] {
        emit clicked(this);
        if (!m_printer || !m_camera)
            return;
        if (m_camera->lastFailure() == CameraSource::Failure::CertificateMismatch)
            emit certificateReviewRequested(m_printer);
        else if (wantsEdit(m_camera->lastFailure()))
            emit editRequested(m_printer);
        else
            m_printer->reconnectNow(); // the status connection too: it may be waiting as well
    });

    attachCamera();
    refreshStatus();
    updateAttention();
}

PrinterTile::~PrinterTile() = default; // the subscription is a child: it ends with the tile

Printer *PrinterTile::printer() const
{
    return m_printer;
}

CameraSource *PrinterTile::camera() const
{
    return m_camera;
}

void PrinterTile::attachCamera()
{
    if (!m_printer || !m_camera)
        return;
    connect(m_printer, &Printer::configChanged, this, [this] {
        updateToolTip(); // the name may have changed
        refreshStatus();
        update();
    });
    connect(m_camera, &CameraSource::stateChanged, this, &PrinterTile::refreshStatus);
    connect(m_printer, &Printer::cameraReplaced, this, [this](CameraSource *camera) {
        // The settings chose another camera kind; the old camera is going away.
        disconnect(m_camera, nullptr, this, nullptr);
        m_camera = camera;
        connect(m_camera, &CameraSource::stateChanged, this, &PrinterTile::refreshStatus);
        refreshStatus();
    });
    connect(m_printer->frames(), &FrameHub::frameArrived, this, &PrinterTile::onFrameArrived);
    m_subscription = m_printer->frames()->subscribe(this);
    // Not visible yet: nothing to decode for.
    m_subscription->setPaused(true);
    // H.264: a grid tile decodes key frames only; the single view every frame.
    m_subscription->setDecodeEveryFrame(m_expanded);
    connect(m_subscription, &FrameSubscription::pictureReady, this, &PrinterTile::onImageReady);
}

void PrinterTile::onImageReady(const QImage &image, qint64 frameReceivedNs)
{
    if (image.isNull())
        return;
    m_image = image;
    m_imageReceivedNs = frameReceivedNs;
    m_dimmedImage = QImage();
    refreshStatus();
    update();
}

void PrinterTile::setSelected(bool selected)
{
    if (selected == m_selected)
        return;
    m_selected = selected;
    updateButtons();
    update();
}

void PrinterTile::setExpanded(bool expanded)
{
    if (expanded == m_expanded)
        return;
    m_expanded = expanded;
    const QColor iconColor = Theme::textPrimary();
    m_viewButton->setIcon(expanded ? Icons::backToGrid(iconColor) : Icons::fullView(iconColor));
    m_viewButton->setToolTip(expanded ? tr("Back to grid (Esc)") : tr("Full view (Enter)"));
    updateButtons();
    if (m_subscription)
        m_subscription->setDecodeEveryFrame(expanded);
    if (m_decoding)
        requestDecodeSize();
    update();
}

void PrinterTile::flash()
{
    m_flashTimer->start();
    update();
}

bool PrinterTile::OverlayKey::operator==(const OverlayKey &other) const
{
    return size == other.size && expanded == other.expanded && message == other.message
        && ageBadge == other.ageBadge && recordBadge == other.recordBadge
        && headline == other.headline && generation == other.generation;
}

void PrinterTile::setPrintStatus(const PrintStatus &status)
{
    if (status == m_printStatus)
        return;
    m_printStatus = status;
    m_timingText = PrintStatusText::timingText(status, QDateTime::currentDateTimeUtc());
    printStatusInputsChanged();
}

void PrinterTile::setStatusProblem(const QString &problem)
{
    if (problem == m_statusProblem)
        return;
    m_statusProblem = problem;
    printStatusInputsChanged();
}

void PrinterTile::printStatusInputsChanged()
{
    ++m_overlayGeneration;
    // In the single view the block has a strip of its own: the picture's share may change with
    // it (requestDecodeSize() asks nothing when the size stayed).
    if (m_expanded && m_decoding)
        requestDecodeSize();
    updateToolTip();
    updateAttention();
    update();
}

void PrinterTile::refreshPrintTiming()
{
    // "1 h 23 min left" counts down, and "ready at" moves while paused, without a new report:
    // repaint when the words change, once a minute, not every tick.
    if (m_printStatus.isNull())
        return;
    const QString timing
        = PrintStatusText::timingText(m_printStatus, QDateTime::currentDateTimeUtc());
    if (timing == m_timingText)
        return;
    m_timingText = timing;
    printStatusInputsChanged();
}

bool PrinterTile::hasCameraTrouble() const
{
    return m_status.tone == TileStatus::Tone::Error || m_status.tone == TileStatus::Tone::Warning;
}

void PrinterTile::updateAttention()
{
    const PrintState state = m_printStatus.isNull() ? PrintState::Unknown : m_printStatus.state;
    const int rank = TileOrder::attentionRank(state, m_printStatus.isPausedForError(),
                                              hasCameraTrouble(), !m_statusProblem.isEmpty());
    if (rank == m_attentionRank)
        return;
    m_attentionRank = rank;
    emit attentionRankChanged(rank);
}

const TileStatusOverlay::Layout &PrinterTile::overlayLayout() const
{
    const bool message = showsMessage();
    const bool ageBadge = !m_status.pictureAge.isEmpty() && !m_image.isNull();
    OverlayKey key;
    key.size = size();
    key.expanded = m_expanded;
    key.message = message;
    key.ageBadge = ageBadge;
    key.recordBadge = !recordingBadgeText().isEmpty();
    key.headline = m_status.headline;
    key.generation = m_overlayGeneration;
    if (key == m_overlayKey)
        return m_overlay;
    m_overlayKey = key;

    TileStatusOverlay::Input input;
    input.status = m_printStatus;
    input.problem = m_statusProblem;
    input.now = QDateTime::currentDateTimeUtc();
    input.font = font();
    // A compact tile has no room for the block: a tag in its one line says the state.
    const TileLayout::Budget budget = TileLayout::printBlockBudget(layoutInput());
    if (!budget.shown) {
        m_overlay = TileStatusOverlay::Layout();
        return m_overlay;
    }
    input.width = budget.width;
    input.maxHeight = budget.maxHeight;
    input.maxEssentialHeight = budget.maxEssentialHeight;
    m_overlay = TileStatusOverlay::layout(input);
    return m_overlay;
}

QRectF PrinterTile::statusOverlayRect() const
{
    // Right on top of the name bar; in the single view both are in the strip under the picture.
    return tileLayout().printBlock;
}

TileLayout::Input PrinterTile::layoutInput() const
{
    TileLayout::Input input;
    input.size = size();
    input.font = font();
    input.expanded = m_expanded;
    input.buttonBarShown = m_hovered || m_selected || m_expanded;
    input.buttonBar = m_buttonBar->sizeHint();
    input.message = showsMessage();
    if (input.message) {
        input.headline = m_status.headline;
        input.detail = m_status.detail;
        input.countdown = m_status.countdown;
        if (m_actionButton->isVisibleTo(this))
            input.actionButton = m_actionButton->sizeHint();
    }
    if (!m_image.isNull())
        input.pictureAge = m_status.pictureAge;
    if (m_expanded)
        input.details = detailsLine();
    input.printTag = compactPrintTag();
    input.recordBadge = recordBadgeSize(recordingBadgeText());
    return input;
}

QSize PrinterTile::recordBadgeSize(const QString &text) const
{
    if (!m_recordBadge || text.isEmpty())
        return {};
    m_recordBadge->ensurePolished(); // its style sheet makes it bold
    const QFontMetrics metrics = m_recordBadge->fontMetrics();
    return QSize(metrics.horizontalAdvance(text) + 2 * kBadgePaddingX + 4,
                 metrics.height() + 2 * kBadgePaddingY);
}

TileLayout PrinterTile::tileLayout() const
{
    TileLayout::Input input = layoutInput();
    const TileStatusOverlay::Layout &overlay = overlayLayout();
    if (!overlay.isEmpty()) {
        input.printBlockWidth = overlay.width;
        input.printBlockHeight = overlay.height;
    }
    return TileLayout::compute(input);
}

bool PrinterTile::isCompact() const
{
    return TileLayout::modeFor(size(), m_expanded) == TileLayout::Mode::Compact;
}

QString PrinterTile::compactPrintTag() const
{
    // A word or two: how far the print is, or the state when that says more ("Failed").
    if (!m_printStatus.isNull()) {
        if (m_printStatus.state == PrintState::Printing && m_printStatus.percent >= 0)
            return PrintStatusText::percentText(m_printStatus.percent);
        return PrintStatusText::stateLabel(m_printStatus);
    }
    return m_statusProblem.isEmpty() ? QString() : QStringLiteral("!");
}

void PrinterTile::setStaleAfter(std::chrono::milliseconds minimum)
{
    m_staleAfter = minimum;
    // Ages must be checked at least as often as the threshold can pass.
    const int interval = int(std::clamp<qint64>(minimum.count() / 4, 50, 1000));
    m_tick->setTimerType(interval >= 1000 ? Qt::VeryCoarseTimer : Qt::CoarseTimer);
    m_tick->setInterval(interval); // restarts a running tick, with the new type
    refreshStatus();
}

void PrinterTile::updateDecoding()
{
    const QWidget *top = window();
    setDecoding(isVisible() && top && !(top->windowState() & Qt::WindowMinimized));
}

void PrinterTile::setDecoding(bool decoding)
{
    if (!m_subscription || decoding == m_decoding)
        return;
    m_decoding = decoding;
    qCDebug(lcTile) << (m_printer ? m_printer->name() : QString()) << "decoding" << decoding;
    if (decoding) {
        requestDecodeSize();
        update(); // refreshStatus() left the status unpainted meanwhile
    }
    m_subscription->setPaused(!decoding); // a hidden tile's subscription costs nothing
}

QSize PrinterTile::decodeSize() const
{
    return m_subscription ? m_subscription->size() : QSize();
}

void PrinterTile::requestDecodeSize()
{
    if (!m_subscription)
        return;
    const QSize logical = pictureRect().size();
    if (logical.isEmpty())
        return;
    const QSize wanted = logical * devicePixelRatioF();
    if (m_subscription->size() == wanted)
        return;
    m_subscription->setSize(wanted);
    if (!m_image.isNull())
        m_resizeSettled->start();
}

QRect PrinterTile::cardRect() const
{
    constexpr int inset = TileLayout::kRingInset;
    return rect().adjusted(inset, inset, -inset, -inset);
}

QRect PrinterTile::pictureRect() const
{
    // In the grid the name and state float over the picture; the single view gives them a strip
    // of their own, so that nothing covers any part of the picture.
    return tileLayout().picture;
}

QSize PrinterTile::sizeHint() const
{
    return QSize(480, 270);
}

QSize PrinterTile::minimumSizeHint() const
{
    return QSize(160, 90);
}

void PrinterTile::onFrameArrived()
{
    // An RTSPS camera sends 30 frames a second, and at nearly every one its fps figure moves by a
    // tenth, which rebuilds the tooltip and lays the tile out again (text shaping): with 16 such
    // cameras that was a tenth of a core. A figure people read needs no more than a few updates a
    // second; the first frame after a quiet spell still shows at once, and the last one of a
    // burst always gets its refresh when the hold ends.
    if (m_frameStatusHold->isActive()) {
        m_frameStatusPending = true;
        return;
    }
    refreshStatus();
    m_frameStatusHold->start();
}

void PrinterTile::refreshStatus()
{
    TileStatus::Input input;
    if (m_camera) {
        const CameraSource::Stats stats = m_camera->stats();
        input.state = m_camera->state();
        input.failure = m_camera->lastFailure();
        input.statusText = m_camera->statusText();
        input.framesPerSecond = stats.framesPerSecond;
        input.lastFrameAgeMs = stats.lastFrameAgeMs;
        const QDateTime next = m_camera->nextAttemptAt();
        if (input.state == CameraSource::State::Backoff && next.isValid())
            input.msUntilNextAttempt
                = std::max<qint64>(0, QDateTime::currentDateTime().msecsTo(next));
    }
    input.staleAfter = m_staleAfter;
    const TileStatus status = TileStatus::describe(input);
    refreshPrintTiming();

    // Nothing to repaint while nothing is on screen (hidden, or the window minimized: a camera at
    // 30 fps calls this at every frame); setDecoding(true) repaints. The bar's rectangle takes a
    // layout of the whole tile, so it is worked out only when it is repainted.
    const bool onScreen = m_decoding || !m_subscription;
    const auto barRect = [this] {
        return tileLayout().bar.toAlignedRect();
    };
    if (m_expanded && onScreen)
        update(barRect()); // the details line counts frames and bytes
    if (status == m_status)
        return;
    if (status.stale != m_status.stale)
        qCDebug(lcTile) << (m_printer ? m_printer->name() : QString()) << "stale" << status.stale;
    // "Live · 29.8 fps" becoming "Live · 30.1 fps" changes a word in the bar, nothing else: repaint
    // the bar only, not the picture under it.
    const bool barOnly = status.tone == m_status.tone && status.stale == m_status.stale
        && status.pictureAge == m_status.pictureAge && status.detail == m_status.detail
        && status.countdown == m_status.countdown && !showsMessage() && !isCompact();
    m_status = status;
    updateToolTip();
    updateAttention();
    updateButtons();
    if (!onScreen)
        return;
    if (barOnly)
        update(barRect());
    else
        update();
}

void PrinterTile::updateToolTip()
{
    const QString name = m_printer ? m_printer->name() : QString();
    QString toolTip = QStringLiteral("<b>%1</b><br>%2")
                          .arg(name.toHtmlEscaped(), m_status.summary().toHtmlEscaped());
    if (!m_status.detail.isEmpty())
        toolTip += QStringLiteral("<br>") + m_status.detail.toHtmlEscaped();
    if (!m_status.pictureAge.isEmpty())
        toolTip += QStringLiteral("<br>") + m_status.pictureAge.toHtmlEscaped();
    const QString print = PrintStatusText::description(m_printStatus, m_statusProblem,
                                                       QDateTime::currentDateTimeUtc());
    if (!print.isEmpty())
        toolTip += QStringLiteral("<br>") + print.toHtmlEscaped();
    if (const QString recording = recordingBadgeText(); !recording.isEmpty())
        toolTip += QStringLiteral("<br>") + recording.toHtmlEscaped();
    setToolTip(toolTip);
    // Screen readers get the same, in words.
    setAccessibleName(name);
    QStringList description{m_status.summary()};
    if (!m_status.detail.isEmpty())
        description << m_status.detail;
    if (!print.isEmpty())
        description << print;
    setAccessibleDescription(description.join(QStringLiteral(". ")));
}

bool PrinterTile::showsMessage() const
{
    // A picture that is merely late stays visible (dimmed, with its age); anything that is not a
    // stream gets a plain explanation in the middle.
    if (m_image.isNull())
        return true;
    return m_camera && m_camera->state() != CameraSource::State::Up;
}

void PrinterTile::updateButtons()
{
    m_buttonBar->setVisible(m_hovered || m_selected || m_expanded);

    bool showAction = false;
    // A compact tile shows the headline only: the single view has the button.
    if (m_camera && m_status.tone == TileStatus::Tone::Error && showsMessage() && !isCompact()) {
        const bool review = m_camera->lastFailure() == CameraSource::Failure::CertificateMismatch;
        const bool edit = review || wantsEdit(m_camera->lastFailure());
        const bool retryPending = m_camera->state() == CameraSource::State::Backoff;
        showAction = edit || retryPending;
        const QString text = review ? tr("Review certificate…")
            : edit                  ? tr("Edit printer…")
                                    : tr("Retry now");
        if (m_actionButton->text() != text) { // restyling on every countdown tick is wasteful
            m_actionButton->setText(text);
            m_actionButton->setToolTip(review     ? tr("Compare the old and new certificate")
                                           : edit ? tr("Check the address and access code")
                                                  : tr("Try to connect again without waiting"));
            const QColor fill = edit ? Theme::accent() : QColor(255, 255, 255, 36);
            const QColor hover = edit ? fill.lighter(118) : QColor(255, 255, 255, 60);
            m_actionButton->setStyleSheet(
                QStringLiteral("QPushButton { background: %1; color: white; border: none;"
                               " border-radius: 6px; padding: 7px 18px; font-weight: 600; }"
                               "QPushButton:hover { background: %2; }")
                    .arg(fill.name(QColor::HexArgb), hover.name(QColor::HexArgb)));
        }
    }
    m_actionButton->setVisible(showAction);
    layoutChildren();
}

void PrinterTile::layoutChildren()
{
    const int iconSize = TileLayout::buttonIconSize(TileLayout::modeFor(size(), m_expanded));
    for (QToolButton *button : {m_snapshotButton, m_recordButton, m_editButton, m_viewButton})
        button->setIconSize(QSize(iconSize, iconSize));
    m_buttonBar->adjustSize();
    const TileLayout layout = tileLayout();
    // Hidden where the layout has no room for it (it would cover the printer's clock).
    const bool wanted = m_hovered || m_selected || m_expanded;
    m_buttonBar->setVisible(wanted && !layout.buttonBar.isEmpty());
    if (!layout.buttonBar.isEmpty())
        m_buttonBar->move(layout.buttonBar.topLeft());
    const QString badgeText = recordingBadgeText();
    const QRect badge = layout.recordBadge.toAlignedRect();
    if (m_recordBadge) // made after the buttons
        m_recordBadge->setVisible(!badgeText.isEmpty() && !badge.isEmpty());
    if (m_recordBadge && !badgeText.isEmpty() && !badge.isEmpty()) {
        m_recordBadge->setGeometry(badge);
        // Whole when it got the width it asked for; else cut, with the tile's tooltip saying it.
        const QString shown = badge.width() >= recordBadgeSize(badgeText).width()
            ? badgeText
            : m_recordBadge->fontMetrics().elidedText(badgeText, Qt::ElideRight,
                                                      badge.width() - 2 * kBadgePaddingX - 4);
        if (m_recordBadge->text() != shown)
            m_recordBadge->setText(shown);
        m_recordBadge->raise();
    }
    if (m_actionButton->isVisibleTo(this)) {
        if (layout.button.isValid())
            m_actionButton->setGeometry(layout.button);
        else
            m_actionButton->hide(); // no room on a tiny tile; the Edit button remains
    }
}

void PrinterTile::setRecording(bool recording)
{
    m_recording = recording;
    if (recording)
        m_recordingProblem.clear();
    m_recordButton->setChecked(recording);
    m_recordButton->setToolTip(recording ? tr("Stop recording (Ctrl+Shift+R)")
                                         : tr("Record the camera (Ctrl+Shift+R)"));
    updateRecordBadge();
}

void PrinterTile::setTimelapseCapture(int frames)
{
    m_timelapseFrames = frames;
    updateRecordBadge();
}

void PrinterTile::setTimelapseProgress(int percent)
{
    m_timelapsePercent = percent;
    updateRecordBadge();
}

void PrinterTile::setRecordingProblem(const QString &message)
{
    m_recordingProblem = message;
    updateRecordBadge();
}

void PrinterTile::setRecordingAvailable(bool available)
{
    m_recordButton->setVisible(available);
    layoutChildren();
}

QString PrinterTile::recordingBadgeText() const
{
    if (!m_recordingProblem.isEmpty())
        return m_recordingProblem;
    QStringList parts;
    if (m_recording)
        parts.append(tr("● REC"));
    if (m_timelapseFrames >= 0)
        // Spelled out rather than "%n frame(s)": right in English without a translation.
        parts.append(m_timelapseFrames == 1 ? tr("● Timelapse · 1 frame")
                                            : tr("● Timelapse · %1 frames").arg(m_timelapseFrames));
    if (m_timelapsePercent >= 0)
        parts.append(tr("Timelapse %1 %").arg(m_timelapsePercent));
    return parts.join(QStringLiteral("  ·  "));
}

void PrinterTile::updateRecordBadge()
{
    const QString text = recordingBadgeText();
    const bool problem = !m_recordingProblem.isEmpty();
    // Red for REC as cameras show it; amber for a problem, as the tile's other warnings.
    const QColor fill = problem                 ? QColor(176, 96, 0, 225)
        : m_recording || m_timelapseFrames >= 0 ? QColor(190, 30, 30, 225)
                                                : QColor(12, 13, 15, 200);
    const QString style = QStringLiteral("QLabel { background: %1; color: white;"
                                         " border-radius: 6px; padding: %2px %3px;"
                                         " font-weight: 600; }")
                              .arg(fill.name(QColor::HexArgb))
                              .arg(kBadgePaddingY)
                              .arg(kBadgePaddingX);
    if (m_recordBadge->styleSheet() != style)
        m_recordBadge->setStyleSheet(style);
    if (text.isEmpty())
        m_recordBadge->clear();
    updateToolTip(); // says it whole when the badge is cut short
    layoutChildren();
}

QString PrinterTile::detailsLine() const
{
    if (!m_printer || !m_camera)
        return QString();
    const CameraSource::Stats stats = m_camera->stats();
    const QLocale locale;
    const CameraEndpoint endpoint = m_camera->endpoint();
    QStringList parts;
    parts << (endpoint.host.contains(QLatin1Char(':'))
                  ? QStringLiteral("[%1]:%2").arg(endpoint.host).arg(endpoint.port)
                  : QStringLiteral("%1:%2").arg(endpoint.host).arg(endpoint.port));
    parts << tr("%1 pictures").arg(locale.toString(stats.framesReceived));
    parts << tr("%1 received")
                 .arg(locale.formattedDataSize(qint64(stats.bytesReceived), 1,
                                               QLocale::DataSizeTraditionalFormat));
    if (stats.reconnects > 0)
        parts << (stats.reconnects == 1
                      ? tr("1 reconnect")
                      : tr("%1 reconnects").arg(locale.toString(stats.reconnects)));
    return parts.join(QStringLiteral("  ·  "));
}

const QImage &PrinterTile::dimmedImage() const
{
    if (m_dimmedImage.isNull() && !m_image.isNull()) {
        // Grey and darker, so an old picture can never be mistaken for a live one.
        m_dimmedImage = m_image.convertToFormat(QImage::Format_Grayscale8)
                            .convertToFormat(QImage::Format_RGB32);
        QPainter painter(&m_dimmedImage);
        painter.fillRect(m_dimmedImage.rect(), QColor(0, 0, 0, 110));
    }
    return m_dimmedImage;
}

void PrinterTile::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);

    const QRectF card = QRectF(cardRect());
    QPainterPath shape;
    shape.addRoundedRect(card, kRadius, kRadius);
    painter.fillPath(shape, Theme::tileBackground());

    // Clipped to the card's rectangle, not to its rounded shape: with a path clip every scanline of
    // the picture is blended through Qt's thread pool (ten times a blit). paintCorners() rounds.
    painter.save();
    painter.setClipRect(cardRect());
    const TileLayout layout = tileLayout();
    paintPicture(painter, layout);
    if (layout.message)
        paintMessage(painter, layout);
    paintBar(painter, layout);
    if (!layout.ageBadge.isEmpty())
        paintAgeBadge(painter, layout);
    if (m_flashTimer->isActive())
        painter.fillRect(layout.picture, QColor(255, 255, 255, 110));
    painter.restore();
    paintCorners(painter, card);
    const bool accent = PrintStatusText::needsAttention(m_printStatus);
    if (accent)
        paintAccent(painter, card);
    if (!m_image.isNull() && m_imageReceivedNs != m_paintedReceivedNs) {
        m_paintedReceivedNs = m_imageReceivedNs;
        emit framePainted(m_imageReceivedNs);
    }

    // Selection ring outside the card, hover hint on its edge; the single view needs neither.
    if (m_expanded)
        return;
    if (m_selected) {
        painter.setPen(QPen(Theme::accent(), 2.5));
        painter.drawRoundedRect(card.adjusted(-0.5, -0.5, 0.5, 0.5), kRadius + 1, kRadius + 1);
    } else if (!accent) {
        painter.setPen(
            QPen(over(QColor(255, 255, 255, m_hovered ? 60 : 16), Theme::tileBackground()), 1));
        painter.drawRoundedRect(card.adjusted(0.5, 0.5, -0.5, -0.5), kRadius, kRadius);
    }
}

void PrinterTile::paintPicture(QPainter &painter, const TileLayout &layout) const
{
    if (m_image.isNull())
        return;
    const bool live = m_status.tone == TileStatus::Tone::Live && !m_status.stale;
    const QImage &image = live ? m_image : dimmedImage();
    const QRectF area = layout.picture;
    const QSizeF size = QSizeF(image.size()) / devicePixelRatioF();
    const QRectF target = fitted(size, area);
    if (devicePixelRatioF() == 1 && target.width() - size.width() < 1
        && target.height() - size.height() < 1) {
        // Decoded at this tile's size (the usual case): a plain blit at a whole pixel, the
        // cheapest draw there is; no scaling, no filtering.
        QRect at(QPoint(0, 0), image.size());
        at.moveCenter(area.toRect().center());
        painter.drawImage(at.topLeft(), image);
    } else {
        painter.setRenderHint(QPainter::SmoothPixmapTransform);
        painter.drawImage(target, image);
    }
    if (showsMessage())
        painter.fillRect(area, QColor(0, 0, 0, 120)); // room for the explanation to be read
}

void PrinterTile::paintMessage(QPainter &painter, const TileLayout &layout) const
{
    const QColor color = toneColor(m_status.tone);
    if (!layout.icon.isNull()) {
        const QRectF icon = layout.icon;
        QColor halo = color;
        halo.setAlpha(40);
        painter.setPen(Qt::NoPen);
        painter.setBrush(halo);
        painter.drawEllipse(icon);
        const qreal unit = icon.width() / 24.0;
        painter.setPen(QPen(color, 2.4 * unit, Qt::SolidLine, Qt::RoundCap));
        painter.setBrush(Qt::NoBrush);
        const QPointF c = icon.center();
        switch (m_status.tone) {
        case TileStatus::Tone::Error:
        case TileStatus::Tone::Warning:
            painter.drawLine(c + QPointF(0, -6 * unit), c + QPointF(0, 1.5 * unit));
            painter.drawPoint(c + QPointF(0, 6 * unit));
            break;
        case TileStatus::Tone::Off:
            painter.drawLine(c + QPointF(-3 * unit, -5 * unit), c + QPointF(-3 * unit, 5 * unit));
            painter.drawLine(c + QPointF(3 * unit, -5 * unit), c + QPointF(3 * unit, 5 * unit));
            break;
        case TileStatus::Tone::Busy:
        case TileStatus::Tone::Live:
            // An open ring: "on its way", without an animation to keep the CPU busy.
            painter.drawArc(QRectF(c - QPointF(7 * unit, 7 * unit), QSizeF(14 * unit, 14 * unit)),
                            90 * 16, -270 * 16);
            break;
        }
    }

    const int flags = Qt::AlignHCenter | Qt::TextWordWrap;
    painter.setFont(TileLayout::headlineFont(font(), layout.mode, m_expanded));
    painter.setPen(Theme::textPrimary());
    painter.drawText(layout.headline, layout.headlineFlags, layout.headlineText);
    painter.setFont(font());
    if (!layout.detail.isNull()) {
        painter.setPen(Theme::textSecondary());
        painter.drawText(layout.detail, flags, m_status.detail);
    }
    if (!layout.countdown.isNull()) {
        painter.setPen(color.lighter(115));
        painter.drawText(layout.countdown, flags, m_status.countdown);
    }
}

void PrinterTile::paintBar(QPainter &painter, const TileLayout &layout) const
{
    const QRectF &band = layout.band;
    const QString name = m_printer ? m_printer->name() : tr("(removed)");
    const QFont nameFont = TileLayout::nameFont(font(), layout.mode);
    const QFontMetricsF nameMetrics(nameFont);

    if (layout.mode == TileLayout::Mode::Compact) {
        // One line; the picture above it stays as the camera sent it.
        painter.fillRect(band, QColor(0, 0, 0, 185));
        painter.setPen(Qt::NoPen);
        painter.setBrush(toneColor(m_status.tone));
        painter.drawEllipse(layout.stateDot);
        painter.setBrush(Qt::NoBrush);
        painter.setFont(nameFont);
        painter.setPen(Theme::textPrimary());
        painter.drawText(layout.name, Qt::AlignLeft | Qt::AlignVCenter,
                         nameMetrics.elidedText(name, Qt::ElideRight, layout.name.width()));
        if (!layout.printTag.isEmpty()) {
            const QColor fill = m_printStatus.isNull() ? Theme::warning()
                                                       : PrintStatusText::stateColor(m_printStatus);
            const QRectF &tag = layout.printTag;
            painter.setPen(Qt::NoPen);
            painter.setBrush(fill);
            painter.drawRoundedRect(tag, tag.height() / 2, tag.height() / 2);
            const QFont tagFont = TileLayout::tagFont(font());
            painter.setFont(tagFont);
            painter.setPen(QColor(0x1a, 0x1a, 0x1a));
            painter.drawText(tag, Qt::AlignCenter,
                             QFontMetricsF(tagFont).elidedText(compactPrintTag(), Qt::ElideRight,
                                                               tag.width() - 6));
        }
        return;
    }

    // The print block, when there is one, sits on top of the name bar in the same dark band.
    if (m_expanded) {
        painter.fillRect(band, Theme::tileBackground());
        painter.fillRect(QRectF(band.left(), band.top(), band.width(), 1),
                         QColor(255, 255, 255, 18));
    } else {
        // Dark enough where the text sits that whatever the camera shows there cannot garble it.
        const qreal fade = layout.bar.height() * 0.7;
        QLinearGradient shade(band.left(), band.top() - fade, band.left(), band.bottom());
        shade.setColorAt(0, QColor(0, 0, 0, 0));
        shade.setColorAt(fade / (fade + band.height()), QColor(0, 0, 0, 200));
        shade.setColorAt(1, QColor(0, 0, 0, 245));
        painter.fillRect(band.adjusted(0, -fade, 0, 0), shade);
    }
    if (!layout.printBlock.isEmpty())
        TileStatusOverlay::paint(painter, overlayLayout(), layout.printBlock.topLeft());

    const QFontMetricsF statusMetrics(font());
    if (!layout.details.isEmpty()) {
        painter.setFont(font());
        painter.setPen(Theme::textSecondary());
        painter.drawText(
            layout.details, Qt::AlignRight | Qt::AlignVCenter,
            statusMetrics.elidedText(detailsLine(), Qt::ElideLeft, layout.details.width()));
    }

    painter.setFont(nameFont);
    painter.setPen(Theme::textPrimary());
    painter.drawText(layout.name, Qt::AlignLeft | Qt::AlignVCenter,
                     nameMetrics.elidedText(name, Qt::ElideRight, layout.name.width()));

    painter.setPen(Qt::NoPen);
    painter.setBrush(toneColor(m_status.tone));
    painter.drawEllipse(layout.stateDot);
    painter.setBrush(Qt::NoBrush);

    painter.setFont(font());
    painter.setPen(QColor(255, 255, 255, 225));
    painter.drawText(
        layout.stateText, Qt::AlignLeft | Qt::AlignVCenter,
        statusMetrics.elidedText(m_status.summary(), Qt::ElideRight, layout.stateText.width()));
}

void PrinterTile::paintAgeBadge(QPainter &painter, const TileLayout &layout) const
{
    const QFont badgeFont = TileLayout::badgeFont(font());
    const QFontMetricsF metrics(badgeFont);
    const QRectF &badge = layout.ageBadge;
    const QString shown
        = metrics.elidedText(m_status.pictureAge, Qt::ElideRight, badge.width() - 20);
    painter.setPen(Qt::NoPen);
    QColor fill = Theme::warning();
    fill.setAlpha(235);
    painter.setBrush(fill);
    painter.drawRoundedRect(badge, badge.height() / 2, badge.height() / 2);
    painter.setFont(badgeFont);
    painter.setPen(QColor(0x1a, 0x1a, 0x1a));
    painter.drawText(badge, Qt::AlignCenter, shown);
}

void PrinterTile::paintAccent(QPainter &painter, const QRectF &card) const
{
    // A failed print, or one the printer paused for an error: a border in the badge's colour,
    // visible across a room even on a small tile whose print block had to drop its lines.
    const qreal width = 3;
    painter.save();
    painter.setPen(QPen(PrintStatusText::stateColor(m_printStatus), width));
    painter.setBrush(Qt::NoBrush);
    const qreal inset = width / 2;
    painter.drawRoundedRect(card.adjusted(inset, inset, -inset, -inset), kRadius - inset,
                            kRadius - inset);
    painter.restore();
}

void PrinterTile::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    layoutChildren();
    if (m_decoding)
        requestDecodeSize();
}

void PrinterTile::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_tick->start();
    refreshStatus();
    updateDecoding();
}

void PrinterTile::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    // Also a minimized window's spontaneous hide: nobody can see this tile now.
    m_tick->stop();
    setDecoding(false);
}

void PrinterTile::enterEvent(QEnterEvent *event)
{
    QWidget::enterEvent(event);
    m_hovered = true;
    updateButtons();
    update();
}

void PrinterTile::leaveEvent(QEvent *event)
{
    QWidget::leaveEvent(event);
    m_hovered = false;
    updateButtons();
    update();
}

void PrinterTile::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        emit clicked(this);
        // A compact tile's short headline leads to the single view, where the whole message
        // and its button are.
        if (isCompact()) {
            const TileLayout layout = tileLayout();
            if (layout.message && layout.headline.united(layout.icon).contains(event->position()))
                emit activated(this);
        }
        event->accept();
        return;
    }
    QWidget::mousePressEvent(event);
}

void PrinterTile::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        emit activated(this);
        event->accept();
        return;
    }
    QWidget::mouseDoubleClickEvent(event);
}
