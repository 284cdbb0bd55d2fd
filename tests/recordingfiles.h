// Small real files for the recordings tests: a playable MP4 or MKV of pattern pictures, and any
// bytes under a path, with the folders on the way made.
#pragma once

#include "record/picturevideowriter.h"
#include "testframes.h"

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSize>
#include <QString>

namespace RecordingFiles {

inline bool writeVideo(const QString &path, int pictures)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    PictureVideoWriter writer(path);
    if (!writer.open(QSize(160, 90)))
        return false;
    for (int i = 0; i < pictures; ++i) {
        if (!writer.addPicture(TestFrames::patternImage(QSize(160, 90))))
            return false;
    }
    return writer.finish();
}

inline bool writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

} // namespace RecordingFiles
