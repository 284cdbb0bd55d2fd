// farmcam-sim as a user runs it: print status to a real broker, announcements to a listener,
// and its command-line checks.
#include "net/discoverylistener.h"
#include "net/statusconnection.h"
#include "sim/loopbackbroker.h"
#include "status/statusreportmerger.h"
#include "testsupport.h"

#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>
#include <QUdpSocket>

namespace {

const QString kSimPath = QStringLiteral(FARMCAM_SIM_PATH);
const QString kCode = QStringLiteral("12345678");
constexpr int kTimeoutMs = 15000;

// What farmcam-sim said about its printers on standard output.
struct SimulatorOutput
{
    QStringList names;
    QStringList serials; // from the "# <name> serial <serial> model <code>" lines
    QStringList models;
};

SimulatorOutput parse(const QByteArray &out)
{
    SimulatorOutput result;
    const QStringList lines = QString::fromUtf8(out).split(u'\n', Qt::SkipEmptyParts);
    for (const QString &line : lines) {
        if (!line.startsWith(QLatin1String("# "))) {
            result.names.append(line.section(u' ', 0, -2));
            continue;
        }
        const QStringList words = line.split(u' ');
        const qsizetype serialAt = words.lastIndexOf(QStringLiteral("serial"));
        if (serialAt > 0 && serialAt + 3 < words.size()) {
            result.serials.append(words.at(serialAt + 1));
            result.models.append(words.at(serialAt + 3));
        }
    }
    return result;
}

} // namespace

class tst_FarmcamSim : public QObject
{
    Q_OBJECT

private slots:
    void usageErrors_data();
    void usageErrors();
    void publishesStatusAndAnnounces();
    void trustsTheBrokerAsTold_data();
    void trustsTheBrokerAsTold();
    void servesRtspsForX1Models_data();
    void servesRtspsForX1Models();
    void rtspsStatusNamesTheCamera_data();
    void rtspsStatusNamesTheCamera();
};

void tst_FarmcamSim::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentions");

    QTest::newRow("broker without port")
        << QStringList{QStringLiteral("--mqtt-broker"), QStringLiteral("127.0.0.1")}
        << QStringLiteral("--mqtt-broker");
    QTest::newRow("broker port 0")
        << QStringList{QStringLiteral("--mqtt-broker"), QStringLiteral("127.0.0.1:0")}
        << QStringLiteral("--mqtt-broker");
    QTest::newRow("broker without host")
        << QStringList{QStringLiteral("--mqtt-broker"), QStringLiteral(":8883")}
        << QStringLiteral("--mqtt-broker");
    QTest::newRow("broker host with a space")
        << QStringList{QStringLiteral("--mqtt-broker"), QStringLiteral("my broker:8883")}
        << QStringLiteral("--mqtt-broker");
    QTest::newRow("announce without port")
        << QStringList{QStringLiteral("--announce"), QStringLiteral("localhost")}
        << QStringLiteral("--announce");
    QTest::newRow("unknown model") << QStringList{QStringLiteral("--model"), QStringLiteral("Q9")}
                                   << QStringLiteral("Unknown model");
    QTest::newRow("size for a port-6000 model")
        << QStringList{QStringLiteral("--size"), QStringLiteral("1280x720")}
        << QStringLiteral("--size is for RTSPS models");
    QTest::newRow("odd size") << QStringList{QStringLiteral("--model"), QStringLiteral("X1C"),
                                             QStringLiteral("--size"), QStringLiteral("321x240")}
                              << QStringLiteral("even");
    QTest::newRow("size without x") << QStringList{QStringLiteral("--model"), QStringLiteral("X1C"),
                                                   QStringLiteral("--size"), QStringLiteral("1280")}
                                    << QStringLiteral("WIDTHxHEIGHT");
    QTest::newRow("fractional fps for RTSPS")
        << QStringList{QStringLiteral("--model"), QStringLiteral("X1C"), QStringLiteral("--fps"),
                       QStringLiteral("0.5")}
        << QStringLiteral("whole number");
    QTest::newRow("port-6000 fault for RTSPS")
        << QStringList{QStringLiteral("--model"), QStringLiteral("H2D"), QStringLiteral("--fault"),
                       QStringLiteral("truncate-mid-frame")}
        << QStringLiteral("liveview-off");
    QTest::newRow("RTSPS fault for port 6000")
        << QStringList{QStringLiteral("--fault"), QStringLiteral("wrong-code")}
        << QStringLiteral("Unknown fault");
    QTest::newRow("time scale 0") << QStringList{QStringLiteral("--time-scale"),
                                                 QStringLiteral("0")}
                                  << QStringLiteral("--time-scale");
    QTest::newRow("time scale too big")
        << QStringList{QStringLiteral("--time-scale"), QStringLiteral("5000")}
        << QStringLiteral("--time-scale");
    QTest::newRow("time scale not a number")
        << QStringList{QStringLiteral("--time-scale"), QStringLiteral("fast")}
        << QStringLiteral("--time-scale");

    const QString broker = QStringLiteral("127.0.0.1:8883");
    const QString pin = LoopbackBroker::certificateFingerprint();
    QTest::newRow("pin without broker")
        << QStringList{QStringLiteral("--mqtt-pin"), pin} << QStringLiteral("--mqtt-broker");
    QTest::newRow("pin not a fingerprint")
        << QStringList{QStringLiteral("--mqtt-broker"), broker, QStringLiteral("--mqtt-pin"),
                       QStringLiteral("12:34")}
        << QStringLiteral("SHA-256");
    QTest::newRow("pin and CA file")
        << QStringList{QStringLiteral("--mqtt-broker"),
                       broker,
                       QStringLiteral("--mqtt-pin"),
                       pin,
                       QStringLiteral("--mqtt-ca-file"),
                       QStringLiteral(QT_TESTCASE_SOURCEDIR "/../resources/sim/simulator.crt")}
        << QStringLiteral("not both");
    QTest::newRow("peer name without CA file")
        << QStringList{QStringLiteral("--mqtt-broker"), broker, QStringLiteral("--mqtt-peer-name"),
                       QStringLiteral("printer.local")}
        << QStringLiteral("--mqtt-peer-name");
    QTest::newRow("CA file without certificates")
        << QStringList{QStringLiteral("--mqtt-broker"), broker, QStringLiteral("--mqtt-ca-file"),
                       QStringLiteral(QT_TESTCASE_SOURCEDIR "/tst_farmcamsim.cpp")}
        << QStringLiteral("--mqtt-ca-file");
}

