#include "trust/tlstrust.h"

#include <QCryptographicHash>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslSocket>

namespace {

constexpr qsizetype kSha256Bytes = 32;

} // namespace

TlsTrust TlsTrust::forPrinter(const QString &pinnedFingerprint, const QString &caFile,
                              const QString &serial)
{
    TlsTrust trust;
    trust.caFile = caFile;
    if (caFile.isEmpty())
        trust.pinnedFingerprint = pinnedFingerprint;
    else
        trust.peerName = serial.trimmed(); // the CA's certificates name the serial
    return trust;
}

TlsTrust::Mode TlsTrust::mode() const
{
    if (!caFile.isEmpty())
        return Mode::Authority;
    if (!pinnedFingerprint.isEmpty())
        return Mode::Pin;
    return Mode::FirstUse;
}

QString TlsTrust::validationError() const
{
    switch (mode()) {
    case Mode::FirstUse:
        return {};
    case Mode::Pin:
        if (normalizeFingerprint(pinnedFingerprint).isEmpty())
            return tr("The pinned certificate fingerprint is not a SHA-256 fingerprint.");
        return {};
    case Mode::Authority:
        if (authorities().isEmpty())
            return tr("No certificate could be read from the CA file “%1”.").arg(caFile);
        if (peerName.isEmpty())
            return tr("Verifying against a CA file needs the printer's serial number.");
        return {};
    }
    return {};
}

QList<QSslCertificate> TlsTrust::authorities() const
{
    if (caFile.isEmpty())
        return {};
    QList<QSslCertificate> certificates = QSslCertificate::fromPath(caFile, QSsl::Pem);
    if (certificates.isEmpty())
        certificates = QSslCertificate::fromPath(caFile, QSsl::Der);
    return certificates;
}

void TlsTrust::applyTo(QSslSocket *socket) const
{
    if (mode() != Mode::Authority) {
        // The pin (or first use) is decided by accepts() once the handshake showed the
        // certificate, before anything is written.
        socket->setPeerVerifyMode(QSslSocket::QueryPeer);
        QObject::connect(socket, &QSslSocket::sslErrors, socket,
                         [socket](const QList<QSslError> &) { socket->ignoreSslErrors(); });
        return;
    }
    QSslConfiguration configuration = socket->sslConfiguration();
    configuration.setCaCertificates(authorities());
    configuration.setPeerVerifyMode(QSslSocket::VerifyPeer);
    socket->setSslConfiguration(configuration);
    socket->setPeerVerifyName(peerName);
}

bool TlsTrust::accepts(const QString &fingerprint) const
{
    if (mode() != Mode::Pin)
        return true; // verified by the handshake, or trusted on first use
    const QString pin = normalizeFingerprint(pinnedFingerprint);
    return !pin.isEmpty() && pin == normalizeFingerprint(fingerprint);
}

bool TlsTrust::operator==(const TlsTrust &other) const
{
    const auto pin = [](const QString &text) {
        const QString normalized = normalizeFingerprint(text);
        return normalized.isEmpty() ? text : normalized;
    };
    return pin(pinnedFingerprint) == pin(other.pinnedFingerprint) && caFile == other.caFile
        && peerName == other.peerName;
}

QString TlsTrust::fingerprintOf(const QSslCertificate &certificate)
{
    if (certificate.isNull())
        return {};
    return formatDigest(certificate.digest(QCryptographicHash::Sha256));
}

QString TlsTrust::formatDigest(const QByteArray &sha256)
{
    if (sha256.size() != kSha256Bytes)
        return {};
    return QString::fromLatin1(sha256.toHex(':').toUpper());
}

QString TlsTrust::normalizeFingerprint(const QString &text)
{
    return formatDigest(digestOf(text));
}

QByteArray TlsTrust::digestOf(const QString &fingerprint)
{
    QString hex = fingerprint.trimmed();
    const qsizetype equals = hex.lastIndexOf(QLatin1Char('='));
    if (equals >= 0)
        hex = hex.mid(equals + 1); // "sha256 Fingerprint=AB:CD:..."
    hex.remove(QLatin1Char(':'));
    if (hex.size() != kSha256Bytes * 2)
        return {};
    for (const QChar c : std::as_const(hex)) {
        const char16_t u = c.unicode();
        const bool isHex
            = (u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'f') || (u >= u'A' && u <= u'F');
        if (!isHex)
            return {};
    }
    return QByteArray::fromHex(hex.toLatin1());
}
