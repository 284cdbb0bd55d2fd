#include "protocol/mjpegmultipartparser.h"

#include <QCoreApplication>

#include <algorithm>
#include <cstring>

namespace {

constexpr char kJpegStart[] = {'\xff', '\xd8'};
constexpr char kJpegEnd[] = {'\xff', '\xd9'};

bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

QByteArrayView trimmed(QByteArrayView text)
{
    while (!text.isEmpty() && (isBlank(text.front()) || text.front() == '\r'))
        text = text.sliced(1);
    while (!text.isEmpty() && (isBlank(text.back()) || text.back() == '\r'))
        text.chop(1);
    return text;
}

// Header names, media types and parameter names compare case-insensitively (RFC 9110).
bool equalsIgnoringCase(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && QByteArrayView(a).compare(b, Qt::CaseInsensitive) == 0;
}

bool startsWithIgnoringCase(QByteArrayView text, QByteArrayView prefix)
{
    return text.size() >= prefix.size() && equalsIgnoringCase(text.first(prefix.size()), prefix);
}

// What servers call a JPEG part. image/jpg and image/pjpeg are wrong but seen in the wild.
bool isJpegType(QByteArrayView contentType)
{
    if (contentType.isEmpty())
        return true; // no Content-Type: the start marker decides
    const qsizetype semicolon = contentType.indexOf(';');
    const QByteArrayView media
        = trimmed(semicolon < 0 ? contentType : contentType.first(semicolon));
    return equalsIgnoringCase(media, "image/jpeg") || equalsIgnoringCase(media, "image/jpg")
        || equalsIgnoringCase(media, "image/pjpeg");
}

// A part's bytes before the boundary, without the CR/LF that belong to the boundary (and any
// blank lines a server added): a JPEG ends with ff d9, never with a line break.
void chopLineBreaks(QByteArray &body)
{
    qsizetype size = body.size();
    while (size > 0 && (body.at(size - 1) == '\n' || body.at(size - 1) == '\r'))
        --size;
    body.truncate(size);
}

} // namespace

MjpegMultipartParser::MjpegMultipartParser(qsizetype maxPartSize)
    : m_maxPartSize(maxPartSize)
{ }

MjpegMultipartParser::Error MjpegMultipartParser::boundaryOf(QByteArrayView contentType,
                                                             QByteArray *boundary)
{
    boundary->clear();
    const qsizetype semicolon = contentType.indexOf(';');
    const QByteArrayView media
        = trimmed(semicolon < 0 ? contentType : contentType.first(semicolon));
    if (!startsWithIgnoringCase(media, "multipart/") || media.size() == 10)
        return Error::NotMultipart;
    if (semicolon < 0)
        return Error::MissingBoundary;

    // Parameters: `; name=value` or `; name="quoted \" value"`, in any order.
    QByteArrayView rest = contentType.sliced(semicolon + 1);
    while (!rest.isEmpty()) {
        while (!rest.isEmpty() && (isBlank(rest.front()) || rest.front() == ';'))
            rest = rest.sliced(1);
        const qsizetype equals = rest.indexOf('=');
        const qsizetype nextSemicolon = rest.indexOf(';');
        if (equals < 0 || (nextSemicolon >= 0 && nextSemicolon < equals)) {
            // A parameter without a value: skip it.
            rest = nextSemicolon < 0 ? QByteArrayView() : rest.sliced(nextSemicolon + 1);
            continue;
        }
        const QByteArrayView name = trimmed(rest.first(equals));
        rest = rest.sliced(equals + 1);
        while (!rest.isEmpty() && isBlank(rest.front()))
            rest = rest.sliced(1);
        QByteArray value;
        if (!rest.isEmpty() && rest.front() == '"') {
            qsizetype i = 1;
            for (; i < rest.size() && rest.at(i) != '"'; ++i) {
                if (rest.at(i) == '\\' && i + 1 < rest.size())
                    ++i;
                value.append(rest.at(i));
            }
            rest = rest.sliced(std::min(i + 1, rest.size()));
            const qsizetype after = rest.indexOf(';');
            rest = after < 0 ? QByteArrayView() : rest.sliced(after + 1);
        } else {
            const qsizetype end = rest.indexOf(';');
            value = trimmed(end < 0 ? rest : rest.first(end)).toByteArray();
            rest = end < 0 ? QByteArrayView() : rest.sliced(end + 1);
        }
        if (equalsIgnoringCase(name, "boundary")) {
            const bool printable = std::all_of(value.cbegin(), value.cend(),
                                               [](char c) { return c >= 0x20 && c < 0x7f; });
            if (value.isEmpty() || value.size() > kMaxBoundaryLength || !printable
                || trimmed(value).size() != value.size())
                return Error::MissingBoundary;
            *boundary = value;
            return Error::None;
        }
    }
    return Error::MissingBoundary;
}

