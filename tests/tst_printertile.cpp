// PrinterTile and its wording (TileStatus), its print block (TileStatusOverlay): real widgets
// offscreen, a real simulator on 127.0.0.1.
#include "printertile.h"
#include "printstatustext.h"
#include "theme.h"
#include "tilelayout.h"
#include "tileorder.h"
#include "tilestatus.h"
#include "tilestatusoverlay.h"

#include "camera/jpegstream/jpegstreamcamera.h"
#include "camera/loopback/loopbackcamera.h"
#include "frames/framehub.h"
#include "frames/framesubscription.h"
#include "h264clip.h"
#include "model/printer.h"
#include "sim/printersimulator.h"
#include "testsupport.h"

#include <QCursor>
#include <QDir>
#include <QHostAddress>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QThreadPool>
#include <QToolButton>

#include <algorithm>
#include <cmath>
#include <memory>

using namespace std::chrono_literals;
using State = CameraSource::State;
using Failure = CameraSource::Failure;
using Tone = TileStatus::Tone;
using Row = TileStatusOverlay::Row;

Q_DECLARE_METATYPE(CameraSource::State)
Q_DECLARE_METATYPE(CameraSource::Failure)
Q_DECLARE_METATYPE(TileStatus::Tone)
Q_DECLARE_METATYPE(TileStatusOverlay::Row)

namespace {

const QString kCode = QStringLiteral("12345678");

std::unique_ptr<PrinterSimulator> startSimulator(double fps, const QString &code = kCode)
{
    auto simulator = std::make_unique<PrinterSimulator>();
    simulator->setName(QStringLiteral("Tile test printer"));
    simulator->setAccessCode(code);
    simulator->setFramesPerSecond(fps);
    if (!simulator->listen(QHostAddress::LocalHost, 0))
        return nullptr;
    return simulator;
}

// A print well on its way, reported just now.
PrintStatus samplePrint(PrintState state = PrintState::Printing)
{
    PrintStatus status;
    status.state = state;
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
    if (state == PrintState::Failed || state == PrintState::Paused)
        status.printError = 0x0300800C;
    if (state == PrintState::Finished) {
        status.percent = 100;
        status.remainingMinutes = 0;
        status.layer = 210;
        status.nozzleTarget = 0;
        status.bedTarget = 0;
    }
    return status;
}

// How many pixels of `image` have exactly `color`.
int pixelsOf(const QImage &image, const QColor &color)
{
    const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
    const QRgb wanted = color.rgb();
    int count = 0;
    for (int y = 0; y < rgb.height(); ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(rgb.constScanLine(y));
        for (int x = 0; x < rgb.width(); ++x)
            count += (line[x] & 0xffffff) == (wanted & 0xffffff) ? 1 : 0;
    }
    return count;
}

// A printer whose camera is never started: the tile shows "Stopped", no picture.
PrinterConfig offlineConfig()
{
    PrinterConfig config;
    config.id = QUuid::createUuid();
    config.name = QStringLiteral("Workshop P1S");
    config.host = QStringLiteral("127.0.0.1");
    config.port = 9;
    return config;
}

PrinterConfig configFor(const PrinterSimulator &simulator)
{
    PrinterConfig config;
    config.id = QUuid::createUuid();
    config.name = QStringLiteral("Workshop P1S");
    config.host = QStringLiteral("127.0.0.1");
    config.port = simulator.serverPort();
    return config;
}

} // namespace

class TestPrinterTile : public QObject
{
    Q_OBJECT

private slots:
    void loopbackCameraFeedsTheTile();
    void recordingFeedback();
    void h264GridTileDecodesKeyFramesSingleViewEveryFrame();
    void initTestCase();
    void describe_data();
    void describe();
    void staleThreshold_data();
    void staleThreshold();
    void formatDuration_data();
    void formatDuration();

    void showsLiveFramesAtItsOwnSize();
    void markedStaleWhenFramesStop();
    void reportsEachNewPicturePainted();
    void hiddenTileStopsDecoding();
    void rejectedCodeExplainedWithEditButton();
    void buttonsAppearOnHoverAndAct();

    void overlayLayout_data();
    void overlayLayout();
    void printStatusInWords();
    void nullStatusLooksAsBefore();
    void smallTilesKeepBadgeAndProgress_data();
    void smallTilesKeepBadgeAndProgress();
    void problemsGetAColouredBorder();
    void countdownRunsWithoutReports();
    void attentionFollowsStatusAndCamera();
    void statusTilesRender();
};

void TestPrinterTile::initTestCase()
{
    qRegisterMetaType<Printer *>();
}

