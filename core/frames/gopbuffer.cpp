#include "gopbuffer.h"

GopBuffer::GopBuffer(qsizetype maxBytes, int maxFrames)
    : m_maxBytes(maxBytes)
    , m_maxFrames(maxFrames)
{ }

bool GopBuffer::append(const CameraFrame &frame)
{
    if (frame.isKeyFrame()) {
        clear();
        if (frame.byteSize() > m_maxBytes) {
            ++m_dropped;
            m_truncated = true;
            return false;
        }
        m_frames.append(frame);
        m_bytes = frame.byteSize();
        return true;
    }
    const bool follows = !m_frames.isEmpty() && !m_truncated
        && (frame.sequence() == 0 || frame.sequence() == m_frames.constLast().sequence() + 1);
    if (!follows || m_frames.size() >= m_maxFrames || m_bytes + frame.byteSize() > m_maxBytes) {
        // A frame that cannot follow would break every frame after it too: none is kept until
        // the next key frame.
        if (!m_frames.isEmpty())
            m_truncated = true;
        ++m_dropped;
        return false;
    }
    m_frames.append(frame);
    m_bytes += frame.byteSize();
    return true;
}

void GopBuffer::clear()
{
    m_frames.clear();
    m_bytes = 0;
    m_truncated = false;
}
