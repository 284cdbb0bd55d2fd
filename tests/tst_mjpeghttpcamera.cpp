// MjpegHttpCamera against real HTTP servers on 127.0.0.1: ffmpeg serving MJPEG, and a scripted
// server (test scaffolding, not a product server) for the odd streams, the failures and TLS.
#include "camera/mjpeghttp/mjpeghttpcamera.h"

#include "camera/loopback/loopbackcamera.h"
#include "frames/framehub.h"
#include "model/appsettings.h"
#include "model/memorycredentialstore.h"
#include "model/printer.h"
#include "model/printerfarm.h"
#include "share/shareserver.h"
#include "share/sharetoken.h"

#include "testframes.h"
#include "testsupport.h"

#include <QFile>
#include <QPointer>
#include <QProcess>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <functional>

using namespace std::chrono_literals;
using TestSupport::closedLoopbackPort;
using TestSupport::fastTimeouts;

namespace {

const QString kSerial = QStringLiteral("01S00C000000000"); // the simulator certificate's name

QSslConfiguration serverTls()
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    QFile certificate(QStringLiteral(":/sim/simulator.crt"));
    QFile key(QStringLiteral(":/sim/simulator.key"));
    if (certificate.open(QIODevice::ReadOnly) && key.open(QIODevice::ReadOnly)) {
        configuration.setLocalCertificate(QSslCertificate(&certificate, QSsl::Pem));
        configuration.setPrivateKey(QSslKey(&key, QSsl::Rsa, QSsl::Pem));
    }
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    return configuration;
}

QString simulatorFingerprint()
{
    return TlsTrust::fingerprintOf(serverTls().localCertificate());
}

// A part of a multipart stream as mjpg-streamer writes it.
QByteArray part(const QByteArray &jpeg, bool contentLength = true)
{
    QByteArray bytes = "--frame\r\nContent-Type: image/jpeg\r\n";
    if (contentLength)
        bytes += "Content-Length: " + QByteArray::number(jpeg.size()) + "\r\n";
    return bytes + "X-Timestamp: 1.000000\r\n\r\n" + jpeg + "\r\n";
}

QByteArray head(const QByteArray &status, const QByteArray &contentType,
                const QByteArray &extra = {})
{
    return "HTTP/1.1 " + status + "\r\nContent-Type: " + contentType
        + "\r\nCache-Control: no-store\r\n" + extra + "\r\n";
}

const QByteArray kStreamType = "multipart/x-mixed-replace;boundary=frame";

// Test scaffolding: accepts connections (TLS with the simulator's certificate when asked),
// records every byte it receives (decrypted: what the camera sent inside TLS), and when a request's
// head is complete hands the socket to `onRequest`, which writes scripted bytes.
class ScriptedServer final : public QTcpServer
{
public:
    using Responder = std::function<void(QTcpSocket *socket, const QByteArray &request)>;

    explicit ScriptedServer(bool tls = false)
        : m_tls(tls)
    {
        listen(QHostAddress::LocalHost, 0);
    }

    Responder onRequest;

    QUrl url(const QString &path = QStringLiteral("/stream.mjpg")) const
    {
        QUrl url;
        url.setScheme(m_tls ? QStringLiteral("https") : QStringLiteral("http"));
        url.setHost(QStringLiteral("127.0.0.1"));
        url.setPort(serverPort());
        url.setPath(path);
        return url;
    }
    QByteArray received() const { return m_received; }
    QList<QByteArray> requests() const { return m_requests; }
    int connections() const { return m_connections; }
    int open() const { return m_open; }
    int maxOpen() const { return m_maxOpen; }
    int handshakes() const { return m_handshakes; }

protected:
    void incomingConnection(qintptr descriptor) override
    {
        QTcpSocket *socket = nullptr;
        if (m_tls) {
            auto *ssl = new QSslSocket(this);
            ssl->setSslConfiguration(serverTls());
            connect(ssl, &QSslSocket::encrypted, this, [this] { ++m_handshakes; });
            connect(ssl, &QSslSocket::sslErrors, ssl, [ssl] { ssl->ignoreSslErrors(); });
            socket = ssl;
        } else {
            socket = new QTcpSocket(this);
        }
        socket->setSocketDescriptor(descriptor);
        ++m_connections;
        m_maxOpen = std::max(m_maxOpen, ++m_open);
        auto buffer = std::make_shared<QByteArray>();
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer] {
            const QByteArray bytes = socket->readAll();
            m_received += bytes;
            if (buffer->contains("\r\n\r\n"))
                return; // answered already
            *buffer += bytes;
            if (buffer->contains("\r\n\r\n")) {
                m_requests.append(*buffer);
                if (onRequest)
                    onRequest(socket, *buffer);
            }
        });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            --m_open;
            socket->deleteLater();
        });
        if (m_tls)
            static_cast<QSslSocket *>(socket)->startServerEncryption();
    }

private:
    bool m_tls;
    QByteArray m_received;
    QList<QByteArray> m_requests;
    int m_connections = 0;
    int m_open = 0;
    int m_maxOpen = 0;
    int m_handshakes = 0;
};

