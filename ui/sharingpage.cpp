#include "sharingpage.h"

#include "formmessage.h"
#include "preferencesform.h"
#include "sharingcontroller.h"

#include "share/shareserver.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHostAddress>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QSslCertificate>
#include <QVBoxLayout>

using PreferencesForm::normalizedPath;
using PreferencesForm::sectionTitle;

namespace {

const QString kLoopback = QStringLiteral("127.0.0.1");
const QString kEverywhere = QStringLiteral("0.0.0.0");

// The first few KB of a PEM file: enough to tell what it holds.
QByteArray head(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    return file.read(64 * 1024);
}

QString fileProblem(const QString &path, const QString &what)
{
    const QFileInfo info(path);
    if (QDir::isRelativePath(path))
        return SharingPage::tr("Enter the full path of the %1.").arg(what);
    if (!info.exists())
        return SharingPage::tr("The %1 %2 does not exist.")
            .arg(what, QDir::toNativeSeparators(path));
    if (!info.isFile())
        return SharingPage::tr("The %1 %2 is not a file.")
            .arg(what, QDir::toNativeSeparators(path));
    return {};
}

// Where a file dialog opens: beside the file named, else in the home folder.
QString startFolder(const QString &text)
{
    const QString path = normalizedPath(text);
    return path.isEmpty() ? QDir::homePath() : QFileInfo(path).path();
}

} // namespace

