// What an empty window shows: an invitation to add the first printer or to try the demo.
#pragma once

#include <QWidget>

class QPushButton;

class EmptyStateWidget final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EmptyStateWidget)

public:
    explicit EmptyStateWidget(QWidget *parent = nullptr);

    // The demo button is pointless inside the demo itself.
    void setDemoOffered(bool offered);

    QPushButton *addButton() const { return m_addButton; }
    QPushButton *demoButton() const { return m_demoButton; }

signals:
    void addPrinterRequested();
    void demoRequested();

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QPushButton *m_addButton;
    QPushButton *m_demoButton;
};
