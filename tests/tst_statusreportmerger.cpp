#include "status/statusreportmerger.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using Result = StatusReportMerger::Result;

namespace {

const QDateTime t0 = QDateTime::fromMSecsSinceEpoch(1'700'000'000'000, Qt::UTC);
const QDateTime t1 = t0.addSecs(1);

// A P1S's answer to pushall, shortened: the fields status() reads plus some it does not.
const QByteArray fullReport = R"({"print":{
    "ams":{"ams":[{"humidity":"5","id":"0","temp":"0.0",
                   "tray":[{"id":"0","remain":80,"tray_type":"PLA"}]}],
           "ams_exist_bits":"1","tray_now":"0"},
    "bed_target_temper":65,"bed_temper":64.96875,"command":"push_status","gcode_state":"RUNNING",
    "hms":[],"ipcam":{"ipcam_dev":"1","ipcam_record":"enable","resolution":"1080p",
                      "rtsp_url":"disable","timelapse":"disable"},
    "layer_num":7,"lights_report":[{"mode":"on","node":"chamber_light"}],"mc_percent":42,
    "mc_print_stage":"2","mc_remaining_time":33,"msg":0,"nozzle_target_temper":220,
    "nozzle_temper":219.5,"print_error":0,"sequence_id":"2021","spd_lvl":2,
    "subtask_name":"benchy.3mf","total_layer_num":120,"wifi_signal":"-44dBm"}})";

const QString fullStatus
    = QStringLiteral("Printing|benchy.3mf|42%|33 min|7/120|219.5/220|64.96875/65|err 0|hms 0");

QString number(const std::optional<double> &value)
{
    return value ? QString::number(*value, 'g', 12) : QStringLiteral("?");
}

QString integer(int value)
{
    return value < 0 ? QStringLiteral("?") : QString::number(value);
}

// One line per status, so that a failing row shows every field at once; "?" is unknown.
QString describe(const PrintStatus &status)
{
    return QStringList{
        StatusReportMerger::stateName(status.state),
        status.jobName,
        integer(status.percent) + QLatin1Char('%'),
        integer(status.remainingMinutes) + QStringLiteral(" min"),
        integer(status.layer) + QLatin1Char('/') + integer(status.totalLayers),
        number(status.nozzleTemperature) + QLatin1Char('/') + number(status.nozzleTarget),
        number(status.bedTemperature) + QLatin1Char('/') + number(status.bedTarget),
        QStringLiteral("err ") + QString::number(status.printError, 16),
        QStringLiteral("hms ") + QString::number(status.healthMessages),
    }
        .join(QLatin1Char('|'));
}

