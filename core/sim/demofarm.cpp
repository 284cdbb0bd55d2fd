#include "sim/demofarm.h"

#include "sim/printersimulator.h"

#include <QHostAddress>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcDemo, "farmcam.sim")

namespace {

struct DemoSpec
{
    const char *name;
    double framesPerSecond;
    bool correctCode;
};

// Rates close to what the real models send; the last one shows what a wrong access code looks like.
constexpr DemoSpec kDemoPrinters[] = {
    {"P1S Workshop", 1.0, true},
    {"A1 mini Desk", 0.7, true},
    {"P1P Garage", 0.5, true},
    {"A1 Lab", 1.0, false},
};

} // namespace

DemoFarm::DemoFarm(QObject *parent)
    : QObject(parent)
{ }

DemoFarm::~DemoFarm()
{
    stop();
}

bool DemoFarm::start(QString *errorMessage)
{
    stop();
    for (const DemoSpec &spec : kDemoPrinters) {
        auto *simulator = new PrinterSimulator(this);
        const QString name = QString::fromUtf8(spec.name);
        const QString code = QLatin1String(kAccessCode);
        simulator->setName(name);
        simulator->setAccessCode(code);
        simulator->setFramesPerSecond(spec.framesPerSecond);
        if (!simulator->listen(QHostAddress::LocalHost, 0)) {
            if (errorMessage) {
                *errorMessage = tr("The demo printer “%1” could not listen on 127.0.0.1: %2")
                                    .arg(name, simulator->errorString());
            }
            delete simulator;
            stop();
            return false;
        }
        m_simulators.append(simulator);

        Camera camera;
        camera.name = name;
        camera.host = QStringLiteral("127.0.0.1");
        camera.port = simulator->serverPort();
        camera.framesPerSecond = spec.framesPerSecond;
        camera.accessCodeCorrect = spec.correctCode;
        camera.accessCode = code;
        if (!spec.correctCode)
            camera.accessCode = QLatin1String(kWrongAccessCode); // a mistyped code
        m_cameras.append(camera);
        qCInfo(lcDemo).noquote() << "Demo printer" << name << "on port" << camera.port;
    }
    return true;
}

void DemoFarm::stop()
{
    for (PrinterSimulator *simulator : std::as_const(m_simulators)) {
        simulator->close();
        delete simulator;
    }
    m_simulators.clear();
    m_cameras.clear();
}
