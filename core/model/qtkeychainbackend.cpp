#include "model/qtkeychainbackend.h"

#include <QCoreApplication>
#include <QObject>

#ifdef FARMCAM_KEYCHAIN_ON_DBUS
#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusReply>
#include <QDBusVariant>
#include <QLoggingCategory>
#endif

#include <qt6keychain/keychain.h>

namespace {

#ifdef FARMCAM_KEYCHAIN_ON_DBUS
Q_LOGGING_CATEGORY(lcKeychainLabel, "farmcam.model")

const QString kSecretService = QStringLiteral("org.freedesktop.secrets");
const QString kSecretItem = QStringLiteral("org.freedesktop.Secret.Item");
const QString kProperties = QStringLiteral("org.freedesktop.DBus.Properties");

using Attributes = QMap<QString, QString>; // D-Bus a{ss}

// The item's Label, unless it says so already (no needless write to the keyring's file).
void relabelItem(const QString &path, const QString &label, QObject *context)
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    QDBusMessage get
        = QDBusMessage::createMethodCall(kSecretService, path, kProperties, QStringLiteral("Get"));
    get << kSecretItem << QStringLiteral("Label");
    auto *watcher = new QDBusPendingCallWatcher(bus.asyncCall(get), context);
    QObject::connect(watcher, &QDBusPendingCallWatcher::finished, context,
                     [path, label](QDBusPendingCallWatcher *call) {
                         call->deleteLater();
                         const QDBusPendingReply<QDBusVariant> current = *call;
                         if (current.isValid() && current.value().variant().toString() == label)
                             return;
                         QDBusMessage set = QDBusMessage::createMethodCall(
                             kSecretService, path, kProperties, QStringLiteral("Set"));
                         set << kSecretItem << QStringLiteral("Label")
                             << QVariant::fromValue(QDBusVariant(label));
                         // Unanswered: a label is a courtesy, not worth a wait.
                         QDBusConnection::sessionBus().call(set, QDBus::NoBlock);
                     });
}
#endif

// Whether the session bus has a keyring on it, running or to be started on demand. QtKeychain
// reports "no bus" and "no Secret Service on the bus" as OtherError, with GDBus's words ("The name
// org.freedesktop.secrets was not provided by any .service files"): this tells them apart from a
// keyring that is there and failed. Asked only after a job failed.
bool keyringOnSessionBus()
{
#ifndef FARMCAM_KEYCHAIN_ON_DBUS
    return true; // elsewhere the system's keychain is always there
#else
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected() || !bus.interface())
        return false;
    static const QStringList kServices{
        QStringLiteral("org.freedesktop.secrets"), // GNOME Keyring, KeePassXC, KWallet 5.97+
        QStringLiteral("org.kde.kwalletd5"),
        QStringLiteral("org.kde.kwalletd6"),
    };
    QDBusConnectionInterface *daemon = bus.interface();
    for (const QString &service : kServices) {
        if (daemon->isServiceRegistered(service).value())
            return true;
    }
    const QDBusReply<QStringList> activatable
        = daemon->call(QStringLiteral("ListActivatableNames"));
    if (!activatable.isValid())
        return false;
    for (const QString &service : kServices) {
        if (activatable.value().contains(service))
            return true;
    }
    return false;
#endif
}

KeychainBackend::Result resultOf(const QKeychain::Job *job)
{
    KeychainBackend::Result result;
    switch (job->error()) {
    case QKeychain::NoError:
        result.status = KeychainBackend::Status::Ok;
        break;
    case QKeychain::EntryNotFound:
        result.status = KeychainBackend::Status::NotFound;
        break;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        result.status = KeychainBackend::Status::AccessDenied;
        break;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        result.status = KeychainBackend::Status::NoBackend;
        break;
    case QKeychain::CouldNotDeleteEntry:
        result.status = KeychainBackend::Status::Failed;
        break;
    case QKeychain::OtherError:
        result.status = keyringOnSessionBus() ? KeychainBackend::Status::Failed
                                              : KeychainBackend::Status::NoBackend;
        break;
    }
    if (result.status != KeychainBackend::Status::Ok)
        result.errorString = job->errorString();
    return result;
}

