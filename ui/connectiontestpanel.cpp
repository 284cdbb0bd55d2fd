#include "connectiontestpanel.h"

#include "formmessage.h"
#include "net/connectionprobe.h"
#include "tilestatus.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace {

constexpr QSize kPreviewSize(192, 108); // 16:9, the cameras' aspect ratio

QString formatBytes(qsizetype bytes)
{
    return QLocale().formattedDataSize(bytes, 0);
}

} // namespace

ConnectionTestPanel::ConnectionTestPanel(QWidget *parent)
    : QWidget(parent)
    , m_probe(new ConnectionProbe(this))
{
    m_probe->setPreviewSize(kPreviewSize);

    m_testButton = new QPushButton(tr("&Test connection"), this);
    m_testButton->setObjectName(QStringLiteral("testButton"));
    m_testButton->setAutoDefault(false); // Enter always means OK
    m_cancelTestButton = new QPushButton(tr("Cancel t&est"), this);
    m_cancelTestButton->setObjectName(QStringLiteral("cancelTestButton"));
    m_cancelTestButton->setAutoDefault(false);
    m_busy = new QProgressBar(this);
    m_busy->setObjectName(QStringLiteral("testBusy"));
    m_busy->setRange(0, 0); // indeterminate
    m_busy->setTextVisible(false);
    m_busy->setFixedSize(72, 6);
    m_testProgress = new FormMessage(this);
    m_testProgress->setObjectName(QStringLiteral("testProgress"));
    m_testProgress->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    auto *testLine = new QHBoxLayout;
    testLine->addWidget(m_testButton);
    testLine->addWidget(m_busy);
    testLine->addWidget(m_testProgress, 1);
    testLine->addWidget(m_cancelTestButton);
    connect(m_testButton, &QPushButton::clicked, this, &ConnectionTestPanel::testRequested);
    connect(m_cancelTestButton, &QPushButton::clicked, this, &ConnectionTestPanel::cancel);

    m_preview = new QLabel(this);
    m_preview->setObjectName(QStringLiteral("testPreview"));
    m_preview->setFixedSize(kPreviewSize + QSize(2, 2));
    m_preview->setAlignment(Qt::AlignCenter);
    m_preview->setFrameShape(QFrame::Box);
    m_preview->setStyleSheet(
        QStringLiteral("QLabel { background: #101113; border: 1px solid palette(mid); }"));
    m_resultTitle = new QLabel(this);
    m_resultTitle->setObjectName(QStringLiteral("testTitle"));
    QFont bold = m_resultTitle->font();
    bold.setBold(true);
    m_resultTitle->setFont(bold);
    m_resultText = new FormMessage(this);
    m_resultText->setObjectName(QStringLiteral("testResult"));
    auto *resultWords = new QVBoxLayout;
    resultWords->setSpacing(4);
    resultWords->addWidget(m_resultTitle);
    resultWords->addWidget(m_resultText);
    resultWords->addStretch(1);
    m_resultBox = new QWidget(this);
    auto *resultLine = new QHBoxLayout(m_resultBox);
    resultLine->setContentsMargins(0, 4, 0, 0);
    resultLine->setSpacing(12);
    resultLine->addWidget(m_preview, 0, Qt::AlignTop);
    resultLine->addLayout(resultWords, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(testLine);
    layout->addWidget(m_resultBox);

    setTabOrder(m_testButton, m_cancelTestButton);

    connect(m_probe, &ConnectionProbe::progress, m_testProgress, &FormMessage::showHint);
    connect(m_probe, &ConnectionProbe::succeeded, this, &ConnectionTestPanel::showSuccess);
    connect(m_probe, &ConnectionProbe::failed, this, &ConnectionTestPanel::showFailure);

    setRunning(false);
    clearResult();
}

ConnectionTestPanel::~ConnectionTestPanel()
{
    // ~QWidget deletes the probe, which cancels its test: nothing must reach this panel then.
    disconnect(m_probe, nullptr, this, nullptr);
}

void ConnectionTestPanel::setTestAvailable(bool available)
{
    m_testButton->setEnabled(available);
    m_testButton->setToolTip(available
                                 ? tr("Connects to the camera once and shows its first picture.")
                                 : tr("Enter a valid address, port and access code first."));
}

bool ConnectionTestPanel::isTestAvailable() const
{
    return m_testButton->isEnabled();
}

bool ConnectionTestPanel::isRunning() const
{
    return m_probe->isRunning();
}

void ConnectionTestPanel::setTimeouts(const CameraSource::Timeouts &timeouts)
{
    m_probe->setTimeouts(timeouts);
}

QWidget *ConnectionTestPanel::firstInTabOrder() const
{
    return m_testButton;
}

QWidget *ConnectionTestPanel::lastInTabOrder() const
{
    return m_cancelTestButton;
}

void ConnectionTestPanel::start(const CameraEndpoint &endpoint, PrinterConfig::CameraKind kind)
{
    if (!isTestAvailable())
        return;
    clearResult();
    setRunning(true);
    m_testProgress->showHint(tr("Connecting…"));
    m_requestedKind = kind;
    m_probe->start(endpoint, kind);
}

void ConnectionTestPanel::cancel()
{
    if (!isRunning())
        return;
    m_probe->cancel();
    setRunning(false);
    m_testProgress->showHint(tr("Test cancelled."));
}

void ConnectionTestPanel::stop()
{
    m_probe->cancel();
    setRunning(false);
}

void ConnectionTestPanel::setRunning(bool running)
{
    m_busy->setVisible(running);
    m_cancelTestButton->setVisible(running);
    m_testButton->setVisible(!running);
    if (running) {
        m_testProgress->clearMessage();
        // The focus would otherwise vanish with the hidden button.
        if (m_testButton->hasFocus() || !window()->focusWidget())
            m_cancelTestButton->setFocus(Qt::OtherFocusReason);
    } else {
        m_testProgress->showHint(
            tr("Fetches one picture to check the address and the access code."));
        if (m_cancelTestButton->hasFocus())
            m_testButton->setFocus(Qt::OtherFocusReason);
    }
}

void ConnectionTestPanel::showSuccess(const QImage &preview, const QByteArray &jpeg,
                                      const QSize &frameSize, PrinterConfig::CameraKind kind)
{
    setRunning(false);
    m_preview->setPixmap(QPixmap::fromImage(preview));
    m_preview->setVisible(true);
    m_resultTitle->setText(tr("The camera works"));
    QPalette palette = m_resultTitle->palette();
    palette.setColor(QPalette::WindowText,
                     FormMessage::colorFor(FormMessage::Kind::Success, this->palette()));
    m_resultTitle->setPalette(palette);
    QString message = tr("First picture received: %1 × %2 pixels, %3.")
                          .arg(frameSize.width())
                          .arg(frameSize.height())
                          .arg(formatBytes(jpeg.size()));
    if (m_requestedKind == PrinterConfig::CameraKind::Automatic) {
        message += u' '
            + tr("The printer serves its camera as: %1.").arg(PrinterConfig::cameraKindName(kind));
        emit cameraKindFound(kind);
    }
    m_resultText->showHint(message);
    m_resultBox->setVisible(true);
    emit finished(true, message);
}

void ConnectionTestPanel::showFailure(CameraSource::Failure failure, const QString &reason)
{
    setRunning(false);
    m_preview->clear();
    m_preview->setVisible(false);
    m_resultTitle->setText(TileStatus::failureTitle(failure));
    QPalette palette = m_resultTitle->palette();
    palette.setColor(QPalette::WindowText,
                     FormMessage::colorFor(FormMessage::Kind::Error, this->palette()));
    m_resultTitle->setPalette(palette);
    m_resultText->showHint(reason);
    m_resultBox->setVisible(true);
    emit finished(false, reason);
}

void ConnectionTestPanel::clearResult()
{
    m_preview->clear();
    m_resultTitle->clear();
    m_resultText->clearMessage();
    m_resultBox->setVisible(false);
    if (!isRunning())
        setRunning(false); // back to the explanation next to the button
}
