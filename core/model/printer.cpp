#include "model/printer.h"

#include "camera/camerafactory.h"
#include "frames/framehub.h"
#include "protocol/loginpacket.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcPrinter, "farmcam.model")

namespace {

// The printer's MQTT broker has the same address, access code and certificate as its camera.
StatusEndpoint statusEndpointFor(const PrinterConfig &config, const QString &accessCode)
{
    StatusEndpoint endpoint;
    endpoint.host = config.host;
    endpoint.port = config.statusPort;
    endpoint.user = QLatin1String(LoginPacket::kDefaultUser);
    endpoint.accessCode = accessCode;
    endpoint.serial = config.serial;
    endpoint.trust = config.trust();
    return endpoint;
}

// What the printer's own reports add to an RTSPS camera's endpoint: the stream's path (always at
// the configured host) and whether LAN Only Liveview is off. Other kinds ignore both, and are not
// redialled when a report about them changes.
void applyReportedStream(CameraEndpoint &endpoint, const PrinterConfig &config,
                         const PrintStatus &reported)
{
    if (config.effectiveCameraKind() != PrinterConfig::CameraKind::Rtsps)
        return;
    if (!reported.rtspPath.isEmpty())
        endpoint.path = reported.rtspPath;
    endpoint.liveViewDisabled = reported.liveViewDisabled;
}

} // namespace

CameraEndpoint Printer::cameraEndpointFor(const PrinterConfig &config, const QString &accessCode)
{
    CameraEndpoint endpoint;
    endpoint.host = config.host;
    endpoint.port = config.port;
    endpoint.accessCode = accessCode;
    if (config.cameraIsPrinter()) {
        endpoint.user = QLatin1String(LoginPacket::kDefaultUser);
        endpoint.trust = config.trust();
    } else {
        endpoint.url = config.cameraUrl;
        endpoint.user = config.cameraUser;
        // A pin or CA of the stream's server. With a CA its certificate names the URL's host
        // (MjpegHttpCamera's default), not the printer's serial.
        endpoint.trust = TlsTrust::forPrinter(config.certificateFingerprint, config.caFile, {});
    }
    return endpoint;
}

Printer::Printer(const PrinterConfig &config, const QString &accessCode, QObject *parent)
    : Printer(config, accessCode, CameraFactory::create(config.effectiveCameraKind()), parent)
{
    m_cameraFollowsKind = true;
}

