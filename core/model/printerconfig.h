// What the user configured for one printer. The access code is kept apart, in a CredentialStore.
#pragma once

#include <QMetaType>
#include <QString>
#include <QUuid>

struct PrinterConfig
{
    static constexpr quint16 kDefaultCameraPort = 6000;

    QUuid id; // stable key for settings and credentials; survives renames and IP changes
    QString name;
    QString host; // IP address or host name
    quint16 port = kDefaultCameraPort;
    QString serial; // optional; with caFile, the name the certificate must carry
    // Trust in the printer's certificate: its SHA-256 fingerprint, pinned on the first successful
    // connection (trust on first use), or, when caFile is set, verification against that CA.
    QString certificateFingerprint;
    QString caFile;

    bool operator==(const PrinterConfig &other) const
    {
        return id == other.id && name == other.name && host == other.host && port == other.port
            && serial == other.serial && certificateFingerprint == other.certificateFingerprint
            && caFile == other.caFile;
    }
    bool operator!=(const PrinterConfig &other) const { return !(*this == other); }

    // Validation shared by the dialogs, the settings loader and farmcam-grab. Each returns an empty
    // string when the value is fine, otherwise one sentence for the user.
    static QString nameError(const QString &name);
    static QString hostError(const QString &host); // IPv4/IPv6 literal or RFC 1123 host name
    static QString portError(int port); // 1-65535
    static QString accessCodeError(const QString &code); // 1-32 printable ASCII
    static QString serialError(const QString &serial); // empty or [A-Za-z0-9]{1,32}
};

Q_DECLARE_METATYPE(PrinterConfig)
