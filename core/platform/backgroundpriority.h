// Puts the calling thread behind everything else the machine runs, for work nobody waits for
// (encoding a timelapse) that must never take a core from the wall's painting and decoding.
#pragma once

namespace BackgroundPriority {

// What a background thread gets on Linux when SCHED_IDLE cannot be had.
constexpr int kNice = 19;

// Linux: SCHED_IDLE for this thread only (no privilege needed; threads it creates afterwards, such
// as an encoder's workers, inherit it), or nice 19 for this thread if the policy is refused.
// QThread::LowestPriority is not that: under SCHED_OTHER Qt maps it into a priority range of 0..0,
// so it changes nothing. Elsewhere: QThread::IdlePriority, which those systems do honour.
// False if nothing could be applied.
bool applyToCurrentThread();

// Whether the calling thread runs as applyToCurrentThread() left it (SCHED_IDLE or nice >= 19 on
// Linux; QThread::IdlePriority elsewhere).
bool isAppliedToCurrentThread();

} // namespace BackgroundPriority
