#include "protocol/h264annexb.h"

namespace {

constexpr char kStartCode[] = {0, 0, 0, 1};

quint8 byteAt(QByteArrayView bytes, qsizetype index)
{
    return quint8(bytes[index]);
}

int typeOf(quint8 header)
{
    return header & 0x1f;
}

void appendUnit(QByteArray &out, QByteArrayView unit)
{
    out.append(kStartCode, sizeof kStartCode);
    out.append(unit.data(), unit.size());
}

} // namespace

bool H264AnnexB::startsWithStartCode(QByteArrayView bytes)
{
    if (bytes.size() >= 3 && byteAt(bytes, 0) == 0 && byteAt(bytes, 1) == 0
        && byteAt(bytes, 2) == 1)
        return true;
    return bytes.size() >= 4 && byteAt(bytes, 0) == 0 && byteAt(bytes, 1) == 0
        && byteAt(bytes, 2) == 0 && byteAt(bytes, 3) == 1;
}

QList<H264AnnexB::Unit> H264AnnexB::units(QByteArrayView annexB)
{
    QList<Unit> result;
    const qsizetype size = annexB.size();
    qsizetype begin = -1; // of the NAL unit being scanned
    const auto close = [&](qsizetype end) {
        if (begin < 0)
            return;
        while (end > begin && byteAt(annexB, end - 1) == 0)
            --end; // the leading zero of a 4-byte start code, or trailing_zero_8bits
        if (end > begin)
            result.append({begin, end});
    };
    qsizetype i = 0;
    while (i + 2 < size) {
        if (byteAt(annexB, i + 2) > 1) {
            i += 3; // no start code can end at i + 2 or begin before it
            continue;
        }
        if (byteAt(annexB, i) == 0 && byteAt(annexB, i + 1) == 0 && byteAt(annexB, i + 2) == 1) {
            close(i);
            begin = i + 3;
            i += 3;
            continue;
        }
        ++i;
    }
    close(size);
    return result;
}

QList<int> H264AnnexB::nalTypes(QByteArrayView annexB)
{
    QList<int> types;
    for (const Unit &unit : units(annexB))
        types.append(typeOf(byteAt(annexB, unit.begin)));
    return types;
}

bool H264AnnexB::hasParameterSets(QByteArrayView annexB)
{
    const QList<int> types = nalTypes(annexB);
    return types.contains(Sps) && types.contains(Pps);
}

QByteArray H264AnnexB::parameterSetsOf(QByteArrayView annexB)
{
    QByteArray out;
    for (const Unit &unit : units(annexB)) {
        const int type = typeOf(byteAt(annexB, unit.begin));
        if (type == Sps || type == Pps)
            appendUnit(out, annexB.sliced(unit.begin, unit.end - unit.begin));
    }
    return out;
}

QByteArray H264AnnexB::fromAvcc(QByteArrayView avcc)
{
    // configurationVersion(1) profile(1) compat(1) level(1) lengthSizeMinusOne(1)
    // numOfSequenceParameterSets(1, low 5 bits) { length(2) sps }... numOfPictureParameterSets(1)
    // { length(2) pps }...
    if (avcc.size() < 7 || byteAt(avcc, 0) != 1)
        return {};
    QByteArray out;
    qsizetype at = 5;
    for (int table = 0; table < 2; ++table) {
        if (at >= avcc.size())
            return {};
        const int count = table == 0 ? (byteAt(avcc, at) & 0x1f) : byteAt(avcc, at);
        ++at;
        for (int n = 0; n < count; ++n) {
            if (at + 2 > avcc.size())
                return {};
            const qsizetype length = (qsizetype(byteAt(avcc, at)) << 8) | byteAt(avcc, at + 1);
            at += 2;
            if (length == 0 || at + length > avcc.size())
                return {};
            if (out.size() + length + 4 > kMaxParameterSetBytes)
                return {};
            appendUnit(out, avcc.sliced(at, length));
            at += length;
        }
    }
    return hasParameterSets(out) ? out : QByteArray();
}

QByteArray H264AnnexB::parameterSetsOfExtradata(QByteArrayView extradata)
{
    if (startsWithStartCode(extradata)) {
        QByteArray sets = parameterSetsOf(extradata);
        return hasParameterSets(sets) ? sets : QByteArray();
    }
    return fromAvcc(extradata);
}

QByteArray H264AnnexB::withParameterSets(const QByteArray &accessUnit, bool keyFrame,
                                         const QByteArray &parameterSets)
{
    if (!keyFrame || parameterSets.isEmpty() || hasParameterSets(accessUnit))
        return accessUnit;
    // An access unit delimiter must stay the first NAL unit: the sets go right after it.
    qsizetype insertAt = 0;
    const QList<Unit> found = units(accessUnit);
    if (found.size() > 1 && typeOf(quint8(accessUnit[found[0].begin])) == AccessUnitDelimiter) {
        insertAt = found[1].begin - 3; // its start code
        if (insertAt > found[0].end && accessUnit[insertAt - 1] == 0)
            --insertAt; // a 4-byte start code
    }
    QByteArray out;
    out.reserve(parameterSets.size() + accessUnit.size());
    out.append(accessUnit.constData(), insertAt);
    out.append(parameterSets);
    out.append(accessUnit.constData() + insertAt, accessUnit.size() - insertAt);
    return out;
}
