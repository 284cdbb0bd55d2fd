#include "protocol/mjpegmultipartparser.h"

#include "testframes.h"

#include <QRandomGenerator>
#include <QTest>

using Error = MjpegMultipartParser::Error;

namespace {

// Looks like a JPEG to the parser: ff d8 ff e0 … ff d9. The filler holds line breaks, dashes and
// a boundary-like word in the middle of lines, so a parser that searches carelessly cuts it.
QByteArray fakeJpeg(int size, quint32 seed)
{
    Q_ASSERT(size >= 8);
    QRandomGenerator random(seed);
    QByteArray jpeg(size, '\0');
    for (int i = 0; i < size; ++i)
        jpeg[i] = char(random.bounded(256));
    const QByteArray tricky("x\r\n--frameX\n-- frame\r\n\xff\xd9");
    if (size > tricky.size() + 8)
        jpeg.replace(size / 2, tricky.size(), tricky);
    jpeg[0] = '\xff';
    jpeg[1] = '\xd8';
    jpeg[2] = '\xff';
    jpeg[3] = '\xe0';
    jpeg[size - 2] = '\xff';
    jpeg[size - 1] = '\xd9';
    return jpeg;
}

struct PartSpec
{
    QByteArray delimiter = "--frame";
    QByteArray eol = "\r\n";
    QByteArray contentType = "image/jpeg";
    bool contentLength = true;
    QByteArray extraHeaders;
};

// One part as servers write it: delimiter line, headers, blank line, body, line break.
QByteArray part(const QByteArray &body, const PartSpec &spec = {})
{
    QByteArray bytes = spec.delimiter + spec.eol;
    if (!spec.contentType.isEmpty())
        bytes += "Content-Type: " + spec.contentType + spec.eol;
    if (spec.contentLength)
        bytes += "Content-Length: " + QByteArray::number(body.size()) + spec.eol;
    bytes += spec.extraHeaders;
    return bytes + spec.eol + body + spec.eol;
}

struct Outcome
{
    QList<QByteArray> frames;
    Error error = Error::None;
    quint64 skippedParts = 0;
    bool skippedGarbage = false;
    qsizetype maxBuffered = 0;
};

// Feeds `stream` cut at `cuts` (ascending offsets), as the camera does: stops at the first error.
Outcome feedCut(const QByteArray &contentType, const QByteArray &stream,
                const QList<qsizetype> &cuts, qsizetype maxPartSize)
{
    MjpegMultipartParser parser(maxPartSize);
    Outcome outcome;
    outcome.error = parser.start(contentType);
    qsizetype from = 0;
    QList<qsizetype> ends = cuts;
    ends.append(stream.size());
    for (const qsizetype to : std::as_const(ends)) {
        if (outcome.error != Error::None)
            break;
        outcome.error = parser.feed(QByteArrayView(stream).sliced(from, to - from), outcome.frames);
        outcome.maxBuffered = std::max(outcome.maxBuffered, parser.bufferedBytes());
        from = to;
    }
    outcome.skippedParts = parser.skippedParts();
    outcome.skippedGarbage = parser.skippedBytes() > 0;
    return outcome;
}

QList<qsizetype> everyNth(qsizetype size, qsizetype n)
{
    QList<qsizetype> cuts;
    for (qsizetype at = n; at < size; at += n)
        cuts.append(at);
    return cuts;
}

QList<qsizetype> randomCuts(qsizetype size, quint32 seed, int maxChunk)
{
    QRandomGenerator random(seed);
    QList<qsizetype> cuts;
    for (qsizetype at = 1 + random.bounded(maxChunk); at < size; at += 1 + random.bounded(maxChunk))
        cuts.append(at);
    return cuts;
}

const QByteArray kType = "multipart/x-mixed-replace;boundary=frame";

} // namespace

class TestMjpegMultipartParser : public QObject
{
    Q_OBJECT

private slots:
    void boundaryOf_data();
    void boundaryOf();
    void streams_data();
    void streams();
    void realJpegsEverySplit();
    void partTooLargeRefusedBeforeBuffering();
    void hugePartWithoutLengthStaysBounded();
    void endlessGarbageStaysBounded();
    void errorIsStickyUntilStart();
    void feedBeforeStart();
    void everyErrorHasWords();
};

