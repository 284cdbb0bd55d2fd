#include "sim/rtspsprintersimulator.h"

#include "sim/faultnames.h"
#include "sim/gstreamersupport.h"
#include "trust/tlstrust.h"

#include <QFile>
#include <QLoggingCategory>
#include <QSslCertificate>

// GLib has a struct member named "signals", a keyword in Qt.
#pragma push_macro("signals")
#undef signals
#include <gst/app/gstappsrc.h>
#include <gst/gst.h>
#include <gst/rtsp-server/rtsp-server.h>
#pragma pop_macro("signals")

#include <atomic>
#include <functional>
#include <future>
#include <mutex>
#include <thread>

Q_LOGGING_CATEGORY(lcRtspsSim, "farmcam.sim")

namespace {

constexpr FaultNames::Entry<RtspsPrinterSimulator::Fault> kFaults[] = {
    {RtspsPrinterSimulator::Fault::None, "none"},
    {RtspsPrinterSimulator::Fault::Stall, "stall"},
    {RtspsPrinterSimulator::Fault::AbruptClose, "abrupt-close"},
    {RtspsPrinterSimulator::Fault::WrongCode, "wrong-code"},
    {RtspsPrinterSimulator::Fault::LiveviewOff, "liveview-off"},
    {RtspsPrinterSimulator::Fault::RareKeyFrames, "rare-key-frames"},
};

// The simulator's certificate and key, one PEM (as GTlsCertificate wants both), from the same
// resources the port-6000 simulator serves.
QByteArray certificateAndKeyPem()
{
    QFile certificate(QStringLiteral(":/sim/simulator.crt"));
    QFile key(QStringLiteral(":/sim/simulator.key"));
    if (!certificate.open(QIODevice::ReadOnly) || !key.open(QIODevice::ReadOnly))
        return {};
    return certificate.readAll() + '\n' + key.readAll();
}

// Where the RTSP server's role for the factory is kept (the access check asks for it).
constexpr char kRole[] = "bblp";
constexpr char kFeedKey[] = "farmcam-feed";

} // namespace

// Everything that lives on the server's thread, and the little that the streaming threads read
// (under m_mutex). Held by shared_ptr: the per-client feeds keep it alive until their pipelines
// are gone, which may be after close() returned (GStreamer tears media down on its own threads).
class RtspsPrinterSimulator::Engine final : public std::enable_shared_from_this<Engine>
{
public:
    struct Settings
    {
        std::shared_ptr<const H264Loop> loop;
        std::shared_ptr<const H264Loop> rareLoop; // with RareKeyFrames
        Fault fault = Fault::None;
        int afterFrames = 0;
    };

    // One client's replay of the clip; it is that client's media's appsrc's need-data handler.
    struct Feed
    {
        std::weak_ptr<Engine> engine;
        std::shared_ptr<const H264Loop> loop;
        int index = 0; // next access unit
        quint64 sent = 0;
        bool faulted = false;
        GWeakRef client; // set when the client asks to PLAY this media

        Feed() { g_weak_ref_init(&client, nullptr); }
        ~Feed() { g_weak_ref_clear(&client); }
        Q_DISABLE_COPY_MOVE(Feed)
    };

    Engine(RtspsPrinterSimulator *owner, Settings settings)
        : m_owner(owner)
        , m_settings(std::move(settings))
    { }

    ~Engine()
    {
        if (m_context)
            g_main_context_unref(m_context);
    }

    Q_DISABLE_COPY_MOVE(Engine)

