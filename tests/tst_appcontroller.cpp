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
#include "preferencesdialog.h"
#include "record/farmrecorder.h"
#include "share/sharetoken.h"
#include "sharingcontroller.h"
#include "theme.h"
#include "tilegrid.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QUrlQuery>

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
    void sharingInTheDemo();
    void sharingPortInUseIsShown();
    void sharingTokenSurvivesARestart();
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

// The demo, with its discovery on loopback: never the LAN in tests.
std::unique_ptr<AppController> startDemo()
{
    AppController::Options options;
    options.discoveryAddress = QHostAddress(QHostAddress::LocalHost);
    options.discoveryPort = 0;
    options.demo = true;
    auto controller = std::make_unique<AppController>(options);
    QString error;
    if (!controller->start(&error))
        qWarning("demo did not start: %s", qPrintable(error));
    return controller;
}

Printer *printerNamed(const AppController &controller, const QString &name)
{
    const QList<Printer *> printers = controller.farm()->printers();
    for (Printer *printer : printers) {
        if (printer->name() == name)
            return printer;
    }
    return nullptr;
}

// One GET to its end: status code, Content-Type and body.
struct Fetched
{
    int status = 0;
    QString contentType;
    QByteArray body;
};

Fetched fetch(QNetworkAccessManager &network, const QUrl &url)
{
    std::unique_ptr<QNetworkReply> reply(network.get(QNetworkRequest(url)));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(20000))
        return {};
    return {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
            reply->header(QNetworkRequest::ContentTypeHeader).toString(), reply->readAll()};
}

QAction *actionNamed(const QWidget &parent, const char *name)
{
    return parent.findChild<QAction *>(QLatin1String(name));
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
    // The hint is about the single view it starts in, not the grid's double-click.
    const QString hint = window->statusMessage();
    QVERIFY2(hint.contains(QStringLiteral("Esc for all printers")), qPrintable(hint));
    QVERIFY2(!hint.contains(QStringLiteral("Double-click")), qPrintable(hint));

    int live = 0;
    int rejected = 0;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            live = 0;
            rejected = 0;
            const QList<Printer *> printers = controller.farm()->printers();
            for (const Printer *printer : printers) {
                // The X1C and H2D stream H.264 over RTSPS, the others JPEG: five live.
                if (!printer->frames()->latest().encoded().isEmpty())
                    ++live;
                if (printer->camera()->lastFailure() == CameraSource::Failure::AccessCodeRejected)
                    ++rejected;
            }
            return live == 5 && rejected == 1;
        }(),
        30000);

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

