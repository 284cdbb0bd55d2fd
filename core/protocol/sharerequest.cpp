#include "protocol/sharerequest.h"

#include <QStringList>
#include <QUrl>

#include <algorithm>
#include <cmath>

namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// Percent-decoding. Strict (the path): a '%' without two hex digits, or a decoded NUL, fails.
// Lenient (the query): such a '%' stays as it is, since unknown parameters are ignored anyway and
// a cache-buster may be anything.
std::optional<QByteArray> percentDecoded(QByteArrayView text, bool strict, bool plusIsSpace)
{
    QByteArray out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%') {
            const bool room = i + 2 < text.size();
            const int high = room ? hexValue(text[i + 1]) : -1;
            const int low = room ? hexValue(text[i + 2]) : -1;
            if (high >= 0 && low >= 0) {
                const char decoded = char(high * 16 + low);
                if (decoded == '\0' && strict)
                    return std::nullopt;
                out.append(decoded);
                i += 2;
                continue;
            }
            if (strict)
                return std::nullopt;
            out.append(c);
        } else if (c == '+' && plusIsSpace) {
            out.append(' ');
        } else {
            out.append(c);
        }
    }
    return out;
}

bool isSafeStaticSegment(const QString &segment)
{
    // No way out of the web root, and no hidden files.
    return !segment.isEmpty() && !segment.startsWith(u'.') && !segment.contains(u'/')
        && !segment.contains(u'\\') && !segment.contains(QChar(0));
}

} // namespace

ShareRequest ShareRequest::parse(QByteArrayView target, int maxTargetLength)
{
    ShareRequest request;
    const auto fail = [&request](Error error) {
        request.m_error = error;
        request.m_route = Route::Invalid;
        return request;
    };
    if (target.size() > maxTargetLength)
        return fail(Error::TooLong);
    if (target.isEmpty() || target.front() != '/')
        return fail(Error::NotOriginForm);
    for (const char c : target) {
        const auto byte = quint8(c);
        if (byte < 0x20 || byte == 0x7f)
            return fail(Error::BadEncoding);
    }

    // A fragment is never sent by a client; if one is, it means nothing to the server.
    if (const qsizetype hash = target.indexOf('#'); hash >= 0)
        target = target.first(hash);
    QByteArrayView path = target;
    QByteArrayView queryText;
    if (const qsizetype question = target.indexOf('?'); question >= 0) {
        path = target.first(question);
        queryText = target.sliced(question + 1);
    }

    // Path: empty segments ("//", a trailing '/') mean nothing.
    qsizetype start = 1;
    while (start <= path.size()) {
        qsizetype end = path.indexOf('/', start);
        if (end < 0)
            end = path.size();
        const QByteArrayView raw = path.sliced(start, end - start);
        if (!raw.isEmpty()) {
            const std::optional<QByteArray> decoded = percentDecoded(raw, true, false);
            if (!decoded)
                return fail(Error::BadEncoding);
            if (request.m_segments.size() >= kMaxSegments) {
                request.m_route = Route::NotFound;
                request.m_segments.clear();
                break;
            }
            request.m_segments.append(QString::fromUtf8(*decoded));
        }
        start = end + 1;
    }

    // Query: name=value pairs separated by '&'; a bare name has an empty value.
    if (!queryText.isEmpty()) {
        qsizetype from = 0;
        while (from <= queryText.size()) {
            qsizetype end = queryText.indexOf('&', from);
            if (end < 0)
                end = queryText.size();
            const QByteArrayView pair = queryText.sliced(from, end - from);
            if (!pair.isEmpty()) {
                if (request.m_query.size() >= kMaxParameters)
                    return fail(Error::TooManyParameters);
                const qsizetype equals = pair.indexOf('=');
                const QByteArrayView name = equals < 0 ? pair : pair.first(equals);
                const QByteArrayView value
                    = equals < 0 ? QByteArrayView() : pair.sliced(equals + 1);
                request.m_query.append({QString::fromUtf8(*percentDecoded(name, false, true)),
                                        QString::fromUtf8(*percentDecoded(value, false, true))});
            }
            from = end + 1;
        }
    }

    if (const std::optional<QString> fps = request.queryValue(QStringLiteral("fps"))) {
        bool ok = false;
        const double value = fps->toDouble(&ok);
        if (ok && std::isfinite(value) && value > 0)
            request.m_maxFps = qBound(kMinFps, value, kMaxFps);
    }

    if (request.m_route == Route::NotFound)
        return request;

    const QList<QString> &s = request.m_segments;
    const auto is = [&s](int index, const char *text) {
        return s.size() > index && s.at(index) == QLatin1String(text);
    };
    if (s.isEmpty()) {
        request.m_route = Route::Static;
        request.m_staticPath = QStringLiteral("index.html");
    } else if (s.size() == 1 && is(0, "healthz")) {
        request.m_route = Route::Health;
    } else if (s.size() == 1 && is(0, "metrics")) {
        request.m_route = Route::Metrics;
    } else if (is(0, "api")) {
        if (s.size() == 2 && is(1, "printers")) {
            request.m_route = Route::Printers;
        } else if (s.size() == 3 && is(1, "printers")) {
            request.m_route = Route::Printer;
            request.m_printerKey = s.at(2);
        } else if (s.size() == 2 && is(1, "events")) {
            request.m_route = Route::Events;
        } else if (s.size() == 2 && is(1, "recordings")) {
            request.m_route = Route::Recordings;
        } else {
            request.m_route = Route::NotFound;
        }
    } else if (is(0, "recordings")) {
        request.m_route = Route::NotFound;
        if (s.size() == 3) {
            request.m_route = Route::RecordingFile;
            request.m_recordingFolder = s.at(1);
            request.m_recordingFile = s.at(2);
        }
    } else if (is(0, "cam")) {
        request.m_route = Route::NotFound;
        if (s.size() == 2) {
            // mjpg-streamer's spelling, under the printer: /cam/<printer>/?action=stream
            const QString action = request.queryValue(QStringLiteral("action")).value_or(QString());
            if (action == QLatin1String("stream"))
                request.m_route = Route::Stream;
            else if (action == QLatin1String("snapshot"))
                request.m_route = Route::Snapshot;
        } else if (s.size() == 3) {
            if (is(2, "stream.mjpg") || is(2, "stream"))
                request.m_route = Route::Stream;
            else if (is(2, "snapshot.jpg") || is(2, "snapshot"))
                request.m_route = Route::Snapshot;
        }
        if (request.m_route != Route::NotFound)
            request.m_printerKey = s.at(1);
    } else {
        request.m_route = Route::NotFound;
        if (std::all_of(s.cbegin(), s.cend(), isSafeStaticSegment)) {
            request.m_route = Route::Static;
            request.m_staticPath = s.join(u'/');
        }
    }
    return request;
}

