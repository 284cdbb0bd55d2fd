// The discovery datagram parser: announcements as real printers send them, and everything a
// hostile or broken sender could put in their place. Which address a Location names, and whether a
// printer can have it, is DiscoveryListener's part (tst_discoverylistener); here, its form.
#include "model/printerconfig.h"
#include "protocol/discoveryannouncement.h"

#include <QByteArrayList>
#include <QHostAddress>
#include <QRandomGenerator>
#include <QTest>

#include <algorithm>

namespace {

const QByteArray kSerial = "01S00C123456789";

// The headers a P1S sends, in its order, without the start line.
QByteArrayList printerHeaders(const QByteArray &model = "C12", const QByteArray &name = "Workshop",
                              const QByteArray &location = "192.168.1.20",
                              const QByteArray &serial = kSerial)
{
    return {
        "Host: 239.255.255.250:1990",
        "Server: Buildroot/2018.02-rc3 UPnP/1.0 ssdpd/1.8",
        "Location: " + location,
        "NT: urn:bambulab-com:device:3dprinter:1",
        "USN: " + serial,
        "Cache-Control: max-age=1800",
        "DevModel.bambu.com: " + model,
        "DevName.bambu.com: " + name,
        "DevSignal.bambu.com: -52",
        "DevConnect.bambu.com: lan",
        "DevBind.bambu.com: free",
        "Devseclink.bambu.com: secure",
        "DevVersion.bambu.com: 01.07.00.00",
        "DevCap.bambu.com: 1",
    };
}

QByteArray message(const QByteArrayList &headers, const QByteArray &startLine = "NOTIFY * HTTP/1.1",
                   const QByteArray &eol = "\r\n")
{
    QByteArray datagram = startLine + eol;
    for (const QByteArray &header : headers)
        datagram += header + eol;
    return datagram + eol;
}

QByteArray notify(const QByteArrayList &headers)
{
    return message(headers);
}

// The printer's headers with one replaced (or removed, with an empty replacement).
QByteArrayList replaced(const QByteArray &name, const QByteArray &replacement)
{
    QByteArrayList headers = printerHeaders();
    for (qsizetype i = 0; i < headers.size(); ++i) {
        if (headers.at(i).startsWith(name + ':')) {
            if (replacement.isEmpty())
                headers.removeAt(i);
            else
                headers[i] = replacement;
            return headers;
        }
    }
    qFatal("no header %s", name.constData());
}

QByteArray junk(quint32 seed, qsizetype size)
{
    QRandomGenerator random(seed);
    QByteArray bytes(size, Qt::Uninitialized);
    for (char &c : bytes)
        c = static_cast<char>(random.bounded(256));
    return bytes;
}

} // namespace

class TestDiscoveryAnnouncement final : public QObject
{
    Q_OBJECT

private slots:
    void parsesAnnouncements_data();
    void parsesAnnouncements();
    void rejectsMalformed_data();
    void rejectsMalformed();
    void locationForm_data();
    void locationForm();
    void sanitizesName_data();
    void sanitizesName();
    void datagramLooksLikeAPrinters();
    void roundTrip_data();
    void roundTrip();
    void datagramCannotBeInjected();
    void junkNeverParses();
};

