#include "camera/camerafactory.h"

#include "camera/jpegstream/jpegstreamcamera.h"
#include "camera/mjpeghttp/mjpeghttpcamera.h"
#include "camera/rtsps/rtspscamera.h"

CameraSource *CameraFactory::create(PrinterConfig::CameraKind kind, QObject *parent)
{
    switch (kind) {
    case PrinterConfig::CameraKind::Automatic:
    case PrinterConfig::CameraKind::JpegStream:
        break;
    case PrinterConfig::CameraKind::Rtsps:
        return new RtspsCamera(parent);
    case PrinterConfig::CameraKind::MjpegHttp:
        return new MjpegHttpCamera(parent);
    }
    return new JpegStreamCamera(parent);
}
