// farmcam-server printers list|add|edit|remove: the farm's printers without the GUI.
#pragma once

#include "servercommandline.h"

#include <QString>

class QTextStream;

// Changes the settings file and the credential store exactly as the app's printer dialog does,
// through PrinterFarm (the same validation, the same refusal of a printer that is already set up,
// nothing half-saved), without connecting to any printer.
class PrinterCommands final
{
public:
    // Runs the command; what it prints goes to `out` (standard output), one-line messages for the
    // user to `err`. `input`: where an access code comes from when no file is named (standard
    // input).
    static ServerExitCode run(const ServerCommandLine &commandLine, QTextStream &out,
                              QTextStream &err, QTextStream &input);

    PrinterCommands() = delete;
};
