// GridWindow and TileGrid: the layout rule, the empty window, the single view, and snapshots
// written from a real simulator's frames into real temporary folders.
#include "emptystatewidget.h"
#include "gridwindow.h"
#include "printerdialog.h"
#include "printertile.h"
#include "tilegrid.h"
#include "tilelayout.h"
#include "tileorder.h"

#include "camera/jpegstream/jpegstreamcamera.h"
#include "frames/framehub.h"
#include "model/appsettings.h"
#include "model/memorycredentialstore.h"
#include "model/printer.h"
#include "model/printerfarm.h"
#include "record/farmrecorder.h"
#include "record/segmentrecorder.h"
#include "record/timelapserecorder.h"
#include "sim/printersimulator.h"

#include <QAction>
#include <QApplication>
#include <QDirIterator>
#include <QDragEnterEvent>
#include <QFile>
#include <QFileInfo>
#include <QFrame>
#include <QHostAddress>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QRegularExpression>
#include <QScreen>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocumentFragment>
#include <QTimer>
#include <QToolButton>

#include <functional>
#include <memory>

namespace {

const QString kCode = QStringLiteral("12345678");

// A window over a throw-away farm: temporary settings, codes in memory, nothing persisted.
struct Fixture
{
    QTemporaryDir dir;
    std::unique_ptr<AppSettings> settings;
    MemoryCredentialStore credentials;
    std::unique_ptr<PrinterFarm> farm;
    std::unique_ptr<GridWindow> window;
    QList<std::shared_ptr<PrinterSimulator>> simulators;
    int silentCount = 0;

    Fixture()
    {
        settings = std::make_unique<AppSettings>(dir.filePath(QStringLiteral("farmcam.conf")));
        settings->setValue(AppSettings::Key::SnapshotFolder, dir.filePath(QStringLiteral("shots")));
        farm = std::make_unique<PrinterFarm>(settings.get(), &credentials);
        farm->setPersistent(false);
        window = std::make_unique<GridWindow>(farm.get(), settings.get());
        window->resize(1200, 760);
    }

    ~Fixture()
    {
        window.reset();
        farm.reset();
    }

    bool show()
    {
        window->show();
        window->activateWindow();
        // Active, so that the window's shortcuts (Enter, Esc, Ctrl+S) apply.
        return QTest::qWaitForWindowActive(window.get());
    }

    // A simulated printer and its entry in the farm.
    Printer *addSimulated(const QString &name, double fps = 5, const QString &pin = {})
    {
        auto simulator = std::make_shared<PrinterSimulator>();
        simulator->setName(name);
        simulator->setAccessCode(kCode);
        simulator->setFramesPerSecond(fps);
        if (!simulator->listen(QHostAddress::LocalHost, 0))
            return nullptr;
        simulators.append(simulator);
        PrinterConfig config;
        config.name = name;
        config.host = QStringLiteral("127.0.0.1");
        config.port = simulator->serverPort();
        config.certificateFingerprint = pin;
        QString error;
        Printer *printer = farm->addPrinter(config, kCode, &error);
        if (!printer)
            qWarning() << error;
        return printer;
    }

    // A printer whose port has nothing listening: it never sends a picture.
    Printer *addSilent(const QString &name)
    {
        PrinterConfig config;
        config.name = name;
        // One loopback address each (127.0.0.2, .3, ...): the farm refuses a second printer on
        // the same camera.
        config.host = QStringLiteral("127.0.0.%1").arg(2 + silentCount++);
        config.port = 9; // discard: nothing listens on loopback here
        QString error;
        return farm->addPrinter(config, kCode, &error);
    }

    QStringList snapshotFiles() const
    {
        QStringList files;
        QDirIterator it(dir.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            if (!path.endsWith(QLatin1String(".conf")) && !path.endsWith(QLatin1String(".lock")))
                files << path;
        }
        files.sort();
        return files;
    }
};

// The printers' names in the grid's order.
QStringList tileNames(const GridWindow &window)
{
    QStringList names;
    const QList<PrinterTile *> tiles = window.tiles();
    for (const PrinterTile *tile : tiles)
        names << tile->printer()->name();
    return names;
}

PrintStatus statusOf(PrintState state, qint64 printError = 0)
{
    PrintStatus status;
    status.state = state;
    status.jobName = QStringLiteral("Job");
    status.percent = 40;
    status.printError = printError;
    status.updated = QDateTime::currentDateTimeUtc();
    return status;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

} // namespace

class TestGridWindow : public QObject
{
    Q_OBJECT

private slots:
    void reconnectNowRedialsAStreamingCamera();
    void bestColumnCount_data();
    void bestColumnCount();
    void tileRectsFillAndCentre();
    void arrangeScrollsBelowTheMinimum_data();
    void arrangeScrollsBelowTheMinimum();
    void manyTilesScrollAndFollowTheSelection();

    void emptyWindowInvites();
    void tilesFollowTheFarm();
    void arrowKeysMoveTheSelection();
    void enterAndEscapeToggleSingleView();
    void snapshotButtonWritesTheOriginalBytes();
    void unwritableFolderReportsAndWritesNothing();
    void snapshotWithoutPictureSaysSo();
    void snapshotAllSavesEveryPicture();
    void recordActionRecordsTheSelectedPrinter();
    void timelapseByHandFromTheMenus();
    void fixedColumnsFromSettings();
    void editGoesThroughTheDialog();
    void addingAPrinterTwiceOffersToEditIt();
    void removeAsksFirst();
    void changedCertificateIsReviewedFromTheTile();
    void sortByStatePutsProblemsFirst();
    void sortByStateIsRememberedAndHasAShortcut();
    void sortByStateWaitsForAStateToHold();
    void keysMoveTheSelectedPrinter_data();
    void keysMoveTheSelectedPrinter();
    void droppedTileTakesThePlace();
    void noReorderingWhileSorted();
    void closeHidesToTheTrayOnlyWhileOneIsThere_data();
    void closeHidesToTheTrayOnlyWhileOneIsThere();
    void aboutSaysWhereCodesAre_data();
    void aboutSaysWhereCodesAre();
    void windowFitsTheScreen_data();
    void windowFitsTheScreen();
    void narrowWindowElidesTheStatusMessage();
};

void TestGridWindow::bestColumnCount_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<QSize>("area");
    QTest::addColumn<int>("spacing");
    QTest::addColumn<int>("columns");

    QTest::newRow("no tiles") << 0 << QSize(1600, 900) << 0 << 0;
    QTest::newRow("one tile") << 1 << QSize(1600, 900) << 0 << 1;
    // 2x2: 800 wide; 1x4: 400; 4x1: 400; 3+1: 533.
    QTest::newRow("four, 16:9 window") << 4 << QSize(1600, 900) << 0 << 2;
    QTest::newRow("four, wide strip") << 4 << QSize(3200, 450) << 0 << 4;
    QTest::newRow("four, tall window") << 4 << QSize(400, 1800) << 0 << 1;
    QTest::newRow("three, 16:9 window") << 3 << QSize(1600, 900) << 0 << 2;
    QTest::newRow("nine, 16:9 window") << 9 << QSize(1600, 900) << 0 << 3;
    QTest::newRow("five, 4:3 window") << 5 << QSize(1200, 900) << 0 << 2;
    // Two tiles side by side (800 wide) tie with two stacked (800): the more compact block wins...
    QTest::newRow("tie: fewer columns") << 2 << QSize(1600, 900) << 0 << 1;
    // ...but the gap between stacked tiles costs height, so with spacing side by side is larger.
    QTest::newRow("spacing counts") << 2 << QSize(1600, 900) << 12 << 2;
    QTest::newRow("no room") << 3 << QSize(0, 0) << 12 << 1;
}

void TestGridWindow::bestColumnCount()
{
    QFETCH(int, count);
    QFETCH(QSize, area);
    QFETCH(int, spacing);
    QFETCH(int, columns);
    QCOMPARE(TileGrid::bestColumnCount(count, area, spacing), columns);
}

