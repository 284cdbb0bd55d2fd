#include "model/printerfarm.h"
#include "net/statusconnection.h"

#include "camera/jpegstream/jpegstreamcamera.h"
#include "frames/framehub.h"
#include "model/appsettings.h"
#include "model/filecredentialstore.h"
#include "model/memorycredentialstore.h"
#include "model/printer.h"
#include "sim/loopbackbroker.h"
#include "sim/printersimulator.h"
#include "testsupport.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QLoggingCategory>
#include <QPointer>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using Level = FarmHealth::Level;
using Transition = FarmHealth::Transition;
using namespace std::chrono_literals;

namespace {

const QString kSimCode = QStringLiteral("12345678");

// A small real JPEG: the farm cares about states, not pictures, and this needs no GUI.
QByteArray testJpeg()
{
    QImage image(64, 36, QImage::Format_RGB32);
    image.fill(Qt::darkCyan);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "JPEG");
    return bytes;
}

std::unique_ptr<PrinterSimulator> startSimulator(const QString &name, const QString &code)
{
    auto simulator = std::make_unique<PrinterSimulator>();
    simulator->setName(name);
    simulator->setAccessCode(code);
    simulator->setFramesPerSecond(10);
    const QByteArray jpeg = testJpeg();
    simulator->setFrameSource([jpeg](quint64) { return jpeg; });
    if (!simulator->listen(QHostAddress::LocalHost, 0))
        return nullptr;
    return simulator;
}

// A credential store that can be told to fail: the storage failure the farm must roll back from.
class FailingCredentialStore final : public CredentialStore
{
public:
    bool failWrites = false;

    QString description() const override { return QStringLiteral("test double"); }
    std::optional<QString> accessCode(const QUuid &id) const override
    {
        return m_inner.accessCode(id);
    }
    bool setAccessCode(const QUuid &id, const QString &code, QString *errorMessage) override
    {
        if (failWrites) {
            *errorMessage = QStringLiteral("The keychain is locked.");
            return false;
        }
        return m_inner.setAccessCode(id, code, errorMessage);
    }
    bool removeAccessCode(const QUuid &id, QString *errorMessage) override
    {
        if (failWrites) {
            *errorMessage = QStringLiteral("The keychain is locked.");
            return false;
        }
        return m_inner.removeAccessCode(id, errorMessage);
    }
    void setPrinterName(const QUuid &id, const QString &name) override { names.insert(id, name); }

    QHash<QUuid, QString> names; // what the farm told it, for the keyring's labels

private:
    MemoryCredentialStore m_inner;
};

// Two printers of one farm need different cameras: `host` tells apart printers that share the
// closed port (every 127.x.y.z address is loopback).
PrinterConfig makeConfig(const QString &name, quint16 port, const QString &serial = {},
                         const QString &host = QStringLiteral("127.0.0.1"))
{
    PrinterConfig config;
    config.name = name;
    config.host = host;
    config.port = port;
    config.serial = serial;
    return config;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

int modeBits(const QString &path)
{
    struct stat info = {};
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return -1;
    return static_cast<int>(info.st_mode & 07777);
}

// A printer's report of its print state, as a P1 sends it.
QByteArray report(const QString &gcodeState, qint64 printError = 0)
{
    return QStringLiteral(R"({"print":{"command":"push_status","gcode_state":"%1",)"
                          R"("subtask_name":"benchy","print_error":%2}})")
        .arg(gcodeState)
        .arg(printError)
        .toUtf8();
}

} // namespace

class tst_PrinterFarm : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void memoryCredentialStore();
    void printerSetConfig();
    void addUpdateRemove_data();
    void addUpdateRemove();
    void addAssignsIdAndTrims();
    void persistsAcrossRestart();
    void invalidInputIsRejected_data();
    void invalidInputIsRejected();
    void updateAndRemoveUnknownPrinter();
    void credentialFailureRollsBack();
    void settingsFailureRollsBackCredentials();
    void notPersistent();
    void loadWithoutAccessCode();
    void codeEnteredLaterStartsBothLinks();
    void otherCameraKindReplacesTheCamera();
    void refusesTheSamePrinterTwice_data();
    void refusesTheSamePrinterTwice();
    void loadSkipsTheSamePrinterTwice();
    void credentialStoreKnowsThePrintersNames();
    void setOrder();
    void healthChangedOnlyOnChange();

    // Against real simulated printers on 127.0.0.1.
    void reachesAllLive();
    void wrongCodeMakesSomeTrouble();
    void offlineAndBackAreAnnounced();
    void userChangesAreNotAnnounced();
    void certificateIsPinnedOnFirstUseAndSaved();
    void changedCertificateNeedsTheUser();
    void printAlertsFromReports_data();
    void printAlertsFromReports();
    void followAnnouncedAddress_data();
    void followAnnouncedAddress();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_settingsPath;
    QString m_credentialsPath;
    quint16 m_closedPort = 0;
};

void tst_PrinterFarm::initTestCase()
{
    // Every dial and state change of every camera is logged at debug/info level: too chatty here.
    QLoggingCategory::setFilterRules(
        QStringLiteral("farmcam.net.debug=false\nfarmcam.net.info=false\nfarmcam.sim.debug="
                       "false\nfarmcam.sim.info=false"));
}

void tst_PrinterFarm::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_settingsPath = m_dir->filePath(QStringLiteral("farmcam.conf"));
    m_credentialsPath = m_dir->filePath(QStringLiteral("credentials"));
    m_closedPort = TestSupport::closedLoopbackPort();
}

