// Plain-words messages for what goes wrong while writing a video or a work file: the user reads
// them on a tile, so they name the folder and say what to do, never an FFmpeg code alone.
#pragma once

#include <QCoreApplication>
#include <QString>

class RecordError final
{
    Q_DECLARE_TR_FUNCTIONS(RecordError)

public:
    RecordError() = delete;

    // An FFmpeg error code (AVERROR(...)) met while writing `path`.
    static QString fromFfmpeg(int averror, const QString &path);
    // A Qt file error (QFileDevice::errorString()) met while writing `path`; `systemErrno` is
    // errno when known (0: unknown), so that a full disk and a read-only folder read as such.
    static QString fromFile(const QString &fileError, const QString &path, int systemErrno = 0);
    // The folder `folder` cannot be created or written to.
    static QString folderNotWritable(const QString &folder);
};
