#include "model/printerconfig.h"

#include "protocol/loginpacket.h"

#include <QTest>

Q_DECLARE_METATYPE(PrinterConfig::Overlap)
Q_DECLARE_METATYPE(PrinterConfig::CameraKind)

class tst_PrinterConfig : public QObject
{
    Q_OBJECT

private slots:
    void nameError_data();
    void nameError();
    void hostError_data();
    void hostError();
    void portError_data();
    void portError();
    void accessCodeError_data();
    void accessCodeError();
    void serialError_data();
    void serialError();
    void messagesAreSentences();
    void equality();
    void canonicalHost_data();
    void canonicalHost();
    void overlap_data();
    void overlap();
    void indexOfOverlapSkipsItself();
    void modelName_data();
    void modelName();
    void cameraKindForModel_data();
    void cameraKindForModel();
    void effectiveCameraKind();
    void cameraKindKeys();
    void cameraUrlError_data();
    void cameraUrlError();
    void streamsOverlapOnlyAsTheSameUrl();
};

void tst_PrinterConfig::nameError_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");

    QTest::newRow("simple") << QStringLiteral("P1S #1") << true;
    QTest::newRow("unicode") << QStringLiteral("Drucker Küche ✓") << true;
    QTest::newRow("surrounding spaces") << QStringLiteral("  Left  ") << true;
    QTest::newRow("one char") << QStringLiteral("A") << true;
    QTest::newRow("64 chars") << QString(64, u'x') << true;
    QTest::newRow("64 chars plus spaces")
        << (QStringLiteral("  ") + QString(64, u'x') + u' ') << true;
    QTest::newRow("65 chars") << QString(65, u'x') << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("spaces only") << QStringLiteral("   ") << false;
    QTest::newRow("tab only") << QStringLiteral("\t") << false;
    QTest::newRow("line break") << QStringLiteral("Top\nBottom") << false;
    QTest::newRow("control char") << (QStringLiteral("A") + QChar(0x07) + u'B') << false;
    QTest::newRow("unicode line separator")
        << (QStringLiteral("A") + QChar(0x2028) + u'B') << false;
}

void tst_PrinterConfig::nameError()
{
    QFETCH(QString, name);
    QFETCH(bool, valid);
    QCOMPARE(PrinterConfig::nameError(name).isEmpty(), valid);
}

