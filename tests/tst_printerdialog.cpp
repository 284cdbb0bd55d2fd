// The add/edit printer dialog: live validation, keyboard behaviour, the connection test against a
// real simulated printer on 127.0.0.1, and the printers found by discovery (real announcements on
// a loopback port).
#include "formmessage.h"
#include "net/discoverylistener.h"
#include "printerdialog.h"
#include "sim/announcementsender.h"
#include "sim/printersimulator.h"
#include "testsupport.h"
#include "tilestatus.h"
#include "trust/tlstrust.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>

namespace {

constexpr int kTimeoutMs = 10000;
const QString kCode = QStringLiteral("12345678");

// The first visible hint or message of the dialog that is lower than its wrapped text, in words.
QString clippedHint(const QWidget &dialog)
{
    const QList<FormMessage *> messages = dialog.findChildren<FormMessage *>();
    for (const FormMessage *message : messages) {
        const int needed = message->heightForWidth(message->width());
        if (message->isVisible() && message->height() < needed) {
            return QStringLiteral("“%1” is %2 px high, needs %3 at %4 px wide")
                .arg(message->text())
                .arg(message->height())
                .arg(needed)
                .arg(message->width());
        }
    }
    return {};
}

template<typename T> T *child(const QWidget &parent, const char *name)
{
    T *widget = parent.findChild<T *>(QLatin1String(name));
    if (!widget)
        qFatal("no child %s", name);
    return widget;
}

// Types like a user, so that the dialog sees textEdited() as it would from the keyboard: a field
// left empty has been typed in and erased, as a user does.
void retype(QLineEdit *edit, const QString &text)
{
    edit->setFocus();
    QTest::keyClick(edit, Qt::Key_End);
    QTest::keyClick(edit, 'x');
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    for (const QChar c : text) {
        if (c.unicode() < 0x80) {
            QTest::keyClick(edit, char(c.unicode()));
        } else { // keyClick takes ASCII only: send what a keyboard layout would
            QTest::sendKeyEvent(QTest::Press, edit, Qt::Key_unknown, QString(c), Qt::NoModifier);
            QTest::sendKeyEvent(QTest::Release, edit, Qt::Key_unknown, QString(c), Qt::NoModifier);
        }
    }
}

void retype(QSpinBox *spin, const QString &text)
{
    spin->setFocus();
    spin->selectAll();
    QTest::keyClick(spin, Qt::Key_Backspace);
    if (!text.isEmpty())
        QTest::keyClicks(spin, text);
}

struct Fields
{
    QString name = QStringLiteral("Workshop P1S");
    QString host = QStringLiteral("192.168.1.20");
    QString port = QStringLiteral("6000");
    QString code = kCode;
    QString serial;
};

void fill(PrinterDialog &dialog, const Fields &fields)
{
    retype(child<QLineEdit>(dialog, "nameEdit"), fields.name);
    retype(child<QLineEdit>(dialog, "hostEdit"), fields.host);
    retype(child<QSpinBox>(dialog, "portSpin"), fields.port);
    retype(child<QLineEdit>(dialog, "accessCodeEdit"), fields.code);
    retype(child<QLineEdit>(dialog, "serialEdit"), fields.serial);
}

QPushButton *okButton(const PrinterDialog &dialog)
{
    return child<QDialogButtonBox>(dialog, "buttons")->button(QDialogButtonBox::Ok);
}

// The printer the status tests edit: everything set, status off on a port of its own.
PrinterConfig storedPrinter()
{
    PrinterConfig config;
    config.id = QUuid::createUuid();
    config.name = QStringLiteral("Workshop P1S");
    config.host = QStringLiteral("192.168.1.20");
    config.port = 6000;
    config.serial = QStringLiteral("01S00C123456789");
    config.model = QStringLiteral("C12");
    config.statusEnabled = false;
    config.statusPort = 18883;
    config.certificateFingerprint = QStringLiteral("AB:CD");
    config.timelapse = PrinterConfig::TimelapseChoice::Off;
    return config;
}

// A printer already set up, known by its serial (elsewhere than the ones announced).
PrinterConfig withSerial(const QString &serial)
{
    PrinterConfig config;
    config.id = QUuid::createUuid();
    config.name = serial;
    config.host = QStringLiteral("192.168.9.9");
    config.serial = serial;
    return config;
}

// The mnemonic letter of a text ("Show print stat&us" -> 'u'); null without one ("&&" is none).
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

const QString kWorkshopSerial = QStringLiteral("01S00C123456789");
const QString kGarageSerial = QStringLiteral("03919A123456789");
const QString kDeskSerial = QStringLiteral("0300AA123456789");

// Listens on 127.0.0.1 at a port the system picks.
std::unique_ptr<DiscoveryListener> loopbackDiscovery()
{
    auto listener = std::make_unique<DiscoveryListener>();
    listener->setAddress(QHostAddress::LocalHost);
    listener->setPort(0);
    QString error;
    if (!listener->start(&error))
        qFatal("discovery did not start: %s", qPrintable(error));
    return listener;
}

DiscoveryAnnouncement printerAt127(const QString &serial, const QString &name,
                                   const QString &modelCode)
{
    DiscoveryAnnouncement announcement;
    announcement.serial = serial;
    announcement.name = name;
    announcement.modelCode = modelCode;
    announcement.address = QStringLiteral("127.0.0.1");
    announcement.connectMode = QStringLiteral("lan");
    announcement.firmwareVersion = QStringLiteral("01.07.00.00");
    return announcement;
}

// A simulated printer announcing itself to the listener, now and every few seconds.
std::unique_ptr<AnnouncementSender> announce(const DiscoveryListener &listener,
                                             const DiscoveryAnnouncement &announcement)
{
    auto sender = std::make_unique<AnnouncementSender>();
    sender->setAnnouncement(announcement);
    sender->setTarget(QHostAddress::LocalHost, listener.localPort());
    sender->start();
    return sender;
}

QTreeWidgetItem *discoveredRow(const PrinterDialog &dialog, const QString &serial)
{
    auto *list = child<QTreeWidget>(dialog, "discoveredList");
    for (int i = 0; i < list->topLevelItemCount(); ++i) {
        if (list->topLevelItem(i)->text(3) == serial)
            return list->topLevelItem(i);
    }
    return nullptr;
}

} // namespace

class TestPrinterDialog final : public QObject
{
    Q_OBJECT

private slots:
    void startsInAddMode();
    void hostValidation_data();
    void hostValidation();
    void portValidation_data();
    void portValidation();
    void accessCodeValidation_data();
    void accessCodeValidation();
    void nameAndSerialValidation_data();
    void nameAndSerialValidation();
    void untouchedFieldsShowNoErrors();
    void editModeKeepsIdAndTrims();
    void statusRoundTrip_data();
    void statusRoundTrip();
    void timelapseChoice_data();
    void timelapseChoice();
    void statusPortFollowsTheCheckbox_data();
    void statusPortFollowsTheCheckbox();
    void statusPortValidation_data();
    void statusPortValidation();
    void editKeepsModelAndSerial_data();
    void editKeepsModelAndSerial();
    void tabOrder_data();
    void tabOrder();
    void mnemonicsAreUnique();
    void trailingWidgetsKeepTheirSize();
    void accessCodeMaskedUntilRevealed();
    void enterAcceptsOnlyWhenValid();
    void escapeRejects();
    void samePrinterTwiceIsRefused_data();
    void samePrinterTwiceIsRefused();
    void editingIntoAnotherPrinterIsRefused();
    void testButtonNeedsEndpoint();
    void testConnectionShowsPreview();
    void testConnectionWrongCode();
    void testConnectionClosedPort();
    void testConnectionKeepsThePin_data();
    void testConnectionKeepsThePin();
    void cancelStopsTheAttempt();
    void editingEndpointDropsResult();
    void confirmRemove_data();
    void confirmRemove();
    void discoveryHiddenWithoutListener();
    void discoveredPrintersFillTheList();
    void choosingFillsTheFields_data();
    void choosingFillsTheFields();
    void knownPrintersAreNotOffered();
    void otherSerialDropsTheModel();
    void editModeOffersNoPrinters();
    void discoveredListFollowsChanges();
    void discoveryGoneWhileOpen();
    void cameraKindSetsThePort();
    void modelChoosesTheKind();
    void mjpegStreamAsksForAUrl();
    void cameraKindSurvivesAnEdit();
    void wrappedHintsAreNotClipped_data();
    void wrappedHintsAreNotClipped();
    void fitsTheScreen_data();
    void fitsTheScreen();
};

void TestPrinterDialog::startsInAddMode()
{
    PrinterDialog dialog;
    QCOMPARE(dialog.windowTitle(), QStringLiteral("Add printer"));
    QVERIFY(!dialog.isEditMode());
    QVERIFY(!dialog.isValid());
    QVERIFY(!okButton(dialog)->isEnabled());
    QCOMPARE(child<QSpinBox>(dialog, "portSpin")->value(), 6000);
    QCOMPARE(child<QLineEdit>(dialog, "accessCodeEdit")->echoMode(), QLineEdit::Password);
    QVERIFY(child<FormMessage>(dialog, "accessCodeHint")
                ->text()
                .contains(QStringLiteral("Settings → Network/WLAN → Access Code")));
    QVERIFY(dialog.config().id.isNull());
    // Print status is on by default, on the port all printers use.
    QVERIFY(child<QCheckBox>(dialog, "statusCheck")->isChecked());
    QCOMPARE(child<QSpinBox>(dialog, "statusPortSpin")->value(), 8883);
    QVERIFY(child<QSpinBox>(dialog, "statusPortSpin")->isEnabled());
    QVERIFY(dialog.config().statusEnabled);
    QCOMPARE(dialog.config().statusPort, PrinterConfig::kDefaultStatusPort);
    const auto *statusHint = child<FormMessage>(dialog, "statusHint");
    QVERIFY(statusHint->text().contains(QStringLiteral("same access code")));
    QCOMPARE(statusHint->kind(), FormMessage::Kind::Hint);
}

