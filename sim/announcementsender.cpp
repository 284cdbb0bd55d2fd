#include "sim/announcementsender.h"

#include <QLoggingCategory>
#include <QTimer>
#include <QUdpSocket>

#include <algorithm>

namespace {

Q_LOGGING_CATEGORY(lcAnnouncer, "farmcam.sim")

constexpr std::chrono::milliseconds kMinimumInterval{10};

} // namespace

AnnouncementSender::AnnouncementSender(QObject *parent)
    : QObject(parent)
    , m_timer(new QTimer(this))
{
    m_timer->setInterval(kDefaultInterval);
    connect(m_timer, &QTimer::timeout, this, &AnnouncementSender::sendNow);
}

AnnouncementSender::~AnnouncementSender() = default;

void AnnouncementSender::setAnnouncement(const DiscoveryAnnouncement &announcement)
{
    if (announcement.address != m_announcement.address && m_socket) {
        // Sent from the new address from now on, as a printer that moved.
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    m_announcement = announcement;
}

void AnnouncementSender::setTarget(const QHostAddress &address, quint16 port)
{
    m_targetAddress = address;
    m_targetPort = port;
}

void AnnouncementSender::setInterval(std::chrono::milliseconds interval)
{
    m_timer->setInterval(std::max(interval, kMinimumInterval));
}

std::chrono::milliseconds AnnouncementSender::interval() const
{
    return m_timer->intervalAsDuration();
}

void AnnouncementSender::start()
{
    m_timer->start();
    sendNow();
}

void AnnouncementSender::stop()
{
    m_timer->stop();
}

bool AnnouncementSender::isRunning() const
{
    return m_timer->isActive();
}

QUdpSocket *AnnouncementSender::socket()
{
    if (m_socket)
        return m_socket;
    m_socket = new QUdpSocket(this);
    const QHostAddress source(m_announcement.address);
    if (!source.isNull() && !m_socket->bind(source, 0)) {
        qCDebug(lcAnnouncer).noquote()
            << "cannot send from" << m_announcement.address << "-" << m_socket->errorString();
        m_socket->deleteLater();
        m_socket = new QUdpSocket(this); // the system picks the source address
    }
    return m_socket;
}

bool AnnouncementSender::sendNow()
{
    const QByteArray datagram = m_announcement.toDatagram();
    QUdpSocket *udp = socket();
    if (udp->writeDatagram(datagram, m_targetAddress, m_targetPort) != datagram.size()) {
        qCWarning(lcAnnouncer).noquote()
            << "could not announce" << m_announcement.serial << "to" << m_targetAddress.toString()
            << "port" << m_targetPort << "-" << udp->errorString();
        return false;
    }
    ++m_sentCount;
    emit sent();
    return true;
}
