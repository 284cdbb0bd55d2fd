// The app's wiring: the demo runs on simulators with throw-away settings and never touches the
// user's own configuration; a --config file is the one that is used.
#include "appcontroller.h"
#include "gridwindow.h"
#include "printertile.h"

#include "model/appsettings.h"
#include "model/printer.h"
#include "model/printerfarm.h"
#include "net/cameraconnection.h"

#include <QFileInfo>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

class TestAppController : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void demoShowsFourPrintersOneRejected();
    void configFileIsUsed();
};

void TestAppController::initTestCase()
{
    // Never the user's own files, whatever the environment says.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("FarmCamTest"));
    QCoreApplication::setApplicationName(QStringLiteral("FarmCamTest"));
}

void TestAppController::demoShowsFourPrintersOneRejected()
{
    const QString userSettings = AppSettings::defaultFilePath();
    QFile::remove(userSettings);

    AppController::Options options;
    options.demo = true;
    options.fullViewPrinter = QStringLiteral("A1 mini Desk");
    AppController controller(options);
    QString error;
    QVERIFY2(controller.start(&error), qPrintable(error));
    GridWindow *window = controller.window();
    QVERIFY(window);
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QVERIFY(window->isDemoMode());
    QVERIFY(window->windowTitle().contains(QStringLiteral("FarmCam — Demo")));
    QVERIFY(!controller.farm()->isPersistent());
    QVERIFY(controller.settings()->filePath() != userSettings);
    QCOMPARE(window->tiles().size(), 4);
    QVERIFY(window->singleTile());
    QCOMPARE(window->singleTile()->printer()->name(), QStringLiteral("A1 mini Desk"));

    int live = 0;
    int rejected = 0;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            live = 0;
            rejected = 0;
            const QList<Printer *> printers = controller.farm()->printers();
            for (const Printer *printer : printers) {
                if (!printer->camera()->lastFrame().isEmpty())
                    ++live;
                if (printer->camera()->lastFailure()
                    == CameraConnection::Failure::AccessCodeRejected)
                    ++rejected;
            }
            return live == 3 && rejected == 1;
        }(),
        15000);

    window->quit(); // saves the window layout: into the demo's own settings
    QVERIFY2(!QFileInfo::exists(userSettings), qPrintable(userSettings));
}

void TestAppController::configFileIsUsed()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("farm.conf"));
    {
        AppSettings settings(file);
        PrinterConfig config;
        config.id = QUuid::createUuid();
        config.name = QStringLiteral("From the file");
        config.host = QStringLiteral("127.0.0.1");
        config.port = 9;
        settings.setPrinters({config});
        settings.setValue(AppSettings::Key::GridColumns, 3);
        QVERIFY(settings.sync());
    }
    AppController::Options options;
    options.configFile = file;
    AppController controller(options);
    QVERIFY(controller.start());
    QCOMPARE(controller.settings()->filePath(), file);
    QVERIFY(!controller.window()->isDemoMode());
    QCOMPARE(controller.window()->windowTitle(), QStringLiteral("FarmCam"));
    QCOMPARE(controller.window()->tiles().size(), 1);
    QCOMPARE(controller.window()->tiles().constFirst()->printer()->name(),
             QStringLiteral("From the file"));
    controller.window()->quit();
    // The window's layout went into that file.
    AppSettings reread(file);
    QVERIFY(!reread.value(AppSettings::Key::WindowGeometry).toByteArray().isEmpty());
}

QTEST_MAIN(TestAppController)
#include "tst_appcontroller.moc"