void tst_PrinterConfig::hostError_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("valid");

    // Accepted
    QTest::newRow("ipv4") << QStringLiteral("192.168.1.20") << true;
    QTest::newRow("ipv4 loopback") << QStringLiteral("127.0.0.1") << true;
    QTest::newRow("ipv4 10/8") << QStringLiteral("10.0.0.255") << true;
    QTest::newRow("ipv6 loopback") << QStringLiteral("::1") << true;
    QTest::newRow("ipv6 full") << QStringLiteral("2001:db8:0:0:0:0:0:1") << true;
    QTest::newRow("ipv6 short") << QStringLiteral("2001:db8::1") << true;
    QTest::newRow("ipv6 link-local with scope") << QStringLiteral("fe80::1%eth0") << true;
    QTest::newRow("ipv4-mapped ipv6") << QStringLiteral("::ffff:192.168.1.20") << true;
    QTest::newRow("single label") << QStringLiteral("printer") << true;
    QTest::newRow("mdns name") << QStringLiteral("p1s-garage.local") << true;
    QTest::newRow("fqdn") << QStringLiteral("cam.farm.example.com") << true;
    QTest::newRow("fqdn trailing dot") << QStringLiteral("cam.farm.example.com.") << true;
    QTest::newRow("upper case") << QStringLiteral("PRINTER-1.LAN") << true;
    QTest::newRow("label starts with digit") << QStringLiteral("3dprinter.lan") << true;
    QTest::newRow("label 63 chars") << QString(63, u'a') << true;
    QTest::newRow("name 253 chars") << (QString(63, u'a') + u'.' + QString(63, u'b') + u'.'
                                        + QString(63, u'c') + u'.' + QString(61, u'd'))
                                    << true;

    // Rejected
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("space inside") << QStringLiteral("my printer") << false;
    QTest::newRow("leading space") << QStringLiteral(" 192.168.1.20") << false;
    QTest::newRow("trailing space") << QStringLiteral("192.168.1.20 ") << false;
    QTest::newRow("http prefix") << QStringLiteral("http://192.168.1.20") << false;
    QTest::newRow("https url") << QStringLiteral("https://printer.local/") << false;
    QTest::newRow("rtsps url") << QStringLiteral("rtsps://bblp@192.168.1.20:322") << false;
    QTest::newRow("path") << QStringLiteral("192.168.1.20/camera") << false;
    QTest::newRow("user@host") << QStringLiteral("bblp@192.168.1.20") << false;
    QTest::newRow("ipv4 with port") << QStringLiteral("1.2.3.4:6000") << false;
    QTest::newRow("name with port") << QStringLiteral("printer.local:6000") << false;
    QTest::newRow("bracketed ipv6 with port") << QStringLiteral("[::1]:6000") << false;
    QTest::newRow("bracketed ipv6") << QStringLiteral("[::1]") << false;
    QTest::newRow("ipv4 octet too big") << QStringLiteral("192.168.1.256") << false;
    QTest::newRow("ipv4 three parts") << QStringLiteral("192.168.1") << false;
    QTest::newRow("ipv4 five parts") << QStringLiteral("1.2.3.4.5") << false;
    QTest::newRow("ipv4 trailing dot") << QStringLiteral("192.168.1.20.") << false;
    QTest::newRow("digits only") << QStringLiteral("12345") << false;
    QTest::newRow("ipv4 any") << QStringLiteral("0.0.0.0") << false;
    QTest::newRow("ipv4 broadcast") << QStringLiteral("255.255.255.255") << false;
    QTest::newRow("ipv4 multicast") << QStringLiteral("239.255.255.250") << false;
    QTest::newRow("ipv6 any") << QStringLiteral("::") << false;
    QTest::newRow("ipv6 multicast") << QStringLiteral("ff02::1") << false;
    QTest::newRow("bad ipv6") << QStringLiteral("2001:db8:::1") << false;
    // Found by fuzz/fuzz_printerconfig: QHostAddress takes any text as the zone.
    QTest::newRow("ipv6 numeric zone") << QStringLiteral("fe80::1%2") << true;
    QTest::newRow("ipv6 empty zone") << QStringLiteral("fe80::1%") << false;
    QTest::newRow("ipv6 zone with control char")
        << (QStringLiteral("fe80::1%eth0") + QChar(0x1b) + u'x') << false;
    QTest::newRow("ipv6 then NUL") << (QStringLiteral("::10") + QChar(0) + u'x') << false;
    QTest::newRow("ipv4 then NUL") << (QStringLiteral("10.0.0.1") + QChar(0)) << false;
    QTest::newRow("ipv6 zone too long")
        << (QStringLiteral("fe80::1%") + QString(33, u'e')) << false;
    QTest::newRow("colon in name") << QStringLiteral("printer:cam") << false;
    QTest::newRow("underscore") << QStringLiteral("my_printer.lan") << false;
    QTest::newRow("leading hyphen") << QStringLiteral("-printer.lan") << false;
    QTest::newRow("trailing hyphen label") << QStringLiteral("printer-.lan") << false;
    QTest::newRow("double dot") << QStringLiteral("printer..lan") << false;
    QTest::newRow("leading dot") << QStringLiteral(".printer.lan") << false;
    QTest::newRow("only a dot") << QStringLiteral(".") << false;
    QTest::newRow("label 64 chars") << QString(64, u'a') << false;
    QTest::newRow("name 254 chars") << (QString(63, u'a') + u'.' + QString(63, u'b') + u'.'
                                        + QString(63, u'c') + u'.' + QString(62, u'd'))
                                    << false;
    QTest::newRow("non-ascii") << QStringLiteral("drücker.lan") << false;
    QTest::newRow("tab") << QStringLiteral("printer\t") << false;
}

