#include "model/printer.h"

#include "protocol/loginpacket.h"

namespace {

CameraEndpoint endpointFor(const PrinterConfig &config, const QString &accessCode)
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

} // namespace

Printer::Printer(const PrinterConfig &config, const QString &accessCode, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_camera(new CameraConnection(this))
{
    setObjectName(config.name);
    m_camera->setEndpoint(endpointFor(config, accessCode));
    connect(m_camera, &CameraConnection::stateChanged, this, &Printer::pinOnFirstUse);
}

void Printer::pinOnFirstUse(CameraConnection::State state)
{
    // Trust on first use: the first connection that streams (so the printer accepted our code)
    // fixes the certificate every later connection must present.
    if (state != CameraConnection::State::Streaming || !m_config.caFile.isEmpty()
        || !m_config.certificateFingerprint.isEmpty())
        return;
    const QString fingerprint = m_camera->peerCertificateFingerprint();
    if (fingerprint.isEmpty())
        return;
    m_config.certificateFingerprint = fingerprint;
    m_camera->pinCertificate(fingerprint);
    emit certificatePinned(fingerprint);
    emit configChanged();
}

Printer::~Printer() = default;

void Printer::setConfig(const PrinterConfig &config, const QString &accessCode)
{
    const CameraEndpoint endpoint = endpointFor(config, accessCode);
    if (config == m_config && endpoint == m_camera->endpoint())
        return;
    m_config = config;
    setObjectName(config.name);
    // Restarts a running connection by itself when host, port or code changed.
    m_camera->setEndpoint(endpoint);
    emit configChanged();
}