    // From the owner's thread: starts the thread, sets the server up there and waits for it.
    bool start(const QHostAddress &address, quint16 port, const QString &accessCode, QString *error,
               quint16 *boundPort)
    {
        m_address = address.toString().toUtf8();
        m_context = g_main_context_new();
        m_mainLoop = g_main_loop_new(m_context, FALSE);
        // Shared with the thread: set_value may still be running there when get() returns here.
        auto ready = std::make_shared<std::promise<QString>>();
        std::future<QString> result = ready->get_future();
        m_thread = std::thread([this, port, accessCode, ready] {
            g_main_context_push_thread_default(m_context);
            const QString setupError = setUp(port, accessCode);
            ready->set_value(setupError);
            if (setupError.isEmpty())
                g_main_loop_run(m_mainLoop);
            tearDown();
            g_main_context_pop_thread_default(m_context);
        });
        *error = result.get();
        if (!error->isEmpty()) {
            m_thread.join();
            g_main_loop_unref(std::exchange(m_mainLoop, nullptr));
            return false;
        }
        *boundPort = m_port;
        return true;
    }

    // From the owner's thread: drops the clients, stops the server and joins the thread.
    void stop()
    {
        if (!m_thread.joinable())
            return;
        invoke([this] { g_main_loop_quit(m_mainLoop); });
        m_thread.join();
        g_main_loop_unref(std::exchange(m_mainLoop, nullptr));
    }

    // Runs `function` on the server's thread and waits for it. The call (its promise included)
    // belongs to the server's thread, which deletes it: the promise may still be busy there when
    // the wait here returns.
    void invoke(std::function<void()> function)
    {
        struct Call
        {
            std::function<void()> function;
            std::promise<void> done;
        };
        auto *call = new Call{std::move(function), {}};
        std::future<void> finished = call->done.get_future();
        g_main_context_invoke_full(
            m_context, G_PRIORITY_DEFAULT,
            [](gpointer data) -> gboolean {
                auto *call = static_cast<Call *>(data);
                call->function();
                call->done.set_value();
                return G_SOURCE_REMOVE;
            },
            call, [](gpointer data) { delete static_cast<Call *>(data); });
        finished.wait();
    }

    // From the owner's thread.
    void apply(const Settings &settings, const QString &accessCode)
    {
        {
            std::lock_guard lock(m_mutex);
            m_settings = settings;
        }
        invoke([this, accessCode, fault = settings.fault] {
            setExpectedCode(fault == Fault::WrongCode ? QStringLiteral("not-") + accessCode
                                                      : accessCode);
            setLiveview(fault != Fault::LiveviewOff);
        });
    }