void TestGridWindow::tileRectsFillAndCentre()
{
    const QRect area(0, 0, 1600, 900);
    const QList<QRect> rects = TileGrid::tileRects(3, 2, area, 0);
    QCOMPARE(rects.size(), 3);
    QCOMPARE(rects.at(0), QRect(0, 0, 800, 450));
    QCOMPARE(rects.at(1), QRect(800, 0, 800, 450));
    // The short last row is centred.
    QCOMPARE(rects.at(2), QRect(400, 450, 800, 450));
    for (const QRect &rect : rects)
        QVERIFY(area.contains(rect));
}

void TestGridWindow::arrangeScrollsBelowTheMinimum_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<QSize>("viewport");
    QTest::addColumn<bool>("scrolls");
    QTest::addColumn<int>("columns");

    QTest::newRow("4 in 640x350: fit") << 4 << QSize(640, 350) << false << 2;
    QTest::newRow("24 in 1280x750: fit") << 24 << QSize(1280, 750) << false << 5;
    QTest::newRow("64 in 1920x1030: fit") << 64 << QSize(1920, 1030) << false << 8;
    QTest::newRow("24 in 640x350: scroll") << 24 << QSize(640, 350) << true << 2;
    QTest::newRow("64 in 1280x750: scroll") << 64 << QSize(1280, 750) << true << 5;
    QTest::newRow("3 in 480x150: scroll, one row") << 3 << QSize(480, 150) << true << 2;
}

void TestGridWindow::arrangeScrollsBelowTheMinimum()
{
    QFETCH(int, count);
    QFETCH(QSize, viewport);
    QFETCH(bool, scrolls);
    QFETCH(int, columns);
    const QSize minimum(TileLayout::kMinimumTileWidth, TileLayout::kMinimumTileHeight);
    const TileGrid::Arrangement a = TileGrid::arrange(count, 0, viewport, minimum, 15);
    QCOMPARE(a.scrolls, scrolls);
    QCOMPARE(a.columns, columns);
    QCOMPARE(a.rects.size(), count);
    const QRect content(QPoint(0, 0), a.content);
    for (const QRect &r : a.rects) {
        QVERIFY2(r.width() >= minimum.width() - 1 && r.height() >= minimum.height() - 1,
                 qPrintable(QStringLiteral("%1x%2").arg(r.width()).arg(r.height())));
        QVERIFY(content.contains(r));
    }
    if (scrolls)
        QVERIFY(a.content.width() <= viewport.width() - 15);
    else
        QCOMPARE(a.content, viewport);
}

void TestGridWindow::manyTilesScrollAndFollowTheSelection()
{
    Fixture f;
    f.window->resize(640, 400);
    QVERIFY(f.show());
    for (int i = 0; i < 24; ++i)
        QVERIFY(f.addSilent(QStringLiteral("Farm P1S %1").arg(i + 1)));
    TileGrid *grid = f.window->grid();
    QTRY_VERIFY(grid->isScrolling());
    const QList<PrinterTile *> tiles = grid->tiles();
    for (const PrinterTile *tile : tiles) {
        QVERIFY(tile->width() >= TileLayout::kMinimumTileWidth);
        QVERIFY(tile->height() >= TileLayout::kMinimumTileHeight);
        // The full name is one hover away, whatever the size.
        QVERIFY(tile->toolTip().contains(tile->printer()->name()));
    }
    QVERIFY(!grid->visibleContent().contains(tiles.constLast()->geometry()));

    QTest::mouseClick(tiles.constFirst(), Qt::LeftButton);
    QTest::keyClick(grid, Qt::Key_End);
    QCOMPARE(grid->selectedTile(), tiles.constLast());
    QTRY_VERIFY(grid->visibleContent().contains(tiles.constLast()->geometry()));
    QTest::keyClick(grid, Qt::Key_Home);
    QTRY_VERIFY(grid->visibleContent().contains(tiles.constFirst()->geometry()));

    // A larger window fits them all again.
    f.window->resize(1920, 1080);
    QTRY_VERIFY(!grid->isScrolling());
}

void TestGridWindow::emptyWindowInvites()
{
    Fixture f;
    QVERIFY(f.dir.isValid());
    QVERIFY(f.show());
    QVERIFY(f.window->isShowingEmptyState());
    QVERIFY(f.window->emptyState()->isVisible());
    QVERIFY(!f.window->grid()->isVisible());
    QPushButton *add = f.window->emptyState()->addButton();
    QPushButton *demo = f.window->emptyState()->demoButton();
    QVERIFY(add->isVisible());
    QVERIFY(demo->isVisible());
    QCOMPARE(add->text(), QStringLiteral("Add printer…"));
    QCOMPARE(demo->text(), QStringLiteral("Try the demo"));

    QSignalSpy demoRequests(f.window.get(), &GridWindow::demoRequested);
    QTest::mouseClick(demo, Qt::LeftButton);
    QCOMPARE(demoRequests.size(), 1);

    // Inside the demo, the demo is not offered again.
    f.window->setDemoMode(true);
    QVERIFY(!demo->isVisible());
    QVERIFY(f.window->windowTitle().contains(QStringLiteral("Demo")));
    // Qt adds the display name ("FarmCam") to a title that does not end with it: ending with it,
    // the title names the app once.
    QVERIFY2(f.window->windowTitle().endsWith(QStringLiteral("FarmCam")),
             qPrintable(f.window->windowTitle()));
    QCOMPARE(f.window->windowTitle().count(QStringLiteral("FarmCam")), 1);
}

void TestGridWindow::tilesFollowTheFarm()
{
    Fixture f;
    QVERIFY(f.show());
    Printer *first = f.addSilent(QStringLiteral("First"));
    Printer *second = f.addSilent(QStringLiteral("Second"));
    QVERIFY(first && second);
    QVERIFY(!f.window->isShowingEmptyState());
    QCOMPARE(f.window->tiles().size(), 2);
    QVERIFY(f.window->tile(first));
    QVERIFY(f.window->tile(first)->isVisible());

    QString error;
    QVERIFY2(f.farm->removePrinter(first->id(), &error), qPrintable(error));
    QCOMPARE(f.window->tiles().size(), 1);
    QCOMPARE(f.window->tiles().constFirst()->printer(), second);
    QVERIFY(f.farm->removePrinter(second->id(), &error));
    QVERIFY(f.window->isShowingEmptyState());
}

void TestGridWindow::arrowKeysMoveTheSelection()
{
    Fixture f;
    QVERIFY(f.show());
    for (const char *name : {"A", "B", "C", "D"})
        QVERIFY(f.addSilent(QLatin1String(name)));
    TileGrid *grid = f.window->grid();
    QCOMPARE(grid->columnCount(), 2);
    const QList<PrinterTile *> tiles = grid->tiles();

    QTest::mouseClick(tiles.at(0), Qt::LeftButton);
    QCOMPARE(grid->selectedTile(), tiles.at(0));
    QVERIFY(tiles.at(0)->isSelected());
    QTest::keyClick(grid, Qt::Key_Right);
    QCOMPARE(grid->selectedTile(), tiles.at(1));
    QVERIFY(!tiles.at(0)->isSelected());
    QTest::keyClick(grid, Qt::Key_Down);
    QCOMPARE(grid->selectedTile(), tiles.at(3));
    QTest::keyClick(grid, Qt::Key_Left);
    QCOMPARE(grid->selectedTile(), tiles.at(2));
    QTest::keyClick(grid, Qt::Key_Up);
    QCOMPARE(grid->selectedTile(), tiles.at(0));
    QTest::keyClick(grid, Qt::Key_Up); // stays at the edge
    QCOMPARE(grid->selectedTile(), tiles.at(0));
}