MjpegMultipartParser::Error MjpegMultipartParser::start(QByteArrayView contentType)
{
    reset();
    QByteArray boundary;
    if (const Error error = boundaryOf(contentType, &boundary); error != Error::None)
        return fail(error);
    m_boundary = boundary;
    qsizetype dashes = 0;
    while (dashes < boundary.size() && boundary.at(dashes) == '-')
        ++dashes;
    if (dashes == boundary.size()) {
        m_core = boundary; // all dashes: nothing else to recognise it by
        m_maxLeadingDashes = 2;
    } else {
        m_core = boundary.sliced(dashes);
        m_maxLeadingDashes = dashes + 2; // "--" + the declared boundary, as RFC 2046 says
    }
    // Dashes, the boundary, "--" when it is the last, padding, CR.
    m_maxBoundaryLine = m_maxLeadingDashes + m_core.size() + 2 + 16 + 1;
    m_stage = Stage::SeekBoundary;
    return Error::None;
}

void MjpegMultipartParser::reset()
{
    m_stage = Stage::NotStarted;
    m_error = Error::None;
    m_boundary.clear();
    m_core.clear();
    m_maxLeadingDashes = 0;
    m_maxBoundaryLine = 0;
    m_line = QByteArray();
    m_lineTooLong = false;
    m_skippingPart = false;
    m_seekedBytes = 0;
    m_headerBytes = 0;
    m_partContentType.clear();
    m_announcedSize = -1;
    m_badContentLength = false;
    m_body = QByteArray();
    m_remaining = 0;
    m_lineStart = 0;
    m_startChecked = false;
    m_skippedParts = 0;
    m_skippedBytes = 0;
}

MjpegMultipartParser::Error MjpegMultipartParser::fail(Error error)
{
    m_error = error;
    m_stage = Stage::NotStarted;
    m_line = QByteArray();
    m_body = QByteArray();
    return error;
}

MjpegMultipartParser::Error MjpegMultipartParser::feed(QByteArrayView bytes,
                                                       QList<QByteArray> &frames)
{
    if (m_error != Error::None)
        return m_error;
    if (m_stage == Stage::NotStarted)
        return fail(Error::NotStarted);

    const char *at = bytes.data();
    const char *const end = at + bytes.size();
    while (at < end && m_error == Error::None) {
        switch (m_stage) {
        case Stage::NotStarted:
            return m_error;
        case Stage::SeekBoundary:
            at += seekBoundary(at, end);
            break;
        case Stage::Headers:
            at += readHeaders(at, end);
            break;
        case Stage::CountedBody:
            at += readCountedBody(at, end, frames);
            break;
        case Stage::CountedSkip:
            at += skipCounted(at, end);
            break;
        case Stage::DelimitedBody:
            at += readDelimitedBody(at, end, frames);
            break;
        }
    }
    return m_error;
}

