// The preferences dialog against AppSettings in a temporary file: what it shows, what it writes
// (only on OK), and the defaults. The Sharing page against a real ShareServer on 127.0.0.1.
#include "formmessage.h"
#include "model/appsettings.h"
#include "model/memorycredentialstore.h"
#include "model/printerfarm.h"
#include "preferencesdialog.h"
#include "recordingspage.h"
#include "share/sharetoken.h"
#include "sharingcontroller.h"
#include "sharingpage.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

#include <map>

namespace {

const QString kStoreDescription
    = QStringLiteral("Access codes are stored in /tmp/x/credentials, readable only by you.");

template<typename T> T *child(const QWidget &parent, const char *name)
{
    T *widget = parent.findChild<T *>(QLatin1String(name));
    if (!widget)
        qFatal("no child %s", name);
    return widget;
}

QPushButton *button(const PreferencesDialog &dialog, QDialogButtonBox::StandardButton which)
{
    return child<QDialogButtonBox>(dialog, "buttons")->button(which);
}

// The mnemonic letter of a text ("Pri&vate key:" -> 'v'); null without one ("&&" is none).
QChar mnemonic(const QString &text)
{
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) != u'&')
            continue;
        if (text.at(i + 1) != u'&')
            return text.at(i + 1).toLower();
        ++i;
    }
    return {};
}

// A store that refuses every write, as a locked keyring or a full disk would.
class RefusingCredentialStore final : public CredentialStore
{
public:
    QString description() const override { return QStringLiteral("nowhere"); }
    std::optional<QString> accessCode(const QUuid &) const override { return std::nullopt; }
    bool setAccessCode(const QUuid &, const QString &, QString *errorMessage) override
    {
        *errorMessage = QStringLiteral("The keyring is locked.");
        return false;
    }
    bool removeAccessCode(const QUuid &, QString *) override { return true; }
};

// What the Sharing page works on: settings in a temporary file, an empty farm, codes in memory.
struct SharingFixture
{
    explicit SharingFixture(const QString &settingsPath, CredentialStore *store = nullptr)
        : settings(settingsPath)
        , credentials(store ? store : &memory)
        , farm(&settings, credentials)
        , sharing(&farm, &settings, credentials)
    {
        settings.setValue(AppSettings::Key::SharingPort, 0); // never a fixed port in a test
    }
    AppSettings settings;
    MemoryCredentialStore memory;
    CredentialStore *credentials;
    PrinterFarm farm;
    SharingController sharing;
};

// The simulator's certificate and key (resources of farmcam_sim), written to files.
bool writeResource(const QString &resource, const QString &file)
{
    QFile in(resource);
    QFile out(file);
    return in.open(QIODevice::ReadOnly) && out.open(QIODevice::WriteOnly)
        && out.write(in.readAll()) > 0;
}

} // namespace

class TestPreferencesDialog final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void showsCurrentSettings();
    void roundTrip_data();
    void roundTrip();
    void cancelWritesNothing();
    void restoreDefaults();
    void folderValidation_data();
    void folderValidation();
    void withoutTray();
    void saveFailureKeepsDialogOpen();

    void recordingsRoundTrip();

    void sharingPageOnlyWithSharing();
    void sharingRoundTrip_data();
    void sharingRoundTrip();
    void sharingAddressValidation_data();
    void sharingAddressValidation();
    void sharingHttpsValidation_data();
    void sharingHttpsValidation();
    void sharingMnemonicsAreUnique();
    void sharingTabOrder_data();
    void sharingTabOrder();
    void sharingOkStartsTheServer();
    void sharingPortInUseKeepsDialogOpen();
    void sharingTokenShowAndCopy();
    void sharingRegenerateAsksFirst();
    void sharingCopyWallUrl();
    void sharingTokenRefusedIsShown();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString settingsPath() const { return m_dir->filePath(QStringLiteral("farmcam.conf")); }
};

void TestPreferencesDialog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestPreferencesDialog::showsCurrentSettings()
{
    AppSettings settings(settingsPath());
    const QString folder = m_dir->filePath(QStringLiteral("shots"));
    settings.setValue(AppSettings::Key::SnapshotFolder, folder);
    settings.setValue(AppSettings::Key::GridColumns, 3);
    settings.setValue(AppSettings::Key::KeepRunningInTray, false);
    settings.setValue(AppSettings::Key::NotifyStateChanges, true);

    PreferencesDialog dialog(&settings, kStoreDescription, true);
    QCOMPARE(child<QLineEdit>(dialog, "snapshotFolderEdit")->text(),
             QDir::toNativeSeparators(folder));
    QCOMPARE(child<QComboBox>(dialog, "gridColumnsCombo")->currentData().toInt(), 3);
    QCOMPARE(child<QComboBox>(dialog, "gridColumnsCombo")->count(), 9); // Automatic, 1-8
    QCOMPARE(child<QComboBox>(dialog, "gridColumnsCombo")->itemText(0),
             QStringLiteral("Automatic"));
    QVERIFY(!child<QCheckBox>(dialog, "keepInTrayCheck")->isChecked());
    QVERIFY(child<QCheckBox>(dialog, "notifyCheck")->isChecked());
    QCOMPARE(child<QLabel>(dialog, "credentialStoreLabel")->text(), kStoreDescription);
    QCOMPARE(dialog.windowTitle(), QStringLiteral("Preferences"));
}

