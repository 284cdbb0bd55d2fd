#include "record/farmrecorder.h"

#include "model/appsettings.h"
#include "model/printer.h"
#include "model/printerfarm.h"
#include "record/failureclipring.h"
#include "record/recordworkers.h"
#include "record/segmentrecorder.h"
#include "record/timelapserecorder.h"

#include <QDir>
#include <QLockFile>
#include <QLoggingCategory>
#include <QThreadPool>

namespace {

Q_LOGGING_CATEGORY(lcFarmRecorder, "farmcam.record")

constexpr qint64 kGigabyte = 1024LL * 1024 * 1024;

bool sameLibrary(const RecordingLibrary &a, const RecordingLibrary &b)
{
    return a.root() == b.root() && a.sizeBudget() == b.sizeBudget()
        && a.minimumFreeBytes() == b.minimumFreeBytes();
}

} // namespace

FarmRecorder::FarmRecorder(PrinterFarm *farm, AppSettings *settings, QObject *parent)
    : QObject(parent)
    , m_farm(farm)
    , m_settings(settings)
{
    connect(m_farm, &PrinterFarm::printerAdded, this, [this](Printer *printer) {
        if (m_started)
            adopt(printer);
    });
    connect(m_farm, &PrinterFarm::printerRemoved, this, &FarmRecorder::dropRecorders);
    m_announcedRoot = library().root();
    connect(m_settings, &AppSettings::changed, this, [this](AppSettings::Key key) {
        if (key == AppSettings::Key::RecordingsFolder)
            announceRoot();
        switch (key) {
        case AppSettings::Key::RecordingsFolder:
        case AppSettings::Key::RecordingsBudgetGB:
        case AppSettings::Key::RecordingsMinimumFreeGB:
        case AppSettings::Key::RecordingsSegmentMinutes:
        case AppSettings::Key::TimelapseEnabled:
        case AppSettings::Key::TimelapseTrigger:
        case AppSettings::Key::TimelapseIntervalSeconds:
        case AppSettings::Key::FailureClipsEnabled:
        case AppSettings::Key::FailureClipsMinutesBefore:
        case AppSettings::Key::FailureClipsSecondsAfter:
            onSettingChanged();
            break;
        default:
            break;
        }
    });
}

FarmRecorder::~FarmRecorder()
{
    // Recordings are finished properly (their destructors), before the printers go.
    const QList<QUuid> ids = m_recorders.keys();
    for (const QUuid &id : ids)
        dropRecorders(id);
    // And the encodes they queued end before the program does: a worker still inside FFmpeg
    // while exit() tears the process down made farmcam-server end with a failure now and then
    // (tst_farmcamserver), and an interrupted failure clip is lost (its work folder goes at the
    // next start). A timelapse or clip takes seconds (docs/PERFORMANCE.md).
    RecordWorkers::encodePool()->waitForDone();
}

void FarmRecorder::setFolderOverride(const QString &folder)
{
    m_folderOverride = folder;
    announceRoot();
    if (m_started)
        onSettingChanged();
}

void FarmRecorder::announceRoot()
{
    const QString root = library().root();
    if (root == m_announcedRoot)
        return;
    m_announcedRoot = root;
    emit rootChanged(root);
}

void FarmRecorder::setFreeSpaceFunction(std::function<qint64(const QString &)> function)
{
    m_freeSpace = std::move(function);
}

RecordingLibrary FarmRecorder::library() const
{
    const QString folder = m_folderOverride.isEmpty()
        ? m_settings->value(AppSettings::Key::RecordingsFolder).toString()
        : m_folderOverride;
    RecordingLibrary library(folder.isEmpty() ? RecordingLibrary::defaultRoot() : folder);
    library.setSizeBudget(qMax(0, m_settings->value(AppSettings::Key::RecordingsBudgetGB).toInt())
                          * kGigabyte);
    library.setMinimumFreeBytes(
        qMax(0, m_settings->value(AppSettings::Key::RecordingsMinimumFreeGB).toInt()) * kGigabyte);
    if (m_freeSpace)
        library.setFreeSpaceFunction(m_freeSpace);
    return library;
}

