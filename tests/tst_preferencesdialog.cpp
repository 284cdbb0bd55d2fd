// The preferences dialog against AppSettings in a temporary file: what it shows, what it writes
// (only on OK), and the defaults.
#include "formmessage.h"
#include "model/appsettings.h"
#include "preferencesdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

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

QTEST_MAIN(TestPreferencesDialog)
#include "tst_preferencesdialog.moc"
