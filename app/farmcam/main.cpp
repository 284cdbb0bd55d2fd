// farmcam: the live chamber cameras of many Bambu Lab printers in one window.
#include "appcontroller.h"
#include "theme.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>

#include <cstdio>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
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
    parser.process(app);

    Theme::apply();

    AppController::Options options;
    options.demo = parser.isSet(demoOption);
    options.configFile = parser.value(configOption);
    options.fullViewPrinter = parser.value(fullViewOption);
    AppController controller(options);
    QString error;
    if (!controller.start(&error)) {
        std::fprintf(stderr, "farmcam: %s\n", qUtf8Printable(error));
        QMessageBox::critical(nullptr, QStringLiteral("FarmCam"), error);
        return 1;
    }
    return app.exec();
}
