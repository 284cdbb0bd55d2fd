// Small helpers the socket tests share: a closed loopback port, a loopback endpoint, short
// timeouts.
#pragma once

#include "camera/jpegstream/jpegstreamcamera.h"
#include "sim/loopbackbroker.h"

#include <QHostAddress>
#include <QMutex>
#include <QStringList>
#include <QTcpServer>

#include <chrono>

namespace TestSupport {

inline const QString kAccessCode = QStringLiteral("12345678");

// A port on 127.0.0.1 that nobody listens on (taken from the system, then released).
inline quint16 closedLoopbackPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

inline CameraEndpoint loopbackEndpoint(quint16 port, const QString &code = kAccessCode)
{
    CameraEndpoint endpoint;
    endpoint.host = QStringLiteral("127.0.0.1");
    endpoint.port = port;
    endpoint.accessCode = code;
    return endpoint;
}

// Short enough that failure paths finish in a second or so, generous enough for a loaded machine
// (and for ASan). A rejected code keeps its long backoff: tests check that it does not hammer.
inline CameraSource::Timeouts fastTimeouts(std::chrono::milliseconds watchdog
                                           = std::chrono::milliseconds(1500))
{
    using namespace std::chrono_literals;
    CameraSource::Timeouts timeouts;
    timeouts.connect = 5000ms;
    timeouts.firstFrame = 5000ms;
    timeouts.watchdog = watchdog;
    timeouts.backoffInitial = 100ms;
    timeouts.backoffMaximum = 400ms;
    return timeouts;
}

// Records every log message while it lives (from any thread), still passing each one on, so that
// a test can prove what never reaches the log. The previous handler is back even when a check
// fails.
class LogCapture
{
public:
    LogCapture()
    {
        QMutexLocker locker(&mutex());
        storage().clear();
        previous() = qInstallMessageHandler(&LogCapture::handle);
    }
    ~LogCapture() { qInstallMessageHandler(previous()); }
    Q_DISABLE_COPY_MOVE(LogCapture)

    static QStringList messages()
    {
        QMutexLocker locker(&mutex());
        return storage();
    }

private:
    static void handle(QtMsgType type, const QMessageLogContext &context, const QString &message)
    {
        {
            QMutexLocker locker(&mutex());
            storage().append(message);
        }
        if (previous())
            previous()(type, context, message);
    }
    static QMutex &mutex()
    {
        static QMutex instance;
        return instance;
    }
    static QStringList &storage()
    {
        static QStringList instance;
        return instance;
    }
    static QtMessageHandler &previous()
    {
        static QtMessageHandler instance = nullptr;
        return instance;
    }
};

} // namespace TestSupport

// For tests that need the real mosquitto broker: skipped where it is not installed, but failed
// when FARMCAM_REQUIRE_BROKER is set (.ci/run sets it: CI installs mosquitto, and a test that
// silently skipped there would prove nothing).
#define FARMCAM_REQUIRE_LOOPBACK_BROKER()                                                          \
    do {                                                                                           \
        if (!LoopbackBroker::isAvailable()) {                                                      \
            if (qEnvironmentVariableIsSet("FARMCAM_REQUIRE_BROKER"))                               \
                QFAIL("mosquitto is not installed, and FARMCAM_REQUIRE_BROKER says it must be");   \
            QSKIP("mosquitto is not installed (Debian: apt install mosquitto)");                   \
        }                                                                                          \
    } while (false)
