#include "preferencesdialog.h"

#include "formmessage.h"
#include "preferencesform.h"
#include "recordingspage.h"
#include "sharingcontroller.h"
#include "sharingpage.h"

#include "model/appsettings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QStyle>
#include <QTabWidget>
#include <QVBoxLayout>

#include <utility>

using PreferencesForm::normalizedPath;
using PreferencesForm::sectionTitle;

namespace {

QString folderError(const QString &path)
{
    if (path.isEmpty())
        return PreferencesDialog::tr("Choose a folder for the snapshots.");
    if (QDir::isRelativePath(path))
        return PreferencesDialog::tr("Enter the full path of the folder, e.g. %1.")
            .arg(QDir::toNativeSeparators(QDir::homePath() + QLatin1String("/Pictures/FarmCam")));
    const QFileInfo info(path);
    if (info.exists() && !info.isDir())
        return PreferencesDialog::tr("This is a file, not a folder.");
    if (info.exists() && !info.isWritable())
        return PreferencesDialog::tr("FarmCam cannot save files in this folder.");
    return {};
}

// A page in a scroll area without a frame: on a small screen the page scrolls, and the dialog
// still fits (fitToScreen()).
QScrollArea *scrolled(QWidget *page)
{
    auto *area = new QScrollArea;
    area->setObjectName(page->objectName() + QLatin1String("Scroll"));
    area->setFrameShape(QFrame::NoFrame);
    area->setFocusPolicy(Qt::NoFocus); // Tab goes to the fields; the area follows the focus
    area->setWidgetResizable(true);
    area->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    area->setWidget(page);
    page->setAutoFillBackground(false);
    area->viewport()->setAutoFillBackground(false);
    return area;
}

} // namespace

