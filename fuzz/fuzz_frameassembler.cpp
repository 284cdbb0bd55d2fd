// libFuzzer target for FrameAssembler, the parser every byte from a printer goes through.
//
// Input: four control bytes, then the camera stream itself.
//   byte 0-1  split offset, little endian, taken modulo (stream size + 1)
//   byte 2    maximum frame size: 255 = the default (16 MiB), n = (n + 1) * 64 bytes (at most
//             16 KiB: reserving up to 16 MiB per header would slow the fuzzer down a hundredfold)
//   byte 3    chunk size for the chunked feeding: 1 + n bytes
//
// Not only "does not crash": the stream is fed four ways (whole; split at the chosen offset; in
// chunks of the chosen size; whole again after reset()) and parsed once more by a plain,
// non-incremental reference parser written from PROTOCOL.md. All five must agree on the frames,
// the error and the bytes left over, and every step must keep the assembler's promises: frames
// start ff d8 and end ff d9, nothing over the limit is ever buffered or delivered, an error is
// sticky until reset().
#include "fuzzcheck.h"
#include "protocol/frameassembler.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QtEndian>

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace {

using Error = FrameAssembler::Error;

constexpr qsizetype kControlSize = 4;

struct Outcome
{
    QList<QByteArray> frames;
    Error error = Error::None;
    qsizetype buffered = 0; // bytes of an unfinished frame (header or payload) at the end
    quint32 announced = 0; // size in the last header read

    bool operator==(const Outcome &other) const
    {
        return frames == other.frames && error == other.error && buffered == other.buffered
            && announced == other.announced;
    }
};

bool isJpegFrame(const QByteArray &frame)
{
    return frame.size() >= 4 && frame.startsWith("\xff\xd8") && frame.endsWith("\xff\xd9");
}

// Feeds one chunk and checks what the assembler promises after every call.
void feedChecked(FrameAssembler &assembler, QByteArrayView chunk, Outcome &outcome)
{
    const qsizetype framesBefore = outcome.frames.size();
    const Error error = assembler.feed(chunk, outcome.frames);
    FUZZ_CHECK(error == assembler.error());
    for (qsizetype i = framesBefore; i < outcome.frames.size(); ++i) {
        const QByteArray &frame = outcome.frames.at(i);
        FUZZ_CHECK(isJpegFrame(frame));
        FUZZ_CHECK(frame.size() <= assembler.maxFrameSize());
    }
    // A header is at most 15 bytes before it is parsed; a payload stays below its announced
    // size, which is within the limit: nothing larger than the limit is ever held.
    FUZZ_CHECK(assembler.bufferedBytes() >= 0);
    FUZZ_CHECK(assembler.bufferedBytes()
               < std::max(assembler.maxFrameSize(), FrameAssembler::kHeaderSize));
    if (error != Error::None) {
        FUZZ_CHECK(assembler.bufferedBytes() == 0); // a broken stream's bytes are let go at once
        // Sticky: more input yields the same error and no frame.
        QList<QByteArray> more;
        FUZZ_CHECK(assembler.feed(QByteArrayView("\xff\xd8\xff\xd9"), more) == error);
        FUZZ_CHECK(more.isEmpty());
    }
    outcome.error = error;
    outcome.buffered = assembler.bufferedBytes();
    outcome.announced = assembler.announcedSize();
}

// Feeds `stream` cut at `cuts` (ascending offsets), stopping at the first error as
// JpegStreamCamera does.
Outcome feedCut(FrameAssembler &assembler, QByteArrayView stream, const QList<qsizetype> &cuts)
{
    Outcome outcome;
    qsizetype from = 0;
    QList<qsizetype> ends = cuts;
    ends.append(stream.size());
    for (const qsizetype to : std::as_const(ends)) {
        feedChecked(assembler, stream.sliced(from, to - from), outcome);
        from = to;
        if (outcome.error != Error::None)
            break;
    }
    return outcome;
}

// The protocol read straight from PROTOCOL.md, knowing the whole stream at once.
Outcome referenceParse(QByteArrayView stream, qsizetype maxFrameSize)
{
    Outcome outcome;
    qsizetype at = 0;
    for (;;) {
        const qsizetype left = stream.size() - at;
        if (left < FrameAssembler::kHeaderSize) {
            outcome.buffered = left;
            return outcome;
        }
        const quint32 size = qFromLittleEndian<quint32>(stream.data() + at);
        outcome.announced = size;
        at += FrameAssembler::kHeaderSize;
        if (size == 0) {
            outcome.error = Error::ZeroSize;
            return outcome;
        }
        if (qsizetype(size) > maxFrameSize) {
            outcome.error = Error::FrameTooLarge;
            return outcome;
        }
        const QByteArrayView payload
            = stream.sliced(at).first(std::min<qsizetype>(size, stream.size() - at));
        // The start marker is judged as soon as two bytes are in, complete frame or not.
        if (payload.size() >= 2 && !payload.startsWith("\xff\xd8")) {
            outcome.error = Error::MissingStartMarker;
            return outcome;
        }
        if (payload.size() < qsizetype(size)) {
            outcome.buffered = payload.size();
            return outcome;
        }
        if (size < 2) {
            outcome.error = Error::MissingStartMarker;
            return outcome;
        }
        if (!payload.endsWith("\xff\xd9")) {
            outcome.error = Error::MissingEndMarker;
            return outcome;
        }
        outcome.frames.append(payload.toByteArray());
        at += size;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < std::size_t(kControlSize))
        return 0;
    const QByteArrayView stream(reinterpret_cast<const char *>(data) + kControlSize,
                                qsizetype(size) - kControlSize);
    const qsizetype split = qsizetype(data[0] | (data[1] << 8)) % (stream.size() + 1);
    const qsizetype maxFrameSize
        = data[2] == 255 ? FrameAssembler::kDefaultMaxFrameSize : (qsizetype(data[2]) + 1) * 64;
    const qsizetype chunkSize = qsizetype(data[3]) + 1;

    FrameAssembler whole(maxFrameSize);
    const Outcome expected = feedCut(whole, stream, {});

    FrameAssembler halves(maxFrameSize);
    FUZZ_CHECK(feedCut(halves, stream, {split}) == expected);

    QList<qsizetype> chunkCuts;
    for (qsizetype at = chunkSize; at < stream.size(); at += chunkSize)
        chunkCuts.append(at);
    FrameAssembler chunked(maxFrameSize);
    FUZZ_CHECK(feedCut(chunked, stream, chunkCuts) == expected);

    // reset() forgets everything: the same stream again gives the same result.
    whole.reset();
    FUZZ_CHECK(whole.error() == Error::None);
    FUZZ_CHECK(whole.bufferedBytes() == 0);
    FUZZ_CHECK(feedCut(whole, stream, {}) == expected);

    FUZZ_CHECK(referenceParse(stream, maxFrameSize) == expected);

    // Every error has a sentence for the user; no error has none.
    FUZZ_CHECK(FrameAssembler::describe(expected.error).isEmpty()
               == (expected.error == Error::None));
    return 0;
}
