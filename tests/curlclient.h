// curl as the tests' HTTP client: a real client, run to its end while this thread's event loop
// keeps turning (the server under test and its feeds live on it), its answer split into status,
// headers and body.
#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QProcess>
#include <QStringList>

#include <functional>

namespace CurlClient {

struct HttpResult
{
    int exitCode = -1;
    int status = 0;
    QByteArray headers; // as curl -i prints them
    QByteArray body;

    QByteArray header(const QByteArray &name) const
    {
        for (const QByteArray &line : headers.split('\n')) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0 && line.first(colon).trimmed().toLower() == name.toLower())
                return line.sliced(colon + 1).trimmed();
        }
        return {};
    }
};

// --path-as-is: the target goes out exactly as written ("..", "%2e%2e"), as an attacker's client
// would send it. `whileRunning` is called between turns of the event loop.
inline HttpResult run(const QStringList &arguments, int maxSeconds = 20,
                      const std::function<void()> &whileRunning = {})
{
    QProcess process;
    process.start(QStringLiteral("curl"),
                  QStringList{QStringLiteral("-sS"), QStringLiteral("-i"),
                              QStringLiteral("--path-as-is"), QStringLiteral("--max-time"),
                              QString::number(maxSeconds)}
                      + arguments);
    const QDeadlineTimer deadline((maxSeconds + 30) * 1000);
    while (process.state() != QProcess::NotRunning && !deadline.hasExpired()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        process.waitForFinished(20);
        if (whileRunning)
            whileRunning();
    }
    if (process.state() != QProcess::NotRunning) {
        process.kill();
        process.waitForFinished();
    }
    HttpResult result;
    result.exitCode = process.exitCode();
    const QByteArray out = process.readAllStandardOutput();
    const qsizetype end = out.indexOf("\r\n\r\n");
    if (end >= 0) {
        result.headers = out.first(end);
        result.body = out.sliced(end + 4);
        result.status = result.headers.split(' ').value(1).toInt();
    }
    return result;
}

} // namespace CurlClient
