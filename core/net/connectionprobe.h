// A one-shot camera test for the printer dialog: connect once, with short timeouts and no retry,
// and report the first picture or the reason it failed. For a printer whose model is unknown it
// finds the camera kind: the port-6000 JPEG stream first, then RTSPS on port 322.
#pragma once

#include "camera/camerasource.h"
#include "model/printerconfig.h"

#include <QByteArray>
#include <QImage>
#include <QObject>
#include <QPointer>
#include <QSize>
#include <QString>

#include <optional>

class ConnectionProbe final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionProbe)

public:
    explicit ConnectionProbe(QObject *parent = nullptr);
    ~ConnectionProbe() override;

    // Short enough that the user is not left waiting, long enough for a P1 (one frame in ~2 s).
    static CameraSource::Timeouts defaultTimeouts();
    void setTimeouts(const CameraSource::Timeouts &timeouts);
    // The preview is scaled to fit this size, keeping the aspect ratio.
    void setPreviewSize(const QSize &size);

    bool isRunning() const { return m_camera != nullptr; }

public slots:
    // Starts a new test, cancelling one that is running. Returns at once; the result comes as a
    // signal. Emits failed(InvalidSettings, ...) (queued) when the endpoint cannot be dialled.
    // Automatic tries the JPEG stream at the endpoint's port and, when nothing answers there,
    // RTSPS on port 322; a printer that answers but refuses the code is not tried again.
    void start(const CameraEndpoint &endpoint,
               PrinterConfig::CameraKind kind = PrinterConfig::CameraKind::JpegStream);
    // Stops a running test without emitting anything.
    void cancel();

signals:
    // "Connecting to …", "Securing the connection…", "Logging in…"
    void progress(const QString &statusText);
    // The first picture: scaled for the preview, plus a JPEG of it (the camera's own bytes when
    // it sends JPEG) and its full size, and the kind of camera that sent it.
    void succeeded(const QImage &preview, const QByteArray &jpeg, const QSize &frameSize,
                   PrinterConfig::CameraKind kind);
    // The first failure, with the camera's explanation.
    void failed(CameraSource::Failure failure, const QString &reason);

private:
    void dial(const CameraEndpoint &endpoint, PrinterConfig::CameraKind kind);
    void finish();
    void onStateChanged(CameraSource::State state, const QString &statusText);
    void onFailed(CameraSource::Failure failure, const QString &message);
    void onFrame(const CameraFrame &frame);

    CameraSource::Timeouts m_timeouts = defaultTimeouts();
    QSize m_previewSize{320, 180};
    QPointer<CameraSource> m_camera; // child while a test runs
    PrinterConfig::CameraKind m_kind = PrinterConfig::CameraKind::JpegStream; // m_camera's
    // Automatic: the endpoint to try as RTSPS when the JPEG stream does not answer.
    std::optional<CameraEndpoint> m_rtspsFallback;
    QString m_firstFailure; // the JPEG stream's answer, told when RTSPS fails too
};
