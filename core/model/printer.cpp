#include "model/printer.h"

#include "net/statusconnection.h"
#include "protocol/loginpacket.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcPrinter, "farmcam.model")

namespace {

CameraEndpoint cameraEndpointFor(const PrinterConfig &config, const QString &accessCode)
{
    CameraEndpoint endpoint;
    endpoint.host = config.host;
    endpoint.port = config.port;
    endpoint.user = QLatin1String(LoginPacket::kDefaultUser);
    endpoint.accessCode = accessCode;
    endpoint.pinnedFingerprint = config.certificateFingerprint;
    endpoint.caFile = config.caFile;
    if (!config.caFile.isEmpty())
        endpoint.peerName = config.serial; // Bambu's certificates name the serial, not the address
    return endpoint;
}

// The printer's MQTT broker has the same address, access code and certificate as its camera.
StatusEndpoint statusEndpointFor(const PrinterConfig &config, const QString &accessCode)
{
    StatusEndpoint endpoint;
    endpoint.host = config.host;
    endpoint.port = config.statusPort;
    endpoint.user = QLatin1String(LoginPacket::kDefaultUser);
    endpoint.accessCode = accessCode;
    endpoint.serial = config.serial;
    endpoint.pinnedFingerprint = config.certificateFingerprint;
    endpoint.caFile = config.caFile;
    return endpoint;
}

} // namespace

Printer::Printer(const PrinterConfig &config, const QString &accessCode, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_camera(new CameraConnection(this))
    , m_status(new StatusConnection(this))
{
    setObjectName(config.name);
    m_camera->setEndpoint(cameraEndpointFor(config, accessCode));
    m_status->setEndpoint(statusEndpointFor(config, accessCode));
    connect(m_camera, &CameraConnection::stateChanged, this, &Printer::onCameraStateChanged);
    connect(m_status, &StatusConnection::reportReceived, this, &Printer::mergeStatusReport);
    connect(m_status, &StatusConnection::serialLearned, this, &Printer::onSerialLearned);
    connect(m_status, &StatusConnection::stateChanged, this, &Printer::onStatusStateChanged);
}

Printer::~Printer() = default;

void Printer::start()
{
    m_started = true;
    m_camera->start();
    if (m_config.statusEnabled)
        m_status->start();
}

void Printer::stop()
{
    m_started = false;
    m_camera->stop();
    m_status->stop();
}

void Printer::reconnectNow()
{
    m_camera->reconnectNow();
    if (m_config.statusEnabled)
        m_status->reconnectNow();
}

void Printer::onStatusStateChanged(StatusConnection::State state)
{
    if (state == StatusConnection::State::Connecting && m_merger.isEmpty()) {
        // Partial reports need a full state to complete: ask again, whatever the throttle says.
        m_status->forgetFullStateRequest();
    }
    // A printer whose camera never streams (live view off, port 6000 blocked) is pinned too.
    if (state == StatusConnection::State::Connected)
        pinOnFirstUse(m_status->peerCertificateFingerprint());
    updateStatusProblem();
}

void Printer::onCameraStateChanged(CameraConnection::State state)
{
    if (state == CameraConnection::State::Streaming)
        pinOnFirstUse(m_camera->peerCertificateFingerprint());
}

void Printer::pinOnFirstUse(const QString &fingerprint)
{
    // Trust on first use: the first connection the printer accepted our code on (the camera
    // streams, or the broker subscribed us) fixes the certificate both must present from now on.
    if (fingerprint.isEmpty() || !m_config.caFile.isEmpty()
        || !m_config.certificateFingerprint.isEmpty())
        return;
    m_config.certificateFingerprint = fingerprint;
    m_camera->pinCertificate(fingerprint);
    m_status->pinCertificate(fingerprint); // no redial: each checks the pin at its next connection
    emit certificatePinned(fingerprint);
    emit configChanged();
}

void Printer::onSerialLearned(const QString &serial)
{
    if (!m_config.serial.isEmpty() || serial.isEmpty()
        || !PrinterConfig::serialError(serial).isEmpty())
        return;
    m_config.serial = serial;
    emit serialLearned(serial);
    emit configChanged();
}

void Printer::setConfig(const PrinterConfig &config, const QString &accessCode)
{
    const CameraEndpoint cameraEndpoint = cameraEndpointFor(config, accessCode);
    const StatusEndpoint statusEndpoint = statusEndpointFor(config, accessCode);
    if (config == m_config && cameraEndpoint == m_camera->endpoint()
        && statusEndpoint == m_status->endpoint())
        return;
    const bool otherPrinter = config.host != m_config.host || config.serial != m_config.serial
        || config.statusPort != m_config.statusPort;
    const bool statusSwitchedOn = config.statusEnabled && !m_config.statusEnabled;
    const bool statusEndpointChanged = statusEndpoint != m_status->endpoint();
    m_config = config;
    setObjectName(config.name);
    if (!config.statusEnabled)
        m_status->stop(); // before the new endpoint: a stopped connection does not redial
    // Each restarts a running connection by itself when its endpoint changed.
    m_camera->setEndpoint(cameraEndpoint);
    m_status->setEndpoint(statusEndpoint);
    if (config.statusEnabled && m_started && m_status->state() == StatusConnection::State::Idle
        && (statusSwitchedOn || statusEndpointChanged))
        m_status->start(); // switched on, or stopped at a failure the new settings may fix
    if (otherPrinter || !config.statusEnabled) {
        // What we knew describes another printer (or nothing the user wants to see now).
        m_merger.reset();
        m_status->forgetFullStateRequest();
        if (!m_printStatus.isNull()) {
            m_printStatus = PrintStatus();
            emit printStatusChanged(m_printStatus);
        }
    }
    updateStatusProblem();
    emit configChanged();
}

void Printer::mergeStatusReport(const QByteArray &payload)
{
    QString error;
    const StatusReportMerger::Result result = m_merger.merge(payload, &error);
    if (result == StatusReportMerger::Result::Invalid) {
        qCDebug(lcPrinter) << m_config.name << "sent a report that was not understood:" << error;
        return;
    }
    if (result != StatusReportMerger::Result::Merged)
        return;
    m_printStatus = m_merger.status();
    emit printStatusChanged(m_printStatus);
}

void Printer::updateStatusProblem()
{
    QString problem;
    if (m_config.statusEnabled) {
        const StatusConnection::State state = m_status->state();
        const bool failed = m_status->lastFailure() != StatusConnection::Failure::None;
        if (failed
            && (state == StatusConnection::State::Idle
                || state == StatusConnection::State::Backoff))
            problem = m_status->statusText();
    }
    if (problem == m_statusProblem)
        return;
    m_statusProblem = problem;
    emit statusProblemChanged(problem);
}
