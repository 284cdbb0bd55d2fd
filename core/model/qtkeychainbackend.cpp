#include "model/qtkeychainbackend.h"

#include <QCoreApplication>
#include <QObject>

#ifdef FARMCAM_KEYCHAIN_ON_DBUS
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusReply>
#endif

#include <qt6keychain/keychain.h>

namespace {

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

void QtKeychainBackend::remove(const QString &key, QObject *context, Callback done)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service); // deletes itself, see run()
    run(job, key, context,
        [done = std::move(done)](const QKeychain::Job *finished) { done(resultOf(finished)); });
}
