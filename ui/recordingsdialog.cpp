#include "recordingsdialog.h"

#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHash>
#include <QHeaderView>
#include <QLocale>
#include <QMessageBox>
#include <QPixmap>
#include <QPushButton>
#include <QScreen>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>

namespace {

constexpr int kPathRole = Qt::UserRole;
constexpr int kFolderRole = Qt::UserRole + 1; // a printer row's folder name
const QSize kThumbnailSize(96, 54);

QString kindName(RecordingLibrary::Kind kind)
{
    switch (kind) {
    case RecordingLibrary::Kind::Timelapse:
        return RecordingsDialog::tr("Timelapse");
    case RecordingLibrary::Kind::FailureClip:
        return RecordingsDialog::tr("Failure clip");
    case RecordingLibrary::Kind::Recording:
        break;
    }
    return RecordingsDialog::tr("Recording");
}

// "Timelapse · benchy": what it is and of what, short enough for a small screen; the file name
// is in the tooltip.
QString titleOf(const RecordingLibrary::Entry &entry)
{
    return entry.label.isEmpty()
        ? kindName(entry.kind)
        : RecordingsDialog::tr("%1 · %2").arg(kindName(entry.kind), entry.label);
}

QString lengthText(qint64 durationMs)
{
    if (durationMs < 0)
        return RecordingsDialog::tr("unknown");
    const qint64 seconds = (durationMs + 500) / 1000;
    return QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

RecordingsDialog::RecordingsDialog(const RecordingLibrary &library, QWidget *parent)
    : QDialog(parent)
    , m_library(library)
    , m_list(new QTreeWidget(this))
    , m_openButton(new QPushButton(tr("&Open"), this))
    , m_folderButton(new QPushButton(tr("Show in &folder"), this))
    , m_deleteButton(new QPushButton(tr("&Delete…"), this))
{
    setWindowTitle(tr("Recordings"));
    m_list->setObjectName(QStringLiteral("recordingsList"));
    // The date under the title, not in a column of its own: on a 640-pixel screen a date column
    // left the title no room.
    m_list->setColumnCount(3);
    m_list->setHeaderLabels({tr("Video"), tr("Length"), tr("Size")});
    m_list->setIconSize(kThumbnailSize);
    m_list->setRootIsDecorated(true);
    m_list->setUniformRowHeights(false);
    m_list->header()->setStretchLastSection(false); // the title takes the room, not the size
    m_list->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    for (int column = 1; column < 3; ++column)
        m_list->header()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, &RecordingsDialog::updateButtons);
    connect(m_list, &QTreeWidget::itemActivated, this, [this] { openSelected(); });

    m_openButton->setObjectName(QStringLiteral("openRecordingButton"));
    m_folderButton->setObjectName(QStringLiteral("showRecordingButton"));
    m_deleteButton->setObjectName(QStringLiteral("deleteRecordingButton"));
    connect(m_openButton, &QPushButton::clicked, this, &RecordingsDialog::openSelected);
    connect(m_folderButton, &QPushButton::clicked, this, &RecordingsDialog::showSelectedInFolder);
    connect(m_deleteButton, &QPushButton::clicked, this, &RecordingsDialog::deleteSelected);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_openButton);
    buttons->addWidget(m_folderButton);
    buttons->addStretch(1);
    buttons->addWidget(m_deleteButton);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    buttons->addWidget(close);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_list, 1);
    layout->addLayout(buttons);
    // Smaller on a small screen (640x400), so that the buttons stay in view.
    const QScreen *screen = parent ? parent->screen() : QGuiApplication::primaryScreen();
    const QSize room = screen ? screen->availableGeometry().size() * 0.92 : QSize(760, 520);
    resize(QSize(760, 520).boundedTo(room));
    reload();
}

RecordingsDialog::~RecordingsDialog() = default;

void RecordingsDialog::setPrinterNames(const QHash<QString, QString> &namesByFolder)
{
    m_printerNames = namesByFolder;
    // Only the printer rows change: the videos need not be read again.
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        QTreeWidgetItem *printer = m_list->topLevelItem(i);
        const QString folder = printer->data(0, kFolderRole).toString();
        if (!folder.isEmpty())
            printer->setText(0, m_printerNames.value(folder, folder));
    }
}