PreferencesDialog::PreferencesDialog(AppSettings *settings,
                                     const QString &credentialStoreDescription, bool trayAvailable,
                                     SharingController *sharing, QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_sharing(sharing)
    , m_trayAvailable(trayAvailable)
{
    setWindowTitle(tr("Preferences"));

    // Snapshots
    m_folderEdit = new QLineEdit(this);
    m_folderEdit->setObjectName(QStringLiteral("snapshotFolderEdit"));
    m_folderEdit->setClearButtonEnabled(false);
    m_browseButton = new QPushButton(tr("&Browse…"), this);
    m_browseButton->setObjectName(QStringLiteral("browseButton"));
    m_browseButton->setAutoDefault(false);
    m_folderMessage = new FormMessage(this);
    m_folderMessage->setObjectName(QStringLiteral("snapshotFolderMessage"));
    connect(m_folderEdit, &QLineEdit::textChanged, this, &PreferencesDialog::validateFolder);
    connect(m_browseButton, &QPushButton::clicked, this, &PreferencesDialog::browseSnapshotFolder);

    // Grid
    m_columnsCombo = new QComboBox(this);
    m_columnsCombo->setObjectName(QStringLiteral("gridColumnsCombo"));
    m_columnsCombo->addItem(tr("Automatic"), 0);
    for (int columns = 1; columns <= kMaxGridColumns; ++columns)
        m_columnsCombo->addItem(QString::number(columns), columns);
    auto *columnsHint = new FormMessage(this);
    columnsHint->showHint(tr("Automatic fits the tiles to the window."));

    // Tray and notifications
    m_keepInTrayCheck
        = new QCheckBox(tr("&Keep running in the system tray when the window is closed"), this);
    m_keepInTrayCheck->setObjectName(QStringLiteral("keepInTrayCheck"));
    m_finishedCheck = new QCheckBox(tr("A print &finishes"), this);
    m_finishedCheck->setObjectName(QStringLiteral("finishedCheck"));
    m_failedCheck = new QCheckBox(tr("A print f&ails"), this);
    m_failedCheck->setObjectName(QStringLiteral("failedCheck"));
    m_pausedCheck = new QCheckBox(tr("A printer &pauses a print for an error"), this);
    m_pausedCheck->setObjectName(QStringLiteral("pausedCheck"));
    m_notifyCheck = new QCheckBox(tr("A printer goes &offline or comes back"), this);
    m_notifyCheck->setObjectName(QStringLiteral("notifyCheck"));
    m_trayMessage = new FormMessage(this);
    m_trayMessage->setObjectName(QStringLiteral("trayMessage"));
    if (!m_trayAvailable) {
        // Notifications are shown by the tray icon: without a tray there are none either.
        m_keepInTrayCheck->setEnabled(false);
        for (QCheckBox *check : {m_finishedCheck, m_failedCheck, m_pausedCheck, m_notifyCheck})
            check->setEnabled(false);
        m_trayMessage->showHint(tr("Your desktop has no system tray: FarmCam quits when its "
                                   "window is closed and cannot show notifications."));
    }

    // Discovery
    m_discoveryCheck
        = new QCheckBox(tr("&Look for printers on the local network (UDP port 2021)"), this);
    m_discoveryCheck->setObjectName(QStringLiteral("discoveryCheck"));
    auto *discoveryHint = new FormMessage(this);
    discoveryHint->showHint(tr("Found printers are offered in Add Printer, and a printer whose "
                               "address changed is followed by its serial number."));

    // Access codes
    auto *credentials = new QLabel(credentialStoreDescription, this);
    credentials->setObjectName(QStringLiteral("credentialStoreLabel"));
    credentials->setWordWrap(true);
    credentials->setTextFormat(Qt::PlainText);
    credentials->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_saveMessage = new FormMessage(this);
    m_saveMessage->setObjectName(QStringLiteral("saveMessage"));

    m_buttons = new QDialogButtonBox(
        QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults, this);
    m_buttons->setObjectName(QStringLiteral("buttons"));
    QPushButton *defaults = m_buttons->button(QDialogButtonBox::RestoreDefaults);
    defaults->setText(tr("&Restore Defaults"));
    defaults->setAutoDefault(false);
    connect(defaults, &QPushButton::clicked, this, &PreferencesDialog::restoreDefaults);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &PreferencesDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    // Layout: bold section titles over indented rows, as desktop preference pages do.
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("pages"));
    m_tabs->setTabBarAutoHide(true); // one page needs no tab
    auto *general = new QWidget(m_tabs);
    general->setObjectName(QStringLiteral("generalPage"));
    constexpr int kIndent = 14;
    auto *grid = new QGridLayout(general);
    grid->setHorizontalSpacing(10);
    grid->setVerticalSpacing(6);
    grid->setColumnMinimumWidth(0, kIndent);
    grid->setColumnStretch(2, 1);
    grid->setColumnMinimumWidth(2, 400);
    int row = 0;
    const auto addSection = [grid, &row, general](const QString &title) {
        if (row > 0)
            grid->setRowMinimumHeight(row++, 10);
        grid->addWidget(sectionTitle(title, general), row++, 0, 1, 3);
    };

    addSection(tr("Snapshots"));
    auto *folderLabel = new QLabel(tr("Save &in:"), this);
    folderLabel->setBuddy(m_folderEdit);
    auto *folderLine = new QHBoxLayout;
    folderLine->addWidget(m_folderEdit, 1);
    folderLine->addWidget(m_browseButton);
    grid->addWidget(folderLabel, row, 1);
    grid->addLayout(folderLine, row++, 2);
    grid->addWidget(m_folderMessage, row++, 2);

    addSection(tr("Camera grid"));
    auto *columnsLabel = new QLabel(tr("&Columns:"), this);
    columnsLabel->setBuddy(m_columnsCombo);
    auto *columnsLine = new QHBoxLayout;
    columnsLine->setSpacing(10);
    columnsLine->addWidget(m_columnsCombo);
    columnsLine->addWidget(columnsHint, 1);
    grid->addWidget(columnsLabel, row, 1);
    grid->addLayout(columnsLine, row++, 2);

    addSection(tr("System tray"));
    grid->addWidget(m_keepInTrayCheck, row++, 1, 1, 2);
    grid->addWidget(m_trayMessage, row++, 1, 1, 2);

    addSection(tr("Notify me when"));
    for (QCheckBox *check : {m_finishedCheck, m_failedCheck, m_pausedCheck, m_notifyCheck})
        grid->addWidget(check, row++, 1, 1, 2);

    addSection(tr("Printer discovery"));
    grid->addWidget(m_discoveryCheck, row++, 1, 1, 2);
    grid->addWidget(discoveryHint, row++, 1, 1, 2);

    addSection(tr("Access codes"));
    grid->addWidget(credentials, row++, 1, 1, 2);
    grid->setRowStretch(row, 1);
    m_tabs->addTab(scrolled(general), tr("General"));
    m_recordingsPage = new RecordingsPage(m_settings, m_tabs);
    m_tabs->addTab(scrolled(m_recordingsPage), tr("Recordings"));

    if (m_sharing) {
        m_sharingPage = new SharingPage(m_settings, m_sharing, m_tabs);
        m_sharingTab = m_tabs->addTab(scrolled(m_sharingPage), tr("Sharing"));
        connect(m_sharingPage, &SharingPage::validityChanged, this,
                &PreferencesDialog::updateOkButton);
    }

    auto *layout = new QVBoxLayout(this);
    layout->setSizeConstraint(QLayout::SetMinAndMaxSize);
    layout->addWidget(m_tabs);
    layout->addSpacing(8);
    layout->addWidget(m_saveMessage);
    layout->addWidget(m_buttons);

    setTabOrder(m_folderEdit, m_browseButton);
    setTabOrder(m_browseButton, m_columnsCombo);
    setTabOrder(m_columnsCombo, m_keepInTrayCheck);
    setTabOrder(m_keepInTrayCheck, m_finishedCheck);
    setTabOrder(m_finishedCheck, m_failedCheck);
    setTabOrder(m_failedCheck, m_pausedCheck);
    setTabOrder(m_pausedCheck, m_notifyCheck);
    setTabOrder(m_notifyCheck, m_discoveryCheck);
    setTabOrder(m_discoveryCheck, m_recordingsPage->firstField());
    if (m_sharingPage) {
        setTabOrder(m_recordingsPage->lastField(), m_sharingPage->firstField());
        setTabOrder(m_sharingPage->lastField(), m_buttons);
    } else {
        setTabOrder(m_recordingsPage->lastField(), m_buttons);
    }

    load();
    fitToScreen();
}

