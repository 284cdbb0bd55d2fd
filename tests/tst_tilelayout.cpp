// TileLayout: at every size from a crowded grid to the single view, no words on top of other
// words, nothing outside the card, the hover buttons off the text and the camera's clock, and a
// compact tile that leaves its picture alone but for one line.
#include "tilelayout.h"
#include "tilestatus.h"
#include "tilestatusoverlay.h"

#include "status/printstatus.h"

#include <QApplication>
#include <QFontMetrics>
#include <QTest>

namespace {

PrintStatus samplePrint()
{
    PrintStatus status;
    status.state = PrintState::Printing;
    status.jobName = QStringLiteral("Benchy_PLA_0.2mm_plate_1");
    status.percent = 57;
    status.remainingMinutes = 83;
    status.layer = 57;
    status.totalLayers = 210;
    status.nozzleTemperature = 219.6;
    status.nozzleTarget = 220;
    status.bedTemperature = 64.8;
    status.bedTarget = 65;
    status.updated = QDateTime::currentDateTimeUtc();
    return status;
}

QString describe(const QRectF &r)
{
    return QStringLiteral("%1,%2 %3x%4").arg(r.x()).arg(r.y()).arg(r.width()).arg(r.height());
}

} // namespace

class TestTileLayout : public QObject
{
    Q_OBJECT

private slots:
    void modeFollowsSize_data();
    void modeFollowsSize();
    void nothingOverlaps_data();
    void nothingOverlaps();
    void failureHeadlinesFitACrowdedGrid_data();
    void failureHeadlinesFitACrowdedGrid();
};

void TestTileLayout::modeFollowsSize_data()
{
    QTest::addColumn<QSize>("size");
    QTest::addColumn<bool>("expanded");
    QTest::addColumn<bool>("compact");
    QTest::newRow("160x90") << QSize(160, 90) << false << true;
    QTest::newRow("minimum 200x112") << QSize(200, 112) << false << true;
    QTest::newRow("24 in 1280x800: 241x135") << QSize(241, 135) << false << true;
    QTest::newRow("narrow 319x400") << QSize(319, 400) << false << true;
    QTest::newRow("low 600x179") << QSize(600, 179) << false << true;
    QTest::newRow("320x180") << QSize(320, 180) << false << false;
    QTest::newRow("1920x1080") << QSize(1920, 1080) << false << false;
    QTest::newRow("single view is never compact") << QSize(241, 135) << true << false;
}

void TestTileLayout::modeFollowsSize()
{
    QFETCH(QSize, size);
    QFETCH(bool, expanded);
    QFETCH(bool, compact);
    QCOMPARE(TileLayout::modeFor(size, expanded) == TileLayout::Mode::Compact, compact);
}

void TestTileLayout::nothingOverlaps_data()
{
    QTest::addColumn<QSize>("size");
    QTest::addColumn<bool>("expanded");
    QTest::addColumn<bool>("error");
    QTest::addColumn<bool>("print");
    QTest::addColumn<bool>("hover");
    QTest::addColumn<bool>("recording");

    const QList<QSize> sizes
        = {{160, 90},   {200, 112},   {209, 117}, {241, 135}, {279, 157}, {300, 169},
           {320, 180},  {360, 203},   {433, 243}, {480, 270}, {640, 360}, {960, 540},
           {1280, 720}, {1920, 1080}, {300, 400}, {700, 150}};
    for (const QSize &size : sizes) {
        // The single view fills a window of at least 480x320.
        const bool singleFits = size.width() >= 480 && size.height() >= 270;
        for (const bool expanded : {false, true}) {
            if (expanded && !singleFits)
                continue;
            for (const bool error : {false, true}) {
                for (const bool print : {false, true}) {
                    const bool hover = !error || print; // both hover states over the rows
                    for (const bool recording : {false, true}) {
                        QTest::addRow("%dx%d%s%s%s%s%s", size.width(), size.height(),
                                      expanded ? " single" : "", error ? " error" : "",
                                      print ? " print" : "", hover ? " hover" : "",
                                      recording ? " rec" : "")
                            << size << expanded << error << print << hover << recording;
                    }
                }
            }
        }
    }
}

