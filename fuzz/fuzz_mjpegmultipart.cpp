// libFuzzer target for MjpegMultipartParser, which reads whatever an MJPEG-over-HTTP server (or
// anything posing as one) sends.
//
// Input: four control bytes, the response's Content-Type up to the first '\n', then the body.
//   byte 0-1  split offset, little endian, taken modulo (body size + 1)
//   byte 2    maximum part size: 255 = the default (16 MiB), n = (n + 1) * 64 bytes (at most 16
//   KiB,
//             so that the limits are reached within the fuzzer's input sizes)
//   byte 3    chunk size for the chunked feeding: 1 + n bytes
//
// Not only "does not crash": the body is fed four ways (whole; split at the chosen offset; in
// chunks of the chosen size; whole again after start() anew) and all must agree on the frames,
// the error and what was skipped. Every step must keep the parser's promises: frames start ff d8
// and end ff d9 and are within the limit, the memory held stays within the limit plus a boundary
// line and a header block, an error is sticky until start(), and every error has words.
#include "fuzzcheck.h"
#include "protocol/mjpegmultipartparser.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace {

using Error = MjpegMultipartParser::Error;

constexpr qsizetype kControlSize = 4;

struct Outcome
{
    QList<QByteArray> frames;
    Error error = Error::None;
    qsizetype buffered = 0;
    quint64 skippedParts = 0;
    quint64 skippedBytes = 0;

    bool operator==(const Outcome &other) const
    {
        return frames == other.frames && error == other.error && buffered == other.buffered
            && skippedParts == other.skippedParts && skippedBytes == other.skippedBytes;
    }
};

void feedChecked(MjpegMultipartParser &parser, QByteArrayView chunk, Outcome &outcome)
{
    const qsizetype framesBefore = outcome.frames.size();
    const Error error = parser.feed(chunk, outcome.frames);
    FUZZ_CHECK(error == parser.error());
    for (qsizetype i = framesBefore; i < outcome.frames.size(); ++i) {
        const QByteArray &frame = outcome.frames.at(i);
        FUZZ_CHECK(frame.size() >= 4);
        FUZZ_CHECK(frame.startsWith("\xff\xd8") && frame.endsWith("\xff\xd9"));
        FUZZ_CHECK(frame.size() <= parser.maxPartSize());
    }
    FUZZ_CHECK(parser.bufferedBytes() >= 0);
    FUZZ_CHECK(parser.bufferedBytes()
               <= parser.maxPartSize() + MjpegMultipartParser::kMaxHeaderBytes);
    if (error != Error::None) {
        FUZZ_CHECK(parser.bufferedBytes() == 0); // a broken stream's bytes are let go at once
        QList<QByteArray> more;
        FUZZ_CHECK(parser.feed(QByteArrayView("--x\r\n\r\n\xff\xd8\xff\xd9\r\n--x\r\n"), more)
                   == error);
        FUZZ_CHECK(more.isEmpty());
    }
    outcome.error = error;
}

Outcome feedCut(MjpegMultipartParser &parser, QByteArrayView contentType, QByteArrayView body,
                const QList<qsizetype> &cuts)
{
    Outcome outcome;
    outcome.error = parser.start(contentType);
    FUZZ_CHECK(outcome.error == parser.error());
    if (outcome.error == Error::None) {
        qsizetype from = 0;
        QList<qsizetype> ends = cuts;
        ends.append(body.size());
        for (const qsizetype to : std::as_const(ends)) {
            feedChecked(parser, body.sliced(from, to - from), outcome);
            from = to;
            if (outcome.error != Error::None)
                break;
        }
    } else {
        FUZZ_CHECK(outcome.error == Error::NotMultipart || outcome.error == Error::MissingBoundary);
        QList<QByteArray> frames;
        FUZZ_CHECK(parser.feed(body, frames) == outcome.error);
        FUZZ_CHECK(frames.isEmpty());
    }
    outcome.buffered = parser.bufferedBytes();
    outcome.skippedParts = parser.skippedParts();
    outcome.skippedBytes = parser.skippedBytes();
    return outcome;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < std::size_t(kControlSize))
        return 0;
    const QByteArrayView rest(reinterpret_cast<const char *>(data) + kControlSize,
                              qsizetype(size) - kControlSize);
    const qsizetype newline = rest.indexOf('\n');
    const QByteArrayView contentType = newline < 0 ? rest : rest.first(newline);
    const QByteArrayView body = newline < 0 ? QByteArrayView() : rest.sliced(newline + 1);

    const qsizetype split = qsizetype(data[0] | (data[1] << 8)) % (body.size() + 1);
    const qsizetype maxPartSize = data[2] == 255 ? MjpegMultipartParser::kDefaultMaxPartSize
                                                 : (qsizetype(data[2]) + 1) * 64;
    const qsizetype chunkSize = qsizetype(data[3]) + 1;

    // The boundary read by start() is the one boundaryOf() reads.
    QByteArray boundary;
    const Error typeError = MjpegMultipartParser::boundaryOf(contentType, &boundary);
    FUZZ_CHECK((typeError == Error::None) == !boundary.isEmpty());
    FUZZ_CHECK(boundary.size() <= MjpegMultipartParser::kMaxBoundaryLength);

    MjpegMultipartParser whole(maxPartSize);
    const Outcome expected = feedCut(whole, contentType, body, {});
    FUZZ_CHECK(whole.boundary() == boundary);

    MjpegMultipartParser halves(maxPartSize);
    FUZZ_CHECK(feedCut(halves, contentType, body, {split}) == expected);

    QList<qsizetype> chunkCuts;
    for (qsizetype at = chunkSize; at < body.size(); at += chunkSize)
        chunkCuts.append(at);
    MjpegMultipartParser chunked(maxPartSize);
    FUZZ_CHECK(feedCut(chunked, contentType, body, chunkCuts) == expected);

    // start() forgets everything: the same response again gives the same result.
    FUZZ_CHECK(feedCut(whole, contentType, body, {}) == expected);
    whole.reset();
    FUZZ_CHECK(whole.error() == Error::None && whole.bufferedBytes() == 0);

    FUZZ_CHECK(MjpegMultipartParser::describe(expected.error).isEmpty()
               == (expected.error == Error::None));
    return 0;
}
