#include "grabscenario.h"

#include "processusage.h"
#include "simprocess.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>

#include <algorithm>
#include <functional>
#include <vector>

namespace {

struct Client
{
    QString name;
    QString description;
    // The program and its arguments for `frames` frames; `folder` is a fresh empty folder.
    std::function<QStringList(int frames, const QString &folder)> arguments;
    QString program;
};

struct Run
{
    bool ok = false;
    double cpuMs = 0;
    double wallMs = 0;
    QString error;
};

Run runClient(const Client &client, int frames, const QString &folder)
{
    Run run;
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("FARMCAM_ACCESS_CODE"),
                       QLatin1String(SimProcess::kAccessCode));
    process.setProcessEnvironment(environment);
    process.setStandardOutputFile(QProcess::nullDevice());
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);

    const double cpuBefore = ProcessUsage::childrenCpuMs();
    QElapsedTimer clock;
    clock.start();
    process.start(client.program, client.arguments(frames, folder));
    if (!process.waitForStarted(10000)) {
        run.error
            = QStringLiteral("cannot start %1: %2").arg(client.program, process.errorString());
        return run;
    }
    if (!process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished(5000);
        run.error = QStringLiteral("%1 did not finish within 120 s").arg(client.name);
        return run;
    }
    run.wallMs = double(clock.elapsed());
    // The child has been waited for: its CPU time is now in RUSAGE_CHILDREN.
    run.cpuMs = ProcessUsage::childrenCpuMs() - cpuBefore;
    run.ok = process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
    if (!run.ok)
        run.error
            = QStringLiteral("%1 failed (exit code %2)").arg(client.name).arg(process.exitCode());
    return run;
}

double median(std::vector<double> values)
{
    if (values.empty())
        return -1;
    std::sort(values.begin(), values.end());
    const std::size_t middle = values.size() / 2;
    return values.size() % 2 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

} // namespace

namespace GrabScenario {

QJsonObject run(const GrabScenarioOptions &options)
{
    SimProcess sim(options.simProgram);
    QString error;
    if (!sim.start(1, options.framesPerSecond, options.jpegQuality, &error))
        return QJsonObject{{QStringLiteral("error"), error}};
    const SimProcess::Endpoint endpoint = sim.endpoints().constFirst();
    const QString address = QStringLiteral("%1:%2").arg(endpoint.host).arg(endpoint.port);
    const QStringList hostAndPort{QStringLiteral("--host"), endpoint.host, QStringLiteral("--port"),
                                  QString::number(endpoint.port)};

    std::vector<Client> clients;
    clients.push_back({QStringLiteral("drain"),
                       QStringLiteral("TLS reader that only drains the bytes (floor)"),
                       [address](int frames, const QString &) {
                           return QStringList{QStringLiteral("--drain"), address,
                                              QStringLiteral("--count"), QString::number(frames)};
                       },
                       options.benchProgram});
    clients.push_back({QStringLiteral("grab-stdout"),
                       QStringLiteral("farmcam-grab --output - (to /dev/null)"),
                       [hostAndPort](int frames, const QString &) {
                           return hostAndPort
                               + QStringList{QStringLiteral("--count"), QString::number(frames),
                                             QStringLiteral("--output"), QStringLiteral("-")};
                       },
                       options.grabProgram});
    if (options.files) {
        clients.push_back({QStringLiteral("grab-files"),
                           QStringLiteral("farmcam-grab --output DIR (a file per frame)"),
                           [hostAndPort](int frames, const QString &folder) {
                               return hostAndPort
                                   + QStringList{QStringLiteral("--count"), QString::number(frames),
                                                 QStringLiteral("--output"), folder};
                           },
                           options.grabProgram});
    }

    QTemporaryDir dir;
    if (!dir.isValid())
        return QJsonObject{{QStringLiteral("error"), dir.errorString()}};

    const double simCpuStart = ProcessUsage::cpuMsOf(sim.processId());
    QElapsedTimer clock;
    clock.start();
    std::vector<std::vector<double>> perFrame(clients.size());
    std::vector<std::vector<double>> framesPerSecond(clients.size());
    const int frameSpan = options.manyFrames - options.fewFrames;
    // Interleaved, so that a change in the machine's load affects every client alike.
    for (int repetition = 0; repetition < options.repetitions; ++repetition) {
        for (std::size_t i = 0; i < clients.size(); ++i) {
            double cpu[2] = {};
            for (int pass = 0; pass < 2; ++pass) {
                const int frames = pass == 0 ? options.fewFrames : options.manyFrames;
                const QString folder = dir.filePath(QStringLiteral("run"));
                const Run run = runClient(clients[i], frames, folder);
                QDir(folder).removeRecursively();
                if (!run.ok)
                    return QJsonObject{{QStringLiteral("error"), run.error}};
                cpu[pass] = run.cpuMs;
                if (pass == 1)
                    framesPerSecond[i].push_back(double(frames) * 1000.0 / run.wallMs);
            }
            perFrame[i].push_back((cpu[1] - cpu[0]) / double(frameSpan));
        }
    }
    const double simCpuMs = ProcessUsage::cpuMsOf(sim.processId()) - simCpuStart;
    const double elapsedMs = double(clock.elapsed());
    sim.stop();

    const double floor = median(perFrame.front());
    QJsonArray results;
    for (std::size_t i = 0; i < clients.size(); ++i) {
        QJsonArray samples;
        for (double sample : perFrame[i])
            samples.append(sample);
        const double cpuMsPerFrame = median(perFrame[i]);
        results.append(QJsonObject{
            {QStringLiteral("client"), clients[i].name},
            {QStringLiteral("description"), clients[i].description},
            {QStringLiteral("cpuMsPerFrame"), cpuMsPerFrame},
            {QStringLiteral("cpuMsPerFrameSamples"), samples},
            {QStringLiteral("ratioToDrain"), floor > 0 ? cpuMsPerFrame / floor : -1.0},
            {QStringLiteral("framesPerSecond"), median(framesPerSecond[i])},
        });
    }
    QJsonObject result;
    result[QStringLiteral("clients")] = results;
    result[QStringLiteral("fewFrames")] = options.fewFrames;
    result[QStringLiteral("manyFrames")] = options.manyFrames;
    result[QStringLiteral("repetitions")] = options.repetitions;
    result[QStringLiteral("simCpuPercentOfOneCore")] = 100.0 * simCpuMs / elapsedMs;
    result[QStringLiteral("loadAverage")] = ProcessUsage::loadAverage();
    return result;
}

} // namespace GrabScenario