    int clientCount() const { return m_clients.load(); }
    quint64 framesSent() const { return m_framesSent.load(); }

private:
    // On the server's thread. Empty on success, else the reason.
    QString setUp(quint16 port, const QString &accessCode)
    {
        const QByteArray pem = certificateAndKeyPem();
        GError *gerror = nullptr;
        m_certificate = g_tls_certificate_new_from_pem(pem.constData(), pem.size(), &gerror);
        if (!m_certificate) {
            const QString reason = QStringLiteral("The simulator's certificate cannot be used: %1")
                                       .arg(gerror ? QString::fromUtf8(gerror->message)
                                                   : QStringLiteral("unknown error"));
            g_clear_error(&gerror);
            return reason;
        }
        m_server = gst_rtsp_server_new();
        gst_rtsp_server_set_address(m_server, m_address.constData());
        gst_rtsp_server_set_service(m_server, QByteArray::number(port).constData());
        g_signal_connect(m_server, "client-connected", G_CALLBACK(&Engine::onClientConnected),
                         this);
        // Clients on this thread's context too (the default pool gives them threads of its own),
        // so that every server callback runs here and tearDown() sees the last of them.
        GstRTSPThreadPool *threads = gst_rtsp_server_get_thread_pool(m_server);
        gst_rtsp_thread_pool_set_max_threads(threads, 0);
        g_object_unref(threads);

        m_auth = gst_rtsp_auth_new();
        gst_rtsp_auth_set_tls_certificate(m_auth, m_certificate);
        gst_rtsp_auth_set_supported_methods(m_auth, GST_RTSP_AUTH_BASIC);
        gst_rtsp_auth_set_realm(m_auth, "IP Camera");
        gst_rtsp_server_set_auth(m_server, m_auth);
        setExpectedCode(accessCode);

        GstRTSPMediaFactory *factory = gst_rtsp_media_factory_new();
        // The caps say what the clip is; the payloader sends SPS/PPS as the stream carries them.
        gst_rtsp_media_factory_set_launch(
            factory,
            "( appsrc name=src format=time is-live=false "
            "caps=video/x-h264,stream-format=byte-stream,alignment=au "
            "! rtph264pay name=pay0 pt=96 )");
        gst_rtsp_media_factory_set_shared(factory, FALSE);
        gst_rtsp_media_factory_set_protocols(factory, GST_RTSP_LOWER_TRANS_TCP);
        gst_rtsp_media_factory_add_role(factory, kRole, GST_RTSP_PERM_MEDIA_FACTORY_ACCESS,
                                        G_TYPE_BOOLEAN, TRUE, GST_RTSP_PERM_MEDIA_FACTORY_CONSTRUCT,
                                        G_TYPE_BOOLEAN, TRUE, nullptr);
        g_signal_connect(factory, "media-configure", G_CALLBACK(&Engine::onMediaConfigure), this);
        GstRTSPMountPoints *mounts = gst_rtsp_server_get_mount_points(m_server);
        gst_rtsp_mount_points_add_factory(mounts, kPath, factory); // takes the factory
        g_object_unref(mounts);

        const QString listenError = startListening();
        if (!listenError.isEmpty())
            return listenError;
        m_port = quint16(gst_rtsp_server_get_bound_port(m_server));
        // Later listens (after LiveviewOff) take the same port.
        gst_rtsp_server_set_service(m_server, QByteArray::number(m_port).constData());
        return {};
    }

    // On the server's thread, after the loop ended (or setUp failed).
    void tearDown()
    {
        if (m_server)
            dropClients();
        stopListening();
        if (m_server) {
            g_signal_handlers_disconnect_by_data(m_server, this);
            GstRTSPMountPoints *mounts = gst_rtsp_server_get_mount_points(m_server);
            gst_rtsp_mount_points_remove_factory(mounts, kPath);
            g_object_unref(mounts);
            g_clear_object(&m_server);
        }
        g_clear_object(&m_auth);
        g_clear_object(&m_certificate);
        // What dropping the clients queued (their last callbacks) runs now, on this thread.
        while (g_main_context_iteration(m_context, FALSE)) { }
    }

    QString startListening()
    {
        if (m_listenSource)
            return {};
        GError *gerror = nullptr;
        m_listenSource = gst_rtsp_server_create_source(m_server, nullptr, &gerror);
        if (!m_listenSource) {
            const QString reason
                = gerror ? QString::fromUtf8(gerror->message) : QStringLiteral("cannot listen");
            g_clear_error(&gerror);
            return reason;
        }
        g_source_attach(m_listenSource, m_context);
        return {};
    }

    // Destroying the source closes the listening socket: connections are refused, as a printer
    // with its liveview off refuses them.
    void stopListening()
    {
        if (!m_listenSource)
            return;
        g_source_destroy(m_listenSource);
        g_source_unref(std::exchange(m_listenSource, nullptr));
    }

    void setLiveview(bool on)
    {
        if (on == (m_listenSource != nullptr))
            return;
        if (on) {
            const QString reason = startListening();
            if (!reason.isEmpty()) {
                qCWarning(lcRtspsSim).noquote()
                    << "The RTSPS simulator cannot listen again on" << m_port << ":" << reason;
            }
        } else {
            stopListening();
            dropClients();
        }
    }

