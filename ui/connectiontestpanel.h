// The "Test connection" part of the printer dialog: a button that fetches one picture from the
// camera without blocking, a busy line while it runs, and the result with a preview.
#pragma once

#include "camera/camerasource.h"
#include "model/printerconfig.h"

#include <QWidget>

class ConnectionProbe;
class FormMessage;
class QLabel;
class QProgressBar;
class QPushButton;

class ConnectionTestPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionTestPanel)

public:
    explicit ConnectionTestPanel(QWidget *parent = nullptr);
    ~ConnectionTestPanel() override;

    // Whether the fields allow a test; the button says why not.
    void setTestAvailable(bool available);
    bool isTestAvailable() const;
    bool isRunning() const;
    // The test's timeouts (tests shorten them).
    void setTimeouts(const CameraSource::Timeouts &timeouts);

    // The ends of the panel's own tab chain, for the dialog's.
    QWidget *firstInTabOrder() const;
    QWidget *lastInTabOrder() const;

    // Starts a test of this endpoint as a camera of `kind` (Automatic: finds the kind); does
    // nothing while no test is available.
    void start(const CameraEndpoint &endpoint,
               PrinterConfig::CameraKind kind = PrinterConfig::CameraKind::JpegStream);
    // Stops a running test and says so.
    void cancel();
    // Stops a running test silently (the dialog closes).
    void stop();
    // Forgets the last result: it was about other settings.
    void clearResult();

signals:
    // The user pressed the test button; the dialog answers with start() and its endpoint.
    void testRequested();
    // The test ended: with a picture (success) or with a reason.
    void finished(bool success, const QString &message);
    // A test of an automatic camera found the printer's kind (the dialog may show it).
    void cameraKindFound(PrinterConfig::CameraKind kind);

private:
    void setRunning(bool running);
    void showSuccess(const QImage &preview, const QByteArray &jpeg, const QSize &frameSize,
                     PrinterConfig::CameraKind kind);
    void showFailure(CameraSource::Failure failure, const QString &reason);

    ConnectionProbe *m_probe = nullptr;
    QPushButton *m_testButton = nullptr;
    QPushButton *m_cancelTestButton = nullptr;
    QProgressBar *m_busy = nullptr;
    FormMessage *m_testProgress = nullptr;
    QWidget *m_resultBox = nullptr;
    PrinterConfig::CameraKind m_requestedKind = PrinterConfig::CameraKind::JpegStream;
    QLabel *m_preview = nullptr;
    QLabel *m_resultTitle = nullptr;
    FormMessage *m_resultText = nullptr;
};
