#include "camera/mjpeghttp/mjpeghttpcamera.h"

#include "link/reconnectinglink.h"
#include "model/printerconfig.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QMetaEnum>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>
#include <QUrl>

#include <algorithm>

Q_LOGGING_CATEGORY(lcMjpegHttp, "farmcam.net")

namespace {

QString seconds(std::chrono::milliseconds ms)
{
    return QString::number(double(ms.count()) / 1000.0);
}

bool hasControlCharacters(const QString &text)
{
    return std::any_of(text.cbegin(), text.cend(),
                       [](QChar c) { return c.unicode() < 0x20 || c.unicode() == 0x7f; });
}

bool isHttps(const QUrl &url)
{
    return url.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0;
}

} // namespace

MjpegHttpCamera::MjpegHttpCamera(QObject *parent)
    : CameraSource(parent)
    , m_network(new QNetworkAccessManager(this))
{
    connect(link(), &ReconnectingLink::deadlineExpired, this, &MjpegHttpCamera::onDeadline);
    link()->describeIdle(tr("Not connected"));
}

MjpegHttpCamera::~MjpegHttpCamera()
{
    hangUp();
}

QString MjpegHttpCamera::kindName() const
{
    return isHttps(m_endpoint.url) ? tr("MJPEG over HTTPS") : tr("MJPEG over HTTP");
}

void MjpegHttpCamera::setMaxFrameSize(qsizetype bytes)
{
    m_parser = MjpegMultipartParser(bytes);
}

QString MjpegHttpCamera::displayUrl(const QUrl &url)
{
    // The query may carry a token (`?token=` for <img> tags): never shown, never logged.
    return url.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment)
        .toDisplayString();
}

QString MjpegHttpCamera::label() const
{
    return displayUrl(m_endpoint.url);
}

QString MjpegHttpCamera::validationError() const
{
    // The dialog's rules (PrinterConfig), so that what it accepts is what the camera dials.
    if (const QString error = PrinterConfig::cameraUrlError(m_endpoint.url); !error.isEmpty())
        return error;
    if (const QString error = PrinterConfig::streamSecretError(m_endpoint.accessCode);
        !error.isEmpty())
        return error;
    // Both go into a header line; a user name with “:” would move the password's start.
    if (m_endpoint.user.contains(QLatin1Char(':')) || hasControlCharacters(m_endpoint.user))
        return tr("The HTTP user name may not contain “:” or control characters.");
    if (m_endpoint.user.isEmpty() && m_endpoint.accessCode.contains(QLatin1Char(' ')))
        return tr("A token may not contain spaces: enter an HTTP user for a password.");
    if (isHttps(m_endpoint.url))
        return m_endpoint.trust.validationError();
    return {};
}

void MjpegHttpCamera::dial()
{
    m_parser.reset();
    m_streaming = false;
    m_trusted = false;
    m_sslErrors.clear();

    // A CA file verifies the name in the URL unless the settings name another.
    if (m_endpoint.trust.mode() == TlsTrust::Mode::Authority && m_endpoint.trust.peerName.isEmpty())
        m_endpoint.trust.peerName = m_endpoint.url.host();
    if (const QString invalid = validationError(); !invalid.isEmpty()) {
        link()->fail(Failure::InvalidSettings, invalid);
        return;
    }

    QNetworkRequest request(m_endpoint.url);
    // One HTTP/1.1 connection per attempt, never reused (see the class comment).
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setRawHeader("Connection", "close");
    // Same origin only: the credentials go nowhere else.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::SameOriginRedirectPolicy);
    request.setMaximumRedirectsAllowed(kMaxRedirects);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    request.setRawHeader("Accept", "multipart/x-mixed-replace, image/jpeg;q=0.5");
    request.setRawHeader("User-Agent", "FarmCam");
    if (m_endpoint.user.isEmpty()) {
        if (!m_endpoint.accessCode.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + m_endpoint.accessCode.toUtf8());
    } else {
        const QByteArray pair = m_endpoint.user.toUtf8() + ':' + m_endpoint.accessCode.toUtf8();
        request.setRawHeader("Authorization", "Basic " + pair.toBase64());
    }

    if (isHttps(m_endpoint.url)) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.setPeerVerifyMode(QSslSocket::VerifyPeer);
        if (m_endpoint.trust.mode() == TlsTrust::Mode::Authority) {
            ssl.setCaCertificates(m_endpoint.trust.authorities());
            request.setPeerVerifyName(m_endpoint.trust.peerName);
        } else {
            // No authority at all: every certificate raises sslErrors(), where the pin decides
            // while the handshake waits (see the class comment).
            ssl.setCaCertificates({});
        }
        request.setSslConfiguration(ssl);
    }

    qCInfo(lcMjpegHttp).noquote() << "requesting" << label();
    QNetworkReply *reply = m_network->get(request);
    m_reply = reply;
    reply->setReadBufferSize(kReadBufferSize);
    connect(reply, &QNetworkReply::sslErrors, this, &MjpegHttpCamera::onSslErrors);
    connect(reply, &QNetworkReply::encrypted, this, &MjpegHttpCamera::onEncrypted);
    connect(reply, &QNetworkReply::requestSent, this, &MjpegHttpCamera::onRequestSent);
    connect(reply, &QNetworkReply::metaDataChanged, this, &MjpegHttpCamera::onMetaDataChanged);
    connect(reply, &QNetworkReply::readyRead, this, &MjpegHttpCamera::onReadyRead);
    connect(reply, &QNetworkReply::finished, this, &MjpegHttpCamera::onFinished);

    link()->advance(State::Connecting, tr("Connecting to %1…").arg(label()));
    link()->armDeadline(m_timeouts.connect);
}