void TestPrinterTile::describe_data()
{
    QTest::addColumn<State>("state");
    QTest::addColumn<Failure>("failure");
    QTest::addColumn<QString>("statusText");
    QTest::addColumn<double>("fps");
    QTest::addColumn<qint64>("ageMs");
    QTest::addColumn<qint64>("untilNextMs");
    QTest::addColumn<Tone>("tone");
    QTest::addColumn<QString>("summary");
    QTest::addColumn<bool>("stale");
    QTest::addColumn<QString>("pictureAge");

    const QString noAge;
    QTest::newRow("live with fps")
        << State::Up << Failure::None << QStringLiteral("Live") << 0.84 << qint64(400) << qint64(-1)
        << Tone::Live << QStringLiteral("Live · 0.8 fps") << false << noAge;
    QTest::newRow("live before fps is known")
        << State::Up << Failure::None << QStringLiteral("Live") << 0.0 << qint64(100) << qint64(-1)
        << Tone::Live << QStringLiteral("Live") << false << noAge;
    QTest::newRow("slow printer not stale yet")
        << State::Up << Failure::None << QStringLiteral("Live") << 0.5 << qint64(5500) << qint64(-1)
        << Tone::Live << QStringLiteral("Live · 0.5 fps") << false << noAge;
    QTest::newRow("stream went quiet")
        << State::Up << Failure::None << QStringLiteral("Live") << 1.0 << qint64(42000)
        << qint64(-1) << Tone::Warning << QStringLiteral("No new picture · Last picture 42 s ago")
        << true << QStringLiteral("Last picture 42 s ago");
    QTest::newRow("connecting") << State::Connecting << Failure::None
                                << QStringLiteral("Connecting to 10.0.0.5:6000…") << 0.0
                                << qint64(-1) << qint64(-1) << Tone::Busy
                                << QStringLiteral("Connecting…") << false << noAge;
    QTest::newRow("logging in") << State::Authenticating << Failure::None
                                << QStringLiteral("Logging in…") << 0.0 << qint64(-1) << qint64(-1)
                                << Tone::Busy << QStringLiteral("Logging in…") << false << noAge;
    QTest::newRow("waiting to reconnect")
        << State::Backoff << Failure::NetworkError << QStringLiteral("10.0.0.5:6000 closed.") << 0.0
        << qint64(3000) << qint64(7200) << Tone::Error
        << QStringLiteral("Printer unreachable · Reconnecting in 8 s") << false
        << QStringLiteral("Last picture 3 s ago");
    QTest::newRow("access code rejected")
        << State::Backoff << Failure::AccessCodeRejected << QStringLiteral("Access code rejected")
        << 0.0 << qint64(-1) << qint64(59000) << Tone::Error
        << QStringLiteral("Access code rejected · Reconnecting in 59 s") << false << noAge;
    QTest::newRow("long wait in minutes")
        << State::Backoff << Failure::AccessCodeRejected << QStringLiteral("Access code rejected")
        << 0.0 << qint64(-1) << qint64(240000) << Tone::Error
        << QStringLiteral("Access code rejected · Reconnecting in 4 min") << false << noAge;
    QTest::newRow("retrying after a failure")
        << State::Connecting << Failure::TimedOut << QStringLiteral("Connecting…") << 0.0
        << qint64(-1) << qint64(-1) << Tone::Error
        << QStringLiteral("Printer not responding · Retrying now…") << false << noAge;
    QTest::newRow("invalid settings")
        << State::Idle << Failure::InvalidSettings << QStringLiteral("No printer address is set.")
        << 0.0 << qint64(-1) << qint64(-1) << Tone::Error << QStringLiteral("Settings incomplete")
        << false << noAge;
    QTest::newRow("stopped") << State::Idle << Failure::None << QStringLiteral("Stopped") << 0.0
                             << qint64(-1) << qint64(-1) << Tone::Off << QStringLiteral("Stopped")
                             << false << noAge;
}

void TestPrinterTile::describe()
{
    QFETCH(State, state);
    QFETCH(Failure, failure);
    QFETCH(QString, statusText);
    QFETCH(double, fps);
    QFETCH(qint64, ageMs);
    QFETCH(qint64, untilNextMs);
    QFETCH(Tone, tone);
    QFETCH(QString, summary);
    QFETCH(bool, stale);
    QFETCH(QString, pictureAge);

    TileStatus::Input input;
    input.state = state;
    input.failure = failure;
    input.statusText = statusText;
    input.framesPerSecond = fps;
    input.lastFrameAgeMs = ageMs;
    input.msUntilNextAttempt = untilNextMs;
    const TileStatus status = TileStatus::describe(input);
    QCOMPARE(status.tone, tone);
    QCOMPARE(status.summary(), summary);
    QCOMPARE(status.stale, stale);
    QCOMPARE(status.pictureAge, pictureAge);
    // A failure keeps the connection's own explanation for the user.
    if (state == State::Backoff)
        QCOMPARE(status.detail, statusText);
}

void TestPrinterTile::staleThreshold_data()
{
    QTest::addColumn<double>("fps");
    QTest::addColumn<qint64>("minimumMs");
    QTest::addColumn<qint64>("expectedMs");
    QTest::newRow("unknown rate") << 0.0 << qint64(5000) << qint64(5000);
    QTest::newRow("fast camera uses the minimum") << 10.0 << qint64(5000) << qint64(5000);
    QTest::newRow("P1 at 0.5 fps: three intervals") << 0.5 << qint64(5000) << qint64(6000);
    QTest::newRow("very slow camera") << 0.1 << qint64(5000) << qint64(30000);
    QTest::newRow("short minimum for tests") << 20.0 << qint64(100) << qint64(150);
}

void TestPrinterTile::staleThreshold()
{
    QFETCH(double, fps);
    QFETCH(qint64, minimumMs);
    QFETCH(qint64, expectedMs);
    QCOMPARE(TileStatus::staleThresholdMs(fps, std::chrono::milliseconds(minimumMs)), expectedMs);
}

void TestPrinterTile::formatDuration_data()
{
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QString>("expected");
    QTest::newRow("zero") << qint64(0) << QStringLiteral("0 s");
    QTest::newRow("part of a second rounds up") << qint64(200) << QStringLiteral("1 s");
    QTest::newRow("seconds") << qint64(42000) << QStringLiteral("42 s");
    QTest::newRow("just under two minutes") << qint64(119000) << QStringLiteral("119 s");
    QTest::newRow("minutes") << qint64(600000) << QStringLiteral("10 min");
    QTest::newRow("hours") << qint64(3 * 3600000) << QStringLiteral("3 h");
    QTest::newRow("days") << qint64(72 * 3600000LL) << QStringLiteral("3 days");
}

void TestPrinterTile::formatDuration()
{
    QFETCH(qint64, ms);
    QFETCH(QString, expected);
    QCOMPARE(TileStatus::formatDuration(ms), expected);
}

void TestPrinterTile::reportsEachNewPicturePainted()
{
    // framePainted carries when the frame shown arrived (steady clock): the latency figures of
    // farmcam-bench rest on it.
    auto simulator = startSimulator(10);
    QVERIFY(simulator);
    Printer printer(configFor(*simulator), kCode);
    printer.camera()->setTimeouts(TestSupport::fastTimeouts(60000ms));
    PrinterTile tile(&printer);
    tile.resize(480, 270);
    QSignalSpy painted(&tile, &PrinterTile::framePainted);
    QSignalSpy frames(printer.camera(), &CameraSource::frameArrived);
    const auto steadyNs = [] {
        return qint64(std::chrono::duration_cast<std::chrono::nanoseconds>(
                          std::chrono::steady_clock::now().time_since_epoch())
                          .count());
    };
    const qint64 before = steadyNs();
    tile.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tile));
    printer.camera()->start();

    QTRY_VERIFY_WITH_TIMEOUT(painted.size() >= 3, 10000);
    const qint64 after = steadyNs();
    qint64 previous = before;
    for (const QList<QVariant> &arguments : std::as_const(painted)) {
        const qint64 receivedNs = arguments.at(0).toLongLong();
        QVERIFY(receivedNs > previous); // one report per new picture, newest last
        QVERIFY(receivedNs < after);
        previous = receivedNs;
    }
    QVERIFY(painted.size() <= frames.size());

    // Repainting the same picture reports nothing more.
    printer.camera()->stop();
    const qsizetype count = painted.size();
    tile.repaint();
    QCOMPARE(painted.size(), count);
}

