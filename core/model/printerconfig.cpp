#include "model/printerconfig.h"

#include "protocol/loginpacket.h"

#include <QCoreApplication>
#include <QHostAddress>

namespace {

constexpr qsizetype kMaxNameLength = 64;
constexpr qsizetype kMaxHostLength = 253; // RFC 1035, without the trailing dot
constexpr qsizetype kMaxLabelLength = 63;
constexpr qsizetype kMaxSerialLength = 32;
constexpr qsizetype kMaxZoneLength = 32; // interface names: 15 on Linux, 256 nowhere real

bool isAsciiLetterOrDigit(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9');
}

bool isDigitsOnly(QStringView text)
{
    for (const QChar c : text) {
        if (c.unicode() < u'0' || c.unicode() > u'9')
            return false;
    }
    return !text.isEmpty();
}

bool isDigitsAndDots(QStringView text)
{
    for (const QChar c : text) {
        if (c != u'.' && (c.unicode() < u'0' || c.unicode() > u'9'))
            return false;
    }
    return true;
}

// "1.2.3.4:6000", "printer.local:6000", "[::1]:6000": somebody typed the port into the address.
bool looksLikeHostWithPort(const QString &host)
{
    if (host.startsWith(u'[')) {
        const qsizetype close = host.indexOf(u']');
        return close > 0 && host.mid(close).startsWith(QLatin1String("]:"))
            && isDigitsOnly(QStringView(host).mid(close + 2));
    }
    if (host.count(u':') != 1)
        return false; // no colon, or an IPv6 address (valid or not)
    return isDigitsOnly(QStringView(host).mid(host.indexOf(u':') + 1));
}

// The zone of a link-local IPv6 address (fe80::1%eth0) names a network interface or its number.
// QHostAddress takes any text after the '%': control characters or a whole pasted line would be
// stored and dialled as "the address".
bool isValidIpv6Zone(QStringView host)
{
    const qsizetype percent = host.indexOf(u'%');
    if (percent < 0)
        return true;
    const QStringView zone = host.mid(percent + 1);
    if (zone.isEmpty() || zone.size() > kMaxZoneLength)
        return false;
    for (const QChar c : zone) {
        if (!isAsciiLetterOrDigit(c) && c != u'.' && c != u'_' && c != u'-')
            return false;
    }
    return true;
}

// 0.0.0.0, 255.255.255.255, ::, multicast: valid literals, but no printer answers there.
QString usableAddressError(const QHostAddress &address)
{
    if (address.isEqual(QHostAddress(QHostAddress::AnyIPv4)) || address.isBroadcast()
        || address.isMulticast() || address.isEqual(QHostAddress(QHostAddress::AnyIPv6)))
        return QCoreApplication::translate(
            "PrinterConfig",
            "This address cannot belong to a printer: enter the printer's own address.");
    return {};
}

} // namespace

QString PrinterConfig::nameError(const QString &name)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return QCoreApplication::translate("PrinterConfig", "Enter a name for the printer.");
    if (trimmed.size() > kMaxNameLength)
        return QCoreApplication::translate("PrinterConfig",
                                           "The name is too long: use at most 64 characters.");
    for (const QChar c : trimmed) {
        // Names end up in tooltips and notifications, one line per printer.
        if (c.category() == QChar::Other_Control || c == QChar::LineSeparator
            || c == QChar::ParagraphSeparator)
            return QCoreApplication::translate(
                "PrinterConfig", "The name must not contain line breaks or control characters.");
    }
    return {};
}

