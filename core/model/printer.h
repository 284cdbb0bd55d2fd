// One configured printer: its settings and its camera connection.
#pragma once

#include "model/printerconfig.h"

#include <QObject>

class CameraConnection;

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

private:
    PrinterConfig m_config;
    CameraConnection *m_camera; // child
};
