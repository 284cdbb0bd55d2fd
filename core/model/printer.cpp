#include "model/printer.h"

#include "net/cameraconnection.h"
#include "protocol/loginpacket.h"

namespace {

CameraEndpoint endpointFor(const PrinterConfig &config, const QString &accessCode)
{
    CameraEndpoint endpoint;
    endpoint.host = config.host;
    endpoint.port = config.port;
    endpoint.user = QLatin1String(LoginPacket::kDefaultUser);
    endpoint.accessCode = accessCode;
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