void tst_PrinterConfig::hostError()
{
    QFETCH(QString, host);
    QFETCH(bool, valid);
    const QString error = PrinterConfig::hostError(host);
    QVERIFY2(error.isEmpty() == valid,
             qPrintable(QStringLiteral("\"%1\" -> \"%2\"").arg(host, error)));
}

void tst_PrinterConfig::portError_data()
{
    QTest::addColumn<int>("port");
    QTest::addColumn<bool>("valid");

    QTest::newRow("camera port") << 6000 << true;
    QTest::newRow("1") << 1 << true;
    QTest::newRow("65535") << 65535 << true;
    QTest::newRow("0") << 0 << false;
    QTest::newRow("-1") << -1 << false;
    QTest::newRow("65536") << 65536 << false;
    QTest::newRow("huge") << 1000000 << false;
}

void tst_PrinterConfig::portError()
{
    QFETCH(int, port);
    QFETCH(bool, valid);
    QCOMPARE(PrinterConfig::portError(port).isEmpty(), valid);
}

void tst_PrinterConfig::accessCodeError_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<bool>("valid");

    QTest::newRow("8 digits") << QStringLiteral("12345678") << true;
    QTest::newRow("letters and digits") << QStringLiteral("a1B2c3D4") << true;
    QTest::newRow("symbols") << QStringLiteral("!@#$%^&*") << true;
    QTest::newRow("one char") << QStringLiteral("x") << true;
    QTest::newRow("32 chars") << QString(32, u'7') << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("33 chars") << QString(33, u'7') << false;
    QTest::newRow("non-ascii") << QStringLiteral("1234567é") << false;
    QTest::newRow("control char") << QStringLiteral("1234\n678") << false;
}

void tst_PrinterConfig::accessCodeError()
{
    QFETCH(QString, code);
    QFETCH(bool, valid);
    const QString error = PrinterConfig::accessCodeError(code);
    QCOMPARE(error.isEmpty(), valid);
    // Same rules and words as the login packet that will carry the code.
    QCOMPARE(error, LoginPacket::describe(LoginPacket::validateAccessCode(code)));
    if (!code.isEmpty())
        QVERIFY(!error.contains(code));
}

void tst_PrinterConfig::serialError_data()
{
    QTest::addColumn<QString>("serial");
    QTest::addColumn<bool>("valid");

    QTest::newRow("empty is fine") << QString() << true;
    QTest::newRow("p1s serial") << QStringLiteral("01P00A123456789") << true;
    QTest::newRow("lower case") << QStringLiteral("01p00a123456789") << true;
    QTest::newRow("32 chars") << QString(32, u'A') << true;
    QTest::newRow("33 chars") << QString(33, u'A') << false;
    QTest::newRow("hyphen") << QStringLiteral("01P00A-123") << false;
    QTest::newRow("space") << QStringLiteral("01P00A 123") << false;
    QTest::newRow("non-ascii") << QStringLiteral("01P00Ä123") << false;
}

void tst_PrinterConfig::serialError()
{
    QFETCH(QString, serial);
    QFETCH(bool, valid);
    QCOMPARE(PrinterConfig::serialError(serial).isEmpty(), valid);
}

