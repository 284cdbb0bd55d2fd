#include "model/memorycredentialstore.h"

#include <QCoreApplication>

QString MemoryCredentialStore::description() const
{
    return QCoreApplication::translate("MemoryCredentialStore",
                                       "Access codes are kept in memory only (demo).");
}

std::optional<QString> MemoryCredentialStore::accessCode(const QUuid &printerId) const
{
    const auto it = m_codes.constFind(printerId);
    if (it == m_codes.cend())
        return std::nullopt;
    return *it;
}

bool MemoryCredentialStore::setAccessCode(const QUuid &printerId, const QString &code,
                                          QString *errorMessage)
{
    if (printerId.isNull()) {
        if (errorMessage)
            *errorMessage = QCoreApplication::translate(
                "MemoryCredentialStore",
                "The access code cannot be stored for a printer without an id.");
        return false;
    }
    m_codes.insert(printerId, code);
    return true;
}

bool MemoryCredentialStore::removeAccessCode(const QUuid &printerId, QString *errorMessage)
{
    Q_UNUSED(errorMessage)
    m_codes.remove(printerId);
    return true;
}
