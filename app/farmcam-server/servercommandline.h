// farmcam-server's command line: what it accepts, what it asks for, the exit codes it promises.
#pragma once

#include "model/printerconfig.h"

#include <QHostAddress>
#include <QString>
#include <QStringList> // a typedef: cannot be forward-declared
#include <QUrl>

#include <optional>

// The exit codes are part of the program's interface (scripts and systemd test them): never
// renumber.
enum class ServerExitCode : int {
    Success = 0, // stopped by SIGTERM/SIGINT, or the command did what it was asked
    Failure = 1, // cannot listen, bad certificate, credential store or settings file unusable,
                 // already running with these settings, a printer command refused
    UsageError = 2, // bad option or value, unreadable or empty --token-file/--access-code-file
};

// Where to listen, as typed: "127.0.0.1:8080", "[::1]:0", "0.0.0.0:8080".
struct ListenAddress
{
    QHostAddress address;
    quint16 port = 0;

    // Empty `error` on success; one sentence otherwise.
    static std::optional<ListenAddress> parse(const QString &text, QString *error);
};

// A printer's fields as the printers add/edit commands give them; unset ones stay as they were
// (edit) or take their defaults (add).
struct PrinterFields
{
    std::optional<QString> name;
    std::optional<QString> host;
    std::optional<quint16> port;
    std::optional<QString> serial;
    std::optional<QString> model; // a known model's name ("P1S"), from a name or a code; "" forgets
    std::optional<PrinterConfig::CameraKind> cameraKind;
    std::optional<QUrl> cameraUrl; // MJPEG over HTTP(S)
    std::optional<QString> cameraUser; // MJPEG over HTTP(S), for HTTP Basic auth
    std::optional<bool> statusEnabled;
    std::optional<quint16> statusPort;
    std::optional<QString> caFile;
    std::optional<PrinterConfig::TimelapseChoice> timelapse;
    // Where the access code comes from: a file, or standard input ("-"). Unset: add reads
    // standard input; edit keeps the stored code.
    std::optional<QString> accessCodeFile;
};

struct ServerCommandLine
{
    enum class Action {
        Serve,
        PrintToken,
        ListPrinters,
        AddPrinter,
        EditPrinter,
        RemovePrinter,
        ShowHelp,
        ShowVersion,
        UsageError,
    };

    Action action = Action::UsageError;
    QString text; // help or version text (stdout), or the one-line usage error (stderr)

    QString configFile; // empty: AppSettings::defaultFilePath()
    // Serve
    std::optional<ListenAddress> listen; // unset: from the settings
    QString token; // from --token-file; empty: the stored one
    bool demo = false;
    bool onDemand = false;
    QString recordDir; // --record-dir: timelapses and clips go here; empty: the settings' folder
    // Printer commands
    QString printer; // edit/remove: the printer's id, serial, name or slug
    PrinterFields fields;

    // `arguments` includes the program name, as QCoreApplication::arguments() does. Reads the
    // token file; never puts the token into `text`.
    static ServerCommandLine parse(const QStringList &arguments);
};