void TestPrinterTile::showsLiveFramesAtItsOwnSize()
{
    auto simulator = startSimulator(10);
    QVERIFY(simulator);
    Printer printer(configFor(*simulator), kCode);
    printer.camera()->setTimeouts(TestSupport::fastTimeouts(60000ms));

    PrinterTile tile(&printer);
    tile.resize(480, 270);
    tile.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tile));
    printer.camera()->start();

    QTRY_VERIFY_WITH_TIMEOUT(!tile.image().isNull(), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(tile.status().tone, Tone::Live, 10000);
    QVERIFY2(tile.status().summary().startsWith(QStringLiteral("Live")),
             qPrintable(tile.status().summary()));
    QVERIFY(tile.isDecoding());

    // The connection decodes for the tile's size: nothing big is left for paintEvent to scale.
    const QSize area = tile.pictureRect().size() * tile.devicePixelRatioF();
    QCOMPARE(tile.decodeSize(), area);
    QVERIFY2(
        tile.image().width() <= area.width() && tile.image().height() <= area.height(),
        qPrintable(QStringLiteral("%1x%2").arg(tile.image().width()).arg(tile.image().height())));

    // A bigger tile asks for bigger pictures.
    tile.resize(960, 540);
    const QSize bigger = tile.pictureRect().size() * tile.devicePixelRatioF();
    QCOMPARE(tile.decodeSize(), bigger);
    QTRY_VERIFY_WITH_TIMEOUT(
        tile.image().width() > area.width() || tile.image().height() > area.height(), 10000);
}

void TestPrinterTile::markedStaleWhenFramesStop()
{
    auto simulator = startSimulator(10);
    QVERIFY(simulator);
    // Three frames, then the printer keeps the connection open and sends nothing.
    simulator->setFault(PrinterSimulator::Fault::Stall, 3);
    Printer printer(configFor(*simulator), kCode);
    printer.camera()->setTimeouts(TestSupport::fastTimeouts(60000ms));

    PrinterTile tile(&printer);
    tile.setStaleAfter(300ms);
    tile.resize(480, 270);
    tile.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tile));
    printer.camera()->start();

    QTRY_VERIFY_WITH_TIMEOUT(!tile.image().isNull(), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(tile.status().stale, 10000);
    // Still connected, yet never passed off as live.
    QCOMPARE(printer.camera()->state(), State::Up);
    QCOMPARE(tile.status().tone, Tone::Warning);
    QVERIFY2(tile.status().pictureAge.startsWith(QStringLiteral("Last picture ")),
             qPrintable(tile.status().pictureAge));
    QVERIFY(!tile.status().summary().contains(QStringLiteral("Live")));
    QVERIFY(tile.toolTip().contains(QStringLiteral("Last picture")));
}

void TestPrinterTile::hiddenTileStopsDecoding()
{
    auto simulator = startSimulator(10);
    QVERIFY(simulator);
    Printer printer(configFor(*simulator), kCode);
    printer.camera()->setTimeouts(TestSupport::fastTimeouts(60000ms));

    PrinterTile tile(&printer);
    QVERIFY(!tile.isDecoding());
    QCOMPARE(printer.frames()->activeSubscriptionCount(),
             0); // not shown yet: nothing to decode for
    tile.resize(320, 180);
    tile.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tile));
    QVERIFY(tile.isDecoding());
    QCOMPARE(printer.frames()->activeSubscriptionCount(), 1);

    tile.hide();
    QVERIFY(!tile.isDecoding());
    QCOMPARE(printer.frames()->activeSubscriptionCount(), 0);

    printer.camera()->start();
    QSignalSpy frames(printer.camera(), &CameraSource::frameArrived);
    QTRY_VERIFY_WITH_TIMEOUT(frames.size() >= 2, 10000);
    QVERIFY(tile.image().isNull()); // frames arrived, none was decoded for a hidden tile

    tile.show();
    QCOMPARE(printer.frames()->activeSubscriptionCount(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(!tile.image().isNull(), 10000);
}

void TestPrinterTile::rejectedCodeExplainedWithEditButton()
{
    auto simulator = startSimulator(10, QStringLiteral("87654321"));
    QVERIFY(simulator);
    Printer printer(configFor(*simulator), kCode); // not the printer's code
    printer.camera()->setTimeouts(TestSupport::fastTimeouts(60000ms));

    PrinterTile tile(&printer);
    tile.resize(640, 360);
    tile.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tile));
    printer.camera()->start();

    QTRY_COMPARE_WITH_TIMEOUT(tile.status().headline, QStringLiteral("Access code rejected"),
                              10000);
    QCOMPARE(tile.status().tone, Tone::Error);
    QVERIFY(tile.status().detail.contains(QStringLiteral("printer's screen")));
    QVERIFY2(tile.status().countdown.startsWith(QStringLiteral("Reconnecting in")),
             qPrintable(tile.status().countdown));
    QVERIFY(tile.image().isNull());

    auto *action = tile.findChild<QPushButton *>(QStringLiteral("actionButton"));
    QVERIFY(action);
    QTRY_VERIFY(action->isVisible());
    QCOMPARE(action->text(), QStringLiteral("Edit printer…"));
    QSignalSpy edit(&tile, &PrinterTile::editRequested);
    QTest::mouseClick(action, Qt::LeftButton);
    QCOMPARE(edit.size(), 1);
    QCOMPARE(edit.first().first().value<Printer *>(), &printer);
}

