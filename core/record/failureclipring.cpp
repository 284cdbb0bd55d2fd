#include "failureclipring.h"

#include "frames/framehub.h"
#include "frames/h264decoder.h"
#include "model/printer.h"
#include "record/encodedvideowriter.h"
#include "record/picturevideowriter.h"
#include "record/recorderror.h"
#include "record/recordworkers.h"
#include "record/ringchunkformat.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QPointer>
#include <QSaveFile>
#include <QThreadPool>
#include <QTimer>

#include <cerrno>

Q_LOGGING_CATEGORY(lcFailureClip, "farmcam.failureclip")

namespace {

constexpr qint64 kNsPerSecond = 1000000000;

struct ClipResult
{
    bool ok = false;
    QString video;
    QString snapshot;
    QString error;
};

// The picture of the moment: the newest H.264 frame at or before it, decoded from its key frame.
QByteArray h264Snapshot(const QList<CameraFrame> &group)
{
    H264Decoder decoder;
    for (const CameraFrame &frame : group)
        decoder.decode(frame.encoded());
    const QImage picture = decoder.picture();
    if (picture.isNull())
        return {};
    return CameraFrame::fromPicture(picture, {}, 0).toJpeg(90);
}

ClipResult makeClip(const RecordingLibrary &library, const QString &printerFolder,
                    const QString &work, const QDateTime &failureAt, qint64 failureNs,
                    qint64 windowStartNs)
{
    ClipResult result;
    if (const QString problem = library.spaceProblem(printerFolder); !problem.isEmpty()) {
        result.error = problem;
        return result;
    }
    result.video = library.newVideoPath(printerFolder, RecordingLibrary::Kind::FailureClip,
                                        failureAt, {}, QStringLiteral(".mp4"));
    result.snapshot = RecordingLibrary::thumbnailPathFor(result.video);
    EncodedVideoWriter remux(result.video, EncodedVideoWriter::Container::Mp4);
    PictureVideoWriter::Options options;
    options.clock = PictureVideoWriter::Clock::Timestamps;
    options.holdLastMs = 0;
    PictureVideoWriter encoder(result.video, options);
    qint64 firstNs = -1;
    QByteArray snapshot;
    QList<CameraFrame> groupUntilFailure; // H.264: the key frame and the frames after it
    bool h264 = false;
    const QStringList chunks
        = QDir(work).entryList({QStringLiteral("chunk-*.ring")}, QDir::Files, QDir::Name);
    for (const QString &name : chunks) {
        QFile file(work + QLatin1Char('/') + name);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const RingChunkFormat::Parsed parsed = RingChunkFormat::parse(file.readAll());
        if (!parsed.complete)
            qCWarning(lcFailureClip) << "a ring chunk ends early:" << name;
        // A whole chunk before the window is skipped; chunks start with a key frame, so what is
        // kept always starts with one.
        if (parsed.frames.isEmpty()
            || (firstNs < 0 && !parsed.frames.isEmpty()
                && parsed.frames.last().receivedNs() < windowStartNs))
            continue;
        for (const CameraFrame &frame : parsed.frames) {
            if (firstNs < 0)
                firstNs = frame.receivedNs();
            if (frame.codec() == CameraFrame::Codec::H264) {
                h264 = true;
                if (!remux.addFrame(frame)) {
                    result.error = remux.errorString();
                    return result;
                }
                if (frame.receivedNs() <= failureNs) {
                    if (frame.isKeyFrame())
                        groupUntilFailure.clear();
                    groupUntilFailure.append(frame);
                }
                continue;
            }
            const QImage picture = QImage::fromData(frame.encoded(), "JPEG");
            if (picture.isNull())
                continue; // a corrupt JPEG from the camera: the clip goes on without it
            if (!encoder.isOpen() && !encoder.open(picture.size())) {
                result.error = encoder.errorString();
                return result;
            }
            if (!encoder.addPicture(picture, (frame.receivedNs() - firstNs) / 1000000)) {
                result.error = encoder.errorString();
                return result;
            }
            if (frame.receivedNs() <= failureNs || snapshot.isEmpty())
                snapshot = frame.encoded();
        }
    }
    const bool finished = h264 ? remux.finish() : encoder.finish();
    if (!finished) {
        result.error = h264 ? remux.errorString() : encoder.errorString();
        return result;
    }
    if (h264)
        snapshot = h264Snapshot(groupUntilFailure);
    QSaveFile file(result.snapshot);
    if (snapshot.isEmpty() || !file.open(QIODevice::WriteOnly) || file.write(snapshot) < 0
        || !file.commit())
        result.snapshot.clear(); // the clip matters more than its snapshot
    QDir(work).removeRecursively();
    result.ok = true;
    return result;
}

} // namespace