QByteArray partial(const QByteArray &fields)
{
    return R"({"print":{"command":"push_status","msg":1,)" + fields + "}}";
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

class tst_StatusReportMerger : public QObject
{
    Q_OBJECT

private slots:
    void merge_data();
    void merge();
    void remainingSince_data();
    void remainingSince();
    void results_data();
    void results();
    void deepMerge();
    void keyCountIsBounded();
    void statusKeysSurviveAKeyFlood();
    void idempotentAtTheKeyLimit();
    void depthIsBounded();
    void stateSizeIsBounded();
    void parseState_data();
    void parseState();
    void stateName_data();
    void stateName();
    void resetAndEmpty();
    void copiesAreIndependent();
    void mergeWithoutTimeUsesTheClock();
    void parseRtspUrl_data();
    void parseRtspUrl();
    void rtspUrlInReports();
};

void tst_StatusReportMerger::merge_data()
{
    QTest::addColumn<QByteArrayList>("reports");
    QTest::addColumn<QString>("expected");

    const QString unknown = QStringLiteral("Unknown||?%|? min|?/?|?/?|?/?|err 0|hms 0");

    QTest::newRow("full report") << QByteArrayList{fullReport} << fullStatus;
    QTest::newRow("empty print object") << QByteArrayList{"{\"print\":{}}"} << unknown;
    QTest::newRow("partial alone") << QByteArrayList{partial(R"("mc_percent":5)")}
                                   << QStringLiteral("Unknown||5%|? min|?/?|?/?|?/?|err 0|hms 0");

    QTest::newRow("full then percent")
        << QByteArrayList{fullReport, partial(R"("mc_percent":43,"mc_remaining_time":32)")}
        << QStringLiteral("Printing|benchy.3mf|43%|32 min|7/120|219.5/220|64.96875/65|err 0|hms 0");
    QTest::newRow("full then two partials")
        << QByteArrayList{fullReport, partial(R"("layer_num":8)"),
                          partial(R"("nozzle_temper":220.25,"bed_temper":65)")}
        << QStringLiteral("Printing|benchy.3mf|42%|33 min|8/120|220.25/220|65/65|err 0|hms 0");
    QTest::newRow("full then finish")
        << QByteArrayList{fullReport,
                          partial(
                              R"("gcode_state":"FINISH","mc_percent":100,"mc_remaining_time":0,)"
                              R"("layer_num":120,"nozzle_target_temper":0,"bed_target_temper":0)")}
        << QStringLiteral("Finished|benchy.3mf|100%|0 min|120/120|219.5/0|64.96875/0|err 0|hms 0");
    QTest::newRow("full then pause for error")
        << QByteArrayList{fullReport,
                          partial(R"("gcode_state":"PAUSE","print_error":117473297,)"
                                  R"("hms":[{"attr":117448704,"code":131073}])")}
        << QStringLiteral(
               "Paused|benchy.3mf|42%|33 min|7/120|219.5/220|64.96875/65|err 7008011|hms 1");
    QTest::newRow("hms array replaced, not appended")
        << QByteArrayList{fullReport, partial(R"("hms":[{"a":1},{"a":2},{"a":3}])"),
                          partial(R"("hms":[{"a":4}])")}
        << QStringLiteral("Printing|benchy.3mf|42%|33 min|7/120|219.5/220|64.96875/65|err 0|hms 1");
    QTest::newRow("system and info reports in between")
        << QByteArrayList{fullReport,
                          R"({"system":{"command":"get_access_code","access_code":"x"}})",
                          R"({"info":{"command":"get_version","module":[]}})"}
        << fullStatus;
    QTest::newRow("invalid report in between")
        << QByteArrayList{fullReport, "{\"print\":{\"mc_percent\":1", "[1,2]",
                          R"({"print":"RUNNING"})"}
        << fullStatus;
    QTest::newRow("answer to a request in between")
        << QByteArrayList{fullReport,
                          R"({"print":{"command":"gcode_line","param":"G28","subtask_name":"x"}})"}
        << fullStatus;

    QTest::newRow("numbers as strings")
        << QByteArrayList{partial(R"("gcode_state":"RUNNING","mc_percent":"42","layer_num":"7",)"
                                  R"("total_layer_num":" 120 ","mc_remaining_time":"33",)"
                                  R"("nozzle_temper":"219.5","nozzle_target_temper":"220",)"
                                  R"("bed_temper":"60.25","bed_target_temper":"65",)"
                                  R"("print_error":"117473297")")}
        << QStringLiteral("Printing||42%|33 min|7/120|219.5/220|60.25/65|err 7008011|hms 0");
    QTest::newRow("print_error as hex string")
        << QByteArrayList{partial(R"("print_error":"0x07008011")")}
        << QStringLiteral("Unknown||?%|? min|?/?|?/?|?/?|err 7008011|hms 0");
    QTest::newRow("wrong types") << QByteArrayList{partial(
        R"("gcode_state":7,"subtask_name":42,"mc_percent":true,)"
        R"("mc_remaining_time":[1],"layer_num":{"n":1},)"
        R"("total_layer_num":50,"nozzle_temper":"hot",)"
        R"("nozzle_target_temper":"",)"
        R"("bed_temper":null,"bed_target_temper":"NaN",)"
        R"("print_error":"E1","hms":"none")")}
                                 << QStringLiteral("Unknown||?%|? min|?/50|?/?|?/?|err 0|hms 0");
    QTest::newRow("wrong type replaces a good value")
        << QByteArrayList{fullReport, partial(R"("mc_percent":"abc","nozzle_temper":null)")}
        << QStringLiteral("Printing|benchy.3mf|?%|33 min|7/120|?/220|64.96875/65|err 0|hms 0");
    QTest::newRow("percent above 100 clamped")
        << QByteArrayList{partial(R"("mc_percent":150)")}
        << QStringLiteral("Unknown||100%|? min|?/?|?/?|?/?|err 0|hms 0");
    QTest::newRow("negative percent clamped")
        << QByteArrayList{partial(R"("mc_percent":"-5")")}
        << QStringLiteral("Unknown||0%|? min|?/?|?/?|?/?|err 0|hms 0");
    QTest::newRow("fractional percent rounded")
        << QByteArrayList{partial(R"("mc_percent":42.6)")}
        << QStringLiteral("Unknown||43%|? min|?/?|?/?|?/?|err 0|hms 0");
    QTest::newRow("huge percent") << QByteArrayList{partial(R"("mc_percent":1e300)")} << unknown;
    QTest::newRow("negative remaining time is unknown")
        << QByteArrayList{fullReport, partial(R"("mc_remaining_time":-30)")}
        << QStringLiteral("Printing|benchy.3mf|42%|? min|7/120|219.5/220|64.96875/65|err 0|hms 0");
    QTest::newRow("remaining time beyond int is unknown")
        << QByteArrayList{partial(R"("mc_remaining_time":99999999999)")} << unknown;
    QTest::newRow("negative layers are unknown")
        << QByteArrayList{partial(R"("layer_num":-1,"total_layer_num":"-7")")} << unknown;
    QTest::newRow("print_error out of range")
        << QByteArrayList{partial(R"("print_error":-1)"), partial(R"("hms":[])"),
                          partial(R"("print_error":8589934592)")}
        << unknown;
    QTest::newRow("state in lower case")
        << QByteArrayList{partial(R"("gcode_state":"running")")}
        << QStringLiteral("Printing||?%|? min|?/?|?/?|?/?|err 0|hms 0");
    QTest::newRow("unknown state")
        << QByteArrayList{fullReport, partial(R"("gcode_state":"CALIBRATING_LIDAR")")}
        << QStringLiteral("Unknown|benchy.3mf|42%|33 min|7/120|219.5/220|64.96875/65|err 0|hms 0");
    QTest::newRow("command missing still merges")
        << QByteArrayList{R"({"print":{"gcode_state":"IDLE"}})"}
        << QStringLiteral("Idle||?%|? min|?/?|?/?|?/?|err 0|hms 0");
}

void tst_StatusReportMerger::merge()
{
    QFETCH(QByteArrayList, reports);
    QFETCH(QString, expected);

    StatusReportMerger merger;
    for (const QByteArray &report : reports)
        merger.merge(report, t0);
    const PrintStatus status = merger.status();
    QCOMPARE(describe(status), expected);
    QVERIFY(!status.isNull());
    QCOMPARE(status.updated, t0);
}

void tst_StatusReportMerger::remainingSince_data()
{
    // Report i is merged at t0 + i minutes; "reset" stands for reset() (a new connection).
    QTest::addColumn<QByteArrayList>("reports");
    QTest::addColumn<int>("since"); // the report whose time remainingSince is; -1: invalid

    const QByteArray temperature = partial(R"("nozzle_temper":219.75,"bed_temper":65)");
    QTest::newRow("full report") << QByteArrayList{fullReport} << 0;
    QTest::newRow("temperature only: not moved") << QByteArrayList{fullReport, temperature} << 0;
    QTest::newRow("several unrelated partials: not moved")
        << QByteArrayList{fullReport, temperature, partial(R"("layer_num":8)"),
                          partial(R"("mc_percent":43)")}
        << 0;
    QTest::newRow("new remaining time: moved")
        << QByteArrayList{fullReport, partial(R"("mc_remaining_time":32)")} << 1;
    QTest::newRow("new remaining time with others: moved")
        << QByteArrayList{fullReport, partial(R"("mc_percent":43,"mc_remaining_time":32)")} << 1;
    QTest::newRow("temperature after a new remaining time")
        << QByteArrayList{fullReport, temperature, partial(R"("mc_remaining_time":32)"),
                          temperature}
        << 2;
    QTest::newRow("same remaining time again: not moved")
        << QByteArrayList{fullReport, partial(R"("mc_remaining_time":33)")} << 0;
    QTest::newRow("same remaining time as a string: not moved")
        << QByteArrayList{fullReport, partial(R"("mc_remaining_time":"33")")} << 0;
    QTest::newRow("full report again: not moved")
        << QByteArrayList{fullReport, temperature, fullReport} << 0;
    QTest::newRow("ignored and invalid reports: not moved")
        << QByteArrayList{fullReport, R"({"system":{"command":"ledctrl"}})",
                          R"({"print":{"command":"gcode_line","mc_remaining_time":1}})",
                          R"({"print":{"mc_remaining_time":)"}
        << 0;
    QTest::newRow("known only from the third report")
        << QByteArrayList{temperature, partial(R"("mc_percent":1)"),
                          partial(R"("mc_remaining_time":90)")}
        << 2;
    QTest::newRow("never known") << QByteArrayList{temperature} << -1;
    QTest::newRow("empty print object") << QByteArrayList{R"({"print":{}})"} << -1;
    QTest::newRow("becomes unknown")
        << QByteArrayList{fullReport, partial(R"("mc_remaining_time":-30)")} << -1;
    QTest::newRow("known again after unknown, same value")
        << QByteArrayList{fullReport, partial(R"("mc_remaining_time":null)"),
                          partial(R"("mc_remaining_time":33)")}
        << 2;
    QTest::newRow("after a reset, from the first report again")
        << QByteArrayList{fullReport, "reset", temperature, fullReport} << 3;
}

void tst_StatusReportMerger::remainingSince()
{
    QFETCH(QByteArrayList, reports);
    QFETCH(int, since);

    StatusReportMerger merger;
    QDateTime lastMerged;
    for (int i = 0; i < reports.size(); ++i) {
        const QDateTime at = t0.addSecs(60 * i);
        if (reports.at(i) == "reset")
            merger.reset();
        else if (merger.merge(reports.at(i), at) == Result::Merged)
            lastMerged = at;
    }
    const PrintStatus status = merger.status();
    QCOMPARE(status.updated, lastMerged); // every merged report moves `updated`
    QCOMPARE(status.remainingSince, since < 0 ? QDateTime() : t0.addSecs(60 * since));
    QCOMPARE(status.remainingSince.isValid(), status.remainingMinutes >= 0);
    if (since >= 0)
        QCOMPARE(status.remainingSince.timeSpec(), Qt::UTC);
}

void tst_StatusReportMerger::results_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<Result>("result");

    QTest::newRow("full report") << fullReport << Result::Merged;
    QTest::newRow("partial") << partial(R"("mc_percent":50)") << Result::Merged;
    QTest::newRow("empty print object") << QByteArray(R"({"print":{}})") << Result::Merged;
    QTest::newRow("system report")
        << QByteArray(R"({"system":{"command":"ledctrl","led_node":"chamber_light"}})")
        << Result::Ignored;
    QTest::newRow("info report") << QByteArray(R"({"info":{"command":"get_version"}})")
                                 << Result::Ignored;
    QTest::newRow("empty object") << QByteArray("{}") << Result::Ignored;
    QTest::newRow("answer to a request")
        << QByteArray(R"({"print":{"command":"project_file","param":"Metadata/plate_1.gcode"}})")
        << Result::Ignored;
    QTest::newRow("empty payload") << QByteArray() << Result::Invalid;
    QTest::newRow("not JSON") << QByteArray("mc_percent=42") << Result::Invalid;
    QTest::newRow("truncated") << fullReport.left(fullReport.size() / 2) << Result::Invalid;
    QTest::newRow("array") << QByteArray(R"([{"print":{}}])") << Result::Invalid;
    QTest::newRow("string") << QByteArray(R"("print")") << Result::Invalid;
    QTest::newRow("print is a string") << QByteArray(R"({"print":"RUNNING"})") << Result::Invalid;
    QTest::newRow("print is an array") << QByteArray(R"({"print":[1]})") << Result::Invalid;
    QTest::newRow("print is null") << QByteArray(R"({"print":null})") << Result::Invalid;
    QTest::newRow("trailing garbage") << fullReport + "}" << Result::Invalid;

    // Exactly at the limit is accepted; one byte more is refused before parsing.
    const QByteArray head = R"({"print":{"subtask_name":")";
    const QByteArray tail = R"("}})";
    const QByteArray atLimit = head
        + QByteArray(StatusReportMerger::kMaxPayloadSize - head.size() - tail.size(), 'a') + tail;
    QCOMPARE(atLimit.size(), StatusReportMerger::kMaxPayloadSize);
    QTest::newRow("payload at the size limit") << atLimit << Result::Merged;
    QTest::newRow("payload over the size limit")
        << QByteArray(head + QByteArray(atLimit.size() - head.size() - tail.size() + 1, 'a') + tail)
        << Result::Invalid;
}