// The messages end up in a dialog: whole sentences, starting with a capital, ending with a stop.
void tst_PrinterConfig::messagesAreSentences()
{
    const QStringList messages = {
        PrinterConfig::nameError(QString()),
        PrinterConfig::nameError(QString(65, u'x')),
        PrinterConfig::nameError(QStringLiteral("a\nb")),
        PrinterConfig::hostError(QString()),
        PrinterConfig::hostError(QStringLiteral("a b")),
        PrinterConfig::hostError(QStringLiteral("http://x")),
        PrinterConfig::hostError(QStringLiteral("x/y")),
        PrinterConfig::hostError(QStringLiteral("u@x")),
        PrinterConfig::hostError(QStringLiteral("1.2.3.4:6000")),
        PrinterConfig::hostError(QStringLiteral("[::1]")),
        PrinterConfig::hostError(QStringLiteral("1:2:3")),
        PrinterConfig::hostError(QStringLiteral("1.2.3")),
        PrinterConfig::hostError(QStringLiteral("0.0.0.0")),
        PrinterConfig::hostError(QString(254, u'a')),
        PrinterConfig::hostError(QStringLiteral("a..b")),
        PrinterConfig::hostError(QString(64, u'a')),
        PrinterConfig::hostError(QStringLiteral("a_b")),
        PrinterConfig::hostError(QStringLiteral("-a")),
        PrinterConfig::portError(0),
        PrinterConfig::accessCodeError(QString()),
        PrinterConfig::serialError(QString(33, u'A')),
        PrinterConfig::serialError(QStringLiteral("A-B")),
    };
    for (const QString &message : messages) {
        QVERIFY2(!message.isEmpty(), "an invalid value must be explained");
        QVERIFY2(message.at(0).isUpper(), qPrintable(message));
        QVERIFY2(message.endsWith(u'.'), qPrintable(message));
    }
    // Each problem has its own explanation.
    QCOMPARE(QSet<QString>(messages.cbegin(), messages.cend()).size(), messages.size());
}

void tst_PrinterConfig::canonicalHost_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<bool>("same");

    QTest::newRow("name, other case")
        << QStringLiteral("P1S.lan") << QStringLiteral("p1s.LAN") << true;
    QTest::newRow("name, trailing dot")
        << QStringLiteral("p1s.lan.") << QStringLiteral("p1s.lan") << true;
    QTest::newRow("name, spaces around")
        << QStringLiteral(" p1s.lan ") << QStringLiteral("p1s.lan") << true;
    QTest::newRow("other names") << QStringLiteral("p1s.lan") << QStringLiteral("p1p.lan") << false;
    QTest::newRow("IPv4") << QStringLiteral("192.168.1.20") << QStringLiteral("192.168.1.20")
                          << true;
    QTest::newRow("IPv4, other") << QStringLiteral("192.168.1.20") << QStringLiteral("192.168.1.21")
                                 << false;
    QTest::newRow("IPv6, compressed or not")
        << QStringLiteral("fd00:0:0:0:0:0:0:20") << QStringLiteral("FD00::20") << true;
    QTest::newRow("IPv6, leading zeros")
        << QStringLiteral("fd00::0020") << QStringLiteral("fd00::20") << true;
    QTest::newRow("IPv4-mapped IPv6 is the IPv4 address")
        << QStringLiteral("::ffff:192.168.1.20") << QStringLiteral("192.168.1.20") << true;
    QTest::newRow("link-local, same zone")
        << QStringLiteral("fe80::1%eth0") << QStringLiteral("FE80:0::1%eth0") << true;
    QTest::newRow("link-local, other zone")
        << QStringLiteral("fe80::1%eth0") << QStringLiteral("fe80::1%wlan0") << false;
    // inet_aton's short form is not an address here (hostError refuses it): no match by accident.
    QTest::newRow("short IPv4 form is not 10.0.0.1")
        << QStringLiteral("10.1") << QStringLiteral("10.0.0.1") << false;
}

void tst_PrinterConfig::canonicalHost()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(bool, same);
    QCOMPARE(PrinterConfig::canonicalHost(a) == PrinterConfig::canonicalHost(b), same);
}