void TestPrinterDialog::hostValidation_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("valid");

    QTest::newRow("IPv4") << QStringLiteral("192.168.1.20") << true;
    QTest::newRow("IPv4 with spaces around") << QStringLiteral(" 10.0.0.7 ") << true;
    QTest::newRow("host name") << QStringLiteral("p1s-garage") << true;
    QTest::newRow("mDNS name") << QStringLiteral("p1s.local") << true;
    QTest::newRow("FQDN") << QStringLiteral("printer.farm.example.com.") << true;
    QTest::newRow("IPv6") << QStringLiteral("fd00::20") << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("three parts") << QStringLiteral("192.168.1") << false;
    QTest::newRow("octet too big") << QStringLiteral("192.168.1.300") << false;
    QTest::newRow("with port") << QStringLiteral("192.168.1.20:6000") << false;
    QTest::newRow("URL") << QStringLiteral("http://192.168.1.20") << false;
    QTest::newRow("space inside") << QStringLiteral("my printer") << false;
    QTest::newRow("double dot") << QStringLiteral("printer..local") << false;
    QTest::newRow("leading hyphen") << QStringLiteral("-printer") << false;
    QTest::newRow("any address") << QStringLiteral("0.0.0.0") << false;
    QTest::newRow("bracketed IPv6") << QStringLiteral("[fd00::20]") << false;
}

void TestPrinterDialog::hostValidation()
{
    QFETCH(QString, host);
    QFETCH(bool, valid);

    PrinterDialog dialog;
    Fields fields;
    fields.host = host;
    fill(dialog, fields);

    const FormMessage *message = child<FormMessage>(dialog, "hostMessage");
    QCOMPARE(okButton(dialog)->isEnabled(), valid);
    QCOMPARE(dialog.isValid(), valid);
    QCOMPARE(message->isVisibleTo(&dialog), !valid);
    QCOMPARE(message->text(), PrinterConfig::hostError(host.trimmed()));
    if (!valid) {
        QVERIFY(!message->text().isEmpty());
        QCOMPARE(message->kind(), FormMessage::Kind::Error);
        QCOMPARE(message->palette().color(QPalette::WindowText),
                 FormMessage::colorFor(FormMessage::Kind::Error, dialog.palette()));
        QCOMPARE(okButton(dialog)->toolTip(), message->text());
    } else {
        QCOMPARE(dialog.config().host, host.trimmed());
    }
}

void TestPrinterDialog::portValidation_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<int>("port"); // what config() reports when valid

    QTest::newRow("default") << QStringLiteral("6000") << true << 6000;
    QTest::newRow("lowest") << QStringLiteral("1") << true << 1;
    QTest::newRow("highest") << QStringLiteral("65535") << true << 65535;
    QTest::newRow("zero") << QStringLiteral("0") << false << 0;
    QTest::newRow("empty") << QString() << false << 0;
    // The spin box refuses the keystroke that would overflow: the last 0 never lands.
    QTest::newRow("too big") << QStringLiteral("70000") << true << 7000;
    QTest::newRow("letters") << QStringLiteral("60ab") << true << 60;
}

void TestPrinterDialog::portValidation()
{
    QFETCH(QString, typed);
    QFETCH(bool, valid);
    QFETCH(int, port);

    PrinterDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    fill(dialog, Fields());
    auto *spin = child<QSpinBox>(dialog, "portSpin");
    retype(spin, typed); // the focus stays in the field

    const FormMessage *message = child<FormMessage>(dialog, "portMessage");
    QCOMPARE(okButton(dialog)->isEnabled(), valid);
    QCOMPARE(message->isVisibleTo(&dialog), !valid);
    if (valid) {
        QCOMPARE(int(dialog.config().port), port);
    } else {
        QCOMPARE(message->text(), PrinterConfig::portError(0));
        QVERIFY(!child<QPushButton>(dialog, "testButton")->isEnabled());
        // Leaving the field puts the last valid port back, as spin boxes do.
        child<QLineEdit>(dialog, "nameEdit")->setFocus();
        QCOMPARE(spin->text(), QStringLiteral("6000"));
        QVERIFY(okButton(dialog)->isEnabled());
        QVERIFY(!message->isVisibleTo(&dialog));
    }
}

void TestPrinterDialog::accessCodeValidation_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("code"); // what accessCode() returns

    QTest::newRow("eight digits") << kCode << true << kCode;
    QTest::newRow("one character") << QStringLiteral("x") << true << QStringLiteral("x");
    QTest::newRow("printable ASCII with space")
        << QStringLiteral("ab cd!~") << true << QStringLiteral("ab cd!~");
    QTest::newRow("32 characters") << QString(32, u'7') << true << QString(32, u'7');
    QTest::newRow("33 characters typed, 32 kept") << QString(33, u'7') << true << QString(32, u'7');
    QTest::newRow("empty") << QString() << false << QString();
    QTest::newRow("not ASCII") << QStringLiteral("1234567é") << false << QStringLiteral("1234567é");
}

void TestPrinterDialog::accessCodeValidation()
{
    QFETCH(QString, typed);
    QFETCH(bool, valid);
    QFETCH(QString, code);

    PrinterDialog dialog;
    Fields fields;
    fields.code = typed;
    fill(dialog, fields);

    const FormMessage *message = child<FormMessage>(dialog, "accessCodeMessage");
    QCOMPARE(dialog.accessCode(), code);
    QCOMPARE(okButton(dialog)->isEnabled(), valid);
    QCOMPARE(child<QPushButton>(dialog, "testButton")->isEnabled(), valid);
    QCOMPARE(message->isVisibleTo(&dialog), !valid);
    QCOMPARE(message->text(), PrinterConfig::accessCodeError(code));
    // Whatever was typed, it never appears in a message.
    if (!code.isEmpty())
        QVERIFY(!message->text().contains(code));
}

void TestPrinterDialog::nameAndSerialValidation_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("serial");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("messageObject"); // the message that must show, if any

    QTest::newRow("both fine") << QStringLiteral("P1S") << QStringLiteral("01P00A123456789") << true
                               << QString();
    QTest::newRow("no serial") << QStringLiteral("P1S") << QString() << true << QString();
    QTest::newRow("empty name") << QString() << QString() << false << QStringLiteral("nameMessage");
    QTest::newRow("blank name") << QStringLiteral("   ") << QString() << false
                                << QStringLiteral("nameMessage");
    QTest::newRow("serial with hyphen") << QStringLiteral("P1S") << QStringLiteral("01P-00")
                                        << false << QStringLiteral("serialMessage");
}

void TestPrinterDialog::nameAndSerialValidation()
{
    QFETCH(QString, name);
    QFETCH(QString, serial);
    QFETCH(bool, valid);
    QFETCH(QString, messageObject);

    PrinterDialog dialog;
    Fields fields;
    fields.name = name;
    fields.serial = serial;
    fill(dialog, fields);

    QCOMPARE(okButton(dialog)->isEnabled(), valid);
    for (const char *object : {"nameMessage", "serialMessage"}) {
        const FormMessage *message = child<FormMessage>(dialog, object);
        QCOMPARE(message->isVisibleTo(&dialog), messageObject == QLatin1String(object));
    }
    if (valid) {
        QCOMPARE(dialog.config().name, name.trimmed());
        QCOMPARE(dialog.config().serial, serial);
    }
}

void TestPrinterDialog::untouchedFieldsShowNoErrors()
{
    PrinterDialog dialog;
    // An empty new form is not a wall of red: errors wait for the user.
    for (const char *object :
         {"nameMessage", "hostMessage", "portMessage", "accessCodeMessage", "serialMessage"}) {
        QVERIFY2(!child<FormMessage>(dialog, object)->isVisibleTo(&dialog), object);
    }
    QVERIFY(!okButton(dialog)->isEnabled());
    QCOMPARE(okButton(dialog)->toolTip(), PrinterConfig::nameError(QString()));

    retype(child<QLineEdit>(dialog, "hostEdit"), QStringLiteral("192.168"));
    QVERIFY(child<FormMessage>(dialog, "hostMessage")->isVisibleTo(&dialog));
    QVERIFY(!child<FormMessage>(dialog, "nameMessage")->isVisibleTo(&dialog));
}

