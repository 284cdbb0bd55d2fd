// The app's wiring: the demo runs on simulators with throw-away settings and never touches the
// user's own configuration; a --config file is the one that is used; the farm loads once the
// keychain has answered. Every test outside the demo gives the app a fake keychain: the user's own
// keyring is never touched.
#include "appcontroller.h"
#include "gridwindow.h"
#include "printertile.h"

#include "camera/jpegstream/jpegstreamcamera.h"
#include "fakekeychainbackend.h"
#include "frames/framehub.h"
#include "model/appsettings.h"
#include "model/credentialstore.h"
#include "model/printer.h"
#include "model/printerfarm.h"

#include <QFileInfo>
#include <QHostAddress>
#include <QMessageBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

class TestAppController : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void demoShowsSixPrintersOneRejected();
    void configFileIsUsed();
    void unknownFullViewIsExplainedInTheWindow();
    void secondStartRaisesTheWindow();
    void farmLoadsOnceTheKeychainAnswered_data();
    void farmLoadsOnceTheKeychainAnswered();
    void failedKeychainWriteIsShown();
};

namespace {

using namespace std::chrono_literals;

// A settings file with one printer in it.
QString writeSettings(const QTemporaryDir &dir, const PrinterConfig &config)
{
    const QString file = dir.filePath(QStringLiteral("farm.conf"));
    AppSettings settings(file);
    settings.setPrinters({config});
    settings.setValue(AppSettings::Key::GridColumns, 3);
    return settings.sync() ? file : QString();
}

PrinterConfig printerConfig(const QString &name)
{
    PrinterConfig config;
    config.id = QUuid::createUuid();
    config.name = name;
    config.host = QStringLiteral("127.0.0.1");
    config.port = 9;
    return config;
}

// Gives the app a fake keychain and keeps a pointer to it (the app owns it).
std::function<std::unique_ptr<KeychainBackend>()>
fakeKeychain(FakeKeychainBackend **keychain, const QHash<QString, QString> &entries = {},
             bool held = false)
{
    return [keychain, entries, held] {
        auto backend = std::make_unique<FakeKeychainBackend>();
        backend->entries = entries;
        backend->held = held; // never answers
        *keychain = backend.get();
        return backend;
    };
}

} // namespace

void TestAppController::initTestCase()
{
    // Never the user's own files, whatever the environment says.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("FarmCamTest"));
    QCoreApplication::setApplicationName(QStringLiteral("FarmCamTest"));
}

void TestAppController::demoShowsSixPrintersOneRejected()
{
    const QString userSettings = AppSettings::defaultFilePath();
    QFile::remove(userSettings);

    AppController::Options options;
    options.discoveryAddress = QHostAddress(QHostAddress::LocalHost); // never the LAN in tests
    options.discoveryPort = 0;
    options.demo = true;
    options.fullViewPrinter = QStringLiteral("A1 mini Desk");
    AppController controller(options);
    QString error;
    QVERIFY2(controller.start(&error), qPrintable(error));
    GridWindow *window = controller.window();
    QVERIFY(window);
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QVERIFY(window->isDemoMode());
    QVERIFY(window->windowTitle().contains(QStringLiteral("Demo — FarmCam")));
    QVERIFY(!controller.farm()->isPersistent());
    QVERIFY(controller.settings()->filePath() != userSettings);
    QCOMPARE(window->tiles().size(), 6);
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
                // The X1C and H2D stream RTSPS: counted here once the app has an RTSPS camera.
                const QString model = printer->config().model;
                if (model == QLatin1String("BL-P001") || model == QLatin1String("O1D"))
                    continue;
                if (!printer->frames()->latest().encoded().isEmpty())
                    ++live;
                if (printer->camera()->lastFailure() == CameraSource::Failure::AccessCodeRejected)
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
    const QString file = writeSettings(dir, printerConfig(QStringLiteral("From the file")));
    QVERIFY(!file.isEmpty());
    AppController::Options options;
    options.discoveryAddress = QHostAddress(QHostAddress::LocalHost); // never the LAN in tests
    options.discoveryPort = 0;
    options.configFile = file;
    FakeKeychainBackend *keychain = nullptr;
    options.keychain = fakeKeychain(&keychain);
    AppController controller(options);
    QVERIFY(controller.start());
    QTRY_VERIFY_WITH_TIMEOUT(controller.window(), 10000);
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

void TestAppController::unknownFullViewIsExplainedInTheWindow()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    AppController::Options options;
    options.discoveryAddress = QHostAddress(QHostAddress::LocalHost); // never the LAN in tests
    options.discoveryPort = 0;
    options.configFile = writeSettings(dir, printerConfig(QStringLiteral("Garage")));
    QVERIFY(!options.configFile.isEmpty());
    options.fullViewPrinter = QStringLiteral("Garaeg");
    FakeKeychainBackend *keychain = nullptr;
    options.keychain = fakeKeychain(&keychain);
    AppController controller(options);
    QVERIFY(controller.start());
    QTRY_VERIFY_WITH_TIMEOUT(controller.window(), 10000);
    QVERIFY(!controller.window()->singleTile());
    const QString message = controller.window()->statusMessage();
    QVERIFY2(message.contains(QStringLiteral("no printer named “Garaeg”")), qPrintable(message));
    controller.window()->quit();
}

