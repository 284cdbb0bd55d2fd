// libFuzzer target for the validation shared by the dialogs, the settings loader and
// farmcam-grab: PrinterConfig::nameError, hostError, portError, accessCodeError, serialError.
//
// Input: FuzzText fields (see fuzztext.h): name, host, port (as text), access code, serial.
// Besides "does not crash", each answer is compared with an independent statement of the rule the
// header documents (a regular expression or QHostAddress), and every error is one sentence.
#include "fuzzcheck.h"
#include "fuzztext.h"
#include "model/printerconfig.h"
#include "protocol/loginpacket.h"

#include <QHostAddress>
#include <QRegularExpression>

#include <cstddef>
#include <cstdint>

namespace {

bool isSentence(const QString &error)
{
    return !error.isEmpty() && error.endsWith(QLatin1Char('.'))
        && !error.contains(QLatin1Char('\n'));
}

// RFC 1123 host name: labels of 1-63 letters, digits and hyphens, not starting or ending with a
// hyphen, at most 253 characters, one trailing dot allowed.
const QRegularExpression &hostNamePattern()
{
    static const QRegularExpression pattern(
        QStringLiteral("^(?=.{1,253}\\.?\\z)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                       "(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?\\z"));
    return pattern;
}

bool isDigitsAndDots(const QString &text)
{
    for (const QChar c : text) {
        if (c != QLatin1Char('.') && (c < QLatin1Char('0') || c > QLatin1Char('9')))
            return false;
    }
    return true;
}

bool isUnusable(const QHostAddress &address)
{
    return address.isEqual(QHostAddress(QHostAddress::AnyIPv4)) || address.isBroadcast()
        || address.isMulticast() || address.isEqual(QHostAddress(QHostAddress::AnyIPv6));
}

void checkHost(const QString &host)
{
    const QString error = PrinterConfig::hostError(host);
    FUZZ_CHECK(error.isEmpty() || isSentence(error));
    FUZZ_CHECK(PrinterConfig::hostError(host) == error); // no hidden state

    if (error.isEmpty()) {
        // Whatever is accepted can be dialled as it is.
        FUZZ_CHECK(!host.isEmpty() && host.size() <= 254);
        FUZZ_CHECK(!host.contains(QLatin1Char('/')) && !host.contains(QLatin1Char('@')));
        for (const QChar c : host)
            FUZZ_CHECK(!c.isSpace());
        if (host.contains(QLatin1Char(':'))) {
            QHostAddress address;
            FUZZ_CHECK(address.setAddress(host));
            FUZZ_CHECK(address.protocol() == QAbstractSocket::IPv6Protocol);
            FUZZ_CHECK(!isUnusable(address));
            // A zone (fe80::1%eth0) names an interface: no control characters, no pasted text.
            static const QRegularExpression zonePattern(QStringLiteral("%[A-Za-z0-9._-]{1,32}\\z"));
            FUZZ_CHECK(!host.contains(QLatin1Char('%')) || zonePattern.match(host).hasMatch());
        } else if (isDigitsAndDots(host)) {
            QHostAddress address;
            FUZZ_CHECK(host.count(QLatin1Char('.')) == 3); // no inet_aton short forms
            FUZZ_CHECK(address.setAddress(host));
            FUZZ_CHECK(address.protocol() == QAbstractSocket::IPv4Protocol);
            FUZZ_CHECK(!isUnusable(address));
        } else {
            FUZZ_CHECK(hostNamePattern().match(host).hasMatch());
        }
    } else if (!host.contains(QLatin1Char(':')) && !isDigitsAndDots(host)) {
        // Host names: refused exactly when the RFC 1123 pattern says so.
        FUZZ_CHECK(!hostNamePattern().match(host).hasMatch());
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QStringList fields = FuzzText::fields(data, size, 5);
    const QString &name = fields.at(0);
    const QString &host = fields.at(1);
    const QString &portText = fields.at(2);
    const QString &code = fields.at(3);
    const QString &serial = fields.at(4);

    const QString nameError = PrinterConfig::nameError(name);
    FUZZ_CHECK(nameError.isEmpty() || isSentence(nameError));
    if (nameError.isEmpty()) {
        const QString trimmed = name.trimmed();
        FUZZ_CHECK(!trimmed.isEmpty() && trimmed.size() <= 64);
        for (const QChar c : trimmed)
            FUZZ_CHECK(c.category() != QChar::Other_Control && c != QChar::LineSeparator
                       && c != QChar::ParagraphSeparator);
    }

    checkHost(host);
    checkHost(host.trimmed()); // the farm trims what the dialogs hand over

    bool ok = false;
    const int port = portText.toInt(&ok);
    if (ok) {
        const QString portError = PrinterConfig::portError(port);
        FUZZ_CHECK(portError.isEmpty() == (port >= 1 && port <= 65535));
        FUZZ_CHECK(portError.isEmpty() || isSentence(portError));
    }

    // The same rule as the login packet: whatever passes here can be sent to a printer.
    const QString codeError = PrinterConfig::accessCodeError(code);
    FUZZ_CHECK(codeError.isEmpty() == LoginPacket::build(QStringLiteral("bblp"), code).ok());
    FUZZ_CHECK(codeError == LoginPacket::describe(LoginPacket::validateAccessCode(code)));
    FUZZ_CHECK(codeError.isEmpty() || isSentence(codeError));

    static const QRegularExpression serialPattern(QStringLiteral("^[A-Za-z0-9]{0,32}\\z"));
    const QString serialError = PrinterConfig::serialError(serial);
    FUZZ_CHECK(serialError.isEmpty() == serialPattern.match(serial).hasMatch());
    FUZZ_CHECK(serialError.isEmpty() || isSentence(serialError));
    return 0;
}
