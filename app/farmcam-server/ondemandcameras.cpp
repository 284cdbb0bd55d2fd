#include "ondemandcameras.h"

#include "frames/cameraframe.h"
#include "model/printer.h"
#include "model/printerfarm.h"
#include "share/shareserver.h"

#include <QLoggingCategory>
#include <QTimer>

#include <algorithm>

namespace {

Q_LOGGING_CATEGORY(lcOnDemand, "farmcam.server")

} // namespace

OnDemandCameras::OnDemandCameras(PrinterFarm *farm, ShareServer *server,
                                 std::chrono::milliseconds linger, QObject *parent)
    : QObject(parent)
    , m_farm(farm)
    , m_server(server)
    , m_lingerNs(std::chrono::duration_cast<std::chrono::nanoseconds>(linger).count())
    , m_tick(new QTimer(this))
{
    m_tick->setInterval(1000);
    connect(m_tick, &QTimer::timeout, this, &OnDemandCameras::updateAll);
    // printerAdded comes before the farm starts the printer: its camera never dials unwanted.
    connect(farm, &PrinterFarm::printerAdded, this, &OnDemandCameras::adopt);
    connect(farm, &PrinterFarm::printerRemoved, this,
            [this](const QUuid &id) { m_lastWatchedNs.remove(id); });
    connect(server, &ShareServer::demandChanged, this, &OnDemandCameras::update);
    for (Printer *printer : farm->printers())
        adopt(printer);
}

void OnDemandCameras::adopt(Printer *printer)
{
    printer->setCameraOnDemand(true);
    update(printer->id());
}

void OnDemandCameras::update(const QUuid &printerId)
{
    Printer *printer = m_farm->printer(printerId);
    if (!printer)
        return;
    const qint64 now = CameraFrame::steadyNowNs();
    const ShareServer::Demand demand = m_server->demand(printerId);
    if (demand.streamViewers > 0)
        m_lastWatchedNs.insert(printerId, now);
    const qint64 lastWanted = std::max(demand.lastRequestNs, m_lastWatchedNs.value(printerId));
    const bool wanted
        = demand.streamViewers > 0 || (lastWanted > 0 && now - lastWanted < m_lingerNs);
    if (wanted != printer->isCameraWanted()) {
        qCInfo(lcOnDemand).noquote() << printer->name()
                                     << (wanted ? "is watched: connecting its camera"
                                                : "is no longer watched: its camera hangs up");
    }
    printer->setCameraWanted(wanted);
    // Nothing announces the end of a linger: look again every second while one runs.
    if (wanted && demand.streamViewers == 0)
        m_tick->start();
}

void OnDemandCameras::updateAll()
{
    m_tick->stop();
    for (Printer *printer : m_farm->printers())
        update(printer->id());
}