void tst_PrinterFarm::memoryCredentialStore()
{
    MemoryCredentialStore store;
    const QUuid id = QUuid::createUuid();
    QVERIFY(store.description().contains(QStringLiteral("memory")));
    QVERIFY(!store.accessCode(id).has_value());
    QString error;
    QVERIFY(store.setAccessCode(id, QStringLiteral("12345678"), &error));
    QCOMPARE(store.accessCode(id), QStringLiteral("12345678"));
    QVERIFY(!store.setAccessCode(QUuid(), QStringLiteral("12345678"), &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(store.removeAccessCode(id, &error));
    QVERIFY(!store.accessCode(id).has_value());
}

void tst_PrinterFarm::printerSetConfig()
{
    PrinterConfig config = makeConfig(QStringLiteral("P1S"), m_closedPort);
    config.id = QUuid::createUuid();
    Printer printer(config, QStringLiteral("12345678"));
    QCOMPARE(printer.config(), config);
    QCOMPARE(printer.id(), config.id);
    QCOMPARE(printer.name(), QStringLiteral("P1S"));
    QVERIFY(printer.camera());
    QCOMPARE(printer.camera()->parent(), &printer);
    QCOMPARE(printer.camera()->endpoint().host, config.host);
    QCOMPARE(printer.camera()->endpoint().port, config.port);
    QCOMPARE(printer.camera()->endpoint().user, QStringLiteral("bblp"));
    QCOMPARE(printer.camera()->endpoint().accessCode, QStringLiteral("12345678"));
    QCOMPARE(printer.camera()->state(), CameraSource::State::Idle); // the farm starts it

    QSignalSpy spy(&printer, &Printer::configChanged);
    printer.setConfig(config, QStringLiteral("12345678"));
    QCOMPARE(spy.count(), 0);
    printer.setConfig(config, QStringLiteral("87654321"));
    QCOMPARE(spy.count(), 1);
    QCOMPARE(printer.camera()->endpoint().accessCode, QStringLiteral("87654321"));
    config.name = QStringLiteral("P1S renamed");
    config.port = 6001;
    printer.setConfig(config, QStringLiteral("87654321"));
    QCOMPARE(spy.count(), 2);
    QCOMPARE(printer.name(), QStringLiteral("P1S renamed"));
    QCOMPARE(printer.camera()->endpoint().port, quint16(6001));
}

void tst_PrinterFarm::addUpdateRemove_data()
{
    QTest::addColumn<bool>("fileStore");
    QTest::newRow("memory credential store") << false;
    QTest::newRow("file credential store") << true;
}

void tst_PrinterFarm::addUpdateRemove()
{
    QFETCH(bool, fileStore);
    AppSettings settings(m_settingsPath);
    std::unique_ptr<CredentialStore> store;
    if (fileStore)
        store = std::make_unique<FileCredentialStore>(m_credentialsPath);
    else
        store = std::make_unique<MemoryCredentialStore>();
    PrinterFarm farm(&settings, store.get());
    QSignalSpy added(&farm, &PrinterFarm::printerAdded);
    QSignalSpy removed(&farm, &PrinterFarm::printerRemoved);

    // Add
    QString error;
    Printer *printer = farm.addPrinter(makeConfig(QStringLiteral("P1S"), m_closedPort),
                                       QStringLiteral("12345678"), &error);
    QVERIFY2(printer, qPrintable(error));
    const QUuid id = printer->id();
    QCOMPARE(added.count(), 1);
    QCOMPARE(added.at(0).at(0).value<Printer *>(), printer);
    QCOMPARE(farm.printers(), QList<Printer *>{printer});
    QCOMPARE(farm.printer(id), printer);
    QCOMPARE(printer->parent(), &farm);
    QCOMPARE(settings.printers(), QList<PrinterConfig>{printer->config()});
    QCOMPARE(store->accessCode(id), QStringLiteral("12345678"));
    QCOMPARE(farm.accessCode(id), QStringLiteral("12345678"));
    QVERIFY(printer->camera()->state() != CameraSource::State::Idle); // started
    QCOMPARE(AppSettings(m_settingsPath).printers().size(), 1); // on disk

    // Update
    QSignalSpy configChanged(printer, &Printer::configChanged);
    PrinterConfig config = printer->config();
    config.name = QStringLiteral("P1S left");
    config.port = m_closedPort;
    config.serial = QStringLiteral("01P00A123456789");
    QVERIFY2(farm.updatePrinter(config, QStringLiteral("87654321"), &error), qPrintable(error));
    QCOMPARE(configChanged.count(), 1);
    QCOMPARE(printer->config(), config);
    QCOMPARE(printer->camera()->endpoint().accessCode, QStringLiteral("87654321"));
    QCOMPARE(settings.printers(), QList<PrinterConfig>{config});
    QCOMPARE(AppSettings(m_settingsPath).printers(), QList<PrinterConfig>{config});
    QCOMPARE(store->accessCode(id), QStringLiteral("87654321"));
    QCOMPARE(farm.accessCode(id), QStringLiteral("87654321"));

    // Remove
    QPointer<Printer> watcher(printer);
    QVERIFY2(farm.removePrinter(id, &error), qPrintable(error));
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.at(0).at(0).value<QUuid>(), id);
    QVERIFY(farm.printers().isEmpty());
    QVERIFY(!farm.printer(id));
    QVERIFY(settings.printers().isEmpty());
    QVERIFY(AppSettings(m_settingsPath).printers().isEmpty());
    QVERIFY(!store->accessCode(id).has_value());
    QVERIFY(farm.accessCode(id).isEmpty());
    // Deleted later, not under the feet of whoever handles printerRemoved.
    QVERIFY(!watcher.isNull());
    QCOMPARE(watcher->camera()->state(), CameraSource::State::Idle);
    QTRY_VERIFY_WITH_TIMEOUT(watcher.isNull(), 10000);
}

void tst_PrinterFarm::addAssignsIdAndTrims()
{
    AppSettings settings(m_settingsPath);
    MemoryCredentialStore store;
    PrinterFarm farm(&settings, &store);
    PrinterConfig config = makeConfig(QStringLiteral("  Spaced  "), m_closedPort);
    config.host = QStringLiteral(" 127.0.0.1 ");
    QString error;
    Printer *a = farm.addPrinter(config, QStringLiteral("12345678"), &error);
    QVERIFY2(a, qPrintable(error));
    QVERIFY(!a->id().isNull());
    QCOMPARE(a->name(), QStringLiteral("Spaced"));
    QCOMPARE(a->config().host, QStringLiteral("127.0.0.1"));

    // A given id is kept; the same id twice is refused.
    config.id = QUuid::createUuid();
    config.host = QStringLiteral("127.0.0.2");
    Printer *b = farm.addPrinter(config, QStringLiteral("12345678"), &error);
    QVERIFY(b);
    QCOMPARE(b->id(), config.id);
    QVERIFY(!farm.addPrinter(config, QStringLiteral("12345678"), &error));
    QVERIFY(!error.isEmpty());
    QCOMPARE(farm.printers().size(), 2);
}

void tst_PrinterFarm::persistsAcrossRestart()
{
    const QString codeA = QStringLiteral("Zq7Xw9Kp");
    const QString codeB = QStringLiteral("Rt5Yu3Io");
    QList<PrinterConfig> configs;
    {
        AppSettings settings(m_settingsPath);
        FileCredentialStore store(m_credentialsPath);
        PrinterFarm farm(&settings, &store);
        QString error;
        QVERIFY2(farm.addPrinter(makeConfig(QStringLiteral("A"), m_closedPort), codeA, &error),
                 qPrintable(error));
        QVERIFY2(farm.addPrinter(makeConfig(QStringLiteral("B"), m_closedPort,
                                            QStringLiteral("0309DA123456789"),
                                            QStringLiteral("127.0.0.2")),
                                 codeB, &error),
                 qPrintable(error));
        settings.setValue(AppSettings::Key::GridColumns, 2);
        QVERIFY(settings.sync());
        for (const Printer *printer : farm.printers())
            configs.append(printer->config());
    }

    // The settings file holds no access code, not even in passing.
    const QByteArray settingsBytes = readAll(m_settingsPath);
    QVERIFY(settingsBytes.contains("0309DA123456789"));
    QVERIFY(!settingsBytes.contains(codeA.toLatin1()));
    QVERIFY(!settingsBytes.contains(codeB.toLatin1()));
    // The credential file holds them, readable by its owner only.
    const QByteArray credentialBytes = readAll(m_credentialsPath);
    QVERIFY(credentialBytes.contains(codeA.toLatin1()));
    const QFileDevice::Permissions permissions = QFile::permissions(m_credentialsPath);
    QVERIFY(permissions.testFlag(QFileDevice::ReadOwner));
    QVERIFY(permissions.testFlag(QFileDevice::WriteOwner));
    QVERIFY(!(permissions
              & (QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup
                 | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther)));
    QCOMPARE(modeBits(m_credentialsPath), 0600);

    AppSettings settings(m_settingsPath);
    FileCredentialStore store(m_credentialsPath);
    PrinterFarm farm(&settings, &store);
    QSignalSpy added(&farm, &PrinterFarm::printerAdded);
    farm.load();
    QCOMPARE(added.count(), 2);
    QCOMPARE(settings.gridColumns(), 2);
    QCOMPARE(farm.printers().size(), 2);
    QCOMPARE(farm.printers().at(0)->config(), configs.at(0));
    QCOMPARE(farm.printers().at(1)->config(), configs.at(1));
    QCOMPARE(farm.accessCode(configs.at(0).id), codeA);
    QCOMPARE(farm.accessCode(configs.at(1).id), codeB);
    QCOMPARE(farm.printers().at(1)->camera()->endpoint().accessCode, codeB);
    for (const Printer *printer : farm.printers())
        QVERIFY(printer->camera()->state() != CameraSource::State::Idle); // started

    // Loading again replaces the printers rather than doubling them.
    QSignalSpy removed(&farm, &PrinterFarm::printerRemoved);
    farm.load();
    QCOMPARE(removed.count(), 2);
    QCOMPARE(added.count(), 4);
    QCOMPARE(farm.printers().size(), 2);
    QCOMPARE(farm.printers().at(0)->config(), configs.at(0));
}

void tst_PrinterFarm::invalidInputIsRejected_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("serial");

    const QString host = QStringLiteral("127.0.0.1");
    const QString code = QStringLiteral("12345678");
    QTest::newRow("empty name") << QString() << host << 6000 << code << QString();
    QTest::newRow("host with port")
        << QStringLiteral("P") << QStringLiteral("127.0.0.1:6000") << 6000 << code << QString();
    QTest::newRow("url as host") << QStringLiteral("P") << QStringLiteral("http://127.0.0.1")
                                 << 6000 << code << QString();
    QTest::newRow("port 0") << QStringLiteral("P") << host << 0 << code << QString();
    QTest::newRow("empty code") << QStringLiteral("P") << host << 6000 << QString() << QString();
    QTest::newRow("code too long")
        << QStringLiteral("P") << host << 6000 << QString(33, u'1') << QString();
    QTest::newRow("bad serial") << QStringLiteral("P") << host << 6000 << code
                                << QStringLiteral("01P-00A");
}

