// The one worker thread on which every printer's timelapse and failure clip is encoded.
#pragma once

class QThreadPool;

namespace RecordWorkers {

// One thread at QThread::LowestPriority for the whole farm: encodes queue rather than compete
// with the wall's decoders on a small machine (docs/PERFORMANCE.md). Lives until the process ends;
// FarmRecorder waits for what it holds when it goes.
QThreadPool *encodePool();

} // namespace RecordWorkers
