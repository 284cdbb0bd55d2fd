#include "recordinglibrary.h"

#include "record/recorderror.h"
#include "record/videoprobe.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QStorageInfo>

#include <algorithm>

namespace {

const QString kTimeFormat = QStringLiteral("yyyy-MM-dd_HH-mm-ss");

QString megabytes(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeSIFormat);
}

// Letters, digits, '-' and '.', no leading dot: safe on every file system and in a URL.
QString slug(const QString &text, int maxLength)
{
    QString out;
    for (const QChar c : text) {
        if (c.isLetterOrNumber() || c == QLatin1Char('.') || c == QLatin1Char('-'))
            out += c;
        else if (!out.endsWith(QLatin1Char('-')))
            out += QLatin1Char('-');
    }
    while (out.startsWith(QLatin1Char('.')) || out.startsWith(QLatin1Char('-')))
        out.remove(0, 1);
    out.truncate(maxLength);
    while (out.endsWith(QLatin1Char('-')) || out.endsWith(QLatin1Char('.')))
        out.chop(1);
    return out;
}

} // namespace

QString RecordingLibrary::defaultRoot()
{
    // Qt's test mode moves settings and data out of the user's folders but not ~/Videos: tests
    // that start FarmCam with its defaults must not record into (and lock) the real one.
    if (QStandardPaths::isTestModeEnabled()) {
        return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
            + QStringLiteral("/Videos/FarmCam");
    }
    return QStandardPaths::writableLocation(QStandardPaths::MoviesLocation)
        + QStringLiteral("/FarmCam");
}

RecordingLibrary::RecordingLibrary(const QString &root)
    : m_root(QDir::cleanPath(root))
{ }

void RecordingLibrary::setFreeSpaceFunction(std::function<qint64(const QString &)> function)
{
    m_freeSpace = std::move(function);
}

qint64 RecordingLibrary::freeBytes() const
{
    // The root may not exist yet: ask about the nearest folder that does.
    QString existing = m_root;
    while (!QFileInfo::exists(existing) && QFileInfo(existing).absolutePath() != existing)
        existing = QFileInfo(existing).absolutePath();
    if (m_freeSpace)
        return m_freeSpace(existing);
    return QStorageInfo(existing).bytesAvailable();
}

QString RecordingLibrary::folderNameFor(const QString &printerName, const QUuid &id)
{
    const QString name = slug(printerName, 64);
    return name.isEmpty() ? id.toString(QUuid::WithoutBraces) : name;
}

QString RecordingLibrary::printerPath(const QString &folderName) const
{
    return m_root + QLatin1Char('/') + folderName;
}

QString RecordingLibrary::workPath(const QString &folderName, const QString &name) const
{
    return printerPath(folderName) + QLatin1Char('/') + QLatin1String(kWorkFolder)
        + QLatin1Char('/') + name;
}

QString RecordingLibrary::kindPrefix(Kind kind)
{
    switch (kind) {
    case Kind::Timelapse:
        return QStringLiteral("timelapse");
    case Kind::FailureClip:
        return QStringLiteral("failure");
    case Kind::Recording:
        break;
    }
    return QStringLiteral("recording");
}

QString RecordingLibrary::newVideoPath(const QString &folderName, Kind kind,
                                       const QDateTime &started, const QString &label,
                                       const QString &suffix) const
{
    QString base = kindPrefix(kind) + QLatin1Char('_') + started.toString(kTimeFormat);
    const QString labelSlug = slug(label, 48);
    if (!labelSlug.isEmpty())
        base += QLatin1Char('_') + labelSlug;
    const QString folder = printerPath(folderName) + QLatin1Char('/');
    for (int n = 1;; ++n) {
        const QString candidate
            = folder + base + (n == 1 ? QString() : QStringLiteral("-%1").arg(n)) + suffix;
        if (!QFileInfo::exists(candidate)
            && !QFileInfo::exists(candidate + QLatin1String(kPartialSuffix)))
            return candidate;
    }
}

QString RecordingLibrary::thumbnailPathFor(const QString &videoPath)
{
    const QFileInfo info(videoPath);
    return info.path() + QLatin1Char('/') + info.completeBaseName() + QStringLiteral(".jpg");
}

QString RecordingLibrary::labelForJob(const QString &jobName)
{
    QString label = jobName.trimmed();
    // Longest first: "benchy.gcode.3mf" loses both.
    for (const QLatin1String extension :
         {QLatin1String(".gcode.3mf"), QLatin1String(".3mf"), QLatin1String(".gcode")}) {
        if (label.size() > extension.size() && label.endsWith(extension, Qt::CaseInsensitive)) {
            label.chop(extension.size());
            break;
        }
    }
    return label;
}

