#include "sim/framerenderer.h"

#include <QBuffer>
#include <QDateTime>
#include <QFont>
#include <QFontMetrics>
#include <QGuiApplication>
#include <QImageWriter>
#include <QLinearGradient>
#include <QLoggingCategory>
#include <QPainter>
#include <QPainterPath>
#include <QPolygonF>
#include <QRadialGradient>
#include <QRandomGenerator>

#include <algorithm>
#include <cmath>

Q_LOGGING_CATEGORY(lcSimRenderer, "farmcam.sim")

namespace {

// The scene in fractions of the picture, so any size works.
constexpr qreal kPlateBackY = 0.56;
constexpr qreal kPlateFrontY = 0.93;
constexpr qreal kPlateBackLeft = 0.27;
constexpr qreal kPlateBackRight = 0.73;
constexpr qreal kPlateFrontLeft = 0.10;
constexpr qreal kPlateFrontRight = 0.90;
constexpr qreal kPartWidth = 0.17;
constexpr qreal kPartMaxHeight = 0.30;
constexpr qreal kPartBottomY = 0.80;
constexpr qreal kPartDepthX = 0.045; // the top face recedes up and to the right
constexpr qreal kPartDepthY = -0.06;

const QColor kFilament(232, 119, 46);
// Noise amplitude (+-) of the background: sets the JPEG size: 140-150 KB at quality 80 and
// 1280x720.
constexpr int kBackgroundNoise = 9;

int clampByte(int value)
{
    return value < 0 ? 0 : (value > 255 ? 255 : value);
}

// Sensor-like noise: a camera in a dim chamber is noisy, and the noise is what makes a JPEG of a
// synthetic picture as large as a real one.
void addNoise(QImage &image, int amplitude, quint32 seed)
{
    QRandomGenerator random(seed);
    for (int y = 0; y < image.height(); ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        for (int x = 0; x < image.width(); x += 4) {
            quint32 bits = random.generate();
            for (int i = 0; i < 4 && x + i < image.width(); ++i) {
                const int n = int(bits & 0xff) * (2 * amplitude + 1) / 256 - amplitude;
                bits >>= 8;
                const QRgb pixel = line[x + i];
                line[x + i] = qRgb(clampByte(qRed(pixel) + n), clampByte(qGreen(pixel) + n),
                                   clampByte(qBlue(pixel) + n));
            }
        }
    }
}

QPointF lerp(QPointF a, QPointF b, qreal t)
{
    return a + (b - a) * t;
}

// Seven-segment digits for the clock and counters when there are no fonts (no QGuiApplication).
void drawSegmentText(QPainter &painter, QPointF origin, qreal height, const QString &text)
{
    static constexpr quint8 kDigits[]
        = {0x3f, 0x06, 0x5b, 0x4f, 0x66, 0x6d, 0x7d, 0x07, 0x7f, 0x6f};
    const qreal w = height / 2;
    const qreal t = height / 9;
    const qreal half = height / 2;
    // a, b, c, d, e, f, g as rectangles relative to the digit's top left corner.
    const QRectF segments[] = {
        {t, 0, w - 2 * t, t},
        {w - t, t, t, half - t},
        {w - t, half, t, half - t},
        {t, height - t, w - 2 * t, t},
        {0, half, t, half - t},
        {0, t, t, half - t},
        {t, half - t / 2, w - 2 * t, t},
    };
    qreal x = origin.x();
    for (const QChar c : text) {
        if (c.isDigit()) {
            const quint8 mask = kDigits[c.digitValue()];
            for (int s = 0; s < 7; ++s) {
                if (mask & (1 << s))
                    painter.drawRect(segments[s].translated(x, origin.y()));
            }
            x += w + t * 1.5;
        } else if (c == QLatin1Char(':')) {
            painter.drawRect(QRectF(x, origin.y() + height * 0.25, t, t));
            painter.drawRect(QRectF(x, origin.y() + height * 0.7, t, t));
            x += t * 2.5;
        } else if (c == QLatin1Char('.')) {
            painter.drawRect(QRectF(x, origin.y() + height - t, t, t));
            x += t * 2.5;
        } else if (c == QLatin1Char('/')) {
            painter.drawPolygon(
                QPolygonF({QPointF(x, origin.y() + height), QPointF(x + t, origin.y() + height),
                           QPointF(x + w, origin.y()), QPointF(x + w - t, origin.y())}));
            x += w + t * 1.5;
        } else {
            x += w; // letters and spaces: a gap
        }
    }
}

// A dark, rounded box with text in it, anchored at a corner of `anchor` given by `alignment`.
void drawLabel(QPainter &painter, const QRect &anchor, Qt::Alignment alignment, const QString &text,
               const QFont &font)
{
    painter.setFont(font);
    const QFontMetrics metrics(font);
    const int padding = metrics.height() / 4;
    QRect box(QPoint(0, 0),
              QSize(metrics.horizontalAdvance(text) + 2 * padding, metrics.height() + padding));
    if (alignment & Qt::AlignRight)
        box.moveRight(anchor.right());
    else
        box.moveLeft(anchor.left());
    if (alignment & Qt::AlignBottom)
        box.moveBottom(anchor.bottom());
    else
        box.moveTop(anchor.top());
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(0, 0, 0, 150));
    painter.drawRoundedRect(box, padding, padding);
    painter.setPen(QColor(235, 235, 235));
    painter.drawText(box, Qt::AlignCenter, text);
}

} // namespace

