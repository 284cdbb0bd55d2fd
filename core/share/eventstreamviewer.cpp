#include "share/eventstreamviewer.h"

#include "frames/cameraframe.h"
#include "share/connectionwaiter.h"
#include "share/jpegfeed.h"
#include "share/sharecatalog.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cstring>

EventStreamViewer::EventStreamViewer(ShareEvents *events, const ShareCatalog *catalog,
                                     std::shared_ptr<ConnectionWaiter> waiter,
                                     const std::atomic<bool> *stopping)
    : m_events(events)
    , m_catalog(catalog)
    , m_waiter(std::move(waiter))
    , m_stopping(stopping)
{
    QList<QUuid> ids;
    for (const ShareCatalog::Entry &entry : m_catalog->entries())
        ids.append(entry.id);
    m_subscription = m_events->subscribe(ids);
    // A browser reconnects after this long when the stream breaks.
    m_pending = QByteArrayLiteral("retry: 3000\n\n");
}

EventStreamViewer::~EventStreamViewer()
{
    m_events->unsubscribe(m_subscription.get());
    m_waiter->detach();
}

QByteArray EventStreamViewer::format(const QByteArray &event, const QByteArray &data)
{
    // Compact JSON has no line breaks, so one data line carries it.
    return QByteArrayLiteral("event: ") + event + QByteArrayLiteral("\ndata: ") + data
        + QByteArrayLiteral("\n\n");
}

ShareEvents::Item::Kind EventStreamViewer::fill()
{
    const ShareEvents::Item item = m_events->next(m_subscription.get(), m_waiter);
    switch (item.kind) {
    case ShareEvents::Item::Kind::None:
    case ShareEvents::Item::Kind::Closed:
        return item.kind;
    case ShareEvents::Item::Kind::Heartbeat:
        m_pending = QByteArrayLiteral(": heartbeat\n\n");
        break;
    case ShareEvents::Item::Kind::Printer:
        if (const auto entry = m_catalog->entry(item.id)) {
            const int viewers = entry->feed ? entry->feed->viewerCount() : 0;
            const QJsonObject json
                = ShareCatalog::toJson(*entry, viewers, CameraFrame::steadyNowNs());
            m_pending = format("printer", QJsonDocument(json).toJson(QJsonDocument::Compact));
            break;
        }
        [[fallthrough]]; // gone in the meantime
    case ShareEvents::Item::Kind::Removed: {
        QJsonObject json;
        json.insert(QStringLiteral("id"), item.id.toString(QUuid::WithoutBraces));
        m_pending = format("removed", QJsonDocument(json).toJson(QJsonDocument::Compact));
        break;
    }
    }
    m_offset = 0;
    return item.kind;
}

qint64 EventStreamViewer::read(char *buffer, size_t max)
{
    if (m_stopping->load() || m_waiter->peerGone())
        return kEndOfStream;
    if (m_offset >= m_pending.size()) {
        switch (fill()) {
        case ShareEvents::Item::Kind::None:
            return 0; // suspended until the next event
        case ShareEvents::Item::Kind::Closed:
            return kEndOfStream;
        default:
            break;
        }
    }
    const qint64 count = std::min(qint64(max), m_pending.size() - m_offset);
    std::memcpy(buffer, m_pending.constData() + m_offset, size_t(count));
    m_offset += count;
    return count;
}
