#pragma once

#include "model/credentialstore.h"

#include <QHash>
#include <QList>
#include <QObject>

#include <chrono>
#include <memory>

class FileCredentialStore;
class KeychainBackend;
class QTimer;

// Access codes in the system keychain (key: the printer's id), or, when no keychain answers, in
// the owner-only file; the choice is made once, in open(), and description() tells the user.
//
// CredentialStore is synchronous and used from the GUI thread; keychains are asynchronous and may
// put up an unlock prompt. So the keychain is never waited for inside a CredentialStore call:
// - open() reads the codes of the given printers into memory, then moves the codes still in the
//   file into the keychain; only once every one of them is written are they removed from the file
//   (and the file deleted when nothing is left in it). ready() says it is done. If the keychain
//   fails or has not finished within the timeout, the store uses the file and nothing is removed
//   from it. The app loads its printers after ready().
// - accessCode() answers from memory.
// - setAccessCode()/removeAccessCode() change memory, return true, and write through to the
//   keychain, one job at a time, in order. A write that fails is reported by writeFailed(); the
//   code stays in use until FarmCam quits. Waiting for the write instead would need a nested event
//   loop inside the farm's add/update: timers, sockets and other windows would re-enter the farm
//   halfway through a change, and a prompt can keep it there for minutes. A keychain that has just
//   answered open() rarely refuses a write; when it does, the user is told, not left guessing.
// - waitForWrites() is for shutdown only, so that a code entered just before quitting is saved.
class KeychainCredentialStore final : public QObject, public CredentialStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeychainCredentialStore)

public:
    enum class State {
        Closed, // open() not called yet
        Opening,
        Keychain, // codes are in the keychain
        File, // no keychain answered: codes are in the owner-only file
    };
    Q_ENUM(State)

    // Long enough for the user to answer an unlock prompt; a daemon that hangs is given up on.
    static constexpr std::chrono::milliseconds kDefaultOpenTimeout{30000};

    // `keychain` may be null (no keychain support): open() then chooses the file at once.
    // `filePath`: the owner-only file, read now; the fallback and the source of codes to move.
    KeychainCredentialStore(std::unique_ptr<KeychainBackend> keychain, const QString &filePath,
                            QObject *parent = nullptr);
    ~KeychainCredentialStore() override;

    // Once only. `printerIds`: the printers whose codes are needed now. Emits ready() when the
    // store is usable (before returning, when there is no keychain).
    void open(const QList<QUuid> &printerIds,
              std::chrono::milliseconds timeout = kDefaultOpenTimeout);
    State state() const { return m_state; }
    bool isReady() const { return m_state == State::Keychain || m_state == State::File; }
    QString filePath() const;

    QString description() const override;
    std::optional<QString> accessCode(const QUuid &printerId) const override;
    // Before ready() these fail: nothing is known yet about where codes go.
    bool setAccessCode(const QUuid &printerId, const QString &code, QString *errorMessage) override;
    bool removeAccessCode(const QUuid &printerId, QString *errorMessage) override;
    // Labels the printer's keyring entry "FarmCam: <name>" (after its write, when one is pending).
    void setPrinterName(const QUuid &printerId, const QString &name) override;
    static QString labelFor(const QString &printerName);

    bool hasPendingWrites() const { return !m_writes.isEmpty(); }
    // Runs a local event loop until the keychain has taken every pending write or `timeout`
    // passed; true when nothing is pending any more. For shutdown, after the main loop has ended.
    bool waitForWrites(std::chrono::milliseconds timeout);

signals:
    void ready();
    // A write-through to the keychain failed. One sentence for the user, never the code.
    void writeFailed(const QString &message);
    // The last pending write has finished (successfully or not).
    void writesFinished();

private:
    struct Write
    {
        QUuid id;
        std::optional<QString> code; // none: delete the entry
    };

    void readNext();
    void migrateNext();
    void finishOpening();
    // `reason`: one sentence for the user; `detail`: the keychain's own error, for the log only.
    void fallBack(const QString &reason, const QString &detail = QString());
    void enqueue(const Write &write);
    void startWrite();
    void applyLabel(const QUuid &printerId);
    QString refusal() const;

    std::unique_ptr<KeychainBackend> m_keychain;
    std::unique_ptr<FileCredentialStore> m_file;
    State m_state = State::Closed;
    QTimer *m_openTimer; // child
    QList<QUuid> m_toRead; // while opening
    QList<QUuid> m_toMigrate; // while opening
    QList<QUuid> m_migrated; // while opening
    QString m_fallbackReason; // State::File: why, one sentence
    QHash<QUuid, QString> m_codes; // State::Keychain: every known code
    QHash<QUuid, QString> m_names; // setPrinterName(), for the entries' labels
    QList<Write> m_writes; // the first one is running
};
