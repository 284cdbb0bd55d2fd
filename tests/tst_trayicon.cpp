// The tray icon: its colour and tooltip as a pure function of the printers' states, the icon's
// pixels, the menu, and notifications (only when enabled, grouped, end to end with a simulator).
#include "camera/jpegstream/jpegstreamcamera.h"
#include "model/appsettings.h"
#include "model/memorycredentialstore.h"
#include "model/printer.h"
#include "model/printerfarm.h"
#include "sim/printersimulator.h"
#include "status/statusreportmerger.h"
#include "testsupport.h"
#include "trayicon.h"
#include "trayicons.h"

#include <QAction>
#include <QMenu>
#include <QSignalSpy>
#include <QSystemTrayIcon>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using State = CameraSource::State;
using Failure = CameraSource::Failure;
using Level = FarmHealth::Level;
using Transition = FarmHealth::Transition;

Q_DECLARE_METATYPE(FarmHealth::PrinterStatus)

namespace {

constexpr int kTimeoutMs = 10000;
const QString kCode = QStringLiteral("12345678");

FarmHealth::PrinterStatus status(const QString &name, State state, Failure failure = Failure::None,
                                 const QString &text = QString())
{
    FarmHealth::PrinterStatus printer;
    printer.name = name;
    printer.state = state;
    printer.failure = failure;
    printer.statusText = text;
    return printer;
}

TrayIcon::Event makeEvent(const QString &name, Transition transition, const QString &reason = {})
{
    return TrayIcon::Event{name, transition, reason};
}

} // namespace

class TestTrayIcon final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void appearance_data();
    void appearance();
    void longToolTipIsShortened();
    void iconShowsTheColour_data();
    void iconShowsTheColour();
    void notificationText_data();
    void notificationText();

    void followsFarmHealth();
    void menuActions();
    void notifiesOnlyWhenEnabled_data();
    void notifiesOnlyWhenEnabled();
    void groupsTransitionsAndDropsBlips();
    void returnsAtDifferentTimesMakeOneBubble();
    void wentOfflineEndToEnd();
    void printNotificationText_data();
    void printNotificationText();
    void printAlertsFollowTheirSwitches_data();
    void printAlertsFollowTheirSwitches();
    void printProblemTurnsTheIconRed();
    void hiddenToTrayIsSaidOnce();
    void snapshotNotification_data();
    void snapshotNotification();
    void videoNotificationsOpenTheirFile();

private:
    // A farm on a temporary settings file, nothing persisted, with one printer whose camera is
    // pointed at a closed loopback port.
    Printer *addPrinter(const QString &name, quint16 port);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<AppSettings> m_settings;
    std::unique_ptr<MemoryCredentialStore> m_credentials;
    std::unique_ptr<PrinterFarm> m_farm;
};

void TestTrayIcon::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_settings = std::make_unique<AppSettings>(m_dir->filePath(QStringLiteral("farmcam.conf")));
    m_credentials = std::make_unique<MemoryCredentialStore>();
    m_farm = std::make_unique<PrinterFarm>(m_settings.get(), m_credentials.get());
    m_farm->setPersistent(false);
}

void TestTrayIcon::cleanup()
{
    m_farm.reset();
    m_credentials.reset();
    m_settings.reset();
    m_dir.reset();
}

Printer *TestTrayIcon::addPrinter(const QString &name, quint16 port)
{
    PrinterConfig config;
    config.name = name;
    config.host = QStringLiteral("127.0.0.1");
    config.port = port;
    QString error;
    Printer *printer = m_farm->addPrinter(config, kCode, &error);
    if (!printer)
        qWarning() << "addPrinter failed:" << error;
    return printer;
}