FailureClipRing::FailureClipRing(const RecordingLibrary &library, const QString &printerFolder,
                                 QObject *parent)
    : QObject(parent)
    , m_library(library)
    , m_printerFolder(printerFolder)
    , m_ringFolder(library.workPath(printerFolder, QStringLiteral("ring")))
    , m_afterTimer(new QTimer(this))
{
    QDir(m_ringFolder).removeRecursively();
    m_afterTimer->setSingleShot(true);
    connect(m_afterTimer, &QTimer::timeout, this, &FailureClipRing::cutClip);
}

FailureClipRing::~FailureClipRing()
{
    closeChunk(); // m_disk, destroyed first, waits for it
}

void FailureClipRing::attach(Printer *printer)
{
    connect(printer, &Printer::printStatusChanged, this, &FailureClipRing::onStatus);
    connect(printer->frames(), &FrameHub::frameArrived, this, &FailureClipRing::onFrame);
}

void FailureClipRing::setEnabled(bool enabled)
{
    m_enabled = enabled;
    if (!enabled && !m_collecting) {
        closeChunk();
        m_chunks.clear();
        m_disk.post([folder = m_ringFolder] { QDir(folder).removeRecursively(); });
    }
}

qint64 FailureClipRing::ringBytes() const
{
    qint64 total = 0;
    for (const Chunk &chunk : m_chunks)
        total += chunk.bytes;
    return total;
}

void FailureClipRing::closeChunk()
{
    if (!m_chunkOpen)
        return;
    m_chunkOpen = false;
    m_disk.post([file = m_chunkFile] { file->file.close(); });
}

void FailureClipRing::onWriteFailed(const QString &message)
{
    // Frames handed over after the failing one went nowhere: the next key frame starts a chunk.
    m_chunkOpen = false;
    emit clipFailed(message);
}

bool FailureClipRing::startChunk(qint64 frameNs)
{
    closeChunk();
    if (m_chunks.isEmpty() && !QDir().mkpath(m_ringFolder)) {
        if (!m_writeFailed)
            emit clipFailed(RecordError::folderNotWritable(m_ringFolder));
        m_writeFailed = true;
        return false;
    }
    Chunk chunk;
    chunk.path = m_ringFolder
        + QStringLiteral("/chunk-%1.ring").arg(++m_chunkSerial, 8, 10, QLatin1Char('0'));
    chunk.firstNs = frameNs;
    chunk.lastNs = frameNs;
    chunk.bytes = RingChunkFormat::kHeader.size();
    m_chunks.append(chunk);
    m_chunkOpen = true;
    m_disk.post([this, file = m_chunkFile, path = chunk.path] {
        file->file.setFileName(path);
        if (file->file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Unbuffered)
            && file->file.write(RingChunkFormat::kHeader.data(), RingChunkFormat::kHeader.size())
                == RingChunkFormat::kHeader.size())
            return;
        const QString message = RecordError::fromFile(file->file.errorString(), path, errno);
        file->file.close();
        if (!file->failing.exchange(true))
            QMetaObject::invokeMethod(this, [this, message] { onWriteFailed(message); });
    });
    return true;
}

void FailureClipRing::onFrame(const CameraFrame &frame)
{
    if (!m_enabled)
        return;
    // Only what the camera encoded goes in; a picture-only frame (the in-process loopback
    // camera) is encoded once, which only the demo pays for.
    CameraFrame kept = frame;
    if (frame.encoded().isEmpty()) {
        if (frame.picture().isNull())
            return;
        kept = CameraFrame::fromJpeg(frame.toJpeg(80), frame.receivedAt(), frame.receivedNs());
    }
    const QByteArray header = RingChunkFormat::recordHeader(kept);
    if (header.isEmpty())
        return;
    const qint64 ns = kept.receivedNs();
    const bool key = kept.isKeyFrame() || kept.codec() == CameraFrame::Codec::Jpeg;
    const bool chunkFull = !m_chunks.isEmpty()
        && (ns - m_chunks.last().firstNs >= qint64(m_chunkSeconds) * kNsPerSecond
            || m_chunks.last().bytes >= m_maxBytes / 4);
    if (!m_chunkOpen || chunkFull) {
        if (!key) {
            if (!m_chunkOpen)
                return; // H.264 waits for a key frame; a chunk starts with one
        } else if (!startChunk(ns)) {
            return;
        }
    }
    const QByteArray body = kept.encoded();
    const qint64 bytes = header.size() + body.size();
    const bool queued = m_disk.post(bytes, [this, file = m_chunkFile, header, body] {
        if (!file->file.isOpen())
            return; // its chunk failed to open or write: said once already
        if (file->file.write(header) == header.size() && file->file.write(body) == body.size()) {
            file->failing = false;
            return;
        }
        const QString message
            = RecordError::fromFile(file->file.errorString(), file->file.fileName(), errno);
        file->file.close();
        if (!file->failing.exchange(true))
            QMetaObject::invokeMethod(this, [this, message] { onWriteFailed(message); });
    });
    if (!queued) {
        // The disk has not taken the last DiskQueue::maxQueuedBytes(): drop frames rather than
        // memory or the window's time, and go on from the next key frame once it catches up.
        if (!m_writeFailed)
            emit clipFailed(tr("The disk is too slow for the camera: frames of the last minutes "
                               "are missing (%1).")
                                .arg(QDir::toNativeSeparators(m_ringFolder)));
        m_writeFailed = true;
        closeChunk();
        return;
    }
    m_writeFailed = false;
    Chunk &chunk = m_chunks.last();
    chunk.lastNs = ns;
    chunk.bytes += bytes;
    m_lastFrameNs = ns;
    dropOldChunks(ns);
    if (m_collecting && ns >= m_failureNs + qint64(m_afterSeconds) * kNsPerSecond)
        cutClip();
}

