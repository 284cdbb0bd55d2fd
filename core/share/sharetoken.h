// The sharing token: made, compared and kept like an access code.
#pragma once

#include <QByteArrayView>
#include <QString>
#include <QUuid>

class CredentialStore;

class ShareToken final
{
public:
    // 32 random bytes from the system's generator, base64url without padding (43 characters,
    // 256 bits): safe in a URL's query as it is.
    static QString generate();

    // Equal in time that depends only on the lengths, not on where the first difference is.
    static bool matches(QByteArrayView presented, QByteArrayView expected);

    // The key under which the token sits in a CredentialStore, beside the printers' access codes
    // (the keychain's entry, or the owner-only file). A fixed id no printer will ever have.
    static QUuid credentialId();

    // The stored token; when there is none, a new one generated and stored. Empty with
    // `errorMessage` set when the store refuses it (never containing the token).
    static QString ensureStored(CredentialStore *store, QString *errorMessage = nullptr);
    // A new token replaces the stored one (the user's "Regenerate"); every URL copied before
    // stops working. Empty with `errorMessage` set on failure (the old token then stays).
    static QString regenerate(CredentialStore *store, QString *errorMessage = nullptr);

    ShareToken() = delete;
};
