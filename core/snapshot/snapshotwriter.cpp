#include "snapshotwriter.h"

#include <QByteArray>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSaveFile>

Q_LOGGING_CATEGORY(lcSnapshot, "farmcam.snapshot")

namespace {

// Far more than anyone keeps in one folder under one name; bounds the loop on a broken file system.
constexpr int kMaxCandidates = 10000;

QString nativePath(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

QString candidatePath(const QFileInfo &wanted, int n)
{
    if (n == 1)
        return wanted.absoluteFilePath();
    const QString suffix = wanted.suffix();
    // One multi-arg call: a name containing "%1" must not be substituted again.
    const QString name = suffix.isEmpty()
        ? QStringLiteral("%1-%2").arg(wanted.completeBaseName(), QString::number(n))
        : QStringLiteral("%1-%2.%3").arg(wanted.completeBaseName(), QString::number(n), suffix);
    return wanted.absoluteDir().filePath(name);
}

bool isReservedWindowsName(const QString &name)
{
    // Windows refuses these as file or folder names, whatever the extension.
    const QString stem = name.section(QLatin1Char('.'), 0, 0).trimmed().toUpper();
    static const QStringList reserved = {
        QStringLiteral("CON"),
        QStringLiteral("PRN"),
        QStringLiteral("AUX"),
        QStringLiteral("NUL"),
    };
    if (reserved.contains(stem))
        return true;
    return stem.size() == 4
        && (stem.startsWith(QLatin1String("COM")) || stem.startsWith(QLatin1String("LPT")))
        && stem.at(3) >= QLatin1Char('1') && stem.at(3) <= QLatin1Char('9');
}

// Why a folder could not be created: looks at the nearest part of the path that exists.
QString folderProblem(const QString &dirPath)
{
    QFileInfo info(dirPath);
    while (!info.exists() && !info.isSymLink()) {
        const QString parent = info.absolutePath();
        if (parent == info.absoluteFilePath())
            break;
        info = QFileInfo(parent);
    }
    if (info.exists() && !info.isDir())
        return SnapshotWriter::tr("“%1” is a file, not a folder")
            .arg(nativePath(info.absoluteFilePath()));
    if (info.exists() && !info.isWritable())
        return SnapshotWriter::tr("“%1” is not writable").arg(nativePath(info.absoluteFilePath()));
    return {};
}

// A write cut short (disk full, file size limit) reports success for the part written and sets no
// error; writing the rest is what yields the system's reason.
bool writeAll(QSaveFile &file, const QByteArray &bytes)
{
    qint64 written = 0;
    while (written < bytes.size()) {
        const qint64 n = file.write(bytes.constData() + written, bytes.size() - written);
        if (n <= 0)
            return false;
        written += n;
    }
    return true;
}

} // namespace

SnapshotWriter::Result SnapshotWriter::write(const QString &wantedPath, const QByteArray &bytes)
{
    Result result;
    const QFileInfo wanted(wantedPath);
    const QString dirPath = wanted.absolutePath();
    const QString folder = nativePath(dirPath);

    if (bytes.isEmpty()) {
        result.errorMessage = tr("There is no picture to save yet.");
        return result;
    }
    if (wanted.fileName().isEmpty()) {
        result.errorMessage
            = tr("No file name given for the picture in the folder “%1”.").arg(folder);
        return result;
    }

    if (const QString problem = prepareFolder(dirPath); !problem.isEmpty()) {
        result.errorMessage = problem;
        return result;
    }

    // Reserve a free name with an exclusive create: whoever creates it first owns it, so the rename
    // below can never replace somebody else's file.
    QString path;
    for (int n = 1; n <= kMaxCandidates && path.isEmpty(); ++n) {
        const QString candidate = candidatePath(wanted, n);
        QFile placeholder(candidate);
        if (placeholder.open(QIODevice::WriteOnly | QIODevice::NewOnly)) {
            path = candidate;
            break;
        }
        const QFileInfo taken(candidate);
        if (taken.exists() || taken.isSymLink())
            continue;
        result.errorMessage
            = tr("Cannot save in the folder “%1”: %2.").arg(folder, placeholder.errorString());
        return result;
    }
    if (path.isEmpty()) {
        result.errorMessage = tr("Cannot find a free file name in the folder “%1”.").arg(folder);
        return result;
    }

    // commit() flushes, syncs and renames the complete temporary file onto the placeholder; on any
    // failure it removes the temporary file.
    QSaveFile file(path);
    QString failure;
    if (!file.open(QIODevice::WriteOnly)) {
        failure = file.errorString();
    } else if (!writeAll(file, bytes)) {
        failure = file.errorString(); // before cancelWriting() replaces it
        file.cancelWriting();
        file.commit(); // only discards the temporary file now
    } else if (!file.commit()) {
        failure = file.errorString();
    }
    if (!failure.isEmpty()) {
        QFile::remove(path); // the empty placeholder
        result.errorMessage = tr("Could not save “%1” in the folder “%2”: %3.")
                                  .arg(QFileInfo(path).fileName(), folder, failure);
        qCDebug(lcSnapshot) << result.errorMessage;
        return result;
    }

    qCDebug(lcSnapshot) << "saved" << path << bytes.size() << "bytes";
    result.ok = true;
    result.filePath = path;
    return result;
}

QString SnapshotWriter::prepareFolder(const QString &folderPath)
{
    const QString dirPath = QFileInfo(folderPath).absoluteFilePath();
    const QString folder = nativePath(dirPath);
    if (!QDir().mkpath(dirPath)) {
        const QString problem = folderProblem(dirPath);
        return problem.isEmpty() ? tr("Cannot create the folder “%1”.").arg(folder)
                                 : tr("Cannot create the folder “%1”: %2.").arg(folder, problem);
    }
    // access(2) also reports a read-only file system, for root too.
    if (!QFileInfo(dirPath).isWritable())
        return tr("Cannot save in the folder “%1”: it is not writable.").arg(folder);
    return {};
}

QString SnapshotWriter::sanitizeFileName(const QString &name)
{
    static const QString forbidden = QStringLiteral("/\\:*?\"<>|");
    QString clean;
    clean.reserve(name.size());
    for (const QChar c : name) {
        if (forbidden.contains(c))
            clean.append(QLatin1Char('_'));
        else if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format
                 || c.category() == QChar::Separator_Line
                 || c.category() == QChar::Separator_Paragraph)
            clean.append(QLatin1Char(' ')); // then collapsed with the other white space
        else
            clean.append(c);
    }
    clean = clean.simplified();

