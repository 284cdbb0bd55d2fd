#include "share/jpegfeedsource.h"

#include "frames/framehub.h"
#include "frames/framesubscription.h"
#include "share/jpegencoder.h"
#include "share/jpegfeed.h"

#include <QDateTime>
#include <QTimer>

namespace {

bool carriesJpeg(const CameraFrame &frame)
{
    return frame.codec() == CameraFrame::Codec::Jpeg && !frame.encoded().isEmpty();
}

qint64 wallClockMs(const CameraFrame &frame)
{
    return frame.receivedAt().isValid() ? frame.receivedAt().toMSecsSinceEpoch()
                                        : QDateTime::currentMSecsSinceEpoch();
}

} // namespace

JpegFeedSource::JpegFeedSource(FrameHub *hub, std::shared_ptr<JpegFeed> feed, int jpegQuality,
                               const QSize &maxEncodedSize, std::chrono::milliseconds linger,
                               QObject *parent)
    : QObject(parent)
    , m_hub(hub)
    , m_feed(std::move(feed))
    , m_encoder(new JpegEncoder(this))
    , m_linger(new QTimer(this))
{
    m_encoder->setQuality(jpegQuality);
    m_encoder->setMaxSize(maxEncodedSize);
    connect(m_encoder, &JpegEncoder::jpegReady, this,
            [this](const QByteArray &jpeg, qint64 receivedNs, qint64 receivedAtMs) {
                m_feed->publish(jpeg, receivedNs, receivedAtMs);
            });
    m_linger->setSingleShot(true);
    m_linger->setInterval(linger);
    connect(m_linger, &QTimer::timeout, this, &JpegFeedSource::onLingerOver);
    connect(hub, &FrameHub::frameArrived, this, &JpegFeedSource::onFrame);
    // Demand changes on the server's thread; the subscription is this thread's business. The
    // listener runs under the feed's lock and only posts; it is removed before this object goes.
    m_feed->setDemandListener([this] {
        QMetaObject::invokeMethod(this, &JpegFeedSource::onDemandChanged, Qt::QueuedConnection);
    });
    // The newest frame now, so that a snapshot right after start has something.
    const CameraFrame latest = hub->latest();
    if (!latest.isNull())
        onFrame(latest);
}

JpegFeedSource::~JpegFeedSource()
{
    m_feed->setDemandListener({});
}

quint64 JpegFeedSource::encodedCount() const
{
    return m_encoder->encodedCount();
}

void JpegFeedSource::onFrame(const CameraFrame &frame)
{
    m_feed->noteCameraFrame(frame.receivedNs());
    const bool jpeg = carriesJpeg(frame);
    if (jpeg)
        m_feed->publish(frame.encoded(), frame.receivedNs(), wallClockMs(frame));
    if (jpeg != m_cameraSendsJpeg) {
        m_cameraSendsJpeg = jpeg;
        updateSubscription();
    }
}

void JpegFeedSource::onDemandChanged()
{
    updateSubscription();
    emit demandChanged();
}

bool JpegFeedSource::wantsPictures() const
{
    const JpegFeed::Demand demand = m_feed->demand();
    return !m_cameraSendsJpeg && m_hub && !m_feed->isClosed()
        && (demand.viewers > 0 || demand.snapshotWaiting);
}

void JpegFeedSource::updateSubscription()
{
    if (wantsPictures()) {
        m_linger->stop();
        if (!m_subscription) {
            m_subscription = m_hub->subscribe(this); // full size: the encoder fits it
            connect(m_subscription, &FrameSubscription::pictureReady, this,
                    &JpegFeedSource::onPicture);
        }
        const JpegFeed::Demand demand = m_feed->demand();
        m_subscription->setMaxRate(demand.viewers > 0 ? demand.maxFps : kSnapshotRate);
        return;
    }
    if (!m_subscription)
        return;
    if (m_cameraSendsJpeg || m_feed->isClosed() || !m_hub) {
        dropSubscription();
        return;
    }
    if (!m_linger->isActive()) {
        m_subscription->setMaxRate(kSnapshotRate);
        m_linger->start();
    }
}

void JpegFeedSource::onLingerOver()
{
    if (!wantsPictures())
        dropSubscription();
}

void JpegFeedSource::dropSubscription()
{
    m_linger->stop();
    delete m_subscription;
    m_subscription = nullptr;
}

void JpegFeedSource::onPicture(const QImage &picture, qint64 frameReceivedNs)
{
    // The picture's wall-clock time, from how long ago it arrived.
    const qint64 ageMs = (CameraFrame::steadyNowNs() - frameReceivedNs) / 1000000;
    m_encoder->submit(picture, frameReceivedNs, QDateTime::currentMSecsSinceEpoch() - ageMs);
}