void TestPreferencesDialog::roundTrip_data()
{
    QTest::addColumn<QString>("folderName"); // under the temporary directory
    QTest::addColumn<int>("columnsIndex");
    QTest::addColumn<int>("columns");
    QTest::addColumn<bool>("keepInTray");
    QTest::addColumn<bool>("notify");

    QTest::newRow("automatic, all on") << QStringLiteral("a") << 0 << 0 << true << true;
    QTest::newRow("one column, all off") << QStringLiteral("b/c") << 1 << 1 << false << false;
    QTest::newRow("eight columns, mixed") << QStringLiteral("d") << 8 << 8 << true << false;
}

void TestPreferencesDialog::roundTrip()
{
    QFETCH(QString, folderName);
    QFETCH(int, columnsIndex);
    QFETCH(int, columns);
    QFETCH(bool, keepInTray);
    QFETCH(bool, notify);

    const QString folder = m_dir->filePath(folderName);
    {
        AppSettings settings(settingsPath());
        QSignalSpy changed(&settings, &AppSettings::changed);
        PreferencesDialog dialog(&settings, kStoreDescription, true);
        child<QLineEdit>(dialog, "snapshotFolderEdit")->setText(folder);
        child<QComboBox>(dialog, "gridColumnsCombo")->setCurrentIndex(columnsIndex);
        child<QCheckBox>(dialog, "keepInTrayCheck")->setChecked(keepInTray);
        child<QCheckBox>(dialog, "notifyCheck")->setChecked(notify);
        QVERIFY(button(dialog, QDialogButtonBox::Ok)->isEnabled());
        button(dialog, QDialogButtonBox::Ok)->click();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(changed.count() >= 1); // at least the folder changed
    }

    // A fresh instance reads what the dialog wrote to the file.
    AppSettings reread(settingsPath());
    QCOMPARE(reread.snapshotFolder(), folder);
    QCOMPARE(reread.gridColumns(), columns);
    QCOMPARE(reread.keepRunningInTray(), keepInTray);
    QCOMPARE(reread.notifyStateChanges(), notify);

    // And a dialog opened on it shows the same again.
    PreferencesDialog again(&reread, kStoreDescription, true);
    QCOMPARE(child<QComboBox>(again, "gridColumnsCombo")->currentIndex(), columnsIndex);
    QCOMPARE(child<QCheckBox>(again, "keepInTrayCheck")->isChecked(), keepInTray);
    QCOMPARE(child<QCheckBox>(again, "notifyCheck")->isChecked(), notify);
}

// Preferences › Recordings writes the keys FarmRecorder reads, and shows them again.
void TestPreferencesDialog::recordingsRoundTrip()
{
    const QString folder = m_dir->filePath(QStringLiteral("videos"));
    {
        AppSettings settings(settingsPath());
        PreferencesDialog dialog(&settings, kStoreDescription, true);
        RecordingsPage *page = dialog.recordingsPage();
        QVERIFY(page);
        QCOMPARE(page->budgetSpin()->value(), 20);
        QVERIFY(page->timelapseCheck()->isChecked());
        QVERIFY(!page->intervalSpin()->isEnabled()); // the layer trigger needs no interval
        page->folderEdit()->setText(folder);
        page->budgetSpin()->setValue(5);
        page->minimumFreeSpin()->setValue(3);
        page->triggerCombo()->setCurrentIndex(1);
        QVERIFY(page->intervalSpin()->isEnabled());
        page->intervalSpin()->setValue(30);
        page->clipsCheck()->setChecked(false);
        QVERIFY(!page->minutesBeforeSpin()->isEnabled());
        button(dialog, QDialogButtonBox::Ok)->click();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }
    AppSettings reread(settingsPath());
    using Key = AppSettings::Key;
    QCOMPARE(reread.value(Key::RecordingsFolder).toString(), folder);
    QCOMPARE(reread.value(Key::RecordingsBudgetGB).toInt(), 5);
    QCOMPARE(reread.value(Key::RecordingsMinimumFreeGB).toInt(), 3);
    QCOMPARE(reread.value(Key::TimelapseTrigger).toString(), QStringLiteral("interval"));
    QCOMPARE(reread.value(Key::TimelapseIntervalSeconds).toInt(), 30);
    QVERIFY(!reread.value(Key::FailureClipsEnabled).toBool());

    PreferencesDialog again(&reread, kStoreDescription, true);
    QCOMPARE(again.recordingsPage()->folderEdit()->text(), QDir::toNativeSeparators(folder));
    QCOMPARE(again.recordingsPage()->intervalSpin()->value(), 30);
    again.recordingsPage()->restoreDefaults();
    QCOMPARE(again.recordingsPage()->budgetSpin()->value(), 20);
    QVERIFY(again.recordingsPage()->clipsCheck()->isChecked());
}

void TestPreferencesDialog::cancelWritesNothing()
{
    AppSettings settings(settingsPath());
    QSignalSpy changed(&settings, &AppSettings::changed);
    PreferencesDialog dialog(&settings, kStoreDescription, true);
    child<QComboBox>(dialog, "gridColumnsCombo")->setCurrentIndex(4);
    child<QCheckBox>(dialog, "notifyCheck")->setChecked(false);
    button(dialog, QDialogButtonBox::Cancel)->click();
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QCOMPARE(changed.count(), 0);
    QCOMPARE(settings.gridColumns(), 0);
    QVERIFY(settings.notifyStateChanges());
    QVERIFY(!QFile::exists(settingsPath()));
}

