#include "sim/h264loop.h"

#include "sim/framerenderer.h"
#include "sim/gstreamersupport.h"

#include <QElapsedTimer>
#include <QImage>
#include <QLoggingCategory>

// GLib has a struct member named "signals", a keyword in Qt.
#pragma push_macro("signals")
#undef signals
#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <gst/gst.h>
#pragma pop_macro("signals")

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <list>
#include <mutex>

Q_LOGGING_CATEGORY(lcLoop, "farmcam.sim")

namespace {

constexpr int kMaxDimension = 3840;
constexpr int kMaxDimensionHeight = 2160;
// An encoder that says nothing for this long has failed (seconds; generous for a loaded machine
// and sanitizer builds).
constexpr GstClockTime kPullTimeout = 30 * GST_SECOND;

// Owns a GStreamer object reference (elements, pipelines, samples).
template<typename T, void (*Unref)(T *)> struct GstRef
{
    T *object = nullptr;
    GstRef() = default;
    explicit GstRef(T *o)
        : object(o)
    { }
    ~GstRef()
    {
        if (object)
            Unref(object);
    }
    GstRef(const GstRef &) = delete;
    GstRef &operator=(const GstRef &) = delete;
    T *get() const { return object; }
    explicit operator bool() const { return object != nullptr; }
};

void unrefObject(GstElement *element)
{
    gst_object_unref(element);
}
void unrefSample(GstSample *sample)
{
    gst_sample_unref(sample);
}
void unrefBus(GstBus *bus)
{
    gst_object_unref(bus);
}
void unrefMessage(GstMessage *message)
{
    gst_message_unref(message);
}

using ElementRef = GstRef<GstElement, unrefObject>;
using SampleRef = GstRef<GstSample, unrefSample>;
using BusRef = GstRef<GstBus, unrefBus>;
using MessageRef = GstRef<GstMessage, unrefMessage>;

// Enough for the scene to look like a camera without spending bytes on its noise: about
// 0.07 bits per pixel and frame (1 Mbit/s at 1280x720 and 15 fps, 4.4 at 1920x1080 and 30).
int bitrateKbits(const H264Loop::Format &format)
{
    const double bits = 0.07 * format.size.width() * format.size.height() * format.framesPerSecond;
    return qBound(200, int(bits / 1000), 20000);
}

QString busError(GstBus *bus)
{
    MessageRef message(gst_bus_pop_filtered(bus, GST_MESSAGE_ERROR));
    if (!message)
        return {};
    GError *error = nullptr;
    gst_message_parse_error(message.get(), &error, nullptr);
    const QString text = error ? QString::fromUtf8(error->message) : QStringLiteral("error");
    g_clear_error(&error);
    return text;
}

} // namespace

int H264Loop::Format::keyFrameIntervalFrames() const
{
    return qMax(1, int(std::lround(keyFrameIntervalSeconds * framesPerSecond)));
}

int H264Loop::Format::durationFrames() const
{
    const int interval = keyFrameIntervalFrames();
    const int minimum = qMax(1, int(std::ceil(minimumSeconds * framesPerSecond)));
    return (minimum + interval - 1) / interval * interval;
}

QString H264Loop::Format::error() const
{
    if (size.width() < 64 || size.height() < 64 || size.width() > kMaxDimension
        || size.height() > kMaxDimensionHeight || size.width() % 2 != 0 || size.height() % 2 != 0) {
        return QStringLiteral("The video size must be even, from 64x64 to %1x%2.")
            .arg(kMaxDimension)
            .arg(kMaxDimensionHeight);
    }
    if (framesPerSecond < 1 || framesPerSecond > 60)
        return QStringLiteral("The frame rate must be 1 to 60 frames per second.");
    if (!std::isfinite(keyFrameIntervalSeconds) || keyFrameIntervalSeconds < 0.1
        || keyFrameIntervalSeconds > 60)
        return QStringLiteral("The key-frame interval must be 0.1 to 60 seconds.");
    if (!std::isfinite(minimumSeconds) || minimumSeconds < 0 || minimumSeconds > 60)
        return QStringLiteral("The clip must be at most 60 seconds long.");
    return {};
}

