#include "camera/rtsps/rtspreader.h"

#include "frames/cameraframe.h"
#include "protocol/h264annexb.h"

#include <QLoggingCategory>
#include <QScopeGuard>

#include <cstdio>
#include <mutex>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/dict.h>
#include <libavutil/error.h>
#include <libavutil/log.h>
}

Q_LOGGING_CATEGORY(lcFfmpeg, "farmcam.ffmpeg")

namespace {

QString errorText(int error)
{
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(error, text, sizeof text);
    return QString::fromUtf8(text);
}

void logCallback(void *avClass, int level, const char *format, va_list arguments)
{
    // Above AV_LOG_WARNING FFmpeg prints request and response headers, which carry the
    // Authorization line: never let those through, whatever the process's log level says.
    if (level > AV_LOG_WARNING)
        return;
    char line[1024];
    int printPrefix = 1;
    av_log_format_line2(avClass, level, format, arguments, line, sizeof line, &printPrefix);
    const QString text = QString::fromUtf8(line).trimmed();
    if (text.isEmpty())
        return;
    if (level <= AV_LOG_ERROR)
        qCInfo(lcFfmpeg).noquote() << text; // the camera reports the failure in its own words
    else
        qCDebug(lcFfmpeg).noquote() << text;
}

struct FormatContextCloser
{
    void operator()(AVFormatContext *context) const { avformat_close_input(&context); }
};
struct PacketFreer
{
    void operator()(AVPacket *packet) const { av_packet_free(&packet); }
};
struct DictionaryFreer
{
    void operator()(AVDictionary **dictionary) const { av_dict_free(dictionary); }
};

} // namespace

RtspReader::RtspReader(const QByteArray &url, const Options &options, Callbacks callbacks)
    : m_url(url)
    , m_options(options)
    , m_callbacks(std::move(callbacks))
{ }

RtspReader::~RtspReader()
{
    stop();
    join();
}

void RtspReader::routeFfmpegLog()
{
    static std::once_flag once;
    std::call_once(once, [] { av_log_set_callback(&logCallback); });
}

void RtspReader::start()
{
    if (m_thread.joinable())
        return;
    routeFfmpegLog();
    m_thread = std::thread([this] { run(); });
}

void RtspReader::stop()
{
    m_stop.store(true, std::memory_order_relaxed);
}

void RtspReader::join()
{
    if (m_thread.joinable())
        m_thread.join();
}

int RtspReader::interruptCallback(void *opaque)
{
    return static_cast<RtspReader *>(opaque)->m_stop.load(std::memory_order_relaxed) ? 1 : 0;
}