void TestDiscoveryAnnouncement::parsesAnnouncements_data()
{
    QTest::addColumn<QByteArray>("datagram");
    QTest::addColumn<QString>("serial");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("modelCode");
    QTest::addColumn<QString>("modelName");
    QTest::addColumn<QString>("address");

    const QString serial = QString::fromLatin1(kSerial);
    const QString workshop = QStringLiteral("Workshop");
    const QString ip = QStringLiteral("192.168.1.20");

    // Every model the protocol notes list, as each announces itself.
    const struct
    {
        const char *code;
        const char *name;
    } models[] = {
        {"C11", "P1P"},
        {"C12", "P1S"},
        {"N1", "A1 mini"},
        {"N2S", "A1"},
        {"BL-P001", "X1C"},
        {"BL-P002", "X1"},
        {"C13", "X1E"},
        {"O1D", "H2D"},
        {"N7", "P2S"},
        // Older X1 firmware: a long code, shown as it is.
        {"3DPrinter-X1-Carbon", "3DPrinter-X1-Carbon"},
    };
    for (const auto &model : models) {
        QTest::addRow("model %s", model.code)
            << notify(printerHeaders(model.code)) << serial << workshop
            << QString::fromLatin1(model.code) << QString::fromLatin1(model.name) << ip;
    }

    QTest::newRow("LF line ends") << message(printerHeaders(), "NOTIFY * HTTP/1.1", "\n") << serial
                                  << workshop << QStringLiteral("C12") << QStringLiteral("P1S")
                                  << ip;
    QByteArrayList upper;
    for (const QByteArray &header : printerHeaders()) {
        const qsizetype colon = header.indexOf(':');
        upper.append(header.left(colon).toUpper() + header.mid(colon));
    }
    QTest::newRow("header names upper case")
        << notify(upper) << serial << workshop << QStringLiteral("C12") << QStringLiteral("P1S")
        << ip;
    QByteArrayList lower;
    for (const QByteArray &header : printerHeaders()) {
        const qsizetype colon = header.indexOf(':');
        lower.append(header.left(colon).toLower() + header.mid(colon));
    }
    QTest::newRow("header names lower case, method lower case")
        << message(lower, "notify * http/1.1") << serial << workshop << QStringLiteral("C12")
        << QStringLiteral("P1S") << ip;
    QTest::newRow("no blank line at the end")
        << notify(printerHeaders()).chopped(2) << serial << workshop << QStringLiteral("C12")
        << QStringLiteral("P1S") << ip;
    QTest::newRow("trailing blank lines")
        << notify(printerHeaders()) + "\r\n\r\n"
        << serial << workshop << QStringLiteral("C12") << QStringLiteral("P1S") << ip;

    // The answer to an M-SEARCH (and what relay scripts send): ST instead of NT, EXT, a Date with
    // colons in its value.
    QByteArrayList response = replaced("NT", "ST: urn:bambulab-com:device:3dprinter:1");
    response.append("EXT:");
    response.append("Date: 2025-01-22 16:57:04.123");
    QTest::newRow("search response") << message(response, "HTTP/1.1 200 OK") << serial << workshop
                                     << QStringLiteral("C12") << QStringLiteral("P1S") << ip;
    QByteArrayList both = printerHeaders();
    both.append("ST: URN:bambulab-com:device:3dprinter:1");
    both.append("NTS: ssdp:alive");
    QTest::newRow("NT and ST, NTS alive") << notify(both) << serial << workshop
                                          << QStringLiteral("C12") << QStringLiteral("P1S") << ip;

    QTest::newRow("spaces and tabs around values")
        << notify(replaced("Location", "Location:\t 10.0.0.7 \t")) << serial << workshop
        << QStringLiteral("C12") << QStringLiteral("P1S") << QStringLiteral("10.0.0.7");
    QTest::newRow("no space after the colon")
        << notify(replaced("USN", "USN:" + kSerial)) << serial << workshop << QStringLiteral("C12")
        << QStringLiteral("P1S") << ip;
    QTest::newRow("IPv6") << notify(printerHeaders("N2S", "Garage", "fd00::20")) << serial
                          << QStringLiteral("Garage") << QStringLiteral("N2S")
                          << QStringLiteral("A1") << QStringLiteral("fd00::20");
    // As written: the listener makes it "fd00::20".
    QTest::newRow("IPv6, written long and in capitals")
        << notify(printerHeaders("N2S", "Garage", "FD00:0:0:0:0:0:0:20")) << serial
        << QStringLiteral("Garage") << QStringLiteral("N2S") << QStringLiteral("A1")
        << QStringLiteral("FD00:0:0:0:0:0:0:20");
    QTest::newRow("loopback (the simulator)")
        << notify(printerHeaders("C11", "Sim", "127.0.0.1")) << serial << QStringLiteral("Sim")
        << QStringLiteral("C11") << QStringLiteral("P1P") << QStringLiteral("127.0.0.1");
    QTest::newRow("no model") << notify(replaced("DevModel.bambu.com", {})) << serial << workshop
                              << QString() << QString() << ip;
    QTest::newRow("empty model") << notify(replaced("DevModel.bambu.com", "DevModel.bambu.com:"))
                                 << serial << workshop << QString() << QString() << ip;
    QTest::newRow("no name: the serial")
        << notify(replaced("DevName.bambu.com", {})) << serial << serial << QStringLiteral("C12")
        << QStringLiteral("P1S") << ip;
    QTest::newRow("UTF-8 name") << notify(printerHeaders("C12", "Bühne 3D – Drucker 🖨"))
                                << serial << QStringLiteral("Bühne 3D – Drucker 🖨")
                                << QStringLiteral("C12") << QStringLiteral("P1S") << ip;
    QTest::newRow("32-character serial")
        << notify(printerHeaders("C12", "Workshop", "192.168.1.20", QByteArray(32, 'A')))
        << QString(32, u'A') << workshop << QStringLiteral("C12") << QStringLiteral("P1S") << ip;
}

