// Add or edit one printer: name, address, camera port, print status (on or off, and its port),
// access code, serial number, and a real connection test that fetches one picture without
// blocking the dialog. When adding, the printers found on the
// network are offered: choosing one fills in everything but the access code.
#pragma once

#include "camera/camerasource.h"
#include "model/printerconfig.h"

#include <QDialog>
#include <QPointer>
#include <QSet>
#include <QSize>
#include <QUuid>

#include <array>

class ConnectionTestPanel;
class DiscoveryListener;
class FormMessage;
class QAction;
class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QScrollArea;
class QSpinBox;
class QTreeWidget;
class QTreeWidgetItem;
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
    // Name and host trimmed; the id is null in add mode (PrinterFarm assigns one). The model is
    // the one the chosen printer announced, kept while the serial number stays its own.
    PrinterConfig config() const;
    QString accessCode() const;

    // Add mode: offers the printers this listener has found, updated as it hears more (not owned;
    // may be null, and may be destroyed before the dialog). Edit mode shows none.
    void setDiscovery(DiscoveryListener *listener);
    // The printers already set up. One of them again (the same address and camera port, or the
    // same serial: PrinterConfig::overlapWith) cannot be saved; in add mode the dialog offers to
    // edit that one instead (EditExistingResult). Found printers with their serials are shown
    // as already added, and not offered.
    void setExistingPrinters(const QList<PrinterConfig> &printers);
    // exec()'s result when the user chose to edit the printer this one would duplicate.
    static constexpr int EditExistingResult = 2;
    // That printer's id (null while the fields match none).
    QUuid existingPrinterId() const { return m_existingId; }

    bool isEditMode() const { return !m_id.isNull(); }
    // True when every field is valid (the OK button is enabled).
    bool isValid() const;
    bool isTestRunning() const;

    // What "Like Preferences" means in the timelapse field: the farm-wide default
    // (AppSettings::Key::TimelapseEnabled), named in the field ("Like Preferences (on)").
    void setTimelapseDefault(bool enabled);

    // The room the dialog must fit into; by default its screen's available geometry less the
    // window frame. Tests give it a small screen's.
    void setAvailableSize(const QSize &size);

    // The connection test's timeouts (tests shorten them).
    void setTestTimeouts(const CameraSource::Timeouts &timeouts);

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
    bool event(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    // Makes the page as tall as its wrapped hints need at its width, but no taller than the
    // screen leaves room for: then the page scrolls and the buttons stay visible.
    void fitToScreen();
    QSize availableSize() const;
    enum class Field { Name, Host, Port, StatusPort, AccessCode, Serial, CaFile, CameraUrl };
    static constexpr int kFieldCount = 8;

    void buildUi();
    QWidget *buildDiscoverySection();
    void updateDiscoveredPrinters();
    void chooseDiscoveredPrinter(QTreeWidgetItem *item);
    QString errorFor(Field field) const;
    // Which of m_existing the fields describe again, and how; -1 when none.
    qsizetype overlappingPrinter(PrinterConfig::Overlap *overlap = nullptr) const;
    void validate();
    void revealAllErrors();
    void onEndpointEdited();
    void setAccessCodeVisible(bool visible);
    void updateRevealIcon();
    void browseCaFile();
    void updateCertificateHint();
    CameraEndpoint endpoint() const;
    // The model the fields describe: picked by hand, or announced by the chosen printer while
    // the serial is still its own; empty when unknown.
    QString currentModel() const;
    void showModel(const QString &model);
    PrinterConfig::CameraKind chosenCameraKind() const;
    // Shows the fields of the chosen camera kind (a stream URL or a printer's address) and the
    // port that kind uses, and says which kind "automatic" is for the model.
    void onCameraKindChanged();
    void updateCameraKindHint();

    QUuid m_id;
    std::array<bool, kFieldCount> m_touched{}; // errors show once the user edited the field

    QLineEdit *m_nameEdit = nullptr;
    QLineEdit *m_hostEdit = nullptr;
    QSpinBox *m_portSpin = nullptr;
    QCheckBox *m_statusCheck = nullptr;
    QSpinBox *m_statusPortSpin = nullptr; // enabled while m_statusCheck is checked
    QLineEdit *m_codeEdit = nullptr;
    QLineEdit *m_serialEdit = nullptr;
    QLineEdit *m_caFileEdit = nullptr;
    FormMessage *m_caFileMessage = nullptr;
    FormMessage *m_certificateHint = nullptr;
    QString m_pinnedFingerprint; // kept across an edit; the dialog only shows it
    QComboBox *m_timelapseCombo = nullptr; // data: PrinterConfig::TimelapseChoice
    QString m_model; // the model code config() reports while the serial is m_modelSerial
    QString m_modelSerial;
    bool m_modelPickedByHand = false;
    QComboBox *m_modelCombo = nullptr; // data: the model value ("" = unknown)
    QComboBox *m_cameraKindCombo = nullptr; // data: PrinterConfig::CameraKind
    FormMessage *m_cameraKindHint = nullptr;
    PrinterConfig::CameraKind m_shownKind = PrinterConfig::CameraKind::JpegStream; // effective
    QLineEdit *m_cameraUrlEdit = nullptr;
    FormMessage *m_cameraUrlMessage = nullptr;
    QLineEdit *m_cameraUserEdit = nullptr;
    QList<QWidget *> m_printerOnlyRows; // hidden for MJPEG over HTTP
    QList<QWidget *> m_streamOnlyRows; // shown for MJPEG over HTTP only
    QLabel *m_codeLabel = nullptr;
    FormMessage *m_codeHint = nullptr;
    QAction *m_revealAction = nullptr;
    FormMessage *m_nameMessage = nullptr;
    FormMessage *m_hostMessage = nullptr;
    FormMessage *m_portMessage = nullptr;
    FormMessage *m_statusPortMessage = nullptr;
    FormMessage *m_codeMessage = nullptr;
    FormMessage *m_serialMessage = nullptr;

    ConnectionTestPanel *m_testPanel = nullptr;

    QScrollArea *m_scrollArea = nullptr; // the discovered printers, the form and the test
    QSize m_availableSize; // invalid: the screen's
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_editExistingButton = nullptr; // in m_buttons, while the fields match a printer
    QList<PrinterConfig> m_existing;
    QUuid m_existingId;

    QPointer<DiscoveryListener> m_discovery;
    QSet<QString> m_knownSerials;
    QWidget *m_discoveryBox = nullptr;
    QTreeWidget *m_discoveredList = nullptr;
    FormMessage *m_discoveryStatus = nullptr;
};
