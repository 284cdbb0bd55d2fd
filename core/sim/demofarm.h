// The built-in demo: four simulated printers on 127.0.0.1, one of them set up (on purpose) with
// the wrong access code so the demo also shows what an error looks like.
#pragma once

#include <QList>
#include <QObject>
#include <QString>

class PrinterSimulator;

class DemoFarm final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DemoFarm)

public:
    // What a client needs to watch one demo printer.
    struct Camera
    {
        QString name;
        QString host;
        quint16 port = 0;
        QString accessCode; // what the client is configured with (wrong for one printer)
        double framesPerSecond = 0;
        bool accessCodeCorrect = true;
    };

    // Every demo printer's real code, so that a user can repair the wrong one with "Edit printer…"
    // (the README says so). Printers show 8 digits; these are made up.
    static constexpr char kAccessCode[] = "12345678";
    static constexpr char kWrongAccessCode[] = "87654321";

    explicit DemoFarm(QObject *parent = nullptr);
    ~DemoFarm() override;

    // Starts the simulators on loopback ports chosen by the system. On failure returns false with
    // a sentence for the user; nothing is left listening.
    bool start(QString *errorMessage = nullptr);
    void stop();
    bool isRunning() const { return !m_simulators.isEmpty(); }

    // Valid after start(), in display order.
    QList<Camera> cameras() const { return m_cameras; }

private:
    QList<PrinterSimulator *> m_simulators; // children
    QList<Camera> m_cameras;
};
