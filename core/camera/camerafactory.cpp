#include "camera/camerafactory.h"

#include "camera/jpegstream/jpegstreamcamera.h"
#include "camera/mjpeghttp/mjpeghttpcamera.h"

CameraSource *CameraFactory::create(PrinterConfig::CameraKind kind, QObject *parent)
{
    switch (kind) {
    case PrinterConfig::CameraKind::Automatic:
    case PrinterConfig::CameraKind::JpegStream:
    case PrinterConfig::CameraKind::Rtsps: // the RTSPS backend adds its case here
        break;
    case PrinterConfig::CameraKind::MjpegHttp:
        return new MjpegHttpCamera(parent);
    }
    return new JpegStreamCamera(parent);
}