void TestPrinterDialog::editModeKeepsIdAndTrims()
{
    PrinterConfig config;
    config.id = QUuid::createUuid();
    config.name = QStringLiteral("Garage A1");
    config.host = QStringLiteral("a1.local");
    config.port = 6001;
    config.serial = QStringLiteral("03919A123456789");

    PrinterDialog dialog;
    dialog.setConfig(config, kCode);
    QCOMPARE(dialog.windowTitle(), QStringLiteral("Edit printer"));
    QVERIFY(dialog.isEditMode());
    QVERIFY(dialog.isValid());
    QCOMPARE(dialog.config(), config);
    QCOMPARE(dialog.accessCode(), kCode);
    QCOMPARE(okButton(dialog)->text(), QStringLiteral("Save"));

    retype(child<QLineEdit>(dialog, "nameEdit"), QStringLiteral("  Garage A1 mini  "));
    QCOMPARE(dialog.config().name, QStringLiteral("Garage A1 mini"));
    QCOMPARE(dialog.config().id, config.id);

    // Stored values that are wrong are flagged at once.
    config.host = QStringLiteral("192.168.1");
    dialog.setConfig(config, QString());
    QVERIFY(child<FormMessage>(dialog, "hostMessage")->isVisibleTo(&dialog));
    QVERIFY(child<FormMessage>(dialog, "accessCodeMessage")->isVisibleTo(&dialog));
    QVERIFY(!okButton(dialog)->isEnabled());
}

// "Timelapse videos": Like Preferences (naming what that is now), Always or Never; shown as
// stored, and what the user picks is what config() saves.
void TestPrinterDialog::timelapseChoice_data()
{
    QTest::addColumn<bool>("farmDefault");
    QTest::addColumn<PrinterConfig::TimelapseChoice>("stored");
    QTest::addColumn<QString>("shown");
    QTest::addColumn<QString>("picked");
    QTest::addColumn<PrinterConfig::TimelapseChoice>("saved");
    using Choice = PrinterConfig::TimelapseChoice;
    QTest::newRow("default on, to never") << true << Choice::Default << "Like Preferences (on)"
                                          << "Never" << Choice::Off;
    QTest::newRow("default off, to always") << false << Choice::Default << "Like Preferences (off)"
                                            << "Always" << Choice::On;
    QTest::newRow("never, back to the default") << true << Choice::Off << "Never"
                                                << "Like Preferences (on)" << Choice::Default;
    QTest::newRow("always, to never") << false << Choice::On << "Always"
                                      << "Never" << Choice::Off;
}

void TestPrinterDialog::timelapseChoice()
{
    QFETCH(bool, farmDefault);
    QFETCH(PrinterConfig::TimelapseChoice, stored);
    QFETCH(QString, shown);
    QFETCH(QString, picked);
    QFETCH(PrinterConfig::TimelapseChoice, saved);

    PrinterConfig config = storedPrinter();
    config.timelapse = stored;
    PrinterDialog dialog;
    dialog.setTimelapseDefault(farmDefault);
    dialog.setConfig(config, kCode);
    auto *combo = child<QComboBox>(dialog, "timelapseCombo");
    QCOMPARE(combo->currentText(), shown);
    QCOMPARE(combo->count(), 3);
    QCOMPARE(dialog.config(), config); // unchanged until the user picks

    // As the user does: open the list, pick with the keyboard.
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    combo->setFocus();
    const int index = combo->findText(picked);
    QVERIFY(index >= 0);
    while (combo->currentIndex() != index)
        QTest::keyClick(combo, combo->currentIndex() < index ? Qt::Key_Down : Qt::Key_Up);
    config.timelapse = saved;
    QVERIFY(dialog.isValid());
    QCOMPARE(dialog.config(), config);

    // A new dialog for a new printer starts at the default.
    PrinterDialog add;
    add.setTimelapseDefault(farmDefault);
    QCOMPARE(add.config().timelapse, PrinterConfig::TimelapseChoice::Default);
    QCOMPARE(child<QComboBox>(add, "timelapseCombo")->currentText(),
             farmDefault ? QStringLiteral("Like Preferences (on)")
                         : QStringLiteral("Like Preferences (off)"));
}

void TestPrinterDialog::statusRoundTrip_data()
{
    QTest::addColumn<bool>("enabled");
    QTest::addColumn<int>("port");

    QTest::newRow("on, default port") << true << 8883;
    QTest::newRow("off, default port") << false << 8883;
    QTest::newRow("on, another port") << true << 18883;
    QTest::newRow("off, another port kept") << false << 9000;
    QTest::newRow("lowest port") << true << 1;
    QTest::newRow("highest port") << true << 65535;
}

void TestPrinterDialog::statusRoundTrip()
{
    QFETCH(bool, enabled);
    QFETCH(int, port);

    PrinterConfig config = storedPrinter();
    config.statusEnabled = enabled;
    config.statusPort = quint16(port);
    PrinterDialog dialog;
    dialog.setConfig(config, kCode);

    const auto *check = child<QCheckBox>(dialog, "statusCheck");
    const auto *spin = child<QSpinBox>(dialog, "statusPortSpin");
    QCOMPARE(check->isChecked(), enabled);
    QCOMPARE(spin->value(), port);
    QCOMPARE(spin->isEnabled(), enabled);
    QVERIFY(dialog.isValid());
    QCOMPARE(dialog.config(), config);

    // And back: a second printer loaded into the same dialog shows its own settings.
    PrinterConfig other = storedPrinter();
    other.statusEnabled = !enabled;
    other.statusPort = PrinterConfig::kDefaultStatusPort;
    dialog.setConfig(other, kCode);
    QCOMPARE(check->isChecked(), !enabled);
    QCOMPARE(spin->isEnabled(), !enabled);
    QCOMPARE(dialog.config(), other);
}

void TestPrinterDialog::statusPortFollowsTheCheckbox_data()
{
    QTest::addColumn<int>("how"); // 0: click, 1: Space on the box, 2: its mnemonic (Alt+U)

    QTest::newRow("click") << 0;
    QTest::newRow("Space") << 1;
    QTest::newRow("mnemonic") << 2;
}

void TestPrinterDialog::statusPortFollowsTheCheckbox()
{
    QFETCH(int, how);

    PrinterDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    fill(dialog, Fields());
    auto *check = child<QCheckBox>(dialog, "statusCheck");
    const auto *spin = child<QSpinBox>(dialog, "statusPortSpin");
    const auto toggle = [&] {
        switch (how) {
        case 0:
            QTest::mouseClick(check, Qt::LeftButton, {}, QPoint(8, check->height() / 2));
            break;
        case 1:
            check->setFocus();
            QTest::keyClick(check, Qt::Key_Space);
            break;
        case 2:
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_U, Qt::AltModifier);
            break;
        }
    };

    QVERIFY(spin->isEnabled());
    toggle();
    // A mnemonic presses the button as a click would, and lets go a moment later.
    QTRY_VERIFY_WITH_TIMEOUT(!check->isChecked(), kTimeoutMs);
    QVERIFY(!spin->isEnabled());
    QVERIFY(dialog.isValid());
    QVERIFY(!dialog.config().statusEnabled);
    QCOMPARE(dialog.config().statusPort, PrinterConfig::kDefaultStatusPort);

    toggle();
    QTRY_VERIFY_WITH_TIMEOUT(check->isChecked(), kTimeoutMs);
    QVERIFY(spin->isEnabled());
    QVERIFY(dialog.config().statusEnabled);
}

void TestPrinterDialog::statusPortValidation_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<int>("port"); // what config() reports when valid

    QTest::newRow("default") << QStringLiteral("8883") << true << 8883;
    QTest::newRow("lowest") << QStringLiteral("1") << true << 1;
    QTest::newRow("highest") << QStringLiteral("65535") << true << 65535;
    QTest::newRow("zero") << QStringLiteral("0") << false << 0;
    QTest::newRow("empty") << QString() << false << 0;
    // The spin box refuses the keystroke that would overflow: the last 0 never lands.
    QTest::newRow("too big") << QStringLiteral("70000") << true << 7000;
}

void TestPrinterDialog::statusPortValidation()
{
    QFETCH(QString, typed);
    QFETCH(bool, valid);
    QFETCH(int, port);

    PrinterDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    fill(dialog, Fields());
    auto *spin = child<QSpinBox>(dialog, "statusPortSpin");
    retype(spin, typed); // the focus stays in the field

    const FormMessage *message = child<FormMessage>(dialog, "statusPortMessage");
    QCOMPARE(okButton(dialog)->isEnabled(), valid);
    QCOMPARE(message->isVisibleTo(&dialog), !valid);
    // The connection test is the camera's: the status port does not hold it up.
    QVERIFY(child<QPushButton>(dialog, "testButton")->isEnabled());
    QVERIFY(!child<FormMessage>(dialog, "portMessage")->isVisibleTo(&dialog));
    if (valid) {
        QCOMPARE(int(dialog.config().statusPort), port);
        QCOMPARE(dialog.config().port, PrinterConfig::kDefaultCameraPort);
        return;
    }
    QCOMPARE(message->text(), PrinterConfig::portError(0));
    QCOMPARE(message->kind(), FormMessage::Kind::Error);
    QCOMPARE(okButton(dialog)->toolTip(), message->text());

    // Status off: its port is not used, so it cannot be wrong.
    child<QCheckBox>(dialog, "statusCheck")->setChecked(false);
    QVERIFY(!message->isVisibleTo(&dialog));
    QVERIFY(okButton(dialog)->isEnabled());
    QVERIFY(!dialog.config().statusEnabled);
    QCOMPARE(dialog.config().statusPort, PrinterConfig::kDefaultStatusPort);
}