void tst_FarmcamSim::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentions);

    QProcess sim;
    sim.start(kSimPath, arguments);
    QVERIFY(sim.waitForFinished(kTimeoutMs));
    QCOMPARE(sim.exitStatus(), QProcess::NormalExit);
    QCOMPARE(sim.exitCode(), 2);
    const QString error = QString::fromUtf8(sim.readAllStandardError());
    QVERIFY2(error.contains(mentions), qPrintable(error));
    QVERIFY(sim.readAllStandardOutput().isEmpty()); // no printer was started
}

void tst_FarmcamSim::publishesStatusAndAnnounces()
{
    FARMCAM_REQUIRE_LOOPBACK_BROKER();
    LoopbackBroker broker;
    QString error;
    QVERIFY2(broker.start({{QStringLiteral("bblp"), kCode}}, &error), qPrintable(error));

    DiscoveryListener listener;
    listener.setAddress(QHostAddress(QHostAddress::LocalHost));
    listener.setPort(0);
    QVERIFY2(listener.start(&error), qPrintable(error));

    QProcess sim;
    QByteArray out;
    connect(&sim, &QProcess::readyReadStandardOutput, this,
            [&sim, &out] { out += sim.readAllStandardOutput(); });
    sim.start(kSimPath,
              {QStringLiteral("--count"), QStringLiteral("2"), QStringLiteral("--fps"),
               QStringLiteral("0.5"), QStringLiteral("--mqtt-broker"),
               QStringLiteral("127.0.0.1:%1").arg(broker.port()), QStringLiteral("--announce"),
               QStringLiteral("127.0.0.1:%1").arg(listener.localPort()),
               QStringLiteral("--time-scale"), QStringLiteral("600")});
    QVERIFY(sim.waitForStarted(kTimeoutMs));
    QTRY_COMPARE_WITH_TIMEOUT(parse(out).serials.size(), 2, kTimeoutMs);
    const SimulatorOutput printers = parse(out);
    QCOMPARE(printers.names,
             (QStringList{QStringLiteral("Simulated P1S 1"), QStringLiteral("Simulated P1S 2")}));
    QCOMPARE(printers.models, (QStringList{QStringLiteral("C12"), QStringLiteral("C12")}));
    QVERIFY(printers.serials.at(0) != printers.serials.at(1));

    // Announcements: both printers, by serial, from the address they name.
    QTRY_COMPARE_WITH_TIMEOUT(listener.printers().size(), 2, kTimeoutMs);
    for (int i = 0; i < 2; ++i) {
        const std::optional<DiscoveredPrinter> found = listener.printer(printers.serials.at(i));
        QVERIFY(found);
        QCOMPARE(found->announcement.name, printers.names.at(i));
        QCOMPARE(found->announcement.modelCode, QStringLiteral("C12"));
        QCOMPARE(found->announcement.address, QStringLiteral("127.0.0.1"));
    }

    // Status: the second printer's reports, as FarmCam receives them. The full state first (we
    // ask with pushall), then partial updates that the merger completes.
    StatusConnection connection;
    StatusEndpoint endpoint;
    endpoint.host = QStringLiteral("127.0.0.1");
    endpoint.port = broker.port();
    endpoint.accessCode = kCode;
    endpoint.serial = printers.serials.at(1);
    endpoint.trust.pinnedFingerprint = LoopbackBroker::certificateFingerprint();
    connection.setEndpoint(endpoint);
    StatusReportMerger merger;
    int merged = 0;
    connect(&connection, &StatusConnection::reportReceived, this,
            [&merger, &merged](const QByteArray &payload) {
                if (merger.merge(payload) == StatusReportMerger::Result::Merged)
                    ++merged;
            });
    connection.start();
    QTRY_COMPARE_WITH_TIMEOUT(connection.state(), StatusConnection::State::Up, kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(merged >= 3, kTimeoutMs);
    const PrintStatus status = merger.status();
    QVERIFY(status.state != PrintState::Unknown);
    QVERIFY2(!status.jobName.isEmpty(), "the full report names the job");
    QVERIFY(status.nozzleTemperature.has_value());
    QVERIFY(status.bedTemperature.has_value());

    sim.terminate();
    QVERIFY(sim.waitForFinished(kTimeoutMs));
    QCOMPARE(sim.exitStatus(), QProcess::NormalExit);
    QCOMPARE(sim.exitCode(), 0);
}

void tst_FarmcamSim::trustsTheBrokerAsTold_data()
{
    QTest::addColumn<QStringList>("trust"); // options; "CA" stands for the broker's CA file
    QTest::addColumn<QString>("says"); // on standard error

    const QString pin = LoopbackBroker::certificateFingerprint();
    const QString connected = QStringLiteral("connected, publishing");
    QTest::newRow("pin that matches")
        << QStringList{QStringLiteral("--mqtt-pin"), pin} << connected;
    QTest::newRow("pin as openssl prints it")
        << QStringList{QStringLiteral("--mqtt-pin"), QStringLiteral("sha256 Fingerprint=") + pin}
        << connected;
    QTest::newRow("pin in lower case without colons")
        << QStringList{QStringLiteral("--mqtt-pin"), pin.toLower().remove(u':')} << connected;
    QTest::newRow("pin that does not match")
        << QStringList{QStringLiteral("--mqtt-pin"), QString(64, u'a')}
        << QStringLiteral("a certificate other than the pinned one");
    // The simulator's certificate is self-signed (its own CA) and names a printer serial.
    QTest::newRow("CA file, the certificate's name")
        << QStringList{QStringLiteral("--mqtt-ca-file"), QStringLiteral("CA"),
                       QStringLiteral("--mqtt-peer-name"), QStringLiteral("01S00C000000000")}
        << connected;
    QTest::newRow("CA file, the broker's address as name")
        << QStringList{QStringLiteral("--mqtt-ca-file"), QStringLiteral("CA")}
        << QStringLiteral("not issued to 127.0.0.1");
}

void tst_FarmcamSim::trustsTheBrokerAsTold()
{
    QFETCH(QStringList, trust);
    QFETCH(QString, says);

    FARMCAM_REQUIRE_LOOPBACK_BROKER();
    LoopbackBroker broker;
    QString error;
    QVERIFY2(broker.start({{QStringLiteral("bblp"), kCode}}, &error), qPrintable(error));
    for (QString &argument : trust) {
        if (argument == QLatin1String("CA"))
            argument = broker.certificateFile();
    }
    // Announcements go to a socket of the test's own, not to port 2021 of this machine.
    QUdpSocket announcements;
    QVERIFY(announcements.bind(QHostAddress::LocalHost, 0));

    QProcess sim;
    QByteArray err;
    connect(&sim, &QProcess::readyReadStandardError, this,
            [&sim, &err] { err += sim.readAllStandardError(); });
    sim.start(
        kSimPath,
        QStringList{QStringLiteral("--count"), QStringLiteral("1"), QStringLiteral("--mqtt-broker"),
                    QStringLiteral("127.0.0.1:%1").arg(broker.port()), QStringLiteral("--announce"),
                    QStringLiteral("127.0.0.1:%1").arg(announcements.localPort())}
            + trust);
    QVERIFY(sim.waitForStarted(kTimeoutMs));
    QTRY_VERIFY2_WITH_TIMEOUT(QString::fromUtf8(err).contains(says), err.constData(), kTimeoutMs);
    if (says != QLatin1String("connected, publishing")) {
        // Refused for good, before the access code was sent, and saying what the user can do (a
        // line that may arrive after the first).
        const QString hint
            = QStringLiteral("--mqtt-pin ") + LoopbackBroker::certificateFingerprint() + u',';
        QTRY_VERIFY2_WITH_TIMEOUT(QString::fromUtf8(err).contains(hint), err.constData(),
                                  kTimeoutMs);
        const QString text = QString::fromUtf8(err);
        QVERIFY2(text.contains(QLatin1String("(giving up)")), qPrintable(text));
        QVERIFY(!text.contains(kCode));
        QCOMPARE(broker.logCount(QStringLiteral("New client connected")), 0);
    }
    // The cameras serve on either way.
    QCOMPARE(sim.state(), QProcess::Running);
    sim.terminate();
    QVERIFY(sim.waitForFinished(kTimeoutMs));
    QCOMPARE(sim.exitStatus(), QProcess::NormalExit);
    QCOMPARE(sim.exitCode(), 0);
}

namespace {

// ffprobe's "codec,width,height" for the stream at rtsps://bblp:<code>@127.0.0.1:<port>/…
QByteArray probeRtsps(quint16 port, QByteArray *err = nullptr)
{
    QProcess probe;
    probe.start(
        QStringLiteral("ffprobe"),
        {QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-rtsp_transport"),
         QStringLiteral("tcp"), QStringLiteral("-analyzeduration"), QStringLiteral("200000"),
         QStringLiteral("-select_streams"), QStringLiteral("v"), QStringLiteral("-show_entries"),
         QStringLiteral("stream=codec_name,width,height"), QStringLiteral("-of"),
         QStringLiteral("csv=p=0"),
         QStringLiteral("rtsps://bblp:%1@127.0.0.1:%2/streaming/live/1").arg(kCode).arg(port)});
    if (!probe.waitForFinished(60000))
        return "ffprobe did not finish";
    if (err)
        *err = probe.readAllStandardError();
    return probe.readAllStandardOutput().trimmed();
}

quint16 portOf(const QByteArray &out, int index)
{
    const QStringList lines = QString::fromUtf8(out).split(u'\n', Qt::SkipEmptyParts);
    int seen = 0;
    for (const QString &line : lines) {
        if (line.startsWith(QLatin1String("# ")))
            continue;
        if (seen++ == index)
            return line.section(u':', -1).toUShort();
    }
    return 0;
}

} // namespace

void tst_FarmcamSim::servesRtspsForX1Models_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("code");
    QTest::newRow("X1C by name") << QStringLiteral("X1C") << QStringLiteral("X1C")
                                 << QStringLiteral("BL-P001");
    QTest::newRow("H2D by its code")
        << QStringLiteral("o1d") << QStringLiteral("H2D") << QStringLiteral("O1D");
    QTest::newRow("P2S") << QStringLiteral("P2S") << QStringLiteral("P2S") << QStringLiteral("N7");
}

