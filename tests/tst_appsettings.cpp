#include "model/appsettings.h"

#include <QDir>
#include <QFile>
#include <QMetaEnum>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using Key = AppSettings::Key;

namespace {

PrinterConfig makePrinter(const QString &name, const QString &host, quint16 port = 6000,
                          const QString &serial = {})
{
    PrinterConfig config;
    config.id = QUuid::createUuid();
    config.name = name;
    config.host = host;
    config.port = port;
    config.serial = serial;
    return config;
}

void writeFile(const QString &path, const QByteArray &contents)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(contents);
}

} // namespace

class tst_AppSettings : public QObject
{
    Q_OBJECT

private slots:
    void init();

    void everyKeyHasADefault();
    void defaults();
    void defaultFilePath();
    void roundTrip_data();
    void roundTrip();
    void changedEmittedOnlyOnRealChange();
    void settingTheDefaultIsNoChange();
    void invalidValueResetsToDefault();
    void wrongTypeIsIgnored();
    void unreadableStoredValueFallsBackToDefault();
    void printersRoundTrip();
    void printersChangedOnlyOnChange();
    void shorterPrinterListLeavesNothingBehind();
    void handEditedPrinters();
    void cameraKindFromOlderAndHandWrittenFiles();
    void syncReportsErrorsAndRecovers();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

void tst_AppSettings::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("farmcam.conf"));
}

void tst_AppSettings::everyKeyHasADefault()
{
    AppSettings settings(m_path);
    const QMetaEnum keys = QMetaEnum::fromType<Key>();
    QVERIFY(keys.keyCount() > 0);
    for (int i = 0; i < keys.keyCount(); ++i) {
        const auto key = static_cast<Key>(keys.value(i));
        QVERIFY2(AppSettings::defaultValue(key).isValid(), keys.key(i));
        QCOMPARE(settings.value(key), AppSettings::defaultValue(key));
    }
}

void tst_AppSettings::defaults()
{
    AppSettings settings(m_path);
    const QString pictures = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    QCOMPARE(settings.snapshotFolder(),
             (pictures.isEmpty() ? QDir::homePath() : pictures) + QStringLiteral("/FarmCam"));
    QCOMPARE(settings.gridColumns(), 0);
    QCOMPARE(settings.keepRunningInTray(), true);
    QCOMPARE(settings.notifyStateChanges(), true);
    // Sharing is off, and on loopback only, until the user decides otherwise.
    QCOMPARE(settings.sharingEnabled(), false);
    QCOMPARE(settings.value(Key::SharingAddress).toString(), QStringLiteral("127.0.0.1"));
    QCOMPARE(settings.value(Key::SharingPort).toInt(), 8080);
    QCOMPARE(settings.value(Key::WindowGeometry).toByteArray(), QByteArray());
    QCOMPARE(settings.value(Key::WindowState).toByteArray(), QByteArray());
    QVERIFY(settings.printers().isEmpty());
    QCOMPARE(settings.filePath(), m_path);
    // Reading creates nothing.
    QVERIFY(!QFile::exists(m_path));
}

void tst_AppSettings::defaultFilePath()
{
    const QString path = AppSettings::defaultFilePath();
    QVERIFY(
        path.startsWith(QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)));
    QVERIFY(path.endsWith(QStringLiteral("/FarmCam/farmcam.conf")));
}