void tst_PrinterConfig::overlap_data()
{
    using Overlap = PrinterConfig::Overlap;
    QTest::addColumn<QString>("hostA");
    QTest::addColumn<int>("portA");
    QTest::addColumn<QString>("serialA");
    QTest::addColumn<QString>("hostB");
    QTest::addColumn<int>("portB");
    QTest::addColumn<QString>("serialB");
    QTest::addColumn<Overlap>("overlap");

    const QString serial = QStringLiteral("01S00A123456789");
    QTest::newRow("same host and port")
        << QStringLiteral("192.168.1.20") << 6000 << QString() << QStringLiteral("192.168.1.20")
        << 6000 << QString() << Overlap::SameCamera;
    QTest::newRow("same name in other case")
        << QStringLiteral("Garage-P1S.lan") << 6000 << QString()
        << QStringLiteral("garage-p1s.lan.") << 6000 << QString() << Overlap::SameCamera;
    QTest::newRow("same host, other port (simulators)")
        << QStringLiteral("127.0.0.1") << 6000 << QString() << QStringLiteral("127.0.0.1") << 6001
        << QString() << Overlap::None;
    QTest::newRow("same serial, other address (moved by DHCP)")
        << QStringLiteral("192.168.1.20") << 6000 << serial << QStringLiteral("192.168.1.77")
        << 6000 << serial.toLower() << Overlap::SameSerial;
    QTest::newRow("other serials, other addresses")
        << QStringLiteral("192.168.1.20") << 6000 << serial << QStringLiteral("192.168.1.21")
        << 6000 << QStringLiteral("01S00A987654321") << Overlap::None;
    QTest::newRow("no serials, other addresses")
        << QStringLiteral("192.168.1.20") << 6000 << QString() << QStringLiteral("192.168.1.21")
        << 6000 << QString() << Overlap::None;
    QTest::newRow("same camera wins over other serials")
        << QStringLiteral("192.168.1.20") << 6000 << serial << QStringLiteral("192.168.1.20")
        << 6000 << QStringLiteral("01S00A987654321") << Overlap::SameCamera;
}

void tst_PrinterConfig::overlap()
{
    QFETCH(QString, hostA);
    QFETCH(int, portA);
    QFETCH(QString, serialA);
    QFETCH(QString, hostB);
    QFETCH(int, portB);
    QFETCH(QString, serialB);
    QFETCH(PrinterConfig::Overlap, overlap);

    PrinterConfig a;
    a.id = QUuid::createUuid();
    a.host = hostA;
    a.port = quint16(portA);
    a.serial = serialA;
    PrinterConfig b;
    b.id = QUuid::createUuid();
    b.host = hostB;
    b.port = quint16(portB);
    b.serial = serialB;
    QCOMPARE(a.overlapWith(b), overlap);
    QCOMPARE(b.overlapWith(a), overlap);
    QCOMPARE(PrinterConfig::overlapError(overlap, QStringLiteral("Garage")).isEmpty(),
             overlap == PrinterConfig::Overlap::None);
}

void tst_PrinterConfig::indexOfOverlapSkipsItself()
{
    PrinterConfig a;
    a.id = QUuid::createUuid();
    a.name = QStringLiteral("A");
    a.host = QStringLiteral("192.168.1.20");
    PrinterConfig b = a;
    b.id = QUuid::createUuid();
    b.name = QStringLiteral("B");
    b.host = QStringLiteral("192.168.1.21");
    const QList<PrinterConfig> farm{a, b};

    // Editing A and keeping its address is no conflict with itself.
    PrinterConfig edited = a;
    edited.name = QStringLiteral("A renamed");
    QCOMPARE(PrinterConfig::indexOfOverlap(farm, edited), -1);
    // Moving A onto B's address is.
    edited.host = QStringLiteral("192.168.1.21");
    PrinterConfig::Overlap overlap = PrinterConfig::Overlap::None;
    QCOMPARE(PrinterConfig::indexOfOverlap(farm, edited, &overlap), 1);
    QCOMPARE(overlap, PrinterConfig::Overlap::SameCamera);
    // A new printer (no id yet) at A's address.
    PrinterConfig added;
    added.host = QStringLiteral("192.168.1.20");
    QCOMPARE(PrinterConfig::indexOfOverlap(farm, added), 0);
}

