// The discovery listener on real UDP sockets on loopback: announcements from the simulator's
// sender and from raw sockets, a shared port, address changes, junk, floods, expiry and the bound.
#include "net/discoverylistener.h"
#include "sim/announcementsender.h"

#include <QNetworkInterface>
#include <QSignalSpy>
#include <QTest>
#include <QUdpSocket>

#include <chrono>
#include <memory>

using namespace std::chrono_literals;

namespace {

constexpr int kTimeoutMs = 10000;

DiscoveryAnnouncement makeAnnouncement(const QString &serial = QStringLiteral("01S00C123456789"),
                                       const QString &name = QStringLiteral("Workshop P1S"),
                                       const QString &address = QStringLiteral("127.0.0.1"),
                                       const QString &model = QStringLiteral("C12"))
{
    DiscoveryAnnouncement announcement;
    announcement.serial = serial;
    announcement.name = name;
    announcement.address = address;
    announcement.modelCode = model;
    announcement.connectMode = QStringLiteral("lan");
    announcement.firmwareVersion = QStringLiteral("01.07.00.00");
    return announcement;
}

QString serialNumber(int i)
{
    return QStringLiteral("01P00A%1").arg(i, 9, 10, QLatin1Char('0'));
}

bool hasIpv6Loopback()
{
    const QList<QHostAddress> addresses = QNetworkInterface::allAddresses();
    return addresses.contains(QHostAddress(QHostAddress::LocalHostIPv6));
}

// A listener on 127.0.0.1 (or another loopback address) at a port the system picks.
std::unique_ptr<DiscoveryListener> startListener(const QHostAddress &address
                                                 = QHostAddress(QHostAddress::LocalHost))
{
    auto listener = std::make_unique<DiscoveryListener>();
    listener->setAddress(address);
    listener->setPort(0);
    QString error;
    if (!listener->start(&error))
        qFatal("listener did not start: %s", qPrintable(error));
    return listener;
}

QList<DiscoveryAnnouncement> announcements(const DiscoveryListener &listener)
{
    QList<DiscoveryAnnouncement> list;
    for (const DiscoveredPrinter &printer : listener.printers())
        list.append(printer.announcement);
    return list;
}

} // namespace

class TestDiscoveryListener final : public QObject
{
    Q_OBJECT

private slots:
    void senderFillsPrinters();
    void rawDatagramsFillPrinters();
    void repeatsChangeNothing();
    void sharesThePort();
    void startFailsClearly();
    void followsAddressChange();
    void renameIsAChange();
    void senderMustMatchLocation();
    void ignoresMalformed_data();
    void ignoresMalformed();
    void readsTheAnnouncedAddress_data();
    void readsTheAnnouncedAddress();
    void expiresSilentPrinters();
    void boundedNumberOfPrinters();
    void rateLimitsFloods_data();
    void rateLimitsFloods();
    void loopbackIsNotLimitedPerSender();
    void stopForgets();
};

void TestDiscoveryListener::senderFillsPrinters()
{
    auto listener = startListener();
    QVERIFY(listener->isListening());
    QVERIFY(listener->localPort() != 0);
    QSignalSpy announced(listener.get(), &DiscoveryListener::printerAnnounced);
    QSignalSpy changed(listener.get(), &DiscoveryListener::printersChanged);

    AnnouncementSender sender;
    QCOMPARE(sender.interval(), 5000ms);
    QCOMPARE(sender.targetAddress(), QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(sender.targetPort(), quint16(2021));
    const DiscoveryAnnouncement announcement = makeAnnouncement();
    sender.setAnnouncement(announcement);
    sender.setTarget(QHostAddress::LocalHost, listener->localPort());
    const QDateTime before = QDateTime::currentDateTimeUtc();
    sender.start(); // sends at once
    QVERIFY(sender.isRunning());
    QCOMPARE(sender.sentCount(), quint64(1));

    QTRY_COMPARE_WITH_TIMEOUT(announced.count(), 1, kTimeoutMs);
    QCOMPARE(announced.at(0).at(0).value<DiscoveryAnnouncement>(), announcement);
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, kTimeoutMs);
    const QList<DiscoveredPrinter> printers = listener->printers();
    QCOMPARE(printers.size(), 1);
    QCOMPARE(printers.at(0).announcement, announcement);
    QVERIFY(printers.at(0).lastSeen >= before.addSecs(-1));
    QVERIFY(printers.at(0).lastSeen <= QDateTime::currentDateTimeUtc().addSecs(1));
    QVERIFY(listener->printer(announcement.serial));
    QVERIFY(!listener->printer(QStringLiteral("01S00C000000000")));
    QCOMPARE(listener->statistics().accepted, quint64(1));
}

