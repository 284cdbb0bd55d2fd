// FailureClipRing and its chunk format: frames on disk in a bounded ring, and a failed print
// leaves a clip whose first frames came before the failure (red before, green after).
#include "h264clip.h"
#include "record/failureclipring.h"
#include "record/recordinglibrary.h"
#include "record/ringchunkformat.h"
#include "record/videoprobe.h"
#include "sim/h264clipencoder.h"
#include "testframes.h"

#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

namespace {

const QString kPrinter = QStringLiteral("X1C");
const QSize kSize(320, 180);
const QColor kBefore(220, 40, 40);
const QColor kAfter(40, 200, 40);
constexpr qint64 kSecond = 1'000'000'000;

PrintStatus statusOf(PrintState state, qint64 printError = 0)
{
    PrintStatus status;
    status.state = state;
    status.jobName = QStringLiteral("benchy.3mf");
    status.printError = printError;
    status.updated = QDateTime::currentDateTimeUtc();
    return status;
}

CameraFrame jpegAt(int second, const QColor &colour)
{
    return CameraFrame::fromJpeg(
        TestFrames::jpegOf(H264ClipEncoder::testPicture(kSize, colour, second)),
        QDateTime::currentDateTime(), second * kSecond);
}

bool shows(const QImage &picture, const QColor &colour)
{
    return H264Clip::looksLike(H264Clip::centreColour(picture), colour, 40);
}

} // namespace

class TestFailureClipRing : public QObject
{
    Q_OBJECT

private slots:
    void chunkFormatRoundTrips();
    void chunkCutAnywhereKeepsWholeRecords();
    void chunkRefusesGarbage_data();
    void chunkRefusesGarbage();
    void failedPrintLeavesAClipFromBefore_data();
    void failedPrintLeavesAClipFromBefore();
    void ringStaysBounded();
    void onlyAnErrorPauseSavesAClip();
    void unwritableFolderSaysSo();
};

void TestFailureClipRing::chunkFormatRoundTrips()
{
    const H264Clip::Clip clip = H264Clip::make(3, 2, kSize);
    QByteArray chunk(RingChunkFormat::kHeader.data(), RingChunkFormat::kHeader.size());
    QList<CameraFrame> frames{jpegAt(1, kBefore), H264Clip::frameOf(clip, 0, 2 * kSecond),
                              H264Clip::frameOf(clip, 1, 3 * kSecond)};
    for (const CameraFrame &frame : frames)
        chunk += RingChunkFormat::recordHeader(frame) + frame.encoded();
    const RingChunkFormat::Parsed parsed = RingChunkFormat::parse(chunk);
    QVERIFY(parsed.complete);
    QCOMPARE(parsed.frames.size(), 3);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(parsed.frames.at(i).codec(), frames.at(i).codec());
        QCOMPARE(parsed.frames.at(i).encoded(), frames.at(i).encoded());
        QCOMPARE(parsed.frames.at(i).isKeyFrame(), frames.at(i).isKeyFrame());
        QCOMPARE(parsed.frames.at(i).receivedNs(), frames.at(i).receivedNs());
        QCOMPARE(parsed.frames.at(i).receivedAt().toMSecsSinceEpoch(),
                 frames.at(i).receivedAt().toMSecsSinceEpoch());
    }
    QVERIFY(RingChunkFormat::recordHeader(CameraFrame()).isEmpty());
}

void TestFailureClipRing::chunkCutAnywhereKeepsWholeRecords()
{
    QByteArray chunk(RingChunkFormat::kHeader.data(), RingChunkFormat::kHeader.size());
    QList<qsizetype> ends;
    for (int i = 0; i < 3; ++i) {
        const CameraFrame frame = CameraFrame::fromJpeg(QByteArray(50 + i, 'j'), {}, i);
        chunk += RingChunkFormat::recordHeader(frame) + frame.encoded();
        ends.append(chunk.size());
    }
    for (qsizetype cut = RingChunkFormat::kHeader.size(); cut <= chunk.size(); ++cut) {
        const RingChunkFormat::Parsed parsed = RingChunkFormat::parse(chunk.left(cut));
        const int whole = static_cast<int>(
            std::count_if(ends.begin(), ends.end(), [cut](qsizetype end) { return end <= cut; }));
        QCOMPARE(parsed.frames.size(), whole);
        QCOMPARE(parsed.complete, cut == RingChunkFormat::kHeader.size() || ends.contains(cut));
    }
}