// REC while recording, the timelapse's encode progress, a problem (no disk space) until the next
// start; the Record button only where there is a recorder.
void TestPrinterTile::recordingFeedback()
{
    PrinterConfig config;
    config.name = QStringLiteral("Recorded");
    config.host = QStringLiteral("127.0.0.1");
    config.statusEnabled = false;
    Printer printer(config, kCode, new LoopbackCamera);
    PrinterTile tile(&printer);
    tile.resize(640, 360);
    tile.setSelected(true); // shows the button bar
    tile.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tile));
    auto *record = tile.findChild<QToolButton *>(QStringLiteral("recordButton"));
    auto *badge = tile.findChild<QLabel *>(QStringLiteral("recordBadge"));
    QVERIFY(record && badge);
    QVERIFY(!record->isVisible());
    QVERIFY(!badge->isVisible());

    tile.setRecordingAvailable(true);
    QVERIFY(record->isVisible());
    QSignalSpy toggles(&tile, &PrinterTile::recordToggleRequested);
    QTest::mouseClick(record, Qt::LeftButton);
    QCOMPARE(toggles.size(), 1);
    QVERIFY(!record->isChecked()); // the recorder decides, not the click

    tile.setRecording(true);
    QVERIFY(record->isChecked());
    QVERIFY(badge->isVisible());
    QCOMPARE(badge->text(), QStringLiteral("● REC"));
    QVERIFY(tile.pictureRect().contains(badge->geometry()));
    // At every grid size (a 4x4 grid at 1280x800 or 640x400 too): whole, over neither the
    // camera's clock (a demo printer's name) nor the name and state, nor the buttons.
    tile.setTimelapseCapture(12);
    for (const QSize &size : {QSize(200, 112), QSize(280, 157), QSize(310, 174), QSize(640, 360)}) {
        tile.resize(size);
        const TileLayout layout = tile.tileLayout();
        QVERIFY2(badge->isVisible(),
                 qPrintable(QStringLiteral("%1x%2").arg(size.width()).arg(size.height())));
        const QRectF shown(badge->geometry());
        QVERIFY(QRectF(tile.pictureRect()).contains(shown));
        for (const QRectF &other : {layout.timestamp, layout.name, layout.stateText,
                                    layout.printTag, QRectF(layout.buttonBar)})
            QVERIFY2(!shown.intersects(other),
                     qPrintable(QStringLiteral("%1x%2").arg(size.width()).arg(size.height())));
        // Cut to one line where it does not fit, never wrapped over the name.
        QVERIFY(badge->text() == tile.recordingBadgeText()
                || badge->text().endsWith(QChar(0x2026)));
        QVERIFY(tile.toolTip().contains(QStringLiteral("Timelapse · 12 frames")));
    }
    tile.resize(640, 360);
    QCOMPARE(badge->text(), QStringLiteral("● REC  ·  ● Timelapse · 12 frames"));
    tile.setTimelapseCapture(1);
    QCOMPARE(badge->text(), QStringLiteral("● REC  ·  ● Timelapse · 1 frame"));
    tile.setTimelapseCapture(-1);
    QCOMPARE(badge->text(), QStringLiteral("● REC"));
    tile.setTimelapseProgress(42);
    QCOMPARE(badge->text(), QStringLiteral("● REC  ·  Timelapse 42 %"));
    tile.setRecording(false);
    QCOMPARE(badge->text(), QStringLiteral("Timelapse 42 %"));
    tile.setTimelapseProgress(-1);
    QVERIFY(!badge->isVisible());

    const QString problem = QStringLiteral("Recording stopped: less than 1 GB is free.");
    tile.setRecordingProblem(problem);
    QVERIFY(badge->isVisible());
    QCOMPARE(badge->text(), problem);
    tile.setRecording(true); // a new start: the problem is over
    QCOMPARE(badge->text(), QStringLiteral("● REC"));
}

void TestPrinterTile::buttonsAppearOnHoverAndAct()
{
    auto simulator = startSimulator(10);
    QVERIFY(simulator);
    Printer printer(configFor(*simulator), kCode);

    PrinterTile tile(&printer);
    tile.resize(640, 360);
    tile.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tile));

    auto *snapshot = tile.findChild<QToolButton *>(QStringLiteral("snapshotButton"));
    auto *fullView = tile.findChild<QToolButton *>(QStringLiteral("fullViewButton"));
    QVERIFY(snapshot);
    QVERIFY(fullView);
    QVERIFY(!snapshot->toolTip().isEmpty());

    // The pointer over the tile, away, and over it again.
    const QPoint outside = tile.mapToGlobal(QPoint(tile.width() + 200, tile.height() + 200));
    QTest::mouseMove(&tile, QPoint(200, 150));
    QTRY_VERIFY(snapshot->isVisible());
    QCursor::setPos(outside);
    QTRY_VERIFY(!snapshot->isVisible());
    QTest::mouseMove(&tile, QPoint(220, 160));
    QTRY_VERIFY(snapshot->isVisible());
    QCursor::setPos(outside);
    QTRY_VERIFY(!snapshot->isVisible());

    // Selecting the tile (what a click does in the grid) shows its buttons too.
    tile.setSelected(true);
    QVERIFY(snapshot->isVisible());
    tile.setSelected(false);
    QVERIFY(!snapshot->isVisible());

    QSignalSpy clicked(&tile, &PrinterTile::clicked);
    QSignalSpy snapshots(&tile, &PrinterTile::snapshotRequested);
    QSignalSpy fullViews(&tile, &PrinterTile::fullViewRequested);
    QSignalSpy backs(&tile, &PrinterTile::backRequested);
    tile.setSelected(true);
    QTest::mouseClick(snapshot, Qt::LeftButton);
    QCOMPARE(snapshots.size(), 1);
    QCOMPARE(clicked.size(), 1);
    QTest::mouseClick(fullView, Qt::LeftButton);
    QCOMPARE(fullViews.size(), 1);

    tile.setExpanded(true);
    QTest::mouseClick(fullView, Qt::LeftButton);
    QCOMPARE(backs.size(), 1);
    QCOMPARE(fullViews.size(), 1);

    QSignalSpy activated(&tile, &PrinterTile::activated);
    QTest::mouseDClick(&tile, Qt::LeftButton, {}, QPoint(100, 200));
    QCOMPARE(activated.size(), 1);
}