bool RecordingLibrary::parseFileName(const QString &fileName, Kind *kind, QDateTime *started,
                                     QString *label)
{
    static const QRegularExpression pattern(QStringLiteral(
        "^(timelapse|failure|recording)_(\\d{4}-\\d\\d-\\d\\d_\\d\\d-\\d\\d-\\d\\d)(_[^/]*)?"
        "\\.(mp4|mkv)$"));
    const QRegularExpressionMatch match = pattern.match(fileName);
    if (!match.hasMatch())
        return false;
    const QDateTime time = QDateTime::fromString(match.captured(2), kTimeFormat);
    if (!time.isValid())
        return false;
    const QString prefix = match.captured(1);
    if (kind)
        *kind = prefix == QLatin1String("timelapse") ? Kind::Timelapse
            : prefix == QLatin1String("failure")     ? Kind::FailureClip
                                                     : Kind::Recording;
    if (started)
        *started = time;
    if (label)
        *label = match.captured(3).mid(1); // without its '_'
    return true;
}

QString RecordingLibrary::spaceProblem(const QString &folderName) const
{
    const QString folder = folderName.isEmpty() ? m_root : printerPath(folderName);
    if (!QDir().mkpath(folder) || !QFileInfo(folder).isWritable())
        return RecordError::folderNotWritable(folder);
    const qint64 free = freeBytes();
    if (m_minimumFreeBytes > 0 && free >= 0 && free < m_minimumFreeBytes)
        return tr("Recording stopped: only %1 free on the disk of %2 (FarmCam keeps at least %3 "
                  "free). Free some space or lower the minimum in Preferences.")
            .arg(megabytes(free), QDir::toNativeSeparators(m_root), megabytes(m_minimumFreeBytes));
    return {};
}

QList<RecordingLibrary::Entry> RecordingLibrary::entries(bool withDuration,
                                                         const QString &folderName) const
{
    QList<Entry> list;
    const QDir root(m_root);
    const QStringList printers = folderName.isEmpty()
        ? root.entryList(QDir::Dirs | QDir::NoDotAndDotDot)
        : QStringList{folderName};
    for (const QString &printer : printers) {
        const QDir folder(printerPath(printer));
        const QFileInfoList files
            = folder.entryInfoList({QStringLiteral("*.mp4"), QStringLiteral("*.mkv")}, QDir::Files);
        for (const QFileInfo &file : files) {
            Entry entry;
            if (!parseFileName(file.fileName(), &entry.kind, &entry.started, &entry.label))
                continue;
            entry.printerFolder = printer;
            entry.path = file.absoluteFilePath();
            entry.bytes = file.size();
            const QFileInfo thumbnail(thumbnailPathFor(entry.path));
            if (thumbnail.exists()) {
                entry.thumbnailPath = thumbnail.absoluteFilePath();
                entry.bytes += thumbnail.size();
            }
            entry.automatic = entry.kind != Kind::Recording;
            if (withDuration)
                entry.durationMs = VideoProbe::probe(entry.path).durationMs;
            list.append(entry);
        }
    }
    std::stable_sort(list.begin(), list.end(), [](const Entry &a, const Entry &b) {
        return a.started != b.started ? a.started < b.started : a.path < b.path;
    });
    return list;
}

qint64 RecordingLibrary::totalBytes() const
{
    // Everything under the root counts against the budget, ours or not (work files included):
    // the budget is about the disk.
    qint64 total = 0;
    QDirIterator it(m_root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        total += it.fileInfo().size();
    }
    return total;
}

QStringList RecordingLibrary::enforceBudget()
{
    QStringList deleted;
    if (m_budgetBytes <= 0)
        return deleted;
    qint64 total = totalBytes();
    if (total <= m_budgetBytes)
        return deleted;
    const QList<Entry> all = entries();
    for (const Entry &entry : all) {
        if (total <= m_budgetBytes)
            break;
        if (!entry.automatic)
            continue;
        if (!QFile::remove(entry.path))
            continue; // in use or read-only: try the next one
        if (!entry.thumbnailPath.isEmpty())
            QFile::remove(entry.thumbnailPath);
        total -= entry.bytes;
        deleted.append(entry.path);
    }
    return deleted;
}

RecordingLibrary::Leftovers RecordingLibrary::cleanLeftovers()
{
    Leftovers leftovers;
    const QStringList printers = QDir(m_root).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &printer : printers) {
        const QDir folder(printerPath(printer));
        const QFileInfoList partials = folder.entryInfoList(
            {QLatin1Char('*') + QLatin1String(kPartialSuffix)}, QDir::Files | QDir::Hidden);
        for (const QFileInfo &file : partials) {
            if (QFile::remove(file.absoluteFilePath()))
                leftovers.removed.append(file.absoluteFilePath());
        }
        // A failure clip interrupted while it was being made: its frames are only useful with
        // the moment they belong to, which is gone with the process.
        const QDir work(folder.filePath(QLatin1String(kWorkFolder)));
        const QFileInfoList clips
            = work.entryInfoList({QStringLiteral("clip-*")}, QDir::Dirs | QDir::NoDotAndDotDot);
        for (const QFileInfo &clip : clips) {
            if (QDir(clip.absoluteFilePath()).removeRecursively())
                leftovers.removed.append(clip.absoluteFilePath());
        }
    }
    return leftovers;
}