void FarmRecorder::start()
{
    if (m_started)
        return;
    m_started = true;
    m_madeWith = library();
    if (claimFolder(m_madeWith)) {
        const RecordingLibrary::Leftovers leftovers = m_madeWith.cleanLeftovers();
        for (const QString &path : leftovers.removed)
            qCInfo(lcFarmRecorder) << "Removed what an interrupted recording left:" << path;
    }
    const QList<Printer *> printers = m_farm->printers();
    for (Printer *printer : printers)
        adopt(printer);
}

bool FarmRecorder::claimFolder(const RecordingLibrary &library)
{
    m_folderLock.reset();
    QString problem;
    const QString root = library.root();
    if (QDir().mkpath(root)) {
        auto lock = std::make_unique<QLockFile>(root + QLatin1Char('/')
                                                + QLatin1String(RecordingLibrary::kLockFile));
        // 0: never stale by age; a holder that crashed on this computer is found by its pid.
        lock->setStaleLockTime(0);
        if (lock->tryLock(0)) {
            m_folderLock = std::move(lock);
        } else if (lock->error() == QLockFile::LockFailedError) {
            qint64 pid = 0;
            QString host;
            QString application;
            lock->getLockInfo(&pid, &host, &application);
            problem
                = tr("Not recording: %1 (process %2 on %3) already records into %4. Choose "
                     "another folder in Preferences › Recordings.")
                      .arg(application, QString::number(pid), host, QDir::toNativeSeparators(root));
        }
        // Any other error (a read-only folder): recorders are made and say it on their tiles.
    }
    if (problem != m_folderProblem) {
        m_folderProblem = problem;
        if (!problem.isEmpty())
            qCWarning(lcFarmRecorder).noquote() << problem;
        emit folderProblemChanged(problem);
    }
    return problem.isEmpty();
}

void FarmRecorder::adopt(Printer *printer)
{
    if (m_folderProblem.isEmpty())
        makeRecorders(printer);
    // A rename or a new per-printer choice: the switches follow at once.
    connect(printer, &Printer::configChanged, this,
            [this, printer] { applyAdjustableSettings(printer); });
}

void FarmRecorder::makeRecorders(Printer *printer)
{
    dropRecorders(printer->id());
    const QString folder = RecordingLibrary::folderNameFor(printer->name(), printer->id());
    Recorders recorders;
    recorders.timelapse = new TimelapseRecorder(m_madeWith, folder, this);
    recorders.clips = new FailureClipRing(m_madeWith, folder, this);
    recorders.segments = new SegmentRecorder(m_madeWith, folder, this);
    m_recorders.insert(printer->id(), recorders);
    applyAdjustableSettings(printer);

    TimelapseRecorder *timelapse = recorders.timelapse;
    connect(timelapse, &TimelapseRecorder::started, this,
            [this, printer](const QString &job) { emit timelapseStarted(printer, job); });
    connect(timelapse, &TimelapseRecorder::encodingProgress, this,
            [this, printer](const QString &job, int percent) {
                emit timelapseProgress(printer, job, percent);
            });
    connect(timelapse, &TimelapseRecorder::finished, this,
            [this, printer](const QString &job, const QString &video, const QString &thumbnail) {
                emit timelapseFinished(printer, job, video, thumbnail);
                renewWhenIdle(printer);
            });
    connect(timelapse, &TimelapseRecorder::failed, this,
            [this, printer](const QString &job, const QString &message) {
                emit timelapseFailed(printer, job, message);
                renewWhenIdle(printer);
            });
    connect(timelapse, &TimelapseRecorder::stateChanged, this, [this, printer] {
        emit timelapseCaptureChanged(printer);
        renewWhenIdle(printer);
    });
    connect(timelapse, &TimelapseRecorder::frameCaptured, this,
            [this, printer] { emit timelapseCaptureChanged(printer); });

    FailureClipRing *clips = recorders.clips;
    connect(clips, &FailureClipRing::clipStarted, this,
            [this, printer](const QString &reason) { emit clipStarted(printer, reason); });
    connect(clips, &FailureClipRing::clipReady, this,
            [this, printer](const QString &video, const QString &snapshot) {
                emit clipReady(printer, video, snapshot);
                renewWhenIdle(printer);
            });
    connect(clips, &FailureClipRing::clipFailed, this, [this, printer](const QString &message) {
        emit clipFailed(printer, message);
        renewWhenIdle(printer);
    });

    SegmentRecorder *segments = recorders.segments;
    connect(segments, &SegmentRecorder::recordingChanged, this,
            [this, printer](bool recording) { emit recordingChanged(printer, recording); });
    connect(segments, &SegmentRecorder::failed, this,
            [this, printer](const QString &message) { emit recordingFailed(printer, message); });

    // Resumed before the first status arrives (attach), so a print under way goes on where it was.
    const int resumed = timelapse->resume();
    if (resumed > 0)
        qCInfo(lcFarmRecorder) << printer->name() << ": resumed" << resumed << "timelapse(s)";
    timelapse->attach(printer);
    clips->attach(printer);
    segments->attach(printer);
}