void TestPrinterDialog::editKeepsModelAndSerial_data()
{
    QTest::addColumn<QString>("field"); // the object edited
    QTest::addColumn<QString>("typed"); // what is typed into it (a check box is clicked)
    QTest::addColumn<PrinterConfig>("expected");

    const PrinterConfig stored = storedPrinter();
    PrinterConfig renamed = stored;
    renamed.name = QStringLiteral("Workshop left");
    QTest::newRow("renamed") << QStringLiteral("nameEdit") << renamed.name << renamed;
    PrinterConfig statusOn = stored;
    statusOn.statusEnabled = true;
    QTest::newRow("status switched on") << QStringLiteral("statusCheck") << QString() << statusOn;
    PrinterConfig moved = stored;
    moved.host = QStringLiteral("192.168.1.21");
    QTest::newRow("new address") << QStringLiteral("hostEdit") << moved.host << moved;
    PrinterConfig cameraPort = stored;
    cameraPort.port = 6001;
    QTest::newRow("camera port") << QStringLiteral("portSpin") << QStringLiteral("6001")
                                 << cameraPort;
    QTest::newRow("access code") << QStringLiteral("accessCodeEdit") << QStringLiteral("87654321")
                                 << stored;
    QTest::newRow("serial retyped as it was")
        << QStringLiteral("serialEdit") << stored.serial << stored;
}

void TestPrinterDialog::editKeepsModelAndSerial()
{
    QFETCH(QString, field);
    QFETCH(QString, typed);
    QFETCH(PrinterConfig, expected);

    PrinterDialog dialog;
    dialog.setConfig(storedPrinter(), kCode);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QWidget *editor = dialog.findChild<QWidget *>(field);
    QVERIFY(editor);
    if (auto *edit = qobject_cast<QLineEdit *>(editor))
        retype(edit, typed);
    else if (auto *spin = qobject_cast<QSpinBox *>(editor))
        retype(spin, typed);
    else if (auto *check = qobject_cast<QCheckBox *>(editor))
        check->click();
    else
        QFAIL("nothing to edit");

    QVERIFY(dialog.isValid());
    const PrinterConfig config = dialog.config();
    QCOMPARE(config.model, QStringLiteral("C12"));
    QCOMPARE(config.serial, storedPrinter().serial);
    QCOMPARE(config.id, expected.id == storedPrinter().id ? expected.id : config.id);
    expected.id = config.id; // storedPrinter() makes a new id each time
    QCOMPARE(config, expected);
}

void TestPrinterDialog::tabOrder_data()
{
    QTest::addColumn<bool>("statusEnabled");
    QTest::addColumn<QStringList>("order"); // Tab by Tab from the camera port

    QTest::newRow("status on")
        << true << QStringList{QStringLiteral("portSpin"),       QStringLiteral("statusCheck"),
                               QStringLiteral("statusPortSpin"), QStringLiteral("accessCodeEdit"),
                               QStringLiteral("serialEdit"),     QStringLiteral("caFileEdit"),
                               QStringLiteral("browseCaButton"), QStringLiteral("timelapseCombo"),
                               QStringLiteral("testButton")};
    // A disabled port is skipped.
    QTest::newRow("status off")
        << false << QStringList{QStringLiteral("portSpin"),       QStringLiteral("statusCheck"),
                                QStringLiteral("accessCodeEdit"), QStringLiteral("serialEdit"),
                                QStringLiteral("caFileEdit"),     QStringLiteral("browseCaButton"),
                                QStringLiteral("timelapseCombo"), QStringLiteral("testButton")};
}

void TestPrinterDialog::tabOrder()
{
    QFETCH(bool, statusEnabled);
    QFETCH(QStringList, order);

    PrinterDialog dialog;
    fill(dialog, Fields()); // the test button takes the focus only when enabled
    child<QCheckBox>(dialog, "statusCheck")->setChecked(statusEnabled);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    child<QSpinBox>(dialog, "portSpin")->setFocus();
    QStringList visited{QApplication::focusWidget()->objectName()};
    while (visited.size() < order.size()) {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        visited << QApplication::focusWidget()->objectName();
    }
    QCOMPARE(visited, order);
}

void TestPrinterDialog::mnemonicsAreUnique()
{
    // Every Alt+letter in the dialog leads to one place only.
    PrinterDialog dialog;
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

    QVERIFY(owners.count(QLatin1Char('u')) == 1); // the status box's own
    QVERIFY(owners.count(QLatin1Char('o')) == 1); // its port
    for (const auto &[letter, texts] : owners)
        QVERIFY2(texts.size() == 1, qPrintable(texts.join(QStringLiteral(", "))));
}

void TestPrinterDialog::trailingWidgetsKeepTheirSize()
{
    PrinterDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    const auto *caFile = child<QLineEdit>(dialog, "caFileEdit");
    const auto *browse = child<QPushButton>(dialog, "browseCaButton");
    const auto *port = child<QSpinBox>(dialog, "portSpin");
    const auto *portNote = child<FormMessage>(dialog, "portNote");
    const int fieldWidth = caFile->width();
    const int portWidth = port->width();
    const int noteWidth = portNote->width();

    // Room to spare goes to the path, not to the button; to the note, not to the port.
    dialog.resize(dialog.width() + 200, dialog.height());
    QTRY_COMPARE_WITH_TIMEOUT(caFile->width(), fieldWidth + 200, kTimeoutMs);
    QCOMPARE(browse->width(), browse->sizeHint().width());
    QVERIFY(caFile->width() > 3 * browse->width());
    QCOMPARE(port->width(), portWidth);
    QCOMPARE(portNote->width(), noteWidth + 200);
}

void TestPrinterDialog::accessCodeMaskedUntilRevealed()
{
    PrinterDialog dialog;
    auto *edit = child<QLineEdit>(dialog, "accessCodeEdit");
    auto *reveal = child<QAction>(dialog, "revealAccessCode");
    QCOMPARE(edit->echoMode(), QLineEdit::Password);
    QVERIFY(!reveal->icon().isNull());
    QCOMPARE(reveal->toolTip(), QStringLiteral("Show the access code"));

    reveal->trigger();
    QCOMPARE(edit->echoMode(), QLineEdit::Normal);
    QCOMPARE(reveal->toolTip(), QStringLiteral("Hide the access code"));
    reveal->trigger();
    QCOMPARE(edit->echoMode(), QLineEdit::Password);

    // Opening another printer hides the code again.
    reveal->trigger();
    PrinterConfig config;
    config.id = QUuid::createUuid();
    config.name = QStringLiteral("X");
    config.host = QStringLiteral("x.local");
    dialog.setConfig(config, kCode);
    QCOMPARE(edit->echoMode(), QLineEdit::Password);
}

void TestPrinterDialog::enterAcceptsOnlyWhenValid()
{
    PrinterDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QSignalSpy accepted(&dialog, &QDialog::accepted);

    Fields fields;
    fields.host = QStringLiteral("192.168.1");
    fill(dialog, fields);
    auto *name = child<QLineEdit>(dialog, "nameEdit");
    retype(name, QString()); // name empty, host wrong
    child<QLineEdit>(dialog, "serialEdit")->setFocus();
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    QCOMPARE(accepted.count(), 0);
    QVERIFY(dialog.isVisible());
    // Enter on an invalid form says what is missing and goes to the first problem.
    QVERIFY(child<FormMessage>(dialog, "nameMessage")->isVisible());
    QCOMPARE(QApplication::focusWidget(), name);

    retype(name, QStringLiteral("P1S"));
    retype(child<QLineEdit>(dialog, "hostEdit"), QStringLiteral("192.168.1.20"));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    QCOMPARE(accepted.count(), 1);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
}

void TestPrinterDialog::escapeRejects()
{
    PrinterDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QSignalSpy rejected(&dialog, &QDialog::rejected);
    fill(dialog, Fields());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
    QCOMPARE(rejected.count(), 1);
    QVERIFY(!dialog.isVisible());
}

void TestPrinterDialog::samePrinterTwiceIsRefused_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("port");
    QTest::addColumn<QString>("serial");
    QTest::addColumn<QString>("messageField"); // where the dialog says it; empty: accepted

    QTest::newRow("same address and port")
        << QStringLiteral("192.168.1.20") << QStringLiteral("6000") << QString()
        << QStringLiteral("hostMessage");
    QTest::newRow("same host name in capitals, trailing dot")
        << QStringLiteral("GARAGE-P1S.lan.") << QStringLiteral("6000") << QString()
        << QStringLiteral("hostMessage");
    QTest::newRow("same IPv6 address spelt out")
        << QStringLiteral("fd00:0:0:0:0:0:0:20") << QStringLiteral("6000") << QString()
        << QStringLiteral("hostMessage");
    QTest::newRow("same serial at another address")
        << QStringLiteral("192.168.1.77") << QStringLiteral("6000")
        << QStringLiteral("01s00c123456789") << QStringLiteral("serialMessage");
    QTest::newRow("same address, other port (a second simulator)")
        << QStringLiteral("192.168.1.20") << QStringLiteral("6001") << QString() << QString();
    QTest::newRow("another printer")
        << QStringLiteral("192.168.1.21") << QStringLiteral("6000") << QString() << QString();
}

