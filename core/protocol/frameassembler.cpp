#include "frameassembler.h"

#include <QCoreApplication>
#include <QtEndian>

#include <algorithm>

namespace {
constexpr char kJpegStart[] = {'\xff', '\xd8'};
constexpr char kJpegEnd[] = {'\xff', '\xd9'};
} // namespace

FrameAssembler::FrameAssembler(qsizetype maxFrameSize)
    : m_maxFrameSize(maxFrameSize)
{ }

FrameAssembler::Error FrameAssembler::feed(QByteArrayView bytes, QList<QByteArray> &frames)
{
    if (m_error != Error::None)
        return m_error;

    const char *at = bytes.data();
    const char *const end = at + bytes.size();
    while (at < end) {
        if (m_stage == Stage::Header) {
            const qsizetype take = std::min<qsizetype>(kHeaderSize - m_headerFill, end - at);
            std::copy(at, at + take, m_header + m_headerFill);
            m_headerFill += take;
            at += take;
            if (m_headerFill == kHeaderSize) {
                if (const Error error = startPayload(); error != Error::None)
                    return error;
            }
            continue;
        }

        const qsizetype before = m_payload.size();
        const qsizetype take = std::min<qsizetype>(qsizetype(m_announcedSize) - before, end - at);
        m_payload.append(at, take);
        at += take;

        // Reject a stream that is not JPEG as soon as its first two bytes are in, not after
        // buffering up to 16 MiB of it.
        if (before < 2 && m_payload.size() >= 2
            && !(m_payload[0] == kJpegStart[0] && m_payload[1] == kJpegStart[1]))
            return fail(Error::MissingStartMarker);

        if (m_payload.size() == qsizetype(m_announcedSize)) {
            if (!m_payload.startsWith(QByteArrayView(kJpegStart, 2)))
                return fail(Error::MissingStartMarker); // frames shorter than two bytes
            if (!m_payload.endsWith(QByteArrayView(kJpegEnd, 2)))
                return fail(Error::MissingEndMarker);
            frames.append(std::move(m_payload));
            m_payload = QByteArray();
            m_stage = Stage::Header;
            m_headerFill = 0;
        }
    }
    return Error::None;
}

FrameAssembler::Error FrameAssembler::startPayload()
{
    m_announcedSize = qFromLittleEndian<quint32>(m_header);
    if (m_announcedSize == 0)
        return fail(Error::ZeroSize);
    if (qsizetype(m_announcedSize) > m_maxFrameSize)
        return fail(Error::FrameTooLarge);
    m_stage = Stage::Payload;
    m_payload = QByteArray();
    m_payload.reserve(m_announcedSize);
    return Error::None;
}

FrameAssembler::Error FrameAssembler::fail(Error error)
{
    m_error = error;
    m_payload = QByteArray();
    m_headerFill = 0;
    m_stage = Stage::Header;
    return error;
}

void FrameAssembler::reset()
{
    m_error = Error::None;
    m_stage = Stage::Header;
    m_headerFill = 0;
    m_announcedSize = 0;
    m_payload = QByteArray();
}

qsizetype FrameAssembler::bufferedBytes() const
{
    return m_stage == Stage::Header ? m_headerFill : m_payload.size();
}

QString FrameAssembler::describe(Error error)
{
    switch (error) {
    case Error::None:
        return {};
    case Error::ZeroSize:
        return QCoreApplication::translate("FrameAssembler",
                                           "the printer announced an empty frame");
    case Error::FrameTooLarge:
        return QCoreApplication::translate("FrameAssembler",
                                           "the printer announced a frame larger than the limit");
    case Error::MissingStartMarker:
        return QCoreApplication::translate("FrameAssembler",
                                           "a frame did not start like a JPEG picture (ff d8)");
    case Error::MissingEndMarker:
        return QCoreApplication::translate("FrameAssembler",
                                           "a frame did not end like a JPEG picture (ff d9)");
    }
    return {};
}
