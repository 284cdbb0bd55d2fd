// The recordings folder as the sharing server offers it: the list for /api/recordings and the
// one file a /recordings/<folder>/<file> request may name. Thread-safe.
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QList>
#include <QMutex>
#include <QString>
#include <QUuid>

#include <chrono>
#include <memory>
#include <optional>

// libmicrohttpd's thread asks; the farm's thread sets the root (the recordings folder setting,
// farmcam-server --record-dir). Only what RecordingLibrary itself writes and lists is served: a
// video directly in a printer's folder whose name RecordingLibrary::parseFileName() accepts, or
// the .jpg thumbnail beside such a video. Never a partial file, a work folder, a hidden name, a
// user's own subfolder, or anything a symbolic link leads to outside the root.
class ShareRecordings final
{
    Q_DISABLE_COPY_MOVE(ShareRecordings)

public:
    // A printer of the farm, to name the folder RecordingLibrary::folderNameFor() gives it.
    struct PrinterName
    {
        QUuid id;
        QString name;
    };

    // A file a request may have.
    struct File
    {
        QString path; // canonical: no symbolic link left in it
        QString fileName; // as named in the request
        QByteArray contentType; // video/mp4, video/x-matroska, image/jpeg
        bool isVideo = false; // a download: Content-Disposition: attachment
        qint64 bytes = 0;
    };

    ShareRecordings();
    ~ShareRecordings();

    // Empty: no recordings (the list is empty, every file 404).
    void setRoot(const QString &root);
    QString root() const;

    // /api/recordings: every video, newest first (see docs/SHARING.md for the fields). A folder
    // that belongs to one of `printers` gets that printer's id and name; another folder is named
    // by itself. Durations are read from the files' headers once per (path, size, modification
    // time) and kept, so a wall that polls the list does not read every file again.
    //
    // It runs on libmicrohttpd's one thread, which also feeds every stream: reading 500 headers
    // at a few ms each would freeze them all for seconds. So a list reads headers for at most
    // probeBudget(); files beyond it have a null duration this time and are read on a pool
    // thread, for the next list.
    QJsonArray list(const QList<PrinterName> &printers);
    static constexpr std::chrono::milliseconds kDefaultProbeBudget{200};
    void setProbeBudget(std::chrono::milliseconds budget);

    // The file /recordings/<folder>/<file> names, if it is one to serve (see the class comment).
    std::optional<File> resolve(const QString &folder, const QString &fileName) const;

    // The Content-Disposition of a download: a plain ASCII file name for every client, and the
    // exact one (RFC 6266's filename*) for those that read it.
    static QByteArray attachmentHeader(const QString &fileName);

    // How many durations are kept (tests: the cache is bounded by the files that exist).
    int cachedDurationCount() const;
    // How many times a file's header was read since construction (tests: a second list reads
    // none).
    int durationReads() const;

private:
    struct DurationCache; // shared with the pool thread that reads headers beyond the budget

    mutable QMutex m_rootMutex;
    QString m_root;
    std::chrono::milliseconds m_probeBudget = kDefaultProbeBudget; // under m_rootMutex
    std::shared_ptr<DurationCache> m_cache;
};
