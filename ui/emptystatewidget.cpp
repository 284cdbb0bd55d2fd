#include "emptystatewidget.h"

#include "icons.h"
#include "theme.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QVBoxLayout>

EmptyStateWidget::EmptyStateWidget(QWidget *parent)
    : QWidget(parent)
    , m_addButton(new QPushButton(tr("Add printer…"), this))
    , m_demoButton(new QPushButton(tr("Try the demo"), this))
{
    setObjectName(QStringLiteral("emptyState"));

    auto *icon = new QLabel(this);
    icon->setPixmap(Icons::application().pixmap(96, 96));
    icon->setAlignment(Qt::AlignCenter);

    auto *title = new QLabel(tr("Watch all your printers at once"), this);
    title->setObjectName(QStringLiteral("emptyTitle"));
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.9);
    titleFont.setWeight(QFont::DemiBold);
    title->setFont(titleFont);
    title->setAlignment(Qt::AlignCenter);

    auto *text = new QLabel(
        tr("Add a Bambu Lab printer (P1, A1, X1, H2 and others) with its IP address and the "
           "access code shown on the printer's screen (Settings → Network). FarmCam shows every "
           "camera live in one window."),
        this);
    text->setObjectName(QStringLiteral("emptyText"));
    text->setWordWrap(true);
    text->setAlignment(Qt::AlignCenter);
    text->setFixedWidth(560);
    QPalette muted = text->palette();
    muted.setColor(QPalette::WindowText, Theme::textSecondary());
    text->setPalette(muted);

    const QString buttonStyle = QStringLiteral(
        "QPushButton { padding: 9px 22px; border-radius: 7px; font-weight: 600; %1 }"
        "QPushButton:hover { %2 }"
        "QPushButton:focus { outline: none; border: 2px solid #9cc1ff; }");
    m_addButton->setObjectName(QStringLiteral("addPrinterButton"));
    m_addButton->setIcon(Icons::add(Qt::white));
    m_addButton->setDefault(true);
    m_addButton->setStyleSheet(
        buttonStyle.arg(QStringLiteral("background: #4c8dff; color: white; border: none;"),
                        QStringLiteral("background: #6a9fff;")));
    m_demoButton->setObjectName(QStringLiteral("tryDemoButton"));
    m_demoButton->setToolTip(tr("Opens a second window with four simulated printers; your own "
                                "settings are not touched"));
    m_demoButton->setStyleSheet(buttonStyle.arg(
        QStringLiteral("background: transparent; color: #e6e8eb; border: 1px solid #4a4d55;"),
        QStringLiteral("background: rgba(255, 255, 255, 20);")));
    connect(m_addButton, &QPushButton::clicked, this, &EmptyStateWidget::addPrinterRequested);
    connect(m_demoButton, &QPushButton::clicked, this, &EmptyStateWidget::demoRequested);

    auto *buttons = new QHBoxLayout;
    buttons->setSpacing(12);
    buttons->addStretch();
    buttons->addWidget(m_addButton);
    buttons->addWidget(m_demoButton);
    buttons->addStretch();

    auto *column = new QVBoxLayout(this);
    column->addStretch(3);
    column->addWidget(icon);
    column->addSpacing(18);
    column->addWidget(title);
    column->addSpacing(8);
    // Centred by stretches, not by an alignment flag: an aligned item loses its height-for-width
    // and the wrapped text would be cut off.
    auto *textRow = new QHBoxLayout;
    textRow->addStretch();
    textRow->addWidget(text);
    textRow->addStretch();
    column->addLayout(textRow);
    column->addSpacing(26);
    column->addLayout(buttons);
    column->addStretch(4);
}

void EmptyStateWidget::setDemoOffered(bool offered)
{
    m_demoButton->setVisible(offered);
}

void EmptyStateWidget::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), Theme::windowBackground());
}