bool H264Loop::Format::operator==(const Format &other) const
{
    return name == other.name && size == other.size && framesPerSecond == other.framesPerSecond
        && keyFrameIntervalFrames() == other.keyFrameIntervalFrames()
        && durationFrames() == other.durationFrames();
}

H264Loop::H264Loop(const Format &format, QList<AccessUnit> units)
    : m_format(format)
    , m_units(std::move(units))
{ }

int H264Loop::keyFrameCount() const
{
    int count = 0;
    for (const AccessUnit &unit : m_units)
        count += unit.keyFrame ? 1 : 0;
    return count;
}

qint64 H264Loop::totalBytes() const
{
    qint64 bytes = 0;
    for (const AccessUnit &unit : m_units)
        bytes += unit.bytes.size();
    return bytes;
}

std::shared_ptr<const H264Loop> H264Loop::encode(const Format &format, QString *error)
{
    const auto fail = [error](const QString &reason) {
        if (error)
            *error = reason;
        qCWarning(lcLoop).noquote() << "Cannot encode the simulator's H.264 clip:" << reason;
        return std::shared_ptr<const H264Loop>();
    };
    if (const QString formatError = format.error(); !formatError.isEmpty())
        return fail(formatError);
    QString gstError;
    if (!GStreamerSupport::hasElements({QStringLiteral("appsrc"), QStringLiteral("videoconvert"),
                                        QStringLiteral("x264enc"), QStringLiteral("h264parse"),
                                        QStringLiteral("appsink")},
                                       &gstError))
        return fail(gstError);

    const int width = format.size.width();
    const int height = format.size.height();
    const int fps = format.framesPerSecond;
    const int keyInterval = format.keyFrameIntervalFrames();
    const int frames = format.durationFrames();
    // zerolatency: one access unit out per frame in, no look-ahead; scenecut=0: key frames only
    // where asked, so that the clip's last frame is never one and the loop closes cleanly.
    // h264parse config-interval=-1 puts SPS and PPS before every IDR (clients that join late, and
    // every loop round, need them in-band).
    const QByteArray description
        = QStringLiteral(
              "appsrc name=src format=time is-live=false "
              "caps=video/x-raw,format=BGRx,width=%1,height=%2,framerate=%3/1 "
              "! videoconvert ! video/x-raw,format=I420 "
              "! x264enc speed-preset=veryfast tune=zerolatency bframes=0 key-int-max=%4 "
              "bitrate=%5 option-string=scenecut=0:min-keyint=%4 "
              "! video/x-h264,profile=main "
              "! h264parse config-interval=-1 "
              "! video/x-h264,stream-format=byte-stream,alignment=au "
              "! appsink name=sink sync=false")
              .arg(width)
              .arg(height)
              .arg(fps)
              .arg(keyInterval)
              .arg(bitrateKbits(format))
              .toUtf8();
    GError *parseError = nullptr;
    ElementRef pipeline(gst_parse_launch(description.constData(), &parseError));
    if (parseError) {
        const QString reason = QString::fromUtf8(parseError->message);
        g_clear_error(&parseError);
        return fail(reason);
    }
    ElementRef source(gst_bin_get_by_name(GST_BIN(pipeline.get()), "src"));
    ElementRef sink(gst_bin_get_by_name(GST_BIN(pipeline.get()), "sink"));
    BusRef bus(gst_element_get_bus(pipeline.get()));
    if (!source || !sink || !bus)
        return fail(QStringLiteral("the encoding pipeline is incomplete"));
    // Stops the pipeline whichever way this function leaves.
    struct Stopper
    {
        GstElement *pipeline;
        ~Stopper() { gst_element_set_state(pipeline, GST_STATE_NULL); }
    } stopper{pipeline.get()};
    if (gst_element_set_state(pipeline.get(), GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
        return fail(busError(bus.get()));

    QElapsedTimer timer;
    timer.start();
    FrameRenderer renderer(format.name, format.size);
    const GstClockTime frameDuration = gst_util_uint64_scale_int(GST_SECOND, 1, fps);
    QList<AccessUnit> units;
    units.reserve(frames);

    const auto pull = [&](GstClockTime timeout) -> int {
        SampleRef sample(gst_app_sink_try_pull_sample(GST_APP_SINK(sink.get()), timeout));
        if (!sample)
            return gst_app_sink_is_eos(GST_APP_SINK(sink.get())) ? -1 : 0;
        GstBuffer *buffer = gst_sample_get_buffer(sample.get());
        GstMapInfo map;
        if (!buffer || !gst_buffer_map(buffer, &map, GST_MAP_READ))
            return 0;
        AccessUnit unit;
        unit.bytes = QByteArray(reinterpret_cast<const char *>(map.data), qsizetype(map.size));
        unit.keyFrame = !GST_BUFFER_FLAG_IS_SET(buffer, GST_BUFFER_FLAG_DELTA_UNIT);
        gst_buffer_unmap(buffer, &map);
        units.append(std::move(unit));
        return 1;
    };

    for (int i = 0; i < frames; ++i) {
        const QImage picture
            = renderer.renderLoopFrame(i, frames, fps).convertToFormat(QImage::Format_RGB32);
        const gsize bytes = gsize(picture.sizeInBytes());
        GstBuffer *buffer = gst_buffer_new_allocate(nullptr, bytes, nullptr);
        gst_buffer_fill(buffer, 0, picture.constBits(), bytes);
        GST_BUFFER_PTS(buffer) = GstClockTime(i) * frameDuration;
        GST_BUFFER_DTS(buffer) = GST_BUFFER_PTS(buffer);
        GST_BUFFER_DURATION(buffer) = frameDuration;
        // Takes the buffer.
        if (gst_app_src_push_buffer(GST_APP_SRC(source.get()), buffer) != GST_FLOW_OK)
            return fail(
                QStringLiteral("the encoder refused a picture: %1").arg(busError(bus.get())));
        // Collect what is ready; wait when the encoder falls behind, so that no more than a few
        // raw pictures (8 MB each at 1080p) queue up.
        while (pull(0) > 0) { }
        while (i + 1 - units.size() > 4) {
            if (pull(kPullTimeout) <= 0)
                return fail(QStringLiteral("the encoder stopped: %1").arg(busError(bus.get())));
        }
    }
    gst_app_src_end_of_stream(GST_APP_SRC(source.get()));
    while (units.size() < frames) {
        if (pull(kPullTimeout) <= 0)
            break;
    }
    if (units.size() != frames) {
        return fail(QStringLiteral("the encoder gave %1 of %2 frames: %3")
                        .arg(units.size())
                        .arg(frames)
                        .arg(busError(bus.get())));
    }
    if (!units.constFirst().keyFrame)
        return fail(QStringLiteral("the clip does not start with a key frame"));

    auto loop = std::shared_ptr<const H264Loop>(new H264Loop(format, std::move(units)));
    qCInfo(lcLoop).noquote() << QStringLiteral(
                                    "Encoded %1x%2 at %3 fps: %4 frames, %5 key frames, %6 KB "
                                    "in %7 ms")
                                    .arg(width)
                                    .arg(height)
                                    .arg(fps)
                                    .arg(loop->frameCount())
                                    .arg(loop->keyFrameCount())
                                    .arg(loop->totalBytes() / 1024)
                                    .arg(timer.elapsed());
    if (error)
        error->clear();
    return loop;
}

std::shared_ptr<const H264Loop> H264Loop::shared(const Format &format, QString *error)
{
    // Weak references: a clip lives as long as a simulator uses it, not until the process ends.
    struct Entry
    {
        Format format;
        std::weak_ptr<const H264Loop> loop;
        bool encoding = false;
    };
    static std::mutex mutex;
    static std::condition_variable encoded;
    static std::list<Entry> entries;

    std::unique_lock lock(mutex);
    for (;;) {
        auto it = std::find_if(entries.begin(), entries.end(),
                               [&format](const Entry &entry) { return entry.format == format; });
        if (it == entries.end())
            break;
        if (it->encoding) {
            encoded.wait(lock); // someone else makes this one: wait for theirs
            continue;
        }
        if (auto loop = it->loop.lock()) {
            if (error)
                error->clear();
            return loop;
        }
        entries.erase(it); // expired
        break;
    }
    auto it = entries.insert(entries.end(), Entry{format, {}, true});
    lock.unlock();
    std::shared_ptr<const H264Loop> loop = encode(format, error);
    lock.lock();
    if (loop) {
        it->loop = loop;
        it->encoding = false;
    } else {
        entries.erase(it);
    }
    encoded.notify_all();
    return loop;
}