Printer::Printer(const PrinterConfig &config, const QString &accessCode, CameraSource *camera,
                 QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_frames(new FrameHub(this))
    , m_status(new StatusConnection(this))
{
    Q_ASSERT(camera);
    setObjectName(config.name);
    adoptCamera(camera, config, accessCode);
    m_status->setEndpoint(statusEndpointFor(config, accessCode));
    connect(m_status, &StatusConnection::reportReceived, this, &Printer::mergeStatusReport);
    connect(m_status, &StatusConnection::serialLearned, this, &Printer::onSerialLearned);
    connect(m_status, &StatusConnection::stateChanged, this, &Printer::onStatusStateChanged);
}

void Printer::adoptCamera(CameraSource *camera, const PrinterConfig &config,
                          const QString &accessCode)
{
    m_camera = camera;
    m_camera->setParent(this);
    m_camera->setEndpoint(cameraEndpointFor(config, accessCode));
    connect(m_camera, &CameraSource::frameArrived, m_frames, &FrameHub::publish);
    connect(m_camera, &CameraSource::stateChanged, this, &Printer::onCameraStateChanged);
}

Printer::~Printer() = default;

void Printer::start()
{
    m_started = true;
    if (!m_cameraOnDemand || m_cameraWanted)
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

void Printer::setCameraOnDemand(bool onDemand)
{
    if (onDemand == m_cameraOnDemand)
        return;
    m_cameraOnDemand = onDemand;
    applyCameraDemand();
}

void Printer::setCameraWanted(bool wanted)
{
    if (wanted == m_cameraWanted)
        return;
    m_cameraWanted = wanted;
    applyCameraDemand();
}

void Printer::applyCameraDemand()
{
    if (!m_started)
        return;
    if (!m_cameraOnDemand || m_cameraWanted)
        m_camera->start(); // no-op unless it is stopped
    else
        m_camera->stop(); // "Stopped": the server says why (on demand)
}

void Printer::reconnectNow()
{
    m_camera->reconnectNow();
    if (m_config.statusEnabled)
        m_status->reconnectNow();
}

bool Printer::isLive() const
{
    return m_camera->isLive();
}

void Printer::onStatusStateChanged(Link::State state)
{
    if (state == StatusConnection::State::Connecting && m_merger.isEmpty()) {
        // Partial reports need a full state to complete: ask again, whatever the throttle says.
        m_status->forgetFullStateRequest();
    }
    // A printer whose camera never streams (live view off, port 6000 blocked) is pinned too.
    if (state == Link::State::Up)
        pinOnFirstUse(m_status->peerCertificateFingerprint());
    updateStatusProblem();
}

void Printer::onCameraStateChanged(Link::State state)
{
    if (state == Link::State::Up)
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
    const bool otherPrinter = config.host != m_config.host || config.serial != m_config.serial
        || config.statusPort != m_config.statusPort;
    CameraEndpoint cameraEndpoint = cameraEndpointFor(config, accessCode);
    if (!otherPrinter)
        applyReportedStream(cameraEndpoint, config, m_printStatus);
    const StatusEndpoint statusEndpoint = statusEndpointFor(config, accessCode);
    if (config == m_config && cameraEndpoint == m_camera->endpoint()
        && statusEndpoint == m_status->endpoint())
        return;
    const bool otherKind
        = m_cameraFollowsKind && config.effectiveCameraKind() != m_config.effectiveCameraKind();
    const bool otherCamera = otherKind || config.host != m_config.host
        || config.port != m_config.port || config.cameraUrl != m_config.cameraUrl;
    m_config = config;
    setObjectName(config.name);
    if (!config.statusEnabled)
        m_status->stop(); // before the new endpoint: a stopped link does not dial
    if (otherKind) {
        // Another kind is another connection: the old one is dropped before the new one dials,
        // so the printer never holds two.
        CameraSource *old = m_camera;
        disconnect(old, nullptr, this, nullptr);
        disconnect(old, nullptr, m_frames, nullptr);
        old->stop();
        old->deleteLater();
        m_frames->clear();
        adoptCamera(CameraFactory::create(config.effectiveCameraKind()), config, accessCode);
        m_camera->setEndpoint(cameraEndpoint); // with what the reports said: one dial, not two
        emit cameraReplaced(m_camera);
        if (m_started && (!m_cameraOnDemand || m_cameraWanted))
            m_camera->start();
    }
    // One rule for both links: a running one reconnects with the new settings, one halted by a
    // failure only the user could fix (a missing or rejected code, invalid settings) tries them.
    m_camera->setEndpoint(cameraEndpoint);
    m_status->setEndpoint(statusEndpoint);
    if (m_started && config.statusEnabled && m_status->state() == Link::State::Idle
        && m_status->lastFailure() == Link::Failure::None)
        m_status->start(); // switched on
    if (otherCamera)
        m_frames->clear(); // another camera's last picture is not this printer's
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
    const PrintStatus before = m_printStatus;
    m_printStatus = m_merger.status();
    if (m_printStatus.rtspPath != before.rtspPath
        || m_printStatus.liveViewDisabled != before.liveViewDisabled) {
        CameraEndpoint endpoint = m_camera->endpoint();
        applyReportedStream(endpoint, m_config, m_printStatus);
        m_camera->setEndpoint(endpoint); // redials only when that changed what it dials
    }
    emit printStatusChanged(m_printStatus);
}

void Printer::updateStatusProblem()
{
    QString problem;
    if (m_config.statusEnabled) {
        const Link::State state = m_status->state();
        const bool failed = m_status->lastFailure() != Link::Failure::None;
        if (failed && (state == Link::State::Idle || state == Link::State::Backoff))
            problem = m_status->statusText();
    }
    if (problem == m_statusProblem)
        return;
    m_statusProblem = problem;
    emit statusProblemChanged(problem);
}