    // No hidden files; Windows drops trailing dots and spaces itself, which would change the name.
    const auto isDotOrSpace = [](QChar c) {
        return c == QLatin1Char('.') || c.isSpace();
    };
    qsizetype begin = 0;
    while (begin < clean.size() && isDotOrSpace(clean.at(begin)))
        ++begin;
    qsizetype end = clean.size();
    while (end > begin && isDotOrSpace(clean.at(end - 1)))
        --end;
    clean = clean.mid(begin, end - begin);

    if (clean.size() > kMaxNameLength) {
        qsizetype length = kMaxNameLength;
        if (clean.at(length - 1).isHighSurrogate())
            --length; // never cut a character in half
        clean.truncate(length);
        while (!clean.isEmpty() && isDotOrSpace(clean.back()))
            clean.chop(1);
    }

    if (isReservedWindowsName(clean))
        clean.append(QLatin1Char('_'));
    if (clean.isEmpty())
        clean = QStringLiteral("unnamed");
    return clean;
}

QString SnapshotWriter::snapshotFilePath(const QString &folder, const QString &printerName,
                                         const QDateTime &time)
{
    const QString printer = sanitizeFileName(printerName);
    return QDir(folder).filePath(
        QStringLiteral("%1/%1_%2.jpg")
            .arg(printer, time.toString(QStringLiteral("yyyyMMdd-HHmmss"))));
}

QString SnapshotWriter::grabFilePath(const QString &dir, const QString &host, const QDateTime &time,
                                     quint64 index)
{
    return QDir(dir).filePath(QStringLiteral("%1-%2-%3.jpg")
                                  .arg(sanitizeFileName(host),
                                       time.toString(QStringLiteral("yyyyMMdd-HHmmss-zzz")),
                                       QString::number(index)));
}