void tst_PrinterFarm::invalidInputIsRejected()
{
    QFETCH(QString, name);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, code);
    QFETCH(QString, serial);

    AppSettings settings(m_settingsPath);
    FileCredentialStore store(m_credentialsPath);
    PrinterFarm farm(&settings, &store);
    QSignalSpy added(&farm, &PrinterFarm::printerAdded);

    PrinterConfig bad;
    bad.name = name;
    bad.host = host;
    bad.port = static_cast<quint16>(port);
    bad.serial = serial;
    QString error;
    QVERIFY(!farm.addPrinter(bad, code, &error));
    QVERIFY(!error.isEmpty());
    if (!code.isEmpty())
        QVERIFY(!error.contains(code));
    QCOMPARE(added.count(), 0);
    QVERIFY(farm.printers().isEmpty());
    QVERIFY(!QFile::exists(m_settingsPath));
    QVERIFY(!QFile::exists(m_credentialsPath));

    // The same checks guard an update: the printer keeps its old settings.
    Printer *printer = farm.addPrinter(makeConfig(QStringLiteral("Good"), m_closedPort),
                                       QStringLiteral("87654321"), &error);
    QVERIFY2(printer, qPrintable(error));
    const PrinterConfig good = printer->config();
    bad.id = good.id;
    error.clear();
    QVERIFY(!farm.updatePrinter(bad, code, &error));
    QVERIFY(!error.isEmpty());
    QCOMPARE(printer->config(), good);
    QCOMPARE(farm.accessCode(good.id), QStringLiteral("87654321"));
    QCOMPARE(AppSettings(m_settingsPath).printers(), QList<PrinterConfig>{good});
    QCOMPARE(FileCredentialStore(m_credentialsPath).accessCode(good.id),
             QStringLiteral("87654321"));
}

void tst_PrinterFarm::updateAndRemoveUnknownPrinter()
{
    AppSettings settings(m_settingsPath);
    MemoryCredentialStore store;
    PrinterFarm farm(&settings, &store);
    PrinterConfig config = makeConfig(QStringLiteral("Ghost"), m_closedPort);
    config.id = QUuid::createUuid();
    QString error;
    QVERIFY(!farm.updatePrinter(config, QStringLiteral("12345678"), &error));
    QVERIFY(!error.isEmpty());
    error.clear();
    QVERIFY(!farm.removePrinter(config.id, &error));
    QVERIFY(!error.isEmpty());
}

void tst_PrinterFarm::credentialFailureRollsBack()
{
    AppSettings settings(m_settingsPath);
    FailingCredentialStore store;
    PrinterFarm farm(&settings, &store);
    QString error;
    Printer *printer = farm.addPrinter(makeConfig(QStringLiteral("Kept"), m_closedPort),
                                       QStringLiteral("12345678"), &error);
    QVERIFY2(printer, qPrintable(error));
    const PrinterConfig kept = printer->config();
    QSignalSpy added(&farm, &PrinterFarm::printerAdded);
    QSignalSpy removed(&farm, &PrinterFarm::printerRemoved);
    store.failWrites = true;

    // Add: nothing of the new printer is saved.
    QVERIFY(!farm.addPrinter(
        makeConfig(QStringLiteral("New"), m_closedPort, {}, QStringLiteral("127.0.0.2")),
        QStringLiteral("12345678"), &error));
    QCOMPARE(error, QStringLiteral("The keychain is locked."));
    QCOMPARE(added.count(), 0);
    QCOMPARE(farm.printers().size(), 1);
    QCOMPARE(settings.printers(), QList<PrinterConfig>{kept});

    // Update: neither the new name nor the new code.
    PrinterConfig renamed = kept;
    renamed.name = QStringLiteral("Renamed");
    QVERIFY(!farm.updatePrinter(renamed, QStringLiteral("87654321"), &error));
    QCOMPARE(printer->config(), kept);
    QCOMPARE(settings.printers(), QList<PrinterConfig>{kept});
    QCOMPARE(AppSettings(m_settingsPath).printers(), QList<PrinterConfig>{kept});
    QCOMPARE(farm.accessCode(kept.id), QStringLiteral("12345678"));
    QCOMPARE(printer->camera()->endpoint().accessCode, QStringLiteral("12345678"));

    // Remove: the printer stays, in memory and on disk.
    QVERIFY(!farm.removePrinter(kept.id, &error));
    QCOMPARE(removed.count(), 0);
    QCOMPARE(farm.printers().size(), 1);
    QCOMPARE(AppSettings(m_settingsPath).printers(), QList<PrinterConfig>{kept});

    // A rename with the same code does not need the store.
    QVERIFY2(farm.updatePrinter(renamed, QStringLiteral("12345678"), &error), qPrintable(error));
    QCOMPARE(printer->name(), QStringLiteral("Renamed"));
}