namespace {

// "HPTDX": the rows of a layout, one letter each.
QString rowCodes(const TileStatusOverlay::Layout &layout)
{
    QString codes;
    for (const Row row : layout.rows) {
        switch (row) {
        case Row::Header:
            codes += QLatin1Char('H');
            break;
        case Row::Progress:
            codes += QLatin1Char('P');
            break;
        case Row::Timing:
            codes += QLatin1Char('T');
            break;
        case Row::Temperatures:
            codes += QLatin1Char('D');
            break;
        case Row::Problem:
            codes += QLatin1Char('X');
            break;
        }
    }
    return codes;
}

bool containsText(const TileStatusOverlay::Layout &layout, const QString &text)
{
    const QStringList strings = layout.strings();
    return std::any_of(strings.cbegin(), strings.cend(),
                       [&text](const QString &s) { return s.contains(text); });
}

// Saves `image` as <name>.png in $FARMCAM_TILE_SHOTS, when set: to look at the tiles.
void saveShot(const QImage &image, const QString &name)
{
    const QString folder = qEnvironmentVariable("FARMCAM_TILE_SHOTS");
    if (folder.isEmpty())
        return;
    QDir().mkpath(folder);
    QVERIFY(image.save(QDir(folder).filePath(name + QStringLiteral(".png"))));
}

} // namespace

void TestPrinterTile::overlayLayout_data()
{
    QTest::addColumn<PrintStatus>("status");
    QTest::addColumn<QString>("problem");
    // The row sets seen while the room shrinks from everything to nothing.
    QTest::addColumn<QStringList>("sequence");
    QTest::addColumn<QString>("essentials");

    const QString problem = QStringLiteral("Status: access code rejected");
    QTest::newRow("printing") << samplePrint() << QString()
                              << QStringList{QStringLiteral("HPTD"), QStringLiteral("HPT"),
                                             QStringLiteral("HP"), QStringLiteral("H"), QString()}
                              << QStringLiteral("HP");
    QTest::newRow("printing, status lost")
        << samplePrint() << problem
        << QStringList{QStringLiteral("HPTDX"), QStringLiteral("HPTX"), QStringLiteral("HPX"),
                       QStringLiteral("HP"),    QStringLiteral("H"),    QString()}
        << QStringLiteral("HP");
    PrintStatus idle = samplePrint(PrintState::Idle);
    QTest::newRow("idle: no progress, no timing")
        << idle << QString() << QStringList{QStringLiteral("HD"), QStringLiteral("H"), QString()}
        << QStringLiteral("H");
    PrintStatus failed = samplePrint(PrintState::Failed);
    failed.remainingMinutes = -1;
    QTest::newRow("failed: the layer it stopped at")
        << failed << QString()
        << QStringList{QStringLiteral("HPTD"), QStringLiteral("HPT"), QStringLiteral("HP"),
                       QStringLiteral("H"), QString()}
        << QStringLiteral("HP");
    QTest::newRow("no status, a problem")
        << PrintStatus() << problem << QStringList{QStringLiteral("X"), QString()}
        << QStringLiteral("X");
    QTest::newRow("nothing") << PrintStatus() << QString() << QStringList{QString()} << QString();
}

void TestPrinterTile::overlayLayout()
{
    QFETCH(PrintStatus, status);
    QFETCH(QString, problem);
    QFETCH(QStringList, sequence);
    QFETCH(QString, essentials);

    TileStatusOverlay::Input input;
    input.status = status;
    input.problem = problem;
    input.now = QDateTime::currentDateTimeUtc();
    input.width = 300; // narrow: the temperatures keep a line of their own
    input.maxHeight = 100000;
    const TileStatusOverlay::Layout full = TileStatusOverlay::layout(input);
    QCOMPARE(full.height, full.fullHeight);

    QStringList seen;
    for (int height = int(std::ceil(full.height)); height >= -1; --height) {
        input.maxHeight = height;
        const TileStatusOverlay::Layout layout = TileStatusOverlay::layout(input);
        QVERIFY2(layout.height <= std::max(0, height), qPrintable(QString::number(height)));
        QCOMPARE(layout.isEmpty(), layout.height == 0);
        if (seen.isEmpty() || seen.constLast() != rowCodes(layout))
            seen << rowCodes(layout);
        // Rows are placed top to bottom, each inside the block.
        for (const TileStatusOverlay::Text &text : layout.texts) {
            QVERIFY(text.rect.top() >= 0);
            QVERIFY(text.rect.bottom() <= layout.height + 0.01);
            QVERIFY(text.rect.right() <= input.width + 0.01);
        }
    }
    QCOMPARE(seen, sequence);

    // The essentials have room of their own.
    input.maxHeight = 0;
    input.maxEssentialHeight = 100000;
    QCOMPARE(rowCodes(TileStatusOverlay::layout(input)), essentials);
    QCOMPARE(TileStatusOverlay::layout(input).accent, PrintStatusText::needsAttention(status));
}

void TestPrinterTile::printStatusInWords()
{
    Printer printer(offlineConfig(), kCode);
    PrinterTile tile(&printer);
    tile.resize(640, 360);
    tile.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tile));
    QVERIFY(tile.statusOverlay().isEmpty());
    QVERIFY(!tile.toolTip().contains(QStringLiteral("Printing")));

    const PrintStatus status = samplePrint();
    tile.setPrintStatus(status);
    QCOMPARE(tile.printStatus(), status);
    const TileStatusOverlay::Layout overlay = tile.statusOverlay();
    // The temperatures share the timing's line when it is wide enough.
    QVERIFY2(rowCodes(overlay) == QStringLiteral("HPTD")
                 || rowCodes(overlay) == QStringLiteral("HPT"),
             qPrintable(rowCodes(overlay)));
    const QStringList strings = overlay.strings();
    QVERIFY2(strings.contains(QStringLiteral("Printing")), qPrintable(strings.join(u'|')));
    QVERIFY(strings.contains(QStringLiteral("Benchy_PLA_0.2mm_plate_1")));
    QVERIFY(strings.contains(QStringLiteral("57%")));
    QVERIFY(containsText(overlay, QStringLiteral("Layer 57 / 210")));
    QVERIFY(containsText(overlay, QStringLiteral("Nozzle 220 / 220 °C · Bed 65 / 65 °C")));
    QVERIFY2(containsText(overlay, QStringLiteral("ready at ")), qPrintable(strings.join(u'|')));
    QVERIFY(containsText(overlay, QStringLiteral(" · 1 h 23 min left")));
    QCOMPARE(overlay.progress, 0.57);

    // In words for the tooltip and screen readers, next to what the camera does.
    const QString words
        = QStringLiteral("Printing “Benchy_PLA_0.2mm_plate_1”, 57%, 1 h 23 min left");
    QVERIFY2(tile.toolTip().contains(words), qPrintable(tile.toolTip()));
    QVERIFY(tile.accessibleDescription().contains(words));
    QVERIFY(tile.accessibleDescription().contains(QStringLiteral("layer 57 of 210")));
    QVERIFY(tile.accessibleDescription().contains(QStringLiteral("Stopped")));
    QCOMPARE(tile.accessibleName(), QStringLiteral("Workshop P1S"));

    tile.setStatusProblem(QStringLiteral("Status: access code rejected"));
    QVERIFY(rowCodes(tile.statusOverlay()).endsWith(QStringLiteral("X")));
    QVERIFY(
        tile.statusOverlay().strings().contains(QStringLiteral("Status: access code rejected")));
    QVERIFY(tile.accessibleDescription().contains(QStringLiteral("Status: access code rejected")));

    // Without a status connection: the camera alone, as ever.
    tile.setPrintStatus(PrintStatus());
    tile.setStatusProblem(QString());
    QVERIFY(tile.statusOverlay().isEmpty());
    QVERIFY(!tile.toolTip().contains(QStringLiteral("Printing")));
    QVERIFY(!tile.accessibleDescription().contains(QStringLiteral("Printing")));
}

