// A keychain in memory for tests: it can be told to fail, to answer only when the test says so, or
// never to answer. No D-Bus, so no test that uses it can touch the user's keyring.
#pragma once

#include "model/keychainbackend.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <utility>

class FakeKeychainBackend final : public KeychainBackend
{
public:
    using Status = KeychainBackend::Status;

    QHash<QString, QString> entries; // key -> secret
    QStringList calls; // "read <key>", "write <key>", "remove <key>", "label <key> <label>"
    QHash<QString, QString> labels; // key -> label

    // What the next operations answer, unless they find or miss an entry (Ok/NotFound).
    Status readStatus = Status::Ok;
    Status writeStatus = Status::Ok;
    Status removeStatus = Status::Ok;
    int writesBeforeFailing = -1; // >= 0: that many writes succeed, then writeStatus is used
    QString errorString = QStringLiteral("the fake keychain was told to fail");

    // Held: operations wait for answerNext() (never, for a keychain that does not answer).
    bool held = false;

    QString name() const override { return QStringLiteral("Fake Keychain"); }

    void read(const QString &key, QObject *context, Callback done) override
    {
        calls.append(QStringLiteral("read ") + key);
        schedule(context, [this, key, done = std::move(done)] {
            Result result;
            result.status = readStatus;
            if (result.status == Status::Ok) {
                const auto it = entries.constFind(key);
                if (it == entries.cend())
                    result.status = Status::NotFound;
                else
                    result.secret = *it;
            }
            finish(result, done);
        });
    }

    void write(const QString &key, const QString &secret, QObject *context, Callback done) override
    {
        calls.append(QStringLiteral("write ") + key);
        schedule(context, [this, key, secret, done = std::move(done)] {
            Result result;
            result.status = writeStatus;
            if (writesBeforeFailing > 0) {
                --writesBeforeFailing;
                result.status = Status::Ok;
            }
            if (result.status == Status::Ok)
                entries.insert(key, secret);
            finish(result, done);
        });
    }

    void remove(const QString &key, QObject *context, Callback done) override
    {
        calls.append(QStringLiteral("remove ") + key);
        schedule(context, [this, key, done = std::move(done)] {
            Result result;
            result.status = removeStatus;
            if (result.status == Status::Ok && !entries.remove(key))
                result.status = Status::NotFound;
            finish(result, done);
        });
    }

    void setLabel(const QString &key, const QString &label, QObject *) override
    {
        calls.append(QStringLiteral("label ") + key + u' ' + label);
        labels.insert(key, label);
    }

    int pending() const { return static_cast<int>(m_held.size()); }

    // Answers the oldest held operation (as the keychain would, later: queued).
    void answerNext()
    {
        if (m_held.isEmpty())
            return;
        auto [context, answer] = m_held.takeFirst();
        if (context)
            QMetaObject::invokeMethod(context, std::move(answer), Qt::QueuedConnection);
    }

private:
    void schedule(QObject *context, std::function<void()> answer)
    {
        if (held) {
            m_held.append({QPointer<QObject>(context), std::move(answer)});
            return;
        }
        // Never from within the call, and not at all once `context` is gone: the contract.
        QMetaObject::invokeMethod(context, std::move(answer), Qt::QueuedConnection);
    }

    void finish(Result result, const Callback &done) const
    {
        if (result.status != Status::Ok && result.status != Status::NotFound)
            result.errorString = errorString;
        done(result);
    }

    QList<std::pair<QPointer<QObject>, std::function<void()>>> m_held;
};