void FarmRecorder::dropRecorders(const QUuid &id)
{
    m_stale.remove(id);
    const Recorders recorders = m_recorders.take(id);
    // Deleted now, not later: each finishes its files in its destructor, and the printer (and
    // its frame hub) may be gone by the next event loop turn.
    delete recorders.segments;
    delete recorders.clips;
    delete recorders.timelapse;
}

void FarmRecorder::applyAdjustableSettings(Printer *printer)
{
    const auto it = m_recorders.constFind(printer->id());
    if (it == m_recorders.constEnd())
        return;
    const Recorders &recorders = it.value();
    const bool timelapseDefault = m_settings->value(AppSettings::Key::TimelapseEnabled).toBool();
    recorders.timelapse->setEnabled(printer->config().timelapseEnabled(timelapseDefault));
    const bool interval = m_settings->value(AppSettings::Key::TimelapseTrigger)
                              .toString()
                              .trimmed()
                              .compare(QLatin1String("interval"), Qt::CaseInsensitive)
        == 0;
    recorders.timelapse->setTrigger(interval ? TimelapseRecorder::Trigger::Interval
                                             : TimelapseRecorder::Trigger::Layer);
    recorders.timelapse->setIntervalSeconds(
        m_settings->value(AppSettings::Key::TimelapseIntervalSeconds).toInt());
    recorders.clips->setEnabled(m_settings->value(AppSettings::Key::FailureClipsEnabled).toBool());
    recorders.clips->setWindowSeconds(
        60 * m_settings->value(AppSettings::Key::FailureClipsMinutesBefore).toInt());
    recorders.clips->setAfterSeconds(
        m_settings->value(AppSettings::Key::FailureClipsSecondsAfter).toInt());
    recorders.segments->setSegmentSeconds(
        60 * m_settings->value(AppSettings::Key::RecordingsSegmentMinutes).toInt());
}

void FarmRecorder::onSettingChanged()
{
    if (!m_started)
        return;
    const RecordingLibrary now = library();
    const bool newLibrary = !sameLibrary(now, m_madeWith);
    const bool newFolder = now.root() != m_madeWith.root();
    if (newLibrary) {
        m_madeWith = now;
        if ((!newFolder && m_folderProblem.isEmpty()) || claimFolder(m_madeWith))
            m_madeWith.cleanLeftovers();
    }
    const QList<Printer *> printers = m_farm->printers();
    for (Printer *printer : printers) {
        if (!m_recorders.contains(printer->id())) {
            // The folder is ours again (or at last): printers without recorders get theirs.
            if (newLibrary && m_folderProblem.isEmpty())
                makeRecorders(printer);
            continue;
        }
        applyAdjustableSettings(printer);
        if (newLibrary) {
            m_stale.insert(printer->id());
            // A recording on demand takes the new folder at its next segment.
            m_recorders.value(printer->id()).segments->setLibrary(m_madeWith);
            renewWhenIdle(printer);
        }
    }
}