// Writes `chunks` to `socket` one per timer tick, then calls `then` (if any). Owned by the socket.
void writePaced(QTcpSocket *socket, const QList<QByteArray> &chunks,
                std::function<void(QTcpSocket *)> then = {},
                std::chrono::milliseconds interval = 20ms)
{
    auto *timer = new QTimer(socket);
    auto next = std::make_shared<qsizetype>(0);
    QObject::connect(timer, &QTimer::timeout, socket, [socket, timer, chunks, next, then] {
        if (*next < chunks.size()) {
            socket->write(chunks.at((*next)++));
            return;
        }
        timer->stop();
        if (then)
            then(socket);
    });
    timer->start(interval);
}

// A stream that never ends: a part every `interval`, the JPEGs in turn.
void streamForever(QTcpSocket *socket, const QList<QByteArray> &jpegs,
                   std::chrono::milliseconds interval = 50ms)
{
    socket->write(head("200 OK", kStreamType));
    auto *timer = new QTimer(socket);
    auto next = std::make_shared<qsizetype>(0);
    QObject::connect(timer, &QTimer::timeout, socket, [socket, jpegs, next] {
        if (socket->bytesToWrite() < 1024 * 1024)
            socket->write(part(jpegs.at((*next)++ % jpegs.size())));
    });
    timer->start(interval);
}

CameraEndpoint endpointFor(const QUrl &url, const QString &user = {}, const QString &secret = {})
{
    CameraEndpoint endpoint;
    endpoint.url = url;
    endpoint.host = url.host();
    endpoint.port = quint16(url.port());
    endpoint.user = user;
    endpoint.accessCode = secret;
    return endpoint;
}

QList<QByteArray> framesOf(const QSignalSpy &spy)
{
    QList<QByteArray> frames;
    for (const QList<QVariant> &arguments : spy)
        frames.append(arguments.at(0).value<CameraFrame>().encoded());
    return frames;
}

QByteArray headerOf(const QByteArray &request, const QByteArray &name)
{
    for (const QByteArray &line : request.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().toLower() == name.toLower())
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

} // namespace

class TestMjpegHttpCamera : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void invalidSettingsAreNotDialled_data();
    void invalidSettingsAreNotDialled();
    void printerWithAStreamUrl();
    void framesArriveByteIdentical_data();
    void framesArriveByteIdentical();
    void credentials_data();
    void credentials();
    void httpsPinned();
    void httpsPinMismatchSendsNothing();
    void httpsFirstUseReportsTheCertificate();
    void httpsAuthority_data();
    void httpsAuthority();
    void failures_data();
    void failures();
    void connectionRefused();
    void watchdogRedialsAStalledStream();
    void reconnectsWithBackoffOneConnectionAtATime();
    void hugePartIsRefusedWithBoundedMemory();
    void ffmpegServesTheStream();
    void farmCamWatchesAnotherFarmCam_data();
    void farmCamWatchesAnotherFarmCam();
    void stopClosesTheConnection();

private:
    QList<QByteArray> m_jpegs;
};

void TestMjpegHttpCamera::initTestCase()
{
    qRegisterMetaType<CameraFrame>();
    m_jpegs = {TestFrames::patternJpeg(QSize(320, 180), Qt::darkCyan),
               TestFrames::patternJpeg(QSize(320, 180), Qt::darkRed),
               TestFrames::patternJpeg(QSize(64, 36), Qt::darkGreen)};
    QVERIFY(!simulatorFingerprint().isEmpty());
}

void TestMjpegHttpCamera::invalidSettingsAreNotDialled_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("secret");

    QTest::newRow("no URL") << QString() << QString() << QString();
    QTest::newRow("rtsp") << QStringLiteral("rtsp://127.0.0.1:%1/live") << QString() << QString();
    QTest::newRow("password in the URL")
        << QStringLiteral("http://admin:pw@127.0.0.1:%1/stream") << QString() << QString();
    QTest::newRow("line break in the token") << QStringLiteral("http://127.0.0.1:%1/stream")
                                             << QString() << QStringLiteral("t\r\nX-Injected: 1");
    QTest::newRow("space in the token")
        << QStringLiteral("http://127.0.0.1:%1/stream") << QString() << QStringLiteral("a b");
    QTest::newRow("colon in the user") << QStringLiteral("http://127.0.0.1:%1/stream")
                                       << QStringLiteral("a:b") << QStringLiteral("pw");
}

void TestMjpegHttpCamera::invalidSettingsAreNotDialled()
{
    QFETCH(QString, url);
    QFETCH(QString, user);
    QFETCH(QString, secret);

    ScriptedServer server;
    MjpegHttpCamera camera;
    camera.setTimeouts(fastTimeouts());
    const QUrl address(url.contains(QLatin1String("%1")) ? url.arg(server.serverPort()) : url);
    camera.setEndpoint(endpointFor(address, user, secret));
    QSignalSpy failed(&camera, &CameraSource::failed);
    camera.start();
    QCOMPARE(failed.size(), 1); // at once: nothing to wait for
    QCOMPARE(failed.at(0).at(0).value<Link::Failure>(), Link::Failure::InvalidSettings);
    const QString message = failed.at(0).at(1).toString();
    QVERIFY2(message.endsWith(QLatin1Char('.')), qPrintable(message));
    QVERIFY(secret.isEmpty() || !message.contains(secret));
    QVERIFY(!message.contains(QStringLiteral(":pw@")));
    QCOMPARE(camera.state(), CameraSource::State::Idle);
    QCOMPARE(server.connections(), 0);
}