void TestDiscoveryAnnouncement::parsesAnnouncements()
{
    QFETCH(QByteArray, datagram);
    QFETCH(QString, serial);
    QFETCH(QString, name);
    QFETCH(QString, modelCode);
    QFETCH(QString, modelName);
    QFETCH(QString, address);

    QString error = QStringLiteral("stale");
    const std::optional<DiscoveryAnnouncement> announcement
        = DiscoveryAnnouncement::parse(datagram, &error);
    QVERIFY2(announcement, qPrintable(error));
    QVERIFY(error.isEmpty());
    QCOMPARE(announcement->serial, serial);
    QCOMPARE(announcement->name, name);
    QCOMPARE(announcement->modelCode, modelCode);
    QCOMPARE(PrinterConfig::modelName(announcement->modelCode), modelName);
    QCOMPARE(announcement->address, address);
    // The parser's rules are no looser than the model's, which the printer dialog applies.
    QCOMPARE(PrinterConfig::hostError(announcement->address), QString());
    QCOMPARE(PrinterConfig::nameError(announcement->name), QString());
    QCOMPARE(PrinterConfig::serialError(announcement->serial), QString());
    if (datagram.contains("01.07.00.00")) {
        QCOMPARE(announcement->firmwareVersion, QStringLiteral("01.07.00.00"));
        QCOMPARE(announcement->connectMode, QStringLiteral("lan"));
    }
    // Without an error pointer the answer is the same.
    QCOMPARE(DiscoveryAnnouncement::parse(datagram), announcement);
}