PreferencesDialog::~PreferencesDialog() = default;

void PreferencesDialog::fitToScreen()
{
    // Each page as large as it wants to be, so nothing scrolls on a usual screen; on a small one
    // (a wall display's panel, a Raspberry Pi's touch screen) the pages give up size and scroll,
    // and the buttons stay on the screen.
    QList<QScrollArea *> areas;
    QSize natural;
    for (int i = 0; i < m_tabs->count(); ++i) {
        auto *area = qobject_cast<QScrollArea *>(m_tabs->widget(i));
        if (!area)
            continue;
        areas.append(area);
        QWidget *page = area->widget();
        const int width = page->sizeHint().expandedTo(page->minimumSizeHint()).width();
        // Wrapped hints are taller than their size hint says: ask for the height at that width.
        const int height
            = page->hasHeightForWidth() ? page->heightForWidth(width) : page->sizeHint().height();
        natural = natural.expandedTo(QSize(width, height));
    }
    const auto setPageSize = [this, &areas](const QSize &size) {
        for (QScrollArea *area : std::as_const(areas))
            area->setMinimumSize(size);
        m_tabs->updateGeometry(); // drops the layout's cached size of the tabs
        layout()->invalidate();
        layout()->activate();
    };
    setPageSize(natural);

    const QScreen *screen = parentWidget() ? parentWidget()->screen() : this->screen();
    if (!screen)
        return;
    // Room for the frame the desktop puts around the window.
    const QSize available = screen->availableGeometry().size() - QSize(16, 40);
    const QSize dialog = minimumSize();
    const int tooWide = dialog.width() - available.width();
    const int tooTall = dialog.height() - available.height();
    if (tooWide <= 0 && tooTall <= 0)
        return;
    QSize smaller = natural;
    if (tooTall > 0) {
        smaller.rheight() -= tooTall;
        smaller.rwidth() += style()->pixelMetric(QStyle::PM_ScrollBarExtent);
    }
    const int wider = dialog.width() + (smaller.width() - natural.width()) - available.width();
    if (wider > 0) {
        smaller.rwidth() -= wider;
        for (QScrollArea *area : std::as_const(areas))
            area->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    }
    setPageSize(smaller.expandedTo(QSize(240, 120)));
}

