// The camera of a P1P, P1S, A1 or A1 mini: TLS on port 6000, an 80-byte login, then JPEG frames
// behind 16-byte headers.
#pragma once

#include "camera/camerasource.h"
#include "protocol/frameassembler.h"

#include <QByteArray>
#include <QPointer>
#include <QStringList>

#include <chrono>

class QSslSocket;

// Progress: Connecting -TCP up-> Handshaking -TLS up, trusted, login sent-> Authenticating
// -first frame-> Up. The certificate is checked by TlsTrust before the login (which carries the
// access code) is written. Failures and their retries are ReconnectingLink's.
class JpegStreamCamera final : public CameraSource
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JpegStreamCamera)

public:
    explicit JpegStreamCamera(QObject *parent = nullptr);
    ~JpegStreamCamera() override;

    QString kindName() const override;

    void setMaxFrameSize(qsizetype bytes);

protected:
    void dial() override;
    void hangUp() override;

private:
    void onConnected();
    void onEncrypted();
    void onReadyRead();
    void onDisconnected();
    void onSocketError();
    void onDeadline(Link::State state);
    void handleFrame(QByteArray &&jpeg);
    QString validationError() const;

    QPointer<QSslSocket> m_socket;
    FrameAssembler m_assembler;
    QStringList m_sslErrors; // from the last handshake, for the TLS error message
};
