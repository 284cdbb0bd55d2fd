// View › Recordings: every timelapse, failure clip and recording in the recordings folder, per
// printer, with its thumbnail, date, length and size; open, show in the folder, delete.
#pragma once

#include "record/recordinglibrary.h"

#include <QDialog>
#include <QHash>

class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

class RecordingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RecordingsDialog)

public:
    explicit RecordingsDialog(const RecordingLibrary &library, QWidget *parent = nullptr);
    ~RecordingsDialog() override;

    // The farm's printers by their recordings folder (RecordingLibrary::folderNameFor()): the
    // list names a printer as the user does; other folders (a printer removed or renamed since)
    // by their folder name. Renames the rows; reads nothing again.
    void setPrinterNames(const QHash<QString, QString> &namesByFolder);

    QTreeWidget *list() const { return m_list; }
    // The video of the selected row; empty when a printer (or nothing) is selected.
    QString selectedPath() const;

public slots:
    // Lists the folder again (RecordingLibrary::entries(true): reads each video's length).
    void reload();
    void openSelected();
    void showSelectedInFolder();
    // Asks first, without a nested event loop: the question is a child QMessageBox named
    // "deleteRecordingQuestion"; Yes deletes the video and its thumbnail.
    void deleteSelected();

signals:
    // What Open and Show in folder hand to the desktop (QDesktopServices), for tests.
    void urlOpened(const QUrl &url);

private:
    void updateButtons();
    void open(const QUrl &url);

    RecordingLibrary m_library;
    QHash<QString, QString> m_printerNames;
    QTreeWidget *m_list;
    QPushButton *m_openButton;
    QPushButton *m_folderButton;
    QPushButton *m_deleteButton;
};
