// H.264 decode cost of a 1920x1080 camera (an X1-class printer) per frame: key frames alone (what
// a grid tile decodes), every frame in order (the single view), every frame without deblocking
// (tiles of a camera with rare key frames), and the swscale conversion to each size on its own.
// CPU time is the process's; the decoder is single-threaded (H264Decoder).
#include "frames/framedecoder.h"
#include "frames/h264decoder.h"
#include "sim/framerenderer.h"
#include "sim/h264clipencoder.h"

#include <QDateTime>
#include <QGuiApplication>

#include <benchmark/benchmark.h>

namespace {

constexpr int kFrames = 60;
constexpr int kKeyInterval = 30; // a key frame every second at 30 fps, as X1 printers send

// Two seconds of the simulator's printer scene at 1080p30, encoded once like a camera does
// (CABAC, deblocking, 4 Mbit/s).
const QList<H264ClipEncoder::AccessUnit> &clip()
{
    static const QList<H264ClipEncoder::AccessUnit> units = [] {
        QList<H264ClipEncoder::AccessUnit> result;
        FrameRenderer renderer(QStringLiteral("Bench X1C"), QSize(1920, 1080));
        H264ClipEncoder encoder(QSize(1920, 1080), kKeyInterval, 30, QStringLiteral("veryfast"),
                                4000000);
        if (!encoder.isValid())
            qFatal("libx264 unavailable: %s", qPrintable(encoder.errorString()));
        const QDateTime start = QDateTime::currentDateTime();
        for (int i = 0; i < kFrames; ++i)
            result.append(encoder.encode(renderer.render(quint64(i), start.addMSecs(i * 33))));
        return result;
    }();
    return units;
}

QSize targetOf(const benchmark::State &state)
{
    return state.range(0) == 0 ? QSize() : QSize(int(state.range(0)), int(state.range(1)));
}

QString kilobytes(qint64 bytes)
{
    return QString::number(bytes / 1024);
}

// A key frame alone, then the picture at the tile's size: what a tile costs per key frame.
void keyFrame(benchmark::State &state)
{
    const QSize target = targetOf(state);
    const QByteArray &key = clip().first().bytes;
    H264Decoder decoder(H264Decoder::Mode::KeyFramesOnly);
    QSize shown;
    for (auto _ : state) {
        if (decoder.decode(key) != H264Decoder::Result::Picture)
            state.SkipWithError("the key frame did not decode");
        const QImage picture = decoder.picture(target);
        shown = picture.size();
        benchmark::DoNotOptimize(picture.constBits());
    }
    state.SetLabel(QStringLiteral("%1x%2, key frame %3 KB")
                       .arg(shown.width())
                       .arg(shown.height())
                       .arg(kilobytes(key.size()))
                       .toStdString());
}

// Every frame in order and its picture at the size (0x0 = no picture, decode only): the single
// view's cost per frame, averaged over a key frame and 29 P-frames.
template<bool Fast> void everyFrame(benchmark::State &state)
{
    const bool picture = state.range(0) >= 0;
    const QSize target = picture ? targetOf(state) : QSize();
    H264Decoder decoder(H264Decoder::Mode::EveryFrame);
    decoder.setFast(Fast);
    int index = 0;
    qint64 bytes = 0;
    QSize shown;
    for (auto _ : state) {
        const QByteArray &unit = clip().at(index).bytes;
        bytes += unit.size();
        index = (index + 1) % kFrames;
        if (decoder.decode(unit) != H264Decoder::Result::Picture)
            state.SkipWithError("a frame did not decode");
        if (picture) {
            const QImage image = decoder.picture(target);
            shown = image.size();
            benchmark::DoNotOptimize(image.constBits());
        }
    }
    state.SetLabel((picture ? QStringLiteral("%1x%2").arg(shown.width()).arg(shown.height())
                            : QStringLiteral("decode only"))
                       .append(QStringLiteral(", %1 KB/frame")
                                   .arg(kilobytes(bytes / qMax<qint64>(1, state.iterations()))))
                       .toStdString());
}

// The conversion alone: YUV 4:2:0 1920x1080 to RGB32 at the size.
void convert(benchmark::State &state)
{
    const QSize target = targetOf(state);
    H264Decoder decoder;
    decoder.decode(clip().first().bytes);
    for (auto _ : state) {
        const QImage picture = decoder.picture(target);
        benchmark::DoNotOptimize(picture.constBits());
    }
}

void sizes(benchmark::internal::Benchmark *benchmark)
{
    benchmark
        ->Args({0, 0}) // full size, 1920x1080 (snapshots)
        ->Args({1710, 962}) // the single view in a 1920x1080 window
        ->Args({891, 499}) // 4 tiles
        ->Args({433, 242}) // 16 tiles
        ->Args({205, 113}) // 64 tiles
        ->MeasureProcessCPUTime()
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
}

void sizesAndDecodeOnly(benchmark::internal::Benchmark *benchmark)
{
    benchmark->Args({-1, -1}); // no picture
    sizes(benchmark);
}

BENCHMARK(keyFrame)->Name("h264_key_frame")->Apply(sizes);
BENCHMARK(everyFrame<false>)->Name("h264_every_frame")->Apply(sizesAndDecodeOnly);
BENCHMARK(everyFrame<true>)->Name("h264_every_frame_fast")->Apply(sizesAndDecodeOnly);
BENCHMARK(convert)->Name("h264_convert")->Apply(sizes);

} // namespace

int main(int argc, char **argv)
{
    // The renderer draws text, which needs a GUI application; no display is used.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    clip(); // encoded before any timing starts
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