void tst_PrinterFarm::settingsFailureRollsBackCredentials()
{
    // A regular file where the settings' folder should be.
    const QString blocker = m_dir->filePath(QStringLiteral("blocker"));
    {
        QFile file(blocker);
        QVERIFY(file.open(QIODevice::WriteOnly));
    }
    AppSettings settings(blocker + QStringLiteral("/farmcam.conf"));
    FileCredentialStore store(m_credentialsPath);
    PrinterFarm farm(&settings, &store);
    QSignalSpy added(&farm, &PrinterFarm::printerAdded);

    QString error;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("could not be saved")));
    QVERIFY(!farm.addPrinter(makeConfig(QStringLiteral("P"), m_closedPort),
                             QStringLiteral("Zq7Xw9Kp"), &error));
    QVERIFY(error.contains(QDir::toNativeSeparators(blocker)));
    QCOMPARE(added.count(), 0);
    QVERIFY(farm.printers().isEmpty());
    QVERIFY(settings.printers().isEmpty()); // taken back, not left pending
    QVERIFY(!readAll(m_credentialsPath).contains("Zq7Xw9Kp"));
}

void tst_PrinterFarm::notPersistent()
{
    AppSettings settings(m_settingsPath);
    FileCredentialStore store(m_credentialsPath);
    PrinterFarm farm(&settings, &store);
    farm.setPersistent(false);
    QVERIFY(!farm.isPersistent());

    QString error;
    Printer *printer = farm.addPrinter(makeConfig(QStringLiteral("Demo"), m_closedPort),
                                       QStringLiteral("12345678"), &error);
    QVERIFY2(printer, qPrintable(error));
    const QUuid id = printer->id();
    QCOMPARE(farm.accessCode(id), QStringLiteral("12345678"));
    PrinterConfig config = printer->config();
    config.name = QStringLiteral("Demo 2");
    QVERIFY(farm.updatePrinter(config, QStringLiteral("87654321"), &error));
    QCOMPARE(farm.accessCode(id), QStringLiteral("87654321"));
    QCOMPARE(printer->name(), QStringLiteral("Demo 2"));
    farm.setOrder({id});

    QVERIFY(settings.printers().isEmpty());
    QVERIFY(!store.accessCode(id).has_value());
    QVERIFY(farm.removePrinter(id, &error));
    QVERIFY(farm.accessCode(id).isEmpty());

    QVERIFY(settings.sync());
    QVERIFY(!readAll(m_settingsPath).contains("Demo"));
    QVERIFY(!QFile::exists(m_credentialsPath));
}

void tst_PrinterFarm::loadWithoutAccessCode()
{
    PrinterConfig config = makeConfig(QStringLiteral("No code"), m_closedPort);
    config.id = QUuid::createUuid();
    {
        AppSettings settings(m_settingsPath);
        settings.setPrinters({config});
        QVERIFY(settings.sync());
    }
    AppSettings settings(m_settingsPath);
    MemoryCredentialStore store;
    PrinterFarm farm(&settings, &store);
    farm.load();
    QCOMPARE(farm.printers().size(), 1);
    const CameraSource *camera = farm.printers().at(0)->camera();
    // Shown, so the user can enter the code from the tile; no connection is attempted.
    QCOMPARE(camera->state(), CameraSource::State::Idle);
    QCOMPARE(camera->lastFailure(), CameraSource::Failure::InvalidSettings);
    QCOMPARE(farm.health().level, Level::AllDown);
}

void tst_PrinterFarm::refusesTheSamePrinterTwice_data()
{
    QTest::addColumn<bool>("persistent");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("portOffset"); // from the first printer's port
    QTest::addColumn<QString>("serial");
    QTest::addColumn<QString>("mentions");

    const QString camera = QStringLiteral("already uses this address and camera port");
    const QString serial = QStringLiteral("already has this serial number");
    for (const bool persistent : {true, false}) {
        const char *mode = persistent ? "saved" : "demo";
        QTest::addRow("%s: same address and port", mode)
            << persistent << QStringLiteral("127.0.0.1") << 0 << QString() << camera;
        QTest::addRow("%s: IPv4-mapped IPv6 spelling", mode)
            << persistent << QStringLiteral("::ffff:127.0.0.1") << 0 << QString() << camera;
        QTest::addRow("%s: same serial elsewhere", mode)
            << persistent << QStringLiteral("127.0.0.2") << 0 << QStringLiteral("01s00a123456789")
            << serial;
    }
}

void tst_PrinterFarm::refusesTheSamePrinterTwice()
{
    QFETCH(bool, persistent);
    QFETCH(QString, host);
    QFETCH(int, portOffset);
    QFETCH(QString, serial);
    QFETCH(QString, mentions);

    AppSettings settings(m_settingsPath);
    MemoryCredentialStore store;
    PrinterFarm farm(&settings, &store);
    farm.setPersistent(persistent);
    QString error;
    Printer *first = farm.addPrinter(
        makeConfig(QStringLiteral("Garage"), m_closedPort, QStringLiteral("01S00A123456789")),
        kSimCode, &error);
    QVERIFY2(first, qPrintable(error));
    Printer *other = farm.addPrinter(
        makeConfig(QStringLiteral("Desk"), m_closedPort, {}, QStringLiteral("127.0.0.3")), kSimCode,
        &error);
    QVERIFY2(other, qPrintable(error));
    QSignalSpy added(&farm, &PrinterFarm::printerAdded);

    // Added a second time: refused, with the printer it collides with named.
    const PrinterConfig twice = makeConfig(QStringLiteral("Garage again"),
                                           quint16(m_closedPort + portOffset), serial, host);
    QVERIFY(!farm.addPrinter(twice, kSimCode, &error));
    QVERIFY2(error.startsWith(QStringLiteral("“Garage” ")), qPrintable(error));
    QVERIFY2(error.contains(mentions), qPrintable(error));
    QCOMPARE(added.count(), 0);
    QCOMPARE(farm.printers().size(), 2);
    if (persistent)
        QCOMPARE(settings.printers().size(), 2);

    // Another printer edited into the same one: refused too, and left as it was.
    PrinterConfig moved = twice;
    moved.id = other->id();
    moved.name = other->name();
    const PrinterConfig before = other->config();
    QVERIFY(!farm.updatePrinter(moved, kSimCode, &error));
    QVERIFY2(error.contains(mentions), qPrintable(error));
    QCOMPARE(other->config(), before);

    // A printer is never in conflict with itself.
    PrinterConfig renamed = first->config();
    renamed.name = QStringLiteral("Garage P1S");
    QVERIFY2(farm.updatePrinter(renamed, kSimCode, &error), qPrintable(error));
}

