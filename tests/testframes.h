// Real pictures and JPEGs for the frames and snapshot tests: a pattern, so that scaling and
// encoding have something to work on (a flat colour would hide a wrong size or a swapped frame).
#pragma once

#include "frames/cameraframe.h"

#include <QBuffer>
#include <QColor>
#include <QImage>
#include <QImageWriter>
#include <QPainter>

namespace TestFrames {

// Diagonal stripes over a background of `colour`.
inline QImage patternImage(const QSize &size, const QColor &colour = Qt::darkCyan)
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(colour);
    QPainter painter(&image);
    painter.setPen(QPen(Qt::white, 6));
    for (int x = -size.height(); x < size.width(); x += 40)
        painter.drawLine(x, 0, x + size.height(), size.height());
    return image;
}

inline QByteArray jpegOf(const QImage &image, int quality = 80)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "JPEG");
    writer.setQuality(quality);
    writer.write(image);
    return bytes;
}

inline QByteArray patternJpeg(const QSize &size = QSize(1280, 720),
                              const QColor &colour = Qt::darkCyan)
{
    return jpegOf(patternImage(size, colour));
}

// A JPEG frame as a camera backend makes it; `receivedNs` tells frames apart in a test.
inline CameraFrame jpegFrame(qint64 receivedNs, const QSize &size = QSize(1280, 720))
{
    return CameraFrame::fromJpeg(patternJpeg(size), QDateTime::currentDateTime(), receivedNs);
}

} // namespace TestFrames
