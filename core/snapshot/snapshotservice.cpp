#include "snapshotservice.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QMutex>
#include <QMutexLocker>
#include <QThreadPool>

#include <deque>

Q_LOGGING_CATEGORY(lcSnapshotService, "farmcam.snapshot")

struct SnapshotService::Batch
{
    quint64 id = 0;
    QString folder;
    QList<Request> requests;
    WriteFunction write;
};

// State shared between the service and its pool job, as in FrameDecoder: the job holds a
// shared_ptr, so the queue outlives a service destroyed mid-batch; `receiver` is cleared under the
// mutex in ~SnapshotService, and results are posted to it only while holding that mutex. One job
// at a time drains the queue, which keeps batches in order.
struct SnapshotService::Queue
{
    QMutex mutex;
    std::deque<Batch> batches;
    bool jobRunning = false;
    SnapshotService *receiver = nullptr;

    template<typename Report> void post(Report report)
    {
        QMutexLocker locker(&mutex);
        if (SnapshotService *service = receiver) {
            QMetaObject::invokeMethod(
                service, [service, report] { report(service); }, Qt::QueuedConnection);
        }
    }
};

SnapshotService::SnapshotService(QObject *parent)
    : QObject(parent)
    , m_write(&SnapshotWriter::write)
    , m_queue(std::make_shared<Queue>())
{
    m_queue->receiver = this;
}

SnapshotService::~SnapshotService()
{
    QMutexLocker locker(&m_queue->mutex);
    m_queue->receiver = nullptr;
}

void SnapshotService::setFolder(const QString &folder)
{
    m_folder = folder;
}

QString SnapshotService::folder() const
{
    return m_folder;
}

void SnapshotService::setWriteFunction(WriteFunction write)
{
    m_write = write ? std::move(write) : WriteFunction(&SnapshotWriter::write);
}

bool SnapshotService::isBusy() const
{
    return m_unfinishedBatches > 0;
}

quint64 SnapshotService::save(const QList<Request> &requests)
{
    Batch batch;
    batch.id = ++m_lastBatchId;
    batch.folder = m_folder;
    batch.requests = requests;
    batch.write = m_write;
    ++m_unfinishedBatches;

    QMutexLocker locker(&m_queue->mutex);
    m_queue->batches.push_back(std::move(batch));
    if (!m_queue->jobRunning) {
        m_queue->jobRunning = true;
        QThreadPool::globalInstance()->start([queue = m_queue] { runQueue(queue); });
    }
    return m_lastBatchId;
}

void SnapshotService::runQueue(const std::shared_ptr<Queue> &queue)
{
    for (;;) {
        QMutexLocker locker(&queue->mutex);
        if (queue->batches.empty()) {
            queue->jobRunning = false;
            return;
        }
        const Batch batch = std::move(queue->batches.front());
        queue->batches.pop_front();
        locker.unlock();
        // Written even when the service is gone meanwhile: the user asked for these pictures.
        writeBatch(queue, batch);
    }
}

void SnapshotService::writeBatch(const std::shared_ptr<Queue> &queue, const Batch &batch)
{
    BatchResult result;
    for (const Request &request : batch.requests) {
        // The camera's own bytes for a JPEG camera; H.264 is decoded here, off the GUI thread,
        // from the last key frame through the newest frame (or the key frame's own picture if a
        // frame between did not decode whole).
        CameraFrame frame = request.frame;
        if (frame.codec() == CameraFrame::Codec::H264 && frame.picture().isNull() && request.store)
            frame = request.store->latestPicture();
        const QByteArray jpeg = frame.toJpeg(kJpegQuality);
        if (jpeg.isEmpty()) {
            // Null, or H.264 that nobody decoded yet: nothing the user could look at.
            result.printersWithoutPicture.append(request.printerName);
            continue;
        }
        // Named after the moment the picture arrived, not the moment the button was pressed.
        const QDateTime time
            = frame.receivedAt().isValid() ? frame.receivedAt() : QDateTime::currentDateTime();
        const QString wanted
            = SnapshotWriter::snapshotFilePath(batch.folder, request.printerName, time);
        const SnapshotWriter::Result written = batch.write(wanted, jpeg);
        if (written.ok) {
            qCInfo(lcSnapshotService).noquote() << "Snapshot saved:" << written.filePath;
            result.savedFiles.append(written.filePath);
            queue->post([key = request.printerKey, path = written.filePath](SnapshotService *s) {
                emit s->saved(key, path);
            });
        } else {
            qCWarning(lcSnapshotService).noquote()
                << "Snapshot of" << request.printerName << "failed:" << written.errorMessage;
            result.failures.append(tr("%1: %2").arg(request.printerName, written.errorMessage));
            queue->post([key = request.printerKey, name = request.printerName,
                         error = written.errorMessage](SnapshotService *s) {
                emit s->failed(key, name, error);
            });
        }
    }
    queue->post([id = batch.id, result](SnapshotService *s) {
        --s->m_unfinishedBatches;
        emit s->batchFinished(id, result);
    });
}
