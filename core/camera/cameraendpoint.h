// Where a network camera is and how it is trusted: what every camera kind that logs in to a
// printer needs.
#pragma once

#include "trust/tlstrust.h"

#include <QString>
#include <QUrl>

struct CameraEndpoint
{
    QString host;
    quint16 port = 6000;
    QString user = QStringLiteral("bblp");
    QString accessCode; // never logged, never shown
    TlsTrust trust; // checked before the access code is sent
    // RTSPS: the stream's path on the printer (MQTT's ipcam.rtsp_url reports it; always dialled
    // at `host`, never at the host the report names).
    QString path = QStringLiteral("/streaming/live/1");
    // MJPEG over HTTP(S): the whole address; `user` and `accessCode` are its credentials (an
    // empty user sends the code as a Bearer token).
    QUrl url;
    // RTSPS: the printer reports "LAN Only Liveview" off (ipcam.rtsp_url is "disable"): the camera
    // says so and does not dial until the printer reports it on again.
    bool liveViewDisabled = false;

    bool operator==(const CameraEndpoint &other) const
    {
        return host == other.host && port == other.port && user == other.user
            && accessCode == other.accessCode && trust == other.trust && path == other.path
            && url == other.url && liveViewDisabled == other.liveViewDisabled;
    }
    bool operator!=(const CameraEndpoint &other) const { return !(*this == other); }
};
