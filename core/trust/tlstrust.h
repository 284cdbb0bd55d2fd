// The one rule by which FarmCam trusts a printer's TLS certificate, checked before any byte that
// carries its access code is sent: by the camera, the status link, the dialog's test and the
// check that follows a printer to a new address.
#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>

class QByteArray;
class QSslCertificate;
class QSslSocket;

// Printers present a certificate from Bambu's private CA whose name is the serial number, never
// the address. So a printer is trusted in one of three ways:
//  - Authority: verified against a CA file, with the serial (`peerName`) as the name;
//  - Pin: the certificate's SHA-256 must equal the pinned fingerprint;
//  - FirstUse: anything is accepted once; the caller pins what it saw when the printer accepted
//    the access code.
struct TlsTrust
{
    Q_DECLARE_TR_FUNCTIONS(TlsTrust)

public:
    enum class Mode { FirstUse, Pin, Authority };

    QString pinnedFingerprint; // as normalizeFingerprint() returns it (any spelling is accepted)
    QString caFile;
    QString peerName; // the printer's serial; needed with a CA file

    // The trust a printer's settings ask for: its CA file (then with its serial as the name), else
    // its pin, else first use.
    static TlsTrust forPrinter(const QString &pinnedFingerprint, const QString &caFile,
                               const QString &serial);

    Mode mode() const;
    // Empty when the settings can be used; else one sentence for the user.
    QString validationError() const;
    // The CA file's certificates (PEM or DER); empty when it cannot be read.
    QList<QSslCertificate> authorities() const;

    // Sets up `socket` before it connects: with a CA file, peer verification against it and the
    // peer name; otherwise the handshake accepts any certificate and accepts() decides after it.
    void applyTo(QSslSocket *socket) const;
    // Whether a handshake that presented `fingerprint` may go on to send the access code. With a
    // CA file the handshake itself has verified the certificate.
    bool accepts(const QString &fingerprint) const;

    bool operator==(const TlsTrust &other) const;
    bool operator!=(const TlsTrust &other) const { return !(*this == other); }

    // SHA-256 of a certificate (DER), upper-case hex pairs with colons, as
    // `openssl x509 -fingerprint -sha256` prints it.
    static QString fingerprintOf(const QSslCertificate &certificate);
    // The same spelling for a raw 32-byte SHA-256 digest.
    static QString formatDigest(const QByteArray &sha256);
    // "AB:CD:…" from a fingerprint written with or without colons, in either case (a leading
    // "sha256 Fingerprint=" is accepted). Empty when `text` is not 32 bytes of hex.
    static QString normalizeFingerprint(const QString &text);
    // The 32 bytes of a fingerprint; empty when it is not one.
    static QByteArray digestOf(const QString &fingerprint);
};