void TestDiscoveryListener::rawDatagramsFillPrinters()
{
    auto listener = startListener();
    QSignalSpy changed(listener.get(), &DiscoveryListener::printersChanged);
    QUdpSocket raw;

    // Three printers, as a printer writes its datagram (CRLF) and as a sloppier one might (LF,
    // lower-case names): sorted by name in the list.
    QByteArray lf = makeAnnouncement(serialNumber(2), QStringLiteral("beta"),
                                     QStringLiteral("127.0.0.1"), QStringLiteral("N1"))
                        .toDatagram()
                        .replace("\r\n", "\n")
                        .replace("Location:", "location:");
    const QList<QByteArray> datagrams = {
        makeAnnouncement(serialNumber(1), QStringLiteral("Gamma"), QStringLiteral("127.0.0.1"),
                         QStringLiteral("N2S"))
            .toDatagram(),
        lf,
        makeAnnouncement(serialNumber(3), QStringLiteral("Alpha"), QStringLiteral("127.0.0.1"),
                         QStringLiteral("C11"))
            .toDatagram(),
    };
    for (const QByteArray &datagram : datagrams)
        QCOMPARE(raw.writeDatagram(datagram, QHostAddress::LocalHost, listener->localPort()),
                 datagram.size());

    QTRY_COMPARE_WITH_TIMEOUT(listener->printers().size(), 3, kTimeoutMs);
    const QList<DiscoveredPrinter> printers = listener->printers();
    QCOMPARE(printers.at(0).announcement.name, QStringLiteral("Alpha"));
    QCOMPARE(printers.at(0).announcement.modelCode, QStringLiteral("C11"));
    QCOMPARE(printers.at(1).announcement.name, QStringLiteral("beta"));
    QCOMPARE(printers.at(1).announcement.modelCode, QStringLiteral("N1"));
    QCOMPARE(printers.at(2).announcement.name, QStringLiteral("Gamma"));
    QCOMPARE(printers.at(2).announcement.serial, serialNumber(1));
    // The three arrived together: one coalesced signal, not three repaints.
    QTRY_VERIFY_WITH_TIMEOUT(changed.count() >= 1, kTimeoutMs);
    QVERIFY(changed.count() <= 3);
}

void TestDiscoveryListener::repeatsChangeNothing()
{
    auto listener = startListener();
    QSignalSpy announced(listener.get(), &DiscoveryListener::printerAnnounced);
    QSignalSpy changed(listener.get(), &DiscoveryListener::printersChanged);

    AnnouncementSender sender;
    sender.setAnnouncement(makeAnnouncement());
    sender.setTarget(QHostAddress::LocalHost, listener->localPort());
    sender.setInterval(20ms);
    sender.start();
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, kTimeoutMs);
    const QDateTime firstSeen = listener->printers().at(0).lastSeen;
    // Every repeat is announced (the farm follows addresses), but the list did not change.
    QTRY_VERIFY_WITH_TIMEOUT(announced.count() >= 5, kTimeoutMs);
    sender.stop();
    QCOMPARE(changed.count(), 1);
    QCOMPARE(listener->printers().size(), 1);
    QVERIFY(listener->printers().at(0).lastSeen >= firstSeen);
}

