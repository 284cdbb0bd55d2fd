#include "snapshot/snapshotservice.h"

#include "frames/framehub.h"
#include "frames/framesubscription.h"
#include "h264clip.h"
#include "testframes.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSemaphore>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QThreadPool>

using namespace TestFrames;

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

SnapshotService::Request request(const QString &name, const CameraFrame &frame)
{
    return {QStringLiteral("key-") + name, name, frame};
}

CameraFrame frameAt(const QByteArray &jpeg, const QDateTime &receivedAt)
{
    return CameraFrame::fromJpeg(jpeg, receivedAt, CameraFrame::steadyNowNs());
}

SnapshotService::BatchResult resultOf(const QSignalSpy &finished, int index)
{
    return finished.at(index).at(1).value<SnapshotService::BatchResult>();
}

} // namespace

class TestSnapshotService : public QObject
{
    Q_OBJECT

private slots:
    void cleanup();

    void savesTheCamerasOwnBytes();
    void namedAfterWhenThePictureArrived_data();
    void namedAfterWhenThePictureArrived();
    void pictureOnlyFrameIsSavedAsJpeg();
    void h264SnapshotIsTheNewestFullResolutionPicture();
    void noPictureYetTouchesNoDisk_data();
    void noPictureYetTouchesNoDisk();
    void unwritableFolderFailsWithASentence();
    void batchOfManyPrinters();
    void batchesFinishInOrder();
    void writesOffTheCallingThread();
    void destroyedWhileWriting();
};

void TestSnapshotService::cleanup()
{
    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::processEvents();
}

void TestSnapshotService::savesTheCamerasOwnBytes()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    SnapshotService service;
    service.setFolder(dir.path());
    QCOMPARE(service.folder(), dir.path());
    QSignalSpy saved(&service, &SnapshotService::saved);
    QSignalSpy failed(&service, &SnapshotService::failed);
    QSignalSpy finished(&service, &SnapshotService::batchFinished);

    const QByteArray jpeg = patternJpeg();
    const quint64 id = service.save({request(QStringLiteral("X1C"), frameAt(jpeg, {}))});
    QCOMPARE(id, quint64(1));
    QVERIFY(service.isBusy());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    QVERIFY(!service.isBusy());

    QCOMPARE(saved.size(), 1);
    QCOMPARE(failed.size(), 0);
    QCOMPARE(saved.first().at(0).toString(), QStringLiteral("key-X1C"));
    const QString path = saved.first().at(1).toString();
    QCOMPARE(finished.first().at(0).toULongLong(), id);
    QCOMPARE(resultOf(finished, 0).savedFiles, QStringList{path});
    // Byte for byte what the camera sent: never decoded and encoded again.
    QCOMPARE(readAll(path), jpeg);
}

void TestSnapshotService::namedAfterWhenThePictureArrived_data()
{
    QTest::addColumn<QString>("printer");
    QTest::addColumn<QDateTime>("receivedAt");
    QTest::addColumn<QString>("expected");

    QTest::newRow("a morning in 2001")
        << QStringLiteral("P1S") << QDateTime(QDate(2001, 2, 3), QTime(4, 5, 6))
        << QStringLiteral("P1S/P1S_20010203-040506.jpg");
    QTest::newRow("a name that is no file name")
        << QStringLiteral("Left/Right") << QDateTime(QDate(2024, 12, 31), QTime(23, 59, 59))
        << QStringLiteral("Left_Right/Left_Right_20241231-235959.jpg");
}

void TestSnapshotService::namedAfterWhenThePictureArrived()
{
    QFETCH(QString, printer);
    QFETCH(QDateTime, receivedAt);
    QFETCH(QString, expected);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    SnapshotService service;
    service.setFolder(dir.path());
    QSignalSpy saved(&service, &SnapshotService::saved);
    service.save({request(printer, frameAt(patternJpeg(QSize(64, 36)), receivedAt))});
    QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 10000);
    QCOMPARE(saved.first().at(1).toString(), QDir(dir.path()).filePath(expected));
    QVERIFY(QFileInfo::exists(QDir(dir.path()).filePath(expected)));
}

void TestSnapshotService::pictureOnlyFrameIsSavedAsJpeg()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    SnapshotService service;
    service.setFolder(dir.path());
    QSignalSpy saved(&service, &SnapshotService::saved);

    const QImage picture = patternImage(QSize(640, 360));
    service.save({request(QStringLiteral("Demo"),
                          CameraFrame::fromPicture(picture, QDateTime::currentDateTime(), 1))});
    QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 10000);
    const QByteArray bytes = readAll(saved.first().at(1).toString());
    QVERIFY(bytes.startsWith("\xff\xd8"));
    QCOMPARE(QImage::fromData(bytes, "JPEG").size(), picture.size());
}

