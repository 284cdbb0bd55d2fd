#include "picturevideowriter.h"

#include "record/recorderror.h"
#include "record/videooutputfile.h"

#include <QDir>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/dict.h>
#include <libavutil/error.h>
#include <libavutil/frame.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>
}

struct PictureVideoWriter::Context
{
    explicit Context(const QString &path)
        : output(path)
    { }
    ~Context()
    {
        sws_freeContext(converter);
        av_packet_free(&packet);
        av_frame_free(&frame);
        avcodec_free_context(&codec);
    }
    Q_DISABLE_COPY_MOVE(Context)

    VideoOutputFile output; // removes its partial file unless finished
    AVCodecContext *codec = nullptr;
    AVFrame *frame = nullptr;
    AVPacket *packet = nullptr;
    SwsContext *converter = nullptr;
};

PictureVideoWriter::PictureVideoWriter(const QString &path)
    : PictureVideoWriter(path, Options())
{ }

PictureVideoWriter::PictureVideoWriter(const QString &path, const Options &options)
    : m_path(path)
    , m_options(options)
{ }

PictureVideoWriter::~PictureVideoWriter()
{
    abort();
}

bool PictureVideoWriter::isOpen() const
{
    return m_context != nullptr;
}

bool PictureVideoWriter::fail(const QString &message)
{
    m_error = message;
    abort();
    return false;
}

bool PictureVideoWriter::failFfmpeg(int averror)
{
    return fail(RecordError::fromFfmpeg(averror, m_path));
}

bool PictureVideoWriter::open(const QSize &wanted)
{
    abort();
    m_error.clear();
    m_frames = 0;
    m_lastPts = -1;
    m_size = QSize(wanted.width() & ~1, wanted.height() & ~1);
    if (m_size.width() < 2 || m_size.height() < 2)
        return fail(QObject::tr("Cannot make a video of pictures %1x%2 pixels small.")
                        .arg(wanted.width())
                        .arg(wanted.height()));
    m_context = std::make_unique<Context>(m_path);
    Context &c = *m_context;
    if (!c.output.create("mp4"))
        return fail(c.output.errorString());

    const AVCodec *encoder = avcodec_find_encoder_by_name("libx264");
    if (!encoder)
        encoder = avcodec_find_encoder(AV_CODEC_ID_H264); // whatever H.264 FFmpeg has
    if (!encoder)
        return failFfmpeg(AVERROR_ENCODER_NOT_FOUND);
    m_encoderName = QString::fromUtf8(encoder->name);

    c.codec = avcodec_alloc_context3(encoder);
    c.frame = av_frame_alloc();
    c.packet = av_packet_alloc();
    if (!c.codec || !c.frame || !c.packet)
        return failFfmpeg(AVERROR(ENOMEM));

    AVCodecContext *codec = c.codec;
    codec->width = m_size.width();
    codec->height = m_size.height();
    codec->pix_fmt = AV_PIX_FMT_YUV420P;
    codec->time_base = m_options.clock == Clock::ConstantRate
        ? AVRational{1, m_options.framesPerSecond}
        : AVRational{1, 1000};
    codec->framerate = AVRational{m_options.framesPerSecond, 1};
    codec->gop_size = m_options.framesPerSecond * 2; // seekable every 2 s of video
    // One thread: the encode runs at low priority beside the wall; threads would only compete
    // with the decoders on a small machine, and one core meets the budget (PERFORMANCE.md).
    codec->thread_count = 1;
    if (c.output.format()->oformat->flags & AVFMT_GLOBALHEADER)
        codec->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    if (m_encoderName == QLatin1String("libx264")) {
        av_opt_set(codec->priv_data, "preset", m_options.preset.toUtf8().constData(), 0);
        av_opt_set(codec->priv_data, "crf", QByteArray::number(m_options.crf).constData(), 0);
    }
    if (const int result = avcodec_open2(codec, encoder, nullptr); result < 0)
        return fail(QObject::tr("Cannot open the H.264 encoder %1: %2")
                        .arg(m_encoderName, RecordError::fromFfmpeg(result, m_path)));
    AVStream *stream = c.output.stream();
    if (const int result = avcodec_parameters_from_context(stream->codecpar, codec); result < 0)
        return failFfmpeg(result);
    stream->time_base = codec->time_base;
    stream->avg_frame_rate = codec->framerate;
    if (!c.output.writeHeader())
        return fail(c.output.errorString());

    c.frame->format = AV_PIX_FMT_YUV420P;
    c.frame->width = m_size.width();
    c.frame->height = m_size.height();
    if (const int result = av_frame_get_buffer(c.frame, 0); result < 0)
        return failFfmpeg(result);
    return true;
}

