#include "timelapserecorder.h"

#include "frames/framehub.h"
#include "frames/framestore.h"
#include "model/printer.h"
#include "record/picturevideowriter.h"
#include "record/recorderror.h"
#include "record/recordworkers.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QPointer>
#include <QSaveFile>
#include <QThreadPool>

#include <cerrno>

Q_LOGGING_CATEGORY(lcTimelapse, "farmcam.timelapse")

namespace {

// Runs `function` on the GUI thread if the recorder still exists then (a worker's news may
// arrive after the recorder is gone; the application object outlives both).
template<typename Function>
void postTo(const QPointer<TimelapseRecorder> &recorder, Function function)
{
    QMetaObject::invokeMethod(
        QCoreApplication::instance(),
        [recorder, function] {
            if (recorder)
                function(recorder.data());
        },
        Qt::QueuedConnection);
}

const QString kCapturing = QStringLiteral("capturing");
const QString kEncoding = QStringLiteral("encoding");
const QString kLayerTrigger = QStringLiteral("layer");
const QString kIntervalTrigger = QStringLiteral("interval");

bool isActive(PrintState state)
{
    return state == PrintState::Preparing || state == PrintState::Printing
        || state == PrintState::Paused;
}

bool writeAtomically(const QString &path, const QByteArray &bytes, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        *error = RecordError::fromFile(file.errorString(), path, errno);
        return false;
    }
    return true;
}

QStringList frameFilesOf(const QString &work)
{
    QStringList files = QDir(work).entryList({QStringLiteral("frame-*.jpg")}, QDir::Files,
                                             QDir::Name); // zero-padded: name order is time order
    for (QString &file : files)
        file = work + QLatin1Char('/') + file;
    return files;
}

struct EncodeResult
{
    bool ok = false;
    QString video;
    QString thumbnail;
    QString error;
};

EncodeResult encode(const RecordingLibrary &library, const QString &printerFolder,
                    const QString &work, const QString &job, const QDateTime &started,
                    const std::function<void(int)> &progress)
{
    EncodeResult result;
    if (const QString problem = library.spaceProblem(printerFolder); !problem.isEmpty()) {
        result.error = problem;
        return result;
    }
    const QStringList frames = frameFilesOf(work);
    result.video = library.newVideoPath(printerFolder, RecordingLibrary::Kind::Timelapse, started,
                                        RecordingLibrary::labelForJob(job), QStringLiteral(".mp4"));
    PictureVideoWriter writer(result.video);
    QImage last;
    int done = 0;
    for (const QString &frame : frames) {
        const QImage picture(frame, "JPEG");
        ++done;
        if (picture.isNull()) {
            qCWarning(lcTimelapse) << "skipping an unreadable frame" << frame;
            continue;
        }
        if (!writer.isOpen() && !writer.open(picture.size())) {
            result.error = writer.errorString();
            return result;
        }
        if (!writer.addPicture(picture)) {
            result.error = writer.errorString();
            return result;
        }
        last = picture;
        progress(done * 99 / qMax(1, frames.size()));
    }
    if (last.isNull()) {
        result.error = QObject::tr("The timelapse of %1 has no picture: the camera sent none "
                                   "during the print.")
                           .arg(job);
        return result;
    }
    if (!writer.finish()) {
        result.error = writer.errorString();
        return result;
    }
    result.thumbnail = RecordingLibrary::thumbnailPathFor(result.video);
    if (!last.scaledToWidth(TimelapseRecorder::kThumbnailWidth, Qt::SmoothTransformation)
             .save(result.thumbnail, "JPEG", 85))
        result.thumbnail.clear(); // a video without a thumbnail is still a video
    QDir(work).removeRecursively();
    progress(100);
    result.ok = true;
    return result;
}

} // namespace

TimelapseRecorder::TimelapseRecorder(const RecordingLibrary &library, const QString &printerFolder,
                                     QObject *parent)
    : QObject(parent)
    , m_library(library)
    , m_printerFolder(printerFolder)
    , m_io(new QThreadPool(this))
{
    m_io->setMaxThreadCount(1); // frames and state in the order they were taken
}

TimelapseRecorder::~TimelapseRecorder()
{
    waitForWrites();
}

void TimelapseRecorder::waitForWrites()
{
    m_io->waitForDone();
}

void TimelapseRecorder::attach(Printer *printer)
{
    setFrameStore(printer->frames()->store());
    connect(printer, &Printer::printStatusChanged, this, &TimelapseRecorder::onStatus);
    connect(printer->frames(), &FrameHub::frameArrived, this, &TimelapseRecorder::onFrame);
}

void TimelapseRecorder::setFrameStore(std::shared_ptr<FrameStore> store)
{
    m_store = std::move(store);
}

void TimelapseRecorder::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

