#include "protocol/discoveryannouncement.h"

#include <QList>

#include <cstring>

namespace {

constexpr char kDeviceType[] = "urn:bambulab-com:device:3dprinter:1";
constexpr qsizetype kMaxTokenLength = 32;
constexpr qsizetype kMaxSerialLength = 32; // as PrinterConfig::serialError allows
// The longest IPv6 text form ("ffff:" six times and an IPv4 address): INET6_ADDRSTRLEN - 1.
constexpr qsizetype kMaxIpv6Length = 45;

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

bool isHexDigit(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// 1-32 ASCII letters and digits: what PrinterConfig::serialError accepts (tests check that the
// two agree), and nothing that could mean something in an MQTT topic.
bool isSerial(const QByteArray &value)
{
    if (value.isEmpty() || value.size() > kMaxSerialLength)
        return false;
    for (const char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if (!((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9')))
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

// Four decimal numbers 0-255 separated by dots: the only IPv4 form accepted (no inet_aton short
// forms, no octal or hex parts).
bool isIpv4Literal(const QByteArray &text)
{
    const QList<QByteArray> parts = text.split('.');
    if (parts.size() != 4)
        return false;
    for (const QByteArray &part : parts) {
        if (!isDecimalOctet(part))
            return false;
    }
    return true;
}

// The groups of one side of an IPv6 address's "::" (or of the whole address without one): 1-4
// hex digits each, the very last of the address possibly an IPv4 address (two groups). Returns
// the number of groups, or -1.
int ipv6GroupCount(const QByteArray &side, bool endsTheAddress)
{
    if (side.isEmpty())
        return 0;
    const QList<QByteArray> groups = side.split(':');
    int count = 0;
    for (qsizetype i = 0; i < groups.size(); ++i) {
        const QByteArray &group = groups.at(i);
        if (endsTheAddress && i == groups.size() - 1 && group.contains('.')) {
            if (!isIpv4Literal(group))
                return -1;
            count += 2;
            continue;
        }
        if (group.isEmpty() || group.size() > 4)
            return -1;
        for (const char c : group) {
            if (!isHexDigit(c))
                return -1;
        }
        ++count;
    }
    return count;
}

// RFC 4291's text forms: eight groups, or fewer with one "::" standing for the zero groups left
// out. Only the form: which address it is, and whether a printer can have it, is for the
// receiver to decide (DiscoveryListener, with Qt Network).
bool isIpv6Literal(const QByteArray &text)
{
    if (text.size() > kMaxIpv6Length)
        return false;
    const qsizetype gap = text.indexOf("::");
    if (gap < 0)
        return ipv6GroupCount(text, true) == 8;
    if (text.indexOf("::", gap + 1) >= 0)
        return false; // two gaps, or ":::"
    const int before = ipv6GroupCount(text.left(gap), false);
    const int after = ipv6GroupCount(text.mid(gap + 2), true);
    return before >= 0 && after >= 0 && before + after <= 7;
}

// Empty when the Location is a bare IPv4 or IPv6 address, else why not.
QString locationError(const QByteArray &value)
{
    if (value.isEmpty())
        return QStringLiteral("The announcement's Location is empty.");
    if (value.contains("://") || value.contains('/'))
        return QStringLiteral("The Location is a URL, not a bare address.");
    for (const char c : value) {
        if (!isHexDigit(c) && c != '.' && c != ':')
            return QStringLiteral(
                "The Location is not a plain IP address (host names, ports, brackets and zones "
                "are not accepted).");
    }
    if (value.contains(':')) {
        if (!isIpv6Literal(value))
            return QStringLiteral("The Location is not a valid IPv6 address.");
    } else if (!isIpv4Literal(value)) {
        return QStringLiteral("The Location is not a valid IPv4 address.");
    }
    return {};
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
    if (!isSerial(*usn))
        return fail(error,
                    QStringLiteral("The announced serial number is not 1-32 letters and "
                                   "digits."));
    announcement.serial = QString::fromLatin1(*usn);

    const auto &location = value(Header::Location);
    if (!location)
        return fail(error, QStringLiteral("The announcement has no Location."));
    if (const QString reason = locationError(*location); !reason.isEmpty())
        return fail(error, reason);
    announcement.address = QString::fromLatin1(*location);

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