bool MjpegMultipartParser::isBoundaryLine(QByteArrayView line) const
{
    if (line.size() > m_maxBoundaryLine)
        return false;
    if (line.endsWith('\r'))
        line.chop(1);
    while (!line.isEmpty() && isBlank(line.back()))
        line.chop(1);
    if (!line.endsWith(m_core)) {
        if (!line.endsWith("--")) // the close delimiter: "--boundary--"
            return false;
        line.chop(2);
        if (!line.endsWith(m_core))
            return false;
    }
    line.chop(m_core.size());
    return line.size() <= m_maxLeadingDashes
        && std::all_of(line.cbegin(), line.cend(), [](char c) { return c == '-'; });
}

void MjpegMultipartParser::seekAfterPart(bool skippingPart)
{
    m_stage = Stage::SeekBoundary;
    m_line = QByteArray();
    m_lineTooLong = false;
    m_skippingPart = skippingPart;
    m_seekedBytes = 0;
}

qsizetype MjpegMultipartParser::seekBoundary(const char *at, const char *end)
{
    // Stop at the byte that passes the limit, so that the error comes at the same place in the
    // stream however it was cut.
    end = std::min(end, at + (m_maxPartSize + kMaxHeaderBytes + 1 - m_seekedBytes));
    const auto *lf = static_cast<const char *>(std::memchr(at, '\n', size_t(end - at)));
    const qsizetype length = (lf ? lf : end) - at;
    const qsizetype consumed = length + (lf ? 1 : 0);

    if (!m_lineTooLong && m_line.size() + length > m_maxBoundaryLine) {
        // Too long to be a boundary line: none of it needs keeping.
        if (!m_skippingPart)
            m_skippedBytes += quint64(m_line.size());
        m_line = QByteArray();
        m_lineTooLong = true;
    }
    if (m_lineTooLong) {
        if (!m_skippingPart)
            m_skippedBytes += quint64(consumed);
    } else {
        m_line.append(at, length);
    }

    if (lf) {
        if (!m_lineTooLong && isBoundaryLine(m_line)) {
            m_stage = Stage::Headers;
            m_line = QByteArray();
            m_headerBytes = 0;
            m_partContentType.clear();
            m_announcedSize = -1;
            m_badContentLength = false;
            m_skippingPart = false;
            m_seekedBytes = 0;
            return consumed;
        }
        // Blank lines between parts are normal; anything else is garbage.
        if (!m_lineTooLong && !m_skippingPart && !trimmed(m_line).isEmpty())
            m_skippedBytes += quint64(m_line.size() + 1);
        m_line.clear();
        m_lineTooLong = false;
    }

    m_seekedBytes += consumed;
    if (m_seekedBytes > m_maxPartSize + kMaxHeaderBytes)
        fail(m_skippingPart ? Error::PartTooLarge : Error::BoundaryNotFound);
    return consumed;
}

qsizetype MjpegMultipartParser::readHeaders(const char *at, const char *end)
{
    const auto *lf = static_cast<const char *>(std::memchr(at, '\n', size_t(end - at)));
    const qsizetype length = (lf ? lf : end) - at;
    const qsizetype consumed = length + (lf ? 1 : 0);
    m_headerBytes += consumed;
    if (m_headerBytes > kMaxHeaderBytes) {
        fail(Error::HeadersTooLarge);
        return consumed;
    }
    m_line.append(at, length);
    if (!lf)
        return consumed;

    QByteArrayView line = m_line;
    if (line.endsWith('\r'))
        line.chop(1);
    if (line.isEmpty()) {
        m_line = QByteArray();
        headersComplete();
    } else if (isBoundaryLine(line)) {
        // A boundary right after a boundary: an empty part. The next one starts here.
        ++m_skippedParts;
        m_headerBytes = 0;
        m_partContentType.clear();
        m_announcedSize = -1;
        m_badContentLength = false;
        m_line.clear();
    } else {
        parseHeaderLine(line);
        m_line.clear();
    }
    return consumed;
}

