// Recording on demand: one printer's camera into segments of N minutes, as it came.
#pragma once

#include "frames/cameraframe.h"
#include "record/diskqueue.h"
#include "record/recordinglibrary.h"

#include <QMutex>
#include <QObject>
#include <QString>

#include <memory>

class EncodedVideoWriter;
class Printer;

// Nothing is decoded or encoded: RTSPS H.264 access units are remuxed, port-6000 JPEGs are kept
// as they came as MJPEG; both in Matroska (recording_<start>.mkv). Why MJPEG rather than H.264
// for JPEG cameras (docs/PERFORMANCE.md, bench_record): keeping a JPEG costs an append (~0.1 ms
// of CPU per frame), encoding it to H.264 costs a JPEG decode and an x264 encode (~13 ms per
// 1280x720 frame); at the 1-2 fps of these cameras the disk it takes (~0.4 GB an hour) is the
// smaller price, and the picture is the camera's own, not a second generation.
//
// A segment starts at the first frame (for H.264 the first key frame) and a new one at the first
// key frame after segmentSeconds() of camera time (every JPEG is a key frame), so each segment
// plays on its own. Each is finished properly (trailer, rename from .partial) at a cut, at
// stop() and at destruction. Every segment start, and every kSpaceCheckSeconds, the library's
// free-space minimum is checked: below it, recording stops with failed(message) and the segment
// so far is finished. A write error stops it too; earlier segments are never touched. On-demand
// recordings are never deleted by the library's budget.
//
// The GUI thread only decides (cuts, space checks) and hands each frame to a DiskQueue; the file
// is named, written and finished on the queue's thread, so a slow disk never freezes the window.
// A disk that falls DiskQueue::maxQueuedBytes() behind stops the recording with failed(), the
// segment so far finished. segmentFinished() and a write error's failed() come a moment after the
// frame or stop() that caused them.
class SegmentRecorder final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SegmentRecorder)

public:
    static constexpr int kDefaultSegmentSeconds = 10 * 60;
    static constexpr int kSpaceCheckSeconds = 30;

    SegmentRecorder(const RecordingLibrary &library, const QString &printerFolder,
                    QObject *parent = nullptr);
    ~SegmentRecorder() override;

    // Takes the printer's frames.
    void attach(Printer *printer);
    // For tests: the free-space figure and the folder as a RecordingLibrary sees them.
    void setLibrary(const RecordingLibrary &library) { m_library = library; }

    void setSegmentSeconds(int seconds) { m_segmentSeconds = qMax(1, seconds); }
    int segmentSeconds() const { return m_segmentSeconds; }

    // False (and failed(message)) when the folder cannot be written or space is short.
    bool start();
    void stop();
    bool isRecording() const { return m_recording; }
    // The segment being written (its final name), empty between segments and until the disk
    // thread has named it.
    QString currentPath() const;
    // Blocks until every frame handed over so far is written (tests; destruction waits anyway).
    void waitForWrites() { m_disk.waitForDone(); }

public slots:
    void onFrame(const CameraFrame &frame);

signals:
    void recordingChanged(bool recording);
    void segmentFinished(const QString &path);
    void failed(const QString &message);

private:
    // One segment file, used only by tasks on m_disk once created.
    struct Segment
    {
        std::unique_ptr<EncodedVideoWriter> writer;
        bool failed = false; // a write failed: the rest of its frames go nowhere
    };

    bool openSegment(const CameraFrame &first);
    void finishSegment();
    void stopWithError(const QString &message);
    void setCurrentPath(const QString &path); // any thread

    RecordingLibrary m_library;
    QString m_printerFolder;
    int m_segmentSeconds = kDefaultSegmentSeconds;
    bool m_recording = false;
    std::shared_ptr<Segment> m_segment; // the open one; null between segments
    qint64 m_segmentStartNs = 0;
    qint64 m_lastSpaceCheckNs = 0;
    mutable QMutex m_pathMutex;
    QString m_currentPath;
    // Last member: destroyed first, so its destructor waits for the tasks that use the rest.
    DiskQueue m_disk;
};