void RtspReader::run()
{
    Result result;
    const auto finish = [this, &result] {
        if (m_stop.load(std::memory_order_relaxed))
            result.error = AVERROR_EXIT; // whatever FFmpeg said, it was told to stop
        if (result.message.isEmpty())
            result.message = errorText(result.error);
        if (m_callbacks.finished)
            m_callbacks.finished(result);
    };

    AVFormatContext *raw = avformat_alloc_context();
    if (!raw) {
        result.error = AVERROR(ENOMEM);
        finish();
        return;
    }
    raw->interrupt_callback.callback = &RtspReader::interruptCallback;
    raw->interrupt_callback.opaque = this;

    AVDictionary *options = nullptr;
    const std::unique_ptr<AVDictionary *, DictionaryFreer> optionsOwner(&options);
    av_dict_set(&options, "rtsp_transport", "tcp", 0);
    av_dict_set(&options, "allowed_media_types", "video", 0);
    av_dict_set_int(&options, "timeout", qint64(m_options.ioTimeout.count()) * 1000, 0);
    // The picture size comes from the first key frame (the SDP's parameter sets alone do not
    // give FFmpeg the size). No frame-rate probing: it would hold the first pictures back for a
    // second or more, forever on a printer whose timestamps do not advance, and a stream that
    // stalls early would never count as up.
    av_dict_set_int(&options, "probesize", 512 * 1024, 0);
    av_dict_set_int(&options, "analyzeduration", 500000, 0);
    av_dict_set_int(&options, "fpsprobesize", 0, 0);

    // On failure avformat_open_input() frees the context itself.
    const int opened = avformat_open_input(&raw, m_url.constData(), nullptr, &options);
    if (opened < 0) {
        result.error = opened;
        finish();
        return;
    }
    const std::unique_ptr<AVFormatContext, FormatContextCloser> context(raw);

    if (const int found = avformat_find_stream_info(context.get(), nullptr); found < 0) {
        result.error = found;
        finish();
        return;
    }
    const int streamIndex
        = av_find_best_stream(context.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (streamIndex < 0 || context->streams[streamIndex]->codecpar->codec_id != AV_CODEC_ID_H264) {
        result.error = AVERROR_INVALIDDATA;
        result.unsupportedStream = true;
        result.message = streamIndex < 0
            ? QStringLiteral("no video stream")
            : QStringLiteral("the video is %1, not H.264")
                  .arg(QString::fromUtf8(
                      avcodec_get_name(context->streams[streamIndex]->codecpar->codec_id)));
        finish();
        return;
    }
    result.opened = true;

    const AVCodecParameters *parameters = context->streams[streamIndex]->codecpar;
    QByteArray parameterSets = H264AnnexB::parameterSetsOfExtradata(QByteArrayView(
        reinterpret_cast<const char *>(parameters->extradata), parameters->extradata_size));
    if (m_callbacks.opened)
        m_callbacks.opened(parameters->width > 0 && parameters->height > 0
                               ? QSize(parameters->width, parameters->height)
                               : QSize());

    const std::unique_ptr<AVPacket, PacketFreer> packet(av_packet_alloc());
    if (!packet) {
        result.error = AVERROR(ENOMEM);
        finish();
        return;
    }
    bool skipping = false; // dropping frames until a key frame (the owner fell behind)
    for (;;) {
        const int read = av_read_frame(context.get(), packet.get());
        if (read < 0) {
            result.error = read;
            break;
        }
        const auto unref = qScopeGuard([&packet] { av_packet_unref(packet.get()); });
        if (packet->stream_index != streamIndex || packet->size <= 0)
            continue;
        const QDateTime receivedAt = QDateTime::currentDateTime();
        const qint64 receivedNs = CameraFrame::steadyNowNs();

        size_t sideSize = 0;
        if (const uint8_t *extradata
            = av_packet_get_side_data(packet.get(), AV_PKT_DATA_NEW_EXTRADATA, &sideSize)) {
            const QByteArray sets = H264AnnexB::parameterSetsOfExtradata(
                QByteArrayView(reinterpret_cast<const char *>(extradata), qsizetype(sideSize)));
            if (!sets.isEmpty())
                parameterSets = sets;
        }
        Frame frame;
        frame.keyFrame = (packet->flags & AV_PKT_FLAG_KEY) != 0;
        frame.receivedAt = receivedAt;
        frame.receivedNs = receivedNs;
        const QByteArray accessUnit(reinterpret_cast<const char *>(packet->data), packet->size);
        if (H264AnnexB::hasParameterSets(accessUnit))
            parameterSets = H264AnnexB::parameterSetsOf(accessUnit); // the newest win
        frame.accessUnit = H264AnnexB::withParameterSets(accessUnit, frame.keyFrame, parameterSets);

        const int inFlight = m_inFlight.load(std::memory_order_relaxed);
        if (inFlight >= m_options.maxFramesInFlight)
            skipping = true;
        else if (skipping && frame.keyFrame && inFlight < m_options.maxFramesInFlight / 2)
            skipping = false;
        if (skipping) {
            m_dropped.fetch_add(1, std::memory_order_relaxed);
            continue;
        }
        m_inFlight.fetch_add(1, std::memory_order_relaxed);
        if (m_callbacks.frame)
            m_callbacks.frame(std::move(frame));
    }
    finish(); // before the context closes: the owner learns the outcome now
}