void MjpegMultipartParser::parseHeaderLine(QByteArrayView line)
{
    const qsizetype colon = line.indexOf(':');
    if (colon < 0)
        return; // not a header: ignored, as browsers do
    const QByteArrayView name = trimmed(line.first(colon));
    const QByteArrayView value = trimmed(line.sliced(colon + 1));
    if (equalsIgnoringCase(name, "content-type")) {
        m_partContentType = value.toByteArray();
    } else if (equalsIgnoringCase(name, "content-length")) {
        const bool digits = !value.isEmpty() && value.size() <= 18
            && std::all_of(value.cbegin(), value.cend(),
                           [](char c) { return c >= '0' && c <= '9'; });
        m_badContentLength = !digits;
        m_announcedSize = digits ? qsizetype(value.toLongLong()) : -1;
    }
}

void MjpegMultipartParser::headersComplete()
{
    m_headerBytes = 0;
    if (m_badContentLength) {
        fail(Error::BadContentLength);
        return;
    }
    const bool jpeg = isJpegType(m_partContentType);
    if (m_announcedSize > m_maxPartSize) {
        fail(Error::PartTooLarge); // refused before a byte of it is buffered
        return;
    }
    if (m_announcedSize == 0) {
        ++m_skippedParts;
        seekAfterPart(false);
        return;
    }
    if (m_announcedSize > 0) {
        m_remaining = m_announcedSize;
        if (jpeg) {
            m_stage = Stage::CountedBody;
            m_body = QByteArray();
            m_body.reserve(m_announcedSize);
        } else {
            m_stage = Stage::CountedSkip;
        }
        return;
    }
    if (jpeg) {
        m_stage = Stage::DelimitedBody;
        m_body = QByteArray();
        m_lineStart = 0;
        m_startChecked = false;
    } else {
        ++m_skippedParts;
        seekAfterPart(true);
    }
}

qsizetype MjpegMultipartParser::readCountedBody(const char *at, const char *end,
                                                QList<QByteArray> &frames)
{
    const qsizetype before = m_body.size();
    const qsizetype take = std::min<qsizetype>(m_remaining, end - at);
    m_body.append(at, take);
    m_remaining -= take;

    // Reject a part that is not a JPEG as soon as its first two bytes are in, not after
    // buffering up to 16 MiB of it.
    if (before < 2 && m_body.size() >= 2 && !m_body.startsWith(QByteArrayView(kJpegStart, 2))) {
        fail(Error::MissingStartMarker);
        return take;
    }
    if (m_remaining == 0) {
        if (finishJpeg(std::move(m_body), frames) == Error::None)
            seekAfterPart(false); // the boundary must follow; anything before it is garbage
        m_body = QByteArray();
    }
    return take;
}

qsizetype MjpegMultipartParser::skipCounted(const char *at, const char *end)
{
    const qsizetype take = std::min<qsizetype>(m_remaining, end - at);
    m_remaining -= take;
    if (m_remaining == 0) {
        ++m_skippedParts;
        seekAfterPart(false);
    }
    return take;
}

