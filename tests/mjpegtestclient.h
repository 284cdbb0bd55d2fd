// A small MJPEG (multipart/x-mixed-replace) and server-sent-events reader over QTcpSocket, for the
// sharing server's tests and benchmark: many of them fit in one process, and each keeps every
// part it received with the moment its last byte arrived.
#pragma once

#include "frames/cameraframe.h"

#include <QHostAddress>
#include <QList>
#include <QMap>
#include <QTcpSocket>

class MjpegTestClient final : public QObject
{
    Q_OBJECT

public:
    struct Part
    {
        QMap<QByteArray, QByteArray> headers; // lower-case names
        QByteArray body;
        qint64 receivedNs = 0;
    };

    explicit MjpegTestClient(QObject *parent = nullptr)
        : QObject(parent)
        , m_socket(new QTcpSocket(this))
    {
        connect(m_socket, &QTcpSocket::readyRead, this, &MjpegTestClient::onReadyRead);
        connect(m_socket, &QTcpSocket::disconnected, this, [this] { m_closed = true; });
        connect(m_socket, &QTcpSocket::errorOccurred, this, [this] { m_closed = true; });
    }

    // `target`: the request target ("/cam/x/stream.mjpg?token=…"); extra request header lines.
    void open(quint16 port, const QByteArray &target, const QByteArray &extraHeaders = {})
    {
        m_socket->connectToHost(QHostAddress::LocalHost, port);
        m_socket->write("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders
                        + "\r\n");
    }
    void close() { m_socket->abort(); }

    bool headersDone() const { return m_headersDone; }
    int status() const { return m_status; }
    QByteArray header(const QByteArray &name) const { return m_headers.value(name.toLower()); }
    const QList<Part> &parts() const { return m_parts; }
    int partCount() const { return int(m_parts.size()); }
    // Server-sent events: the text received so far.
    QByteArray text() const { return m_text; }
    bool isClosed() const { return m_closed; }
    void forgetParts() { m_parts.clear(); }
    // Keep only the count and the last part's time, not the bytes (benchmarks, many clients).
    void setKeepBodies(bool keep) { m_keepBodies = keep; }
    quint64 totalParts() const { return m_totalParts; }
    QTcpSocket *socket() const { return m_socket; }

signals:
    void partReceived();

private:
    void onReadyRead()
    {
        m_buffer += m_socket->readAll();
        if (!m_headersDone) {
            const qsizetype end = m_buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            const QList<QByteArray> lines = m_buffer.first(end).split('\n');
            m_status = lines.value(0).split(' ').value(1).toInt();
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const QByteArray line = lines.at(i).trimmed();
                const qsizetype colon = line.indexOf(':');
                if (colon > 0)
                    m_headers.insert(line.first(colon).trimmed().toLower(),
                                     line.sliced(colon + 1).trimmed());
            }
            m_buffer.remove(0, end + 4);
            m_headersDone = true;
            const QByteArray type = header("content-type");
            const qsizetype at = type.indexOf("boundary=");
            if (at >= 0)
                m_boundary = "--" + type.sliced(at + 9).trimmed();
            m_chunked = header("transfer-encoding").contains("chunked");
        }
        if (m_chunked)
            dechunk();
        if (m_boundary.isEmpty()) {
            QByteArray &data = m_chunked ? m_body : m_buffer;
            m_text += data;
            data.clear();
            return;
        }
        parseParts();
    }

    void dechunk()
    {
        for (;;) {
            const qsizetype lineEnd = m_buffer.indexOf("\r\n");
            if (lineEnd < 0)
                return;
            bool ok = false;
            const qsizetype size = m_buffer.first(lineEnd).toLongLong(&ok, 16);
            if (!ok || m_buffer.size() < lineEnd + 2 + size + 2)
                return;
            m_body += m_buffer.sliced(lineEnd + 2, size);
            m_buffer.remove(0, lineEnd + 2 + size + 2);
        }
    }

    void parseParts()
    {
        QByteArray &data = m_chunked ? m_body : m_buffer;
        for (;;) {
            const qsizetype start = data.indexOf(m_boundary);
            if (start < 0)
                return;
            const qsizetype headerEnd = data.indexOf("\r\n\r\n", start);
            if (headerEnd < 0)
                return;
            Part part;
            const QList<QByteArray> lines = data.sliced(start, headerEnd - start).split('\n');
            for (const QByteArray &raw : lines) {
                const QByteArray line = raw.trimmed();
                const qsizetype colon = line.indexOf(':');
                if (colon > 0)
                    part.headers.insert(line.first(colon).trimmed().toLower(),
                                        line.sliced(colon + 1).trimmed());
            }
            const qsizetype length = part.headers.value("content-length").toLongLong();
            if (data.size() < headerEnd + 4 + length)
                return;
            if (m_keepBodies)
                part.body = data.sliced(headerEnd + 4, length);
            part.receivedNs = CameraFrame::steadyNowNs();
            data.remove(0, headerEnd + 4 + length);
            ++m_totalParts;
            m_parts.append(part);
            if (!m_keepBodies && m_parts.size() > 4)
                m_parts.removeFirst();
            emit partReceived();
        }
    }

    QTcpSocket *m_socket;
    QByteArray m_buffer;
    QByteArray m_body; // de-chunked
    QByteArray m_boundary;
    QByteArray m_text;
    QMap<QByteArray, QByteArray> m_headers;
    QList<Part> m_parts;
    int m_status = 0;
    bool m_headersDone = false;
    bool m_chunked = false;
    bool m_closed = false;
    bool m_keepBodies = true;
    quint64 m_totalParts = 0;
};