void TestDiscoveryListener::sharesThePort()
{
    // A slicer holding the port with address sharing, as FarmCam's own second instance does.
    auto first = startListener();
    DiscoveryListener second;
    second.setAddress(QHostAddress::LocalHost);
    second.setPort(first->localPort());
    QString error;
    QVERIFY2(second.start(&error), qPrintable(error));
    QVERIFY(error.isEmpty());
    QVERIFY(first->isListening());
    QVERIFY(second.isListening());
    QCOMPARE(second.localPort(), first->localPort());

    // Printers broadcast, which every sharing socket hears; a unicast datagram (all a test may
    // send) reaches one of them.
    AnnouncementSender sender;
    sender.setAnnouncement(makeAnnouncement());
    sender.setTarget(QHostAddress::LocalHost, first->localPort());
    sender.start();
    QTRY_COMPARE_WITH_TIMEOUT(first->printers().size() + second.printers().size(), 1, kTimeoutMs);
}

void TestDiscoveryListener::startFailsClearly()
{
    // Another program holding the port without sharing it.
    QUdpSocket holder;
    QVERIFY(holder.bind(QHostAddress::LocalHost, 0, QAbstractSocket::DontShareAddress));

    DiscoveryListener listener;
    listener.setAddress(QHostAddress::LocalHost);
    listener.setPort(holder.localPort());
    QString error;
    QVERIFY(!listener.start(&error));
    QVERIFY(!listener.isListening());
    QCOMPARE(listener.localPort(), quint16(0));
    QVERIFY2(error.contains(QString::number(holder.localPort())), qPrintable(error));
    QVERIFY2(error.endsWith(u'.'), qPrintable(error));
    QVERIFY(listener.printers().isEmpty());

    // Once the port is free, the same listener starts.
    const quint16 port = holder.localPort();
    holder.close();
    listener.setPort(port);
    QVERIFY2(listener.start(&error), qPrintable(error));
    QVERIFY(error.isEmpty());
    QCOMPARE(listener.localPort(), port);
}

void TestDiscoveryListener::followsAddressChange()
{
    if (!hasIpv6Loopback())
        QSKIP("no ::1 on this machine: the second loopback address the test moves to");
    // Dual stack: hears 127.0.0.1 (as ::ffff:127.0.0.1) and ::1.
    auto listener = startListener(QHostAddress(QHostAddress::Any));
    QSignalSpy announced(listener.get(), &DiscoveryListener::printerAnnounced);
    QSignalSpy changed(listener.get(), &DiscoveryListener::printersChanged);

    AnnouncementSender sender;
    DiscoveryAnnouncement announcement = makeAnnouncement();
    sender.setAnnouncement(announcement);
    sender.setTarget(QHostAddress::LocalHost, listener->localPort());
    QVERIFY(sender.sendNow());
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, kTimeoutMs);
    QCOMPARE(listener->printers().at(0).announcement.address, QStringLiteral("127.0.0.1"));

    // The printer got a new address (here: the other loopback) and announces it from there.
    announcement.address = QStringLiteral("::1");
    sender.setAnnouncement(announcement);
    sender.setTarget(QHostAddress::LocalHostIPv6, listener->localPort());
    QVERIFY(sender.sendNow());
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 2, kTimeoutMs);
    const QList<DiscoveredPrinter> printers = listener->printers();
    QCOMPARE(printers.size(), 1); // the same printer, moved: not a second one
    QCOMPARE(printers.at(0).announcement.address, QStringLiteral("::1"));
    QCOMPARE(printers.at(0).announcement.serial, announcement.serial);
    QCOMPARE(announced.count(), 2);
    QCOMPARE(announced.last().at(0).value<DiscoveryAnnouncement>().address, QStringLiteral("::1"));
}

void TestDiscoveryListener::renameIsAChange()
{
    auto listener = startListener();
    QSignalSpy changed(listener.get(), &DiscoveryListener::printersChanged);
    AnnouncementSender sender;
    DiscoveryAnnouncement announcement = makeAnnouncement();
    sender.setAnnouncement(announcement);
    sender.setTarget(QHostAddress::LocalHost, listener->localPort());
    QVERIFY(sender.sendNow());
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, kTimeoutMs);

    announcement.name = QStringLiteral("Renamed on the printer");
    sender.setAnnouncement(announcement);
    QVERIFY(sender.sendNow());
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 2, kTimeoutMs);
    QCOMPARE(listener->printers().size(), 1);
    QCOMPARE(listener->printers().at(0).announcement.name, announcement.name);
}