void MjpegHttpCamera::hangUp()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    disconnect(reply, nullptr, this, nullptr);
    reply->abort();
    reply->deleteLater(); // we may be inside one of its signals
}

bool MjpegHttpCamera::checkPeerCertificate()
{
    QNetworkReply *const reply = m_reply;
    const QString fingerprint
        = TlsTrust::fingerprintOf(reply->sslConfiguration().peerCertificate());
    setPeerCertificateFingerprint(fingerprint);
    if (m_reply != reply)
        return false; // a listener stopped us
    if (!fingerprint.isEmpty() && m_endpoint.trust.accepts(fingerprint))
        return true;
    // Not the server we met before, or it was replaced: only the user can tell. The request,
    // with its credentials, has not been sent; nothing is retried until the user decides.
    qCInfo(lcMjpegHttp).noquote() << label()
                                  << "presented a certificate that does not match the pin";
    link()->fail(Failure::CertificateMismatch,
                 tr("Certificate changed: %1 presented a certificate other than the pinned one, so "
                    "the token or password was not sent. If the server's certificate was renewed "
                    "or replaced, review and accept the new one; otherwise another device may be "
                    "posing as the server.")
                     .arg(label()));
    return false;
}

void MjpegHttpCamera::onSslErrors(const QList<QSslError> &errors)
{
    if (!m_reply)
        return;
    for (const QSslError &error : errors)
        m_sslErrors << error.errorString();
    switch (m_endpoint.trust.mode()) {
    case TlsTrust::Mode::Authority:
        return; // the CA file decides: nothing is ignored, the handshake fails
    case TlsTrust::Mode::FirstUse:
        m_reply->ignoreSslErrors(errors); // the caller pins what it saw
        return;
    case TlsTrust::Mode::Pin:
        if (checkPeerCertificate())
            m_reply->ignoreSslErrors(errors);
        return;
    }
}

void MjpegHttpCamera::onEncrypted()
{
    if (!m_reply)
        return;
    if (!checkPeerCertificate())
        return;
    m_trusted = true;
}

void MjpegHttpCamera::onRequestSent()
{
    if (state() != State::Connecting)
        return; // sent again after a redirect
    link()->advance(State::Authenticating, tr("Asking %1 for the stream…").arg(label()));
    link()->armDeadline(m_timeouts.firstFrame);
}

