// Owns the printers, loads and saves them, and reports the farm's aggregate health.
#pragma once

#include "model/farmhealth.h"
#include "model/printerconfig.h"
#include "status/printalerts.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>

class AppSettings;
class CameraSource;
class CredentialStore;
class Printer;
class QTimer;

class PrinterFarm final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PrinterFarm)

public:
    // `settings` and `credentials` must outlive the farm. With `persistent` false (the demo),
    // nothing is written to either.
    PrinterFarm(AppSettings *settings, CredentialStore *credentials, QObject *parent = nullptr);
    ~PrinterFarm() override;

    // Affects later changes only: switching it on does not write what was added before.
    void setPersistent(bool persistent);
    bool isPersistent() const { return m_persistent; }
    // Off: printers are created stopped, and only the caller starts them (startAll()). For
    // farmcam-server's printer commands, which change the settings and must not dial anything.
    // Affects printers created later.
    void setAutoStart(bool autoStart) { m_autoStart = autoStart; }
    bool autoStarts() const { return m_autoStart; }

    // Creates the printers stored in the settings (printerAdded for each) and starts their
    // cameras. A printer without a stored code is still created; its camera reports the missing
    // code (InvalidSettings). An entry for a printer already loaded (PrinterConfig::overlapWith,
    // or the same id) is skipped with a logged reason: not connected, but kept in the file.
    // Calling it again replaces the current printers (printerRemoved).
    void load();

    QList<Printer *> printers() const { return m_printers; }
    Printer *printer(const QUuid &id) const;

    // Each returns nullptr/false with a message for the user on invalid input, a printer that is
    // already in the farm (PrinterConfig::overlapWith) or a storage failure; nothing is
    // half-saved. addPrinter assigns an id when config.id is null. Name, host and serial
    // are trimmed. A printer's camera redialling because of updatePrinter or stopAll() is not
    // reported as printerTransition.
    Printer *addPrinter(const PrinterConfig &config, const QString &accessCode,
                        QString *errorMessage);
    // The same with a camera of the caller's choice (a LoopbackCamera: tests, benchmarks); the
    // farm takes ownership of it, also when the printer is refused.
    Printer *addPrinter(const PrinterConfig &config, const QString &accessCode,
                        CameraSource *camera, QString *errorMessage);
    bool updatePrinter(const PrinterConfig &config, const QString &accessCode,
                       QString *errorMessage);
    bool removePrinter(const QUuid &id, QString *errorMessage);
    // The user accepted the certificate the printer presents now (after "Certificate changed"):
    // it replaces the pinned one, is saved, and the camera connects again.
    bool trustCertificate(const QUuid &id, const QString &fingerprint, QString *errorMessage);
    // A printer announced itself (discovery). A configured printer with the same serial moves to
    // `address` (saved, and it reconnects there; printerAddressFollowed) only when all hold:
    // - its host is an IP address (a host name is left to the name service);
    // - its certificate is pinned or checked against a CA: an unpinned printer would hand its
    //   access code to whoever announced its serial;
    // - it cannot be reached where it is (camera not streaming, status not connected);
    // - a TLS handshake at the new address (nothing sent after it) shows the pinned certificate.
    // Returns whether that check was started; announcementIgnored() says why when not followed.
    bool followAnnouncedAddress(const QString &serial, const QString &address);
    // Reorders; the ids must be a permutation of the current printers'.
    void setOrder(const QList<QUuid> &ids);

    // From the credential store, or from memory when not persistent; empty when there is none.
    QString accessCode(const QUuid &id) const;

    FarmHealth::Summary health() const;

public slots:
    void startAll();
    void stopAll();

signals:
    void printerAdded(Printer *printer);
    void
    printerRemoved(const QUuid &id); // emitted before the Printer object is deleted (deleteLater)
    void printersReordered();
    // Any printer's camera state changed; `health` is the new summary.
    void healthChanged(const FarmHealth::Summary &health);
    // A printer went offline or came back (FarmHealth::classify), for notifications.
    void printerTransition(Printer *printer, FarmHealth::Transition transition);
    // A print finished, failed or was paused for an error (PrintAlerts::alertsFor on the printer's
    // status reports). Offline/back online is printerTransition: the camera decides that.
    void printAlert(Printer *printer, const PrintAlerts::Alert &alert);
    // followAnnouncedAddress moved a printer (for the status bar).
    void printerAddressFollowed(Printer *printer, const QString &oldHost, const QString &newHost);
    // followAnnouncedAddress found a printer with that serial but did not move it, and why.
    void announcementIgnored(Printer *printer, const QString &address, const QString &reason);

private:
    // What the farm remembers of each printer's camera, to tell transitions apart.
    struct Tracking
    {
        bool live = false; // CameraSource::isLive() when last looked at
        bool wentOffline = false; // since the last time it streamed
        PrintAlerts::Observation print; // the last status report's print, for printAlert
    };

    void adopt(Printer *printer);
    bool savePrinters(QString *errorMessage);
    bool saveConfigs(const QList<PrinterConfig> &configs, QString *errorMessage);
    QList<PrinterConfig> configs() const; // what the settings keep: in use, then skipped
    QList<PrinterConfig> configsInUse() const;
    QString validate(const PrinterConfig &config, const QString &accessCode) const;
    // Live or not: checked on every camera state change, on frames while not live, and every
    // second (a stream that stalls changes no state until its watchdog fires).
    void updateLiveness(Printer *printer);
    void onPrintStatusChanged(Printer *printer, const PrintStatus &status);
    void onAddressChecked(const QUuid &id, const QString &newHost, const QString &fingerprint,
                          const QString &error);
    void updateHealth();

    AppSettings *m_settings;
    CredentialStore *m_credentials;
    QList<Printer *> m_printers; // children
    QList<PrinterConfig> m_skipped; // load() found them overlapping a printer: kept, not connected
    bool m_persistent = true;
    bool m_autoStart = true;
    FarmHealth::Summary m_lastHealth;
    QHash<QUuid, QString> m_codes; // the codes in use, for accessCode() when not persistent
    QHash<QUuid, Tracking> m_tracking;
    QTimer *m_livenessTick; // child
    Printer *m_reconfiguring = nullptr; // its state changes are the user's doing, not news
    QHash<QUuid, QString> m_addressChecks; // printers whose announced address is being checked
    // The address each printer's last announcement was not followed to, and when: printers
    // announce every few seconds, and one decision is enough for a while.
    QHash<QUuid, std::pair<QString, QDateTime>> m_ignoredAddresses;
};