void TestFailureClipRing::chunkRefusesGarbage_data()
{
    QTest::addColumn<QByteArray>("bytes");
    const CameraFrame frame = CameraFrame::fromJpeg(QByteArray(10, 'j'), {}, 1);
    const QByteArray header(RingChunkFormat::kHeader.data(), RingChunkFormat::kHeader.size());
    const QByteArray good = RingChunkFormat::recordHeader(frame) + frame.encoded();
    QByteArray badMagic = good;
    badMagic[0] = 'X';
    QByteArray badCodec = good;
    badCodec[4] = 7;
    QByteArray hugeLength = good;
    hugeLength[27] = char(0x7f);
    QTest::newRow("no header") << good;
    QTest::newRow("bad magic") << header + badMagic;
    QTest::newRow("bad codec") << header + badCodec;
    QTest::newRow("huge length") << header + hugeLength;
}

void TestFailureClipRing::chunkRefusesGarbage()
{
    QFETCH(QByteArray, bytes);
    const RingChunkFormat::Parsed parsed = RingChunkFormat::parse(bytes);
    QVERIFY(!parsed.complete);
    QCOMPARE(parsed.frames.size(), 0);
}

void TestFailureClipRing::failedPrintLeavesAClipFromBefore_data()
{
    QTest::addColumn<bool>("h264");
    QTest::newRow("port-6000 JPEG") << false;
    QTest::newRow("RTSPS H.264") << true;
}

void TestFailureClipRing::failedPrintLeavesAClipFromBefore()
{
    QFETCH(bool, h264);
    QTemporaryDir dir;
    RecordingLibrary library(dir.path());
    library.setMinimumFreeBytes(0);
    FailureClipRing ring(library, kPrinter);
    ring.setWindowSeconds(10);
    ring.setAfterSeconds(3);
    ring.setChunkSeconds(2);
    QSignalSpy started(&ring, &FailureClipRing::clipStarted);
    QSignalSpy ready(&ring, &FailureClipRing::clipReady);
    QSignalSpy failed(&ring, &FailureClipRing::clipFailed);

    H264ClipEncoder encoder(kSize, 4, 1);
    QVERIFY(encoder.isValid());
    const auto frameAt = [&](int second) {
        const QColor colour = second <= 25 ? kBefore : kAfter;
        if (!h264)
            return jpegAt(second, colour);
        const H264ClipEncoder::AccessUnit unit
            = encoder.encode(H264ClipEncoder::testPicture(kSize, colour, second));
        return CameraFrame::fromEncoded(CameraFrame::Codec::H264, unit.bytes, unit.keyFrame,
                                        QDateTime::currentDateTime(), second * kSecond);
    };
    ring.onStatus(statusOf(PrintState::Printing));
    for (int second = 1; second <= 25; ++second)
        ring.onFrame(frameAt(second));
    ring.onStatus(statusOf(PrintState::Failed, 0x03004006));
    QCOMPARE(started.count(), 1);
    QVERIFY(ring.isClipPending());
    for (int second = 26; second <= 40 && ready.isEmpty() && failed.isEmpty(); ++second) {
        ring.onFrame(frameAt(second));
        QCoreApplication::processEvents();
    }
    QTRY_COMPARE_WITH_TIMEOUT(ready.count() + failed.count(), 1, 20000);
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.at(0).at(0).toString()));
    const QString video = ready.at(0).at(0).toString();
    const QString snapshot = ready.at(0).at(1).toString();
    QVERIFY(QFileInfo(video).fileName().startsWith(QStringLiteral("failure_")));
    QCOMPARE(snapshot, RecordingLibrary::thumbnailPathFor(video));

    const VideoProbe::Info info = VideoProbe::probe(video, VideoProbe::Depth::Decode);
    QVERIFY2(info.ok, qPrintable(info.error));
    QCOMPARE(info.codec, QStringLiteral("h264"));
    // 10 s before (plus up to a chunk: whole chunks, from a key frame) and 3 s after, 1 fps.
    QVERIFY2(info.frames >= 13 && info.frames <= 18, qPrintable(QString::number(info.frames)));
    const QList<QImage> pictures = VideoProbe::pictures(video, 100);
    QCOMPARE(pictures.size(), info.frames);
    QVERIFY(shows(pictures.first(), kBefore)); // it starts before the failure
    QVERIFY(shows(pictures.last(), kAfter)); // and goes on after it
    QVERIFY2(info.durationMs >= (info.frames - 1) * 1000 - 100,
             qPrintable(QString::number(info.durationMs))); // real time
    const QImage moment(snapshot);
    QVERIFY(!moment.isNull());
    QVERIFY(shows(moment, kBefore)); // the last frame before the failure

    // The work files are gone, the ring started afresh, the library lists the clip.
    QCOMPARE(QDir(library.workPath(kPrinter, {})).entryList({QStringLiteral("clip-*")}, QDir::Dirs),
             QStringList());
    QCOMPARE(library.entries().size(), 1);
    QCOMPARE(library.entries().at(0).kind, RecordingLibrary::Kind::FailureClip);
    QTRY_VERIFY(!ring.isClipPending());
}

