// What recording costs (issue 15): the failure-clip ring per port-6000 frame (an append, no
// decoding), remuxing an RTSPS camera's H.264 per frame (no decoding either), and encoding a
// 300-layer 1280x720 timelapse (JPEG decode + libx264 "veryfast", one thread, as
// TimelapseRecorder does). CPU time is the process's.
#include "record/encodedvideowriter.h"
#include "record/failureclipring.h"
#include "record/picturevideowriter.h"
#include "record/recordinglibrary.h"
#include "sim/framerenderer.h"
#include "sim/h264clipencoder.h"

#include <QBuffer>
#include <QDateTime>
#include <QGuiApplication>
#include <QImageWriter>
#include <QTemporaryDir>

#include <benchmark/benchmark.h>

namespace {

constexpr int kLayers = 300;
const QSize k720p(1280, 720);

QByteArray jpegOf(const QImage &picture)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "JPEG");
    writer.setQuality(90);
    writer.write(picture);
    return bytes;
}

// The simulator's printer scene at 720p, as a port-6000 camera would send it (one every 10 s
// of a print, so the pictures differ like a timelapse's).
const QList<QByteArray> &jpegs()
{
    static const QList<QByteArray> list = [] {
        QList<QByteArray> result;
        FrameRenderer renderer(QStringLiteral("Bench P1S"), k720p);
        const QDateTime start = QDateTime::currentDateTime();
        for (int i = 0; i < kLayers; ++i)
            result.append(jpegOf(renderer.render(quint64(i) * 10, start.addSecs(i * 10))));
        return result;
    }();
    return list;
}

const QList<H264ClipEncoder::AccessUnit> &h264Clip()
{
    static const QList<H264ClipEncoder::AccessUnit> units = [] {
        QList<H264ClipEncoder::AccessUnit> result;
        FrameRenderer renderer(QStringLiteral("Bench X1C"), QSize(1920, 1080));
        H264ClipEncoder encoder(QSize(1920, 1080), 30, 30, QStringLiteral("veryfast"), 4000000);
        const QDateTime start = QDateTime::currentDateTime();
        for (int i = 0; i < 60; ++i)
            result.append(encoder.encode(renderer.render(quint64(i), start.addMSecs(i * 33))));
        return result;
    }();
    return units;
}

// One port-6000 frame into the ring: what the process pays per frame, the GUI thread's hand-off
// and the ring's disk thread's append together (process CPU time counts both threads). Every 16
// frames (~4 MB, far below DiskQueue's bound, so none is dropped) the bench waits for the disk
// thread; not after every frame: QThreadPool::waitForDone() also ends the pool's thread, and a
// new thread per frame is a cost of the bench, not of the app.
void ringFrame(benchmark::State &state)
{
    QTemporaryDir dir;
    RecordingLibrary library(dir.path());
    FailureClipRing ring(library, QStringLiteral("P1S"));
    qint64 ns = 0;
    qint64 bytes = 0;
    int index = 0;
    for (auto _ : state) {
        const QByteArray &jpeg = jpegs().at(index++ % kLayers);
        ns += 1'000'000'000; // 1 fps: chunks rotate and drop as in a real print
        ring.onFrame(CameraFrame::fromJpeg(jpeg, QDateTime(), ns));
        if (index % 16 == 0)
            ring.waitForWrites();
        bytes += jpeg.size();
    }
    state.counters["jpeg_kB"] = double(bytes) / double(state.iterations()) / 1024.0;
    state.counters["ring_MB"] = double(ring.ringBytes()) / (1024.0 * 1024.0);
    state.counters["chunks"] = ring.chunkCount();
}

// The floor under the ring: the same bytes appended to a plain file, a new file every 10 frames
// and the oldest removed, as the ring's chunks do. What is left above it is the ring's own cost.
void plainAppend(benchmark::State &state)
{
    QTemporaryDir dir;
    QFile file;
    int index = 0;
    QStringList files;
    for (auto _ : state) {
        if (index % 10 == 0) {
            file.close();
            files.append(dir.filePath(QStringLiteral("f%1").arg(index)));
            file.setFileName(files.last());
            file.open(QIODevice::WriteOnly | QIODevice::Unbuffered);
            if (files.size() > 19)
                QFile::remove(files.takeFirst());
        }
        file.write(jpegs().at(index++ % kLayers));
    }
}

// One RTSPS access unit remuxed into a Matroska segment.
void remuxFrame(benchmark::State &state)
{
    QTemporaryDir dir;
    EncodedVideoWriter writer(dir.filePath(QStringLiteral("r.mkv")),
                              EncodedVideoWriter::Container::Matroska);
    qint64 ns = 0;
    int index = 0;
    for (auto _ : state) {
        const H264ClipEncoder::AccessUnit &unit = h264Clip().at(index++ % 60);
        ns += 33'000'000;
        if (!writer.addFrame(CameraFrame::fromEncoded(CameraFrame::Codec::H264, unit.bytes,
                                                      unit.keyFrame, QDateTime(), ns)))
            state.SkipWithError(qPrintable(writer.errorString()));
    }
    writer.finish();
}

// A whole 300-layer timelapse: JPEG decode + scale check + libx264, the 2 s hold included.
void timelapseEncode(benchmark::State &state)
{
    QTemporaryDir dir;
    int run = 0;
    for (auto _ : state) {
        PictureVideoWriter writer(dir.filePath(QStringLiteral("t%1.mp4").arg(run++)));
        for (const QByteArray &jpeg : jpegs()) {
            const QImage picture = QImage::fromData(jpeg, "JPEG");
            if (!writer.isOpen())
                writer.open(picture.size());
            writer.addPicture(picture);
        }
        if (!writer.finish())
            state.SkipWithError(qPrintable(writer.errorString()));
        state.counters["frames"] = writer.frameCount();
        state.counters["encoder_is_libx264"] = writer.encoderName() == QLatin1String("libx264");
    }
}

BENCHMARK(ringFrame)->Name("record_ring_jpeg_frame")->MeasureProcessCPUTime()->UseRealTime();
BENCHMARK(plainAppend)->Name("record_plain_append_floor")->MeasureProcessCPUTime()->UseRealTime();
BENCHMARK(remuxFrame)
    ->Name("record_remux_h264_1080p_frame")
    ->MeasureProcessCPUTime()
    ->UseRealTime();
BENCHMARK(timelapseEncode)
    ->Name("record_timelapse_300x720p")
    ->MeasureProcessCPUTime()
    ->UseRealTime()
    ->Unit(benchmark::kSecond)
    ->Iterations(1);

} // namespace

int main(int argc, char **argv)
{
    // The renderer draws text, which needs a GUI application; no display is used.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    jpegs(); // rendered and encoded before any timing starts
    h264Clip();
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
