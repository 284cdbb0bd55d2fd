#include "model/keychaincredentialstore.h"

#include "model/filecredentialstore.h"
#include "model/keychainbackend.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QLoggingCategory>
#include <QTimer>

#include <algorithm>

namespace {

Q_LOGGING_CATEGORY(lcKeychain, "farmcam.model")

// The key of a printer's entry: its id as QUuid writes it, "{xxxxxxxx-...}".
QString keyFor(const QUuid &printerId)
{
    return printerId.toString();
}

// open() reads this when there is nothing else to read, to learn whether a keychain answers. No
// printer has the null id, so it is never written.
const QUuid kProbeId;

// The %1 in `sentence` becomes " (detail)", or nothing when the keychain gave no detail.
QString withDetail(const QString &sentence, const QString &detail)
{
    return detail.isEmpty() ? sentence.arg(QString())
                            : sentence.arg(QStringLiteral(" (%1)").arg(detail));
}

} // namespace

KeychainCredentialStore::KeychainCredentialStore(std::unique_ptr<KeychainBackend> keychain,
                                                 const QString &filePath, QObject *parent)
    : QObject(parent)
    , m_keychain(std::move(keychain))
    , m_file(std::make_unique<FileCredentialStore>(filePath))
    , m_openTimer(new QTimer(this))
{
    m_openTimer->setSingleShot(true);
    connect(m_openTimer, &QTimer::timeout, this, [this] {
        const int seconds = (m_openTimer->interval() + 999) / 1000;
        // Spelled out rather than "%n second(s)": right in English without a translation.
        fallBack(seconds == 1 ? tr("The keyring did not answer within 1 second.")
                              : tr("The keyring did not answer within %1 seconds.").arg(seconds));
    });
}

KeychainCredentialStore::~KeychainCredentialStore()
{
    if (hasPendingWrites())
        qCWarning(lcKeychain) << m_writes.size()
                              << "change(s) to access codes may not have reached the keyring.";
}

void KeychainCredentialStore::open(const QList<QUuid> &printerIds,
                                   std::chrono::milliseconds timeout)
{
    if (m_state != State::Closed) {
        qCWarning(lcKeychain) << "The credential store is opened only once.";
        return;
    }
    if (!m_keychain) {
        fallBack(tr("This FarmCam was built without keyring support."));
        return;
    }
    m_state = State::Opening;

    // The file's codes are newer than the keychain's: they are there because the keychain did not
    // answer last time (or before FarmCam used it), and are moved into it. The sort keeps the
    // order of the jobs independent of QHash's.
    m_toMigrate = m_file->printerIds();
    std::sort(m_toMigrate.begin(), m_toMigrate.end());
    for (const QUuid &id : printerIds) {
        if (!id.isNull() && !m_toMigrate.contains(id) && !m_toRead.contains(id))
            m_toRead.append(id);
    }
    if (m_toRead.isEmpty())
        m_toRead.append(kProbeId);

    m_openTimer->start(timeout);
    readNext();
}

QString KeychainCredentialStore::filePath() const
{
    return m_file->filePath();
}

QString KeychainCredentialStore::description() const
{
    switch (m_state) {
    case State::Closed:
    case State::Opening:
        return tr("FarmCam is still opening your desktop's keyring.");
    case State::Keychain:
        return tr("Access codes are kept in your desktop's keyring (%1).").arg(m_keychain->name());
    case State::File:
        break;
    }
    return m_fallbackReason + QLatin1Char(' ') + m_file->description();
}

std::optional<QString> KeychainCredentialStore::accessCode(const QUuid &printerId) const
{
    switch (m_state) {
    case State::Closed:
    case State::Opening:
        return std::nullopt;
    case State::Keychain:
        break;
    case State::File:
        return m_file->accessCode(printerId);
    }
    const auto it = m_codes.constFind(printerId);
    if (it == m_codes.cend())
        return std::nullopt;
    return *it;
}

bool KeychainCredentialStore::setAccessCode(const QUuid &printerId, const QString &code,
                                            QString *errorMessage)
{
    if (m_state == State::File)
        return m_file->setAccessCode(printerId, code, errorMessage);
    if (m_state != State::Keychain) {
        if (errorMessage)
            *errorMessage = refusal();
        return false;
    }
    if (printerId.isNull()) {
        if (errorMessage)
            *errorMessage = tr("The access code cannot be stored for a printer without an id.");
        return false;
    }
    const auto previous = m_codes.constFind(printerId);
    if (previous != m_codes.cend() && *previous == code)
        return true;
    m_codes.insert(printerId, code);
    enqueue({printerId, code});
    return true;
}

bool KeychainCredentialStore::removeAccessCode(const QUuid &printerId, QString *errorMessage)
{
    if (m_state == State::File)
        return m_file->removeAccessCode(printerId, errorMessage);
    if (m_state != State::Keychain) {
        if (errorMessage)
            *errorMessage = refusal();
        return false;
    }
    m_names.remove(printerId);
    if (!m_codes.remove(printerId))
        return true;
    enqueue({printerId, std::nullopt});
    return true;
}

void KeychainCredentialStore::setPrinterName(const QUuid &printerId, const QString &name)
{
    const auto known = m_names.constFind(printerId);
    if (known != m_names.cend() && *known == name)
        return; // labelled already (or on its way)
    m_names.insert(printerId, name);
    if (m_state != State::Keychain || !m_codes.contains(printerId))
        return;
    // A write of this entry still queued creates or replaces it: the label follows that write.
    for (const Write &write : std::as_const(m_writes)) {
        if (write.id == printerId)
            return;
    }
    applyLabel(printerId);
}

QString KeychainCredentialStore::labelFor(const QString &printerName)
{
    return tr("FarmCam: %1").arg(printerName);
}