bool FarmRecorder::Recorders::areIdle() const
{
    return timelapse && timelapse->state() == TimelapseRecorder::State::Idle
        && timelapse->pendingEncodes() == 0 && !clips->isClipPending() && !segments->isRecording();
}

void FarmRecorder::renewWhenIdle(Printer *printer)
{
    if (!m_stale.contains(printer->id()))
        return;
    if (!m_recorders.value(printer->id()).areIdle())
        return;
    // Called from the recorders' own signals: they go once those return.
    QMetaObject::invokeMethod(
        this,
        [this, id = printer->id()] {
            Printer *current = m_farm->printer(id);
            if (!current || !m_stale.contains(id))
                return;
            if (!m_recorders.value(id).areIdle())
                return;
            if (m_folderProblem.isEmpty())
                makeRecorders(current);
            else
                dropRecorders(id); // another FarmCam records there: nothing to record into
        },
        Qt::QueuedConnection);
}

bool FarmRecorder::startRecording(Printer *printer)
{
    if (!m_folderProblem.isEmpty()) {
        emit recordingFailed(printer, m_folderProblem);
        return false;
    }
    SegmentRecorder *segments = segmentRecorder(printer);
    return segments && (segments->isRecording() || segments->start());
}

void FarmRecorder::stopRecording(Printer *printer)
{
    if (SegmentRecorder *segments = segmentRecorder(printer)) {
        segments->stop();
        renewWhenIdle(printer);
    }
}

namespace {

bool isPrinting(const Printer *printer)
{
    const PrintState state = printer->printStatus().state;
    return state == PrintState::Preparing || state == PrintState::Printing
        || state == PrintState::Paused;
}

} // namespace

TimelapseRecorder::Trigger FarmRecorder::timelapseTriggerByHand(const Printer *printer) const
{
    // Layers only while the printer reports a print whose layers grow; else the clock.
    const TimelapseRecorder *timelapse = timelapseRecorder(printer);
    return timelapse && isPrinting(printer)
            && timelapse->trigger() == TimelapseRecorder::Trigger::Layer
        ? TimelapseRecorder::Trigger::Layer
        : TimelapseRecorder::Trigger::Interval;
}

bool FarmRecorder::startTimelapse(Printer *printer)
{
    TimelapseRecorder *timelapse = timelapseRecorder(printer);
    if (!timelapse || timelapse->state() == TimelapseRecorder::State::Capturing)
        return false;
    const QString label = isPrinting(printer) && !printer->printStatus().jobName.isEmpty()
        ? printer->printStatus().jobName
        : printer->name();
    return timelapse->startManual(label, timelapseTriggerByHand(printer));
}

void FarmRecorder::finishTimelapse(Printer *printer)
{
    if (TimelapseRecorder *timelapse = timelapseRecorder(printer))
        timelapse->finishManual();
}

bool FarmRecorder::canStartTimelapse(const Printer *printer) const
{
    const TimelapseRecorder *timelapse = timelapseRecorder(printer);
    return timelapse && timelapse->state() == TimelapseRecorder::State::Idle;
}

bool FarmRecorder::isTimelapseByHand(const Printer *printer) const
{
    const TimelapseRecorder *timelapse = timelapseRecorder(printer);
    return timelapse && timelapse->state() == TimelapseRecorder::State::Capturing
        && timelapse->isManual();
}

bool FarmRecorder::isRecording(const Printer *printer) const
{
    const SegmentRecorder *segments = segmentRecorder(printer);
    return segments && segments->isRecording();
}

TimelapseRecorder *FarmRecorder::timelapseRecorder(const Printer *printer) const
{
    return printer ? m_recorders.value(printer->id()).timelapse : nullptr;
}

FailureClipRing *FarmRecorder::failureClipRing(const Printer *printer) const
{
    return printer ? m_recorders.value(printer->id()).clips : nullptr;
}

SegmentRecorder *FarmRecorder::segmentRecorder(const Printer *printer) const
{
    return printer ? m_recorders.value(printer->id()).segments : nullptr;
}
