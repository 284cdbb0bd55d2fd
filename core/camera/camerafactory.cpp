#include "camera/camerafactory.h"

#include "camera/jpegstream/jpegstreamcamera.h"

CameraSource *CameraFactory::create(PrinterConfig::CameraKind kind, QObject *parent)
{
    switch (kind) {
    case PrinterConfig::CameraKind::Automatic:
    case PrinterConfig::CameraKind::JpegStream:
    case PrinterConfig::CameraKind::Rtsps: // the RTSPS and MJPEG backends add their cases here
    case PrinterConfig::CameraKind::MjpegHttp:
        break;
    }
    return new JpegStreamCamera(parent);
}