QString PrinterConfig::hostError(const QString &host)
{
    if (host.isEmpty())
        return QCoreApplication::translate("PrinterConfig",
                                           "Enter the printer's IP address or host name.");
    for (const QChar c : host) {
        if (c.isSpace())
            return QCoreApplication::translate("PrinterConfig",
                                               "The address must not contain spaces.");
        // QHostAddress reads an address only up to a NUL: "::1\0junk" would pass as "::1".
        if (c.category() == QChar::Other_Control)
            return QCoreApplication::translate("PrinterConfig",
                                               "The address must not contain control characters.");
    }
    if (host.contains(QLatin1String("://")))
        return QCoreApplication::translate(
            "PrinterConfig",
            "Enter only the printer's address, without \"http://\" or any other prefix.");
    if (host.contains(u'/'))
        return QCoreApplication::translate(
            "PrinterConfig", "Enter only the printer's address, without a path or slashes.");
    if (host.contains(u'@'))
        return QCoreApplication::translate(
            "PrinterConfig", "Enter only the printer's address, without a user name.");
    if (looksLikeHostWithPort(host))
        return QCoreApplication::translate("PrinterConfig",
                                           "Enter the port in the port field, not in the address.");
    if (host.startsWith(u'[') || host.endsWith(u']'))
        return QCoreApplication::translate("PrinterConfig",
                                           "Enter the IPv6 address without square brackets.");

    if (host.contains(u':')) {
        QHostAddress address;
        if (address.setAddress(host) && address.protocol() == QAbstractSocket::IPv6Protocol) {
            if (!isValidIpv6Zone(host))
                return QCoreApplication::translate(
                    "PrinterConfig",
                    "After the % of an IPv6 address, enter only the network interface, such as "
                    "eth0.");
            return usableAddressError(address);
        }
        return QCoreApplication::translate(
            "PrinterConfig",
            "This is not a valid IPv6 address (only IPv6 addresses contain colons).");
    }

    // Digits and dots only: this is meant as an IPv4 address. Require the usual four parts, so a
    // typo such as "192.168.1" is not silently read as 192.168.0.1 (inet_aton's short forms), and
    // "192.168.1.300" is not mistaken for a host name.
    if (isDigitsAndDots(host)) {
        QHostAddress address;
        if (host.count(u'.') == 3 && address.setAddress(host)
            && address.protocol() == QAbstractSocket::IPv4Protocol)
            return usableAddressError(address);
        return QCoreApplication::translate(
            "PrinterConfig",
            "This is not a valid IPv4 address: it needs four numbers from 0 to 255 "
            "separated by dots, such as 192.168.1.20.");
    }

    // RFC 1123 host name; one trailing dot (a fully qualified name) is allowed.
    QStringView name(host);
    if (name.endsWith(u'.'))
        name.chop(1);
    if (name.size() > kMaxHostLength)
        return QCoreApplication::translate(
            "PrinterConfig", "The host name is too long: use at most 253 characters.");
    const auto labels = name.split(u'.');
    for (const QStringView label : labels) {
        if (label.isEmpty())
            return QCoreApplication::translate(
                "PrinterConfig",
                "The host name must not contain empty parts (two dots in a row, or a dot "
                "at the start).");
        if (label.size() > kMaxLabelLength)
            return QCoreApplication::translate(
                "PrinterConfig",
                "Each part of the host name between dots may have at most 63 characters.");
        for (const QChar c : label) {
            if (!isAsciiLetterOrDigit(c) && c != u'-')
                return QCoreApplication::translate(
                    "PrinterConfig",
                    "The host name may only contain letters (a-z), digits, hyphens and "
                    "dots.");
        }
        if (label.startsWith(u'-') || label.endsWith(u'-'))
            return QCoreApplication::translate(
                "PrinterConfig", "A part of the host name must not start or end with a hyphen.");
    }
    return {};
}

QString PrinterConfig::portError(int port)
{
    if (port < 1 || port > 65535)
        return QCoreApplication::translate(
            "PrinterConfig", "The port must be a number from 1 to 65535 (the camera uses 6000).");
    return {};
}

QString PrinterConfig::accessCodeError(const QString &code)
{
    return LoginPacket::describe(LoginPacket::validateAccessCode(code));
}

QString PrinterConfig::streamSecretError(const QString &secret)
{
    constexpr qsizetype kMaxSecretLength = 1024;
    if (secret.size() > kMaxSecretLength)
        return QCoreApplication::translate(
            "PrinterConfig", "The password or token is too long: use at most 1024 characters.");
    for (const QChar c : secret) {
        // It goes into an HTTP header as it is.
        if (c.unicode() < 0x20 || c.unicode() > 0x7e)
            return QCoreApplication::translate(
                "PrinterConfig",
                "The password or token may only contain printable ASCII characters.");
    }
    return {};
}

QString PrinterConfig::serialError(const QString &serial)
{
    if (serial.isEmpty())
        return {}; // optional
    if (serial.size() > kMaxSerialLength)
        return QCoreApplication::translate(
            "PrinterConfig", "The serial number is too long: use at most 32 characters.");
    for (const QChar c : serial) {
        if (!isAsciiLetterOrDigit(c))
            return QCoreApplication::translate(
                "PrinterConfig", "The serial number may only contain letters and digits.");
    }
    return {};
}