void tst_FarmcamSim::servesRtspsForX1Models()
{
    QFETCH(QString, model);
    QFETCH(QString, name);
    QFETCH(QString, code);
    // Announcements go to a socket of the test's own; they make farmcam-sim say the model code.
    QUdpSocket announcements;
    QVERIFY(announcements.bind(QHostAddress::LocalHost, 0));
    QProcess sim;
    QByteArray out;
    connect(&sim, &QProcess::readyReadStandardOutput, this,
            [&sim, &out] { out += sim.readAllStandardOutput(); });
    sim.start(kSimPath,
              {QStringLiteral("--model"), model, QStringLiteral("--count"), QStringLiteral("2"),
               QStringLiteral("--size"), QStringLiteral("320x240"), QStringLiteral("--fps"),
               QStringLiteral("15"), QStringLiteral("--announce"),
               QStringLiteral("127.0.0.1:%1").arg(announcements.localPort())});
    QVERIFY(sim.waitForStarted(kTimeoutMs));
    // Each printer encodes its clip first: generous.
    QTRY_COMPARE_WITH_TIMEOUT(parse(out).models.size(), 2, 4 * kTimeoutMs);
    const SimulatorOutput printers = parse(out);
    QCOMPARE(printers.names,
             (QStringList{QStringLiteral("Simulated %1 1").arg(name),
                          QStringLiteral("Simulated %1 2").arg(name)}));
    QCOMPARE(printers.models, (QStringList{code, code}));
    for (int i = 0; i < 2; ++i) {
        const quint16 port = portOf(out, i);
        QVERIFY(port != 0);
        QCOMPARE(probeRtsps(port), QByteArrayLiteral("h264,320,240"));
    }
    sim.terminate();
    QVERIFY(sim.waitForFinished(kTimeoutMs));
    QCOMPARE(sim.exitStatus(), QProcess::NormalExit);
    QCOMPARE(sim.exitCode(), 0);
}

