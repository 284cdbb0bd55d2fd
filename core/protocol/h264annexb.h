// H.264 in the Annex-B byte-stream format: finding NAL units, telling whether an access unit
// carries its parameter sets, and turning an MP4-style (avcC) decoder configuration into Annex-B.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

// Pure: bytes in, values out. Used by the RTSPS camera to keep its promise to every consumer of
// an H.264 frame: a key frame carries SPS and PPS in-band, so it decodes on its own.
//
// A NAL unit starts after a start code (00 00 01, or 00 00 00 01) and runs to the next start code
// or the end. The first byte of a NAL unit holds its type in the low five bits. Scanning is linear
// in the input and allocates nothing but the result.
class H264AnnexB final
{
public:
    enum NalType : int {
        Slice = 1,
        IdrSlice = 5,
        Sei = 6,
        Sps = 7,
        Pps = 8,
        AccessUnitDelimiter = 9,
    };

    // An avcC record from a hostile source could announce many parameter sets: at most this many
    // bytes of Annex-B come out of fromAvcc().
    static constexpr qsizetype kMaxParameterSetBytes = 64 * 1024;

    // Whether `bytes` begins with a start code.
    static bool startsWithStartCode(QByteArrayView bytes);
    // The type of each NAL unit in `annexB`, in order (empty NAL units are skipped). Bytes before
    // the first start code are not a NAL unit.
    static QList<int> nalTypes(QByteArrayView annexB);
    // Both an SPS and a PPS are in `annexB`.
    static bool hasParameterSets(QByteArrayView annexB);
    // The SPS and PPS NAL units of `annexB`, each behind a 4-byte start code, in their order.
    static QByteArray parameterSetsOf(QByteArrayView annexB);

    // The SPS and PPS of an avcC record (ISO 14496-15 AVCDecoderConfigurationRecord) as Annex-B;
    // empty when `avcc` is not a complete, well-formed record or holds too much.
    static QByteArray fromAvcc(QByteArrayView avcc);
    // A stream's decoder configuration (FFmpeg's extradata) as Annex-B parameter sets, whichever
    // form it has: Annex-B (RTSP from the SDP's sprop-parameter-sets) or avcC (MP4). Empty when it
    // holds no SPS and PPS.
    static QByteArray parameterSetsOfExtradata(QByteArrayView extradata);

    // `accessUnit` as it must go out: unchanged when it has an SPS and a PPS or is not a key frame,
    // else with `parameterSets` (Annex-B) in front.
    static QByteArray withParameterSets(const QByteArray &accessUnit, bool keyFrame,
                                        const QByteArray &parameterSets);

private:
    struct Unit
    {
        qsizetype begin; // first byte of the NAL unit (its header)
        qsizetype end; // one past its last byte (trailing zero bytes of the next start code cut)
    };
    static QList<Unit> units(QByteArrayView annexB);
};
