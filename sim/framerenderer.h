// Draws the simulated printer's chamber camera picture and encodes it as JPEG.
#pragma once

#include <QByteArray>
#include <QImage>
#include <QSize>
#include <QString>

class QDateTime;
class QPainter;

// A live-looking 1280x720 chamber view: a dark chamber, the build plate, a part that grows with the
// layer count, a toolhead that moves over it, and an overlay with the printer's name, the clock
// (hh:mm:ss.zzz; for a replayed clip its position in the loop instead) and the frame number (no
// layer number: the tile's print status has the real one). Every frame differs, as a camera's do,
// and the background carries sensor-like noise so the JPEGs are as large as a real printer's
// (60-200 KB), not the 10 KB a flat synthetic picture would give.
//
// Cheap per frame: the static background (chamber, plate, name label, noise) and the part's
// textures are drawn once in the constructor; a frame copies the background and draws only what
// moves.
//
// Text needs fonts, and fonts need a QGuiApplication (QT_QPA_PLATFORM=offscreen is enough). Without
// one (a QCoreApplication) the renderer still makes valid frames, but draws the clock and the
// frame counter as seven-segment digits and leaves the printer's name out.
//
// Not thread-safe: one renderer per thread.
class FrameRenderer final
{
    Q_DISABLE_COPY_MOVE(FrameRenderer)

public:
    static constexpr int kDefaultQuality = 80;
    static constexpr int kTotalLayers = 240;
    static constexpr int kFramesPerLayer = 2;

    explicit FrameRenderer(const QString &printerName, QSize size = QSize(1280, 720),
                           int quality = kDefaultQuality);
    ~FrameRenderer();

    // The picture for one frame; `now` is printed as the clock.
    QImage render(quint64 frameNumber, const QDateTime &now);
    // The same, as a baseline JPEG (JFIF: starts ff d8 ff e0, ends ff d9). Empty only if encoding
    // failed (no JPEG image plugin), which is logged.
    QByteArray renderJpeg(quint64 frameNumber, const QDateTime &now);
    // Frame `index` (0-based) of a clip of `count` frames that is encoded once and replayed
    // (H264Loop): no clock, which would show the minute the clip was made again and again and
    // read as a frozen camera, but where in the loop the frame is (seconds and frame number).
    QImage renderLoopFrame(int index, int count, int framesPerSecond);

    // The layer shown for a frame: 1..kTotalLayers, then the print starts over.
    static int layerForFrame(quint64 frameNumber);

    QString printerName() const { return m_printerName; }
    QSize size() const { return m_size; }
    int quality() const { return m_quality; }
    // Whether text is drawn with real fonts (a QGuiApplication exists).
    bool hasFonts() const { return m_hasFonts; }

private:
    void drawBackground();
    void drawPartTextures();
    void drawPart(QPainter &painter, int layer, quint64 frameNumber, QPointF *nozzleTip) const;
    void drawToolhead(QPainter &painter, QPointF nozzleTip, quint64 frameNumber) const;
    // Both corner texts drawn on one frame: the clock or the loop position, and a frame number.
    QImage drawScene(quint64 frameNumber, const QString &topText, const QString &bottomText);
    void drawOverlay(QPainter &painter, const QString &topText, const QString &bottomText) const;

    QString m_printerName;
    QSize m_size;
    int m_quality;
    bool m_hasFonts;
    QImage m_background; // everything that never moves, noise included
    QImage m_partFront; // the part's front face at full height; a frame shows its bottom part
    QImage m_partSide;
    QImage m_frame; // reused for every frame
};
