// One configured printer: its settings and its camera connection.
#pragma once

#include "model/printerconfig.h"
#include "net/cameraconnection.h"

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

    // Applies new settings; the camera reconnects if host, port or code changed.
    void setConfig(const PrinterConfig &config, const QString &accessCode);

signals:
    void configChanged();
    // The certificate seen on the first successful connection is now pinned in config().
    void certificatePinned(const QString &fingerprint);

private:
    void pinOnFirstUse(CameraConnection::State state);

    PrinterConfig m_config;
    CameraConnection *m_camera; // child
};
