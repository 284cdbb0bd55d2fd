#include "segmentrecorder.h"

#include "frames/framehub.h"
#include "model/printer.h"
#include "record/encodedvideowriter.h"

#include <QDateTime>
#include <QDir>

namespace {

constexpr qint64 kNsPerSecond = 1000000000;

} // namespace

SegmentRecorder::SegmentRecorder(const RecordingLibrary &library, const QString &printerFolder,
                                 QObject *parent)
    : QObject(parent)
    , m_library(library)
    , m_printerFolder(printerFolder)
{ }

SegmentRecorder::~SegmentRecorder()
{
    finishSegment(); // m_disk, destroyed first, waits for it
}

void SegmentRecorder::attach(Printer *printer)
{
    connect(printer->frames(), &FrameHub::frameArrived, this, &SegmentRecorder::onFrame);
}

QString SegmentRecorder::currentPath() const
{
    QMutexLocker locker(&m_pathMutex);
    return m_currentPath;
}

void SegmentRecorder::setCurrentPath(const QString &path)
{
    QMutexLocker locker(&m_pathMutex);
    m_currentPath = path;
}

bool SegmentRecorder::start()
{
    if (m_recording)
        return true;
    if (const QString problem = m_library.spaceProblem(m_printerFolder); !problem.isEmpty()) {
        emit failed(problem);
        return false;
    }
    m_recording = true;
    emit recordingChanged(true);
    return true;
}

void SegmentRecorder::stop()
{
    if (!m_recording)
        return;
    finishSegment();
    m_recording = false;
    emit recordingChanged(false);
}

void SegmentRecorder::stopWithError(const QString &message)
{
    stop();
    emit failed(message);
}

bool SegmentRecorder::openSegment(const CameraFrame &first)
{
    if (const QString problem = m_library.spaceProblem(m_printerFolder); !problem.isEmpty()) {
        stopWithError(problem);
        return false;
    }
    const QDateTime started
        = first.receivedAt().isValid() ? first.receivedAt() : QDateTime::currentDateTime();
    m_segment = std::make_shared<Segment>();
    m_segmentStartNs = first.receivedNs();
    m_lastSpaceCheckNs = first.receivedNs();
    // Named on the disk thread: a free name is one no earlier segment took, and those are
    // created there, in order.
    m_disk.post([this, segment = m_segment, library = m_library, folder = m_printerFolder,
                 started = started.toLocalTime()] {
        segment->writer = std::make_unique<EncodedVideoWriter>(
            library.newVideoPath(folder, RecordingLibrary::Kind::Recording, started, {},
                                 QStringLiteral(".mkv")),
            EncodedVideoWriter::Container::Matroska);
        setCurrentPath(segment->writer->path());
    });
    return true;
}

void SegmentRecorder::finishSegment()
{
    if (!m_segment)
        return;
    m_disk.post([this, segment = std::move(m_segment)] {
        setCurrentPath({});
        if (segment->failed || segment->writer->frameCount() == 0)
            return; // failed: said already; no frame (H.264 without a key frame yet): no file
        if (segment->writer->finish()) {
            QMetaObject::invokeMethod(
                this, [this, path = segment->writer->path()] { emit segmentFinished(path); });
        } else {
            QMetaObject::invokeMethod(
                this, [this, error = segment->writer->errorString()] { emit failed(error); });
        }
    });
    m_segment.reset();
}

void SegmentRecorder::onFrame(const CameraFrame &frame)
{
    if (!m_recording || frame.encoded().isEmpty())
        return;
    const bool key = frame.isKeyFrame() || frame.codec() == CameraFrame::Codec::Jpeg;
    if (m_segment && key
        && frame.receivedNs() - m_segmentStartNs >= qint64(m_segmentSeconds) * kNsPerSecond)
        finishSegment();
    if (!m_segment) {
        if (!key)
            return; // a segment starts with a key frame
        if (!openSegment(frame))
            return;
    } else if (frame.receivedNs() - m_lastSpaceCheckNs >= kSpaceCheckSeconds * kNsPerSecond) {
        m_lastSpaceCheckNs = frame.receivedNs();
        if (const QString problem = m_library.spaceProblem(m_printerFolder); !problem.isEmpty()) {
            stopWithError(problem);
            return;
        }
    }
    const bool queued = m_disk.post(frame.encoded().size(), [this, segment = m_segment, frame] {
        if (segment->failed || segment->writer->addFrame(frame))
            return;
        segment->failed = true;
        const QString error = segment->writer->errorString();
        segment->writer->abort(); // its partial file goes; earlier segments stay
        QMetaObject::invokeMethod(this, [this, segment, error] {
            if (m_segment == segment) // not stopped meanwhile
                stopWithError(error);
        });
    });
    if (!queued) {
        stopWithError(tr("Recording stopped: the disk is too slow for the camera (%1). What was "
                         "recorded until now is kept.")
                          .arg(QDir::toNativeSeparators(m_library.printerPath(m_printerFolder))));
    }
}
