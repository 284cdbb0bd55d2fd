#include "timelapseencodeload.h"

#include "record/recordinglibrary.h"
#include "record/recordworkers.h"
#include "record/timelapserecorder.h"
#include "sim/framerenderer.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QTemporaryDir>
#include <QThreadPool>

#include <unistd.h>

namespace {

QString frameName(int index)
{
    // TimelapseRecorder's own names: frame-000001.jpg, ...
    return QStringLiteral("frame-%1.jpg").arg(index, 6, 10, QLatin1Char('0'));
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size() && file.commit();
}

} // namespace

TimelapseEncodeLoad::TimelapseEncodeLoad(const QString &framesFolder, QObject *parent)
    : QObject(parent)
    , m_framesFolder(framesFolder)
{ }

TimelapseEncodeLoad::~TimelapseEncodeLoad()
{
    stop();
}

bool TimelapseEncodeLoad::renderFrames(QString *errorMessage)
{
    const QDir folder(m_framesFolder);
    if (QFile::exists(folder.filePath(frameName(kFrameCount))))
        return true; // an earlier scenario of this run rendered them
    if (!QDir().mkpath(m_framesFolder)) {
        *errorMessage = QStringLiteral("cannot create %1").arg(m_framesFolder);
        return false;
    }
    // The printer scene at 720p, one picture every 10 s of a print, so that consecutive frames
    // differ as a timelapse's do (the same pictures as bench_record's timelapse figure).
    FrameRenderer renderer(QStringLiteral("Bench P1S"), QSize(1280, 720), kJpegQuality);
    const QDateTime start = QDateTime::currentDateTime();
    for (int i = 0; i < kFrameCount; ++i) {
        const QByteArray jpeg = renderer.renderJpeg(quint64(i) * 10, start.addSecs(i * 10));
        // The last one last: its presence says the set is whole.
        if (jpeg.isEmpty() || !writeFile(folder.filePath(frameName(i + 1)), jpeg)) {
            *errorMessage
                = QStringLiteral("cannot render the timelapse frames into %1").arg(m_framesFolder);
            return false;
        }
    }
    return true;
}

bool TimelapseEncodeLoad::prepare(int encodes, QString *errorMessage)
{
    if (!renderFrames(errorMessage))
        return false;
    m_library = std::make_unique<QTemporaryDir>();
    if (!m_library->isValid()) {
        *errorMessage = QStringLiteral("no temporary folder: %1").arg(m_library->errorString());
        return false;
    }
    const RecordingLibrary library(m_library->path());
    const QDateTime started = QDateTime::currentDateTime();
    for (int encode = 0; encode < encodes; ++encode) {
        // A printer folder each: resume() encodes every finished capture of its printer, and each
        // encode must be queued on its own, when the one before ends.
        const QString printerFolder
            = QStringLiteral("encode-%1").arg(encode + 1, 2, 10, QLatin1Char('0'));
        const QString work = library.workPath(
            printerFolder,
            QStringLiteral("timelapse-") + started.toString(QStringLiteral("yyyyMMdd-HHmmss-zzz")));
        if (!QDir().mkpath(work)) {
            *errorMessage = QStringLiteral("cannot create %1").arg(work);
            return false;
        }
        for (int i = 1; i <= kFrameCount; ++i) {
            const QString from = QDir(m_framesFolder).filePath(frameName(i));
            const QString to = QDir(work).filePath(frameName(i));
            // A hard link: no copy of 30 MB per encode; a copy where links cannot be made.
            if (::link(QFile::encodeName(from).constData(), QFile::encodeName(to).constData()) != 0
                && !QFile::copy(from, to)) {
                *errorMessage = QStringLiteral("cannot put %1 into %2").arg(from, work);
                return false;
            }
        }
        const QJsonObject state{
            {QStringLiteral("job"), QStringLiteral("bench-%1").arg(encode + 1)},
            {QStringLiteral("started"), started.toString(Qt::ISODateWithMs)},
            {QStringLiteral("layer"), kFrameCount},
            {QStringLiteral("phase"), QStringLiteral("encoding")}, // the print ended
        };
        if (!writeFile(QDir(work).filePath(QLatin1String(TimelapseRecorder::kStateFile)),
                       QJsonDocument(state).toJson(QJsonDocument::Compact))) {
            *errorMessage = QStringLiteral("cannot write the state of %1").arg(work);
            return false;
        }
        m_printerFolders.append(printerFolder);
    }
    return true;
}

void TimelapseEncodeLoad::start()
{
    m_running = true;
    startNext();
}

void TimelapseEncodeLoad::startNext()
{
    if (!m_running)
        return;
    if (m_started >= m_printerFolders.size()) {
        m_ranDry = true;
        return;
    }
    const RecordingLibrary library(m_library->path());
    auto *recorder = new TimelapseRecorder(library, m_printerFolders.at(m_started), this);
    m_current = recorder;
    ++m_started;
    connect(recorder, &TimelapseRecorder::encodingProgress, this, [this] {
        m_encoding = true;
        emit progressed();
    });
    const auto ended = [this, recorder] {
        m_encoding = false;
        ++m_finished;
        if (m_current == recorder)
            m_current = nullptr;
        recorder->deleteLater(); // inside its own signal
        startNext();
    };
    connect(recorder, &TimelapseRecorder::finished, this, ended);
    connect(recorder, &TimelapseRecorder::failed, this,
            [this, ended](const QString &, const QString &message) {
                m_errors.append(message);
                ended();
            });
    if (recorder->resume() != 1) {
        m_errors.append(
            QStringLiteral("no capture to encode in %1").arg(m_printerFolders.at(m_started - 1)));
        m_running = false;
    }
}

void TimelapseEncodeLoad::stop()
{
    m_running = false;
    // The pool is the app's: what it runs now is ours (nothing else records in this process).
    RecordWorkers::encodePool()->waitForDone();
}
