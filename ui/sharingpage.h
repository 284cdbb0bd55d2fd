// Preferences › Sharing: the switch, where to listen, the token, the HTTPS files and the web wall's
// address. Like the rest of the preferences, settings are written only on OK (save()); the token's
// buttons act at once, on the credential store, and the copy buttons on the clipboard.
#pragma once

#include "model/appsettings.h"

#include <QWidget>

#include <functional>

class FormMessage;
class QCheckBox;
class QComboBox;
class QLineEdit;
class QMessageBox;
class QPushButton;
class QSpinBox;
class SharingController;

class SharingPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SharingPage)

public:
    // Where the server listens, as the address choice offers it.
    enum class AddressChoice { Loopback, Everywhere, Specific };

    // `settings` and `sharing` must outlive the page.
    SharingPage(AppSettings *settings, SharingController *sharing, QWidget *parent = nullptr);
    ~SharingPage() override;

    // The keys save() writes.
    static QList<AppSettings::Key> keys();
    using Writer = std::function<void(AppSettings::Key, const QVariant &)>;
    void save(const Writer &write) const;
    void restoreDefaults();
    // Every field is usable (the address is an IP address, the HTTPS files are readable PEM).
    bool isValid() const { return m_valid; }

    // Pure checks, for the page and its tests: empty when fine, else one sentence.
    static QString addressError(const QString &text);
    static QString httpsFilesError(const QString &certificateFile, const QString &keyFile);

    // For the dialog's tab order: the first and the last field.
    QWidget *firstField() const;
    QWidget *lastField() const;

public slots:
    void toggleTokenShown();
    void copyToken();
    // Asks first (every URL copied before stops working), without a nested event loop; the
    // question is a child QMessageBox named "regenerateTokenQuestion".
    void regenerateToken();
    void copyWallUrl();
    void copyWallUrlWithToken();
    void browseCertificate();
    void browseKey();
    // The server's state and the web wall's address, as they are now.
    void updateState();

signals:
    void validityChanged(bool valid);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void load();
    void setAddress(const QString &address);
    QString address() const;
    void validate();
    bool loadToken(); // into the token field; false (and said under it) when the store refuses
    void copyToClipboard(const QString &text, FormMessage *where, const QString &confirmation);

    AppSettings *m_settings;
    SharingController *m_sharing;
    bool m_valid = true;
    bool m_tokenLoaded = false;

    QCheckBox *m_enabledCheck;
    FormMessage *m_stateMessage;
    QComboBox *m_addressCombo;
    QLineEdit *m_addressEdit;
    FormMessage *m_addressMessage;
    QSpinBox *m_portSpin;
    QLineEdit *m_tokenEdit;
    QPushButton *m_showTokenButton;
    QPushButton *m_copyTokenButton;
    QPushButton *m_regenerateButton;
    FormMessage *m_tokenMessage;
    QLineEdit *m_certificateEdit;
    QPushButton *m_certificateBrowse;
    QLineEdit *m_keyEdit;
    QPushButton *m_keyBrowse;
    FormMessage *m_httpsMessage;
    QLineEdit *m_wallUrlEdit;
    QPushButton *m_copyUrlButton;
    QPushButton *m_copyUrlWithTokenButton;
    FormMessage *m_wallMessage;
};