FrameRenderer::FrameRenderer(const QString &printerName, QSize size, int quality)
    : m_printerName(printerName)
    , m_size(size.isValid() && !size.isEmpty() ? size : QSize(1280, 720))
    , m_quality(qBound(1, quality, 100))
    , m_hasFonts(qobject_cast<QGuiApplication *>(QCoreApplication::instance()) != nullptr)
{
    if (!m_hasFonts) {
        qCInfo(lcSimRenderer) << "No QGuiApplication: simulated frames carry no text, only digits";
    }
    drawBackground();
    drawPartTextures();
    m_frame = QImage(m_size, QImage::Format_RGB32);
}

FrameRenderer::~FrameRenderer() = default;

int FrameRenderer::layerForFrame(quint64 frameNumber)
{
    return int((frameNumber / kFramesPerLayer) % kTotalLayers) + 1;
}

void FrameRenderer::drawBackground()
{
    const qreal w = m_size.width();
    const qreal h = m_size.height();
    m_background = QImage(m_size, QImage::Format_RGB32);
    QPainter painter(&m_background);
    painter.setRenderHint(QPainter::Antialiasing);

    // The chamber: a dim back wall, darker side walls and floor.
    QLinearGradient wall(0, 0, 0, h);
    wall.setColorAt(0, QColor(44, 49, 58));
    wall.setColorAt(0.6, QColor(26, 29, 35));
    wall.setColorAt(1, QColor(12, 13, 16));
    painter.fillRect(m_background.rect(), wall);
    const QPolygonF leftWall(
        {QPointF(0, 0), QPointF(w * 0.18, h * 0.06), QPointF(w * 0.18, h * 0.58), QPointF(0, h)});
    const QPolygonF rightWall(
        {QPointF(w, 0), QPointF(w * 0.82, h * 0.06), QPointF(w * 0.82, h * 0.58), QPointF(w, h)});
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(16, 18, 22, 170));
    painter.drawPolygon(leftWall);
    painter.drawPolygon(rightWall);

    // The chamber light, top centre.
    QRadialGradient light(QPointF(w * 0.5, 0), w * 0.45);
    light.setColorAt(0, QColor(255, 244, 220, 110));
    light.setColorAt(1, QColor(255, 244, 220, 0));
    painter.setBrush(light);
    painter.drawRect(m_background.rect());

    // Rods in the back corners.
    for (const qreal x : {w * 0.2, w * 0.8}) {
        QLinearGradient steel(x - w * 0.006, 0, x + w * 0.006, 0);
        steel.setColorAt(0, QColor(70, 74, 80));
        steel.setColorAt(0.5, QColor(190, 195, 200));
        steel.setColorAt(1, QColor(60, 64, 70));
        painter.setBrush(steel);
        painter.drawRect(QRectF(x - w * 0.006, h * 0.04, w * 0.012, h * 0.54));
    }

    // The build plate in perspective, with a textured (PEI-like) surface and a dark rim.
    const QPolygonF plate({QPointF(w * kPlateBackLeft, h * kPlateBackY),
                           QPointF(w * kPlateBackRight, h * kPlateBackY),
                           QPointF(w * kPlateFrontRight, h * kPlateFrontY),
                           QPointF(w * kPlateFrontLeft, h * kPlateFrontY)});
    QLinearGradient plateShade(0, h * kPlateBackY, 0, h * kPlateFrontY);
    plateShade.setColorAt(0, QColor(92, 80, 56));
    plateShade.setColorAt(1, QColor(150, 128, 84));
    painter.setPen(QPen(QColor(20, 20, 22), h * 0.008));
    painter.setBrush(plateShade);
    painter.drawPolygon(plate);
    // Grid lines, as printed on real plates.
    painter.setPen(QPen(QColor(60, 52, 38, 140), 1));
    for (int i = 1; i < 10; ++i) {
        const qreal t = i / 10.0;
        painter.drawLine(lerp(plate[0], plate[1], t), lerp(plate[3], plate[2], t));
        painter.drawLine(lerp(plate[0], plate[3], t), lerp(plate[1], plate[2], t));
    }
    painter.end();

    // Seeded with the name: each printer's noise differs, and stays the same from run to run.
    addNoise(m_background, kBackgroundNoise, qHash(m_printerName));

    // The name never changes: drawn once, after the noise so it stays crisp.
    if (m_hasFonts) {
        QPainter text(&m_background);
        text.setRenderHint(QPainter::Antialiasing);
        text.setRenderHint(QPainter::TextAntialiasing);
        QFont font(QStringLiteral("DejaVu Sans"));
        font.setPixelSize(qMax(10, qRound(h * 0.045)));
        font.setBold(true);
        const int margin = qRound(h * 0.025);
        drawLabel(text, m_background.rect().adjusted(margin, margin, -margin, -margin),
                  Qt::AlignLeft | Qt::AlignTop, m_printerName, font);
    }
}

