// PictureVideoWriter and EncodedVideoWriter: real files in a temporary folder, read back with
// FFmpeg's libraries (VideoProbe), and never an unplayable file under the final name.
#include "h264clip.h"
#include "record/encodedvideowriter.h"
#include "record/picturevideowriter.h"
#include "record/recorderror.h"
#include "record/videoprobe.h"
#include "testframes.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

extern "C" {
#include <libavutil/error.h>
}

#include <cerrno>

class TestVideoWriters : public QObject
{
    Q_OBJECT

private slots:
    void picturesBecomeAnMp4WithTheLastHeld_data();
    void picturesBecomeAnMp4WithTheLastHeld();
    void timestampedPicturesPlayInRealTime();
    void readOnlyFolderIsAPlainMessage();
    void abortLeavesNothing();
    void h264IsRemuxedFromTheFirstKeyFrame_data();
    void h264IsRemuxedFromTheFirstKeyFrame();
    void jpegsAreKeptAsMjpegInMatroska();
    void jpegRefusesMp4();
    void errorsReadAsPlainWords();
};

void TestVideoWriters::picturesBecomeAnMp4WithTheLastHeld_data()
{
    QTest::addColumn<QSize>("pictureSize");
    QTest::addColumn<QSize>("videoSize");
    QTest::addColumn<int>("pictures");
    QTest::newRow("320x180") << QSize(320, 180) << QSize(320, 180) << 12;
    QTest::newRow("odd size rounds down") << QSize(321, 181) << QSize(320, 180) << 3;
    QTest::newRow("one picture") << QSize(160, 90) << QSize(160, 90) << 1;
}

void TestVideoWriters::picturesBecomeAnMp4WithTheLastHeld()
{
    QFETCH(QSize, pictureSize);
    QFETCH(QSize, videoSize);
    QFETCH(int, pictures);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("sub/timelapse.mp4"));
    PictureVideoWriter writer(path);
    QVERIFY2(writer.open(pictureSize), qPrintable(writer.errorString()));
    QCOMPARE(writer.size(), videoSize);
    for (int i = 0; i < pictures; ++i)
        QVERIFY(writer.addPicture(TestFrames::patternImage(pictureSize, H264Clip::colourOf(i))));
    // Until the trailer is written, only the partial file exists.
    QVERIFY(QFile::exists(writer.partialPath()));
    QVERIFY(!QFile::exists(path));
    QVERIFY2(writer.finish(), qPrintable(writer.errorString()));
    QVERIFY(!QFile::exists(writer.partialPath()));
    QCOMPARE(writer.frameCount(), pictures + 60); // 2 s held at 30 fps

    const VideoProbe::Info info = VideoProbe::probe(path, VideoProbe::Depth::Decode);
    QVERIFY2(info.ok, qPrintable(info.error));
    QCOMPARE(info.codec, QStringLiteral("h264"));
    QCOMPARE(info.size, videoSize);
    QCOMPARE(info.frames, pictures + 60);
    QCOMPARE(info.decodeErrors, 0);
    QVERIFY(qAbs(info.durationMs - (pictures + 60) * 1000 / 30) <= 40);
}

void TestVideoWriters::timestampedPicturesPlayInRealTime()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("clip.mp4"));
    PictureVideoWriter::Options options;
    options.clock = PictureVideoWriter::Clock::Timestamps;
    options.holdLastMs = 0;
    PictureVideoWriter writer(path, options);
    QVERIFY(writer.open(QSize(320, 180)));
    for (int i = 0; i < 5; ++i) // one picture a second
        QVERIFY(writer.addPicture(TestFrames::patternImage(QSize(320, 180)), i * 1000));
    QVERIFY2(writer.finish(), qPrintable(writer.errorString()));
    const VideoProbe::Info info = VideoProbe::probe(path, VideoProbe::Depth::Decode);
    QVERIFY2(info.ok, qPrintable(info.error));
    QCOMPARE(info.frames, 5);
    QVERIFY2(info.durationMs >= 4000 && info.durationMs <= 5100,
             qPrintable(QString::number(info.durationMs)));
}

void TestVideoWriters::readOnlyFolderIsAPlainMessage()
{
    // A folder that cannot be made (a file is in the way): what a read-only disk looks like even
    // to root, who may write into folders without write permission.
    QTemporaryDir dir;
    QFile blocker(dir.filePath(QStringLiteral("locked")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    const QString folder = blocker.fileName() + QStringLiteral("/printer");
    PictureVideoWriter writer(folder + QStringLiteral("/a.mp4"));
    QVERIFY(!writer.open(QSize(320, 180)));
    QVERIFY2(writer.errorString().contains(QStringLiteral("read-only")),
             qPrintable(writer.errorString()));
    EncodedVideoWriter remux(folder + QStringLiteral("/b.mkv"),
                             EncodedVideoWriter::Container::Matroska);
    QVERIFY(!remux.addFrame(TestFrames::jpegFrame(1, QSize(320, 180))));
    QVERIFY2(remux.errorString().contains(QStringLiteral("read-only")),
             qPrintable(remux.errorString()));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("locked")});
}