void tst_StatusReportMerger::results()
{
    QFETCH(QByteArray, payload);
    QFETCH(Result, result);

    StatusReportMerger merger;
    QCOMPARE(merger.merge(fullReport, t0), Result::Merged);
    const PrintStatus before = merger.status();
    const QJsonObject printBefore = merger.printObject();
    const int keysBefore = merger.keyCount();

    QString error = QStringLiteral("stale");
    QCOMPARE(merger.merge(payload, t1, &error), result);
    if (result == Result::Invalid) {
        // One sentence for the log.
        QVERIFY2(error.endsWith(QLatin1Char('.')) && !error.contains(QLatin1Char('\n')),
                 qPrintable(error));
        QVERIFY(error.size() < 200);
    } else {
        QVERIFY(error.isEmpty());
    }
    if (result == Result::Merged) {
        QCOMPARE(merger.status().updated, t1);
    } else {
        QCOMPARE(merger.status(), before);
        QCOMPARE(merger.printObject(), printBefore);
        QCOMPARE(merger.keyCount(), keysBefore);
    }
    // Without an error string to fill, the same answer.
    StatusReportMerger other;
    QCOMPARE(other.merge(payload, t1), result);
}

void tst_StatusReportMerger::deepMerge()
{
    StatusReportMerger merger;
    QCOMPARE(merger.merge(fullReport, t0), Result::Merged);
    const int fullKeys = merger.keyCount();
    QCOMPARE(merger.merge(partial(R"("ipcam":{"rtsp_url":"rtsps://192.0.2.1/streaming/live/1"},)"
                                  R"("lights_report":[],"spd_lvl":null,"new_key":{"a":{"b":1}})"),
                          t1),
             Result::Merged);

    const QJsonObject print = merger.printObject();
    const QJsonObject ipcam = print.value(QLatin1String("ipcam")).toObject();
    // Objects merge key by key ...
    QCOMPARE(ipcam.value(QLatin1String("rtsp_url")).toString(),
             QStringLiteral("rtsps://192.0.2.1/streaming/live/1"));
    QCOMPARE(ipcam.value(QLatin1String("ipcam_dev")).toString(), QStringLiteral("1"));
    QCOMPARE(ipcam.size(), 5);
    // ... arrays and scalars replace, null included.
    QCOMPARE(print.value(QLatin1String("lights_report")).toArray().size(), 0);
    QVERIFY(print.value(QLatin1String("spd_lvl")).isNull());
    QVERIFY(print.contains(QLatin1String("ams")));
    QCOMPARE(merger.keyCount(), fullKeys + 3); // new_key, a, b

    // An object replaced by a scalar takes its keys with it; a scalar can become an object.
    QCOMPARE(merger.merge(partial(R"("new_key":1,"spd_lvl":{"x":2})"), t1), Result::Merged);
    QCOMPARE(merger.printObject().value(QLatin1String("new_key")).toInt(), 1);
    QCOMPARE(
        merger.printObject().value(QLatin1String("spd_lvl")).toObject().value(QLatin1String("x")),
        QJsonValue(2));
    QCOMPARE(merger.keyCount(), fullKeys + 2); // new_key, x

    // Merging the same report twice changes nothing more.
    const QJsonObject once = merger.printObject();
    QCOMPARE(merger.merge(fullReport, t1), Result::Merged);
    const QJsonObject afterFull = merger.printObject();
    QCOMPARE(merger.merge(fullReport, t1), Result::Merged);
    QCOMPARE(merger.printObject(), afterFull);
    QVERIFY(once != afterFull); // spd_lvl went back to 2
}