SharingPage::SharingPage(AppSettings *settings, SharingController *sharing, QWidget *parent)
    : QWidget(parent)
    , m_settings(settings)
    , m_sharing(sharing)
    , m_enabledCheck(new QCheckBox(tr("&Share the cameras over HTTP"), this))
    , m_stateMessage(new FormMessage(this))
    , m_addressCombo(new QComboBox(this))
    , m_addressEdit(new QLineEdit(this))
    , m_addressMessage(new FormMessage(this))
    , m_portSpin(new QSpinBox(this))
    , m_tokenEdit(new QLineEdit(this))
    , m_showTokenButton(new QPushButton(tr("S&how"), this))
    , m_copyTokenButton(new QPushButton(tr("Cop&y"), this))
    , m_regenerateButton(new QPushButton(tr("Re&generate…"), this))
    , m_tokenMessage(new FormMessage(this))
    , m_certificateEdit(new QLineEdit(this))
    , m_certificateBrowse(new QPushButton(tr("Browse…"), this))
    , m_keyEdit(new QLineEdit(this))
    , m_keyBrowse(new QPushButton(tr("Browse…"), this))
    , m_httpsMessage(new FormMessage(this))
    , m_wallUrlEdit(new QLineEdit(this))
    , m_copyUrlButton(new QPushButton(tr("Copy &URL"), this))
    , m_copyUrlWithTokenButton(new QPushButton(tr("Copy link &with token"), this))
    , m_wallMessage(new FormMessage(this))
{
    setObjectName(QStringLiteral("sharingPage"));
    m_enabledCheck->setObjectName(QStringLiteral("sharingEnabledCheck"));
    m_stateMessage->setObjectName(QStringLiteral("sharingStateMessage"));
    auto *intro = new FormMessage(this);
    intro->showHint(tr("Home Assistant, OctoPrint, Node-RED, Frigate and web browsers can show the "
                       "cameras through FarmCam, which keeps the one connection to each printer."));

    m_addressCombo->setObjectName(QStringLiteral("sharingAddressCombo"));
    m_addressCombo->addItem(tr("This computer only (127.0.0.1)"), int(AddressChoice::Loopback));
    m_addressCombo->addItem(tr("Every network interface"), int(AddressChoice::Everywhere));
    m_addressCombo->addItem(tr("A specific address"), int(AddressChoice::Specific));
    m_addressEdit->setObjectName(QStringLiteral("sharingAddressEdit"));
    m_addressEdit->setPlaceholderText(tr("e.g. 192.168.1.20"));
    m_addressEdit->setAccessibleName(tr("Specific address"));
    m_addressMessage->setObjectName(QStringLiteral("sharingAddressMessage"));
    m_portSpin->setObjectName(QStringLiteral("sharingPortSpin"));
    m_portSpin->setRange(0, 65535);
    m_portSpin->setSpecialValueText(tr("Any free port"));
    m_portSpin->setAccessibleName(tr("Port"));

    m_tokenEdit->setObjectName(QStringLiteral("sharingTokenEdit"));
    m_tokenEdit->setReadOnly(true);
    m_tokenEdit->setEchoMode(QLineEdit::Password);
    m_tokenEdit->setAccessibleName(tr("Token"));
    m_tokenEdit->setFocusPolicy(Qt::ClickFocus); // the buttons under it do what it is for
    m_tokenEdit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_showTokenButton->setObjectName(QStringLiteral("showTokenButton"));
    m_copyTokenButton->setObjectName(QStringLiteral("copyTokenButton"));
    m_copyTokenButton->setToolTip(tr("Puts the token on the clipboard, e.g. for a Bearer header"));
    m_regenerateButton->setObjectName(QStringLiteral("regenerateTokenButton"));
    m_regenerateButton->setToolTip(tr("A new token: every URL and link copied before stops "
                                      "working"));
    m_tokenMessage->setObjectName(QStringLiteral("sharingTokenMessage"));

    m_certificateEdit->setObjectName(QStringLiteral("sharingCertificateEdit"));
    m_certificateEdit->setPlaceholderText(tr("PEM file; empty for plain HTTP"));
    m_certificateBrowse->setObjectName(QStringLiteral("sharingCertificateBrowse"));
    m_certificateBrowse->setAccessibleName(tr("Browse for the certificate"));
    m_keyEdit->setObjectName(QStringLiteral("sharingKeyEdit"));
    m_keyEdit->setPlaceholderText(tr("PEM file, not encrypted"));
    m_keyBrowse->setObjectName(QStringLiteral("sharingKeyBrowse"));
    m_keyBrowse->setAccessibleName(tr("Browse for the private key"));
    m_httpsMessage->setObjectName(QStringLiteral("sharingHttpsMessage"));

    m_wallUrlEdit->setObjectName(QStringLiteral("sharingWallUrlEdit"));
    m_wallUrlEdit->setReadOnly(true);
    m_wallUrlEdit->setAccessibleName(tr("Web wall address"));
    m_wallUrlEdit->setFocusPolicy(Qt::ClickFocus);
    m_copyUrlButton->setObjectName(QStringLiteral("copyWallUrlButton"));
    m_copyUrlButton->setToolTip(tr("The address without the token: the page asks for it"));
    m_copyUrlWithTokenButton->setObjectName(QStringLiteral("copyWallUrlWithTokenButton"));
    m_copyUrlWithTokenButton->setToolTip(
        tr("For a wall display: the link opens the wall without asking.\nIt contains the token: "
           "anyone who has the link can watch every camera. Do not post or mail it."));
    m_wallMessage->setObjectName(QStringLiteral("sharingWallMessage"));
    m_wallMessage->showHint(tr("The link with the token opens the wall without asking for it: "
                               "for a wall display you trust."));

    for (QPushButton *button :
         {m_showTokenButton, m_copyTokenButton, m_regenerateButton, m_certificateBrowse,
          m_keyBrowse, m_copyUrlButton, m_copyUrlWithTokenButton})
        button->setAutoDefault(false);

    connect(m_addressCombo, &QComboBox::currentIndexChanged, this, &SharingPage::validate);
    connect(m_addressEdit, &QLineEdit::textChanged, this, &SharingPage::validate);
    connect(m_certificateEdit, &QLineEdit::textChanged, this, &SharingPage::validate);
    connect(m_keyEdit, &QLineEdit::textChanged, this, &SharingPage::validate);
    connect(m_enabledCheck, &QCheckBox::toggled, this, &SharingPage::updateState);
    connect(m_showTokenButton, &QPushButton::clicked, this, &SharingPage::toggleTokenShown);
    connect(m_copyTokenButton, &QPushButton::clicked, this, &SharingPage::copyToken);
    connect(m_regenerateButton, &QPushButton::clicked, this, &SharingPage::regenerateToken);
    connect(m_certificateBrowse, &QPushButton::clicked, this, &SharingPage::browseCertificate);
    connect(m_keyBrowse, &QPushButton::clicked, this, &SharingPage::browseKey);
    connect(m_copyUrlButton, &QPushButton::clicked, this, &SharingPage::copyWallUrl);
    connect(m_copyUrlWithTokenButton, &QPushButton::clicked, this,
            &SharingPage::copyWallUrlWithToken);
    connect(m_sharing, &SharingController::stateChanged, this, &SharingPage::updateState);
    connect(m_sharing, &SharingController::viewerCountChanged, this, &SharingPage::updateState);

    // Layout: as the general page, bold section titles over indented rows.
    constexpr int kIndent = 14;
    auto *grid = new QGridLayout;
    grid->setHorizontalSpacing(10);
    grid->setVerticalSpacing(6);
    grid->setColumnMinimumWidth(0, kIndent);
    grid->setColumnStretch(2, 1);
    int row = 0;
    const auto addSection = [grid, &row, this](const QString &title) {
        if (row > 0)
            grid->setRowMinimumHeight(row++, 10);
        grid->addWidget(sectionTitle(title, this), row++, 0, 1, 3);
    };
    const auto buttons = [](std::initializer_list<QWidget *> widgets) {
        auto *layout = new QHBoxLayout;
        for (QWidget *widget : widgets)
            layout->addWidget(widget);
        layout->addStretch(1);
        return layout;
    };
    const auto line = [](std::initializer_list<QWidget *> widgets, int stretchFirst = 1) {
        auto *layout = new QHBoxLayout;
        bool first = true;
        for (QWidget *widget : widgets) {
            layout->addWidget(widget, first ? stretchFirst : 0);
            first = false;
        }
        return layout;
    };

    grid->addWidget(m_enabledCheck, row++, 0, 1, 3);
    grid->addWidget(m_stateMessage, row++, 1, 1, 2);
    grid->addWidget(intro, row++, 1, 1, 2);

    addSection(tr("Where"));
    auto *addressLabel = new QLabel(tr("Listen o&n:"), this);
    addressLabel->setBuddy(m_addressCombo);
    grid->addWidget(addressLabel, row, 1);
    grid->addLayout(line({m_addressCombo, m_addressEdit}, 0), row++, 2);
    grid->addWidget(m_addressMessage, row++, 2);
    auto *portLabel = new QLabel(tr("Por&t:"), this);
    portLabel->setBuddy(m_portSpin);
    auto *portLine = new QHBoxLayout;
    portLine->addWidget(m_portSpin);
    portLine->addStretch(1);
    grid->addWidget(portLabel, row, 1);
    grid->addLayout(portLine, row++, 2);

    addSection(tr("Token"));
    auto *tokenLabel = new QLabel(tr("Token:"), this);
    grid->addWidget(tokenLabel, row, 1);
    // The token is long: its own line, the buttons under it.
    grid->addWidget(m_tokenEdit, row++, 2);
    grid->addLayout(buttons({m_showTokenButton, m_copyTokenButton, m_regenerateButton}), row++, 2);
    grid->addWidget(m_tokenMessage, row++, 2);

    addSection(tr("HTTPS (optional)"));
    auto *certificateLabel = new QLabel(tr("C&ertificate:"), this);
    certificateLabel->setBuddy(m_certificateEdit);
    grid->addWidget(certificateLabel, row, 1);
    grid->addLayout(line({m_certificateEdit, m_certificateBrowse}), row++, 2);
    auto *keyLabel = new QLabel(tr("Pri&vate key:"), this);
    keyLabel->setBuddy(m_keyEdit);
    grid->addWidget(keyLabel, row, 1);
    grid->addLayout(line({m_keyEdit, m_keyBrowse}), row++, 2);
    grid->addWidget(m_httpsMessage, row++, 2);

    addSection(tr("Web wall"));
    auto *wallLabel = new QLabel(tr("Address:"), this);
    grid->addWidget(wallLabel, row, 1);
    grid->addWidget(m_wallUrlEdit, row++, 2);
    grid->addLayout(buttons({m_copyUrlButton, m_copyUrlWithTokenButton}), row++, 2);
    grid->addWidget(m_wallMessage, row++, 2);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(grid);
    layout->addStretch(1);

    setTabOrder(m_enabledCheck, m_addressCombo);
    setTabOrder(m_addressCombo, m_addressEdit);
    setTabOrder(m_addressEdit, m_portSpin);
    setTabOrder(m_portSpin, m_showTokenButton);
    setTabOrder(m_showTokenButton, m_copyTokenButton);
    setTabOrder(m_copyTokenButton, m_regenerateButton);
    setTabOrder(m_regenerateButton, m_certificateEdit);
    setTabOrder(m_certificateEdit, m_certificateBrowse);
    setTabOrder(m_certificateBrowse, m_keyEdit);
    setTabOrder(m_keyEdit, m_keyBrowse);
    setTabOrder(m_keyBrowse, m_copyUrlButton);
    setTabOrder(m_copyUrlButton, m_copyUrlWithTokenButton);

    load();
}