void TestDiscoveryListener::senderMustMatchLocation()
{
    auto listener = startListener();
    QSignalSpy announced(listener.get(), &DiscoveryListener::printerAnnounced);
    QSignalSpy changed(listener.get(), &DiscoveryListener::printersChanged);
    QUdpSocket raw;

    // Sent from 127.0.0.1, claiming a printer at another address: the datagram is not sent there.
    const QByteArray spoofed
        = makeAnnouncement(serialNumber(9), QStringLiteral("Spoof"), QStringLiteral("192.168.1.20"))
              .toDatagram();
    QCOMPARE(raw.writeDatagram(spoofed, QHostAddress::LocalHost, listener->localPort()),
             spoofed.size());
    QTRY_COMPARE_WITH_TIMEOUT(listener->statistics().senderMismatch, quint64(1), kTimeoutMs);
    QVERIFY(listener->printers().isEmpty());
    QCOMPARE(announced.count(), 0);

    // The same from the address it names is accepted: the check, not the socket, refused it.
    const QByteArray honest = makeAnnouncement(serialNumber(9)).toDatagram();
    QCOMPARE(raw.writeDatagram(honest, QHostAddress::LocalHost, listener->localPort()),
             honest.size());
    QTRY_COMPARE_WITH_TIMEOUT(announced.count(), 1, kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, kTimeoutMs);
}

void TestDiscoveryListener::ignoresMalformed_data()
{
    QTest::addColumn<QByteArray>("datagram");

    const QByteArray good = makeAnnouncement().toDatagram();
    QTest::newRow("empty datagram") << QByteArray();
    QTest::newRow("junk") << QByteArray("\x00\xff\x13\x37 hello \x01\x02", 14);
    QTest::newRow("search request") << QByteArray(
        "M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1990\r\nMAN: \"ssdp:discover\"\r\n"
        "MX: 5\r\nST: urn:bambulab-com:device:3dprinter:1\r\n\r\n");
    QTest::newRow("known serial, host name")
        << QByteArray(good).replace("Location: 127.0.0.1", "Location: evil.example");
    QTest::newRow("known serial, URL")
        << QByteArray(good).replace("Location: 127.0.0.1", "Location: http://127.0.0.1:80/");
    QTest::newRow("known serial, broadcast")
        << QByteArray(good).replace("Location: 127.0.0.1", "Location: 255.255.255.255");
    QTest::newRow("known serial, IPv4-mapped")
        << QByteArray(good).replace("Location: 127.0.0.1", "Location: ::ffff:127.0.0.1");
    QTest::newRow("known serial, new name with junk")
        << QByteArray(good).replace("Workshop P1S", QByteArray("New\0name", 8));
    QTest::newRow("wrong device type")
        << QByteArray(good).replace("urn:bambulab-com:device:3dprinter:1", "upnp:rootdevice");
    QTest::newRow("no USN") << QByteArray(good).replace("USN: ", "X-USN: ");
    QTest::newRow("oversize (8 KiB)")
        << QByteArray(good).insert(good.size() - 2, "X-Pad: " + QByteArray(8192, 'x') + "\r\n");
    QTest::newRow("oversize (60 KiB)") << QByteArray(60000, 'A');
}

void TestDiscoveryListener::ignoresMalformed()
{
    QFETCH(QByteArray, datagram);

    auto listener = startListener();
    QSignalSpy announced(listener.get(), &DiscoveryListener::printerAnnounced);
    QSignalSpy changed(listener.get(), &DiscoveryListener::printersChanged);
    QUdpSocket raw;
    const QByteArray good = makeAnnouncement().toDatagram();
    QCOMPARE(raw.writeDatagram(good, QHostAddress::LocalHost, listener->localPort()), good.size());
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, kTimeoutMs);
    const QList<DiscoveryAnnouncement> before = announcements(*listener);
    announced.clear();
    changed.clear();

    QCOMPARE(raw.writeDatagram(datagram, QHostAddress::LocalHost, listener->localPort()),
             datagram.size());
    // The count of refused datagrams is the sign it has been read.
    QTRY_COMPARE_WITH_TIMEOUT(listener->statistics().malformed, quint64(1), kTimeoutMs);
    QCOMPARE(announcements(*listener), before);
    QCOMPARE(announced.count(), 0);
    QCOMPARE(listener->statistics().accepted, quint64(1));

    // Still listening: the next good datagram is heard (and, being a repeat, changes nothing).
    QCOMPARE(raw.writeDatagram(good, QHostAddress::LocalHost, listener->localPort()), good.size());
    QTRY_COMPARE_WITH_TIMEOUT(announced.count(), 1, kTimeoutMs);
    QCOMPARE(changed.count(), 0);
    QCOMPARE(announcements(*listener), before);
}

