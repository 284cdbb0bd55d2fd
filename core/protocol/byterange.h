// The Range header of a request for one file (RFC 9110, section 14): which bytes to send. Pure.
#pragma once

#include <QByteArrayView>
#include <QtGlobal>

// One range only ("bytes=0-499", "bytes=500-", "bytes=-500"): what a browser asks for to seek in
// a video or to resume a download. Anything else (several ranges, another unit, a malformed
// value) is ignored and the whole file is sent, as RFC 9110 allows.
class ByteRange final
{
public:
    enum class Result {
        Whole, // no usable Range header: 200 with every byte
        Partial, // 206: first()..last(), both included
        Unsatisfiable, // 416: the range starts beyond the end
    };

    ByteRange() = default;

    // `size` is the file's size in bytes.
    static ByteRange parse(QByteArrayView header, qint64 size);

    Result result() const { return m_result; }
    qint64 first() const { return m_first; }
    qint64 last() const { return m_last; }
    qint64 length() const { return m_result == Result::Partial ? m_last - m_first + 1 : 0; }

private:
    Result m_result = Result::Whole;
    qint64 m_first = 0;
    qint64 m_last = -1;
};