SharingPage::~SharingPage() = default;

QWidget *SharingPage::firstField() const
{
    return m_enabledCheck;
}

QWidget *SharingPage::lastField() const
{
    return m_copyUrlWithTokenButton;
}

QList<AppSettings::Key> SharingPage::keys()
{
    using Key = AppSettings::Key;
    return {Key::SharingEnabled, Key::SharingAddress, Key::SharingPort, Key::SharingCertificateFile,
            Key::SharingKeyFile};
}

void SharingPage::load()
{
    using Key = AppSettings::Key;
    m_enabledCheck->setChecked(m_settings->sharingEnabled());
    setAddress(m_settings->value(Key::SharingAddress).toString());
    m_portSpin->setValue(qBound(0, m_settings->value(Key::SharingPort).toInt(), 65535));
    m_certificateEdit->setText(
        QDir::toNativeSeparators(m_settings->value(Key::SharingCertificateFile).toString()));
    m_keyEdit->setText(QDir::toNativeSeparators(m_settings->value(Key::SharingKeyFile).toString()));
    validate();
    updateState();
}

void SharingPage::restoreDefaults()
{
    using Key = AppSettings::Key;
    m_enabledCheck->setChecked(AppSettings::defaultValue(Key::SharingEnabled).toBool());
    setAddress(AppSettings::defaultValue(Key::SharingAddress).toString());
    m_portSpin->setValue(AppSettings::defaultValue(Key::SharingPort).toInt());
    m_certificateEdit->setText(AppSettings::defaultValue(Key::SharingCertificateFile).toString());
    m_keyEdit->setText(AppSettings::defaultValue(Key::SharingKeyFile).toString());
    validate();
}

