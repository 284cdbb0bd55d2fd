#include "simprocess.h"

#include <QDeadlineTimer>
#include <QProcess>

#include <algorithm>

SimProcess::SimProcess(const QString &program, QObject *parent)
    : QObject(parent)
    , m_program(program)
    , m_process(new QProcess(this))
{
    // Its rare errors go to our standard error; standard output is read for the ports.
    m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
}

SimProcess::~SimProcess()
{
    stop();
}

bool SimProcess::start(int count, double framesPerSecond, int jpegQuality, QString *errorMessage,
                       int timeoutMs)
{
    return startWith({QStringLiteral("--count"), QString::number(count), QStringLiteral("--fps"),
                      QString::number(framesPerSecond), QStringLiteral("--jpeg-quality"),
                      QString::number(jpegQuality), QStringLiteral("--access-code"),
                      QLatin1String(kAccessCode)},
                     count, errorMessage, timeoutMs);
}

bool SimProcess::startRtsps(int count, QSize videoSize, int framesPerSecond,
                            double keyFrameIntervalS, QString *errorMessage, int timeoutMs)
{
    return startWith({QStringLiteral("--model"), QStringLiteral("X1C"), QStringLiteral("--count"),
                      QString::number(count), QStringLiteral("--size"),
                      QStringLiteral("%1x%2").arg(videoSize.width()).arg(videoSize.height()),
                      QStringLiteral("--fps"), QString::number(framesPerSecond),
                      QStringLiteral("--key-frame-interval"), QString::number(keyFrameIntervalS),
                      QStringLiteral("--shared-clip"), QStringLiteral("--access-code"),
                      QLatin1String(kAccessCode)},
                     count, errorMessage, timeoutMs);
}

bool SimProcess::startWith(const QStringList &arguments, int count, QString *errorMessage,
                           int timeoutMs)
{
    m_endpoints.clear();
    m_process->start(m_program, arguments);
    if (!m_process->waitForStarted(timeoutMs)) {
        *errorMessage
            = QStringLiteral("cannot start %1: %2").arg(m_program, m_process->errorString());
        return false;
    }
    const QDeadlineTimer deadline(timeoutMs);
    while (m_endpoints.size() < count) {
        while (m_process->canReadLine()) {
            // "<name> 127.0.0.1:<port>": the last token is host:port.
            const QString line = QString::fromLocal8Bit(m_process->readLine()).trimmed();
            const QString address = line.section(QLatin1Char(' '), -1);
            Endpoint endpoint;
            endpoint.name = line.section(QLatin1Char(' '), 0, -2);
            endpoint.host = address.section(QLatin1Char(':'), 0, 0);
            endpoint.port = address.section(QLatin1Char(':'), 1).toUShort();
            if (endpoint.port == 0) {
                *errorMessage = QStringLiteral("unexpected line from farmcam-sim: %1").arg(line);
                stop();
                return false;
            }
            m_endpoints.append(endpoint);
        }
        if (m_endpoints.size() >= count)
            break;
        if (deadline.hasExpired() || m_process->state() != QProcess::Running
            || !m_process->waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())))) {
            if (m_process->canReadLine())
                continue;
            *errorMessage = QStringLiteral("farmcam-sim listed %1 of %2 printers")
                                .arg(m_endpoints.size())
                                .arg(count);
            stop();
            return false;
        }
    }
    return true;
}

void SimProcess::stop()
{
    if (m_process->state() == QProcess::NotRunning)
        return;
    m_process->terminate();
    if (!m_process->waitForFinished(5000)) {
        m_process->kill();
        m_process->waitForFinished(5000);
    }
}

qint64 SimProcess::processId() const
{
    return m_process->processId();
}
