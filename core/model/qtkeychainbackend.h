#pragma once

#include "model/keychainbackend.h"

// The desktop's keychain through QtKeychain: Secret Service (GNOME Keyring, KeePassXC, ...) or
// KWallet, whichever QtKeychain finds. Entries live under the service "FarmCam". QtKeychain's
// plain-text fallback stays off: when no keychain answers, the caller decides what to do.
class QtKeychainBackend final : public KeychainBackend
{
public:
    explicit QtKeychainBackend(const QString &service = QStringLiteral("FarmCam"));

    QString name() const override;
    void read(const QString &key, QObject *context, Callback done) override;
    void write(const QString &key, const QString &secret, QObject *context, Callback done) override;
    void remove(const QString &key, QObject *context, Callback done) override;
    // QtKeychain 0.13 (Debian 12) has no label of its own: it labels every Secret Service item
    // with the service name ("FarmCam"). The item's Label property is set over D-Bus instead,
    // found by the attributes QtKeychain stores it under. KWallet has no labels.
    void setLabel(const QString &key, const QString &label, QObject *context) override;

private:
    QString m_service;
};