void TestDiscoveryListener::readsTheAnnouncedAddress_data()
{
    QTest::addColumn<QString>("location");
    QTest::addColumn<QString>("address"); // empty: refused

    QTest::newRow("IPv4") << QStringLiteral("192.168.1.20") << QStringLiteral("192.168.1.20");
    QTest::newRow("loopback (the simulator)")
        << QStringLiteral("127.0.0.1") << QStringLiteral("127.0.0.1");
    QTest::newRow("IPv6") << QStringLiteral("fd00::20") << QStringLiteral("fd00::20");
    // One way of writing each address, so that comparing text compares addresses.
    QTest::newRow("IPv6 written long and in capitals")
        << QStringLiteral("FD00:0:0:0:0:0:0:20") << QStringLiteral("fd00::20");
    QTest::newRow("IPv6 with leading zeros")
        << QStringLiteral("2001:0db8:0000:0000:0000:0000:0000:0007")
        << QStringLiteral("2001:db8::7");
    QTest::newRow("IPv6 loopback") << QStringLiteral("::1") << QStringLiteral("::1");
    QTest::newRow("link-local") << QStringLiteral("fe80::1") << QStringLiteral("fe80::1");
    // Well-formed, but no printer has them.
    for (const char *location :
         {"0.0.0.0", "255.255.255.255", "239.255.255.250", "224.0.0.1", "::", "ff02::1",
          "::ffff:192.168.1.20", "0000:0000:0000:0000:0000:ffff:192.168.100.200"}) {
        QTest::addRow("refused: %s", location) << QString::fromLatin1(location) << QString();
    }
}

void TestDiscoveryListener::readsTheAnnouncedAddress()
{
    QFETCH(QString, location);
    QFETCH(QString, address);

    const DiscoveryAnnouncement sent = makeAnnouncement(QStringLiteral("01S00C123456789"),
                                                        QStringLiteral("Workshop P1S"), location);
    // The parser lets every one of these through: the address is the listener's decision.
    QVERIFY(DiscoveryAnnouncement::parse(sent.toDatagram()));

    QString error = QStringLiteral("stale");
    const std::optional<DiscoveryAnnouncement> read
        = DiscoveryListener::readAnnouncement(sent.toDatagram(), &error);
    if (address.isEmpty()) {
        QVERIFY(!read);
        QVERIFY2(error.contains(QLatin1String("Location")) && error.endsWith(u'.'),
                 qPrintable(error));
        return;
    }
    QVERIFY2(read, qPrintable(error));
    QVERIFY(error.isEmpty());
    QCOMPARE(read->address, address);
    QCOMPARE(QHostAddress(read->address).toString(), address);
    DiscoveryAnnouncement expected = sent;
    expected.address = address;
    QCOMPARE(*read, expected); // only the address is rewritten
}