void TestMjpegHttpCamera::printerWithAStreamUrl()
{
    // The printer's settings name the kind, the URL and the user; the secret is kept where the
    // access code would be. The farm's factory makes the camera; frames reach the printer's hub.
    ScriptedServer server;
    server.onRequest = [this](QTcpSocket *socket, const QByteArray &) {
        streamForever(socket, m_jpegs);
    };
    PrinterConfig config;
    config.id = QUuid::createUuid();
    config.name = QStringLiteral("Webcam beside Bay 3");
    config.cameraKind = PrinterConfig::CameraKind::MjpegHttp;
    config.cameraUrl = server.url(QStringLiteral("/webcam/"));
    config.cameraUrl.setQuery(QStringLiteral("action=stream"));
    config.cameraUser = QStringLiteral("octo");
    config.host = config.cameraUrl.host();
    config.port = quint16(config.cameraUrl.port());
    config.statusEnabled = false;
    Printer printer(config, QStringLiteral("pr1nt"));
    QVERIFY(qobject_cast<MjpegHttpCamera *>(printer.camera()));
    QCOMPARE(printer.camera()->endpoint().url, config.cameraUrl);
    QSignalSpy published(printer.frames(), &FrameHub::frameArrived);
    printer.start();
    QTRY_VERIFY_WITH_TIMEOUT(published.size() >= 2, 20000);
    QCOMPARE(printer.frames()->latest().encoded(),
             m_jpegs.at((published.size() - 1) % m_jpegs.size()));
    const QByteArray request = server.requests().value(0);
    QVERIFY(request.startsWith("GET /webcam/?action=stream HTTP/1.1\r\n"));
    QCOMPARE(headerOf(request, "Authorization"), "Basic " + QByteArray("octo:pr1nt").toBase64());
    printer.stop();
}

void TestMjpegHttpCamera::framesArriveByteIdentical_data()
{
    QTest::addColumn<QList<QByteArray>>("chunks"); // written one per tick after the head
    QTest::addColumn<QByteArray>("contentType");

    const QByteArray a = TestFrames::patternJpeg(QSize(320, 180), Qt::darkCyan);
    const QByteArray b = TestFrames::patternJpeg(QSize(320, 180), Qt::darkRed);
    const QByteArray c = TestFrames::patternJpeg(QSize(64, 36), Qt::darkGreen);

    QTest::newRow("Content-Length, one write per part")
        << QList<QByteArray>{part(a), part(b), part(c)} << kStreamType;
    QTest::newRow("no Content-Length")
        << QList<QByteArray>{part(a, false), part(b, false), part(c, false), "--frame\r\n"}
        << kStreamType;
    const QByteArray stream = part(a) + part(b) + part(c);
    const qsizetype split = part(a).size() + 3; // "--f" | "rame\r\n…"
    QTest::newRow("boundary split across writes")
        << QList<QByteArray>{stream.left(split), stream.mid(split)} << kStreamType;
    QTest::newRow("garbage between parts")
        << QList<QByteArray>{"preamble\r\n" + part(a), "junk \x01\x02\r\n" + part(b), part(c)}
        << kStreamType;
    QList<QByteArray> small;
    for (qsizetype at = 0; at < stream.size(); at += 1500)
        small.append(stream.mid(at, 1500));
    QTest::newRow("1500-byte writes") << small << kStreamType;
    QTest::newRow("quoted boundary with dashes, LF only")
        << QList<QByteArray>{"----b\nContent-Type: image/jpeg\n\n" + a + "\n--b\n\n" + b
                             + "\n--b\n"}
        << QByteArray("multipart/x-mixed-replace; boundary=\"--b\"");
}

void TestMjpegHttpCamera::framesArriveByteIdentical()
{
    QFETCH(QList<QByteArray>, chunks);
    QFETCH(QByteArray, contentType);

    ScriptedServer server;
    QVERIFY(server.isListening());
    server.onRequest = [&](QTcpSocket *socket, const QByteArray &) {
        socket->write(head("200 OK", contentType));
        writePaced(socket, chunks);
    };
    MjpegHttpCamera camera;
    camera.setTimeouts(fastTimeouts(10s));
    camera.setEndpoint(endpointFor(server.url()));
    QSignalSpy frames(&camera, &CameraSource::frameArrived);
    camera.start();

    // Frames in the order sent, each the server's bytes exactly.
    QList<QByteArray> expected;
    for (const QByteArray &jpeg : std::as_const(m_jpegs)) {
        const QByteArray joined = chunks.join();
        if (joined.contains(jpeg))
            expected.append(jpeg);
    }
    QVERIFY(expected.size() >= 2);
    QTRY_COMPARE_WITH_TIMEOUT(frames.size(), expected.size(), 20000);
    QCOMPARE(framesOf(frames), expected);
    QCOMPARE(camera.state(), CameraSource::State::Up);
    QCOMPARE(camera.stats().framesReceived, quint64(expected.size()));
    QCOMPARE(camera.lastFailure(), CameraSource::Failure::None);
    QCOMPARE(server.connections(), 1);
    QCOMPARE(headerOf(server.requests().value(0), "Authorization"), QByteArray());
}

