// farmcam: the live chamber cameras of many Bambu Lab printers in one window.
#include "appcontroller.h"
#include "gridwindow.h"
#include "theme.h"

#include "model/appsettings.h"
#include "platform/singleinstance.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QMessageBox>
#include <QTranslator>

#include <cstdio>
#include <cstring>
#include <memory>

#ifdef Q_OS_UNIX
#include "platform/unixsignalnotifier.h"

#include <csignal>
#endif

namespace {

// --help and --version only print text: they must work without a display (over SSH, in a
// package check), so no QApplication is created for them.
bool onlyPrintsText(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        for (const char *option : {"-h", "--help", "--help-all", "-?", "-v", "--version"}) {
            if (std::strcmp(argv[i], option) == 0)
                return true;
        }
    }
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    std::unique_ptr<QCoreApplication> application;
    if (onlyPrintsText(argc, argv))
        application = std::make_unique<QCoreApplication>(argc, argv);
    else
        application = std::make_unique<QApplication>(argc, argv);
    QCoreApplication &app = *application;

    // Qt's own strings (Debian's optional qt6-translations-l10n) and ours, embedded at build time.
    QTranslator qtTranslator;
    if (qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(&qtTranslator);
    QTranslator appTranslator;
    if (appTranslator.load(QLocale(), QStringLiteral("farmcam"), QStringLiteral("_"),
                           QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(&appTranslator);
    QApplication::setOrganizationName(QStringLiteral("FarmCam"));
    QApplication::setApplicationName(QStringLiteral("FarmCam"));
    QApplication::setApplicationDisplayName(QStringLiteral("FarmCam"));
    QApplication::setApplicationVersion(QStringLiteral(FARMCAM_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("io.github.farmcam.FarmCam"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main",
                                "Live chamber cameras of many Bambu Lab printers in one "
                                "window."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demoOption(
        QStringLiteral("demo"),
        QApplication::translate("main",
                                "Show four simulated printers; your own settings are "
                                "neither read nor changed."));
    const QCommandLineOption configOption(
        QStringLiteral("config"),
        QApplication::translate("main", "Use the settings file <file> instead of the default."),
        QStringLiteral("file"));
    const QCommandLineOption fullViewOption(
        QStringLiteral("full-view"),
        QApplication::translate("main",
                                "Start with the printer named <name> shown alone, e.g. "
                                "for a wall display."),
        QStringLiteral("name"));
    parser.addOption(demoOption);
    parser.addOption(configOption);
    parser.addOption(fullViewOption);
    parser.process(app); // exits after printing help or version

    Theme::apply();

    AppController::Options options;
    options.demo = parser.isSet(demoOption);
    options.configFile = parser.value(configOption);
    options.fullViewPrinter = parser.value(fullViewOption);

    // One FarmCam per user and settings file: a second one would open a second connection to
    // every printer (and a printer serves two viewers at most). The demo's settings are its own.
    std::unique_ptr<SingleInstance> instance;
    if (!options.demo) {
        const QString settingsFile
            = options.configFile.isEmpty() ? AppSettings::defaultFilePath() : options.configFile;
        instance = std::make_unique<SingleInstance>(SingleInstance::keyFor(settingsFile));
        switch (instance->claim()) {
        case SingleInstance::Role::Primary:
            break;
        case SingleInstance::Role::AlreadyRunning:
            std::fprintf(stdout, "%s\n",
                         qUtf8Printable(QApplication::translate(
                             "main",
                             "FarmCam is already running with these settings: its "
                             "window was brought to the front.")));
            return 0;
        case SingleInstance::Role::Unresponsive:
            std::fprintf(stderr, "farmcam: %s\n", qUtf8Printable(instance->errorString()));
            QMessageBox::critical(nullptr, QStringLiteral("FarmCam"), instance->errorString());
            return 1;
        case SingleInstance::Role::Unclaimed:
        case SingleInstance::Role::Unavailable:
            // Better a FarmCam that cannot tell a second start apart than none.
            std::fprintf(stderr, "farmcam: %s\n", qUtf8Printable(instance->errorString()));
            break;
        }
    }

    AppController controller(options);
    if (instance) {
        QObject::connect(instance.get(), &SingleInstance::activationRequested, &controller,
                         &AppController::raiseWindow);
    }
    QString error;
    if (!controller.start(&error)) {
        std::fprintf(stderr, "farmcam: %s\n", qUtf8Printable(error));
        QMessageBox::critical(nullptr, QStringLiteral("FarmCam"), error);
        return 1;
    }
#ifdef Q_OS_UNIX
    // Ctrl+C in a terminal, or a session that ends: leave as Quit does, so that the demo's broker
    // and simulators stop and pending settings are written.
    UnixSignalNotifier terminationSignals({SIGINT, SIGTERM});
    QObject::connect(&terminationSignals, &UnixSignalNotifier::activated, &app, [&controller] {
        if (GridWindow *window = controller.window())
            window->quit(); // saves the window's place, as the menu's Quit does
        else
            QCoreApplication::quit();
    });
#endif
    return QCoreApplication::exec();
}