void TestMjpegMultipartParser::boundaryOf_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<Error>("error");
    QTest::addColumn<QByteArray>("boundary");

    QTest::newRow("ffmpeg") << QByteArray("multipart/x-mixed-replace;boundary=ffmpeg")
                            << Error::None << QByteArray("ffmpeg");
    QTest::newRow("mjpg-streamer")
        << QByteArray("multipart/x-mixed-replace;boundary=boundarydonotcross") << Error::None
        << QByteArray("boundarydonotcross");
    QTest::newRow("quoted, spaces") << QByteArray("multipart/x-mixed-replace; boundary=\"frame\" ")
                                    << Error::None << QByteArray("frame");
    QTest::newRow("case, leading dashes")
        << QByteArray("Multipart/X-Mixed-Replace; BOUNDARY=--myboundary") << Error::None
        << QByteArray("--myboundary");
    QTest::newRow("another parameter first")
        << QByteArray("multipart/x-mixed-replace; charset=utf-8; boundary=b1") << Error::None
        << QByteArray("b1");
    QTest::newRow("quoted with ; and escapes")
        << QByteArray(R"(multipart/x-mixed-replace; boundary="a;b \"c\"")") << Error::None
        << QByteArray(R"(a;b "c")");
    QTest::newRow("parameter without value")
        << QByteArray("multipart/x-mixed-replace; foo; boundary=x") << Error::None
        << QByteArray("x");
    QTest::newRow("multipart/mixed")
        << QByteArray("multipart/mixed; boundary=x") << Error::None << QByteArray("x");
    QTest::newRow("a snapshot") << QByteArray("image/jpeg") << Error::NotMultipart << QByteArray();
    QTest::newRow("a web page") << QByteArray("text/html; charset=utf-8") << Error::NotMultipart
                                << QByteArray();
    QTest::newRow("nothing") << QByteArray() << Error::NotMultipart << QByteArray();
    QTest::newRow("multipart/ alone")
        << QByteArray("multipart/; boundary=x") << Error::NotMultipart << QByteArray();
    QTest::newRow("no parameters")
        << QByteArray("multipart/x-mixed-replace") << Error::MissingBoundary << QByteArray();
    QTest::newRow("empty boundary") << QByteArray("multipart/x-mixed-replace; boundary=")
                                    << Error::MissingBoundary << QByteArray();
    QTest::newRow("empty quoted boundary") << QByteArray("multipart/x-mixed-replace; boundary=\"\"")
                                           << Error::MissingBoundary << QByteArray();
    QTest::newRow("boundary too long") << QByteArray("multipart/x-mixed-replace; boundary=")
            + QByteArray(MjpegMultipartParser::kMaxBoundaryLength + 1, 'b')
                                       << Error::MissingBoundary << QByteArray();
    QTest::newRow("control character") << QByteArray("multipart/x-mixed-replace; boundary=\"a\rb\"")
                                       << Error::MissingBoundary << QByteArray();
}

void TestMjpegMultipartParser::boundaryOf()
{
    QFETCH(QByteArray, contentType);
    QFETCH(Error, error);
    QFETCH(QByteArray, boundary);

    QByteArray got("stale");
    QCOMPARE(MjpegMultipartParser::boundaryOf(contentType, &got), error);
    QCOMPARE(got, boundary);

    MjpegMultipartParser parser;
    QCOMPARE(parser.start(contentType), error);
    QCOMPARE(parser.error(), error);
    QCOMPARE(parser.boundary(), boundary);
}