void tst_StatusReportMerger::keyCountIsBounded()
{
    StatusReportMerger merger;
    QCOMPARE(merger.merge(fullReport, t0), Result::Merged);
    // An attacker's flood of ever-new keys, 300 a report, some nested.
    for (int report = 0; report < 20; ++report) {
        QJsonObject print;
        for (int i = 0; i < 300; ++i) {
            const QString key = QStringLiteral("junk_%1_%2").arg(report).arg(i);
            if (i % 3 == 0)
                print.insert(key, QJsonObject{{QStringLiteral("inner"), i}});
            else
                print.insert(key, i);
        }
        QCOMPARE(merger.merge(compact(QJsonObject{{QStringLiteral("print"), print}}), t1),
                 Result::Merged);
        QVERIFY2(merger.keyCount() <= StatusReportMerger::kMaxKeys,
                 qPrintable(QString::number(merger.keyCount())));
    }
    QCOMPARE(merger.keyCount(), StatusReportMerger::kMaxKeys);
    QVERIFY(merger.printObject().contains(QLatin1String("junk_0_1")));
    QVERIFY(!merger.printObject().contains(QLatin1String("junk_19_1")));

    // Keys already kept still update; the status is still read.
    QCOMPARE(merger.merge(partial(R"("junk_0_1":-1,"mc_percent":99,"ipcam":{"rtsp_url":"x"})"), t1),
             Result::Merged);
    QCOMPARE(merger.printObject().value(QLatin1String("junk_0_1")).toInt(), -1);
    QCOMPARE(merger.status().percent, 99);
    QCOMPARE(merger.printObject()
                 .value(QLatin1String("ipcam"))
                 .toObject()
                 .value(QLatin1String("rtsp_url"))
                 .toString(),
             QStringLiteral("x"));

    // reset() gives the whole budget back.
    merger.reset();
    QCOMPARE(merger.keyCount(), 0);
    QCOMPARE(merger.merge(partial(R"("junk_19_1":1)"), t1), Result::Merged);
    QVERIFY(merger.printObject().contains(QLatin1String("junk_19_1")));
}

