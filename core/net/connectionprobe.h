// A one-shot camera test for the printer dialog: connect once, with short timeouts and no retry,
// and report the first picture or the reason it failed.
#pragma once

#include "camera/jpegstream/jpegstreamcamera.h"

#include <QByteArray>
#include <QImage>
#include <QObject>
#include <QPointer>
#include <QSize>
#include <QString>

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
    void start(const CameraEndpoint &endpoint);
    // Stops a running test without emitting anything.
    void cancel();

signals:
    // "Connecting to …", "Securing the connection…", "Logging in…"
    void progress(const QString &statusText);
    // The first picture: scaled for the preview, plus the original JPEG and its full size.
    void succeeded(const QImage &preview, const QByteArray &jpeg, const QSize &frameSize);
    // The first failure, with the camera's explanation.
    void failed(CameraSource::Failure failure, const QString &reason);

private:
    void finish();
    void onStateChanged(CameraSource::State state, const QString &statusText);
    void onFailed(CameraSource::Failure failure, const QString &message);
    void onFrame(const QByteArray &jpeg);

    CameraSource::Timeouts m_timeouts = defaultTimeouts();
    QSize m_previewSize{320, 180};
    QPointer<CameraSource> m_camera; // child while a test runs
};