    // Replaces the one Basic credential the server accepts.
    void setExpectedCode(const QString &accessCode)
    {
        if (!m_basic.isEmpty())
            gst_rtsp_auth_remove_basic(m_auth, m_basic.constData());
        gchar *basic = gst_rtsp_auth_make_basic(kUser, accessCode.toUtf8().constData());
        m_basic = QByteArray(basic);
        g_free(basic);
        GstRTSPToken *token
            = gst_rtsp_token_new(GST_RTSP_TOKEN_MEDIA_FACTORY_ROLE, G_TYPE_STRING, kRole, nullptr);
        gst_rtsp_auth_add_basic(m_auth, m_basic.constData(), token);
        gst_rtsp_token_unref(token);
    }

    // Shuts the client's TCP connection down under its TLS session: no close_notify, no
    // TEARDOWN; the server notices the dead socket and cleans up (the client's session with it).
    static void shutDown(GstRTSPClient *client)
    {
        GstRTSPConnection *connection = gst_rtsp_client_get_connection(client);
        GSocket *socket = connection ? gst_rtsp_connection_get_read_socket(connection) : nullptr;
        if (socket)
            g_socket_shutdown(socket, TRUE, TRUE, nullptr);
    }

    void dropClients()
    {
        gst_rtsp_server_client_filter(
            m_server,
            [](GstRTSPServer *, GstRTSPClient *client, gpointer) {
                shutDown(client);
                return GST_RTSP_FILTER_REMOVE;
            },
            nullptr);
    }

    void notifyClientCount()
    {
        const int count = m_clients.load();
        // The owner outlives the server's thread (close() joins it), so the pointer is valid here;
        // the call runs later on the owner's thread, and Qt drops it if the owner is gone by then.
        RtspsPrinterSimulator *owner = m_owner;
        QMetaObject::invokeMethod(
            owner,
            [owner, count] {
                if (owner->m_clientCount == count)
                    return;
                owner->m_clientCount = count;
                emit owner->clientCountChanged(count);
            },
            Qt::QueuedConnection);
    }

    static void onClientConnected(GstRTSPServer *, GstRTSPClient *client, Engine *engine)
    {
        ++engine->m_clients;
        engine->notifyClientCount();
        qCInfo(lcRtspsSim) << "RTSPS simulator: a client connected";
        // A weak reference: a client may outlive the engine (GStreamer finalises it later).
        g_signal_connect_data(
            client, "closed", G_CALLBACK(&Engine::onClientClosed),
            new std::weak_ptr<Engine>(engine->weak_from_this()),
            [](gpointer data, GClosure *) { delete static_cast<std::weak_ptr<Engine> *>(data); },
            GConnectFlags(0));
        g_signal_connect(client, "pre-play-request", G_CALLBACK(&Engine::onPrePlay), nullptr);
    }

    static void onClientClosed(GstRTSPClient *, std::weak_ptr<Engine> *weakEngine)
    {
        const std::shared_ptr<Engine> engine = weakEngine->lock();
        if (!engine)
            return;
        --engine->m_clients;
        engine->notifyClientCount();
        qCInfo(lcRtspsSim) << "RTSPS simulator: a client left";
    }

    // The feed of the media this client plays learns its client (for AbruptClose).
    static GstRTSPStatusCode onPrePlay(GstRTSPClient *client, GstRTSPContext *context, Engine *)
    {
        if (context && context->media) {
            auto *feed = static_cast<std::shared_ptr<Feed> *>(
                g_object_get_data(G_OBJECT(context->media), kFeedKey));
            if (feed)
                g_weak_ref_set(&(*feed)->client, client);
        }
        return GST_RTSP_STS_OK;
    }

