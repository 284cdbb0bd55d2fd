// One printer's camera in the grid: the picture, the printer's name, its state in words, and the
// buttons that act on it.
#pragma once

#include "tilelayout.h"
#include "tilestatus.h"
#include "tilestatusoverlay.h"

#include "frames/framesubscription.h"
#include "status/printstatus.h"

#include <QImage>
#include <QPointer>
#include <QWidget>

#include <chrono>

class CameraSource;
class FrameSubscription;
class Printer;
class QLabel;
class QPushButton;
class QTimer;
class QToolButton;

class PrinterTile final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PrinterTile)

public:
    explicit PrinterTile(Printer *printer, QWidget *parent = nullptr);
    ~PrinterTile() override;

    Printer *printer() const;
    CameraSource *camera() const;

    // The last decoded picture, already at the tile's size.
    QImage image() const { return m_image; }
    TileStatus status() const { return m_status; }

    bool isSelected() const { return m_selected; }
    void setSelected(bool selected);
    // Expanded: the tile is the single-printer view (details line, "Back to grid" button).
    bool isExpanded() const { return m_expanded; }
    void setExpanded(bool expanded);

    // What the printer reports about its print job: a block over the bottom of the picture (in the
    // single view, a strip under it). A null status shows no block: the tile looks as without.
    void setPrintStatus(const PrintStatus &status);
    PrintStatus printStatus() const { return m_printStatus; }
    // The status connection's trouble ("Status: access code rejected"); empty when fine or off.
    void setStatusProblem(const QString &problem);
    QString statusProblem() const { return m_statusProblem; }
    // The print block as laid out now (empty without status or problem), and where it is drawn.
    TileStatusOverlay::Layout statusOverlay() const { return overlayLayout(); }
    QRectF statusOverlayRect() const;
    // The camera failing or its picture stale; merely connecting is no trouble.
    bool hasCameraTrouble() const;
    // TileOrder::attentionRank() of what the tile shows: lower needs someone sooner.
    int attentionRank() const { return m_attentionRank; }

    // Recording feedback in a badge over the picture's bottom-left corner, above the name
    // (TileLayout::recordBadge): "● REC" while recording on demand (and the Record button
    // checked), "● Timelapse · n frames" while a timelapse started by hand captures (-1: none),
    // "Timelapse n %" while a timelapse is encoded (-1: none), or a problem that stopped
    // recording (no disk space), until recording restarts or it is cleared with an empty message.
    // Cut to one line on a small tile; the tooltip has it whole.
    void setRecording(bool recording);
    bool isRecording() const { return m_recording; }
    void setTimelapseCapture(int frames);
    void setTimelapseProgress(int percent);
    void setRecordingProblem(const QString &message);
    QString recordingBadgeText() const;
    // The badge's size for `text` on one line, padding included; invalid for no text.
    QSize recordBadgeSize(const QString &text) const;
    // Whether the Record button is offered (no recorder: no button).
    void setRecordingAvailable(bool available);
    // A short white flash over the picture: "the snapshot was taken".
    void flash();

    // Lower bound for calling a picture stale (the default is 5 s; tests use less).
    void setStaleAfter(std::chrono::milliseconds minimum);
    std::chrono::milliseconds staleAfter() const { return m_staleAfter; }

    // Whether this tile's subscription to its printer's frames is active: only while it can be
    // seen. The size it asks pictures at (device pixels of the picture area).
    bool isDecoding() const { return m_decoding; }
    QSize decodeSize() const;
    // The tile's subscription to its printer's frames (for counting what it decodes).
    FrameSubscription *subscription() const { return m_subscription; }
    // Re-evaluates isDecoding(), e.g. after the window was minimized or restored.
    void updateDecoding();

    // The rounded card, and the part of it the picture may use, in widget coordinates.
    QRect cardRect() const;
    QRect pictureRect() const;
    // Where everything is drawn now; compact below TileLayout's threshold (one line, no block).
    TileLayout tileLayout() const;
    bool isCompact() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void clicked(PrinterTile *tile);
    void activated(PrinterTile *tile); // double-click
    void snapshotRequested(Printer *printer);
    // The Record button: start or stop recording on demand.
    void recordToggleRequested(Printer *printer);
    void editRequested(Printer *printer);
    // The printer presented another certificate than the pinned one.
    void certificateReviewRequested(Printer *printer);
    void fullViewRequested(PrinterTile *tile);
    void backRequested();
    // A new picture was painted; `frameReceivedNs` is when its frame arrived (see
    // FrameSubscription::pictureReady): for latency figures.
    void framePainted(qint64 frameReceivedNs);
    // The print state, the status problem or the camera's trouble moved the tile to another rank.
    void attentionRankChanged(int rank);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    void enterEvent(QEnterEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;

private:
    struct OverlayKey
    {
        QSize size;
        bool expanded = false;
        bool message = false;
        bool ageBadge = false;
        bool recordBadge = false; // it takes room from the block beside a message
        QString headline;
        quint64 generation = 0;
        bool operator==(const OverlayKey &other) const;
    };

    void attachCamera();
    void onImageReady(const QImage &image, qint64 frameReceivedNs);
    void refreshStatus();
    void onFrameArrived();
    void updateToolTip();
    void setDecoding(bool decoding);
    void requestDecodeSize();
    void updateButtons();
    void updateRecordBadge();
    void layoutChildren();
    bool showsMessage() const;
    TileLayout::Input layoutInput() const; // without the print block, which depends on it
    QString compactPrintTag() const;
    QString detailsLine() const;
    const TileStatusOverlay::Layout &overlayLayout() const;
    void printStatusInputsChanged();
    void refreshPrintTiming();
    void updateAttention();
    const QImage &dimmedImage() const;

    void paintPicture(QPainter &painter, const TileLayout &layout) const;
    void paintMessage(QPainter &painter, const TileLayout &layout) const;
    void paintBar(QPainter &painter, const TileLayout &layout) const;
    void paintAgeBadge(QPainter &painter, const TileLayout &layout) const;
    void paintAccent(QPainter &painter, const QRectF &card) const;

    QLabel *m_recordBadge = nullptr; // child: REC, timelapse progress or a recording problem
    bool m_recording = false;
    int m_timelapsePercent = -1;
    int m_timelapseFrames = -1; // a timelapse by hand is capturing
    QString m_recordingProblem;
    QPointer<Printer> m_printer;
    QPointer<CameraSource> m_camera;
    QPointer<FrameSubscription> m_subscription; // child
    QImage m_image;
    mutable QImage m_dimmedImage; // grey, darker copy of m_image; made once per picture when needed
    TileStatus m_status;
    std::chrono::milliseconds m_staleAfter{5000};
    PrintStatus m_printStatus;
    QString m_statusProblem;
    QString m_timingText; // the countdown shown; the tick repaints when it changes
    quint64 m_overlayGeneration = 0; // bumped whenever what the print block shows changed
    mutable OverlayKey m_overlayKey;
    mutable TileStatusOverlay::Layout m_overlay;
    int m_attentionRank = -1; // TileOrder::attentionRank(), set in the constructor

    QTimer *m_tick; // ages and countdowns change every second
    QTimer *m_resizeSettled; // asks for a sharper picture once a resize is over
    QTimer *m_flashTimer; // ends the snapshot flash
    QTimer *m_frameStatusHold; // frames refresh the status at most once per kFrameStatusMs
    bool m_frameStatusPending = false; // a frame came while held: refresh when the hold ends
    QWidget *m_buttonBar;
    QToolButton *m_snapshotButton;
    QToolButton *m_recordButton;
    QToolButton *m_editButton;
    QToolButton *m_viewButton;
    QPushButton *m_actionButton;

    bool m_selected = false;
    bool m_hovered = false;
    bool m_expanded = false;
    bool m_decoding = false;
    qint64 m_imageReceivedNs = 0; // of the frame m_image shows
    qint64 m_paintedReceivedNs = 0; // of the last picture framePainted() reported
};
