#include "statusmessagelabel.h"

#include <QEvent>
#include <QFontMetrics>
#include <QTextDocumentFragment>

StatusMessageLabel::StatusMessageLabel(QWidget *parent)
    : QLabel(parent)
{
    setTextFormat(Qt::RichText);
    // Takes what the permanent widgets leave: a long message must not push the farm's health
    // out of a narrow window.
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
}

void StatusMessageLabel::setMessage(const QString &richText)
{
    m_richText = richText;
    m_plainText = QTextDocumentFragment::fromHtml(richText).toPlainText();
    refit();
}

void StatusMessageLabel::clearMessage()
{
    setMessage(QString());
}

void StatusMessageLabel::resizeEvent(QResizeEvent *event)
{
    QLabel::resizeEvent(event);
    refit();
}

void StatusMessageLabel::changeEvent(QEvent *event)
{
    QLabel::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        refit();
}

void StatusMessageLabel::refit()
{
    const QMargins margins = contentsMargins();
    const int room = width() - margins.left() - margins.right() - 2 * margin();
    const QFontMetrics metrics(font());
    // Cut in the middle of a word it would be a riddle: elided, it says that there is more, and
    // the tooltip has it all. The link is lost meanwhile; File › Open snapshot folder is not.
    m_elided = metrics.horizontalAdvance(m_plainText) > room;
    setText(m_elided ? metrics.elidedText(m_plainText, Qt::ElideRight, room).toHtmlEscaped()
                     : m_richText);
    setToolTip(m_elided ? m_plainText : QString());
}
