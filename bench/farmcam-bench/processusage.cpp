#include "processusage.h"

#include <QByteArray>
#include <QFile>
#include <QList>

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
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray stat = file.readAll();
    // The command name (field 2) may hold spaces: count fields from the closing parenthesis.
    const qsizetype close = stat.lastIndexOf(')');
    if (close < 0)
        return -1;
    const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
    // After the name: state is field 3, utime field 14, stime field 15.
    if (fields.size() < 13)
        return -1;
    const double ticks = double(fields.at(11).toLongLong() + fields.at(12).toLongLong());
    return ticks * 1000.0 / double(::sysconf(_SC_CLK_TCK));
}

double loadAverage()
{
    double load[1] = {-1};
    return ::getloadavg(load, 1) == 1 ? load[0] : -1;
}

} // namespace ProcessUsage