    // A new client's own pipeline: give its appsrc a feed.
    static void onMediaConfigure(GstRTSPMediaFactory *, GstRTSPMedia *media, Engine *engine)
    {
        GstElement *bin = gst_rtsp_media_get_element(media);
        GstElement *source = gst_bin_get_by_name_recurse_up(GST_BIN(bin), "src");
        gst_object_unref(bin);
        if (!source)
            return;
        auto feed = std::make_shared<Feed>();
        feed->engine = engine->weak_from_this();
        {
            std::lock_guard lock(engine->m_mutex);
            feed->loop = engine->currentLoop();
        }
        const H264Loop::Format format = feed->loop->format();
        GstCaps *caps = gst_caps_new_simple(
            "video/x-h264", "stream-format", G_TYPE_STRING, "byte-stream", "alignment",
            G_TYPE_STRING, "au", "profile", G_TYPE_STRING, "main", "width", G_TYPE_INT,
            format.size.width(), "height", G_TYPE_INT, format.size.height(), "framerate",
            GST_TYPE_FRACTION, format.framesPerSecond, 1, nullptr);
        gst_app_src_set_caps(GST_APP_SRC(source), caps);
        gst_caps_unref(caps);
        // One access unit per need-data; the pipeline's sink paces them to real time.
        gst_app_src_set_max_buffers(GST_APP_SRC(source), 2);
        g_object_set_data_full(
            G_OBJECT(media), kFeedKey, new std::shared_ptr<Feed>(feed),
            [](gpointer data) { delete static_cast<std::shared_ptr<Feed> *>(data); });
        g_signal_connect_data(
            source, "need-data", G_CALLBACK(&Engine::onNeedData), new std::shared_ptr<Feed>(feed),
            [](gpointer data, GClosure *) { delete static_cast<std::shared_ptr<Feed> *>(data); },
            GConnectFlags(0));
        gst_object_unref(source);
    }

    // Under m_mutex.
    std::shared_ptr<const H264Loop> currentLoop() const
    {
        return m_settings.fault == Fault::RareKeyFrames && m_settings.rareLoop ? m_settings.rareLoop
                                                                               : m_settings.loop;
    }

    // On the client's streaming thread: the next access unit, or nothing (a fault).
    static void onNeedData(GstElement *source, guint, std::shared_ptr<Feed> *feedPointer)
    {
        Feed &feed = **feedPointer;
        const std::shared_ptr<Engine> engine = feed.engine.lock();
        if (!engine || feed.faulted)
            return;
        Settings settings;
        std::shared_ptr<const H264Loop> wanted;
        {
            std::lock_guard lock(engine->m_mutex);
            settings = engine->m_settings;
            wanted = engine->currentLoop();
        }
        if (feed.index >= feed.loop->frameCount())
            feed.index = 0;
        // Another clip (RareKeyFrames switched): from its first key frame, where ours has one.
        if (wanted != feed.loop && feed.loop->accessUnit(feed.index).keyFrame) {
            feed.loop = wanted;
            feed.index = 0;
        }
        switch (settings.fault) {
        case Fault::Stall:
            // At least one picture: the server answers DESCRIBE once the first one is through.
            if (feed.sent >= quint64(qMax(1, settings.afterFrames))) {
                feed.faulted = true;
                qCInfo(lcRtspsSim)
                    << "RTSPS simulator: stalling a client after" << feed.sent << "frames";
                return;
            }
            break;
        case Fault::AbruptClose:
            if (feed.sent >= quint64(settings.afterFrames)) {
                // Before PLAY there is no client to close: the frames until then are prerolled.
                if (GstRTSPClient *client
                    = static_cast<GstRTSPClient *>(g_weak_ref_get(&feed.client))) {
                    feed.faulted = true;
                    qCInfo(lcRtspsSim) << "RTSPS simulator: closing a client abruptly after"
                                       << feed.sent << "frames";
                    // On the server's thread, which owns the connection; takes the reference.
                    g_main_context_invoke_full(
                        engine->m_context, G_PRIORITY_DEFAULT,
                        [](gpointer data) -> gboolean {
                            shutDown(static_cast<GstRTSPClient *>(data));
                            return G_SOURCE_REMOVE;
                        },
                        client, g_object_unref);
                    return;
                }
            }
            break;
        case Fault::None:
        case Fault::WrongCode:
        case Fault::LiveviewOff:
        case Fault::RareKeyFrames:
            break;
        }

        const H264Loop::AccessUnit &unit = feed.loop->accessUnit(feed.index);
        // The clip's bytes, not a copy: the buffer holds a reference to them.
        auto *bytes = new QByteArray(unit.bytes);
        GstBuffer *buffer = gst_buffer_new_wrapped_full(
            GST_MEMORY_FLAG_READONLY, const_cast<char *>(bytes->constData()), gsize(bytes->size()),
            0, gsize(bytes->size()), bytes,
            [](gpointer data) { delete static_cast<QByteArray *>(data); });
        const int fps = feed.loop->format().framesPerSecond;
        GST_BUFFER_PTS(buffer) = gst_util_uint64_scale_int(feed.sent * GST_SECOND, 1, fps);
        GST_BUFFER_DTS(buffer) = GST_BUFFER_PTS(buffer);
        GST_BUFFER_DURATION(buffer) = gst_util_uint64_scale_int(GST_SECOND, 1, fps);
        if (!unit.keyFrame)
            GST_BUFFER_FLAG_SET(buffer, GST_BUFFER_FLAG_DELTA_UNIT);
        ++feed.index;
        ++feed.sent;
        ++engine->m_framesSent;
        gst_app_src_push_buffer(GST_APP_SRC(source), buffer); // takes the buffer
    }