int TimelapseRecorder::resume()
{
    const QDir work(m_library.workPath(m_printerFolder, {}));
    // Newest first: if two were left capturing, the newest goes on and the older is encoded.
    const QStringList folders
        = work.entryList({QStringLiteral("timelapse-*")}, QDir::Dirs | QDir::NoDotAndDotDot,
                         QDir::Name | QDir::Reversed);
    int found = 0;
    for (const QString &name : folders) {
        const QString folder = work.filePath(name);
        QFile file(folder + QLatin1Char('/') + QLatin1String(kStateFile));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QJsonObject state = QJsonDocument::fromJson(file.read(64 * 1024)).object();
        const QString job = state.value(QStringLiteral("job")).toString();
        const QDateTime started
            = QDateTime::fromString(state.value(QStringLiteral("started")).toString(), Qt::ISODate);
        const QString phase = state.value(QStringLiteral("phase")).toString();
        if (!started.isValid() || (phase != kCapturing && phase != kEncoding))
            continue; // not ours, or cut before it was whole: leave it for the user
        ++found;
        if (phase == kCapturing && m_state == State::Idle) {
            // The newest capture goes on; the status decides soon whether the print did too.
            m_job = job;
            m_lastStartedJob = job;
            m_started = started;
            m_work = folder;
            m_frames = static_cast<int>(frameFilesOf(folder).size());
            m_lastLayer = state.value(QStringLiteral("layer")).toInt(-1);
            m_captureNextFrame = false;
            m_lastPrintState = PrintState::Unknown;
            m_manual = state.value(QStringLiteral("manual")).toBool();
            m_manualTrigger = state.value(QStringLiteral("trigger")).toString() == kLayerTrigger
                ? Trigger::Layer
                : Trigger::Interval;
            qCInfo(lcTimelapse) << "resuming the timelapse of" << job << "at frame" << m_frames;
            setState(State::Capturing);
        } else {
            encodeInBackground(folder, job, started, false);
        }
    }
    return found;
}

void TimelapseRecorder::onStatus(const PrintStatus &status)
{
    const PrintState previous = m_lastPrintState;
    m_lastPrintState = status.state;
    if (m_state == State::Capturing) {
        if (status.state == PrintState::Unknown)
            return; // a reconnect: nothing is known, nothing ends
        if (m_manual) { // the user ends it, whatever the printer does meanwhile
            if (isActive(status.state))
                onLayer(status.layer);
            return;
        }
        const bool ended = status.state == PrintState::Finished
            || status.state == PrintState::Failed || status.state == PrintState::Idle;
        const bool otherJob
            = isActive(status.state) && !status.jobName.isEmpty() && status.jobName != m_job;
        if (ended || otherJob) {
            finishCapture();
            if (!otherJob)
                return;
        } else {
            onLayer(status.layer);
            return;
        }
    }
    const bool starting
        = status.state == PrintState::Preparing || status.state == PrintState::Printing;
    if (!m_enabled || !starting)
        return;
    // Once per print: a start that was refused (no space) is not retried at every report.
    if (!isActive(previous) || status.jobName != m_lastStartedJob)
        start(status.jobName, status.layer);
}

void TimelapseRecorder::onLayer(int layer)
{
    if (captureTrigger() != Trigger::Layer || layer <= m_lastLayer)
        return;
    if (m_lastLayer >= 0 || layer > 0) {
        if (m_latest.isNull())
            m_captureNextFrame = true;
        else
            capture(m_latest);
    }
    m_lastLayer = layer;
    writeState(kCapturing);
}

void TimelapseRecorder::onFrame(const CameraFrame &frame)
{
    if (frame.isNull())
        return;
    m_latest = frame;
    if (m_state != State::Capturing)
        return;
    if (m_captureNextFrame) {
        capture(frame);
        return;
    }
    if (captureTrigger() == Trigger::Interval
        && (m_lastCaptureNs == 0
            || frame.receivedNs() - m_lastCaptureNs >= qint64(m_intervalSeconds) * 1000000000))
        capture(frame);
}

bool TimelapseRecorder::startManual(const QString &label, Trigger trigger)
{
    if (m_state == State::Capturing)
        return false;
    // The print the automatic timelapse last started for stays the one it will not start again.
    const QString lastStartedJob = m_lastStartedJob;
    m_manual = true;
    m_manualTrigger = trigger;
    start(label, -1);
    m_lastStartedJob = lastStartedJob;
    if (m_state != State::Capturing) {
        m_manual = false;
        return false;
    }
    return true;
}

void TimelapseRecorder::finishManual()
{
    if (m_state == State::Capturing && m_manual)
        finishCapture();
}