void TestGridWindow::enterAndEscapeToggleSingleView()
{
    Fixture f;
    Printer *live = f.addSimulated(QStringLiteral("Live one"), 10);
    Printer *other = f.addSimulated(QStringLiteral("Other"), 10);
    QVERIFY(live && other);
    QVERIFY(f.show());
    PrinterTile *liveTile = f.window->tile(live);
    PrinterTile *otherTile = f.window->tile(other);
    QTRY_VERIFY_WITH_TIMEOUT(!liveTile->image().isNull(), 10000);
    QVERIFY(liveTile->isDecoding());
    QVERIFY(otherTile->isDecoding());
    const QSize gridSize = liveTile->size();

    QTest::mouseClick(liveTile, Qt::LeftButton);
    QCOMPARE(f.window->grid()->selectedTile(), liveTile);
    QTest::keyClick(f.window->grid(), Qt::Key_Return);
    QCOMPARE(f.window->singleTile(), liveTile);
    QVERIFY(liveTile->isExpanded());
    QVERIFY(liveTile->width() > gridSize.width());
    QVERIFY(f.window->windowTitle().startsWith(QStringLiteral("Live one")));
    // The hidden tile stops decoding; its camera keeps streaming for snapshots.
    QVERIFY(!otherTile->isVisible());
    QVERIFY(!otherTile->isDecoding());
    QCOMPARE(other->frames()->activeSubscriptionCount(), 0);
    QCOMPARE(live->frames()->activeSubscriptionCount(), 1);
    QCOMPARE(liveTile->decodeSize(),
             liveTile->pictureRect().size() * liveTile->devicePixelRatioF());

    QTest::keyClick(f.window->grid(), Qt::Key_Escape);
    QCOMPARE(f.window->singleTile(), nullptr);
    QVERIFY(!liveTile->isExpanded());
    QVERIFY(otherTile->isVisible());
    QVERIFY(otherTile->isDecoding());
    QCOMPARE(liveTile->size(), gridSize);

    // Double-click opens the single view too, and the tile's own button goes back.
    QTest::mouseDClick(otherTile, Qt::LeftButton);
    QCOMPARE(f.window->singleTile(), otherTile);
    auto *back = otherTile->findChild<QToolButton *>(QStringLiteral("fullViewButton"));
    QVERIFY(back->isVisible());
    QTest::mouseClick(back, Qt::LeftButton);
    QCOMPARE(f.window->singleTile(), nullptr);
}

void TestGridWindow::snapshotButtonWritesTheOriginalBytes()
{
    Fixture f;
    Printer *printer = f.addSimulated(QStringLiteral("P1S Workshop"), 2);
    QVERIFY(printer);
    QVERIFY(f.show());
    PrinterTile *tile = f.window->tile(printer);
    QTRY_VERIFY_WITH_TIMEOUT(!tile->image().isNull(), 10000);

    QTest::mouseClick(tile, Qt::LeftButton); // select: its buttons show
    auto *button = tile->findChild<QToolButton *>(QStringLiteral("snapshotButton"));
    QVERIFY(button);
    QVERIFY(button->isVisible());

    QSignalSpy saved(f.window.get(), &GridWindow::snapshotSaved);
    const QByteArray expected = printer->frames()->latest().encoded();
    QVERIFY(!expected.isEmpty());
    QTest::mouseClick(button, Qt::LeftButton);
    QTRY_COMPARE(saved.size(), 1); // written on a worker, off the GUI thread
    const QString first = saved.at(0).first().toString();
    QCOMPARE(readAll(first), expected);
    const QRegularExpression name(
        QStringLiteral("/shots/P1S Workshop/P1S Workshop_\\d{8}-\\d{6}\\.jpg$"));
    QVERIFY2(name.match(first).hasMatch(), qPrintable(first));
    QTRY_VERIFY2(f.window->statusMessage().contains(QStringLiteral("Saved")),
                 qPrintable(f.window->statusMessage()));

    // The same picture again, within the same second: a new name, the first file untouched.
    QTest::mouseClick(button, Qt::LeftButton);
    QTRY_COMPARE(saved.size(), 2);
    const QString second = saved.at(1).first().toString();
    QVERIFY(second != first);
    QCOMPARE(readAll(second), expected);
    QCOMPARE(readAll(first), expected);
    QCOMPARE(f.snapshotFiles().size(), 2);

    // Ctrl+S saves the selected tile's picture the same way.
    QTest::keyClick(f.window->grid(), Qt::Key_S, Qt::ControlModifier);
    QTRY_COMPARE(saved.size(), 3);
}

void TestGridWindow::unwritableFolderReportsAndWritesNothing()
{
    Fixture f;
    // A folder beneath a regular file cannot be created, not even by root.
    const QString blocker = f.dir.filePath(QStringLiteral("not-a-folder"));
    {
        QFile file(blocker);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("x");
    }
    f.settings->setValue(AppSettings::Key::SnapshotFolder, blocker + QStringLiteral("/shots"));
    Printer *printer = f.addSimulated(QStringLiteral("Garage"), 5);
    QVERIFY(printer);
    QVERIFY(f.show());
    PrinterTile *tile = f.window->tile(printer);
    QTRY_VERIFY_WITH_TIMEOUT(!printer->frames()->latest().encoded().isEmpty(), 10000);
    const QStringList before = f.snapshotFiles();

    QTest::mouseClick(tile, Qt::LeftButton);
    auto *button = tile->findChild<QToolButton *>(QStringLiteral("snapshotButton"));
    QSignalSpy saved(f.window.get(), &GridWindow::snapshotSaved);
    QSignalSpy failed(f.window.get(), &GridWindow::snapshotFailed);
    QTest::mouseClick(button, Qt::LeftButton);
    QTRY_COMPARE(failed.size(), 1);
    QCOMPARE(saved.size(), 0);
    QVERIFY(!failed.first().first().toString().isEmpty());
    QTRY_VERIFY2(f.window->statusMessage().contains(QStringLiteral("failed")),
                 qPrintable(f.window->statusMessage()));
    auto *box = f.window->findChild<QMessageBox *>(QStringLiteral("errorMessageBox"));
    QVERIFY(box);
    QTRY_VERIFY(box->isVisible());
    QVERIFY(box->text().contains(QStringLiteral("Garage")));
    box->accept();
    QCOMPARE(f.snapshotFiles(), before); // nothing written, not even partly
}

