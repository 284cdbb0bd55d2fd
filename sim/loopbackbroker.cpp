#include "loopbackbroker.h"

#include <QCryptographicHash>
#include <QEventLoop>
#include <QFile>
#include <QHostAddress>
#include <QLoggingCategory>
#include <QProcess>
#include <QSslCertificate>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTimer>

#ifdef Q_OS_UNIX
#include <pwd.h>
#include <unistd.h>

#ifdef Q_OS_LINUX
#include <csignal>

#include <sys/prctl.h>
#endif
#endif

Q_LOGGING_CATEGORY(lcBroker, "farmcam.sim")

namespace {

constexpr int kStartTimeoutMs = 10000;
constexpr int kStopTimeoutMs = 5000;
constexpr int kPortAttempts = 5;
constexpr int kTerminateAttempts = 10;
constexpr int kTerminateWaitMs = 300; // mosquitto notices a SIGTERM within ~100 ms

const QString kCertificateName = QStringLiteral("simulator.crt");
const QString kKeyName = QStringLiteral("simulator.key");
const QString kPasswordName = QStringLiteral("passwords");
const QString kConfigName = QStringLiteral("mosquitto.conf");

QString findExecutable(const QString &name)
{
    QString path = QStandardPaths::findExecutable(name);
    if (path.isEmpty()) // Debian puts the broker in /usr/sbin, often not in a user's PATH
        path = QStandardPaths::findExecutable(name,
                                              {QStringLiteral("/usr/sbin"),
                                               QStringLiteral("/usr/local/sbin"),
                                               QStringLiteral("/sbin")});
    return path;
}

// A port on 127.0.0.1 that was free a moment ago. mosquitto may still lose it to someone else:
// start() tries again with another one then.
quint16 freeLoopbackPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

bool copyResource(const QString &resource, const QString &path,
                  QFileDevice::Permissions permissions)
{
    QFile source(resource);
    QFile target(path);
    if (!source.open(QIODevice::ReadOnly)
        || !target.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    const bool written = target.write(source.readAll()) > 0;
    target.close();
    return written && target.setPermissions(permissions);
}

// mosquitto started as root switches to the user "mosquitto", who could not read our owner-only
// files; told to be the user it already is, it stays.
QString runAsUser()
{
#ifdef Q_OS_UNIX
    if (::geteuid() == 0) {
        if (const passwd *entry = ::getpwuid(::geteuid()); entry && entry->pw_name)
            return QString::fromLocal8Bit(entry->pw_name);
        return QStringLiteral("root");
    }
#endif
    return {};
}

} // namespace

LoopbackBroker::LoopbackBroker(QObject *parent)
    : QObject(parent)
{ }

LoopbackBroker::~LoopbackBroker()
{
    stop();
}

QString LoopbackBroker::brokerPath()
{
    return findExecutable(QStringLiteral("mosquitto"));
}

QString LoopbackBroker::passwordToolPath()
{
    return findExecutable(QStringLiteral("mosquitto_passwd"));
}

bool LoopbackBroker::isAvailable()
{
    return !brokerPath().isEmpty() && !passwordToolPath().isEmpty();
}

QString LoopbackBroker::certificateFingerprint()
{
    QFile file(QStringLiteral(":/sim/simulator.crt"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QSslCertificate certificate(&file, QSsl::Pem);
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
}

QString LoopbackBroker::filePath(const QString &name) const
{
    return m_directory ? m_directory->filePath(name) : QString();
}

QString LoopbackBroker::certificateFile() const
{
    return filePath(kCertificateName);
}

bool LoopbackBroker::isRunning() const
{
    return m_process && m_listening && m_process->state() == QProcess::Running;
}

int LoopbackBroker::logCount(const QString &text) const
{
    int count = 0;
    for (const QString &line : m_log)
        count += line.contains(text) ? 1 : 0;
    return count;
}

bool LoopbackBroker::start(const Credentials &credentials, QString *error)
{
    stop();
    QString problem;
    const auto failWith = [&](const QString &message) {
        if (error)
            *error = message;
        qCWarning(lcBroker).noquote() << message;
        return false;
    };
    if (brokerPath().isEmpty())
        return failWith(tr("The mosquitto broker is not installed (Debian: apt install "
                           "mosquitto)."));
    if (passwordToolPath().isEmpty())
        return failWith(tr("mosquitto_passwd is not installed (Debian: apt install mosquitto)."));
    if (!prepareFiles(credentials, &problem))
        return failWith(problem);

    for (int attempt = 0; attempt < kPortAttempts; ++attempt) {
        m_port = freeLoopbackPort();
        if (m_port == 0)
            return failWith(tr("No free port on 127.0.0.1 for the broker."));
        if (!writeConfig(&problem))
            return failWith(problem);
        bool portInUse = false;
        if (launch(&problem, &portInUse))
            return true;
        if (!portInUse)
            break;
        qCInfo(lcBroker) << "port" << m_port << "was taken meanwhile; trying another";
    }
    m_port = 0;
    return failWith(problem);
}

bool LoopbackBroker::restart(QString *error)
{
    if (!m_directory || m_port == 0) {
        if (error)
            *error = tr("The broker was never started.");
        return false;
    }
    stop();
    bool portInUse = false;
    QString problem;
    if (launch(&problem, &portInUse))
        return true;
    if (error)
        *error = problem;
    qCWarning(lcBroker).noquote() << problem;
    return false;
}

void LoopbackBroker::stop()
{
    if (!m_process)
        return;
    QProcess *const process = m_process;
    m_process = nullptr;
    m_listening = false;
    disconnect(process, nullptr, this, nullptr);
    if (process->state() != QProcess::NotRunning) {
        // mosquitto closes its clients' connections and exits. A SIGTERM that arrives while it is
        // still starting up is forgotten (it sets its "run" flag after installing the handler),
        // so ask again a few times before killing it.
        for (int attempt = 0; attempt < kTerminateAttempts; ++attempt) {
            process->terminate();
            if (process->waitForFinished(kTerminateWaitMs))
                break;
        }
        if (process->state() != QProcess::NotRunning) {
            process->kill();
            process->waitForFinished(kStopTimeoutMs);
        }
    }
    m_partialLine += process->readAll();
    onOutput();
    delete process;
}

bool LoopbackBroker::prepareFiles(const Credentials &credentials, QString *error)
{
    m_directory = std::make_unique<QTemporaryDir>();
    if (!m_directory->isValid()) {
        *error = tr("Could not create a temporary directory for the broker: %1")
                     .arg(m_directory->errorString());
        return false;
    }
    const auto ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    if (!copyResource(QStringLiteral(":/sim/simulator.crt"), filePath(kCertificateName),
                      ownerOnly | QFileDevice::ReadGroup | QFileDevice::ReadOther)
        || !copyResource(QStringLiteral(":/sim/simulator.key"), filePath(kKeyName), ownerOnly)) {
        *error = tr("Could not write the simulator's certificate and key for the broker.");
        return false;
    }

    // Plain "user:password" lines, hashed in place by mosquitto_passwd -U: no secret on a
    // command line, none left in clear text.
    QFile passwords(filePath(kPasswordName));
    if (!passwords.open(QIODevice::WriteOnly | QIODevice::Truncate)
        || !passwords.setPermissions(ownerOnly)) {
        *error = tr("Could not write the broker's password file.");
        return false;
    }
    for (const auto &[user, password] : credentials) {
        if (user.isEmpty() || user.contains(QLatin1Char(':')) || user.contains(QLatin1Char('\n'))
            || password.contains(QLatin1Char('\n'))) {
            *error = tr("A broker login must be a user name without ':' and a password on one "
                        "line.");
            return false;
        }
        passwords.write(user.toUtf8() + ':' + password.toUtf8() + '\n');
    }
    passwords.close();

    QProcess hasher;
    hasher.setProcessChannelMode(QProcess::MergedChannels);
    hasher.start(passwordToolPath(), {QStringLiteral("-U"), filePath(kPasswordName)});
    if (!hasher.waitForFinished(kStartTimeoutMs) || hasher.exitStatus() != QProcess::NormalExit
        || hasher.exitCode() != 0) {
        hasher.kill();
        *error = tr("mosquitto_passwd could not hash the broker's passwords: %1")
                     .arg(QString::fromLocal8Bit(hasher.readAll()).trimmed());
        return false;
    }
    return true;
}

bool LoopbackBroker::writeConfig(QString *error)
{
    QStringList lines = {
        QStringLiteral("# FarmCam's loopback broker: tests and the simulator only."),
        QStringLiteral("listener %1 127.0.0.1").arg(m_port),
        QStringLiteral("certfile %1").arg(filePath(kCertificateName)),
        QStringLiteral("keyfile %1").arg(filePath(kKeyName)),
        QStringLiteral("allow_anonymous false"),
        QStringLiteral("password_file %1").arg(filePath(kPasswordName)),
        QStringLiteral("persistence false"),
        QStringLiteral("log_dest stderr"),
        QStringLiteral("log_type error"),
        QStringLiteral("log_type warning"),
        QStringLiteral("log_type notice"),
        QStringLiteral("log_type information"),
        QStringLiteral("log_type subscribe"),
        QStringLiteral("log_type unsubscribe"),
        QStringLiteral("connection_messages true"),
    };
    if (const QString user = runAsUser(); !user.isEmpty())
        lines << QStringLiteral("user %1").arg(user);

    QFile config(filePath(kConfigName));
    if (!config.open(QIODevice::WriteOnly | QIODevice::Truncate)
        || config.write(lines.join(QLatin1Char('\n')).toUtf8() + '\n') < 0) {
        *error = tr("Could not write the broker's configuration.");
        return false;
    }
    return true;
}

bool LoopbackBroker::launch(QString *error, bool *portInUse)
{
    *portInUse = false;
    m_listening = false;
    m_process = new QProcess(this);
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->setWorkingDirectory(m_directory->path());
    connect(m_process, &QProcess::readyReadStandardOutput, this, &LoopbackBroker::onOutput);
    m_sawRunning = false;
    m_sawAddressInUse = false;
#ifdef Q_OS_LINUX
    // The broker dies with us, also when we are killed without a chance to stop it (SIGKILL, a
    // crash): a demo that was killed must not leave a broker running.
    m_process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
#endif
    m_process->start(brokerPath(), {QStringLiteral("-c"), filePath(kConfigName)});

    // "mosquitto version 2.0.11 running" comes once every listener is open.
    const auto ready = [this] {
        return m_process && m_sawRunning;
    };
    if (m_process->waitForStarted(kStartTimeoutMs)) {
        QEventLoop loop;
        QTimer deadline;
        deadline.setSingleShot(true);
        connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
        connect(this, &LoopbackBroker::logLine, &loop, [&] {
            if (ready())
                loop.quit();
        });
        connect(m_process, &QProcess::finished, &loop, &QEventLoop::quit);
        deadline.start(kStartTimeoutMs);
        if (!ready() && m_process->state() == QProcess::Running)
            loop.exec(QEventLoop::ExcludeUserInputEvents);
    }
    if (ready() && m_process->state() == QProcess::Running) {
        m_listening = true;
        qCInfo(lcBroker) << "mosquitto listening on 127.0.0.1 port" << m_port;
        return true;
    }

    m_partialLine += m_process->readAll();
    onOutput();
    *portInUse = m_sawAddressInUse;
    const QString reason = m_process->error() == QProcess::FailedToStart ? m_process->errorString()
                                                                         : lastLogLines(5);
    *error = tr("mosquitto did not start on 127.0.0.1:%1: %2").arg(m_port).arg(reason);
    QProcess *const process = m_process;
    m_process = nullptr;
    disconnect(process, nullptr, this, nullptr);
    process->kill();
    process->waitForFinished(kStopTimeoutMs);
    delete process;
    return false;
}

void LoopbackBroker::onOutput()
{
    if (m_process)
        m_partialLine += m_process->readAll();
    qsizetype newline;
    while ((newline = m_partialLine.indexOf('\n')) >= 0) {
        addLogLine(QString::fromLocal8Bit(m_partialLine.left(newline)).trimmed());
        m_partialLine.remove(0, newline + 1);
    }
    if (m_partialLine.size() > 64 * 1024) // a line without end: keep memory bounded
        m_partialLine.clear();
}

void LoopbackBroker::addLogLine(const QString &line)
{
    if (line.isEmpty())
        return;
    qCDebug(lcBroker).noquote() << "mosquitto:" << line;
    m_log.append(line);
    if (line.contains(QLatin1String("mosquitto version"))
        && line.endsWith(QLatin1String(" running")))
        m_sawRunning = true;
    if (line.contains(QLatin1String("Address already in use")))
        m_sawAddressInUse = true;
    while (m_log.size() > kMaxLogLines)
        m_log.removeFirst();
    emit logLine(line);
}

QString LoopbackBroker::lastLogLines(int count) const
{
    const QStringList tail = m_log.mid(qMax(0, int(m_log.size()) - count));
    return tail.isEmpty() ? tr("(no output)") : tail.join(QStringLiteral(" | "));
}
