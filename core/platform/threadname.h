// The name the operating system shows for a thread (top -H, ps -L, perf, a debugger), so that a
// pool thread doing one job can be told from the others, which Qt all names "Thread (pooled)".
#pragma once

class QByteArray;

namespace ThreadName {

// Linux: at most 15 bytes are kept. Elsewhere nothing happens.
void setForCurrentThread(const QByteArray &name);

} // namespace ThreadName
