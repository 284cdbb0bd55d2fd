#include "benchreport.h"

#include <QHash>
#include <QStringList>

namespace {

// "–" for a missing figure (absent, or -1 for "none measured").
QString number(const QJsonValue &value, int decimals)
{
    if (!value.isDouble() || value.toDouble() == -1)
        return QStringLiteral("–");
    return QString::number(value.toDouble(), 'f', decimals);
}

QString row(const QStringList &cells)
{
    return QStringLiteral("| ") + cells.join(QStringLiteral(" | ")) + QStringLiteral(" |\n");
}

QString separator(int columns)
{
    QStringList cells;
    for (int i = 0; i < columns; ++i)
        cells << QStringLiteral("---");
    return row(cells);
}

} // namespace

namespace BenchReport {

QString gridTable(const QJsonArray &scenarios)
{
    const QStringList header{QStringLiteral("scenario"),
                             QStringLiteral("tile (decode) px"),
                             QStringLiteral("frame KiB"),
                             QStringLiteral("frames recv / decoded / shown"),
                             QStringLiteral("app CPU ms/frame"),
                             QStringLiteral("app CPU % of a core"),
                             QStringLiteral("latency p50 / p99 ms"),
                             QStringLiteral("peak RSS MiB"),
                             QStringLiteral("RSS growth MiB"),
                             QStringLiteral("sim CPU %")};
    QString text = row(header) + separator(int(header.size()));
    for (const QJsonValue &value : scenarios) {
        const QJsonObject s = value.toObject();
        if (s.contains(QStringLiteral("error"))) {
            text += row({s.value(QStringLiteral("scenario")).toString(),
                         QStringLiteral("failed: ") + s.value(QStringLiteral("error")).toString(),
                         {},
                         {},
                         {},
                         {},
                         {},
                         {},
                         {},
                         {}});
            continue;
        }
        text += row({
            s.value(QStringLiteral("scenario")).toString(),
            QStringLiteral("%1 (%2)").arg(s.value(QStringLiteral("tile")).toString(),
                                          s.value(QStringLiteral("decodeSize")).toString()),
            number(s.value(QStringLiteral("frameKiB")), 0),
            QStringLiteral("%1 / %2 / %3")
                .arg(number(s.value(QStringLiteral("framesReceived")), 0),
                     number(s.value(QStringLiteral("framesDecoded")), 0),
                     number(s.value(QStringLiteral("framesShown")), 0)),
            number(s.value(QStringLiteral("cpuMsPerFrame")), 2),
            number(s.value(QStringLiteral("cpuPercentOfOneCore")), 1),
            QStringLiteral("%1 / %2").arg(number(s.value(QStringLiteral("latencyP50Ms")), 1),
                                          number(s.value(QStringLiteral("latencyP99Ms")), 1)),
            number(s.value(QStringLiteral("peakRssMiB")), 0),
            number(s.value(QStringLiteral("rssGrowthMiB")), 1),
            number(s.value(QStringLiteral("simCpuPercentOfOneCore")), 0),
        });
    }
    return text;
}

QString rtspsTable(const QJsonArray &scenarios)
{
    const QStringList header{QStringLiteral("scenario"),
                             QStringLiteral("tile (decode) px"),
                             QStringLiteral("frames recv / H.264 decoded / shown"),
                             QStringLiteral("on-screen printers' frames shown"),
                             QStringLiteral("longest tile refresh s"),
                             QStringLiteral("app CPU % of a core (per printer)"),
                             QStringLiteral("latency p50 / p99 ms"),
                             QStringLiteral("peak RSS MiB"),
                             QStringLiteral("sim CPU %"),
                             QStringLiteral("ffmpeg anchor CPU % (pictures/s per camera)"),
                             QStringLiteral("anchor ÷ app")};
    QString text = row(header) + separator(int(header.size()));
    for (const QJsonValue &value : scenarios) {
        const QJsonObject s = value.toObject();
        QStringList cells{s.value(QStringLiteral("scenario")).toString()};
        if (s.contains(QStringLiteral("error"))) {
            cells << QStringLiteral("failed: ") + s.value(QStringLiteral("error")).toString();
            while (cells.size() < header.size())
                cells << QString();
            text += row(cells);
            continue;
        }
        const QJsonObject anchor = s.value(QStringLiteral("anchor")).toObject();
        const double appCpu = s.value(QStringLiteral("cpuPercentOfOneCore")).toDouble();
        QString anchorCell = QStringLiteral("–");
        QString ratioCell = QStringLiteral("–");
        if (anchor.contains(QStringLiteral("error"))) {
            anchorCell
                = QStringLiteral("failed: ") + anchor.value(QStringLiteral("error")).toString();
        } else if (!anchor.isEmpty()) {
            anchorCell = QStringLiteral("%1 (%2)").arg(
                number(anchor.value(QStringLiteral("cpuPercentOfOneCore")), 1),
                number(anchor.value(QStringLiteral("framesPerSecondPerCamera")), 1));
            if (appCpu > 0)
                ratioCell = QString::number(
                    anchor.value(QStringLiteral("cpuPercentOfOneCore")).toDouble() / appCpu, 'f',
                    1);
        }
        cells << QStringLiteral("%1 (%2)").arg(s.value(QStringLiteral("tile")).toString(),
                                               s.value(QStringLiteral("decodeSize")).toString())
              << QStringLiteral("%1 / %2 / %3")
                     .arg(number(s.value(QStringLiteral("framesReceived")), 0),
                          number(s.value(QStringLiteral("h264Decoded")), 0),
                          number(s.value(QStringLiteral("framesShown")), 0))
              << (s.value(QStringLiteral("visibleFramesReceived")).toDouble() > 0
                      ? QStringLiteral("%1 of %2")
                            .arg(number(s.value(QStringLiteral("visibleFramesShown")), 0),
                                 number(s.value(QStringLiteral("visibleFramesReceived")), 0))
                      : QStringLiteral("–"))
              << number(s.value(QStringLiteral("longestTileRefreshS")), 2)
              << QStringLiteral("%1 (%2)").arg(
                     number(s.value(QStringLiteral("cpuPercentOfOneCore")), 1),
                     number(s.value(QStringLiteral("cpuPercentPerPrinter")), 2))
              << QStringLiteral("%1 / %2").arg(number(s.value(QStringLiteral("latencyP50Ms")), 1),
                                               number(s.value(QStringLiteral("latencyP99Ms")), 1))
              << number(s.value(QStringLiteral("peakRssMiB")), 0)
              << number(s.value(QStringLiteral("simCpuPercentOfOneCore")), 0) << anchorCell
              << ratioCell;
        text += row(cells);
    }
    return text;
}

QString encodeTable(const QJsonArray &scenarios)
{
    const QStringList header{QStringLiteral("scenario"),
                             QStringLiteral("window"),
                             QStringLiteral("load avg"),
                             QStringLiteral("frames recv / shown"),
                             QStringLiteral("app CPU % of a core"),
                             QStringLiteral("latency p50 / p99 / max ms"),
                             QStringLiteral("encode thread CPU % (policy, nice)"),
                             QStringLiteral("encodes finished")};
    QString text = row(header) + separator(int(header.size()));
    const auto failedRow
        = [&header](const QString &scenario, const QString &window, const QString &error) {
              QStringList cells{scenario, window, QStringLiteral("failed: ") + error};
              while (cells.size() < header.size())
                  cells << QString();
              return row(cells);
          };
    const auto windowRow = [](const QString &scenario, const QString &window,
                              const QJsonObject &w) {
        const QJsonObject thread = w.value(QStringLiteral("encodeThread")).toObject();
        return row(
            {scenario, window, number(w.value(QStringLiteral("loadAverage")), 1),
             QStringLiteral("%1 / %2").arg(number(w.value(QStringLiteral("framesReceived")), 0),
                                           number(w.value(QStringLiteral("framesShown")), 0)),
             number(w.value(QStringLiteral("cpuPercentOfOneCore")), 1),
             QStringLiteral("%1 / %2 / %3")
                 .arg(number(w.value(QStringLiteral("latencyP50Ms")), 1),
                      number(w.value(QStringLiteral("latencyP99Ms")), 1),
                      number(w.value(QStringLiteral("latencyMaxMs")), 1)),
             thread.isEmpty()
                 ? QStringLiteral("–")
                 : QStringLiteral("%1 (%2, %3)")
                       .arg(number(thread.value(QStringLiteral("cpuPercentOfOneCore")), 1),
                            thread.value(QStringLiteral("policy")).toString(),
                            QString::number(thread.value(QStringLiteral("nice")).toInt())),
             w.contains(QStringLiteral("encodesFinished"))
                 ? QString::number(w.value(QStringLiteral("encodesFinished")).toInt())
                 : QStringLiteral("–")});
    };
    const auto difference
        = [](const QJsonObject &without, const QJsonObject &with, const QString &key) {
              const double a = without.value(key).toDouble(-1);
              const double b = with.value(key).toDouble(-1);
              if (a < 0 || b < 0)
                  return QStringLiteral("–");
              return QStringLiteral("%1%2").arg(b >= a ? QStringLiteral("+") : QString(),
                                                QString::number(b - a, 'f', 1));
          };
    for (const QJsonValue &value : scenarios) {
        const QJsonObject s = value.toObject();
        const QString scenario = s.value(QStringLiteral("scenario")).toString();
        if (s.contains(QStringLiteral("error"))) {
            text += failedRow(scenario, QString(), s.value(QStringLiteral("error")).toString());
            continue;
        }
        text += windowRow(scenario, QStringLiteral("without"), s);
        const QJsonObject with = s.value(QStringLiteral("duringEncode")).toObject();
        if (with.contains(QStringLiteral("error"))) {
            text += failedRow(scenario, QStringLiteral("during encodes"),
                              with.value(QStringLiteral("error")).toString());
            continue;
        }
        text += windowRow(scenario, QStringLiteral("during encodes"), with);
        text += row({scenario, QStringLiteral("difference"), QString(), QString(),
                     difference(s, with, QStringLiteral("cpuPercentOfOneCore")),
                     QStringLiteral("%1 / **%2** / %3")
                         .arg(difference(s, with, QStringLiteral("latencyP50Ms")),
                              difference(s, with, QStringLiteral("latencyP99Ms")),
                              difference(s, with, QStringLiteral("latencyMaxMs"))),
                     QString(), QString()});
    }
    return text;
}

QString grabTable(const QJsonObject &grab)
{
    if (grab.contains(QStringLiteral("error")))
        return QStringLiteral("grab: failed: %1\n")
            .arg(grab.value(QStringLiteral("error")).toString());
    const QStringList header{QStringLiteral("client"), QStringLiteral("CPU ms/frame"),
                             QStringLiteral("× drain floor"), QStringLiteral("frames/s"),
                             QStringLiteral("samples (ms/frame)")};
    QString text = row(header) + separator(int(header.size()));
    const QJsonArray clients = grab.value(QStringLiteral("clients")).toArray();
    for (const QJsonValue &value : clients) {
        const QJsonObject c = value.toObject();
        QStringList samples;
        for (const QJsonValue &sample : c.value(QStringLiteral("cpuMsPerFrameSamples")).toArray())
            samples << number(sample, 3);
        text += row({c.value(QStringLiteral("description")).toString(),
                     number(c.value(QStringLiteral("cpuMsPerFrame")), 3),
                     number(c.value(QStringLiteral("ratioToDrain")), 2),
                     number(c.value(QStringLiteral("framesPerSecond")), 0),
                     samples.join(QStringLiteral(", "))});
    }
    return text;
}

QString comparisonTable(const QJsonObject &before, const QJsonObject &after)
{
    const auto change
        = [](const QJsonObject &b, const QJsonObject &a, const QString &key, int decimals) {
              const double x = b.value(key).toDouble(-1);
              const double y = a.value(key).toDouble(-1);
              QString text = QStringLiteral("%1 → %2").arg(number(b.value(key), decimals),
                                                           number(a.value(key), decimals));
              if (x > 0 && y >= 0)
                  text += QStringLiteral(" (%1%2 %)")
                              .arg(y >= x ? QStringLiteral("+") : QString())
                              .arg(QString::number(100.0 * (y - x) / x, 'f', 0));
              return text;
          };
    const auto byName = [](const QJsonArray &array, const QString &key) {
        QHash<QString, QJsonObject> map;
        for (const QJsonValue &value : array)
            map.insert(value.toObject().value(key).toString(), value.toObject());
        return map;
    };

    QString text;
    const QJsonArray beforeGrid = before.value(QStringLiteral("grid")).toArray();
    const auto afterGrid
        = byName(after.value(QStringLiteral("grid")).toArray(), QStringLiteral("scenario"));
    if (!beforeGrid.isEmpty()) {
        const QStringList header{
            QStringLiteral("scenario"),         QStringLiteral("tile px"),
            QStringLiteral("app CPU ms/frame"), QStringLiteral("app CPU % of a core"),
            QStringLiteral("latency p50 ms"),   QStringLiteral("latency p99 ms"),
            QStringLiteral("peak RSS MiB")};
        text += row(header) + separator(int(header.size()));
        for (const QJsonValue &value : beforeGrid) {
            const QJsonObject b = value.toObject();
            const QString name = b.value(QStringLiteral("scenario")).toString();
            const QJsonObject a = afterGrid.value(name);
            text += row({name, b.value(QStringLiteral("tile")).toString(),
                         change(b, a, QStringLiteral("cpuMsPerFrame"), 2),
                         change(b, a, QStringLiteral("cpuPercentOfOneCore"), 1),
                         change(b, a, QStringLiteral("latencyP50Ms"), 1),
                         change(b, a, QStringLiteral("latencyP99Ms"), 1),
                         change(b, a, QStringLiteral("peakRssMiB"), 0)});
        }
        text += u'\n';
    }
    const QJsonArray beforeGrab = before.value(QStringLiteral("grab"))
                                      .toObject()
                                      .value(QStringLiteral("clients"))
                                      .toArray();
    const auto afterGrab = byName(
        after.value(QStringLiteral("grab")).toObject().value(QStringLiteral("clients")).toArray(),
        QStringLiteral("client"));
    if (!beforeGrab.isEmpty()) {
        const QStringList header{QStringLiteral("client"), QStringLiteral("CPU ms/frame"),
                                 QStringLiteral("× drain floor")};
        text += row(header) + separator(int(header.size()));
        for (const QJsonValue &value : beforeGrab) {
            const QJsonObject b = value.toObject();
            const QJsonObject a = afterGrab.value(b.value(QStringLiteral("client")).toString());
            text += row({b.value(QStringLiteral("description")).toString(),
                         change(b, a, QStringLiteral("cpuMsPerFrame"), 3),
                         change(b, a, QStringLiteral("ratioToDrain"), 2)});
        }
    }
    return text;
}

} // namespace BenchReport
