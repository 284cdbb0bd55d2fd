#include "h264decoder.h"

#include "frames/framedecoder.h"

#include <QLoggingCategory>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/error.h>
#include <libavutil/frame.h>
#include <libavutil/imgutils.h>
#include <libavutil/mem.h>
#include <libavutil/pixfmt.h>
#include <libswscale/swscale.h>
}

#include <cstring>
#include <memory>
#include <mutex>
#include <vector>

Q_LOGGING_CATEGORY(lcH264, "farmcam.decoder")

namespace {

QString ffmpegError(int code)
{
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, text, sizeof text);
    return QString::fromUtf8(text);
}

// QImage::Format_RGB32 is 0xffRRGGBB in a native 32-bit word: FFmpeg's native-endian RGB32.
constexpr AVPixelFormat kPictureFormat = AV_PIX_FMT_RGB32;
// Rows aligned for swscale's SIMD, which may also write a little past a row's last pixel.
constexpr int kRowAlignment = 64;

// Picture buffers for reuse. A fresh buffer for every picture (6 MB in the single view, 30 times
// a second) came from the allocator as untouched pages each time, and their page faults cost a
// sixth of the single view's CPU. Pictures are let go on another thread (the GUI's) than the one
// that converts them, hence the lock; only a few are alive at once (the tile's, the hub's, the
// one in flight), so a few are kept.
class PictureBufferPool final
{
    Q_DISABLE_COPY_MOVE(PictureBufferPool)

public:
    static constexpr std::size_t kKept = 4;

    PictureBufferPool() = default;
    ~PictureBufferPool()
    {
        for (const Buffer &buffer : m_free)
            av_free(buffer.data);
    }

    uchar *take(std::size_t bytes)
    {
        {
            const std::lock_guard<std::mutex> lock(m_mutex);
            for (auto it = m_free.begin(); it != m_free.end(); ++it) {
                if (it->bytes == bytes) {
                    uchar *data = it->data;
                    m_free.erase(it);
                    return data;
                }
            }
        }
        return static_cast<uchar *>(av_malloc(bytes));
    }

    void give(uchar *data, std::size_t bytes)
    {
        {
            const std::lock_guard<std::mutex> lock(m_mutex);
            if (m_free.size() < kKept) {
                m_free.push_back({data, bytes});
                return;
            }
        }
        av_free(data);
    }

private:
    struct Buffer
    {
        uchar *data;
        std::size_t bytes;
    };
    std::mutex m_mutex;
    std::vector<Buffer> m_free;
};

// What a picture's QImage hands back when it goes: its buffer, to the pool that outlives it.
struct PictureBuffer
{
    std::shared_ptr<PictureBufferPool> pool;
    uchar *data;
    std::size_t bytes;
};

void releasePictureBuffer(void *info)
{
    auto *buffer = static_cast<PictureBuffer *>(info);
    buffer->pool->give(buffer->data, buffer->bytes);
    delete buffer;
}

bool isFullRange(const AVFrame *frame)
{
    switch (frame->format) {
    case AV_PIX_FMT_YUVJ420P:
    case AV_PIX_FMT_YUVJ422P:
    case AV_PIX_FMT_YUVJ444P:
        return true;
    default:
        return frame->color_range == AVCOL_RANGE_JPEG;
    }
}

int swsColorspace(const AVFrame *frame)
{
    switch (frame->colorspace) {
    case AVCOL_SPC_BT709:
        return SWS_CS_ITU709;
    case AVCOL_SPC_BT2020_NCL:
    case AVCOL_SPC_BT2020_CL:
        return SWS_CS_BT2020;
    default:
        return SWS_CS_ITU601; // what cameras that say nothing mean
    }
}

} // namespace

struct H264Decoder::Context
{
    AVCodecContext *codec = nullptr;
    AVPacket *packet = nullptr;
    AVFrame *scratch = nullptr; // what receive_frame fills
    AVFrame *picture = nullptr; // the last clean picture (a reference, not a copy)
    SwsContext *scaler = nullptr;
    int scalerColorspace = -1;
    int scalerFullRange = -1;
    // Shared with the pictures still alive, which may outlive the decoder.
    std::shared_ptr<PictureBufferPool> buffers = std::make_shared<PictureBufferPool>();