bool PictureVideoWriter::addPicture(const QImage &picture, qint64 timestampMs)
{
    if (!m_context)
        return false;
    if (picture.isNull())
        return fail(QObject::tr("An empty picture cannot go into the video %1.")
                        .arg(QDir::toNativeSeparators(m_path)));
    Context &c = *m_context;
    QImage rgb = picture.size() == m_size
        ? picture.convertToFormat(QImage::Format_RGB32)
        : picture.scaled(m_size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation)
              .convertToFormat(QImage::Format_RGB32);
    c.converter = sws_getCachedContext(c.converter, rgb.width(), rgb.height(), AV_PIX_FMT_RGB32,
                                       m_size.width(), m_size.height(), AV_PIX_FMT_YUV420P,
                                       SWS_BILINEAR, nullptr, nullptr, nullptr);
    if (!c.converter)
        return failFfmpeg(AVERROR(ENOMEM));
    if (const int result = av_frame_make_writable(c.frame); result < 0)
        return failFfmpeg(result);
    const uint8_t *source[1] = {rgb.constBits()};
    const int sourceStride[1] = {static_cast<int>(rgb.bytesPerLine())};
    sws_scale(c.converter, source, sourceStride, 0, rgb.height(), c.frame->data, c.frame->linesize);

    qint64 pts = m_options.clock == Clock::ConstantRate ? m_frames : timestampMs;
    if (pts <= m_lastPts)
        pts = m_lastPts + 1;
    c.frame->pts = pts;
    m_lastPts = pts;
    if (!sendFrame(false))
        return false;
    ++m_frames;
    return true;
}

bool PictureVideoWriter::sendFrame(bool flush)
{
    Context &c = *m_context;
    const int sent = avcodec_send_frame(c.codec, flush ? nullptr : c.frame);
    if (sent < 0)
        return failFfmpeg(sent);
    return drainPackets();
}

bool PictureVideoWriter::drainPackets()
{
    Context &c = *m_context;
    for (;;) {
        const int received = avcodec_receive_packet(c.codec, c.packet);
        if (received == AVERROR(EAGAIN) || received == AVERROR_EOF)
            return true;
        if (received < 0)
            return failFfmpeg(received);
        av_packet_rescale_ts(c.packet, c.codec->time_base, c.output.stream()->time_base);
        c.packet->stream_index = c.output.stream()->index;
        const int written = av_interleaved_write_frame(c.output.format(), c.packet);
        av_packet_unref(c.packet);
        if (written < 0)
            return failFfmpeg(written);
    }
}

bool PictureVideoWriter::finish()
{
    if (!m_context)
        return false;
    Context &c = *m_context;
    if (m_frames == 0)
        return fail(QObject::tr("No picture went into the video %1.")
                        .arg(QDir::toNativeSeparators(m_path)));
    // The frame buffer still holds the last picture: send it again for the hold.
    if (m_options.holdLastMs > 0) {
        if (m_options.clock == Clock::ConstantRate) {
            const int repeats = m_options.holdLastMs * m_options.framesPerSecond / 1000;
            for (int i = 0; i < repeats; ++i) {
                if (const int result = av_frame_make_writable(c.frame); result < 0)
                    return failFfmpeg(result);
                c.frame->pts = ++m_lastPts;
                if (!sendFrame(false))
                    return false;
                ++m_frames;
            }
        } else {
            c.frame->pts = m_lastPts + m_options.holdLastMs;
            m_lastPts = c.frame->pts;
            if (!sendFrame(false))
                return false;
            ++m_frames;
        }
    }
    if (!sendFrame(true))
        return false;
    if (!c.output.finish())
        return fail(c.output.errorString());
    m_context.reset();
    return true;
}

void PictureVideoWriter::abort()
{
    m_context.reset(); // the output file removes what it wrote
}
