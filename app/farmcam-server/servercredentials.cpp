#include "servercredentials.h"

#include "model/filecredentialstore.h"
#include "model/keychainbackend.h"
#include "model/keychaincredentialstore.h"

#ifdef FARMCAM_HAVE_KEYCHAIN
#include "model/qtkeychainbackend.h"
#endif

#include <QCoreApplication>
#include <QEventLoop>
#include <QLoggingCategory>
#include <QProcessEnvironment>

namespace {

Q_LOGGING_CATEGORY(lcServer, "farmcam.server")

constexpr std::chrono::seconds kWriteWait{5};

} // namespace

ServerCredentials::ServerCredentials() = default;

ServerCredentials::~ServerCredentials()
{
    if (m_keychain && m_keychain->hasPendingWrites())
        m_keychain->waitForWrites(kWriteWait);
}

void ServerCredentials::open(const QList<QUuid> &ids)
{
#ifdef FARMCAM_HAVE_KEYCHAIN
    // QtKeychain reaches the keyring over the session bus. Without one (a system service, an SSH
    // login without a session), no keyring can answer: the file, at once and on purpose.
    const bool sessionBus = !QProcessEnvironment::systemEnvironment()
                                 .value(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"))
                                 .isEmpty();
    if (sessionBus) {
        auto store = std::make_unique<KeychainCredentialStore>(
            std::make_unique<QtKeychainBackend>(), FileCredentialStore::defaultFilePath());
        m_keychain = store.get();
        QObject::connect(m_keychain, &KeychainCredentialStore::writeFailed, m_keychain,
                         [this](const QString &message) { m_writeError = message; });
        if (!m_keychain->isReady()) {
            QEventLoop loop;
            QObject::connect(m_keychain, &KeychainCredentialStore::ready, &loop, &QEventLoop::quit);
            m_keychain->open(ids, kKeyringTimeout);
            if (!m_keychain->isReady())
                loop.exec();
        }
        m_store = std::move(store);
        qCInfo(lcServer).noquote() << description();
        return;
    }
    m_noKeyringReason = QCoreApplication::translate(
        "ServerCredentials",
        "No session bus (DBUS_SESSION_BUS_ADDRESS is not set), so no keyring.");
#else
    Q_UNUSED(ids)
    m_noKeyringReason = QCoreApplication::translate(
        "ServerCredentials", "This FarmCam was built without keyring support.");
#endif
    m_store = std::make_unique<FileCredentialStore>(FileCredentialStore::defaultFilePath());
    qCWarning(lcServer).noquote() << description();
}

QString ServerCredentials::description() const
{
    if (!m_store)
        return {};
    const QString said = m_store->description();
    return m_noKeyringReason.isEmpty() ? said : m_noKeyringReason + u' ' + said;
}

bool ServerCredentials::finishWrites(QString *errorMessage)
{
    if (m_keychain && m_keychain->hasPendingWrites() && !m_keychain->waitForWrites(kWriteWait)) {
        if (errorMessage)
            *errorMessage = QCoreApplication::translate(
                "ServerCredentials", "The keyring did not take the change in time.");
        return false;
    }
    if (!m_writeError.isEmpty()) {
        if (errorMessage)
            *errorMessage = m_writeError;
        return false;
    }
    return true;
}