void tst_StatusReportMerger::statusKeysSurviveAKeyFlood()
{
    StatusReportMerger merger;
    QJsonObject print;
    for (int i = 0; i < StatusReportMerger::kMaxKeys + 50; ++i)
        print.insert(QStringLiteral("aaa_%1").arg(i, 5, 10, QLatin1Char('0')), i);
    QCOMPARE(merger.merge(compact(QJsonObject{{QStringLiteral("print"), print}}), t0),
             Result::Merged);
    QCOMPARE(merger.keyCount(), StatusReportMerger::kMaxKeys);

    // The budget is spent, yet the printer's full report still shows.
    QCOMPARE(merger.merge(fullReport, t1), Result::Merged);
    QCOMPARE(describe(merger.status()), fullStatus);
    QVERIFY(!merger.printObject().contains(QLatin1String("ipcam"))); // not a status key
    QVERIFY(merger.keyCount() <= StatusReportMerger::kMaxKeys + 12);
}

void tst_StatusReportMerger::idempotentAtTheKeyLimit()
{
    // Fill the state to the limit; "b_obj" holds two of its keys.
    StatusReportMerger merger;
    QJsonObject print{
        {QStringLiteral("b_obj"), QJsonObject{{QStringLiteral("x"), 1}, {QStringLiteral("y"), 2}}}};
    for (int i = 0; print.size() + 2 < StatusReportMerger::kMaxKeys; ++i)
        print.insert(QStringLiteral("c_%1").arg(i, 5, 10, QLatin1Char('0')), i);
    QCOMPARE(merger.merge(compact(QJsonObject{{QStringLiteral("print"), print}}), t0),
             Result::Merged);
    QCOMPARE(merger.keyCount(), StatusReportMerger::kMaxKeys);

    // Replacing the object by a number frees two keys, which this report's new keys may use (in
    // key order: a_1 and a_2, not a_3).
    const QByteArray report = R"({"print":{"a_1":1,"a_2":2,"a_3":3,"b_obj":0}})";
    QCOMPARE(merger.merge(report, t1), Result::Merged);
    QCOMPARE(merger.keyCount(), StatusReportMerger::kMaxKeys);
    const QJsonObject once = merger.printObject();
    QVERIFY(once.contains(QLatin1String("a_1")));
    QVERIFY(once.contains(QLatin1String("a_2")));
    QVERIFY(!once.contains(QLatin1String("a_3")));

    // The same report again: the same state.
    QCOMPARE(merger.merge(report, t1), Result::Merged);
    QCOMPARE(merger.printObject(), once);
}

