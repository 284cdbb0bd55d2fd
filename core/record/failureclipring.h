// The last few minutes of one printer's camera, on disk, and the clip made from them when a print
// fails or pauses for an error.
#pragma once

#include "frames/cameraframe.h"
#include "record/diskqueue.h"
#include "record/recordinglibrary.h"
#include "status/printalerts.h"

#include <QDateTime>
#include <QFile>
#include <QList>
#include <QObject>

#include <atomic>
#include <memory>

class Printer;
class QTimer;

// The ring: frames as they came (a JPEG camera's own bytes, or H.264 access units from a key
// frame on; never decoded) appended to chunk files in RecordingLibrary::workPath(printer,
// "ring"), RingChunkFormat. A chunk starts with a key frame (every JPEG is one) and a new chunk
// starts at the first key frame after chunkSeconds(), so chunks can be dropped or cut whole.
// Oldest chunks go as soon as the next one alone covers the window, and whenever the ring
// exceeds maxBytes(): on disk there is at most windowSeconds() + chunkSeconds() of video, and
// never more than maxBytes() plus one chunk.
//
// The clip: when a print fails, or pauses for an error (PrintAlerts: PrintFailed,
// PrintPausedForError), the ring goes on for afterSeconds() more of camera time (or of wall time,
// if the camera stops: a timer), then its chunks move to a work folder of their own
// ("clip-<time>"), the ring starts afresh, and on the shared encode worker (RecordWorkers, low
// priority) they become failure_<time>.mp4: H.264 remuxed (EncodedVideoWriter), JPEGs decoded
// and encoded to H.264 in real time (PictureVideoWriter, Timestamps). Beside it,
// failure_<time>.jpg: the last frame up to the moment of the failure (the camera's JPEG, or the
// H.264 picture decoded from its key frame). One clip at a time; a failure while one is being
// collected is part of that clip.
//
// Per frame on the GUI thread: a record header and a hand-off to the ring's DiskQueue, which
// appends it to the open chunk on a thread of its own, no decoding (docs/PERFORMANCE.md). A disk
// too slow for the camera loses frames with one clipFailed(), never the window's responsiveness.
// The ring from an earlier run is removed at construction: its camera times cannot be joined
// to this run's.
class FailureClipRing final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FailureClipRing)

public:
    static constexpr int kDefaultWindowSeconds = 180;
    static constexpr int kDefaultAfterSeconds = 30;
    static constexpr int kDefaultChunkSeconds = 10;
    // 3 minutes of a 1280x720 port-6000 camera at its usual 1-2 fps is ~20-45 MB; this only
    // stops a camera gone wild (30 fps of 200 KB JPEGs).
    static constexpr qint64 kDefaultMaxBytes = 512LL * 1024 * 1024;

    FailureClipRing(const RecordingLibrary &library, const QString &printerFolder,
                    QObject *parent = nullptr);
    ~FailureClipRing() override;

    // Follows the printer's status (for failures) and frames.
    void attach(Printer *printer);

    void setEnabled(bool enabled);
    bool isEnabled() const { return m_enabled; }
    void setWindowSeconds(int seconds) { m_windowSeconds = qMax(1, seconds); }
    int windowSeconds() const { return m_windowSeconds; }
    void setAfterSeconds(int seconds) { m_afterSeconds = qMax(0, seconds); }
    int afterSeconds() const { return m_afterSeconds; }
    void setChunkSeconds(int seconds) { m_chunkSeconds = qMax(1, seconds); }
    int chunkSeconds() const { return m_chunkSeconds; }
    void setMaxBytes(qint64 bytes) { m_maxBytes = bytes; }
    qint64 maxBytes() const { return m_maxBytes; }

    QString ringFolder() const { return m_ringFolder; }
    int chunkCount() const { return static_cast<int>(m_chunks.size()); }
    qint64 ringBytes() const;
    // A failure was seen and its clip is being collected (the after part) or encoded.
    bool isClipPending() const { return m_collecting || m_encoding > 0; }

    // Starts a clip now, as a failure would (the UI's "save the last minutes" could use it).
    void saveClip(const QString &reason);
    // Blocks until every frame handed over so far is on disk (tests; destruction waits anyway).
    void waitForWrites() { m_disk.waitForDone(); }

public slots:
    void onFrame(const CameraFrame &frame);
    void onStatus(const PrintStatus &status);

signals:
    // A failure was seen: the clip is being collected.
    void clipStarted(const QString &reason);
    void clipReady(const QString &videoPath, const QString &snapshotPath);
    void clipFailed(const QString &message);

private:
    struct Chunk
    {
        QString path;
        qint64 firstNs = 0;
        qint64 lastNs = 0;
        qint64 bytes = 0;
    };

    // What the disk thread works on; it outlives no task that uses it.
    struct ChunkFile
    {
        QFile file;
        std::atomic<bool> failing{false}; // a write failed; said once until one succeeds
    };

    bool startChunk(qint64 frameNs);
    void dropOldChunks(qint64 nowNs);
    void cutClip();
    void closeChunk();
    void onWriteFailed(const QString &message); // on the GUI thread, posted by the disk thread

    RecordingLibrary m_library;
    QString m_printerFolder;
    QString m_ringFolder;
    bool m_enabled = true;
    int m_windowSeconds = kDefaultWindowSeconds;
    int m_afterSeconds = kDefaultAfterSeconds;
    int m_chunkSeconds = kDefaultChunkSeconds;
    qint64 m_maxBytes = kDefaultMaxBytes;

    QList<Chunk> m_chunks; // oldest first; the last one is open in m_chunkFile while m_chunkOpen
    std::shared_ptr<ChunkFile> m_chunkFile = std::make_shared<ChunkFile>(); // only on m_disk
    bool m_chunkOpen = false;
    quint64 m_chunkSerial = 0;
    bool m_writeFailed = false;
    qint64 m_lastFrameNs = 0;

    PrintAlerts::Observation m_lastObservation;
    bool m_collecting = false;
    qint64 m_failureNs = 0;
    QDateTime m_failureAt;
    QString m_reason;
    QTimer *m_afterTimer; // child: ends the clip if the camera stops sending
    int m_encoding = 0;
    // Last member: destroyed first, so its destructor waits for the tasks that use the rest.
    DiskQueue m_disk;
};
