// Turns the body of an MJPEG-over-HTTP response (multipart/x-mixed-replace), in whatever chunks it
// arrives, into complete JPEG frames.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

// A pure, incremental parser for the streams of mjpg-streamer, µStreamer, go2rtc, ffmpeg's mpjpeg,
// OctoPrint webcams and FarmCam's own share server. Knows nothing of sockets or HTTP: the caller
// hands it the response's Content-Type (start()) and then the body's bytes (feed()).
//
// What real servers send varies, so it is lenient where that is safe and strict where it is not:
//  - the boundary parameter quoted or not, declared with or without a leading "--", and used in
//    the stream with or without it ("--b", "----b" and "b" on a line of its own all delimit);
//  - parts with a Content-Length (trusted: the bytes are counted, not searched, and the next
//    boundary is looked for after them) or without one (the part ends at the next boundary line);
//  - header names in any case, lines ending in CRLF or LF, a preamble before the first boundary
//    and garbage between parts (skipped, counted, never buffered);
//  - parts whose Content-Type is not a JPEG are skipped; a part without a Content-Type is taken
//    for a JPEG when it starts like one (ff d8).
// Strict: a part larger than maxPartSize() is refused (from its Content-Length, before buffering
// it; without one, as soon as that many bytes arrived without a boundary), and a JPEG part must
// start ff d8 and end ff d9, as FrameAssembler checks the port-6000 stream. Memory stays within
// maxPartSize() plus a few kilobytes, whatever the input. An error is sticky until start() or
// reset(): after it the stream cannot be trusted.
//
// Frames are the parts' own bytes (trailing CR/LF before the boundary dropped), never copied twice.
class MjpegMultipartParser final
{
public:
    static constexpr qsizetype kDefaultMaxPartSize = 16 * 1024 * 1024;
    // One part's header block. Real servers send three or four short lines.
    static constexpr qsizetype kMaxHeaderBytes = 8 * 1024;
    // RFC 2046 allows 70 characters; some servers use longer ones.
    static constexpr qsizetype kMaxBoundaryLength = 200;

    enum class Error {
        None,
        NotStarted, // feed() before start(): the parser knows no boundary
        NotMultipart, // the response's Content-Type is not multipart/…: not an MJPEG stream
        MissingBoundary, // multipart, but without a usable boundary parameter
        HeadersTooLarge, // a part's headers exceed kMaxHeaderBytes
        BadContentLength, // a part's Content-Length is not a number
        PartTooLarge, // a part is larger than maxPartSize(): refused before buffering it
        BoundaryNotFound, // more than maxPartSize() bytes between parts without a boundary
        MissingStartMarker, // a JPEG part does not start with ff d8
        MissingEndMarker, // a JPEG part does not end with ff d9 (a wrong Content-Length, or cut)
    };

    explicit MjpegMultipartParser(qsizetype maxPartSize = kDefaultMaxPartSize);

    // The boundary parameter of a Content-Type such as `multipart/x-mixed-replace;boundary="b"`,
    // unquoted, as declared. NotMultipart or MissingBoundary when there is none to use.
    static Error boundaryOf(QByteArrayView contentType, QByteArray *boundary);

    // Starts a new response: forgets everything, then reads the boundary from the response's
    // Content-Type. On an error, feed() returns it until the next start().
    Error start(QByteArrayView contentType);
    // Consumes all of `bytes` and appends every JPEG it completes to `frames`. Returns the first
    // error met; after an error, further input is refused with the same error.
    Error feed(QByteArrayView bytes, QList<QByteArray> &frames);
    // Forgets the boundary, any partial part and the error: as newly constructed.
    void reset();

    Error error() const { return m_error; }
    qsizetype maxPartSize() const { return m_maxPartSize; }
    // The boundary as the Content-Type declared it; empty before start().
    QByteArray boundary() const { return m_boundary; }
    // The Content-Length of the last part header read; -1 when it had none.
    qsizetype announcedSize() const { return m_announcedSize; }
    // Bytes held for the part in progress (its headers, its body, or a line that may be a
    // boundary).
    qsizetype bufferedBytes() const;
    // Parts that were not JPEGs (another Content-Type, or empty).
    quint64 skippedParts() const { return m_skippedParts; }
    // Bytes outside any part that were not blank lines: a preamble, garbage between parts.
    quint64 skippedBytes() const { return m_skippedBytes; }

    // A sentence for the user or the log.
    static QString describe(Error error);

private:
    enum class Stage {
        NotStarted,
        SeekBoundary, // a preamble, garbage between parts, or a part being skipped without length
        Headers,
        CountedBody, // a JPEG part with a Content-Length
        CountedSkip, // another part with a Content-Length
        DelimitedBody, // a JPEG part without a Content-Length: ends at the next boundary line
    };

    Error fail(Error error);
    qsizetype seekBoundary(const char *at, const char *end);
    qsizetype readHeaders(const char *at, const char *end);
    qsizetype readCountedBody(const char *at, const char *end, QList<QByteArray> &frames);
    qsizetype skipCounted(const char *at, const char *end);
    qsizetype readDelimitedBody(const char *at, const char *end, QList<QByteArray> &frames);
    void headersComplete();
    void parseHeaderLine(QByteArrayView line);
    Error finishJpeg(QByteArray &&body, QList<QByteArray> &frames);
    void seekAfterPart(bool skippingPart);
    bool isBoundaryLine(QByteArrayView line) const;

    qsizetype m_maxPartSize;
    Stage m_stage = Stage::NotStarted;
    Error m_error = Error::None;
    QByteArray m_boundary; // as declared
    QByteArray m_core; // the boundary without its leading dashes: what every spelling contains
    qsizetype m_maxLeadingDashes = 0; // before m_core on a boundary line
    qsizetype m_maxBoundaryLine = 0; // longer lines cannot be boundary lines

    // SeekBoundary: the current line, while it may still be a boundary line.
    QByteArray m_line;
    bool m_lineTooLong = false;
    bool m_skippingPart = false; // SeekBoundary inside a skipped part, not between parts
    qsizetype m_seekedBytes = 0; // since the last boundary or part, for BoundaryNotFound

    // Headers: the header line in progress, and the block's size so far.
    qsizetype m_headerBytes = 0;
    QByteArray m_partContentType;
    qsizetype m_announcedSize = -1;
    bool m_badContentLength = false;

    // Bodies.
    QByteArray m_body;
    qsizetype m_remaining = 0; // CountedBody, CountedSkip
    qsizetype m_lineStart = 0; // DelimitedBody: where the body's current line starts
    bool m_startChecked = false; // DelimitedBody: ff d8 checked

    quint64 m_skippedParts = 0;
    quint64 m_skippedBytes = 0;
};
