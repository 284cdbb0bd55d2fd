#include "protocol/byterange.h"

#include <QByteArray>

#include <optional>

namespace {

// 18 digits at most: any byte position fits a qint64, and no sum overflows.
constexpr qsizetype kMaxDigits = 18;

std::optional<qint64> number(QByteArrayView digits)
{
    if (digits.isEmpty() || digits.size() > kMaxDigits)
        return std::nullopt;
    qint64 value = 0;
    for (const char c : digits) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

} // namespace

ByteRange ByteRange::parse(QByteArrayView header, qint64 size)
{
    ByteRange range;
    const QByteArray text = header.toByteArray().trimmed();
    const qsizetype equals = text.indexOf('=');
    if (equals < 0 || text.first(equals).trimmed().toLower() != "bytes")
        return range;
    const QByteArray spec = text.sliced(equals + 1).trimmed();
    const qsizetype dash = spec.indexOf('-');
    if (dash < 0 || spec.contains(','))
        return range;
    const QByteArrayView from = QByteArrayView(spec).first(dash).trimmed();
    const QByteArrayView to = QByteArrayView(spec).sliced(dash + 1).trimmed();
    if (from.isEmpty()) {
        // The last `to` bytes.
        const std::optional<qint64> suffix = number(to);
        if (!suffix)
            return range;
        if (*suffix == 0 || size <= 0) {
            range.m_result = Result::Unsatisfiable;
            return range;
        }
        range.m_result = Result::Partial;
        range.m_first = qMax<qint64>(0, size - *suffix);
        range.m_last = size - 1;
        return range;
    }
    const std::optional<qint64> first = number(from);
    if (!first)
        return range;
    std::optional<qint64> last;
    if (!to.isEmpty()) {
        last = number(to);
        if (!last || *last < *first)
            return range;
    }
    if (*first >= size) {
        range.m_result = Result::Unsatisfiable;
        return range;
    }
    range.m_result = Result::Partial;
    range.m_first = *first;
    range.m_last = last ? qMin(*last, size - 1) : size - 1;
    return range;
}
