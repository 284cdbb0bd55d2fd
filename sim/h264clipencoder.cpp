#include "h264clipencoder.h"

#include <QColor>
#include <QPainter>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/error.h>
#include <libavutil/frame.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>
}

namespace {

QString ffmpegError(int code)
{
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, text, sizeof text);
    return QString::fromUtf8(text);
}

} // namespace

struct H264ClipEncoder::Context
{
    AVCodecContext *codec = nullptr;
    AVFrame *frame = nullptr;
    AVPacket *packet = nullptr;
    SwsContext *converter = nullptr;
    QSize size;
    qint64 nextPts = 0;

    ~Context()
    {
        sws_freeContext(converter);
        av_packet_free(&packet);
        av_frame_free(&frame);
        avcodec_free_context(&codec);
    }
};

H264ClipEncoder::H264ClipEncoder(const QSize &size, int keyInterval, int framesPerSecond,
                                 const QString &preset, int bitRate)
{
    auto context = std::make_unique<Context>();
    context->size = size;
    const AVCodec *codec = avcodec_find_encoder_by_name("libx264");
    if (!codec) {
        m_error = QStringLiteral("FFmpeg has no libx264 encoder");
        return;
    }
    context->codec = avcodec_alloc_context3(codec);
    context->frame = av_frame_alloc();
    context->packet = av_packet_alloc();
    if (!context->codec || !context->frame || !context->packet) {
        m_error = QStringLiteral("out of memory");
        return;
    }
    AVCodecContext *c = context->codec;
    c->width = size.width();
    c->height = size.height();
    c->pix_fmt = AV_PIX_FMT_YUV420P;
    c->time_base = AVRational{1, framesPerSecond};
    c->framerate = AVRational{framesPerSecond, 1};
    c->gop_size = keyInterval;
    c->keyint_min = keyInterval;
    c->max_b_frames = 0;
    c->thread_count = 1; // deterministic, and cheap on a shared machine
    c->bit_rate = bitRate;
    av_opt_set(c->priv_data, "preset", preset.toUtf8().constData(), 0);
    av_opt_set(c->priv_data, "tune", "zerolatency", 0);
    // SPS and PPS before every IDR, as a camera does; no extra key frames at scene cuts.
    av_opt_set(c->priv_data, "x264-params", "repeat-headers=1:scenecut=0:sliced-threads=0", 0);
    if (bitRate == 0)
        av_opt_set(c->priv_data, "crf", "23", 0);
    c->rc_max_rate = bitRate; // a camera's steady rate (0: unconstrained)
    c->rc_buffer_size = bitRate;
    if (const int result = avcodec_open2(c, codec, nullptr); result < 0) {
        m_error = QStringLiteral("cannot open libx264: %1").arg(ffmpegError(result));
        return;
    }
    context->frame->format = c->pix_fmt;
    context->frame->width = c->width;
    context->frame->height = c->height;
    if (const int result = av_frame_get_buffer(context->frame, 0); result < 0) {
        m_error = ffmpegError(result);
        return;
    }
    m_context = std::move(context);
}

H264ClipEncoder::~H264ClipEncoder() = default;

bool H264ClipEncoder::isValid() const
{
    return m_context != nullptr;
}

H264ClipEncoder::AccessUnit H264ClipEncoder::encode(const QImage &picture)
{
    if (!m_context)
        return {};
    Context &context = *m_context;
    QImage rgb = picture.size() == context.size ? picture : picture.scaled(context.size);
    rgb.convertTo(QImage::Format_RGB32);
    context.converter = sws_getCachedContext(
        context.converter, rgb.width(), rgb.height(), AV_PIX_FMT_RGB32, context.size.width(),
        context.size.height(), AV_PIX_FMT_YUV420P, SWS_BILINEAR, nullptr, nullptr, nullptr);
    if (!context.converter || av_frame_make_writable(context.frame) < 0) {
        m_error = QStringLiteral("cannot convert the picture");
        return {};
    }
    const uint8_t *source[4] = {rgb.constBits(), nullptr, nullptr, nullptr};
    const int sourceStride[4] = {int(rgb.bytesPerLine()), 0, 0, 0};
    sws_scale(context.converter, source, sourceStride, 0, rgb.height(), context.frame->data,
              context.frame->linesize);
    context.frame->pts = context.nextPts++;

    AccessUnit unit;
    if (const int result = avcodec_send_frame(context.codec, context.frame); result < 0) {
        m_error = ffmpegError(result);
        return unit;
    }
    // zerolatency: one frame in, its access unit out at once.
    while (avcodec_receive_packet(context.codec, context.packet) == 0) {
        unit.bytes.append(reinterpret_cast<const char *>(context.packet->data),
                          context.packet->size);
        unit.keyFrame = unit.keyFrame || (context.packet->flags & AV_PKT_FLAG_KEY);
        av_packet_unref(context.packet);
    }
    return unit;
}

QImage H264ClipEncoder::testPicture(const QSize &size, const QColor &colour, int index)
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(colour);
    QPainter painter(&image);
    const int square = qMax(4, size.height() / 12);
    const int columns = qMax(1, size.width() / (2 * square));
    painter.fillRect((index % columns) * 2 * square, 0, square, square, Qt::white);
    return image;
}
