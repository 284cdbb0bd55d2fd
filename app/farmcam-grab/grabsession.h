// One farmcam-grab run: connect, save N frames (files or standard output), report, finish.
#pragma once

#include "camera/camerasource.h"
#include "graboptions.h"

#include <QElapsedTimer>
#include <QObject>

#include <cstdio>
#include <memory>

class H264Decoder;

class QByteArray;
class QDateTime;

// A JPEG camera's frames are saved as the printer sent them (nothing is decoded); an RTSPS
// camera's H.264 is decoded in order and each picture saved as a JPEG at quality 95. Either goes
// through SnapshotWriter, or to standard output. Does not retry: the
// connection's first failure ends the run with the matching GrabExitCode and one line on stderr.
class GrabSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GrabSession)

public:
    // `out` and `err` are the standard streams; the files stay open and owned by the caller.
    explicit GrabSession(const GrabOptions &options, QObject *parent = nullptr,
                         std::FILE *out = stdout, std::FILE *err = stderr);
    ~GrabSession() override;

    void start();
    // SIGINT/SIGTERM: end after the frame being written, if any (slots run between frames).
    void interrupt();

    quint64 framesSaved() const { return m_framesSaved; }
    static GrabExitCode exitCodeFor(CameraSource::Failure failure);
    bool isFinished() const { return m_finished; }

signals:
    // Emitted once; the value is a GrabExitCode. May be emitted from within start().
    void finished(int exitCode);

private:
    void onCameraFrame(const CameraFrame &frame);
    void onFrame(const QByteArray &jpeg, const QDateTime &receivedAt);
    void onFailed(CameraSource::Failure failure, const QString &message);
    void onStateChanged(CameraSource::State state, const QString &statusText);
    void onFingerprint(const QString &fingerprint);
    bool writeToStdout(const QByteArray &bytes);
    void finish(GrabExitCode code, const QString &message = {});
    void printLine(const QString &line); // "farmcam-grab: <line>" on stderr
    QString endpointLabel() const;

    GrabOptions m_options;
    CameraSource *m_connection; // child
    std::unique_ptr<H264Decoder> m_decoder; // RTSPS only
    QElapsedTimer m_sincePicture; // H.264 frames that decode to nothing end the run in time
    std::FILE *m_out;
    std::FILE *m_err;
    quint64 m_framesSaved = 0;
    bool m_finished = false;
    QElapsedTimer m_clock;
};