void TestAppController::sharingInTheDemo()
{
    const auto controller = startDemo();
    GridWindow *window = controller->window();
    QVERIFY(window);
    SharingController *sharing = controller->sharing();
    QVERIFY(sharing);

    // The demo's throw-away settings start with sharing off: nothing listens.
    QCOMPARE(sharing->state(), SharingController::State::Off);
    QVERIFY(!sharing->server()->isRunning());
    QVERIFY(!window->sharingStatus()->isVisibleTo(window));
    Printer *workshop = printerNamed(*controller, QStringLiteral("P1S Workshop"));
    QVERIFY(workshop);
    PrinterTile *tile = window->tile(workshop);
    {
        std::unique_ptr<QMenu> menu(window->createTileMenu(tile));
        QAction *copy = actionNamed(*menu, "tileCopyStreamUrlAction");
        QVERIFY(copy);
        QVERIFY(!copy->isEnabled());
        QCOMPARE(copy->toolTip(), QStringLiteral("Switch on sharing in Preferences › Sharing"));
        QVERIFY(!actionNamed(*menu, "tileCopySnapshotUrlAction")->isEnabled());
    }
    QAction *menuCopy = actionNamed(*window, "copyStreamUrlAction");
    QVERIFY(menuCopy);
    QVERIFY(!menuCopy->isEnabled());

    // Switched on (port 0: the system picks one): it starts by itself.
    controller->settings()->setValue(AppSettings::Key::SharingPort, 0);
    controller->settings()->setValue(AppSettings::Key::SharingEnabled, true);
    QTRY_COMPARE_WITH_TIMEOUT(sharing->state(), SharingController::State::Running, 10000);
    const quint16 port = sharing->port();
    QVERIFY(port != 0);
    QCOMPARE(sharing->url().host(), QStringLiteral("127.0.0.1"));
    QVERIFY(window->sharingStatus()->isVisibleTo(window));
    QCOMPARE(window->sharingStatus()->text(), QStringLiteral("Sharing on :%1").arg(port));

    QNetworkAccessManager network;
    network.setProxy(QNetworkProxy::NoProxy);
    const Fetched health = fetch(network, sharing->url().resolved(QUrl(QStringLiteral("healthz"))));
    QCOMPARE(health.status, 200);
    QCOMPARE(health.body.trimmed(), QByteArray("ok"));

    // A snapshot needs the token; with it, the printer's own JPEG.
    QTRY_VERIFY_WITH_TIMEOUT(!workshop->frames()->latest().encoded().isEmpty(), 15000);
    const QUrl bareSnapshot = sharing->server()->snapshotUrl(workshop);
    QCOMPARE(fetch(network, bareSnapshot).status, 401);
    window->grid()->setSelectedTile(tile);
    QVERIFY(menuCopy->isEnabled());
    QApplication::clipboard()->clear();
    actionNamed(*window, "copySnapshotUrlAction")->trigger();
    const QUrl snapshotUrl(QApplication::clipboard()->text());
    QCOMPARE(QUrlQuery(snapshotUrl).queryItemValue(QStringLiteral("token")), sharing->token());
    QVERIFY2(window->statusMessage().startsWith(QStringLiteral("Copied the snapshot URL of")),
             qPrintable(window->statusMessage()));
    QVERIFY(!window->statusMessage().contains(sharing->token()));
    const Fetched snapshot = fetch(network, snapshotUrl);
    QCOMPARE(snapshot.status, 200);
    QCOMPARE(snapshot.contentType, QStringLiteral("image/jpeg"));
    QVERIFY(snapshot.body.startsWith("\xff\xd8"));

    // The web wall lists the recorder's folder, and follows the setting to a new one.
    QCOMPARE(sharing->server()->recordingsRoot(), controller->recorder()->library().root());
    QTemporaryDir recordings;
    const QString clip
        = recordings.filePath(QStringLiteral("P1S-Workshop/failure_2026-12-05_12-00-00.mp4"));
    QVERIFY(QDir().mkpath(QFileInfo(clip).absolutePath()));
    {
        QFile file(clip);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not decoded by the list; only its name and size count");
    }
    controller->settings()->setValue(AppSettings::Key::RecordingsFolder, recordings.path());
    QCOMPARE(sharing->server()->recordingsRoot(), recordings.path());
    QUrl listUrl = sharing->url().resolved(QUrl(QStringLiteral("api/recordings")));
    listUrl = ShareServer::withToken(listUrl, sharing->token());
    const Fetched listed = fetch(network, listUrl);
    QCOMPARE(listed.status, 200);
    const QJsonArray list = QJsonDocument::fromJson(listed.body).array();
    QCOMPARE(list.size(), 1);
    QCOMPARE(list.at(0)[QLatin1String("printerId")].toString(),
             workshop->id().toString(QUuid::WithoutBraces));
    QCOMPARE(list.at(0)[QLatin1String("kind")].toString(), QStringLiteral("failure"));

    // The tile's Copy stream URL: a complete URL that streams MJPEG.
    {
        std::unique_ptr<QMenu> menu(window->createTileMenu(tile));
        QAction *copy = actionNamed(*menu, "tileCopyStreamUrlAction");
        QVERIFY(copy->isEnabled());
        QApplication::clipboard()->clear();
        copy->trigger();
    }
    const QUrl streamUrl(QApplication::clipboard()->text());
    QVERIFY2(streamUrl.path().endsWith(QStringLiteral("/stream.mjpg")),
             qPrintable(streamUrl.path()));
    std::unique_ptr<QNetworkReply> stream(network.get(QNetworkRequest(streamUrl)));
    QByteArray received;
    connect(stream.get(), &QNetworkReply::readyRead, this,
            [&received, &stream] { received += stream->readAll(); });
    QTRY_VERIFY_WITH_TIMEOUT(received.contains("\xff\xd8") && received.contains("image/jpeg"),
                             15000);
    QCOMPARE(stream->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QVERIFY2(stream->header(QNetworkRequest::ContentTypeHeader)
                 .toString()
                 .startsWith(QStringLiteral("multipart/x-mixed-replace")),
             qPrintable(stream->header(QNetworkRequest::ContentTypeHeader).toString()));

    // The status bar counts the viewer, and lets it go.
    QTRY_COMPARE_WITH_TIMEOUT(window->sharingStatus()->text(),
                              QStringLiteral("Sharing on :%1 · 1 viewer").arg(port), 10000);
    stream->abort();
    QTRY_COMPARE_WITH_TIMEOUT(window->sharingStatus()->text(),
                              QStringLiteral("Sharing on :%1").arg(port), 10000);

    // Switched off: stopped, hidden, and the copy actions say why they are disabled.
    controller->settings()->setValue(AppSettings::Key::SharingEnabled, false);
    QTRY_COMPARE_WITH_TIMEOUT(sharing->state(), SharingController::State::Off, 10000);
    QVERIFY(!sharing->server()->isRunning());
    QVERIFY(!window->sharingStatus()->isVisibleTo(window));
    QVERIFY(!menuCopy->isEnabled());
    window->quit();
}

void TestAppController::sharingPortInUseIsShown()
{
    QTcpServer occupier;
    QVERIFY(occupier.listen(QHostAddress::LocalHost, 0));
    const quint16 busy = occupier.serverPort();

    const auto controller = startDemo();
    GridWindow *window = controller->window();
    QVERIFY(window);
    SharingController *sharing = controller->sharing();
    controller->settings()->setValue(AppSettings::Key::SharingPort, busy);
    controller->settings()->setValue(AppSettings::Key::SharingEnabled, true);
    QTRY_COMPARE_WITH_TIMEOUT(sharing->state(), SharingController::State::Failed, 10000);
    QCOMPARE(sharing->errorMessage(),
             QStringLiteral("Port %1 is in use by another program.").arg(busy));

    // In the status bar, in the error colour; the switch stays on.
    QToolButton *status = window->sharingStatus();
    QVERIFY(status->isVisibleTo(window));
    QCOMPARE(status->text(),
             QStringLiteral("Sharing stopped: port %1 is in use by another program").arg(busy));
    QVERIFY2(status->styleSheet().contains(Theme::error().name()),
             qPrintable(status->styleSheet()));
    QVERIFY(controller->settings()->sharingEnabled());
    window->grid()->setSelectedTile(window->tiles().constFirst());
    QAction *copy = actionNamed(*window, "copyStreamUrlAction");
    QVERIFY(!copy->isEnabled());
    QCOMPARE(
        copy->toolTip(),
        QStringLiteral("Sharing is not running: Port %1 is in use by another program.").arg(busy));

    // A click on it opens Preferences › Sharing, which says the same.
    bool seen = false;
    QString stateText;
    PreferencesDialog::Page page = PreferencesDialog::Page::General;
    std::function<void()> look;
    look = [&] {
        auto *dialog = qobject_cast<PreferencesDialog *>(QApplication::activeModalWidget());
        if (!dialog) {
            QTimer::singleShot(10, this, look); // not up yet
            return;
        }
        seen = true;
        page = dialog->currentPage();
        if (auto *message = dialog->findChild<QLabel *>(QStringLiteral("sharingStateMessage")))
            stateText = message->text();
        dialog->reject();
    };
    QTimer::singleShot(0, this, look);
    status->click();
    QVERIFY(seen);
    QCOMPARE(page, PreferencesDialog::Page::Sharing);
    QCOMPARE(stateText,
             QStringLiteral("Not running: Port %1 is in use by another program.").arg(busy));

    // The port comes free and the user picks it again (a change of port restarts).
    occupier.close();
    controller->settings()->setValue(AppSettings::Key::SharingPort, 0);
    QTRY_COMPARE_WITH_TIMEOUT(sharing->state(), SharingController::State::Running, 10000);
    QVERIFY(status->styleSheet().isEmpty());
    window->quit();
}

void TestAppController::sharingTokenSurvivesARestart()
{
    // The token sits in the keychain beside the codes; a second start must read it, not make a
    // new one (every copied URL would stop working at each start).
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = writeSettings(dir, printerConfig(QStringLiteral("Garage")));
    {
        AppSettings settings(file);
        settings.setValue(AppSettings::Key::SharingEnabled, true);
        settings.setValue(AppSettings::Key::SharingPort, 0);
        QVERIFY(settings.sync());
    }
    QHash<QString, QString> keyring;
    QString first;
    for (int start = 0; start < 2; ++start) {
        AppController::Options options;
        options.discoveryAddress = QHostAddress(QHostAddress::LocalHost);
        options.discoveryPort = 0;
        options.configFile = file;
        FakeKeychainBackend *keychain = nullptr;
        options.keychain = fakeKeychain(&keychain, keyring);
        AppController controller(options);
        QVERIFY(controller.start());
        QTRY_VERIFY_WITH_TIMEOUT(controller.window(), 10000);
        QVERIFY(controller.sharing());
        QVERIFY2(controller.sharing()->isRunning(),
                 qPrintable(controller.sharing()->errorMessage()));
        const QString token = controller.sharing()->server()->settings().token;
        QCOMPARE(token.size(), 43);
        if (start == 0)
            first = token;
        else
            QCOMPARE(token, first);
        // The write into the keychain is asynchronous.
        QTRY_VERIFY_WITH_TIMEOUT(keychain->entries.values().contains(token), 10000);
        keyring = keychain->entries;
        controller.window()->quit();
    }
}

QTEST_MAIN(TestAppController)
#include "tst_appcontroller.moc"
