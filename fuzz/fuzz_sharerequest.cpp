// libFuzzer target for the sharing server's request parsing (protocol/sharerequest.h): the
// request target and the Authorization header of every HTTP request anyone sends to
// ShareServer, before any token is checked.
//
// Input: the request target, a '\n', then the Authorization header's value (both optional).
// Besides "does not crash": a static file path can never leave the web root; a printer route
// always names a printer; ?fps= is 0 or within its bounds; the paths the server writes for a
// printer parse back to the same printer; slugs have their promised form; a token taken from a
// header is never empty.
#include "fuzzcheck.h"
#include "protocol/sharerequest.h"

#include <QDir>
#include <QString>

#include <cstddef>
#include <cstdint>

namespace {

void checkSlug(const QString &slug)
{
    FUZZ_CHECK(!slug.startsWith(u'-') && !slug.endsWith(u'-'));
    FUZZ_CHECK(!slug.contains(QLatin1String("--")));
    for (const QChar c : slug) {
        const char16_t u = c.unicode();
        FUZZ_CHECK((u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9') || u == u'-');
    }
    FUZZ_CHECK(ShareRequest::slugFor(slug) == slug);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype newline = input.indexOf('\n');
    const QByteArray target = newline < 0 ? input : input.first(newline);
    const QByteArray authorization = newline < 0 ? QByteArray() : input.sliced(newline + 1);

    const ShareRequest request = ShareRequest::parse(target);
    FUZZ_CHECK(request.isValid() == (request.route() != ShareRequest::Route::Invalid));
    FUZZ_CHECK(request.query().size() <= ShareRequest::kMaxParameters);
    FUZZ_CHECK(request.maxFps() == 0
               || (request.maxFps() >= ShareRequest::kMinFps
                   && request.maxFps() <= ShareRequest::kMaxFps));

    switch (request.route()) {
    case ShareRequest::Route::Static: {
        const QString path = request.staticPath();
        FUZZ_CHECK(!path.isEmpty());
        FUZZ_CHECK(!path.contains(u'\\') && !path.contains(QChar(0)));
        for (const QString &segment : path.split(u'/')) {
            FUZZ_CHECK(!segment.isEmpty() && !segment.startsWith(u'.'));
        }
        // The resource the server opens stays under the web root.
        const QString resource = QLatin1String(":/web/") + path;
        FUZZ_CHECK(QDir::cleanPath(resource) == resource);
        FUZZ_CHECK(!ShareRequest::contentTypeFor(path).isEmpty());
        break;
    }
    case ShareRequest::Route::Stream:
    case ShareRequest::Route::Snapshot:
    case ShareRequest::Route::Printer: {
        const QString key = request.printerKey();
        FUZZ_CHECK(!key.isEmpty());
        // What the server writes for this key, it reads back as the same printer.
        const ShareRequest stream
            = ShareRequest::parse(ShareRequest::streamPath(key).toUtf8(), 1 << 20);
        FUZZ_CHECK(stream.route() == ShareRequest::Route::Stream);
        FUZZ_CHECK(stream.printerKey() == key);
        const ShareRequest snapshot
            = ShareRequest::parse(ShareRequest::snapshotPath(key).toUtf8(), 1 << 20);
        FUZZ_CHECK(snapshot.route() == ShareRequest::Route::Snapshot);
        FUZZ_CHECK(snapshot.printerKey() == key);
        checkSlug(ShareRequest::slugFor(key));
        break;
    }
    case ShareRequest::Route::RecordingFile: {
        // What the server writes for a recording, it reads back as the same names.
        const ShareRequest again = ShareRequest::parse(
            ShareRequest::recordingPath(request.recordingFolder(), request.recordingFile())
                .toUtf8(),
            1 << 20);
        FUZZ_CHECK(again.route() == ShareRequest::Route::RecordingFile);
        FUZZ_CHECK(again.recordingFolder() == request.recordingFolder());
        FUZZ_CHECK(again.recordingFile() == request.recordingFile());
        FUZZ_CHECK(request.printerKey().isEmpty());
        break;
    }
    default:
        FUZZ_CHECK(request.printerKey().isEmpty());
        break;
    }

    if (const auto token = ShareRequest::tokenFromAuthorization(authorization))
        FUZZ_CHECK(!token->isEmpty());
    checkSlug(ShareRequest::slugFor(QString::fromUtf8(authorization)));
    return 0;
}