namespace {

// What printers announce (DevModel.bambu.com) and what they serve their camera as; the Home
// Assistant integration and Bambuddy agree on the camera kinds. Models whose code is not known
// yet are listed by name, which is then also their `model` value.
struct KnownModel
{
    const char *code;
    const char *name;
    PrinterConfig::CameraKind camera;
};

constexpr auto kJpeg = PrinterConfig::CameraKind::JpegStream;
constexpr auto kRtsps = PrinterConfig::CameraKind::Rtsps;
constexpr KnownModel kKnownModels[] = {
    {"C11", "P1P", kJpeg},      {"C12", "P1S", kJpeg},          {"N2S", "A1", kJpeg},
    {"N1", "A1 mini", kJpeg},   {"A2L", "A2L", kJpeg},          {"BL-P002", "X1", kRtsps},
    {"BL-P001", "X1C", kRtsps}, {"C13", "X1E", kRtsps},         {"H2C", "H2C", kRtsps},
    {"O1D", "H2D", kRtsps},     {"H2D Pro", "H2D Pro", kRtsps}, {"H2S", "H2S", kRtsps},
    {"N7", "P2S", kRtsps},      {"X2D", "X2D", kRtsps},
};

const KnownModel *findModel(const QString &codeOrName)
{
    const QString text = codeOrName.trimmed();
    for (const KnownModel &model : kKnownModels) {
        if (text.compare(QLatin1String(model.code), Qt::CaseInsensitive) == 0
            || text.compare(QLatin1String(model.name), Qt::CaseInsensitive) == 0)
            return &model;
    }
    return nullptr;
}

} // namespace

QString PrinterConfig::modelName(const QString &modelCode)
{
    if (const KnownModel *model = findModel(modelCode))
        return QLatin1String(model->name);
    return modelCode.trimmed();
}

QStringList PrinterConfig::knownModelNames()
{
    QStringList names;
    for (const KnownModel &model : kKnownModels)
        names.append(QLatin1String(model.name));
    return names;
}

PrinterConfig::CameraKind PrinterConfig::cameraKindForModel(const QString &model)
{
    const KnownModel *known = findModel(model);
    return known ? known->camera : CameraKind::Automatic;
}

PrinterConfig::CameraKind PrinterConfig::effectiveCameraKind() const
{
    if (cameraKind != CameraKind::Automatic)
        return cameraKind;
    const CameraKind fromModel = cameraKindForModel(model);
    return fromModel == CameraKind::Automatic ? CameraKind::JpegStream : fromModel;
}

quint16 PrinterConfig::defaultPortFor(CameraKind kind)
{
    switch (kind) {
    case CameraKind::Rtsps:
        return kDefaultRtspsPort;
    case CameraKind::MjpegHttp:
        return 0;
    case CameraKind::Automatic:
    case CameraKind::JpegStream:
        break;
    }
    return kDefaultCameraPort;
}

QString PrinterConfig::cameraKindName(CameraKind kind)
{
    switch (kind) {
    case CameraKind::Automatic:
        return QCoreApplication::translate("PrinterConfig", "Automatic (from the model)");
    case CameraKind::JpegStream:
        return QCoreApplication::translate("PrinterConfig", "JPEG stream, port 6000");
    case CameraKind::Rtsps:
        return QCoreApplication::translate("PrinterConfig", "RTSPS, port 322");
    case CameraKind::MjpegHttp:
        return QCoreApplication::translate("PrinterConfig", "MJPEG over HTTP(S)");
    }
    return {};
}

QString PrinterConfig::cameraKindKey(CameraKind kind)
{
    switch (kind) {
    case CameraKind::Automatic:
        break;
    case CameraKind::JpegStream:
        return QStringLiteral("jpeg");
    case CameraKind::Rtsps:
        return QStringLiteral("rtsps");
    case CameraKind::MjpegHttp:
        return QStringLiteral("mjpeg-http");
    }
    return QStringLiteral("auto");
}

PrinterConfig::CameraKind PrinterConfig::cameraKindFromKey(const QString &key)
{
    for (const CameraKind kind :
         {CameraKind::JpegStream, CameraKind::Rtsps, CameraKind::MjpegHttp}) {
        if (key.trimmed().compare(cameraKindKey(kind), Qt::CaseInsensitive) == 0)
            return kind;
    }
    return CameraKind::Automatic;
}

QString PrinterConfig::timelapseChoiceKey(TimelapseChoice choice)
{
    switch (choice) {
    case TimelapseChoice::On:
        return QStringLiteral("on");
    case TimelapseChoice::Off:
        return QStringLiteral("off");
    case TimelapseChoice::Default:
        break;
    }
    return QStringLiteral("default");
}