void TestDiscoveryAnnouncement::rejectsMalformed_data()
{
    QTest::addColumn<QByteArray>("datagram");

    QTest::newRow("empty") << QByteArray();
    QTest::newRow("only the start line") << QByteArray("NOTIFY * HTTP/1.1\r\n\r\n");
    QTest::newRow("missing USN") << notify(replaced("USN", {}));
    QTest::newRow("empty USN") << notify(replaced("USN", "USN:"));
    QTest::newRow("serial with a hyphen") << notify(replaced("USN", "USN: 01S-00C1234"));
    QTest::newRow("serial too long") << notify(replaced("USN", "USN: " + QByteArray(33, 'A')));
    QTest::newRow("UPnP-style USN") << notify(
        replaced("USN", "USN: uuid:01S00C123456789::urn:bambulab-com:device:3dprinter:1"));
    QTest::newRow("serial not ASCII") << notify(replaced("USN", "USN: 01S00C12345\xc3\xa9"));
    QTest::newRow("duplicate USN") << notify(printerHeaders() << "usn: 01S00C999999999");
    QTest::newRow("missing Location") << notify(replaced("Location", {}));
    QTest::newRow("empty Location") << notify(replaced("Location", "Location:"));
    QTest::newRow("duplicate Location") << notify(printerHeaders() << "LOCATION: 192.168.1.99");
    QTest::newRow("Location a host name") << notify(replaced("Location", "Location: p1s.local"));
    QTest::newRow("wrong NT") << notify(replaced("NT", "NT: upnp:rootdevice"));
    QTest::newRow("another vendor's NT")
        << notify(replaced("NT", "NT: urn:schemas-upnp-org:device:MediaRenderer:1"));
    QTest::newRow("no NT or ST") << notify(replaced("NT", {}));
    QTest::newRow("NT right, ST wrong")
        << notify(printerHeaders() << "ST: urn:schemas-upnp-org:device:Basic:1");
    QTest::newRow("byebye") << notify(printerHeaders() << "NTS: ssdp:byebye");
    QTest::newRow("search request")
        << message({"HOST: 239.255.255.250:1990", "MAN: \"ssdp:discover\"", "MX: 5",
                    "ST: urn:bambulab-com:device:3dprinter:1"},
                   "M-SEARCH * HTTP/1.1");
    QTest::newRow("not found response") << message(printerHeaders(), "HTTP/1.1 404 Not Found");
    QTest::newRow("HTTP request") << message(printerHeaders(), "GET / HTTP/1.1");
    QTest::newRow("HTTP/1.0") << message(printerHeaders(), "NOTIFY * HTTP/1.0");
    QTest::newRow("no start line") << printerHeaders().join("\r\n") + "\r\n\r\n";
    QTest::newRow("header without colon") << notify(printerHeaders() << "DevCap.bambu.com 1");
    QTest::newRow("header without name") << notify(printerHeaders() << ": value");
    QTest::newRow("space in a header name") << notify(printerHeaders() << "Dev Name: x");
    QTest::newRow("space before the colon") << notify(replaced("USN", "USN : " + kSerial));
    QTest::newRow("folded line") << notify(printerHeaders() << " continued");
    QTest::newRow("body after the headers") << notify(printerHeaders()) + "<root/>\r\n";
    QTest::newRow("NUL in a value")
        << notify(replaced("Location", "Location: 192.168.1.20" + QByteArray(1, '\0') + "junk"));
    QTest::newRow("NUL after the datagram") << notify(printerHeaders()) + QByteArray(1, '\0');
    QTest::newRow("bare CR inside a line") << notify(replaced("USN", "USN: 01S00C\r123456789"));
    QTest::newRow("escape in a value") << notify(replaced("NT", "NT: \x1b[2J"));
    QTest::newRow("model code with spaces")
        << notify(replaced("DevModel.bambu.com", "DevModel.bambu.com: C12; rm -rf"));
    QTest::newRow("model code too long")
        << notify(replaced("DevModel.bambu.com", "DevModel.bambu.com: " + QByteArray(33, 'C')));
    QTest::newRow("model code not ASCII")
        << notify(replaced("DevModel.bambu.com", "DevModel.bambu.com: C1\xc2\xb2"));
    QTest::newRow("version with spaces")
        << notify(replaced("DevVersion.bambu.com", "DevVersion.bambu.com: 01.07 beta"));
    QTest::newRow("binary junk") << junk(7, 600);
    QTest::newRow("junk after a good start line") << "NOTIFY * HTTP/1.1\r\n" + junk(11, 300);

    QByteArrayList padded = printerHeaders();
    padded.append("X-Padding: " + QByteArray(5000, 'x'));
    QTest::newRow("oversize") << notify(padded);
    QByteArray justOver = notify(printerHeaders());
    justOver.insert(justOver.size() - 2,
                    "X-P: " + QByteArray(DiscoveryAnnouncement::kMaxDatagramSize, 'x') + "\r\n");
    justOver.truncate(DiscoveryAnnouncement::kMaxDatagramSize + 1);
    QTest::newRow("4097 bytes") << justOver;
    QByteArrayList many = printerHeaders();
    for (int i = 0; i < 200; ++i)
        many.append("X:");
    QTest::newRow("too many lines") << notify(many);
}

void TestDiscoveryAnnouncement::rejectsMalformed()
{
    QFETCH(QByteArray, datagram);

    QString error;
    QVERIFY(!DiscoveryAnnouncement::parse(datagram, &error));
    // One sentence for the debug log.
    QVERIFY(!error.isEmpty());
    QVERIFY2(error.endsWith(u'.'), qPrintable(error));
    QVERIFY(!error.contains(u'\n'));
    // Never the hostile bytes themselves.
    QVERIFY(!error.contains(QLatin1String("rm -rf")));
}

