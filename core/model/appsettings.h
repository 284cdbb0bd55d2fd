// The typed settings layer: one table of keys with defaults over a QSettings file.
#pragma once

#include "model/printerconfig.h"

#include <QList>
#include <QObject>
#include <QVariant>

#include <memory>

class QSettings;

class AppSettings final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AppSettings)

public:
    enum class Key {
        SnapshotFolder, // QString; default: <Pictures>/FarmCam
        GridColumns, // int; 0 = automatic
        KeepRunningInTray, // bool; default true
        TrayHintShown, // bool; default false: the user was told once that FarmCam went to the tray
        NotifyStateChanges, // bool; default true: printer went offline / came back
        AlertPrintFinished, // bool; default true: a print finished
        AlertPrintFailed, // bool; default true: a print failed
        AlertPrintPaused, // bool; default true: the printer paused a print for an error
        SortByState, // bool; default false: the grid shows problems first
        DiscoveryEnabled, // bool; default true: listen for printers' announcements on UDP 2021
        WindowGeometry, // QByteArray (QWidget::saveGeometry)
        WindowState, // QByteArray (QMainWindow::saveState)
        // Sharing the cameras over HTTP (ShareServer). The token is not here: it is in the
        // CredentialStore, beside the access codes (ShareToken::ensureStored()).
        SharingEnabled, // bool; default false: nothing listens until the user switches it on
        SharingAddress, // QString; default "127.0.0.1"; "0.0.0.0" or "::" for every interface
        SharingPort, // int; default 8080; 0 = let the system pick
        SharingCertificateFile, // QString; PEM; HTTPS when this and SharingKeyFile are set
        SharingKeyFile, // QString; PEM private key of SharingCertificateFile
        // Timelapses, failure clips and recordings (FarmRecorder, docs/ARCHITECTURE.md).
        RecordingsFolder, // QString; default RecordingLibrary::defaultRoot() (~/Videos/FarmCam)
        RecordingsBudgetGB, // int; default 20; 0 = no budget
        RecordingsMinimumFreeGB, // int; default 1: recording stops below it
        RecordingsSegmentMinutes, // int; default 10: length of each on-demand recording file
        TimelapseEnabled, // bool; default true: the default of printers set to "default"
        TimelapseTrigger, // QString; "layer" (default) or "interval"
        TimelapseIntervalSeconds, // int; default 10: with the "interval" trigger
        FailureClipsEnabled, // bool; default true
        FailureClipsMinutesBefore, // int; default 3
        FailureClipsSecondsAfter, // int; default 30
    };
    Q_ENUM(Key)

    // Tests and `farmcam --config FILE` pass their own file; the app's default is
    // defaultFilePath().
    explicit AppSettings(const QString &filePath, QObject *parent = nullptr);
    ~AppSettings() override;

    static QString defaultFilePath(); // ~/.config/FarmCam/farmcam.conf (QStandardPaths)

    QString filePath() const;
    QVariant value(Key key) const; // the stored value, or the key's default
    void setValue(Key key, const QVariant &value);
    static QVariant defaultValue(Key key);

    // Typed accessors for the common keys.
    QString snapshotFolder() const;
    int gridColumns() const;
    bool keepRunningInTray() const;
    bool notifyStateChanges() const;
    bool sortByState() const;
    bool discoveryEnabled() const;
    bool sharingEnabled() const;

    // Printers (without access codes), in display order.
    QList<PrinterConfig> printers() const;
    void setPrinters(const QList<PrinterConfig> &printers);

    // Writes pending changes to disk; returns false with a message when the file cannot be written.
    // After a failure the changes stay pending (value() still returns them) and the next sync()
    // tries again; callers that want to undo them set the old values back.
    bool sync(QString *errorMessage = nullptr);

signals:
    void changed(AppSettings::Key key);
    void printersChanged();

private:
    std::unique_ptr<QSettings> m_settings;
};
