// PrinterTile and its wording (TileStatus): real widgets offscreen, a real simulator on 127.0.0.1.
#include "printertile.h"
#include "tilestatus.h"

#include "model/printer.h"
#include "net/cameraconnection.h"
#include "sim/printersimulator.h"
#include "testsupport.h"

#include <QCursor>
#include <QHostAddress>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

#include <memory>

using namespace std::chrono_literals;
using State = CameraConnection::State;
using Failure = CameraConnection::Failure;
using Tone = TileStatus::Tone;

Q_DECLARE_METATYPE(CameraConnection::State)
Q_DECLARE_METATYPE(CameraConnection::Failure)
Q_DECLARE_METATYPE(TileStatus::Tone)

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
        << State::Streaming << Failure::None << QStringLiteral("Live") << 0.84 << qint64(400)
        << qint64(-1) << Tone::Live << QStringLiteral("Live · 0.8 fps") << false << noAge;
    QTest::newRow("live before fps is known")
        << State::Streaming << Failure::None << QStringLiteral("Live") << 0.0 << qint64(100)
        << qint64(-1) << Tone::Live << QStringLiteral("Live") << false << noAge;
    QTest::newRow("slow printer not stale yet")
        << State::Streaming << Failure::None << QStringLiteral("Live") << 0.5 << qint64(5500)
        << qint64(-1) << Tone::Live << QStringLiteral("Live · 0.5 fps") << false << noAge;
    QTest::newRow("stream went quiet")
        << State::Streaming << Failure::None << QStringLiteral("Live") << 1.0 << qint64(42000)
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
        << 0.0 << qint64(-1) << qint64(-1) << Tone::Error
        << QStringLiteral("Printer settings incomplete") << false << noAge;
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
    QSignalSpy frames(printer.camera(), &CameraConnection::frameReceived);
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
    QCOMPARE(printer.camera()->decodeSize(), area);
    QVERIFY2(
        tile.image().width() <= area.width() && tile.image().height() <= area.height(),
        qPrintable(QStringLiteral("%1x%2").arg(tile.image().width()).arg(tile.image().height())));

    // A bigger tile asks for bigger pictures.
    tile.resize(960, 540);
    const QSize bigger = tile.pictureRect().size() * tile.devicePixelRatioF();
    QCOMPARE(printer.camera()->decodeSize(), bigger);
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
    QCOMPARE(printer.camera()->state(), State::Streaming);
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
    QVERIFY(!printer.camera()->isDecodingEnabled()); // not shown yet: nothing to decode for
    tile.resize(320, 180);
    tile.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tile));
    QVERIFY(tile.isDecoding());
    QVERIFY(printer.camera()->isDecodingEnabled());

    tile.hide();
    QVERIFY(!tile.isDecoding());
    QVERIFY(!printer.camera()->isDecodingEnabled());

    printer.camera()->start();
    QSignalSpy frames(printer.camera(), &CameraConnection::frameReceived);
    QTRY_VERIFY_WITH_TIMEOUT(frames.size() >= 2, 10000);
    QVERIFY(tile.image().isNull()); // frames arrived, none was decoded for a hidden tile

    tile.show();
    QVERIFY(printer.camera()->isDecodingEnabled());
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

QTEST_MAIN(TestPrinterTile)
#include "tst_printertile.moc"
