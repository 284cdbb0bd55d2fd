// One configured printer: its settings, its camera, the hub its frames go out through, and its
// status link.
#pragma once

#include "camera/camerasource.h"
#include "model/printerconfig.h"
#include "net/statusconnection.h"
#include "status/printstatus.h"
#include "status/statusreportmerger.h"

#include <QObject>

class FrameHub;

class Printer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Printer)

public:
    // The camera kind follows the settings (PrinterConfig::effectiveCameraKind(), through
    // CameraFactory); new settings of another kind replace the camera (cameraReplaced()).
    Printer(const PrinterConfig &config, const QString &accessCode, QObject *parent = nullptr);
    // With a camera of the caller's choice (a LoopbackCamera in the demo and widget tests); the
    // printer takes ownership and keeps that camera whatever the settings say.
    Printer(const PrinterConfig &config, const QString &accessCode, CameraSource *camera,
            QObject *parent = nullptr);
    ~Printer() override;

    const PrinterConfig &config() const { return m_config; }
    QUuid id() const { return m_config.id; }
    QString name() const { return m_config.name; }
    // Its state, stats and certificate; nobody but the printer starts, stops or redials it. It
    // changes when the settings change the camera kind: watch cameraReplaced().
    CameraSource *camera() const { return m_camera; }
    // Where its frames go out: the newest frame and subscriptions (tiles, snapshots, sharing).
    FrameHub *frames() const { return m_frames; }
    // The MQTT link; it stays Idle while config().statusEnabled is false.
    StatusConnection *statusConnection() const { return m_status; }

    // Starts (or stops) the camera and, when enabled, the status connection.
    void start();
    void stop();
    bool isStarted() const { return m_started; }
    // On demand (farmcam-server --on-demand), the camera connects only while it is wanted (someone
    // watches), between start() and stop(), so that the printer's second camera place stays free
    // the rest of the time. The status link is not affected. Off by default: the camera runs from
    // start() to stop(). Set it before start() (e.g. on PrinterFarm::printerAdded) to keep the
    // camera from dialling at all until it is wanted.
    void setCameraOnDemand(bool onDemand);
    bool isCameraOnDemand() const { return m_cameraOnDemand; }
    void setCameraWanted(bool wanted);
    bool isCameraWanted() const { return m_cameraWanted; }
    // Drops and redials both connections now (the tile's "Retry now", Ctrl+R): once, and never
    // faster than ReconnectingLink allows.
    void reconnectNow();

    // Applies new settings. Connections that are running, or stopped by a failure only new
    // settings could fix (a missing or rejected code, invalid settings), connect with them.
    void setConfig(const PrinterConfig &config, const QString &accessCode);

    // The camera shows a picture newer than the stale threshold (see CameraSource::isLive()).
    bool isLive() const;

    // The print job as the printer reports it over MQTT. Null until a report arrived.
    PrintStatus printStatus() const { return m_printStatus; }
    // Empty while the status connection works, is still connecting or is switched off; else one
    // short line for the tile ("Status: access code rejected").
    QString statusProblem() const { return m_statusProblem; }
    // Merges one report as if the status connection had received it (the demo's in-process feed
    // and tests use this too). Invalid reports change nothing.
    void mergeStatusReport(const QByteArray &payload);

    static CameraEndpoint cameraEndpointFor(const PrinterConfig &config, const QString &accessCode);

signals:
    void configChanged();
    // The settings named another camera kind: `camera` replaced the previous one (which is
    // deleted later; disconnect from it now). Emitted before configChanged().
    void cameraReplaced(CameraSource *camera);
    // The certificate seen on the first successful connection is now pinned in config().
    void certificatePinned(const QString &fingerprint);
    // The status connection learned the serial number the user had not typed; it is in config().
    void serialLearned(const QString &serial);
    void printStatusChanged(const PrintStatus &status);
    void statusProblemChanged(const QString &problem);

private:
    void adoptCamera(CameraSource *camera, const PrinterConfig &config, const QString &accessCode);
    void onCameraStateChanged(Link::State state);
    void onStatusStateChanged(Link::State state);
    void pinOnFirstUse(const QString &fingerprint);
    void onSerialLearned(const QString &serial);
    void updateStatusProblem();
    void applyCameraDemand();

    PrinterConfig m_config;
    CameraSource *m_camera = nullptr; // child
    // The camera came from CameraFactory and follows the settings' kind; an injected one stays.
    bool m_cameraFollowsKind = false;
    FrameHub *m_frames; // child
    StatusConnection *m_status; // child
    StatusReportMerger m_merger;
    PrintStatus m_printStatus;
    QString m_statusProblem;
    bool m_started = false; // between start() and stop(): status follows its switch
    bool m_cameraOnDemand = false;
    bool m_cameraWanted = false;
};
