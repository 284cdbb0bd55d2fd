#include "printerdialog.h"

#include "formmessage.h"
#include "net/connectionprobe.h"
#include "protocol/loginpacket.h"
#include "tilestatus.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QPainter>
#include <QPainterPath>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace {

Q_LOGGING_CATEGORY(lcPrinterDialog, "farmcam.ui")

constexpr QSize kPreviewSize(192, 108); // 16:9, the cameras' aspect ratio
constexpr int kFieldCount = 6;

// An eye, open or struck through, on a 16x16 grid; drawn so it follows the palette.
QIcon eyeIcon(const QColor &color, bool struck)
{
    QIcon icon;
    for (const int size : {16, 20, 24, 32}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.scale(size / 16.0, size / 16.0);
        painter.setPen(QPen(color, 1.3, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        QPainterPath eye;
        eye.moveTo(1.5, 8);
        eye.quadTo(8, 1.5, 14.5, 8);
        eye.quadTo(8, 14.5, 1.5, 8);
        painter.drawPath(eye);
        painter.setBrush(color);
        painter.drawEllipse(QPointF(8, 8), 2.2, 2.2);
        if (struck) {
            // A gap around the stroke keeps it legible where it crosses the eye.
            painter.setCompositionMode(QPainter::CompositionMode_Clear);
            painter.setPen(QPen(Qt::transparent, 3.2, Qt::SolidLine, Qt::RoundCap));
            painter.drawLine(QPointF(2.5, 2.5), QPointF(13.5, 13.5));
            painter.setCompositionMode(QPainter::CompositionMode_SourceOver);
            painter.setPen(QPen(color, 1.3, Qt::SolidLine, Qt::RoundCap));
            painter.drawLine(QPointF(2.5, 2.5), QPointF(13.5, 13.5));
        }
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

QString formatBytes(qsizetype bytes)
{
    return QLocale().formattedDataSize(bytes, 0);
}

} // namespace

PrinterDialog::PrinterDialog(QWidget *parent)
    : QDialog(parent)
    , m_probe(new ConnectionProbe(this))
{
    m_probe->setPreviewSize(kPreviewSize);
    buildUi();

    connect(m_probe, &ConnectionProbe::progress, m_testProgress, &FormMessage::showHint);
    connect(m_probe, &ConnectionProbe::succeeded, this, &PrinterDialog::showTestSuccess);
    connect(m_probe, &ConnectionProbe::failed, this, &PrinterDialog::showTestFailure);

    setWindowTitle(tr("Add printer"));
    validate();
}

PrinterDialog::~PrinterDialog()
{
    // ~QDialog hides the dialog, which moves the focus: the port box then reports editingFinished
    // (and its editor textChanged) to a PrinterDialog that is already destroyed (UBSan: invalid
    // downcast). Nothing here needs to hear from its widgets any more.
    const QList<QObject *> children = findChildren<QObject *>();
    for (QObject *child : children)
        disconnect(child, nullptr, this, nullptr);
}

void PrinterDialog::buildUi()
{
    auto *form = new QGridLayout;
    form->setHorizontalSpacing(12);
    form->setVerticalSpacing(4);
    form->setColumnStretch(1, 1);
    form->setColumnMinimumWidth(1, 430); // room for the hints without wrapping
    int row = 0;
    // One field: the label, the editor and the message line under it.
    const auto addField = [this, form, &row](const QString &label, QWidget *editor,
                                             FormMessage *message, QWidget *trailing = nullptr) {
        auto *labelWidget = new QLabel(label, this);
        labelWidget->setBuddy(editor);
        form->addWidget(labelWidget, row, 0, Qt::AlignLeft | Qt::AlignVCenter);
        if (trailing) {
            auto *line = new QHBoxLayout;
            line->addWidget(editor);
            line->addWidget(trailing, 1);
            form->addLayout(line, row, 1);
        } else {
            form->addWidget(editor, row, 1);
        }
        form->addWidget(message, row + 1, 1);
        row += 2;
    };

    m_nameEdit = new QLineEdit(this);
    m_nameEdit->setObjectName(QStringLiteral("nameEdit"));
    m_nameEdit->setPlaceholderText(tr("e.g. P1S in the workshop"));
    m_nameEdit->setMaxLength(64);
    m_nameMessage = new FormMessage(this);
    m_nameMessage->setObjectName(QStringLiteral("nameMessage"));
    addField(tr("&Name:"), m_nameEdit, m_nameMessage);

    m_hostEdit = new QLineEdit(this);
    m_hostEdit->setObjectName(QStringLiteral("hostEdit"));
    m_hostEdit->setPlaceholderText(tr("IP address or host name, e.g. 192.168.1.20"));
    m_hostMessage = new FormMessage(this);
    m_hostMessage->setObjectName(QStringLiteral("hostMessage"));
    addField(tr("A&ddress:"), m_hostEdit, m_hostMessage);

    m_portSpin = new QSpinBox(this);
    m_portSpin->setObjectName(QStringLiteral("portSpin"));
    m_portSpin->setRange(1, 65535);
    m_portSpin->setValue(PrinterConfig::kDefaultCameraPort);
    m_portSpin->setGroupSeparatorShown(false);
    m_portSpin->setAccelerated(true);
    m_portSpin->setCorrectionMode(QAbstractSpinBox::CorrectToPreviousValue);
    m_portSpin->setMinimumWidth(m_portSpin->fontMetrics().horizontalAdvance(QLatin1String("655350"))
                                + 48);
    m_portMessage = new FormMessage(this);
    m_portMessage->setObjectName(QStringLiteral("portMessage"));
    auto *portNote = new FormMessage(this);
    portNote->setObjectName(QStringLiteral("portNote"));
    portNote->showHint(tr("6000 on P1 and A1 printers"));
    addField(tr("&Port:"), m_portSpin, m_portMessage, portNote);

    m_codeEdit = new QLineEdit(this);
    m_codeEdit->setObjectName(QStringLiteral("accessCodeEdit"));
    m_codeEdit->setEchoMode(QLineEdit::Password);
    m_codeEdit->setMaxLength(LoginPacket::kFieldSize);
    m_codeEdit->setPlaceholderText(tr("8 characters on current printers"));
    m_codeEdit->setInputMethodHints(Qt::ImhSensitiveData | Qt::ImhNoPredictiveText
                                    | Qt::ImhNoAutoUppercase);
    m_revealAction = m_codeEdit->addAction(QIcon(), QLineEdit::TrailingPosition);
    m_revealAction->setObjectName(QStringLiteral("revealAccessCode"));
    m_revealAction->setCheckable(true);
    connect(m_revealAction, &QAction::toggled, this, &PrinterDialog::setAccessCodeVisible);
    m_codeMessage = new FormMessage(this);
    m_codeMessage->setObjectName(QStringLiteral("accessCodeMessage"));
    addField(tr("Access &code:"), m_codeEdit, m_codeMessage);
    auto *codeHint = new FormMessage(this);
    codeHint->setObjectName(QStringLiteral("accessCodeHint"));
    codeHint->showHint(tr("Shown on the printer's screen: Settings → Network/WLAN → Access Code"));
    form->addWidget(codeHint, row++, 1);

    m_serialEdit = new QLineEdit(this);
    m_serialEdit->setObjectName(QStringLiteral("serialEdit"));
    m_serialEdit->setPlaceholderText(tr("Optional, e.g. 01S00C123456789"));
    m_serialEdit->setMaxLength(32);
    m_serialMessage = new FormMessage(this);
    m_serialMessage->setObjectName(QStringLiteral("serialMessage"));
    addField(tr("&Serial number:"), m_serialEdit, m_serialMessage);

    // Certificate trust: pinned on first use unless the user names Bambu's CA.
    m_caFileEdit = new QLineEdit(this);
    m_caFileEdit->setObjectName(QStringLiteral("caFileEdit"));
    m_caFileEdit->setPlaceholderText(tr("Optional: verify against this CA (needs the serial)"));
    m_caFileMessage = new FormMessage(this);
    m_caFileMessage->setObjectName(QStringLiteral("caFileMessage"));
    auto *browseCa = new QPushButton(tr("Bro&wse…"), this);
    browseCa->setAutoDefault(false);
    connect(browseCa, &QPushButton::clicked, this, &PrinterDialog::browseCaFile);
    addField(tr("C&A file:"), m_caFileEdit, m_caFileMessage, browseCa);
    m_certificateHint = new FormMessage(this);
    m_certificateHint->setObjectName(QStringLiteral("certificateHint"));
    m_certificateHint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addWidget(m_certificateHint, row++, 1);

    // The connection test: one button, a busy line while it runs, and the result.
    m_testButton = new QPushButton(tr("&Test connection"), this);
    m_testButton->setObjectName(QStringLiteral("testButton"));
    m_testButton->setAutoDefault(false); // Enter always means OK
    m_cancelTestButton = new QPushButton(tr("Cancel t&est"), this);
    m_cancelTestButton->setObjectName(QStringLiteral("cancelTestButton"));
    m_cancelTestButton->setAutoDefault(false);
    m_busy = new QProgressBar(this);
    m_busy->setObjectName(QStringLiteral("testBusy"));
    m_busy->setRange(0, 0); // indeterminate
    m_busy->setTextVisible(false);
    m_busy->setFixedSize(72, 6);
    m_testProgress = new FormMessage(this);
    m_testProgress->setObjectName(QStringLiteral("testProgress"));
    m_testProgress->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    auto *testLine = new QHBoxLayout;
    testLine->addWidget(m_testButton);
    testLine->addWidget(m_busy);
    testLine->addWidget(m_testProgress, 1);
    testLine->addWidget(m_cancelTestButton);
    connect(m_testButton, &QPushButton::clicked, this, &PrinterDialog::startConnectionTest);
    connect(m_cancelTestButton, &QPushButton::clicked, this, &PrinterDialog::cancelConnectionTest);

    m_preview = new QLabel(this);
    m_preview->setObjectName(QStringLiteral("testPreview"));
    m_preview->setFixedSize(kPreviewSize + QSize(2, 2));
    m_preview->setAlignment(Qt::AlignCenter);
    m_preview->setFrameShape(QFrame::Box);
    m_preview->setStyleSheet(
        QStringLiteral("QLabel { background: #101113; border: 1px solid palette(mid); }"));
    m_resultTitle = new QLabel(this);
    m_resultTitle->setObjectName(QStringLiteral("testTitle"));
    QFont bold = m_resultTitle->font();
    bold.setBold(true);
    m_resultTitle->setFont(bold);
    m_resultText = new FormMessage(this);
    m_resultText->setObjectName(QStringLiteral("testResult"));
    auto *resultWords = new QVBoxLayout;
    resultWords->setSpacing(4);
    resultWords->addWidget(m_resultTitle);
    resultWords->addWidget(m_resultText);
    resultWords->addStretch(1);
    m_resultBox = new QWidget(this);
    auto *resultLine = new QHBoxLayout(m_resultBox);
    resultLine->setContentsMargins(0, 4, 0, 0);
    resultLine->setSpacing(12);
    resultLine->addWidget(m_preview, 0, Qt::AlignTop);
    resultLine->addLayout(resultWords, 1);

    auto *separator = new QFrame(this);
    separator->setFrameShape(QFrame::HLine);
    separator->setFrameShadow(QFrame::Sunken);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->setObjectName(QStringLiteral("buttons"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Add"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->setSizeConstraint(QLayout::SetMinAndMaxSize);
    layout->addLayout(form);
    layout->addSpacing(6);
    layout->addWidget(separator);
    layout->addSpacing(2);
    layout->addLayout(testLine);
    layout->addWidget(m_resultBox);
    layout->addSpacing(6);
    layout->addWidget(m_buttons);

    setTabOrder(m_nameEdit, m_hostEdit);
    setTabOrder(m_hostEdit, m_portSpin);
    setTabOrder(m_portSpin, m_codeEdit);
    setTabOrder(m_codeEdit, m_serialEdit);
    setTabOrder(m_serialEdit, m_caFileEdit);
    setTabOrder(m_caFileEdit, m_testButton);
    setTabOrder(m_testButton, m_cancelTestButton);
    setTabOrder(m_cancelTestButton, m_buttons);

    // Editing a field shows its error from then on; an untouched empty form is not all red.
    const auto watch = [this](QLineEdit *edit, Field field) {
        connect(edit, &QLineEdit::textEdited, this,
                [this, field] { m_touched[static_cast<size_t>(field)] = true; });
        connect(edit, &QLineEdit::textChanged, this, &PrinterDialog::validate);
    };
    watch(m_nameEdit, Field::Name);
    watch(m_hostEdit, Field::Host);
    watch(m_codeEdit, Field::AccessCode);
    watch(m_serialEdit, Field::Serial);
    watch(m_caFileEdit, Field::CaFile);
    connect(m_caFileEdit, &QLineEdit::textChanged, this, &PrinterDialog::updateCertificateHint);
    // The CA check names the serial: a new serial can fix or break the CA file row.
    connect(m_serialEdit, &QLineEdit::textChanged, this, &PrinterDialog::validate);
    // QSpinBox::textChanged stays silent while the text is not a valid number ("", "0"): the
    // editor inside it tells every keystroke.
    auto *portEditor = m_portSpin->findChild<QLineEdit *>();
    Q_ASSERT(portEditor);
    connect(portEditor, &QLineEdit::textChanged, this, [this] {
        m_touched[static_cast<size_t>(Field::Port)] = true;
        validate();
    });
    connect(m_hostEdit, &QLineEdit::textChanged, this, &PrinterDialog::onEndpointEdited);
    connect(m_codeEdit, &QLineEdit::textChanged, this, &PrinterDialog::onEndpointEdited);
    connect(portEditor, &QLineEdit::textChanged, this, &PrinterDialog::onEndpointEdited);
    // Leaving the field restores the last valid port without a signal from the editor.
    connect(m_portSpin, &QSpinBox::editingFinished, this, &PrinterDialog::validate);

    setAccessCodeVisible(false);
    setTestRunning(false);
    clearTestResult();
    updateCertificateHint();
}

void PrinterDialog::setConfig(const PrinterConfig &config, const QString &accessCode)
{
    cancelConnectionTest();
    m_id = config.id;
    m_nameEdit->setText(config.name);
    m_hostEdit->setText(config.host);
    m_portSpin->setValue(config.port);
    m_codeEdit->setText(accessCode);
    m_serialEdit->setText(config.serial);
    m_caFileEdit->setText(config.caFile);
    m_pinnedFingerprint = config.certificateFingerprint;
    updateCertificateHint();
    m_revealAction->setChecked(false);
    // Stored values are the user's own: show what is wrong with them straight away.
    m_touched.fill(true);
    setWindowTitle(isEditMode() ? tr("Edit printer") : tr("Add printer"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(isEditMode() ? tr("Save") : tr("Add"));
    clearTestResult();
    validate();
}

PrinterConfig PrinterDialog::config() const
{
    PrinterConfig config;
    config.id = m_id;
    config.name = m_nameEdit->text().trimmed();
    config.host = m_hostEdit->text().trimmed();
    config.port = static_cast<quint16>(m_portSpin->value());
    config.serial = m_serialEdit->text().trimmed();
    config.caFile = m_caFileEdit->text().trimmed();
    // The pin belongs to the printer, not to its address: it survives an edit. The user replaces
    // it through "Certificate changed", never by accident here.
    config.certificateFingerprint = m_pinnedFingerprint;
    return config;
}

QString PrinterDialog::accessCode() const
{
    return m_codeEdit->text();
}

QString PrinterDialog::errorFor(Field field) const
{
    switch (field) {
    case Field::Name:
        return PrinterConfig::nameError(m_nameEdit->text());
    case Field::Host:
        return PrinterConfig::hostError(m_hostEdit->text().trimmed());
    case Field::Port:
        // While the text is half typed ("", "0") the spin box still holds the previous value.
        if (!m_portSpin->hasAcceptableInput())
            return PrinterConfig::portError(0);
        return PrinterConfig::portError(m_portSpin->value());
    case Field::AccessCode:
        return PrinterConfig::accessCodeError(m_codeEdit->text());
    case Field::Serial:
        return PrinterConfig::serialError(m_serialEdit->text().trimmed());
    case Field::CaFile: {
        const QString path = m_caFileEdit->text().trimmed();
        if (path.isEmpty())
            return {};
        const QFileInfo info(path);
        if (!info.isFile() || !info.isReadable())
            return tr("There is no readable file at this path.");
        if (m_serialEdit->text().trimmed().isEmpty())
            return tr("Verifying against a CA needs the printer's serial number.");
        return {};
    }
    }
    return {};
}

bool PrinterDialog::isValid() const
{
    for (int i = 0; i < kFieldCount; ++i) {
        if (!errorFor(static_cast<Field>(i)).isEmpty())
            return false;
    }
    return true;
}

bool PrinterDialog::isTestRunning() const
{
    return m_probe->isRunning();
}

void PrinterDialog::setTestTimeouts(const CameraConnection::Timeouts &timeouts)
{
    m_probe->setTimeouts(timeouts);
}

void PrinterDialog::browseCaFile()
{
    const QString path
        = QFileDialog::getOpenFileName(this, tr("Choose the CA certificate"), m_caFileEdit->text(),
                                       tr("Certificates (*.pem *.crt *.cer *.der);;All files (*)"));
    if (path.isEmpty())
        return;
    m_touched[static_cast<size_t>(Field::CaFile)] = true;
    m_caFileEdit->setText(path);
}

void PrinterDialog::updateCertificateHint()
{
    if (!m_caFileEdit->text().trimmed().isEmpty())
        m_certificateHint->showHint(
            tr("The certificate is verified against the CA, with the serial as its name."));
    else if (!m_pinnedFingerprint.isEmpty())
        m_certificateHint->showHint(
            tr("Pinned certificate (SHA-256): %1").arg(m_pinnedFingerprint));
    else
        m_certificateHint->showHint(
            tr("The printer's certificate is pinned on the first connection."));
}

void PrinterDialog::validate()
{
    const std::pair<Field, FormMessage *> messages[] = {
        {Field::Name, m_nameMessage},     {Field::Host, m_hostMessage},
        {Field::Port, m_portMessage},     {Field::AccessCode, m_codeMessage},
        {Field::Serial, m_serialMessage}, {Field::CaFile, m_caFileMessage},
    };
    QString firstError;
    for (const auto &[field, message] : messages) {
        const QString error = errorFor(field);
        if (firstError.isEmpty())
            firstError = error;
        if (m_touched[static_cast<size_t>(field)] && !error.isEmpty())
            message->showError(error);
        else
            message->clearMessage();
    }

    QPushButton *ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setEnabled(firstError.isEmpty());
    ok->setToolTip(firstError);

    const bool endpointValid = errorFor(Field::Host).isEmpty() && errorFor(Field::Port).isEmpty()
        && errorFor(Field::AccessCode).isEmpty();
    m_testButton->setEnabled(endpointValid);
    m_testButton->setToolTip(endpointValid
                                 ? tr("Connects to the camera once and shows its first picture.")
                                 : tr("Enter a valid address, port and access code first."));
}

void PrinterDialog::revealAllErrors()
{
    m_touched.fill(true);
    validate();
    const std::pair<Field, QWidget *> editors[] = {
        {Field::Name, m_nameEdit},     {Field::Host, m_hostEdit},
        {Field::Port, m_portSpin},     {Field::AccessCode, m_codeEdit},
        {Field::Serial, m_serialEdit}, {Field::CaFile, m_caFileEdit},
    };
    for (const auto &[field, editor] : editors) {
        if (!errorFor(field).isEmpty()) {
            editor->setFocus(Qt::OtherFocusReason);
            return;
        }
    }
}

void PrinterDialog::onEndpointEdited()
{
    // A result about other settings would mislead.
    if (isTestRunning())
        cancelConnectionTest();
    clearTestResult();
}

void PrinterDialog::setAccessCodeVisible(bool visible)
{
    m_codeEdit->setEchoMode(visible ? QLineEdit::Normal : QLineEdit::Password);
    const QString tip = visible ? tr("Hide the access code") : tr("Show the access code");
    m_revealAction->setToolTip(tip);
    m_revealAction->setText(tip);
    updateRevealIcon();
}

void PrinterDialog::updateRevealIcon()
{
    const QColor color = palette().color(QPalette::Text);
    // The icon shows what a click does: the open eye reveals, the struck eye hides again.
    m_revealAction->setIcon(eyeIcon(color, m_revealAction->isChecked()));
}

void PrinterDialog::startConnectionTest()
{
    if (!m_testButton->isEnabled())
        return;
    clearTestResult();
    setTestRunning(true);
    m_testProgress->showHint(tr("Connecting…"));
    qCInfo(lcPrinterDialog) << "testing the camera at" << m_hostEdit->text().trimmed()
                            << m_portSpin->value();
    m_probe->start(endpoint());
}

void PrinterDialog::cancelConnectionTest()
{
    if (!isTestRunning())
        return;
    m_probe->cancel();
    setTestRunning(false);
    m_testProgress->showHint(tr("Test cancelled."));
}

void PrinterDialog::done(int result)
{
    if (result == QDialog::Accepted && !isValid()) {
        revealAllErrors();
        return;
    }
    m_probe->cancel();
    setTestRunning(false);
    QDialog::done(result);
}

void PrinterDialog::setTestRunning(bool running)
{
    m_busy->setVisible(running);
    m_cancelTestButton->setVisible(running);
    m_testButton->setVisible(!running);
    if (running) {
        m_testProgress->clearMessage();
        // The focus would otherwise vanish with the hidden button.
        if (m_testButton->hasFocus() || !focusWidget())
            m_cancelTestButton->setFocus(Qt::OtherFocusReason);
    } else {
        m_testProgress->showHint(
            tr("Fetches one picture to check the address and the access code."));
        if (m_cancelTestButton->hasFocus())
            m_testButton->setFocus(Qt::OtherFocusReason);
    }
}

void PrinterDialog::showTestSuccess(const QImage &preview, const QByteArray &jpeg,
                                    const QSize &frameSize)
{
    setTestRunning(false);
    m_preview->setPixmap(QPixmap::fromImage(preview));
    m_preview->setVisible(true);
    m_resultTitle->setText(tr("The camera works"));
    QPalette palette = m_resultTitle->palette();
    palette.setColor(QPalette::WindowText,
                     FormMessage::colorFor(FormMessage::Kind::Success, this->palette()));
    m_resultTitle->setPalette(palette);
    const QString message = tr("First picture received: %1 × %2 pixels, %3.")
                                .arg(frameSize.width())
                                .arg(frameSize.height())
                                .arg(formatBytes(jpeg.size()));
    m_resultText->showHint(message);
    m_resultBox->setVisible(true);
    emit connectionTestFinished(true, message);
}

void PrinterDialog::showTestFailure(CameraConnection::Failure failure, const QString &reason)
{
    setTestRunning(false);
    m_preview->clear();
    m_preview->setVisible(false);
    m_resultTitle->setText(TileStatus::failureTitle(failure));
    QPalette palette = m_resultTitle->palette();
    palette.setColor(QPalette::WindowText,
                     FormMessage::colorFor(FormMessage::Kind::Error, this->palette()));
    m_resultTitle->setPalette(palette);
    m_resultText->showHint(reason);
    m_resultBox->setVisible(true);
    emit connectionTestFinished(false, reason);
}

void PrinterDialog::clearTestResult()
{
    m_preview->clear();
    m_resultTitle->clear();
    m_resultText->clearMessage();
    m_resultBox->setVisible(false);
    if (!isTestRunning())
        setTestRunning(false); // back to the explanation next to the button
}

CameraEndpoint PrinterDialog::endpoint() const
{
    CameraEndpoint endpoint;
    endpoint.host = m_hostEdit->text().trimmed();
    endpoint.port = static_cast<quint16>(m_portSpin->value());
    endpoint.user = QLatin1String(LoginPacket::kDefaultUser);
    endpoint.accessCode = m_codeEdit->text();
    return endpoint;
}

void PrinterDialog::keyPressEvent(QKeyEvent *event)
{
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    if (enter && event->modifiers() == Qt::NoModifier && !isValid()) {
        // OK is disabled: say why instead of doing nothing.
        revealAllErrors();
        event->accept();
        return;
    }
    QDialog::keyPressEvent(event);
}

void PrinterDialog::changeEvent(QEvent *event)
{
    QDialog::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_revealAction)
        updateRevealIcon();
}

bool PrinterDialog::confirmRemove(QWidget *parent, const QString &printerName)
{
    QMessageBox box(parent);
    box.setObjectName(QStringLiteral("confirmRemove"));
    box.setIcon(QMessageBox::Question);
    box.setWindowTitle(tr("Remove printer"));
    box.setText(tr("Remove “%1” from FarmCam?").arg(printerName));
    box.setInformativeText(tr("Its camera is disconnected and its access code is deleted from "
                              "this computer. Snapshots already saved are kept."));
    QPushButton *remove = box.addButton(tr("&Remove"), QMessageBox::DestructiveRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(QMessageBox::Cancel); // a stray Enter must not delete anything
    box.setEscapeButton(QMessageBox::Cancel);
    box.exec();
    return box.clickedButton() == remove;
}