void TestVideoWriters::abortLeavesNothing()
{
    QTemporaryDir dir;
    {
        PictureVideoWriter writer(dir.filePath(QStringLiteral("a.mp4")));
        QVERIFY(writer.open(QSize(320, 180)));
        QVERIFY(writer.addPicture(TestFrames::patternImage(QSize(320, 180))));
        // destroyed without finish(): a crash-free "stop"
    }
    {
        EncodedVideoWriter writer(dir.filePath(QStringLiteral("b.mkv")),
                                  EncodedVideoWriter::Container::Matroska);
        QVERIFY(writer.addFrame(TestFrames::jpegFrame(1, QSize(320, 180))));
        writer.abort();
    }
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList());
}

void TestVideoWriters::h264IsRemuxedFromTheFirstKeyFrame_data()
{
    QTest::addColumn<int>("container");
    QTest::addColumn<QString>("name");
    QTest::newRow("mp4") << int(EncodedVideoWriter::Container::Mp4) << "clip.mp4";
    QTest::newRow("matroska") << int(EncodedVideoWriter::Container::Matroska) << "clip.mkv";
}

void TestVideoWriters::h264IsRemuxedFromTheFirstKeyFrame()
{
    QFETCH(int, container);
    QFETCH(QString, name);
    const H264Clip::Clip clip = H264Clip::make(24, 8, QSize(320, 180));
    QTemporaryDir dir;
    const QString path = dir.filePath(name);
    EncodedVideoWriter writer(path, EncodedVideoWriter::Container(container));
    // Start mid-group: frames 3..23, so 5 frames wait for the key frame at 8.
    for (int i = 3; i < 24; ++i)
        QVERIFY2(writer.addFrame(H264Clip::frameOf(clip, i, (i + 1) * 100'000'000LL)),
                 qPrintable(writer.errorString()));
    QCOMPARE(writer.skippedCount(), 5);
    QCOMPARE(writer.frameCount(), 16);
    QCOMPARE(writer.size(), QSize(320, 180));
    QVERIFY2(writer.finish(), qPrintable(writer.errorString()));

    const VideoProbe::Info info = VideoProbe::probe(path, VideoProbe::Depth::Decode);
    QVERIFY2(info.ok, qPrintable(info.error));
    QCOMPARE(info.codec, QStringLiteral("h264"));
    QCOMPARE(info.size, QSize(320, 180));
    QCOMPARE(info.frames, 16);
    QVERIFY2(info.durationMs >= 1400 && info.durationMs <= 1700,
             qPrintable(QString::number(info.durationMs))); // 100 ms apart
}

void TestVideoWriters::jpegsAreKeptAsMjpegInMatroska()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("rec.mkv"));
    EncodedVideoWriter writer(path, EncodedVideoWriter::Container::Matroska);
    for (int i = 0; i < 6; ++i)
        QVERIFY(writer.addFrame(
            CameraFrame::fromJpeg(TestFrames::patternJpeg(QSize(320, 180), H264Clip::colourOf(i)),
                                  QDateTime::currentDateTime(), (i + 1) * 500'000'000LL)));
    QVERIFY2(writer.finish(), qPrintable(writer.errorString()));
    const VideoProbe::Info info = VideoProbe::probe(path, VideoProbe::Depth::Decode);
    QVERIFY2(info.ok, qPrintable(info.error));
    QCOMPARE(info.codec, QStringLiteral("mjpeg"));
    QCOMPARE(info.size, QSize(320, 180));
    QCOMPARE(info.frames, 6);
}

void TestVideoWriters::jpegRefusesMp4()
{
    QTemporaryDir dir;
    EncodedVideoWriter writer(dir.filePath(QStringLiteral("x.mp4")),
                              EncodedVideoWriter::Container::Mp4);
    QVERIFY(!writer.addFrame(TestFrames::jpegFrame(1, QSize(320, 180))));
    QVERIFY(!writer.errorString().isEmpty());
    QVERIFY(!writer.finish());
}

void TestVideoWriters::errorsReadAsPlainWords()
{
    QVERIFY(RecordError::fromFfmpeg(AVERROR(ENOSPC), QStringLiteral("/v/a.mp4"))
                .startsWith(QStringLiteral("The disk is full")));
    QVERIFY(RecordError::fromFfmpeg(AVERROR(EROFS), QStringLiteral("/v/a.mp4"))
                .contains(QStringLiteral("read-only")));
    QVERIFY(RecordError::fromFile(QStringLiteral("x"), QStringLiteral("/v/a"), ENOSPC)
                .startsWith(QStringLiteral("The disk is full")));
}

QTEST_GUILESS_MAIN(TestVideoWriters)
#include "tst_videowriters.moc"
