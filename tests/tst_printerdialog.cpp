// The add/edit printer dialog: live validation, keyboard behaviour, and the connection test
// against a real simulated printer on 127.0.0.1.
#include "formmessage.h"
#include "printerdialog.h"
#include "sim/printersimulator.h"
#include "testsupport.h"
#include "tilestatus.h"

#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

namespace {

constexpr int kTimeoutMs = 10000;
const QString kCode = QStringLiteral("12345678");

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
    void accessCodeMaskedUntilRevealed();
    void enterAcceptsOnlyWhenValid();
    void escapeRejects();
    void testButtonNeedsEndpoint();
    void testConnectionShowsPreview();
    void testConnectionWrongCode();
    void testConnectionClosedPort();
    void cancelStopsTheAttempt();
    void editingEndpointDropsResult();
    void confirmRemove_data();
    void confirmRemove();
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
             TileStatus::failureTitle(CameraConnection::Failure::AccessCodeRejected));
    QCOMPARE(child<FormMessage>(dialog, "testResult")->text(), reason);
    QVERIFY(!child<QLabel>(dialog, "testPreview")->isVisible());
    QVERIFY(!reason.contains(QStringLiteral("87654321")));
    QVERIFY(!dialog.isTestRunning()); // no retry: the first failure is the answer
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
             TileStatus::failureTitle(CameraConnection::Failure::ConnectionRefused));
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

QTEST_MAIN(TestPrinterDialog)
#include "tst_printerdialog.moc"
