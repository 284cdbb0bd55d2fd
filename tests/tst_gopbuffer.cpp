#include "frames/gopbuffer.h"

#include <QTest>

namespace {

CameraFrame frame(quint64 sequence, bool key, qsizetype bytes = 1000)
{
    CameraFrame result = CameraFrame::fromEncoded(CameraFrame::Codec::H264, QByteArray(bytes, 'x'),
                                                  key, QDateTime(), qint64(sequence));
    result.setSequence(sequence);
    return result;
}

QList<quint64> sequencesOf(const GopBuffer &buffer)
{
    QList<quint64> sequences;
    for (const CameraFrame &held : buffer.frames())
        sequences.append(held.sequence());
    return sequences;
}

} // namespace

class TestGopBuffer : public QObject
{
    Q_OBJECT

private slots:
    void keyFrameStartsAGroup();
    void nothingBeforeTheFirstKeyFrame();
    void boundedInFrames();
    void boundedInBytes();
    void oversizedKeyFrameIsNotKept();
    void gapDropsUntilTheNextKeyFrame();
    void defaultsBoundALongGroup();
};

void TestGopBuffer::keyFrameStartsAGroup()
{
    GopBuffer buffer;
    QVERIFY(buffer.append(frame(1, true)));
    QVERIFY(buffer.append(frame(2, false)));
    QVERIFY(buffer.append(frame(3, false)));
    QCOMPARE(sequencesOf(buffer), QList<quint64>({1, 2, 3}));
    QCOMPARE(buffer.byteSize(), 3000);
    QVERIFY(buffer.append(frame(4, true)));
    QCOMPARE(sequencesOf(buffer), QList<quint64>({4}));
    QCOMPARE(buffer.byteSize(), 1000);
    QVERIFY(!buffer.isTruncated());
}

void TestGopBuffer::nothingBeforeTheFirstKeyFrame()
{
    GopBuffer buffer;
    QVERIFY(!buffer.append(frame(1, false)));
    QVERIFY(!buffer.append(frame(2, false)));
    QVERIFY(buffer.isEmpty());
    QCOMPARE(buffer.droppedCount(), quint64(2));
    QVERIFY(buffer.append(frame(3, true)));
    QCOMPARE(sequencesOf(buffer), QList<quint64>({3}));
}

void TestGopBuffer::boundedInFrames()
{
    GopBuffer buffer(1024 * 1024, 4);
    QVERIFY(buffer.append(frame(1, true)));
    for (quint64 sequence = 2; sequence <= 4; ++sequence)
        QVERIFY(buffer.append(frame(sequence, false)));
    // Full: dropped until the next key frame, even once a frame would fit again.
    QVERIFY(!buffer.append(frame(5, false)));
    QVERIFY(buffer.isTruncated());
    QVERIFY(!buffer.append(frame(6, false)));
    QCOMPARE(sequencesOf(buffer), QList<quint64>({1, 2, 3, 4}));
    QCOMPARE(buffer.droppedCount(), quint64(2));
    QVERIFY(buffer.append(frame(7, true)));
    QVERIFY(!buffer.isTruncated());
    QVERIFY(buffer.append(frame(8, false)));
    QCOMPARE(sequencesOf(buffer), QList<quint64>({7, 8}));
}

void TestGopBuffer::boundedInBytes()
{
    GopBuffer buffer(2500, 600);
    QVERIFY(buffer.append(frame(1, true)));
    QVERIFY(buffer.append(frame(2, false)));
    QVERIFY(!buffer.append(frame(3, false))); // 3000 > 2500
    QVERIFY(!buffer.append(frame(4, false, 100))); // would fit, but 3 is missing
    QCOMPARE(buffer.byteSize(), 2000);
    QVERIFY(buffer.byteSize() <= buffer.maxBytes());
    QVERIFY(buffer.isTruncated());
}

void TestGopBuffer::oversizedKeyFrameIsNotKept()
{
    GopBuffer buffer(500, 600);
    QVERIFY(!buffer.append(frame(1, true)));
    QVERIFY(!buffer.append(frame(2, false)));
    QVERIFY(buffer.isEmpty());
    QCOMPARE(buffer.byteSize(), 0);
}

void TestGopBuffer::gapDropsUntilTheNextKeyFrame()
{
    GopBuffer buffer;
    QVERIFY(buffer.append(frame(1, true)));
    QVERIFY(buffer.append(frame(2, false)));
    QVERIFY(!buffer.append(frame(4, false))); // 3 never came: 4 would not decode
    QVERIFY(!buffer.append(frame(5, false)));
    QCOMPARE(sequencesOf(buffer), QList<quint64>({1, 2}));
    QVERIFY(buffer.append(frame(6, true)));
    QCOMPARE(sequencesOf(buffer), QList<quint64>({6}));
}

void TestGopBuffer::defaultsBoundALongGroup()
{
    // A camera that never sends another key frame: 1000 frames of 100 KB (100 MB).
    GopBuffer buffer;
    QVERIFY(buffer.append(frame(1, true, 100 * 1024)));
    for (quint64 sequence = 2; sequence <= 1000; ++sequence)
        buffer.append(frame(sequence, false, 100 * 1024));
    QVERIFY(buffer.byteSize() <= GopBuffer::kDefaultMaxBytes);
    QVERIFY(buffer.frames().size() <= GopBuffer::kDefaultMaxFrames);
    QCOMPARE(buffer.frames().size(), GopBuffer::kDefaultMaxBytes / (100 * 1024));
    QVERIFY(buffer.isTruncated());
}

QTEST_GUILESS_MAIN(TestGopBuffer)
#include "tst_gopbuffer.moc"
