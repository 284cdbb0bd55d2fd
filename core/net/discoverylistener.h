// Listens for the printers' discovery announcements on UDP port 2021 and keeps the latest one of
// each printer, for the "Add printer" dialog and for following a known printer to a new address.
#pragma once

#include "protocol/discoveryannouncement.h"

#include <QDateTime>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QString>

#include <chrono>
#include <functional>
#include <optional>

class QTimer;
class QUdpSocket;

struct DiscoveredPrinter
{
    DiscoveryAnnouncement announcement; // the latest one
    QDateTime lastSeen; // UTC, when it last announced itself
};

class DiscoveryListener final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DiscoveryListener)

public:
    static constexpr quint16 kDefaultPort = 2021;

    struct Limits
    {
        // A printer that has not announced itself for this long is dropped from the list.
        std::chrono::milliseconds expiry = std::chrono::minutes(10);
        // At most this many printers are kept; a new one pushes out the one seen longest ago.
        int maxPrinters = 256;
        // A printer announces itself every few seconds. More from one address is a flood: the
        // excess is read and dropped unparsed, so the event loop (and the UI) stays free.
        int maxPerSenderPerSecond = 10;
        int maxPerSecond = 200; // from all senders together
        // The simulator and the demo announce many printers from 127.0.0.1 at once, and nothing
        // on the network can send from a loopback address: only the overall limit applies there.
        bool limitLoopbackSenders = false;
    };

    // What happened to the datagrams read so far (for tests and the debug log).
    struct Statistics
    {
        quint64 received = 0;
        quint64 accepted = 0;
        quint64 malformed = 0; // readAnnouncement() refused it
        quint64 senderMismatch = 0; // sent from another address than the one it announces
        quint64 rateLimited = 0;
    };

    // Milliseconds on a monotonic clock; tests freeze or advance it.
    using Clock = std::function<std::chrono::milliseconds()>;

    explicit DiscoveryListener(QObject *parent = nullptr);
    ~DiscoveryListener() override;

    // Where to listen; takes effect on the next start(). Port 0 picks a free port (tests).
    void setAddress(const QHostAddress &address); // default QHostAddress::AnyIPv4
    QHostAddress address() const { return m_address; }
    void setPort(quint16 port); // default kDefaultPort
    quint16 port() const { return m_port; }
    // The port actually bound while listening (differs from port() when that is 0), else 0.
    quint16 localPort() const;

    void setLimits(const Limits &limits);
    Limits limits() const { return m_limits; }
    void setClock(Clock clock); // an empty function restores the steady clock

    // Binds with address sharing, since a slicer on the same computer may hold the port too.
    // False with a sentence in *error when the port cannot be bound.
    bool start(QString *error = nullptr);
    // Closes the socket and forgets the printers found (printersChanged() if there were any).
    void stop();
    bool isListening() const;

    // What the listener makes of one datagram, whoever sent it: DiscoveryAnnouncement::parse(),
    // then the Location read as an address a printer can have (not 0.0.0.0, ::, broadcast,
    // multicast or an IPv4-mapped IPv6 address) and written as QHostAddress::toString() writes
    // it, so that comparing text compares addresses and PrinterConfig::host can hold it as it is.
    // nullopt with one sentence in *error otherwise. Every announcement passed on went through it.
    static std::optional<DiscoveryAnnouncement> readAnnouncement(const QByteArray &datagram,
                                                                 QString *error = nullptr);

    // Sorted by name, then serial.
    QList<DiscoveredPrinter> printers() const;
    std::optional<DiscoveredPrinter> printer(const QString &serial) const;
    Statistics statistics() const { return m_statistics; }

signals:
    // Every valid announcement, also the unchanged repeats (the farm follows address changes).
    void printerAnnounced(const DiscoveryAnnouncement &announcement);
    // The list changed: a new printer, a changed announcement, one expired or pushed out.
    // Coalesced: at most one per kChangeCoalesceMs while changes keep coming.
    void printersChanged();

private:
    struct Entry
    {
        DiscoveryAnnouncement announcement;
        QDateTime lastSeen;
        std::chrono::milliseconds seenAt{0}; // on m_clock
    };

    void readPending();
    void handleDatagram(const QByteArray &data, const QHostAddress &sender);
    bool admit(const QHostAddress &sender);
    void store(const DiscoveryAnnouncement &announcement);
    void expire();
    void scheduleExpiry();
    void markChanged();
    std::chrono::milliseconds now() const;

    QHostAddress m_address{QHostAddress::AnyIPv4};
    quint16 m_port = kDefaultPort;
    Limits m_limits;
    Clock m_clock;
    Statistics m_statistics;

    QUdpSocket *m_socket = nullptr; // child while listening
    QTimer *m_expiryTimer = nullptr;
    QTimer *m_changeTimer = nullptr;
    bool m_readScheduled = false;

    QHash<QString, Entry> m_entries; // by serial

    // Rate limiting: counts in the current one-second window.
    std::chrono::milliseconds m_windowStart{0};
    int m_windowCount = 0;
    QHash<QString, int> m_senderCounts;
};
