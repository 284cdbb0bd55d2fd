// The farm's recorders: a timelapse, a failure-clip ring and an on-demand recorder for every
// printer of a PrinterFarm, set up from AppSettings, with their news re-told with the printer.
#pragma once

#include "record/recordinglibrary.h"
#include "record/timelapserecorder.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QString>
#include <QUuid>

#include <functional>
#include <memory>

class AppSettings;
class FailureClipRing;
class QLockFile;
class Printer;
class PrinterFarm;
class SegmentRecorder;

// One owner, so that the app and farmcam-server record alike: the window, the tray and the
// server only listen to this. Create it before the farm loads its printers, then start().
//
// Settings (docs/ARCHITECTURE.md, "Settings to wire") are read at start() and whenever they
// change. What a recorder can take at any time (on/off, trigger, interval, clip window) is set on
// the running recorders; a new folder, budget or minimum needs new recorders (they copy their
// RecordingLibrary), which are made for each printer as soon as it is between prints and clips,
// so a timelapse under way is finished where it began.
class FarmRecorder final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FarmRecorder)

public:
    // `farm` and `settings` must outlive it.
    FarmRecorder(PrinterFarm *farm, AppSettings *settings, QObject *parent = nullptr);
    ~FarmRecorder() override;

    // farmcam-server --record-dir: this folder instead of the settings' (empty: the settings').
    void setFolderOverride(const QString &folder);
    // Tests: how free space is measured (see RecordingLibrary::setFreeSpaceFunction).
    void setFreeSpaceFunction(std::function<qint64(const QString &path)> function);

    // Removes what a crash left (RecordingLibrary::cleanLeftovers()), makes the recorders of the
    // printers already in the farm and resumes their timelapses. Later printers get theirs when
    // they are added.
    void start();
    bool isStarted() const { return m_started; }

    // The library as the settings describe it now (for the recordings browser).
    RecordingLibrary library() const;

    // One process records into a folder: another one's start-up would take its unfinished files
    // for a crash's leftovers and delete them, and two printers of the same name would share a
    // ring. The folder is claimed with a lock file (RecordingLibrary::kLockFile) at start() and
    // when the folder setting changes; while another FarmCam holds it, no recorder is made and
    // this says why in one sentence (empty: recording works).
    QString folderProblem() const { return m_folderProblem; }

    // Recording on demand (the tile's Record toggle). false when it could not start;
    // recordingFailed() says why.
    bool startRecording(Printer *printer);
    void stopRecording(Printer *printer);
    bool isRecording(const Printer *printer) const;

    // A timelapse by hand (Printer › Start timelapse), for a printer without print status or
    // whenever the user wants one: a frame every timelapse/intervalSeconds, or per layer when the
    // printer reports a print under way and timelapse/trigger says layers. It runs until
    // finishTimelapse(), whatever the print does. false when it cannot start: a timelapse (of
    // the print) is being captured already, or no space (timelapseFailed() says so).
    bool startTimelapse(Printer *printer);
    void finishTimelapse(Printer *printer);
    // What startTimelapse() would capture by now: Layer or Interval.
    TimelapseRecorder::Trigger timelapseTriggerByHand(const Printer *printer) const;
    // Whether startTimelapse() may start one now: the printer has recorders and no timelapse is
    // being captured.
    bool canStartTimelapse(const Printer *printer) const;
    // A timelapse started by hand is being captured (finishTimelapse() ends it).
    bool isTimelapseByHand(const Printer *printer) const;

    // For tests and the UI's per-printer state; nullptr for a printer without recorders.
    TimelapseRecorder *timelapseRecorder(const Printer *printer) const;
    FailureClipRing *failureClipRing(const Printer *printer) const;
    SegmentRecorder *segmentRecorder(const Printer *printer) const;

signals:
    void timelapseStarted(Printer *printer, const QString &jobName);
    // A timelapse began or ended capturing, or kept one more frame (see timelapseRecorder()).
    void timelapseCaptureChanged(Printer *printer);
    void timelapseProgress(Printer *printer, const QString &jobName, int percent);
    void timelapseFinished(Printer *printer, const QString &jobName, const QString &videoPath,
                           const QString &thumbnailPath);
    void timelapseFailed(Printer *printer, const QString &jobName, const QString &message);
    void clipStarted(Printer *printer, const QString &reason);
    void clipReady(Printer *printer, const QString &videoPath, const QString &snapshotPath);
    void clipFailed(Printer *printer, const QString &message);
    void recordingChanged(Printer *printer, bool recording);
    void recordingFailed(Printer *printer, const QString &message);
    void folderProblemChanged(const QString &message);
    // library().root() is another folder now (the setting or the override changed): for those
    // that show the folder, such as the sharing server's recordings list.
    void rootChanged(const QString &root);

private:
    struct Recorders
    {
        TimelapseRecorder *timelapse = nullptr; // children
        FailureClipRing *clips = nullptr;
        SegmentRecorder *segments = nullptr;

        // Nothing under way that new recorders would cut short: no print captured or encoding,
        // no clip being collected or encoded, no recording on demand. False when there are none.
        bool areIdle() const;
    };

    void adopt(Printer *printer);
    // Takes the folder's lock (and lets go of the one held before); false, with folderProblem()
    // set, when another process holds it.
    bool claimFolder(const RecordingLibrary &library);
    void makeRecorders(Printer *printer);
    void dropRecorders(const QUuid &id);
    void applyAdjustableSettings(Printer *printer);
    void onSettingChanged();
    void announceRoot();
    // Remakes a printer's recorders for a new library when it is between prints and clips.
    void renewWhenIdle(Printer *printer);

    PrinterFarm *m_farm;
    AppSettings *m_settings;
    QString m_folderOverride;
    std::function<qint64(const QString &)> m_freeSpace;
    bool m_started = false;
    QString m_announcedRoot; // the root rootChanged() last told
    QHash<QUuid, Recorders> m_recorders;
    QSet<QUuid> m_stale; // recorders made for an older library, renewed when idle
    RecordingLibrary m_madeWith; // what the current recorders were made with
    std::unique_ptr<QLockFile> m_folderLock; // held while recording into m_madeWith's root
    QString m_folderProblem;
};
