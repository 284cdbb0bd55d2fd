// A stand-in for a Bambu Lab P1/A1 printer's camera port, for tests, the demo and farmcam-sim.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

class FrameRenderer;
class QSslSocket;
class QTimer;

// Behaves on the wire like the camera port (6000) of a P1P/P1S/A1/A1 mini, as PROTOCOL.md says:
// TLS with the simulator's own certificate (:/sim/simulator.crt), the 80-byte login (user `bblp`
// and the access code, NUL-padded), then frames at the configured rate, each a 16-byte header in a
// write of its own followed by the JPEG in writes of at most 4096 bytes.
//
// Like a printer it serves at most two clients: a third connection is accepted, but its TLS
// handshake does not start until one of the two closes. A wrong login gets no answer but a close;
// a login shorter than 80 bytes gets no answer at all (the printer waits for the rest).
//
// One frame is rendered per tick (only while someone is streaming) and the same bytes go to every
// streaming client. A client whose unsent backlog is large skips frames rather than buffering
// them without bound. Faults (setFault) make it misbehave the ways a client must survive.
//
// The default frames come from FrameRenderer, which needs a QGuiApplication for its text (see
// there); setFrameSource() replaces them.
class PrinterSimulator final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PrinterSimulator)

public:
    // What goes wrong with each client after it has had `afterFrames` good frames (setFault).
    // Once a fault has happened, that connection gets nothing more; a new connection gets its good
    // frames again before the same fault.
    enum class Fault {
        None,
        Stall, // stops sending, keeps the connection open
        TruncateMidFrame, // a header and half the JPEG, then a clean (TLS) close
        GarbageHeader, // 16 bytes that are no header: size 0xdeadbeef, not 0/1/0 after it
        OversizeLength, // a header announcing 512 MiB, then 4096 bytes of JPEG
        BadJpegMagic, // a correct header and size, the payload starting 00 00 instead of ff d8
        AbruptClose, // a header and the first 4096 bytes of the JPEG, then abort(): no TLS close
    };
    Q_ENUM(Fault)

    using FrameSource = std::function<QByteArray(quint64 frameNumber)>;

    static constexpr quint16 kPrinterPort = 6000;
    static constexpr int kMaxServedClients = 2;
    static constexpr qsizetype kMaxChunkSize = 4096;
    // A client with more than this still to be sent skips frames until it has caught up.
    static constexpr qint64 kMaxBacklogBytes = 1024 * 1024;
    static constexpr quint32 kOversizeLength = 512u * 1024 * 1024;
    static constexpr quint32 kGarbageLength = 0xdeadbeef;

    explicit PrinterSimulator(QObject *parent = nullptr);
    ~PrinterSimulator() override;

    // The name drawn on the frames. Default "Simulated printer".
    void setName(const QString &name);
    QString name() const { return m_name; }
    // The LAN access code the login must carry. Default "12345678". Never logged.
    void setAccessCode(const QString &accessCode);
    // Frames per second while someone is streaming, e.g. 0.5, 1 or 30; clamped to 0.01-120.
    void setFramesPerSecond(double framesPerSecond);
    double framesPerSecond() const { return m_framesPerSecond; }
    // JPEG quality of the rendered frames, 1-100 (FrameRenderer's default, 80, gives frames of
    // about 140 KB; 70 about 100 KB).
    void setJpegQuality(int quality);
    int jpegQuality() const { return m_jpegQuality; }
    // Replaces the rendered frames (tests: known bytes, huge frames). Empty function = rendered.
    void setFrameSource(FrameSource source);
    void setFault(Fault fault, int afterFrames = 0);
    Fault fault() const { return m_fault; }
    int faultAfterFrames() const { return m_faultAfterFrames; }

    // Port 0 = one chosen by the system (see serverPort()). Loopback by default: the simulator is
    // not meant to be reachable from the network.
    bool listen(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0);
    // Stops listening and drops every client without a TLS goodbye: the printer restarted or
    // vanished. listen() again to bring it back (the same port works).
    void close();
    bool isListening() const;
    quint16 serverPort() const;
    QHostAddress serverAddress() const;
    QString errorString() const;

    // Open TCP connections, including those waiting for a free slot.
    int clientCount() const { return int(m_clients.size()); }
    // Connections that logged in and are being sent frames (a faulted one no longer counts).
    int streamingClientCount() const;
    // Frames rendered so far (one per tick with someone streaming).
    quint64 framesRendered() const { return m_frameNumber; }
    // Frames not sent to a client because its backlog was too large, over all clients.
    quint64 framesSkipped() const { return m_framesSkipped; }

    // SHA-256 of the certificate's DER, upper-case hex pairs joined by colons (as openssl prints).
    QString certificateFingerprint() const;

    // "none", "stall", "truncate-mid-frame", "garbage-header", "oversize-length",
    // "bad-jpeg-magic", "abrupt-close". Parsing ignores case, '-' and '_', so the enum's key
    // ("GarbageHeader") works too.
    static QString faultName(Fault fault);
    static Fault faultFromString(const QString &text, bool *ok = nullptr);
    static QStringList faultNames();

signals:
    // The exact JPEG payload of each frame sent intact to at least one client, once per tick.
    void frameSent(const QByteArray &jpeg);
    void clientAuthenticated();
    void loginRejected();
    void clientCountChanged(int count);

private:
    class Server;
    enum class Stage {
        Waiting, // accepted, TLS not started: both slots are taken
        Handshaking,
        LoggingIn,
        Streaming,
        Rejected, // wrong login: being closed, nothing is sent
        Faulted, // a fault happened: nothing more is sent
    };
    struct Client
    {
        Stage stage = Stage::Waiting;
        QByteArray login;
        int goodFrames = 0;
    };

    void onIncomingConnection(qintptr socketDescriptor);
    void serveWaitingClients();
    void onEncrypted(QSslSocket *socket);
    void onReadyRead(QSslSocket *socket);
    void checkLogin(QSslSocket *socket, Client &client);
    void removeClient(QSslSocket *socket);
    void updateTimer();
    void tick();
    void applyFault(QSslSocket *socket, Client &client, const QByteArray &jpeg);
    QByteArray nextFrame();
    // Writes in chunks of at most kMaxChunkSize; false if the client was dropped meanwhile.
    bool writeChunks(QSslSocket *socket, QByteArrayView bytes);
    int servedClientCount() const;

    QString m_name;
    QByteArray m_accessCode;
    QString m_errorString;
    double m_framesPerSecond = 1.0;
    int m_jpegQuality = 80; // FrameRenderer::kDefaultQuality
    FrameSource m_frameSource;
    Fault m_fault = Fault::None;
    int m_faultAfterFrames = 0;
    quint64 m_frameNumber = 0;
    quint64 m_framesSkipped = 0;

    Server *m_server; // child
    QTimer *m_timer; // child
    std::unique_ptr<FrameRenderer> m_renderer; // made on the first frame
    QHash<QSslSocket *, Client> m_clients; // sockets are children
    QList<QSslSocket *> m_waiting; // oldest first
};