void TestPrinterDialog::samePrinterTwiceIsRefused()
{
    QFETCH(QString, host);
    QFETCH(QString, port);
    QFETCH(QString, serial);
    QFETCH(QString, messageField);

    PrinterConfig garage = storedPrinter(); // 192.168.1.20:6000, serial 01S00C123456789
    garage.name = QStringLiteral("Garage & more");
    PrinterConfig byName;
    byName.id = QUuid::createUuid();
    byName.name = QStringLiteral("By name");
    byName.host = QStringLiteral("garage-p1s.lan");
    PrinterConfig ipv6;
    ipv6.id = QUuid::createUuid();
    ipv6.name = QStringLiteral("IPv6");
    ipv6.host = QStringLiteral("fd00::20");

    PrinterDialog dialog;
    dialog.setExistingPrinters({garage, byName, ipv6});
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    Fields fields;
    fields.name = QStringLiteral("Garage again");
    fields.host = host;
    fields.port = port;
    fields.serial = serial;
    fill(dialog, fields);
    auto *editExisting = child<QPushButton>(dialog, "editExistingButton");

    if (messageField.isEmpty()) {
        QVERIFY(dialog.isValid());
        QVERIFY(okButton(dialog)->isEnabled());
        QVERIFY(!editExisting->isVisible());
        QVERIFY(dialog.existingPrinterId().isNull());
        return;
    }
    // Refused, saying which printer it is, with the way out offered.
    QVERIFY(!dialog.isValid());
    QVERIFY(!okButton(dialog)->isEnabled());
    const auto *message = child<FormMessage>(dialog, qPrintable(messageField));
    QVERIFY(message->isVisible());
    QVERIFY2(message->text().startsWith(QStringLiteral("“")), qPrintable(message->text()));
    QVERIFY2(message->text().contains(QStringLiteral("already")), qPrintable(message->text()));
    QVERIFY(editExisting->isVisible());
    const QString owner = host.startsWith(QLatin1String("GARAGE")) ? byName.name
        : host.contains(u':')                                      ? ipv6.name
                                                                   : garage.name;
    QVERIFY2(message->text().contains(owner), qPrintable(message->text()));
    QCOMPARE(editExisting->text(),
             QStringLiteral("Ed&it “%1” instead")
                 .arg(QString(owner).replace(QLatin1Char('&'), QLatin1String("&&"))));
    const QUuid ownerId = owner == byName.name ? byName.id
        : owner == ipv6.name                   ? ipv6.id
                                               : garage.id;
    QCOMPARE(dialog.existingPrinterId(), ownerId);

    // Enter does not add it; the offered button closes the dialog to edit that printer.
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    QCOMPARE(accepted.count(), 0);
    QSignalSpy finished(&dialog, &QDialog::finished);
    QTest::mouseClick(editExisting, Qt::LeftButton);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(0).toInt(), PrinterDialog::EditExistingResult);
}

void TestPrinterDialog::editingIntoAnotherPrinterIsRefused()
{
    const PrinterConfig garage = storedPrinter();
    PrinterConfig desk;
    desk.id = QUuid::createUuid();
    desk.name = QStringLiteral("Desk");
    desk.host = QStringLiteral("192.168.1.21");

    PrinterDialog dialog;
    dialog.setExistingPrinters({garage, desk});
    dialog.setConfig(desk, kCode);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    // Its own address is no conflict.
    QVERIFY(dialog.isValid());
    // Garage's is; editing cannot turn into editing another printer: no button.
    retype(child<QLineEdit>(dialog, "hostEdit"), garage.host);
    QVERIFY(!dialog.isValid());
    QVERIFY(child<FormMessage>(dialog, "hostMessage")->text().contains(garage.name));
    QVERIFY(!child<QPushButton>(dialog, "editExistingButton")->isVisible());
}

void TestPrinterDialog::testButtonNeedsEndpoint()
{
    PrinterDialog dialog;
    auto *test = child<QPushButton>(dialog, "testButton");
    QVERIFY(!test->isEnabled());
    Fields fields;
    fields.name = QString(); // the name does not matter for a test
    fill(dialog, fields);
    QVERIFY(test->isEnabled());
    QVERIFY(!test->autoDefault()); // Enter means OK, never "test"
    QVERIFY(!dialog.isValid());
}

void TestPrinterDialog::testConnectionShowsPreview()
{
    PrinterSimulator simulator;
    simulator.setName(QStringLiteral("Sim P1S"));
    simulator.setAccessCode(kCode);
    simulator.setFramesPerSecond(10);
    QVERIFY(simulator.listen(QHostAddress::LocalHost, 0));

    PrinterDialog dialog;
    dialog.show();
    Fields fields;
    fields.host = QStringLiteral("127.0.0.1");
    fields.port = QString::number(simulator.serverPort());
    fill(dialog, fields);

    QSignalSpy finished(&dialog, &PrinterDialog::connectionTestFinished);
    child<QPushButton>(dialog, "testButton")->click();
    // The click returns at once: the test runs while the dialog stays responsive.
    QVERIFY(dialog.isTestRunning());
    QVERIFY(child<QProgressBar>(dialog, "testBusy")->isVisible());
    QVERIFY(child<QPushButton>(dialog, "cancelTestButton")->isVisible());
    QVERIFY(!child<QPushButton>(dialog, "testButton")->isVisible());

    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
    QCOMPARE(finished.at(0).at(0).toBool(), true);
    const auto *preview = child<QLabel>(dialog, "testPreview");
    QTRY_VERIFY(preview->isVisible());
    const QPixmap picture = preview->pixmap();
    QVERIFY(!picture.isNull());
    QVERIFY(picture.width() <= 192 && picture.height() <= 108);
    QVERIFY(picture.width() >= 96); // scaled to fit, not a thumbnail of a thumbnail
    QCOMPARE(child<QLabel>(dialog, "testTitle")->text(), QStringLiteral("The camera works"));
    QVERIFY(!dialog.isTestRunning());
    QVERIFY(!child<QProgressBar>(dialog, "testBusy")->isVisible());
    QVERIFY(child<QPushButton>(dialog, "testButton")->isVisible());
}

void TestPrinterDialog::testConnectionWrongCode()
{
    PrinterSimulator simulator;
    simulator.setAccessCode(kCode);
    simulator.setFramesPerSecond(10);
    QVERIFY(simulator.listen(QHostAddress::LocalHost, 0));

    PrinterDialog dialog;
    dialog.show();
    Fields fields;
    fields.host = QStringLiteral("127.0.0.1");
    fields.port = QString::number(simulator.serverPort());
    fields.code = QStringLiteral("87654321");
    fill(dialog, fields);

    QSignalSpy finished(&dialog, &PrinterDialog::connectionTestFinished);
    dialog.startConnectionTest();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    const QString reason = finished.at(0).at(1).toString();
    QVERIFY2(reason.startsWith(QStringLiteral("Access code rejected")), qPrintable(reason));
    QCOMPARE(child<QLabel>(dialog, "testTitle")->text(),
             TileStatus::failureTitle(CameraSource::Failure::AccessCodeRejected));
    QCOMPARE(child<FormMessage>(dialog, "testResult")->text(), reason);
    QVERIFY(!child<QLabel>(dialog, "testPreview")->isVisible());
    QVERIFY(!reason.contains(QStringLiteral("87654321")));
    QVERIFY(!dialog.isTestRunning()); // no retry: the first failure is the answer
}

void TestPrinterDialog::testConnectionKeepsThePin_data()
{
    QTest::addColumn<bool>("pinMatches");
    QTest::newRow("the pinned printer") << true;
    QTest::newRow("another certificate at that address") << false;
}

void TestPrinterDialog::testConnectionKeepsThePin()
{
    // Editing a pinned printer and pressing Test must send its access code only to the pinned
    // certificate, as the printer's own camera would.
    QFETCH(bool, pinMatches);
    PrinterSimulator simulator;
    simulator.setAccessCode(kCode);
    simulator.setFramesPerSecond(10);
    QVERIFY(simulator.listen(QHostAddress::LocalHost, 0));
    QSignalSpy logins(&simulator, &PrinterSimulator::clientAuthenticated);
    QSignalSpy rejectedLogins(&simulator, &PrinterSimulator::loginRejected);

    PrinterConfig config;
    config.id = QUuid::createUuid();
    config.name = QStringLiteral("Pinned P1S");
    config.host = QStringLiteral("127.0.0.1");
    config.port = simulator.serverPort();
    config.certificateFingerprint = pinMatches
        ? simulator.certificateFingerprint()
        : TlsTrust::normalizeFingerprint(QString(64, QLatin1Char('a')));
    PrinterDialog dialog;
    dialog.setConfig(config, kCode);
    dialog.show();

    QSignalSpy finished(&dialog, &PrinterDialog::connectionTestFinished);
    dialog.startConnectionTest();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
    QCOMPARE(finished.at(0).at(0).toBool(), pinMatches);
    if (pinMatches) {
        QCOMPARE(logins.size(), 1);
        return;
    }
    const QString reason = finished.at(0).at(1).toString();
    QVERIFY2(reason.contains(QStringLiteral("Certificate changed")), qPrintable(reason));
    QCOMPARE(child<QLabel>(dialog, "testTitle")->text(),
             TileStatus::failureTitle(CameraSource::Failure::CertificateMismatch));
    // The code never left: the host saw no login at all.
    QTRY_COMPARE_WITH_TIMEOUT(simulator.clientCount(), 0, kTimeoutMs);
    QCOMPARE(logins.size(), 0);
    QCOMPARE(rejectedLogins.size(), 0);
}

