#include "protocol/frameassembler.h"

#include <QRandomGenerator>
#include <QTest>
#include <QtEndian>

namespace {

// A payload that looks like a JPEG to the assembler: ff d8 ff e0 ... ff d9, with filler that
// contains ff d9 pairs too, so a parser that searches for markers instead of counting bytes fails.
QByteArray fakeJpeg(int size, quint32 seed)
{
    Q_ASSERT(size >= 6);
    QRandomGenerator random(seed);
    QByteArray jpeg(size, '\0');
    for (int i = 0; i < size; ++i)
        jpeg[i] = char(random.bounded(256));
    jpeg[0] = '\xff';
    jpeg[1] = '\xd8';
    jpeg[2] = '\xff';
    jpeg[3] = '\xe0';
    if (size > 12) {
        jpeg[size / 2] = '\xff';
        jpeg[size / 2 + 1] = '\xd9';
    }
    jpeg[size - 2] = '\xff';
    jpeg[size - 1] = '\xd9';
    return jpeg;
}

QByteArray header(quint32 size)
{
    QByteArray bytes(FrameAssembler::kHeaderSize, '\0');
    qToLittleEndian<quint32>(size, bytes.data());
    qToLittleEndian<quint32>(1, bytes.data() + 8);
    return bytes;
}

QByteArray framed(const QByteArray &jpeg)
{
    return header(quint32(jpeg.size())) + jpeg;
}

// Feeds `stream` in chunks whose sizes cycle through `chunkSizes`; fails the test on an error.
QList<QByteArray> feedInChunks(FrameAssembler &assembler, const QByteArray &stream,
                               const QList<int> &chunkSizes, FrameAssembler::Error *error)
{
    QList<QByteArray> frames;
    *error = FrameAssembler::Error::None;
    qsizetype offset = 0;
    int chunkIndex = 0;
    while (offset < stream.size() && *error == FrameAssembler::Error::None) {
        const int size = chunkSizes.at(chunkIndex++ % chunkSizes.size());
        const QByteArrayView chunk = QByteArrayView(stream).sliced(
            offset, std::min<qsizetype>(size, stream.size() - offset));
        *error = assembler.feed(chunk, frames);
        offset += chunk.size();
    }
    return frames;
}

} // namespace

class TestFrameAssembler : public QObject
{
    Q_OBJECT

private slots:
    void oneFrameSplitAtEveryOffset();
    void chunkings_data();
    void chunkings();
    void threeFramesInOneChunk();
    void headerSplitAcrossChunks();
    void errors_data();
    void errors();
    void oversizeRefusedBeforeAnyPayloadIsBuffered();
    void errorIsStickyUntilReset();
    void randomGarbage_data();
    void randomGarbage();
    void customLimit();
};

void TestFrameAssembler::oneFrameSplitAtEveryOffset()
{
    const QByteArray jpeg = fakeJpeg(300, 1);
    const QByteArray stream = framed(jpeg);
    for (qsizetype split = 0; split <= stream.size(); ++split) {
        FrameAssembler assembler;
        QList<QByteArray> frames;
        QCOMPARE(assembler.feed(QByteArrayView(stream).first(split), frames),
                 FrameAssembler::Error::None);
        QCOMPARE(assembler.feed(QByteArrayView(stream).sliced(split), frames),
                 FrameAssembler::Error::None);
        QCOMPARE(frames.size(), 1);
        QCOMPARE(frames.first(), jpeg);
        QCOMPARE(assembler.bufferedBytes(), 0);
    }
}

void TestFrameAssembler::chunkings_data()
{
    QTest::addColumn<QList<int>>("chunkSizes");

    QTest::newRow("1 byte") << QList<int>{1};
    QTest::newRow("7 bytes") << QList<int>{7};
    QTest::newRow("16 bytes") << QList<int>{16};
    QTest::newRow("3008/4096 alternating") << QList<int>{3008, 4096};
    QTest::newRow("header then 4096s, like a printer") << QList<int>{16, 4096, 4096, 4096};
    QTest::newRow("64 KiB") << QList<int>{65536};
    QTest::newRow("everything at once") << QList<int>{1 << 30};

    QRandomGenerator random(20261125);
    QList<int> randomSizes;
    for (int i = 0; i < 97; ++i)
        randomSizes << 1 + int(random.bounded(9000));
    QTest::newRow("random") << randomSizes;
}