void PreferencesDialog::setCurrentPage(Page page)
{
    m_tabs->setCurrentIndex(page == Page::Sharing && m_sharingTab >= 0 ? m_sharingTab : 0);
}

PreferencesDialog::Page PreferencesDialog::currentPage() const
{
    return m_sharingTab >= 0 && m_tabs->currentIndex() == m_sharingTab ? Page::Sharing
                                                                       : Page::General;
}

void PreferencesDialog::load()
{
    m_folderEdit->setText(QDir::toNativeSeparators(m_settings->snapshotFolder()));
    const int columns = qBound(0, m_settings->gridColumns(), kMaxGridColumns);
    m_columnsCombo->setCurrentIndex(m_columnsCombo->findData(columns));
    m_keepInTrayCheck->setChecked(m_trayAvailable && m_settings->keepRunningInTray());
    m_notifyCheck->setChecked(m_trayAvailable && m_settings->notifyStateChanges());
    using Key = AppSettings::Key;
    m_finishedCheck->setChecked(m_trayAvailable
                                && m_settings->value(Key::AlertPrintFinished).toBool());
    m_failedCheck->setChecked(m_trayAvailable && m_settings->value(Key::AlertPrintFailed).toBool());
    m_pausedCheck->setChecked(m_trayAvailable && m_settings->value(Key::AlertPrintPaused).toBool());
    m_discoveryCheck->setChecked(m_settings->discoveryEnabled());
    validateFolder();
}

void PreferencesDialog::restoreDefaults()
{
    using Key = AppSettings::Key;
    m_folderEdit->setText(
        QDir::toNativeSeparators(AppSettings::defaultValue(Key::SnapshotFolder).toString()));
    m_columnsCombo->setCurrentIndex(
        m_columnsCombo->findData(AppSettings::defaultValue(Key::GridColumns).toInt()));
    m_keepInTrayCheck->setChecked(m_trayAvailable
                                  && AppSettings::defaultValue(Key::KeepRunningInTray).toBool());
    m_notifyCheck->setChecked(m_trayAvailable
                              && AppSettings::defaultValue(Key::NotifyStateChanges).toBool());
    m_finishedCheck->setChecked(m_trayAvailable
                                && AppSettings::defaultValue(Key::AlertPrintFinished).toBool());
    m_failedCheck->setChecked(m_trayAvailable
                              && AppSettings::defaultValue(Key::AlertPrintFailed).toBool());
    m_pausedCheck->setChecked(m_trayAvailable
                              && AppSettings::defaultValue(Key::AlertPrintPaused).toBool());
    m_discoveryCheck->setChecked(AppSettings::defaultValue(Key::DiscoveryEnabled).toBool());
    m_recordingsPage->restoreDefaults();
    if (m_sharingPage)
        m_sharingPage->restoreDefaults(); // the token stays: it is not a setting
    m_saveMessage->clearMessage();
}

void PreferencesDialog::browseSnapshotFolder()
{
    QString start = normalizedPath(m_folderEdit->text());
    // Open where the folder will be, or at its nearest existing parent.
    while (!start.isEmpty() && !QFileInfo(start).isDir()) {
        const QString parent = QFileInfo(start).absolutePath();
        if (parent == start)
            break;
        start = parent;
    }
    const QString folder = QFileDialog::getExistingDirectory(
        this, tr("Folder for snapshots"), start,
        QFileDialog::ShowDirsOnly | QFileDialog::DontResolveSymlinks);
    if (!folder.isEmpty())
        m_folderEdit->setText(QDir::toNativeSeparators(folder));
}