qsizetype MjpegMultipartParser::readDelimitedBody(const char *at, const char *end,
                                                  QList<QByteArray> &frames)
{
    qsizetype consumed = 0;
    if (m_body.isEmpty()) {
        // Blank lines before the picture (a JPEG never starts with a line break).
        while (at < end && (*at == '\r' || *at == '\n')) {
            ++at;
            ++consumed;
        }
        if (at == end)
            return consumed;
    }

    // Never hold more than a part of the largest size, its line break and a boundary line: one
    // byte past that is enough to know the part is too large.
    const qsizetype hardLimit = m_maxPartSize + m_maxBoundaryLine + 3;
    const auto *lf = static_cast<const char *>(std::memchr(at, '\n', size_t(end - at)));
    qsizetype take = (lf ? lf + 1 : end) - at;
    bool lineEnds = lf != nullptr;
    if (m_body.size() + take > hardLimit + 1) {
        take = hardLimit + 1 - m_body.size();
        lineEnds = false;
    }
    m_body.append(at, take);
    consumed += take;

    // The checks run in the stream's order, whatever the chunks: the start marker (at the first
    // line that is not a boundary, or once the first line is too long to be one), then the size.
    const auto checkStart = [this] {
        m_startChecked = true;
        if (!m_body.startsWith(QByteArrayView(kJpegStart, 2)))
            fail(Error::MissingStartMarker);
    };

    if (lineEnds) {
        const QByteArrayView line
            = QByteArrayView(m_body).sliced(m_lineStart, m_body.size() - 1 - m_lineStart);
        if (isBoundaryLine(line)) {
            m_body.truncate(m_lineStart);
            chopLineBreaks(m_body);
            if (m_body.isEmpty()) {
                ++m_skippedParts;
            } else if (finishJpeg(std::move(m_body), frames) != Error::None) {
                return consumed;
            }
            m_body = QByteArray();
            m_stage = Stage::Headers;
            m_headerBytes = 0;
            m_partContentType.clear();
            m_announcedSize = -1;
            m_badContentLength = false;
            return consumed;
        }
        if (!m_startChecked)
            checkStart();
        m_lineStart = m_body.size();
    } else if (!m_startChecked && m_body.size() - m_lineStart > m_maxBoundaryLine) {
        checkStart();
    }
    if (m_error == Error::None && (m_lineStart > m_maxPartSize + 2 || m_body.size() > hardLimit))
        fail(Error::PartTooLarge);
    return consumed;
}

MjpegMultipartParser::Error MjpegMultipartParser::finishJpeg(QByteArray &&body,
                                                             QList<QByteArray> &frames)
{
    chopLineBreaks(body);
    if (body.size() > m_maxPartSize)
        return fail(Error::PartTooLarge);
    if (!body.startsWith(QByteArrayView(kJpegStart, 2)))
        return fail(Error::MissingStartMarker);
    if (body.size() < 4 || !body.endsWith(QByteArrayView(kJpegEnd, 2)))
        return fail(Error::MissingEndMarker);
    frames.append(std::move(body));
    return Error::None;
}

qsizetype MjpegMultipartParser::bufferedBytes() const
{
    switch (m_stage) {
    case Stage::NotStarted:
    case Stage::CountedSkip:
        return 0;
    case Stage::SeekBoundary:
    case Stage::Headers:
        return m_line.size();
    case Stage::CountedBody:
    case Stage::DelimitedBody:
        return m_body.size();
    }
    return 0;
}

QString MjpegMultipartParser::describe(Error error)
{
    switch (error) {
    case Error::None:
        return {};
    case Error::NotStarted:
        return QCoreApplication::translate(
            "MjpegMultipartParser", "the stream's parts were read before its type was known");
    case Error::NotMultipart:
        return QCoreApplication::translate(
            "MjpegMultipartParser",
            "not an MJPEG stream (its type is not multipart/x-mixed-replace)");
    case Error::MissingBoundary:
        return QCoreApplication::translate("MjpegMultipartParser",
                                           "the MJPEG stream does not say where its pictures part");
    case Error::HeadersTooLarge:
        return QCoreApplication::translate("MjpegMultipartParser",
                                           "a picture's headers were larger than the limit");
    case Error::BadContentLength:
        return QCoreApplication::translate("MjpegMultipartParser",
                                           "a picture's Content-Length was not a number");
    case Error::PartTooLarge:
        return QCoreApplication::translate("MjpegMultipartParser",
                                           "a picture was larger than the limit");
    case Error::BoundaryNotFound:
        return QCoreApplication::translate(
            "MjpegMultipartParser",
            "the stream sent more than the limit without a picture boundary");
    case Error::MissingStartMarker:
        return QCoreApplication::translate("MjpegMultipartParser",
                                           "a picture did not start like a JPEG (ff d8)");
    case Error::MissingEndMarker:
        return QCoreApplication::translate("MjpegMultipartParser",
                                           "a picture did not end like a JPEG (ff d9)");
    }
    return {};
}
