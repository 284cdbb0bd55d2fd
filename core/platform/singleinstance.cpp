#include "platform/singleinstance.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QLocalServer>
#include <QLocalSocket>
#include <QLoggingCategory>
#include <QStandardPaths>
#include <QThread>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

namespace {

Q_LOGGING_CATEGORY(lcInstance, "farmcam.app")

// What a later start says to the running one. One line: room for more words later.
constexpr char kShowRequest[] = "show\n";
constexpr int kConnectTimeoutMs = 2000;
constexpr unsigned long kRetryMs = 50;

QString userId()
{
#ifdef Q_OS_UNIX
    return QString::number(::getuid());
#else
    return qEnvironmentVariable("USERNAME");
#endif
}

QString defaultDirectory()
{
    // XDG_RUNTIME_DIR is the user's own (mode 0700) and emptied at log-out; Qt falls back to a
    // private folder in /tmp when it is not set.
    const QString runtime = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    return runtime.isEmpty() ? QDir::tempPath() : runtime;
}

// "farmcam-<16 hex digits of the key's hash>" in `directory`: short, so that the socket's path
// stays well under the 108 bytes a Unix socket name may have.
QString baseName(const QString &key, const QString &directory)
{
    const QByteArray hash = QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha256);
    return QDir(directory.isEmpty() ? defaultDirectory() : directory)
        .filePath(QStringLiteral("farmcam-") + QString::fromLatin1(hash.toHex().left(16)));
}

} // namespace

SingleInstance::SingleInstance(const QString &key, const QString &directory, QObject *parent)
    : QObject(parent)
    , m_serverName(baseName(key, directory) + QStringLiteral(".socket"))
    , m_lockPath(baseName(key, directory) + QStringLiteral(".lock"))
    , m_lock(m_lockPath)
{
    // FarmCam runs for weeks: the lock is stale only when its process is gone, never by age.
    m_lock.setStaleLockTime(0);
}

SingleInstance::~SingleInstance() = default;

QString SingleInstance::keyFor(const QString &settingsFilePath)
{
    const QString path = QDir::cleanPath(QFileInfo(settingsFilePath).absoluteFilePath());
    return userId() + u'\n' + path;
}

SingleInstance::Role SingleInstance::claim()
{
    if (m_role != Role::Unclaimed)
        return m_role;
    if (m_lock.tryLock(0)) {
        m_role = listen() ? Role::Primary : Role::Unavailable;
    } else if (m_lock.error() == QLockFile::LockFailedError) {
        m_role = askRunningInstance() ? Role::AlreadyRunning : Role::Unresponsive;
    } else {
        m_error
            = tr("Could not create the lock file %1.").arg(QDir::toNativeSeparators(m_lockPath));
        m_role = Role::Unavailable;
    }
    return m_role;
}

bool SingleInstance::askRunningInstance()
{
    // Blocking, before any window exists and for a moment at most: the running FarmCam is on this
    // machine. It may have taken the lock an instant ago and not be listening yet: try again
    // until the deadline.
    const QDeadlineTimer deadline(kConnectTimeoutMs);
    QLocalSocket socket;
    for (;;) {
        socket.connectToServer(m_serverName);
        if (socket.waitForConnected(int(deadline.remainingTime())))
            break;
        if (deadline.hasExpired()) {
            m_error = tr("FarmCam is already running with these settings but does not answer "
                         "(%1).")
                          .arg(socket.errorString());
            return false;
        }
        QThread::msleep(kRetryMs);
    }
    socket.write(kShowRequest);
    if (!socket.waitForBytesWritten(int(deadline.remainingTime()))) {
        m_error = tr("FarmCam is already running with these settings but does not answer (%1).")
                      .arg(socket.errorString());
        return false;
    }
    socket.disconnectFromServer();
    return true;
}

bool SingleInstance::listen()
{
    // A FarmCam that crashed left its socket file behind; holding the lock, we know it is stale.
    QLocalServer::removeServer(m_serverName);
    m_server = std::make_unique<QLocalServer>();
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    if (!m_server->listen(m_serverName)) {
        m_error = tr("Could not listen on %1: %2")
                      .arg(QDir::toNativeSeparators(m_serverName), m_server->errorString());
        qCWarning(lcInstance).noquote() << m_error;
        m_server.reset();
        return false;
    }
    connect(m_server.get(), &QLocalServer::newConnection, this, [this] {
        while (QLocalSocket *socket = m_server->nextPendingConnection()) {
            connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
            connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
                while (socket->canReadLine()) {
                    if (socket->readLine() == kShowRequest) {
                        qCInfo(lcInstance) << "FarmCam was started again: showing this one.";
                        emit activationRequested();
                    }
                }
                // Anything else is not ours to read: a line never comes, or a long one.
                if (socket->bytesAvailable() > 256)
                    socket->abort();
            });
        }
    });
    return true;
}