void TestTrayIcon::appearance_data()
{
    QTest::addColumn<QList<FarmHealth::PrinterStatus>>("printers");
    QTest::addColumn<Level>("level");
    QTest::addColumn<QColor>("color");
    QTest::addColumn<QString>("headline"); // the tooltip's first line

    const QString refused = QStringLiteral("127.0.0.1:6000 refused the connection");
    QTest::newRow("none configured")
        << QList<FarmHealth::PrinterStatus>{} << Level::NoPrinters << QColor(0x8a, 0x8f, 0x98)
        << QStringLiteral("FarmCam — No printers configured");
    QTest::newRow("all live")
        << QList<FarmHealth::PrinterStatus>{status(QStringLiteral("A"), State::Up),
                                            status(QStringLiteral("B"), State::Up)}
        << Level::AllLive << QColor(0x2e, 0x9d, 0x4f)
        << QStringLiteral("FarmCam — 2 of 2 cameras live");
    QTest::newRow("some trouble")
        << QList<FarmHealth::PrinterStatus>{status(QStringLiteral("A"), State::Up),
                                            status(QStringLiteral("B"), State::Backoff,
                                                   Failure::ConnectionRefused, refused),
                                            status(QStringLiteral("C"), State::Up)}
        << Level::SomeTrouble << QColor(0xe0, 0xa1, 0x00)
        << QStringLiteral("FarmCam — 2 of 3 cameras live");
    QTest::newRow("still connecting")
        << QList<FarmHealth::PrinterStatus>{status(QStringLiteral("A"), State::Connecting)}
        << Level::SomeTrouble << QColor(0xe0, 0xa1, 0x00)
        << QStringLiteral("FarmCam — 0 of 1 camera live");
    QTest::newRow("all down")
        << QList<FarmHealth::PrinterStatus>{status(QStringLiteral("A"), State::Backoff,
                                                   Failure::ConnectionRefused, refused),
                                            status(QStringLiteral("B"), State::Idle)}
        << Level::AllDown << QColor(0xd6, 0x45, 0x41)
        << QStringLiteral("FarmCam — 0 of 2 cameras live");
}

void TestTrayIcon::appearance()
{
    QFETCH(QList<FarmHealth::PrinterStatus>, printers);
    QFETCH(Level, level);
    QFETCH(QColor, color);
    QFETCH(QString, headline);

    const FarmHealth::Summary summary = FarmHealth::summarize(printers);
    const TrayIcon::Appearance appearance = TrayIcon::appearanceFor(summary);
    QCOMPARE(appearance.level, level);
    QCOMPARE(appearance.color, color);
    QCOMPARE(appearance.color, FarmHealth::colorFor(level));
    // Short enough: the tooltip is the farm's own, line for line.
    QCOMPARE(appearance.toolTip, summary.tooltip);
    const QStringList lines = appearance.toolTip.split(u'\n');
    QCOMPARE(lines.first(), headline);
    QCOMPARE(lines.size(), printers.size() + 1);
    for (qsizetype i = 0; i < printers.size(); ++i)
        QVERIFY(lines.at(i + 1).startsWith(printers.at(i).name + QStringLiteral(": ")));
    // Pure: the same input gives the same output.
    QCOMPARE(TrayIcon::appearanceFor(summary), appearance);
}

void TestTrayIcon::longToolTipIsShortened()
{
    QList<FarmHealth::PrinterStatus> printers;
    const QString rejected = QStringLiteral(
        "Access code rejected by 192.168.1.20:6000 — check the code on the printer's screen.");
    for (int i = 1; i <= 14; ++i) {
        printers.append(i % 2 ? status(QStringLiteral("Printer %1").arg(i), State::Up,
                                       Failure::None, QStringLiteral("Live"))
                              : status(QStringLiteral("Printer %1").arg(i), State::Backoff,
                                       Failure::AccessCodeRejected, rejected));
    }
    printers.append(status(QString(120, u'N'), State::Up));
    const TrayIcon::Appearance appearance
        = TrayIcon::appearanceFor(FarmHealth::summarize(printers));
    const QStringList lines = appearance.toolTip.split(u'\n');
    QCOMPARE(lines.size(), 1 + 10 + 1);
    QCOMPARE(lines.first(), QStringLiteral("FarmCam — 8 of 15 cameras live"));
    QCOMPARE(lines.at(2), QStringLiteral("Printer 2: Access code rejected by 192.168.1.20:6000"));
    QCOMPARE(lines.last(), QStringLiteral("… and 5 more"));
    for (const QString &line : lines)
        QVERIFY2(line.size() <= 80, qPrintable(line));
}

void TestTrayIcon::iconShowsTheColour_data()
{
    QTest::addColumn<Level>("level");
    QTest::addColumn<int>("size");
    for (const int size : {16, 22, 32}) {
        QTest::addRow("no printers %d px", size) << Level::NoPrinters << size;
        QTest::addRow("all live %d px", size) << Level::AllLive << size;
        QTest::addRow("some trouble %d px", size) << Level::SomeTrouble << size;
        QTest::addRow("all down %d px", size) << Level::AllDown << size;
    }
}