std::optional<QString> ShareRequest::queryValue(const QString &name) const
{
    for (const auto &[key, value] : m_query) {
        if (key == name)
            return value;
    }
    return std::nullopt;
}

std::optional<QByteArray> ShareRequest::token() const
{
    const std::optional<QString> value = queryValue(QStringLiteral("token"));
    if (!value)
        return std::nullopt;
    return value->toUtf8();
}

std::optional<QByteArray> ShareRequest::tokenFromAuthorization(QByteArrayView header)
{
    const QByteArray text = header.toByteArray().trimmed();
    const qsizetype space = text.indexOf(' ');
    if (space <= 0)
        return std::nullopt;
    const QByteArray scheme = text.first(space).toLower();
    const QByteArray credentials = text.sliced(space + 1).trimmed();
    if (credentials.isEmpty() || credentials.contains(' ') || credentials.contains('\t'))
        return std::nullopt;
    if (scheme == "bearer")
        return credentials;
    if (scheme == "basic") {
        const auto decoded
            = QByteArray::fromBase64Encoding(credentials, QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return std::nullopt;
        const QByteArray &userAndPassword = *decoded;
        const qsizetype colon = userAndPassword.indexOf(':');
        if (colon < 0 || colon + 1 >= userAndPassword.size())
            return std::nullopt;
        return userAndPassword.sliced(colon + 1);
    }
    return std::nullopt;
}

QString ShareRequest::slugFor(const QString &name)
{
    // Decomposed, so that an accented letter is its plain letter plus marks that are dropped.
    const QString decomposed = name.normalized(QString::NormalizationForm_KD);
    QString slug;
    bool dashPending = false;
    for (const QChar c : decomposed) {
        if (c.category() == QChar::Mark_NonSpacing)
            continue;
        const char16_t u = c.toLower().unicode();
        if ((u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9')) {
            if (dashPending && !slug.isEmpty())
                slug.append(u'-');
            dashPending = false;
            slug.append(QChar(u));
        } else {
            dashPending = true;
        }
    }
    return slug;
}

QByteArray ShareRequest::contentTypeFor(const QString &path)
{
    const QString suffix = path.section(u'.', -1).toLower();
    struct Type
    {
        const char *suffix;
        const char *type;
    };
    static constexpr Type kTypes[] = {
        {"html", "text/html; charset=utf-8"},
        {"htm", "text/html; charset=utf-8"},
        {"css", "text/css; charset=utf-8"},
        {"js", "text/javascript; charset=utf-8"},
        {"mjs", "text/javascript; charset=utf-8"},
        {"json", "application/json"},
        {"webmanifest", "application/manifest+json"},
        {"txt", "text/plain; charset=utf-8"},
        {"svg", "image/svg+xml"},
        {"png", "image/png"},
        {"jpg", "image/jpeg"},
        {"jpeg", "image/jpeg"},
        {"gif", "image/gif"},
        {"webp", "image/webp"},
        {"ico", "image/x-icon"},
        {"woff2", "font/woff2"},
        {"woff", "font/woff"},
    };
    if (path.contains(u'.')) {
        for (const Type &type : kTypes) {
            if (suffix == QLatin1String(type.suffix))
                return QByteArray(type.type);
        }
    }
    return QByteArrayLiteral("application/octet-stream");
}

QString ShareRequest::streamPath(const QString &printerKey)
{
    return QLatin1String("/cam/") + QString::fromLatin1(QUrl::toPercentEncoding(printerKey))
        + QLatin1String("/stream.mjpg");
}

QString ShareRequest::snapshotPath(const QString &printerKey)
{
    return QLatin1String("/cam/") + QString::fromLatin1(QUrl::toPercentEncoding(printerKey))
        + QLatin1String("/snapshot.jpg");
}

QString ShareRequest::recordingPath(const QString &folder, const QString &file)
{
    return QLatin1String("/recordings/") + QString::fromLatin1(QUrl::toPercentEncoding(folder))
        + QLatin1Char('/') + QString::fromLatin1(QUrl::toPercentEncoding(file));
}
