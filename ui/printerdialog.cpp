#include "printerdialog.h"

#include "model/printer.h"

#include "connectiontestpanel.h"
#include "formmessage.h"
#include "net/discoverylistener.h"
#include "protocol/loginpacket.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QSpinBox>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace {

Q_LOGGING_CATEGORY(lcPrinterDialog, "farmcam.ui")

constexpr int kButtonsGap = 6; // between the scrolling page and the buttons
// Below this the page would show too little to be of use; the screen is then simply too small.
constexpr int kSmallestPageHeight = 120;
constexpr int kDiscoveredRowsShown = 4; // more scroll: the list stays a compact part of the form

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

// Which part of a field's line takes the room the dialog has to spare.
enum class Grow { Editor, Trailing };

// A port: digits only, wide enough for 65535, the last valid value back when left half typed.
QSpinBox *portSpinBox(QWidget *parent, const QString &objectName, int value)
{
    auto *spin = new QSpinBox(parent);
    spin->setObjectName(objectName);
    spin->setRange(1, 65535);
    spin->setValue(value);
    spin->setGroupSeparatorShown(false);
    spin->setAccelerated(true);
    spin->setCorrectionMode(QAbstractSpinBox::CorrectToPreviousValue);
    spin->setMinimumWidth(spin->fontMetrics().horizontalAdvance(QLatin1String("655350")) + 48);
    return spin;
}

} // namespace

PrinterDialog::PrinterDialog(QWidget *parent)
    : QDialog(parent)
{
    buildUi();

    setWindowTitle(tr("Add printer"));
    validate();
    // Sized before the first show, which centres the dialog by the size it has then.
    fitToScreen();
}

PrinterDialog::~PrinterDialog()
{
    // ~QDialog hides the dialog, which moves the focus: the port box then reports editingFinished
    // (and its editor textChanged) to a PrinterDialog that is already destroyed (UBSan: invalid
    // downcast). Nothing here needs to hear from its widgets any more.
    const QList<QObject *> children = findChildren<QObject *>();
    for (QObject *child : children)
        disconnect(child, nullptr, this, nullptr);
    if (m_discovery)
        disconnect(m_discovery, nullptr, this, nullptr);
}

