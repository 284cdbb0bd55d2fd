// Print status for simulated printers: one PrintJobSimulator per printer, its reports handed out
// the way printers hand them out.
#pragma once

#include "sim/printjobsimulator.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>
#include <QStringList>

#include <chrono>
#include <vector>

class QTimer;
class StatusPublisher;

// Every interval, each printer's simulated time moves on by the real time passed times the time
// scale, and what changed goes out as a partial report (P1 style); a full report goes out at
// start(), when a client asks with pushall, and when the broker connection (re)opens. Reports
// always come out as reportReady() (the demo's in-process feed); with publishTo() they are also
// published to `device/<serial>/report` on a broker, as a printer's own broker would.
class StatusFeed final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatusFeed)

public:
    static constexpr std::chrono::milliseconds kDefaultInterval{1000};

    explicit StatusFeed(QObject *parent = nullptr);
    ~StatusFeed() override;

    // `startAt` skips into the jobs (a demo printer may be most of the way through its print).
    void addPrinter(const QString &serial, PrintJobSimulator simulator,
                    std::chrono::seconds startAt = std::chrono::seconds(0));
    QStringList serials() const;
    // That printer's ipcam fields (PrintJobSimulator::setCamera); a change goes out with the next
    // partial report.
    void setCamera(const QString &serial, const QString &rtspUrl,
                   const QString &resolution = QStringLiteral("1080p"));

    void setTimeScale(double simulatedSecondsPerSecond); // default 1
    void setInterval(std::chrono::milliseconds interval); // default kDefaultInterval

    // Also publish through a broker (TLS, user bblp, the access code as password). The connection
    // is made at start() and kept, with retries, until stop().
    void publishTo(const QHostAddress &address, quint16 port, const QString &accessCode);
    StatusPublisher *publisher() const { return m_publisher; }

    void start();
    void stop();
    bool isRunning() const;
    // Sends this printer's full state now, as if a client had asked with pushall (an in-process
    // consumer that connected after start()).
    void sendFullReport(const QString &serial);

signals:
    void reportReady(const QString &serial, const QByteArray &payload);

private:
    void tick();
    void send(const QString &serial, const QByteArray &payload);

    struct SimulatedPrinter
    {
        QString serial;
        PrintJobSimulator simulator;
    };
    std::vector<SimulatedPrinter> m_printers; // in the order they were added
    double m_timeScale = 1;
    QTimer *m_timer; // child
    QElapsedTimer m_clock;
    StatusPublisher *m_publisher = nullptr; // child, with publishTo()
    QHostAddress m_brokerAddress;
    quint16 m_brokerPort = 0;
    QString m_brokerAccessCode;
};