void TestTrayIcon::iconShowsTheColour()
{
    QFETCH(Level, level);
    QFETCH(int, size);

    const QColor color = FarmHealth::colorFor(level);
    const QImage image = TrayIcons::render(color, size);
    QCOMPARE(image.size(), QSize(size, size));
    const QPoint dot = TrayIcons::dotCenter(size).toPoint();
    QCOMPARE(image.pixelColor(dot), color);

    // Readable on light and dark panels: both a light glyph and a dark rim are there.
    int light = 0;
    int dark = 0;
    int transparent = 0;
    for (int y = 0; y < size; ++y) {
        for (int x = 0; x < size; ++x) {
            const QColor pixel = image.pixelColor(x, y);
            if (pixel.alpha() < 20)
                ++transparent;
            else if (pixel.alpha() > 230 && pixel.lightnessF() > 0.85)
                ++light;
            else if (pixel.alpha() > 230 && pixel.lightnessF() < 0.2)
                ++dark;
        }
    }
    QVERIFY2(light >= size, qPrintable(QString::number(light)));
    QVERIFY2(dark >= size, qPrintable(QString::number(dark)));
    QVERIFY(transparent > 0); // a glyph, not a square

    const QIcon icon = TrayIcons::statusIcon(color);
    for (const int panel : {16, 22, 24}) {
        QVERIFY(icon.availableSizes().contains(QSize(panel, panel))); // drawn, not scaled
    }
}

void TestTrayIcon::notificationText_data()
{
    QTest::addColumn<QList<TrayIcon::Event>>("events");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("message");

    const QString reason = QStringLiteral("127.0.0.1:6000 closed the connection.");
    QTest::newRow("nothing") << QList<TrayIcon::Event>{} << QString() << QString();
    QTest::newRow("no transition")
        << QList<TrayIcon::Event>{makeEvent(QStringLiteral("A"), Transition::None)} << QString()
        << QString();
    QTest::newRow("one offline")
        << QList<TrayIcon::Event>{makeEvent(QStringLiteral("Garage"), Transition::WentOffline,
                                            reason)}
        << QStringLiteral("Camera offline")
        << QStringLiteral("Garage went offline: 127.0.0.1:6000 closed the connection.");
    QTest::newRow("one offline, no reason")
        << QList<TrayIcon::Event>{makeEvent(QStringLiteral("Garage"), Transition::WentOffline)}
        << QStringLiteral("Camera offline") << QStringLiteral("Garage went offline");
    QTest::newRow("one back") << QList<TrayIcon::Event>{makeEvent(QStringLiteral("Garage"),
                                                                  Transition::CameBack)}
                              << QStringLiteral("Camera back online")
                              << QStringLiteral("Garage is back");
    QTest::newRow("three offline")
        << QList<TrayIcon::Event>{makeEvent(QStringLiteral("A"), Transition::WentOffline, reason),
                                  makeEvent(QStringLiteral("B"), Transition::WentOffline, reason),
                                  makeEvent(QStringLiteral("C"), Transition::WentOffline, reason)}
        << QStringLiteral("Cameras offline")
        << QStringLiteral("3 printers went offline: A, B and C");
    QTest::newRow("two back")
        << QList<TrayIcon::Event>{makeEvent(QStringLiteral("A"), Transition::CameBack),
                                  makeEvent(QStringLiteral("B"), Transition::CameBack)}
        << QStringLiteral("Cameras back online") << QStringLiteral("A and B are back");
    QTest::newRow("four offline: every name")
        << QList<TrayIcon::Event>{makeEvent(QStringLiteral("A"), Transition::WentOffline),
                                  makeEvent(QStringLiteral("B"), Transition::WentOffline),
                                  makeEvent(QStringLiteral("C"), Transition::WentOffline),
                                  makeEvent(QStringLiteral("D"), Transition::WentOffline)}
        << QStringLiteral("Cameras offline")
        << QStringLiteral("4 printers went offline: A, B, C and D");
    QList<TrayIcon::Event> farmOffline;
    QList<TrayIcon::Event> farmBack;
    for (char name = 'A'; name < 'A' + 24; ++name) {
        farmOffline << makeEvent(QString(QLatin1Char(name)), Transition::WentOffline, reason);
        farmBack << makeEvent(QString(QLatin1Char(name)), Transition::CameBack);
    }
    QTest::newRow("24 offline: three names and a count")
        << farmOffline << QStringLiteral("Cameras offline")
        << QStringLiteral("24 printers went offline: A, B, C and 21 more");
    QTest::newRow("24 back: three names and a count")
        << farmBack << QStringLiteral("Cameras back online")
        << QStringLiteral("A, B, C and 21 more are back");
    QTest::newRow("one offline, one back")
        << QList<TrayIcon::Event>{makeEvent(QStringLiteral("A"), Transition::WentOffline, reason),
                                  makeEvent(QStringLiteral("B"), Transition::CameBack)}
        << QStringLiteral("Camera offline")
        << QStringLiteral("A went offline: 127.0.0.1:6000 closed the connection.\nB is back");
}