    ~Context()
    {
        sws_freeContext(scaler);
        av_frame_free(&picture);
        av_frame_free(&scratch);
        av_packet_free(&packet);
        avcodec_free_context(&codec);
    }
};

H264Decoder::H264Decoder(Mode mode)
    : m_mode(mode)
{
    open();
}

H264Decoder::~H264Decoder() = default;

bool H264Decoder::open()
{
    auto context = std::make_unique<Context>();
    const AVCodec *codec = avcodec_find_decoder(AV_CODEC_ID_H264);
    if (!codec) {
        m_error = QStringLiteral("this FFmpeg has no H.264 decoder");
        qCWarning(lcH264).noquote() << m_error;
        m_context.reset();
        return false;
    }
    context->codec = avcodec_alloc_context3(codec);
    context->packet = av_packet_alloc();
    context->scratch = av_frame_alloc();
    context->picture = av_frame_alloc();
    if (!context->codec || !context->packet || !context->scratch || !context->picture) {
        m_error = QStringLiteral("out of memory");
        m_context.reset();
        return false;
    }
    AVCodecContext *c = context->codec;
    c->thread_count = 1;
    // A camera sends no B-frames: each access unit's picture comes out of the same decode call.
    c->flags |= AV_CODEC_FLAG_LOW_DELAY;
    c->max_pixels = kMaxPixels;
    if (m_mode == Mode::KeyFramesOnly)
        c->skip_frame = AVDISCARD_NONKEY;
    c->skip_loop_filter = m_fast ? AVDISCARD_ALL : AVDISCARD_DEFAULT;
    if (const int result = avcodec_open2(c, codec, nullptr); result < 0) {
        m_error = QStringLiteral("cannot open the H.264 decoder: %1").arg(ffmpegError(result));
        qCWarning(lcH264).noquote() << m_error;
        m_context.reset();
        return false;
    }
    m_context = std::move(context);
    return true;
}

bool H264Decoder::isValid() const
{
    return m_context != nullptr;
}

void H264Decoder::setFast(bool fast)
{
    m_fast = fast;
    if (m_context)
        m_context->codec->skip_loop_filter = fast ? AVDISCARD_ALL : AVDISCARD_DEFAULT;
}

H264Decoder::Result H264Decoder::fail(const QString &error)
{
    m_error = error;
    qCDebug(lcH264).noquote() << "H.264:" << error;
    return Result::Error;
}

H264Decoder::Result H264Decoder::decode(const QByteArray &accessUnit)
{
    if (!m_context && !open())
        return Result::Error;
    if (accessUnit.isEmpty())
        return fail(QStringLiteral("an empty access unit"));
    if (accessUnit.size() > kMaxAccessUnitBytes)
        return fail(QStringLiteral("an access unit of %1 bytes, over the limit of %2")
                        .arg(accessUnit.size())
                        .arg(kMaxAccessUnitBytes));

    Context &context = *m_context;
    AVPacket *packet = context.packet;
    if (const int result = av_new_packet(packet, int(accessUnit.size())); result < 0)
        return fail(ffmpegError(result));
    std::memcpy(packet->data, accessUnit.constData(), std::size_t(accessUnit.size()));
    const int sent = avcodec_send_packet(context.codec, packet);
    av_packet_unref(packet);

    bool clean = false;
    bool corrupt = false;
    for (;;) {
        const int received = avcodec_receive_frame(context.codec, context.scratch);
        if (received == AVERROR(EAGAIN) || received == AVERROR_EOF)
            break;
        if (received < 0) {
            corrupt = true;
            m_error = ffmpegError(received);
            break;
        }
        // A concealed slice or a missing reference decodes to something grey or smeared: not a
        // picture anyone should see.
        if (context.scratch->decode_error_flags != 0
            || (context.scratch->flags & AV_FRAME_FLAG_CORRUPT)) {
            corrupt = true;
            av_frame_unref(context.scratch);
            continue;
        }
        av_frame_unref(context.picture);
        av_frame_move_ref(context.picture, context.scratch);
        clean = true;
        corrupt = false; // a later clean picture supersedes an earlier broken one
    }
    if (sent < 0 && sent != AVERROR(EAGAIN)) {
        ++m_decoded;
        // A picture may still have come out of an earlier packet; this one is broken.
        return fail(QStringLiteral("corrupt access unit: %1").arg(ffmpegError(sent)));
    }
    if (corrupt) {
        ++m_decoded;
        return fail(QStringLiteral("the decoder had to conceal errors in the picture"));
    }
    if (clean) {
        ++m_decoded;
        return Result::Picture;
    }
    return Result::NoPicture;
}

