// A camera behind an MJPEG-over-HTTP(S) URL: another FarmCam's share server, mjpg-streamer,
// µStreamer, go2rtc, an OctoPrint webcam, a USB webcam served by any of them.
#pragma once

#include "camera/camerasource.h"
#include "protocol/mjpegmultipartparser.h"

#include <QPointer>
#include <QStringList>

class QNetworkAccessManager;
class QNetworkReply;
class QSslError;
class QUrl;

// Progress: Connecting -(https: TLS up and trusted; http: request sent)-> Authenticating
// -200 with a multipart body, first frame-> Up. HTTP is Qt's QNetworkAccessManager; the body goes
// through MjpegMultipartParser. Failures and their retries are ReconnectingLink's.
//
// Credentials: with endpoint().user empty, endpoint().accessCode is a token sent as
// `Authorization: Bearer`; with a user, `Authorization: Basic` with the access code as password.
// Neither is ever logged, nor is the URL's query (a `?token=` may be in it).
//
// HTTPS and trust: the endpoint's TlsTrust decides before the request (which carries the
// credentials) is written. QNetworkAccessManager runs HTTP in a thread of its own and delivers
// sslErrors() and encrypted() to us through blocking queued connections: the HTTP thread waits for
// our answer and writes the request only after encrypted() returned. With a pin (or on first use)
// the CA list is empty, so every certificate raises sslErrors(): the pin is compared there and a
// mismatch is never ignored, so the handshake itself fails and no request exists. encrypted()
// checks the pin once more. With a CA file, the handshake verifies against it with the
// TlsTrust's peer name (the URL's host when none is set). tst_mjpeghttpcamera proves it with a
// TLS server that records every byte it receives.
//
// Exactly one connection: one reply at a time, HTTP/1.1 only, `Connection: close` so that no
// finished answer (a 401, a 404) leaves a connection for the next dial to reuse without a new
// handshake, and the manager is the camera's own (Qt opens up to six connections per host and
// manager: a shared one would queue the seventh stream from one FarmCam forever).
class MjpegHttpCamera final : public CameraSource
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MjpegHttpCamera)

public:
    // What Qt may hold for us between two reads.
    static constexpr qint64 kReadBufferSize = 256 * 1024;
    static constexpr int kMaxRedirects = 3;

    explicit MjpegHttpCamera(QObject *parent = nullptr);
    ~MjpegHttpCamera() override;

    QString kindName() const override;

    void setMaxFrameSize(qsizetype bytes);
    // Bytes the parser holds for the picture in progress (for tests of the memory bound).
    qsizetype bufferedBytes() const { return m_parser.bufferedBytes(); }

    // The URL as it may appear in logs and messages: without user info, query or fragment.
    static QString displayUrl(const QUrl &url);

protected:
    void dial() override;
    void hangUp() override;

private:
    void onSslErrors(const QList<QSslError> &errors);
    void onEncrypted();
    void onRequestSent();
    void onMetaDataChanged();
    void onReadyRead();
    void onFinished();
    void onDeadline(Link::State state);
    bool checkPeerCertificate();
    void failForStatus(int status);
    void failForNetworkError();
    QString validationError() const;
    QString label() const;

    QNetworkAccessManager *m_network; // child
    QPointer<QNetworkReply> m_reply;
    MjpegMultipartParser m_parser;
    bool m_streaming = false; // a 200 with a multipart body arrived on this reply
    bool m_trusted = false; // this reply's certificate was accepted
    QStringList m_sslErrors; // from the last handshake, for the TLS error message
};
