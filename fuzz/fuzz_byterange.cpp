// libFuzzer target for the Range header of a recording's download (protocol/byterange.h): any
// client with the token sends it, and the server turns it into a file offset and length.
//
// Input: 8 bytes of file size (little-endian, taken modulo 2^62), then the header's value.
// Besides "does not crash": a partial range always lies inside the file and is not empty;
// an unsatisfiable one only when it starts at or beyond the end (or the file is empty).
#include "fuzzcheck.h"
#include "protocol/byterange.h"

#include <cstddef>
#include <cstdint>
#include <cstring>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    std::uint64_t rawSize = 0;
    const std::size_t sizeBytes = size < sizeof rawSize ? size : sizeof rawSize;
    std::memcpy(&rawSize, data, sizeBytes);
    const qint64 fileSize = qint64(rawSize & ((std::uint64_t(1) << 62) - 1));
    const QByteArrayView header(reinterpret_cast<const char *>(data) + sizeBytes,
                                qsizetype(size - sizeBytes));

    const ByteRange range = ByteRange::parse(header, fileSize);
    switch (range.result()) {
    case ByteRange::Result::Partial:
        FUZZ_CHECK(range.first() >= 0);
        FUZZ_CHECK(range.first() <= range.last());
        FUZZ_CHECK(range.last() < fileSize);
        FUZZ_CHECK(range.length() == range.last() - range.first() + 1);
        FUZZ_CHECK(range.length() >= 1 && range.length() <= fileSize);
        break;
    case ByteRange::Result::Unsatisfiable:
    case ByteRange::Result::Whole:
        FUZZ_CHECK(range.length() == 0);
        break;
    }
    return 0;
}