void tst_StatusReportMerger::depthIsBounded()
{
    // {"print":{"d":{"d":{ ... {"leaf":1} ... }}}} 20 levels deep.
    QByteArray nested = R"({"leaf":1})";
    for (int i = 0; i < 20; ++i)
        nested = R"({"d":)" + nested + "}";
    StatusReportMerger merger;
    QCOMPARE(merger.merge(R"({"print":)" + nested + "}", t0), Result::Merged);

    int depth = 0;
    QJsonObject level = merger.printObject();
    while (level.contains(QLatin1String("d"))) {
        level = level.value(QLatin1String("d")).toObject();
        ++depth;
    }
    QCOMPARE(depth, StatusReportMerger::kMaxDepth);
    QVERIFY(!level.contains(QLatin1String("leaf")));
    QCOMPARE(merger.keyCount(), StatusReportMerger::kMaxDepth);

    // Arrays are values: kept whole, however deep inside.
    QCOMPARE(merger.merge(partial(R"("deep":[[[[[[[[[[[[1]]]]]]]]]]]])"), t1), Result::Merged);
    QVERIFY(merger.printObject().value(QLatin1String("deep")).isArray());
}

void tst_StatusReportMerger::stateSizeIsBounded()
{
    StatusReportMerger merger;
    const QByteArray big(200 * 1024, 'x');
    Result result = Result::Merged;
    int merged = 0;
    for (int i = 0; i < 10 && result == Result::Merged; ++i) {
        result
            = merger.merge(partial("\"blob_" + QByteArray::number(i) + "\":\"" + big + "\""), t0);
        if (result == Result::Merged)
            ++merged;
    }
    QCOMPARE(result, Result::Invalid);
    QCOMPARE(merged, 5); // 5 x 200 KiB fit in 1 MiB, 6 do not
    QVERIFY(compact(merger.printObject()).size() <= StatusReportMerger::kMaxStateSize);

    // Replacing a big value by a small one still works, and makes room again.
    QCOMPARE(merger.merge(partial(R"("blob_0":"small","mc_percent":7)"), t1), Result::Merged);
    QCOMPARE(merger.status().percent, 7);
    QCOMPARE(merger.merge(partial("\"blob_9\":\"" + big + "\""), t1), Result::Merged);
}