void tst_FarmcamSim::rtspsStatusNamesTheCamera_data()
{
    QTest::addColumn<QStringList>("fault");
    QTest::addColumn<QString>("rtspUrl");
    QTest::addColumn<bool>("serves");
    QTest::newRow("liveview on") << QStringList()
                                 << QStringLiteral("rtsps://127.0.0.1/streaming/live/1") << true;
    QTest::newRow("liveview off") << QStringList{QStringLiteral("--fault"),
                                                 QStringLiteral("liveview-off")}
                                  << QStringLiteral("disable") << false;
}

void tst_FarmcamSim::rtspsStatusNamesTheCamera()
{
    QFETCH(QStringList, fault);
    QFETCH(QString, rtspUrl);
    QFETCH(bool, serves);
    FARMCAM_REQUIRE_LOOPBACK_BROKER();
    LoopbackBroker broker;
    QString error;
    QVERIFY2(broker.start({{QStringLiteral("bblp"), kCode}}, &error), qPrintable(error));
    QUdpSocket announcements;
    QVERIFY(announcements.bind(QHostAddress::LocalHost, 0));

    QProcess sim;
    QByteArray out;
    connect(&sim, &QProcess::readyReadStandardOutput, this,
            [&sim, &out] { out += sim.readAllStandardOutput(); });
    sim.start(
        kSimPath,
        QStringList{QStringLiteral("--model"), QStringLiteral("X1C"), QStringLiteral("--count"),
                    QStringLiteral("1"), QStringLiteral("--size"), QStringLiteral("320x240"),
                    QStringLiteral("--fps"), QStringLiteral("15"), QStringLiteral("--mqtt-broker"),
                    QStringLiteral("127.0.0.1:%1").arg(broker.port()), QStringLiteral("--announce"),
                    QStringLiteral("127.0.0.1:%1").arg(announcements.localPort())}
            + fault);
    QVERIFY(sim.waitForStarted(kTimeoutMs));
    QTRY_COMPARE_WITH_TIMEOUT(parse(out).serials.size(), 1, 4 * kTimeoutMs);

    StatusConnection connection;
    StatusEndpoint endpoint;
    endpoint.host = QStringLiteral("127.0.0.1");
    endpoint.port = broker.port();
    endpoint.accessCode = kCode;
    endpoint.serial = parse(out).serials.constFirst();
    endpoint.trust.pinnedFingerprint = LoopbackBroker::certificateFingerprint();
    connection.setEndpoint(endpoint);
    QString reported;
    connect(&connection, &StatusConnection::reportReceived, this,
            [&reported](const QByteArray &payload) {
                const QJsonValue url = QJsonDocument::fromJson(payload)
                                           .object()
                                           .value(QStringLiteral("print"))
                                           .toObject()
                                           .value(QStringLiteral("ipcam"))
                                           .toObject()
                                           .value(QStringLiteral("rtsp_url"));
                if (url.isString())
                    reported = url.toString();
            });
    connection.start();
    QTRY_COMPARE_WITH_TIMEOUT(reported, rtspUrl, 4 * kTimeoutMs);

    QByteArray err;
    const QByteArray probed = probeRtsps(portOf(out, 0), &err);
    if (serves)
        QVERIFY2(probed == QByteArrayLiteral("h264,320,240"), (probed + ' ' + err).constData());
    else
        QVERIFY2(err.contains("Connection refused"), err.constData());

    sim.terminate();
    QVERIFY(sim.waitForFinished(kTimeoutMs));
    QCOMPARE(sim.exitCode(), 0);
}

QTEST_GUILESS_MAIN(tst_FarmcamSim)
#include "tst_farmcamsim.moc"
