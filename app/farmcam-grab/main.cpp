// farmcam-grab: saves frames from a printer's camera to files or standard output. See --help.
#include "graboptions.h"
#include "grabsession.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QProcessEnvironment>

#include <cstdio>

#ifdef Q_OS_UNIX
#include "platform/unixsignalnotifier.h"

#include <csignal>
#endif
#ifdef Q_OS_WIN
#include <fcntl.h>
#include <io.h>
#endif

int main(int argc, char *argv[])
{
#ifdef Q_OS_UNIX
    // A closed standard output (| head) must become EPIPE, which GrabSession treats as "done".
    std::signal(SIGPIPE, SIG_IGN);
#endif
#ifdef Q_OS_WIN
    _setmode(_fileno(stdout), _O_BINARY); // JPEG bytes, not text
#endif
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("farmcam-grab"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FARMCAM_VERSION));
    // stderr carries exactly one line per failure; QT_LOGGING_RULES can still switch logs on.
    QLoggingCategory::setFilterRules(QStringLiteral("farmcam.*.debug=false\nfarmcam.*.info=false"));

    const GrabCommandLine commandLine
        = GrabCommandLine::parse(app.arguments(), QProcessEnvironment::systemEnvironment());
    switch (commandLine.action) {
    case GrabCommandLine::Action::ShowHelp:
    case GrabCommandLine::Action::ShowVersion:
        std::fputs(commandLine.text.toLocal8Bit().constData(), stdout);
        return int(GrabExitCode::Success);
    case GrabCommandLine::Action::UsageError:
        std::fprintf(stderr, "farmcam-grab: %s\n", commandLine.text.toLocal8Bit().constData());
        return int(GrabExitCode::UsageError);
    case GrabCommandLine::Action::Run:
        break;
    }

    GrabSession session(commandLine.options);
    // Queued: the session may finish inside start(), before exec() could take the exit code.
    QObject::connect(&session, &GrabSession::finished, &app, &QCoreApplication::exit,
                     Qt::QueuedConnection);
#ifdef Q_OS_UNIX
    UnixSignalNotifier interruptions({SIGINT, SIGTERM});
    QObject::connect(&interruptions, &UnixSignalNotifier::activated, &session,
                     &GrabSession::interrupt);
#endif
    session.start();
    return app.exec();
}