void TestMjpegHttpCamera::credentials_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QByteArray>("authorization");

    QTest::newRow("none") << QString() << QString() << QByteArray();
    QTest::newRow("token: Bearer") << QString() << QStringLiteral("tok3n-ABC.def_~+/=")
                                   << QByteArray("Bearer tok3n-ABC.def_~+/=");
    QTest::newRow("user and password: Basic")
        << QStringLiteral("viewer") << QStringLiteral("p4ss w:rd")
        << "Basic " + QByteArray("viewer:p4ss w:rd").toBase64();
}

void TestMjpegHttpCamera::credentials()
{
    QFETCH(QString, user);
    QFETCH(QString, secret);
    QFETCH(QByteArray, authorization);

    TestSupport::LogCapture log;
    ScriptedServer server;
    server.onRequest = [this](QTcpSocket *socket, const QByteArray &) {
        streamForever(socket, m_jpegs);
    };
    MjpegHttpCamera camera;
    camera.setTimeouts(fastTimeouts(10s));
    camera.setEndpoint(
        endpointFor(server.url(QStringLiteral("/cam/p1/stream.mjpg")), user, secret));
    QSignalSpy frames(&camera, &CameraSource::frameArrived);
    camera.start();
    QTRY_VERIFY_WITH_TIMEOUT(frames.size() >= 2, 20000);

    const QByteArray request = server.requests().value(0);
    QVERIFY(request.startsWith("GET /cam/p1/stream.mjpg HTTP/1.1\r\n"));
    QCOMPARE(headerOf(request, "Authorization"), authorization);
    QCOMPARE(headerOf(request, "Connection").toLower(), QByteArray("close"));
    camera.stop();
    if (!secret.isEmpty()) {
        for (const QString &message : TestSupport::LogCapture::messages())
            QVERIFY2(!message.contains(secret), qPrintable(message));
        QVERIFY(!camera.statusText().contains(secret));
    }
}

void TestMjpegHttpCamera::httpsPinned()
{
    ScriptedServer server(true);
    server.onRequest = [this](QTcpSocket *socket, const QByteArray &) {
        streamForever(socket, m_jpegs);
    };
    MjpegHttpCamera camera;
    camera.setTimeouts(fastTimeouts(10s));
    CameraEndpoint endpoint = endpointFor(server.url(), {}, QStringLiteral("s3cret-token"));
    endpoint.trust.pinnedFingerprint = simulatorFingerprint();
    camera.setEndpoint(endpoint);
    QSignalSpy frames(&camera, &CameraSource::frameArrived);
    camera.start();
    QTRY_VERIFY_WITH_TIMEOUT(frames.size() >= 3, 20000);
    QCOMPARE(framesOf(frames).mid(0, 3), m_jpegs);
    QCOMPARE(camera.kindName(), QStringLiteral("MJPEG over HTTPS"));
    QCOMPARE(camera.peerCertificateFingerprint(), simulatorFingerprint());
    QCOMPARE(headerOf(server.requests().value(0), "Authorization"),
             QByteArray("Bearer s3cret-token"));
}

void TestMjpegHttpCamera::httpsPinMismatchSendsNothing()
{
    ScriptedServer server(true);
    server.onRequest = [this](QTcpSocket *socket, const QByteArray &) {
        streamForever(socket, m_jpegs);
    };
    MjpegHttpCamera camera;
    camera.setTimeouts(fastTimeouts(10s));
    CameraEndpoint endpoint
        = endpointFor(server.url(), QStringLiteral("viewer"), QStringLiteral("s3cret"));
    endpoint.trust.pinnedFingerprint = QString(64, QLatin1Char('A'));
    camera.setEndpoint(endpoint);
    QSignalSpy failed(&camera, &CameraSource::failed);
    camera.start();

    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 20000);
    QCOMPARE(failed.at(0).at(0).value<Link::Failure>(), Link::Failure::CertificateMismatch);
    QVERIFY(failed.at(0).at(1).toString().contains(QStringLiteral("was not sent")));
    // The user decides: no retry.
    QCOMPARE(camera.state(), CameraSource::State::Idle);
    // The certificate is reported, for the review dialog.
    QCOMPARE(camera.peerCertificateFingerprint(), simulatorFingerprint());
    // Not one byte of a request reached the server, not even after the connection is gone.
    QTRY_COMPARE_WITH_TIMEOUT(server.open(), 0, 20000);
    QCOMPARE(server.connections(), 1);
    QCOMPARE(server.received(), QByteArray());
    QVERIFY(server.requests().isEmpty());
}

