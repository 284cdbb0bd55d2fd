// A stand-in for the RTSPS camera (port 322) of a Bambu Lab X1/X1C/X1E/H2C/H2D/H2S/P2S/X2D, for
// tests, the demo, benchmarks and farmcam-sim.
#pragma once

#include "sim/h264loop.h"

#include <QHostAddress>
#include <QObject>
#include <QSize>
#include <QString>
#include <QStringList>

#include <chrono>
#include <memory>

// Serves `rtsps://bblp:<access code>@<address>:<port>/streaming/live/1` the way PROTOCOL.md
// describes the printers: RTSP over TLS (the simulator's own certificate, :/sim/simulator.crt, as
// the port-6000 simulator presents), HTTP Basic authentication with user `bblp` and the access
// code (anything else gets 401 Unauthorized), RTP interleaved over the RTSP connection (TCP only,
// as the printers' clients use it), H.264 with SPS and PPS in-band before every key frame.
//
// The RTSP server is GStreamer's (gst-rtsp-server), not one written here. It runs on a GLib main
// context of its own in a thread of its own, so it works whatever Qt's event dispatcher is (GLib
// or not, QGuiApplication or QCoreApplication); close() and the destructor stop it and join the
// thread. Every client gets its own replay of the clip, starting at its first key frame.
//
// The pictures are an H264Loop, encoded once (at listen(), or given with setLoop()) and replayed
// with advancing timestamps: serving a client costs the packetising and TLS, not an encoder.
// Simulators with the same name and video format share one clip (H264Loop::shared()).
//
// Faults (setFault) can be switched at any time, like the port-6000 simulator's.
class RtspsPrinterSimulator final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RtspsPrinterSimulator)

public:
    enum class Fault {
        None,
        // Each client gets `afterFrames` good frames (at least one: the server answers DESCRIBE
        // only once a picture is ready), then no more RTP; the connection stays open.
        Stall,
        // Each client gets `afterFrames` good frames, then its TCP connection is shut down without
        // a TLS goodbye or an RTSP TEARDOWN.
        AbruptClose,
        // The server expects another code: every request with the right one gets 401.
        WrongCode,
        // "LAN Only Liveview" off: nothing listens on the port (connection refused); clients that
        // were connected are dropped. The MQTT report's ipcam.rtsp_url says "disable".
        LiveviewOff,
        // A key frame only every kRareKeyFrameInterval (P2S-like). New clients still start with
        // one.
        RareKeyFrames,
    };
    Q_ENUM(Fault)

    static constexpr quint16 kPrinterPort = 322;
    static constexpr char kPath[] = "/streaming/live/1";
    static constexpr char kUser[] = "bblp";
    static constexpr double kRareKeyFrameInterval = 10; // seconds

    explicit RtspsPrinterSimulator(QObject *parent = nullptr);
    ~RtspsPrinterSimulator() override;

    // The name drawn on the pictures. Default "Simulated X1C". Before listen().
    void setName(const QString &name);
    QString name() const { return m_format.name; }
    // The video: default 1920x1080, 30 fps, a key frame every second. Before listen().
    void setVideoSize(QSize size);
    void setFramesPerSecond(int framesPerSecond);
    void setKeyFrameInterval(double seconds);
    H264Loop::Format videoFormat() const { return m_format; }
    // Serve this clip instead of encoding one (a load run: many printers, one clip). Its format
    // replaces the one set above. Before listen().
    void setLoop(std::shared_ptr<const H264Loop> loop);
    std::shared_ptr<const H264Loop> loop() const { return m_loop; }

    // The LAN access code, the Basic auth password. Default "12345678". Never logged. Any time.
    void setAccessCode(const QString &accessCode);
    // Any time; takes effect before it returns (a client dialling afterwards sees it).
    void setFault(Fault fault, int afterFrames = 0);
    Fault fault() const { return m_fault; }
    int faultAfterFrames() const { return m_faultAfterFrames; }

    // Encodes the clip (unless set or shared already) and starts the server. Port 0 = one chosen by
    // the system (see serverPort()). Loopback by default. Blocks while the clip is encoded.
    bool listen(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0);
    // Stops the server, drops every client without a TLS goodbye and joins the server's thread.
    // listen() again to bring it back (the same port works).
    void close();
    // Started with listen() (also while the LiveviewOff fault keeps the port closed).
    bool isListening() const;
    // The port, also while LiveviewOff keeps it closed; 0 before listen().
    quint16 serverPort() const { return m_port; }
    QHostAddress serverAddress() const { return m_address; }
    QString errorString() const { return m_errorString; }

    // rtsps://<address>:<port>/streaming/live/1, without credentials (safe to print).
    QString url() const;
    // What the MQTT report's ipcam.rtsp_url says: rtsps://<address>/streaming/live/1 (printers
    // leave the port out), or "disable" while LiveviewOff.
    QString reportedRtspUrl() const;

    // RTSP connections open now (updated from the server's thread; see clientCountChanged).
    int clientCount() const;
    // Access units handed to clients so far, all clients together.
    quint64 framesSent() const;

    // SHA-256 of the certificate's DER, upper-case hex pairs joined by colons (as openssl prints).
    QString certificateFingerprint() const;

    // "none", "stall", "abrupt-close", "wrong-code", "liveview-off", "rare-key-frames". Parsing
    // ignores case, '-' and '_'.
    static QString faultName(Fault fault);
    static Fault faultFromString(const QString &text, bool *ok = nullptr);
    static QStringList faultNames();

signals:
    void clientCountChanged(int count);
    // ipcam.rtsp_url changed (LiveviewOff switched on or off).
    void reportedRtspUrlChanged(const QString &url);

private:
    class Engine;

    H264Loop::Format m_format;
    std::shared_ptr<const H264Loop> m_loop;
    QString m_accessCode = QStringLiteral("12345678");
    Fault m_fault = Fault::None;
    int m_faultAfterFrames = 0;
    QHostAddress m_address;
    quint16 m_port = 0;
    QString m_errorString;
    int m_clientCount = 0;
    std::shared_ptr<Engine> m_engine; // while listening
};