void MjpegHttpCamera::onMetaDataChanged()
{
    QNetworkReply *const reply = m_reply;
    if (!reply || m_streaming)
        return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0 || (status >= 300 && status < 400))
        return; // nothing yet, or a redirect Qt follows (or refuses: finished() tells)
    if (status != 200) {
        // Not from inside Qt's signal: aborting there makes Qt report the error twice. The next
        // turn of the event loop is soon enough (finished() may even come first).
        QMetaObject::invokeMethod(
            this,
            [this, reply = QPointer<QNetworkReply>(reply), status] {
                if (reply && m_reply == reply)
                    failForStatus(status);
            },
            Qt::QueuedConnection);
        return;
    }
    if (isHttps(m_endpoint.url) && !m_trusted) {
        // Cannot happen with one fresh connection per attempt; refuse rather than assume.
        link()->fail(
            Failure::TlsError,
            tr("%1 answered on a connection whose certificate was not checked.").arg(label()));
        return;
    }
    const QByteArray contentType = reply->rawHeader("Content-Type");
    const MjpegMultipartParser::Error error = m_parser.start(contentType);
    if (error != MjpegMultipartParser::Error::None) {
        const QString type = contentType.isEmpty()
            ? tr("no type")
            : QString::fromLatin1(contentType.left(80)).simplified();
        if (error == MjpegMultipartParser::Error::MissingBoundary)
            link()->fail(Failure::ProtocolError,
                         tr("%1 sent a multipart stream that does not say where its pictures part "
                            "(no boundary in “%2”).")
                             .arg(label(), type));
        else if (contentType.trimmed().startsWith("image/"))
            link()->fail(Failure::ProtocolError,
                         tr("%1 sent a single picture (%2), not an MJPEG stream: that is a "
                            "snapshot URL. Use the server's stream URL.")
                             .arg(label(), type));
        else
            link()->fail(Failure::ProtocolError,
                         tr("%1 is not an MJPEG stream: it sent %2, not "
                            "multipart/x-mixed-replace. Check the URL.")
                             .arg(label(), type));
        return;
    }
    m_streaming = true;
    link()->advance(State::Authenticating, tr("Waiting for the first picture…"));
}

void MjpegHttpCamera::onReadyRead()
{
    QNetworkReply *const reply = m_reply;
    if (!reply)
        return;
    const QByteArray bytes = reply->readAll();
    if (!m_streaming)
        return; // an error page's body: not ours to read
    QList<QByteArray> frames;
    const MjpegMultipartParser::Error error = m_parser.feed(bytes, frames);
    for (QByteArray &jpeg : frames) {
        const CameraFrame frame
            = CameraFrame::fromJpeg(jpeg, QDateTime::currentDateTime(), CameraFrame::steadyNowNs());
        link()->armDeadline(m_timeouts.watchdog);
        if (state() != State::Up) {
            link()->up(tr("Live"));
            if (m_reply != reply)
                return; // a listener stopped us
        }
        publish(frame);
        if (m_reply != reply)
            return; // a listener stopped or redialled us
    }
    if (error != MjpegMultipartParser::Error::None) {
        QString detail = MjpegMultipartParser::describe(error);
        if (error == MjpegMultipartParser::Error::PartTooLarge)
            detail += tr(" (at most %1 bytes accepted)").arg(m_parser.maxPartSize());
        link()->fail(Failure::ProtocolError,
                     tr("Protocol error from %1: %2.").arg(label(), detail));
    }
}

void MjpegHttpCamera::onFinished()
{
    QNetworkReply *const reply = m_reply;
    if (!reply)
        return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (!m_streaming && status >= 300) {
        failForStatus(status);
        return;
    }
    if (reply->error() != QNetworkReply::NoError) {
        failForNetworkError();
        return;
    }
    // The server ended the response: a stream does not end by itself.
    if (m_parser.bufferedBytes() > 0)
        link()->fail(Failure::ConnectionLost,
                     tr("%1 ended the stream in the middle of a picture.").arg(label()));
    else
        link()->fail(Failure::ConnectionLost, tr("%1 ended the stream.").arg(label()));
}