void TestMjpegHttpCamera::httpsFirstUseReportsTheCertificate()
{
    ScriptedServer server(true);
    server.onRequest = [this](QTcpSocket *socket, const QByteArray &) {
        streamForever(socket, m_jpegs);
    };
    MjpegHttpCamera camera;
    camera.setTimeouts(fastTimeouts(10s));
    camera.setEndpoint(endpointFor(server.url()));
    QSignalSpy fingerprint(&camera, &CameraSource::peerCertificateFingerprintChanged);
    QSignalSpy frames(&camera, &CameraSource::frameArrived);
    camera.start();
    QTRY_VERIFY_WITH_TIMEOUT(frames.size() >= 1, 20000);
    QCOMPARE(fingerprint.size(), 1);
    QCOMPARE(fingerprint.at(0).at(0).toString(), simulatorFingerprint());
}

void TestMjpegHttpCamera::httpsAuthority_data()
{
    QTest::addColumn<QString>("peerName");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("the certificate's name") << kSerial << true;
    QTest::newRow("another name") << QStringLiteral("01S00C999999999") << false;
    QTest::newRow("the URL's host (not in the certificate)") << QString() << false;
}

void TestMjpegHttpCamera::httpsAuthority()
{
    QFETCH(QString, peerName);
    QFETCH(bool, accepted);

    ScriptedServer server(true);
    server.onRequest = [this](QTcpSocket *socket, const QByteArray &) {
        streamForever(socket, m_jpegs);
    };
    MjpegHttpCamera camera;
    camera.setTimeouts(fastTimeouts(10s));
    CameraEndpoint endpoint = endpointFor(server.url(), {}, QStringLiteral("s3cret-token"));
    endpoint.trust.caFile = QStringLiteral(QT_TESTCASE_SOURCEDIR "/../resources/sim/simulator.crt");
    endpoint.trust.peerName = peerName;
    camera.setEndpoint(endpoint);
    QSignalSpy frames(&camera, &CameraSource::frameArrived);
    QSignalSpy failed(&camera, &CameraSource::failed);
    camera.start();
    if (accepted) {
        QTRY_VERIFY_WITH_TIMEOUT(frames.size() >= 1, 20000);
        QCOMPARE(frames.at(0).at(0).value<CameraFrame>().encoded(), m_jpegs.at(0));
        return;
    }
    QTRY_VERIFY_WITH_TIMEOUT(failed.size() >= 1, 20000);
    QCOMPARE(failed.at(0).at(0).value<Link::Failure>(), Link::Failure::TlsError);
    QTRY_COMPARE_WITH_TIMEOUT(server.open(), 0, 20000);
    QCOMPARE(server.received(), QByteArray());
}

void TestMjpegHttpCamera::failures_data()
{
    QTest::addColumn<QByteArray>("response"); // written, then the connection is closed
    QTest::addColumn<QString>("secret");
    QTest::addColumn<Link::Failure>("failure");
    QTest::addColumn<Link::State>("after");
    QTest::addColumn<QString>("words");

    const QByteArray empty = "Content-Length: 0\r\n";
    QTest::newRow("401 with a token")
        << head("401 Unauthorized", "text/plain", empty + "WWW-Authenticate: Bearer\r\n")
        << QStringLiteral("wr0ng-t0ken") << Link::Failure::AccessCodeRejected
        << Link::State::Backoff << QStringLiteral("rejected the token or password (HTTP 401)");
    QTest::newRow("401 without credentials")
        << head("401 Unauthorized", "text/plain",
                empty + "WWW-Authenticate: Basic realm=\"cams\"\r\n")
        << QString() << Link::Failure::AccessCodeRejected << Link::State::Backoff
        << QStringLiteral("asks for a token or a user name and password");
    QTest::newRow("403") << head("403 Forbidden", "text/plain", empty) << QStringLiteral("s3cr3t")
                         << Link::Failure::AccessCodeRejected << Link::State::Backoff
                         << QStringLiteral("(HTTP 403)");
    QTest::newRow("404: no such camera, wait for the user")
        << head("404 Not Found", "text/html", empty) << QStringLiteral("s3cr3t")
        << Link::Failure::InvalidSettings << Link::State::Idle
        << QStringLiteral("No camera at http://127.0.0.1:");
    QTest::newRow("503: busy, retry")
        << head("503 Service Unavailable", "text/plain", empty + "Retry-After: 1\r\n")
        << QStringLiteral("s3cr3t") << Link::Failure::ConnectionRefused << Link::State::Backoff
        << QStringLiteral("is busy (HTTP 503)");
    QTest::newRow("500") << head("500 Internal Server Error", "text/plain", empty) << QString()
                         << Link::Failure::ProtocolError << Link::State::Backoff
                         << QStringLiteral("answered HTTP 500 Internal Server Error");
    QTest::newRow("a web page, not multipart")
        << head("200 OK", "text/html; charset=utf-8") + "<html>login</html>" << QString()
        << Link::Failure::ProtocolError << Link::State::Backoff
        << QStringLiteral("is not an MJPEG stream: it sent text/html; charset=utf-8");
    QTest::newRow("a snapshot URL")
        << head("200 OK", "image/jpeg") + TestFrames::patternJpeg(QSize(32, 18)) << QString()
        << Link::Failure::ProtocolError << Link::State::Backoff
        << QStringLiteral("that is a snapshot URL");
    QTest::newRow("multipart without boundary")
        << head("200 OK", "multipart/x-mixed-replace") << QString() << Link::Failure::ProtocolError
        << Link::State::Backoff << QStringLiteral("does not say where its pictures part");
    QTest::newRow("a part too large")
        << head("200 OK", kStreamType)
            + "--frame\r\nContent-Type: image/jpeg\r\nContent-Length: 104857600\r\n\r\n\xff\xd8"
        << QString() << Link::Failure::ProtocolError << Link::State::Backoff
        << QStringLiteral("a picture was larger than the limit (at most 16777216 bytes");
    QTest::newRow("not a JPEG") << head("200 OK", kStreamType)
            + "--frame\r\nContent-Length: 10\r\n\r\nGIF89a...."
                                << QString() << Link::Failure::ProtocolError << Link::State::Backoff
                                << QStringLiteral("did not start like a JPEG");
    QTest::newRow("the stream ends") << head("200 OK", kStreamType) + part(m_jpegs.value(0))
                                     << QString() << Link::Failure::ConnectionLost
                                     << Link::State::Backoff << QStringLiteral("ended the stream");
    QTest::newRow("closed before answering")
        << QByteArray() << QString() << Link::Failure::NetworkError << Link::State::Backoff
        << QStringLiteral("closed the connection before answering");
    QTest::newRow("not HTTP") << QByteArray("SSH-2.0-OpenSSH_9.2\r\n\r\n") << QString()
                              << Link::Failure::NetworkError << Link::State::Backoff
                              << QStringLiteral("closed the connection before answering");
}

