// FFmpeg's RTSP demuxer on a thread of its own: opens an rtsp:// URL, reads H.264 access units,
// and hands each one out as it arrives. No RTSP is written here; FFmpeg speaks it.
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QSize>
#include <QString>

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

// avformat_open_input(), avformat_find_stream_info() and av_read_frame() block; they run on the
// reader's own thread, one per camera. stop() makes FFmpeg's interrupt callback say "stop", which
// FFmpeg polls at least every 100 ms while it waits on a socket; the owner's watchdog (a stream
// that stays open but sends nothing: FFmpeg's own `timeout` never fires then) ends a stalled
// reader the same way.
//
// The callbacks run on the reader's thread; the owner passes them on to its own thread. No
// callback comes after finished(), and none after the destructor returned (it joins).
//
// Frames are demuxed only, never decoded: each is one access unit in Annex-B form, and every key
// frame carries SPS and PPS (the stream's own, or those of its extradata / the last in-band ones,
// put in front), so any key frame decodes on its own.
class RtspReader final
{
public:
    struct Frame
    {
        QByteArray accessUnit; // Annex-B
        bool keyFrame = false;
        QDateTime receivedAt; // when av_read_frame() returned it
        qint64 receivedNs = 0; // CameraFrame::steadyNowNs()
    };

    struct Result
    {
        int error = 0; // an AVERROR; AVERROR_EXIT after stop()
        bool opened = false; // the stream was set up (DESCRIBE, SETUP, PLAY passed)
        QString message; // FFmpeg's words for `error`, or ours (no video, not H.264)
        // The URL led to a stream that is not H.264 video (or no video at all).
        bool unsupportedStream = false;
    };

    struct Callbacks
    {
        std::function<void(const QSize &pictureSize)> opened; // size may be empty: unknown
        std::function<void(Frame &&frame)> frame;
        std::function<void(const Result &result)> finished;
    };

    struct Options
    {
        // FFmpeg's socket I/O timeout (connect, request answers). Stalls are the owner's
        // watchdog's.
        std::chrono::milliseconds ioTimeout{10000};
        // Frames handed out but not yet taken (see frameTaken()). Beyond this the reader drops
        // frames until the next key frame: a busy owner costs pictures, never unbounded memory,
        // and decoding resumes cleanly at that key frame.
        int maxFramesInFlight = 120;
    };

    // `url` carries the access code: it is never logged and never leaves this object.
    RtspReader(const QByteArray &url, const Options &options, Callbacks callbacks);
    ~RtspReader(); // stop() and join()
    RtspReader(const RtspReader &) = delete;
    RtspReader &operator=(const RtspReader &) = delete;

    void start();
    // Asks FFmpeg to give up; returns at once. finished() follows with AVERROR_EXIT (or whatever
    // FFmpeg was returning anyway).
    void stop();
    // Waits for the thread (after stop(), within about 100 ms).
    void join();
    // The owner took one frame off its queue.
    void frameTaken() { m_inFlight.fetch_sub(1, std::memory_order_relaxed); }
    // Frames dropped because the owner fell behind.
    quint64 framesDropped() const { return m_dropped.load(std::memory_order_relaxed); }

    // FFmpeg's own log goes to the farmcam.ffmpeg category, warnings and errors only (debug
    // output would include request headers). Done once per process; the reader calls it.
    static void routeFfmpegLog();

private:
    void run();
    static int interruptCallback(void *opaque);

    QByteArray m_url;
    Options m_options;
    Callbacks m_callbacks;
    std::thread m_thread;
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_inFlight{0};
    std::atomic<quint64> m_dropped{0};
};
