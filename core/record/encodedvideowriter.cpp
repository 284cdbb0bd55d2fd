#include "encodedvideowriter.h"

#include "protocol/h264annexb.h"
#include "record/recorderror.h"
#include "record/videooutputfile.h"

#include <QBuffer>
#include <QDir>
#include <QImageReader>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/dict.h>
#include <libavutil/error.h>
#include <libavutil/mem.h>
}

#include <cstring>

struct EncodedVideoWriter::Context
{
    explicit Context(const QString &path)
        : output(path)
    { }
    ~Context() { av_packet_free(&pending); }
    Q_DISABLE_COPY_MOVE(Context)

    VideoOutputFile output; // removes its partial file unless finished
    AVPacket *pending = nullptr; // the newest frame, written once the next one gives its duration
};

EncodedVideoWriter::EncodedVideoWriter(const QString &path, Container container)
    : m_path(path)
    , m_container(container)
{ }

EncodedVideoWriter::~EncodedVideoWriter()
{
    abort();
}

bool EncodedVideoWriter::isOpen() const
{
    return m_context != nullptr;
}

bool EncodedVideoWriter::fail(const QString &message)
{
    m_error = message;
    abort();
    return false;
}

bool EncodedVideoWriter::failFfmpeg(int averror)
{
    return fail(RecordError::fromFfmpeg(averror, m_path));
}

qint64 EncodedVideoWriter::clockMsOf(const CameraFrame &frame)
{
    if (frame.receivedNs() != 0)
        return frame.receivedNs() / 1000000;
    return frame.receivedAt().toMSecsSinceEpoch();
}

QSize EncodedVideoWriter::h264SizeOf(const QByteArray &accessUnit)
{
    AVCodecParserContext *parser = av_parser_init(AV_CODEC_ID_H264);
    AVCodecContext *context = avcodec_alloc_context3(nullptr);
    QSize size;
    if (parser && context) {
        // Whole access units: the parser reads the SPS and the slice header at once.
        parser->flags |= PARSER_FLAG_COMPLETE_FRAMES;
        uint8_t *out = nullptr;
        int outSize = 0;
        av_parser_parse2(parser, context, &out, &outSize,
                         reinterpret_cast<const uint8_t *>(accessUnit.constData()),
                         static_cast<int>(accessUnit.size()), AV_NOPTS_VALUE, AV_NOPTS_VALUE, 0);
        if (parser->width > 0 && parser->height > 0)
            size = QSize(parser->width, parser->height);
        else if (context->width > 0 && context->height > 0)
            size = QSize(context->width, context->height);
    }
    av_parser_close(parser);
    avcodec_free_context(&context);
    return size;
}

bool EncodedVideoWriter::open(const CameraFrame &first)
{
    m_codec = first.codec();
    QByteArray extradata;
    if (m_codec == CameraFrame::Codec::H264) {
        m_size = h264SizeOf(first.encoded());
        extradata = H264AnnexB::parameterSetsOf(first.encoded());
        if (!m_size.isValid() || extradata.isEmpty())
            return fail(QObject::tr("The camera's H.264 key frame has no readable parameter sets: "
                                    "cannot start %1.")
                            .arg(QDir::toNativeSeparators(m_path)));
    } else if (m_codec == CameraFrame::Codec::Jpeg) {
        if (m_container != Container::Matroska)
            return fail(QObject::tr("JPEG frames are kept in Matroska only (%1).")
                            .arg(QDir::toNativeSeparators(m_path)));
        QByteArray bytes = first.encoded();
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::ReadOnly);
        m_size = QImageReader(&buffer, "jpeg").size(); // the header only
        if (!m_size.isValid())
            return fail(QObject::tr("The camera sent a JPEG without a readable size: cannot "
                                    "start %1.")
                            .arg(QDir::toNativeSeparators(m_path)));
    } else {
        return fail(QObject::tr("This camera's frames carry no encoded video to record."));
    }
    m_context = std::make_unique<Context>(m_path);
    Context &c = *m_context;
    if (!c.output.create(m_container == Container::Mp4 ? "mp4" : "matroska"))
        return fail(c.output.errorString());
    c.pending = av_packet_alloc();
    if (!c.pending)
        return failFfmpeg(AVERROR(ENOMEM));
    AVCodecParameters *parameters = c.output.stream()->codecpar;
    parameters->codec_type = AVMEDIA_TYPE_VIDEO;
    parameters->codec_id
        = m_codec == CameraFrame::Codec::H264 ? AV_CODEC_ID_H264 : AV_CODEC_ID_MJPEG;
    parameters->width = m_size.width();
    parameters->height = m_size.height();
    if (!extradata.isEmpty()) {
        // Annex B parameter sets: the muxers turn them into avcC and the access units into
        // length-prefixed NAL units themselves.
        parameters->extradata = static_cast<uint8_t *>(
            av_mallocz(static_cast<size_t>(extradata.size()) + AV_INPUT_BUFFER_PADDING_SIZE));
        if (!parameters->extradata)
            return failFfmpeg(AVERROR(ENOMEM));
        std::memcpy(parameters->extradata, extradata.constData(),
                    static_cast<size_t>(extradata.size()));
        parameters->extradata_size = static_cast<int>(extradata.size());
    }
    c.output.stream()->time_base = AVRational{1, 1000};
    if (!c.output.writeHeader())
        return fail(c.output.errorString());
    m_firstClockMs = clockMsOf(first);
    return true;
}