void TestMjpegHttpCamera::failures()
{
    QFETCH(QByteArray, response);
    QFETCH(QString, secret);
    QFETCH(Link::Failure, failure);
    QFETCH(Link::State, after);
    QFETCH(QString, words);

    ScriptedServer server;
    server.onRequest = [&](QTcpSocket *socket, const QByteArray &) {
        socket->write(response);
        socket->disconnectFromHost();
    };
    MjpegHttpCamera camera;
    camera.setTimeouts(fastTimeouts(10s));
    camera.setEndpoint(endpointFor(server.url(), {}, secret));
    QSignalSpy failed(&camera, &CameraSource::failed);
    camera.start();
    QTRY_VERIFY_WITH_TIMEOUT(failed.size() >= 1, 20000);
    const QString message = failed.at(0).at(1).toString();
    QCOMPARE(failed.at(0).at(0).value<Link::Failure>(), failure);
    QVERIFY2(message.contains(words), qPrintable(message));
    QCOMPARE(camera.state(), after);
    if (!secret.isEmpty())
        QVERIFY(!message.contains(secret));
    QCOMPARE(camera.stats().framesReceived, quint64(failure == Link::Failure::ConnectionLost));
}

void TestMjpegHttpCamera::connectionRefused()
{
    MjpegHttpCamera camera;
    camera.setTimeouts(fastTimeouts());
    QUrl url(QStringLiteral("http://127.0.0.1/stream"));
    url.setPort(closedLoopbackPort());
    camera.setEndpoint(endpointFor(url));
    QSignalSpy failed(&camera, &CameraSource::failed);
    camera.start();
    QTRY_VERIFY_WITH_TIMEOUT(failed.size() >= 1, 20000);
    QCOMPARE(failed.at(0).at(0).value<Link::Failure>(), Link::Failure::ConnectionRefused);
    QVERIFY(failed.at(0).at(1).toString().contains(QStringLiteral("refused the connection")));
    QCOMPARE(camera.state(), CameraSource::State::Backoff);
    QVERIFY(camera.nextAttemptAt().isValid());
}

void TestMjpegHttpCamera::watchdogRedialsAStalledStream()
{
    // Two frames, then silence on an open connection; the next connection streams.
    ScriptedServer server;
    server.onRequest = [&](QTcpSocket *socket, const QByteArray &) {
        if (server.connections() == 1) {
            socket->write(head("200 OK", kStreamType) + part(m_jpegs.at(0)) + part(m_jpegs.at(1)));
            return; // and nothing more, ever
        }
        streamForever(socket, m_jpegs);
    };
    MjpegHttpCamera camera;
    camera.setTimeouts(fastTimeouts(1500ms));
    camera.setEndpoint(endpointFor(server.url()));
    QSignalSpy failed(&camera, &CameraSource::failed);
    QSignalSpy frames(&camera, &CameraSource::frameArrived);
    camera.start();
    QTRY_VERIFY_WITH_TIMEOUT(failed.size() >= 1, 20000);
    QCOMPARE(failed.at(0).at(0).value<Link::Failure>(), Link::Failure::TimedOut);
    QVERIFY(failed.at(0).at(1).toString().contains(QStringLiteral("the stream stalled")));
    QCOMPARE(frames.size(), 2);
    // Back up on a new connection; the stalled one was closed first.
    QTRY_VERIFY_WITH_TIMEOUT(frames.size() >= 4 && camera.state() == CameraSource::State::Up,
                             20000);
    QCOMPARE(server.connections(), 2);
    QCOMPARE(server.maxOpen(), 1);
    QCOMPARE(camera.stats().reconnects, quint64(1));
}

