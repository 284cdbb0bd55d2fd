#include "net/discoverylistener.h"

#include <QLoggingCategory>
#include <QNetworkDatagram>
#include <QTimer>
#include <QUdpSocket>

#include <algorithm>
#include <climits>
#include <memory>

namespace {

Q_LOGGING_CATEGORY(lcDiscovery, "farmcam.net")

using namespace std::chrono_literals;

// Work per pass of the event loop: the rest waits for a queued pass, so a flood cannot keep the
// event loop (and with it the UI) from everything else.
constexpr int kMaxDatagramsPerPass = 64;
// Distinct senders counted per second; datagrams from further ones wait for the next second.
constexpr int kMaxTrackedSenders = 1024;
constexpr int kChangeCoalesceMs = 100;

std::chrono::milliseconds steadyNow()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now().time_since_epoch());
}

// The address a datagram came from as the announcement would write it: an IPv4 sender on a
// dual-stack socket shows up as ::ffff:a.b.c.d, and a link-local one carries its interface.
QHostAddress plainSender(const QHostAddress &sender)
{
    bool isIpv4 = false;
    const quint32 ipv4 = sender.toIPv4Address(&isIpv4);
    QHostAddress plain = isIpv4 ? QHostAddress(ipv4) : sender;
    plain.setScopeId(QString());
    return plain;
}

// The announced Location (an IPv4 or IPv6 literal, as parse() checked) as the address it names,
// or a null address with *reason set when no printer can have it.
QHostAddress printerAddress(const QString &location, QString *reason)
{
    const QHostAddress address(location);
    if (address.isNull()) {
        *reason = QStringLiteral("The Location is not a valid IP address.");
        return {};
    }
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        // "::ffff:1.2.3.4" is IPv4 in disguise: a printer announces its IPv4 address as such, and
        // text comparisons with the sender's address would go wrong.
        bool mapped = false;
        address.toIPv4Address(&mapped);
        if (mapped) {
            *reason = QStringLiteral("The Location is an IPv4-mapped IPv6 address.");
            return {};
        }
    }
    if (address.isEqual(QHostAddress(QHostAddress::AnyIPv4))
        || address.isEqual(QHostAddress(QHostAddress::AnyIPv6)) || address.isBroadcast()
        || address.isMulticast()) {
        *reason = QStringLiteral(
            "The Location is an unspecified, broadcast or multicast address, which no printer "
            "has.");
        return {};
    }
    return address;
}

} // namespace

DiscoveryListener::DiscoveryListener(QObject *parent)
    : QObject(parent)
    , m_clock(&steadyNow)
    , m_expiryTimer(new QTimer(this))
    , m_changeTimer(new QTimer(this))
{
    m_expiryTimer->setSingleShot(true);
    connect(m_expiryTimer, &QTimer::timeout, this, &DiscoveryListener::expire);
    m_changeTimer->setSingleShot(true);
    m_changeTimer->setInterval(kChangeCoalesceMs);
    connect(m_changeTimer, &QTimer::timeout, this, &DiscoveryListener::printersChanged);
}

DiscoveryListener::~DiscoveryListener() = default;

void DiscoveryListener::setAddress(const QHostAddress &address)
{
    m_address = address;
}

void DiscoveryListener::setPort(quint16 port)
{
    m_port = port;
}

quint16 DiscoveryListener::localPort() const
{
    return m_socket ? m_socket->localPort() : 0;
}

void DiscoveryListener::setLimits(const Limits &limits)
{
    m_limits = limits;
    m_limits.maxPrinters = std::max(1, m_limits.maxPrinters);
    m_limits.maxPerSenderPerSecond = std::max(1, m_limits.maxPerSenderPerSecond);
    m_limits.maxPerSecond = std::max(1, m_limits.maxPerSecond);
    m_limits.expiry = std::max(m_limits.expiry, std::chrono::milliseconds(1));
    if (!m_entries.isEmpty())
        expire(); // a shorter expiry applies to what is already known
}

void DiscoveryListener::setClock(Clock clock)
{
    m_clock = clock ? std::move(clock) : Clock(&steadyNow);
    m_windowStart = now();
    m_windowCount = 0;
    m_senderCounts.clear();
}

std::chrono::milliseconds DiscoveryListener::now() const
{
    return m_clock();
}

