#include "sharingcontroller.h"

#include "model/appsettings.h"
#include "model/credentialstore.h"
#include "record/farmrecorder.h"
#include "share/sharetoken.h"

#include <QLoggingCategory>
#include <QTimer>

Q_LOGGING_CATEGORY(lcSharing, "farmcam.share.app")

bool SharingController::Attempt::operator==(const Attempt &other) const
{
    return enabled == other.enabled && address == other.address && port == other.port
        && certificateFile == other.certificateFile && privateKeyFile == other.privateKeyFile
        && token == other.token;
}

SharingController::SharingController(PrinterFarm *farm, AppSettings *settings,
                                     CredentialStore *credentials, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_credentials(credentials)
    , m_server(new ShareServer(farm, this))
    , m_settingsChanged(new QTimer(this))
{
    m_settingsChanged->setSingleShot(true);
    m_settingsChanged->setInterval(0);
    connect(m_settingsChanged, &QTimer::timeout, this, &SharingController::applyIfChanged);
    connect(m_settings, &AppSettings::changed, this, [this](AppSettings::Key key) {
        switch (key) {
        case AppSettings::Key::SharingEnabled:
        case AppSettings::Key::SharingAddress:
        case AppSettings::Key::SharingPort:
        case AppSettings::Key::SharingCertificateFile:
        case AppSettings::Key::SharingKeyFile:
            m_settingsChanged->start();
            break;
        default:
            break;
        }
    });
    connect(m_server, &ShareServer::viewerCountChanged, this,
            &SharingController::viewerCountChanged);
}

SharingController::~SharingController()
{
    // Before the farm goes: the server's feeds hold on to its printers.
    m_server->stop();
}

void SharingController::setRecorder(FarmRecorder *recorder)
{
    if (m_recorder) {
        disconnect(m_recorder, nullptr, this, nullptr);
        disconnect(m_recorder, nullptr, m_server, nullptr);
    }
    m_recorder = recorder;
    m_server->setRecordingsRoot(recorder ? recorder->library().root() : QString());
    if (!recorder)
        return;
    connect(recorder, &FarmRecorder::rootChanged, m_server, &ShareServer::setRecordingsRoot);
    connect(recorder, &QObject::destroyed, this, [this] {
        m_recorder = nullptr;
        m_server->setRecordingsRoot({});
    });
}

SharingController::Attempt SharingController::currentAttempt()
{
    using Key = AppSettings::Key;
    Attempt attempt;
    attempt.enabled = m_settings->sharingEnabled();
    attempt.address = m_settings->value(Key::SharingAddress).toString();
    attempt.port = m_settings->value(Key::SharingPort).toInt();
    attempt.certificateFile = m_settings->value(Key::SharingCertificateFile).toString();
    attempt.privateKeyFile = m_settings->value(Key::SharingKeyFile).toString();
    attempt.token = m_token;
    return attempt;
}

void SharingController::applyIfChanged()
{
    if (!m_lastAttempt || currentAttempt() != *m_lastAttempt)
        apply();
}

void SharingController::apply()
{
    m_settingsChanged->stop(); // whatever was pending is applied now
    if (!m_settings->sharingEnabled()) {
        m_lastAttempt = currentAttempt();
        if (m_server->isRunning())
            qCInfo(lcSharing) << "Sharing switched off";
        m_server->stop();
        setState(State::Off, {});
        return;
    }

    QString error;
    const QString token = this->token(&error);
    const Attempt attempt = currentAttempt();
    const bool unchanged = m_lastAttempt && attempt == *m_lastAttempt;
    m_lastAttempt = attempt;
    if (token.isEmpty()) {
        m_server->stop();
        setState(State::Failed, tr("The sharing token could not be kept: %1").arg(error));
        return;
    }
    if (unchanged && m_server->isRunning())
        return; // nothing to restart for: viewers stay connected

    ShareServer::Settings settings = ShareServer::settingsFrom(*m_settings);
    settings.token = token;
    if (!m_server->start(settings, &error)) { // the server has logged why
        setState(State::Failed, error);
        return;
    }
    qCInfo(lcSharing).noquote() << "Sharing the cameras at" << m_server->url().toString();
    setState(State::Running, {});
}

void SharingController::setState(State state, const QString &error)
{
    if (state == m_state && error == m_error)
        return;
    m_state = state;
    m_error = error;
    emit stateChanged(state);
    emit viewerCountChanged(viewerCount());
}

int SharingController::viewerCount() const
{
    return m_server->isRunning() ? m_server->viewerCount() : 0;
}

QUrl SharingController::url() const
{
    return m_server->url();
}

quint16 SharingController::port() const
{
    return m_server->port();
}

QString SharingController::token(QString *errorMessage)
{
    if (m_token.isEmpty())
        m_token = ShareToken::ensureStored(m_credentials, errorMessage);
    return m_token;
}

QString SharingController::regenerateToken(QString *errorMessage)
{
    const QString token = ShareToken::regenerate(m_credentials, errorMessage);
    if (token.isEmpty())
        return {};
    m_token = token;
    qCInfo(lcSharing) << "New sharing token: URLs copied before stop working";
    if (m_settings->sharingEnabled())
        apply(); // the token differs from the running server's: restarted with it
    return token;
}

QUrl SharingController::withToken(const QUrl &url)
{
    if (url.isEmpty())
        return {};
    const QString token = this->token();
    return token.isEmpty() ? QUrl() : ShareServer::withToken(url, token);
}

QUrl SharingController::streamUrlWithToken(const Printer *printer)
{
    return withToken(m_server->streamUrl(printer));
}

QUrl SharingController::snapshotUrlWithToken(const Printer *printer)
{
    return withToken(m_server->snapshotUrl(printer));
}

QUrl SharingController::wallUrlWithToken()
{
    return withToken(m_server->url());
}

QString SharingController::statusText() const
{
    switch (m_state) {
    case State::Off:
        return {};
    case State::Running: {
        const int viewers = viewerCount();
        const QString on = tr("Sharing on :%1").arg(m_server->port());
        if (viewers == 0)
            return on;
        return viewers == 1 ? tr("%1 · 1 viewer").arg(on)
                            : tr("%1 · %2 viewers").arg(on).arg(viewers);
    }
    case State::Failed: {
        // "Port 8080 is in use by another program." reads as part of the sentence.
        QString reason = m_error;
        if (reason.endsWith(u'.'))
            reason.chop(1);
        if (!reason.isEmpty() && reason.at(0).isUpper()
            && (reason.size() < 2 || !reason.at(1).isUpper()))
            reason[0] = reason.at(0).toLower();
        return tr("Sharing stopped: %1").arg(reason);
    }
    }
    return {};
}