void PreferencesDialog::validateFolder()
{
    const QString path = normalizedPath(m_folderEdit->text());
    const QString error = folderError(path);
    if (!error.isEmpty())
        m_folderMessage->showError(error);
    else if (!QFileInfo::exists(path))
        m_folderMessage->showHint(tr("The folder will be created with the first snapshot."));
    else
        m_folderMessage->clearMessage();
    m_folderValid = error.isEmpty();
    updateOkButton();
}

void PreferencesDialog::updateOkButton()
{
    m_buttons->button(QDialogButtonBox::Ok)
        ->setEnabled(m_folderValid && (!m_sharingPage || m_sharingPage->isValid()));
}

bool PreferencesDialog::save(QString *errorMessage)
{
    using Key = AppSettings::Key;
    // A value equal to the default is stored as "no value": the default stays implicit.
    const auto write = [this](Key key, const QVariant &value) {
        m_settings->setValue(key, value == AppSettings::defaultValue(key) ? QVariant() : value);
    };
    QList<Key> keys{Key::SnapshotFolder,     Key::GridColumns,        Key::KeepRunningInTray,
                    Key::NotifyStateChanges, Key::AlertPrintFinished, Key::AlertPrintFailed,
                    Key::AlertPrintPaused,   Key::DiscoveryEnabled};
    keys.append(RecordingsPage::keys());
    if (m_sharingPage)
        keys.append(SharingPage::keys());
    QList<std::pair<Key, QVariant>> before;
    for (const Key key : keys)
        before.append({key, m_settings->value(key)});

    write(Key::SnapshotFolder, normalizedPath(m_folderEdit->text()));
    write(Key::GridColumns, m_columnsCombo->currentData().toInt());
    // Without a tray the boxes are off and disabled: keep what was chosen on a desktop with one.
    if (m_trayAvailable) {
        write(Key::KeepRunningInTray, m_keepInTrayCheck->isChecked());
        write(Key::NotifyStateChanges, m_notifyCheck->isChecked());
        write(Key::AlertPrintFinished, m_finishedCheck->isChecked());
        write(Key::AlertPrintFailed, m_failedCheck->isChecked());
        write(Key::AlertPrintPaused, m_pausedCheck->isChecked());
    }
    write(Key::DiscoveryEnabled, m_discoveryCheck->isChecked());
    m_recordingsPage->save(write);
    if (m_sharingPage)
        m_sharingPage->save(write);
    if (m_settings->sync(errorMessage))
        return true;

    for (const auto &[key, value] : std::as_const(before))
        write(key, value);
    return false;
}

void PreferencesDialog::accept()
{
    if (!m_buttons->button(QDialogButtonBox::Ok)->isEnabled())
        return;
    QList<QVariant> sharingBefore;
    if (m_sharingPage) {
        for (const AppSettings::Key key : SharingPage::keys())
            sharingBefore.append(m_settings->value(key));
    }
    QString error;
    if (!save(&error)) {
        // AppSettings has logged it; the user reads it here.
        m_saveMessage->showError(error);
        return;
    }
    if (m_sharing) {
        // Now, not on the next turn of the event loop: a server that cannot start is said here,
        // where the user can pick another port at once. (Also tries again after a failure.)
        m_sharing->apply();
        QList<QVariant> sharingAfter;
        for (const AppSettings::Key key : SharingPage::keys())
            sharingAfter.append(m_settings->value(key));
        if (sharingAfter != sharingBefore
            && m_sharing->state() == SharingController::State::Failed) {
            setCurrentPage(Page::Sharing);
            m_saveMessage->showError(
                tr("Saved, but sharing is not running: %1").arg(m_sharing->errorMessage()));
            return;
        }
    }
    QDialog::accept();
}