void tst_PrinterConfig::equality()
{
    PrinterConfig a;
    a.id = QUuid::createUuid();
    a.name = QStringLiteral("A");
    a.host = QStringLiteral("192.168.1.2");
    PrinterConfig b = a;
    QVERIFY(a == b);
    b.port = 6001;
    QVERIFY(a != b);
    b = a;
    b.serial = QStringLiteral("X");
    QVERIFY(a != b);
    b = a;
    b.model = QStringLiteral("C12");
    QVERIFY(a != b);
    b = a;
    b.statusEnabled = false;
    QVERIFY(a != b);
    b = a;
    b.statusPort = 1883;
    QVERIFY(a != b);
    b = a;
    b.cameraKind = PrinterConfig::CameraKind::Rtsps;
    QVERIFY(a != b);
    b = a;
    b.cameraUrl = QUrl(QStringLiteral("http://127.0.0.1:8080/stream"));
    QVERIFY(a != b);
    b = a;
    b.cameraUser = QStringLiteral("viewer");
    QVERIFY(a != b);
}

void tst_PrinterConfig::modelName_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("name");

    QTest::newRow("P1P") << QStringLiteral("C11") << QStringLiteral("P1P");
    QTest::newRow("P1S") << QStringLiteral("C12") << QStringLiteral("P1S");
    QTest::newRow("A1 mini") << QStringLiteral("N1") << QStringLiteral("A1 mini");
    QTest::newRow("A1") << QStringLiteral("N2S") << QStringLiteral("A1");
    QTest::newRow("X1C") << QStringLiteral("BL-P001") << QStringLiteral("X1C");
    QTest::newRow("lower case, spaces") << QStringLiteral(" c12 ") << QStringLiteral("P1S");
    QTest::newRow("unknown: the code") << QStringLiteral("Z99") << QStringLiteral("Z99");
    QTest::newRow("empty") << QString() << QString();
}

void tst_PrinterConfig::modelName()
{
    QFETCH(QString, code);
    QFETCH(QString, name);
    QCOMPARE(PrinterConfig::modelName(code), name);
}

void tst_PrinterConfig::cameraKindForModel_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<PrinterConfig::CameraKind>("kind");
    using Kind = PrinterConfig::CameraKind;
    // PROTOCOL.md: port-6000 JPEG on P1 and A1 printers, RTSPS on port 322 on the others.
    for (const char *jpeg : {"C11", "C12", "N1", "N2S", "P1P", "P1S", "A1", "A1 mini", "A2L"})
        QTest::newRow(jpeg) << QString::fromLatin1(jpeg) << Kind::JpegStream;
    for (const char *rtsps : {"BL-P001", "BL-P002", "C13", "O1D", "N7", "X1", "X1C", "X1E", "H2C",
                              "H2D", "H2D Pro", "H2S", "P2S", "X2D"})
        QTest::newRow(rtsps) << QString::fromLatin1(rtsps) << Kind::Rtsps;
    QTest::newRow("case and spaces") << QStringLiteral(" bl-p001 ") << Kind::Rtsps;
    QTest::newRow("unknown") << QStringLiteral("Z99") << Kind::Automatic;
    QTest::newRow("empty") << QString() << Kind::Automatic;
}

void tst_PrinterConfig::cameraKindForModel()
{
    QFETCH(QString, model);
    QFETCH(PrinterConfig::CameraKind, kind);
    QCOMPARE(PrinterConfig::cameraKindForModel(model), kind);
    // Every known model has a name the model picker lists.
    if (kind != PrinterConfig::CameraKind::Automatic)
        QVERIFY(PrinterConfig::knownModelNames().contains(PrinterConfig::modelName(model)));
}

void tst_PrinterConfig::effectiveCameraKind()
{
    using Kind = PrinterConfig::CameraKind;
    PrinterConfig config;
    QCOMPARE(config.effectiveCameraKind(), Kind::JpegStream); // what FarmCam did before
    config.model = QStringLiteral("BL-P001");
    QCOMPARE(config.effectiveCameraKind(), Kind::Rtsps);
    config.cameraKind = Kind::JpegStream; // the user's choice wins over the model
    QCOMPARE(config.effectiveCameraKind(), Kind::JpegStream);
    config.cameraKind = Kind::MjpegHttp;
    QCOMPARE(config.effectiveCameraKind(), Kind::MjpegHttp);
    QVERIFY(!config.cameraIsPrinter());
    QCOMPARE(PrinterConfig::defaultPortFor(Kind::JpegStream), quint16(6000));
    QCOMPARE(PrinterConfig::defaultPortFor(Kind::Automatic), quint16(6000));
    QCOMPARE(PrinterConfig::defaultPortFor(Kind::Rtsps), quint16(322));
}

