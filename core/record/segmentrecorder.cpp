#include "segmentrecorder.h"

#include "frames/framehub.h"
#include "model/printer.h"
#include "record/encodedvideowriter.h"

#include <QDateTime>

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
    finishSegment();
}

void SegmentRecorder::attach(Printer *printer)
{
    connect(printer->frames(), &FrameHub::frameArrived, this, &SegmentRecorder::onFrame);
}

QString SegmentRecorder::currentPath() const
{
    return m_writer ? m_writer->path() : QString();
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
    m_writer = std::make_unique<EncodedVideoWriter>(
        m_library.newVideoPath(m_printerFolder, RecordingLibrary::Kind::Recording,
                               started.toLocalTime(), {}, QStringLiteral(".mkv")),
        EncodedVideoWriter::Container::Matroska);
    m_segmentStartNs = first.receivedNs();
    m_lastSpaceCheckNs = first.receivedNs();
    return true;
}

void SegmentRecorder::finishSegment()
{
    if (!m_writer)
        return;
    std::unique_ptr<EncodedVideoWriter> writer = std::move(m_writer);
    if (writer->frameCount() == 0)
        return; // nothing came (an H.264 camera without a key frame yet): no file
    if (writer->finish())
        emit segmentFinished(writer->path());
    else
        emit failed(writer->errorString());
}

void SegmentRecorder::onFrame(const CameraFrame &frame)
{
    if (!m_recording || frame.encoded().isEmpty())
        return;
    const bool key = frame.isKeyFrame() || frame.codec() == CameraFrame::Codec::Jpeg;
    if (m_writer && key
        && frame.receivedNs() - m_segmentStartNs >= qint64(m_segmentSeconds) * kNsPerSecond)
        finishSegment();
    if (!m_writer) {
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
    if (!m_writer->addFrame(frame)) {
        const QString error = m_writer->errorString();
        m_writer.reset(); // the writer removed its partial file
        stopWithError(error);
    }
}