void TestDiscoveryListener::expiresSilentPrinters()
{
    auto listener = startListener();
    DiscoveryListener::Limits limits;
    QCOMPARE(limits.expiry, std::chrono::milliseconds(10min));
    QCOMPARE(limits.maxPrinters, 256);
    QCOMPARE(limits.maxPerSenderPerSecond, 10);
    QCOMPARE(limits.maxPerSecond, 200);
    QVERIFY(!limits.limitLoopbackSenders);
    limits.expiry = 600ms;
    listener->setLimits(limits);
    QSignalSpy changed(listener.get(), &DiscoveryListener::printersChanged);

    // One printer keeps announcing itself; the other says it once and falls silent.
    AnnouncementSender talker;
    talker.setAnnouncement(makeAnnouncement(serialNumber(1), QStringLiteral("Talker")));
    talker.setTarget(QHostAddress::LocalHost, listener->localPort());
    talker.setInterval(50ms);
    AnnouncementSender silent;
    silent.setAnnouncement(makeAnnouncement(serialNumber(2), QStringLiteral("Silent")));
    silent.setTarget(QHostAddress::LocalHost, listener->localPort());
    talker.start();
    QVERIFY(silent.sendNow());
    QTRY_COMPARE_WITH_TIMEOUT(listener->printers().size(), 2, kTimeoutMs);
    const int changesBefore = changed.count();

    QTRY_VERIFY_WITH_TIMEOUT(!listener->printer(serialNumber(2)), kTimeoutMs);
    QTRY_VERIFY(changed.count() > changesBefore);
    // The talker stays (had the machine stalled past the expiry, it is back with its next word).
    QTRY_VERIFY_WITH_TIMEOUT(listener->printer(serialNumber(1)), kTimeoutMs);
    talker.stop();
    QTRY_VERIFY_WITH_TIMEOUT(listener->printers().isEmpty(), kTimeoutMs);
}

void TestDiscoveryListener::boundedNumberOfPrinters()
{
    auto listener = startListener();
    DiscoveryListener::Limits limits;
    limits.maxPerSenderPerSecond = 1000000; // all from 127.0.0.1 here
    limits.maxPerSecond = 1000000;
    listener->setLimits(limits);
    // Every reading of the clock is a millisecond later: "seen longest ago" is exact.
    auto ticks = std::make_shared<qint64>(0);
    listener->setClock([ticks] { return std::chrono::milliseconds(++*ticks); });

    QUdpSocket raw;
    constexpr int kCount = 300;
    constexpr int kBatch = 25; // never more than the socket's receive buffer holds
    for (int i = 0; i < kCount; ++i) {
        const QByteArray datagram
            = makeAnnouncement(serialNumber(i), QStringLiteral("P%1").arg(i)).toDatagram();
        QCOMPARE(raw.writeDatagram(datagram, QHostAddress::LocalHost, listener->localPort()),
                 datagram.size());
        if ((i + 1) % kBatch == 0)
            QTRY_COMPARE_WITH_TIMEOUT(listener->statistics().received, quint64(i + 1), kTimeoutMs);
    }
    QCOMPARE(listener->statistics().accepted, quint64(kCount));
    QCOMPARE(listener->printers().size(), limits.maxPrinters);
    // The first ones, seen longest ago, made room for the last ones.
    for (int i = 0; i < kCount - limits.maxPrinters; ++i)
        QVERIFY2(!listener->printer(serialNumber(i)), qPrintable(serialNumber(i)));
    for (int i = kCount - limits.maxPrinters; i < kCount; ++i)
        QVERIFY2(listener->printer(serialNumber(i)), qPrintable(serialNumber(i)));

    // A printer seen again is fresh again: it survives the next newcomer, the oldest does not.
    const int oldest = kCount - limits.maxPrinters;
    for (const int i : {oldest, kCount}) {
        const QByteArray datagram = makeAnnouncement(serialNumber(i)).toDatagram();
        QCOMPARE(raw.writeDatagram(datagram, QHostAddress::LocalHost, listener->localPort()),
                 datagram.size());
    }
    QTRY_COMPARE_WITH_TIMEOUT(listener->statistics().received, quint64(kCount + 2), kTimeoutMs);
    QCOMPARE(listener->printers().size(), limits.maxPrinters);
    QVERIFY(listener->printer(serialNumber(oldest)));
    QVERIFY(listener->printer(serialNumber(kCount)));
    QVERIFY(!listener->printer(serialNumber(oldest + 1)));
}

