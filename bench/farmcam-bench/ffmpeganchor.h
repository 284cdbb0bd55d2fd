// The anchor of the RTSPS scenarios: what users of other tools run per camera today.
#pragma once

#include "simprocess.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>

#include <vector>

class QProcess;

// go2rtc, Bambuddy and bambu-farm set-ups turn each X1-class camera into MJPEG with one
//   ffmpeg -rtsp_transport tcp -i rtsps://bblp:<code>@<printer>:322/streaming/live/1 -f mjpeg -
// process per printer. This runs that command (its output thrown away in /dev/null, its progress
// read from a pipe to count the pictures it made) against each of the simulator's printers and
// measures the processes' CPU from /proc, summed, over the same time as the app's run.
//
// The URL carries the access code, so it never leaves this class: the reported command shows
// `<code>`, and what ffmpeg writes to standard error is kept only with the code replaced.
class FfmpegAnchor final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FfmpegAnchor)

public:
    explicit FfmpegAnchor(const QString &program, QObject *parent = nullptr);
    // Ends every process that still runs.
    ~FfmpegAnchor() override;

    // Starts one ffmpeg per endpoint, waits (at most 30 s) until each has made a picture and 2 s
    // more, then measures for `durationSeconds` (the event loop runs meanwhile) and ends them.
    // `simPid`: the simulator, whose CPU is reported beside. On failure an object with "error".
    QJsonObject run(const QList<SimProcess::Endpoint> &endpoints, int durationSeconds,
                    qint64 simPid);

    // The command for one printer, as documents show it (the code as `<code>`).
    static QString commandForDisplay();

private:
    struct Client
    {
        QProcess *process = nullptr; // child
        quint64 frames = 0; // pictures made so far, from `-progress`
        QByteArray lineBuffer;
        QByteArray errorTail; // the last of standard error, code already replaced
    };

    QStringList arguments(const SimProcess::Endpoint &endpoint) const;
    void readProgress(Client *client);
    void readErrors(Client *client);
    QString describeFailure(const Client &client) const;
    void stopAll();

    QString m_program;
    std::vector<Client> m_clients;
};