void FrameRenderer::drawPartTextures()
{
    const int width = qMax(2, qRound(m_size.width() * kPartWidth));
    const int height = qMax(2, qRound(m_size.height() * kPartMaxHeight));
    const int depth = qMax(2, qRound(m_size.width() * kPartDepthX));
    m_partFront = QImage(width, height, QImage::Format_RGB32);
    m_partSide = QImage(depth, height, QImage::Format_RGB32);
    // Layer lines: every third pixel row a shade darker, as 0.2 mm layers look from the camera.
    for (int y = 0; y < height; ++y) {
        const int shade = (y % 3 == 0) ? -28 : 0;
        const QColor front = kFilament;
        const QRgb frontPixel
            = qRgb(clampByte(front.red() + shade), clampByte(front.green() + shade),
                   clampByte(front.blue() + shade));
        const QRgb sidePixel = qRgb(clampByte(front.red() * 6 / 10 + shade),
                                    clampByte(front.green() * 6 / 10 + shade),
                                    clampByte(front.blue() * 6 / 10 + shade));
        auto *frontLine = reinterpret_cast<QRgb *>(m_partFront.scanLine(y));
        auto *sideLine = reinterpret_cast<QRgb *>(m_partSide.scanLine(y));
        std::fill(frontLine, frontLine + width, frontPixel);
        std::fill(sideLine, sideLine + depth, sidePixel);
    }
    addNoise(m_partFront, 8, 1);
    addNoise(m_partSide, 8, 2);
}

