#include "videooutputfile.h"

#include "record/recorderror.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QObject>

extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/dict.h>
#include <libavutil/error.h>
}

#include <cstring>

VideoOutputFile::VideoOutputFile(const QString &path)
    : m_path(path)
{ }

VideoOutputFile::~VideoOutputFile()
{
    abandon();
}

QString VideoOutputFile::ffmpegError(int averror)
{
    m_error = RecordError::fromFfmpeg(averror, m_path);
    return m_error;
}

bool VideoOutputFile::fail(const QString &message)
{
    m_error = message;
    return false;
}

bool VideoOutputFile::create(const char *formatName)
{
    abandon();
    m_error.clear();
    const QString folder = QFileInfo(m_path).absolutePath();
    if (!QDir().mkpath(folder))
        return fail(RecordError::folderNotWritable(folder));
    const QByteArray partial = QFile::encodeName(partialPath());
    if (const int result
        = avformat_alloc_output_context2(&m_format, nullptr, formatName, partial.constData());
        result < 0)
        return fail(ffmpegError(result));
    m_isMp4 = std::strcmp(formatName, "mp4") == 0;
    m_stream = avformat_new_stream(m_format, nullptr);
    if (!m_stream)
        return fail(ffmpegError(AVERROR(ENOMEM)));
    return true;
}

bool VideoOutputFile::writeHeader()
{
    if (!m_format)
        return false;
    const QByteArray partial = QFile::encodeName(partialPath());
    if (const int result = avio_open(&m_format->pb, partial.constData(), AVIO_FLAG_WRITE);
        result < 0)
        return fail(ffmpegError(result));
    AVDictionary *options = nullptr;
    if (m_isMp4)
        av_dict_set(&options, "movflags", "+faststart", 0);
    const int header = avformat_write_header(m_format, &options);
    av_dict_free(&options);
    if (header < 0)
        return fail(ffmpegError(header));
    return true;
}

bool VideoOutputFile::finish()
{
    if (!m_format)
        return false;
    if (const int result = av_write_trailer(m_format); result < 0)
        return fail(ffmpegError(result));
    if (const int result = avio_closep(&m_format->pb); result < 0)
        return fail(ffmpegError(result));
    freeMuxer();
    if (!QFile::rename(partialPath(), m_path)) {
        QFile::remove(partialPath());
        return fail(QObject::tr("Cannot name the video %1: a file of that name is in the way or "
                                "the folder is read-only.")
                        .arg(QDir::toNativeSeparators(m_path)));
    }
    return true;
}

void VideoOutputFile::abandon()
{
    if (!m_format)
        return;
    freeMuxer();
    QFile::remove(partialPath());
}

void VideoOutputFile::freeMuxer()
{
    if (m_format->pb)
        avio_closep(&m_format->pb);
    avformat_free_context(m_format); // its streams too
    m_format = nullptr;
    m_stream = nullptr;
}
