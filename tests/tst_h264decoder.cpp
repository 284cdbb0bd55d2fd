#include "frames/h264decoder.h"

#include "frames/framedecoder.h"
#include "h264clip.h"

#include <QRandomGenerator>
#include <QTest>

using namespace H264Clip;

namespace {

// Eight frames, a key frame every four: K P P P K P P P.
const Clip &clip()
{
    static const Clip clip = make(8, 4);
    return clip;
}

QByteArray unit(int index)
{
    return clip().units.at(index).bytes;
}

} // namespace

class TestH264Decoder : public QObject
{
    Q_OBJECT

private slots:
    void clipHasKeyFramesWhereAsked();
    void keyFrameDecodesAlone();
    void everyFrameInOrder();
    void keyFramesOnlySkipsTheOthers();
    void picturesFitTheAskedSize_data();
    void picturesFitTheAskedSize();
    void fastModeStillShowsThePicture();
    void corruptInputIsAnErrorAndKeepsThePicture_data();
    void corruptInputIsAnErrorAndKeepsThePicture();
    void flippedBitsDoNotCrash();
    void truncatedKeyFrameGivesNoPicture();
    void lostReferenceIsAnErrorUntilTheNextKeyFrame();
    void resetForgetsTheStream();
    void oversizedAccessUnitIsRefused();
};

void TestH264Decoder::clipHasKeyFramesWhereAsked()
{
    for (int i = 0; i < clip().units.size(); ++i)
        QCOMPARE(clip().units.at(i).keyFrame, i % 4 == 0);
}

void TestH264Decoder::keyFrameDecodesAlone()
{
    H264Decoder decoder;
    QVERIFY(decoder.isValid());
    QCOMPARE(decoder.decode(unit(4)), H264Decoder::Result::Picture);
    const QImage picture = decoder.picture();
    QCOMPARE(picture.size(), clip().size);
    QCOMPARE(picture.format(), QImage::Format_RGB32);
    QVERIFY2(looksLike(centreColour(picture), colourOf(4)),
             qPrintable(centreColour(picture).name()));
    // Opaque: RGB32 pixels must have 0xff alpha to paint correctly.
    QCOMPARE(qAlpha(picture.pixel(0, picture.height() - 1)), 255);
    QCOMPARE(decoder.decodedCount(), quint64(1));
}

void TestH264Decoder::everyFrameInOrder()
{
    H264Decoder decoder(H264Decoder::Mode::EveryFrame);
    for (int i = 0; i < clip().units.size(); ++i) {
        QCOMPARE(decoder.decode(unit(i)), H264Decoder::Result::Picture);
        QCOMPARE(colourIndexOf(decoder.picture(QSize(160, 120))), i);
    }
    QCOMPARE(decoder.decodedCount(), quint64(clip().units.size()));
}

void TestH264Decoder::keyFramesOnlySkipsTheOthers()
{
    H264Decoder decoder(H264Decoder::Mode::KeyFramesOnly);
    for (int i = 0; i < clip().units.size(); ++i) {
        const H264Decoder::Result result = decoder.decode(unit(i));
        if (i % 4 == 0) {
            QCOMPARE(result, H264Decoder::Result::Picture);
            QCOMPARE(colourIndexOf(decoder.picture()), i);
        } else {
            QCOMPARE(result, H264Decoder::Result::NoPicture);
            QCOMPARE(colourIndexOf(decoder.picture()), i / 4 * 4); // the key frame's stays
        }
    }
    QCOMPARE(decoder.decodedCount(), quint64(2));
}

void TestH264Decoder::picturesFitTheAskedSize_data()
{
    QTest::addColumn<QSize>("fitInto");
    QTest::addColumn<QSize>("expected");
    QTest::newRow("full size") << QSize() << QSize(320, 240);
    QTest::newRow("smaller, same aspect") << QSize(160, 120) << QSize(160, 120);
    QTest::newRow("wide tile: height decides") << QSize(400, 60) << QSize(80, 60);
    QTest::newRow("tall tile: width decides") << QSize(100, 400) << QSize(100, 75);
    QTest::newRow("odd size") << QSize(433, 242) << QSize(322, 242);
    QTest::newRow("larger than the camera") << QSize(640, 480) << QSize(640, 480);
    QTest::newRow("tiny") << QSize(1, 1) << QSize(1, 1);
}

void TestH264Decoder::picturesFitTheAskedSize()
{
    QFETCH(QSize, fitInto);
    QFETCH(QSize, expected);
    QCOMPARE(FrameDecoder::fittedSize(clip().size, fitInto), expected);
    H264Decoder decoder;
    QCOMPARE(decoder.decode(unit(0)), H264Decoder::Result::Picture);
    const QImage picture = decoder.picture(fitInto);
    QCOMPARE(picture.size(), expected);
    QVERIFY(looksLike(centreColour(picture), colourOf(0), 40));
}