void TestMjpegHttpCamera::reconnectsWithBackoffOneConnectionAtATime()
{
    // Every connection ends after one frame.
    ScriptedServer server;
    server.onRequest = [&](QTcpSocket *socket, const QByteArray &) {
        socket->write(head("200 OK", kStreamType) + part(m_jpegs.at(0)));
        socket->disconnectFromHost();
    };
    MjpegHttpCamera camera;
    camera.setTimeouts(fastTimeouts());
    camera.setEndpoint(endpointFor(server.url()));
    QSignalSpy states(&camera, &CameraSource::stateChanged);
    QSignalSpy failed(&camera, &CameraSource::failed);
    camera.start();
    QTRY_VERIFY_WITH_TIMEOUT(failed.size() >= 4, 30000);
    for (const QList<QVariant> &failure : std::as_const(failed))
        QCOMPARE(failure.at(0).value<Link::Failure>(), Link::Failure::ConnectionLost);
    // Each failure went through Backoff before the next attempt.
    int backoffs = 0;
    for (const QList<QVariant> &state : std::as_const(states))
        backoffs += state.at(0).value<Link::State>() == Link::State::Backoff;
    QVERIFY(backoffs >= 4);
    QVERIFY(camera.stats().reconnects >= 3);
    QCOMPARE(server.maxOpen(), 1);
}

void TestMjpegHttpCamera::hugePartIsRefusedWithBoundedMemory()
{
    // A part without a length that never ends: the camera gives up at its limit, long before
    // the server ran out of bytes to send, and never holds more than the limit.
    constexpr qsizetype limit = 1024 * 1024;
    qint64 written = 0;
    ScriptedServer server;
    server.onRequest = [&](QTcpSocket *socket, const QByteArray &) {
        socket->write(head("200 OK", kStreamType)
                      + "--frame\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8");
        auto *timer = new QTimer(socket);
        connect(timer, &QTimer::timeout, socket, [socket, &written] {
            if (socket->bytesToWrite() > 256 * 1024 || written > 64 * limit)
                return; // never more than the camera reads
            const QByteArray chunk(64 * 1024, 'x');
            written += socket->write(chunk);
        });
        timer->start(1);
    };
    MjpegHttpCamera camera;
    camera.setTimeouts(fastTimeouts(10s));
    camera.setMaxFrameSize(limit);
    camera.setEndpoint(endpointFor(server.url()));
    QSignalSpy failed(&camera, &CameraSource::failed);
    qsizetype maxBuffered = 0;
    connect(&camera, &CameraSource::stateChanged, this,
            [&] { maxBuffered = std::max(maxBuffered, camera.bufferedBytes()); });
    QTimer sampler;
    connect(&sampler, &QTimer::timeout, this,
            [&] { maxBuffered = std::max(maxBuffered, camera.bufferedBytes()); });
    sampler.start(1);
    camera.start();
    QTRY_VERIFY_WITH_TIMEOUT(failed.size() >= 1, 30000);
    QCOMPARE(failed.at(0).at(0).value<Link::Failure>(), Link::Failure::ProtocolError);
    QVERIFY(failed.at(0).at(1).toString().contains(QStringLiteral("larger than the limit")));
    QVERIFY2(maxBuffered <= limit + 1024, qPrintable(QString::number(maxBuffered)));
    QVERIFY2(written < 16 * limit, qPrintable(QString::number(written)));
}

void TestMjpegHttpCamera::ffmpegServesTheStream()
{
    // A real MJPEG server from Debian: ffmpeg's mpjpeg muxer on its HTTP server (parts with a
    // Content-length, a chunked response). Without -content_type it would call the stream
    // application/octet-stream.
    const QString ffmpeg = QStandardPaths::findExecutable(QStringLiteral("ffmpeg"));
    if (ffmpeg.isEmpty())
        QSKIP("ffmpeg is not installed (Debian: apt install ffmpeg)");
    const quint16 port = closedLoopbackPort();
    const QString url = QStringLiteral("http://127.0.0.1:%1/stream.mjpg").arg(port);
    QProcess server;
    server.setProgram(ffmpeg);
    server.setArguments({QStringLiteral("-hide_banner"), QStringLiteral("-loglevel"),
                         QStringLiteral("error"), QStringLiteral("-re"), QStringLiteral("-f"),
                         QStringLiteral("lavfi"), QStringLiteral("-i"),
                         QStringLiteral("testsrc=size=160x120:rate=10"), QStringLiteral("-f"),
                         QStringLiteral("mpjpeg"), QStringLiteral("-content_type"),
                         QStringLiteral("multipart/x-mixed-replace;boundary=ffmpeg"),
                         QStringLiteral("-listen"), QStringLiteral("1"), url});
    server.start();
    QVERIFY(server.waitForStarted());

    MjpegHttpCamera camera;
    camera.setTimeouts(fastTimeouts(10s)); // refused until ffmpeg listens: retried within 400 ms
    camera.setEndpoint(endpointFor(QUrl(url)));
    QSignalSpy frames(&camera, &CameraSource::frameArrived);
    camera.start();
    QTRY_VERIFY_WITH_TIMEOUT(frames.size() >= 5, 30000);
    QCOMPARE(camera.state(), CameraSource::State::Up);
    for (const QByteArray &jpeg : framesOf(frames)) {
        QVERIFY(jpeg.startsWith("\xff\xd8") && jpeg.endsWith("\xff\xd9"));
        QCOMPARE(QImage::fromData(jpeg, "JPEG").size(), QSize(160, 120));
    }
    camera.stop();
    server.kill();
    server.waitForFinished();
}

