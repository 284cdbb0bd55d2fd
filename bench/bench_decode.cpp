// JPEG decode cost of one 1280x720 simulator frame at full size and at the sizes tiles ask for,
// with FrameDecoder::decode() next to how it decoded before (QImageReader scaling straight to the
// tile's size), in the same run. CPU time is the process's: Qt may rescale on several threads.
#include "frames/framedecoder.h"
#include "sim/framerenderer.h"

#include <QBuffer>
#include <QDateTime>
#include <QGuiApplication>
#include <QImageReader>

#include <benchmark/benchmark.h>

namespace {

const QByteArray &sampleFrame()
{
    // Rendered once: a realistic frame (about 140 KB at quality 80), like the printers send.
    static const QByteArray frame = FrameRenderer(QStringLiteral("Bench printer"))
                                        .renderJpeg(120, QDateTime::currentDateTime());
    return frame;
}

// The decoder before the decode-size change: libjpeg's M/8 factor nearest above the tile (often
// 3/8, 5/8 or 6/8, with a scalar DCT), then QImageReader's smooth rescale to the exact size.
QImage decodeAsBefore(const QByteArray &jpeg, const QSize &targetSize)
{
    QBuffer buffer;
    buffer.setData(jpeg);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer, "jpeg");
    const QSize fitted = FrameDecoder::fittedSize(reader.size(), targetSize);
    if (fitted != reader.size())
        reader.setScaledSize(fitted);
    QImage image;
    reader.read(&image);
    return image;
}

template<QImage (*Decode)(const QByteArray &, const QSize &)> void decode(benchmark::State &state)
{
    const QSize target
        = state.range(0) == 0 ? QSize() : QSize(int(state.range(0)), int(state.range(1)));
    const QByteArray &jpeg = sampleFrame();
    QSize decoded;
    for (auto _ : state) {
        const QImage image = Decode(jpeg, target);
        decoded = image.size();
        benchmark::DoNotOptimize(image.constBits());
    }
    state.SetLabel(QStringLiteral("%1x%2 from %3 KB")
                       .arg(decoded.width())
                       .arg(decoded.height())
                       .arg(jpeg.size() / 1024)
                       .toStdString());
    state.SetBytesProcessed(state.iterations() * jpeg.size());
}

void sizes(benchmark::internal::Benchmark *benchmark)
{
    benchmark
        ->Args({0, 0}) // full size
        ->Args({640, 360}) // 1/2
        ->Args({320, 180}) // 1/4
        ->Args({480, 270}) // a typical tile, about 480 px wide
        ->Args({891, 499}) // 4 tiles in a 1920x1080 window
        ->Args({433, 242}) // 16 tiles
        ->Args({205, 113}) // 64 tiles
        ->MeasureProcessCPUTime()
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
}

BENCHMARK(decode<decodeAsBefore>)->Name("decode_before")->Apply(sizes);
BENCHMARK(decode<FrameDecoder::decode>)->Name("decode")->Apply(sizes);

} // namespace

int main(int argc, char **argv)
{
    // The renderer draws text, which needs a GUI application; no display is used.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