void TestFrameAssembler::chunkings()
{
    QFETCH(QList<int>, chunkSizes);

    const QList<QByteArray> jpegs
        = {fakeJpeg(120000, 2), fakeJpeg(4096, 3), fakeJpeg(77777, 4), fakeJpeg(6, 5)};
    QByteArray stream;
    for (const QByteArray &jpeg : jpegs)
        stream += framed(jpeg);

    FrameAssembler assembler;
    FrameAssembler::Error error;
    const QList<QByteArray> frames = feedInChunks(assembler, stream, chunkSizes, &error);
    QCOMPARE(error, FrameAssembler::Error::None);
    QCOMPARE(frames.size(), jpegs.size());
    for (int i = 0; i < jpegs.size(); ++i)
        QVERIFY2(frames.at(i) == jpegs.at(i),
                 qPrintable(QStringLiteral("frame %1 differs").arg(i)));
    QCOMPARE(assembler.bufferedBytes(), 0);
}

void TestFrameAssembler::threeFramesInOneChunk()
{
    const QByteArray a = fakeJpeg(1000, 6), b = fakeJpeg(2000, 7), c = fakeJpeg(30, 8);
    FrameAssembler assembler;
    QList<QByteArray> frames;
    QCOMPARE(assembler.feed(framed(a) + framed(b) + framed(c), frames),
             FrameAssembler::Error::None);
    QCOMPARE(frames, (QList<QByteArray>{a, b, c}));
}

void TestFrameAssembler::headerSplitAcrossChunks()
{
    const QByteArray jpeg = fakeJpeg(500, 9);
    const QByteArray stream = framed(jpeg) + framed(jpeg);
    FrameAssembler assembler;
    QList<QByteArray> frames;
    // First frame complete plus 5 bytes of the next header, then the rest.
    const qsizetype cut = FrameAssembler::kHeaderSize + jpeg.size() + 5;
    QCOMPARE(assembler.feed(QByteArrayView(stream).first(cut), frames),
             FrameAssembler::Error::None);
    QCOMPARE(frames.size(), 1);
    QCOMPARE(assembler.bufferedBytes(), 5);
    QCOMPARE(assembler.feed(QByteArrayView(stream).sliced(cut), frames),
             FrameAssembler::Error::None);
    QCOMPARE(frames.size(), 2);
    QCOMPARE(frames.at(1), jpeg);
}

void TestFrameAssembler::errors_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<FrameAssembler::Error>("error");
    QTest::addColumn<int>("framesBefore");

    const QByteArray good = framed(fakeJpeg(200, 10));
    QByteArray noStart = fakeJpeg(200, 11);
    noStart[0] = 'G';
    QByteArray noStartSecondByte = fakeJpeg(200, 12);
    noStartSecondByte[1] = '\xd9';
    QByteArray noEnd = fakeJpeg(200, 13);
    noEnd[199] = '\x00';

    QTest::newRow("size 0") << header(0) << FrameAssembler::Error::ZeroSize << 0;
    QTest::newRow("size 0 after a good frame")
        << good + header(0) << FrameAssembler::Error::ZeroSize << 1;
    QTest::newRow("size above 16 MiB")
        << header(16 * 1024 * 1024 + 1) << FrameAssembler::Error::FrameTooLarge << 0;
    QTest::newRow("size 0xffffffff")
        << header(0xffffffffu) << FrameAssembler::Error::FrameTooLarge << 0;
    QTest::newRow("missing ff d8")
        << framed(noStart) << FrameAssembler::Error::MissingStartMarker << 0;
    QTest::newRow("ff then not d8")
        << framed(noStartSecondByte) << FrameAssembler::Error::MissingStartMarker << 0;
    QTest::newRow("one-byte frame")
        << header(1) + QByteArray(1, '\xff') << FrameAssembler::Error::MissingStartMarker << 0;
    QTest::newRow("missing ff d9")
        << good + framed(noEnd) << FrameAssembler::Error::MissingEndMarker << 1;
}

