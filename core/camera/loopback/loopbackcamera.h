// A camera without a socket: pictures made in the process. For widget tests, benchmarks and
// anything that wants a printer's tile without a printer.
#pragma once

#include "camera/camerasource.h"

#include <QImage>

#include <chrono>
#include <functional>

class QTimer;

// Goes Up with its first frame, like a network camera. With a generator it makes a frame every
// interval while running; deliver*() hands one out at any time (it goes Up first if needed).
// simulateFailure() ends the "connection" the way a network camera's failure would, so the
// link's backoff and retry rules apply unchanged.
class LoopbackCamera final : public CameraSource
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LoopbackCamera)

public:
    // Called with 0, 1, 2, … for each frame; a null picture makes no frame.
    using Generator = std::function<QImage(quint64 index)>;

    explicit LoopbackCamera(QObject *parent = nullptr);
    ~LoopbackCamera() override;

    QString kindName() const override;

    void setGenerator(Generator generator, std::chrono::milliseconds interval);

    // Hands a frame out now, as if the camera had just sent it. Ignored while stopped.
    void deliverJpeg(const QByteArray &jpeg);
    void deliverPicture(const QImage &picture);
    // The connection fails as a network camera's would: the link backs off and redials (or
    // waits for the user, as Link::retryAfter() says).
    void simulateFailure(Failure failure, const QString &message);
    // Frames stop, the camera stays Up: what a stalled stream looks like until a watchdog acts.
    void setStalled(bool stalled);

protected:
    void dial() override;
    void hangUp() override;

private:
    void deliver(const CameraFrame &frame);
    void generate();

    Generator m_generator;
    QTimer *m_timer; // child
    quint64 m_index = 0;
    bool m_connected = false; // between dial() and hangUp()
    bool m_stalled = false;
};