void KeychainCredentialStore::applyLabel(const QUuid &printerId)
{
    const auto name = m_names.constFind(printerId);
    if (name != m_names.cend())
        m_keychain->setLabel(keyFor(printerId), labelFor(*name), this);
}

bool KeychainCredentialStore::waitForWrites(std::chrono::milliseconds timeout)
{
    if (!hasPendingWrites())
        return true;
    QEventLoop loop;
    connect(this, &KeychainCredentialStore::writesFinished, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeout, &loop, &QEventLoop::quit);
    loop.exec(QEventLoop::ExcludeUserInputEvents);
    return !hasPendingWrites();
}

void KeychainCredentialStore::readNext()
{
    if (m_toRead.isEmpty()) {
        migrateNext();
        return;
    }
    const QUuid id = m_toRead.takeFirst();
    m_keychain->read(keyFor(id), this, [this, id](const KeychainBackend::Result &result) {
        if (m_state != State::Opening)
            return; // answered after the timeout: the file is in use
        switch (result.status) {
        case KeychainBackend::Status::Ok:
            if (!id.isNull())
                m_codes.insert(id, result.secret);
            break;
        case KeychainBackend::Status::NotFound:
            break;
        // The keychain's own words (D-Bus errors) go to the log; the preferences say what it
        // means for the user.
        case KeychainBackend::Status::NoBackend:
            fallBack(tr("No keyring found (GNOME Keyring or KWallet)."), result.errorString);
            return;
        case KeychainBackend::Status::AccessDenied:
            fallBack(tr("The keyring is locked or refused access."), result.errorString);
            return;
        case KeychainBackend::Status::Failed:
            fallBack(tr("The keyring did not work (the log says why)."), result.errorString);
            return;
        }
        readNext();
    });
}

void KeychainCredentialStore::migrateNext()
{
    if (m_toMigrate.isEmpty()) {
        finishOpening();
        return;
    }
    const QUuid id = m_toMigrate.takeFirst();
    const QString code = m_file->accessCode(id).value_or(QString());
    m_keychain->write(
        keyFor(id), code, this, [this, id, code](const KeychainBackend::Result &result) {
            if (m_state != State::Opening)
                return;
            if (result.status != KeychainBackend::Status::Ok) {
                fallBack(tr("The keyring could not store the access codes."), result.errorString);
                return;
            }
            m_codes.insert(id, code);
            m_migrated.append(id);
            migrateNext();
        });
}

void KeychainCredentialStore::finishOpening()
{
    m_openTimer->stop();
    // Every code is in the keychain now: the plain copies go. Should that fail, they stay in the
    // file and are moved again next time (the file's codes win), so nothing is lost.
    bool cleared = true;
    for (const QUuid &id : std::as_const(m_migrated)) {
        QString error;
        if (!m_file->removeAccessCode(id, &error)) {
            cleared = false;
            break;
        }
    }
    const QString path = m_file->filePath();
    if (cleared && !m_migrated.isEmpty() && m_file->printerIds().isEmpty() && QFile::exists(path)
        && !QFile::remove(path))
        qCWarning(lcKeychain).noquote()
            << "Could not delete the emptied credential file" << QDir::toNativeSeparators(path);
    if (!m_migrated.isEmpty()) {
        qCInfo(lcKeychain).noquote() << m_migrated.size() << "access code(s) moved from"
                                     << QDir::toNativeSeparators(path) << "into the keyring";
    }
    m_migrated.clear();
    m_state = State::Keychain;
    qCInfo(lcKeychain).noquote() << "Access codes are in the keyring:" << m_keychain->name();
    for (auto it = m_names.cbegin(); it != m_names.cend(); ++it) { // named while opening
        if (m_codes.contains(it.key()))
            applyLabel(it.key());
    }
    emit ready();
}

void KeychainCredentialStore::fallBack(const QString &reason, const QString &detail)
{
    m_openTimer->stop();
    m_toRead.clear();
    m_toMigrate.clear();
    m_migrated.clear();
    m_codes.clear();
    m_fallbackReason = reason;
    m_state = State::File;
    qCWarning(lcKeychain).noquote()
        << reason << (detail.isEmpty() ? QString() : QStringLiteral("(%1)").arg(detail))
        << "Access codes are stored in" << QDir::toNativeSeparators(m_file->filePath());
    emit ready();
}

void KeychainCredentialStore::enqueue(const Write &write)
{
    m_writes.append(write);
    if (m_writes.size() == 1)
        startWrite();
}

void KeychainCredentialStore::startWrite()
{
    const Write &write = m_writes.constFirst();
    auto done = [this](const KeychainBackend::Result &result) {
        const Write finished = m_writes.takeFirst();
        const bool removing = !finished.code.has_value();
        const bool ok = result.status == KeychainBackend::Status::Ok
            || (removing && result.status == KeychainBackend::Status::NotFound);
        if (!ok) {
            const QString message = removing
                ? withDetail(tr("An access code could not be removed from the keyring%1."),
                             result.errorString)
                : withDetail(tr("An access code could not be saved in the keyring%1. FarmCam "
                                "uses it until it quits; enter it again once the keyring "
                                "works."),
                             result.errorString);
            qCWarning(lcKeychain).noquote() << message;
            emit writeFailed(message);
        } else if (!removing) {
            applyLabel(finished.id); // the keychain labels a new entry with its service name
        }
        if (m_writes.isEmpty())
            emit writesFinished();
        else
            startWrite();
    };
    if (write.code)
        m_keychain->write(keyFor(write.id), *write.code, this, std::move(done));
    else
        m_keychain->remove(keyFor(write.id), this, std::move(done));
}

QString KeychainCredentialStore::refusal() const
{
    return tr("FarmCam is still opening your desktop's keyring; try again in a moment.");
}
