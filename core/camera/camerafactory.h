// Which CameraSource serves a printer: one place that knows every camera kind, so that the model
// (Printer) and the tools (farmcam-grab) never name a backend.
#pragma once

#include "model/printerconfig.h"

class CameraSource;
class QObject;

class CameraFactory final
{
public:
    CameraFactory() = delete;

    // A new, stopped camera of `kind` (Automatic: the port-6000 JPEG stream). The caller owns it.
    static CameraSource *create(PrinterConfig::CameraKind kind, QObject *parent = nullptr);
};