PrinterConfig::TimelapseChoice PrinterConfig::timelapseChoiceFromKey(const QString &key)
{
    for (const TimelapseChoice choice : {TimelapseChoice::On, TimelapseChoice::Off}) {
        if (key.trimmed().compare(timelapseChoiceKey(choice), Qt::CaseInsensitive) == 0)
            return choice;
    }
    return TimelapseChoice::Default;
}

QString PrinterConfig::cameraUrlError(const QUrl &url)
{
    if (url.isEmpty())
        return QCoreApplication::translate(
            "PrinterConfig",
            "Enter the stream's address, such as http://192.168.1.20:8080/stream.");
    if (!url.isValid())
        return QCoreApplication::translate("PrinterConfig", "This is not a valid address.");
    const QString scheme = url.scheme().toLower();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        return QCoreApplication::translate("PrinterConfig",
                                           "The address must start with http:// or https://.");
    if (!url.userInfo().isEmpty())
        return QCoreApplication::translate(
            "PrinterConfig",
            "Enter the user and password in their own fields, not in the address.");
    if (const QString error = hostError(url.host()); !error.isEmpty())
        return error;
    return {};
}

QString PrinterConfig::canonicalHost(const QString &host)
{
    QString text = host.trimmed();
    // Only what hostError() accepts as an address is read as one: QHostAddress also takes
    // inet_aton's short forms ("10.1"), which are names here, and typos at that.
    const bool looksLikeAddress
        = text.contains(u':') || (isDigitsAndDots(text) && text.count(u'.') == 3);
    if (QHostAddress address; looksLikeAddress && address.setAddress(text)) {
        bool isIpv4 = false;
        const quint32 ipv4 = address.toIPv4Address(&isIpv4); // also ::ffff:a.b.c.d
        return isIpv4 ? QHostAddress(ipv4).toString() : address.toString();
    }
    if (text.endsWith(u'.'))
        text.chop(1); // "printer.lan." is "printer.lan"
    return text.toLower(); // host names are ASCII (hostError) and case-insensitive
}

PrinterConfig::Overlap PrinterConfig::overlapWith(const PrinterConfig &other) const
{
    const bool mineIsStream = effectiveCameraKind() == CameraKind::MjpegHttp;
    const bool otherIsStream = other.effectiveCameraKind() == CameraKind::MjpegHttp;
    if (mineIsStream || otherIsStream) {
        // A re-streamer serves many cameras under one address; only the same stream twice
        // would be a second viewer. It has no serial of its own.
        if (mineIsStream && otherIsStream
            && cameraUrl.adjusted(QUrl::NormalizePathSegments | QUrl::StripTrailingSlash)
                == other.cameraUrl.adjusted(QUrl::NormalizePathSegments | QUrl::StripTrailingSlash))
            return Overlap::SameCamera;
        return Overlap::None;
    }
    if (port == other.port && !host.trimmed().isEmpty()
        && canonicalHost(host) == canonicalHost(other.host))
        return Overlap::SameCamera;
    const QString mine = serial.trimmed();
    if (!mine.isEmpty() && mine.compare(other.serial.trimmed(), Qt::CaseInsensitive) == 0)
        return Overlap::SameSerial;
    return Overlap::None;
}

qsizetype PrinterConfig::indexOfOverlap(const QList<PrinterConfig> &configs,
                                        const PrinterConfig &config, Overlap *overlap)
{
    for (qsizetype i = 0; i < configs.size(); ++i) {
        const PrinterConfig &other = configs.at(i);
        if (!config.id.isNull() && other.id == config.id)
            continue;
        if (const Overlap found = config.overlapWith(other); found != Overlap::None) {
            if (overlap)
                *overlap = found;
            return i;
        }
    }
    if (overlap)
        *overlap = Overlap::None;
    return -1;
}

QString PrinterConfig::overlapError(Overlap overlap, const QString &existingName)
{
    switch (overlap) {
    case Overlap::None:
        break;
    case Overlap::SameCamera:
        return QCoreApplication::translate("PrinterConfig",
                                           "“%1” already uses this address and camera port.")
            .arg(existingName);
    case Overlap::SameSerial:
        return QCoreApplication::translate("PrinterConfig", "“%1” already has this serial number.")
            .arg(existingName);
    }
    return {};
}

QString PrinterConfig::overlapReason()
{
    return QCoreApplication::translate(
        "PrinterConfig",
        "A printer serves two camera viewers at most: a second entry for it would take both.");
}