void TestMjpegHttpCamera::farmCamWatchesAnotherFarmCam_data()
{
    QTest::addColumn<QString>("path"); // empty: the printer's own stream URL
    QTest::addColumn<bool>("rightToken");
    QTest::addColumn<Link::Failure>("failure");

    QTest::newRow("stream URL, token") << QString() << true << Link::Failure::None;
    QTest::newRow("mjpg-streamer spelling")
        << QStringLiteral("/cam/bay-3-p1s/?action=stream") << true << Link::Failure::None;
    QTest::newRow("wrong token") << QString() << false << Link::Failure::AccessCodeRejected;
    QTest::newRow("no such printer") << QStringLiteral("/cam/no-such-printer/stream.mjpg") << true
                                     << Link::Failure::InvalidSettings;
}

void TestMjpegHttpCamera::farmCamWatchesAnotherFarmCam()
{
    QFETCH(QString, path);
    QFETCH(bool, rightToken);
    QFETCH(Link::Failure, failure);

    // The FarmCam that holds the printer: its farm, one printer (in-process pictures standing in
    // for the printer's camera) and its share server.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    AppSettings settings(dir.filePath(QStringLiteral("farmcam.conf")));
    MemoryCredentialStore credentials;
    PrinterFarm farm(&settings, &credentials);
    farm.setPersistent(false);
    PrinterConfig config;
    config.name = QStringLiteral("Bay 3 · P1S");
    config.host = QStringLiteral("127.0.0.1");
    config.port = closedLoopbackPort();
    config.serial = QStringLiteral("01P00A000000001");
    config.statusEnabled = false;
    auto *loopback = new LoopbackCamera;
    QString error;
    Printer *printer = farm.addPrinter(config, TestSupport::kAccessCode, loopback, &error);
    QVERIFY2(printer, qPrintable(error));
    printer->start();
    QList<QByteArray> published;
    connect(printer->frames(), &FrameHub::frameArrived, this,
            [&published](const CameraFrame &frame) { published.append(frame.encoded()); });
    ShareServer server(&farm);
    ShareServer::Settings share;
    share.port = 0;
    share.token = ShareToken::generate();
    QVERIFY2(server.start(share, &error), qPrintable(error));
    qsizetype next = 0;
    QTimer feeder;
    connect(&feeder, &QTimer::timeout, this,
            [&] { loopback->deliverJpeg(m_jpegs.at(next++ % m_jpegs.size())); });
    feeder.start(50);

    // The FarmCam that watches: a camera of this kind with the other's URL and token.
    QUrl url = server.streamUrl(printer);
    if (!path.isEmpty()) {
        const QUrl relative(path);
        url.setPath(relative.path());
        url.setQuery(relative.query());
    }
    MjpegHttpCamera camera;
    camera.setTimeouts(fastTimeouts(10s));
    camera.setEndpoint(
        endpointFor(url, {}, rightToken ? share.token : QStringLiteral("not-the-token")));
    QSignalSpy frames(&camera, &CameraSource::frameArrived);
    QSignalSpy failed(&camera, &CameraSource::failed);
    camera.start();

    if (failure != Link::Failure::None) {
        QTRY_VERIFY_WITH_TIMEOUT(failed.size() >= 1, 20000);
        QCOMPARE(failed.at(0).at(0).value<Link::Failure>(), failure);
        QVERIFY(!failed.at(0).at(1).toString().contains(share.token));
        QVERIFY(frames.isEmpty());
        return;
    }
    // Every frame is one the other FarmCam's printer published, byte for byte, in order (a
    // viewer may skip frames when it falls behind: newest wins).
    QTRY_VERIFY_WITH_TIMEOUT(frames.size() >= 5, 20000);
    qsizetype at = 0;
    for (const QByteArray &jpeg : framesOf(frames)) {
        at = published.indexOf(jpeg, at);
        QVERIFY(at >= 0);
        ++at;
    }
    QCOMPARE(camera.state(), CameraSource::State::Up);
    camera.stop();
    server.stop();
}

void TestMjpegHttpCamera::stopClosesTheConnection()
{
    ScriptedServer server;
    server.onRequest = [this](QTcpSocket *socket, const QByteArray &) {
        streamForever(socket, m_jpegs);
    };
    MjpegHttpCamera camera;
    camera.setTimeouts(fastTimeouts(10s));
    camera.setEndpoint(endpointFor(server.url()));
    QSignalSpy frames(&camera, &CameraSource::frameArrived);
    camera.start();
    QTRY_VERIFY_WITH_TIMEOUT(frames.size() >= 1, 20000);
    QCOMPARE(server.open(), 1);
    camera.stop();
    QCOMPARE(camera.state(), CameraSource::State::Idle);
    QTRY_COMPARE_WITH_TIMEOUT(server.open(), 0, 20000);
    QCOMPARE(server.connections(), 1);
}

QTEST_GUILESS_MAIN(TestMjpegHttpCamera)
#include "tst_mjpeghttpcamera.moc"
