// libFuzzer target for the failure-clip ring's chunk files (record/ringchunkformat.h): read back
// from disk after a crash or a full disk may have cut them anywhere, so nothing in them is
// trusted.
//
// Input: a whole chunk file. Checks that every frame parsed is a JPEG or H.264 frame with bytes
// within the limit, that together they never hold more bytes than the input, and that writing
// the parsed frames again gives bytes that parse to the same frames (the format round-trips).
#include "fuzzcheck.h"
#include "record/ringchunkformat.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const RingChunkFormat::Parsed parsed = RingChunkFormat::parse(input);
    qsizetype total = 0;
    QByteArray again(RingChunkFormat::kHeader.data(), RingChunkFormat::kHeader.size());
    for (const CameraFrame &frame : parsed.frames) {
        FUZZ_CHECK(frame.codec() == CameraFrame::Codec::Jpeg
                   || frame.codec() == CameraFrame::Codec::H264);
        FUZZ_CHECK(!frame.encoded().isEmpty());
        FUZZ_CHECK(frame.encoded().size() <= RingChunkFormat::kMaxFrameBytes);
        total += RingChunkFormat::kRecordHeaderBytes + frame.encoded().size();
        const QByteArray header = RingChunkFormat::recordHeader(frame);
        FUZZ_CHECK(header.size() == RingChunkFormat::kRecordHeaderBytes);
        again += header + frame.encoded();
    }
    FUZZ_CHECK(total <= input.size());
    if (parsed.complete)
        FUZZ_CHECK(total + RingChunkFormat::kHeader.size() == input.size());
    const RingChunkFormat::Parsed reparsed = RingChunkFormat::parse(again);
    FUZZ_CHECK(reparsed.complete);
    FUZZ_CHECK(reparsed.frames.size() == parsed.frames.size());
    for (qsizetype i = 0; i < parsed.frames.size(); ++i) {
        FUZZ_CHECK(reparsed.frames.at(i).encoded() == parsed.frames.at(i).encoded());
        FUZZ_CHECK(reparsed.frames.at(i).receivedNs() == parsed.frames.at(i).receivedNs());
        FUZZ_CHECK(reparsed.frames.at(i).isKeyFrame() == parsed.frames.at(i).isKeyFrame());
    }
    return 0;
}
