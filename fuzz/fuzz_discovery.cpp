// libFuzzer target for the discovery datagram parser (protocol/discoveryannouncement.h), which
// reads whatever anyone on the network sends to UDP port 2021.
//
// Input: the datagram's bytes, as they are. Besides "does not crash", every announcement parse()
// accepts must be safe to show and to dial: a valid serial, a plain canonical address no printer
// could be refused for, a one-line name of at most 64 characters; and the simulator's datagram for
// it must read back as the same announcement.
#include "fuzzcheck.h"
#include "model/printerconfig.h"
#include "protocol/discoveryannouncement.h"

#include <QHostAddress>

#include <cstddef>
#include <cstdint>

namespace {

bool isSentence(const QString &error)
{
    return !error.isEmpty() && error.endsWith(QLatin1Char('.'))
        && !error.contains(QLatin1Char('\n'));
}

bool isShortAsciiToken(const QString &value)
{
    if (value.size() > 32)
        return false;
    for (const QChar c : value) {
        if (c.unicode() <= 0x20 || c.unicode() >= 0x7f)
            return false;
    }
    return true;
}

void checkAddress(const QString &address)
{
    FUZZ_CHECK(PrinterConfig::hostError(address).isEmpty());
    QHostAddress parsed;
    FUZZ_CHECK(parsed.setAddress(address));
    FUZZ_CHECK(parsed.toString() == address); // canonical: text compares as the address does
    FUZZ_CHECK(parsed.scopeId().isEmpty());
    FUZZ_CHECK(!parsed.isMulticast() && !parsed.isBroadcast());
    FUZZ_CHECK(!parsed.isEqual(QHostAddress(QHostAddress::AnyIPv4))
               && !parsed.isEqual(QHostAddress(QHostAddress::AnyIPv6)));
    for (const QChar c : address) {
        const bool ok = (c >= QLatin1Char('0') && c <= QLatin1Char('9'))
            || (c >= QLatin1Char('a') && c <= QLatin1Char('f')) || c == QLatin1Char('.')
            || c == QLatin1Char(':');
        FUZZ_CHECK(ok); // no host name, port, bracket, zone or URL
    }
}

void checkName(const QString &name)
{
    FUZZ_CHECK(!name.isEmpty() && name.size() <= DiscoveryAnnouncement::kMaxNameLength);
    FUZZ_CHECK(name == name.trimmed());
    FUZZ_CHECK(PrinterConfig::nameError(name).isEmpty());
    for (qsizetype i = 0; i < name.size(); ++i) {
        const QChar c = name.at(i);
        FUZZ_CHECK(c.category() != QChar::Other_Control && c.category() != QChar::Other_Format
                   && c != QChar::LineSeparator && c != QChar::ParagraphSeparator);
        // Whole characters only: no half of a surrogate pair.
        if (c.isHighSurrogate())
            FUZZ_CHECK(i + 1 < name.size() && name.at(i + 1).isLowSurrogate());
        if (c.isLowSurrogate())
            FUZZ_CHECK(i > 0 && name.at(i - 1).isHighSurrogate());
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray datagram
        = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    QString error;
    const std::optional<DiscoveryAnnouncement> announcement
        = DiscoveryAnnouncement::parse(datagram, &error);
    FUZZ_CHECK(DiscoveryAnnouncement::parse(datagram) == announcement); // no hidden state
    if (!announcement) {
        FUZZ_CHECK(isSentence(error));
        return 0;
    }
    FUZZ_CHECK(error.isEmpty());
    FUZZ_CHECK(datagram.size() <= DiscoveryAnnouncement::kMaxDatagramSize);

    FUZZ_CHECK(!announcement->serial.isEmpty());
    FUZZ_CHECK(PrinterConfig::serialError(announcement->serial).isEmpty());
    checkAddress(announcement->address);
    checkName(announcement->name);
    FUZZ_CHECK(isShortAsciiToken(announcement->modelCode));
    FUZZ_CHECK(isShortAsciiToken(announcement->connectMode));
    FUZZ_CHECK(isShortAsciiToken(announcement->firmwareVersion));

    // The simulator's datagram for it says the same, and is itself a fixed point.
    const QByteArray again = announcement->toDatagram();
    FUZZ_CHECK(again.size() <= DiscoveryAnnouncement::kMaxDatagramSize);
    QString againError;
    const std::optional<DiscoveryAnnouncement> reparsed
        = DiscoveryAnnouncement::parse(again, &againError);
    FUZZ_CHECK(reparsed.has_value());
    FUZZ_CHECK(*reparsed == *announcement);
    FUZZ_CHECK(reparsed->toDatagram() == again);
    return 0;
}
