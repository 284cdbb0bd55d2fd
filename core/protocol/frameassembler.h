// Turns the camera stream's bytes, in whatever chunks they arrive, into complete JPEG frames.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

// A pure, incremental parser for the port-6000 camera stream: a 16-byte header whose first four
// bytes are the little-endian payload size, then exactly that many bytes of JPEG. Knows nothing of
// sockets.
//
// Each byte fed is copied once, into the frame it belongs to, so the work is linear in the input
// whatever the chunking. A frame is handed out as the original JPEG bytes.
class FrameAssembler final
{
public:
    static constexpr qsizetype kHeaderSize = 16;
    static constexpr qsizetype kDefaultMaxFrameSize = 16 * 1024 * 1024;

    enum class Error {
        None,
        ZeroSize, // header announced an empty frame
        FrameTooLarge, // header announced more than maxFrameSize(): refused before buffering
        MissingStartMarker, // payload does not start with ff d8
        MissingEndMarker, // payload does not end with ff d9
    };

    explicit FrameAssembler(qsizetype maxFrameSize = kDefaultMaxFrameSize);

    // Consumes all of `bytes` and appends every frame it completes to `frames`. Returns the first
    // error met; after an error the stream cannot be trusted, so the assembler refuses further
    // input (returning the same error) until reset().
    Error feed(QByteArrayView bytes, QList<QByteArray> &frames);

    // Forgets any partial frame and error: for a new connection.
    void reset();

    Error error() const { return m_error; }
    qsizetype maxFrameSize() const { return m_maxFrameSize; }
    // Size announced by the last header read (useful in error messages).
    quint32 announcedSize() const { return m_announcedSize; }
    // Bytes held for the frame in progress (header or payload).
    qsizetype bufferedBytes() const;

    // A sentence for the user or the log.
    static QString describe(Error error);

private:
    enum class Stage { Header, Payload };

    Error fail(Error error);
    Error startPayload();

    qsizetype m_maxFrameSize;
    Stage m_stage = Stage::Header;
    Error m_error = Error::None;
    char m_header[kHeaderSize] = {};
    qsizetype m_headerFill = 0;
    quint32 m_announcedSize = 0;
    QByteArray m_payload; // reserved to the announced size once the header is complete
};