void TestPrinterDialog::testConnectionClosedPort()
{
    const quint16 port = TestSupport::closedLoopbackPort();
    QVERIFY(port != 0);

    PrinterDialog dialog;
    dialog.show();
    Fields fields;
    fields.host = QStringLiteral("127.0.0.1");
    fields.port = QString::number(port);
    fill(dialog, fields);

    QSignalSpy finished(&dialog, &PrinterDialog::connectionTestFinished);
    dialog.startConnectionTest();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    const QString reason = finished.at(0).at(1).toString();
    QVERIFY2(reason.contains(QStringLiteral("refused the connection")), qPrintable(reason));
    QVERIFY2(reason.contains(QStringLiteral("127.0.0.1:%1").arg(port)), qPrintable(reason));
    QCOMPARE(child<QLabel>(dialog, "testTitle")->text(),
             TileStatus::failureTitle(CameraSource::Failure::ConnectionRefused));
    QVERIFY(child<FormMessage>(dialog, "testResult")->isVisible());
}

void TestPrinterDialog::cancelStopsTheAttempt()
{
    // Accepts TCP but never answers the TLS handshake: the test hangs until cancelled.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));

    PrinterDialog dialog;
    dialog.show();
    Fields fields;
    fields.host = QStringLiteral("127.0.0.1");
    fields.port = QString::number(silent.serverPort());
    fill(dialog, fields);

    QSignalSpy finished(&dialog, &PrinterDialog::connectionTestFinished);
    dialog.startConnectionTest();
    QTRY_VERIFY_WITH_TIMEOUT(silent.hasPendingConnections(), kTimeoutMs);
    QTcpSocket *peer = silent.nextPendingConnection();
    QSignalSpy peerClosed(peer, &QTcpSocket::disconnected);
    QVERIFY(dialog.isTestRunning());

    child<QPushButton>(dialog, "cancelTestButton")->click();
    QVERIFY(!dialog.isTestRunning());
    QVERIFY(!child<QProgressBar>(dialog, "testBusy")->isVisible());
    QCOMPARE(child<FormMessage>(dialog, "testProgress")->text(), QStringLiteral("Test cancelled."));
    QTRY_COMPARE_WITH_TIMEOUT(peerClosed.count(), 1, kTimeoutMs); // really hung up
    QCOMPARE(finished.count(), 0);
}

void TestPrinterDialog::editingEndpointDropsResult()
{
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    const quint16 port = TestSupport::closedLoopbackPort();

    PrinterDialog dialog;
    dialog.show();
    Fields fields;
    fields.host = QStringLiteral("127.0.0.1");
    fields.port = QString::number(port);
    fill(dialog, fields);
    QSignalSpy finished(&dialog, &PrinterDialog::connectionTestFinished);
    dialog.startConnectionTest();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
    QVERIFY(child<QLabel>(dialog, "testTitle")->isVisible());

    // A result about another address would mislead: it goes as soon as the address changes.
    retype(child<QLineEdit>(dialog, "hostEdit"), QStringLiteral("::1"));
    QVERIFY(!child<QLabel>(dialog, "testTitle")->isVisible());

    // And a running test is cancelled by an edit too.
    retype(child<QSpinBox>(dialog, "portSpin"), QString::number(silent.serverPort()));
    dialog.startConnectionTest();
    QVERIFY(dialog.isTestRunning());
    retype(child<QLineEdit>(dialog, "accessCodeEdit"), QStringLiteral("another"));
    QVERIFY(!dialog.isTestRunning());
    QCOMPARE(finished.count(), 1);
}

void TestPrinterDialog::confirmRemove_data()
{
    QTest::addColumn<int>("answer"); // 0: Remove, 1: Cancel, 2: Escape key, 3: Enter key
    QTest::addColumn<bool>("removed");

    QTest::newRow("remove") << 0 << true;
    QTest::newRow("cancel") << 1 << false;
    QTest::newRow("escape") << 2 << false;
    QTest::newRow("enter defaults to cancel") << 3 << false;
}

void TestPrinterDialog::confirmRemove()
{
    QFETCH(int, answer);
    QFETCH(bool, removed);

    QString question;
    // The box is modal: answer it from the event loop that exec() runs.
    QTimer answerer;
    answerer.setInterval(10);
    connect(&answerer, &QTimer::timeout, this, [&] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box || !box->isVisible())
            return;
        answerer.stop();
        question = box->text();
        switch (answer) {
        case 0:
            for (QAbstractButton *button : box->buttons()) {
                if (box->buttonRole(button) == QMessageBox::DestructiveRole)
                    button->click();
            }
            break;
        case 1:
            box->button(QMessageBox::Cancel)->click();
            break;
        case 2:
            QTest::keyClick(box, Qt::Key_Escape);
            break;
        case 3:
            QTest::keyClick(box, Qt::Key_Return);
            break;
        }
    });
    answerer.start();

    QCOMPARE(PrinterDialog::confirmRemove(nullptr, QStringLiteral("Garage P1S")), removed);
    QVERIFY2(question.contains(QStringLiteral("Garage P1S")), qPrintable(question));
}

void TestPrinterDialog::discoveryHiddenWithoutListener()
{
    PrinterDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(!child<QWidget>(dialog, "discoveryBox")->isVisible());
    QVERIFY(dialog.config().model.isEmpty());
}

void TestPrinterDialog::discoveredPrintersFillTheList()
{
    auto listener = loopbackDiscovery();
    PrinterDialog dialog;
    dialog.setDiscovery(listener.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));

    auto *list = child<QTreeWidget>(dialog, "discoveredList");
    const auto *status = child<FormMessage>(dialog, "discoveryStatus");
    QVERIFY(child<QWidget>(dialog, "discoveryBox")->isVisible());
    // Nothing heard yet: a quiet line, no empty table.
    QVERIFY(!list->isVisible());
    QVERIFY(status->isVisible());
    QVERIFY2(status->text().startsWith(QStringLiteral("Looking for printers")),
             qPrintable(status->text()));

    const auto workshop = announce(
        *listener,
        printerAt127(kWorkshopSerial, QStringLiteral("Workshop P1S"), QStringLiteral("C12")));
    const auto garage = announce(
        *listener, printerAt127(kGarageSerial, QStringLiteral("Garage"), QStringLiteral("N2S")));
    const auto desk = announce(
        *listener, printerAt127(kDeskSerial, QStringLiteral("Desk"), QStringLiteral("N1")));

    QTRY_COMPARE_WITH_TIMEOUT(list->topLevelItemCount(), 3, kTimeoutMs);
    QVERIFY(list->isVisible());
    const QStringList expected[] = {
        {QStringLiteral("Desk"), QStringLiteral("A1 mini"), QStringLiteral("127.0.0.1"),
         kDeskSerial},
        {QStringLiteral("Garage"), QStringLiteral("A1"), QStringLiteral("127.0.0.1"),
         kGarageSerial},
        {QStringLiteral("Workshop P1S"), QStringLiteral("P1S"), QStringLiteral("127.0.0.1"),
         kWorkshopSerial},
    };
    for (int row = 0; row < 3; ++row) {
        const QTreeWidgetItem *item = list->topLevelItem(row);
        for (int column = 0; column < 4; ++column)
            QCOMPARE(item->text(column), expected[row].at(column));
        QVERIFY(item->flags() & Qt::ItemIsEnabled);
    }
    // The list took room above the form: the form's wrapped hints keep theirs.
    QApplication::processEvents();
    const QString clipped = clippedHint(dialog);
    QVERIFY2(clipped.isEmpty(), qPrintable(clipped));
    QVERIFY2(status->text().startsWith(QStringLiteral("Choose one")), qPrintable(status->text()));
    // Compact: three rows fit without scrolling, and the form is still all there.
    QVERIFY(list->height() < 200);
    QVERIFY(child<QLineEdit>(dialog, "nameEdit")->isVisible());
}

void TestPrinterDialog::choosingFillsTheFields_data()
{
    QTest::addColumn<int>("how"); // 0: click, 1: double click, 2: Enter, 3: keypad Enter

    QTest::newRow("click") << 0;
    QTest::newRow("double click") << 1;
    QTest::newRow("Enter") << 2;
    QTest::newRow("keypad Enter") << 3;
}