void TestGridWindow::reconnectNowRedialsAStreamingCamera()
{
    // Ctrl+R must really drop and redial a camera that streams (or looks like it does), once,
    // and never hold two of the printer's two camera places.
    Fixture f;
    Printer *printer = f.addSimulated(QStringLiteral("Redial P1S"), 10);
    QVERIFY(printer);
    PrinterSimulator *simulator = f.simulators.constLast().get();
    QSignalSpy logins(simulator, &PrinterSimulator::clientAuthenticated);
    QSignalSpy clients(simulator, &PrinterSimulator::clientCountChanged);
    QVERIFY(f.show());
    QTRY_COMPARE_WITH_TIMEOUT(printer->camera()->state(), CameraSource::State::Up, 10000);
    QCOMPARE(logins.size(), 1);
    QTest::mouseClick(f.window->tile(printer), Qt::LeftButton); // select it

    QTest::keyClick(f.window->grid(), Qt::Key_R, Qt::ControlModifier);
    QTest::keyClick(f.window->grid(), Qt::Key_R, Qt::ControlModifier); // impatient: still once
    QTRY_COMPARE_WITH_TIMEOUT(logins.size(), 2, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(printer->camera()->state(), CameraSource::State::Up, 10000);
    QCOMPARE(printer->camera()->stats().reconnects, quint64(1));
    for (const QList<QVariant> &count : std::as_const(clients))
        QVERIFY2(count.first().toInt() <= 1, "two connections to one printer at once");
}

void TestGridWindow::snapshotWithoutPictureSaysSo()
{
    Fixture f;
    Printer *printer = f.addSilent(QStringLiteral("Silent"));
    QVERIFY(printer);
    QVERIFY(f.show());
    QSignalSpy failed(f.window.get(), &GridWindow::snapshotFailed);
    QVERIFY(f.window->snapshot(printer) > 0);
    QTRY_COMPARE(failed.size(), 1);
    QVERIFY2(f.window->statusMessage().contains(QStringLiteral("No picture")),
             qPrintable(f.window->statusMessage()));
    QVERIFY(!f.window->findChild<QMessageBox *>()); // not an error worth a dialog
    QVERIFY(f.snapshotFiles().isEmpty());
}

void TestGridWindow::snapshotAllSavesEveryPicture()
{
    Fixture f;
    Printer *a = f.addSimulated(QStringLiteral("Alpha"), 5);
    Printer *b = f.addSimulated(QStringLiteral("Beta"), 5);
    Printer *silent = f.addSilent(QStringLiteral("Gamma"));
    QVERIFY(a && b && silent);
    QVERIFY(f.show());
    QTRY_VERIFY_WITH_TIMEOUT(!a->frames()->latest().encoded().isEmpty()
                                 && !b->frames()->latest().encoded().isEmpty(),
                             10000);
    QSignalSpy saved(f.window.get(), &GridWindow::snapshotSaved);
    f.window->snapshotAll();
    QTRY_COMPARE(saved.size(), 2);
    QTRY_VERIFY2(f.window->statusMessage().contains(QStringLiteral("Saved 2 snapshots")),
                 qPrintable(f.window->statusMessage()));
    QCOMPARE(f.snapshotFiles().size(), 2);
    QVERIFY(f.window->statusMessage().contains(QStringLiteral("Gamma")));
}

void TestGridWindow::fixedColumnsFromSettings()
{
    Fixture f;
    QVERIFY(f.show());
    for (const char *name : {"A", "B", "C", "D"})
        QVERIFY(f.addSilent(QLatin1String(name)));
    QCOMPARE(f.window->grid()->columnCount(), 2);
    // Three: the window fits the offscreen screen (800x800), too narrow for four tiles abreast.
    f.settings->setValue(AppSettings::Key::GridColumns, 3);
    QCOMPARE(f.window->grid()->columnCount(), 3);
    const QList<PrinterTile *> tiles = f.window->tiles();
    QCOMPARE(tiles.at(0)->y(), tiles.at(2)->y()); // one row of three
    QVERIFY(tiles.at(3)->y() > tiles.at(0)->y());
    f.settings->setValue(AppSettings::Key::GridColumns, 0);
    QCOMPARE(f.window->grid()->columnCount(), 2);
}

void TestGridWindow::editGoesThroughTheDialog()
{
    Fixture f;
    QVERIFY(f.show());
    Printer *printer = f.addSilent(QStringLiteral("Old name"));
    QVERIFY(printer);
    QTest::mouseClick(f.window->tile(printer), Qt::LeftButton);

    // The dialog is modal: answer it from the event loop it runs.
    bool seen = false;
    QTimer::singleShot(0, this, [&] {
        auto *dialog = qobject_cast<PrinterDialog *>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        seen = true;
        QVERIFY(dialog->isEditMode());
        PrinterConfig config = dialog->config();
        QCOMPARE(config.name, QStringLiteral("Old name"));
        QCOMPARE(dialog->accessCode(), kCode);
        config.name = QStringLiteral("New name");
        dialog->setConfig(config, kCode);
        dialog->accept();
    });
    f.window->editPrinter(printer);
    QVERIFY(seen);
    QCOMPARE(printer->name(), QStringLiteral("New name"));
    QVERIFY2(f.window->statusMessage().contains(QStringLiteral("New name")),
             qPrintable(f.window->statusMessage()));
    QVERIFY(f.window->tile(printer)->toolTip().contains(QStringLiteral("New name")));
}

void TestGridWindow::addingAPrinterTwiceOffersToEditIt()
{
    Fixture f;
    QVERIFY(f.show());
    Printer *printer = f.addSilent(QStringLiteral("Garage"));
    QVERIFY(printer);

    // The dialog is modal: answer it from the event loop it runs. First Add, then Edit.
    QStringList seen;
    std::function<void()> answer;
    answer = [&] {
        auto *dialog = qobject_cast<PrinterDialog *>(QApplication::activeModalWidget());
        if (!dialog) { // between the two dialogs
            QTimer::singleShot(0, this, answer);
            return;
        }
        if (!dialog->isEditMode()) {
            seen << QStringLiteral("add");
            // The port first: the address typed last makes the dialog look again.
            dialog->findChild<QSpinBox *>(QStringLiteral("portSpin"))
                ->setValue(printer->config().port);
            dialog->findChild<QLineEdit *>(QStringLiteral("hostEdit"))
                ->setText(printer->config().host);
            auto *edit = dialog->findChild<QPushButton *>(QStringLiteral("editExistingButton"));
            if (!edit || !edit->isVisible() || dialog->existingPrinterId() != printer->id()) {
                dialog->reject(); // not offered: `seen` says so below
                return;
            }
            QTimer::singleShot(0, this, answer); // the edit dialog comes next
            edit->click();
            return;
        }
        if (dialog->config().id == printer->id())
            seen << QStringLiteral("edit");
        dialog->reject();
    };
    QTimer::singleShot(0, this, answer);
    f.window->addPrinter();
    QCOMPARE(seen, QStringList({QStringLiteral("add"), QStringLiteral("edit")}));
    QCOMPARE(f.farm->printers().size(), 1);
}

void TestGridWindow::removeAsksFirst()
{
    Fixture f;
    QVERIFY(f.show());
    Printer *printer = f.addSilent(QStringLiteral("Doomed"));
    QVERIFY(printer);
    const QUuid id = printer->id();

    auto answer = [this](QMessageBox::StandardButton button, bool *seen) {
        QTimer::singleShot(0, this, [button, seen] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            QVERIFY(box);
            *seen = true;
            QVERIFY(box->text().contains(QStringLiteral("Doomed")));
            if (button == QMessageBox::Cancel) {
                box->reject();
            } else {
                const QList<QAbstractButton *> buttons = box->buttons();
                for (QAbstractButton *b : buttons) {
                    if (box->buttonRole(b) == QMessageBox::DestructiveRole)
                        b->click();
                }
            }
        });
    };

    bool seen = false;
    answer(QMessageBox::Cancel, &seen);
    f.window->removePrinter(printer);
    QVERIFY(seen);
    QVERIFY(f.farm->printer(id)); // still there

    seen = false;
    answer(QMessageBox::Ok, &seen);
    f.window->removePrinter(printer);
    QVERIFY(seen);
    QVERIFY(!f.farm->printer(id));
    QVERIFY(f.window->isShowingEmptyState());
}

void TestGridWindow::changedCertificateIsReviewedFromTheTile()
{
    Fixture f;
    QVERIFY(f.show());
    // Pinned to some other certificate: what a replaced printer (or an impostor) looks like.
    Printer *printer = f.addSimulated(QStringLiteral("Swapped"), 5, QString(64, QLatin1Char('c')));
    QVERIFY(printer);
    PrinterTile *tile = f.window->tile(printer);
    QTRY_COMPARE_WITH_TIMEOUT(printer->camera()->lastFailure(),
                              CameraSource::Failure::CertificateMismatch, 15000);
    auto *action = tile->findChild<QPushButton *>(QStringLiteral("actionButton"));
    QVERIFY(action);
    QTRY_VERIFY_WITH_TIMEOUT(action->isVisible(), 15000);
    QCOMPARE(action->text(), QStringLiteral("Review certificate…"));

    // Answer the modal box from its own event loop; poll until it is up, so that the answer can
    // neither come too early nor leave the box open (which would hang the test).
    bool seen = false;
    bool fingerprintsShown = false;
    QTimer answer;
    answer.setInterval(10);
    connect(&answer, &QTimer::timeout, this, [&] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box)
            return;
        answer.stop();
        seen = true;
        // Both fingerprints are shown, for the user to compare.
        fingerprintsShown = box->informativeText().contains(QString(2, QLatin1Char('C')))
            && box->informativeText().contains(printer->camera()->peerCertificateFingerprint());
        const QList<QAbstractButton *> buttons = box->buttons();
        for (QAbstractButton *button : buttons) {
            if (box->buttonRole(button) == QMessageBox::AcceptRole)
                button->click();
        }
    });
    answer.start();
    QTest::mouseClick(action, Qt::LeftButton);
    QVERIFY(seen);
    QTRY_COMPARE_WITH_TIMEOUT(printer->camera()->state(), CameraSource::State::Up, 15000);
    QCOMPARE(printer->config().certificateFingerprint,
             printer->camera()->peerCertificateFingerprint());
}

