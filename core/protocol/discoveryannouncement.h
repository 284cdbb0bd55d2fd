// A printer's discovery announcement: the SSDP-like "NOTIFY * HTTP/1.1" datagram Bambu Lab printers
// broadcast to UDP port 2021 (see PROTOCOL.md, "Discovery"). Pure: bytes in, a checked value out;
// QtCore only (no model, no Qt Network).
#pragma once

#include <QByteArray>
#include <QMetaType>
#include <QString>

#include <optional>

struct DiscoveryAnnouncement
{
    // Larger datagrams and longer headers are refused before anything else is read.
    static constexpr qsizetype kMaxDatagramSize = 4096;
    static constexpr int kMaxLines = 200;
    static constexpr qsizetype kMaxNameLength = 64; // as PrinterConfig::nameError allows

    QString serial; // USN: 1-32 ASCII letters and digits (as PrinterConfig::serialError allows)
    QString name; // DevName, sanitized: no control characters, trimmed, 1-64 characters
    QString modelCode; // DevModel ("C12"); PrinterConfig::modelName() names it. May be empty.
    // Location: the printer's own address as announced, a bare IPv4 address (four decimal numbers,
    // no leading zeros) or IPv6 address (RFC 4291 text form, any case); never a host name, URL,
    // port, bracket or zone. Which address that is, and whether a printer can have it, is not the
    // parser's business: DiscoveryListener::readAnnouncement() refuses 0.0.0.0, ::, broadcast,
    // multicast and IPv4-mapped addresses and writes the rest as QHostAddress::toString() does,
    // so that the announcements the listener passes on compare as addresses do.
    QString address;
    QString connectMode; // DevConnect: "lan" or "cloud"; may be empty
    QString firmwareVersion; // DevVersion: "01.04.00.00"; may be empty

    // Reads one datagram: "NOTIFY * HTTP/1.1" or a search response "HTTP/1.1 200 OK", header
    // names in any case, CRLF or LF line ends. Anything that is not a well-formed printer
    // announcement gives nullopt and, in *error, one sentence saying why (for the debug log).
    static std::optional<DiscoveryAnnouncement> parse(const QByteArray &datagram,
                                                      QString *error = nullptr);

    // The datagram a printer would send for this announcement (for the simulator). CRLF line ends,
    // a blank line at the end. Fields that are empty are left out. parse() reads it back.
    QByteArray toDatagram() const;

    bool operator==(const DiscoveryAnnouncement &other) const
    {
        return serial == other.serial && name == other.name && modelCode == other.modelCode
            && address == other.address && connectMode == other.connectMode
            && firmwareVersion == other.firmwareVersion;
    }
    bool operator!=(const DiscoveryAnnouncement &other) const { return !(*this == other); }
};

Q_DECLARE_METATYPE(DiscoveryAnnouncement)
