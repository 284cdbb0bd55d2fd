// Where access codes live, apart from the plain settings file.
#pragma once

#include <QString>
#include <QUuid>

#include <optional>

class CredentialStore
{
public:
    virtual ~CredentialStore() = default;

    // For the preferences dialog: which store is in use, in words ("File readable only by you:
    // ...").
    virtual QString description() const = 0;

    virtual std::optional<QString> accessCode(const QUuid &printerId) const = 0;
    // On failure returns false and sets `errorMessage` (one sentence, never containing the code).
    virtual bool setAccessCode(const QUuid &printerId, const QString &code, QString *errorMessage)
        = 0;
    virtual bool removeAccessCode(const QUuid &printerId, QString *errorMessage) = 0;
};
