#include "h264streamdecoder.h"

#include "frames/h264decoder.h"

#include <QLoggingCategory>
#include <QMutex>
#include <QMutexLocker>
#include <QThreadPool>

#include <deque>

Q_LOGGING_CATEGORY(lcStream, "farmcam.decoder")

// Shared between the decoder object (its thread) and its pool job, as in FrameDecoder. Two locks:
// `queueMutex` for the queue and flags, held only briefly, so that publishing a frame never waits
// for a decode; `decoderMutex` for the FFmpeg context, held while a frame is decoded and scaled.
struct H264StreamDecoder::State
{
    QMutex queueMutex;
    std::deque<Request> queue;
    int backlog = 0;
    bool jobRunning = false;
    bool waitForKey = true; // at queueing time
    bool fast = false;
    quint64 generation = 0; // bumped by reset(): older work is thrown away
    H264StreamDecoder *receiver = nullptr;
    quint64 decoded = 0;
    quint64 dropped = 0;

    QMutex decoderMutex;
    H264Decoder decoder{H264Decoder::Mode::EveryFrame};
    quint64 decoderGeneration = 0;
    bool needKey = true; // in the job: after an error or a gap
    quint64 lastInputSequence = 0;
    CameraFrame current; // the frame decoder.picture() shows
};

H264StreamDecoder::H264StreamDecoder(QObject *parent)
    : QObject(parent)
    , m_state(std::make_shared<State>())
{
    m_state->receiver = this;
}

H264StreamDecoder::~H264StreamDecoder()
{
    QMutexLocker locker(&m_state->queueMutex);
    m_state->receiver = nullptr;
    m_state->queue.clear();
}

void H264StreamDecoder::enqueue(Request request)
{
    QMutexLocker locker(&m_state->queueMutex);
    State &state = *m_state;
    if (!request.frame.isNull()) {
        const bool key = request.frame.isKeyFrame();
        if (state.waitForKey && !key) {
            ++state.dropped;
            return;
        }
        if (!request.sizes.isEmpty() && state.backlog >= kMaxBacklogFrames) {
            // Behind by more than the bound: what waits would be shown late anyway. Start again
            // at a key frame instead of queueing without end.
            qCDebug(lcStream) << "H.264 stream decoder behind by" << state.backlog
                              << "frames: skipping to the next key frame";
            state.dropped += state.queue.size();
            state.queue.clear();
            state.backlog = 0;
            ++state.generation;
            if (!key) {
                state.waitForKey = true;
                ++state.dropped;
                return;
            }
        }
        state.waitForKey = false;
    }
    if (!request.sizes.isEmpty())
        ++state.backlog;
    state.queue.push_back(std::move(request));
    if (state.jobRunning)
        return;
    state.jobRunning = true;
    locker.unlock();
    QThreadPool::globalInstance()->start([state = m_state] { run(state); });
}

void H264StreamDecoder::reset()
{
    QMutexLocker locker(&m_state->queueMutex);
    m_state->dropped += m_state->queue.size();
    m_state->queue.clear();
    m_state->backlog = 0;
    m_state->waitForKey = true;
    ++m_state->generation; // the job resets the FFmpeg context before its next frame
}

void H264StreamDecoder::setFast(bool fast)
{
    QMutexLocker locker(&m_state->queueMutex);
    m_state->fast = fast;
}

bool H264StreamDecoder::isFast() const
{
    QMutexLocker locker(&m_state->queueMutex);
    return m_state->fast;
}

int H264StreamDecoder::backlog() const
{
    QMutexLocker locker(&m_state->queueMutex);
    return m_state->backlog;
}

quint64 H264StreamDecoder::decodedCount() const
{
    QMutexLocker locker(&m_state->queueMutex);
    return m_state->decoded;
}

quint64 H264StreamDecoder::droppedCount() const
{
    QMutexLocker locker(&m_state->queueMutex);
    return m_state->dropped;
}

std::function<QImage(quint64)> H264StreamDecoder::fullPictureFunction() const
{
    return [state = m_state](quint64 sequence) -> QImage {
        QMutexLocker locker(&state->decoderMutex);
        if (sequence == 0 || state->current.sequence() != sequence || state->decoder.isFast())
            return {};
        return state->decoder.picture();
    };
}

void H264StreamDecoder::run(const std::shared_ptr<State> &statePointer)
{
    State &state = *statePointer;
    for (;;) {
        QMutexLocker queueLocker(&state.queueMutex);
        if (state.queue.empty() || !state.receiver) {
            state.jobRunning = false;
            return;
        }
        const Request request = std::move(state.queue.front());
        state.queue.pop_front();
        if (!request.sizes.isEmpty())
            --state.backlog;
        const quint64 generation = state.generation;
        const bool fast = state.fast;
        queueLocker.unlock();

        QMutexLocker decoderLocker(&state.decoderMutex);
        if (state.decoderGeneration != generation) {
            state.decoder.reset();
            state.decoderGeneration = generation;
            state.needKey = true;
            state.current = CameraFrame();
        }
        if (state.decoder.isFast() != fast)
            state.decoder.setFast(fast);

        bool decodedOne = false;
        bool dropped = false;
        if (!request.frame.isNull()) {
            const CameraFrame &frame = request.frame;
            const bool follows = frame.sequence() == state.lastInputSequence + 1;
            if (!frame.isKeyFrame() && (state.needKey || !follows)) {
                state.needKey = true; // a frame is missing: the next ones would be smeared
                dropped = true;
            } else {
                state.lastInputSequence = frame.sequence();
                decodedOne = true;
                switch (state.decoder.decode(frame.encoded())) {
                case H264Decoder::Result::Picture:
                    state.needKey = false;
                    state.current = frame;
                    break;
                case H264Decoder::Result::NoPicture:
                    break;
                case H264Decoder::Result::Error:
                    qCDebug(lcStream).noquote()
                        << "H.264 frame" << frame.sequence() << state.decoder.errorString()
                        << "- waiting for the next key frame";
                    state.needKey = true;
                    break;
                }
            }
        }
        // A picture only of the frame asked for (or, for a repeat, of the current one): never an
        // older picture passed off as the new frame's.
        QList<Picture> pictures;
        const bool showsRequest = request.frame.isNull()
            ? !state.current.isNull()
            : (!state.needKey && state.current.sequence() == request.frame.sequence());
        if (showsRequest) {
            pictures.reserve(request.sizes.size());
            for (const QSize &size : request.sizes)
                pictures.append({size, state.decoder.picture(size)});
        }
        const CameraFrame shown = state.current;
        decoderLocker.unlock();

        queueLocker.relock();
        if (decodedOne)
            ++state.decoded;
        if (dropped)
            ++state.dropped;
        if (pictures.isEmpty() || generation != state.generation)
            continue;
        if (H264StreamDecoder *receiver = state.receiver) {
            const bool forTiles = request.forTiles;
            QMetaObject::invokeMethod(
                receiver,
                [receiver, generation, shown, forTiles, pictures] {
                    receiver->deliver(generation, shown, forTiles, pictures);
                },
                Qt::QueuedConnection);
        }
    }
}

void H264StreamDecoder::deliver(quint64 generation, const CameraFrame &frame, bool forTiles,
                                const QList<Picture> &pictures)
{
    {
        QMutexLocker locker(&m_state->queueMutex);
        if (generation != m_state->generation)
            return; // reset since: these pictures belong to a stream nobody wants any more
    }
    emit picturesReady(frame, forTiles, pictures);
}
