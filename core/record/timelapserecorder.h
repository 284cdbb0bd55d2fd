// A timelapse of every print of one printer: a frame per layer (or every N seconds), kept on disk
// while the print runs, encoded into an MP4 in the background when it ends.
#pragma once

#include "frames/cameraframe.h"
#include "record/recordinglibrary.h"
#include "status/printstatus.h"

#include <QDateTime>
#include <QObject>
#include <QString>

#include <memory>

class FrameStore;
class Printer;
class QThreadPool;

// When: a print starts when the status goes to Preparing or Printing from anything but an active
// state, or with another job name; it ends on Finished or Failed (encoded), or when the printer
// goes Idle or starts another job (encoded with what was captured). A printer without a status
// link has no prints: the caller then uses startManual()/finishManual() with the Interval trigger.
// A timelapse started by hand is ended by hand only: no print state ends it, and no print starts
// another while it runs.
//
// What: with the Layer trigger, the newest frame each time `layer` grows (one frame however many
// layers a report skipped); with Interval, one frame every intervalSeconds() of camera time.
// A layer change before any frame takes the next frame that comes.
//
// Frames go to disk at once, never all in memory: <work>/frame-000001.jpg, ... in a work folder
// of its own (RecordingLibrary::workPath(printer, "timelapse-<start>")), each written atomically.
// A JPEG camera's frame is its own bytes; an H.264 camera's is the newest full-resolution picture
// from the printer's FrameStore (decoded on a worker thread) encoded once as JPEG at quality 90.
// Beside the frames, state.json (job, start, last layer, capturing/encoding) lets resume() carry
// on after a restart mid-print: the same job goes on in the same folder, and a timelapse whose
// encode was cut short is encoded again.
//
// The encode runs on one shared worker thread at background priority (one encode at a time
// for the whole farm; the GUI thread never waits): PictureVideoWriter, 30 fps, the last frame
// held 2 s (60 more frames), then a 320-pixel-wide thumbnail beside the MP4, then the work folder
// is removed. If the encode fails (disk full...), the frames stay for the next start.
class TimelapseRecorder final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimelapseRecorder)

public:
    enum class Trigger { Layer, Interval };
    enum class State { Idle, Capturing };

    static constexpr int kJpegQuality = 90;
    static constexpr int kThumbnailWidth = 320;
    static constexpr auto kStateFile = "state.json";

    TimelapseRecorder(const RecordingLibrary &library, const QString &printerFolder,
                      QObject *parent = nullptr);
    ~TimelapseRecorder() override;

    // Follows the printer's status and frames; H.264 pictures come from its FrameStore.
    void attach(Printer *printer);
    // For H.264 frames: where the newest full-resolution picture comes from.
    void setFrameStore(std::shared_ptr<FrameStore> store);

    void setEnabled(bool enabled) { m_enabled = enabled; }
    bool isEnabled() const { return m_enabled; }
    void setTrigger(Trigger trigger) { m_trigger = trigger; }
    Trigger trigger() const { return m_trigger; }
    void setIntervalSeconds(int seconds) { m_intervalSeconds = qMax(1, seconds); }
    int intervalSeconds() const { return m_intervalSeconds; }

    State state() const { return m_state; }
    QString jobName() const { return m_job; }
    QString workFolder() const { return m_work; }
    // Frames kept for the current timelapse (written or on their way to disk).
    int frameCount() const { return m_frames; }
    // Encodes under way or queued.
    int pendingEncodes() const { return m_pendingEncodes; }

    // At start-up (before the first status): carries on a timelapse that was capturing, and
    // encodes those whose encode did not finish. Returns how many were found.
    int resume();

    // A timelapse by hand, `label` naming it in place of a job: a frame every intervalSeconds()
    // (Interval), or per layer of the print under way (Layer), until finishManual(). Refused
    // (false) while a timelapse is capturing, or when it cannot start (failed() says why).
    bool startManual(const QString &label, Trigger trigger = Trigger::Interval);
    void finishManual();
    // The capture under way was started by hand (startManual(), also after a resume()).
    bool isManual() const { return m_manual; }
    // What the capture under way follows: trigger(), or the one startManual() was given.
    Trigger captureTrigger() const { return m_manual ? m_manualTrigger : m_trigger; }

    // Waits for the frame writes to reach the disk (tests; destruction does it too).
    void waitForWrites();

public slots:
    void onStatus(const PrintStatus &status);
    void onFrame(const CameraFrame &frame);

signals:
    void stateChanged(TimelapseRecorder::State state);
    void started(const QString &jobName);
    void frameCaptured(int count);
    // 0-100 while the MP4 of `jobName` is encoded.
    void encodingProgress(const QString &jobName, int percent);
    void finished(const QString &jobName, const QString &videoPath, const QString &thumbnailPath);
    void failed(const QString &jobName, const QString &message);

private:
    void start(const QString &job, int layer);
    void finishCapture();
    void capture(const CameraFrame &frame);
    // The status reports `layer`: a frame when it grew (Layer trigger).
    void onLayer(int layer);
    void writeState(const QString &phase);
    void encodeInBackground(const QString &work, const QString &job, const QDateTime &started,
                            bool afterWrites);
    void setState(State state);

    RecordingLibrary m_library;
    QString m_printerFolder;
    std::shared_ptr<FrameStore> m_store;
    bool m_enabled = true;
    Trigger m_trigger = Trigger::Layer;
    int m_intervalSeconds = 10;

    State m_state = State::Idle;
    bool m_manual = false;
    Trigger m_manualTrigger = Trigger::Interval;
    PrintState m_lastPrintState = PrintState::Unknown;
    QString m_job;
    QString m_lastStartedJob;
    QDateTime m_started;
    QString m_work;
    int m_frames = 0;
    int m_lastLayer = -1;
    bool m_captureNextFrame = false;
    qint64 m_lastCaptureNs = 0;
    CameraFrame m_latest;
    int m_pendingEncodes = 0;
    QThreadPool *m_io; // child: frame and state writes, in order
};
