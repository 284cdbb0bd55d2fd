// One open event stream (/api/events) on the sharing server: the body of its response.
#pragma once

#include "share/shareevents.h"

#include <QByteArray>

#include <atomic>
#include <memory>

class ConnectionWaiter;
class ShareCatalog;

// Server-sent events: `event: printer` with the printer's JSON (ShareCatalog::toJson) for each
// printer first and then whenever one changes, `event: removed` with {"id": …}, and a comment
// as heartbeat. Holds at most one event's text at a time.
class EventStreamViewer final
{
    Q_DISABLE_COPY_MOVE(EventStreamViewer)

public:
    static constexpr qint64 kEndOfStream = -1;

    EventStreamViewer(ShareEvents *events, const ShareCatalog *catalog,
                      std::shared_ptr<ConnectionWaiter> waiter, const std::atomic<bool> *stopping);
    ~EventStreamViewer();

    qint64 read(char *buffer, size_t max);

    // One event as the stream carries it.
    static QByteArray format(const QByteArray &event, const QByteArray &data);

private:
    ShareEvents::Item::Kind fill();

    ShareEvents *m_events;
    const ShareCatalog *m_catalog;
    std::shared_ptr<ConnectionWaiter> m_waiter;
    const std::atomic<bool> *m_stopping;
    std::shared_ptr<ShareEvents::Subscription> m_subscription;
    QByteArray m_pending;
    qint64 m_offset = 0;
};
