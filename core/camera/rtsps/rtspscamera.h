// The camera of an X1, X1C, X1E, H2C, H2D, H2S, P2S or X2D: RTSP over TLS on port 322, H.264.
#pragma once

#include "camera/camerasource.h"

#include <QByteArray>
#include <QSize>

#include <chrono>
#include <memory>

class RtspReader;
class TlsRelay;

// FFmpeg speaks RTSP (and demuxes RTP/H.264) over a loopback TlsRelay that opened the TLS
// connection to the printer and checked its certificate with TlsTrust first: the RTSP request
// carries the access code, and no byte of it leaves before the check passed.
//
// Progress: Connecting -TCP up-> Handshaking -TLS up, certificate trusted, relay listening->
// Authenticating (FFmpeg: DESCRIBE with the code, SETUP, PLAY) -first frame-> Up. Each step has
// its deadline (connect covers TCP and TLS, firstFrame the RTSP set-up and the first picture,
// watchdog each gap while streaming): FFmpeg's own timeout does not notice a printer that keeps
// the connection open and sends nothing, so the link's deadline ends the reader through FFmpeg's
// interrupt callback.
//
// Frames are H.264 access units (Annex-B), demuxed only; every key frame carries SPS and PPS.
// Decoding is the subscribers' business (FrameHub).
//
// Printers of this kind stop serving when they are redialled too often (PROTOCOL.md): whatever
// the timeouts say, no redial comes sooner than kMinimumBackoff after a failure, and exactly one
// connection (relay + FFmpeg) exists at a time: each hang-up joins the reader before a new dial.
class RtspsCamera final : public CameraSource
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RtspsCamera)

public:
    static constexpr quint16 kDefaultPort = 322;
    static constexpr char kDefaultPath[] = "/streaming/live/1";
    static constexpr std::chrono::milliseconds kMinimumBackoff{5000};

    explicit RtspsCamera(QObject *parent = nullptr);
    ~RtspsCamera() override;

    QString kindName() const override;

    // The picture size the stream announced (its SPS); empty before the stream opened.
    QSize pictureSize() const { return m_pictureSize; }
    // Frames the reader dropped because this thread fell behind (until the next key frame).
    quint64 framesDropped() const;
    // The relay, for tests and diagnostics (bytes relayed, refused clients).
    const TlsRelay *relay() const { return m_relay; }

    // Sentences shared with the rest of the app (the printer reports live view off by MQTT too).
    static QString liveViewOffText(const QString &endpointLabel);

protected:
    void dial() override;
    void hangUp() override;

private:
    void onRelayListening(quint16 port);
    void onRelayFailed(int error, const QString &detail);
    void onReaderOpened(quint64 attempt, const QSize &size);
    void onReaderFrame(quint64 attempt, const QByteArray &accessUnit, bool keyFrame,
                       const QDateTime &receivedAt, qint64 receivedNs);
    void onReaderFinished(quint64 attempt, int error, bool opened, bool unsupportedStream,
                          const QString &message);
    void onDeadline(Link::State state);
    QString validationError() const;
    QString streamPath() const;

    TlsRelay *m_relay; // child
    std::unique_ptr<RtspReader> m_reader;
    quint64 m_attempt = 0; // callbacks of an older attempt are ignored
    bool m_printerClosed = false; // the relay saw the printer close during this attempt
    QString m_printerCloseDetail;
    QSize m_pictureSize;
};