// The job deletes itself once finished (QtKeychain's autoDelete). It must not be given a parent:
// deleting a running job leaves libsecret a dangling pointer for its callback. `context` only
// guards the callback. The start is queued so that `done` never runs inside read()/write()/
// remove(): QtKeychain may finish a job synchronously (e.g. when no backend is found).
void run(QKeychain::Job *job, const QString &key, QObject *context,
         std::function<void(const QKeychain::Job *)> done)
{
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never plain text behind the user's back
    job->setKey(key);
    QObject::connect(job, &QKeychain::Job::finished, context,
                     [done = std::move(done)](QKeychain::Job *finished) { done(finished); });
    QMetaObject::invokeMethod(job, &QKeychain::Job::start, Qt::QueuedConnection);
}

} // namespace

QtKeychainBackend::QtKeychainBackend(const QString &service)
    : m_service(service)
{ }

QString QtKeychainBackend::name() const
{
    // QtKeychain does not say which backend it chose. Like QtKeychain, take KWallet on a KDE
    // desktop and the Secret Service everywhere else.
    const QByteArray desktop = qgetenv("XDG_CURRENT_DESKTOP");
    if (desktop.split(':').contains("KDE"))
        return QCoreApplication::translate("QtKeychainBackend", "KWallet");
    return QCoreApplication::translate("QtKeychainBackend", "Secret Service");
}

void QtKeychainBackend::read(const QString &key, QObject *context, Callback done)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service); // deletes itself, see run()
    run(job, key, context, [done = std::move(done)](const QKeychain::Job *finished) {
        Result result = resultOf(finished);
        if (result.status == Status::Ok)
            result.secret = static_cast<const QKeychain::ReadPasswordJob *>(finished)->textData();
        done(result);
    });
}

void QtKeychainBackend::write(const QString &key, const QString &secret, QObject *context,
                              Callback done)
{
    auto *job = new QKeychain::WritePasswordJob(m_service); // deletes itself, see run()
    job->setTextData(secret);
    run(job, key, context,
        [done = std::move(done)](const QKeychain::Job *finished) { done(resultOf(finished)); });
}

void QtKeychainBackend::setLabel(const QString &key, const QString &label, QObject *context)
{
#ifndef FARMCAM_KEYCHAIN_ON_DBUS
    Q_UNUSED(key)
    Q_UNUSED(label)
    Q_UNUSED(context)
#else
    if (name() != QCoreApplication::translate("QtKeychainBackend", "Secret Service"))
        return; // KWallet: entries have no label
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected() || !context)
        return;
    static const QMetaType registered = qDBusRegisterMetaType<Attributes>();
    Q_UNUSED(registered)
    // QtKeychain's libsecret schema stores the key as "user" and the service as "server".
    QDBusMessage search = QDBusMessage::createMethodCall(
        kSecretService, QStringLiteral("/org/freedesktop/secrets"),
        QStringLiteral("org.freedesktop.Secret.Service"), QStringLiteral("SearchItems"));
    search << QVariant::fromValue(
        Attributes{{QStringLiteral("user"), key}, {QStringLiteral("server"), m_service}});
    auto *watcher = new QDBusPendingCallWatcher(bus.asyncCall(search), context);
    QObject::connect(
        watcher, &QDBusPendingCallWatcher::finished, context,
        [label, context](QDBusPendingCallWatcher *call) {
            call->deleteLater();
            const QDBusPendingReply<QList<QDBusObjectPath>, QList<QDBusObjectPath>> found = *call;
            if (!found.isValid()) {
                qCDebug(lcKeychainLabel).noquote()
                    << "No keyring entry to label:" << found.error().message();
                return;
            }
            // Locked items are left alone: labelling is no reason for an unlock
            // prompt.
            const QList<QDBusObjectPath> unlocked = found.argumentAt<0>();
            for (const QDBusObjectPath &item : unlocked)
                relabelItem(item.path(), label, context);
        });
#endif
}

void QtKeychainBackend::remove(const QString &key, QObject *context, Callback done)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service); // deletes itself, see run()
    run(job, key, context,
        [done = std::move(done)](const QKeychain::Job *finished) { done(resultOf(finished)); });
}
