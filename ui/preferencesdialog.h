// FarmCam's preferences: snapshot folder, grid columns, tray and notifications, and where the
// access codes are kept (General); sharing the cameras over HTTP (Sharing). Edits AppSettings only
// when the user accepts.
#pragma once

#include <QDialog>

class AppSettings;
class FormMessage;
class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLineEdit;
class QPushButton;
class QTabWidget;
class RecordingsPage;
class SharingController;
class SharingPage;

class PreferencesDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PreferencesDialog)

public:
    enum class Page { General, Sharing };

    // `settings` must outlive the dialog. `credentialStoreDescription` is
    // CredentialStore::description(); `trayAvailable` is TrayIcon::isAvailable(). Without
    // `sharing` (must outlive the dialog too) there is no Sharing page.
    PreferencesDialog(AppSettings *settings, const QString &credentialStoreDescription,
                      bool trayAvailable, SharingController *sharing = nullptr,
                      QWidget *parent = nullptr);
    ~PreferencesDialog() override;

    static constexpr int kMaxGridColumns = 8;

    void setCurrentPage(Page page);
    Page currentPage() const;
    RecordingsPage *recordingsPage() const { return m_recordingsPage; }

public slots:
    // Puts every field back to its default; nothing is written until the dialog is accepted.
    void restoreDefaults();
    void browseSnapshotFolder();
    void accept() override;

private:
    void load();
    bool save(QString *errorMessage);
    void validateFolder();
    void updateOkButton();
    void fitToScreen();

    AppSettings *m_settings;
    SharingController *m_sharing;
    bool m_trayAvailable;
    bool m_folderValid = true;

    QTabWidget *m_tabs = nullptr;
    SharingPage *m_sharingPage = nullptr;
    RecordingsPage *m_recordingsPage = nullptr;
    int m_sharingTab = -1; // its index in m_tabs

    QLineEdit *m_folderEdit = nullptr;
    QPushButton *m_browseButton = nullptr;
    FormMessage *m_folderMessage = nullptr;
    QComboBox *m_columnsCombo = nullptr;
    QCheckBox *m_keepInTrayCheck = nullptr;
    QCheckBox *m_notifyCheck = nullptr; // a printer goes offline or comes back
    QCheckBox *m_finishedCheck = nullptr;
    QCheckBox *m_failedCheck = nullptr;
    QCheckBox *m_pausedCheck = nullptr;
    QCheckBox *m_discoveryCheck = nullptr;
    FormMessage *m_trayMessage = nullptr;
    FormMessage *m_saveMessage = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};