void TestGridWindow::sortByStatePutsProblemsFirst()
{
    Fixture f;
    QVERIFY(f.show());
    QHash<QString, Printer *> printers;
    for (const char *name : {"A", "B", "C", "D", "E"}) {
        printers.insert(QLatin1String(name), f.addSilent(QLatin1String(name)));
        QVERIFY(printers.value(QLatin1String(name)));
    }
    // Cameras stopped: no camera trouble; the print states decide.
    f.farm->stopAll();
    // As the printers' status connections report it (the tiles follow their printers).
    emit printers.value(QStringLiteral("A"))->printStatusChanged(statusOf(PrintState::Printing));
    emit printers.value(QStringLiteral("B"))->printStatusChanged(statusOf(PrintState::Idle));
    emit printers.value(QStringLiteral("C"))->printStatusChanged(statusOf(PrintState::Failed));
    emit printers.value(QStringLiteral("D"))->printStatusChanged(statusOf(PrintState::Finished));
    // E: no status at all.
    QCOMPARE(f.window->tile(printers.value(QStringLiteral("C")))->printStatus().state,
             PrintState::Failed);
    const QStringList user{QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("C"),
                           QStringLiteral("D"), QStringLiteral("E")};
    QCOMPARE(tileNames(*f.window), user);

    auto *action = f.window->findChild<QAction *>(QStringLiteral("sortByStateAction"));
    QVERIFY(action);
    QVERIFY(action->isCheckable());
    QVERIFY(!action->isChecked());
    PrinterTile *selected = f.window->tile(printers.value(QStringLiteral("B")));
    f.window->grid()->setSelectedTile(selected);

    action->trigger(); // sorted at once: the user asked
    QVERIFY(f.settings->sortByState());
    QCOMPARE(tileNames(*f.window),
             QStringList({QStringLiteral("C"), QStringLiteral("D"), QStringLiteral("A"),
                          QStringLiteral("B"), QStringLiteral("E")}));
    QCOMPARE(f.window->grid()->selectedTile(), selected); // the selection moves with its tile
    // The grid's geometry follows the order: the failed print is in the top-left cell.
    QTRY_COMPARE(f.window->tile(printers.value(QStringLiteral("C")))->pos(),
                 f.window->grid()->tiles().constFirst()->pos());

    // A rank change re-sorts, but not on the spot: tiles never jump more than once a second.
    emit printers.value(QStringLiteral("A"))
        ->printStatusChanged(statusOf(PrintState::Paused, 0x0300800C));
    QCOMPARE(tileNames(*f.window).constFirst(), QStringLiteral("C"));
    QCOMPARE(tileNames(*f.window).at(2), QStringLiteral("A"));
    QTRY_COMPARE_WITH_TIMEOUT(
        tileNames(*f.window),
        QStringList({QStringLiteral("C"), QStringLiteral("A"), QStringLiteral("D"),
                     QStringLiteral("B"), QStringLiteral("E")}),
        10000);

    // A printer's camera in trouble: its camera finds nothing listening and fails.
    printers.value(QStringLiteral("B"))->camera()->start();
    QTRY_COMPARE_WITH_TIMEOUT(
        tileNames(*f.window),
        QStringList({QStringLiteral("C"), QStringLiteral("A"), QStringLiteral("B"),
                     QStringLiteral("D"), QStringLiteral("E")}),
        10000);
    // A status connection in trouble: the same rank, the user's order among equals.
    emit printers.value(QStringLiteral("E"))
        ->statusProblemChanged(QStringLiteral("Status: access code rejected"));
    QCOMPARE(f.window->tile(printers.value(QStringLiteral("E")))->statusProblem(),
             QStringLiteral("Status: access code rejected"));
    QTRY_COMPARE_WITH_TIMEOUT(
        tileNames(*f.window),
        QStringList({QStringLiteral("C"), QStringLiteral("A"), QStringLiteral("B"),
                     QStringLiteral("E"), QStringLiteral("D")}),
        10000);

    // Off: the user's own order is back, at once.
    action->trigger();
    QVERIFY(!f.settings->sortByState());
    QCOMPARE(tileNames(*f.window), user);
    // ...and stays while ranks keep changing.
    emit printers.value(QStringLiteral("D"))->printStatusChanged(statusOf(PrintState::Failed));
    QCOMPARE(tileNames(*f.window), user);

    // A reordered farm (the user's order changed) is followed, sorted or not.
    QList<QUuid> reversed;
    for (auto it = user.crbegin(); it != user.crend(); ++it)
        reversed << printers.value(*it)->id();
    f.farm->setOrder(reversed);
    QCOMPARE(tileNames(*f.window),
             QStringList({QStringLiteral("E"), QStringLiteral("D"), QStringLiteral("C"),
                          QStringLiteral("B"), QStringLiteral("A")}));
    action->trigger();
    // Failed D and C in the user's (now reversed) order, then A paused for an error, the
    // troubled E and B.
    QCOMPARE(tileNames(*f.window),
             QStringList({QStringLiteral("D"), QStringLiteral("C"), QStringLiteral("A"),
                          QStringLiteral("E"), QStringLiteral("B")}));
}

void TestGridWindow::sortByStateIsRememberedAndHasAShortcut()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("farmcam.conf"));
    {
        AppSettings settings(path);
        MemoryCredentialStore credentials;
        PrinterFarm farm(&settings, &credentials);
        farm.setPersistent(false);
        GridWindow window(&farm, &settings);
        window.resize(800, 500);
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        PrinterConfig config;
        config.host = QStringLiteral("127.0.0.1");
        config.port = 9;
        QString error;
        config.name = QStringLiteral("Idle one");
        QVERIFY2(farm.addPrinter(config, kCode, &error), qPrintable(error));
        config.name = QStringLiteral("Failed one");
        config.host = QStringLiteral("127.0.0.2"); // another camera
        Printer *failed = farm.addPrinter(config, kCode, &error);
        QVERIFY2(failed, qPrintable(error));
        farm.stopAll();
        window.tile(failed)->setPrintStatus(statusOf(PrintState::Failed));

        auto *action = window.findChild<QAction *>(QStringLiteral("sortByStateAction"));
        QVERIFY(action);
        QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
        // No other action of the window has the same shortcut.
        const QList<QAction *> actions = window.findChildren<QAction *>();
        for (const QAction *other : actions) {
            if (other != action)
                QVERIFY2(other->shortcut() != action->shortcut(), qPrintable(other->text()));
        }
        QTest::keyClick(&window, Qt::Key_P, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(action->isChecked());
        QVERIFY(settings.sortByState());
        QCOMPARE(tileNames(window),
                 QStringList({QStringLiteral("Failed one"), QStringLiteral("Idle one")}));
        QVERIFY2(settings.sync(&error), qPrintable(error));
    }

    // The next start reads it back: the menu item is checked.
    AppSettings settings(path);
    QVERIFY(settings.sortByState());
    MemoryCredentialStore credentials;
    PrinterFarm farm(&settings, &credentials);
    farm.setPersistent(false);
    GridWindow window(&farm, &settings);
    auto *action = window.findChild<QAction *>(QStringLiteral("sortByStateAction"));
    QVERIFY(action);
    QVERIFY(action->isChecked());
    action->trigger();
    QVERIFY(!settings.sortByState());
}

