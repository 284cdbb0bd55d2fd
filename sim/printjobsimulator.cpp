#include "sim/printjobsimulator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace std::chrono;

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr milliseconds kForever = milliseconds::max();

double inSeconds(milliseconds time)
{
    return double(time.count()) / 1000.0;
}

// Printers report temperatures with a decimal or two; one keeps partial reports small.
double tenths(double value)
{
    return std::round(value * 10.0) / 10.0;
}

// First-order approach from `from` toward `to`, as a heater or a cooling part does.
double approach(double from, double to, double elapsedSeconds, double timeConstant)
{
    return to + (from - to) * std::exp(-elapsedSeconds / timeConstant);
}

qint64 ceilDiv(qint64 numerator, qint64 denominator)
{
    return (numerator + denominator - 1) / denominator;
}

} // namespace

PrintJobSimulator::PrintJobSimulator(QList<Job> jobs, bool loop)
    : m_jobs(std::move(jobs))
    , m_loop(loop)
{
    for (Job &job : m_jobs) {
        // Bounded so that the progress arithmetic cannot overflow.
        job.totalLayers = std::clamp(job.totalLayers, 1, 100'000);
        job.duration = std::clamp(job.duration, std::chrono::seconds(1),
                                  std::chrono::seconds(hours(24 * 30)));
        if (!(job.failAtFraction >= 0.0)) // NaN too
            job.failAtFraction = 0.0;
        job.failAtFraction = std::min(job.failAtFraction, 1.0);
    }
    if (m_jobs.isEmpty())
        m_jobsDone = true; // IDLE for good
    else
        m_phase = Phase::Preparing;
}

milliseconds PrintJobSimulator::printingLength() const
{
    const Job &job = m_jobs.at(m_jobIndex);
    const milliseconds duration = job.duration;
    if (job.outcome == Job::Outcome::Finish)
        return duration;
    return milliseconds(std::llround(double(duration.count()) * job.failAtFraction));
}

milliseconds PrintJobSimulator::phaseLength() const
{
    switch (m_phase) {
    case Phase::Preparing:
        return kPrepareTime;
    case Phase::Printing:
        return printingLength();
    case Phase::Ended:
        return m_holdLastOutcome && !m_loop && m_jobIndex == m_jobs.size() - 1
            ? kForever
            : milliseconds(kEndHoldTime);
    case Phase::Paused:
        return kForever; // until someone comes: there is no one in a simulation
    case Phase::Idle:
        return m_jobsDone ? kForever : milliseconds(kIdleTime);
    }
    return kForever;
}

PrintJobSimulator::Temperatures PrintJobSimulator::temperaturesAt(milliseconds inPhase) const
{
    const double t = inSeconds(inPhase);
    Temperatures temperatures;
    switch (m_phase) {
    case Phase::Preparing:
        temperatures.nozzle = approach(m_phaseStart.nozzle, kNozzleTarget, t, 8.0);
        temperatures.bed = approach(m_phaseStart.bed, kBedTarget, t, 12.0);
        break;
    case Phase::Printing:
    case Phase::Paused:
        // The heaters' controllers hold the target within a fraction of a degree.
        temperatures.nozzle = kNozzleTarget + 0.6 * std::sin(2.0 * kPi * t / 13.0);
        temperatures.bed = kBedTarget + 0.3 * std::sin(2.0 * kPi * t / 29.0);
        break;
    case Phase::Ended:
    case Phase::Idle:
        temperatures.nozzle = approach(m_phaseStart.nozzle, kAmbient, t, 40.0);
        temperatures.bed = approach(m_phaseStart.bed, kAmbient, t, 150.0);
        break;
    }
    return temperatures;
}

void PrintJobSimulator::enterNextPhase()
{
    // The next phase starts from where this one ends, whatever steps the caller took.
    m_phaseStart = temperaturesAt(phaseLength());
    m_inPhase = milliseconds(0);
    switch (m_phase) {
    case Phase::Preparing:
        m_phase = Phase::Printing;
        break;
    case Phase::Printing:
        m_phase = m_jobs.at(m_jobIndex).outcome == Job::Outcome::PauseForError ? Phase::Paused
                                                                               : Phase::Ended;
        break;
    case Phase::Ended:
        m_phase = Phase::Idle;
        m_jobsDone = !m_loop && m_jobIndex == m_jobs.size() - 1;
        break;
    case Phase::Idle:
        m_jobIndex = (m_jobIndex + 1) % int(m_jobs.size());
        m_phase = Phase::Preparing;
        break;
    case Phase::Paused:
        break; // endless: never called
    }
}

void PrintJobSimulator::advance(milliseconds elapsed)
{
    if (elapsed <= milliseconds(0))
        return;
    m_inPhase = kForever - m_inPhase < elapsed ? kForever : m_inPhase + elapsed;
    for (milliseconds length = phaseLength(); length != kForever && m_inPhase >= length;
         length = phaseLength()) {
        const milliseconds rest = m_inPhase - length;
        enterNextPhase();
        m_inPhase = rest;
    }
}

QJsonObject PrintJobSimulator::fields() const
{
    QString state = QStringLiteral("IDLE");
    QString name;
    qint64 percent = 0;
    qint64 remaining = 0;
    qint64 layer = 0;
    qint64 totalLayers = 0;
    double nozzleTarget = 0;
    double bedTarget = 0;
    qint64 printError = 0;
    QJsonArray hms;

    if (m_phase != Phase::Idle) {
        const Job &job = m_jobs.at(m_jobIndex);
        const qint64 durationMs = milliseconds(job.duration).count();
        // Progress at a point of the RUNNING phase.
        const auto progressAt = [&](qint64 ms) {
            percent = std::min<qint64>(100, ms * 100 / durationMs);
            layer = std::min<qint64>(job.totalLayers, 1 + ms * job.totalLayers / durationMs);
            remaining = ceilDiv(durationMs - ms, 60'000);
        };
        name = job.name;
        totalLayers = job.totalLayers;
        nozzleTarget = kNozzleTarget;
        bedTarget = kBedTarget;
        switch (m_phase) {
        case Phase::Preparing:
            state = QStringLiteral("PREPARE");
            remaining = ceilDiv(durationMs, 60'000);
            break;
        case Phase::Printing:
            state = QStringLiteral("RUNNING");
            progressAt(m_inPhase.count());
            break;
        case Phase::Paused:
            state = QStringLiteral("PAUSE");
            progressAt(printingLength().count());
            printError = kPauseError;
            // HMS_0700_2000_0002_0001: AMS slot 1 ran out of filament.
            hms.append(QJsonObject{{QStringLiteral("attr"), 0x07002000},
                                   {QStringLiteral("code"), 0x00020001}});
            break;
        case Phase::Ended:
            nozzleTarget = 0;
            bedTarget = 0;
            if (job.outcome == Job::Outcome::Finish) {
                state = QStringLiteral("FINISH");
                percent = 100;
                layer = job.totalLayers;
                remaining = 0;
            } else {
                state = QStringLiteral("FAILED");
                progressAt(printingLength().count());
                printError = kFailError;
            }
            break;
        case Phase::Idle:
            break;
        }
    }

    const Temperatures temperatures = temperaturesAt(m_inPhase);
    QJsonObject fields{
        {QStringLiteral("gcode_state"), state},
        {QStringLiteral("subtask_name"), name},
        {QStringLiteral("mc_percent"), percent},
        {QStringLiteral("mc_remaining_time"), remaining},
        {QStringLiteral("layer_num"), layer},
        {QStringLiteral("total_layer_num"), totalLayers},
        {QStringLiteral("nozzle_temper"), tenths(temperatures.nozzle)},
        {QStringLiteral("nozzle_target_temper"), nozzleTarget},
        {QStringLiteral("bed_temper"), tenths(temperatures.bed)},
        {QStringLiteral("bed_target_temper"), bedTarget},
        {QStringLiteral("print_error"), printError},
        {QStringLiteral("hms"), hms},
        {QStringLiteral("wifi_signal"), QStringLiteral("-44dBm")},
    };
    if (!m_ipcam.isEmpty())
        fields.insert(QStringLiteral("ipcam"), m_ipcam);
    return fields;
}

void PrintJobSimulator::setCamera(const QString &rtspUrl, const QString &resolution)
{
    if (rtspUrl.isEmpty()) {
        m_ipcam = QJsonObject();
        return;
    }
    m_ipcam = QJsonObject{
        {QStringLiteral("ipcam_dev"), QStringLiteral("1")},
        {QStringLiteral("resolution"), resolution},
        {QStringLiteral("rtsp_url"), rtspUrl},
    };
}

QByteArray PrintJobSimulator::report(const QJsonObject &print, int msg) const
{
    QJsonObject envelope = print;
    envelope.insert(QStringLiteral("command"), QStringLiteral("push_status"));
    envelope.insert(QStringLiteral("msg"), msg);
    envelope.insert(QStringLiteral("sequence_id"), QString::number(m_sequence));
    return QJsonDocument(QJsonObject{{QStringLiteral("print"), envelope}})
        .toJson(QJsonDocument::Compact);
}

QByteArray PrintJobSimulator::fullReport() const
{
    return report(fields(), 0);
}

QByteArray PrintJobSimulator::takeFullReport()
{
    ++m_sequence;
    m_lastReported = fields();
    return report(m_lastReported, 0);
}

QByteArray PrintJobSimulator::takePartialReport()
{
    const QJsonObject now = fields();
    QJsonObject changed;
    for (auto it = now.constBegin(); it != now.constEnd(); ++it) {
        if (m_lastReported.value(it.key()) != it.value())
            changed.insert(it.key(), it.value());
    }
    if (changed.isEmpty())
        return QByteArray();
    ++m_sequence;
    m_lastReported = now;
    return report(changed, 1);
}