void FailureClipRing::dropOldChunks(qint64 nowNs)
{
    if (m_collecting)
        return; // everything since the window's start belongs to the clip
    const qint64 windowStart = nowNs - qint64(m_windowSeconds) * kNsPerSecond;
    while (m_chunks.size() > 1
           && (m_chunks.at(1).firstNs <= windowStart || ringBytes() > m_maxBytes)) {
        m_disk.post([path = m_chunks.first().path] { QFile::remove(path); });
        m_chunks.removeFirst();
    }
}

void FailureClipRing::onStatus(const PrintStatus &status)
{
    const PrintAlerts::Observation now = PrintAlerts::observe(status, true, true);
    const QList<PrintAlerts::Kind> alerts = PrintAlerts::alertsFor(m_lastObservation, now);
    m_lastObservation = now;
    if (!m_enabled)
        return;
    for (const PrintAlerts::Kind kind : alerts) {
        if (kind == PrintAlerts::Kind::PrintFailed
            || kind == PrintAlerts::Kind::PrintPausedForError) {
            saveClip(PrintAlerts::kindName(kind));
            return;
        }
    }
}

void FailureClipRing::saveClip(const QString &reason)
{
    if (m_collecting)
        return;
    m_collecting = true;
    m_reason = reason;
    m_failureAt = QDateTime::currentDateTime();
    m_failureNs = m_lastFrameNs != 0 ? m_lastFrameNs : CameraFrame::steadyNowNs();
    emit clipStarted(reason);
    // If the camera stops, the clip still ends: the after part in wall time, and some slack.
    m_afterTimer->start(std::chrono::seconds(m_afterSeconds + 5));
    if (m_afterSeconds == 0)
        cutClip();
}

void FailureClipRing::cutClip()
{
    if (!m_collecting)
        return;
    m_collecting = false;
    m_afterTimer->stop();
    closeChunk();
    const QString work = m_library.workPath(
        m_printerFolder,
        QStringLiteral("clip-") + m_failureAt.toString(QStringLiteral("yyyyMMdd-HHmmss-zzz")));
    if (!QDir().mkpath(work)) {
        emit clipFailed(RecordError::folderNotWritable(work));
        return;
    }
    QStringList chunkPaths;
    for (const Chunk &chunk : std::as_const(m_chunks))
        chunkPaths.append(chunk.path);
    m_chunks.clear();

    ++m_encoding;
    QPointer<FailureClipRing> self(this);
    const RecordingLibrary library = m_library;
    const QString printerFolder = m_printerFolder;
    const QDateTime failureAt = m_failureAt;
    const qint64 failureNs = m_failureNs;
    const qint64 windowStartNs = m_failureNs - qint64(m_windowSeconds) * kNsPerSecond;
    const auto encode = [=] {
        const ClipResult result
            = makeClip(library, printerFolder, work, failureAt, failureNs, windowStartNs);
        if (result.ok) {
            RecordingLibrary budget = library;
            budget.enforceBudget();
        } else {
            QDir(work).removeRecursively();
        }
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, result] {
                if (!self)
                    return;
                --self->m_encoding;
                if (result.ok)
                    emit self->clipReady(result.video, result.snapshot);
                else
                    emit self->clipFailed(result.error);
            },
            Qt::QueuedConnection);
    };
    // After the frames handed over before the cut are written and their chunks closed.
    m_disk.post([chunkPaths, work, encode] {
        for (const QString &path : chunkPaths)
            QFile::rename(path, work + QLatin1Char('/') + QFileInfo(path).fileName());
        RecordWorkers::startEncode(encode);
    });
}