// Printer › Record (Ctrl+Shift+R) starts and stops recording the selected printer; its tile
// shows REC meanwhile, and the recording is a finished file afterwards.
void TestGridWindow::recordActionRecordsTheSelectedPrinter()
{
    Fixture f;
    f.settings->setValue(AppSettings::Key::RecordingsFolder, f.dir.filePath(QStringLiteral("rec")));
    FarmRecorder recorder(f.farm.get(), f.settings.get());
    recorder.setFreeSpaceFunction([](const QString &) { return 1LL << 40; });
    recorder.start();
    f.window->setRecorder(&recorder);
    auto *action = f.window->findChild<QAction *>(QStringLiteral("recordAction"));
    QVERIFY(action);
    QVERIFY(action->isVisible());
    QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    QVERIFY(!action->isEnabled()); // nothing selected

    Printer *printer = f.addSimulated(QStringLiteral("Bay 1"));
    QVERIFY(printer);
    PrinterTile *tile = f.window->tile(printer);
    QVERIFY(tile);
    f.window->grid()->setSelectedTile(tile);
    QVERIFY(action->isEnabled());
    action->trigger();
    QVERIFY(recorder.isRecording(printer));
    QVERIFY(tile->isRecording());
    QVERIFY(action->isChecked());
    QCOMPARE(tile->recordingBadgeText(), QStringLiteral("● REC"));
    QTRY_VERIFY(!recorder.segmentRecorder(printer)->currentPath().isEmpty());
    const QString segment = recorder.segmentRecorder(printer)->currentPath();

    action->trigger();
    QVERIFY(!recorder.isRecording(printer));
    QVERIFY(!tile->isRecording());
    QVERIFY(!action->isChecked());
    // Finished on the recorder's disk thread, a moment after the stop.
    QTRY_VERIFY2(QFileInfo(segment).size() > 0, qPrintable(segment));
    f.window->setRecorder(nullptr);
}

// Printer › Start timelapse on a simulated printer whose status never comes (no MQTT): the tile
// shows it capturing, the action and the tile's menu offer Finish, and the video is made. While
// the timelapse of a print is captured, neither menu offers to start one.
void TestGridWindow::timelapseByHandFromTheMenus()
{
    Fixture f;
    f.settings->setValue(AppSettings::Key::RecordingsFolder, f.dir.filePath(QStringLiteral("rec")));
    f.settings->setValue(AppSettings::Key::TimelapseIntervalSeconds, 1);
    FarmRecorder recorder(f.farm.get(), f.settings.get());
    recorder.setFreeSpaceFunction([](const QString &) { return 1LL << 40; });
    recorder.start();
    f.window->setRecorder(&recorder);
    auto *action = f.window->findChild<QAction *>(QStringLiteral("timelapseAction"));
    QVERIFY(action);
    QVERIFY(action->isVisible());
    QVERIFY(!action->isEnabled()); // nothing selected

    Printer *printer = f.addSimulated(QStringLiteral("Bay 2"), 10);
    QVERIFY(printer);
    PrinterTile *tile = f.window->tile(printer);
    QVERIFY(tile);
    f.window->grid()->setSelectedTile(tile);
    QVERIFY(action->isEnabled());
    QCOMPARE(action->text(), QStringLiteral("Start time&lapse"));
    {
        std::unique_ptr<QMenu> menu(f.window->createTileMenu(tile));
        auto *item = menu->findChild<QAction *>(QStringLiteral("tileTimelapseAction"));
        QVERIFY(item);
        QVERIFY(item->isEnabled());
        QCOMPARE(item->text(), QStringLiteral("Start time&lapse"));
        item->trigger(); // started from the tile's menu
    }
    QVERIFY(recorder.isTimelapseByHand(printer));
    QCOMPARE(action->text(), QStringLiteral("Finish time&lapse"));
    QVERIFY(action->isEnabled());
    QVERIFY(tile->recordingBadgeText().startsWith(QStringLiteral("● Timelapse")));
    // The simulator's pictures come in: the tile counts them.
    QTRY_VERIFY_WITH_TIMEOUT(recorder.timelapseRecorder(printer)->frameCount() >= 2, 20000);
    QTRY_VERIFY(tile->recordingBadgeText().endsWith(
        QStringLiteral("%1 frames").arg(recorder.timelapseRecorder(printer)->frameCount())));
    {
        std::unique_ptr<QMenu> menu(f.window->createTileMenu(tile));
        auto *item = menu->findChild<QAction *>(QStringLiteral("tileTimelapseAction"));
        QVERIFY(item);
        QCOMPARE(item->text(), QStringLiteral("Finish time&lapse"));
    }

    QSignalSpy finished(&recorder, &FarmRecorder::timelapseFinished);
    action->trigger(); // finished from the Printer menu
    QVERIFY(!recorder.isTimelapseByHand(printer));
    QVERIFY(!tile->recordingBadgeText().contains(QStringLiteral("● Timelapse")));
    QCOMPARE(action->text(), QStringLiteral("Start time&lapse"));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
    QVERIFY2(QFileInfo(finished.at(0).at(2).toString()).size() > 0,
             qPrintable(finished.at(0).at(2).toString()));

    // A print's own timelapse: nothing to start by hand meanwhile.
    PrintStatus printing;
    printing.state = PrintState::Printing;
    printing.jobName = QStringLiteral("benchy.3mf");
    printing.layer = 1;
    emit printer->printStatusChanged(printing);
    QCOMPARE(recorder.timelapseRecorder(printer)->state(), TimelapseRecorder::State::Capturing);
    QVERIFY(!action->isEnabled());
    QCOMPARE(action->text(), QStringLiteral("Start time&lapse"));
    QVERIFY(!action->statusTip().isEmpty()); // says why
    std::unique_ptr<QMenu> menu(f.window->createTileMenu(tile));
    auto *item = menu->findChild<QAction *>(QStringLiteral("tileTimelapseAction"));
    QVERIFY(item);
    QVERIFY(!item->isEnabled());
    // The print's timelapse is not shown as one by hand.
    QVERIFY(!tile->recordingBadgeText().contains(QStringLiteral("● Timelapse")));
    f.window->setRecorder(nullptr);
}

