// The recordings folder: one subfolder per printer holding its timelapses, failure clips and
// recordings, a size budget, a free-space minimum, and the repair of what a crash left behind.
#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUuid>

#include <functional>

// Layout (all names are ours, so the folder can be listed without an index file):
//   <root>/<printer>/timelapse_2026-12-05_11-36-09_benchy.mp4   (+ .jpg: its thumbnail)
//   <root>/<printer>/failure_2026-12-05_11-36-09.mp4            (+ .jpg: the moment it failed)
//   <root>/<printer>/recording_2026-12-05_11-36-09.mkv / .mp4
//   <root>/<printer>/.work/...                                  work files (frames, the ring)
// Only timelapses and failure clips directly in a printer folder are automatic: the budget
// deletes those, oldest first, and never a recording made on demand, a file under another name
// (renamed or copied in by hand), or anything in a subfolder the user made (e.g. "kept/").
//
// Plain functions over the file system, no cached state: safe to call from any thread as long
// as two callers do not enforce the budget at once.
class RecordingLibrary final
{
    Q_DECLARE_TR_FUNCTIONS(RecordingLibrary)

public:
    enum class Kind { Timelapse, FailureClip, Recording };

    struct Entry
    {
        Kind kind = Kind::Recording;
        QString printerFolder; // the folder's name: a printer's slug
        QDateTime started; // from the file name (local time)
        QString label; // from the file name: the job of a timelapse ("benchy"); may be empty
        qint64 durationMs = -1; // -1: not read (entries(false)) or unreadable
        qint64 bytes = 0; // the video and its thumbnail
        QString path;
        QString thumbnailPath; // empty when there is none
        bool automatic = false; // the budget may delete it
    };

    struct Leftovers
    {
        QStringList removed; // partial videos and interrupted clip work folders
    };

    // 20 GB: a few weeks of timelapses and clips for a farm of ten.
    static constexpr qint64 kDefaultBudgetBytes = 20LL * 1024 * 1024 * 1024;
    // Below 1 GB free, recording stops: the rest of the system needs the disk more.
    static constexpr qint64 kDefaultMinimumFreeBytes = 1LL * 1024 * 1024 * 1024;
    static constexpr auto kPartialSuffix = ".partial";
    static constexpr auto kWorkFolder = ".work";
    // In the root: which process records here (FarmRecorder::folderProblem()).
    static constexpr auto kLockFile = ".farmcam-recording.lock";

    // QStandardPaths::MoviesLocation + "/FarmCam" (~/Videos/FarmCam on Linux, XDG).
    static QString defaultRoot();

    explicit RecordingLibrary(const QString &root = defaultRoot());

    QString root() const { return m_root; }
    // 0: no budget.
    void setSizeBudget(qint64 bytes) { m_budgetBytes = bytes; }
    qint64 sizeBudget() const { return m_budgetBytes; }
    void setMinimumFreeBytes(qint64 bytes) { m_minimumFreeBytes = bytes; }
    qint64 minimumFreeBytes() const { return m_minimumFreeBytes; }
    // How many bytes are free where `path` is (default: QStorageInfo); tests inject a figure.
    void setFreeSpaceFunction(std::function<qint64(const QString &path)> function);
    qint64 freeBytes() const;

    // A printer's folder name: its name made safe for every file system ("Bench P1S" ->
    // "Bench-P1S"), or its id when nothing of the name is left.
    static QString folderNameFor(const QString &printerName, const QUuid &id);
    QString printerPath(const QString &folderName) const;
    // <root>/<printer>/.work/<name>: created on demand by whoever writes there.
    QString workPath(const QString &folderName, const QString &name) const;
    // A free path for a new video: <root>/<printer>/<kind>_<start>[_<label>]<suffix>, with -2,
    // -3... when taken (also by a partial file). `suffix` includes the dot (".mp4").
    QString newVideoPath(const QString &folderName, Kind kind, const QDateTime &started,
                         const QString &label, const QString &suffix) const;
    // What a timelapse of `jobName` is called in its file name: the job without the slicer's
    // extension (".gcode.3mf", ".3mf", ".gcode", any case), which says nothing about the video.
    static QString labelForJob(const QString &jobName);
    // The thumbnail that goes with a video: the same name with ".jpg".
    static QString thumbnailPathFor(const QString &videoPath);

    // Empty when a recording may start or go on; else one sentence for the tile: the folder
    // cannot be written, or less than the minimum is free.
    QString spaceProblem(const QString &folderName = {}) const;

    // Every video of every printer (or of one), oldest first. `withDuration` reads each file's
    // header (a few ms each): the browser wants it, the budget does not.
    QList<Entry> entries(bool withDuration = false, const QString &folderName = {}) const;
    qint64 totalBytes() const;
    // Deletes automatic videos (and their thumbnails), oldest first, until everything fits in
    // the budget; returns the videos deleted. Never touches anything else.
    QStringList enforceBudget();

    // At start-up: removes partial videos (a writer never finished them: a crash) and failure-clip
    // work folders. Timelapse work folders stay: their TimelapseRecorder resumes or re-encodes
    // them.
    Leftovers cleanLeftovers();

    static QString kindPrefix(Kind kind);
    // The kind, start and label of a file named by newVideoPath(); false for any other name.
    static bool parseFileName(const QString &fileName, Kind *kind, QDateTime *started,
                              QString *label = nullptr);

private:
    QString m_root;
    qint64 m_budgetBytes = kDefaultBudgetBytes;
    qint64 m_minimumFreeBytes = kDefaultMinimumFreeBytes;
    std::function<qint64(const QString &)> m_freeSpace;
};
