// Timelapse encodes, back to back, through the app's own code path, as the load beside the wall.
#pragma once

#include <QObject>
#include <QSize>
#include <QString>
#include <QStringList>

#include <memory>

class QTemporaryDir;
class TimelapseRecorder;

// Each encode is a real TimelapseRecorder picking up a finished capture with resume(): a work
// folder of `frameCount` JPEGs and a state.json in the "encoding" phase, exactly what a print that
// ended leaves behind. resume() queues the encode on RecordWorkers' pool, at the priority and on
// the thread the app uses; the MP4, its thumbnail and the budget run as in the app.
//
// The frames are rendered once (FrameRenderer, the simulator's printer scene, JPEG quality 90, as
// bench_record does) into `framesFolder` and reused by later runs; each encode's work folder holds
// hard links to them, made before the measuring starts, so nothing is copied while it runs. The
// next encode is queued when one finishes (one at a time, as on the app's one worker thread), so
// the encoder is busy from start() to stop().
class TimelapseEncodeLoad final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimelapseEncodeLoad)

public:
    static constexpr int kFrameCount = 300;
    static constexpr int kJpegQuality = 90;

    TimelapseEncodeLoad(const QString &framesFolder, QObject *parent = nullptr);
    ~TimelapseEncodeLoad() override;

    // Renders the frames if `framesFolder` does not hold them yet, and prepares `encodes` work
    // folders. Call before anything is measured (rendering 300 frames takes seconds).
    bool prepare(int encodes, QString *errorMessage);

    // Queues the first encode; each one that ends queues the next, until stop() or the prepared
    // folders run out (then ranDry() is true).
    void start();
    // No further encode is queued; waits (without an event loop) for the one under way.
    void stop();

    int started() const { return m_started; }
    int finished() const { return m_finished; }
    bool ranDry() const { return m_ranDry; }
    bool isEncoding() const { return m_encoding; }
    QStringList errors() const { return m_errors; }

signals:
    // An encode made progress: it is running on the worker thread.
    void progressed();

private:
    bool renderFrames(QString *errorMessage);
    void startNext();

    QString m_framesFolder;
    std::unique_ptr<QTemporaryDir> m_library; // the recordings folder the encodes write to
    QStringList m_printerFolders; // one per prepared encode, in order
    TimelapseRecorder *m_current = nullptr; // child
    int m_started = 0;
    int m_finished = 0;
    bool m_running = false;
    bool m_encoding = false;
    bool m_ranDry = false;
    QStringList m_errors;
};
