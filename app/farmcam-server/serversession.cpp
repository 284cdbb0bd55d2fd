#include "serversession.h"

#include "ondemandcameras.h"
#include "servercredentials.h"

#include "model/appsettings.h"
#include "model/memorycredentialstore.h"
#include "model/printer.h"
#include "model/printerfarm.h"
#include "platform/singleinstance.h"
#include "record/farmrecorder.h"
#include "share/shareserver.h"
#include "share/sharetoken.h"
#include "sim/demofarm.h"
#include "sim/statusfeed.h"

#include <QCoreApplication>
#include <QDir>
#include <QLoggingCategory>
#include <QTemporaryDir>

#include <cstdio>

namespace {

Q_LOGGING_CATEGORY(lcServer, "farmcam.server")

// One line for the user on standard error, as the other command-line tools write it.
void tell(const QString &message)
{
    std::fprintf(stderr, "farmcam-server: %s\n", qUtf8Printable(message));
    std::fflush(stderr);
}

} // namespace

ServerSession::ServerSession(const ServerCommandLine &commandLine, QObject *parent)
    : QObject(parent)
    , m_commandLine(commandLine)
{ }

ServerSession::~ServerSession()
{
    // Recordings are finished and streams end before the printers they show go away.
    m_recorder.reset();
    m_onDemand.reset();
    m_server.reset();
    if (m_farm)
        m_farm->stopAll();
    m_demoFarm.reset();
    m_farm.reset();
}

ServerExitCode ServerSession::start()
{
    if (m_commandLine.demo) {
        if (!startDemo())
            return ServerExitCode::Failure;
    } else {
        if (!claimSettingsFile())
            return ServerExitCode::Failure;
        openUserFarm();
    }
    startRecording();

    const QString sharingToken = token();
    if (sharingToken.isEmpty())
        return ServerExitCode::Failure;

    ShareServer::Settings settings = ShareServer::settingsFrom(*m_settings);
    if (m_commandLine.listen) {
        settings.address = m_commandLine.listen->address;
        settings.port = m_commandLine.listen->port;
    }
    settings.token = sharingToken;
    QString error;
    if (!m_server->start(settings, &error)) {
        tell(error);
        return ServerExitCode::Failure;
    }
    // The one line scripts wait for; flushed, as standard output is a pipe for them.
    std::fprintf(stdout, "%s\n", qUtf8Printable(m_server->url().toString()));
    std::fflush(stdout);
    const int printers = int(m_farm->printers().size());
    qCInfo(lcServer).noquote() << "Serving" << printers << "printer(s) on"
                               << m_server->url().toString()
                               << (m_commandLine.onDemand ? "(cameras connect on demand)" : "");
    if (printers == 0 && !m_commandLine.demo) {
        tell(tr("There are no printers in %1 yet: add them with `farmcam-server printers add` "
                "(see --help), then start the server again.")
                 .arg(QDir::toNativeSeparators(m_settings->filePath())));
    }
    return ServerExitCode::Success;
}

void ServerSession::stop()
{
    if (m_stopping)
        return;
    m_stopping = true;
    qCInfo(lcServer) << "Stopping";
    if (m_server)
        m_server->stop(); // every stream ends, every connection closes
    if (m_farm)
        m_farm->stopAll();
    if (m_demoFarm)
        m_demoFarm->stop();
    emit finished(int(ServerExitCode::Success));
}

bool ServerSession::claimSettingsFile()
{
    const QString file = m_commandLine.configFile.isEmpty() ? AppSettings::defaultFilePath()
                                                            : m_commandLine.configFile;
    // One FarmCam per settings file, the app or this server: a second one would open a second
    // connection to every printer (a printer serves two viewers at most).
    m_instance = std::make_unique<SingleInstance>(SingleInstance::keyFor(file));
    switch (m_instance->claim()) {
    case SingleInstance::Role::Primary:
        return true;
    case SingleInstance::Role::AlreadyRunning:
        tell(tr("FarmCam (the app or another farmcam-server) is already running with %1; two "
                "would open two connections to every printer.")
                 .arg(QDir::toNativeSeparators(file)));
        return false;
    case SingleInstance::Role::Unresponsive:
        tell(m_instance->errorString());
        return false;
    case SingleInstance::Role::Unclaimed:
    case SingleInstance::Role::Unavailable:
        // Better a server that cannot tell a second start apart than none.
        qCWarning(lcServer).noquote() << m_instance->errorString();
        return true;
    }
    return true;
}

void ServerSession::openUserFarm()
{
    const QString file = m_commandLine.configFile.isEmpty() ? AppSettings::defaultFilePath()
                                                            : m_commandLine.configFile;
    m_settings = std::make_unique<AppSettings>(file);
    const QList<PrinterConfig> configs = m_settings->printers();
    QList<QUuid> ids{ShareToken::credentialId()};
    for (const PrinterConfig &config : configs)
        ids.append(config.id);
    m_credentials = std::make_unique<ServerCredentials>();
    m_credentials->open(ids);

    m_farm = std::make_unique<PrinterFarm>(m_settings.get(), m_credentials->store());
    m_server = std::make_unique<ShareServer>(m_farm.get());
    if (m_commandLine.onDemand)
        m_onDemand = std::make_unique<OnDemandCameras>(m_farm.get(), m_server.get());
    m_farm->load();
    qCInfo(lcServer).noquote() << "Settings:" << QDir::toNativeSeparators(m_settings->filePath())
                               << "—" << m_farm->printers().size() << "printer(s)";
}

