#include "model/qtkeychainbackend.h"

#include <QCoreApplication>
#include <QObject>

#include <qt6keychain/keychain.h>

namespace {

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
    case QKeychain::OtherError:
        result.status = KeychainBackend::Status::Failed;
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