void TestTrayIcon::notificationText()
{
    QFETCH(QList<TrayIcon::Event>, events);
    QFETCH(QString, title);
    QFETCH(QString, message);

    const TrayIcon::Notification notification = TrayIcon::notificationFor(events);
    QCOMPARE(notification.isNull(), message.isEmpty());
    QCOMPARE(notification.title, title);
    QCOMPARE(notification.message, message);
}

void TestTrayIcon::followsFarmHealth()
{
    TrayIcon tray(m_farm.get(), m_settings.get());
    QCOMPARE(tray.appearance().level, Level::NoPrinters);
    QCOMPARE(tray.systemTrayIcon()->toolTip(), QStringLiteral("FarmCam — No printers configured"));
    QVERIFY(!tray.systemTrayIcon()->icon().isNull());
    QCOMPARE(tray.isAvailable(), QSystemTrayIcon::isSystemTrayAvailable());

    // The farm pushes; the tray never asks.
    const FarmHealth::Summary live = FarmHealth::summarize(
        {status(QStringLiteral("A"), State::Up, Failure::None, QStringLiteral("Live"))});
    emit m_farm->healthChanged(live);
    QCOMPARE(tray.appearance().level, Level::AllLive);
    QCOMPARE(tray.appearance().color, FarmHealth::colorFor(Level::AllLive));
    QCOMPARE(tray.systemTrayIcon()->toolTip(), live.tooltip);

    // A real printer that cannot connect: the farm reports it, the tray follows.
    QVERIFY(addPrinter(QStringLiteral("Unplugged"), TestSupport::closedLoopbackPort()));
    QTRY_COMPARE_WITH_TIMEOUT(tray.appearance().level, Level::AllDown, kTimeoutMs);
    QVERIFY(tray.systemTrayIcon()->toolTip().startsWith(
        QStringLiteral("FarmCam — 0 of 1 camera live\nUnplugged: ")));
}

void TestTrayIcon::menuActions()
{
    TrayIcon tray(m_farm.get(), m_settings.get());
    QMenu *menu = tray.contextMenu();
    QVERIFY(menu);
    QCOMPARE(tray.systemTrayIcon()->contextMenu(), menu);
    auto *showHide = menu->findChild<QAction *>(QStringLiteral("showHideAction"));
    auto *snapshotAll = menu->findChild<QAction *>(QStringLiteral("snapshotAllAction"));
    auto *quit = menu->findChild<QAction *>(QStringLiteral("quitAction"));
    QVERIFY(showHide && snapshotAll && quit);

    QSignalSpy showHideSpy(&tray, &TrayIcon::showHideRequested);
    QSignalSpy snapshotSpy(&tray, &TrayIcon::snapshotAllRequested);
    QSignalSpy quitSpy(&tray, &TrayIcon::quitRequested);

    showHide->trigger();
    QCOMPARE(showHideSpy.count(), 1);
    emit tray.systemTrayIcon()->activated(QSystemTrayIcon::Trigger); // a click on the icon
    QCOMPARE(showHideSpy.count(), 2);
    emit tray.systemTrayIcon()->activated(QSystemTrayIcon::Context); // that opens the menu
    QCOMPARE(showHideSpy.count(), 2);

    // Nothing live, nothing to snapshot.
    QVERIFY(!snapshotAll->isEnabled());
    emit m_farm->healthChanged(FarmHealth::summarize({status(QStringLiteral("A"), State::Up)}));
    QVERIFY(snapshotAll->isEnabled());
    snapshotAll->trigger();
    QCOMPARE(snapshotSpy.count(), 1);

    quit->trigger();
    QCOMPARE(quitSpy.count(), 1);

    tray.setWindowShown(true);
    QCOMPARE(showHide->text(), QStringLiteral("&Hide FarmCam"));
    tray.setWindowShown(false);
    QCOMPARE(showHide->text(), QStringLiteral("&Show FarmCam"));
}

void TestTrayIcon::notifiesOnlyWhenEnabled_data()
{
    QTest::addColumn<bool>("enabled");
    QTest::newRow("enabled") << true;
    QTest::newRow("disabled") << false;
}

