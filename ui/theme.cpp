#include "theme.h"

#include <QApplication>
#include <QPalette>
#include <QStyleFactory>

namespace Theme {

QColor windowBackground()
{
    return QColor(0x14, 0x15, 0x18);
}

QColor tileBackground()
{
    return QColor(0x1f, 0x21, 0x25);
}

QColor accent()
{
    return QColor(0x4c, 0x8d, 0xff);
}

QColor textPrimary()
{
    return QColor(0xf2, 0xf3, 0xf5);
}

QColor textSecondary()
{
    return QColor(0xa7, 0xab, 0xb3);
}

QColor live()
{
    return QColor(0x3c, 0xcf, 0x6e);
}

QColor busy()
{
    return QColor(0x5a, 0xa9, 0xff);
}

QColor warning()
{
    return QColor(0xff, 0xb0, 0x20);
}

QColor error()
{
    return QColor(0xff, 0x55, 0x4d);
}

QColor off()
{
    return QColor(0x80, 0x84, 0x8c);
}

void apply()
{
    // Fusion renders the same everywhere and takes a palette completely; native styles may not.
    if (QStyle *fusion = QStyleFactory::create(QStringLiteral("Fusion")))
        QApplication::setStyle(fusion);

    QPalette palette;
    const QColor base(0x1b, 0x1c, 0x20);
    const QColor window(0x25, 0x27, 0x2b);
    const QColor button(0x30, 0x32, 0x37);
    const QColor disabledText(0x6c, 0x70, 0x78);
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::WindowText, textPrimary());
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, window);
    palette.setColor(QPalette::ToolTipBase, QColor(0x32, 0x34, 0x3a));
    palette.setColor(QPalette::ToolTipText, textPrimary());
    palette.setColor(QPalette::PlaceholderText, disabledText);
    palette.setColor(QPalette::Text, textPrimary());
    palette.setColor(QPalette::Button, button);
    palette.setColor(QPalette::ButtonText, textPrimary());
    palette.setColor(QPalette::BrightText, error());
    palette.setColor(QPalette::Light, QColor(0x3c, 0x3f, 0x45));
    palette.setColor(QPalette::Midlight, QColor(0x33, 0x35, 0x3a));
    palette.setColor(QPalette::Mid, QColor(0x2a, 0x2c, 0x30));
    palette.setColor(QPalette::Dark, QColor(0x16, 0x17, 0x1a));
    palette.setColor(QPalette::Shadow, QColor(0x0a, 0x0a, 0x0c));
    palette.setColor(QPalette::Highlight, accent());
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::Link, QColor(0x7a, 0xb0, 0xff));
    palette.setColor(QPalette::LinkVisited, QColor(0xa9, 0x8b, 0xff));
    for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText}) {
        palette.setColor(QPalette::Disabled, role, disabledText);
    }
    palette.setColor(QPalette::Disabled, QPalette::Button, QColor(0x2a, 0x2c, 0x30));
    QApplication::setPalette(palette);
}

} // namespace Theme
