// Turns SIGINT/SIGTERM into a Qt signal, so a run ends between two frames, never inside a write.
#pragma once

#include <QList>
#include <QObject>

#include <initializer_list>

class QSocketNotifier;

// The classic self-pipe: the handler only write()s the signal number (async-signal-safe), the event
// loop reads it and emits activated(). One instance at a time; the destructor restores the default
// handlers.
class UnixSignalNotifier final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UnixSignalNotifier)

public:
    explicit UnixSignalNotifier(std::initializer_list<int> signalNumbers,
                                QObject *parent = nullptr);
    ~UnixSignalNotifier() override;

    bool isValid() const { return m_notifier != nullptr; }

signals:
    void activated(int signalNumber);

private:
    static void handle(int signalNumber);
    void onReadable();

    QList<int> m_signalNumbers;
    QSocketNotifier *m_notifier = nullptr;
};