void tst_PrinterFarm::loadSkipsTheSamePrinterTwice()
{
    // Settings edited by hand: the same printer twice, once with its name in capitals.
    PrinterConfig first = makeConfig(QStringLiteral("First"), m_closedPort);
    first.id = QUuid::createUuid();
    first.host = QStringLiteral("localhost");
    PrinterConfig copy = first;
    copy.id = QUuid::createUuid();
    copy.name = QStringLiteral("Copy");
    copy.host = QStringLiteral("LOCALHOST.");
    PrinterConfig other
        = makeConfig(QStringLiteral("Other"), m_closedPort, {}, QStringLiteral("127.0.0.2"));
    other.id = QUuid::createUuid();
    {
        AppSettings settings(m_settingsPath);
        settings.setPrinters({first, copy, other});
        QVERIFY(settings.sync());
    }
    AppSettings settings(m_settingsPath);
    MemoryCredentialStore store;
    QString error;
    for (const PrinterConfig &config : {first, copy, other})
        QVERIFY(store.setAccessCode(config.id, kSimCode, &error));
    PrinterFarm farm(&settings, &store);
    QSignalSpy added(&farm, &PrinterFarm::printerAdded);
    TestSupport::LogCapture log;
    farm.load();

    // The first entry wins; the copy is neither a printer nor a connection.
    QCOMPARE(added.count(), 2);
    QCOMPARE(farm.printers().size(), 2);
    QCOMPARE(farm.printers().at(0)->id(), first.id);
    QCOMPARE(farm.printers().at(1)->id(), other.id);
    QVERIFY(!farm.printer(copy.id));
    const QStringList said = log.messages().filter(QStringLiteral("Not connecting Copy"));
    QCOMPARE(said.size(), 1);
    QVERIFY2(said.first().contains(QStringLiteral("“First” already uses this address")),
             qPrintable(said.first()));

    // The entry stays in the file for the user to correct, also when the farm saves.
    farm.setOrder({other.id, first.id});
    QCOMPARE(AppSettings(m_settingsPath).printers(), (QList<PrinterConfig>{other, first, copy}));
}

void tst_PrinterFarm::credentialStoreKnowsThePrintersNames()
{
    QUuid id;
    {
        AppSettings settings(m_settingsPath);
        FailingCredentialStore store;
        PrinterFarm farm(&settings, &store);
        QString error;
        Printer *printer
            = farm.addPrinter(makeConfig(QStringLiteral("Garage"), m_closedPort), kSimCode, &error);
        QVERIFY2(printer, qPrintable(error));
        id = printer->id();
        QCOMPARE(store.names.value(id), QStringLiteral("Garage"));
        PrinterConfig renamed = printer->config();
        renamed.name = QStringLiteral("Garage P1S");
        QVERIFY2(farm.updatePrinter(renamed, kSimCode, &error), qPrintable(error));
        QCOMPARE(store.names.value(id), QStringLiteral("Garage P1S"));
    }
    // At the next start, every printer with a code is named again (a keyring entry made before
    // FarmCam labelled them gets its label then).
    AppSettings settings(m_settingsPath);
    FailingCredentialStore store;
    QString error;
    QVERIFY(store.setAccessCode(id, kSimCode, &error));
    PrinterFarm farm(&settings, &store);
    farm.load();
    QCOMPARE(store.names.value(id), QStringLiteral("Garage P1S"));
}

void tst_PrinterFarm::codeEnteredLaterStartsBothLinks()
{
    // The keyring was locked at start: the printer loads without a code and stops with "invalid
    // settings". Entering the code (Edit printer…) must start its camera and its status link
    // alike, without a restart.
    auto simulator = startSimulator(QStringLiteral("Locked keyring"), kSimCode);
    QVERIFY(simulator);
    PrinterConfig config = makeConfig(QStringLiteral("Locked keyring"), simulator->serverPort());
    config.id = QUuid::createUuid();
    config.statusPort = m_closedPort; // no broker: the status link must try, not stay idle
    {
        AppSettings settings(m_settingsPath);
        settings.setPrinters({config});
        QVERIFY(settings.sync());
    }
    AppSettings settings(m_settingsPath);
    MemoryCredentialStore store;
    PrinterFarm farm(&settings, &store);
    farm.load();
    Printer *printer = farm.printers().at(0);
    QCOMPARE(printer->camera()->state(), CameraSource::State::Idle);
    QCOMPARE(printer->camera()->lastFailure(), CameraSource::Failure::InvalidSettings);
    QCOMPARE(printer->statusConnection()->lastFailure(),
             StatusConnection::Failure::InvalidSettings);

    QString error;
    QVERIFY2(farm.updatePrinter(printer->config(), kSimCode, &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(printer->camera()->state(), CameraSource::State::Up, 15000);
    QVERIFY(!printer->frames()->latest().isNull());
    // The status link dialled too: it failed at the closed port and backs off, it is not idle.
    QTRY_COMPARE_WITH_TIMEOUT(printer->statusConnection()->lastFailure(),
                              StatusConnection::Failure::ConnectionRefused, 15000);
    QCOMPARE(printer->statusConnection()->state(), StatusConnection::State::Backoff);
}

void tst_PrinterFarm::otherCameraKindReplacesTheCamera()
{
    // The user switches a printer from the JPEG stream to RTSPS in the dialog: the old
    // connection goes before the new one dials, the tile and the farm follow the new camera, and
    // the old camera's last picture is not shown as the new one's.
    auto simulator = startSimulator(QStringLiteral("Switched"), kSimCode);
    QVERIFY(simulator);
    AppSettings settings(m_settingsPath);
    MemoryCredentialStore store;
    PrinterFarm farm(&settings, &store);
    QString error;
    PrinterConfig config = makeConfig(QStringLiteral("Switched"), simulator->serverPort());
    config.statusEnabled = false;
    Printer *printer = farm.addPrinter(config, kSimCode, &error);
    QVERIFY2(printer, qPrintable(error));
    farm.startAll();
    QTRY_COMPARE_WITH_TIMEOUT(printer->camera()->state(), CameraSource::State::Up, 15000);
    QVERIFY(!printer->frames()->latest().isNull());

    QSignalSpy replaced(printer, &Printer::cameraReplaced);
    const QPointer<CameraSource> old = printer->camera();
    PrinterConfig rtsps = printer->config();
    rtsps.cameraKind = PrinterConfig::CameraKind::Rtsps;
    rtsps.port = m_closedPort;
    QVERIFY2(farm.updatePrinter(rtsps, kSimCode, &error), qPrintable(error));
    QCOMPARE(replaced.size(), 1);
    QCOMPARE(replaced.at(0).at(0).value<CameraSource *>(), printer->camera());
    QVERIFY(printer->camera() != old.data());
    QVERIFY(printer->frames()->latest().isNull());
    QTRY_VERIFY(old.isNull()); // deleted, its connection with it
    QTRY_COMPARE_WITH_TIMEOUT(simulator->clientCount(), 0, 10000);
    QVERIFY(printer->camera()->state() != CameraSource::State::Idle); // the new one dials
    QCOMPARE(printer->camera()->endpoint().port, m_closedPort);

    // The same kind again is a new endpoint for the same camera, not a new camera.
    rtsps.port = quint16(m_closedPort);
    rtsps.name = QStringLiteral("Renamed");
    QVERIFY2(farm.updatePrinter(rtsps, kSimCode, &error), qPrintable(error));
    QCOMPARE(replaced.size(), 1);
    // Automatic for a model that serves RTSPS is the same kind: no new camera either.
    rtsps.cameraKind = PrinterConfig::CameraKind::Automatic;
    rtsps.model = QStringLiteral("BL-P001");
    QVERIFY2(farm.updatePrinter(rtsps, kSimCode, &error), qPrintable(error));
    QCOMPARE(replaced.size(), 1);
}

void tst_PrinterFarm::setOrder()
{
    AppSettings settings(m_settingsPath);
    MemoryCredentialStore store;
    PrinterFarm farm(&settings, &store);
    QString error;
    QList<QUuid> ids;
    for (const QString &name : {QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("C")}) {
        const QString host = QStringLiteral("127.0.0.%1").arg(ids.size() + 1);
        Printer *printer = farm.addPrinter(makeConfig(name, m_closedPort, {}, host),
                                           QStringLiteral("12345678"), &error);
        QVERIFY2(printer, qPrintable(error));
        ids.append(printer->id());
    }
    QSignalSpy reordered(&farm, &PrinterFarm::printersReordered);

    const QList<QUuid> newOrder = {ids.at(2), ids.at(0), ids.at(1)};
    farm.setOrder(newOrder);
    QCOMPARE(reordered.count(), 1);
    QCOMPARE(farm.printers().at(0)->id(), ids.at(2));
    QCOMPARE(AppSettings(m_settingsPath).printers().at(0).name, QStringLiteral("C"));
    const QString tooltip = farm.health().tooltip;
    QVERIFY(tooltip.indexOf(QStringLiteral("\nC: ")) > 0);
    QVERIFY(tooltip.indexOf(QStringLiteral("\nC: ")) < tooltip.indexOf(QStringLiteral("\nA: ")));

    farm.setOrder(newOrder); // no change
    QCOMPARE(reordered.count(), 1);

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("not a permutation")));
    farm.setOrder({ids.at(0), ids.at(1)});
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("not a permutation")));
    farm.setOrder({ids.at(0), ids.at(0), ids.at(1)});
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("not a permutation")));
    farm.setOrder({ids.at(0), ids.at(1), QUuid::createUuid()});
    QCOMPARE(reordered.count(), 1);
    QCOMPARE(farm.printers().at(0)->id(), ids.at(2));
}

