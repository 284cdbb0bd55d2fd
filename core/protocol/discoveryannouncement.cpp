#include "protocol/discoveryannouncement.h"

#include "model/printerconfig.h"

#include <QHostAddress>
#include <QList>

#include <cstring>

namespace {

constexpr char kDeviceType[] = "urn:bambulab-com:device:3dprinter:1";
constexpr qsizetype kMaxTokenLength = 32;

// Each header parse() reads; any other header is allowed and ignored.
enum class Header { Location, Nt, St, Nts, Usn, Model, Name, Connect, Version, Count };

std::optional<Header> knownHeader(const QByteArray &lowerName)
{
    static const struct
    {
        const char *name;
        Header header;
    } kHeaders[] = {
        {"location", Header::Location},
        {"nt", Header::Nt},
        {"st", Header::St},
        {"nts", Header::Nts},
        {"usn", Header::Usn},
        {"devmodel.bambu.com", Header::Model},
        {"devname.bambu.com", Header::Name},
        {"devconnect.bambu.com", Header::Connect},
        {"devversion.bambu.com", Header::Version},
    };
    for (const auto &known : kHeaders) {
        if (lowerName == known.name)
            return known.header;
    }
    return std::nullopt;
}

std::nullopt_t fail(QString *error, const QString &reason)
{
    if (error)
        *error = reason;
    return std::nullopt;
}

// RFC 9110 "token" characters: what a header name is made of.
bool isTokenChar(char c)
{
    const auto u = static_cast<unsigned char>(c);
    if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9'))
        return true;
    return u != 0 && std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
}

bool isAscii(const QByteArray &bytes)
{
    for (const char c : bytes) {
        if (static_cast<unsigned char>(c) >= 0x80)
            return false;
    }
    return true;
}

// Letters, digits and the few separators model codes and versions use ("BL-P001", "01.07.00.00").
bool isShortToken(const QByteArray &value)
{
    if (value.isEmpty() || value.size() > kMaxTokenLength)
        return false;
    for (const char c : value) {
        const auto u = static_cast<unsigned char>(c);
        const bool ok = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9')
            || u == '.' || u == '-' || u == '_' || u == '+';
        if (!ok)
            return false;
    }
    return true;
}

bool isDecimalOctet(const QByteArray &part)
{
    if (part.isEmpty() || part.size() > 3)
        return false;
    for (const char c : part) {
        if (c < '0' || c > '9')
            return false;
    }
    // "010" would be octal to inet_aton and decimal to a person: neither is a printer's address.
    if (part.size() > 1 && part.startsWith('0'))
        return false;
    return part.toInt() <= 255;
}

// The Location value as a canonical address, or an empty string with *reason set.
QString canonicalAddress(const QByteArray &value, QString *reason)
{
    if (value.isEmpty()) {
        *reason = QStringLiteral("The announcement's Location is empty.");
        return {};
    }
    if (value.contains("://") || value.contains('/')) {
        *reason = QStringLiteral("The Location is a URL, not a bare address.");
        return {};
    }
    for (const char c : value) {
        const auto u = static_cast<unsigned char>(c);
        const bool ok = (u >= '0' && u <= '9') || (u >= 'a' && u <= 'f') || (u >= 'A' && u <= 'F')
            || u == '.' || u == ':';
        if (!ok) {
            *reason = QStringLiteral(
                "The Location is not a plain IP address (host names, ports, brackets and zones "
                "are not accepted).");
            return {};
        }
    }

    QHostAddress address;
    if (value.contains(':')) {
        // QHostAddress reads "1.2.3.4:80" as nothing and "::ffff:1.2.3.4" as an IPv6 address that
        // is really IPv4: a printer announces its IPv4 address as such.
        bool mapped = false;
        if (!address.setAddress(QString::fromLatin1(value))
            || address.protocol() != QAbstractSocket::IPv6Protocol) {
            *reason = QStringLiteral("The Location is not a valid IPv6 address.");
            return {};
        }
        address.toIPv4Address(&mapped);
        if (mapped) {
            *reason = QStringLiteral("The Location is an IPv4-mapped IPv6 address.");
            return {};
        }
    } else {
        const QList<QByteArray> parts = value.split('.');
        bool ok = parts.size() == 4;
        for (const QByteArray &part : parts)
            ok = ok && isDecimalOctet(part);
        if (!ok || !address.setAddress(QString::fromLatin1(value))
            || address.protocol() != QAbstractSocket::IPv4Protocol) {
            *reason = QStringLiteral("The Location is not a valid IPv4 address.");
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
    const QString canonical = address.toString();
    // The farm stores it as PrinterConfig::host: the same rule must accept it.
    if (!PrinterConfig::hostError(canonical).isEmpty()) {
        *reason = QStringLiteral("The Location is not an address a printer can be reached at.");
        return {};
    }
    return canonical;
}

bool isUnwantedInName(QChar c)
{
    switch (c.category()) {
    case QChar::Other_Control: // line breaks, tabs, escapes
    case QChar::Other_Format: // bidi overrides, which could make a name read as another
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
        return true;
    default:
        return false;
    }
}

// One line of at most kMaxNameLength characters for lists, tooltips and notifications.
QString sanitizedName(const QString &raw)
{
    QString name;
    name.reserve(raw.size());
    for (const QChar c : raw)
        name.append(isUnwantedInName(c) ? QChar(u' ') : c);
    name = name.simplified();
    if (name.size() > DiscoveryAnnouncement::kMaxNameLength) {
        qsizetype length = DiscoveryAnnouncement::kMaxNameLength;
        // Never cut a character outside the Basic Multilingual Plane in half.
        if (name.at(length - 1).isHighSurrogate())
            --length;
        name = name.left(length).trimmed();
    }
    return name;
}

// A header value for toDatagram(): nothing that could end the line or the header.
QByteArray headerValue(const QString &value)
{
    QByteArray bytes = value.toUtf8();
    for (char &c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f)
            c = ' ';
    }
    return bytes.trimmed();
}

} // namespace

std::optional<DiscoveryAnnouncement> DiscoveryAnnouncement::parse(const QByteArray &datagram,
                                                                  QString *error)
{
    if (datagram.isEmpty())
        return fail(error, QStringLiteral("The datagram is empty."));
    if (datagram.size() > kMaxDatagramSize)
        return fail(error, QStringLiteral("The datagram is larger than 4096 bytes."));
    if (datagram.count('\n') > kMaxLines)
        return fail(error, QStringLiteral("The datagram has more than 200 lines."));

    QList<QByteArray> lines = datagram.split('\n');
    for (QByteArray &line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
        for (const char c : line) {
            const auto u = static_cast<unsigned char>(c);
            if ((u < 0x20 && u != '\t') || u == 0x7f)
                return fail(error,
                            QStringLiteral("The datagram contains control characters or binary "
                                           "data."));
        }
    }

    // The start line: an announcement, or the answer to a search. Methods are matched without
    // regard to case: nothing is gained by refusing "notify".
    const QByteArray startLine = lines.constFirst().toUpper();
    if (startLine.startsWith("M-SEARCH "))
        return fail(error,
                    QStringLiteral("The datagram is a search request, not an announcement."));
    const bool isNotify = startLine == "NOTIFY * HTTP/1.1";
    const bool isResponse = startLine == "HTTP/1.1 200 OK" || startLine.startsWith("HTTP/1.1 200 ");
    if (!isNotify && !isResponse)
        return fail(error,
                    QStringLiteral("The datagram is neither \"NOTIFY * HTTP/1.1\" nor "
                                   "\"HTTP/1.1 200 OK\"."));

    std::optional<QByteArray> values[static_cast<int>(Header::Count)];
    qsizetype index = 1;
    for (; index < lines.size(); ++index) {
        const QByteArray &line = lines.at(index);
        if (line.isEmpty())
            break; // the end of the headers
        const qsizetype colon = line.indexOf(':');
        if (colon < 0)
            return fail(error, QStringLiteral("A header line has no colon."));
        const QByteArray name = line.left(colon);
        if (name.isEmpty())
            return fail(error, QStringLiteral("A header line has no name."));
        for (const char c : name) {
            if (!isTokenChar(c))
                return fail(error,
                            QStringLiteral("A header name contains spaces or other characters "
                                           "a header name cannot have."));
        }
        const std::optional<Header> header = knownHeader(name.toLower());
        if (!header)
            continue;
        std::optional<QByteArray> &value = values[static_cast<int>(*header)];
        if (value)
            return fail(error, QStringLiteral("A header appears twice."));
        value = line.mid(colon + 1).trimmed();
    }
    // Nothing may follow the blank line: SSDP messages have no body.
    for (; index < lines.size(); ++index) {
        if (!lines.at(index).trimmed().isEmpty())
            return fail(error, QStringLiteral("The datagram has a body after its headers."));
    }

    const auto value = [&values](Header header) -> const std::optional<QByteArray> & {
        return values[static_cast<int>(header)];
    };
    for (const Header header : {Header::Location, Header::Nt, Header::St, Header::Nts, Header::Usn,
                                Header::Model, Header::Connect, Header::Version}) {
        if (value(header) && !isAscii(*value(header)))
            return fail(error, QStringLiteral("A header that must be ASCII is not."));
    }

    const auto &nt = value(Header::Nt);
    const auto &st = value(Header::St);
    if (!nt && !st)
        return fail(error, QStringLiteral("The datagram names no device type (NT or ST)."));
    for (const auto *type : {&nt, &st}) {
        if (*type && (*type)->compare(kDeviceType, Qt::CaseInsensitive) != 0)
            return fail(error,
                        QStringLiteral("The datagram does not announce a Bambu Lab 3D "
                                       "printer."));
    }
    if (const auto &nts = value(Header::Nts);
        nts && nts->compare("ssdp:alive", Qt::CaseInsensitive))
        return fail(error, QStringLiteral("The datagram is not an \"alive\" announcement."));

    DiscoveryAnnouncement announcement;

    const auto &usn = value(Header::Usn);
    if (!usn || usn->isEmpty())
        return fail(error, QStringLiteral("The announcement has no serial number (USN)."));
    announcement.serial = QString::fromLatin1(*usn);
    if (!PrinterConfig::serialError(announcement.serial).isEmpty())
        return fail(error,
                    QStringLiteral("The announced serial number is not 1-32 letters and "
                                   "digits."));

    const auto &location = value(Header::Location);
    if (!location)
        return fail(error, QStringLiteral("The announcement has no Location."));
    QString reason;
    announcement.address = canonicalAddress(*location, &reason);
    if (announcement.address.isEmpty())
        return fail(error, reason);

    if (const auto &model = value(Header::Model); model && !model->isEmpty()) {
        if (!isShortToken(*model))
            return fail(error, QStringLiteral("The announced model code is not a short code."));
        announcement.modelCode = QString::fromLatin1(*model);
    }
    if (const auto &connect = value(Header::Connect); connect && !connect->isEmpty()) {
        if (!isShortToken(*connect))
            return fail(error,
                        QStringLiteral("The announced connection mode is not a short "
                                       "word."));
        announcement.connectMode = QString::fromLatin1(*connect);
    }
    if (const auto &version = value(Header::Version); version && !version->isEmpty()) {
        if (!isShortToken(*version))
            return fail(error,
                        QStringLiteral("The announced firmware version is not a short "
                                       "version number."));
        announcement.firmwareVersion = QString::fromLatin1(*version);
    }

    // The user's own name for the printer, in UTF-8; invalid sequences become U+FFFD.
    if (const auto &name = value(Header::Name))
        announcement.name = sanitizedName(QString::fromUtf8(*name));
    if (announcement.name.isEmpty())
        announcement.name = announcement.serial;

    if (error)
        error->clear();
    return announcement;
}

QByteArray DiscoveryAnnouncement::toDatagram() const
{
    // As a P1S sends it (firmware 01.07), with the fields of this announcement.
    QByteArray datagram;
    datagram.reserve(512);
    const auto add = [&datagram](const char *name, const QByteArray &value) {
        datagram.append(name).append(": ").append(value).append("\r\n");
    };
    datagram.append("NOTIFY * HTTP/1.1\r\n");
    add("Host", "239.255.255.250:1990");
    add("Server", "Buildroot/2018.02-rc3 UPnP/1.0 ssdpd/1.8");
    add("Location", headerValue(address));
    add("NT", kDeviceType);
    add("USN", headerValue(serial));
    add("Cache-Control", "max-age=1800");
    if (!modelCode.isEmpty())
        add("DevModel.bambu.com", headerValue(modelCode));
    add("DevName.bambu.com", headerValue(sanitizedName(name)));
    add("DevSignal.bambu.com", "-44");
    if (!connectMode.isEmpty())
        add("DevConnect.bambu.com", headerValue(connectMode));
    add("DevBind.bambu.com", "free");
    add("Devseclink.bambu.com", "secure");
    if (!firmwareVersion.isEmpty())
        add("DevVersion.bambu.com", headerValue(firmwareVersion));
    add("DevCap.bambu.com", "1");
    datagram.append("\r\n");
    return datagram;
}
