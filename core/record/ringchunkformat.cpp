#include "ringchunkformat.h"

#include <QtEndian>

#include <cstring>

namespace {

constexpr quint32 kMagic = 0x314D5246; // "FRM1" read little-endian
constexpr quint8 kJpeg = 1;
constexpr quint8 kH264 = 2;
constexpr quint8 kKeyFlag = 1;

template<typename T> T readAt(QByteArrayView bytes, qsizetype offset)
{
    return qFromLittleEndian<T>(bytes.data() + offset);
}

template<typename T> void writeAt(QByteArray &bytes, qsizetype offset, T value)
{
    qToLittleEndian<T>(value, bytes.data() + offset);
}

} // namespace

QByteArray RingChunkFormat::recordHeader(const CameraFrame &frame)
{
    const qsizetype length = frame.encoded().size();
    quint8 codec = 0;
    if (frame.codec() == CameraFrame::Codec::Jpeg)
        codec = kJpeg;
    else if (frame.codec() == CameraFrame::Codec::H264)
        codec = kH264;
    if (codec == 0 || length == 0 || length > kMaxFrameBytes)
        return {};
    QByteArray header(kRecordHeaderBytes, '\0');
    writeAt<quint32>(header, 0, kMagic);
    writeAt<quint8>(header, 4, codec);
    writeAt<quint8>(header, 5, frame.isKeyFrame() || codec == kJpeg ? kKeyFlag : 0);
    writeAt<qint64>(header, 8, frame.receivedNs());
    writeAt<qint64>(header, 16, frame.receivedAt().toMSecsSinceEpoch());
    writeAt<quint32>(header, 24, static_cast<quint32>(length));
    return header;
}

RingChunkFormat::Parsed RingChunkFormat::parse(QByteArrayView chunk)
{
    Parsed parsed;
    if (!chunk.startsWith(kHeader)) {
        parsed.complete = false;
        return parsed;
    }
    qsizetype offset = kHeader.size();
    while (offset < chunk.size()) {
        if (chunk.size() - offset < kRecordHeaderBytes) {
            parsed.complete = false;
            break;
        }
        const quint32 magic = readAt<quint32>(chunk, offset);
        const quint8 codec = readAt<quint8>(chunk, offset + 4);
        const quint8 flags = readAt<quint8>(chunk, offset + 5);
        const qint64 receivedNs = readAt<qint64>(chunk, offset + 8);
        const qint64 receivedAtMs = readAt<qint64>(chunk, offset + 16);
        const quint32 length = readAt<quint32>(chunk, offset + 24);
        if (magic != kMagic || (codec != kJpeg && codec != kH264) || length == 0
            || length > kMaxFrameBytes) {
            parsed.complete = false;
            break;
        }
        const qsizetype start = offset + kRecordHeaderBytes;
        if (chunk.size() - start < qsizetype(length)) {
            parsed.complete = false; // cut mid-frame
            break;
        }
        const QByteArray bytes(chunk.data() + start, length);
        const QDateTime receivedAt = QDateTime::fromMSecsSinceEpoch(receivedAtMs, Qt::UTC);
        parsed.frames.append(codec == kJpeg ? CameraFrame::fromJpeg(bytes, receivedAt, receivedNs)
                                            : CameraFrame::fromEncoded(
                                                CameraFrame::Codec::H264, bytes,
                                                (flags & kKeyFlag) != 0, receivedAt, receivedNs));
        offset = start + length;
    }
    return parsed;
}
