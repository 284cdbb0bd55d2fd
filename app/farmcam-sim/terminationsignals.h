// Turns SIGINT and SIGTERM into a Qt signal, so farmcam-sim stops from its event loop.
#pragma once

#include <QObject>

class QSocketNotifier;

// The self-pipe trick over a socket pair: the handler only write()s the signal number, which is
// async-signal-safe; the event loop reads it and emits received(). One instance at a time; the
// destructor puts the default handlers back.
class TerminationSignals final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TerminationSignals)

public:
    explicit TerminationSignals(QObject *parent = nullptr);
    ~TerminationSignals() override;

    // False when the socket pair or the handlers could not be set up.
    bool isValid() const { return m_notifier != nullptr; }

signals:
    void received(int signalNumber);

private:
    static void handle(int signalNumber);
    void onReadable();

    QSocketNotifier *m_notifier = nullptr; // child
};
