#include "share/sharecatalog.h"

#include "protocol/sharerequest.h"

#include <QJsonValue>

#include <algorithm>
#include <cmath>

bool ShareCatalog::Entry::sameForEvents(const Entry &other) const
{
    return id == other.id && name == other.name && serial == other.serial && model == other.model
        && cameraKind == other.cameraKind && state == other.state && stateText == other.stateText
        && live == other.live && print.state == other.print.state
        && print.percent == other.print.percent
        && print.remainingMinutes == other.print.remainingMinutes
        && print.layer == other.print.layer && print.totalLayers == other.print.totalLayers
        && print.jobName == other.print.jobName && print.printError == other.print.printError;
}

bool ShareCatalog::upsert(const Entry &entry)
{
    QMutexLocker locker(&m_mutex);
    for (Entry &existing : m_entries) {
        if (existing.id == entry.id) {
            const bool changed = !existing.sameForEvents(entry);
            existing = entry;
            return changed;
        }
    }
    m_entries.append(entry);
    return true;
}

void ShareCatalog::updateFrameStats(const QUuid &id, double fps, quint64 frames, qint64 lastFrameNs)
{
    QMutexLocker locker(&m_mutex);
    for (Entry &existing : m_entries) {
        if (existing.id == id) {
            existing.fps = fps;
            existing.frames = frames;
            existing.lastFrameNs = lastFrameNs;
            return;
        }
    }
}

void ShareCatalog::remove(const QUuid &id)
{
    QMutexLocker locker(&m_mutex);
    m_entries.removeIf([&id](const Entry &entry) { return entry.id == id; });
}

void ShareCatalog::setOrder(const QList<QUuid> &ids)
{
    QMutexLocker locker(&m_mutex);
    std::stable_sort(m_entries.begin(), m_entries.end(), [&ids](const Entry &a, const Entry &b) {
        return ids.indexOf(a.id) < ids.indexOf(b.id);
    });
}

void ShareCatalog::clear()
{
    QMutexLocker locker(&m_mutex);
    m_entries.clear();
}

QList<ShareCatalog::Entry> ShareCatalog::entries() const
{
    QMutexLocker locker(&m_mutex);
    return m_entries;
}

std::optional<ShareCatalog::Entry> ShareCatalog::entry(const QUuid &id) const
{
    QMutexLocker locker(&m_mutex);
    for (const Entry &entry : m_entries) {
        if (entry.id == id)
            return entry;
    }
    return std::nullopt;
}

std::optional<ShareCatalog::Entry> ShareCatalog::find(const QString &key, Lookup *lookup) const
{
    const auto result = [lookup](Lookup value, std::optional<Entry> entry) {
        if (lookup)
            *lookup = value;
        return entry;
    };
    if (key.isEmpty())
        return result(Lookup::NotFound, std::nullopt);
    QMutexLocker locker(&m_mutex);
    // QUuid reads "{…}" and, since Qt 6, the bare form too.
    if (const QUuid id(key); !id.isNull()) {
        for (const Entry &entry : m_entries) {
            if (entry.id == id)
                return result(Lookup::Found, entry);
        }
    }
    for (const Entry &entry : m_entries) {
        if (!entry.serial.isEmpty() && entry.serial.compare(key, Qt::CaseInsensitive) == 0)
            return result(Lookup::Found, entry);
    }
    std::optional<Entry> found;
    for (const Entry &entry : m_entries) {
        if (!entry.slug.isEmpty() && entry.slug == key) {
            if (found)
                return result(Lookup::Ambiguous, std::nullopt);
            found = entry;
        }
    }
    return result(found ? Lookup::Found : Lookup::NotFound, found);
}

QString ShareCatalog::gcodeStateName(PrintState state)
{
    switch (state) {
    case PrintState::Unknown:
        return {};
    case PrintState::Idle:
        return QStringLiteral("IDLE");
    case PrintState::Preparing:
        return QStringLiteral("PREPARE");
    case PrintState::Printing:
        return QStringLiteral("RUNNING");
    case PrintState::Paused:
        return QStringLiteral("PAUSE");
    case PrintState::Finished:
        return QStringLiteral("FINISH");
    case PrintState::Failed:
        return QStringLiteral("FAILED");
    }
    return {};
}

QJsonObject ShareCatalog::toJson(const Entry &entry, int viewers, qint64 nowNs)
{
    const auto orNull = [](int value) {
        return value < 0 ? QJsonValue() : QJsonValue(value);
    };
    QJsonObject print;
    const QString gcodeState = gcodeStateName(entry.print.state);
    print.insert(QStringLiteral("gcodeState"),
                 gcodeState.isEmpty() ? QJsonValue() : QJsonValue(gcodeState));
    print.insert(QStringLiteral("percent"), orNull(entry.print.percent));
    print.insert(QStringLiteral("remainingMinutes"), orNull(entry.print.remainingMinutes));
    print.insert(QStringLiteral("layer"), orNull(entry.print.layer));
    print.insert(QStringLiteral("totalLayers"), orNull(entry.print.totalLayers));
    print.insert(QStringLiteral("jobName"),
                 entry.print.jobName.isEmpty() ? QJsonValue() : QJsonValue(entry.print.jobName));
    print.insert(QStringLiteral("pausedForError"), entry.print.isPausedForError());

    QJsonObject object;
    const QString id = entry.idText();
    object.insert(QStringLiteral("id"), id);
    object.insert(QStringLiteral("slug"), entry.slug);
    object.insert(QStringLiteral("name"), entry.name);
    object.insert(QStringLiteral("serial"), entry.serial);
    object.insert(QStringLiteral("model"), entry.model);
    object.insert(QStringLiteral("cameraKind"), entry.cameraKind);
    object.insert(QStringLiteral("state"), entry.state);
    object.insert(QStringLiteral("stateText"), entry.stateText);
    object.insert(QStringLiteral("live"), entry.live);
    object.insert(QStringLiteral("fps"), std::round(entry.fps * 100) / 100);
    object.insert(QStringLiteral("frames"), double(entry.frames));
    object.insert(QStringLiteral("reconnects"), double(entry.reconnects));
    object.insert(QStringLiteral("lastFrameAgeMs"),
                  entry.lastFrameNs > 0 ? QJsonValue(
                      double(std::max<qint64>(0, (nowNs - entry.lastFrameNs) / 1000000)))
                                        : QJsonValue());
    object.insert(QStringLiteral("viewers"), viewers);
    object.insert(QStringLiteral("print"), print);
    object.insert(QStringLiteral("stream"), ShareRequest::streamPath(id));
    object.insert(QStringLiteral("snapshot"), ShareRequest::snapshotPath(id));
    return object;
}
