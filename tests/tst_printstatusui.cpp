// Print status on the real tiles: the app's own demo (AppController, the grid window offscreen)
// reports over a real mosquitto broker on 127.0.0.1, and each tile shows what its printer tells.
#include "appcontroller.h"
#include "gridwindow.h"
#include "printertile.h"

#include "model/appsettings.h"
#include "model/printer.h"
#include "model/printerfarm.h"
#include "sim/loopbackbroker.h"
#include "status/statusreportmerger.h"
#include "testsupport.h"

#include <QHostAddress>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

namespace {

constexpr int kTimeout = 20000;

PrinterTile *tileNamed(const GridWindow &window, const QString &name)
{
    const QList<PrinterTile *> tiles = window.tiles();
    for (PrinterTile *tile : tiles) {
        if (tile->printer()->name() == name)
            return tile;
    }
    return nullptr;
}

QString describe(const PrinterTile *tile)
{
    const PrintStatus status = tile->printStatus();
    return QStringLiteral("%1: %2 “%3” %4% layer %5 — %6")
        .arg(tile->printer()->name(), StatusReportMerger::stateName(status.state), status.jobName)
        .arg(status.percent)
        .arg(status.layer)
        .arg(tile->statusProblem());
}

} // namespace

class TestPrintStatusUi : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void demoTilesShowTheirPrints();
};

void TestPrintStatusUi::initTestCase()
{
    // Never the user's own files, whatever the environment says.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("FarmCamTest"));
    QCoreApplication::setApplicationName(QStringLiteral("FarmCamTest"));
}

void TestPrintStatusUi::demoTilesShowTheirPrints()
{
    FARMCAM_REQUIRE_LOOPBACK_BROKER();

    AppController::Options options;
    options.demo = true;
    options.discoveryAddress = QHostAddress(QHostAddress::LocalHost); // never the LAN in tests
    options.discoveryPort = 0;
    AppController controller(options);
    QString error;
    QVERIFY2(controller.start(&error), qPrintable(error));
    GridWindow *window = controller.window();
    QVERIFY(window);
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QCOMPARE(window->tiles().size(), 6); // four port-6000 printers, an X1C and an H2D
    QSignalSpy alerts(controller.farm(), &PrinterFarm::printAlert);
    // The demo's status comes over MQTT: every printer has its status connection on.
    const QList<Printer *> printers = controller.farm()->printers();
    for (const Printer *printer : printers) {
        QVERIFY2(printer->config().statusEnabled, qPrintable(printer->name()));
        QVERIFY(printer->config().statusPort != PrinterConfig::kDefaultStatusPort);
    }

    PrinterTile *workshop = tileNamed(*window, QStringLiteral("P1S Workshop"));
    PrinterTile *desk = tileNamed(*window, QStringLiteral("A1 mini Desk"));
    PrinterTile *garage = tileNamed(*window, QStringLiteral("P1P Garage"));
    PrinterTile *lab = tileNamed(*window, QStringLiteral("A1 Lab"));
    QVERIFY(workshop && desk && garage && lab);

    QTRY_VERIFY2_WITH_TIMEOUT(workshop->printStatus().state == PrintState::Printing,
                              qPrintable(describe(workshop)), kTimeout);
    const PrintStatus workshopFirst = workshop->printStatus();
    QCOMPARE(workshopFirst.jobName, QStringLiteral("gearbox_housing.3mf"));
    QTRY_VERIFY2_WITH_TIMEOUT(desk->printStatus().state == PrintState::Finished,
                              qPrintable(describe(desk)), kTimeout);
    QTRY_VERIFY2_WITH_TIMEOUT(garage->printStatus().state == PrintState::Failed,
                              qPrintable(describe(garage)), kTimeout);
    QTRY_VERIFY2_WITH_TIMEOUT(workshop->printStatus().percent > workshopFirst.percent,
                              qPrintable(describe(workshop)), kTimeout);
    QCOMPARE(workshop->printStatus().state, PrintState::Printing);
    QCOMPARE(desk->printStatus().percent, 100);
    QCOMPARE(garage->printStatus().jobName, QStringLiteral("cable_clips_x12.3mf"));
    // Each tile shows its own printer's status, the same the model has.
    for (const PrinterTile *tile : {workshop, desk, garage}) {
        QCOMPARE(tile->printStatus(), tile->printer()->printStatus());
        QCOMPARE(tile->statusProblem(), QString());
    }

    // The tray heard of both, once (they end in the same simulated second: in either order).
    QCOMPARE(alerts.size(), 2);
    QList<QPair<Printer *, PrintAlerts::Kind>> seen;
    for (const QList<QVariant> &arguments : std::as_const(alerts))
        seen.append(
            {arguments.at(0).value<Printer *>(), arguments.at(1).value<PrintAlerts::Alert>().kind});
    QVERIFY(seen.contains({garage->printer(), PrintAlerts::Kind::PrintFailed}));
    QVERIFY(seen.contains({desk->printer(), PrintAlerts::Kind::PrintFinished}));

    // The printer with the wrong code says why it has no status.
    QTRY_VERIFY2_WITH_TIMEOUT(lab->statusProblem().contains(QLatin1String("access code")),
                              qPrintable(describe(lab)), kTimeout);
    QVERIFY(lab->printStatus().isNull());
}

QTEST_MAIN(TestPrintStatusUi)
#include "tst_printstatusui.moc"