void tst_AppSettings::roundTrip_data()
{
    QTest::addColumn<Key>("key");
    QTest::addColumn<QVariant>("value");

    QTest::newRow("snapshot folder")
        << Key::SnapshotFolder << QVariant(QStringLiteral("/srv/farm cam/snaps ü"));
    QTest::newRow("grid columns") << Key::GridColumns << QVariant(4);
    QTest::newRow("keep running in tray") << Key::KeepRunningInTray << QVariant(false);
    QTest::newRow("tray hint shown") << Key::TrayHintShown << QVariant(true);
    QTest::newRow("notify state changes") << Key::NotifyStateChanges << QVariant(false);
    QTest::newRow("alert print finished") << Key::AlertPrintFinished << QVariant(false);
    QTest::newRow("alert print failed") << Key::AlertPrintFailed << QVariant(false);
    QTest::newRow("alert print paused") << Key::AlertPrintPaused << QVariant(false);
    QTest::newRow("sort by state") << Key::SortByState << QVariant(true);
    QTest::newRow("discovery enabled") << Key::DiscoveryEnabled << QVariant(false);
    QTest::newRow("window geometry")
        << Key::WindowGeometry << QVariant(QByteArray("\x01\xd9\xd0\xcb\x00\x03\x00", 7));
    QTest::newRow("window state") << Key::WindowState << QVariant(QByteArray(300, '\xff'));
    QTest::newRow("sharing enabled") << Key::SharingEnabled << QVariant(true);
    QTest::newRow("sharing address") << Key::SharingAddress << QVariant(QStringLiteral("::"));
    QTest::newRow("sharing port") << Key::SharingPort << QVariant(0);
    QTest::newRow("sharing certificate")
        << Key::SharingCertificateFile << QVariant(QStringLiteral("/etc/farmcam/cert ü.pem"));
    QTest::newRow("sharing key") << Key::SharingKeyFile << QVariant(QStringLiteral("/k.pem"));
}

void tst_AppSettings::roundTrip()
{
    QFETCH(Key, key);
    QFETCH(QVariant, value);
    QVERIFY(value != AppSettings::defaultValue(key));
    {
        AppSettings settings(m_path);
        settings.setValue(key, value);
        QCOMPARE(settings.value(key), value);
        QVERIFY(settings.sync());
    }
    AppSettings reopened(m_path);
    QCOMPARE(reopened.value(key), value);
    QCOMPARE(reopened.value(key).metaType(), AppSettings::defaultValue(key).metaType());
}

void tst_AppSettings::changedEmittedOnlyOnRealChange()
{
    AppSettings settings(m_path);
    QSignalSpy spy(&settings, &AppSettings::changed);
    settings.setValue(Key::GridColumns, 3);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).value<Key>(), Key::GridColumns);
    settings.setValue(Key::GridColumns, 3);
    QCOMPARE(spy.count(), 1);
    // The same value in another type is the same value.
    settings.setValue(Key::GridColumns, QStringLiteral("3"));
    QCOMPARE(spy.count(), 1);
    settings.setValue(Key::GridColumns, 5);
    QCOMPARE(spy.count(), 2);
    settings.setValue(Key::KeepRunningInTray, false);
    QCOMPARE(spy.count(), 3);
    QCOMPARE(spy.at(2).at(0).value<Key>(), Key::KeepRunningInTray);
}

void tst_AppSettings::settingTheDefaultIsNoChange()
{
    AppSettings settings(m_path);
    QSignalSpy spy(&settings, &AppSettings::changed);
    settings.setValue(Key::KeepRunningInTray, true);
    settings.setValue(Key::GridColumns, 0);
    settings.setValue(Key::SnapshotFolder, AppSettings::defaultValue(Key::SnapshotFolder));
    QCOMPARE(spy.count(), 0);
}

void tst_AppSettings::invalidValueResetsToDefault()
{
    AppSettings settings(m_path);
    settings.setValue(Key::GridColumns, 6);
    QSignalSpy spy(&settings, &AppSettings::changed);
    settings.setValue(Key::GridColumns, QVariant());
    QCOMPARE(spy.count(), 1);
    QCOMPARE(settings.gridColumns(), 0);
    settings.setValue(Key::GridColumns, QVariant());
    QCOMPARE(spy.count(), 1);
}

void tst_AppSettings::wrongTypeIsIgnored()
{
    AppSettings settings(m_path);
    QSignalSpy spy(&settings, &AppSettings::changed);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("wrong type")));
    settings.setValue(Key::GridColumns, QStringLiteral("three"));
    QCOMPARE(spy.count(), 0);
    QCOMPARE(settings.gridColumns(), 0);
}

void tst_AppSettings::unreadableStoredValueFallsBackToDefault()
{
    writeFile(m_path, "[window]\ngridColumns=lots\n[tray]\nkeepRunning=false\n");
    AppSettings settings(m_path);
    QCOMPARE(settings.gridColumns(), 0);
    QCOMPARE(settings.keepRunningInTray(), false);
}

