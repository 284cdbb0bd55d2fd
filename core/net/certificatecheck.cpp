#include "net/certificatecheck.h"

#include "trust/tlstrust.h"

#include <QSslCertificate>
#include <QSslSocket>
#include <QTimer>

CertificateCheck::CertificateCheck(QObject *parent)
    : QObject(parent)
    , m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this,
            [this] { finish({}, tr("The host did not complete a TLS handshake in time.")); });
}

CertificateCheck::~CertificateCheck() = default;

void CertificateCheck::start(const QString &host, quint16 port, const QString &caFile,
                             const QString &peerName, std::chrono::milliseconds timeout)
{
    TlsTrust trust;
    trust.caFile = caFile;
    trust.peerName = peerName;
    start(host, port, trust, timeout);
}

void CertificateCheck::start(const QString &host, quint16 port, const TlsTrust &trust,
                             std::chrono::milliseconds timeout)
{
    m_socket = new QSslSocket(this);
    // With a CA file the handshake verifies; a pin is compared by the caller, which also decides
    // what a mismatch means (TlsTrust::accepts()).
    TlsTrust handshakeTrust = trust;
    handshakeTrust.pinnedFingerprint.clear();
    handshakeTrust.applyTo(m_socket);
    connect(m_socket, &QSslSocket::encrypted, this,
            [this] { finish(TlsTrust::fingerprintOf(m_socket->peerCertificate()), {}); });
    connect(m_socket, &QSslSocket::errorOccurred, this,
            [this] { finish({}, m_socket->errorString()); });
    m_timer->start(timeout);
    m_socket->connectToHostEncrypted(host, port);
}

void CertificateCheck::finish(const QString &fingerprint, const QString &error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_timer->stop();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
    emit finished(fingerprint, error);
}
