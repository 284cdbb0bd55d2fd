// What the sharing server's thread may know about the printers: a copy, kept by the farm's
// thread. Thread-safe.
#pragma once

#include "status/printstatus.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMutex>
#include <QString>
#include <QUuid>

#include <memory>
#include <optional>

class JpegFeed;

// libmicrohttpd answers on its own thread and must never touch a Printer (a QObject of the farm's
// thread). ShareServer copies what requests need into this catalog whenever it changes, and a
// request reads the copy. Entries are values (implicitly shared strings), cheap to copy out.
class ShareCatalog final
{
    Q_DISABLE_COPY_MOVE(ShareCatalog)

public:
    struct Entry
    {
        QUuid id;
        QString name;
        QString slug; // ShareRequest::slugFor(name)
        QString serial;
        QString model;
        QString cameraKind; // CameraSource::kindName(), in words
        QString
            state; // machine-readable: idle, connecting, handshaking, authenticating, up, backoff
        QString stateText; // CameraSource::statusText()
        bool live = false;
        double fps = 0;
        quint64 frames = 0;
        quint64 reconnects = 0;
        qint64 lastFrameNs = 0; // CameraFrame::steadyNowNs() clock; 0: none yet
        PrintStatus print;
        std::shared_ptr<JpegFeed> feed;

        QString idText() const { return id.toString(QUuid::WithoutBraces); }
        // The fields a server-sent event reports changes of (not fps and frame counts, which
        // change with every frame).
        bool sameForEvents(const Entry &other) const;
    };

    ShareCatalog() = default;

    // Adds or replaces the entry with that id, keeping the order of first insertion (the farm's
    // order: setOrder() changes it). Returns whether it is new or differs for events.
    bool upsert(const Entry &entry);
    void updateFrameStats(const QUuid &id, double fps, quint64 frames, qint64 lastFrameNs);
    void remove(const QUuid &id);
    void setOrder(const QList<QUuid> &ids);
    void clear();

    QList<Entry> entries() const;
    std::optional<Entry> entry(const QUuid &id) const;

    enum class Lookup { Found, NotFound, Ambiguous };
    // By id (braces optional), else serial (case-insensitive), else slug (a slug two printers
    // share names neither: Ambiguous).
    std::optional<Entry> find(const QString &key, Lookup *lookup = nullptr) const;

    // The JSON object /api/printers and the events give for a printer. `nowNs` on the
    // CameraFrame::steadyNowNs() clock, for the age of the last frame.
    static QJsonObject toJson(const Entry &entry, int viewers, qint64 nowNs);
    static QString gcodeStateName(PrintState state);

private:
    mutable QMutex m_mutex;
    QList<Entry> m_entries;
};