void TestGridWindow::sortByStateWaitsForAStateToHold()
{
    Fixture f;
    // The clock is the test's: it moves only when the test says so.
    std::chrono::steady_clock::time_point now;
    f.window->setSortTiming(std::chrono::seconds(10), [&now] { return now; });
    QVERIFY(f.show());
    QHash<QString, Printer *> printers;
    for (const char *name : {"A", "B", "C"}) {
        printers.insert(QLatin1String(name), f.addSilent(QLatin1String(name)));
        QVERIFY(printers.value(QLatin1String(name)));
    }
    f.farm->stopAll(); // no camera trouble: the print states decide
    const auto report = [&printers](const char *name, PrintState state) {
        emit printers.value(QLatin1String(name))->printStatusChanged(statusOf(state));
    };
    report("A", PrintState::Printing);
    report("B", PrintState::Printing);
    report("C", PrintState::Idle);
    auto *action = f.window->findChild<QAction *>(QStringLiteral("sortByStateAction"));
    QVERIFY(action);
    action->trigger();
    const QStringList start{QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("C")};
    QCOMPARE(tileNames(*f.window), start);
    PrinterTile *selected = f.window->tile(printers.value(QStringLiteral("B")));
    f.window->grid()->setSelectedTile(selected);
    auto *sortTimer = f.window->findChild<QTimer *>(QStringLiteral("sortTimer"));
    QVERIFY(sortTimer);
    QSignalSpy looked(sortTimer, &QTimer::timeout);
    // Lets the grid look at the ranks once more (its timer's next round), then says what it shows.
    const auto nextLook = [&]() {
        const qsizetype before = looked.count();
        return QTest::qWaitFor([&] { return looked.count() > before; }, 10000);
    };

    // B's print finishes and its printer flaps between Finished and Printing: nothing moves.
    report("B", PrintState::Finished);
    QVERIFY(nextLook());
    QCOMPARE(tileNames(*f.window), start);
    now += std::chrono::seconds(5);
    report("B", PrintState::Printing);
    now += std::chrono::seconds(6);
    report("B", PrintState::Finished);
    now += std::chrono::seconds(9); // 20 s since the first change, 9 s since the last
    QVERIFY(nextLook());
    QCOMPARE(tileNames(*f.window), start);
    // Held for 10 s: B moves ahead (a finished print comes before one on its way), once.
    now += std::chrono::seconds(1);
    QTRY_COMPARE_WITH_TIMEOUT(
        tileNames(*f.window),
        QStringList({QStringLiteral("B"), QStringLiteral("A"), QStringLiteral("C")}), 10000);
    QCOMPARE(f.window->grid()->selectedTile(), selected); // the selection stays on its printer

    // A failed print never waits behind a printer that is fine: C is first in the next round,
    // with no time passing.
    report("C", PrintState::Failed);
    QTRY_COMPARE_WITH_TIMEOUT(
        tileNames(*f.window),
        QStringList({QStringLiteral("C"), QStringLiteral("B"), QStringLiteral("A")}), 10000);
    // Taken off the plate and idle again: C stays first until that has held for 10 s.
    report("C", PrintState::Idle);
    QVERIFY(nextLook());
    QCOMPARE(tileNames(*f.window).constFirst(), QStringLiteral("C"));
    now += std::chrono::seconds(10);
    QTRY_COMPARE_WITH_TIMEOUT(
        tileNames(*f.window),
        QStringList({QStringLiteral("B"), QStringLiteral("A"), QStringLiteral("C")}), 10000);
    QCOMPARE(f.window->grid()->selectedTile(), selected);
}

void TestGridWindow::keysMoveTheSelectedPrinter_data()
{
    QTest::addColumn<QString>("selected");
    QTest::addColumn<int>("key");
    QTest::addColumn<QStringList>("order");

    QTest::newRow("right") << QStringLiteral("B") << int(Qt::Key_Right)
                           << QStringList({QStringLiteral("A"), QStringLiteral("C"),
                                           QStringLiteral("B"), QStringLiteral("D")});
    QTest::newRow("left") << QStringLiteral("B") << int(Qt::Key_Left)
                          << QStringList({QStringLiteral("B"), QStringLiteral("A"),
                                          QStringLiteral("C"), QStringLiteral("D")});
    QTest::newRow("left at the start stays")
        << QStringLiteral("A") << int(Qt::Key_Left)
        << QStringList({QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("C"),
                        QStringLiteral("D")});
    QTest::newRow("right at the end stays")
        << QStringLiteral("D") << int(Qt::Key_Right)
        << QStringList({QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("C"),
                        QStringLiteral("D")});
}

void TestGridWindow::keysMoveTheSelectedPrinter()
{
    QFETCH(QString, selected);
    QFETCH(int, key);
    QFETCH(QStringList, order);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("farmcam.conf"));
    {
        // Saved, as the app does: the order must be there after a restart.
        AppSettings settings(path);
        MemoryCredentialStore credentials;
        PrinterFarm farm(&settings, &credentials);
        GridWindow window(&farm, &settings);
        window.resize(1000, 600);
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QString error;
        int address = 2;
        for (const char *name : {"A", "B", "C", "D"}) {
            PrinterConfig config;
            config.name = QLatin1String(name);
            config.host = QStringLiteral("127.0.0.%1").arg(address++);
            config.port = 9;
            QVERIFY2(farm.addPrinter(config, kCode, &error), qPrintable(error));
        }
        farm.stopAll();
        PrinterTile *tile = nullptr;
        for (PrinterTile *candidate : window.tiles()) {
            if (candidate->printer()->name() == selected)
                tile = candidate;
        }
        QVERIFY(tile);
        QTest::mouseClick(tile, Qt::LeftButton);
        QTest::keyClick(window.grid(), Qt::Key(key), Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(tileNames(window), order);
        QCOMPARE(window.grid()->selectedTile(), tile); // the selection moved with it
        QCOMPARE(window.grid()->tiles().indexOf(tile), order.indexOf(selected));

        // The shortcuts are the window's own: no other action has them.
        const QList<QAction *> actions = window.findChildren<QAction *>();
        for (const char *name : {"moveLeftAction", "moveRightAction"}) {
            auto *move = window.findChild<QAction *>(QLatin1String(name));
            QVERIFY(move);
            for (const QAction *other : actions) {
                if (other != move)
                    QVERIFY2(other->shortcut() != move->shortcut(), qPrintable(other->text()));
            }
        }
    }
    // After a restart, the printers come in that order.
    QStringList saved;
    const QList<PrinterConfig> printers = AppSettings(path).printers();
    for (const PrinterConfig &config : printers)
        saved << config.name;
    QCOMPARE(saved, order);
}