void TestDiscoveryAnnouncement::locationForm_data()
{
    QTest::addColumn<QByteArray>("location");
    QTest::addColumn<bool>("accepted");

    // Bare IP addresses, as printers write them, are read as they are.
    for (const char *location : {
             "192.168.1.20", "10.0.0.7",
             "0.0.0.0", // well-formed: DiscoveryListener refuses what no printer can have
             "255.255.255.255", "239.255.255.250", "fd00::20", "FD00:0:0:0:0:0:0:20",
             "2001:db8:85a3:8d3:1319:8a2e:370:7348", "::", "::1", "1::", "fe80::1", "ff02::1",
             "1::2:3:4:5:6:7", "::ffff:192.168.1.20", "64:ff9b::192.0.2.33",
             "1:2:3:4:5:6:192.0.2.33",
             "0000:0000:0000:0000:0000:ffff:192.168.100.200", // the longest form: 45 characters
         }) {
        QTest::addRow("%s", location) << QByteArray(location) << true;
    }
    // Everything else: names, URLs, ports, zones, inet_aton's short and octal forms, and text
    // made of the right characters that is no address.
    for (const char *location : {
             "p1s.local",
             "printer",
             "cafe",
             "http://192.168.1.20/",
             "http://192.168.1.20:80/description.xml",
             "//192.168.1.20",
             "192.168.1.20:6000",
             "[fd00::20]",
             "[fd00::20]:6000",
             "fe80::1%eth0",
             "192.168.1",
             "192.168.1.20.5",
             "192.168.1.300",
             "192.168.001.020",
             "0x7f.0.0.1",
             "3232235796",
             "1:2:3:4:5:6:7:8:9",
             "1:2:3:4:5:6:7",
             ":::",
             "1::2::3",
             "12345::1",
             "fd00::20:",
             ":fd00::20",
             "fd00:::20",
             "1.2.3.4::1",
             "::1.2.3",
             "::01.2.3.4",
             "1:2:3:4:5:6:7:1.2.3.4",
             "1::2:3:4:5:6:7:8",
             "::ffff:1.2.3.4:5",
             "192.168.1.20 10.0.0.1",
             "user@192.168.1.20",
         }) {
        QTest::addRow("%s", location) << QByteArray(location) << false;
    }
}

void TestDiscoveryAnnouncement::locationForm()
{
    QFETCH(QByteArray, location);
    QFETCH(bool, accepted);

    QString error;
    const std::optional<DiscoveryAnnouncement> announcement = DiscoveryAnnouncement::parse(
        notify(replaced("Location", "Location: " + location)), &error);
    QCOMPARE(announcement.has_value(), accepted);
    if (!accepted) {
        QVERIFY2(error.contains(QLatin1String("Location")), qPrintable(error));
        return;
    }
    QCOMPARE(announcement->address, QString::fromLatin1(location));
    // Qt Network, which the listener reads it with, agrees that it is an address.
    QVERIFY(!QHostAddress(announcement->address).isNull());
}

void TestDiscoveryAnnouncement::sanitizesName_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QString>("name");

    QTest::newRow("plain") << QByteArray("Workshop P1S") << QStringLiteral("Workshop P1S");
    QTest::newRow("tab and escape sequence")
        << QByteArray("Shop\tP1S\x1b[31m") << QStringLiteral("Shop P1S [31m");
    QTest::newRow("spaces collapsed")
        << QByteArray("  Shop    P1S  ") << QStringLiteral("Shop P1S");
    QTest::newRow("C1 control (NEL)")
        << QByteArray("Shop\xc2\x85P1S") << QStringLiteral("Shop P1S");
    QTest::newRow("line separator")
        << QByteArray("Shop\xe2\x80\xa8P1S") << QStringLiteral("Shop P1S");
    QTest::newRow("right-to-left override")
        << QByteArray("Shop\xe2\x80\xaeS1P") << QStringLiteral("Shop S1P");
    QTest::newRow("invalid UTF-8") << QByteArray("Shop\xff") << QStringLiteral("Shop\uFFFD");
    QTest::newRow("only controls: the serial")
        << QByteArray("\x01\x02\x7f") << QString::fromLatin1(kSerial);
    QTest::newRow("only spaces: the serial") << QByteArray("   ") << QString::fromLatin1(kSerial);
    QTest::newRow("100 characters: 64")
        << QByteArray(100, 'n') << QString(int(DiscoveryAnnouncement::kMaxNameLength), u'n');
    QTest::newRow("cut before a space: trimmed")
        << QByteArray(63, 'n') + " tail" << QString(63, u'n');
    // 63 letters and an emoji: the emoji is two UTF-16 units and would be cut in half.
    QTest::newRow("emoji at the limit")
        << QByteArray(63, 'n') + "\xf0\x9f\x96\xa8" << QString(63, u'n');
}