void TestMjpegMultipartParser::streams_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<qsizetype>("maxPartSize");
    QTest::addColumn<QList<QByteArray>>("frames");
    QTest::addColumn<Error>("error");
    QTest::addColumn<quint64>("skippedParts");
    QTest::addColumn<bool>("skippedGarbage");

    const qsizetype limit = MjpegMultipartParser::kDefaultMaxPartSize;
    const QByteArray a = fakeJpeg(700, 1), b = fakeJpeg(1500, 2), c = fakeJpeg(40, 3);
    const QList<QByteArray> abc{a, b, c};
    // A part without a Content-Length ends at the next boundary: the stream goes on with one.
    const auto parts = [&](const PartSpec &spec) {
        return part(a, spec) + part(b, spec) + part(c, spec) + spec.delimiter + spec.eol;
    };

    PartSpec noLength;
    noLength.contentLength = false;
    PartSpec lf;
    lf.eol = "\n";
    PartSpec lfNoLength = noLength;
    lfNoLength.eol = "\n";
    PartSpec timestamped;
    timestamped.extraHeaders = "X-Timestamp: 1732530000.123456\r\n";

    // The servers people run, as they write their streams.
    QTest::newRow("mjpg-streamer: \\r\\n--boundary, X-Timestamp")
        << QByteArray("multipart/x-mixed-replace;boundary=boundarydonotcross") <<
        [&] {
            QByteArray s = "\r\n";
            for (const QByteArray &jpeg : abc)
                s += "--boundarydonotcross\r\nContent-Type: image/jpeg\r\nContent-Length: "
                    + QByteArray::number(jpeg.size()) + "\r\nX-Timestamp: 1.000000\r\n\r\n" + jpeg
                    + "\r\n";
            return s;
        }()
        << limit << abc << Error::None << quint64(0) << false;
    QTest::newRow("ffmpeg mpjpeg: lower-case header names")
        << QByteArray("multipart/x-mixed-replace;boundary=ffmpeg") <<
        [&] {
            QByteArray s;
            for (const QByteArray &jpeg : abc)
                s += "--ffmpeg\r\nContent-type: image/jpeg\r\nContent-length: "
                    + QByteArray::number(jpeg.size()) + "\r\n\r\n" + jpeg + "\r\n";
            return s;
        }()
        << limit << abc << Error::None << quint64(0) << false;
    QTest::newRow("with Content-Length")
        << kType << parts({}) << limit << abc << Error::None << quint64(0) << false;
    QTest::newRow("with X-Timestamp")
        << kType << parts(timestamped) << limit << abc << Error::None << quint64(0) << false;
    QTest::newRow("without Content-Length")
        << kType << parts(noLength) << limit << abc << Error::None << quint64(0) << false;
    QTest::newRow("LF only") << kType << parts(lf) << limit << abc << Error::None << quint64(0)
                             << false;
    QTest::newRow("LF only, without Content-Length")
        << kType << parts(lfNoLength) << limit << abc << Error::None << quint64(0) << false;
    QTest::newRow("header names in capitals")
        << kType
        << "--frame\r\nCONTENT-TYPE: IMAGE/JPEG\r\nCONTENT-LENGTH: " + QByteArray::number(a.size())
            + "\r\n\r\n" + a + "\r\n"
        << limit << QList<QByteArray>{a} << Error::None << quint64(0) << false;

    // Boundaries as servers declare and use them.
    PartSpec bare;
    bare.delimiter = "frame";
    QTest::newRow("boundary used without dashes")
        << kType << parts(bare) << limit << abc << Error::None << quint64(0) << false;
    PartSpec declaredDashes;
    declaredDashes.delimiter = "--myboundary";
    QTest::newRow("declared with --, used as declared")
        << QByteArray("multipart/x-mixed-replace; boundary=--myboundary") << parts(declaredDashes)
        << limit << abc << Error::None << quint64(0) << false;
    PartSpec rfcDashes;
    rfcDashes.delimiter = "----myboundary";
    QTest::newRow("declared with --, used with -- more (RFC 2046)")
        << QByteArray("multipart/x-mixed-replace; boundary=--myboundary") << parts(rfcDashes)
        << limit << abc << Error::None << quint64(0) << false;
    QTest::newRow("declared quoted, no Content-Length")
        << QByteArray("multipart/x-mixed-replace; boundary=\"frame\"") << parts(noLength) << limit
        << abc << Error::None << quint64(0) << false;
    QTest::newRow("padding after the boundary")
        << kType << "--frame \t\r\nContent-Type: image/jpeg\r\n\r\n" + a + "\r\n--frame\r\n"
        << limit << QList<QByteArray>{a} << Error::None << quint64(0) << false;
    QTest::newRow("close delimiter ends the last part")
        << kType << part(a, noLength) + "--frame--\r\n"
        << limit << QList<QByteArray>{a} << Error::None << quint64(0) << false;
    QTest::newRow("boundary-like text inside a line is data")
        << kType
        << part(QByteArray("\xff\xd8 --frame\r\n--frameless\r\n---frame-\r\n\xff\xd9"), noLength)
            + "--frame\r\n"
        << limit << QList<QByteArray>{"\xff\xd8 --frame\r\n--frameless\r\n---frame-\r\n\xff\xd9"}
        << Error::None << quint64(0) << false;

    // Garbage and odd parts.
    QTest::newRow("preamble before the first boundary")
        << kType << "This is a preamble.\r\nIt says nothing.\r\n" + parts({}) << limit << abc
        << Error::None << quint64(0) << true;
    QTest::newRow("garbage between parts (Content-Length)")
        << kType
        << part(a) + "garbage\r\n\x01\x02\x03 junk\r\n" + part(b) + "\r\n\r\nmore\r\n" + part(c)
        << limit << abc << Error::None << quint64(0) << true;
    QTest::newRow("a long garbage line between parts")
        << kType << part(a) + QByteArray(5000, 'g') + "\r\n" + part(b) << limit
        << QList<QByteArray>{a, b} << Error::None << quint64(0) << true;
    QTest::newRow("blank lines between parts")
        << kType << part(a) + "\r\n\r\n\n" + part(b) << limit << QList<QByteArray>{a, b}
        << Error::None << quint64(0) << false;
    QTest::newRow("blank line before a part without length")
        << kType << "--frame\r\nContent-Type: image/jpeg\r\n\r\n\r\n" + a + "\r\n--frame\r\n"
        << limit << QList<QByteArray>{a} << Error::None << quint64(0) << false;
    QTest::newRow("boundary right after the picture")
        << kType
        << "--frame\r\nContent-Length: " + QByteArray::number(a.size()) + "\r\n\r\n" + a
            + "--frame\r\nContent-Length: " + QByteArray::number(b.size()) + "\r\n\r\n" + b
        << limit << QList<QByteArray>{a, b} << Error::None << quint64(0) << false;
    QTest::newRow("Content-Length counts the line break")
        << kType
        << "--frame\r\nContent-Length: " + QByteArray::number(a.size() + 2) + "\r\n\r\n" + a
            + "\r\n--frame\r\n"
        << limit << QList<QByteArray>{a} << Error::None << quint64(0) << false;
    PartSpec text;
    text.contentType = "text/plain";
    PartSpec textNoLength = text;
    textNoLength.contentLength = false;
    PartSpec png;
    png.contentType = "image/png; name=x.png";
    QTest::newRow("other types skipped")
        << kType
        << part("hello\r\n--framed\r\n", text) + part(a) + part("x", textNoLength)
            + part("\x89PNG....", png) + part(b)
        << limit << QList<QByteArray>{a, b} << Error::None << quint64(3) << false;
    PartSpec noType;
    noType.contentType.clear();
    PartSpec jpg;
    jpg.contentType = "image/jpg";
    QTest::newRow("without Content-Type, image/jpg")
        << kType << part(a, noType) + part(b, jpg) << limit << QList<QByteArray>{a, b}
        << Error::None << quint64(0) << false;
    QTest::newRow("empty parts skipped")
        << kType
        << part(QByteArray()) + "--frame\r\n--frame\r\n" + part(a) + part({}, noLength) + part(b)
        << limit << QList<QByteArray>{a, b} << Error::None << quint64(4) << false;
    QTest::newRow("headers without a colon ignored")
        << kType << "--frame\r\nnonsense\r\n\r\n" + a + "\r\n--frame\r\n"
        << limit << QList<QByteArray>{a} << Error::None << quint64(0) << false;
    QTest::newRow("a part cut off at the end waits")
        << kType << part(a) + part(b).chopped(100) << limit << QList<QByteArray>{a} << Error::None
        << quint64(0) << false;

    // What cannot be trusted.
    QTest::newRow("Content-Length above the limit")
        << kType << part(a) + part(b) << qsizetype(1000) << QList<QByteArray>{a}
        << Error::PartTooLarge << quint64(0) << false;
    QTest::newRow("no Content-Length, above the limit")
        << kType << part(a, noLength) + part(b, noLength) << qsizetype(1000) << QList<QByteArray>{a}
        << Error::PartTooLarge << quint64(0) << false;
    QTest::newRow("skipped part above the limit")
        << kType << part(QByteArray(20000, 't'), textNoLength) << qsizetype(1000)
        << QList<QByteArray>{} << Error::PartTooLarge << quint64(1) << false;
    QTest::newRow("no boundary at all")
        << kType << QByteArray(12000, 'x') + "\r\n" + part(a) << qsizetype(1000)
        << QList<QByteArray>{} << Error::BoundaryNotFound << quint64(0) << true;
    QTest::newRow("headers too large")
        << kType
        << "--frame\r\nX-Padding: " + QByteArray(MjpegMultipartParser::kMaxHeaderBytes, 'p')
            + "\r\n\r\n" + a
        << limit << QList<QByteArray>{} << Error::HeadersTooLarge << quint64(0) << false;
    QTest::newRow("Content-Length not a number")
        << kType << part(a) + "--frame\r\nContent-Length: 12a\r\n\r\n" + b << limit
        << QList<QByteArray>{a} << Error::BadContentLength << quint64(0) << false;
    QTest::newRow("Content-Length negative")
        << kType << "--frame\r\nContent-Length: -5\r\n\r\n" + b << limit << QList<QByteArray>{}
        << Error::BadContentLength << quint64(0) << false;
    QTest::newRow("Content-Length short: the picture is cut")
        << kType
        << part(a) + "--frame\r\nContent-Length: " + QByteArray::number(b.size() - 10) + "\r\n\r\n"
            + b + "\r\n"
        << limit << QList<QByteArray>{a} << Error::MissingEndMarker << quint64(0) << false;
    QTest::newRow("Content-Length long: the next boundary is swallowed")
        << kType
        << "--frame\r\nContent-Length: " + QByteArray::number(a.size() + 30) + "\r\n\r\n" + a
            + "\r\n" + part(b)
        << limit << QList<QByteArray>{} << Error::MissingEndMarker << quint64(0) << false;
    QTest::newRow("not a JPEG (Content-Length)")
        << kType << part("GIF89a...." + a) << limit << QList<QByteArray>{}
        << Error::MissingStartMarker << quint64(0) << false;
    QTest::newRow("not a JPEG (no Content-Length)")
        << kType << part("GIF89a\r\n...." + a, noLength) << limit << QList<QByteArray>{}
        << Error::MissingStartMarker << quint64(0) << false;
    QTest::newRow("garbage after the picture, no Content-Length: the picture ends wrong")
        << kType << part(a + "\r\ngarbage", noLength) + "--frame\r\n"
        << limit << QList<QByteArray>{} << Error::MissingEndMarker << quint64(0) << false;
    QTest::newRow("a two-byte picture")
        << kType << part("\xff\xd8", noLength) + "--frame\r\n"
        << limit << QList<QByteArray>{} << Error::MissingEndMarker << quint64(0) << false;
}