void tst_AppSettings::printersRoundTrip()
{
    QList<PrinterConfig> printers = {
        makePrinter(QStringLiteral("P1S left"), QStringLiteral("192.168.1.20")),
        makePrinter(QStringLiteral("A1 mini, \"the small one\""), QStringLiteral("a1.local"), 6001,
                    QStringLiteral("0309DA123456789")),
        makePrinter(QStringLiteral("IPv6 = fun; really"), QStringLiteral("fe80::1%eth0")),
        makePrinter(QStringLiteral("Status off"), QStringLiteral("10.0.0.9")),
        makePrinter(QStringLiteral("Discovered"), QStringLiteral("10.0.0.10"), 6000,
                    QStringLiteral("01S00C123456789")),
    };
    printers[3].statusEnabled = false;
    printers[4].model = QStringLiteral("C12");
    printers[4].statusPort = 18883;
    printers[1].timelapse = PrinterConfig::TimelapseChoice::Off;
    printers[2].timelapse = PrinterConfig::TimelapseChoice::On;
    PrinterConfig x1c = makePrinter(QStringLiteral("X1C"), QStringLiteral("10.0.0.11"), 322);
    x1c.cameraKind = PrinterConfig::CameraKind::Rtsps;
    PrinterConfig stream
        = makePrinter(QStringLiteral("Other FarmCam"), QStringLiteral("127.0.0.1"));
    stream.cameraKind = PrinterConfig::CameraKind::MjpegHttp;
    stream.cameraUrl = QUrl(QStringLiteral("https://127.0.0.1:8443/cam/p1s/stream.mjpg"));
    stream.cameraUser = QStringLiteral("viewer");
    stream.statusEnabled = false;
    printers << x1c << stream;
    {
        AppSettings settings(m_path);
        settings.setPrinters(printers);
        QCOMPARE(settings.printers(), printers);
        settings.setValue(Key::GridColumns, 2);
        QVERIFY(settings.sync());
    }
    AppSettings reopened(m_path);
    QCOMPARE(reopened.printers(), printers);
    QCOMPARE(reopened.gridColumns(), 2);
}

void tst_AppSettings::printersChangedOnlyOnChange()
{
    AppSettings settings(m_path);
    QSignalSpy spy(&settings, &AppSettings::printersChanged);
    QList<PrinterConfig> printers = {makePrinter(QStringLiteral("A"), QStringLiteral("10.0.0.1"))};
    settings.setPrinters(printers);
    QCOMPARE(spy.count(), 1);
    settings.setPrinters(printers);
    QCOMPARE(spy.count(), 1);
    printers[0].name = QStringLiteral("B");
    settings.setPrinters(printers);
    QCOMPARE(spy.count(), 2);
    settings.setPrinters({});
    QCOMPARE(spy.count(), 3);
    QVERIFY(settings.printers().isEmpty());
}

