#include "share/sharerecordings.h"

#include "protocol/sharerequest.h"
#include "record/recordinglibrary.h"
#include "record/videoprobe.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonObject>
#include <QMutexLocker>
#include <QSet>
#include <QThreadPool>
#include <QUrl>

#include <algorithm>

namespace {

// One path segment as a request names it: no way up or sideways, nothing hidden (".work",
// ".partial" leftovers of a hand-made name, "." and ".."), no separator smuggled in encoded.
bool isPlainName(const QString &name)
{
    return !name.isEmpty() && !name.startsWith(u'.') && !name.contains(u'/')
        && !name.contains(u'\\') && !name.contains(QChar(0));
}

QByteArray videoContentType(const QString &fileName)
{
    return fileName.endsWith(QLatin1String(".mkv")) ? QByteArrayLiteral("video/x-matroska")
                                                    : QByteArrayLiteral("video/mp4");
}

// The video a thumbnail name belongs to ("x.jpg" -> "x.mp4" or "x.mkv"), if its name is one of
// RecordingLibrary's; empty otherwise.
QString videoNameOfThumbnail(const QString &fileName)
{
    if (!fileName.endsWith(QLatin1String(".jpg")))
        return {};
    const QString base = fileName.chopped(4);
    for (const char *suffix : {".mp4", ".mkv"}) {
        const QString video = base + QLatin1String(suffix);
        if (RecordingLibrary::parseFileName(video, nullptr, nullptr))
            return video;
    }
    return {};
}

QString isoTime(const QDateTime &time)
{
    // With the offset: "2026-12-05T11:36:09+01:00" (a local time alone says nothing abroad).
    return time.toOffsetFromUtc(time.offsetFromUtc()).toString(Qt::ISODate);
}

} // namespace

void ShareRecordings::setRoot(const QString &root)
{
    QMutexLocker locker(&m_rootMutex);
    m_root = root.isEmpty() ? QString() : QDir::cleanPath(root);
}

QString ShareRecordings::root() const
{
    QMutexLocker locker(&m_rootMutex);
    return m_root;
}

std::optional<ShareRecordings::File> ShareRecordings::resolve(const QString &folder,
                                                              const QString &fileName) const
{
    const QString root = this->root();
    if (root.isEmpty() || !isPlainName(folder) || !isPlainName(fileName))
        return std::nullopt;
    File file;
    file.fileName = fileName;
    if (RecordingLibrary::parseFileName(fileName, nullptr, nullptr)) {
        file.isVideo = true;
        file.contentType = videoContentType(fileName);
    } else {
        const QString video = videoNameOfThumbnail(fileName);
        // A thumbnail only beside its video: a stray .jpg is not ours.
        if (video.isEmpty()
            || !QFileInfo(root + QLatin1Char('/') + folder + QLatin1Char('/') + video).isFile())
            return std::nullopt;
        file.contentType = QByteArrayLiteral("image/jpeg");
    }

    const QFileInfo info(root + QLatin1Char('/') + folder + QLatin1Char('/') + fileName);
    if (!info.isFile())
        return std::nullopt;
    // Symbolic links are followed (a printer folder may be a link to another disk inside the
    // root's tree), but where they end must be a printer folder's file under the root: two plain
    // names below the canonical root, so neither a link out of the root nor one into a work
    // folder or a user's subfolder leads anywhere.
    const QString canonicalRoot = QFileInfo(root).canonicalFilePath();
    const QString canonical = info.canonicalFilePath();
    if (canonicalRoot.isEmpty() || canonical.isEmpty()
        || !canonical.startsWith(canonicalRoot + QLatin1Char('/')))
        return std::nullopt;
    const QStringList rest = canonical.sliced(canonicalRoot.size() + 1).split(u'/');
    if (rest.size() != 2 || !std::all_of(rest.cbegin(), rest.cend(), isPlainName))
        return std::nullopt;
    file.path = canonical;
    file.bytes = info.size();
    return file;
}

// What a file's header said, per path; valid while the file keeps its size and modification time.
struct ShareRecordings::DurationCache
{
    struct Key
    {
        QString path;
        qint64 bytes = 0;
        QDateTime modified;
    };
    struct Duration
    {
        qint64 bytes = 0;
        QDateTime modified;
        qint64 durationMs = -1;
    };

    QMutex mutex;
    QHash<QString, Duration> durations;
    QSet<QString> queued; // waiting for or being read on the pool
    int reads = 0;

    std::optional<qint64> find(const Key &key)
    {
        QMutexLocker locker(&mutex);
        const auto found = durations.constFind(key.path);
        if (found != durations.constEnd() && found->bytes == key.bytes
            && found->modified == key.modified)
            return found->durationMs;
        return std::nullopt;
    }

    // Reads the header without the lock held: a list is not kept waiting for the pool's reads.
    qint64 read(const Key &key)
    {
        const qint64 durationMs = VideoProbe::probe(key.path).durationMs;
        QMutexLocker locker(&mutex);
        ++reads;
        durations.insert(key.path, Duration{key.bytes, key.modified, durationMs});
        return durationMs;
    }
};

ShareRecordings::ShareRecordings()
    : m_cache(std::make_shared<DurationCache>())
{ }

ShareRecordings::~ShareRecordings() = default;