void TestPrinterTile::nullStatusLooksAsBefore()
{
    QCursor::setPos(5000, 5000); // hovering would show the buttons on one of them
    Printer plainPrinter(offlineConfig(), kCode);
    Printer clearedPrinter(offlineConfig(), kCode);
    PrinterTile plain(&plainPrinter);
    PrinterTile cleared(&clearedPrinter);
    for (PrinterTile *tile : {&plain, &cleared}) {
        tile->resize(480, 270);
        tile->show();
        QVERIFY(QTest::qWaitForWindowExposed(tile));
    }
    const QImage before = plain.grab().toImage();
    QCOMPARE(cleared.grab().toImage(), before);

    cleared.setPrintStatus(samplePrint());
    const QImage withStatus = cleared.grab().toImage();
    QVERIFY(withStatus != before);

    cleared.setPrintStatus(PrintStatus());
    QCOMPARE(cleared.grab().toImage(), before);
    QVERIFY(cleared.statusOverlay().isEmpty());

    // The single view gives the block a strip of its own: the picture shrinks for it, and gets
    // its room back without a status.
    plain.setExpanded(true);
    cleared.setExpanded(true);
    const QRect picture = plain.pictureRect();
    cleared.setPrintStatus(samplePrint());
    QVERIFY(cleared.pictureRect().height() < picture.height());
    QCOMPARE(cleared.pictureRect().width(), picture.width());
    cleared.setPrintStatus(PrintStatus());
    QCOMPARE(cleared.pictureRect(), picture);
}

void TestPrinterTile::smallTilesKeepBadgeAndProgress_data()
{
    QTest::addColumn<QSize>("size");
    QTest::addColumn<QString>("essentials"); // the rows that must be there
    QTest::addColumn<int>("everything"); // 1: every word shown, 0: not all, -1: either
    const QString badgeAndProgress = QStringLiteral("HP");
    // Compact below 320x180: no block, the state as a tag in the tile's one line.
    QTest::newRow("240x135: compact, a tag") << QSize(240, 135) << QString() << 0;
    QTest::newRow("320x180") << QSize(320, 180) << badgeAndProgress << 0;
    QTest::newRow("480x270") << QSize(480, 270) << badgeAndProgress << -1;
    QTest::newRow("640x360") << QSize(640, 360) << badgeAndProgress << 1;
    QTest::newRow("960x540") << QSize(960, 540) << badgeAndProgress << 1;
}

void TestPrinterTile::smallTilesKeepBadgeAndProgress()
{
    QFETCH(QSize, size);
    QFETCH(QString, essentials);
    QFETCH(int, everything);
    auto simulator = startSimulator(10);
    QVERIFY(simulator);
    Printer printer(configFor(*simulator), kCode);
    printer.camera()->setTimeouts(TestSupport::fastTimeouts(60000ms));
    PrinterTile tile(&printer);
    tile.resize(size);
    tile.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tile));
    printer.camera()->start();
    QTRY_VERIFY_WITH_TIMEOUT(!tile.image().isNull(), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(tile.status().tone, Tone::Live, 10000);

    tile.setPrintStatus(samplePrint());
    tile.setStatusProblem(QStringLiteral("Status: connection lost"));
    const TileStatusOverlay::Layout overlay = tile.statusOverlay();
    const QString rows = rowCodes(overlay);
    if (essentials.isEmpty()) {
        QVERIFY(tile.isCompact());
        QVERIFY2(overlay.isEmpty(), qPrintable(rows));
        QVERIFY(!tile.tileLayout().printTag.isEmpty());
        QVERIFY(tile.toolTip().contains(QStringLiteral("Status: connection lost")));
        return;
    }
    // The badge and the progress bar stay; the details go first, the problem last.
    QVERIFY2(rows.startsWith(essentials), qPrintable(rows));
    if (!rows.contains(u'T'))
        QVERIFY2(!rows.contains(u'D'), qPrintable(rows));
    // The problem stays in sight: on its own line, or in the job name's place.
    QVERIFY2(containsText(overlay, QStringLiteral("Status: ")),
             qPrintable(overlay.strings().join(u'|')));
    const bool all = rows.contains(u'X') && containsText(overlay, QStringLiteral("Layer 57"))
        && containsText(overlay, QStringLiteral("Bed 65"));
    if (everything >= 0)
        QVERIFY2(all == (everything == 1), qPrintable(overlay.strings().join(u'|')));
    // Name bar and print block leave the top of the picture (the buttons' row) alone.
    QVERIFY(overlay.height < tile.height() / 2);
}

void TestPrinterTile::problemsGetAColouredBorder()
{
    QCursor::setPos(5000, 5000);
    Printer printer(offlineConfig(), kCode);
    PrinterTile tile(&printer);
    tile.resize(320, 180);
    tile.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tile));
    // On the card's left edge, half way down: where the border runs.
    const QPoint edge(tile.cardRect().left() + 1, tile.height() / 2);

    struct Case
    {
        PrintState state;
        qint64 printError;
        bool border;
        QColor color;
    };
    const Case cases[] = {
        {PrintState::Printing, 0, false, Theme::busy()},
        {PrintState::Failed, 0x0300800C, true, Theme::error()},
        {PrintState::Paused, 0, false, Theme::warning()},
        {PrintState::Paused, 0x0300800C, true, Theme::error()},
        {PrintState::Finished, 0, false, Theme::live()},
    };
    for (const Case &c : cases) {
        PrintStatus status = samplePrint(c.state);
        status.printError = c.printError;
        tile.setPrintStatus(status);
        const QImage image = tile.grab().toImage();
        const QString label = PrintStatusText::stateLabel(status);
        QCOMPARE(QColor(image.pixel(edge)) == c.color, c.border);
        // The badge (and the progress bar) in the state's colour.
        QVERIFY2(
            pixelsOf(image, c.color) > 300,
            qPrintable(label + QStringLiteral(": ") + QString::number(pixelsOf(image, c.color))));
        if (!c.border)
            QCOMPARE(pixelsOf(image, Theme::error()), 0);
    }
}