void TestMjpegMultipartParser::streams()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, stream);
    QFETCH(qsizetype, maxPartSize);
    QFETCH(QList<QByteArray>, frames);
    QFETCH(Error, error);
    QFETCH(quint64, skippedParts);
    QFETCH(bool, skippedGarbage);

    // Every chunking gives the same outcome: whole, byte by byte, small and random chunks, and
    // two chunks split at every offset.
    QList<std::pair<QString, QList<qsizetype>>> chunkings{
        {QStringLiteral("whole"), {}},
        {QStringLiteral("byte by byte"), everyNth(stream.size(), 1)},
        {QStringLiteral("3 bytes"), everyNth(stream.size(), 3)},
        {QStringLiteral("7 bytes"), everyNth(stream.size(), 7)},
        {QStringLiteral("1000 bytes"), everyNth(stream.size(), 1000)},
    };
    for (quint32 seed = 1; seed <= 4; ++seed)
        chunkings.append({QStringLiteral("random %1").arg(seed),
                          randomCuts(stream.size(), seed, seed % 2 ? 13 : 700)});
    // Two chunks split at some 400 offsets spread over the stream (every offset for short
    // streams): enough to cut every boundary, header and marker, and quick under sanitizers.
    const qsizetype step = std::max<qsizetype>(1, stream.size() / 400);
    for (qsizetype split = 1; split < stream.size(); split += step)
        chunkings.append({QStringLiteral("split at %1").arg(split), {split}});

    for (const auto &[name, cuts] : std::as_const(chunkings)) {
        const Outcome got = feedCut(contentType, stream, cuts, maxPartSize);
        const QByteArray label = name.toUtf8();
        QVERIFY2(got.error == error, label.constData());
        QVERIFY2(got.frames.size() == frames.size(), label.constData());
        for (qsizetype i = 0; i < frames.size(); ++i)
            QVERIFY2(got.frames.at(i) == frames.at(i),
                     (label + " frame " + QByteArray::number(i)).constData());
        QVERIFY2(got.skippedParts == skippedParts, label.constData());
        QVERIFY2(got.skippedGarbage == skippedGarbage, label.constData());
        // Never more than a part, a boundary line and the headers.
        QVERIFY2(got.maxBuffered <= maxPartSize + MjpegMultipartParser::kMaxHeaderBytes,
                 label.constData());
    }
}

