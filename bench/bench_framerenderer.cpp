// What one simulated frame costs the simulator: drawing a 1280x720 chamber view and encoding it as
// JPEG, at the qualities farmcam-sim offers. Process CPU time, as the encoder is what farmcam-sim
// spends its core on when it serves 64 printers. (Moved out of tst_printersimulator: a test
// passes or fails, a benchmark reports.)
#include "sim/framerenderer.h"

#include <QDateTime>
#include <QGuiApplication>
#include <QImage>

#include <benchmark/benchmark.h>

namespace {

// Render and encode, as PrinterSimulator does once per tick.
void renderJpeg(benchmark::State &state)
{
    const int quality = int(state.range(0));
    FrameRenderer renderer(QStringLiteral("Benchmark printer"), QSize(1280, 720), quality);
    const QDateTime now = QDateTime::currentDateTime();
    quint64 frameNumber = 0;
    qsizetype bytes = 0;
    for (auto _ : state) {
        const QByteArray jpeg = renderer.renderJpeg(++frameNumber, now);
        bytes = jpeg.size();
        benchmark::DoNotOptimize(jpeg.constData());
    }
    if (bytes == 0)
        state.SkipWithError("no JPEG came out (is the JPEG image plugin installed?)");
    state.SetLabel(QStringLiteral("%1 KB a frame").arg(bytes / 1024).toStdString());
}

// Only the drawing, to tell it apart from the encoder.
void render(benchmark::State &state)
{
    FrameRenderer renderer(QStringLiteral("Benchmark printer"));
    const QDateTime now = QDateTime::currentDateTime();
    quint64 frameNumber = 0;
    for (auto _ : state) {
        const QImage image = renderer.render(++frameNumber, now);
        benchmark::DoNotOptimize(image.constBits());
    }
}

BENCHMARK(renderJpeg)
    ->Arg(FrameRenderer::kDefaultQuality)
    ->Arg(70)
    ->Arg(50)
    ->MeasureProcessCPUTime()
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(render)->MeasureProcessCPUTime()->UseRealTime()->Unit(benchmark::kMillisecond);

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
