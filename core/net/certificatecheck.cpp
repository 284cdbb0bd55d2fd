#include "net/certificatecheck.h"

#include "net/cameraconnection.h"

#include <QSslCertificate>
#include <QSslConfiguration>
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
    m_socket = new QSslSocket(this);
    if (caFile.isEmpty()) {
        // The pin is compared by the caller; the certificate itself is not verified here.
        m_socket->setPeerVerifyMode(QSslSocket::QueryPeer);
        connect(m_socket, &QSslSocket::sslErrors, m_socket,
                [socket = m_socket](const QList<QSslError> &) { socket->ignoreSslErrors(); });
    } else {
        QList<QSslCertificate> authorities = QSslCertificate::fromPath(caFile, QSsl::Pem);
        if (authorities.isEmpty())
            authorities = QSslCertificate::fromPath(caFile, QSsl::Der);
        QSslConfiguration configuration = m_socket->sslConfiguration();
        configuration.setCaCertificates(authorities);
        configuration.setPeerVerifyMode(QSslSocket::VerifyPeer);
        m_socket->setSslConfiguration(configuration);
        m_socket->setPeerVerifyName(peerName);
    }
    connect(m_socket, &QSslSocket::encrypted, this, [this] {
        const QByteArray digest = m_socket->peerCertificate().digest(QCryptographicHash::Sha256);
        finish(CameraConnection::normalizeFingerprint(QString::fromLatin1(digest.toHex())), {});
    });
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