void TestMjpegMultipartParser::realJpegsEverySplit()
{
    // Real encoder output: its bytes hold line breaks and dashes wherever they fall.
    const QList<QByteArray> jpegs{TestFrames::patternJpeg(QSize(160, 90)),
                                  TestFrames::patternJpeg(QSize(64, 36), Qt::darkRed)};
    PartSpec noLength;
    noLength.contentLength = false;
    for (const bool withLength : {true, false}) {
        QByteArray stream;
        for (const QByteArray &jpeg : jpegs)
            stream += part(jpeg, withLength ? PartSpec() : noLength);
        stream += "--frame\r\n"; // the next part's boundary ends the last one
        for (qsizetype split = 0; split <= stream.size(); split += 7) {
            const Outcome got
                = feedCut(kType, stream, {split}, MjpegMultipartParser::kDefaultMaxPartSize);
            QCOMPARE(got.error, Error::None);
            QCOMPARE(got.frames, jpegs);
        }
    }
}

void TestMjpegMultipartParser::partTooLargeRefusedBeforeBuffering()
{
    MjpegMultipartParser parser;
    QCOMPARE(parser.start(kType), Error::None);
    QList<QByteArray> frames;
    const QByteArray headers = "--frame\r\nContent-Type: image/jpeg\r\nContent-Length: "
                               "1073741824\r\n\r\n";
    // Up to the blank line nothing is decided.
    QCOMPARE(parser.feed(QByteArrayView(headers).chopped(2), frames), Error::None);
    QCOMPARE(parser.feed(QByteArrayView(headers).last(2), frames), Error::PartTooLarge);
    QCOMPARE(parser.announcedSize(), qsizetype(1073741824));
    QCOMPARE(parser.bufferedBytes(), 0);
    QCOMPARE(parser.feed(QByteArray(100000, '\xff'), frames), Error::PartTooLarge);
    QCOMPARE(parser.bufferedBytes(), 0);
    QVERIFY(frames.isEmpty());
}

