// Throughput of the pure protocol code: the frame assembler at several chunk sizes, and the login.
#include "protocol/frameassembler.h"
#include "protocol/loginpacket.h"

#include <QList>
#include <QtEndian>

#include <benchmark/benchmark.h>

namespace {

// Ten frames of a realistic 100 KB each, with the 16-byte headers a printer sends.
QByteArray makeStream()
{
    QByteArray stream;
    for (int frame = 0; frame < 10; ++frame) {
        QByteArray jpeg(100 * 1024 + frame * 1000, '\x55');
        jpeg[0] = '\xff';
        jpeg[1] = '\xd8';
        jpeg[jpeg.size() - 2] = '\xff';
        jpeg[jpeg.size() - 1] = '\xd9';
        QByteArray header(16, '\0');
        qToLittleEndian<quint32>(quint32(jpeg.size()), header.data());
        stream += header + jpeg;
    }
    return stream;
}

void assemble(benchmark::State &state)
{
    const QByteArray stream = makeStream();
    const qsizetype chunk = state.range(0);
    QList<QByteArray> frames;
    for (auto _ : state) {
        FrameAssembler assembler;
        frames.clear();
        for (qsizetype offset = 0; offset < stream.size(); offset += chunk)
            assembler.feed(
                QByteArrayView(stream).sliced(offset, std::min(chunk, stream.size() - offset)),
                frames);
        benchmark::DoNotOptimize(frames.data());
    }
    state.SetBytesProcessed(state.iterations() * stream.size());
    state.counters["frames"]
        = benchmark::Counter(double(state.iterations()) * 10, benchmark::Counter::kIsRate);
}
BENCHMARK(assemble)->Arg(16)->Arg(4096)->Arg(64 * 1024)->Unit(benchmark::kMicrosecond);

void loginPacket(benchmark::State &state)
{
    const QString user = QStringLiteral("bblp");
    const QString code = QStringLiteral("12345678");
    for (auto _ : state)
        benchmark::DoNotOptimize(LoginPacket::build(user, code));
}
BENCHMARK(loginPacket);

} // namespace

BENCHMARK_MAIN();
