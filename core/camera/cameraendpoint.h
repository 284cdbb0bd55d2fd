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
    QUrl url; // MJPEG over HTTP(S): the stream's address (its secret is accessCode, never in here)

    bool operator==(const CameraEndpoint &other) const
    {
        return host == other.host && port == other.port && user == other.user
            && accessCode == other.accessCode && trust == other.trust && url == other.url;
    }
    bool operator!=(const CameraEndpoint &other) const { return !(*this == other); }
};