void FrameRenderer::drawPart(QPainter &painter, int layer, quint64 frameNumber,
                             QPointF *nozzleTip) const
{
    const qreal w = m_size.width();
    const qreal h = m_size.height();
    const qreal progress = qreal(layer) / kTotalLayers;
    const int partHeight = qMax(1, qRound(m_partFront.height() * progress));
    const qreal left = w * (0.5 - kPartWidth / 2);
    const qreal right = left + m_partFront.width();
    const qreal bottom = h * kPartBottomY;
    const qreal top = bottom - partHeight;
    const qreal dx = w * kPartDepthX;
    const qreal dy = h * kPartDepthY;

    // Front face: the bottom `partHeight` rows of the texture, so layer lines stay put as it grows.
    const QRect source(0, m_partFront.height() - partHeight, m_partFront.width(), partHeight);
    painter.drawImage(QPointF(left, top), m_partFront, source);

    // Side face: the texture sheared up into perspective.
    painter.save();
    painter.setTransform(QTransform(1, dy / dx, 0, 1, right, top), true);
    painter.drawImage(QPointF(0, 0), m_partSide,
                      QRect(0, m_partSide.height() - partHeight, m_partSide.width(), partHeight));
    painter.restore();

    // Top face with the infill being laid down.
    const QPolygonF topFace({QPointF(left, top), QPointF(right, top), QPointF(right + dx, top + dy),
                             QPointF(left + dx, top + dy)});
    painter.setPen(Qt::NoPen);
    painter.setBrush(kFilament.lighter(118));
    painter.drawPolygon(topFace);
    painter.save();
    QPainterPath clip;
    clip.addPolygon(topFace);
    painter.setClipPath(clip);
    painter.setPen(QPen(kFilament.darker(125), 1.5));
    const qreal spacing = w * 0.008;
    const bool odd = layer % 2;
    for (qreal x = left - w * 0.1; x < right + dx + w * 0.1; x += spacing) {
        // Alternate the infill direction from layer to layer, like a slicer does.
        painter.drawLine(QPointF(x, top + dy), QPointF(x + (odd ? -1 : 1) * -dy, top));
    }
    painter.restore();

    // Where the nozzle is on the top face: it sweeps left and right and back and forth.
    const qreal along = 0.5 + 0.5 * std::sin(frameNumber * 0.7);
    const qreal across = 0.5 + 0.5 * std::cos(frameNumber * 0.45);
    *nozzleTip = QPointF(left + (right - left) * along + dx * across, top + dy * across);
}

void FrameRenderer::drawToolhead(QPainter &painter, QPointF nozzleTip, quint64 frameNumber) const
{
    const qreal w = m_size.width();
    const qreal h = m_size.height();
    const qreal bodyWidth = w * 0.095;
    const qreal bodyHeight = h * 0.17;
    const qreal nozzleLength = h * 0.035;
    const QRectF body(nozzleTip.x() - bodyWidth / 2, nozzleTip.y() - nozzleLength - bodyHeight,
                      bodyWidth, bodyHeight);

    // The gantry rail the toolhead rides on.
    const QRectF rail(w * 0.06, body.top() + bodyHeight * 0.12, w * 0.88, h * 0.03);
    QLinearGradient steel(0, rail.top(), 0, rail.bottom());
    steel.setColorAt(0, QColor(150, 155, 162));
    steel.setColorAt(0.5, QColor(60, 63, 68));
    steel.setColorAt(1, QColor(30, 32, 35));
    painter.setPen(Qt::NoPen);
    painter.setBrush(steel);
    painter.drawRect(rail);

    // Nozzle, with the hot tip glowing.
    painter.setBrush(QColor(196, 160, 70));
    painter.drawPolygon(QPolygonF({QPointF(nozzleTip.x() - w * 0.008, body.bottom()),
                                   QPointF(nozzleTip.x() + w * 0.008, body.bottom()),
                                   QPointF(nozzleTip.x() + w * 0.002, nozzleTip.y()),
                                   QPointF(nozzleTip.x() - w * 0.002, nozzleTip.y())}));
    QRadialGradient glow(nozzleTip, h * 0.02);
    glow.setColorAt(0, QColor(255, 190, 90, 220));
    glow.setColorAt(1, QColor(255, 120, 30, 0));
    painter.setBrush(glow);
    painter.drawEllipse(nozzleTip, h * 0.02, h * 0.02);

    // Body with the part-cooling fan; the blades turn from frame to frame.
    QLinearGradient shell(body.left(), 0, body.right(), 0);
    shell.setColorAt(0, QColor(38, 40, 44));
    shell.setColorAt(0.3, QColor(70, 73, 78));
    shell.setColorAt(1, QColor(24, 25, 28));
    painter.setBrush(shell);
    painter.drawRoundedRect(body, w * 0.008, w * 0.008);
    const QPointF fanCentre = body.center() + QPointF(0, bodyHeight * 0.08);
    const qreal fanRadius = bodyWidth * 0.36;
    painter.setBrush(QColor(18, 18, 20));
    painter.drawEllipse(fanCentre, fanRadius, fanRadius);
    painter.save();
    painter.translate(fanCentre);
    painter.rotate(double(frameNumber % 360) * 37.0);
    painter.setBrush(QColor(80, 84, 90));
    for (int blade = 0; blade < 5; ++blade) {
        painter.drawEllipse(
            QRectF(fanRadius * 0.15, -fanRadius * 0.12, fanRadius * 0.75, fanRadius * 0.24));
        painter.rotate(72);
    }
    painter.restore();
    // The status light on the toolhead.
    painter.setBrush(QColor(90, 220, 120));
    painter.drawEllipse(QPointF(body.right() - bodyWidth * 0.12, body.top() + bodyHeight * 0.1),
                        h * 0.006, h * 0.006);
}

