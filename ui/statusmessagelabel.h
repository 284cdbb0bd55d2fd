// The status bar's message: rich text (a link to the snapshot folder) while it fits, elided plain
// text with the whole message as its tooltip when the window is too narrow for it.
#pragma once

#include <QLabel>

class StatusMessageLabel final : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatusMessageLabel)

public:
    explicit StatusMessageLabel(QWidget *parent = nullptr);

    void setMessage(const QString &richText);
    void clearMessage();
    // The whole message, whether or not it is shown elided.
    QString message() const { return m_richText; }
    QString plainMessage() const { return m_plainText; }
    bool isElided() const { return m_elided; }

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void refit();

    QString m_richText;
    QString m_plainText;
    bool m_elided = false;
};
