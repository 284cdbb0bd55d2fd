// libFuzzer target for the H.264 Annex-B scanner and the avcC reader (protocol/h264annexb.h), which
// see every access unit and the extradata a printer's RTSP stream carries.
//
// Input: byte 0 selects how the rest is used (bit 0: also as a key frame; bit 1: the rest is
// extradata, else an access unit). Checks that every NAL unit found lies inside the input, that
// parameter sets taken out are well-formed Annex-B with only SPS and PPS, that a key frame after
// withParameterSets() has both (when there were any to add) and still ends with the original
// bytes of its slices, and that the avcC reader never returns more than its bound.
#include "fuzzcheck.h"
#include "protocol/h264annexb.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 1)
        return 0;
    const bool keyFrame = (data[0] & 1) != 0;
    const bool asExtradata = (data[0] & 2) != 0;
    const QByteArray input(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));

    const QList<int> types = H264AnnexB::nalTypes(input);
    FUZZ_CHECK(types.size() <= input.size() / 3 + 1);
    for (int type : types)
        FUZZ_CHECK(type >= 0 && type < 32);
    FUZZ_CHECK(H264AnnexB::hasParameterSets(input)
               == (types.contains(H264AnnexB::Sps) && types.contains(H264AnnexB::Pps)));

    const QByteArray sets = H264AnnexB::parameterSetsOf(input);
    for (int type : H264AnnexB::nalTypes(sets))
        FUZZ_CHECK(type == H264AnnexB::Sps || type == H264AnnexB::Pps);
    FUZZ_CHECK(sets.isEmpty() || H264AnnexB::startsWithStartCode(sets));

    if (asExtradata) {
        const QByteArray fromAvcc = H264AnnexB::fromAvcc(input);
        FUZZ_CHECK(fromAvcc.size() <= H264AnnexB::kMaxParameterSetBytes);
        FUZZ_CHECK(fromAvcc.isEmpty() || H264AnnexB::hasParameterSets(fromAvcc));
        const QByteArray extradataSets = H264AnnexB::parameterSetsOfExtradata(input);
        FUZZ_CHECK(extradataSets.isEmpty() || H264AnnexB::hasParameterSets(extradataSets));
        return 0;
    }

    // A made-up pair of parameter sets to add.
    const QByteArray added = QByteArray::fromHex("0000000167420c1fda0000000168ce3c80");
    const QByteArray out = H264AnnexB::withParameterSets(input, keyFrame, added);
    if (!keyFrame || H264AnnexB::hasParameterSets(input)) {
        FUZZ_CHECK(out == input);
    } else {
        FUZZ_CHECK(out.size() == input.size() + added.size());
        FUZZ_CHECK(H264AnnexB::hasParameterSets(out));
        // Only inserted: the original bytes are all there, in order, around the sets.
        const qsizetype at = out.indexOf(added);
        FUZZ_CHECK(at >= 0);
        FUZZ_CHECK(out.left(at) + out.mid(at + added.size()) == input);
    }
    return 0;
}
