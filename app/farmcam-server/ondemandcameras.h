// farmcam-server --on-demand: a printer's camera connects only while someone watches it.
#pragma once

#include <QHash>
#include <QObject>
#include <QUuid>

#include <chrono>

class Printer;
class PrinterFarm;
class QTimer;
class ShareServer;

// A printer serves two camera viewers at most. A box that holds one connection to every printer
// all day takes one of those places even when nobody looks; on demand, the camera connects when a
// stream of it opens or a snapshot of it is asked for (the web wall asks for snapshots), and hangs
// up kLinger after the last of them. The print status link is not affected.
class OnDemandCameras final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OnDemandCameras)

public:
    // Long enough that a client polling snapshots every few seconds (Home Assistant, the wall)
    // keeps the camera connected, short enough to give the place back soon.
    static constexpr std::chrono::seconds kLinger{30};

    // Every printer of `farm`, present and future, connects its camera on demand. Create it
    // before the farm loads its printers, so that none dials before it is wanted.
    OnDemandCameras(PrinterFarm *farm, ShareServer *server,
                    std::chrono::milliseconds linger = kLinger, QObject *parent = nullptr);

private:
    void adopt(Printer *printer);
    void update(const QUuid &printerId);
    void updateAll();

    PrinterFarm *m_farm;
    ShareServer *m_server;
    qint64 m_lingerNs;
    QTimer *m_tick; // child; runs while a camera is wanted by no open stream
    QHash<QUuid, qint64> m_lastWatchedNs; // when a stream of the printer was last seen open
};