void TimelapseRecorder::start(const QString &job, int layer)
{
    m_lastStartedJob = job;
    m_job = job.isEmpty() ? tr("print") : job;
    m_started = QDateTime::currentDateTime();
    m_work = m_library.workPath(m_printerFolder,
                                QStringLiteral("timelapse-")
                                    + m_started.toString(QStringLiteral("yyyyMMdd-HHmmss-zzz")));
    m_frames = 0;
    m_lastLayer = layer;
    m_captureNextFrame = false;
    m_lastCaptureNs = 0;
    if (const QString problem = m_library.spaceProblem(m_printerFolder); !problem.isEmpty()) {
        emit failed(m_job, problem);
        return;
    }
    if (!QDir().mkpath(m_work)) {
        emit failed(m_job, RecordError::folderNotWritable(m_work));
        return;
    }
    writeState(kCapturing);
    setState(State::Capturing);
    emit started(m_job);
}

void TimelapseRecorder::capture(const CameraFrame &frame)
{
    m_captureNextFrame = false;
    m_lastCaptureNs = frame.receivedNs();
    const int index = ++m_frames;
    const QString path
        = m_work + QStringLiteral("/frame-%1.jpg").arg(index, 6, 10, QLatin1Char('0'));
    std::shared_ptr<FrameStore> store
        = frame.codec() == CameraFrame::Codec::H264 ? m_store : nullptr;
    if (frame.codec() == CameraFrame::Codec::H264 && !store) {
        qCWarning(lcTimelapse) << "an H.264 frame without a frame store: not captured";
        --m_frames;
        return;
    }
    QPointer<TimelapseRecorder> self(this);
    const QString job = m_job;
    m_io->start([frame, store, path, self, job] {
        // JPEG: the camera's bytes. H.264: the newest whole picture, decoded here, off the GUI
        // thread. A picture-only frame (loopback): encoded once.
        const QByteArray jpeg
            = store ? store->latestJpeg(kJpegQuality) : frame.toJpeg(kJpegQuality);
        QString error;
        if (jpeg.isEmpty())
            error = tr("No picture to keep for the timelapse of %1.").arg(job);
        else
            writeAtomically(path, jpeg, &error);
        if (!error.isEmpty())
            postTo(self, [job, error](TimelapseRecorder *r) { emit r->failed(job, error); });
    });
    emit frameCaptured(index);
}

void TimelapseRecorder::writeState(const QString &phase)
{
    QJsonObject state;
    state.insert(QStringLiteral("job"), m_job);
    state.insert(QStringLiteral("started"), m_started.toString(Qt::ISODateWithMs));
    state.insert(QStringLiteral("layer"), m_lastLayer);
    state.insert(QStringLiteral("phase"), phase);
    if (m_manual) {
        state.insert(QStringLiteral("manual"), true);
        state.insert(QStringLiteral("trigger"),
                     m_manualTrigger == Trigger::Layer ? kLayerTrigger : kIntervalTrigger);
    }
    const QByteArray bytes = QJsonDocument(state).toJson(QJsonDocument::Compact);
    const QString path = m_work + QLatin1Char('/') + QLatin1String(kStateFile);
    m_io->start([bytes, path] {
        QString error;
        if (!writeAtomically(path, bytes, &error))
            qCWarning(lcTimelapse) << error;
    });
}

void TimelapseRecorder::finishCapture()
{
    writeState(kEncoding);
    m_manual = false;
    setState(State::Idle);
    const QString work = m_work;
    const QString job = m_job;
    const QDateTime started = m_started;
    m_captureNextFrame = false;
    encodeInBackground(work, job, started, true);
}

void TimelapseRecorder::encodeInBackground(const QString &work, const QString &job,
                                           const QDateTime &started, bool afterWrites)
{
    ++m_pendingEncodes;
    QPointer<TimelapseRecorder> self(this);
    const RecordingLibrary library = m_library;
    const QString printerFolder = m_printerFolder;
    const auto task = [self, library, printerFolder, work, job, started] {
        int lastReported = -1;
        const auto progress = [&](int percent) {
            if (percent == lastReported)
                return;
            lastReported = percent;
            postTo(self, [job, percent](TimelapseRecorder *r) {
                emit r->encodingProgress(job, percent);
            });
        };
        const EncodeResult result = encode(library, printerFolder, work, job, started, progress);
        if (result.ok) {
            RecordingLibrary budget = library;
            budget.enforceBudget();
        }
        postTo(self, [job, result](TimelapseRecorder *r) {
            --r->m_pendingEncodes;
            if (result.ok)
                emit r->finished(job, result.video, result.thumbnail);
            else
                emit r->failed(job, result.error);
        });
    };
    if (afterWrites) // the io thread is in order: the frames are on disk before the encode reads
        m_io->start([task] { RecordWorkers::startEncode(task); });
    else
        RecordWorkers::startEncode(task);
}