    RtspsPrinterSimulator *m_owner;
    QByteArray m_address;
    quint16 m_port = 0;
    std::thread m_thread;
    GMainContext *m_context = nullptr;
    GMainLoop *m_mainLoop = nullptr;

    // Server thread only.
    GstRTSPServer *m_server = nullptr;
    GstRTSPAuth *m_auth = nullptr;
    GTlsCertificate *m_certificate = nullptr;
    GSource *m_listenSource = nullptr;
    QByteArray m_basic; // the accepted "user:code" in base64: a secret, never logged

    std::mutex m_mutex;
    Settings m_settings; // under m_mutex
    std::atomic<int> m_clients{0};
    std::atomic<quint64> m_framesSent{0};
};

RtspsPrinterSimulator::RtspsPrinterSimulator(QObject *parent)
    : QObject(parent)
{
    m_format.size = QSize(1920, 1080);
    m_format.framesPerSecond = 30;
    m_format.keyFrameIntervalSeconds = 1;
}

RtspsPrinterSimulator::~RtspsPrinterSimulator()
{
    close();
}

void RtspsPrinterSimulator::setName(const QString &name)
{
    m_format.name = name;
}

void RtspsPrinterSimulator::setVideoSize(QSize size)
{
    m_format.size = size;
}

void RtspsPrinterSimulator::setFramesPerSecond(int framesPerSecond)
{
    m_format.framesPerSecond = framesPerSecond;
}

void RtspsPrinterSimulator::setKeyFrameInterval(double seconds)
{
    m_format.keyFrameIntervalSeconds = seconds;
}

void RtspsPrinterSimulator::setLoop(std::shared_ptr<const H264Loop> loop)
{
    m_loop = std::move(loop);
    if (m_loop)
        m_format = m_loop->format();
}

void RtspsPrinterSimulator::setAccessCode(const QString &accessCode)
{
    m_accessCode = accessCode;
    setFault(m_fault, m_faultAfterFrames); // the server learns the new code
}

void RtspsPrinterSimulator::setFault(Fault fault, int afterFrames)
{
    const QString urlBefore = reportedRtspUrl();
    m_fault = fault;
    m_faultAfterFrames = qMax(0, afterFrames);
    if (m_engine) {
        Engine::Settings settings;
        settings.loop = m_loop;
        settings.fault = m_fault;
        settings.afterFrames = m_faultAfterFrames;
        if (m_fault == Fault::RareKeyFrames) {
            H264Loop::Format rare = m_format;
            rare.keyFrameIntervalSeconds = kRareKeyFrameInterval;
            QString error;
            settings.rareLoop = H264Loop::shared(rare, &error);
            if (!settings.rareLoop)
                qCWarning(lcRtspsSim).noquote() << "No clip with rare key frames:" << error;
        }
        m_engine->apply(settings, m_accessCode);
    }
    if (const QString urlAfter = reportedRtspUrl(); urlAfter != urlBefore)
        emit reportedRtspUrlChanged(urlAfter);
}