void ServerSession::startRecording()
{
    m_recorder = std::make_unique<FarmRecorder>(m_farm.get(), m_settings.get());
    QString folder = m_commandLine.recordDir;
    if (folder.isEmpty() && m_commandLine.demo) {
        // The demo leaves nothing behind: its videos go with its settings, unless asked.
        folder = m_demoDir->filePath(QStringLiteral("recordings"));
    }
    m_recorder->setFolderOverride(folder);
    connect(m_recorder.get(), &FarmRecorder::timelapseFinished, this,
            [](Printer *printer, const QString &job, const QString &video) {
                qCInfo(lcServer).noquote() << printer->name() << ": timelapse of" << job << "is"
                                           << QDir::toNativeSeparators(video);
            });
    connect(m_recorder.get(), &FarmRecorder::timelapseFailed, this,
            [](Printer *printer, const QString &job, const QString &message) {
                qCWarning(lcServer).noquote()
                    << printer->name() << ": no timelapse of" << job << "—" << message;
            });
    connect(m_recorder.get(), &FarmRecorder::clipReady, this,
            [](Printer *printer, const QString &video) {
                qCInfo(lcServer).noquote()
                    << printer->name() << ": failure clip" << QDir::toNativeSeparators(video);
            });
    connect(m_recorder.get(), &FarmRecorder::clipFailed, this,
            [](Printer *printer, const QString &message) {
                qCWarning(lcServer).noquote()
                    << printer->name() << ": no failure clip —" << message;
            });
    m_recorder->start();
    // The web wall lists what is recorded, for download.
    m_server->setRecordingsRoot(m_recorder->library().root());
    connect(m_recorder.get(), &FarmRecorder::rootChanged, m_server.get(),
            &ShareServer::setRecordingsRoot);
    qCInfo(lcServer).noquote() << "Recordings:"
                               << QDir::toNativeSeparators(m_recorder->library().root());
    if (m_commandLine.onDemand) {
        qCInfo(lcServer) << "With --on-demand, timelapses and failure clips see only the frames "
                            "of cameras someone watches.";
    }
}

bool ServerSession::startDemo()
{
    // As the app's demo: throw-away settings, codes in memory, the user's own files untouched.
    m_demoDir = std::make_unique<QTemporaryDir>();
    if (!m_demoDir->isValid()) {
        tell(tr("The demo needs a temporary folder: %1").arg(m_demoDir->errorString()));
        return false;
    }
    m_settings = std::make_unique<AppSettings>(m_demoDir->filePath(QStringLiteral("demo.conf")));
    m_demoCredentials = std::make_unique<MemoryCredentialStore>();
    m_farm = std::make_unique<PrinterFarm>(m_settings.get(), m_demoCredentials.get());
    m_farm->setPersistent(false);
    m_server = std::make_unique<ShareServer>(m_farm.get());
    if (m_commandLine.onDemand)
        m_onDemand = std::make_unique<OnDemandCameras>(m_farm.get(), m_server.get());

    m_demoFarm = std::make_unique<DemoFarm>();
    QString error;
    if (!m_demoFarm->start(&error)) {
        tell(error);
        return false;
    }
    const QList<DemoFarm::Camera> cameras = m_demoFarm->cameras();
    for (const DemoFarm::Camera &camera : cameras) {
        Printer *printer = m_farm->addPrinter(camera.config(), camera.accessCode, &error);
        if (!printer) {
            qCWarning(lcServer).noquote() << "Demo printer" << camera.name << "not added:" << error;
            continue;
        }
        if (camera.statusPort == 0 && camera.accessCodeCorrect) {
            // No broker: the same reports, handed over directly (as in the app's demo).
            const QString serial = camera.serial;
            connect(m_demoFarm->statusFeed(), &StatusFeed::reportReady, printer,
                    [printer, serial](const QString &from, const QByteArray &payload) {
                        if (from == serial)
                            printer->mergeStatusReport(payload);
                    });
            m_demoFarm->statusFeed()->sendFullReport(serial);
        }
    }
    qCInfo(lcServer).noquote() << "Demo:" << cameras.size() << "simulated printers;"
                               << m_demoFarm->statusDescription();
    return true;
}

QString ServerSession::token()
{
    if (!m_commandLine.token.isEmpty()) {
        qCInfo(lcServer) << "Token: the one in --token-file";
        return m_commandLine.token;
    }
    QString error;
    if (m_commandLine.demo) {
        // Made up for this run and never shown: a token is not printed, not even the demo's.
        const QString made = ShareToken::ensureStored(m_demoCredentials.get(), &error);
        tell(tr("The demo's token is new on every start and is not shown; to open the demo's "
                "pages, start it with --token-file FILE."));
        return made;
    }
    const QString stored = ShareToken::ensureStored(m_credentials->store(), &error);
    if (stored.isEmpty()) {
        tell(tr("No sharing token: %1").arg(error));
        return {};
    }
    const QString config = m_commandLine.configFile.isEmpty()
        ? QString()
        : QStringLiteral(" --config %1").arg(m_commandLine.configFile);
    tell(tr("Every request needs the sharing token; `farmcam-server%1 --print-token` prints it.")
             .arg(config));
    return stored;
}
