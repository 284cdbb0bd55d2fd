// Saves snapshots of printers' latest frames off the GUI thread, one batch at a time.
#pragma once

#include "frames/cameraframe.h"
#include "frames/framestore.h"
#include "snapshot/snapshotwriter.h"

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

// SnapshotWriter::write() fsyncs, which can take a moment on a slow disk or a network share; the
// GUI must not freeze for it, once per printer. A batch (one printer, or "all") is one job on
// QThreadPool::globalInstance(); batches are written in the order they were asked for. The JPEG
// is the camera's own bytes (CameraFrame::toJpeg(), called on the worker); an H.264 camera's
// newest picture is decoded on the worker at full resolution (FrameStore::latestPicture(), never
// half-decoded) and encoded at kJpegQuality. The file is named after when the picture arrived,
// in `<folder>/<printer>/`.
//
// Results (saved, failed, batchFinished) arrive on the service's thread. The service may be
// destroyed while a batch is being written: the batch still completes (the user asked for those
// pictures), but nothing is reported any more.
class SnapshotService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SnapshotService)

public:
    struct Request
    {
        QString printerKey; // echoed back in saved()/failed(), e.g. to flash the printer's tile
        QString printerName; // names the folder and the file, and the printer in messages
        CameraFrame frame; // null: reported as "no picture yet", nothing is written
        // The printer's frames (FrameHub::store()): an H.264 `frame` has no picture of its own,
        // so the newest full-resolution picture is taken from here, on the worker.
        std::shared_ptr<FrameStore> store = {};
    };

    struct BatchResult
    {
        QStringList savedFiles;
        QStringList printersWithoutPicture; // names
        QStringList failures; // "Name: reason", the reason a sentence naming the folder
    };

    // How a file is written; SnapshotWriter::write by default. Tests pass one that records its
    // thread, fails, or blocks.
    using WriteFunction
        = std::function<SnapshotWriter::Result(const QString &wantedPath, const QByteArray &jpeg)>;

    // Pictures that are not a JPEG camera's own bytes are encoded at this quality.
    static constexpr int kJpegQuality = 95;

    explicit SnapshotService(QObject *parent = nullptr);
    ~SnapshotService() override;

    // The folder that later batches write into (a batch keeps the folder it was asked with).
    void setFolder(const QString &folder);
    QString folder() const;

    // Queues one batch and returns its id (1, 2, ...), which batchFinished() names.
    quint64 save(const QList<Request> &requests);

    // A batch asked for and not yet finished (batchFinished() not yet emitted).
    bool isBusy() const;

    void setWriteFunction(WriteFunction write);

signals:
    void saved(const QString &printerKey, const QString &filePath);
    // A picture that could not be written (not "no picture yet": see BatchResult).
    void failed(const QString &printerKey, const QString &printerName, const QString &error);
    void batchFinished(quint64 batchId, const SnapshotService::BatchResult &result);

private:
    struct Batch;
    struct Queue;
    static void runQueue(const std::shared_ptr<Queue> &queue);
    static void writeBatch(const std::shared_ptr<Queue> &queue, const Batch &batch);

    QString m_folder;
    WriteFunction m_write;
    quint64 m_lastBatchId = 0;
    int m_unfinishedBatches = 0;
    // Shared with the running job, which outlives a destroyed service.
    std::shared_ptr<Queue> m_queue;
};

Q_DECLARE_METATYPE(SnapshotService::Request)
Q_DECLARE_METATYPE(SnapshotService::BatchResult)
