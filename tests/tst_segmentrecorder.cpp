// SegmentRecorder: on-demand recording in segments, JPEG kept as MJPEG and H.264 remuxed, every
// segment playable on its own; space running out stops it with a message and keeps what was made.
#include "h264clip.h"
#include "record/recordinglibrary.h"
#include "record/segmentrecorder.h"
#include "record/videoprobe.h"
#include "testframes.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

namespace {

const QString kPrinter = QStringLiteral("P1S");
constexpr qint64 kSecond = 1'000'000'000;

CameraFrame jpegAt(int second)
{
    return CameraFrame::fromJpeg(TestFrames::patternJpeg(QSize(320, 180)),
                                 QDateTime::currentDateTime().addSecs(second), second * kSecond);
}

} // namespace

class TestSegmentRecorder : public QObject
{
    Q_OBJECT

private slots:
    void jpegSegmentsAreMjpeg();
    void h264SegmentsStartAtKeyFrames();
    void refusesToStartWithoutSpace();
    void stopsWhenSpaceRunsOut();
    void framesOutsideARecordingAreIgnored();
};

void TestSegmentRecorder::jpegSegmentsAreMjpeg()
{
    QTemporaryDir dir;
    RecordingLibrary library(dir.path());
    library.setMinimumFreeBytes(0);
    SegmentRecorder recorder(library, kPrinter);
    recorder.setSegmentSeconds(10);
    QSignalSpy segments(&recorder, &SegmentRecorder::segmentFinished);
    QVERIFY(recorder.start());
    QVERIFY(recorder.isRecording());
    for (int second = 0; second < 25; ++second)
        recorder.onFrame(jpegAt(second));
    recorder.waitForWrites();
    QTRY_COMPARE(segments.count(), 2); // 0-9 and 10-19 are done; 20-24 is being written
    QVERIFY(QFile::exists(recorder.currentPath() + QStringLiteral(".partial")));
    recorder.stop();
    QTRY_COMPARE(segments.count(), 3);
    int frames = 0;
    for (const QList<QVariant> &segment : segments) {
        const QString path = segment.at(0).toString();
        QVERIFY(path.endsWith(QStringLiteral(".mkv")));
        const VideoProbe::Info info = VideoProbe::probe(path, VideoProbe::Depth::Decode);
        QVERIFY2(info.ok, qPrintable(info.error));
        QCOMPARE(info.codec, QStringLiteral("mjpeg"));
        frames += info.frames;
    }
    QCOMPARE(frames, 25);
    QCOMPARE(library.entries().size(), 3);
    for (const RecordingLibrary::Entry &entry : library.entries()) {
        QCOMPARE(entry.kind, RecordingLibrary::Kind::Recording);
        QVERIFY(!entry.automatic);
    }
}

void TestSegmentRecorder::h264SegmentsStartAtKeyFrames()
{
    const H264Clip::Clip clip = H264Clip::make(30, 5, QSize(320, 180));
    QTemporaryDir dir;
    RecordingLibrary library(dir.path());
    library.setMinimumFreeBytes(0);
    SegmentRecorder recorder(library, kPrinter);
    recorder.setSegmentSeconds(7);
    QSignalSpy segments(&recorder, &SegmentRecorder::segmentFinished);
    QVERIFY(recorder.start());
    for (int i = 2; i < 30; ++i) // joins mid-group: frames 2-4 wait for the key frame at 5
        recorder.onFrame(H264Clip::frameOf(clip, i, i * kSecond));
    recorder.stop();
    // Key frames at 5, 10, 15, 20, 25: cuts at 15 (10 s after 5) and 25.
    QTRY_COMPARE(segments.count(), 3);
    const QList<int> expected{10, 10, 5};
    for (int i = 0; i < segments.count(); ++i) {
        const VideoProbe::Info info
            = VideoProbe::probe(segments.at(i).at(0).toString(), VideoProbe::Depth::Decode);
        QVERIFY2(info.ok, qPrintable(info.error));
        QCOMPARE(info.codec, QStringLiteral("h264"));
        QCOMPARE(info.frames, expected.at(i));
    }
}

void TestSegmentRecorder::refusesToStartWithoutSpace()
{
    QTemporaryDir dir;
    RecordingLibrary library(dir.path());
    library.setFreeSpaceFunction([](const QString &) { return 100; });
    library.setMinimumFreeBytes(1000);
    SegmentRecorder recorder(library, kPrinter);
    QSignalSpy failed(&recorder, &SegmentRecorder::failed);
    QVERIFY(!recorder.start());
    QVERIFY(!recorder.isRecording());
    QCOMPARE(failed.count(), 1);
    QVERIFY(failed.at(0).at(0).toString().startsWith(QStringLiteral("Recording stopped")));
}

void TestSegmentRecorder::stopsWhenSpaceRunsOut()
{
    QTemporaryDir dir;
    RecordingLibrary library(dir.path());
    qint64 free = 10'000'000;
    library.setFreeSpaceFunction([&free](const QString &) { return free; });
    library.setMinimumFreeBytes(1'000'000);
    SegmentRecorder recorder(library, kPrinter);
    QSignalSpy failed(&recorder, &SegmentRecorder::failed);
    QSignalSpy segments(&recorder, &SegmentRecorder::segmentFinished);
    QSignalSpy changed(&recorder, &SegmentRecorder::recordingChanged);
    QVERIFY(recorder.start());
    int second = 0;
    for (; second < 20; ++second)
        recorder.onFrame(jpegAt(second));
    free = 500'000; // the disk fills up
    for (; second < 80 && recorder.isRecording(); ++second)
        recorder.onFrame(jpegAt(second));
    QVERIFY(!recorder.isRecording());
    QVERIFY(second <= 20 + SegmentRecorder::kSpaceCheckSeconds + 1);
    QCOMPARE(failed.count(), 1);
    QVERIFY(failed.at(0).at(0).toString().startsWith(QStringLiteral("Recording stopped")));
    // What was recorded until then is a whole, playable segment.
    QTRY_COMPARE(segments.count(), 1);
    const VideoProbe::Info info
        = VideoProbe::probe(segments.at(0).at(0).toString(), VideoProbe::Depth::Decode);
    QVERIFY2(info.ok, qPrintable(info.error));
    QVERIFY(info.frames >= 20);
    QCOMPARE(changed.count(), 2);
}

void TestSegmentRecorder::framesOutsideARecordingAreIgnored()
{
    QTemporaryDir dir;
    RecordingLibrary library(dir.path());
    library.setMinimumFreeBytes(0);
    SegmentRecorder recorder(library, kPrinter);
    for (int second = 0; second < 5; ++second)
        recorder.onFrame(jpegAt(second));
    QVERIFY(recorder.start());
    recorder.stop(); // no frame came: no file
    recorder.waitForWrites();
    QCOMPARE(library.entries().size(), 0);
    QVERIFY(!QFileInfo::exists(library.printerPath(kPrinter))
            || QDir(library.printerPath(kPrinter)).entryList(QDir::Files).isEmpty());
}

QTEST_GUILESS_MAIN(TestSegmentRecorder)
#include "tst_segmentrecorder.moc"