void TestSnapshotService::h264SnapshotIsTheNewestFullResolutionPicture()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    SnapshotService service;
    service.setFolder(dir.path());
    QSignalSpy saved(&service, &SnapshotService::saved);

    // An RTSPS camera whose only viewer is a small tile: it decoded key frames only.
    const H264Clip::Clip clip = H264Clip::make(8, 5, QSize(640, 360));
    FrameHub hub;
    QObject owner;
    FrameSubscription *tile = hub.subscribe(&owner);
    tile->setSize(QSize(160, 90));
    QSignalSpy tilePictures(tile, &FrameSubscription::pictureReady);
    QCoreApplication::processEvents();
    for (int i = 0; i < clip.units.size(); ++i) {
        hub.publish(H264Clip::frameOf(clip, i, i + 1));
        if (i % 5 == 0) // a key frame: let the tile show it
            QTRY_COMPARE_WITH_TIMEOUT(tilePictures.size(), i / 5 + 1, 10000);
    }
    QCOMPARE(hub.h264DecodeCount(), quint64(2));

    service.save({{QStringLiteral("key-X1C"), QStringLiteral("X1C"), hub.latest(), hub.store()}});
    QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 10000);
    const QByteArray bytes = readAll(saved.first().at(1).toString());
    QVERIFY(bytes.startsWith("\xff\xd8"));
    const QImage picture = QImage::fromData(bytes, "JPEG");
    // Full resolution, the newest frame (7), decoded on demand from key frame 5: never grey.
    QCOMPARE(picture.size(), QSize(640, 360));
    QVERIFY2(H264Clip::looksLike(H264Clip::centreColour(picture), H264Clip::colourOf(7)),
             qPrintable(H264Clip::centreColour(picture).name()));
    QCOMPARE(hub.store()->onDemandDecodeCount(), quint64(3));
}

void TestSnapshotService::noPictureYetTouchesNoDisk_data()
{
    QTest::addColumn<CameraFrame>("frame");
    QTest::newRow("no frame yet") << CameraFrame();
    QTest::newRow("h264 nobody decoded yet") << CameraFrame::fromEncoded(
        CameraFrame::Codec::H264, QByteArray(64, '\1'), true, QDateTime::currentDateTime(), 1);
}

void TestSnapshotService::noPictureYetTouchesNoDisk()
{
    QFETCH(CameraFrame, frame);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString folder = QDir(dir.path()).filePath(QStringLiteral("snapshots"));
    SnapshotService service;
    service.setFolder(folder);
    QSignalSpy saved(&service, &SnapshotService::saved);
    QSignalSpy failed(&service, &SnapshotService::failed);
    QSignalSpy finished(&service, &SnapshotService::batchFinished);

    service.save({request(QStringLiteral("A1"), frame)});
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    const SnapshotService::BatchResult result = resultOf(finished, 0);
    QCOMPARE(result.printersWithoutPicture, QStringList{QStringLiteral("A1")});
    QVERIFY(result.savedFiles.isEmpty());
    QVERIFY(result.failures.isEmpty());
    QCOMPARE(saved.size(), 0);
    QCOMPARE(failed.size(), 0);
    QVERIFY(!QFileInfo::exists(folder)); // not even the folder was made
}

void TestSnapshotService::unwritableFolderFailsWithASentence()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // A folder below a regular file cannot be created, also for root (chmod would not stop root).
    const QString file = QDir(dir.path()).filePath(QStringLiteral("file.txt"));
    {
        QFile blocker(file);
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.write("not a folder");
    }
    SnapshotService service;
    service.setFolder(QDir(file).filePath(QStringLiteral("sub")));
    QSignalSpy saved(&service, &SnapshotService::saved);
    QSignalSpy failed(&service, &SnapshotService::failed);
    QSignalSpy finished(&service, &SnapshotService::batchFinished);

    service.save({request(QStringLiteral("H2D"), frameAt(patternJpeg(QSize(64, 36)), {}))});
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    QCOMPARE(saved.size(), 0);
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.first().at(0).toString(), QStringLiteral("key-H2D"));
    QCOMPARE(failed.first().at(1).toString(), QStringLiteral("H2D"));
    const QString error = failed.first().at(2).toString();
    QVERIFY2(error.endsWith(QLatin1Char('.')), qPrintable(error)); // a sentence
    QVERIFY2(error.contains(QStringLiteral("file.txt")), qPrintable(error)); // naming the folder

    const SnapshotService::BatchResult result = resultOf(finished, 0);
    QCOMPARE(result.failures, QStringList{QStringLiteral("H2D: ") + error});
    QVERIFY(result.savedFiles.isEmpty());
    QVERIFY(QFileInfo(file).isFile());
}

