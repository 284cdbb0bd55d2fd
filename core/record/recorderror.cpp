#include "recorderror.h"

#include <QDir>
#include <QFileInfo>

extern "C" {
#include <libavutil/error.h>
}

#include <cerrno>

namespace {

QString folderOf(const QString &path)
{
    return QDir::toNativeSeparators(QFileInfo(path).absolutePath());
}

} // namespace

QString RecordError::fromFfmpeg(int averror, const QString &path)
{
    if (averror == AVERROR(ENOSPC))
        return tr("The disk is full: cannot write to %1. Free some space or choose another "
                  "recordings folder.")
            .arg(folderOf(path));
    if (averror == AVERROR(EACCES) || averror == AVERROR(EROFS) || averror == AVERROR(EPERM))
        return folderNotWritable(folderOf(path));
    if (averror == AVERROR_ENCODER_NOT_FOUND)
        return tr("FFmpeg has no H.264 encoder: install libavcodec with libx264 "
                  "(Debian: libavcodec59).");
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(averror, text, sizeof text);
    return tr("Cannot write the video %1: %2.")
        .arg(QDir::toNativeSeparators(path), QString::fromUtf8(text));
}

QString RecordError::fromFile(const QString &fileError, const QString &path, int systemErrno)
{
    if (systemErrno == ENOSPC)
        return fromFfmpeg(AVERROR(ENOSPC), path);
    if (systemErrno == EACCES || systemErrno == EROFS || systemErrno == EPERM)
        return folderNotWritable(folderOf(path));
    return tr("Cannot write %1: %2.").arg(QDir::toNativeSeparators(path), fileError);
}

QString RecordError::folderNotWritable(const QString &folder)
{
    return tr("The recordings folder %1 is read-only or cannot be created: choose another folder "
              "in Preferences.")
        .arg(QDir::toNativeSeparators(folder));
}