void PrinterDialog::buildUi()
{
    auto *form = new QGridLayout;
    form->setHorizontalSpacing(12);
    form->setVerticalSpacing(4);
    form->setColumnStretch(1, 1);
    form->setColumnMinimumWidth(1, 430); // room for the hints without wrapping
    int row = 0;
    // One field: the label, the editor and the message line under it. A trailing button keeps
    // its size and the editor takes the rest; a trailing note next to a narrow editor grows.
    const auto addField
        = [this, form, &row](const QString &label, QWidget *editor, FormMessage *message,
                             QWidget *trailing = nullptr, Grow grow = Grow::Editor) {
              auto *labelWidget = new QLabel(label, this);
              const QList<QWidget *> rowWidgets{labelWidget, editor, message, trailing};
              labelWidget->setBuddy(editor);
              form->addWidget(labelWidget, row, 0, Qt::AlignLeft | Qt::AlignVCenter);
              if (trailing) {
                  auto *line = new QHBoxLayout;
                  line->addWidget(editor, grow == Grow::Editor ? 1 : 0);
                  line->addWidget(trailing, grow == Grow::Trailing ? 1 : 0);
                  form->addLayout(line, row, 1);
              } else {
                  form->addWidget(editor, row, 1);
              }
              form->addWidget(message, row + 1, 1);
              row += 2;
              return rowWidgets;
          };
    const auto hideWith = [](QList<QWidget *> &group, const QList<QWidget *> &widgets) {
        for (QWidget *widget : widgets) {
            if (widget)
                group.append(widget);
        }
    };

    m_nameEdit = new QLineEdit(this);
    m_nameEdit->setObjectName(QStringLiteral("nameEdit"));
    m_nameEdit->setPlaceholderText(tr("e.g. P1S in the workshop"));
    m_nameEdit->setMaxLength(64);
    m_nameMessage = new FormMessage(this);
    m_nameMessage->setObjectName(QStringLiteral("nameMessage"));
    addField(tr("&Name:"), m_nameEdit, m_nameMessage);

    // The model says how the printer serves its camera; discovery fills it in.
    m_modelCombo = new QComboBox(this);
    m_modelCombo->setObjectName(QStringLiteral("modelCombo"));
    m_modelCombo->addItem(tr("Unknown"), QString());
    for (const QString &model : PrinterConfig::knownModelNames())
        m_modelCombo->addItem(model, model);
    auto *modelMessage = new FormMessage(this);
    addField(tr("Mode&l:"), m_modelCombo, modelMessage);
    connect(m_modelCombo, &QComboBox::activated, this, [this] {
        m_modelPickedByHand = true;
        onCameraKindChanged();
        validate();
    });

    m_cameraKindCombo = new QComboBox(this);
    m_cameraKindCombo->setObjectName(QStringLiteral("cameraKindCombo"));
    for (const PrinterConfig::CameraKind kind :
         {PrinterConfig::CameraKind::Automatic, PrinterConfig::CameraKind::JpegStream,
          PrinterConfig::CameraKind::Rtsps, PrinterConfig::CameraKind::MjpegHttp})
        m_cameraKindCombo->addItem(PrinterConfig::cameraKindName(kind), static_cast<int>(kind));
    m_cameraKindHint = new FormMessage(this);
    m_cameraKindHint->setObjectName(QStringLiteral("cameraKindHint"));
    addField(tr("Ca&mera:"), m_cameraKindCombo, m_cameraKindHint);
    connect(m_cameraKindCombo, &QComboBox::currentIndexChanged, this,
            &PrinterDialog::onCameraKindChanged);

    m_cameraUrlEdit = new QLineEdit(this);
    m_cameraUrlEdit->setObjectName(QStringLiteral("cameraUrlEdit"));
    m_cameraUrlEdit->setPlaceholderText(tr("e.g. http://192.168.1.30:8080/cam/p1s/stream.mjpg"));
    m_cameraUrlMessage = new FormMessage(this);
    m_cameraUrlMessage->setObjectName(QStringLiteral("cameraUrlMessage"));
    hideWith(m_streamOnlyRows, addField(tr("St&ream URL:"), m_cameraUrlEdit, m_cameraUrlMessage));
    m_cameraUserEdit = new QLineEdit(this);
    m_cameraUserEdit->setObjectName(QStringLiteral("cameraUserEdit"));
    m_cameraUserEdit->setPlaceholderText(tr("Optional"));
    auto *userHint = new FormMessage(this);
    userHint->showHint(tr("Empty: the password field holds a token (sent as “Bearer”)."));
    hideWith(m_streamOnlyRows, addField(tr("&HTTP user:"), m_cameraUserEdit, userHint));

    m_hostEdit = new QLineEdit(this);
    m_hostEdit->setObjectName(QStringLiteral("hostEdit"));
    m_hostEdit->setPlaceholderText(tr("IP address or host name, e.g. 192.168.1.20"));
    m_hostMessage = new FormMessage(this);
    m_hostMessage->setObjectName(QStringLiteral("hostMessage"));
    hideWith(m_printerOnlyRows, addField(tr("A&ddress:"), m_hostEdit, m_hostMessage));

    const PrinterConfig defaults;
    m_portSpin = portSpinBox(this, QStringLiteral("portSpin"), defaults.port);
    m_portMessage = new FormMessage(this);
    m_portMessage->setObjectName(QStringLiteral("portMessage"));
    auto *portNote = new FormMessage(this);
    portNote->setObjectName(QStringLiteral("portNote"));
    portNote->showHint(
        tr("6000: P1P, P1S, A1, A1 mini · 322: X1, X1C, X1E, H2C, H2D, H2S, P2S, X2D"));
    portNote->setWordWrap(true);
    hideWith(m_printerOnlyRows,
             addField(tr("Camera &port:"), m_portSpin, m_portMessage, portNote, Grow::Trailing));

    // Print status: its own port next to the camera's; host, access code and trust are shared.
    m_statusCheck = new QCheckBox(tr("Show print stat&us (MQTT over TLS)"), this);
    m_statusCheck->setObjectName(QStringLiteral("statusCheck"));
    m_statusCheck->setChecked(defaults.statusEnabled);
    m_statusPortSpin = portSpinBox(this, QStringLiteral("statusPortSpin"), defaults.statusPort);
    m_statusPortSpin->setAccessibleName(tr("Print status port"));
    m_statusPortSpin->setToolTip(tr("8883 on Bambu Lab printers"));
    m_statusPortSpin->setEnabled(m_statusCheck->isChecked());
    connect(m_statusCheck, &QCheckBox::toggled, m_statusPortSpin, &QWidget::setEnabled);
    auto *statusPortLabel = new QLabel(tr("P&ort:"), this);
    statusPortLabel->setBuddy(m_statusPortSpin);
    statusPortLabel->setEnabled(m_statusCheck->isChecked());
    // Reads as one with the spin box it names: greyed out with it.
    connect(m_statusCheck, &QCheckBox::toggled, statusPortLabel, &QWidget::setEnabled);
    auto *statusLabel = new QLabel(tr("Print status:"), this);
    statusLabel->setBuddy(m_statusCheck);
    auto *statusLine = new QHBoxLayout;
    statusLine->addWidget(m_statusCheck);
    statusLine->addSpacing(12);
    statusLine->addWidget(statusPortLabel);
    statusLine->addWidget(m_statusPortSpin);
    statusLine->addStretch(1);
    form->addWidget(statusLabel, row, 0, Qt::AlignLeft | Qt::AlignVCenter);
    form->addLayout(statusLine, row, 1);
    m_statusPortMessage = new FormMessage(this);
    m_statusPortMessage->setObjectName(QStringLiteral("statusPortMessage"));
    form->addWidget(m_statusPortMessage, row + 1, 1);
    auto *statusHint = new FormMessage(this);
    statusHint->setObjectName(QStringLiteral("statusHint"));
    statusHint->showHint(
        tr("Job, progress, temperatures and alerts from the printer; same access code."));
    form->addWidget(statusHint, row + 2, 1);
    row += 3;
    hideWith(m_printerOnlyRows,
             {statusLabel, m_statusCheck, statusPortLabel, m_statusPortSpin, m_statusPortMessage,
              statusHint});

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
    m_codeLabel = qobject_cast<QLabel *>(
        addField(tr("Access &code:"), m_codeEdit, m_codeMessage).constFirst());
    m_codeHint = new FormMessage(this);
    m_codeHint->setObjectName(QStringLiteral("accessCodeHint"));
    form->addWidget(m_codeHint, row++, 1);

    m_serialEdit = new QLineEdit(this);
    m_serialEdit->setObjectName(QStringLiteral("serialEdit"));
    m_serialEdit->setPlaceholderText(tr("Optional, e.g. 01S00C123456789"));
    m_serialEdit->setMaxLength(32);
    m_serialMessage = new FormMessage(this);
    m_serialMessage->setObjectName(QStringLiteral("serialMessage"));
    hideWith(m_printerOnlyRows, addField(tr("&Serial number:"), m_serialEdit, m_serialMessage));

    // Certificate trust: pinned on first use unless the user names Bambu's CA.
    m_caFileEdit = new QLineEdit(this);
    m_caFileEdit->setObjectName(QStringLiteral("caFileEdit"));
    m_caFileEdit->setPlaceholderText(tr("Optional: verify against this CA (needs the serial)"));
    m_caFileMessage = new FormMessage(this);
    m_caFileMessage->setObjectName(QStringLiteral("caFileMessage"));
    auto *browseCa = new QPushButton(tr("Bro&wse…"), this);
    browseCa->setObjectName(QStringLiteral("browseCaButton"));
    browseCa->setAutoDefault(false);
    connect(browseCa, &QPushButton::clicked, this, &PrinterDialog::browseCaFile);
    addField(tr("C&A file:"), m_caFileEdit, m_caFileMessage, browseCa);
    m_certificateHint = new FormMessage(this);
    m_certificateHint->setObjectName(QStringLiteral("certificateHint"));
    m_certificateHint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addWidget(m_certificateHint, row++, 1);

    // A video of every print: as Preferences › Recordings says for all printers, or not.
    m_timelapseCombo = new QComboBox(this);
    m_timelapseCombo->setObjectName(QStringLiteral("timelapseCombo"));
    m_timelapseCombo->addItem(QString(), static_cast<int>(PrinterConfig::TimelapseChoice::Default));
    m_timelapseCombo->addItem(tr("Always"), static_cast<int>(PrinterConfig::TimelapseChoice::On));
    m_timelapseCombo->addItem(tr("Never"), static_cast<int>(PrinterConfig::TimelapseChoice::Off));
    m_timelapseCombo->setToolTip(
        tr("A video of every print, made from a picture per layer (Preferences › Recordings)"));
    auto *timelapseHint = new FormMessage(this);
    timelapseHint->setObjectName(QStringLiteral("timelapseHint"));
    timelapseHint->showHint(tr("A video of every print. Without print status: Printer › Start "
                               "timelapse."));
    timelapseHint->setWordWrap(true);
    addField(tr("Timelapse &videos:"), m_timelapseCombo, timelapseHint, nullptr);
    setTimelapseDefault(true);

    // The connection test: one button, a busy line while it runs, and the result.
    m_testPanel = new ConnectionTestPanel(this);
    m_testPanel->setObjectName(QStringLiteral("connectionTestPanel"));
    connect(m_testPanel, &ConnectionTestPanel::testRequested, this,
            &PrinterDialog::startConnectionTest);
    connect(m_testPanel, &ConnectionTestPanel::finished, this,
            &PrinterDialog::connectionTestFinished);

    auto *separator = new QFrame(this);
    separator->setFrameShape(QFrame::HLine);
    separator->setFrameShadow(QFrame::Sunken);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->setObjectName(QStringLiteral("buttons"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Add"));
    // Offered instead of a second entry for a printer that is already there.
    m_editExistingButton = m_buttons->addButton(tr("Edit"), QDialogButtonBox::ActionRole);
    m_editExistingButton->setObjectName(QStringLiteral("editExistingButton"));
    m_editExistingButton->setVisible(false);
    connect(m_editExistingButton, &QPushButton::clicked, this,
            [this] { done(EditExistingResult); });
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    // Everything but the buttons scrolls on a screen too small for the form (fitToScreen()); the
    // buttons stay where they can be clicked.
    auto *page = new QWidget;
    page->setObjectName(QStringLiteral("formPage"));
    auto *pageLayout = new QVBoxLayout(page);
    pageLayout->setContentsMargins(0, 0, 0, 0);
    pageLayout->addWidget(buildDiscoverySection());
    pageLayout->addLayout(form);
    pageLayout->addSpacing(6);
    pageLayout->addWidget(separator);
    pageLayout->addSpacing(2);
    pageLayout->addWidget(m_testPanel);
    page->installEventFilter(this); // its layout requests: a hint or a row changed its height

    m_scrollArea = new QScrollArea(this);
    m_scrollArea->setObjectName(QStringLiteral("formScroll"));
    m_scrollArea->setFrameShape(QFrame::NoFrame);
    m_scrollArea->setFocusPolicy(Qt::NoFocus); // Tab goes to the fields; the area follows the focus
    m_scrollArea->setWidgetResizable(true);
    m_scrollArea->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scrollArea->setWidget(page);
    page->setAutoFillBackground(false);
    m_scrollArea->viewport()->setAutoFillBackground(false);
    m_scrollArea->viewport()->installEventFilter(this); // its width decides the wrapped hints'
    // Shift+Tab from the buttons lands on the page without passing the area: show the field.
    connect(qApp, &QApplication::focusChanged, this, [this](QWidget *, QWidget *now) {
        if (now && m_scrollArea->widget()->isAncestorOf(now))
            m_scrollArea->ensureWidgetVisible(now);
    });

    auto *layout = new QVBoxLayout(this);
    layout->setSizeConstraint(QLayout::SetMinAndMaxSize);
    layout->addWidget(m_scrollArea);
    layout->addSpacing(kButtonsGap);
    layout->addWidget(m_buttons);

    setTabOrder(m_discoveredList, m_nameEdit);
    setTabOrder(m_nameEdit, m_modelCombo);
    setTabOrder(m_modelCombo, m_cameraKindCombo);
    setTabOrder(m_cameraKindCombo, m_cameraUrlEdit);
    setTabOrder(m_cameraUrlEdit, m_cameraUserEdit);
    setTabOrder(m_cameraUserEdit, m_hostEdit);
    setTabOrder(m_hostEdit, m_portSpin);
    setTabOrder(m_portSpin, m_statusCheck);
    setTabOrder(m_statusCheck, m_statusPortSpin); // skipped while disabled
    setTabOrder(m_statusPortSpin, m_codeEdit);
    setTabOrder(m_codeEdit, m_serialEdit);
    setTabOrder(m_serialEdit, m_caFileEdit);
    setTabOrder(m_caFileEdit, browseCa);
    setTabOrder(browseCa, m_timelapseCombo);
    setTabOrder(m_timelapseCombo, m_testPanel->firstInTabOrder());
    setTabOrder(m_testPanel->lastInTabOrder(), m_buttons);

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
    watch(m_cameraUrlEdit, Field::CameraUrl);
    connect(m_cameraUrlEdit, &QLineEdit::textChanged, this, &PrinterDialog::onEndpointEdited);
    connect(m_cameraUserEdit, &QLineEdit::textChanged, this, &PrinterDialog::onEndpointEdited);
    // An announced model belongs to its serial (see currentModel()).
    connect(m_serialEdit, &QLineEdit::textChanged, this, [this] {
        if (!m_modelPickedByHand) {
            showModel(currentModel());
            onCameraKindChanged();
        }
    });
    connect(m_testPanel, &ConnectionTestPanel::cameraKindFound, this,
            [this](PrinterConfig::CameraKind kind) {
                // Found by the test: said in the field, so that it is saved and seen.
                m_cameraKindCombo->setCurrentIndex(
                    m_cameraKindCombo->findData(static_cast<int>(kind)));
            });
    connect(m_caFileEdit, &QLineEdit::textChanged, this, &PrinterDialog::updateCertificateHint);
    // The CA check names the serial: a new serial can fix or break the CA file row.
    connect(m_serialEdit, &QLineEdit::textChanged, this, &PrinterDialog::validate);
    // QSpinBox::textChanged stays silent while the text is not a valid number ("", "0"): the
    // editor inside it tells every keystroke.
    const auto watchPort = [this](QSpinBox *spin, Field field) {
        auto *editor = spin->findChild<QLineEdit *>();
        Q_ASSERT(editor);
        connect(editor, &QLineEdit::textChanged, this, [this, field] {
            m_touched[static_cast<size_t>(field)] = true;
            validate();
        });
        // Leaving the field restores the last valid port without a signal from the editor.
        connect(spin, &QSpinBox::editingFinished, this, &PrinterDialog::validate);
        return editor;
    };
    QLineEdit *portEditor = watchPort(m_portSpin, Field::Port);
    watchPort(m_statusPortSpin, Field::StatusPort);
    // Off, the status port is not used: it cannot be wrong.
    connect(m_statusCheck, &QCheckBox::toggled, this, &PrinterDialog::validate);
    // The connection test is the camera's: the status settings do not touch its result.
    connect(m_hostEdit, &QLineEdit::textChanged, this, &PrinterDialog::onEndpointEdited);
    connect(m_codeEdit, &QLineEdit::textChanged, this, &PrinterDialog::onEndpointEdited);
    connect(portEditor, &QLineEdit::textChanged, this, &PrinterDialog::onEndpointEdited);

    setAccessCodeVisible(false);
    updateCertificateHint();
    onCameraKindChanged();
}

QString PrinterDialog::currentModel() const
{
    if (m_modelPickedByHand)
        return m_modelCombo->currentData().toString();
    // A model belongs to its printer: another serial typed in makes it unknown.
    return m_serialEdit->text().trimmed() == m_modelSerial ? m_model : QString();
}

void PrinterDialog::showModel(const QString &model)
{
    const QString name = PrinterConfig::modelName(model);
    int index = name.isEmpty() ? 0 : m_modelCombo->findData(name);
    if (index < 0) {
        // A code FarmCam does not know yet: shown as it is, and kept.
        m_modelCombo->addItem(name, model);
        index = m_modelCombo->count() - 1;
    }
    m_modelCombo->setCurrentIndex(index);
}

PrinterConfig::CameraKind PrinterDialog::chosenCameraKind() const
{
    return static_cast<PrinterConfig::CameraKind>(m_cameraKindCombo->currentData().toInt());
}

void PrinterDialog::onCameraKindChanged()
{
    PrinterConfig probe;
    probe.cameraKind = chosenCameraKind();
    probe.model = currentModel();
    const PrinterConfig::CameraKind kind = probe.effectiveCameraKind();
    if (kind != m_shownKind) {
        // The port follows the kind while it is the previous kind's usual one.
        if (kind != PrinterConfig::CameraKind::MjpegHttp
            && m_portSpin->value() == PrinterConfig::defaultPortFor(m_shownKind))
            m_portSpin->setValue(PrinterConfig::defaultPortFor(kind));
        m_shownKind = kind;
    }
    const bool stream = kind == PrinterConfig::CameraKind::MjpegHttp;
    for (QWidget *widget : std::as_const(m_printerOnlyRows))
        widget->setVisible(!stream);
    for (QWidget *widget : std::as_const(m_streamOnlyRows))
        widget->setVisible(stream);
    m_codeLabel->setText(stream ? tr("Password or to&ken:") : tr("Access &code:"));
    m_codeEdit->setMaxLength(stream ? 1024 : LoginPacket::kFieldSize);
    m_codeEdit->setPlaceholderText(stream ? tr("Optional")
                                          : tr("8 characters on current printers"));
    m_codeHint->showHint(
        stream ? tr("For another FarmCam: its sharing token (Preferences › Sharing).")
               : tr("Shown on the printer's screen: Settings → Network/WLAN → Access Code"));
    updateCameraKindHint();
    validate();
}

void PrinterDialog::updateCameraKindHint()
{
    switch (chosenCameraKind()) {
    case PrinterConfig::CameraKind::Automatic: {
        const QString model = PrinterConfig::modelName(currentModel());
        if (PrinterConfig::cameraKindForModel(model) == PrinterConfig::CameraKind::Automatic)
            m_cameraKindHint->showHint(tr("Model unknown: the JPEG stream on port 6000. "
                                          "Test connection finds out which one it is."));
        else
            m_cameraKindHint->showHint(
                tr("For the %1: %2.").arg(model, PrinterConfig::cameraKindName(m_shownKind)));
        break;
    }
    case PrinterConfig::CameraKind::JpegStream:
        m_cameraKindHint->showHint(tr("P1P, P1S, A1 and A1 mini."));
        break;
    case PrinterConfig::CameraKind::Rtsps:
        m_cameraKindHint->showHint(tr("X1, X1C, X1E, H2C, H2D, H2S, P2S and X2D (H.264). Turn on "
                                      "LAN Only Liveview on the printer."));
        break;
    case PrinterConfig::CameraKind::MjpegHttp:
        m_cameraKindHint->showHint(
            tr("Another FarmCam, mjpg-streamer, µStreamer, go2rtc, an OctoPrint webcam."));
        break;
    }
}

QWidget *PrinterDialog::buildDiscoverySection()
{
    m_discoveryBox = new QWidget(this);
    m_discoveryBox->setObjectName(QStringLiteral("discoveryBox"));
    auto *box = new QVBoxLayout(m_discoveryBox);
    box->setContentsMargins(0, 0, 0, 0);
    box->setSpacing(4);

    auto *title = new QLabel(tr("Printers &found on your network"), m_discoveryBox);
    title->setObjectName(QStringLiteral("discoveryTitle"));
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);

    m_discoveryStatus = new FormMessage(m_discoveryBox);
    m_discoveryStatus->setObjectName(QStringLiteral("discoveryStatus"));

    m_discoveredList = new QTreeWidget(m_discoveryBox);
    m_discoveredList->setObjectName(QStringLiteral("discoveredList"));
    m_discoveredList->setAccessibleName(tr("Printers found on your network"));
    m_discoveredList->setHeaderLabels(
        {tr("Name"), tr("Model"), tr("Address"), tr("Serial number")});
    m_discoveredList->setRootIsDecorated(false);
    m_discoveredList->setUniformRowHeights(true);
    m_discoveredList->setAllColumnsShowFocus(true);
    m_discoveredList->setSelectionMode(QAbstractItemView::SingleSelection);
    m_discoveredList->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_discoveredList->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    QHeaderView *header = m_discoveredList->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(0, QHeaderView::Stretch);
    for (int column = 1; column < m_discoveredList->columnCount(); ++column)
        header->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    title->setBuddy(m_discoveredList);
    // Enter chooses (see eventFilter); a click or a double click chooses too.
    m_discoveredList->installEventFilter(this);
    connect(m_discoveredList, &QTreeWidget::itemActivated, this,
            &PrinterDialog::chooseDiscoveredPrinter);
    connect(m_discoveredList, &QTreeWidget::itemClicked, this,
            &PrinterDialog::chooseDiscoveredPrinter);

    auto *separator = new QFrame(m_discoveryBox);
    separator->setFrameShape(QFrame::HLine);
    separator->setFrameShadow(QFrame::Sunken);

    box->addWidget(title);
    box->addWidget(m_discoveryStatus);
    box->addWidget(m_discoveredList);
    box->addSpacing(6);
    box->addWidget(separator);
    box->addSpacing(2);
    m_discoveryBox->setVisible(false);
    m_discoveredList->setVisible(false);
    return m_discoveryBox;
}

void PrinterDialog::setDiscovery(DiscoveryListener *listener)
{
    if (m_discovery == listener)
        return;
    if (m_discovery)
        disconnect(m_discovery, nullptr, this, nullptr);
    m_discovery = listener;
    if (listener) {
        connect(listener, &DiscoveryListener::printersChanged, this,
                &PrinterDialog::updateDiscoveredPrinters);
        // The listener's own members are gone by then: forget it without asking it anything.
        connect(listener, &QObject::destroyed, this, [this] {
            m_discovery = nullptr;
            updateDiscoveredPrinters();
        });
    }
    updateDiscoveredPrinters();
}

void PrinterDialog::setExistingPrinters(const QList<PrinterConfig> &printers)
{
    m_existing = printers;
    m_knownSerials.clear();
    for (const PrinterConfig &printer : printers) {
        if (!printer.serial.isEmpty())
            m_knownSerials.insert(printer.serial.toUpper());
    }
    updateDiscoveredPrinters();
    validate();
}

qsizetype PrinterDialog::overlappingPrinter(PrinterConfig::Overlap *overlap) const
{
    // Half-typed fields match nothing: their own errors come first.
    const bool stream = m_shownKind == PrinterConfig::CameraKind::MjpegHttp;
    if ((stream ? !PrinterConfig::cameraUrlError(QUrl(m_cameraUrlEdit->text().trimmed())).isEmpty()
                : !PrinterConfig::hostError(m_hostEdit->text().trimmed()).isEmpty())
        || !m_portSpin->hasAcceptableInput()
        || !PrinterConfig::serialError(m_serialEdit->text().trimmed()).isEmpty()) {
        if (overlap)
            *overlap = PrinterConfig::Overlap::None;
        return -1;
    }
    return PrinterConfig::indexOfOverlap(m_existing, config(), overlap);
}

void PrinterDialog::updateDiscoveredPrinters()
{
    const bool offered = m_discovery && !isEditMode();
    m_discoveryBox->setVisible(offered);
    if (!offered) {
        m_discoveredList->clear();
        return;
    }

    // Updated in place, so that the selection, the focus and a click in progress survive the
    // repeats and changes that keep arriving.
    QHash<QString, QTreeWidgetItem *> existing;
    for (int i = 0; i < m_discoveredList->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_discoveredList->topLevelItem(i);
        existing.insert(item->data(0, Qt::UserRole).toString(), item);
    }
    const QList<DiscoveredPrinter> printers = m_discovery->printers();
    int offeredCount = 0;
    for (int row = 0; row < printers.size(); ++row) {
        const DiscoveryAnnouncement &printer = printers.at(row).announcement;
        QTreeWidgetItem *item = existing.take(printer.serial);
        if (!item) {
            item = new QTreeWidgetItem;
            item->setData(0, Qt::UserRole, printer.serial);
            m_discoveredList->insertTopLevelItem(row, item);
        } else if (const int at = m_discoveredList->indexOfTopLevelItem(item); at != row) {
            const bool wasCurrent = m_discoveredList->currentItem() == item;
            m_discoveredList->takeTopLevelItem(at);
            m_discoveredList->insertTopLevelItem(row, item);
            if (wasCurrent)
                m_discoveredList->setCurrentItem(item);
        }
        const bool known = m_knownSerials.contains(printer.serial.toUpper());
        const QString model = PrinterConfig::modelName(printer.modelCode);
        item->setText(0, known ? tr("%1 (already added)").arg(printer.name) : printer.name);
        item->setText(1, model.isEmpty() ? tr("Unknown") : model);
        item->setText(2, printer.address);
        item->setText(3, printer.serial);
        item->setToolTip(0,
                         known ? tr("This printer is already in FarmCam.")
                               : tr("Fills in its name, address and serial number."));
        Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
        if (known)
            flags &= ~(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        item->setFlags(flags);
        if (!known)
            ++offeredCount;
    }
    qDeleteAll(existing); // gone from the network (or pushed out of the listener's list)

    const int count = m_discoveredList->topLevelItemCount();
    m_discoveredList->setVisible(count > 0);
    if (count > 0) {
        const int rows = std::min(count, kDiscoveredRowsShown);
        m_discoveredList->setFixedHeight(m_discoveredList->header()->sizeHint().height()
                                         + rows * m_discoveredList->sizeHintForRow(0)
                                         + 2 * m_discoveredList->frameWidth());
    }

    if (!m_discovery->isListening())
        m_discoveryStatus->showHint(tr("Printers cannot be found automatically right now: enter "
                                       "the address below."));
    else if (count == 0)
        m_discoveryStatus->showHint(tr("Looking for printers… none found yet."));
    else if (offeredCount == 0)
        m_discoveryStatus->showHint(tr("Every printer found is already in FarmCam."));
    else
        m_discoveryStatus->showHint(tr("Choose one to fill in its details, then enter its access "
                                       "code."));
}

void PrinterDialog::chooseDiscoveredPrinter(QTreeWidgetItem *item)
{
    if (!item || !(item->flags() & Qt::ItemIsEnabled) || !m_discovery)
        return;
    const std::optional<DiscoveredPrinter> printer
        = m_discovery->printer(item->data(0, Qt::UserRole).toString());
    if (!printer)
        return; // expired a moment ago; the list follows with the next update
    const DiscoveryAnnouncement &announcement = printer->announcement;
    m_nameEdit->setText(announcement.name);
    m_hostEdit->setText(announcement.address);
    m_serialEdit->setText(announcement.serial);
    m_model = announcement.modelCode;
    m_modelSerial = announcement.serial;
    m_modelPickedByHand = false;
    showModel(m_model);
    onCameraKindChanged();
    for (const Field field : {Field::Name, Field::Host, Field::Serial})
        m_touched[static_cast<size_t>(field)] = true;
    validate();
    qCInfo(lcPrinterDialog).noquote() << "chose the printer found at" << announcement.address;
    // The one thing left to type: the printer shows it on its screen.
    m_codeEdit->setFocus(Qt::OtherFocusReason);
    m_codeEdit->selectAll();
}

void PrinterDialog::setConfig(const PrinterConfig &config, const QString &accessCode)
{
    cancelConnectionTest();
    m_id = config.id;
    m_nameEdit->setText(config.name);
    m_hostEdit->setText(config.host);
    m_portSpin->setValue(config.port);
    m_statusCheck->setChecked(config.statusEnabled);
    m_statusPortSpin->setValue(config.statusPort);
    m_codeEdit->setText(accessCode);
    m_serialEdit->setText(config.serial);
    m_caFileEdit->setText(config.caFile);
    m_pinnedFingerprint = config.certificateFingerprint;
    m_timelapseCombo->setCurrentIndex(
        m_timelapseCombo->findData(static_cast<int>(config.timelapse)));
    m_model = config.model;
    m_modelSerial = config.serial;
    m_modelPickedByHand = false;
    showModel(config.model);
    m_cameraUrlEdit->setText(config.cameraUrl.toString());
    m_cameraUserEdit->setText(config.cameraUser);
    // Shown as stored; the port was the stored one's already.
    m_shownKind = config.effectiveCameraKind();
    m_cameraKindCombo->setCurrentIndex(
        m_cameraKindCombo->findData(static_cast<int>(config.cameraKind)));
    onCameraKindChanged();
    updateCertificateHint();
    m_revealAction->setChecked(false);
    // Stored values are the user's own: show what is wrong with them straight away.
    m_touched.fill(true);
    setWindowTitle(isEditMode() ? tr("Edit printer") : tr("Add printer"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(isEditMode() ? tr("Save") : tr("Add"));
    m_testPanel->clearResult();
    validate();
    updateDiscoveredPrinters();
}

void PrinterDialog::setTimelapseDefault(bool enabled)
{
    m_timelapseCombo->setItemText(
        0, enabled ? tr("Like Preferences (on)") : tr("Like Preferences (off)"));
}

PrinterConfig PrinterDialog::config() const
{
    PrinterConfig config;
    config.id = m_id;
    config.name = m_nameEdit->text().trimmed();
    config.host = m_hostEdit->text().trimmed();
    config.port = static_cast<quint16>(m_portSpin->value());
    config.statusEnabled = m_statusCheck->isChecked();
    // Kept while off, so that switching status back on later finds the port the user chose.
    config.statusPort = static_cast<quint16>(m_statusPortSpin->value());
    config.serial = m_serialEdit->text().trimmed();
    config.model = currentModel();
    config.cameraKind = chosenCameraKind();
    if (m_shownKind == PrinterConfig::CameraKind::MjpegHttp) {
        config.cameraUrl = QUrl(m_cameraUrlEdit->text().trimmed());
        config.cameraUser = m_cameraUserEdit->text().trimmed();
    }
    config.caFile = m_caFileEdit->text().trimmed();
    // The pin belongs to the printer, not to its address: it survives an edit. The user replaces
    // it through "Certificate changed", never by accident here.
    config.certificateFingerprint = m_pinnedFingerprint;
    config.timelapse
        = static_cast<PrinterConfig::TimelapseChoice>(m_timelapseCombo->currentData().toInt());
    return config;
}

QString PrinterDialog::accessCode() const
{
    return m_codeEdit->text();
}

QString PrinterDialog::errorFor(Field field) const
{
    const bool stream = m_shownKind == PrinterConfig::CameraKind::MjpegHttp;
    switch (field) {
    case Field::CameraUrl: {
        if (!stream)
            return {};
        const QString text = m_cameraUrlEdit->text().trimmed();
        const QString error = PrinterConfig::cameraUrlError(QUrl(text));
        if (!error.isEmpty())
            return error;
        PrinterConfig::Overlap overlap = PrinterConfig::Overlap::None;
        const qsizetype existing = overlappingPrinter(&overlap);
        return existing < 0 ? QString()
                            : PrinterConfig::overlapError(overlap, m_existing.at(existing).name);
    }
    case Field::Host:
    case Field::Port:
    case Field::StatusPort:
    case Field::Serial:
        if (stream)
            return {}; // not asked for: the URL says where
        break;
    case Field::AccessCode:
        if (stream)
            return PrinterConfig::streamSecretError(m_codeEdit->text());
        break;
    case Field::Name:
    case Field::CaFile:
        break;
    }
    switch (field) {
    case Field::CameraUrl:
        return {};
    case Field::Name:
        return PrinterConfig::nameError(m_nameEdit->text());
    case Field::Host:
    case Field::Serial: {
        const QString error = field == Field::Host
            ? PrinterConfig::hostError(m_hostEdit->text().trimmed())
            : PrinterConfig::serialError(m_serialEdit->text().trimmed());
        if (!error.isEmpty())
            return error;
        // The same printer twice: said under the address (same camera) or the serial number.
        PrinterConfig::Overlap overlap = PrinterConfig::Overlap::None;
        const qsizetype existing = overlappingPrinter(&overlap);
        const auto fieldOf
            = overlap == PrinterConfig::Overlap::SameSerial ? Field::Serial : Field::Host;
        if (existing < 0 || fieldOf != field)
            return {};
        return PrinterConfig::overlapError(overlap, m_existing.at(existing).name);
    }
    case Field::Port:
        // While the text is half typed ("", "0") the spin box still holds the previous value.
        if (!m_portSpin->hasAcceptableInput())
            return PrinterConfig::portError(0);
        return PrinterConfig::portError(m_portSpin->value());
    case Field::StatusPort:
        if (!m_statusCheck->isChecked())
            return {};
        if (!m_statusPortSpin->hasAcceptableInput())
            return PrinterConfig::portError(0);
        return PrinterConfig::portError(m_statusPortSpin->value());
    case Field::AccessCode:
        return PrinterConfig::accessCodeError(m_codeEdit->text());
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
    return m_testPanel->isRunning();
}

void PrinterDialog::setTestTimeouts(const CameraSource::Timeouts &timeouts)
{
    m_testPanel->setTimeouts(timeouts);
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
        {Field::Name, m_nameMessage},       {Field::Host, m_hostMessage},
        {Field::Port, m_portMessage},       {Field::StatusPort, m_statusPortMessage},
        {Field::AccessCode, m_codeMessage}, {Field::Serial, m_serialMessage},
        {Field::CaFile, m_caFileMessage},   {Field::CameraUrl, m_cameraUrlMessage},
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

    // Adding a printer that is already there: editing that one is what the user wants.
    const qsizetype existing = isEditMode() ? -1 : overlappingPrinter();
    m_existingId = existing >= 0 ? m_existing.at(existing).id : QUuid();
    if (existing >= 0) {
        // A name's own '&' must not turn into a mnemonic.
        QString name = m_existing.at(existing).name;
        name.replace(QLatin1Char('&'), QLatin1String("&&"));
        m_editExistingButton->setText(tr("Ed&it “%1” instead").arg(name));
        m_editExistingButton->setToolTip(PrinterConfig::overlapReason());
    }
    m_editExistingButton->setVisible(existing >= 0);

    const bool endpointValid = errorFor(Field::Host).isEmpty() && errorFor(Field::Port).isEmpty()
        && errorFor(Field::AccessCode).isEmpty() && errorFor(Field::CameraUrl).isEmpty();
    m_testPanel->setTestAvailable(endpointValid);
}

void PrinterDialog::revealAllErrors()
{
    m_touched.fill(true);
    validate();
    const std::pair<Field, QWidget *> editors[] = {
        {Field::Name, m_nameEdit},       {Field::Host, m_hostEdit},
        {Field::Port, m_portSpin},       {Field::StatusPort, m_statusPortSpin},
        {Field::AccessCode, m_codeEdit}, {Field::Serial, m_serialEdit},
        {Field::CaFile, m_caFileEdit},   {Field::CameraUrl, m_cameraUrlEdit},
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
    m_testPanel->clearResult();
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
    if (!m_testPanel->isTestAvailable())
        return;
    qCInfo(lcPrinterDialog) << "testing the camera at" << m_hostEdit->text().trimmed()
                            << m_portSpin->value();
    // An automatic camera of an unknown model: the test finds out which kind it is.
    PrinterConfig::CameraKind kind = m_shownKind;
    if (chosenCameraKind() == PrinterConfig::CameraKind::Automatic
        && PrinterConfig::cameraKindForModel(currentModel())
            == PrinterConfig::CameraKind::Automatic)
        kind = PrinterConfig::CameraKind::Automatic;
    m_testPanel->start(endpoint(), kind);
}

void PrinterDialog::cancelConnectionTest()
{
    m_testPanel->cancel();
}

void PrinterDialog::done(int result)
{
    if (result == QDialog::Accepted && !isValid()) {
        revealAllErrors();
        return;
    }
    m_testPanel->stop();
    QDialog::done(result);
}

CameraEndpoint PrinterDialog::endpoint() const
{
    // The printer's own rule, its pin or CA file included: a test sends the access code only where
    // the camera itself would.
    return Printer::cameraEndpointFor(config(), accessCode());
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

bool PrinterDialog::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_discoveredList && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        const bool enter = key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter;
        const Qt::KeyboardModifiers modifiers = key->modifiers() & ~Qt::KeypadModifier;
        QTreeWidgetItem *item = m_discoveredList->currentItem();
        // Enter on a printer chooses it, and must not also press OK on a half-filled form.
        if (enter && modifiers == Qt::NoModifier && item && (item->flags() & Qt::ItemIsEnabled)) {
            chooseDiscoveredPrinter(item);
            return true;
        }
    }
    if (m_scrollArea
        && ((watched == m_scrollArea->widget() && event->type() == QEvent::LayoutRequest)
            || (watched == m_scrollArea->viewport() && event->type() == QEvent::Resize)))
        fitToScreen();
    return QDialog::eventFilter(watched, event);
}

bool PrinterDialog::event(QEvent *event)
{
    const bool handled = QDialog::event(event);
    // The layout has just sized the dialog (it handles the request before the dialog does).
    if (event->type() == QEvent::LayoutRequest)
        fitToScreen();
    return handled;
}

void PrinterDialog::setAvailableSize(const QSize &size)
{
    m_availableSize = size;
    fitToScreen();
}

QSize PrinterDialog::availableSize() const
{
    if (m_availableSize.isValid())
        return m_availableSize;
    const QScreen *screen = parentWidget() ? parentWidget()->screen() : this->screen();
    if (!screen)
        return {};
    // Room for the frame the desktop puts around the window (as PreferencesDialog leaves).
    return screen->availableGeometry().size() - QSize(16, 40);
}

void PrinterDialog::fitToScreen()
{
    // The page is as tall as its wrapped hints need at its width, so nothing scrolls and no hint
    // loses its second line: when the discovered printers' list takes room, or a hint gets
    // longer. It shrinks again with the text, or the room left over would open gaps between the
    // sections. Only what does not fit the screen scrolls, and the buttons stay on it.
    QLayout *top = layout();
    QWidget *page = m_scrollArea ? m_scrollArea->widget() : nullptr;
    if (!top || !page || !page->layout())
        return;
    QLayout *pageLayout = page->layout();
    const int pageWidth
        = std::max(pageLayout->totalMinimumSize().width(), m_scrollArea->viewport()->width());
    const int needed = pageLayout->hasHeightForWidth() ? pageLayout->totalHeightForWidth(pageWidth)
                                                       : pageLayout->totalSizeHint().height();

    int height = needed;
    bool scrolls = false;
    if (const QSize available = availableSize(); available.isValid()) {
        const QMargins margins = top->contentsMargins();
        const int buttons = margins.top() + kButtonsGap + 2 * std::max(0, top->spacing())
            + m_buttons->sizeHint().height() + margins.bottom();
        const int room = std::max(kSmallestPageHeight, available.height() - buttons);
        scrolls = needed > room;
        height = std::min(needed, room);
    }
    const int scrollBar = scrolls ? style()->pixelMetric(QStyle::PM_ScrollBarExtent) : 0;
    m_scrollArea->setMinimumWidth(pageLayout->totalMinimumSize().width() + scrollBar);
    m_scrollArea->setFixedHeight(height);
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