void TestTileLayout::nothingOverlaps()
{
    QFETCH(QSize, size);
    QFETCH(bool, expanded);
    QFETCH(bool, error);
    QFETCH(bool, print);
    QFETCH(bool, hover);
    QFETCH(bool, recording);

    TileLayout::Input input;
    input.size = size;
    input.font = QApplication::font();
    input.expanded = expanded;
    input.buttonBarShown = hover || expanded;
    const int icon = TileLayout::buttonIconSize(TileLayout::modeFor(size, expanded));
    input.buttonBar = QSize(3 * (icon + 10) + 2 * 2 + 6, icon + 16); // as PrinterTile's bar
    input.pictureAge = QStringLiteral("Last picture 7 s ago");
    input.details = QStringLiteral("192.168.1.20:6000  ·  1,234 pictures  ·  12.3 MB received");
    if (error) {
        input.message = true;
        input.headline = QStringLiteral("Access code rejected");
        input.detail = QStringLiteral("Check the access code on the printer's screen: Settings → "
                                      "Network → Access code.");
        input.countdown = QStringLiteral("Reconnecting in 2 s");
        input.actionButton = QSize(120, 32);
    }
    if (print)
        input.printTag = QStringLiteral("57%");
    if (recording) // "● REC  ·  Timelapse 42 %" in the tile's bold badge font
        input.recordBadge = QSize(190, QFontMetrics(input.font).height() + 6);
    const TileLayout::Budget budget = TileLayout::printBlockBudget(input);
    if (print && budget.shown) {
        TileStatusOverlay::Input overlay;
        overlay.status = samplePrint();
        overlay.now = QDateTime::currentDateTimeUtc();
        overlay.font = input.font;
        overlay.width = budget.width;
        overlay.maxHeight = budget.maxHeight;
        overlay.maxEssentialHeight = budget.maxEssentialHeight;
        const TileStatusOverlay::Layout block = TileStatusOverlay::layout(overlay);
        input.printBlockWidth = block.width;
        input.printBlockHeight = block.height;
    }
    const TileLayout layout = TileLayout::compute(input);
    const bool compact = layout.mode == TileLayout::Mode::Compact;
    QCOMPARE(compact, TileLayout::modeFor(size, expanded) == TileLayout::Mode::Compact);

    const QList<QRectF> texts = layout.textRects();
    QVERIFY(!layout.name.isEmpty());
    if (error && !compact && size.height() >= 180)
        QVERIFY2(!layout.headline.isEmpty(), "a full tile always has room for the headline");
    if (error && compact)
        QVERIFY2(layout.detail.isEmpty() && layout.countdown.isEmpty() && layout.button.isEmpty(),
                 "a compact tile shows the headline only");

    const QRectF card = layout.card.adjusted(-0.01, -0.01, 0.01, 0.01);
    for (int i = 0; i < texts.size(); ++i) {
        QVERIFY2(card.contains(texts.at(i)), qPrintable(describe(texts.at(i))));
        for (int j = i + 1; j < texts.size(); ++j) {
            const QRectF overlap = texts.at(i).intersected(texts.at(j));
            QVERIFY2(overlap.isEmpty(),
                     qPrintable(describe(texts.at(i)) + QStringLiteral(" over ")
                                + describe(texts.at(j))));
        }
    }

    // The hover buttons: inside the card, off every word and off the printer's clock.
    const bool gridSized = size.width() >= TileLayout::kMinimumTileWidth
        && size.height() >= TileLayout::kMinimumTileHeight;
    if (input.buttonBarShown && (gridSized || !layout.buttonBar.isEmpty())) {
        const QRectF bar(layout.buttonBar);
        QVERIFY(!bar.isEmpty());
        QVERIFY2(card.contains(bar), qPrintable(describe(bar)));
        for (const QRectF &text : texts)
            QVERIFY2(!bar.intersects(text), qPrintable(describe(text)));
        QVERIFY2(!bar.intersects(layout.timestamp), qPrintable(describe(layout.timestamp)));
    } else {
        QVERIFY(layout.buttonBar.isEmpty());
    }

    // The recording badge: on every tile the grid makes, inside the picture, never over the
    // camera's clock (nor a demo printer's name there) and not over the buttons.
    const bool gridTile = size.width() >= TileLayout::kMinimumTileWidth
        && size.height() >= TileLayout::kMinimumTileHeight;
    if (!recording) {
        QVERIFY(layout.recordBadge.isEmpty());
    } else if (gridTile || expanded) {
        QVERIFY2(!layout.recordBadge.isEmpty(), "no room for the recording badge");
        QVERIFY2(QRectF(layout.picture).contains(layout.recordBadge),
                 qPrintable(describe(layout.recordBadge)));
        QVERIFY2(!layout.recordBadge.intersects(layout.timestamp),
                 qPrintable(describe(layout.recordBadge)));
        QVERIFY(!layout.recordBadge.intersects(QRectF(layout.buttonBar)));
        // Right above the name and the print block: read together.
        QVERIFY(layout.recordBadge.bottom() <= layout.band.top());
        QVERIFY(layout.band.top() - layout.recordBadge.bottom() <= 8);
    }

    if (compact) {
        // The picture is free but for one line at its bottom (and the short headline of a
        // camera in trouble, over a picture that is dimmed anyway, and the recording badge).
        QVERIFY(layout.ageBadge.isEmpty());
        QVERIFY(layout.printBlock.isEmpty());
        QCOMPARE(layout.picture, layout.card.toRect());
        QVERIFY(layout.band.height() <= QFontMetricsF(input.font).height() + 10);
        QCOMPARE(layout.band.bottom(), layout.card.bottom());
        for (const QRectF &text : texts) {
            if (text == layout.headline || text == layout.icon || text == layout.recordBadge)
                continue;
            QVERIFY2(layout.band.contains(text), qPrintable(describe(text)));
        }
        if (print)
            QVERIFY(!layout.printTag.isEmpty());
    } else if (!expanded) {
        // The name bar and the print block leave most of the picture in view.
        QVERIFY2(layout.band.height() <= size.height() * 0.6, qPrintable(describe(layout.band)));
    } else {
        // The single view: the strip is under the picture, never on it.
        QVERIFY(layout.band.top() >= layout.picture.bottom());
    }
}

