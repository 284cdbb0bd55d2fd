#include "sim/statusfeed.h"

#include "sim/statuspublisher.h"

#include <QTimer>

#include <cmath>

using std::chrono::milliseconds;

StatusFeed::StatusFeed(QObject *parent)
    : QObject(parent)
    , m_timer(new QTimer(this))
{
    m_timer->setInterval(kDefaultInterval);
    connect(m_timer, &QTimer::timeout, this, &StatusFeed::tick);
}

StatusFeed::~StatusFeed() = default;

void StatusFeed::addPrinter(const QString &serial, PrintJobSimulator simulator,
                            std::chrono::seconds startAt)
{
    simulator.advance(startAt);
    for (SimulatedPrinter &printer : m_printers) {
        if (printer.serial == serial) {
            printer.simulator = std::move(simulator);
            return;
        }
    }
    m_printers.push_back({serial, std::move(simulator)});
}

QStringList StatusFeed::serials() const
{
    QStringList serials;
    for (const SimulatedPrinter &printer : m_printers)
        serials.append(printer.serial);
    return serials;
}

void StatusFeed::setCamera(const QString &serial, const QString &rtspUrl, const QString &resolution)
{
    for (SimulatedPrinter &printer : m_printers) {
        if (printer.serial == serial)
            printer.simulator.setCamera(rtspUrl, resolution);
    }
}

void StatusFeed::setTimeScale(double simulatedSecondsPerSecond)
{
    if (std::isfinite(simulatedSecondsPerSecond) && simulatedSecondsPerSecond > 0)
        m_timeScale = simulatedSecondsPerSecond;
}

void StatusFeed::setInterval(milliseconds interval)
{
    m_timer->setInterval(std::max(interval, milliseconds(10)));
}

void StatusFeed::publishTo(const QHostAddress &address, quint16 port, const QString &accessCode)
{
    m_brokerAddress = address;
    m_brokerPort = port;
    m_brokerAccessCode = accessCode;
    if (!m_publisher) {
        m_publisher = new StatusPublisher(this);
        // Like a printer: the full state for whoever asks. On every (re)connection as well, as
        // the partial reports sent while the broker was away are lost.
        connect(m_publisher, &StatusPublisher::fullStateRequested, this,
                &StatusFeed::sendFullReport);
        connect(m_publisher, &StatusPublisher::connected, this, [this] {
            for (SimulatedPrinter &printer : m_printers)
                send(printer.serial, printer.simulator.takeFullReport());
        });
    }
    if (isRunning())
        m_publisher->start(m_brokerAddress, m_brokerPort, m_brokerAccessCode);
}

void StatusFeed::start()
{
    if (isRunning())
        return;
    m_clock.start();
    m_timer->start();
    if (m_publisher)
        m_publisher->start(m_brokerAddress, m_brokerPort, m_brokerAccessCode);
    for (SimulatedPrinter &printer : m_printers)
        send(printer.serial, printer.simulator.takeFullReport());
}

void StatusFeed::stop()
{
    m_timer->stop();
    if (m_publisher)
        m_publisher->stop();
}

bool StatusFeed::isRunning() const
{
    return m_timer->isActive();
}

void StatusFeed::tick()
{
    // Real time rather than tick counts: a busy event loop must not slow the prints down.
    const auto step = qint64(double(m_clock.restart()) * m_timeScale);
    if (step <= 0)
        return;
    for (SimulatedPrinter &printer : m_printers) {
        printer.simulator.advance(milliseconds(step));
        const QByteArray partial = printer.simulator.takePartialReport();
        if (!partial.isEmpty())
            send(printer.serial, partial);
    }
}

void StatusFeed::sendFullReport(const QString &serial)
{
    for (SimulatedPrinter &printer : m_printers) {
        if (printer.serial == serial) {
            send(serial, printer.simulator.takeFullReport());
            return;
        }
    }
    // A request for a printer that is not ours: nothing to say.
}

void StatusFeed::send(const QString &serial, const QByteArray &payload)
{
    if (m_publisher)
        m_publisher->publishReport(serial, payload);
    emit reportReady(serial, payload);
}
