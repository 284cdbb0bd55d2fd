#include "model/filecredentialstore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QStandardPaths>

namespace {

Q_LOGGING_CATEGORY(lcCredentials, "farmcam.model")

// File format: {"version": 1, "accessCodes": {"{printer uuid}": "code", ...}}
constexpr int kFormatVersion = 1;
const QLatin1String kVersionKey("version");
const QLatin1String kCodesKey("accessCodes");

constexpr QFileDevice::Permissions kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions kGroupOrOther = QFileDevice::ReadGroup | QFileDevice::WriteGroup
    | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::WriteOther
    | QFileDevice::ExeOther;

QString nativePath(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

// Tightens an existing file to 0600. Returns false when it is looser and cannot be fixed.
bool ensureOwnerOnly(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return true;
    if ((file.permissions() & kGroupOrOther) == 0)
        return true;
    qCWarning(lcCredentials).noquote()
        << "The credential file" << nativePath(path)
        << "was readable or writable by other users; restricting it to its owner.";
    return file.setPermissions(kOwnerOnly);
}

} // namespace

FileCredentialStore::FileCredentialStore(const QString &filePath)
    : m_filePath(filePath)
{
    load();
}

QString FileCredentialStore::defaultFilePath()
{
    // Built explicitly: the organization and application names may not be set yet.
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
        + QLatin1String("/FarmCam/credentials");
}

QString FileCredentialStore::description() const
{
    return QCoreApplication::translate("FileCredentialStore",
                                       "Access codes are stored in %1, readable only by you.")
        .arg(nativePath(m_filePath));
}

std::optional<QString> FileCredentialStore::accessCode(const QUuid &printerId) const
{
    const auto it = m_codes.constFind(printerId);
    if (it == m_codes.cend())
        return std::nullopt;
    return *it;
}

bool FileCredentialStore::setAccessCode(const QUuid &printerId, const QString &code,
                                        QString *errorMessage)
{
    if (printerId.isNull()) {
        if (errorMessage)
            *errorMessage = QCoreApplication::translate(
                "FileCredentialStore",
                "The access code cannot be stored for a printer without an id.");
        return false;
    }
    const auto previous = accessCode(printerId);
    if (previous && *previous == code && QFile::exists(m_filePath))
        return true;
    m_codes.insert(printerId, code);
    if (save(errorMessage))
        return true;
    // Keep memory and disk in agreement: the caller is told the code was not stored.
    if (previous)
        m_codes.insert(printerId, *previous);
    else
        m_codes.remove(printerId);
    return false;
}

bool FileCredentialStore::removeAccessCode(const QUuid &printerId, QString *errorMessage)
{
    const auto previous = accessCode(printerId);
    if (!previous)
        return true;
    m_codes.remove(printerId);
    if (save(errorMessage))
        return true;
    m_codes.insert(printerId, *previous);
    return false;
}

void FileCredentialStore::load()
{
    m_codes.clear();
    QFile file(m_filePath);
    if (!file.exists())
        return;
    ensureOwnerOnly(m_filePath);
    if (!file.open(QIODevice::ReadOnly)) {
        qCWarning(lcCredentials).noquote() << "Cannot read the credential file"
                                           << nativePath(m_filePath) << ":" << file.errorString();
        return;
    }
    const QByteArray bytes = file.readAll();
    if (bytes.trimmed().isEmpty())
        return; // created but never written (see save())

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    // The parser's message only: the file's content holds the codes.
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        qCWarning(lcCredentials).noquote()
            << "The credential file" << nativePath(m_filePath) << "is unreadable, ignoring it:"
            << (parseError.error != QJsonParseError::NoError ? parseError.errorString()
                                                             : QStringLiteral("not a JSON object"));
        return;
    }
    const QJsonObject root = document.object();
    if (root.value(kVersionKey).toInt() > kFormatVersion) {
        qCWarning(lcCredentials).noquote()
            << "The credential file" << nativePath(m_filePath)
            << "was written by a newer FarmCam; reading what is understood.";
    }
    const QJsonObject codes = root.value(kCodesKey).toObject();
    for (auto it = codes.constBegin(); it != codes.constEnd(); ++it) {
        const QUuid id(it.key());
        if (id.isNull() || !it.value().isString()) {
            qCWarning(lcCredentials) << "Skipping an unreadable entry in the credential file.";
            continue;
        }
        m_codes.insert(id, it.value().toString());
    }
}

bool FileCredentialStore::save(QString *errorMessage)
{
    const auto fail = [&](const QString &reason) {
        const QString message = QCoreApplication::translate("FileCredentialStore",
                                                            "The access code could not be saved "
                                                            "to %1: %2")
                                    .arg(nativePath(m_filePath), reason);
        qCWarning(lcCredentials).noquote() << message;
        if (errorMessage)
            *errorMessage = message;
        return false;
    };

    const QFileInfo info(m_filePath);
    if (!QDir().mkpath(info.absolutePath()))
        return fail(
            QCoreApplication::translate("FileCredentialStore", "its folder cannot be created."));

    // The file must never be readable by others, not even for a moment. QSaveFile creates its
    // temporary file with mode 0666 & ~umask when the target does not exist yet, but 0600 when it
    // does (then copying the target's mode). So the target is first created empty with mode 0600
    // (O_CREAT|O_EXCL with that mode; the umask can only remove bits), and a looser existing file
    // is tightened before anything is written.
    if (!info.exists()) {
        QFile create(m_filePath);
        if (!create.open(QIODevice::WriteOnly | QIODevice::NewOnly, kOwnerOnly) && !create.exists())
            return fail(create.errorString());
    }
    if (!ensureOwnerOnly(m_filePath))
        return fail(QCoreApplication::translate("FileCredentialStore",
                                                "its permissions cannot be restricted to you."));

    QJsonObject codes;
    for (auto it = m_codes.cbegin(); it != m_codes.cend(); ++it)
        codes.insert(it.key().toString(), it.value());
    QJsonObject root;
    root.insert(kVersionKey, kFormatVersion);
    root.insert(kCodesKey, codes);

    QSaveFile file(m_filePath);
    if (!file.open(QIODevice::WriteOnly))
        return fail(file.errorString());
    // Redundant with the above (QSaveFile copies the target's mode), but cheap and explicit: the
    // temporary file is 0600 before it receives a single byte and before it is renamed over.
    if (!file.setPermissions(kOwnerOnly)) {
        file.cancelWriting();
        return fail(QCoreApplication::translate("FileCredentialStore",
                                                "its permissions cannot be restricted to you."));
    }
    file.write(QJsonDocument(root).toJson(QJsonDocument::Indented));
    if (!file.commit())
        return fail(file.errorString());
    return true;
}
