// farmcam-grab's command line: what it accepts, the settings it yields, the exit codes it promises.
#pragma once

#include "camera/cameraendpoint.h"
#include "model/printerconfig.h"

#include <QString>
#include <QStringList> // a typedef: cannot be forward-declared

#include <chrono>

class QProcessEnvironment;

// The exit codes are part of the tool's interface (scripts test them): never renumber.
enum class GrabExitCode : int {
    Success = 0, // all frames saved; or stopped by SIGINT/SIGTERM with --count 0; or stdout closed
    OutputError = 1, // a file or standard output could not be written
    UsageError = 2,
    AccessCodeRejected = 3,
    NetworkError = 4, // includes timeouts, refused connections and unknown hosts
    ProtocolError = 5,
    TlsError = 6,
    Interrupted = 130, // SIGINT/SIGTERM before --count frames were saved (128 + SIGINT)
};

struct GrabOptions
{
    // `--camera jpeg` (port 6000, P1/A1) or `--camera rtsps` (port 322, X1/H2/P2S/X2D).
    PrinterConfig::CameraKind camera = PrinterConfig::CameraKind::JpegStream;
    CameraEndpoint endpoint; // host, port and access code
    quint64 count = 1; // frames to save; 0 = until interrupted
    bool toStdout = false; // `--output -`: JPEGs back to back on standard output
    QString outputDirectory = QStringLiteral(".");
    // Bounds every wait: connect + TLS handshake, the first frame, each gap between frames.
    std::chrono::milliseconds timeout{30000};
    bool verbose = false;
};

struct GrabCommandLine
{
    enum class Action { Run, ShowHelp, ShowVersion, UsageError };

    Action action = Action::UsageError;
    GrabOptions options; // meaningful for Run
    QString text; // help or version text (for stdout), or the one-line usage error (for stderr)

    static constexpr char kAccessCodeVariable[] = "FARMCAM_ACCESS_CODE";

    // `arguments` includes the program name, as QCoreApplication::arguments() does. Reads the
    // access code file, if one is named; never puts the access code into `text`.
    static GrabCommandLine parse(const QStringList &arguments,
                                 const QProcessEnvironment &environment);
};
