// Where access codes live, apart from the plain settings file.
#pragma once

#include <QString>
#include <QUuid>
#include <QtGlobal>

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
    // The printer's name, for a store that shows one beside its code (a keyring entry's label,
    // instead of an id nobody can place). Stores without names ignore it.
    virtual void setPrinterName(const QUuid &printerId, const QString &name)
    {
        Q_UNUSED(printerId)
        Q_UNUSED(name)
    }
};
