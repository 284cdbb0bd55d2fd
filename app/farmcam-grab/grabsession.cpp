#include "grabsession.h"

#include "snapshot/snapshotwriter.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>

#include <cerrno>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

namespace {

QString oneLine(QString message)
{
    message.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return message.trimmed();
}

bool isTerminal(std::FILE *file)
{
#ifdef Q_OS_UNIX
    return ::isatty(::fileno(file)) == 1;
#else
    Q_UNUSED(file);
    return false;
#endif
}

} // namespace

GrabSession::GrabSession(const GrabOptions &options, QObject *parent, std::FILE *out,
                         std::FILE *err)
    : QObject(parent)
    , m_options(options)
    , m_connection(new JpegStreamCamera(this))
    , m_out(out)
    , m_err(err)
{
    CameraSource::Timeouts timeouts = m_connection->timeouts();
    timeouts.connect = options.timeout;
    timeouts.firstFrame = options.timeout;
    timeouts.watchdog = options.timeout;
    m_connection->setTimeouts(timeouts);
    m_connection->setEndpoint(options.endpoint);

    // The bytes are saved as the printer sent them: nothing is decoded.
    connect(m_connection, &CameraSource::frameArrived, this,
            [this](const CameraFrame &frame) { onFrame(frame.encoded(), frame.receivedAt()); });
    connect(m_connection, &CameraSource::failed, this, &GrabSession::onFailed);
    connect(m_connection, &CameraSource::stateChanged, this, &GrabSession::onStateChanged);
    connect(m_connection, &CameraSource::peerCertificateFingerprintChanged, this,
            &GrabSession::onFingerprint);
}

GrabSession::~GrabSession() = default;

GrabExitCode GrabSession::exitCodeFor(CameraSource::Failure failure)
{
    switch (failure) {
    case CameraSource::Failure::None:
        return GrabExitCode::Success;
    case CameraSource::Failure::AccessCodeRejected:
        return GrabExitCode::AccessCodeRejected;
    case CameraSource::Failure::TlsError:
    case CameraSource::Failure::CertificateMismatch:
        return GrabExitCode::TlsError;
    case CameraSource::Failure::ProtocolError:
        return GrabExitCode::ProtocolError;
    case CameraSource::Failure::TimedOut:
    case CameraSource::Failure::HostNotFound:
    case CameraSource::Failure::ConnectionRefused:
    case CameraSource::Failure::ConnectionLost:
    case CameraSource::Failure::CameraUnavailable:
    case CameraSource::Failure::NetworkError:
        return GrabExitCode::NetworkError;
    case CameraSource::Failure::InvalidSettings:
        return GrabExitCode::UsageError;
    }
    return GrabExitCode::NetworkError;
}

void GrabSession::start()
{
    if (m_finished)
        return;
    m_clock.start();
    if (m_options.toStdout && isTerminal(m_out)) {
        finish(GrabExitCode::UsageError,
               tr("refusing to write JPEG data to a terminal: redirect or pipe standard output "
                  "(see --help)"));
        return;
    }
    if (!m_options.toStdout) {
        // A bad folder is reported now, not after connecting to the printer.
        if (const QString problem = SnapshotWriter::prepareFolder(m_options.outputDirectory);
            !problem.isEmpty()) {
            finish(GrabExitCode::OutputError, problem);
            return;
        }
    }
    m_connection->start();
}

void GrabSession::interrupt()
{
    if (m_finished)
        return;
    if (m_options.count == 0)
        finish(GrabExitCode::Success);
    else
        finish(GrabExitCode::Interrupted,
               tr("interrupted after %1 of %2 frames").arg(m_framesSaved).arg(m_options.count));
}

void GrabSession::onFrame(const QByteArray &jpeg, const QDateTime &receivedAt)
{
    if (m_finished)
        return;
    const quint64 index = m_framesSaved + 1;

    if (m_options.toStdout) {
        if (!writeToStdout(jpeg))
            return;
        ++m_framesSaved;
        if (m_options.verbose)
            printLine(tr("frame %1: %2 bytes to standard output").arg(index).arg(jpeg.size()));
    } else {
        const SnapshotWriter::Result result = SnapshotWriter::write(
            SnapshotWriter::grabFilePath(m_options.outputDirectory, m_options.endpoint.host,
                                         receivedAt, index),
            jpeg);
        if (!result.ok) {
            finish(GrabExitCode::OutputError, result.errorMessage);
            return;
        }
        ++m_framesSaved;
        const QString path = QDir::toNativeSeparators(result.filePath);
        if (m_options.verbose)
            printLine(tr("frame %1: %2 bytes saved").arg(index).arg(jpeg.size()));
        if (!writeToStdout(path.toLocal8Bit() + '\n'))
            return;
    }

    if (m_options.count != 0 && m_framesSaved >= m_options.count)
        finish(GrabExitCode::Success);
}

void GrabSession::onFailed(CameraSource::Failure failure, const QString &message)
{
    finish(exitCodeFor(failure), oneLine(message));
}

void GrabSession::onStateChanged(CameraSource::State state, const QString &statusText)
{
    // Idle follows our own stop(); Backoff repeats the failure that finish() reports.
    if (!m_options.verbose || m_finished || state == CameraSource::State::Idle
        || state == CameraSource::State::Backoff)
        return;
    printLine(oneLine(statusText));
}

void GrabSession::onFingerprint(const QString &fingerprint)
{
    if (m_options.verbose)
        printLine(tr("%1 certificate SHA-256 fingerprint: %2").arg(endpointLabel(), fingerprint));
}

bool GrabSession::writeToStdout(const QByteArray &bytes)
{
    errno = 0;
    const auto size = std::size_t(bytes.size());
    if (std::fwrite(bytes.constData(), 1, size, m_out) == size && std::fflush(m_out) == 0)
        return true;
    const int error = errno;
    std::clearerr(m_out);
    if (error == EPIPE) {
        // The reader is gone (| head): it has all it wanted, which is success. SIGPIPE is ignored
        // by main(), so this is where a closed pipe shows up.
        finish(GrabExitCode::Success);
    } else {
        finish(GrabExitCode::OutputError,
               tr("cannot write to standard output: %1").arg(qt_error_string(error)));
    }
    return false;
}

void GrabSession::finish(GrabExitCode code, const QString &message)
{
    if (m_finished)
        return;
    m_finished = true;
    m_connection->stop();
    if (!message.isEmpty())
        printLine(message);
    if (m_options.verbose)
        printLine(tr("%1 frame(s) saved in %2 s")
                      .arg(m_framesSaved)
                      .arg(double(m_clock.isValid() ? m_clock.elapsed() : 0) / 1000.0, 0, 'f', 1));
    emit finished(int(code));
}

void GrabSession::printLine(const QString &line)
{
    const QByteArray bytes
        = (QCoreApplication::applicationName() + QLatin1String(": ") + line + QLatin1Char('\n'))
              .toLocal8Bit();
    std::fwrite(bytes.constData(), 1, std::size_t(bytes.size()), m_err);
    std::fflush(m_err);
}

QString GrabSession::endpointLabel() const
{
    const CameraEndpoint &endpoint = m_options.endpoint;
    const QString port = QString::number(endpoint.port);
    return endpoint.host.contains(QLatin1Char(':'))
        ? QStringLiteral("[%1]:%2").arg(endpoint.host, port)
        : QStringLiteral("%1:%2").arg(endpoint.host, port);
}