void TestTrayIcon::notifiesOnlyWhenEnabled()
{
    QFETCH(bool, enabled);

    m_settings->setValue(AppSettings::Key::NotifyStateChanges, enabled);
    Printer *first = addPrinter(QStringLiteral("First"), TestSupport::closedLoopbackPort());
    Printer *second = addPrinter(QStringLiteral("Second"), TestSupport::closedLoopbackPort());
    QVERIFY(first && second);
    m_farm->stopAll();

    TrayIcon tray(m_farm.get(), m_settings.get());
    tray.setNotificationDelay(std::chrono::milliseconds(0));
    tray.setBackOnlineDelay(std::chrono::milliseconds(0));
    QSignalSpy posted(&tray, &TrayIcon::notificationPosted);

    emit m_farm->printerTransition(first, Transition::WentOffline);
    // Then a marker that always notifies: whatever arrives first shows whether the first one did.
    m_settings->setValue(AppSettings::Key::NotifyStateChanges, true);
    emit m_farm->printerTransition(second, Transition::CameBack);

    QTRY_COMPARE_WITH_TIMEOUT(posted.count(), enabled ? 2 : 1, kTimeoutMs);
    if (enabled) {
        QCOMPARE(posted.at(0).at(1).toString(),
                 QStringLiteral("First went offline: %1").arg(first->camera()->statusText()));
        QCOMPARE(posted.at(1).at(1).toString(), QStringLiteral("Second is back"));
    } else {
        QCOMPARE(posted.at(0).at(1).toString(), QStringLiteral("Second is back"));
    }
}

void TestTrayIcon::groupsTransitionsAndDropsBlips()
{
    Printer *a = addPrinter(QStringLiteral("A"), TestSupport::closedLoopbackPort());
    Printer *b = addPrinter(QStringLiteral("B"), TestSupport::closedLoopbackPort());
    Printer *c = addPrinter(QStringLiteral("C"), TestSupport::closedLoopbackPort());
    QVERIFY(a && b && c);
    m_farm->stopAll();

    TrayIcon tray(m_farm.get(), m_settings.get());
    tray.setNotificationDelay(std::chrono::milliseconds(200));
    tray.setBackOnlineDelay(std::chrono::milliseconds(200));
    QSignalSpy posted(&tray, &TrayIcon::notificationPosted);

    // A router reboot: two printers at once, one bubble.
    emit m_farm->printerTransition(a, Transition::WentOffline);
    emit m_farm->printerTransition(b, Transition::WentOffline);
    QTRY_COMPARE_WITH_TIMEOUT(posted.count(), 1, kTimeoutMs);
    QCOMPARE(posted.at(0).at(0).toString(), QStringLiteral("Cameras offline"));
    QCOMPARE(posted.at(0).at(1).toString(), QStringLiteral("2 printers went offline: A and B"));

    // C drops out and is back within the delay: a blip, not news. Then A comes back.
    emit m_farm->printerTransition(c, Transition::WentOffline);
    emit m_farm->printerTransition(c, Transition::CameBack);
    emit m_farm->printerTransition(a, Transition::CameBack);
    QTRY_COMPARE_WITH_TIMEOUT(posted.count(), 2, kTimeoutMs);
    QCOMPARE(posted.at(1).at(1).toString(), QStringLiteral("A is back"));
}