void SharingPage::save(const Writer &write) const
{
    using Key = AppSettings::Key;
    write(Key::SharingEnabled, m_enabledCheck->isChecked());
    write(Key::SharingAddress, address());
    write(Key::SharingPort, m_portSpin->value());
    write(Key::SharingCertificateFile, normalizedPath(m_certificateEdit->text()));
    write(Key::SharingKeyFile, normalizedPath(m_keyEdit->text()));
}

void SharingPage::setAddress(const QString &address)
{
    const QHostAddress parsed(address);
    AddressChoice choice = AddressChoice::Specific;
    if (parsed == QHostAddress(QHostAddress::LocalHost))
        choice = AddressChoice::Loopback;
    else if (parsed == QHostAddress(QHostAddress::AnyIPv4) || parsed == QHostAddress::AnyIPv6)
        choice = AddressChoice::Everywhere;
    m_addressCombo->setCurrentIndex(m_addressCombo->findData(int(choice)));
    m_addressEdit->setText(choice == AddressChoice::Specific ? address : QString());
}

QString SharingPage::address() const
{
    switch (AddressChoice(m_addressCombo->currentData().toInt())) {
    case AddressChoice::Loopback:
        return kLoopback;
    case AddressChoice::Everywhere:
        return kEverywhere;
    case AddressChoice::Specific:
        break;
    }
    const QHostAddress parsed(m_addressEdit->text().trimmed());
    return parsed.isNull() ? m_addressEdit->text().trimmed() : parsed.toString();
}

QString SharingPage::addressError(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return tr("Enter the IP address to listen on, e.g. 192.168.1.20.");
    const QHostAddress address(trimmed);
    if (address.isNull())
        return tr("“%1” is not an IP address (a name such as “localhost” is not enough).")
            .arg(trimmed);
    if (address.isMulticast() || address.isBroadcast())
        return tr("A server cannot listen on a multicast or broadcast address.");
    return {};
}

