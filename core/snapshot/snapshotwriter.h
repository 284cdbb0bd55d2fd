// Saves camera frames (JPEG bytes) to disk: atomically, never over an existing file.
#pragma once

#include <QCoreApplication>
#include <QString>

class QByteArray;
class QDateTime;

// Used by the GUI's Snapshot buttons and by farmcam-grab.
//
// write() guarantees:
//  - all or nothing: the bytes go to a temporary file (QSaveFile) that is flushed and renamed onto
//    the final name only when complete, so a full disk, an I/O error or a crash never leaves a
//    partial picture under the final name;
//  - nothing is ever overwritten: when the wanted name is taken, `<base>-2.<ext>`, `-3`, ... is
//    used instead. The name is reserved with an exclusive create (O_EXCL) before the temporary file
//    is renamed onto it, so two writers (threads or processes) racing for the same name get
//    different files. A crash in the short window between the reservation and the rename can leave
//    an empty placeholder under the name, never a partial picture;
//  - missing folders are created; every failure yields a sentence for the user that names the
//    folder, and leaves no file behind.
// Every function is thread-safe. write() blocks until the data is on disk (fsync), which can take a
// moment on a slow disk: a GUI may prefer to call it from a worker thread.
class SnapshotWriter final
{
    Q_DECLARE_TR_FUNCTIONS(SnapshotWriter)

public:
    struct Result
    {
        bool ok = false;
        // The file actually written (may differ from the wanted name); empty on failure.
        QString filePath;
        QString errorMessage; // one sentence for the user, naming the folder; empty on success
    };

    SnapshotWriter() = delete;

    // Writes `bytes` to `wantedPath`, or to the first free `<base>-N<.ext>` (N = 2, 3, ...).
    static Result write(const QString &wantedPath, const QByteArray &bytes);

    // Creates `folder` (and its parents) if missing. Returns an empty string when it exists and is
    // writable, else the reason as a sentence for the user that names the folder. Lets a caller
    // report a bad folder before there is anything to save; write() does the same on its own.
    static QString prepareFolder(const QString &folder);

    // A readable file (or folder) name made from any text, e.g. a printer's name or a host: no path
    // separators or characters Windows forbids, no control characters, no leading dot or trailing
    // dot/space, not a reserved Windows device name, at most kMaxNameLength characters, never
    // empty ("unnamed" when nothing usable is left).
    static QString sanitizeFileName(const QString &name);
    static constexpr int kMaxNameLength = 64;

    // The GUI's snapshot name: `<folder>/<printer>/<printer>_<yyyyMMdd-HHmmss>.jpg`.
    static QString snapshotFilePath(const QString &folder, const QString &printerName,
                                    const QDateTime &time);

    // farmcam-grab's name: `<dir>/<host>-<yyyyMMdd-HHmmss-zzz>-<index>.jpg` (index counts from 1).
    static QString grabFilePath(const QString &dir, const QString &host, const QDateTime &time,
                                quint64 index);
};
