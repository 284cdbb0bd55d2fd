#include "cameraframe.h"

#include "frames/framedecoder.h"

#include <QBuffer>
#include <QImageWriter>
#include <QLoggingCategory>

#include <chrono>

Q_LOGGING_CATEGORY(lcFrame, "farmcam.frames")

CameraFrame CameraFrame::fromJpeg(const QByteArray &jpeg, const QDateTime &receivedAt,
                                  qint64 receivedNs)
{
    return fromEncoded(Codec::Jpeg, jpeg, true, receivedAt, receivedNs);
}

CameraFrame CameraFrame::fromEncoded(Codec codec, const QByteArray &data, bool keyFrame,
                                     const QDateTime &receivedAt, qint64 receivedNs)
{
    CameraFrame frame;
    frame.m_codec = codec;
    frame.m_encoded = data;
    frame.m_keyFrame = keyFrame;
    frame.m_receivedAt = receivedAt;
    frame.m_receivedNs = receivedNs;
    return frame;
}

CameraFrame CameraFrame::fromPicture(const QImage &picture, const QDateTime &receivedAt,
                                     qint64 receivedNs)
{
    CameraFrame frame;
    frame.m_picture = picture;
    frame.m_keyFrame = true; // a whole picture depends on no other frame
    frame.m_receivedAt = receivedAt;
    frame.m_receivedNs = receivedNs;
    return frame;
}

CameraFrame CameraFrame::withPicture(const QImage &picture) const
{
    CameraFrame frame = *this;
    frame.m_picture = picture;
    return frame;
}

bool CameraFrame::isNull() const
{
    return m_encoded.isEmpty() && m_picture.isNull();
}

QByteArray CameraFrame::toJpeg(int quality) const
{
    if (m_codec == Codec::Jpeg && !m_encoded.isEmpty())
        return m_encoded;
    if (m_picture.isNull())
        return {};
    QByteArray jpeg;
    QBuffer buffer(&jpeg);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "jpeg");
    writer.setQuality(quality);
    if (!writer.write(m_picture)) {
        qCWarning(lcFrame) << "cannot encode a picture as JPEG:" << writer.errorString();
        return {};
    }
    return jpeg;
}

QImage CameraFrame::toPicture(const QSize &fitInto) const
{
    // An attached picture first: scaling decoded pixels costs less than decoding the bytes again.
    if (!m_picture.isNull()) {
        const QSize fitted = FrameDecoder::fittedSize(m_picture.size(), fitInto);
        if (fitted == m_picture.size())
            return m_picture;
        return m_picture.scaled(fitted, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    }
    if (m_codec == Codec::Jpeg && !m_encoded.isEmpty())
        return FrameDecoder::decode(m_encoded, fitInto);
    return {};
}

qint64 CameraFrame::steadyNowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}