void tst_AppSettings::shorterPrinterListLeavesNothingBehind()
{
    const PrinterConfig a = makePrinter(QStringLiteral("A"), QStringLiteral("10.0.0.1"));
    const PrinterConfig b = makePrinter(QStringLiteral("B"), QStringLiteral("10.0.0.2"));
    const PrinterConfig c = makePrinter(QStringLiteral("C"), QStringLiteral("10.0.0.3"));
    {
        AppSettings settings(m_path);
        settings.setPrinters({a, b, c});
        settings.setPrinters({c});
        QVERIFY(settings.sync());
    }
    AppSettings reopened(m_path);
    QCOMPARE(reopened.printers(), QList<PrinterConfig>({c}));
    QFile file(m_path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(!bytes.contains(a.id.toString().toLatin1()));
    QVERIFY(!bytes.contains(b.id.toString().toLatin1()));
}

// A file written by hand: an entry without id, a duplicated id, a port out of range.
void tst_AppSettings::cameraKindFromOlderAndHandWrittenFiles()
{
    // A file from before camera kinds: no kind, no port for a discovered X1C. Automatic follows
    // the model, and the port is the kind's.
    writeFile(m_path,
              "[printers]\n"
              "1\\id={00000000-0000-0000-0000-000000000001}\n1\\name=P1S\n1\\host=10.0.0.1\n"
              "1\\port=6000\n1\\model=C12\n"
              "2\\id={00000000-0000-0000-0000-000000000002}\n2\\name=X1C\n2\\host=10.0.0.2\n"
              "2\\model=BL-P001\n"
              "3\\id={00000000-0000-0000-0000-000000000003}\n3\\name=Forced\n3\\host=10.0.0.3\n"
              "3\\camera=rtsps\n"
              "4\\id={00000000-0000-0000-0000-000000000004}\n4\\name=Future\n4\\host=10.0.0.4\n"
              "4\\camera=webrtc\n"
              "size=4\n");
    AppSettings settings(m_path);
    const QList<PrinterConfig> printers = settings.printers();
    QCOMPARE(printers.size(), 4);
    using Kind = PrinterConfig::CameraKind;
    QCOMPARE(printers.at(0).cameraKind, Kind::Automatic);
    QCOMPARE(printers.at(0).effectiveCameraKind(), Kind::JpegStream);
    QCOMPARE(printers.at(0).port, quint16(6000));
    QCOMPARE(printers.at(1).effectiveCameraKind(), Kind::Rtsps);
    QCOMPARE(printers.at(1).port, quint16(322));
    QCOMPARE(printers.at(2).cameraKind, Kind::Rtsps);
    QCOMPARE(printers.at(2).port, quint16(322));
    QCOMPARE(printers.at(3).cameraKind, Kind::Automatic);
    QCOMPARE(printers.at(3).port, quint16(6000));
    // Files from before timelapses: every printer follows the farm-wide default.
    for (const PrinterConfig &printer : printers)
        QCOMPARE(printer.timelapse, PrinterConfig::TimelapseChoice::Default);
}

void tst_AppSettings::handEditedPrinters()
{
    writeFile(m_path,
              "[printers]\n"
              "size=4\n"
              "1\\name=No id\n1\\host=10.0.0.1\n"
              "2\\id={11111111-2222-3333-4444-555555555555}\n2\\name=Bad port\n2\\host=10.0.0.2\n"
              "2\\port=70000\n"
              "3\\id={11111111-2222-3333-4444-555555555555}\n3\\name=Twin\n3\\host=10.0.0.3\n"
              "4\\id={aaaaaaaa-2222-3333-4444-555555555555}\n4\\name=Bad host\n"
              "4\\host=http://x\n4\\port=6001\n");
    AppSettings settings(m_path);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("no id")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("invalid port")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("used twice")));
    const QList<PrinterConfig> printers = settings.printers();
    QCOMPARE(printers.size(), 3);
    QCOMPARE(printers.at(0).name, QStringLiteral("No id"));
    QVERIFY(!printers.at(0).id.isNull());
    QCOMPARE(printers.at(1).name, QStringLiteral("Bad port"));
    QCOMPARE(printers.at(1).port, PrinterConfig::kDefaultCameraPort);
    // Kept so that the user can fix it from the tile.
    QCOMPARE(printers.at(2).name, QStringLiteral("Bad host"));
    QCOMPARE(printers.at(2).port, quint16(6001));

    // The derived id is stable from one read to the next.
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("no id")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("invalid port")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("used twice")));
    QCOMPARE(settings.printers().at(0).id, printers.at(0).id);
}

void tst_AppSettings::syncReportsErrorsAndRecovers()
{
    // A regular file where the settings' folder should be: no one, not even root, can write there.
    const QString blocker = m_dir->filePath(QStringLiteral("blocker"));
    writeFile(blocker, "not a folder");
    const QString path = blocker + QStringLiteral("/farmcam.conf");

    AppSettings settings(path);
    settings.setValue(Key::GridColumns, 3);
    QString error;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("could not be saved")));
    QVERIFY(!settings.sync(&error));
    QVERIFY(error.contains(QDir::toNativeSeparators(path)));
    // The change is still pending...
    QCOMPARE(settings.gridColumns(), 3);

    // ... and written once writing works again.
    QVERIFY(QFile::remove(blocker));
    QVERIFY(QDir(m_dir->path()).mkdir(QStringLiteral("blocker")));
    error.clear();
    QVERIFY2(settings.sync(&error), qPrintable(error));
    AppSettings reopened(path);
    QCOMPARE(reopened.gridColumns(), 3);
}

QTEST_GUILESS_MAIN(tst_AppSettings)
#include "tst_appsettings.moc"
