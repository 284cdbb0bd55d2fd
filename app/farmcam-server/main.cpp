// farmcam-server: shares the printers' cameras over HTTP on a headless box. See --help and
// farmcam-server(1).
#include "printercommands.h"
#include "servercommandline.h"
#include "servercredentials.h"
#include "serversession.h"

#include "share/sharetoken.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTextStream>

#include <cstdio>

#ifdef Q_OS_UNIX
#include "platform/unixsignalnotifier.h"

#include <csignal>
#endif

namespace {

// --print-token: the one way the stored token reaches the user, on explicit request.
ServerExitCode printToken(const ServerCommandLine &commandLine)
{
    // The token sits with the access codes (FileCredentialStore::defaultFilePath() or the
    // keyring), whichever settings file: --config changes nothing here.
    Q_UNUSED(commandLine)
    ServerCredentials credentials;
    credentials.open({ShareToken::credentialId()});
    QString error;
    const QString token = ShareToken::ensureStored(credentials.store(), &error);
    if (token.isEmpty() || !credentials.finishWrites(&error)) {
        std::fprintf(stderr, "farmcam-server: %s\n", qUtf8Printable(error));
        return ServerExitCode::Failure;
    }
    std::fprintf(stdout, "%s\n", qUtf8Printable(token));
    std::fflush(stdout);
    return ServerExitCode::Success;
}

} // namespace

int main(int argc, char *argv[])
{
#ifdef Q_OS_UNIX
    // A client that goes away mid-response must not end the server (libmicrohttpd writes with
    // MSG_NOSIGNAL, but the output pipe of a script that stopped reading is ours).
    std::signal(SIGPIPE, SIG_IGN);
#endif
    // No display needed: QCoreApplication, and QImage works without a platform plugin.
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("FarmCam"));
    QCoreApplication::setApplicationName(QStringLiteral("farmcam-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FARMCAM_VERSION));
    // Information and warnings with their category, on standard error (journald adds the time);
    // QT_LOGGING_RULES and QT_MESSAGE_PATTERN still decide.
    QLoggingCategory::setFilterRules(QStringLiteral("farmcam.*.debug=false"));
    if (qEnvironmentVariableIsEmpty("QT_MESSAGE_PATTERN"))
        qSetMessagePattern(QStringLiteral("%{category}: %{if-warning}warning: %{endif}"
                                          "%{if-critical}error: %{endif}%{message}"));

    const ServerCommandLine commandLine = ServerCommandLine::parse(app.arguments());
    switch (commandLine.action) {
    case ServerCommandLine::Action::ShowHelp:
    case ServerCommandLine::Action::ShowVersion:
        std::fputs(commandLine.text.toLocal8Bit().constData(), stdout);
        return int(ServerExitCode::Success);
    case ServerCommandLine::Action::UsageError:
        std::fprintf(stderr, "farmcam-server: %s\n", commandLine.text.toLocal8Bit().constData());
        return int(ServerExitCode::UsageError);
    case ServerCommandLine::Action::PrintToken:
        return int(printToken(commandLine));
    case ServerCommandLine::Action::ListPrinters:
    case ServerCommandLine::Action::AddPrinter:
    case ServerCommandLine::Action::EditPrinter:
    case ServerCommandLine::Action::RemovePrinter: {
        // What the command did is said in one line; the farm's routine log is not.
        QLoggingCategory::setFilterRules(
            QStringLiteral("farmcam.*.debug=false\nfarmcam.*.info=false"));
        QTextStream out(stdout);
        QTextStream err(stderr);
        QTextStream input(stdin);
        return int(PrinterCommands::run(commandLine, out, err, input));
    }
    case ServerCommandLine::Action::Serve:
        break;
    }

    ServerSession session(commandLine);
    QObject::connect(&session, &ServerSession::finished, &app, &QCoreApplication::exit,
                     Qt::QueuedConnection);
#ifdef Q_OS_UNIX
    // systemd stops with SIGTERM, a terminal with SIGINT: end every stream and leave cleanly.
    UnixSignalNotifier terminationSignals({SIGINT, SIGTERM});
    QObject::connect(&terminationSignals, &UnixSignalNotifier::activated, &session,
                     &ServerSession::stop);
#endif
    if (const ServerExitCode started = session.start(); started != ServerExitCode::Success)
        return int(started);
    return QCoreApplication::exec();
}
