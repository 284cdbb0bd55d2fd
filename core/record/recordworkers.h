// The one worker thread on which every printer's timelapse and failure clip is encoded.
#pragma once

#include <functional>

class QThreadPool;

namespace RecordWorkers {

// What top -H and ps -L show for the encode thread.
constexpr char kThreadName[] = "farmcam-encode";

// Runs `task` on the encode thread: one thread for the whole farm, so encodes queue rather than
// compete with the wall's decoders on a small machine, and at background priority
// (BackgroundPriority: SCHED_IDLE on Linux), so that an encode only ever takes CPU time that
// nothing else wants (docs/PERFORMANCE.md).
void startEncode(std::function<void()> task);

// The pool behind startEncode(), for waiting on what it holds (waitForDone()). Lives until the
// process ends; FarmRecorder waits for it when it goes.
QThreadPool *encodePool();

} // namespace RecordWorkers
