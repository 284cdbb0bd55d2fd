// JPEG decode cost of one 1280x720 simulator frame at full size and at the sizes tiles ask for.
#include "net/framedecoder.h"
#include "sim/framerenderer.h"

#include <QDateTime>
#include <QGuiApplication>

#include <benchmark/benchmark.h>

namespace {

const QByteArray &sampleFrame()
{
    // Rendered once: a realistic frame (about 140 KB at quality 80), like the printers send.
    static const QByteArray frame = FrameRenderer(QStringLiteral("Bench printer"))
                                        .renderJpeg(120, QDateTime::currentDateTime());
    return frame;
}

void decode(benchmark::State &state)
{
    const QSize target
        = state.range(0) == 0 ? QSize() : QSize(int(state.range(0)), int(state.range(1)));
    const QByteArray &jpeg = sampleFrame();
    QSize decoded;
    for (auto _ : state) {
        const QImage image = FrameDecoder::decode(jpeg, target);
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
BENCHMARK(decode)
    ->Args({0, 0}) // full size
    ->Args({640, 360}) // 1/2
    ->Args({320, 180}) // 1/4
    ->Args({480, 270}) // a typical tile, about 480 px wide
    ->Unit(benchmark::kMillisecond);

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
