// libFuzzer target for the discovery datagram parser (protocol/discoveryannouncement.h) and what
// DiscoveryListener makes of its result (net/discoverylistener.h): together they read whatever
// anyone on the network sends to UDP port 2021.
//
// Input: the datagram's bytes, as they are. Besides "does not crash", every announcement parse()
// accepts must be safe to show: a valid serial, a bare IP address, a one-line name of at most 64
// characters; the simulator's datagram for it must read back as the same announcement. Every
// announcement the listener passes on must also be safe to dial: a plain canonical address no
// printer could be refused for.
#include "fuzzcheck.h"
#include "model/printerconfig.h"
#include "net/discoverylistener.h"
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

// What parse() promises: the Location's form, with Qt Network agreeing that it is an address.
void checkAnnouncedAddress(const QString &address)
{
    FUZZ_CHECK(!QHostAddress(address).isNull());
    for (const QChar c : address) {
        const bool ok = (c >= QLatin1Char('0') && c <= QLatin1Char('9'))
            || (c >= QLatin1Char('a') && c <= QLatin1Char('f'))
            || (c >= QLatin1Char('A') && c <= QLatin1Char('F')) || c == QLatin1Char('.')
            || c == QLatin1Char(':');
        FUZZ_CHECK(ok); // no host name, port, bracket, zone or URL
    }
}

// What DiscoveryListener::readAnnouncement() promises on top: an address to dial, written the one
// way QHostAddress writes it.
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
    checkAnnouncedAddress(announcement->address);
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

    // The listener: the same announcement with the address rewritten, or a sentence why not.
    QString listenerError;
    const std::optional<DiscoveryAnnouncement> accepted
        = DiscoveryListener::readAnnouncement(datagram, &listenerError);
    if (!accepted) {
        FUZZ_CHECK(isSentence(listenerError));
        return 0;
    }
    FUZZ_CHECK(listenerError.isEmpty());
    checkAddress(accepted->address);
    FUZZ_CHECK(QHostAddress(accepted->address).isEqual(QHostAddress(announcement->address)));
    DiscoveryAnnouncement rewritten = *announcement;
    rewritten.address = accepted->address;
    FUZZ_CHECK(*accepted == rewritten);
    return 0;
}