void TestMjpegMultipartParser::hugePartWithoutLengthStaysBounded()
{
    // A server that sends one endless picture: refused once it passes the limit, in whatever
    // chunks it comes; the memory held never goes past the limit and a line.
    for (const qsizetype chunk : {qsizetype(1), qsizetype(4096), qsizetype(1 << 20)}) {
        const qsizetype limit = chunk == 1 ? 20000 : 4 * 1024 * 1024;
        MjpegMultipartParser parser(limit);
        QCOMPARE(parser.start(kType), Error::None);
        QList<QByteArray> frames;
        QCOMPARE(parser.feed("--frame\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8", frames),
                 Error::None);
        // Short lines: each one is checked for a boundary.
        QByteArray filler(chunk, 'j');
        for (qsizetype at = 9; at < filler.size(); at += 10)
            filler[at] = '\n';
        qsizetype fed = 0;
        qsizetype maxBuffered = 0;
        Error error = Error::None;
        while (error == Error::None && fed < 2 * limit) {
            error = parser.feed(filler, frames);
            fed += filler.size();
            maxBuffered = std::max(maxBuffered, parser.bufferedBytes());
        }
        QCOMPARE(error, Error::PartTooLarge);
        QVERIFY2(fed <= limit + chunk + 300, qPrintable(QString::number(fed)));
        QVERIFY(maxBuffered <= limit + 300);
        QCOMPARE(parser.bufferedBytes(), 0);
        QVERIFY(frames.isEmpty());
    }
}