void TestTrayIcon::returnsAtDifferentTimesMakeOneBubble()
{
    QList<Printer *> printers;
    for (const char *name : {"A", "B", "C", "D", "E"}) {
        printers << addPrinter(QLatin1String(name), TestSupport::closedLoopbackPort());
        QVERIFY(printers.constLast());
    }
    m_farm->stopAll();

    TrayIcon tray(m_farm.get(), m_settings.get());
    tray.setNotificationDelay(std::chrono::milliseconds(100));
    tray.setBackOnlineDelay(std::chrono::milliseconds(500));
    QSignalSpy posted(&tray, &TrayIcon::notificationPosted);

    // The outage: every printer in one bubble, with a few names.
    for (Printer *printer : std::as_const(printers))
        emit m_farm->printerTransition(printer, Transition::WentOffline);
    QTRY_COMPARE_WITH_TIMEOUT(posted.count(), 1, kTimeoutMs);
    QCOMPARE(posted.at(0).at(1).toString(),
             QStringLiteral("5 printers went offline: A, B, C and 2 more"));

    // They come back one by one, each after its own backoff: collected, not one bubble each.
    emit m_farm->printerTransition(printers.at(2), Transition::CameBack);
    QCoreApplication::processEvents();
    emit m_farm->printerTransition(printers.at(0), Transition::CameBack);
    QCoreApplication::processEvents();
    emit m_farm->printerTransition(printers.at(4), Transition::CameBack);
    QCOMPARE(posted.count(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(posted.count(), 2, kTimeoutMs);
    QCOMPARE(posted.at(1).at(0).toString(), QStringLiteral("Cameras back online"));
    QCOMPARE(posted.at(1).at(1).toString(), QStringLiteral("C, A and E are back"));

    // Bad news does not wait for returns still being collected (an hour here): it goes out after
    // its own short delay and takes them along.
    tray.setBackOnlineDelay(std::chrono::hours(1));
    emit m_farm->printerTransition(printers.at(1), Transition::CameBack);
    emit m_farm->printerTransition(printers.at(0), Transition::WentOffline);
    QTRY_COMPARE_WITH_TIMEOUT(posted.count(), 3, kTimeoutMs);
    QCOMPARE(posted.at(2).at(1).toString(), QStringLiteral("A went offline: Stopped\nB is back"));
}

void TestTrayIcon::wentOfflineEndToEnd()
{
    auto simulator = std::make_unique<PrinterSimulator>();
    simulator->setName(QStringLiteral("Sim"));
    simulator->setAccessCode(kCode);
    simulator->setFramesPerSecond(10);
    QVERIFY(simulator->listen(QHostAddress::LocalHost, 0));

    TrayIcon tray(m_farm.get(), m_settings.get());
    tray.setNotificationDelay(std::chrono::milliseconds(0));
    tray.setBackOnlineDelay(std::chrono::milliseconds(0));
    QSignalSpy posted(&tray, &TrayIcon::notificationPosted);

    Printer *printer = addPrinter(QStringLiteral("Bench P1S"), simulator->serverPort());
    QVERIFY(printer);
    QTRY_COMPARE_WITH_TIMEOUT(tray.appearance().level, Level::AllLive, kTimeoutMs);
    QCOMPARE(posted.count(), 0); // the first connection is not news

    const quint16 port = simulator->serverPort();
    simulator->close(); // the printer switches off
    QTRY_COMPARE_WITH_TIMEOUT(posted.count(), 1, kTimeoutMs);
    QCOMPARE(posted.at(0).at(0).toString(), QStringLiteral("Camera offline"));
    const QString message = posted.at(0).at(1).toString();
    QVERIFY2(message.startsWith(QStringLiteral("Bench P1S went offline: ")), qPrintable(message));
    QVERIFY2(message.size() > QStringLiteral("Bench P1S went offline: ").size(),
             qPrintable(message));
    QVERIFY(!message.contains(kCode));
    QTRY_VERIFY_WITH_TIMEOUT(tray.appearance().level != Level::AllLive, kTimeoutMs);

    // And on again: the camera reconnects by itself, and that is news too.
    QVERIFY(simulator->listen(QHostAddress::LocalHost, port));
    QTRY_COMPARE_WITH_TIMEOUT(posted.count(), 2, kTimeoutMs);
    QCOMPARE(posted.at(1).at(0).toString(), QStringLiteral("Camera back online"));
    QCOMPARE(posted.at(1).at(1).toString(), QStringLiteral("Bench P1S is back"));
    QCOMPARE(tray.appearance().level, Level::AllLive);
}

void TestTrayIcon::printNotificationText_data()
{
    using Kind = PrintAlerts::Kind;
    QTest::addColumn<QList<Kind>>("kinds");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QStringList>("lines");
    QTest::addColumn<bool>("warning");

    QTest::newRow("nothing") << QList<Kind>{} << QString() << QStringList{} << false;
    QTest::newRow("one finished") << QList<Kind>{Kind::PrintFinished}
                                  << QStringLiteral("Print finished")
                                  << QStringList{QStringLiteral("P1 finished")} << false;
    QTest::newRow("one failed") << QList<Kind>{Kind::PrintFailed} << QStringLiteral("Print failed")
                                << QStringList{QStringLiteral("P1 failed")} << true;
    QTest::newRow("finished and paused together: one bubble, a warning")
        << QList<Kind>{Kind::PrintFinished, Kind::PrintPausedForError}
        << QStringLiteral("2 printers need attention")
        << QStringList{QStringLiteral("P1 finished"), QStringLiteral("P2 paused")} << true;
}

void TestTrayIcon::printNotificationText()
{
    QFETCH(QList<PrintAlerts::Kind>, kinds);
    QFETCH(QString, title);
    QFETCH(QStringList, lines);
    QFETCH(bool, warning);

    QList<PrintAlerts::Alert> alerts;
    PrintAlerts::Observation after;
    after.jobName = QStringLiteral("benchy.3mf");
    after.printError = 0x07008011;
    for (qsizetype i = 0; i < kinds.size(); ++i)
        alerts.append(PrintAlerts::describe(kinds.at(i), QStringLiteral("P%1").arg(i + 1), after));

    const TrayIcon::Notification notification = TrayIcon::notificationFor(alerts);
    QCOMPARE(notification.isNull(), kinds.isEmpty());
    QCOMPARE(notification.title, title);
    QCOMPARE(notification.warning, warning);
    const QStringList shown = notification.message.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(shown.size(), lines.size());
    for (qsizetype i = 0; i < lines.size(); ++i) // each line starts with the printer and the news
        QVERIFY2(shown.at(i).startsWith(lines.at(i)), qPrintable(shown.at(i)));
}

void TestTrayIcon::printAlertsFollowTheirSwitches_data()
{
    QTest::addColumn<AppSettings::Key>("key");
    QTest::addColumn<QString>("finalState"); // after RUNNING
    QTest::addColumn<qint64>("printError");
    QTest::addColumn<QString>("title");

    QTest::newRow("finished") << AppSettings::Key::AlertPrintFinished << QStringLiteral("FINISH")
                              << qint64(0) << QStringLiteral("Print finished");
    QTest::newRow("failed") << AppSettings::Key::AlertPrintFailed << QStringLiteral("FAILED")
                            << qint64(0x03004006) << QStringLiteral("Print failed");
    QTest::newRow("paused for an error")
        << AppSettings::Key::AlertPrintPaused << QStringLiteral("PAUSE") << qint64(0x07008011)
        << QStringLiteral("Print paused");
}

void TestTrayIcon::printAlertsFollowTheirSwitches()
{
    QFETCH(AppSettings::Key, key);
    QFETCH(QString, finalState);
    QFETCH(qint64, printError);
    QFETCH(QString, title);

    const auto report = [](const QString &state, qint64 error) {
        return QStringLiteral(R"({"print":{"gcode_state":"%1","subtask_name":"benchy.3mf",)"
                              R"("print_error":%2}})")
            .arg(state)
            .arg(error)
            .toUtf8();
    };
    TrayIcon tray(m_farm.get(), m_settings.get());
    tray.setNotificationDelay(std::chrono::milliseconds(0));
    QSignalSpy posted(&tray, &TrayIcon::notificationPosted);

    // Switched off: nothing. The camera's own notifications are off too, so nothing else speaks.
    m_settings->setValue(AppSettings::Key::NotifyStateChanges, false);
    m_settings->setValue(key, false);
    Printer *off = addPrinter(QStringLiteral("Quiet"), TestSupport::closedLoopbackPort());
    QVERIFY(off);
    off->mergeStatusReport(report(QStringLiteral("RUNNING"), 0));
    off->mergeStatusReport(report(finalState, printError));
    QCOMPARE(off->printStatus().state, StatusReportMerger::parseState(finalState));

    // Switched on: one notification, through the farm's printAlert.
    m_settings->setValue(key, true);
    Printer *on = addPrinter(QStringLiteral("Loud"), TestSupport::closedLoopbackPort());
    QVERIFY(on);
    on->mergeStatusReport(report(QStringLiteral("RUNNING"), 0));
    on->mergeStatusReport(report(finalState, printError));
    QTRY_COMPARE_WITH_TIMEOUT(posted.count(), 1, kTimeoutMs);
    QCOMPARE(posted.at(0).at(0).toString(), title);
    QVERIFY2(posted.at(0).at(1).toString().startsWith(QStringLiteral("Loud ")),
             qPrintable(posted.at(0).at(1).toString()));
    QVERIFY(posted.at(0).at(1).toString().contains(QStringLiteral("benchy.3mf")));
}

void TestTrayIcon::printProblemTurnsTheIconRed()
{
    Printer *printer = addPrinter(QStringLiteral("P1S"), TestSupport::closedLoopbackPort());
    QVERIFY(printer);
    TrayIcon tray(m_farm.get(), m_settings.get());
    const QColor before = tray.appearance().color;
    printer->mergeStatusReport(R"({"print":{"gcode_state":"FAILED","print_error":50348038}})");
    QTRY_COMPARE_WITH_TIMEOUT(tray.appearance().color,
                              FarmHealth::colorFor(FarmHealth::Level::AllDown), kTimeoutMs);
    QVERIFY(before != tray.appearance().color || m_farm->health().level == Level::AllDown);
    QVERIFY2(tray.appearance().toolTip.contains(QStringLiteral("1 print failed")),
             qPrintable(tray.appearance().toolTip));
}

void TestTrayIcon::hiddenToTrayIsSaidOnce()
{
    {
        TrayIcon tray(m_farm.get(), m_settings.get());
        QSignalSpy posted(&tray, &TrayIcon::notificationPosted);
        tray.notifyHiddenToTray();
        QCOMPARE(posted.count(), 1);
        QCOMPARE(posted.at(0).at(0).toString(), QStringLiteral("FarmCam keeps running"));
        tray.notifyHiddenToTray(); // the second close of the session
        QCOMPARE(posted.count(), 1);
    }
    // Remembered: the next start does not say it again.
    AppSettings reread(m_settings->filePath());
    QVERIFY(reread.value(AppSettings::Key::TrayHintShown).toBool());
    PrinterFarm farm(&reread, m_credentials.get());
    farm.setPersistent(false);
    TrayIcon tray(&farm, &reread);
    QSignalSpy posted(&tray, &TrayIcon::notificationPosted);
    tray.notifyHiddenToTray();
    QCOMPARE(posted.count(), 0);
}

void TestTrayIcon::snapshotNotification_data()
{
    QTest::addColumn<int>("saved");
    QTest::addColumn<int>("failed");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("message");

    QTest::newRow("one") << 1 << 0 << QStringLiteral("Snapshots saved")
                         << QStringLiteral("Saved 1 snapshot in /shots");
    QTest::newRow("four") << 4 << 0 << QStringLiteral("Snapshots saved")
                          << QStringLiteral("Saved 4 snapshots in /shots");
    QTest::newRow("three, one failed")
        << 3 << 1 << QStringLiteral("Snapshots saved")
        << QStringLiteral("Saved 3 snapshots in /shots\n1 snapshot could not be saved: open "
                          "FarmCam for the reason.");
    QTest::newRow("all failed") << 0 << 2 << QStringLiteral("No snapshots saved")
                                << QStringLiteral("2 snapshots could not be saved: open FarmCam "
                                                  "for the reasons.");
    QTest::newRow("no pictures yet")
        << 0 << 0 << QStringLiteral("No snapshots saved")
        << QStringLiteral("No camera has sent a picture yet: nothing was saved.");
}

void TestTrayIcon::snapshotNotification()
{
    QFETCH(int, saved);
    QFETCH(int, failed);
    QFETCH(QString, title);
    QFETCH(QString, message);

    TrayIcon tray(m_farm.get(), m_settings.get());
    QSignalSpy posted(&tray, &TrayIcon::notificationPosted);
    tray.notifySnapshots(saved, failed, QStringLiteral("/shots"));
    QCOMPARE(posted.count(), 1); // at once: the user just asked
    QCOMPARE(posted.at(0).at(0).toString(), title);
    QCOMPARE(posted.at(0).at(1).toString(), message);
}

void TestTrayIcon::videoNotificationsOpenTheirFile()
{
    TrayIcon tray(m_farm.get(), m_settings.get());
    QSignalSpy posted(&tray, &TrayIcon::notificationPosted);
    tray.notifyVideo(
        TrayIcon::timelapseNotificationFor(QStringLiteral("benchy.3mf"), QStringLiteral("Bay 1")),
        QStringLiteral("/videos/Bay-1/timelapse.mp4"));
    QCOMPARE(posted.count(), 1);
    QCOMPARE(posted.at(0).at(0).toString(), QStringLiteral("Timelapse of benchy.3mf is ready"));
    QCOMPARE(tray.clickOpens(), QStringLiteral("/videos/Bay-1/timelapse.mp4"));

    tray.notifyVideo(TrayIcon::clipNotificationFor(QStringLiteral("Bay 2")),
                     QStringLiteral("/videos/Bay-2/failure.mp4"));
    QCOMPARE(posted.at(1).at(0).toString(), QStringLiteral("Failure clip of Bay 2 saved"));
    // Only the newest bubble shows: a click is about it.
    QCOMPARE(tray.clickOpens(), QStringLiteral("/videos/Bay-2/failure.mp4"));

    // Another kind of bubble opens nothing when clicked.
    tray.notifySnapshots(1, 0, QStringLiteral("/shots"));
    QVERIFY(tray.clickOpens().isEmpty());
}

QTEST_MAIN(TestTrayIcon)
#include "tst_trayicon.moc"