bool EncodedVideoWriter::addFrame(const CameraFrame &frame)
{
    if (frame.encoded().isEmpty())
        return true; // a picture-only frame: nothing to copy
    if (!m_context) {
        if (m_frames > 0 || !m_error.isEmpty())
            return false; // finished, aborted or failed
        if (frame.codec() == CameraFrame::Codec::H264 && !frame.isKeyFrame()) {
            ++m_skipped;
            return true;
        }
        if (!open(frame))
            return false;
    } else if (frame.codec() != m_codec) {
        return fail(QObject::tr("The camera changed its kind of video during %1.")
                        .arg(QDir::toNativeSeparators(m_path)));
    }
    Context &c = *m_context;
    qint64 ms = clockMsOf(frame) - m_firstClockMs;
    if (ms <= m_lastMs)
        ms = m_lastMs + 1; // the muxers want growing times
    // The previous frame lasts until this one: MP4 drops a last sample without a duration.
    if (!writePending(ms - m_lastMs))
        return false;
    m_lastMs = ms;
    if (const int result = av_new_packet(c.pending, static_cast<int>(frame.encoded().size()));
        result < 0)
        return failFfmpeg(result);
    std::memcpy(c.pending->data, frame.encoded().constData(),
                static_cast<size_t>(frame.encoded().size()));
    c.pending->pts = ms;
    c.pending->dts = ms;
    c.pending->stream_index = c.output.stream()->index;
    if (frame.isKeyFrame() || frame.codec() == CameraFrame::Codec::Jpeg)
        c.pending->flags |= AV_PKT_FLAG_KEY;
    ++m_frames;
    return true;
}

bool EncodedVideoWriter::writePending(qint64 durationMs)
{
    Context &c = *m_context;
    if (c.pending->size == 0)
        return true;
    c.pending->duration = qMax<qint64>(1, durationMs);
    m_lastDurationMs = c.pending->duration;
    // The muxer may have chosen a finer time base than ours (MP4 does) in write_header.
    av_packet_rescale_ts(c.pending, AVRational{1, 1000}, c.output.stream()->time_base);
    const int written
        = av_write_frame(c.output.format(), c.pending); // no B-frames: already in order
    av_packet_unref(c.pending);
    if (written < 0)
        return failFfmpeg(written);
    return true;
}

bool EncodedVideoWriter::finish()
{
    if (!m_context) {
        if (m_error.isEmpty())
            m_error = QObject::tr("No frame went into the video %1.")
                          .arg(QDir::toNativeSeparators(m_path));
        return false;
    }
    Context &c = *m_context;
    if (!writePending(m_lastDurationMs)) // the last frame lasts as long as the one before
        return false;
    if (!c.output.finish())
        return fail(c.output.errorString());
    m_context.reset();
    return true;
}

void EncodedVideoWriter::abort()
{
    m_context.reset(); // the output file removes what it wrote
}
