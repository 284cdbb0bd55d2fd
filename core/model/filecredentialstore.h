#pragma once

#include "model/credentialstore.h"

#include <QHash>

// Access codes in a file that only its owner may read or write (mode 0600, created that way, never
// world-readable even for a moment). The store when no system keychain answers (see
// KeychainCredentialStore), chosen on purpose; the preferences dialog says that it is in use.
class FileCredentialStore final : public CredentialStore
{
public:
    explicit FileCredentialStore(const QString &filePath);

    static QString
    defaultFilePath(); // next to the settings file, e.g. ~/.config/FarmCam/credentials

    QString filePath() const { return m_filePath; }
    // The printers that have a code in the file (for moving them into the keychain).
    QList<QUuid> printerIds() const { return m_codes.keys(); }
    QString description() const override;
    std::optional<QString> accessCode(const QUuid &printerId) const override;
    bool setAccessCode(const QUuid &printerId, const QString &code, QString *errorMessage) override;
    bool removeAccessCode(const QUuid &printerId, QString *errorMessage) override;

private:
    void load();
    bool save(QString *errorMessage);

    QString m_filePath;
    QHash<QUuid, QString> m_codes;
};
