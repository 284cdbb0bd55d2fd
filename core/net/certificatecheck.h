// One TLS handshake to see which certificate a host presents; nothing is sent after it.
#pragma once

#include <QObject>
#include <QString>

#include <chrono>

class QSslSocket;
struct TlsTrust;
class QTimer;

// Used before FarmCam follows a printer to an address it announced: only a host that presents
// the printer's pinned certificate (or one its CA vouches for, with the serial as the name) gets
// the printer's access code later. No login, no access code here.
class CertificateCheck final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CertificateCheck)

public:
    explicit CertificateCheck(QObject *parent = nullptr);
    ~CertificateCheck() override;

    // Connects, completes the handshake, hangs up; finished() follows exactly once. With a CA
    // file the certificate must verify against it with `peerName` as its name.
    void start(const QString &host, quint16 port, const QString &caFile = {},
               const QString &peerName = {},
               std::chrono::milliseconds timeout = std::chrono::milliseconds(10000));
    // The same with a printer's trust: a CA file is verified during the handshake; a pin is left
    // to the caller to compare with the fingerprint finished() reports.
    void start(const QString &host, quint16 port, const TlsTrust &trust,
               std::chrono::milliseconds timeout = std::chrono::milliseconds(10000));

signals:
    // The certificate's SHA-256 as TlsTrust::fingerprintOf() writes it; empty, with
    // a sentence in `error`, when no handshake was completed or the CA refused the certificate.
    void finished(const QString &fingerprint, const QString &error);

private:
    void finish(const QString &fingerprint, const QString &error);

    QSslSocket *m_socket = nullptr; // child
    QTimer *m_timer; // child
    bool m_finished = false;
};