void TestPreferencesDialog::restoreDefaults()
{
    using Key = AppSettings::Key;
    AppSettings settings(settingsPath());
    settings.setValue(Key::SnapshotFolder, m_dir->filePath(QStringLiteral("elsewhere")));
    settings.setValue(Key::GridColumns, 5);
    settings.setValue(Key::KeepRunningInTray, false);
    settings.setValue(Key::NotifyStateChanges, false);
    QVERIFY(settings.sync());

    PreferencesDialog dialog(&settings, kStoreDescription, true);
    button(dialog, QDialogButtonBox::RestoreDefaults)->click();
    // Only the fields change; the settings wait for OK.
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QCOMPARE(settings.gridColumns(), 5);
    QCOMPARE(child<QLineEdit>(dialog, "snapshotFolderEdit")->text(),
             QDir::toNativeSeparators(AppSettings::defaultValue(Key::SnapshotFolder).toString()));
    QCOMPARE(child<QComboBox>(dialog, "gridColumnsCombo")->currentIndex(), 0);
    QVERIFY(child<QCheckBox>(dialog, "keepInTrayCheck")->isChecked());
    QVERIFY(child<QCheckBox>(dialog, "notifyCheck")->isChecked());

    button(dialog, QDialogButtonBox::Ok)->click();
    for (const Key key :
         {Key::SnapshotFolder, Key::GridColumns, Key::KeepRunningInTray, Key::NotifyStateChanges})
        QCOMPARE(settings.value(key), AppSettings::defaultValue(key));
    // Defaults stay implicit in the file, so a future default applies to this user too.
    QSettings file(settingsPath(), QSettings::IniFormat);
    QVERIFY2(!file.contains(QStringLiteral("window/gridColumns")),
             qPrintable(file.allKeys().join(u' ')));
    QVERIFY(!file.contains(QStringLiteral("snapshots/folder")));
}

void TestPreferencesDialog::folderValidation_data()
{
    QTest::addColumn<QString>("text"); // "%1" is replaced by the temporary directory
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<int>("messageKind"); // -1: no message; else FormMessage::Kind

    const int hint = int(FormMessage::Kind::Hint);
    const int error = int(FormMessage::Kind::Error);
    QTest::newRow("existing folder") << QStringLiteral("%1") << true << -1;
    QTest::newRow("folder to be created") << QStringLiteral("%1/new/deeper") << true << hint;
    QTest::newRow("empty") << QString() << false << error;
    QTest::newRow("relative") << QStringLiteral("Pictures/FarmCam") << false << error;
    QTest::newRow("a file") << QStringLiteral("%1/file.txt") << false << error;
}