bool DiscoveryListener::start(QString *error)
{
    if (error)
        error->clear();
    if (isListening())
        return true;

    auto socket = std::make_unique<QUdpSocket>();
    // Printers broadcast; every socket that shares the port hears a broadcast, so FarmCam and a
    // slicer both see the printers. (A unicast datagram reaches only one of them.)
    if (!socket->bind(m_address, m_port,
                      QAbstractSocket::ShareAddress | QAbstractSocket::ReuseAddressHint)) {
        const QString reason = socket->error() == QAbstractSocket::AddressInUseError
            ? tr("UDP port %1 is held by another program that does not share it, so printers "
                 "cannot be found automatically: add them by their address.")
                  .arg(m_port)
            : tr("Cannot listen for printers on UDP port %1: %2.")
                  .arg(m_port)
                  .arg(socket->errorString());
        qCWarning(lcDiscovery).noquote() << reason;
        if (error)
            *error = reason;
        return false;
    }
    socket->setParent(this);
    m_socket = socket.release();
    connect(m_socket, &QUdpSocket::readyRead, this, &DiscoveryListener::readPending);
    m_windowStart = now();
    m_windowCount = 0;
    m_senderCounts.clear();
    qCInfo(lcDiscovery).noquote() << "listening for printer announcements on"
                                  << m_address.toString() << "UDP port" << m_socket->localPort();
    return true;
}

