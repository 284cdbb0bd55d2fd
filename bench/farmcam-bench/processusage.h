// CPU time and memory of this process and of others, from getrusage() and /proc (Linux only).
#pragma once

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
// The 1-minute load average, to show how busy the machine was; -1 if unknown.
double loadAverage();

} // namespace ProcessUsage