void TestPreferencesDialog::folderValidation()
{
    QFETCH(QString, text);
    QFETCH(bool, accepted);
    QFETCH(int, messageKind);

    QFile file(m_dir->filePath(QStringLiteral("file.txt")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();

    AppSettings settings(settingsPath());
    PreferencesDialog dialog(&settings, kStoreDescription, true);
    const QString folder = text.contains(QLatin1String("%1")) ? text.arg(m_dir->path()) : text;
    child<QLineEdit>(dialog, "snapshotFolderEdit")->setText(folder);

    const FormMessage *message = child<FormMessage>(dialog, "snapshotFolderMessage");
    QCOMPARE(message->isVisibleTo(&dialog), messageKind >= 0);
    if (messageKind >= 0)
        QCOMPARE(int(message->kind()), messageKind);
    QCOMPARE(button(dialog, QDialogButtonBox::Ok)->isEnabled(), accepted);

    dialog.accept();
    QCOMPARE(dialog.result(), accepted ? int(QDialog::Accepted) : int(QDialog::Rejected));
    if (accepted)
        QCOMPARE(settings.snapshotFolder(), QDir::cleanPath(folder));
    else
        QCOMPARE(settings.snapshotFolder(),
                 AppSettings::defaultValue(AppSettings::Key::SnapshotFolder).toString());
}

void TestPreferencesDialog::withoutTray()
{
    AppSettings settings(settingsPath());
    settings.setValue(AppSettings::Key::KeepRunningInTray, true);
    PreferencesDialog dialog(&settings, kStoreDescription, false);

    auto *keep = child<QCheckBox>(dialog, "keepInTrayCheck");
    auto *notify = child<QCheckBox>(dialog, "notifyCheck");
    QVERIFY(!keep->isEnabled());
    QVERIFY(!keep->isChecked());
    QVERIFY(!notify->isEnabled());
    const FormMessage *message = child<FormMessage>(dialog, "trayMessage");
    QVERIFY(message->isVisibleTo(&dialog));
    QVERIFY(message->text().startsWith(QStringLiteral("Your desktop has no system tray")));

    // The choice made on a desktop with a tray survives a session without one.
    button(dialog, QDialogButtonBox::Ok)->click();
    QVERIFY(settings.keepRunningInTray());

    PreferencesDialog withTray(&settings, kStoreDescription, true);
    QVERIFY(!child<FormMessage>(withTray, "trayMessage")->isVisibleTo(&withTray));
    QVERIFY(child<QCheckBox>(withTray, "keepInTrayCheck")->isEnabled());
}

void TestPreferencesDialog::saveFailureKeepsDialogOpen()
{
    // A settings "file" that is a directory cannot be written.
    const QString unwritable = m_dir->filePath(QStringLiteral("settings-dir"));
    QVERIFY(QDir().mkpath(unwritable));
    AppSettings settings(unwritable);

    PreferencesDialog dialog(&settings, kStoreDescription, true);
    child<QComboBox>(dialog, "gridColumnsCombo")->setCurrentIndex(2);
    dialog.show();
    button(dialog, QDialogButtonBox::Ok)->click();
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    const FormMessage *message = child<FormMessage>(dialog, "saveMessage");
    QVERIFY(message->isVisible());
    QCOMPARE(message->kind(), FormMessage::Kind::Error);
    // Nothing half-applied: the old value is back.
    QCOMPARE(settings.gridColumns(), 0);
}

void TestPreferencesDialog::sharingPageOnlyWithSharing()
{
    AppSettings settings(settingsPath());
    PreferencesDialog without(&settings, kStoreDescription, true);
    QVERIFY(!without.findChild<SharingPage *>());
    // General and Recordings: the tabs show even without sharing.
    QCOMPARE(child<QTabWidget>(without, "pages")->count(), 2);
    without.setCurrentPage(PreferencesDialog::Page::Sharing);
    QCOMPARE(without.currentPage(), PreferencesDialog::Page::General);

    SharingFixture fixture(settingsPath());
    PreferencesDialog with(&fixture.settings, kStoreDescription, true, &fixture.sharing);
    QVERIFY(with.findChild<SharingPage *>());
    QCOMPARE(child<QTabWidget>(with, "pages")->count(), 3);
    QCOMPARE(with.currentPage(), PreferencesDialog::Page::General);
    with.setCurrentPage(PreferencesDialog::Page::Sharing);
    QCOMPARE(with.currentPage(), PreferencesDialog::Page::Sharing);
    // Off by default, on this computer only, and nothing listens.
    QVERIFY(!child<QCheckBox>(with, "sharingEnabledCheck")->isChecked());
    QCOMPARE(child<QComboBox>(with, "sharingAddressCombo")->currentData().toInt(),
             int(SharingPage::AddressChoice::Loopback));
    QVERIFY(!child<QLineEdit>(with, "sharingAddressEdit")->isEnabled());
    QCOMPARE(AppSettings::defaultValue(AppSettings::Key::SharingPort).toInt(),
             int(ShareServer::kDefaultPort));
    QVERIFY(!fixture.sharing.server()->isRunning());
}

void TestPreferencesDialog::sharingRoundTrip_data()
{
    QTest::addColumn<bool>("enabled");
    QTest::addColumn<int>("choice"); // SharingPage::AddressChoice
    QTest::addColumn<QString>("typed");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("storedAddress");

    const int loopback = int(SharingPage::AddressChoice::Loopback);
    const int everywhere = int(SharingPage::AddressChoice::Everywhere);
    const int specific = int(SharingPage::AddressChoice::Specific);
    // Only "off" rows and loopback rows start a server: never a LAN address in a test.
    QTest::newRow("loopback, on") << true << loopback << QString() << 0
                                  << QStringLiteral("127.0.0.1");
    QTest::newRow("every interface, off")
        << false << everywhere << QString() << 8081 << QStringLiteral("0.0.0.0");
    QTest::newRow("specific, off") << false << specific << QStringLiteral(" 192.168.1.20 ") << 9000
                                   << QStringLiteral("192.168.1.20");
    QTest::newRow("IPv6 loopback typed, on")
        << true << specific << QStringLiteral("::1") << 0 << QStringLiteral("::1");
}

void TestPreferencesDialog::sharingRoundTrip()
{
    QFETCH(bool, enabled);
    QFETCH(int, choice);
    QFETCH(QString, typed);
    QFETCH(int, port);
    QFETCH(QString, storedAddress);

    SharingFixture fixture(settingsPath());
    fixture.settings.setValue(AppSettings::Key::SharingPort, 8080);
    {
        PreferencesDialog dialog(&fixture.settings, kStoreDescription, true, &fixture.sharing);
        child<QCheckBox>(dialog, "sharingEnabledCheck")->setChecked(enabled);
        auto *combo = child<QComboBox>(dialog, "sharingAddressCombo");
        combo->setCurrentIndex(combo->findData(choice));
        QCOMPARE(child<QLineEdit>(dialog, "sharingAddressEdit")->isEnabled(),
                 choice == int(SharingPage::AddressChoice::Specific));
        child<QLineEdit>(dialog, "sharingAddressEdit")->setText(typed);
        child<QSpinBox>(dialog, "sharingPortSpin")->setValue(port);
        button(dialog, QDialogButtonBox::Ok)->click();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        // OK applies it at once: a server runs exactly when switched on.
        QCOMPARE(fixture.sharing.isRunning(), enabled);
        QCOMPARE(fixture.sharing.state(),
                 enabled ? SharingController::State::Running : SharingController::State::Off);
    }
    AppSettings reread(settingsPath());
    QCOMPARE(reread.sharingEnabled(), enabled);
    QCOMPARE(reread.value(AppSettings::Key::SharingAddress).toString(), storedAddress);
    QCOMPARE(reread.value(AppSettings::Key::SharingPort).toInt(), port);

    PreferencesDialog again(&reread, kStoreDescription, true, &fixture.sharing);
    QCOMPARE(child<QComboBox>(again, "sharingAddressCombo")->currentData().toInt(), choice);
    QCOMPARE(child<QLineEdit>(again, "sharingAddressEdit")->text(),
             choice == int(SharingPage::AddressChoice::Specific) ? storedAddress : QString());
    QCOMPARE(child<QSpinBox>(again, "sharingPortSpin")->value(), port);
}

void TestPreferencesDialog::sharingAddressValidation_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("accepted");

    QTest::newRow("IPv4") << QStringLiteral("192.168.1.20") << true;
    QTest::newRow("IPv6 loopback") << QStringLiteral("::1") << true;
    QTest::newRow("with spaces") << QStringLiteral("  10.0.0.5 ") << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("a name") << QStringLiteral("localhost") << false;
    QTest::newRow("out of range") << QStringLiteral("192.168.1.300") << false;
    QTest::newRow("with a port") << QStringLiteral("127.0.0.1:8080") << false;
    QTest::newRow("multicast") << QStringLiteral("239.1.2.3") << false;
    QTest::newRow("broadcast") << QStringLiteral("255.255.255.255") << false;
}

void TestPreferencesDialog::sharingAddressValidation()
{
    QFETCH(QString, text);
    QFETCH(bool, accepted);

    QCOMPARE(SharingPage::addressError(text).isEmpty(), accepted);

    SharingFixture fixture(settingsPath());
    PreferencesDialog dialog(&fixture.settings, kStoreDescription, true, &fixture.sharing);
    dialog.setCurrentPage(PreferencesDialog::Page::Sharing);
    auto *combo = child<QComboBox>(dialog, "sharingAddressCombo");
    combo->setCurrentIndex(combo->findData(int(SharingPage::AddressChoice::Specific)));
    child<QLineEdit>(dialog, "sharingAddressEdit")->setText(text);
    const FormMessage *message = child<FormMessage>(dialog, "sharingAddressMessage");
    QVERIFY(message->isVisibleTo(&dialog));
    QCOMPARE(message->kind() == FormMessage::Kind::Error, !accepted);
    QCOMPARE(button(dialog, QDialogButtonBox::Ok)->isEnabled(), accepted);

    // Another choice than a specific address needs no text.
    combo->setCurrentIndex(combo->findData(int(SharingPage::AddressChoice::Loopback)));
    QVERIFY(button(dialog, QDialogButtonBox::Ok)->isEnabled());
    QCOMPARE(message->kind(), FormMessage::Kind::Hint);
}

void TestPreferencesDialog::sharingHttpsValidation_data()
{
    QTest::addColumn<QString>("certificate"); // file names in the temporary folder, or empty
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("error"); // the start of the message; empty: accepted

    QTest::newRow("plain HTTP") << QString() << QString() << QString();
    QTest::newRow("both") << QStringLiteral("cert.pem") << QStringLiteral("key.pem") << QString();
    QTest::newRow("certificate only")
        << QStringLiteral("cert.pem") << QString() << QStringLiteral("HTTPS needs the private key");
    QTest::newRow("key only") << QString() << QStringLiteral("key.pem")
                              << QStringLiteral("HTTPS needs the certificate");
    QTest::newRow("missing certificate")
        << QStringLiteral("nothing.pem") << QStringLiteral("key.pem")
        << QStringLiteral("The certificate file");
    QTest::newRow("certificate is a folder")
        << QStringLiteral("folder") << QStringLiteral("key.pem")
        << QStringLiteral("The certificate file");
    QTest::newRow("key where the certificate goes")
        << QStringLiteral("key.pem") << QStringLiteral("key.pem")
        << QStringLiteral("The certificate file holds no PEM certificate");
    QTest::newRow("certificate where the key goes")
        << QStringLiteral("cert.pem") << QStringLiteral("cert.pem")
        << QStringLiteral("The private key file holds no PEM private key");
    QTest::newRow("encrypted key") << QStringLiteral("cert.pem") << QStringLiteral("encrypted.pem")
                                   << QStringLiteral("The private key is encrypted");
    QTest::newRow("relative path") << QStringLiteral("cert.pem") << QStringLiteral("./key.pem")
                                   << QStringLiteral("Enter the full path");
}

void TestPreferencesDialog::sharingHttpsValidation()
{
    QFETCH(QString, certificate);
    QFETCH(QString, key);
    QFETCH(QString, error);

    QVERIFY(writeResource(QStringLiteral(":/sim/simulator.crt"),
                          m_dir->filePath(QStringLiteral("cert.pem"))));
    QVERIFY(writeResource(QStringLiteral(":/sim/simulator.key"),
                          m_dir->filePath(QStringLiteral("key.pem"))));
    QFile encrypted(m_dir->filePath(QStringLiteral("encrypted.pem")));
    QVERIFY(encrypted.open(QIODevice::WriteOnly));
    encrypted.write("-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIF\n-----END ENCRYPTED PRIVATE "
                    "KEY-----\n");
    encrypted.close();
    QVERIFY(QDir(m_dir->path()).mkdir(QStringLiteral("folder")));
    const auto path = [this](const QString &name) {
        return name.isEmpty() || name.startsWith(u'.') ? name : m_dir->filePath(name);
    };

    const QString found = SharingPage::httpsFilesError(path(certificate), path(key));
    QVERIFY2(error.isEmpty() ? found.isEmpty() : found.startsWith(error), qPrintable(found));

    SharingFixture fixture(settingsPath());
    PreferencesDialog dialog(&fixture.settings, kStoreDescription, true, &fixture.sharing);
    child<QLineEdit>(dialog, "sharingCertificateEdit")->setText(path(certificate));
    child<QLineEdit>(dialog, "sharingKeyEdit")->setText(path(key));
    QCOMPARE(button(dialog, QDialogButtonBox::Ok)->isEnabled(), error.isEmpty());
    const FormMessage *message = child<FormMessage>(dialog, "sharingHttpsMessage");
    if (!error.isEmpty()) {
        QCOMPARE(message->kind(), FormMessage::Kind::Error);
        QCOMPARE(message->text(), found);
    }
}

void TestPreferencesDialog::sharingMnemonicsAreUnique()
{
    // Every Alt+letter in the dialog leads to one place only, on either page.
    SharingFixture fixture(settingsPath());
    PreferencesDialog dialog(&fixture.settings, kStoreDescription, true, &fixture.sharing);
    std::map<QChar, QStringList> owners;
    const auto note = [&owners](const QString &text) {
        if (const QChar letter = mnemonic(text); !letter.isNull())
            owners[letter] << text;
    };
    for (const QLabel *label : dialog.findChildren<QLabel *>()) {
        if (label->buddy())
            note(label->text());
    }
    for (const QAbstractButton *button : dialog.findChildren<QAbstractButton *>())
        note(button->text());
    const QTabWidget *pages = child<QTabWidget>(dialog, "pages");
    for (int i = 0; i < pages->count(); ++i)
        note(pages->tabText(i));

    QVERIFY(owners.count(QLatin1Char('s')) == 1); // the sharing switch
    QVERIFY(owners.count(QLatin1Char('t')) == 1); // the port
    for (const auto &[letter, texts] : owners)
        QVERIFY2(texts.size() == 1, qPrintable(texts.join(QStringLiteral(", "))));
    // Every labelled field of the page can be reached with one.
    for (const char *field :
         {"sharingAddressCombo", "sharingPortSpin", "sharingCertificateEdit", "sharingKeyEdit"}) {
        bool labelled = false;
        for (const QLabel *label : dialog.findChildren<QLabel *>())
            labelled = labelled || (label->buddy() == child<QWidget>(dialog, field));
        QVERIFY2(labelled, field);
    }
}

void TestPreferencesDialog::sharingTabOrder_data()
{
    QTest::addColumn<bool>("running");
    QTest::addColumn<QStringList>("order");

    // Disabled fields are skipped: the typed address while another choice is made, the copy
    // buttons while nothing runs.
    QTest::newRow("off") << false << QStringList{QStringLiteral("sharingEnabledCheck"),
                                                 QStringLiteral("sharingAddressCombo"),
                                                 QStringLiteral("sharingPortSpin"),
                                                 QStringLiteral("showTokenButton"),
                                                 QStringLiteral("copyTokenButton"),
                                                 QStringLiteral("regenerateTokenButton"),
                                                 QStringLiteral("sharingCertificateEdit"),
                                                 QStringLiteral("sharingCertificateBrowse"),
                                                 QStringLiteral("sharingKeyEdit"),
                                                 QStringLiteral("sharingKeyBrowse")};
    QTest::newRow("running, specific address")
        << true << QStringList{QStringLiteral("sharingEnabledCheck"),
                               QStringLiteral("sharingAddressCombo"),
                               QStringLiteral("sharingAddressEdit"),
                               QStringLiteral("sharingPortSpin"),
                               QStringLiteral("showTokenButton"),
                               QStringLiteral("copyTokenButton"),
                               QStringLiteral("regenerateTokenButton"),
                               QStringLiteral("sharingCertificateEdit"),
                               QStringLiteral("sharingCertificateBrowse"),
                               QStringLiteral("sharingKeyEdit"),
                               QStringLiteral("sharingKeyBrowse"),
                               QStringLiteral("copyWallUrlButton"),
                               QStringLiteral("copyWallUrlWithTokenButton")};
}

void TestPreferencesDialog::sharingTabOrder()
{
    QFETCH(bool, running);
    QFETCH(QStringList, order);

    SharingFixture fixture(settingsPath());
    if (running) {
        fixture.settings.setValue(AppSettings::Key::SharingEnabled, true);
        fixture.sharing.apply();
        QVERIFY2(fixture.sharing.isRunning(), qPrintable(fixture.sharing.errorMessage()));
    }
    PreferencesDialog dialog(&fixture.settings, kStoreDescription, true, &fixture.sharing);
    dialog.setCurrentPage(PreferencesDialog::Page::Sharing);
    if (running) {
        auto *combo = child<QComboBox>(dialog, "sharingAddressCombo");
        combo->setCurrentIndex(combo->findData(int(SharingPage::AddressChoice::Specific)));
    }
    dialog.show();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    child<QCheckBox>(dialog, "sharingEnabledCheck")->setFocus();
    QStringList visited{QApplication::focusWidget()->objectName()};
    while (visited.size() < order.size()) {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        visited << QApplication::focusWidget()->objectName();
    }
    QCOMPARE(visited, order);
}

void TestPreferencesDialog::sharingOkStartsTheServer()
{
    SharingFixture fixture(settingsPath());
    QSignalSpy stateChanged(&fixture.sharing, &SharingController::stateChanged);
    PreferencesDialog dialog(&fixture.settings, kStoreDescription, true, &fixture.sharing);
    dialog.setCurrentPage(PreferencesDialog::Page::Sharing);
    const FormMessage *state = child<FormMessage>(dialog, "sharingStateMessage");
    QCOMPARE(state->text(), QStringLiteral("Not running."));
    child<QCheckBox>(dialog, "sharingEnabledCheck")->setChecked(true);
    QCOMPARE(state->text(), QStringLiteral("Not running yet: OK starts it."));
    // Nothing happens before OK.
    QVERIFY(!fixture.sharing.isRunning());
    QCOMPARE(stateChanged.count(), 0);

    button(dialog, QDialogButtonBox::Ok)->click();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY2(fixture.sharing.isRunning(), qPrintable(fixture.sharing.errorMessage()));
    QVERIFY(fixture.sharing.port() != 0);
    QCOMPARE(fixture.sharing.url().host(), QStringLiteral("127.0.0.1"));
    // The token is the one kept in the store.
    QCOMPARE(fixture.sharing.server()->settings().token,
             fixture.memory.accessCode(ShareToken::credentialId()).value_or(QString()));
    QCOMPARE(state->kind(), FormMessage::Kind::Success);
    QVERIFY2(state->text().startsWith(
                 QStringLiteral("Running at %1").arg(fixture.sharing.url().toString())),
             qPrintable(state->text()));

    // Switched off in a new dialog: stopped on OK.
    PreferencesDialog off(&fixture.settings, kStoreDescription, true, &fixture.sharing);
    child<QCheckBox>(off, "sharingEnabledCheck")->setChecked(false);
    QVERIFY2(child<FormMessage>(off, "sharingStateMessage")
                 ->text()
                 .endsWith(QStringLiteral(" — OK stops it.")),
             qPrintable(child<FormMessage>(off, "sharingStateMessage")->text()));
    button(off, QDialogButtonBox::Ok)->click();
    QVERIFY(!fixture.sharing.server()->isRunning());
    QCOMPARE(fixture.sharing.state(), SharingController::State::Off);
    QVERIFY(fixture.sharing.statusText().isEmpty());
}

void TestPreferencesDialog::sharingPortInUseKeepsDialogOpen()
{
    QTcpServer occupier;
    QVERIFY(occupier.listen(QHostAddress::LocalHost, 0));
    const quint16 busy = occupier.serverPort();

    SharingFixture fixture(settingsPath());
    PreferencesDialog dialog(&fixture.settings, kStoreDescription, true, &fixture.sharing);
    dialog.show();
    child<QCheckBox>(dialog, "sharingEnabledCheck")->setChecked(true);
    child<QSpinBox>(dialog, "sharingPortSpin")->setValue(busy);
    button(dialog, QDialogButtonBox::Ok)->click();

    // Saved (the switch stays on), but the dialog stays open on the Sharing page and says why.
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QCOMPARE(dialog.currentPage(), PreferencesDialog::Page::Sharing);
    QVERIFY(fixture.settings.sharingEnabled());
    QCOMPARE(fixture.sharing.state(), SharingController::State::Failed);
    const QString reason = QStringLiteral("Port %1 is in use by another program.").arg(busy);
    QCOMPARE(fixture.sharing.errorMessage(), reason);
    const FormMessage *save = child<FormMessage>(dialog, "saveMessage");
    QCOMPARE(save->kind(), FormMessage::Kind::Error);
    QCOMPARE(save->text(), QStringLiteral("Saved, but sharing is not running: %1").arg(reason));
    const FormMessage *state = child<FormMessage>(dialog, "sharingStateMessage");
    QCOMPARE(state->kind(), FormMessage::Kind::Error);
    QCOMPARE(state->text(), QStringLiteral("Not running: %1").arg(reason));
    QCOMPARE(fixture.sharing.statusText(),
             QStringLiteral("Sharing stopped: port %1 is in use by another program").arg(busy));

    // Another port, OK again: running, and the dialog closes.
    child<QSpinBox>(dialog, "sharingPortSpin")->setValue(0);
    button(dialog, QDialogButtonBox::Ok)->click();
    QVERIFY2(fixture.sharing.isRunning(), qPrintable(fixture.sharing.errorMessage()));
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(!dialog.isVisible());
}

void TestPreferencesDialog::sharingTokenShowAndCopy()
{
    SharingFixture fixture(settingsPath());
    PreferencesDialog dialog(&fixture.settings, kStoreDescription, true, &fixture.sharing);
    // Not made before someone looks at the page.
    QVERIFY(!fixture.memory.accessCode(ShareToken::credentialId()));
    dialog.setCurrentPage(PreferencesDialog::Page::Sharing);
    dialog.show();
    const QString token = fixture.memory.accessCode(ShareToken::credentialId()).value_or(QString());
    QCOMPARE(token.size(), 43);

    auto *edit = child<QLineEdit>(dialog, "sharingTokenEdit");
    QCOMPARE(edit->echoMode(), QLineEdit::Password);
    QVERIFY(edit->isReadOnly());
    auto *show = child<QPushButton>(dialog, "showTokenButton");
    show->click();
    QCOMPARE(edit->echoMode(), QLineEdit::Normal);
    QCOMPARE(edit->text(), token);
    QCOMPARE(show->text(), QStringLiteral("&Hide"));
    show->click();
    QCOMPARE(edit->echoMode(), QLineEdit::Password);

    QApplication::clipboard()->clear();
    child<QPushButton>(dialog, "copyTokenButton")->click();
    QCOMPARE(QApplication::clipboard()->text(), token);
    QCOMPARE(child<FormMessage>(dialog, "sharingTokenMessage")->text(),
             QStringLiteral("Token copied."));
    // Cancel does not take a token back: it is not a setting.
    button(dialog, QDialogButtonBox::Cancel)->click();
    QCOMPARE(fixture.memory.accessCode(ShareToken::credentialId()).value_or(QString()), token);
}

void TestPreferencesDialog::sharingRegenerateAsksFirst()
{
    SharingFixture fixture(settingsPath());
    fixture.settings.setValue(AppSettings::Key::SharingEnabled, true);
    fixture.sharing.apply();
    QVERIFY2(fixture.sharing.isRunning(), qPrintable(fixture.sharing.errorMessage()));
    const QString before = fixture.sharing.token();

    PreferencesDialog dialog(&fixture.settings, kStoreDescription, true, &fixture.sharing);
    dialog.setCurrentPage(PreferencesDialog::Page::Sharing);
    dialog.show();
    const auto answer = [&dialog](bool regenerate) {
        child<QPushButton>(dialog, "regenerateTokenButton")->click();
        // The one open now (an answered one may still wait for its deleteLater()).
        QMessageBox *question = nullptr;
        for (QMessageBox *box : dialog.findChildren<QMessageBox *>()) {
            if (box->objectName() == QLatin1String("regenerateTokenQuestion") && box->isVisible())
                question = box;
        }
        QVERIFY(question);
        QVERIFY(question->informativeText().contains(QStringLiteral("stops working")));
        // A stray Enter keeps the token.
        QCOMPARE(question->defaultButton(), question->button(QMessageBox::Cancel));
        if (regenerate)
            child<QPushButton>(*question, "regenerateButton")->click();
        else
            question->button(QMessageBox::Cancel)->click();
    };

    answer(false);
    QCOMPARE(fixture.sharing.token(), before);
    QCOMPARE(fixture.sharing.server()->settings().token, before);

    answer(true);
    const QString after = fixture.memory.accessCode(ShareToken::credentialId()).value_or(QString());
    QVERIFY(after != before);
    QCOMPARE(after.size(), 43);
    QCOMPARE(fixture.sharing.token(), after);
    // The running server took the new token at once.
    QVERIFY(fixture.sharing.isRunning());
    QCOMPARE(fixture.sharing.server()->settings().token, after);
    child<QPushButton>(dialog, "showTokenButton")->click();
    QCOMPARE(child<QLineEdit>(dialog, "sharingTokenEdit")->text(), after);
    QCOMPARE(child<FormMessage>(dialog, "sharingTokenMessage")->kind(), FormMessage::Kind::Success);
}

void TestPreferencesDialog::sharingCopyWallUrl()
{
    SharingFixture fixture(settingsPath());
    PreferencesDialog stopped(&fixture.settings, kStoreDescription, true, &fixture.sharing);
    QVERIFY(!child<QPushButton>(stopped, "copyWallUrlButton")->isEnabled());
    QVERIFY(!child<QPushButton>(stopped, "copyWallUrlWithTokenButton")->isEnabled());

    fixture.settings.setValue(AppSettings::Key::SharingEnabled, true);
    fixture.sharing.apply();
    QVERIFY2(fixture.sharing.isRunning(), qPrintable(fixture.sharing.errorMessage()));
    // An open dialog follows the server.
    QVERIFY(child<QPushButton>(stopped, "copyWallUrlButton")->isEnabled());
    const QUrl wall = fixture.sharing.url();
    QCOMPARE(child<QLineEdit>(stopped, "sharingWallUrlEdit")->text(), wall.toString());

    QApplication::clipboard()->clear();
    child<QPushButton>(stopped, "copyWallUrlButton")->click();
    QCOMPARE(QApplication::clipboard()->text(), wall.toString());
    QVERIFY(!QApplication::clipboard()->text().contains(fixture.sharing.token()));

    auto *withToken = child<QPushButton>(stopped, "copyWallUrlWithTokenButton");
    QVERIFY2(withToken->toolTip().contains(QStringLiteral("contains the token")),
             qPrintable(withToken->toolTip()));
    withToken->click();
    const QUrl copied(QApplication::clipboard()->text());
    QCOMPARE(copied.adjusted(QUrl::RemoveQuery), wall);
    QCOMPARE(QUrlQuery(copied).queryItemValue(QStringLiteral("token")), fixture.sharing.token());
}

void TestPreferencesDialog::sharingTokenRefusedIsShown()
{
    RefusingCredentialStore refusing;
    SharingFixture fixture(settingsPath(), &refusing);
    fixture.settings.setValue(AppSettings::Key::SharingEnabled, true);
    fixture.sharing.apply();
    QCOMPARE(fixture.sharing.state(), SharingController::State::Failed);
    QCOMPARE(fixture.sharing.errorMessage(),
             QStringLiteral("The sharing token could not be kept: The keyring is locked."));
    QVERIFY(!fixture.sharing.server()->isRunning());

    PreferencesDialog dialog(&fixture.settings, kStoreDescription, true, &fixture.sharing);
    dialog.setCurrentPage(PreferencesDialog::Page::Sharing);
    dialog.show();
    const FormMessage *message = child<FormMessage>(dialog, "sharingTokenMessage");
    QCOMPARE(message->kind(), FormMessage::Kind::Error);
    QVERIFY2(message->text().contains(QStringLiteral("The keyring is locked.")),
             qPrintable(message->text()));
    QCOMPARE(child<FormMessage>(dialog, "sharingStateMessage")->kind(), FormMessage::Kind::Error);
}

QTEST_MAIN(TestPreferencesDialog)
#include "tst_preferencesdialog.moc"
