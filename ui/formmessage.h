// The small line under a form field: an error in red, a hint in the secondary text colour, or a
// success in green. Hidden while empty, so a valid form has no gaps.
#pragma once

#include <QLabel>

class FormMessage final : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FormMessage)

public:
    enum class Kind { Hint, Error, Success };

    explicit FormMessage(QWidget *parent = nullptr);

    void showMessage(Kind kind, const QString &text);
    void showError(const QString &text) { showMessage(Kind::Error, text); }
    void showHint(const QString &text) { showMessage(Kind::Hint, text); }
    void clearMessage();

    Kind kind() const { return m_kind; }

    // Readable on the dark theme and on a light desktop palette alike.
    static QColor colorFor(Kind kind, const QPalette &palette);

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyColor();

    Kind m_kind = Kind::Hint;
};