void TestFailureClipRing::ringStaysBounded()
{
    QTemporaryDir dir;
    RecordingLibrary library(dir.path());
    FailureClipRing ring(library, kPrinter);
    ring.setWindowSeconds(5);
    ring.setChunkSeconds(1);
    const CameraFrame sample = jpegAt(0, kBefore);
    const qint64 recordBytes = RingChunkFormat::kRecordHeaderBytes + sample.encoded().size();
    for (int second = 1; second <= 60; ++second) {
        ring.onFrame(CameraFrame::fromJpeg(sample.encoded(), {}, second * kSecond));
        QVERIFY(ring.chunkCount() <= 5 + 2);
        QVERIFY(ring.ringBytes() <= 7 * (recordBytes + RingChunkFormat::kHeader.size()));
    }
    ring.waitForWrites();
    QCOMPARE(QDir(ring.ringFolder()).entryList(QDir::Files).size(), ring.chunkCount());
    // A hard byte cap wins over the window.
    ring.setMaxBytes(3 * recordBytes);
    for (int second = 61; second <= 70; ++second)
        ring.onFrame(CameraFrame::fromJpeg(sample.encoded(), {}, second * kSecond));
    QVERIFY(ring.ringBytes() <= 4 * (recordBytes + RingChunkFormat::kHeader.size()));
}

void TestFailureClipRing::onlyAnErrorPauseSavesAClip()
{
    QTemporaryDir dir;
    RecordingLibrary library(dir.path());
    FailureClipRing ring(library, kPrinter);
    QSignalSpy started(&ring, &FailureClipRing::clipStarted);
    ring.onStatus(statusOf(PrintState::Printing));
    ring.onStatus(statusOf(PrintState::Paused)); // the user paused
    ring.onStatus(statusOf(PrintState::Printing));
    ring.onStatus(statusOf(PrintState::Finished));
    QCOMPARE(started.count(), 0);
    ring.onStatus(statusOf(PrintState::Printing));
    ring.onStatus(statusOf(PrintState::Paused, 0x07008011)); // filament ran out
    QCOMPARE(started.count(), 1);
    QVERIFY(ring.isClipPending());
}

void TestFailureClipRing::unwritableFolderSaysSo()
{
    QTemporaryDir dir;
    QFile blocker(dir.filePath(QStringLiteral("file")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    RecordingLibrary library(blocker.fileName());
    FailureClipRing ring(library, kPrinter);
    QSignalSpy failed(&ring, &FailureClipRing::clipFailed);
    for (int second = 1; second <= 3; ++second)
        ring.onFrame(jpegAt(second, kBefore));
    QCOMPARE(failed.count(), 1); // once, not for every frame
    QVERIFY(failed.at(0).at(0).toString().contains(QStringLiteral("read-only")));
    QCOMPARE(ring.chunkCount(), 0);
}

QTEST_GUILESS_MAIN(TestFailureClipRing)
#include "tst_failureclipring.moc"