void MjpegHttpCamera::failForStatus(int status)
{
    const QString code = QStringLiteral("HTTP %1").arg(status);
    switch (status) {
    case 401:
    case 403:
        if (m_endpoint.accessCode.isEmpty())
            link()->fail(Failure::AccessCodeRejected,
                         tr("%1 asks for a token or a user name and password (%2) — enter them in "
                            "the camera's settings.")
                             .arg(label(), code));
        else
            link()->fail(Failure::AccessCodeRejected,
                         tr("%1 rejected the token or password (%2) — check them in the camera's "
                            "settings.")
                             .arg(label(), code));
        return;
    case 404:
    case 410:
        // Retrying the same address cannot help: the user fixes the URL (or asks again).
        link()->fail(Failure::InvalidSettings,
                     tr("No camera at %1 (%2) — check the URL.").arg(label(), code));
        return;
    case 429:
    case 503:
        link()->fail(
            Failure::ConnectionRefused,
            tr("%1 is busy (%2): it may be serving as many viewers as it allows, or have no "
               "picture yet. Trying again shortly.")
                .arg(label(), code));
        return;
    default:
        break;
    }
    if (status >= 300 && status < 400) {
        link()->fail(Failure::ProtocolError,
                     tr("%1 sends the stream to another address (%2). Only redirects to the same "
                        "server are followed: put the new address in the camera's settings.")
                         .arg(label(), code));
        return;
    }
    const QString reason = m_reply
        ? m_reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString().left(80)
        : QString();
    link()->fail(Failure::ProtocolError,
                 tr("%1 answered %2 instead of a stream.")
                     .arg(label(), reason.isEmpty() ? code : code + QLatin1Char(' ') + reason));
}

void MjpegHttpCamera::failForNetworkError()
{
    const QNetworkReply::NetworkError error = m_reply->error();
    // Qt's error strings may quote the whole URL, query and all: only those without one are used.
    QString detail = m_reply->errorString();
    if (detail.contains(QLatin1String("://")))
        detail = QString::fromLatin1(
            QMetaEnum::fromType<QNetworkReply::NetworkError>().valueToKey(error));
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
        link()->fail(Failure::ConnectionRefused,
                     tr("%1 refused the connection — is the server running, and is the port "
                        "right?")
                         .arg(label()));
        return;
    case QNetworkReply::HostNotFoundError:
        link()->fail(
            Failure::HostNotFound,
            tr("Host “%1” not found — check the camera's URL.").arg(m_endpoint.url.host()));
        return;
    case QNetworkReply::TimeoutError:
        link()->fail(Failure::TimedOut, tr("%1 did not answer in time.").arg(label()));
        return;
    case QNetworkReply::SslHandshakeFailedError:
        link()->fail(
            Failure::TlsError,
            tr("Secure connection to %1 failed: %2")
                .arg(label(),
                     m_sslErrors.isEmpty() ? detail : m_sslErrors.join(QStringLiteral("; "))));
        return;
    case QNetworkReply::RemoteHostClosedError:
        if (m_streaming)
            link()->fail(
                Failure::ConnectionLost,
                m_parser.bufferedBytes() > 0
                    ? tr("%1 closed the connection in the middle of a picture.").arg(label())
                    : tr("%1 closed the connection.").arg(label()));
        else
            link()->fail(Failure::NetworkError,
                         tr("%1 closed the connection before answering.").arg(label()));
        return;
    case QNetworkReply::TooManyRedirectsError:
    case QNetworkReply::InsecureRedirectError:
        link()->fail(
            Failure::ProtocolError,
            tr("%1 redirects in a way FarmCam does not follow (%2).").arg(label(), detail));
        return;
    case QNetworkReply::ProtocolFailure:
    case QNetworkReply::ProtocolUnknownError:
    case QNetworkReply::ProtocolInvalidOperationError:
        link()->fail(Failure::ProtocolError,
                     tr("%1 does not answer like an HTTP server (%2).").arg(label(), detail));
        return;
    default:
        link()->fail(Failure::NetworkError,
                     tr("Camera unreachable at %1: %2").arg(label(), detail));
        return;
    }
}

void MjpegHttpCamera::onDeadline(Link::State state)
{
    switch (state) {
    case State::Connecting:
        link()->fail(Failure::TimedOut,
                     tr("No answer from %1 within %2 s — is the server on and on this network?")
                         .arg(label(), seconds(m_timeouts.connect)));
        break;
    case State::Handshaking:
    case State::Authenticating:
        link()->fail(
            Failure::TimedOut,
            m_streaming
                ? tr("%1 sent no picture within %2 s.").arg(label(), seconds(m_timeouts.firstFrame))
                : tr("%1 did not answer the request within %2 s.")
                      .arg(label(), seconds(m_timeouts.firstFrame)));
        break;
    case State::Up:
        link()->fail(Failure::TimedOut,
                     tr("No picture from %1 for %2 s — the stream stalled.")
                         .arg(label(), seconds(m_timeouts.watchdog)));
        break;
    case State::Idle:
    case State::Backoff:
        break;
    }
}
