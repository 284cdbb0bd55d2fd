// A TLS server on 127.0.0.1 with the simulator's certificate that records every byte each client
// sent after the handshake, and optionally echoes them or sends bytes of its own. For proving
// what a client did (and did not) send.
#pragma once

#include "trust/tlstrust.h"

#include <QFile>
#include <QHostAddress>
#include <QList>
#include <QPointer>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>

#include <memory>

#include <functional>

// Not a Q_OBJECT (tests include it as a header): a callback instead of a signal.
class RecordingTlsServer final : public QObject
{
public:
    enum class Mode { Record, Echo };

    struct Client
    {
        QPointer<QSslSocket> socket; // QSslServer deletes those whose handshake failed
        QByteArray received; // decrypted bytes, all of them
        bool encrypted = false;
        bool disconnected = false;
    };

    explicit RecordingTlsServer(Mode mode = Mode::Record, QObject *parent = nullptr)
        : QObject(parent)
        , m_mode(mode)
    {
        QFile certificateFile(QStringLiteral(":/sim/simulator.crt"));
        QFile keyFile(QStringLiteral(":/sim/simulator.key"));
        if (certificateFile.open(QIODevice::ReadOnly) && keyFile.open(QIODevice::ReadOnly)) {
            m_certificate = QSslCertificate(certificateFile.readAll(), QSsl::Pem);
            m_key = QSslKey(keyFile.readAll(), QSsl::Rsa, QSsl::Pem);
        }
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.setLocalCertificate(m_certificate);
        configuration.setPrivateKey(m_key);
        configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
        m_server.setSslConfiguration(configuration);
        connect(&m_server, &QSslServer::startedEncryptionHandshake, this,
                [this](QSslSocket *socket) { adopt(socket); });
    }

    ~RecordingTlsServer() override
    {
        // The sockets (the server's children) go before the records their slots write to.
        for (const auto &client : m_clients)
            if (client->socket)
                QObject::disconnect(client->socket, nullptr, this, nullptr);
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    void close() { m_server.close(); }
    quint16 port() const { return m_server.serverPort(); }
    QString fingerprint() const { return TlsTrust::fingerprintOf(m_certificate); }
    QSslCertificate certificate() const { return m_certificate; }

    // Sent to each client right after its handshake.
    void setGreeting(const QByteArray &bytes) { m_greeting = bytes; }

    const QList<std::shared_ptr<Client>> &clients() const { return m_clients; }
    int encryptedClients() const
    {
        int count = 0;
        for (const auto &client : m_clients)
            count += client->encrypted ? 1 : 0;
        return count;
    }
    QByteArray allReceived() const
    {
        QByteArray all;
        for (const auto &client : m_clients)
            all += client->received;
        return all;
    }
    bool allDisconnected() const
    {
        for (const auto &client : m_clients)
            if (!client->disconnected)
                return false;
        return true;
    }

    // Called with everything a client sent so far, each time more arrived (after echoing).
    void setOnReceived(std::function<void(QSslSocket *, const QByteArray &)> callback)
    {
        m_onReceived = std::move(callback);
    }

    // Called right after each client's handshake (after the greeting was written).
    void setOnEncrypted(std::function<void(QSslSocket *)> callback)
    {
        m_onEncrypted = std::move(callback);
    }

private:
    void adopt(QSslSocket *socket)
    {
        auto client = std::make_shared<Client>();
        client->socket = socket;
        m_clients.append(client);
        Client *raw = client.get();
        connect(socket, &QSslSocket::encrypted, this, [this, raw] {
            raw->encrypted = true;
            if (!m_greeting.isEmpty())
                raw->socket->write(m_greeting);
            if (m_onEncrypted)
                m_onEncrypted(raw->socket);
        });
        connect(socket, &QSslSocket::readyRead, this, [this, raw] {
            const QByteArray bytes = raw->socket->readAll();
            raw->received += bytes;
            if (m_mode == Mode::Echo)
                raw->socket->write(bytes);
            if (m_onReceived)
                m_onReceived(raw->socket, raw->received);
        });
        connect(socket, &QSslSocket::disconnected, this, [raw] { raw->disconnected = true; });
        connect(socket, &QSslSocket::errorOccurred, this, [raw] { raw->disconnected = true; });
    }

    Mode m_mode;
    QSslServer m_server;
    QSslCertificate m_certificate;
    QSslKey m_key;
    QByteArray m_greeting;
    std::function<void(QSslSocket *)> m_onEncrypted;
    std::function<void(QSslSocket *, const QByteArray &)> m_onReceived;
    QList<std::shared_ptr<Client>> m_clients;
};
