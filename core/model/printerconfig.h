// What the user configured for one printer. The access code is kept apart, in a CredentialStore.
#pragma once

#include "trust/tlstrust.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <QUuid>

struct PrinterConfig
{
    static constexpr quint16 kDefaultCameraPort = 6000;
    static constexpr quint16 kDefaultStatusPort = 8883; // MQTT over TLS

    QUuid id; // stable key for settings and credentials; survives renames and IP changes
    QString name;
    QString host; // IP address or host name
    quint16 port = kDefaultCameraPort;
    QString serial; // optional; with caFile, the name the certificate must carry
    QString model; // optional: the model code a discovery announcement gave ("C12" = P1S)
    // Print status over MQTT on statusPort, with the same host, access code and trust. Off: the
    // tile shows the camera only.
    bool statusEnabled = true;
    quint16 statusPort = kDefaultStatusPort;
    // Trust in the printer's certificate: its SHA-256 fingerprint, pinned on the first successful
    // connection (trust on first use), or, when caFile is set, verification against that CA.
    QString certificateFingerprint;
    QString caFile;

    // How every connection to this printer (camera, status, the dialog's test, a check at a new
    // address) trusts its certificate before the access code is sent.
    TlsTrust trust() const { return TlsTrust::forPrinter(certificateFingerprint, caFile, serial); }

    bool operator==(const PrinterConfig &other) const
    {
        return id == other.id && name == other.name && host == other.host && port == other.port
            && serial == other.serial && model == other.model
            && statusEnabled == other.statusEnabled && statusPort == other.statusPort
            && certificateFingerprint == other.certificateFingerprint && caFile == other.caFile;
    }
    bool operator!=(const PrinterConfig &other) const { return !(*this == other); }

    // Validation shared by the dialogs, the settings loader and farmcam-grab. Each returns an empty
    // string when the value is fine, otherwise one sentence for the user.
    static QString nameError(const QString &name);
    static QString hostError(const QString &host); // IPv4/IPv6 literal or RFC 1123 host name
    static QString portError(int port); // 1-65535
    static QString accessCodeError(const QString &code); // 1-32 printable ASCII
    static QString serialError(const QString &serial); // empty or [A-Za-z0-9]{1,32}

    // "P1S" for "C12" (the codes printers announce); the code itself when unknown, empty for empty.
    static QString modelName(const QString &modelCode);
    // The other way round, for people who type a model: "C12" for "P1S" (or for "C12"), ignoring
    // case and spaces; empty when neither a known name nor a known code.
    static QString modelCode(const QString &modelNameOrCode);

    // One spelling of a host for comparisons: an IP address in QHostAddress's canonical form
    // (an IPv4-mapped IPv6 address as IPv4), a host name in lower case without a trailing dot.
    static QString canonicalHost(const QString &host);

    // Two configurations that reach the same printer: FarmCam would open a second connection to
    // a camera that serves two viewers at most. The ids are not compared.
    enum class Overlap {
        None,
        SameCamera, // the same host (canonicalHost) and camera port
        SameSerial, // the same serial number (case-insensitive), wherever it is
    };
    Overlap overlapWith(const PrinterConfig &other) const;
    // The first of `configs`, other than `config` itself (same id), that overlaps it; -1 if none.
    static qsizetype indexOfOverlap(const QList<PrinterConfig> &configs,
                                    const PrinterConfig &config, Overlap *overlap = nullptr);
    // One short sentence for the user: which printer is already set up that way (it fits under
    // the dialog's field); overlapReason() says why that matters.
    static QString overlapError(Overlap overlap, const QString &existingName);
    static QString overlapReason();
};

Q_DECLARE_METATYPE(PrinterConfig)
