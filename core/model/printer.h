// One configured printer: its settings, its camera connection and its status connection.
#pragma once

#include "model/printerconfig.h"
#include "net/cameraconnection.h"
#include "net/statusconnection.h"
#include "status/printstatus.h"
#include "status/statusreportmerger.h"

#include <QObject>

class Printer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Printer)

public:
    Printer(const PrinterConfig &config, const QString &accessCode, QObject *parent = nullptr);
    ~Printer() override;

    const PrinterConfig &config() const { return m_config; }
    QUuid id() const { return m_config.id; }
    QString name() const { return m_config.name; }
    CameraConnection *camera() const { return m_camera; }
    // The MQTT link; it stays Idle while config().statusEnabled is false.
    StatusConnection *statusConnection() const { return m_status; }

    // Starts (or stops) the camera and, when enabled, the status connection.
    void start();
    void stop();
    // Skips the reconnect delay of both connections (the tile's "Retry now").
    void reconnectNow();

    // Applies new settings; the connections reconnect if host, ports or code changed.
    void setConfig(const PrinterConfig &config, const QString &accessCode);

    // The print job as the printer reports it over MQTT. Null until a report arrived.
    PrintStatus printStatus() const { return m_printStatus; }
    // Empty while the status connection works, is still connecting or is switched off; else one
    // short line for the tile ("Status: access code rejected").
    QString statusProblem() const { return m_statusProblem; }
    // Merges one report as if the status connection had received it (the demo's in-process feed
    // and tests use this too). Invalid reports change nothing.
    void mergeStatusReport(const QByteArray &payload);

signals:
    void configChanged();
    // The certificate seen on the first successful connection is now pinned in config().
    void certificatePinned(const QString &fingerprint);
    // The status connection learned the serial number the user had not typed; it is in config().
    void serialLearned(const QString &serial);
    void printStatusChanged(const PrintStatus &status);
    void statusProblemChanged(const QString &problem);

private:
    void onCameraStateChanged(CameraConnection::State state);
    void onStatusStateChanged(StatusConnection::State state);
    void pinOnFirstUse(const QString &fingerprint);
    void onSerialLearned(const QString &serial);
    void updateStatusProblem();

    PrinterConfig m_config;
    CameraConnection *m_camera; // child
    StatusConnection *m_status; // child
    StatusReportMerger m_merger;
    PrintStatus m_printStatus;
    QString m_statusProblem;
    bool m_started = false; // between start() and stop(): status follows its switch
};