void tst_PrinterConfig::cameraKindKeys()
{
    using Kind = PrinterConfig::CameraKind;
    for (const Kind kind : {Kind::Automatic, Kind::JpegStream, Kind::Rtsps, Kind::MjpegHttp}) {
        QCOMPARE(PrinterConfig::cameraKindFromKey(PrinterConfig::cameraKindKey(kind)), kind);
        QVERIFY(!PrinterConfig::cameraKindName(kind).isEmpty());
    }
    QCOMPARE(PrinterConfig::cameraKindFromKey(QStringLiteral(" RTSPS ")), Kind::Rtsps);
    // A kind from a newer version, or a typo: automatic, never a failure to load.
    QCOMPARE(PrinterConfig::cameraKindFromKey(QStringLiteral("webrtc")), Kind::Automatic);
    QCOMPARE(PrinterConfig::cameraKindFromKey(QString()), Kind::Automatic);
}

void tst_PrinterConfig::cameraUrlError_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("valid");
    QTest::newRow("FarmCam") << QStringLiteral("http://127.0.0.1:8080/cam/p1s/stream.mjpg") << true;
    QTest::newRow("https") << QStringLiteral("https://farm.local/cam/x1c/stream.mjpg") << true;
    QTest::newRow("mjpg-streamer") << QStringLiteral("http://[::1]:8080/?action=stream") << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("rtsp") << QStringLiteral("rtsp://127.0.0.1/live") << false;
    QTest::newRow("no scheme") << QStringLiteral("127.0.0.1:8080/stream") << false;
    QTest::newRow("credentials in it")
        << QStringLiteral("http://user:pw@127.0.0.1/stream") << false;
    QTest::newRow("no host") << QStringLiteral("http:///stream") << false;
}

void tst_PrinterConfig::cameraUrlError()
{
    QFETCH(QString, url);
    QFETCH(bool, valid);
    const QString error = PrinterConfig::cameraUrlError(QUrl(url));
    QCOMPARE(error.isEmpty(), valid);
    QVERIFY(!error.contains(QLatin1String("pw")));
}

void tst_PrinterConfig::streamsOverlapOnlyAsTheSameUrl()
{
    // One FarmCam serves many printers under one address: each of its streams is its own camera.
    PrinterConfig a;
    a.cameraKind = PrinterConfig::CameraKind::MjpegHttp;
    a.host = QStringLiteral("127.0.0.1");
    a.port = 8080;
    a.cameraUrl = QUrl(QStringLiteral("http://127.0.0.1:8080/cam/a/stream.mjpg"));
    PrinterConfig b = a;
    b.cameraUrl = QUrl(QStringLiteral("http://127.0.0.1:8080/cam/b/stream.mjpg"));
    QCOMPARE(a.overlapWith(b), PrinterConfig::Overlap::None);
    b.cameraUrl = QUrl(QStringLiteral("http://127.0.0.1:8080/cam/./a/stream.mjpg/"));
    QCOMPARE(a.overlapWith(b), PrinterConfig::Overlap::SameCamera);
    // A printer at the address of a re-streamer is another device.
    PrinterConfig printer;
    printer.host = QStringLiteral("127.0.0.1");
    printer.port = 8080;
    QCOMPARE(a.overlapWith(printer), PrinterConfig::Overlap::None);
    QCOMPARE(printer.overlapWith(a), PrinterConfig::Overlap::None);
}

QTEST_GUILESS_MAIN(tst_PrinterConfig)
#include "tst_printerconfig.moc"