void TestPrinterTile::countdownRunsWithoutReports()
{
    Printer printer(offlineConfig(), kCode);
    PrinterTile tile(&printer);
    tile.setStaleAfter(300ms); // ticks faster than once a second
    tile.resize(640, 360);
    tile.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tile));

    // Reported ten minutes left, 63 s short of ten minutes ago: two minutes left now (rounded
    // up), one a few seconds later, with no report in between.
    PrintStatus status = samplePrint();
    status.remainingMinutes = 10;
    status.updated = QDateTime::currentDateTimeUtc().addMSecs(-(600 - 63) * 1000);
    tile.setPrintStatus(status);
    QVERIFY2(containsText(tile.statusOverlay(), QStringLiteral(" · 2 min left")),
             qPrintable(tile.statusOverlay().strings().join(u'|')));
    QVERIFY(tile.toolTip().contains(QStringLiteral("2 min left")));
    QTRY_VERIFY_WITH_TIMEOUT(containsText(tile.statusOverlay(), QStringLiteral(" · 1 min left")),
                             10000);
    QVERIFY(tile.toolTip().contains(QStringLiteral("1 min left")));
    QCOMPARE(tile.printStatus(), status); // nothing new was reported
}

void TestPrinterTile::attentionFollowsStatusAndCamera()
{
    auto simulator = startSimulator(10, QStringLiteral("87654321"));
    QVERIFY(simulator);
    Printer printer(configFor(*simulator), kCode); // not the printer's code
    printer.camera()->setTimeouts(TestSupport::fastTimeouts(60000ms));
    PrinterTile tile(&printer);
    QSignalSpy changes(&tile, &PrinterTile::attentionRankChanged);
    QCOMPARE(tile.attentionRank(), int(TileOrder::UnknownRank));

    tile.setPrintStatus(samplePrint());
    QCOMPARE(tile.attentionRank(), int(TileOrder::PrintingRank));
    QCOMPARE(changes.size(), 1);
    QCOMPARE(changes.constLast().first().toInt(), int(TileOrder::PrintingRank));
    PrintStatus further = samplePrint();
    further.percent = 58;
    tile.setPrintStatus(further);
    QCOMPARE(changes.size(), 1); // the same rank: no news

    tile.setStatusProblem(QStringLiteral("Status: access code rejected"));
    QCOMPARE(tile.attentionRank(), int(TileOrder::TroubleRank));
    tile.setStatusProblem(QString());
    QCOMPARE(tile.attentionRank(), int(TileOrder::PrintingRank));
    tile.setPrintStatus(samplePrint(PrintState::Failed));
    QCOMPARE(tile.attentionRank(), int(TileOrder::FailedRank));
    QCOMPARE(changes.size(), 4);

    // The camera's trouble counts too.
    tile.setPrintStatus(samplePrint(PrintState::Finished));
    QCOMPARE(tile.attentionRank(), int(TileOrder::FinishedRank));
    QVERIFY(!tile.hasCameraTrouble());
    tile.show();
    printer.camera()->start();
    QTRY_COMPARE_WITH_TIMEOUT(tile.status().headline, QStringLiteral("Access code rejected"),
                              10000);
    QVERIFY(tile.hasCameraTrouble());
    QCOMPARE(tile.attentionRank(), int(TileOrder::TroubleRank));
    QCOMPARE(changes.constLast().first().toInt(), int(TileOrder::TroubleRank));
}

