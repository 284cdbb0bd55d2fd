// H264AnnexB: NAL unit scanning, parameter sets in key frames, avcC extradata.
#include "protocol/h264annexb.h"

#include <QTest>

namespace {

// Start codes and NAL headers by hand: 0x67 SPS, 0x68 PPS, 0x65 IDR slice, 0x41 slice, 0x09 AUD.
QByteArray bytes(std::initializer_list<int> values)
{
    QByteArray out;
    for (int value : values)
        out.append(char(value));
    return out;
}

const QByteArray kSps = bytes({0x67, 0x42, 0xc0, 0x1f, 0xda});
const QByteArray kPps = bytes({0x68, 0xce, 0x3c, 0x80});
const QByteArray kIdr = bytes({0x65, 0x88, 0x84, 0x00, 0x33});
const QByteArray kSlice = bytes({0x41, 0x9a, 0x02});
const QByteArray kAud = bytes({0x09, 0xf0});
const QByteArray kLong = QByteArray("\x00\x00\x00\x01", 4);
const QByteArray kShort = QByteArray("\x00\x00\x01", 3);

QByteArray avcc(const QList<QByteArray> &sps, const QList<QByteArray> &pps)
{
    QByteArray out = bytes({1, 0x42, 0xc0, 0x1f, 0xff, 0xe0 | int(sps.size())});
    for (const QByteArray &unit : sps)
        out += bytes({int(unit.size() >> 8), int(unit.size() & 0xff)}) + unit;
    out += char(pps.size());
    for (const QByteArray &unit : pps)
        out += bytes({int(unit.size() >> 8), int(unit.size() & 0xff)}) + unit;
    return out;
}

} // namespace

class TestH264AnnexB : public QObject
{
    Q_OBJECT

private slots:
    void nalTypes_data();
    void nalTypes();
    void keyFramesGainParameterSets_data();
    void keyFramesGainParameterSets();
    void extradata_data();
    void extradata();
};

void TestH264AnnexB::nalTypes_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QList<int>>("types");

    QTest::newRow("empty") << QByteArray() << QList<int>{};
    QTest::newRow("no start code") << kSps + kPps << QList<int>{};
    QTest::newRow("4-byte start codes")
        << kLong + kSps + kLong + kPps + kLong + kIdr << QList<int>{7, 8, 5};
    QTest::newRow("3-byte start codes") << kShort + kAud + kShort + kSlice << QList<int>{9, 1};
    QTest::newRow("mixed, junk before the first")
        << bytes({0xff, 0x00}) + kShort + kSps + kLong + kPps << QList<int>{7, 8};
    QTest::newRow("trailing zeros and empty units") << kLong + kLong + kSps + bytes({0, 0}) + kShort
            + kShort + kIdr + bytes({0, 0, 0}) << QList<int>{7, 5};
    QTest::newRow("a start code at the very end") << kLong + kSlice + kShort << QList<int>{1};
    QTest::newRow("zeros only") << QByteArray(16, '\0') << QList<int>{};
}

void TestH264AnnexB::nalTypes()
{
    QFETCH(QByteArray, stream);
    QFETCH(QList<int>, types);
    QCOMPARE(H264AnnexB::nalTypes(stream), types);
    QCOMPARE(H264AnnexB::hasParameterSets(stream), types.contains(7) && types.contains(8));
}

void TestH264AnnexB::keyFramesGainParameterSets_data()
{
    QTest::addColumn<QByteArray>("accessUnit");
    QTest::addColumn<bool>("keyFrame");
    QTest::addColumn<QByteArray>("expected");

    const QByteArray sets = kLong + kSps + kLong + kPps;
    QTest::newRow("key frame without sets") << kLong + kIdr << true << sets + kLong + kIdr;
    QTest::newRow("key frame with sets") << kLong + kSps + kLong + kPps + kLong + kIdr << true
                                         << kLong + kSps + kLong + kPps + kLong + kIdr;
    QTest::newRow("delta frame") << kLong + kSlice << false << kLong + kSlice;
    QTest::newRow("after the delimiter")
        << kLong + kAud + kShort + kIdr << true << kLong + kAud + sets + kShort + kIdr;
    QTest::newRow("after the delimiter, 4-byte code")
        << kLong + kAud + kLong + kIdr << true << kLong + kAud + sets + kLong + kIdr;
    QTest::newRow("only an SPS: the sets are added")
        << kLong + kSps + kLong + kIdr << true << sets + kLong + kSps + kLong + kIdr;
}

void TestH264AnnexB::keyFramesGainParameterSets()
{
    QFETCH(QByteArray, accessUnit);
    QFETCH(bool, keyFrame);
    QFETCH(QByteArray, expected);
    const QByteArray sets = kLong + kSps + kLong + kPps;
    const QByteArray out = H264AnnexB::withParameterSets(accessUnit, keyFrame, sets);
    QCOMPARE(out.toHex(' '), expected.toHex(' '));
    if (keyFrame)
        QVERIFY(H264AnnexB::hasParameterSets(out));
    QCOMPARE(H264AnnexB::withParameterSets(accessUnit, keyFrame, QByteArray()), accessUnit);
}

void TestH264AnnexB::extradata_data()
{
    QTest::addColumn<QByteArray>("extradata");
    QTest::addColumn<QByteArray>("expected");

    const QByteArray sets = kLong + kSps + kLong + kPps;
    QTest::newRow("Annex-B (RTSP sprop-parameter-sets)") << kShort + kSps + kShort + kPps << sets;
    QTest::newRow("Annex-B with an SEI")
        << kLong + kSps + kLong + bytes({0x06, 0x05}) + kLong + kPps << sets;
    QTest::newRow("Annex-B without a PPS") << kLong + kSps << QByteArray();
    QTest::newRow("avcC") << avcc({kSps}, {kPps}) << sets;
    QTest::newRow("avcC, two PPS") << avcc({kSps}, {kPps, kPps}) << sets + kLong + kPps;
    QTest::newRow("avcC, truncated") << avcc({kSps}, {kPps}).chopped(2) << QByteArray();
    QTest::newRow("avcC, length beyond the end")
        << bytes({1, 0x42, 0xc0, 0x1f, 0xff, 0xe1, 0xff, 0xff, 0x67}) << QByteArray();
    QTest::newRow("avcC, zero-length unit")
        << bytes({1, 0x42, 0xc0, 0x1f, 0xff, 0xe1, 0x00, 0x00, 0x01, 0x00, 0x01, 0x68})
        << QByteArray();
    QTest::newRow("avcC, wrong version")
        << QByteArray(avcc({kSps}, {kPps})).replace(0, 1, "\x02") << QByteArray();
    QTest::newRow("empty") << QByteArray() << QByteArray();
}

void TestH264AnnexB::extradata()
{
    QFETCH(QByteArray, extradata);
    QFETCH(QByteArray, expected);
    QCOMPARE(H264AnnexB::parameterSetsOfExtradata(extradata).toHex(' '), expected.toHex(' '));
}

QTEST_APPLESS_MAIN(TestH264AnnexB)
#include "tst_h264annexb.moc"