void tst_StatusReportMerger::parseState_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<PrintState>("state");

    QTest::newRow("IDLE") << QStringLiteral("IDLE") << PrintState::Idle;
    QTest::newRow("PREPARE") << QStringLiteral("PREPARE") << PrintState::Preparing;
    QTest::newRow("SLICING") << QStringLiteral("SLICING") << PrintState::Preparing;
    QTest::newRow("INIT") << QStringLiteral("INIT") << PrintState::Preparing;
    QTest::newRow("RUNNING") << QStringLiteral("RUNNING") << PrintState::Printing;
    QTest::newRow("PAUSE") << QStringLiteral("PAUSE") << PrintState::Paused;
    QTest::newRow("FINISH") << QStringLiteral("FINISH") << PrintState::Finished;
    QTest::newRow("FAILED") << QStringLiteral("FAILED") << PrintState::Failed;
    QTest::newRow("lower case") << QStringLiteral("finish") << PrintState::Finished;
    QTest::newRow("mixed case") << QStringLiteral("Pause") << PrintState::Paused;
    QTest::newRow("surrounding space") << QStringLiteral(" RUNNING\n") << PrintState::Printing;
    QTest::newRow("empty") << QString() << PrintState::Unknown;
    QTest::newRow("PAUSED is not a state") << QStringLiteral("PAUSED") << PrintState::Unknown;
    QTest::newRow("FINISHED is not a state") << QStringLiteral("FINISHED") << PrintState::Unknown;
    QTest::newRow("number") << QStringLiteral("4") << PrintState::Unknown;
    QTest::newRow("inner space") << QStringLiteral("RUN NING") << PrintState::Unknown;
}

void tst_StatusReportMerger::parseState()
{
    QFETCH(QString, text);
    QFETCH(PrintState, state);
    QCOMPARE(StatusReportMerger::parseState(text), state);
}

void tst_StatusReportMerger::stateName_data()
{
    QTest::addColumn<PrintState>("state");
    QTest::addColumn<QString>("name");

    QTest::newRow("Unknown") << PrintState::Unknown << QStringLiteral("Unknown");
    QTest::newRow("Idle") << PrintState::Idle << QStringLiteral("Idle");
    QTest::newRow("Preparing") << PrintState::Preparing << QStringLiteral("Preparing");
    QTest::newRow("Printing") << PrintState::Printing << QStringLiteral("Printing");
    QTest::newRow("Paused") << PrintState::Paused << QStringLiteral("Paused");
    QTest::newRow("Finished") << PrintState::Finished << QStringLiteral("Finished");
    QTest::newRow("Failed") << PrintState::Failed << QStringLiteral("Failed");
}

void tst_StatusReportMerger::stateName()
{
    QFETCH(PrintState, state);
    QFETCH(QString, name);
    QCOMPARE(StatusReportMerger::stateName(state), name);
}

void tst_StatusReportMerger::resetAndEmpty()
{
    StatusReportMerger merger;
    QVERIFY(merger.isEmpty());
    QVERIFY(merger.status().isNull());
    QCOMPARE(merger.status(), PrintStatus());

    QCOMPARE(merger.merge(R"({"system":{}})", t0), Result::Ignored);
    QVERIFY(merger.isEmpty());
    QCOMPARE(merger.merge("nonsense", t0), Result::Invalid);
    QVERIFY(merger.isEmpty());

    QCOMPARE(merger.merge(fullReport, t0), Result::Merged);
    QVERIFY(!merger.isEmpty());
    QVERIFY(merger.keyCount() > 0);

    merger.reset();
    QVERIFY(merger.isEmpty());
    QCOMPARE(merger.status(), PrintStatus());
    QCOMPARE(merger.keyCount(), 0);
    QVERIFY(merger.printObject().isEmpty());

    // After a reset a partial starts from nothing: nothing of the old job comes back.
    QCOMPARE(merger.merge(partial(R"("mc_percent":3)"), t1), Result::Merged);
    QCOMPARE(describe(merger.status()),
             QStringLiteral("Unknown||3%|? min|?/?|?/?|?/?|err 0|hms 0"));
    QVERIFY(!merger.status().remainingSince.isValid());
}

void tst_StatusReportMerger::copiesAreIndependent()
{
    StatusReportMerger original;
    QCOMPARE(original.merge(fullReport, t0), Result::Merged);
    StatusReportMerger copy = original;
    QCOMPARE(copy.status(), original.status());

    QCOMPARE(copy.merge(partial(R"("gcode_state":"FINISH")"), t1), Result::Merged);
    QCOMPARE(copy.status().state, PrintState::Finished);
    QCOMPARE(original.status().state, PrintState::Printing);
    QCOMPARE(original.status().updated, t0);
}