void TestTileLayout::failureHeadlinesFitACrowdedGrid_data()
{
    QTest::addColumn<int>("failure"); // CameraSource::Failure
    using Failure = CameraSource::Failure;
    for (const Failure failure :
         {Failure::None, Failure::AccessCodeRejected, Failure::TlsError,
          Failure::CertificateMismatch, Failure::ProtocolError, Failure::TimedOut,
          Failure::HostNotFound, Failure::ConnectionRefused, Failure::ConnectionLost,
          Failure::CameraUnavailable, Failure::NetworkError, Failure::InvalidSettings}) {
        const QString title = TileStatus::failureTitle(failure);
        QTest::newRow(qPrintable(title)) << int(failure);
    }
}

// A compact tile says only the headline: in five columns of a 1100 px window it must be whole,
// not "Camera refused the con…" (the single view and the tooltip have the explanation).
void TestTileLayout::failureHeadlinesFitACrowdedGrid()
{
    QFETCH(int, failure);
    TileLayout::Input input;
    input.size = QSize(209, 117);
    input.font = QApplication::font();
    const int icon = TileLayout::buttonIconSize(TileLayout::Mode::Compact);
    input.buttonBar = QSize(3 * (icon + 10) + 2 * 2 + 6, icon + 16); // as PrinterTile's bar
    input.message = true;
    input.headline = TileStatus::failureTitle(static_cast<CameraSource::Failure>(failure));
    input.printTag = QStringLiteral("57%");
    for (const bool hover : {false, true}) {
        input.buttonBarShown = hover;
        const TileLayout layout = TileLayout::compute(input);
        QCOMPARE(layout.mode, TileLayout::Mode::Compact);
        QCOMPARE(layout.headlineText, input.headline);
    }
}

QTEST_MAIN(TestTileLayout)
#include "tst_tilelayout.moc"