void TestFrameAssembler::errors()
{
    QFETCH(QByteArray, stream);
    QFETCH(FrameAssembler::Error, error);
    QFETCH(int, framesBefore);

    // The same outcome whether the bytes come at once or one by one.
    for (const QList<int> &chunking : {QList<int>{1 << 30}, QList<int>{1}}) {
        FrameAssembler assembler;
        FrameAssembler::Error got;
        const QList<QByteArray> frames = feedInChunks(assembler, stream, chunking, &got);
        QCOMPARE(got, error);
        QCOMPARE(frames.size(), framesBefore);
        QVERIFY(!FrameAssembler::describe(got).isEmpty());
    }
}

void TestFrameAssembler::oversizeRefusedBeforeAnyPayloadIsBuffered()
{
    FrameAssembler assembler;
    QList<QByteArray> frames;
    const QByteArray hdr = header(512u * 1024 * 1024);
    // 15 header bytes: not decided yet.
    QCOMPARE(assembler.feed(QByteArrayView(hdr).first(15), frames), FrameAssembler::Error::None);
    // The 16th byte completes the header: refused right there.
    QCOMPARE(assembler.feed(QByteArrayView(hdr).sliced(15), frames),
             FrameAssembler::Error::FrameTooLarge);
    QCOMPARE(assembler.announcedSize(), 512u * 1024 * 1024);
    QCOMPARE(assembler.bufferedBytes(), 0);
    // And whatever follows is not buffered either.
    QCOMPARE(assembler.feed(QByteArray(100000, '\xff'), frames),
             FrameAssembler::Error::FrameTooLarge);
    QCOMPARE(assembler.bufferedBytes(), 0);
    QVERIFY(frames.isEmpty());
}

void TestFrameAssembler::errorIsStickyUntilReset()
{
    FrameAssembler assembler;
    QList<QByteArray> frames;
    QCOMPARE(assembler.feed(header(0), frames), FrameAssembler::Error::ZeroSize);
    const QByteArray jpeg = fakeJpeg(100, 14);
    QCOMPARE(assembler.feed(framed(jpeg), frames), FrameAssembler::Error::ZeroSize);
    QVERIFY(frames.isEmpty());
    assembler.reset();
    QCOMPARE(assembler.error(), FrameAssembler::Error::None);
    QCOMPARE(assembler.feed(framed(jpeg), frames), FrameAssembler::Error::None);
    QCOMPARE(frames, QList<QByteArray>{jpeg});
}

void TestFrameAssembler::randomGarbage_data()
{
    QTest::addColumn<quint32>("seed");
    for (quint32 seed = 1; seed <= 20; ++seed)
        QTest::newRow(qPrintable(QStringLiteral("seed %1").arg(seed))) << seed;
}

void TestFrameAssembler::randomGarbage()
{
    QFETCH(quint32, seed);
    QRandomGenerator random(seed);
    QByteArray garbage(64 * 1024, '\0');
    for (char &c : garbage)
        c = char(random.bounded(256));

    FrameAssembler assembler;
    FrameAssembler::Error error;
    const QList<QByteArray> frames
        = feedInChunks(assembler, garbage, {1 + int(seed * 37 % 5000)}, &error);
    // Random bytes almost never form a frame; whatever happens, nothing non-JPEG gets out and
    // nothing beyond the limit is held.
    for (const QByteArray &frame : frames)
        QVERIFY(frame.startsWith("\xff\xd8") && frame.endsWith("\xff\xd9"));
    QVERIFY(error != FrameAssembler::Error::None
            || assembler.bufferedBytes() <= assembler.maxFrameSize());
    QVERIFY(error != FrameAssembler::Error::None); // 64 KiB of noise always trips a check
}

void TestFrameAssembler::customLimit()
{
    FrameAssembler assembler(1000);
    QList<QByteArray> frames;
    QCOMPARE(assembler.feed(framed(fakeJpeg(1000, 15)), frames), FrameAssembler::Error::None);
    QCOMPARE(assembler.feed(header(1001), frames), FrameAssembler::Error::FrameTooLarge);
}

QTEST_GUILESS_MAIN(TestFrameAssembler)
#include "tst_frameassembler.moc"
