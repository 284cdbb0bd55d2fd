#include "formmessage.h"

#include <QEvent>

namespace {

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightnessF() < 0.5;
}

} // namespace

FormMessage::FormMessage(QWidget *parent)
    : QLabel(parent)
{
    setWordWrap(true);
    setTextFormat(Qt::PlainText);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    // One step smaller than the field's text: it belongs to the field, it is not a field.
    QFont small = font();
    if (small.pointSizeF() > 0)
        small.setPointSizeF(small.pointSizeF() * 0.9);
    setFont(small);
    setVisible(false);
    applyColor();
}

void FormMessage::showMessage(Kind kind, const QString &text)
{
    m_kind = kind;
    applyColor();
    setText(text);
    setVisible(!text.isEmpty());
}

void FormMessage::clearMessage()
{
    showMessage(m_kind, QString());
}

QColor FormMessage::colorFor(Kind kind, const QPalette &palette)
{
    const bool dark = isDark(palette);
    switch (kind) {
    case Kind::Error:
        return dark ? QColor(0xff, 0x6b, 0x63) : QColor(0xc4, 0x2b, 0x1c);
    case Kind::Success:
        return dark ? QColor(0x4c, 0xd9, 0x7b) : QColor(0x1e, 0x7e, 0x34);
    case Kind::Hint:
        break;
    }
    // Secondary text: the text colour faded towards the background. Text and Window, not
    // WindowText, because this label overrides its own WindowText.
    const QColor text = palette.color(QPalette::Text);
    const QColor window = palette.color(QPalette::Window);
    constexpr float kWeight = 0.62f;
    return QColor::fromRgbF(text.redF() * kWeight + window.redF() * (1 - kWeight),
                            text.greenF() * kWeight + window.greenF() * (1 - kWeight),
                            text.blueF() * kWeight + window.blueF() * (1 - kWeight));
}

void FormMessage::changeEvent(QEvent *event)
{
    QLabel::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        applyColor();
}

void FormMessage::applyColor()
{
    QPalette palette = this->palette();
    const QColor color = colorFor(m_kind, palette);
    if (palette.color(QPalette::WindowText) == color)
        return; // setPalette would send a PaletteChange, and land here again
    palette.setColor(QPalette::WindowText, color);
    setPalette(palette);
}