bool H264Decoder::hasPicture() const
{
    return m_context && m_context->picture->data[0] != nullptr;
}

QSize H264Decoder::pictureSize() const
{
    if (!hasPicture())
        return {};
    return QSize(m_context->picture->width, m_context->picture->height);
}

QImage H264Decoder::picture(const QSize &fitInto)
{
    if (!hasPicture())
        return {};
    Context &context = *m_context;
    const AVFrame *frame = context.picture;
    const QSize original(frame->width, frame->height);
    const QSize fitted = FrameDecoder::fittedSize(original, fitInto);
    const auto format = AVPixelFormat(frame->format);

    // swscale's SIMD paths want even output sizes with 4:2:0 input: an odd width or height costs
    // 2.5-3.5x (measured: 888x499 5.4 ms, 888x500 2.1 ms). So convert to the even size at most
    // one pixel larger and show the fitted part of it (the extra column and row stay in the
    // buffer, outside the image): a 0.1 % stretch nobody can see, no copy.
    const QSize converted(fitted.width() + (fitted.width() & 1),
                          fitted.height() + (fitted.height() & 1));
    // Bilinear: for a 1/4 downscale swscale widens the filter with the ratio, so it averages
    // rather than skips pixels; at the same size it is a plain colour conversion. Down to half the
    // width (the single view, every frame: 1920x1080 into 1656x932) no pixel is skipped anyway,
    // and the fast bilinear scaler gives the same look for less (2.2-2.5 against 2.7-3.0 ms a
    // frame on the project's machine).
    const bool nearSize
        = 2 * converted.width() >= original.width() && 2 * converted.height() >= original.height();
    context.scaler = sws_getCachedContext(
        context.scaler, original.width(), original.height(), format, converted.width(),
        converted.height(), kPictureFormat, nearSize ? SWS_FAST_BILINEAR : SWS_BILINEAR, nullptr,
        nullptr, nullptr);
    if (!context.scaler) {
        m_error = QStringLiteral("swscale cannot convert %1 pictures")
                      .arg(QString::fromUtf8(av_get_pix_fmt_name(format)));
        qCWarning(lcH264).noquote() << m_error;
        return {};
    }
    const int colorspace = swsColorspace(frame);
    const int fullRange = isFullRange(frame) ? 1 : 0;
    if (colorspace != context.scalerColorspace || fullRange != context.scalerFullRange) {
        sws_setColorspaceDetails(context.scaler, sws_getCoefficients(colorspace), fullRange,
                                 sws_getCoefficients(SWS_CS_DEFAULT), 1, 0, 1 << 16, 1 << 16);
        context.scalerColorspace = colorspace;
        context.scalerFullRange = fullRange;
    }

    const int stride = FFALIGN(converted.width() * 4, kRowAlignment);
    const std::size_t bytes = std::size_t(stride) * std::size_t(converted.height()) + kRowAlignment;
    uchar *pixels = context.buffers->take(bytes);
    if (!pixels)
        return {};
    QImage image(pixels, fitted.width(), fitted.height(), stride, QImage::Format_RGB32,
                 releasePictureBuffer, new PictureBuffer{context.buffers, pixels, bytes});
    uint8_t *destination[4] = {pixels, nullptr, nullptr, nullptr};
    const int destinationStride[4] = {stride, 0, 0, 0};
    const int rows = sws_scale(context.scaler, frame->data, frame->linesize, 0, original.height(),
                               destination, destinationStride);
    if (rows != converted.height()) {
        m_error
            = QStringLiteral("swscale converted %1 of %2 rows").arg(rows).arg(converted.height());
        qCWarning(lcH264).noquote() << m_error;
        return {};
    }
    return image;
}

void H264Decoder::reset()
{
    if (!m_context)
        return;
    avcodec_flush_buffers(m_context->codec);
    av_frame_unref(m_context->picture);
}
