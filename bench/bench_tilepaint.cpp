// What painting one grid tile costs (the real PrinterTile, live, offscreen, at the tile sizes of
// 1, 4, 16 and 64 printers in a 1920x1080 window), without and with a print job's status block,
// and the two ways of drawing its picture side by side. CPU time is the process's: Qt's raster
// engine splits large fills over the global thread pool.
#include "printertile.h"

#include "camera/camerasource.h"
#include "frames/framedecoder.h"
#include "model/printer.h"
#include "sim/framerenderer.h"
#include "sim/printersimulator.h"
#include "status/printstatus.h"

#include <QApplication>
#include <QCursor>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QHostAddress>
#include <QPainter>
#include <QPainterPath>

#include <benchmark/benchmark.h>

#include <memory>

namespace {

using namespace std::chrono_literals;

const QString kCode = QStringLiteral("12345678");

// One live printer shared by the tile benchmarks: a simulator on 127.0.0.1 that sends a frame
// every 10 s, so that nothing is decoded while a benchmark paints.
struct LiveTile
{
    PrinterSimulator simulator;
    std::unique_ptr<Printer> printer;
    std::unique_ptr<PrinterTile> tile;
    bool ok = false;

    LiveTile()
    {
        simulator.setAccessCode(kCode);
        simulator.setFramesPerSecond(0.1);
        if (!simulator.listen(QHostAddress::LocalHost, 0))
            return;
        PrinterConfig config;
        config.id = QUuid::createUuid();
        config.name = QStringLiteral("Bench P1S");
        config.host = QStringLiteral("127.0.0.1");
        config.port = simulator.serverPort();
        printer = std::make_unique<Printer>(config, kCode);
        tile = std::make_unique<PrinterTile>(printer.get());
        tile->setStaleAfter(3600s);
        // Away from the tile: a hovered tile shows its button bar, which a grid shows on one tile
        // at most.
        QCursor::setPos(5000, 5000);
        tile->show();
        printer->camera()->start();
        ok = true;
    }

    // Resizes the tile and waits for a picture decoded at its new size.
    bool resize(const QSize &size)
    {
        tile->resize(size);
        const QDeadlineTimer deadline(15000);
        while (!deadline.hasExpired()) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
            const QSize wanted
                = FrameDecoder::fittedSize(QSize(1280, 720), tile->pictureRect().size());
            if (tile->image().size() == wanted
                && printer->camera()->state() == CameraSource::State::Up)
                return true;
        }
        return false;
    }
};

// Made on first use, destroyed before the application (its widgets and sockets need one).
std::unique_ptr<LiveTile> sharedLiveTile;

LiveTile &liveTile()
{
    if (!sharedLiveTile)
        sharedLiveTile = std::make_unique<LiveTile>();
    return *sharedLiveTile;
}

// A print well on its way: every row of the status block has something to show.
PrintStatus samplePrint()
{
    PrintStatus status;
    status.state = PrintState::Printing;
    status.jobName = QStringLiteral("Benchy_PLA_0.2mm_plate_1");
    status.percent = 57;
    status.remainingMinutes = 83;
    status.layer = 57;
    status.totalLayers = 210;
    status.nozzleTemperature = 219.6;
    status.nozzleTarget = 220;
    status.bedTemperature = 64.8;
    status.bedTarget = 65;
    status.updated = QDateTime::currentDateTimeUtc();
    return status;
}

// range(2): 0 = no status connection (the tile as before), 1 = printing, with its status block.
void tilePaint(benchmark::State &state)
{
    LiveTile &live = liveTile();
    const QSize size(int(state.range(0)), int(state.range(1)));
    const bool withStatus = state.range(2) != 0;
    if (live.ok)
        live.tile->setPrintStatus(withStatus ? samplePrint() : PrintStatus());
    if (!live.ok || !live.resize(size)) {
        state.SkipWithError("no live picture from the simulator");
        return;
    }
    for (auto _ : state)
        live.tile->repaint();
    state.SetLabel(QStringLiteral("picture %1x%2")
                       .arg(live.tile->image().width())
                       .arg(live.tile->image().height())
                       .toStdString());
}
BENCHMARK(tilePaint)
    ->ArgNames({"w", "h", "status"})
    ->Args({1810, 1018, 0}) // 1 printer
    ->Args({1810, 1018, 1})
    ->Args({895, 503, 0}) // 4
    ->Args({895, 503, 1})
    ->Args({437, 246, 0}) // 16
    ->Args({437, 246, 1})
    ->Args({209, 117, 0}) // 64
    ->Args({209, 117, 1})
    ->MeasureProcessCPUTime()
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

// Drawing a tile-sized picture into a window-sized surface: through the card's rounded clip path
// with smooth scaling at a fractional position (before), and as a plain blit (after).
void drawPicture(benchmark::State &state)
{
    const bool clipped = state.range(0) == 0;
    const QSize size(int(state.range(1)), int(state.range(2)));
    static const QByteArray jpeg = FrameRenderer(QStringLiteral("Bench printer"))
                                       .renderJpeg(120, QDateTime::currentDateTime());
    const QImage picture = FrameDecoder::decode(jpeg, size);
    QImage surface(1920, 1080, QImage::Format_ARGB32_Premultiplied);
    surface.fill(Qt::black);
    const QRectF target(12.5, 12.5, picture.width(), picture.height());
    QPainterPath card;
    card.addRoundedRect(target, 10, 10);
    for (auto _ : state) {
        QPainter painter(&surface);
        if (clipped) {
            painter.setRenderHint(QPainter::Antialiasing);
            painter.setRenderHint(QPainter::SmoothPixmapTransform);
            painter.setClipPath(card);
            painter.drawImage(target, picture);
        } else {
            painter.drawImage(target.topLeft().toPoint(), picture);
        }
    }
}
BENCHMARK(drawPicture)
    ->ArgNames({"clipPath", "w", "h"})
    ->ArgsProduct({{0, 1}, {887}, {499}})
    ->ArgsProduct({{0, 1}, {430}, {242}})
    ->MeasureProcessCPUTime()
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    sharedLiveTile.reset();
    return 0;
}