void tst_StatusReportMerger::mergeWithoutTimeUsesTheClock()
{
    StatusReportMerger merger;
    const QDateTime before = QDateTime::currentDateTimeUtc();
    QString error;
    QCOMPARE(merger.merge(fullReport, &error), Result::Merged);
    const QDateTime after = QDateTime::currentDateTimeUtc();
    QVERIFY(error.isEmpty());
    const QDateTime updated = merger.status().updated;
    QVERIFY(updated >= before && updated <= after);
    QCOMPARE(updated.timeSpec(), Qt::UTC);
}

void tst_StatusReportMerger::parseRtspUrl_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("disabled");
    QTest::addColumn<QString>("path");

    QTest::newRow("printer's form") << QStringLiteral("rtsps://192.168.1.20/streaming/live/1")
                                    << false << QStringLiteral("/streaming/live/1");
    QTest::newRow("with port and credentials")
        << QStringLiteral("rtsps://bblp:12345678@10.0.0.9:322/streaming/live/1") << false
        << QStringLiteral("/streaming/live/1");
    QTest::newRow("plain rtsp, query kept") << QStringLiteral("RTSP://h/live?ch=1&x=%20") << false
                                            << QStringLiteral("/live?ch=1&x=%20");
    QTest::newRow("disable") << QStringLiteral("disable") << true << QString();
    QTest::newRow("Disable, spaces") << QStringLiteral(" Disable ") << true << QString();
    QTest::newRow("empty") << QString() << false << QString();
    QTest::newRow("no path") << QStringLiteral("rtsps://192.168.1.20") << false << QString();
    QTest::newRow("query, no path") << QStringLiteral("rtsps://h?a=/b") << false << QString();
    QTest::newRow("http") << QStringLiteral("http://h/streaming/live/1") << false << QString();
    QTest::newRow("space in path") << QStringLiteral("rtsps://h/a b") << false << QString();
    QTest::newRow("fragment") << QStringLiteral("rtsps://h/a#b") << false << QString();
    QTest::newRow("backslash") << QStringLiteral("rtsps://h/a\\b") << false << QString();
    QTest::newRow("non-ASCII") << QStringLiteral("rtsps://h/caf\u00e9") << false << QString();
    QTest::newRow("too long") << QStringLiteral("rtsps://h/") + QString(300, QLatin1Char('a'))
                              << false << QString();
    QTest::newRow("no scheme") << QStringLiteral("/streaming/live/1") << false << QString();
}

void tst_StatusReportMerger::parseRtspUrl()
{
    QFETCH(QString, text);
    QFETCH(bool, disabled);
    QFETCH(QString, path);
    const StatusReportMerger::RtspUrl url = StatusReportMerger::parseRtspUrl(text);
    QCOMPARE(url.disabled, disabled);
    QCOMPARE(url.path, path);
}

void tst_StatusReportMerger::rtspUrlInReports()
{
    StatusReportMerger merger;
    QCOMPARE(merger.merge("{\"print\":{\"gcode_state\":\"IDLE\"}}"),
             StatusReportMerger::Result::Merged);
    QCOMPARE(merger.status().rtspPath, QString());
    QVERIFY(!merger.status().liveViewDisabled);

    QCOMPARE(merger.merge(
                 "{\"print\":{\"ipcam\":{\"rtsp_url\":\"rtsps://10.9.9.9/streaming/live/1\"}}}"),
             StatusReportMerger::Result::Merged);
    QCOMPARE(merger.status().rtspPath, QStringLiteral("/streaming/live/1"));
    QVERIFY(!merger.status().liveViewDisabled);

    // A partial report about something else keeps it; "disable" replaces it.
    QCOMPARE(merger.merge("{\"print\":{\"ipcam\":{\"resolution\":\"1080p\"}}}"),
             StatusReportMerger::Result::Merged);
    QCOMPARE(merger.status().rtspPath, QStringLiteral("/streaming/live/1"));
    QCOMPARE(merger.merge("{\"print\":{\"ipcam\":{\"rtsp_url\":\"disable\"}}}"),
             StatusReportMerger::Result::Merged);
    QVERIFY(merger.status().liveViewDisabled);
    QCOMPARE(merger.status().rtspPath, QString());

    // Not a string: not reported.
    QCOMPARE(merger.merge("{\"print\":{\"ipcam\":{\"rtsp_url\":42}}}"),
             StatusReportMerger::Result::Merged);
    QVERIFY(!merger.status().liveViewDisabled);
    QCOMPARE(merger.status().rtspPath, QString());
}

QTEST_GUILESS_MAIN(tst_StatusReportMerger)
#include "tst_statusreportmerger.moc"