void TestSnapshotService::batchOfManyPrinters()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    SnapshotService service;
    service.setFolder(dir.path());
    QSignalSpy saved(&service, &SnapshotService::saved);
    QSignalSpy finished(&service, &SnapshotService::batchFinished);

    // "Snapshot all" over a farm where two cameras have not sent a picture yet.
    QList<SnapshotService::Request> requests;
    QHash<QString, QByteArray> sent;
    QStringList withoutPicture;
    for (int i = 1; i <= 16; ++i) {
        const QString name = QStringLiteral("Printer %1").arg(i);
        if (i == 5 || i == 11) {
            requests.append(request(name, CameraFrame()));
            withoutPicture.append(name);
            continue;
        }
        const QByteArray jpeg = patternJpeg(QSize(160, 90), QColor::fromHsv(i * 20, 200, 200));
        sent.insert(QStringLiteral("key-") + name, jpeg);
        requests.append(request(name, frameAt(jpeg, QDateTime::currentDateTime())));
    }
    service.save(requests);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);

    const SnapshotService::BatchResult result = resultOf(finished, 0);
    QCOMPARE(result.savedFiles.size(), 14);
    QCOMPARE(result.printersWithoutPicture, withoutPicture);
    QVERIFY(result.failures.isEmpty());
    QCOMPARE(saved.size(), 14);
    for (const QList<QVariant> &signal : std::as_const(saved))
        QCOMPARE(readAll(signal.at(1).toString()), sent.value(signal.at(0).toString()));
}

void TestSnapshotService::batchesFinishInOrder()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    SnapshotService service;
    service.setFolder(dir.path());
    QSignalSpy finished(&service, &SnapshotService::batchFinished);

    const QByteArray jpeg = patternJpeg(QSize(64, 36));
    QList<quint64> ids;
    for (int i = 0; i < 5; ++i)
        ids.append(service.save({request(QStringLiteral("A1 mini"), frameAt(jpeg, {}))}));
    QCOMPARE(ids, (QList<quint64>{1, 2, 3, 4, 5}));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 5, 10000);
    QStringList files;
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(finished.at(i).at(0).toULongLong(), ids.at(i));
        files += resultOf(finished, i).savedFiles;
    }
    // Same printer, same second: five files all the same, none overwritten.
    QCOMPARE(QSet<QString>(files.cbegin(), files.cend()).size(), 5);
}

void TestSnapshotService::writesOffTheCallingThread()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    SnapshotService service;
    service.setFolder(dir.path());
    QThread *writer = nullptr;
    service.setWriteFunction([&writer](const QString &path, const QByteArray &jpeg) {
        writer = QThread::currentThread();
        return SnapshotWriter::write(path, jpeg);
    });
    QThread *reported = nullptr;
    QObject context;
    connect(&service, &SnapshotService::saved, &context,
            [&reported] { reported = QThread::currentThread(); });
    QSignalSpy finished(&service, &SnapshotService::batchFinished);

    service.save({request(QStringLiteral("X1E"), frameAt(patternJpeg(QSize(64, 36)), {}))});
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    QVERIFY(writer);
    QVERIFY(writer != QThread::currentThread()); // the fsync does not freeze the GUI
    QCOMPARE(reported, QThread::currentThread()); // results come back to the service's thread
}

void TestSnapshotService::destroyedWhileWriting()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QSemaphore writing;
    QSemaphore mayWrite;
    auto service = std::make_unique<SnapshotService>();
    service->setFolder(dir.path());
    service->setWriteFunction([&](const QString &path, const QByteArray &jpeg) {
        writing.release();
        mayWrite.acquire();
        return SnapshotWriter::write(path, jpeg);
    });
    int reports = 0;
    QObject context;
    connect(service.get(), &SnapshotService::saved, &context, [&reports] { ++reports; });
    connect(service.get(), &SnapshotService::batchFinished, &context, [&reports] { ++reports; });

    const QByteArray jpeg = patternJpeg(QSize(64, 36));
    service->save({request(QStringLiteral("P1P"), frameAt(jpeg, {}))});
    QVERIFY(writing.tryAcquire(1, 10000));
    service.reset(); // while the job is in the middle of the batch
    mayWrite.release();
    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::processEvents();

    QCOMPARE(reports, 0);
    // The picture the user asked for was still saved.
    const QString folder = QDir(dir.path()).filePath(QStringLiteral("P1P"));
    const QStringList files = QDir(folder).entryList(QDir::Files);
    QCOMPARE(files.size(), 1);
    QCOMPARE(readAll(QDir(folder).filePath(files.first())), jpeg);
}

QTEST_GUILESS_MAIN(TestSnapshotService)
#include "tst_snapshotservice.moc"