void FrameRenderer::drawOverlay(QPainter &painter, const QString &topText,
                                const QString &bottomText) const
{
    // No layer counter: the picture's growing part is only scenery, and a number here would
    // contradict the layer the printer's status reports on the same tile.
    const int h = m_size.height();
    const int margin = qRound(h * 0.025);
    const QRect area = QRect(QPoint(0, 0), m_size).adjusted(margin, margin, -margin, -margin);

    if (!m_hasFonts) {
        // Seven segments have no letters: only the numbers are drawn.
        const auto numbersOf = [](const QString &text) {
            QString numbers;
            for (const QChar c : text) {
                if (c.isDigit() || c == u':' || c == u'.' || c == u'/')
                    numbers.append(c);
            }
            return numbers;
        };
        const qreal digitHeight = h * 0.045;
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(235, 235, 235));
        drawSegmentText(painter, QPointF(area.right() - digitHeight * 7.5, area.top()), digitHeight,
                        numbersOf(topText));
        drawSegmentText(painter,
                        QPointF(area.right() - digitHeight * 6, area.bottom() - digitHeight),
                        digitHeight, numbersOf(bottomText));
        return;
    }

    QFont mono(QStringLiteral("DejaVu Sans Mono"));
    mono.setStyleHint(QFont::TypeWriter);
    mono.setPixelSize(qMax(10, qRound(h * 0.04)));
    mono.setBold(true);
    drawLabel(painter, area, Qt::AlignRight | Qt::AlignTop, topText, mono);
    drawLabel(painter, area, Qt::AlignRight | Qt::AlignBottom, bottomText, mono);
}

QImage FrameRenderer::drawScene(quint64 frameNumber, const QString &topText,
                                const QString &bottomText)
{
    const int layer = layerForFrame(frameNumber);
    QPainter painter(&m_frame);
    painter.setCompositionMode(QPainter::CompositionMode_Source);
    painter.drawImage(0, 0, m_background);
    painter.setCompositionMode(QPainter::CompositionMode_SourceOver);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    QPointF nozzleTip;
    drawPart(painter, layer, frameNumber, &nozzleTip);
    drawToolhead(painter, nozzleTip, frameNumber);
    drawOverlay(painter, topText, bottomText);
    painter.end();
    return m_frame;
}

QImage FrameRenderer::render(quint64 frameNumber, const QDateTime &now)
{
    return drawScene(frameNumber, now.toString(QStringLiteral("hh:mm:ss.zzz")),
                     QStringLiteral("Frame %1").arg(frameNumber % 1000000));
}

QImage FrameRenderer::renderLoopFrame(int index, int count, int framesPerSecond)
{
    const int fps = std::max(1, framesPerSecond);
    const QString position = QStringLiteral("Demo loop %1 / %2 s")
                                 .arg(double(index) / fps, 0, 'f', 2)
                                 .arg(double(count) / fps, 0, 'f', 2);
    return drawScene(quint64(index) + 1, position,
                     QStringLiteral("Frame %1 / %2").arg(index + 1).arg(count));
}

QByteArray FrameRenderer::renderJpeg(quint64 frameNumber, const QDateTime &now)
{
    const QImage image = render(frameNumber, now);
    QByteArray jpeg;
    jpeg.reserve(256 * 1024);
    QBuffer buffer(&jpeg);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "jpeg");
    writer.setQuality(m_quality);
    if (!writer.write(image)) {
        qCWarning(lcSimRenderer) << "Could not encode a simulated frame as JPEG:"
                                 << writer.errorString();
        return {};
    }
    buffer.close();
    return jpeg;
}
