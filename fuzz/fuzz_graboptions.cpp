// libFuzzer target for farmcam-grab's command line (app/farmcam-grab/graboptions.cpp, compiled
// into this target: it is not part of a library).
//
// Input: FuzzText fields (see fuzztext.h):
//   field 0   the FARMCAM_ACCESS_CODE environment variable (unset when empty)
//   field 1   the contents of the access code file
//   field 2-  the arguments after the program name
// Every --access-code-file value is replaced by a temporary file holding field 1, so the fuzzer
// never reads (or blocks on) a file of its own choosing.
//
// Checks: a Run result holds only settings the tool can use (host, port 1-65535, a valid access
// code, a timeout within bounds); a usage error is one line ending in "(see --help)"; an access
// code from the environment or the file never shows up in the text printed.
#include "fuzzcheck.h"
#include "fuzztext.h"
#include "graboptions.h"
#include "protocol/loginpacket.h"

#include <QCoreApplication>
#include <QFile>
#include <QProcessEnvironment>
#include <QTemporaryDir>

#include <cstddef>
#include <cstdint>

namespace {

const QString kOption = QStringLiteral("--access-code-file");

struct Context
{
    QTemporaryDir directory;
    QString codeFile;
    QString fixedTexts; // help and version text: what any output may contain regardless of input
};

Context *context = nullptr;

bool isAsciiAlphanumeric(const QString &text)
{
    for (const QChar c : text) {
        if (!((c >= QLatin1Char('a') && c <= QLatin1Char('z'))
              || (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
              || (c >= QLatin1Char('0') && c <= QLatin1Char('9'))))
            return false;
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    // QCommandLineParser's help text and the version text want an application object.
    static int argc = 1;
    static char name[] = "farmcam-grab";
    static char *argv[] = {name, nullptr};
    static QCoreApplication application(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("farmcam-grab"));
    QCoreApplication::setApplicationVersion(QStringLiteral("0.0.0"));

    context = new Context; // lives as long as the process
    FUZZ_CHECK(context->directory.isValid());
    context->codeFile = context->directory.filePath(QStringLiteral("code"));
    const QProcessEnvironment none;
    context->fixedTexts
        = GrabCommandLine::parse({QStringLiteral("g"), QStringLiteral("--help")}, none).text
        + GrabCommandLine::parse({QStringLiteral("g"), QStringLiteral("--version")}, none).text;
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    QStringList fields = FuzzText::fields(data, size, 2);
    const QString environmentCode = fields.takeFirst();
    const QString fileCode = fields.takeFirst();

    QStringList arguments{QStringLiteral("farmcam-grab")};
    bool usesFile = false;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        const QString &argument = fields.at(i);
        if (argument == kOption && i + 1 < fields.size()) {
            arguments << argument << context->codeFile;
            ++i;
            usesFile = true;
        } else if (argument.startsWith(kOption + QLatin1Char('='))) {
            arguments << kOption + QLatin1Char('=') + context->codeFile;
            usesFile = true;
        } else {
            arguments << argument;
        }
    }
    if (usesFile) {
        QFile file(context->codeFile);
        FUZZ_CHECK(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(fileCode.toUtf8());
    }
    QProcessEnvironment environment;
    if (!environmentCode.isEmpty())
        environment.insert(QLatin1String(GrabCommandLine::kAccessCodeVariable), environmentCode);

    const GrabCommandLine result = GrabCommandLine::parse(arguments, environment);
    switch (result.action) {
    case GrabCommandLine::Action::Run: {
        const GrabOptions &options = result.options;
        FUZZ_CHECK(!options.endpoint.host.isEmpty());
        FUZZ_CHECK(options.endpoint.host == options.endpoint.host.trimmed());
        FUZZ_CHECK(options.endpoint.port >= 1);
        // --camera is jpeg or rtsps, and without --port each has its own default port.
        FUZZ_CHECK(options.camera == PrinterConfig::CameraKind::JpegStream
                   || options.camera == PrinterConfig::CameraKind::Rtsps);
        if (!arguments.contains(QStringLiteral("--port"))
            && arguments.filter(QStringLiteral("--port=")).isEmpty())
            FUZZ_CHECK(options.endpoint.port
                       == (options.camera == PrinterConfig::CameraKind::Rtsps ? 322 : 6000));
        FUZZ_CHECK(LoginPacket::validateAccessCode(options.endpoint.accessCode)
                   == LoginPacket::Error::None);
        FUZZ_CHECK(options.timeout.count() >= 1 && options.timeout.count() <= 24 * 3600 * 1000);
        FUZZ_CHECK(options.toStdout || !options.outputDirectory.isEmpty());
        FUZZ_CHECK(result.text.isEmpty());
        break;
    }
    case GrabCommandLine::Action::UsageError:
        FUZZ_CHECK(result.text.endsWith(QLatin1String(" (see --help)")));
        FUZZ_CHECK(!result.text.contains(QLatin1Char('\n')));
        break;
    case GrabCommandLine::Action::ShowHelp:
        FUZZ_CHECK(result.text.contains(QLatin1String("--host")));
        break;
    case GrabCommandLine::Action::ShowVersion:
        FUZZ_CHECK(!result.text.isEmpty());
        break;
    }

    // A secret that came from the environment or the file must not be echoed. Only codes that
    // cannot appear in the text by coincidence are judged: letters and digits only (messages
    // quote what they cite), 6 or more of them, and not part of any argument or fixed text.
    for (const QString &secret : {environmentCode, usesFile ? fileCode.trimmed() : QString()}) {
        if (secret.size() < 6 || !isAsciiAlphanumeric(secret)
            || context->fixedTexts.contains(secret) || context->codeFile.contains(secret))
            continue;
        bool inArguments = false;
        for (const QString &argument : std::as_const(arguments))
            inArguments |= argument.contains(secret);
        if (!inArguments)
            FUZZ_CHECK(!result.text.contains(secret));
    }
    return 0;
}