void TestMjpegMultipartParser::endlessGarbageStaysBounded()
{
    MjpegMultipartParser parser(100000);
    QCOMPARE(parser.start(kType), Error::None);
    QList<QByteArray> frames;
    const QByteArray garbage(4096, 'g'); // one endless line: nothing of it is kept
    Error error = Error::None;
    qsizetype fed = 0;
    while (error == Error::None && fed < 1000000) {
        error = parser.feed(garbage, frames);
        fed += garbage.size();
        QVERIFY(parser.bufferedBytes() <= 300);
    }
    QCOMPARE(error, Error::BoundaryNotFound);
    QVERIFY(fed <= 100000 + MjpegMultipartParser::kMaxHeaderBytes + garbage.size());
}

void TestMjpegMultipartParser::errorIsStickyUntilStart()
{
    MjpegMultipartParser parser;
    QCOMPARE(parser.start(kType), Error::None);
    QList<QByteArray> frames;
    QCOMPARE(parser.feed("--frame\r\nContent-Length: x\r\n\r\n", frames), Error::BadContentLength);
    const QByteArray a = fakeJpeg(100, 9);
    QCOMPARE(parser.feed(part(a), frames), Error::BadContentLength);
    QVERIFY(frames.isEmpty());
    QCOMPARE(parser.bufferedBytes(), 0);

    QCOMPARE(parser.start(kType), Error::None);
    QCOMPARE(parser.feed(part(a), frames), Error::None);
    QCOMPARE(frames, QList<QByteArray>{a});

    parser.reset();
    QCOMPARE(parser.error(), Error::None);
    QVERIFY(parser.boundary().isEmpty());
}

void TestMjpegMultipartParser::feedBeforeStart()
{
    MjpegMultipartParser parser;
    QList<QByteArray> frames;
    QCOMPARE(parser.feed(part(fakeJpeg(100, 10)), frames), Error::NotStarted);
    QVERIFY(frames.isEmpty());
    // A response that is not a stream refuses its body too.
    QCOMPARE(parser.start("text/html"), Error::NotMultipart);
    QCOMPARE(parser.feed(part(fakeJpeg(100, 10)), frames), Error::NotMultipart);
    QVERIFY(frames.isEmpty());
}

void TestMjpegMultipartParser::everyErrorHasWords()
{
    const QList<Error> errors{
        Error::NotStarted,       Error::NotMultipart,       Error::MissingBoundary,
        Error::HeadersTooLarge,  Error::BadContentLength,   Error::PartTooLarge,
        Error::BoundaryNotFound, Error::MissingStartMarker, Error::MissingEndMarker};
    QSet<QString> seen;
    for (const Error error : errors) {
        const QString words = MjpegMultipartParser::describe(error);
        QVERIFY(!words.isEmpty());
        seen.insert(words);
    }
    QCOMPARE(seen.size(), errors.size());
    QVERIFY(MjpegMultipartParser::describe(Error::None).isEmpty());
}

QTEST_GUILESS_MAIN(TestMjpegMultipartParser)
#include "tst_mjpegmultipartparser.moc"
