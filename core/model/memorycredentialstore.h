#pragma once

#include "model/credentialstore.h"

#include <QHash>

// Keeps access codes in memory only: for the demo and for tests, never written anywhere.
class MemoryCredentialStore final : public CredentialStore
{
public:
    QString description() const override;
    std::optional<QString> accessCode(const QUuid &printerId) const override;
    bool setAccessCode(const QUuid &printerId, const QString &code, QString *errorMessage) override;
    bool removeAccessCode(const QUuid &printerId, QString *errorMessage) override;

private:
    QHash<QUuid, QString> m_codes;
};