void TestDiscoveryAnnouncement::sanitizesName()
{
    QFETCH(QByteArray, raw);
    QFETCH(QString, name);

    // Control characters other than tab cannot reach the name through a header line (the parser
    // refuses them there), so they are handed over through toDatagram(), which writes them safely.
    QByteArray datagram;
    if (std::any_of(raw.cbegin(), raw.cend(),
                    [](char c) { return (c >= 0 && c < 0x20 && c != '\t') || c == 0x7f; })) {
        DiscoveryAnnouncement announcement;
        announcement.serial = QString::fromLatin1(kSerial);
        announcement.address = QStringLiteral("192.168.1.20");
        announcement.name = QString::fromUtf8(raw);
        datagram = announcement.toDatagram();
    } else {
        datagram = notify(replaced("DevName.bambu.com", "DevName.bambu.com: " + raw));
    }
    QString error;
    const std::optional<DiscoveryAnnouncement> announcement
        = DiscoveryAnnouncement::parse(datagram, &error);
    QVERIFY2(announcement, qPrintable(error));
    QCOMPARE(announcement->name, name);
    QCOMPARE(PrinterConfig::nameError(announcement->name), QString());
}

void TestDiscoveryAnnouncement::datagramLooksLikeAPrinters()
{
    DiscoveryAnnouncement announcement;
    announcement.serial = QString::fromLatin1(kSerial);
    announcement.name = QStringLiteral("Workshop");
    announcement.modelCode = QStringLiteral("C12");
    announcement.address = QStringLiteral("192.168.1.20");
    announcement.connectMode = QStringLiteral("lan");
    announcement.firmwareVersion = QStringLiteral("01.07.00.00");

    const QByteArray datagram = announcement.toDatagram();
    QVERIFY(datagram.startsWith("NOTIFY * HTTP/1.1\r\n"));
    QVERIFY(datagram.endsWith("\r\n\r\n"));
    QVERIFY(!datagram.chopped(4).contains("\r\n\r\n"));
    QCOMPARE(datagram.count('\n'), datagram.count("\r\n")); // CRLF only
    QVERIFY(datagram.size() <= DiscoveryAnnouncement::kMaxDatagramSize);
    const QByteArrayList lines = datagram.chopped(4).split('\n');
    QByteArrayList names;
    for (const QByteArray &line : lines.mid(1))
        names.append(line.left(line.indexOf(':')));
    const QByteArrayList expected = {
        "Host",
        "Server",
        "Location",
        "NT",
        "USN",
        "Cache-Control",
        "DevModel.bambu.com",
        "DevName.bambu.com",
        "DevSignal.bambu.com",
        "DevConnect.bambu.com",
        "DevBind.bambu.com",
        "Devseclink.bambu.com",
        "DevVersion.bambu.com",
        "DevCap.bambu.com",
    };
    QCOMPARE(names, expected);
    QVERIFY(datagram.contains("\r\nHost: 239.255.255.250:1990\r\n"));
    QVERIFY(datagram.contains("\r\nLocation: 192.168.1.20\r\n"));
    QVERIFY(datagram.contains("\r\nNT: urn:bambulab-com:device:3dprinter:1\r\n"));
    QVERIFY(datagram.contains("\r\nUSN: 01S00C123456789\r\n"));
    QVERIFY(datagram.contains("\r\nDevModel.bambu.com: C12\r\n"));
    QVERIFY(datagram.contains("\r\nDevName.bambu.com: Workshop\r\n"));
    QVERIFY(datagram.contains("\r\nDevConnect.bambu.com: lan\r\n"));
    QVERIFY(datagram.contains("\r\nDevVersion.bambu.com: 01.07.00.00\r\n"));
}

