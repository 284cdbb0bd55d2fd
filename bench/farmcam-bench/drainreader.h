// The least work any camera client must do: TLS, the login, then reading the stream and throwing
// it away, counting frames by their 16-byte headers only (no copy into frames, no decoding, no
// output). farmcam-grab's CPU cost is compared with this floor.
#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

class QSslSocket;
class QTimer;

class DrainReader final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DrainReader)

public:
    DrainReader(const QString &host, quint16 port, const QString &accessCode, quint64 frames,
                QObject *parent = nullptr);
    ~DrainReader() override;

    void start();
    quint64 framesDrained() const { return m_frames; }

signals:
    void finished(int exitCode); // 0 after `frames` frames, 1 on any failure

private:
    void onReadyRead();
    void finish(int exitCode, const QString &message = {});

    QString m_host;
    quint16 m_port;
    QString m_accessCode;
    quint64 m_wanted;
    QSslSocket *m_socket; // child
    QTimer *m_timeout; // child
    char m_header[16] = {};
    qsizetype m_headerFill = 0;
    qint64 m_payloadLeft = 0;
    quint64 m_frames = 0;
    bool m_finished = false;
};