void ShareRecordings::setProbeBudget(std::chrono::milliseconds budget)
{
    QMutexLocker locker(&m_rootMutex);
    m_probeBudget = budget;
}

QJsonArray ShareRecordings::list(const QList<PrinterName> &printers)
{
    const QString root = this->root();
    if (root.isEmpty() || !QFileInfo(root).isDir())
        return {};
    std::chrono::milliseconds budget{};
    {
        QMutexLocker locker(&m_rootMutex);
        budget = m_probeBudget;
    }
    QHash<QString, PrinterName> byFolder;
    for (const PrinterName &printer : printers) {
        const QString folder = RecordingLibrary::folderNameFor(printer.name, printer.id);
        if (!byFolder.contains(folder)) // two printers of one name share the folder: the first
            byFolder.insert(folder, printer);
    }

    const QList<RecordingLibrary::Entry> entries = RecordingLibrary(root).entries(false);
    QElapsedTimer probing;
    probing.start();
    QList<DurationCache::Key> later;
    QJsonArray array;
    QSet<QString> seen;
    // entries() is oldest first; the list is newest first.
    for (auto it = entries.crbegin(); it != entries.crend(); ++it) {
        const RecordingLibrary::Entry &entry = *it;
        const QString fileName = QFileInfo(entry.path).fileName();
        const std::optional<File> video = resolve(entry.printerFolder, fileName);
        if (!video)
            continue; // listed only what a download would give
        const QFileInfo info(video->path);
        seen.insert(video->path);
        const DurationCache::Key key{video->path, info.size(), info.lastModified()};
        std::optional<qint64> durationMs = m_cache->find(key);
        if (!durationMs && probing.elapsed() < budget.count())
            durationMs = m_cache->read(key);
        else if (!durationMs)
            later.append(key);

        QJsonObject object;
        const auto printer = byFolder.constFind(entry.printerFolder);
        if (printer != byFolder.constEnd()) {
            object.insert(QStringLiteral("printerId"), printer->id.toString(QUuid::WithoutBraces));
            object.insert(QStringLiteral("printer"), printer->name);
        } else {
            object.insert(QStringLiteral("printerId"), QJsonValue::Null);
            object.insert(QStringLiteral("printer"), entry.printerFolder);
        }
        object.insert(QStringLiteral("folder"), entry.printerFolder);
        object.insert(QStringLiteral("file"), fileName);
        object.insert(QStringLiteral("kind"), RecordingLibrary::kindPrefix(entry.kind));
        // From the file name: a timelapse's job ("benchy"); null when the name has none.
        object.insert(QStringLiteral("label"),
                      entry.label.isEmpty() ? QJsonValue(QJsonValue::Null)
                                            : QJsonValue(entry.label));
        object.insert(QStringLiteral("started"), isoTime(entry.started));
        object.insert(QStringLiteral("durationMs"),
                      durationMs && *durationMs >= 0 ? QJsonValue(double(*durationMs))
                                                     : QJsonValue::Null);
        object.insert(QStringLiteral("bytes"), double(video->bytes));
        object.insert(QStringLiteral("url"),
                      ShareRequest::recordingPath(entry.printerFolder, fileName));
        const QString thumbnailName = QFileInfo(entry.thumbnailPath).fileName();
        const bool thumbnail = !entry.thumbnailPath.isEmpty()
            && resolve(entry.printerFolder, thumbnailName).has_value();
        object.insert(
            QStringLiteral("thumbnail"),
            thumbnail ? QJsonValue(ShareRequest::recordingPath(entry.printerFolder, thumbnailName))
                      : QJsonValue::Null);
        array.append(object);
    }

    {
        QMutexLocker locker(&m_cache->mutex);
        // Deleted or replaced files leave the cache: it holds at most what the folder holds.
        for (auto it = m_cache->durations.begin(); it != m_cache->durations.end();) {
            if (seen.contains(it.key()))
                ++it;
            else
                it = m_cache->durations.erase(it);
        }
        later.removeIf(
            [this](const DurationCache::Key &key) { return m_cache->queued.contains(key.path); });
        for (const DurationCache::Key &key : std::as_const(later))
            m_cache->queued.insert(key.path);
    }
    if (!later.isEmpty()) {
        // One low-priority pool task per list that left files unread. It holds the cache, not
        // this object: a server stopped meanwhile is no problem.
        QThreadPool::globalInstance()->start(
            [cache = m_cache, later] {
                for (const DurationCache::Key &key : later) {
                    cache->read(key);
                    QMutexLocker locker(&cache->mutex);
                    cache->queued.remove(key.path);
                }
            },
            -1);
    }
    return array;
}

QByteArray ShareRecordings::attachmentHeader(const QString &fileName)
{
    QByteArray plain;
    for (const QChar c : fileName) {
        const char16_t u = c.unicode();
        plain += u >= 0x20 && u < 0x7f && u != '"' && u != '\\' ? char(u) : '_';
    }
    QByteArray header = "attachment; filename=\"" + plain + '"';
    if (plain != fileName.toUtf8())
        header += "; filename*=UTF-8''" + QUrl::toPercentEncoding(fileName);
    return header;
}

int ShareRecordings::cachedDurationCount() const
{
    QMutexLocker locker(&m_cache->mutex);
    return int(m_cache->durations.size());
}

int ShareRecordings::durationReads() const
{
    QMutexLocker locker(&m_cache->mutex);
    return m_cache->reads;
}