bool RtspsPrinterSimulator::listen(const QHostAddress &address, quint16 port)
{
    close();
    m_errorString.clear();
    if (!GStreamerSupport::hasElements(
            {QStringLiteral("appsrc"), QStringLiteral("rtph264pay"), QStringLiteral("rtpbin")},
            &m_errorString)) {
        qCWarning(lcRtspsSim).noquote() << m_errorString;
        return false;
    }
    if (!m_loop) {
        m_loop = H264Loop::shared(m_format, &m_errorString);
        if (!m_loop)
            return false;
    }
    auto engine = std::make_shared<Engine>(this, Engine::Settings{m_loop, nullptr, Fault::None, 0});
    quint16 boundPort = 0;
    if (!engine->start(address, port, m_accessCode, &m_errorString, &boundPort)) {
        qCInfo(lcRtspsSim).noquote()
            << name() << "cannot listen on" << address.toString() << port << ":" << m_errorString;
        return false;
    }
    m_engine = std::move(engine);
    m_address = address;
    m_port = boundPort;
    qCInfo(lcRtspsSim).noquote() << name() << "serving RTSPS on" << address.toString() << m_port;
    setFault(m_fault, m_faultAfterFrames);
    return true;
}

void RtspsPrinterSimulator::close()
{
    if (!m_engine)
        return;
    m_engine->stop();
    m_engine.reset();
    if (m_clientCount != 0) {
        m_clientCount = 0;
        emit clientCountChanged(0);
    }
    qCInfo(lcRtspsSim).noquote() << name() << "closed";
}

bool RtspsPrinterSimulator::isListening() const
{
    return m_engine != nullptr;
}

QString RtspsPrinterSimulator::url() const
{
    return QStringLiteral("rtsps://%1:%2%3")
        .arg(m_address.protocol() == QAbstractSocket::IPv6Protocol
                 ? QStringLiteral("[%1]").arg(m_address.toString())
                 : m_address.toString())
        .arg(m_port)
        .arg(QLatin1String(kPath));
}

QString RtspsPrinterSimulator::reportedRtspUrl() const
{
    if (m_fault == Fault::LiveviewOff)
        return QStringLiteral("disable");
    const QHostAddress address
        = m_address.isNull() ? QHostAddress(QHostAddress::LocalHost) : m_address;
    return QStringLiteral("rtsps://%1%2").arg(address.toString(), QLatin1String(kPath));
}

int RtspsPrinterSimulator::clientCount() const
{
    return m_engine ? m_engine->clientCount() : 0;
}

quint64 RtspsPrinterSimulator::framesSent() const
{
    return m_engine ? m_engine->framesSent() : 0;
}

QString RtspsPrinterSimulator::certificateFingerprint() const
{
    QFile file(QStringLiteral(":/sim/simulator.crt"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QSslCertificate certificate(&file, QSsl::Pem);
    if (certificate.isNull())
        return {};
    return TlsTrust::fingerprintOf(certificate);
}

QString RtspsPrinterSimulator::faultName(Fault fault)
{
    return FaultNames::nameOf(kFaults, fault);
}

RtspsPrinterSimulator::Fault RtspsPrinterSimulator::faultFromString(const QString &text, bool *ok)
{
    return FaultNames::fromString(kFaults, text, ok);
}

QStringList RtspsPrinterSimulator::faultNames()
{
    return FaultNames::namesOf(kFaults);
}