void RecordingsDialog::reload()
{
    m_list->clear();
    const QLocale locale;
    QHash<QString, QTreeWidgetItem *> printers;
    QList<RecordingLibrary::Entry> entries = m_library.entries(true);
    // Newest first: what the user looks for is usually what just happened.
    std::reverse(entries.begin(), entries.end());
    for (const RecordingLibrary::Entry &entry : std::as_const(entries)) {
        QTreeWidgetItem *&printer = printers[entry.printerFolder];
        if (!printer) {
            const QString name = m_printerNames.value(entry.printerFolder, entry.printerFolder);
            printer = new QTreeWidgetItem(m_list, {name});
            printer->setData(0, kFolderRole, entry.printerFolder);
            printer->setToolTip(
                0, QDir::toNativeSeparators(m_library.printerPath(entry.printerFolder)));
            printer->setFirstColumnSpanned(true);
            printer->setExpanded(true);
        }
        auto *item = new QTreeWidgetItem(
            printer,
            {titleOf(entry) + u'\n' + locale.toString(entry.started, QLocale::ShortFormat),
             lengthText(entry.durationMs), locale.formattedDataSize(entry.bytes)});
        item->setData(0, kPathRole, entry.path);
        item->setToolTip(
            0, QFileInfo(entry.path).fileName() + u'\n' + QDir::toNativeSeparators(entry.path));
        if (!entry.thumbnailPath.isEmpty()) {
            const QPixmap thumbnail(entry.thumbnailPath);
            if (!thumbnail.isNull())
                item->setIcon(0,
                              thumbnail.scaled(kThumbnailSize, Qt::KeepAspectRatio,
                                               Qt::SmoothTransformation));
        }
    }
    for (QTreeWidgetItem *printer : std::as_const(printers))
        printer->setExpanded(true);
    if (entries.isEmpty()) {
        auto *none = new QTreeWidgetItem(m_list,
                                         {tr("No timelapses, clips or recordings yet in %1")
                                              .arg(QDir::toNativeSeparators(m_library.root()))});
        none->setFirstColumnSpanned(true);
        none->setFlags(Qt::NoItemFlags);
    }
    updateButtons();
}

QString RecordingsDialog::selectedPath() const
{
    const QList<QTreeWidgetItem *> selected = m_list->selectedItems();
    return selected.isEmpty() ? QString() : selected.constFirst()->data(0, kPathRole).toString();
}

void RecordingsDialog::openSelected()
{
    const QString path = selectedPath();
    if (!path.isEmpty())
        open(QUrl::fromLocalFile(path));
}

void RecordingsDialog::showSelectedInFolder()
{
    const QString path = selectedPath();
    if (!path.isEmpty())
        open(QUrl::fromLocalFile(QFileInfo(path).absolutePath()));
}

void RecordingsDialog::deleteSelected()
{
    const QString path = selectedPath();
    if (path.isEmpty())
        return;
    auto *question
        = new QMessageBox(QMessageBox::Question, tr("Delete recording"),
                          tr("Delete %1? It cannot be undone.").arg(QFileInfo(path).fileName()),
                          QMessageBox::Yes | QMessageBox::Cancel, this);
    question->setObjectName(QStringLiteral("deleteRecordingQuestion"));
    question->setDefaultButton(QMessageBox::Cancel);
    question->setAttribute(Qt::WA_DeleteOnClose);
    connect(question, &QMessageBox::finished, this, [this, path](int result) {
        if (result != QMessageBox::Yes)
            return;
        QFile::remove(path);
        QFile::remove(RecordingLibrary::thumbnailPathFor(path));
        reload();
    });
    question->open();
}

void RecordingsDialog::updateButtons()
{
    const bool video = !selectedPath().isEmpty();
    for (QPushButton *button : {m_openButton, m_folderButton, m_deleteButton})
        button->setEnabled(video);
}

void RecordingsDialog::open(const QUrl &url)
{
    emit urlOpened(url);
    QDesktopServices::openUrl(url);
}
