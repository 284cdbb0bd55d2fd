// CPU time and memory of this process and of others, from getrusage() and /proc (Linux only).
#pragma once

#include <QList>
#include <QString>
#include <QtGlobal>

namespace ProcessUsage {

// User + system CPU time of this process (all its threads), in milliseconds.
double selfCpuMs();
// The same for the children this process has waited for so far (a finished QProcess counts).
double childrenCpuMs();
// Resident set size now (VmRSS) and its peak over the process's life (VmHWM), in KiB; -1 if
// unknown.
qint64 rssKiB();
qint64 peakRssKiB();
// User + system CPU time of another running process, from /proc/<pid>/stat (clock-tick
// resolution, 10 ms); -1 if unknown.
double cpuMsOf(qint64 pid);
// One thread of this process: its name, CPU time so far and how the kernel schedules it.
struct ThreadSample
{
    qint64 tid = 0;
    QString name; // the kernel's comm (15 characters at most)
    double cpuMs = 0;
    int nice = 0;
    int policy = 0; // SCHED_OTHER 0, SCHED_BATCH 3, SCHED_IDLE 5, ...
};

// Every thread of this process now, from /proc/self/task/<tid>/stat; empty if unknown.
QList<ThreadSample> threadsOfSelf();
// "SCHED_OTHER", "SCHED_IDLE", ... for a policy number.
QString policyName(int policy);

// The 1-minute load average, to show how busy the machine was; -1 if unknown.
double loadAverage();

} // namespace ProcessUsage