void tst_PrinterFarm::healthChangedOnlyOnChange()
{
    AppSettings settings(m_settingsPath);
    MemoryCredentialStore store;
    PrinterFarm farm(&settings, &store);
    QCOMPARE(farm.health().level, Level::NoPrinters);
    QSignalSpy spy(&farm, &PrinterFarm::healthChanged);

    QString error;
    QVERIFY(farm.addPrinter(makeConfig(QStringLiteral("A"), m_closedPort),
                            QStringLiteral("12345678"), &error));
    QVERIFY(spy.count() >= 1);
    QCOMPARE(spy.last().at(0).value<FarmHealth::Summary>(), farm.health());

    farm.stopAll();
    QCOMPARE(farm.health().level, Level::AllDown);
    QCOMPARE(spy.last().at(0).value<FarmHealth::Summary>().level, Level::AllDown);
    const qsizetype count = spy.count();
    farm.stopAll(); // nothing changes
    QCOMPARE(spy.count(), count);

    // Every emission differs from the one before.
    for (qsizetype i = 1; i < spy.count(); ++i)
        QVERIFY(spy.at(i).at(0).value<FarmHealth::Summary>()
                != spy.at(i - 1).at(0).value<FarmHealth::Summary>());
}

void tst_PrinterFarm::certificateIsPinnedOnFirstUseAndSaved()
{
    auto simulator = startSimulator(QStringLiteral("A"), kSimCode);
    QVERIFY(simulator);
    QUuid id;
    {
        AppSettings settings(m_settingsPath);
        FileCredentialStore store(m_credentialsPath);
        PrinterFarm farm(&settings, &store);
        QString error;
        Printer *printer = farm.addPrinter(makeConfig(QStringLiteral("A"), simulator->serverPort()),
                                           kSimCode, &error);
        QVERIFY2(printer, qPrintable(error));
        id = printer->id();
        QVERIFY(printer->config().certificateFingerprint.isEmpty());
        QSignalSpy pinned(printer, &Printer::certificatePinned);
        QTRY_COMPARE_WITH_TIMEOUT(pinned.size(), 1, 15000);
        QCOMPARE(printer->config().certificateFingerprint, simulator->certificateFingerprint());
        QCOMPARE(printer->camera()->endpoint().trust.pinnedFingerprint,
                 simulator->certificateFingerprint());
    }
    // A new start reads the pin back.
    AppSettings reread(m_settingsPath);
    const QList<PrinterConfig> printers = reread.printers();
    QCOMPARE(printers.size(), 1);
    QCOMPARE(printers.first().id, id);
    QCOMPARE(printers.first().certificateFingerprint, simulator->certificateFingerprint());
}