void TestPrinterDialog::choosingFillsTheFields()
{
    QFETCH(int, how);

    auto listener = loopbackDiscovery();
    PrinterDialog dialog;
    dialog.setDiscovery(listener.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    const auto garage = announce(
        *listener, printerAt127(kGarageSerial, QStringLiteral("Garage"), QStringLiteral("N2S")));
    const auto workshop = announce(
        *listener,
        printerAt127(kWorkshopSerial, QStringLiteral("Workshop P1S"), QStringLiteral("C12")));
    auto *list = child<QTreeWidget>(dialog, "discoveredList");
    QTRY_COMPARE_WITH_TIMEOUT(list->topLevelItemCount(), 2, kTimeoutMs);
    QTreeWidgetItem *item = discoveredRow(dialog, kWorkshopSerial);
    QVERIFY(item);

    const QPoint where = list->visualItemRect(item).center();
    switch (how) {
    case 0:
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, where);
        break;
    case 1:
        // As the system delivers a double click: a click, then the double click.
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, where);
        QTest::mouseDClick(list->viewport(), Qt::LeftButton, {}, where);
        break;
    case 2:
    case 3:
        // Keyboard only: Shift+Tab from the name field reaches the list.
        child<QLineEdit>(dialog, "nameEdit")->setFocus();
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab, Qt::ShiftModifier);
        QCOMPARE(QApplication::focusWidget(), list);
        list->setCurrentItem(item);
        QTest::keyClick(list, how == 2 ? Qt::Key_Return : Qt::Key_Enter,
                        how == 2 ? Qt::NoModifier : Qt::KeypadModifier);
        break;
    }

    QCOMPARE(child<QLineEdit>(dialog, "nameEdit")->text(), QStringLiteral("Workshop P1S"));
    QCOMPARE(child<QLineEdit>(dialog, "hostEdit")->text(), QStringLiteral("127.0.0.1"));
    QCOMPARE(child<QLineEdit>(dialog, "serialEdit")->text(), kWorkshopSerial);
    QCOMPARE(child<QSpinBox>(dialog, "portSpin")->value(), 6000);
    // On to the one thing left: the access code from the printer's screen. Not an error yet.
    auto *code = child<QLineEdit>(dialog, "accessCodeEdit");
    QCOMPARE(QApplication::focusWidget(), code);
    QVERIFY(!child<FormMessage>(dialog, "accessCodeMessage")->isVisible());
    QVERIFY(dialog.isVisible());
    QCOMPARE(accepted.count(), 0);
    QVERIFY(!dialog.isValid());
    QCOMPARE(okButton(dialog)->toolTip(), PrinterConfig::accessCodeError(QString()));

    QTest::keyClicks(code, kCode);
    QVERIFY(dialog.isValid());
    const PrinterConfig config = dialog.config();
    QCOMPARE(config.name, QStringLiteral("Workshop P1S"));
    QCOMPARE(config.host, QStringLiteral("127.0.0.1"));
    QCOMPARE(config.serial, kWorkshopSerial);
    QCOMPARE(config.model, QStringLiteral("C12"));
    QCOMPARE(PrinterConfig::modelName(config.model), QStringLiteral("P1S"));
    QVERIFY(config.id.isNull());
    QCOMPARE(dialog.accessCode(), kCode);
    QTest::keyClick(code, Qt::Key_Return);
    QCOMPARE(accepted.count(), 1);
}

void TestPrinterDialog::knownPrintersAreNotOffered()
{
    auto listener = loopbackDiscovery();
    PrinterDialog dialog;
    dialog.setExistingPrinters({withSerial(kGarageSerial)});
    dialog.setDiscovery(listener.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    const auto garage = announce(
        *listener, printerAt127(kGarageSerial, QStringLiteral("Garage"), QStringLiteral("N2S")));
    const auto desk = announce(
        *listener, printerAt127(kDeskSerial, QStringLiteral("Desk"), QStringLiteral("N1")));
    auto *list = child<QTreeWidget>(dialog, "discoveredList");
    QTRY_COMPARE_WITH_TIMEOUT(list->topLevelItemCount(), 2, kTimeoutMs);

    QTreeWidgetItem *known = discoveredRow(dialog, kGarageSerial);
    QVERIFY(known);
    QVERIFY(!(known->flags() & Qt::ItemIsEnabled));
    QVERIFY(!(known->flags() & Qt::ItemIsSelectable));
    QCOMPARE(known->text(0), QStringLiteral("Garage (already added)"));
    QVERIFY(discoveredRow(dialog, kDeskSerial)->flags() & Qt::ItemIsEnabled);

    // Neither a click nor Enter on it fills anything in.
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(known).center());
    QTest::mouseDClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(known).center());
    list->setFocus();
    list->setCurrentItem(known);
    QTest::keyClick(list, Qt::Key_Return);
    QVERIFY(child<QLineEdit>(dialog, "nameEdit")->text().isEmpty());
    QVERIFY(child<QLineEdit>(dialog, "hostEdit")->text().isEmpty());
    QVERIFY(child<QLineEdit>(dialog, "serialEdit")->text().isEmpty());

    // Once every printer found is set up, the dialog says so.
    dialog.setExistingPrinters({withSerial(kGarageSerial), withSerial(kDeskSerial)});
    QVERIFY(!(discoveredRow(dialog, kDeskSerial)->flags() & Qt::ItemIsEnabled));
    QCOMPARE(child<FormMessage>(dialog, "discoveryStatus")->text(),
             QStringLiteral("Every printer found is already in FarmCam."));
}

void TestPrinterDialog::otherSerialDropsTheModel()
{
    auto listener = loopbackDiscovery();
    PrinterDialog dialog;
    dialog.setDiscovery(listener.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    const auto desk = announce(
        *listener, printerAt127(kDeskSerial, QStringLiteral("Desk"), QStringLiteral("N1")));
    auto *list = child<QTreeWidget>(dialog, "discoveredList");
    QTRY_COMPARE_WITH_TIMEOUT(list->topLevelItemCount(), 1, kTimeoutMs);
    emit list->itemActivated(list->topLevelItem(0), 0);
    QCOMPARE(dialog.config().model, QStringLiteral("N1"));

    // The user typed another printer's serial: the model announced by this one no longer fits.
    retype(child<QLineEdit>(dialog, "serialEdit"), QStringLiteral("01P00A999999999"));
    QVERIFY(dialog.config().model.isEmpty());
    retype(child<QLineEdit>(dialog, "serialEdit"), kDeskSerial);
    QCOMPARE(dialog.config().model, QStringLiteral("N1"));
}

void TestPrinterDialog::editModeOffersNoPrinters()
{
    auto listener = loopbackDiscovery();
    PrinterDialog dialog;
    dialog.setDiscovery(listener.get());
    PrinterConfig config;
    config.id = QUuid::createUuid();
    config.name = QStringLiteral("Desk");
    config.host = QStringLiteral("192.168.1.30");
    config.serial = kDeskSerial;
    config.model = QStringLiteral("N1");
    dialog.setConfig(config, kCode);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QCOMPARE(dialog.config(), config); // the model is kept through an edit

    QSignalSpy changed(listener.get(), &DiscoveryListener::printersChanged);
    const auto garage = announce(
        *listener, printerAt127(kGarageSerial, QStringLiteral("Garage"), QStringLiteral("N2S")));
    // The dialog heard the change too (it connected first), and still offers nothing.
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, kTimeoutMs);
    QVERIFY(!child<QWidget>(dialog, "discoveryBox")->isVisible());
    QCOMPARE(child<QTreeWidget>(dialog, "discoveredList")->topLevelItemCount(), 0);
}