void TestPrinterTile::statusTilesRender()
{
    // Real pictures from a simulator, every state at a small and a medium size, and the single
    // view; each render is checked for its badge's colour (and written out for a person to look
    // at when FARMCAM_TILE_SHOTS names a folder).
    QCursor::setPos(5000, 5000);
    auto simulator = startSimulator(5);
    QVERIFY(simulator);
    Printer printer(configFor(*simulator), kCode);
    printer.camera()->setTimeouts(TestSupport::fastTimeouts(60000ms));
    PrinterTile tile(&printer);
    tile.setStaleAfter(3600s);
    // Around the card, what the grid paints behind its tiles.
    QPalette palette = tile.palette();
    palette.setColor(QPalette::Window, Theme::windowBackground());
    tile.setPalette(palette);
    tile.setAutoFillBackground(true);
    tile.resize(320, 180);
    tile.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tile));
    printer.camera()->start();
    QTRY_VERIFY_WITH_TIMEOUT(!tile.image().isNull(), 10000);

    struct Case
    {
        const char *name;
        PrintStatus status;
        QString problem;
    };
    PrintStatus paused = samplePrint(PrintState::Paused);
    paused.printError = 0;
    PrintStatus idle = samplePrint(PrintState::Idle);
    idle.nozzleTarget = 0;
    idle.bedTarget = 0;
    idle.nozzleTemperature = 27;
    idle.bedTemperature = 25;
    PrintStatus preparing = samplePrint(PrintState::Preparing);
    preparing.percent = 0;
    preparing.layer = 0;
    preparing.remainingMinutes = 195;
    const QString lost = QStringLiteral("Status: access code rejected");
    const Case cases[] = {
        {"printing", samplePrint(), {}},
        {"preparing", preparing, {}},
        {"paused", paused, {}},
        {"paused-error", samplePrint(PrintState::Paused), {}},
        {"failed", samplePrint(PrintState::Failed), {}},
        {"finished", samplePrint(PrintState::Finished), {}},
        {"idle", idle, {}},
        {"printing-status-lost", samplePrint(), lost},
        {"status-problem-only", PrintStatus(), lost},
        {"no-status", PrintStatus(), {}},
    };
    for (const QSize size : {QSize(209, 117), QSize(320, 180), QSize(640, 360)}) {
        tile.resize(size);
        QTRY_VERIFY_WITH_TIMEOUT(tile.image().width() > size.width() * 0.9, 10000);
        for (const Case &c : cases) {
            tile.setPrintStatus(c.status);
            tile.setStatusProblem(c.problem);
            const QImage image = tile.grab().toImage();
            QCOMPARE(image.size(), size);
            if (!c.status.isNull()) {
                QVERIFY2(pixelsOf(image, PrintStatusText::stateColor(c.status)) > 200, c.name);
            } else if (!c.problem.isEmpty()) {
                QVERIFY2(pixelsOf(image, Theme::warning()) > 20, c.name);
            }
            saveShot(image,
                     QStringLiteral("tile-%1x%2-%3")
                         .arg(size.width())
                         .arg(size.height())
                         .arg(QLatin1String(c.name)));
        }
    }

    tile.resize(1280, 720);
    tile.setExpanded(true);
    tile.setPrintStatus(samplePrint());
    tile.setStatusProblem(QString());
    QTRY_VERIFY_WITH_TIMEOUT(tile.image().width() > 1000, 10000);
    const QImage single = tile.grab().toImage();
    QVERIFY(pixelsOf(single, Theme::busy()) > 200);
    saveShot(single, QStringLiteral("single-1280x720-printing"));
    tile.setExpanded(false);

    // The camera's own message keeps its room next to the print block.
    auto wrongCode = startSimulator(5, QStringLiteral("87654321"));
    QVERIFY(wrongCode);
    Printer rejected(configFor(*wrongCode), kCode);
    rejected.camera()->setTimeouts(TestSupport::fastTimeouts(60000ms));
    PrinterTile rejectedTile(&rejected);
    rejectedTile.setPalette(palette);
    rejectedTile.setAutoFillBackground(true);
    rejectedTile.setPrintStatus(samplePrint());
    rejectedTile.show();
    rejected.camera()->start();
    QTRY_COMPARE_WITH_TIMEOUT(rejectedTile.status().headline,
                              QStringLiteral("Access code rejected"), 10000);
    auto *edit = rejectedTile.findChild<QPushButton *>(QStringLiteral("actionButton"));
    QVERIFY(edit);
    for (const QSize size : {QSize(320, 180), QSize(640, 360)}) {
        rejectedTile.resize(size);
        const QRectF block = rejectedTile.statusOverlayRect();
        QVERIFY(!block.isEmpty());
        QVERIFY(block.bottom() < size.height() - 40); // above the name bar
        if (size.width() >= 640) {
            // "Edit printer…" stays, clear of the print block.
            QTRY_VERIFY_WITH_TIMEOUT(edit->isVisible(), 10000);
            QVERIFY(edit->geometry().bottom() < block.top());
        }
        const QImage image = rejectedTile.grab().toImage();
        QVERIFY(pixelsOf(image, Theme::busy()) > 200);
        saveShot(image,
                 QStringLiteral("tile-%1x%2-camera-rejected").arg(size.width()).arg(size.height()));
    }
}

void TestPrinterTile::loopbackCameraFeedsTheTile()
{
    // The tile knows only the camera interface and the hub: in-process pictures show like a
    // printer's, and a camera that stops sending is shown stale, not live.
    auto *camera = new LoopbackCamera;
    PrinterConfig config;
    config.id = QUuid::createUuid();
    config.name = QStringLiteral("Loopback");
    config.host = QStringLiteral("127.0.0.1");
    config.statusEnabled = false;
    Printer printer(config, kCode, camera);
    PrinterTile tile(&printer);
    tile.setStaleAfter(300ms);
    tile.resize(480, 270);
    tile.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tile));
    printer.start();

    QImage picture(1280, 720, QImage::Format_RGB32);
    picture.fill(QColor(200, 120, 40));
    camera->deliverPicture(picture);
    QTRY_VERIFY(!tile.image().isNull());
    QVERIFY(tile.image().width() <= tile.pictureRect().width() * tile.devicePixelRatioF());
    QTRY_COMPARE(tile.status().tone, Tone::Live);
    QCOMPARE(tile.image().pixelColor(tile.image().rect().center()), QColor(200, 120, 40));

    camera->setStalled(true);
    QTRY_VERIFY(tile.status().stale);
    QVERIFY2(!tile.status().pictureAge.isEmpty(), qPrintable(tile.status().summary()));
}

void TestPrinterTile::h264GridTileDecodesKeyFramesSingleViewEveryFrame()
{
    // An RTSPS camera's frames in the hub: the grid tile asks for key frames only, the same
    // tile in the single view for every frame.
    const H264Clip::Clip clip = H264Clip::make(10, 5, QSize(320, 180));
    PrinterConfig config;
    config.id = QUuid::createUuid();
    config.name = QStringLiteral("X1C");
    config.host = QStringLiteral("127.0.0.1");
    config.statusEnabled = false;
    Printer printer(config, kCode, new LoopbackCamera);
    PrinterTile tile(&printer);
    tile.resize(480, 270);
    tile.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tile));
    QVERIFY(tile.subscription());
    QVERIFY(!tile.subscription()->decodesEveryFrame());
    FrameHub *hub = printer.frames();

    hub->publish(H264Clip::frameOf(clip, 0, 1));
    QTRY_VERIFY(!tile.image().isNull());
    QCOMPARE(H264Clip::colourIndexOf(tile.image()), 0);
    for (int i = 1; i < 4; ++i)
        hub->publish(H264Clip::frameOf(clip, i, i + 1));
    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::processEvents();
    QCOMPARE(H264Clip::colourIndexOf(tile.image()), 0); // P-frames: not decoded for a grid tile
    QCOMPARE(hub->h264DecodeCount(), quint64(1));

    tile.setExpanded(true);
    QVERIFY(tile.subscription()->decodesEveryFrame());
    QTRY_COMPARE(H264Clip::colourIndexOf(tile.image()), 3); // the newest, from key frame 0
    hub->publish(H264Clip::frameOf(clip, 4, 5));
    QTRY_COMPARE(H264Clip::colourIndexOf(tile.image()), 4);

    tile.setExpanded(false);
    QVERIFY(!tile.subscription()->decodesEveryFrame());
    QVERIFY(!hub->isStreamDecoding());
}

QTEST_MAIN(TestPrinterTile)
#include "tst_printertile.moc"
