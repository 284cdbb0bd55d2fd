// What the user configured for one printer. The access code is kept apart, in a CredentialStore.
#pragma once

#include "trust/tlstrust.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QUuid>

struct PrinterConfig
{
    static constexpr quint16 kDefaultCameraPort = 6000; // the JPEG stream
    static constexpr quint16 kDefaultRtspsPort = 322;
    static constexpr quint16 kDefaultStatusPort = 8883; // MQTT over TLS

    // How the printer serves its camera. Automatic follows the model: RTSPS on X1, X1C, X1E,
    // H2C, H2D, H2S, P2S and X2D, the port-6000 JPEG stream on the others and when the model is
    // unknown. MJPEG over HTTP(S) is not a printer but a re-streamer in front of one (another
    // FarmCam, mjpg-streamer, go2rtc, an OctoPrint webcam) or a USB webcam beside it.
    enum class CameraKind { Automatic, JpegStream, Rtsps, MjpegHttp };
    // Whether this printer's prints make a timelapse: as the farm-wide setting says
    // (AppSettings::Key::TimelapseEnabled), or always, or never.
    enum class TimelapseChoice { Default, On, Off };

    QUuid id; // stable key for settings and credentials; survives renames and IP changes
    QString name;
    QString host; // IP address or host name
    quint16 port = kDefaultCameraPort;
    QString serial; // optional; with caFile, the name the certificate must carry
    QString model; // optional: the model code a discovery announcement gave ("C12" = P1S)
    CameraKind cameraKind = CameraKind::Automatic;
    // MJPEG over HTTP(S) only: the stream's address, and the user for HTTP Basic auth (empty: the
    // secret kept in place of the access code is sent as a Bearer token).
    QUrl cameraUrl;
    QString cameraUser;
    // Print status over MQTT on statusPort, with the same host, access code and trust. Off: the
    // tile shows the camera only.
    bool statusEnabled = true;
    quint16 statusPort = kDefaultStatusPort;
    // Trust in the printer's certificate: its SHA-256 fingerprint, pinned on the first successful
    // connection (trust on first use), or, when caFile is set, verification against that CA.
    QString certificateFingerprint;
    QString caFile;
    TimelapseChoice timelapse = TimelapseChoice::Default;

    // How every connection to this printer (camera, status, the dialog's test, a check at a new
    // address) trusts its certificate before the access code is sent.
    TlsTrust trust() const { return TlsTrust::forPrinter(certificateFingerprint, caFile, serial); }

    // The kind the camera is dialled as: cameraKind, or for Automatic the model's
    // (cameraKindForModel), the port-6000 JPEG stream when the model does not tell.
    CameraKind effectiveCameraKind() const;
    // RTSPS or JpegStream for a model code or name ("BL-P001", "X1C"); Automatic when unknown.
    static CameraKind cameraKindForModel(const QString &model);
    // 6000 for the JPEG stream, 322 for RTSPS; 0 for MJPEG over HTTP (its URL has the port).
    static quint16 defaultPortFor(CameraKind kind);
    // Words for the user: "JPEG stream, port 6000".
    static QString cameraKindName(CameraKind kind);
    // The spelling in settings files: "auto", "jpeg", "rtsps", "mjpeg-http"; and back
    // (Automatic for anything else, so a file from a newer version still loads).
    static QString cameraKindKey(CameraKind kind);
    static CameraKind cameraKindFromKey(const QString &key);
    // Whether the camera logs in to the printer itself with its access code (and so shares the
    // printer's certificate with the status link). Not for MJPEG over HTTP.
    // The spelling in settings files: "default", "on", "off"; and back (Default for anything
    // else). Whether a timelapse is made, given the farm-wide default.
    static QString timelapseChoiceKey(TimelapseChoice choice);
    static TimelapseChoice timelapseChoiceFromKey(const QString &key);
    bool timelapseEnabled(bool farmDefault) const
    {
        return timelapse == TimelapseChoice::Default ? farmDefault
                                                     : timelapse == TimelapseChoice::On;
    }
    bool cameraIsPrinter() const { return effectiveCameraKind() != CameraKind::MjpegHttp; }

    bool operator==(const PrinterConfig &other) const
    {
        return id == other.id && name == other.name && host == other.host && port == other.port
            && serial == other.serial && model == other.model && cameraKind == other.cameraKind
            && cameraUrl == other.cameraUrl && cameraUser == other.cameraUser
            && statusEnabled == other.statusEnabled && statusPort == other.statusPort
            && certificateFingerprint == other.certificateFingerprint && caFile == other.caFile
            && timelapse == other.timelapse;
    }
    bool operator!=(const PrinterConfig &other) const { return !(*this == other); }

    // Validation shared by the dialogs, the settings loader and farmcam-grab. Each returns an empty
    // string when the value is fine, otherwise one sentence for the user.
    static QString nameError(const QString &name);
    static QString hostError(const QString &host); // IPv4/IPv6 literal or RFC 1123 host name
    static QString portError(int port); // 1-65535
    static QString accessCodeError(const QString &code); // 1-32 printable ASCII
    // MJPEG over HTTP(S): the token or password kept in place of the access code; optional.
    static QString streamSecretError(const QString &secret);
    static QString serialError(const QString &serial); // empty or [A-Za-z0-9]{1,32}

    // "P1S" for "C12" (the codes printers announce); the code itself when unknown, empty for empty.
    static QString modelName(const QString &modelCode);
    // Every model FarmCam knows, by name, in the order a model picker lists them. A name is also
    // a valid `model` value (modelName() returns it as it is).
    static QStringList knownModelNames();
    // MJPEG over HTTP(S): an http:// or https:// URL with a host, without user or password in it
    // (they go in their own fields, so the secret is kept like an access code). Empty when fine.
    static QString cameraUrlError(const QUrl &url);

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