void TestGridWindow::droppedTileTakesThePlace()
{
    Fixture f;
    QVERIFY(f.show());
    for (const char *name : {"A", "B", "C", "D"})
        QVERIFY(f.addSilent(QLatin1String(name)));
    f.farm->stopAll();
    TileGrid *grid = f.window->grid();
    const QList<PrinterTile *> tiles = grid->tiles();
    grid->setSelectedTile(tiles.at(0));

    // A drags over C and is dropped there (the events a drag brings, as the platform sends them;
    // QDrag::exec itself needs a real display).
    std::unique_ptr<QMimeData> mime(TileGrid::mimeDataFor(tiles.at(0)));
    const QPointF over = tiles.at(2)->geometry().center();
    QDragEnterEvent enter(over.toPoint(), Qt::MoveAction, mime.get(), Qt::LeftButton,
                          Qt::NoModifier);
    QApplication::sendEvent(grid, &enter);
    QVERIFY(enter.isAccepted());
    QDragMoveEvent move(over.toPoint(), Qt::MoveAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(grid, &move);
    QVERIFY(move.isAccepted());
    auto *marker = grid->findChild<QFrame *>(QStringLiteral("dropMarker"));
    QVERIFY(marker && marker->isVisible());
    QVERIFY(marker->geometry().contains(tiles.at(2)->geometry()));
    QDropEvent drop(over, Qt::MoveAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(grid, &drop);
    QVERIFY(drop.isAccepted());
    QVERIFY(!marker->isVisible());
    QCOMPARE(tileNames(*f.window),
             QStringList({QStringLiteral("B"), QStringLiteral("C"), QStringLiteral("A"),
                          QStringLiteral("D")}));
    QCOMPARE(grid->selectedTile(), tiles.at(0));

    // What another FarmCam (another process) drags is not ours to take.
    auto foreign = std::make_unique<QMimeData>();
    foreign->setData(QLatin1String(TileGrid::kTileMimeType),
                     QByteArray::number(QCoreApplication::applicationPid() + 1) + ' '
                         + tiles.at(3)->printer()->id().toByteArray());
    QDragEnterEvent stranger(over.toPoint(), Qt::MoveAction, foreign.get(), Qt::LeftButton,
                             Qt::NoModifier);
    QApplication::sendEvent(grid, &stranger);
    QVERIFY(!stranger.isAccepted());
}

void TestGridWindow::noReorderingWhileSorted()
{
    Fixture f;
    QVERIFY(f.show());
    for (const char *name : {"A", "B", "C"})
        QVERIFY(f.addSilent(QLatin1String(name)));
    f.farm->stopAll();
    f.settings->setValue(AppSettings::Key::SortByState, true);
    const QStringList before = tileNames(*f.window);
    TileGrid *grid = f.window->grid();
    QVERIFY(!grid->isReorderingEnabled());
    PrinterTile *first = grid->tiles().constFirst();
    grid->setSelectedTile(first);

    // The keys say why nothing moves.
    QTest::keyClick(grid, Qt::Key_Right, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(tileNames(*f.window), before);
    QVERIFY2(f.window->statusMessage().contains(QStringLiteral("Sort by State off")),
             qPrintable(f.window->statusMessage()));
    // A drop is not taken either.
    std::unique_ptr<QMimeData> mime(TileGrid::mimeDataFor(first));
    QDragEnterEvent enter(grid->tiles().constLast()->geometry().center(), Qt::MoveAction,
                          mime.get(), Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(grid, &enter);
    QVERIFY(!enter.isAccepted());

    // Sorting off: the user's order, and the tiles move again.
    f.settings->setValue(AppSettings::Key::SortByState, false);
    QVERIFY(grid->isReorderingEnabled());
    QTest::keyClick(grid, Qt::Key_Right, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(grid->tiles().indexOf(first), 1);
}

void TestGridWindow::closeHidesToTheTrayOnlyWhileOneIsThere_data()
{
    QTest::addColumn<bool>("trayAtStart"); // AppController made a tray icon
    QTest::addColumn<bool>("keepRunning"); // the preference
    QTest::addColumn<bool>("trayNow"); // the desktop shows a tray when the window closes
    QTest::addColumn<bool>("hides");

    QTest::newRow("tray there, setting on: hides") << true << true << true << true;
    QTest::newRow("tray gone since start (panel restart): quits") << true << true << false << false;
    QTest::newRow("setting off: quits") << true << false << true << false;
    QTest::newRow("no tray at start: quits") << false << true << true << false;
}

void TestGridWindow::closeHidesToTheTrayOnlyWhileOneIsThere()
{
    QFETCH(bool, trayAtStart);
    QFETCH(bool, keepRunning);
    QFETCH(bool, trayNow);
    QFETCH(bool, hides);

    Fixture f;
    f.settings->setValue(AppSettings::Key::KeepRunningInTray, keepRunning);
    f.window->setTrayAvailable(trayAtStart);
    bool trayPresent = true;
    f.window->setTrayPresenceCheck([&trayPresent] { return trayPresent; });
    QSignalSpy quitRequested(f.window.get(), &GridWindow::quitRequested);
    QSignalSpy hiddenToTray(f.window.get(), &GridWindow::hiddenToTray);
    QVERIFY(f.show());

    trayPresent = trayNow;
    f.window->close();
    QCOMPARE(f.window->isVisible(), false); // hidden or closed: either way, gone from the screen
    QCOMPARE(hiddenToTray.count(), hides ? 1 : 0);
    QCOMPARE(quitRequested.count(), hides ? 0 : 1);
}

void TestGridWindow::aboutSaysWhereCodesAre_data()
{
    QTest::addColumn<QString>("description");
    MemoryCredentialStore memory;
    QTest::newRow("demo: memory") << memory.description();
    QTest::newRow("keyring") << QStringLiteral(
        "Access codes are kept in your desktop's keyring (Secret Service).");
    QTest::newRow("owner-only file") << QStringLiteral(
        "No keyring found. Access codes are stored in /home/u/.config/FarmCam/credentials, "
        "readable only by you.");
}

void TestGridWindow::aboutSaysWhereCodesAre()
{
    QFETCH(QString, description);
    Fixture f;
    f.window->setCredentialStoreDescription(description);
    const QString about = QTextDocumentFragment::fromHtml(f.window->aboutText()).toPlainText();
    QVERIFY2(about.contains(description), qPrintable(about));
    QVERIFY2(!about.contains(QStringLiteral("a file only you can read")), qPrintable(about));
    // Not only the port-6000 printers: the X1 and H2 cameras are there too.
    QVERIFY2(about.contains(QStringLiteral("X1")), qPrintable(about));
}

void TestGridWindow::windowFitsTheScreen_data()
{
    QTest::addColumn<QSize>("savedSize");
    QTest::addColumn<QPoint>("savedPosition");
    QTest::addColumn<bool>("keepsSize");
    QTest::newRow("first start") << QSize() << QPoint() << false;
    QTest::newRow("saved on a bigger screen") << QSize(3000, 2000) << QPoint(0, 0) << false;
    QTest::newRow("saved far to the right") << QSize(500, 400) << QPoint(2600, 1500) << true;
    QTest::newRow("saved and fits") << QSize(500, 400) << QPoint(40, 60) << true;
}

// A window must fit the screen it opens on: also when it was last closed on a bigger one.
void TestGridWindow::windowFitsTheScreen()
{
    QFETCH(QSize, savedSize);
    QFETCH(QPoint, savedPosition);
    QFETCH(bool, keepsSize);
    Fixture f;
    QScreen *screen = QGuiApplication::primaryScreen();
    QVERIFY(screen);
    const QRect available = screen->availableGeometry();
    if (savedSize.isValid()) {
        // A window of another session, as big as that session's screen, saved as FarmCam saves.
        QWidget bigger;
        bigger.setGeometry(QRect(savedPosition, savedSize));
        QCOMPARE(bigger.size(), savedSize);
        f.settings->setValue(AppSettings::Key::WindowGeometry, bigger.saveGeometry());
    }
    f.window->restoreWindowState();
    QVERIFY(f.show());
    const QRect frame = f.window->frameGeometry();
    QVERIFY2(available.contains(frame),
             qPrintable(QStringLiteral("window %1,%2 %3x%4 on a screen of %5,%6 %7x%8")
                            .arg(frame.x())
                            .arg(frame.y())
                            .arg(frame.width())
                            .arg(frame.height())
                            .arg(available.x())
                            .arg(available.y())
                            .arg(available.width())
                            .arg(available.height())));
    if (keepsSize)
        QCOMPARE(f.window->size(), savedSize);
}

// At 640x400 a long message pushed the farm's health out of the window, both cut mid-word.
void TestGridWindow::narrowWindowElidesTheStatusMessage()
{
    Fixture f;
    Printer *printer = f.addSilent(QStringLiteral("The printer in the far corner of the workshop"));
    QVERIFY(printer);
    QVERIFY(f.show());
    f.window->resize(420, 320);
    QVERIFY(f.window->snapshot(printer) > 0);
    QTRY_VERIFY(f.window->statusMessage().contains(QStringLiteral("No picture")));

    const auto *health = f.window->findChild<QLabel *>(QStringLiteral("healthLabel"));
    const auto *message = f.window->findChild<QLabel *>(QStringLiteral("statusMessage"));
    QVERIFY(health && message);
    QTRY_VERIFY(health->isVisible() && !health->text().isEmpty());
    QTRY_VERIFY(message->text().contains(QChar(0x2026))); // "…"
    const QStatusBar *bar = f.window->statusBar();
    QVERIFY2(health->geometry().right() < bar->width()
                 && health->width() >= health->sizeHint().width(),
             qPrintable(QStringLiteral("health %1 px wide of %2 at x %3, status bar %4 px")
                            .arg(health->width())
                            .arg(health->sizeHint().width())
                            .arg(health->x())
                            .arg(bar->width())));
    QVERIFY(message->geometry().right() <= health->x());
    QCOMPARE(message->toolTip(), f.window->statusMessage()); // the whole message, on hover

    // Wide again: the whole message, as rich text, and no tooltip.
    f.window->resize(1200, 700);
    QTRY_VERIFY(!message->text().contains(QChar(0x2026)));
    QVERIFY(message->toolTip().isEmpty());
}

QTEST_MAIN(TestGridWindow)
#include "tst_gridwindow.moc"
