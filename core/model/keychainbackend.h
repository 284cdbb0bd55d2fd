// The system keychain as KeychainCredentialStore needs it: one text secret per key, read, written
// and deleted asynchronously. QtKeychainBackend is the real one; tests use a fake that can fail or
// never answer, so the store's logic is tested without D-Bus.
#pragma once

#include <QString>
#include <QtGlobal>

#include <functional>

class QObject;

class KeychainBackend
{
public:
    enum class Status {
        Ok,
        NotFound, // the keychain answered: there is no such entry
        NoBackend, // no keychain service is running or reachable
        AccessDenied, // locked, or the user refused
        Failed, // anything else; errorString says what
    };

    struct Result
    {
        Status status = Status::Failed;
        QString secret; // read() with Ok only
        QString errorString; // from the keychain; never contains a secret
    };

    // Called exactly once, later (never from within the call that started the job), in the
    // thread of `context`; not at all once `context` is destroyed.
    using Callback = std::function<void(const Result &result)>;

    virtual ~KeychainBackend() = default;

    // For the user: which keychain this is, e.g. "Secret Service".
    virtual QString name() const = 0;

    virtual void read(const QString &key, QObject *context, Callback done) = 0;
    virtual void write(const QString &key, const QString &secret, QObject *context, Callback done)
        = 0;
    // Deleting an entry that does not exist is Ok or NotFound, depending on the keychain.
    virtual void remove(const QString &key, QObject *context, Callback done) = 0;
    // Names an existing entry for whoever looks into the keyring (the Secret Service's item
    // label). Best effort and unanswered: a keychain without labels, or an entry it cannot find
    // or change, leaves things as they are. Nothing happens once `context` is destroyed.
    virtual void setLabel(const QString &key, const QString &label, QObject *context)
    {
        Q_UNUSED(key)
        Q_UNUSED(label)
        Q_UNUSED(context)
    }
};
