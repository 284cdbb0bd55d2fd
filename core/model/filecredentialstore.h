#pragma once

#include "model/credentialstore.h"

#include <QHash>

// Access codes in a file that only its owner may read or write (mode 0600, created that way, never
// world-readable even for a moment). Chosen on purpose as the store until the system keychain is
// supported; the preferences dialog says that this is the store in use.
class FileCredentialStore final : public CredentialStore
{
public:
    explicit FileCredentialStore(const QString &filePath);

    static QString
    defaultFilePath(); // next to the settings file, e.g. ~/.config/FarmCam/credentials

    QString filePath() const { return m_filePath; }
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