QString SharingPage::httpsFilesError(const QString &certificateFile, const QString &keyFile)
{
    const QString certificate = normalizedPath(certificateFile);
    const QString key = normalizedPath(keyFile);
    if (certificate.isEmpty() && key.isEmpty())
        return {};
    if (certificate.isEmpty())
        return tr("HTTPS needs the certificate too, or leave both empty for plain HTTP.");
    if (key.isEmpty())
        return tr("HTTPS needs the private key too, or leave both empty for plain HTTP.");
    const QString certificateWord = tr("certificate file");
    const QString keyWord = tr("private key file");
    if (QString problem = fileProblem(certificate, certificateWord); !problem.isEmpty())
        return problem;
    if (QString problem = fileProblem(key, keyWord); !problem.isEmpty())
        return problem;

    QString error;
    const QByteArray certificateBytes = head(certificate, &error);
    if (!error.isEmpty())
        return tr("The certificate file cannot be read: %1.").arg(error);
    if (QSslCertificate::fromData(certificateBytes, QSsl::Pem).isEmpty())
        return tr("The certificate file holds no PEM certificate (“-----BEGIN CERTIFICATE-----”).");
    const QByteArray keyBytes = head(key, &error);
    if (!error.isEmpty())
        return tr("The private key file cannot be read: %1.").arg(error);
    if (keyBytes.contains("ENCRYPTED"))
        return tr("The private key is encrypted; FarmCam needs it without a passphrase.");
    if (!keyBytes.contains("PRIVATE KEY-----"))
        return tr("The private key file holds no PEM private key (“-----BEGIN PRIVATE KEY-----”).");
    // Whether the two belong together is checked when the server starts, with words.
    return {};
}

void SharingPage::validate()
{
    const auto choice = AddressChoice(m_addressCombo->currentData().toInt());
    m_addressEdit->setEnabled(choice == AddressChoice::Specific);
    bool valid = true;
    const bool https
        = !m_certificateEdit->text().trimmed().isEmpty() || !m_keyEdit->text().trimmed().isEmpty();

    const QString addressProblem
        = choice == AddressChoice::Specific ? addressError(m_addressEdit->text()) : QString();
    if (!addressProblem.isEmpty()) {
        m_addressMessage->showError(addressProblem);
        valid = false;
    } else if (choice == AddressChoice::Loopback || QHostAddress(address()).isLoopback()) {
        m_addressMessage->showHint(tr("Only programs on this computer can connect."));
    } else if (https) {
        m_addressMessage->showHint(tr("Other computers on your network can connect; each needs "
                                      "the token."));
    } else {
        m_addressMessage->showHint(tr("Other computers on your network can connect; each needs "
                                      "the token, which crosses the network readable without "
                                      "HTTPS."));
    }

    const QString httpsProblem = httpsFilesError(m_certificateEdit->text(), m_keyEdit->text());
    if (!httpsProblem.isEmpty()) {
        m_httpsMessage->showError(httpsProblem);
        valid = false;
    } else if (https) {
        m_httpsMessage->showHint(tr("Served over HTTPS: the URLs begin with https://."));
    } else {
        m_httpsMessage->clearMessage();
    }

    if (valid != m_valid) {
        m_valid = valid;
        emit validityChanged(valid);
    }
}

void SharingPage::updateState()
{
    const bool running = m_sharing->isRunning();
    switch (m_sharing->state()) {
    case SharingController::State::Running: {
        const int viewers = m_sharing->viewerCount();
        const QString address = m_sharing->url().toString();
        QString text = viewers == 0 ? tr("Running at %1 · no viewers").arg(address)
            : viewers == 1          ? tr("Running at %1 · 1 viewer").arg(address)
                                    : tr("Running at %1 · %2 viewers").arg(address).arg(viewers);
        if (!m_enabledCheck->isChecked())
            text = tr("%1 — OK stops it.").arg(text);
        m_stateMessage->showMessage(FormMessage::Kind::Success, text);
        break;
    }
    case SharingController::State::Failed:
        m_stateMessage->showError(tr("Not running: %1").arg(m_sharing->errorMessage()));
        break;
    case SharingController::State::Off:
        m_stateMessage->showHint(m_enabledCheck->isChecked() ? tr("Not running yet: OK starts it.")
                                                             : tr("Not running."));
        break;
    }
    m_wallUrlEdit->setText(running ? m_sharing->url().toString() : QString());
    m_wallUrlEdit->setPlaceholderText(tr("Shown while sharing runs"));
    m_copyUrlButton->setEnabled(running);
    m_copyUrlWithTokenButton->setEnabled(running);
}

void SharingPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // The token is made the first time someone looks at sharing: the page shows it masked.
    if (!m_tokenLoaded)
        loadToken();
}

bool SharingPage::loadToken()
{
    QString error;
    const QString token = m_sharing->token(&error);
    if (token.isEmpty()) {
        m_tokenMessage->showError(tr("The token could not be kept: %1").arg(error));
        return false;
    }
    m_tokenEdit->setText(token);
    m_tokenEdit->setCursorPosition(0);
    m_tokenLoaded = true;
    return true;
}

void SharingPage::toggleTokenShown()
{
    if (!m_tokenLoaded && !loadToken())
        return;
    const bool show = m_tokenEdit->echoMode() == QLineEdit::Password;
    m_tokenEdit->setEchoMode(show ? QLineEdit::Normal : QLineEdit::Password);
    m_showTokenButton->setText(show ? tr("&Hide") : tr("S&how"));
}

void SharingPage::copyToClipboard(const QString &text, FormMessage *where,
                                  const QString &confirmation)
{
    QApplication::clipboard()->setText(text);
    where->showMessage(FormMessage::Kind::Success, confirmation);
}

void SharingPage::copyToken()
{
    if (!m_tokenLoaded && !loadToken())
        return;
    copyToClipboard(m_tokenEdit->text(), m_tokenMessage, tr("Token copied."));
}

void SharingPage::regenerateToken()
{
    auto *box = new QMessageBox(this);
    box->setObjectName(QStringLiteral("regenerateTokenQuestion"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setIcon(QMessageBox::Warning);
    box->setWindowTitle(tr("Regenerate token"));
    box->setText(tr("Make a new sharing token?"));
    box->setInformativeText(tr("Every URL and link copied before stops working, and viewers "
                               "watching now are disconnected. Home Assistant, OctoPrint and "
                               "wall displays need the new URLs."));
    QPushButton *regenerate = box->addButton(tr("&Regenerate"), QMessageBox::DestructiveRole);
    regenerate->setObjectName(QStringLiteral("regenerateButton"));
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(QMessageBox::Cancel); // a stray Enter must not break every URL
    box->setEscapeButton(QMessageBox::Cancel);
    connect(box, &QMessageBox::finished, this, [this, box, regenerate] {
        if (box->clickedButton() != regenerate)
            return;
        QString error;
        const QString token = m_sharing->regenerateToken(&error);
        if (token.isEmpty()) {
            m_tokenMessage->showError(tr("No new token: %1").arg(error));
            return;
        }
        m_tokenEdit->setText(token);
        m_tokenEdit->setCursorPosition(0);
        m_tokenLoaded = true;
        m_tokenMessage->showMessage(FormMessage::Kind::Success,
                                    tr("New token made: copy the URLs again."));
    });
    box->open();
}

void SharingPage::copyWallUrl()
{
    const QUrl url = m_sharing->url();
    if (url.isEmpty())
        return;
    copyToClipboard(url.toString(), m_wallMessage, tr("Address copied (without the token)."));
}

void SharingPage::copyWallUrlWithToken()
{
    const QUrl url = m_sharing->wallUrlWithToken();
    if (url.isEmpty())
        return;
    copyToClipboard(url.toString(QUrl::FullyEncoded), m_wallMessage,
                    tr("Link copied. It contains the token: keep it to your wall display."));
}

void SharingPage::browseCertificate()
{
    const QString file = QFileDialog::getOpenFileName(
        this, tr("Certificate for HTTPS"), startFolder(m_certificateEdit->text()),
        tr("PEM certificates (*.pem *.crt *.cer);;All files (*)"));
    if (!file.isEmpty())
        m_certificateEdit->setText(QDir::toNativeSeparators(file));
}

void SharingPage::browseKey()
{
    const QString start
        = m_keyEdit->text().trimmed().isEmpty() ? m_certificateEdit->text() : m_keyEdit->text();
    const QString file
        = QFileDialog::getOpenFileName(this, tr("Private key for HTTPS"), startFolder(start),
                                       tr("PEM keys (*.pem *.key);;All files (*)"));
    if (!file.isEmpty())
        m_keyEdit->setText(QDir::toNativeSeparators(file));
}
