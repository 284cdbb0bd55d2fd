// Announces a simulated printer the way a real one does: its discovery datagram, at once and then
// every few seconds, for farmcam-sim, the demo and the tests.
#pragma once

#include "protocol/discoveryannouncement.h"

#include <QHostAddress>
#include <QObject>

#include <chrono>

class QTimer;
class QUdpSocket;

class AnnouncementSender final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AnnouncementSender)

public:
    static constexpr std::chrono::milliseconds kDefaultInterval{5000};
    static constexpr quint16 kDefaultPort = 2021;

    explicit AnnouncementSender(QObject *parent = nullptr);
    ~AnnouncementSender() override;

    // What is announced. The datagram is sent from the announcement's address when that address
    // belongs to this computer (as a printer sends from its own address, which listeners check),
    // else from whatever address the system picks.
    void setAnnouncement(const DiscoveryAnnouncement &announcement);
    DiscoveryAnnouncement announcement() const { return m_announcement; }

    // Where the datagrams go; default 127.0.0.1:2021. Tests use loopback only.
    void setTarget(const QHostAddress &address, quint16 port);
    QHostAddress targetAddress() const { return m_targetAddress; }
    quint16 targetPort() const { return m_targetPort; }

    void setInterval(std::chrono::milliseconds interval); // at least 10 ms
    std::chrono::milliseconds interval() const;

    // Sends one datagram at once, then one every interval until stop().
    void start();
    void stop();
    bool isRunning() const;

    // Sends one datagram now, running or not. False (and a warning in the log) when it could not.
    bool sendNow();
    quint64 sentCount() const { return m_sentCount; }

signals:
    void sent();

private:
    QUdpSocket *socket();

    DiscoveryAnnouncement m_announcement;
    QHostAddress m_targetAddress{QHostAddress::LocalHost};
    quint16 m_targetPort = kDefaultPort;
    QTimer *m_timer = nullptr;
    QUdpSocket *m_socket = nullptr; // child, made on the first send
    quint64 m_sentCount = 0;
};
