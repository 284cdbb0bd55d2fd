#include "processusage.h"

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QList>

#include <sched.h>

#include <sys/resource.h>
#include <unistd.h>

namespace {

double toMs(const timeval &time)
{
    return double(time.tv_sec) * 1000.0 + double(time.tv_usec) / 1000.0;
}

double usageMs(int who)
{
    rusage usage{};
    if (::getrusage(who, &usage) != 0)
        return -1;
    return toMs(usage.ru_utime) + toMs(usage.ru_stime);
}

// The fields after the command name of a /proc/.../stat line (field 3, the state, is at index 0),
// and the name; false if the line cannot be read.
bool statFields(const QString &path, QList<QByteArray> *fields, QByteArray *name = nullptr)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray stat = file.readAll();
    // The command name (field 2) may hold spaces: count fields from the closing parenthesis.
    const qsizetype open = stat.indexOf('(');
    const qsizetype close = stat.lastIndexOf(')');
    if (open < 0 || close < open)
        return false;
    if (name)
        *name = stat.mid(open + 1, close - open - 1);
    *fields = stat.mid(close + 2).split(' ');
    return true;
}

double ticksToMs(const QByteArray &utime, const QByteArray &stime)
{
    return double(utime.toLongLong() + stime.toLongLong()) * 1000.0
        / double(::sysconf(_SC_CLK_TCK));
}

qint64 statusKiB(const char *field)
{
    QFile file(QStringLiteral("/proc/self/status"));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray prefix = QByteArray(field) + ':';
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.startsWith(prefix)) // "VmRSS:     123456 kB"
            return line.mid(prefix.size()).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

} // namespace

namespace ProcessUsage {

double selfCpuMs()
{
    return usageMs(RUSAGE_SELF);
}

double childrenCpuMs()
{
    return usageMs(RUSAGE_CHILDREN);
}

qint64 rssKiB()
{
    return statusKiB("VmRSS");
}

qint64 peakRssKiB()
{
    return statusKiB("VmHWM");
}

double cpuMsOf(qint64 pid)
{
    QList<QByteArray> fields;
    // After the name: state is field 3, utime field 14, stime field 15.
    if (!statFields(QStringLiteral("/proc/%1/stat").arg(pid), &fields) || fields.size() < 13)
        return -1;
    return ticksToMs(fields.at(11), fields.at(12));
}

QList<ThreadSample> threadsOfSelf()
{
    QList<ThreadSample> threads;
    const QDir tasks(QStringLiteral("/proc/self/task"));
    for (const QString &tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QList<QByteArray> fields;
        QByteArray name;
        // nice is field 19, policy field 41.
        if (!statFields(tasks.filePath(tid) + QStringLiteral("/stat"), &fields, &name)
            || fields.size() < 39)
            continue; // the thread ended meanwhile
        ThreadSample sample;
        sample.tid = tid.toLongLong();
        sample.name = QString::fromUtf8(name);
        sample.cpuMs = ticksToMs(fields.at(11), fields.at(12));
        sample.nice = fields.at(16).toInt();
        sample.policy = fields.at(38).toInt();
        threads.append(sample);
    }
    return threads;
}

QString policyName(int policy)
{
    switch (policy) {
    case SCHED_OTHER:
        return QStringLiteral("SCHED_OTHER");
    case SCHED_FIFO:
        return QStringLiteral("SCHED_FIFO");
    case SCHED_RR:
        return QStringLiteral("SCHED_RR");
#ifdef SCHED_BATCH
    case SCHED_BATCH:
        return QStringLiteral("SCHED_BATCH");
#endif
#ifdef SCHED_IDLE
    case SCHED_IDLE:
        return QStringLiteral("SCHED_IDLE");
#endif
    default:
        return QStringLiteral("policy %1").arg(policy);
    }
}

double loadAverage()
{
    double load[1] = {-1};
    return ::getloadavg(load, 1) == 1 ? load[0] : -1;
}

} // namespace ProcessUsage