void TestDiscoveryAnnouncement::roundTrip_data()
{
    QTest::addColumn<QString>("modelCode");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("address");
    QTest::addColumn<QString>("connectMode");
    QTest::addColumn<QString>("version");

    for (const char *code : {"C11", "C12", "N1", "N2S", "BL-P001", "BL-P002", "C13", "O1D", "N7"}) {
        QTest::addRow("%s", code) << QString::fromLatin1(code)
                                  << QStringLiteral("Printer %1").arg(QLatin1String(code))
                                  << QStringLiteral("10.1.2.3") << QStringLiteral("lan")
                                  << QStringLiteral("01.08.02.00");
    }
    QTest::newRow("cloud, IPv6, unicode")
        << QStringLiteral("N2S") << QStringLiteral("Küche ⚙") << QStringLiteral("2001:db8::7")
        << QStringLiteral("cloud") << QStringLiteral("01.04.00.00");
    QTest::newRow("optional fields empty") << QString() << QStringLiteral("Bare")
                                           << QStringLiteral("127.0.0.1") << QString() << QString();
}

void TestDiscoveryAnnouncement::roundTrip()
{
    QFETCH(QString, modelCode);
    QFETCH(QString, name);
    QFETCH(QString, address);
    QFETCH(QString, connectMode);
    QFETCH(QString, version);

    DiscoveryAnnouncement announcement;
    announcement.serial = QString::fromLatin1(kSerial);
    announcement.name = name;
    announcement.modelCode = modelCode;
    announcement.address = address;
    announcement.connectMode = connectMode;
    announcement.firmwareVersion = version;

    QString error;
    const std::optional<DiscoveryAnnouncement> parsed
        = DiscoveryAnnouncement::parse(announcement.toDatagram(), &error);
    QVERIFY2(parsed, qPrintable(error));
    QCOMPARE(*parsed, announcement);
    QCOMPARE(parsed->toDatagram(), announcement.toDatagram());
}

void TestDiscoveryAnnouncement::datagramCannotBeInjected()
{
    // A name (or any field) with line breaks must not smuggle headers into the simulator's
    // datagram: it stays one header line.
    DiscoveryAnnouncement announcement;
    announcement.serial = QString::fromLatin1(kSerial);
    announcement.name
        = QStringLiteral("Evil\r\nUSN: 01S00C999999999\r\nLocation: 10.9.9.9\r\n\r\n");
    announcement.address = QStringLiteral("192.168.1.20");
    announcement.modelCode = QStringLiteral("C12\r\nX: y");

    const QByteArray datagram = announcement.toDatagram();
    QCOMPARE(datagram.count("\r\nUSN:"), 1); // the name stays inside its own line
    QCOMPARE(datagram.count("\r\nLocation:"), 1);
    QCOMPARE(datagram.count("\r\n\r\n"), 1);
    // The model code with spaces in it is refused as a whole; the name alone would be fine.
    QVERIFY(!DiscoveryAnnouncement::parse(datagram));
    announcement.modelCode = QStringLiteral("C12");
    const std::optional<DiscoveryAnnouncement> parsed
        = DiscoveryAnnouncement::parse(announcement.toDatagram());
    QVERIFY(parsed);
    QCOMPARE(parsed->serial, QString::fromLatin1(kSerial));
    QCOMPARE(parsed->address, QStringLiteral("192.168.1.20"));
    QCOMPARE(parsed->name, QStringLiteral("Evil USN: 01S00C999999999 Location: 10.9.9.9"));
}

void TestDiscoveryAnnouncement::junkNeverParses()
{
    // A quick sweep in the unit test; fuzz_discovery goes much further.
    const QByteArray good = notify(printerHeaders());
    QRandomGenerator random(2021);
    int parsed = 0;
    for (int round = 0; round < 2000; ++round) {
        QByteArray datagram = good;
        const int flips = 1 + int(random.bounded(4));
        for (int i = 0; i < flips; ++i)
            datagram[int(random.bounded(int(datagram.size())))] = char(random.bounded(256));
        const std::optional<DiscoveryAnnouncement> announcement
            = DiscoveryAnnouncement::parse(datagram);
        if (!announcement)
            continue;
        ++parsed;
        QCOMPARE(PrinterConfig::serialError(announcement->serial), QString());
        QVERIFY(!announcement->serial.isEmpty());
        QVERIFY(!QHostAddress(announcement->address).isNull());
        QCOMPARE(PrinterConfig::nameError(announcement->name), QString());
        QCOMPARE(DiscoveryAnnouncement::parse(announcement->toDatagram()), announcement);
    }
    QVERIFY(parsed > 0); // some flips land in values that stay valid
}

QTEST_APPLESS_MAIN(TestDiscoveryAnnouncement)
#include "tst_discoveryannouncement.moc"