void TestAppController::secondStartRaisesTheWindow()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    AppController::Options options;
    options.discoveryAddress = QHostAddress(QHostAddress::LocalHost); // never the LAN in tests
    options.discoveryPort = 0;
    options.configFile = writeSettings(dir, printerConfig(QStringLiteral("Garage")));
    QVERIFY(!options.configFile.isEmpty());
    FakeKeychainBackend *keychain = nullptr;
    options.keychain = fakeKeychain(&keychain);
    AppController controller(options);
    controller.raiseWindow(); // before the window exists: nothing to do, and no crash
    QVERIFY(controller.start());
    QTRY_VERIFY_WITH_TIMEOUT(controller.window(), 10000);
    GridWindow *window = controller.window();
    QVERIFY(QTest::qWaitForWindowExposed(window));

    // Hidden in the tray, or minimized: a second start brings it back.
    window->hide();
    controller.raiseWindow();
    QVERIFY(window->isVisible());
    window->showMinimized();
    controller.raiseWindow();
    QTRY_VERIFY(!window->isMinimized());
    window->quit();
}

void TestAppController::farmLoadsOnceTheKeychainAnswered_data()
{
    QTest::addColumn<bool>("answers");
    QTest::addColumn<QString>("description");

    QTest::newRow("keychain") << true
                              << QStringLiteral("Access codes are kept in your desktop's "
                                                "keyring (Fake Keychain).");
    QTest::newRow("no answer") << false
                               << QStringLiteral("The keyring did not answer within 1 "
                                                 "second.");
}

void TestAppController::farmLoadsOnceTheKeychainAnswered()
{
    QFETCH(bool, answers);
    QFETCH(QString, description);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const PrinterConfig config = printerConfig(QStringLiteral("Keyed"));
    AppController::Options options;
    options.discoveryAddress = QHostAddress(QHostAddress::LocalHost); // never the LAN in tests
    options.discoveryPort = 0;
    options.configFile = writeSettings(dir, config);
    QVERIFY(!options.configFile.isEmpty());
    options.keychainTimeout = 300ms;
    FakeKeychainBackend *keychain = nullptr;
    options.keychain
        = fakeKeychain(&keychain, {{config.id.toString(), QStringLiteral("13572468")}}, !answers);
    AppController controller(options);
    QVERIFY(controller.start());
    QVERIFY(keychain);

    // start() returned without waiting; the farm is loaded, and the window shown, after the answer.
    QVERIFY(!controller.window());
    QVERIFY(controller.farm()->printers().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(controller.window(), 10000);
    QVERIFY(controller.window()->isVisible());
    QCOMPARE(controller.window()->tiles().size(), 1);
    QCOMPARE(controller.farm()->accessCode(config.id),
             answers ? QStringLiteral("13572468") : QString());
    QVERIFY2(controller.credentials()->description().startsWith(description),
             qPrintable(controller.credentials()->description()));
    QVERIFY(!controller.window()->windowTitle().contains(QLatin1String("13572468")));
    controller.window()->quit();
}

void TestAppController::failedKeychainWriteIsShown()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    AppController::Options options;
    options.discoveryAddress = QHostAddress(QHostAddress::LocalHost); // never the LAN in tests
    options.discoveryPort = 0;
    options.configFile = writeSettings(dir, printerConfig(QStringLiteral("Present")));
    QVERIFY(!options.configFile.isEmpty());
    FakeKeychainBackend *keychain = nullptr;
    options.keychain = fakeKeychain(&keychain);
    AppController controller(options);
    QVERIFY(controller.start());
    QTRY_VERIFY_WITH_TIMEOUT(controller.window(), 10000);
    keychain->writeStatus = FakeKeychainBackend::Status::AccessDenied;

    QString error;
    PrinterConfig added = printerConfig(QStringLiteral("Added"));
    added.host = QStringLiteral("127.0.0.2"); // another camera than Present's
    QVERIFY2(controller.farm()->addPrinter(added, QStringLiteral("24681357"), &error),
             qPrintable(error));
    QMessageBox *box = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((box = controller.window()->findChild<QMessageBox *>()), 10000);
    QVERIFY(box->isVisible());
    QVERIFY2(box->text().startsWith(QLatin1String("An access code could not be saved in the "
                                                  "keyring")),
             qPrintable(box->text()));
    QVERIFY(!box->text().contains(QLatin1String("24681357")));
    // The printer works until FarmCam quits.
    QCOMPARE(controller.farm()->accessCode(added.id), QStringLiteral("24681357"));
    box->close();
    controller.window()->quit();
}

QTEST_MAIN(TestAppController)
#include "tst_appcontroller.moc"