void TestPrinterDialog::discoveredListFollowsChanges()
{
    using namespace std::chrono_literals;
    auto listener = loopbackDiscovery();
    DiscoveryListener::Limits limits;
    limits.expiry = 800ms;
    listener->setLimits(limits);
    PrinterDialog dialog;
    dialog.setDiscovery(listener.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    DiscoveryAnnouncement announcement
        = printerAt127(kDeskSerial, QStringLiteral("Desk"), QStringLiteral("N1"));
    const auto desk = announce(*listener, announcement);
    desk->setInterval(100ms);
    auto *list = child<QTreeWidget>(dialog, "discoveredList");
    QTRY_COMPARE_WITH_TIMEOUT(list->topLevelItemCount(), 1, kTimeoutMs);
    list->setCurrentItem(list->topLevelItem(0));

    // Renamed on the printer: the same row, its selection kept.
    announcement.name = QStringLiteral("Desk (left)");
    desk->setAnnouncement(announcement);
    QTRY_COMPARE_WITH_TIMEOUT(list->topLevelItem(0)->text(0), QStringLiteral("Desk (left)"),
                              kTimeoutMs);
    QCOMPARE(list->topLevelItemCount(), 1);
    QCOMPARE(list->currentItem(), list->topLevelItem(0));

    // Switched off: it expires from the list, which goes back to looking.
    desk->stop();
    QTRY_COMPARE_WITH_TIMEOUT(list->topLevelItemCount(), 0, kTimeoutMs);
    QVERIFY(!list->isVisible());
    QVERIFY(child<FormMessage>(dialog, "discoveryStatus")
                ->text()
                .startsWith(QStringLiteral("Looking for printers")));
}

void TestPrinterDialog::discoveryGoneWhileOpen()
{
    auto listener = loopbackDiscovery();
    PrinterDialog dialog;
    dialog.setDiscovery(listener.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    const auto desk = announce(
        *listener, printerAt127(kDeskSerial, QStringLiteral("Desk"), QStringLiteral("N1")));
    auto *list = child<QTreeWidget>(dialog, "discoveredList");
    QTRY_COMPARE_WITH_TIMEOUT(list->topLevelItemCount(), 1, kTimeoutMs);

    // Discovery switched off (stop) says so; the listener destroyed takes the section away.
    listener->stop();
    QCOMPARE(list->topLevelItemCount(), 0);
    QVERIFY(child<FormMessage>(dialog, "discoveryStatus")
                ->text()
                .startsWith(QStringLiteral("Printers cannot be found automatically")));
    listener.reset();
    QVERIFY(!child<QWidget>(dialog, "discoveryBox")->isVisible());
    // Typing by hand still works as before.
    fill(dialog, Fields());
    QVERIFY(dialog.isValid());
}

void TestPrinterDialog::wrappedHintsAreNotClipped_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<int>("kind"); // PrinterConfig::CameraKind
    QTest::newRow("model unknown") << QString() << int(PrinterConfig::CameraKind::Automatic);
    QTest::newRow("X1C") << QStringLiteral("X1C") << int(PrinterConfig::CameraKind::Automatic);
    QTest::newRow("JPEG stream") << QString() << int(PrinterConfig::CameraKind::JpegStream);
    QTest::newRow("RTSPS") << QString() << int(PrinterConfig::CameraKind::Rtsps);
    QTest::newRow("MJPEG") << QString() << int(PrinterConfig::CameraKind::MjpegHttp);
}

// A hint that wraps to two lines gets the height of two: the dialog grows with its text.
void TestPrinterDialog::wrappedHintsAreNotClipped()
{
    QFETCH(QString, model);
    QFETCH(int, kind);
    PrinterDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *modelCombo = child<QComboBox>(dialog, "modelCombo");
    modelCombo->setCurrentIndex(modelCombo->findData(model));
    emit modelCombo->activated(modelCombo->currentIndex());
    auto *kindCombo = child<QComboBox>(dialog, "cameraKindCombo");
    kindCombo->setCurrentIndex(kindCombo->findData(kind));
    QApplication::processEvents(); // the layout request
    const QString clipped = clippedHint(dialog);
    QVERIFY2(clipped.isEmpty(), qPrintable(clipped));
    // Nor taller than that: a hint back to one line leaves no gap, and nothing scrolls.
    const auto *area = child<QScrollArea>(dialog, "formScroll");
    const QWidget *page = area->widget();
    QCOMPARE(page->height(), page->layout()->totalHeightForWidth(page->width()));
    QCOMPARE(area->viewport()->height(), page->height());
    QVERIFY(!area->verticalScrollBar()->isVisible());
    QCOMPARE(dialog.height(), dialog.minimumHeight());
}

void TestPrinterDialog::fitsTheScreen_data()
{
    QTest::addColumn<QSize>("available"); // the screen's available size less the window frame
    QTest::addColumn<bool>("scrolls");
    QTest::newRow("640x400") << QSize(640 - 16, 400 - 40) << true;
    QTest::newRow("1920x1080") << QSize(1920 - 16, 1080 - 40) << false;
}

// On a small screen the form scrolls and Add and Cancel stay on the screen; on a large one the
// dialog shows all of it, found printers included, without a scroll bar.
void TestPrinterDialog::fitsTheScreen()
{
    QFETCH(QSize, available);
    QFETCH(bool, scrolls);
    auto listener = loopbackDiscovery();
    PrinterDialog dialog;
    dialog.setDiscovery(listener.get());
    dialog.setAvailableSize(available);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    const auto workshop = announce(
        *listener,
        printerAt127(kWorkshopSerial, QStringLiteral("Workshop P1S"), QStringLiteral("C12")));
    const auto garage = announce(
        *listener, printerAt127(kGarageSerial, QStringLiteral("Garage"), QStringLiteral("N2S")));
    auto *list = child<QTreeWidget>(dialog, "discoveredList");
    QTRY_COMPARE_WITH_TIMEOUT(list->topLevelItemCount(), 2, kTimeoutMs);
    QApplication::processEvents(); // the layout request

    QVERIFY2(dialog.height() <= available.height(),
             qPrintable(QStringLiteral("%1 px high").arg(dialog.height())));
    QVERIFY(dialog.width() <= available.width());
    const auto *buttons = child<QDialogButtonBox>(dialog, "buttons");
    QVERIFY(buttons->isVisible());
    QVERIFY(dialog.rect().contains(buttons->geometry()));
    const auto *area = child<QScrollArea>(dialog, "formScroll");
    QCOMPARE(area->verticalScrollBar()->isVisible(), scrolls);
    const QString clipped = clippedHint(dialog);
    QVERIFY2(clipped.isEmpty(), qPrintable(clipped));

    // A field below the fold comes into view when it gets the focus (Shift+Tab from the buttons).
    auto *caFile = child<QLineEdit>(dialog, "caFileEdit");
    caFile->setFocus(Qt::BacktabFocusReason);
    QTRY_VERIFY(caFile->hasFocus());
    const QRect shown(caFile->mapTo(area->viewport(), QPoint(0, 0)), caFile->size());
    QVERIFY2(area->viewport()->rect().contains(shown),
             qPrintable(QStringLiteral("CA file at y %1, viewport %2 px high")
                            .arg(shown.y())
                            .arg(area->viewport()->height())));
}

void TestPrinterDialog::cameraKindSetsThePort()
{
    PrinterDialog dialog;
    auto *kind = child<QComboBox>(dialog, "cameraKindCombo");
    auto *port = child<QSpinBox>(dialog, "portSpin");
    QCOMPARE(port->value(), 6000);
    kind->setCurrentIndex(kind->findData(int(PrinterConfig::CameraKind::Rtsps)));
    QCOMPARE(port->value(), 322);
    QCOMPARE(dialog.config().cameraKind, PrinterConfig::CameraKind::Rtsps);
    kind->setCurrentIndex(kind->findData(int(PrinterConfig::CameraKind::JpegStream)));
    QCOMPARE(port->value(), 6000);
    // A port the user typed is the user's: another kind leaves it alone.
    port->setValue(16000);
    kind->setCurrentIndex(kind->findData(int(PrinterConfig::CameraKind::Rtsps)));
    QCOMPARE(port->value(), 16000);
}

void TestPrinterDialog::modelChoosesTheKind()
{
    PrinterDialog dialog;
    dialog.show();
    auto *model = child<QComboBox>(dialog, "modelCombo");
    auto *port = child<QSpinBox>(dialog, "portSpin");
    auto *hint = child<FormMessage>(dialog, "cameraKindHint");
    QVERIFY(hint->text().contains(QLatin1String("Test connection")));
    // The user picks an X1C: automatic now means RTSPS on port 322, and the dialog says so.
    model->setCurrentIndex(model->findData(QStringLiteral("X1C")));
    emit model->activated(model->currentIndex());
    QCOMPARE(port->value(), 322);
    QVERIFY2(hint->text().contains(QLatin1String("RTSPS")), qPrintable(hint->text()));
    const PrinterConfig config = dialog.config();
    QCOMPARE(config.cameraKind, PrinterConfig::CameraKind::Automatic);
    QCOMPARE(config.model, QStringLiteral("X1C"));
    QCOMPARE(config.effectiveCameraKind(), PrinterConfig::CameraKind::Rtsps);
    model->setCurrentIndex(model->findData(QStringLiteral("P1S")));
    emit model->activated(model->currentIndex());
    QCOMPARE(port->value(), 6000);
}

void TestPrinterDialog::mjpegStreamAsksForAUrl()
{
    PrinterDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *kind = child<QComboBox>(dialog, "cameraKindCombo");
    auto *url = child<QLineEdit>(dialog, "cameraUrlEdit");
    auto *host = child<QLineEdit>(dialog, "hostEdit");
    QVERIFY(!url->isVisible());
    QVERIFY(host->isVisible());
    kind->setCurrentIndex(kind->findData(int(PrinterConfig::CameraKind::MjpegHttp)));
    QVERIFY(url->isVisible());
    QVERIFY(!host->isVisible());
    QVERIFY(!child<QCheckBox>(dialog, "statusCheck")->isVisible());

    child<QLineEdit>(dialog, "nameEdit")->setText(QStringLiteral("Other FarmCam"));
    QVERIFY(!dialog.isValid()); // no URL yet
    QTest::keyClicks(url, QStringLiteral("ftp://127.0.0.1/stream"));
    QVERIFY(!dialog.isValid());
    QVERIFY(child<FormMessage>(dialog, "cameraUrlMessage")->text().contains(QLatin1String("http")));
    url->setText(QStringLiteral("http://127.0.0.1:8080/cam/p1s/stream.mjpg"));
    // No access code needed: a token is optional, and may be longer than a printer's code.
    QVERIFY(dialog.isValid());
    const QString token(43, QLatin1Char('t'));
    child<QLineEdit>(dialog, "accessCodeEdit")->setText(token);
    QCOMPARE(dialog.accessCode(), token);
    child<QLineEdit>(dialog, "cameraUserEdit")->setText(QStringLiteral("viewer"));
    QVERIFY(dialog.isValid());
    const PrinterConfig config = dialog.config();
    QCOMPARE(config.cameraKind, PrinterConfig::CameraKind::MjpegHttp);
    QCOMPARE(config.cameraUrl, QUrl(QStringLiteral("http://127.0.0.1:8080/cam/p1s/stream.mjpg")));
    QCOMPARE(config.cameraUser, QStringLiteral("viewer"));
}

void TestPrinterDialog::cameraKindSurvivesAnEdit()
{
    PrinterConfig stored;
    stored.id = QUuid::createUuid();
    stored.name = QStringLiteral("X1C in the corner");
    stored.host = QStringLiteral("127.0.0.1");
    stored.port = 10322;
    stored.cameraKind = PrinterConfig::CameraKind::Rtsps;
    stored.model = QStringLiteral("BL-P001");
    PrinterDialog dialog;
    dialog.setConfig(stored, QStringLiteral("12345678"));
    QCOMPARE(child<QSpinBox>(dialog, "portSpin")->value(), 10322); // not reset to 322
    QCOMPARE(child<QComboBox>(dialog, "modelCombo")->currentText(), QStringLiteral("X1C"));
    QCOMPARE(dialog.config(), stored);
}

QTEST_MAIN(TestPrinterDialog)
#include "tst_printerdialog.moc"
