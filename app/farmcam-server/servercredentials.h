// Where farmcam-server keeps access codes and the sharing token: the store the FarmCam app uses.
#pragma once

#include <QList>
#include <QString>
#include <QUuid>

#include <chrono>
#include <memory>

class CredentialStore;
class KeychainCredentialStore;

// The app's choice, for a program without a window: the desktop keyring (QtKeychain) when there
// is a session bus to reach one, else the owner-only file beside the settings
// (FileCredentialStore::defaultFilePath()). A system service has no session bus: it uses the file
// at once instead of waiting for a keyring that cannot answer. The choice is logged, in words.
class ServerCredentials final
{
    Q_DISABLE_COPY_MOVE(ServerCredentials)

public:
    // Shorter than the app's: nobody is at a headless box to answer an unlock prompt.
    static constexpr std::chrono::milliseconds kKeyringTimeout{10000};

    ServerCredentials();
    // Waits (bounded) until every change has reached the keyring.
    ~ServerCredentials();

    // Opens the store and reads the codes of `ids` (the printers' and the token's), running a
    // local event loop until the keyring has answered, failed or timed out. Call before the main
    // event loop; once.
    void open(const QList<QUuid> &ids);

    CredentialStore *store() const { return m_store.get(); }
    // Which store is in use, in words ("Access codes are stored in …, readable only by you.").
    QString description() const;

    // Waits until the keyring has taken every change (a printer command's, before it exits).
    // False with `errorMessage` when a write failed or did not finish in time.
    bool finishWrites(QString *errorMessage);

private:
    std::unique_ptr<CredentialStore> m_store;
    KeychainCredentialStore *m_keychain = nullptr; // m_store, when a keyring was tried
    QString m_writeError; // the last failed write-through, one sentence
    QString m_noKeyringReason;
};
