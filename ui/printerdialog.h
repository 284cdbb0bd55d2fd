// Add or edit one printer: name, address, port, access code, serial number, and a real connection
// test that fetches one picture without blocking the dialog.
#pragma once

#include "model/printerconfig.h"
#include "net/cameraconnection.h"

#include <QDialog>
#include <QUuid>

#include <array>

class ConnectionProbe;
class FormMessage;
class QAction;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QWidget;

class PrinterDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PrinterDialog)

public:
    // Opens in "Add printer" mode; setConfig() switches to "Edit printer".
    explicit PrinterDialog(QWidget *parent = nullptr);
    ~PrinterDialog() override;

    // Edit mode: fills the fields; config() keeps the id.
    void setConfig(const PrinterConfig &config, const QString &accessCode);
    // Name and host trimmed; the id is null in add mode (PrinterFarm assigns one).
    PrinterConfig config() const;
    QString accessCode() const;

    bool isEditMode() const { return !m_id.isNull(); }
    // True when every field is valid (the OK button is enabled).
    bool isValid() const;
    bool isTestRunning() const;

    // The connection test's timeouts (tests shorten them).
    void setTestTimeouts(const CameraConnection::Timeouts &timeouts);

    // Asks "Remove <name>?"; true when the user confirmed. Modal, for the grid window.
    static bool confirmRemove(QWidget *parent, const QString &printerName);

public slots:
    void startConnectionTest();
    void cancelConnectionTest();
    void done(int result) override;

signals:
    // The connection test ended: with a picture (success) or with a reason.
    void connectionTestFinished(bool success, const QString &message);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    enum class Field { Name, Host, Port, AccessCode, Serial, CaFile };

    void buildUi();
    QString errorFor(Field field) const;
    void validate();
    void revealAllErrors();
    void onEndpointEdited();
    void setAccessCodeVisible(bool visible);
    void updateRevealIcon();
    void browseCaFile();
    void updateCertificateHint();
    void setTestRunning(bool running);
    void showTestSuccess(const QImage &preview, const QByteArray &jpeg, const QSize &frameSize);
    void showTestFailure(CameraConnection::Failure failure, const QString &reason);
    void clearTestResult();
    CameraEndpoint endpoint() const;

    QUuid m_id;
    std::array<bool, 6> m_touched{}; // errors show once the user edited the field

    QLineEdit *m_nameEdit = nullptr;
    QLineEdit *m_hostEdit = nullptr;
    QSpinBox *m_portSpin = nullptr;
    QLineEdit *m_codeEdit = nullptr;
    QLineEdit *m_serialEdit = nullptr;
    QLineEdit *m_caFileEdit = nullptr;
    FormMessage *m_caFileMessage = nullptr;
    FormMessage *m_certificateHint = nullptr;
    QString m_pinnedFingerprint; // kept across an edit; the dialog only shows it
    QAction *m_revealAction = nullptr;
    FormMessage *m_nameMessage = nullptr;
    FormMessage *m_hostMessage = nullptr;
    FormMessage *m_portMessage = nullptr;
    FormMessage *m_codeMessage = nullptr;
    FormMessage *m_serialMessage = nullptr;

    QPushButton *m_testButton = nullptr;
    QPushButton *m_cancelTestButton = nullptr;
    QProgressBar *m_busy = nullptr;
    FormMessage *m_testProgress = nullptr;
    QWidget *m_resultBox = nullptr;
    QLabel *m_preview = nullptr;
    QLabel *m_resultTitle = nullptr;
    FormMessage *m_resultText = nullptr;

    QDialogButtonBox *m_buttons = nullptr;
    ConnectionProbe *m_probe = nullptr;
};
