// libFuzzer target for H264Decoder and FrameStore: the H.264 access units an RTSPS camera sends
// come from the network, and FFmpeg decodes them inside FarmCam's process.
//
// Input: three control bytes, then access units.
//   byte 0    bit 0: key-frames-only mode; bit 1: fast mode (no deblocking); bit 2: reset() after
//             the first half of the units
//   byte 1-2  the size pictures are fitted into: width = byte 1 * 8, height = byte 2 * 8 (0 = full)
//   then      units, each a 2-byte little-endian header (bit 15: key frame; bits 0-14: length)
//             and that many bytes (the last unit takes what is left)
//
// Not only "does not crash": a Picture result leaves a picture within the size limit that
// converts to exactly the fitted size; an Error or NoPicture leaves the previous picture as it
// was; the FrameStore fed the same units (as a hub numbers them) returns either nothing or a
// whole picture of a frame it holds, and its group of pictures stays within its bounds.
#include "frames/framedecoder.h"
#include "frames/framestore.h"
#include "frames/h264decoder.h"
#include "fuzzcheck.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>

#include <cstddef>
#include <cstdint>

extern "C" {
#include <libavutil/log.h>
}

namespace {

struct Unit
{
    QByteArray bytes;
    bool key = false;
};

QList<Unit> splitUnits(const std::uint8_t *data, std::size_t size)
{
    QList<Unit> units;
    std::size_t at = 0;
    while (at + 2 <= size) {
        const unsigned header = unsigned(data[at]) | (unsigned(data[at + 1]) << 8);
        at += 2;
        const std::size_t length = std::min<std::size_t>(header & 0x7fff, size - at);
        units.append({QByteArray(reinterpret_cast<const char *>(data + at), qsizetype(length)),
                      (header & 0x8000) != 0});
        at += length;
    }
    return units;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const bool quiet = [] {
        av_log_set_level(AV_LOG_QUIET); // FFmpeg's complaints about garbage are expected here
        return true;
    }();
    (void)quiet;
    if (size < 3)
        return 0;
    const bool keyOnly = data[0] & 1;
    const bool fast = data[0] & 2;
    const bool resetHalfway = data[0] & 4;
    const QSize fitInto(data[1] * 8, data[2] * 8);
    const QList<Unit> units = splitUnits(data + 3, size - 3);

    H264Decoder decoder(keyOnly ? H264Decoder::Mode::KeyFramesOnly : H264Decoder::Mode::EveryFrame);
    decoder.setFast(fast);
    FUZZ_CHECK(decoder.isValid());
    FrameStore store(64 * 1024, 8); // small bounds, so the fuzzer reaches them
    for (qsizetype i = 0; i < units.size(); ++i) {
        if (resetHalfway && i == units.size() / 2) {
            decoder.reset();
            FUZZ_CHECK(!decoder.hasPicture());
        }
        const QSize before = decoder.pictureSize();
        const H264Decoder::Result result = decoder.decode(units.at(i).bytes);
        if (result == H264Decoder::Result::Picture) {
            FUZZ_CHECK(decoder.hasPicture());
            const QSize decoded = decoder.pictureSize();
            FUZZ_CHECK(!decoded.isEmpty());
            FUZZ_CHECK(qint64(decoded.width()) * decoded.height() <= H264Decoder::kMaxPixels);
            const QImage picture = decoder.picture(fitInto);
            FUZZ_CHECK(picture.size() == FrameDecoder::fittedSize(decoded, fitInto));
            FUZZ_CHECK(picture.format() == QImage::Format_RGB32);
        } else {
            FUZZ_CHECK(decoder.pictureSize() == before); // a bad unit changes nothing shown
            if (result == H264Decoder::Result::Error)
                FUZZ_CHECK(!decoder.errorString().isEmpty());
        }

        CameraFrame frame = CameraFrame::fromEncoded(CameraFrame::Codec::H264, units.at(i).bytes,
                                                     units.at(i).key, QDateTime(), i);
        frame.setSequence(quint64(i + 1));
        if (frame.isNull())
            continue; // the hub ignores frames without bytes
        store.publish(frame);
        FUZZ_CHECK(store.gopByteSize() <= 64 * 1024);
        FUZZ_CHECK(store.gopFrameCount() <= 8);
    }
    const CameraFrame newest = store.latestPicture();
    if (!newest.isNull()) {
        FUZZ_CHECK(!newest.picture().isNull());
        FUZZ_CHECK(newest.sequence() >= 1 && newest.sequence() <= quint64(units.size()));
        const QList<CameraFrame> group = store.gopFrames();
        FUZZ_CHECK(!group.isEmpty());
        FUZZ_CHECK(newest.sequence() >= group.constFirst().sequence());
    }
    return 0;
}