void TestH264Decoder::fastModeStillShowsThePicture()
{
    H264Decoder decoder;
    decoder.setFast(true);
    QVERIFY(decoder.isFast());
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(decoder.decode(unit(i)), H264Decoder::Result::Picture);
        QCOMPARE(colourIndexOf(decoder.picture(QSize(160, 120))), i);
    }
}

void TestH264Decoder::corruptInputIsAnErrorAndKeepsThePicture_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QRandomGenerator random(1234);
    QByteArray noise(4000, Qt::Uninitialized);
    for (char &byte : noise)
        byte = char(random.bounded(256));
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("random bytes") << noise;
    QTest::newRow("random bytes after a start code") << QByteArray("\0\0\0\1", 4) + noise;
    QTest::newRow("start codes only") << QByteArray("\0\0\0\1\0\0\0\1\0\0\1", 11);
    QTest::newRow("P-frame cut in half") << unit(1).left(unit(1).size() / 2);
    // Not here: flipped bits inside a slice. H.264 has no checksum, so some flips decode to a
    // wrong picture that no decoder can tell from a right one. Over RTSP on TCP bytes are not
    // flipped; they are lost (a cut access unit, a missing frame), and that is detected.
}

void TestH264Decoder::corruptInputIsAnErrorAndKeepsThePicture()
{
    QFETCH(QByteArray, bytes);
    H264Decoder decoder;
    QCOMPARE(decoder.decode(unit(0)), H264Decoder::Result::Picture);
    const H264Decoder::Result result = decoder.decode(bytes);
    QVERIFY2(result != H264Decoder::Result::Picture, "garbage became a picture");
    if (result == H264Decoder::Result::Error)
        QVERIFY(!decoder.errorString().isEmpty());
    // Whatever came in, the picture shown is still the last clean one.
    QCOMPARE(colourIndexOf(decoder.picture()), 0);
}

void TestH264Decoder::flippedBitsDoNotCrash()
{
    // Every frame of the clip with bits flipped here and there, in order: whatever comes out,
    // nothing crashes (ASan in CI) and a picture, when there is one, is a whole picture within
    // the decoder's size limit (a flipped bit in the SPS may change the size).
    QRandomGenerator random(99);
    H264Decoder decoder;
    for (int round = 0; round < 20; ++round) {
        for (int i = 0; i < clip().units.size(); ++i) {
            QByteArray bytes = unit(i);
            for (int flips = 0; flips < 3; ++flips) {
                const auto at = random.bounded(bytes.size());
                bytes[at] = char(bytes.at(at) ^ (1 << random.bounded(8)));
            }
            if (decoder.decode(bytes) == H264Decoder::Result::Picture) {
                const QImage picture = decoder.picture(QSize(64, 48));
                QVERIFY(!picture.isNull());
                QVERIFY(qint64(decoder.pictureSize().width()) * decoder.pictureSize().height()
                        <= H264Decoder::kMaxPixels);
            }
        }
    }
}

void TestH264Decoder::truncatedKeyFrameGivesNoPicture()
{
    for (const int keep : {20, 50, 80}) {
        H264Decoder decoder;
        const QByteArray cut = unit(0).left(unit(0).size() * keep / 100);
        QVERIFY2(decoder.decode(cut) != H264Decoder::Result::Picture,
                 qPrintable(QString::number(keep)));
        QVERIFY(!decoder.hasPicture());
        QVERIFY(decoder.picture().isNull());
    }
}

void TestH264Decoder::lostReferenceIsAnErrorUntilTheNextKeyFrame()
{
    // The camera's key frame never arrived: P-frames alone would decode to grey.
    H264Decoder decoder;
    for (int i = 1; i < 4; ++i)
        QVERIFY(decoder.decode(unit(i)) != H264Decoder::Result::Picture);
    QVERIFY(!decoder.hasPicture());
    QCOMPARE(decoder.decode(unit(4)), H264Decoder::Result::Picture);
    QCOMPARE(colourIndexOf(decoder.picture()), 4);
    QCOMPARE(decoder.decode(unit(5)), H264Decoder::Result::Picture);
    QCOMPARE(colourIndexOf(decoder.picture()), 5);
}

void TestH264Decoder::resetForgetsTheStream()
{
    H264Decoder decoder;
    QCOMPARE(decoder.decode(unit(0)), H264Decoder::Result::Picture);
    decoder.reset();
    QVERIFY(!decoder.hasPicture());
    QVERIFY(decoder.decode(unit(1)) != H264Decoder::Result::Picture);
    QCOMPARE(decoder.decode(unit(4)), H264Decoder::Result::Picture);
}

void TestH264Decoder::oversizedAccessUnitIsRefused()
{
    H264Decoder decoder;
    QByteArray huge = unit(0);
    huge.append(QByteArray(H264Decoder::kMaxAccessUnitBytes, '\0'));
    QCOMPARE(decoder.decode(huge), H264Decoder::Result::Error);
    QVERIFY(decoder.errorString().contains(QStringLiteral("limit")));
}

QTEST_GUILESS_MAIN(TestH264Decoder)
#include "tst_h264decoder.moc"
