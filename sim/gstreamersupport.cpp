#include "sim/gstreamersupport.h"

#include <gst/gst.h>

#include <mutex>

namespace {

// Where Debian 12 ships the elements the simulator uses.
const char *packageOf(const QString &element)
{
    static const struct
    {
        const char *element;
        const char *package;
    } kPackages[] = {
        {"x264enc", "gstreamer1.0-plugins-ugly"},      {"h264parse", "gstreamer1.0-plugins-bad"},
        {"rtph264pay", "gstreamer1.0-plugins-good"},   {"rtpbin", "gstreamer1.0-plugins-good"},
        {"appsrc", "gstreamer1.0-plugins-base"},       {"appsink", "gstreamer1.0-plugins-base"},
        {"videoconvert", "gstreamer1.0-plugins-base"},
    };
    for (const auto &entry : kPackages) {
        if (element == QLatin1String(entry.element))
            return entry.package;
    }
    return nullptr;
}

} // namespace

bool GStreamerSupport::initialize(QString *error)
{
    static std::once_flag once;
    static QString initError;
    std::call_once(once, [] {
        GError *gerror = nullptr;
        if (!gst_init_check(nullptr, nullptr, &gerror)) {
            initError = QStringLiteral("GStreamer could not start: %1")
                            .arg(gerror ? QString::fromUtf8(gerror->message)
                                        : QStringLiteral("unknown error"));
            g_clear_error(&gerror);
        }
    });
    if (error)
        *error = initError;
    return initError.isEmpty();
}

bool GStreamerSupport::hasElements(const QStringList &elementNames, QString *error)
{
    if (!initialize(error))
        return false;
    QStringList missing;
    for (const QString &name : elementNames) {
        GstElementFactory *factory = gst_element_factory_find(name.toUtf8().constData());
        if (factory) {
            gst_object_unref(factory);
            continue;
        }
        const char *package = packageOf(name);
        missing << (package ? QStringLiteral("%1 (%2)").arg(name, QLatin1String(package)) : name);
    }
    if (missing.isEmpty())
        return true;
    if (error) {
        *error = QStringLiteral("GStreamer elements missing: %1")
                     .arg(missing.join(QStringLiteral(", ")));
    }
    return false;
}