void DiscoveryListener::stop()
{
    if (m_socket) {
        m_socket->close();
        m_socket->disconnect(this);
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    m_expiryTimer->stop();
    m_changeTimer->stop();
    if (!m_entries.isEmpty()) {
        m_entries.clear();
        emit printersChanged();
    }
}

bool DiscoveryListener::isListening() const
{
    return m_socket && m_socket->state() == QAbstractSocket::BoundState;
}

QList<DiscoveredPrinter> DiscoveryListener::printers() const
{
    QList<DiscoveredPrinter> list;
    list.reserve(m_entries.size());
    for (const Entry &entry : m_entries)
        list.append({entry.announcement, entry.lastSeen});
    std::sort(list.begin(), list.end(), [](const DiscoveredPrinter &a, const DiscoveredPrinter &b) {
        const int byName = a.announcement.name.compare(b.announcement.name, Qt::CaseInsensitive);
        return byName != 0 ? byName < 0 : a.announcement.serial < b.announcement.serial;
    });
    return list;
}

std::optional<DiscoveryAnnouncement> DiscoveryListener::readAnnouncement(const QByteArray &datagram,
                                                                         QString *error)
{
    std::optional<DiscoveryAnnouncement> announcement
        = DiscoveryAnnouncement::parse(datagram, error);
    if (!announcement)
        return std::nullopt;
    QString reason;
    const QHostAddress address = printerAddress(announcement->address, &reason);
    if (address.isNull()) {
        if (error)
            *error = reason;
        return std::nullopt;
    }
    announcement->address = address.toString();
    return announcement;
}

std::optional<DiscoveredPrinter> DiscoveryListener::printer(const QString &serial) const
{
    const auto it = m_entries.constFind(serial);
    if (it == m_entries.cend())
        return std::nullopt;
    return DiscoveredPrinter{it->announcement, it->lastSeen};
}

void DiscoveryListener::readPending()
{
    m_readScheduled = false;
    if (!m_socket)
        return;
    int budget = kMaxDatagramsPerPass;
    while (m_socket->hasPendingDatagrams()) {
        if (budget-- == 0) {
            if (!m_readScheduled) {
                m_readScheduled = true;
                QMetaObject::invokeMethod(this, &DiscoveryListener::readPending,
                                          Qt::QueuedConnection);
            }
            return;
        }
        // One byte more than allowed: a longer datagram arrives cut, and is seen as too long.
        const QNetworkDatagram datagram
            = m_socket->receiveDatagram(DiscoveryAnnouncement::kMaxDatagramSize + 1);
        if (!datagram.isValid())
            return; // a socket error; readyRead comes again with the next datagram
        handleDatagram(datagram.data(), datagram.senderAddress());
    }
}

bool DiscoveryListener::admit(const QHostAddress &sender)
{
    const std::chrono::milliseconds time = now();
    if (time - m_windowStart >= 1s || time < m_windowStart) {
        m_windowStart = time;
        m_windowCount = 0;
        m_senderCounts.clear();
    }
    if (m_windowCount >= m_limits.maxPerSecond)
        return false;
    if (!m_limits.limitLoopbackSenders && sender.isLoopback()) {
        ++m_windowCount;
        return true;
    }
    const QString key = sender.toString();
    auto it = m_senderCounts.find(key);
    if (it == m_senderCounts.end()) {
        if (m_senderCounts.size() >= kMaxTrackedSenders)
            return false;
        it = m_senderCounts.insert(key, 0);
    }
    if (*it >= m_limits.maxPerSenderPerSecond)
        return false;
    ++*it;
    ++m_windowCount;
    return true;
}

void DiscoveryListener::handleDatagram(const QByteArray &data, const QHostAddress &sender)
{
    ++m_statistics.received;
    const QHostAddress from = plainSender(sender);
    // Counted before parsing: junk spends the same budget as announcements.
    if (!admit(from)) {
        ++m_statistics.rateLimited;
        return;
    }
    QString error;
    const std::optional<DiscoveryAnnouncement> announcement = readAnnouncement(data, &error);
    if (!announcement) {
        ++m_statistics.malformed;
        qCDebug(lcDiscovery).noquote()
            << "ignored a datagram from" << from.toString() << "-" << error;
        return;
    }
    // A printer announces its own address from that address. An announcement for another address
    // would let anyone on the network point FarmCam (and a known printer's access code) at a
    // third machine; relays for printers on other networks are not needed, since such printers
    // can be added by their address.
    if (!from.isEqual(QHostAddress(announcement->address))) {
        ++m_statistics.senderMismatch;
        qCDebug(lcDiscovery).noquote() << "ignored an announcement for" << announcement->address
                                       << "sent from" << from.toString();
        return;
    }
    ++m_statistics.accepted;
    store(*announcement);
    emit printerAnnounced(*announcement);
}

void DiscoveryListener::store(const DiscoveryAnnouncement &announcement)
{
    const std::chrono::milliseconds time = now();
    auto it = m_entries.find(announcement.serial);
    if (it == m_entries.end()) {
        if (m_entries.size() >= m_limits.maxPrinters) {
            const auto oldest = std::min_element(
                m_entries.begin(), m_entries.end(),
                [](const Entry &a, const Entry &b) { return a.seenAt < b.seenAt; });
            qCDebug(lcDiscovery).noquote()
                << "too many printers announced; forgetting" << oldest->announcement.serial;
            m_entries.erase(oldest);
        }
        it = m_entries.insert(announcement.serial, Entry{announcement, {}, time});
        qCDebug(lcDiscovery).noquote()
            << "found printer" << announcement.serial << "at" << announcement.address;
        markChanged();
    } else if (it->announcement != announcement) {
        if (it->announcement.address != announcement.address)
            qCInfo(lcDiscovery).noquote()
                << "printer" << announcement.serial << "moved from" << it->announcement.address
                << "to" << announcement.address;
        it->announcement = announcement;
        markChanged();
    }
    it->lastSeen = QDateTime::currentDateTimeUtc();
    it->seenAt = time;
    if (!m_expiryTimer->isActive())
        scheduleExpiry();
}

void DiscoveryListener::expire()
{
    const std::chrono::milliseconds time = now();
    bool changed = false;
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (time - it->seenAt >= m_limits.expiry) {
            qCDebug(lcDiscovery).noquote()
                << "printer" << it->announcement.serial << "no longer announces itself";
            it = m_entries.erase(it);
            changed = true;
        } else {
            ++it;
        }
    }
    if (changed)
        markChanged();
    scheduleExpiry();
}

void DiscoveryListener::scheduleExpiry()
{
    if (m_entries.isEmpty()) {
        m_expiryTimer->stop();
        return;
    }
    std::chrono::milliseconds earliest = m_entries.cbegin()->seenAt;
    for (const Entry &entry : std::as_const(m_entries))
        earliest = std::min(earliest, entry.seenAt);
    const auto due = earliest + m_limits.expiry - now();
    // Updated entries make the first deadline later; expire() then simply schedules again.
    const qint64 delay = std::clamp<qint64>(due.count(), 0, INT_MAX);
    m_expiryTimer->start(static_cast<int>(delay));
}

void DiscoveryListener::markChanged()
{
    if (!m_changeTimer->isActive())
        m_changeTimer->start();
}
