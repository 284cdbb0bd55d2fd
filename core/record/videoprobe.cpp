#include "videoprobe.h"

#include <QFile>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/error.h>
#include <libavutil/frame.h>
#include <libswscale/swscale.h>
}

namespace {

QString ffmpegError(int code)
{
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, text, sizeof text);
    return QString::fromUtf8(text);
}

struct Resources
{
    AVFormatContext *format = nullptr;
    AVCodecContext *codec = nullptr;
    AVPacket *packet = nullptr;
    AVFrame *frame = nullptr;
    ~Resources()
    {
        av_frame_free(&frame);
        av_packet_free(&packet);
        avcodec_free_context(&codec);
        avformat_close_input(&format);
    }
};

// Receives every frame the decoder has ready; false on a decode error.
bool receiveAll(Resources &r, VideoProbe::Info &info)
{
    for (;;) {
        const int received = avcodec_receive_frame(r.codec, r.frame);
        if (received == AVERROR(EAGAIN) || received == AVERROR_EOF)
            return true;
        if (received < 0) {
            ++info.decodeErrors;
            if (info.error.isEmpty())
                info.error = ffmpegError(received);
            return false;
        }
        if (r.frame->decode_error_flags != 0) {
            ++info.decodeErrors;
            if (info.error.isEmpty())
                info.error = QStringLiteral("a frame was concealed");
        }
        ++info.frames;
        av_frame_unref(r.frame);
    }
}

} // namespace

VideoProbe::Info VideoProbe::probe(const QString &path, Depth depth)
{
    Info info;
    Resources r;
    const QByteArray name = QFile::encodeName(path);
    if (const int result = avformat_open_input(&r.format, name.constData(), nullptr, nullptr);
        result < 0) {
        info.error = ffmpegError(result);
        return info;
    }
    if (const int result = avformat_find_stream_info(r.format, nullptr); result < 0) {
        info.error = ffmpegError(result);
        return info;
    }
    const int index = av_find_best_stream(r.format, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (index < 0) {
        info.error = QStringLiteral("no video stream");
        return info;
    }
    const AVStream *stream = r.format->streams[index];
    info.codec = QString::fromUtf8(avcodec_get_name(stream->codecpar->codec_id));
    info.size = QSize(stream->codecpar->width, stream->codecpar->height);
    if (r.format->duration != AV_NOPTS_VALUE)
        info.durationMs = r.format->duration / (AV_TIME_BASE / 1000);
    info.frames = stream->nb_frames > 0 ? static_cast<int>(stream->nb_frames) : -1;
    if (depth == Depth::Header) {
        info.ok = true;
        return info;
    }

    const AVCodec *decoder = avcodec_find_decoder(stream->codecpar->codec_id);
    r.codec = decoder ? avcodec_alloc_context3(decoder) : nullptr;
    r.packet = av_packet_alloc();
    r.frame = av_frame_alloc();
    if (!r.codec || !r.packet || !r.frame
        || avcodec_parameters_to_context(r.codec, stream->codecpar) < 0
        || avcodec_open2(r.codec, decoder, nullptr) < 0) {
        info.error = QStringLiteral("cannot open a decoder for %1").arg(info.codec);
        return info;
    }
    info.frames = 0;
    while (av_read_frame(r.format, r.packet) >= 0) {
        if (r.packet->stream_index == index) {
            const int sent = avcodec_send_packet(r.codec, r.packet);
            if (sent < 0) {
                ++info.decodeErrors;
                if (info.error.isEmpty())
                    info.error = ffmpegError(sent);
            }
            receiveAll(r, info);
        }
        av_packet_unref(r.packet);
    }
    avcodec_send_packet(r.codec, nullptr);
    receiveAll(r, info);
    info.ok = info.decodeErrors == 0;
    return info;
}

QList<QImage> VideoProbe::pictures(const QString &path, int maxFrames)
{
    QList<QImage> list;
    Resources r;
    const QByteArray name = QFile::encodeName(path);
    if (avformat_open_input(&r.format, name.constData(), nullptr, nullptr) < 0
        || avformat_find_stream_info(r.format, nullptr) < 0)
        return list;
    const int index = av_find_best_stream(r.format, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (index < 0)
        return list;
    const AVCodecParameters *parameters = r.format->streams[index]->codecpar;
    const AVCodec *decoder = avcodec_find_decoder(parameters->codec_id);
    r.codec = decoder ? avcodec_alloc_context3(decoder) : nullptr;
    r.packet = av_packet_alloc();
    r.frame = av_frame_alloc();
    if (!r.codec || !r.packet || !r.frame || avcodec_parameters_to_context(r.codec, parameters) < 0
        || avcodec_open2(r.codec, decoder, nullptr) < 0)
        return list;
    SwsContext *converter = nullptr;
    const auto receive = [&] {
        while (list.size() < maxFrames && avcodec_receive_frame(r.codec, r.frame) >= 0) {
            QImage picture(r.frame->width, r.frame->height, QImage::Format_RGB32);
            converter = sws_getCachedContext(converter, r.frame->width, r.frame->height,
                                             static_cast<AVPixelFormat>(r.frame->format),
                                             picture.width(), picture.height(), AV_PIX_FMT_RGB32,
                                             SWS_BILINEAR, nullptr, nullptr, nullptr);
            if (converter) {
                uint8_t *target[1] = {picture.bits()};
                const int stride[1] = {static_cast<int>(picture.bytesPerLine())};
                sws_scale(converter, r.frame->data, r.frame->linesize, 0, r.frame->height, target,
                          stride);
                list.append(picture);
            }
            av_frame_unref(r.frame);
        }
    };
    while (list.size() < maxFrames && av_read_frame(r.format, r.packet) >= 0) {
        if (r.packet->stream_index == index && avcodec_send_packet(r.codec, r.packet) >= 0)
            receive();
        av_packet_unref(r.packet);
    }
    avcodec_send_packet(r.codec, nullptr);
    receive();
    sws_freeContext(converter);
    return list;
}