void tst_PrinterFarm::changedCertificateNeedsTheUser()
{
    auto simulator = startSimulator(QStringLiteral("A"), kSimCode);
    QVERIFY(simulator);
    AppSettings settings(m_settingsPath);
    MemoryCredentialStore store;
    PrinterFarm farm(&settings, &store);
    PrinterConfig config = makeConfig(QStringLiteral("A"), simulator->serverPort());
    config.certificateFingerprint = QString(64, QLatin1Char('b')); // pinned earlier, now different
    QString error;
    Printer *printer = farm.addPrinter(config, kSimCode, &error);
    QVERIFY2(printer, qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(printer->camera()->lastFailure(),
                              CameraSource::Failure::CertificateMismatch, 15000);
    QCOMPARE(printer->camera()->state(), CameraSource::State::Idle);
    QVERIFY(farm.health().level != Level::AllLive);

    QVERIFY(!farm.trustCertificate(printer->id(), QStringLiteral("not a fingerprint"), &error));
    QVERIFY(!error.isEmpty());
    QVERIFY2(farm.trustCertificate(printer->id(), printer->camera()->peerCertificateFingerprint(),
                                   &error),
             qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(farm.health().level, Level::AllLive, 15000);
    QCOMPARE(settings.printers().first().certificateFingerprint,
             simulator->certificateFingerprint());
}

void tst_PrinterFarm::reachesAllLive()
{
    auto a = startSimulator(QStringLiteral("A"), kSimCode);
    auto b = startSimulator(QStringLiteral("B"), kSimCode);
    QVERIFY(a && b);

    AppSettings settings(m_settingsPath);
    MemoryCredentialStore store;
    PrinterFarm farm(&settings, &store);
    QSignalSpy health(&farm, &PrinterFarm::healthChanged);
    QSignalSpy transitions(&farm, &PrinterFarm::printerTransition);
    QString error;
    QVERIFY2(farm.addPrinter(makeConfig(QStringLiteral("A"), a->serverPort()), kSimCode, &error),
             qPrintable(error));
    QVERIFY2(farm.addPrinter(makeConfig(QStringLiteral("B"), b->serverPort()), kSimCode, &error),
             qPrintable(error));

    QTRY_COMPARE_WITH_TIMEOUT(farm.health().level, Level::AllLive, 15000);
    const auto last = health.last().at(0).value<FarmHealth::Summary>();
    QCOMPARE(last.level, Level::AllLive);
    QCOMPARE(last.live, 2);
    QCOMPARE(last.headline, QStringLiteral("2 of 2 cameras live"));
    QCOMPARE(FarmHealth::colorFor(last.level).name(), QStringLiteral("#2e9d4f"));
    // Connecting for the first time is not news.
    QCOMPARE(transitions.count(), 0);
}

void tst_PrinterFarm::wrongCodeMakesSomeTrouble()
{
    auto good = startSimulator(QStringLiteral("Good"), kSimCode);
    auto bad = startSimulator(QStringLiteral("Bad"), QStringLiteral("87654321"));
    QVERIFY(good && bad);

    AppSettings settings(m_settingsPath);
    MemoryCredentialStore store;
    PrinterFarm farm(&settings, &store);
    QString error;
    Printer *goodPrinter
        = farm.addPrinter(makeConfig(QStringLiteral("Good"), good->serverPort()), kSimCode, &error);
    Printer *badPrinter
        = farm.addPrinter(makeConfig(QStringLiteral("Bad"), bad->serverPort()), kSimCode, &error);
    QVERIFY(goodPrinter && badPrinter);

    QTRY_COMPARE_WITH_TIMEOUT(goodPrinter->camera()->state(), CameraSource::State::Up, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(badPrinter->camera()->lastFailure(),
                              CameraSource::Failure::AccessCodeRejected, 15000);
    const FarmHealth::Summary summary = farm.health();
    QCOMPARE(summary.level, Level::SomeTrouble);
    QCOMPARE(summary.live, 1);
    QCOMPARE(summary.headline, QStringLiteral("1 of 2 cameras live"));
    QVERIFY(summary.tooltip.contains(QStringLiteral("Bad: ")));
    QVERIFY(!summary.tooltip.contains(kSimCode));

    // Without the good one, the farm is down.
    QVERIFY(farm.removePrinter(goodPrinter->id(), &error));
    QCOMPARE(farm.health().level, Level::AllDown);
}

void tst_PrinterFarm::offlineAndBackAreAnnounced()
{
    auto simulator = startSimulator(QStringLiteral("Flaky"), kSimCode);
    QVERIFY(simulator);
    const quint16 port = simulator->serverPort();

    AppSettings settings(m_settingsPath);
    MemoryCredentialStore store;
    PrinterFarm farm(&settings, &store);
    QString error;
    Printer *printer = farm.addPrinter(makeConfig(QStringLiteral("Flaky"), port), kSimCode, &error);
    QVERIFY2(printer, qPrintable(error));
    printer->camera()->setTimeouts(TestSupport::fastTimeouts(5000ms));
    QSignalSpy transitions(&farm, &PrinterFarm::printerTransition);
    QTRY_COMPARE_WITH_TIMEOUT(farm.health().level, Level::AllLive, 15000);
    QCOMPARE(transitions.count(), 0);

    simulator->close(); // the printer reboots
    QTRY_COMPARE_WITH_TIMEOUT(transitions.count(), 1, 15000);
    QCOMPARE(transitions.at(0).at(0).value<Printer *>(), printer);
    QCOMPARE(transitions.at(0).at(1).value<Transition>(), Transition::WentOffline);
    QTRY_COMPARE_WITH_TIMEOUT(farm.health().level, Level::AllDown, 15000);

    QVERIFY(simulator->listen(QHostAddress::LocalHost, port));
    QTRY_COMPARE_WITH_TIMEOUT(transitions.count(), 2, 15000);
    QCOMPARE(transitions.at(1).at(1).value<Transition>(), Transition::CameBack);
    QCOMPARE(farm.health().level, Level::AllLive);
    // Once offline, once back: a retry cycle in between is not announced again.
    QCOMPARE(transitions.count(), 2);
}

void tst_PrinterFarm::userChangesAreNotAnnounced()
{
    auto first = startSimulator(QStringLiteral("First"), kSimCode);
    auto second = startSimulator(QStringLiteral("Second"), kSimCode);
    QVERIFY(first && second);

    AppSettings settings(m_settingsPath);
    MemoryCredentialStore store;
    PrinterFarm farm(&settings, &store);
    QString error;
    Printer *printer = farm.addPrinter(makeConfig(QStringLiteral("Moved"), first->serverPort()),
                                       kSimCode, &error);
    QVERIFY2(printer, qPrintable(error));
    QSignalSpy transitions(&farm, &PrinterFarm::printerTransition);
    QTRY_COMPARE_WITH_TIMEOUT(printer->camera()->state(), CameraSource::State::Up, 15000);

    // The printer got a new address: the camera redials, which is no alert.
    PrinterConfig config = printer->config();
    config.port = second->serverPort();
    QVERIFY2(farm.updatePrinter(config, kSimCode, &error), qPrintable(error));
    QCOMPARE(printer->camera()->endpoint().port, second->serverPort());
    QTRY_COMPARE_WITH_TIMEOUT(printer->camera()->state(), CameraSource::State::Up, 15000);
    QTRY_VERIFY_WITH_TIMEOUT(second->clientCount() == 1, 15000);

    // Stopping and starting by hand is no alert either.
    farm.stopAll();
    farm.startAll();
    QTRY_COMPARE_WITH_TIMEOUT(printer->camera()->state(), CameraSource::State::Up, 15000);
    QCOMPARE(transitions.count(), 0);
}

void tst_PrinterFarm::printAlertsFromReports_data()
{
    using Kind = PrintAlerts::Kind;
    QTest::addColumn<QStringList>("states"); // gcode_state per report; "PAUSE!" pauses for an error
    QTest::addColumn<QList<Kind>>("alerts");

    QTest::newRow("print runs and finishes")
        << QStringList{QStringLiteral("PREPARE"), QStringLiteral("RUNNING"),
                       QStringLiteral("FINISH")}
        << QList<Kind>{Kind::PrintFinished};
    QTest::newRow("finished at start-up is old news")
        << QStringList{QStringLiteral("FINISH"), QStringLiteral("FINISH")} << QList<Kind>{};
    QTest::newRow("print fails") << QStringList{QStringLiteral("RUNNING"), QStringLiteral("FAILED")}
                                 << QList<Kind>{Kind::PrintFailed};
    QTest::newRow("paused for an error")
        << QStringList{QStringLiteral("RUNNING"), QStringLiteral("PAUSE!")}
        << QList<Kind>{Kind::PrintPausedForError};
    QTest::newRow("paused by the user is no alert")
        << QStringList{QStringLiteral("RUNNING"), QStringLiteral("PAUSE"),
                       QStringLiteral("RUNNING")}
        << QList<Kind>{};
    QTest::newRow("two prints, two alerts")
        << QStringList{QStringLiteral("RUNNING"), QStringLiteral("FINISH"), QStringLiteral("IDLE"),
                       QStringLiteral("RUNNING"), QStringLiteral("FAILED")}
        << QList<Kind>{Kind::PrintFinished, Kind::PrintFailed};
}

void tst_PrinterFarm::printAlertsFromReports()
{
    QFETCH(QStringList, states);
    QFETCH(QList<PrintAlerts::Kind>, alerts);

    AppSettings settings(m_settingsPath);
    MemoryCredentialStore store;
    PrinterFarm farm(&settings, &store);
    PrinterConfig config = makeConfig(QStringLiteral("Bench P1S"), m_closedPort);
    config.statusEnabled = false; // fed by hand below, as the demo's in-process feed does
    QString error;
    Printer *printer = farm.addPrinter(config, kSimCode, &error);
    QVERIFY2(printer, qPrintable(error));
    QSignalSpy alertSpy(&farm, &PrinterFarm::printAlert);
    QSignalSpy healthSpy(&farm, &PrinterFarm::healthChanged);

    for (const QString &state : std::as_const(states)) {
        const bool error = state.endsWith(u'!');
        printer->mergeStatusReport(
            report(error ? state.chopped(1) : state, error ? 0x07008011 : 0));
    }

    QList<PrintAlerts::Kind> seen;
    for (const QList<QVariant> &arguments : std::as_const(alertSpy)) {
        QCOMPARE(arguments.at(0).value<Printer *>(), printer);
        const auto alert = arguments.at(1).value<PrintAlerts::Alert>();
        QVERIFY2(alert.message.contains(QStringLiteral("Bench P1S")), qPrintable(alert.message));
        seen.append(alert.kind);
    }
    QCOMPARE(seen, alerts);
    // The summary counts the printer's last print state.
    QVERIFY(!healthSpy.isEmpty());
    const FarmHealth::Summary health = farm.health();
    const QString last = states.constLast();
    QCOMPARE(health.failed, last == QLatin1String("FAILED") ? 1 : 0);
    QCOMPARE(health.finished, last == QLatin1String("FINISH") ? 1 : 0);
    QCOMPARE(health.pausedForError, last == QLatin1String("PAUSE!") ? 1 : 0);
}

void tst_PrinterFarm::followAnnouncedAddress_data()
{
    QTest::addColumn<QString>("configuredHost");
    QTest::addColumn<QString>("pin"); // "sim": the simulator's certificate
    QTest::addColumn<bool>("streaming"); // the camera streams at the configured host
    QTest::addColumn<QString>("serial");
    QTest::addColumn<QString>("announcedAddress");
    QTest::addColumn<QString>("outcome"); // "moved", or what announcementIgnored says, or "-"

    const QString serial = QStringLiteral("01S00C123456789");
    const QString sim = QStringLiteral("sim");
    const QString other = QString(64, u'a'); // a valid SHA-256 fingerprint, not the simulator's
    const QString local = QStringLiteral("127.0.0.1");
    const QString moved = QStringLiteral("127.0.0.2"); // where the simulator listens
    QTest::newRow("pinned, unreachable, same certificate there: followed")
        << local << sim << false << serial << moved << QStringLiteral("moved");
    QTest::newRow("serial compared without case")
        << local << sim << false << QStringLiteral("01s00c123456789") << moved
        << QStringLiteral("moved");
    QTest::newRow("another certificate there: not followed")
        << local << other << false << serial << moved << QStringLiteral("another certificate");
    QTest::newRow("not pinned: not followed")
        << local << QString() << false << serial << moved << QStringLiteral("not pinned");
    QTest::newRow("still streaming where it is: not followed")
        << local << sim << true << serial << moved << QStringLiteral("still reachable");
    QTest::newRow("same address: nothing to do")
        << local << sim << false << serial << local << QStringLiteral("-");
    QTest::newRow("host name is left to the name service")
        << QStringLiteral("localhost") << sim << false << serial << moved << QStringLiteral("-");
    QTest::newRow("another printer's serial")
        << local << sim << false << QStringLiteral("01S00C000000000") << moved
        << QStringLiteral("-");
    QTest::newRow("not an address")
        << local << sim << false << serial << QStringLiteral("evil.example") << QStringLiteral("-");
}

void tst_PrinterFarm::followAnnouncedAddress()
{
    QFETCH(QString, configuredHost);
    QFETCH(QString, pin);
    QFETCH(bool, streaming);
    QFETCH(QString, serial);
    QFETCH(QString, announcedAddress);
    QFETCH(QString, outcome);

    // The printer "after the move": a simulator on 127.0.0.2 (all of 127/8 is loopback). Where
    // it was, the same port on 127.0.0.1, nothing listens, unless the row wants it streaming.
    auto moved = std::make_unique<PrinterSimulator>();
    moved->setAccessCode(kSimCode);
    QVERIFY(moved->listen(QHostAddress(QStringLiteral("127.0.0.2")), 0));
    std::unique_ptr<PrinterSimulator> old;
    quint16 port = moved->serverPort();
    if (streaming) {
        old = startSimulator(QStringLiteral("Still here"), kSimCode);
        QVERIFY(old);
        port = old->serverPort();
        moved->close();
        QVERIFY(moved->listen(QHostAddress(QStringLiteral("127.0.0.2")), port));
    }

    AppSettings settings(m_settingsPath);
    MemoryCredentialStore store;
    PrinterFarm farm(&settings, &store);
    PrinterConfig config
        = makeConfig(QStringLiteral("Moving P1S"), port, QStringLiteral("01S00C123456789"));
    config.host = configuredHost;
    config.statusEnabled = false;
    config.certificateFingerprint
        = pin == QLatin1String("sim") ? LoopbackBroker::certificateFingerprint() : pin;
    QString error;
    Printer *printer = farm.addPrinter(config, kSimCode, &error);
    QVERIFY2(printer, qPrintable(error));
    if (streaming) {
        QTRY_COMPARE_WITH_TIMEOUT(printer->camera()->state(), CameraSource::State::Up, 10000);
    }
    QSignalSpy followedSpy(&farm, &PrinterFarm::printerAddressFollowed);
    QSignalSpy ignoredSpy(&farm, &PrinterFarm::announcementIgnored);
    QSignalSpy transitionSpy(&farm, &PrinterFarm::printerTransition);

    const bool checking = farm.followAnnouncedAddress(serial, announcedAddress);
    if (outcome == QLatin1String("-")) {
        QVERIFY(!checking);
        QCOMPARE(ignoredSpy.count(), 0);
    } else if (outcome == QLatin1String("moved")) {
        QVERIFY(checking);
        QTRY_COMPARE_WITH_TIMEOUT(followedSpy.count(), 1, 10000);
        QCOMPARE(followedSpy.at(0).at(1).toString(), configuredHost);
        QCOMPARE(followedSpy.at(0).at(2).toString(), announcedAddress);
        QCOMPARE(printer->config().host, announcedAddress);
        QCOMPARE(printer->camera()->endpoint().host, announcedAddress); // it redials there
        QCOMPARE(AppSettings(m_settingsPath).printers().value(0).host, announcedAddress); // saved
        QCOMPARE(farm.accessCode(printer->id()), kSimCode); // the code went along
        QTRY_COMPARE_WITH_TIMEOUT(printer->camera()->state(), CameraSource::State::Up, 10000);
        QCOMPARE(transitionSpy.count(), 0); // the redial is not news
        return;
    } else {
        QTRY_COMPARE_WITH_TIMEOUT(ignoredSpy.count(), 1, 10000);
        const QString reason = ignoredSpy.at(0).at(2).toString();
        QVERIFY2(reason.contains(outcome), qPrintable(reason));
        // The same announcement again is not checked or reported again.
        QVERIFY(!farm.followAnnouncedAddress(serial, announcedAddress));
        QCOMPARE(ignoredSpy.count(), 1);
    }
    QCOMPARE(followedSpy.count(), 0);
    QCOMPARE(printer->config().host, configuredHost);
    QCOMPARE(AppSettings(m_settingsPath).printers().value(0).host, configuredHost);
}

QTEST_GUILESS_MAIN(tst_PrinterFarm)
#include "tst_printerfarm.moc"