void TestDiscoveryListener::rateLimitsFloods_data()
{
    QTest::addColumn<int>("perSender");
    QTest::addColumn<int>("perSecond");
    QTest::addColumn<int>("sent");
    QTest::addColumn<int>("accepted");

    QTest::newRow("10 per sender (the default)") << 10 << 200 << 25 << 10;
    QTest::newRow("per sender") << 5 << 200 << 20 << 5;
    QTest::newRow("all senders") << 50 << 3 << 20 << 3;
    QTest::newRow("below the limits") << 50 << 200 << 20 << 20;
}

void TestDiscoveryListener::loopbackIsNotLimitedPerSender()
{
    // The demo announces all its printers from 127.0.0.1 in the same moment: all are found.
    auto listener = startListener();
    auto time = std::make_shared<std::chrono::milliseconds>(1000s);
    listener->setClock([time] { return *time; });
    QUdpSocket raw;
    constexpr int kPrinters = 25;
    for (int i = 0; i < kPrinters; ++i) {
        const QByteArray datagram = makeAnnouncement(serialNumber(i)).toDatagram();
        QCOMPARE(raw.writeDatagram(datagram, QHostAddress::LocalHost, listener->localPort()),
                 datagram.size());
    }
    QTRY_COMPARE_WITH_TIMEOUT(listener->statistics().received, quint64(kPrinters), kTimeoutMs);
    QCOMPARE(listener->statistics().rateLimited, quint64(0));
    QCOMPARE(listener->printers().size(), kPrinters);
}

void TestDiscoveryListener::rateLimitsFloods()
{
    QFETCH(int, perSender);
    QFETCH(int, perSecond);
    QFETCH(int, sent);
    QFETCH(int, accepted);

    auto listener = startListener();
    DiscoveryListener::Limits limits;
    limits.maxPerSenderPerSecond = perSender;
    limits.maxPerSecond = perSecond;
    limits.limitLoopbackSenders = true; // a test has no other address to flood from
    listener->setLimits(limits);
    // Time stands still: the whole flood falls into one second.
    auto time = std::make_shared<std::chrono::milliseconds>(1000s);
    listener->setClock([time] { return *time; });

    QUdpSocket raw;
    for (int i = 0; i < sent; ++i) {
        const QByteArray datagram = makeAnnouncement(serialNumber(i)).toDatagram();
        QCOMPARE(raw.writeDatagram(datagram, QHostAddress::LocalHost, listener->localPort()),
                 datagram.size());
    }
    QTRY_COMPARE_WITH_TIMEOUT(listener->statistics().received, quint64(sent), kTimeoutMs);
    QCOMPARE(listener->statistics().accepted, quint64(accepted));
    QCOMPARE(listener->statistics().rateLimited, quint64(sent - accepted));
    QCOMPARE(listener->printers().size(), accepted);

    // A second later the sender is heard again.
    *time += 1s;
    const QByteArray late = makeAnnouncement(serialNumber(sent)).toDatagram();
    QCOMPARE(raw.writeDatagram(late, QHostAddress::LocalHost, listener->localPort()), late.size());
    QTRY_COMPARE_WITH_TIMEOUT(listener->statistics().received, quint64(sent + 1), kTimeoutMs);
    QVERIFY(listener->printer(serialNumber(sent)));
}

void TestDiscoveryListener::stopForgets()
{
    auto listener = startListener();
    const quint16 port = listener->localPort();
    QSignalSpy changed(listener.get(), &DiscoveryListener::printersChanged);
    AnnouncementSender sender;
    sender.setAnnouncement(makeAnnouncement());
    sender.setTarget(QHostAddress::LocalHost, port);
    QVERIFY(sender.sendNow());
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, kTimeoutMs);

    listener->stop();
    QVERIFY(!listener->isListening());
    QVERIFY(listener->printers().isEmpty());
    QCOMPARE(changed.count(), 2);
    listener->stop(); // twice is harmless
    QCOMPARE(changed.count(), 2);

    listener->setPort(port);
    QVERIFY(listener->start());
    QVERIFY(sender.sendNow());
    QTRY_COMPARE_WITH_TIMEOUT(listener->printers().size(), 1, kTimeoutMs);
}

QTEST_GUILESS_MAIN(TestDiscoveryListener)
#include "tst_discoverylistener.moc"
