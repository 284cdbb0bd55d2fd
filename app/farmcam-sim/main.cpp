// farmcam-sim: simulated printer cameras on 127.0.0.1 until SIGINT or SIGTERM. See --help.
#include "simcommandline.h"

#include "sim/printersimulator.h"

#include <QGuiApplication>
#include <QHostAddress>
#include <QLoggingCategory>

#include <cstdio>
#include <memory>
#include <vector>

#ifdef Q_OS_UNIX
#include "platform/unixsignalnotifier.h"

#include <csignal>
#endif

int main(int argc, char *argv[])
{
    // Fonts for the frames' text need a QGuiApplication; the simulator has no window to show.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("farmcam-sim"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FARMCAM_VERSION));

    const SimCommandLine commandLine = SimCommandLine::parse(QCoreApplication::arguments());
    switch (commandLine.action) {
    case SimCommandLine::Action::ShowHelp:
    case SimCommandLine::Action::ShowVersion:
        std::fputs(commandLine.text.toLocal8Bit().constData(), stdout);
        return 0;
    case SimCommandLine::Action::UsageError:
        std::fprintf(stderr, "farmcam-sim: %s\n(see farmcam-sim --help)\n",
                     commandLine.text.toLocal8Bit().constData());
        return 2;
    case SimCommandLine::Action::Run:
        break;
    }
    const SimOptions &options = commandLine.options;
    // Standard error stays quiet unless asked: a parent process that never reads it must not block.
    QLoggingCategory::setFilterRules(options.verbose ? QStringLiteral("farmcam.sim.debug=false")
                                                     : QStringLiteral("farmcam.*.info=false\n"
                                                                      "farmcam.*.debug=false"));

#ifdef Q_OS_UNIX
    UnixSignalNotifier terminationSignals({SIGINT, SIGTERM});
    if (!terminationSignals.isValid()) {
        std::fputs("farmcam-sim: cannot handle SIGINT/SIGTERM\n", stderr);
        return 1;
    }
    QObject::connect(&terminationSignals, &UnixSignalNotifier::activated, &app,
                     &QCoreApplication::quit);
#endif

    std::vector<std::unique_ptr<PrinterSimulator>> simulators;
    for (int i = 0; i < options.count; ++i) {
        auto simulator = std::make_unique<PrinterSimulator>();
        simulator->setName(options.printerName(i));
        simulator->setAccessCode(options.accessCode);
        simulator->setFramesPerSecond(options.framesPerSecond);
        simulator->setJpegQuality(options.jpegQuality);
        simulator->setFault(options.fault, options.faultAfterFrames);
        const quint16 port = options.basePort == 0 ? 0 : quint16(options.basePort + i);
        if (!simulator->listen(QHostAddress::LocalHost, port)) {
            std::fprintf(stderr, "farmcam-sim: %s cannot listen on 127.0.0.1:%u: %s\n",
                         simulator->name().toLocal8Bit().constData(), unsigned(port),
                         simulator->errorString().toLocal8Bit().constData());
            return 1;
        }
        // The last space-separated token is host:port, whatever the name holds.
        std::printf("%s 127.0.0.1:%u\n", simulator->name().toLocal8Bit().constData(),
                    unsigned(simulator->serverPort()));
        simulators.push_back(std::move(simulator));
    }
    std::fflush(stdout); // a reading process (QProcess, a pipe) sees the lines now

    return app.exec();
}
