// A loopback relay in front of a printer's RTSPS port: TLS to the printer with Qt's own TLS and
// FarmCam's trust rule, plain bytes to one local client (FFmpeg inside this process).
#pragma once

#include "trust/tlstrust.h"

#include <QAbstractSocket>
#include <QObject>
#include <QPointer>
#include <QSslSocket> // QPointer needs the complete types
#include <QString>
#include <QStringList>
#include <QTcpServer>
#include <QTcpSocket>

class QTimer;

// Why a relay: the RTSP request carries the access code, and FFmpeg's own TLS for rtsps:// (GnuTLS
// in Debian) neither takes a pin nor copes with the renegotiation some printers do. So FFmpeg
// speaks plain RTSP to 127.0.0.1 and this relay carries the bytes over a TLS connection it opened
// and checked itself.
//
// open(): TCP connect (tcpConnected) -> TLS handshake -> certificateSeen(fingerprint) -> TlsTrust
// decides: a certificate it refuses ends in failed(CertificateMismatch) and the relay never
// listens, so no byte from any local client (and hence no access code) can reach the printer.
// Only a trusted connection makes it listen on 127.0.0.1, port 0 (listening(port)). The first
// loopback connection is relayed (clientConnected); every later one is refused at once. The
// listening socket stays open, refusing, for the relay's life: closing it would free the port for
// another local program to take while FFmpeg may still be connecting to it.
//
// Relaying is bounded both ways: a side is not read while the other side has more than
// bufferLimit() bytes waiting to be written, and Qt reads at most bufferLimit() bytes ahead from
// each socket. A slow FFmpeg therefore slows the printer's TCP stream instead of growing memory.
//
// What the printer sends is handed on in batches: a printer sends each RTP packet (~1.4 KB) as a
// TLS record of its own, and writing each to the loopback socket on arrival costs a system call
// and a wake-up of FFmpeg's reader thread per packet (a dozen per frame of a 1080p camera). Bytes
// wait at most kCoalesceMs, or until kCoalesceBytes are there, so that a frame usually goes in one
// write (docs/PERFORMANCE.md, RTSPS). Bytes towards the printer (RTSP requests) go at once.
//
// When the printer closes (or its connection breaks) after the relay started listening, what it
// sent is still handed to the client, then the client is closed and printerClosed() is emitted:
// FFmpeg reads the printer's last answer (a 401, say) before it sees the end. When the client
// closes, the printer connection is closed too (clientClosed()).
class TlsRelay final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TlsRelay)

public:
    enum class Error {
        None,
        HostNotFound,
        ConnectionRefused, // the port is closed (on printers: LAN Only Liveview off, or booting)
        TlsFailed, // the handshake failed, or the certificate failed CA verification
        CertificateMismatch, // TlsTrust refused the certificate: nothing was relayed
        ClosedBeforeSecured, // the printer closed during the handshake
        NetworkError, // anything else before the relay listened
        ListenFailed, // no loopback port could be opened
    };
    Q_ENUM(Error)

    static constexpr qint64 kDefaultBufferLimit = 1024 * 1024;
    // See the class comment: the latency the batching may add, and the batch that goes at once.
    static constexpr int kCoalesceMs = 5;
    static constexpr qint64 kCoalesceBytes = 64 * 1024;

    explicit TlsRelay(QObject *parent = nullptr);
    ~TlsRelay() override;

    // Per direction (see the class comment). At least 4 KiB. Applies to the next open().
    void setBufferLimit(qint64 bytes);
    qint64 bufferLimit() const { return m_bufferLimit; }

    // Starts over: drops what there was, then dials `host`:`port` with TLS trusted by `trust`.
    void open(const QString &host, quint16 port, const TlsTrust &trust);
    // Drops both connections and the listener; emits nothing.
    void close();

    // The loopback port to give the client; 0 until listening().
    quint16 localPort() const;
    // SHA-256 of the printer's certificate (TlsTrust's spelling); empty before the handshake.
    QString peerFingerprint() const { return m_fingerprint; }
    bool isClientConnected() const { return m_client != nullptr; }
    // Bytes relayed from the printer to the client, and from the client to the printer.
    quint64 bytesFromPrinter() const { return m_bytesFromPrinter; }
    quint64 bytesToPrinter() const { return m_bytesToPrinter; }
    // Bytes held in this process now, both directions, and the most ever held since open().
    qint64 bufferedBytes() const;
    qint64 peakBufferedBytes() const { return m_peakBufferedBytes; }
    // Loopback connections refused because one was being relayed already (or not from loopback).
    int refusedClients() const { return m_refusedClients; }
    // The socket's words for the last failure (and the TLS errors of the handshake).
    QString errorString() const { return m_errorString; }

signals:
    void tcpConnected();
    // The handshake is done and showed this certificate; TlsTrust decides next. A listener may
    // close() the relay from here.
    void certificateSeen(const QString &fingerprint);
    // Trusted: the client may connect to 127.0.0.1:`port` now.
    void listening(quint16 port);
    void clientConnected();
    // Before listening(): the connection to the printer failed. Nothing was relayed.
    void failed(TlsRelay::Error error, const QString &detail);
    // After listening(): the printer closed or the connection broke (`detail` says which).
    void printerClosed(const QString &detail);
    // The client closed its end; the printer connection is being closed too.
    void clientClosed();

private:
    void onPrinterEncrypted();
    void onPrinterError(QAbstractSocket::SocketError error);
    void onPrinterDisconnected();
    void onNewConnection();
    void onClientDisconnected();
    void startListening();
    void onPrinterReadyRead();
    void pumpToClient();
    void pumpToPrinter();
    void notePeak();
    void fail(Error error, const QString &detail);
    void printerGone(const QString &detail);
    bool isCurrent(quint64 generation) const { return generation == m_generation; }

    QTimer *m_coalesceTimer; // child: hands on what waited up to kCoalesceMs
    qint64 m_bufferLimit = kDefaultBufferLimit;
    TlsTrust m_trust;
    QPointer<QSslSocket> m_printer;
    QPointer<QTcpServer> m_server;
    QPointer<QTcpSocket> m_client;
    QString m_fingerprint;
    QString m_errorString;
    QStringList m_sslErrors;
    quint64 m_generation = 0; // bumped by open() and close(): stale callbacks see another value
    quint64 m_bytesFromPrinter = 0;
    quint64 m_bytesToPrinter = 0;
    qint64 m_peakBufferedBytes = 0;
    int m_refusedClients = 0;
    bool m_trusted = false;
    bool m_printerGone = false;
};
