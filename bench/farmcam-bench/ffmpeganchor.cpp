#include "ffmpeganchor.h"

#include "eventloopwait.h"
#include "processusage.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QProcess>

#include <algorithm>

namespace {

constexpr qsizetype kErrorTailBytes = 2048;

QJsonObject failure(const QString &message)
{
    return QJsonObject{{QStringLiteral("error"), message}};
}

// Everything after the input, shared by the real command and the one shown.
QStringList outputArguments()
{
    // -progress writes "frame=N" blocks every half second; the pictures themselves go nowhere,
    // as they would go to a consumer that is not measured here.
    return {QStringLiteral("-f"),     QStringLiteral("mjpeg"), QStringLiteral("-progress"),
            QStringLiteral("pipe:1"), QStringLiteral("-y"),    QStringLiteral("/dev/null")};
}

} // namespace

FfmpegAnchor::FfmpegAnchor(const QString &program, QObject *parent)
    : QObject(parent)
    , m_program(program)
{ }

FfmpegAnchor::~FfmpegAnchor()
{
    stopAll();
}

QString FfmpegAnchor::commandForDisplay()
{
    return QStringLiteral("ffmpeg -nostdin -loglevel error -rtsp_transport tcp -i "
                          "rtsps://bblp:<code>@127.0.0.1:<port>/streaming/live/1 ")
        + outputArguments().join(u' ');
}

QStringList FfmpegAnchor::arguments(const SimProcess::Endpoint &endpoint) const
{
    // Debian's FFmpeg (GnuTLS) does not verify the server's certificate unless asked
    // (-tls_verify 1), so the simulator's self-signed one needs no option.
    const QString url = QStringLiteral("rtsps://bblp:%1@%2:%3/streaming/live/1")
                            .arg(QLatin1String(SimProcess::kAccessCode), endpoint.host)
                            .arg(endpoint.port);
    return QStringList{QStringLiteral("-nostdin"),
                       QStringLiteral("-hide_banner"),
                       QStringLiteral("-loglevel"),
                       QStringLiteral("error"),
                       QStringLiteral("-rtsp_transport"),
                       QStringLiteral("tcp"),
                       QStringLiteral("-i"),
                       url}
    + outputArguments();
}

void FfmpegAnchor::readProgress(Client *client)
{
    client->lineBuffer += client->process->readAllStandardOutput();
    qsizetype newline = 0;
    while ((newline = client->lineBuffer.indexOf('\n')) >= 0) {
        const QByteArray line = client->lineBuffer.left(newline).trimmed();
        client->lineBuffer.remove(0, newline + 1);
        if (line.startsWith("frame="))
            client->frames = line.mid(6).toULongLong();
    }
}

void FfmpegAnchor::readErrors(Client *client)
{
    client->errorTail += client->process->readAllStandardError();
    client->errorTail.replace(SimProcess::kAccessCode, "<code>");
    if (client->errorTail.size() > kErrorTailBytes)
        client->errorTail = client->errorTail.right(kErrorTailBytes);
}

QString FfmpegAnchor::describeFailure(const Client &client) const
{
    QString text = QStringLiteral("ffmpeg ended (exit code %1)").arg(client.process->exitCode());
    if (client.process->error() == QProcess::FailedToStart)
        text = QStringLiteral("cannot start %1: %2").arg(m_program, client.process->errorString());
    const QString errors = QString::fromLocal8Bit(client.errorTail).trimmed();
    return errors.isEmpty() ? text : text + QStringLiteral(": ") + errors;
}

void FfmpegAnchor::stopAll()
{
    for (Client &client : m_clients) {
        if (client.process->state() == QProcess::NotRunning)
            continue;
        client.process->terminate();
    }
    for (Client &client : m_clients) {
        if (!client.process->waitForFinished(5000)) {
            client.process->kill();
            client.process->waitForFinished(5000);
        }
    }
}

QJsonObject FfmpegAnchor::run(const QList<SimProcess::Endpoint> &endpoints, int durationSeconds,
                              qint64 simPid)
{
    stopAll();
    m_clients.clear();
    m_clients.resize(std::size_t(endpoints.size()));
    for (qsizetype i = 0; i < endpoints.size(); ++i) {
        Client *client = &m_clients[std::size_t(i)];
        client->process = new QProcess(this);
        connect(client->process, &QProcess::readyReadStandardOutput, this,
                [this, client] { readProgress(client); });
        connect(client->process, &QProcess::readyReadStandardError, this,
                [this, client] { readErrors(client); });
        client->process->start(m_program, arguments(endpoints.at(i)));
    }

    const auto allRunning = [this] {
        return std::all_of(m_clients.begin(), m_clients.end(), [](const Client &client) {
            return client.process->state() != QProcess::NotRunning;
        });
    };
    const bool warm = EventLoopWait::until(
        [&] {
            return !allRunning()
                || std::all_of(m_clients.begin(), m_clients.end(),
                               [](const Client &client) { return client.frames > 0; });
        },
        30000);
    for (const Client &client : m_clients) {
        if (client.process->state() == QProcess::NotRunning)
            return failure(describeFailure(client));
    }
    if (!warm)
        return failure(QStringLiteral("ffmpeg: not every process made a picture within 30 s"));
    EventLoopWait::forMs(2000);

    const auto cpuMs = [this] {
        double sum = 0;
        for (const Client &client : m_clients)
            sum += ProcessUsage::cpuMsOf(client.process->processId());
        return sum;
    };
    const auto frames = [this] {
        quint64 sum = 0;
        for (const Client &client : m_clients)
            sum += client.frames;
        return sum;
    };
    const double loadBefore = ProcessUsage::loadAverage();
    const double cpuStart = cpuMs();
    const double simCpuStart = ProcessUsage::cpuMsOf(simPid);
    const quint64 framesStart = frames();
    QElapsedTimer clock;
    clock.start();
    EventLoopWait::until([&] { return !allRunning() || clock.elapsed() >= durationSeconds * 1000; },
                         durationSeconds * 1000 + 2000);
    const double elapsedS = double(clock.elapsed()) / 1000.0;
    const double cpu = cpuMs() - cpuStart;
    const double simCpu = ProcessUsage::cpuMsOf(simPid) - simCpuStart;
    const quint64 framesMade = frames() - framesStart;
    for (const Client &client : m_clients) {
        if (client.process->state() == QProcess::NotRunning)
            return failure(describeFailure(client));
    }
    stopAll();

    const double processes = double(m_clients.size());
    QJsonObject result;
    result[QStringLiteral("command")] = commandForDisplay();
    result[QStringLiteral("processes")] = processes;
    result[QStringLiteral("durationS")] = elapsedS;
    result[QStringLiteral("cpuPercentOfOneCore")] = 100.0 * cpu / (elapsedS * 1000.0);
    result[QStringLiteral("framesMade")] = double(framesMade);
    result[QStringLiteral("framesPerSecondPerCamera")] = double(framesMade) / elapsedS / processes;
    result[QStringLiteral("simCpuPercentOfOneCore")] = 100.0 * simCpu / (elapsedS * 1000.0);
    result[QStringLiteral("loadAverage")] = loadBefore;
    return result;
}
