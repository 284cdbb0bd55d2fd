// Preferences › Recordings: where timelapses, failure clips and recordings go, how much room they
// may take, and when they are made. Written only on OK (save()), like the rest of the preferences;
// FarmRecorder follows the settings at once.
#pragma once

#include "model/appsettings.h"

#include <QWidget>

#include <functional>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QPushButton;
class QSpinBox;

class RecordingsPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RecordingsPage)

public:
    // `settings` must outlive the page.
    explicit RecordingsPage(AppSettings *settings, QWidget *parent = nullptr);
    ~RecordingsPage() override;

    // The keys save() writes.
    static QList<AppSettings::Key> keys();
    using Writer = std::function<void(AppSettings::Key, const QVariant &)>;
    void save(const Writer &write) const;
    void restoreDefaults();

    // For the dialog's tab order: the first and the last field.
    QWidget *firstField() const;
    QWidget *lastField() const;

    // The fields, for tests.
    QLineEdit *folderEdit() const { return m_folderEdit; }
    QSpinBox *budgetSpin() const { return m_budgetSpin; }
    QSpinBox *minimumFreeSpin() const { return m_minimumFreeSpin; }
    QCheckBox *timelapseCheck() const { return m_timelapseCheck; }
    QComboBox *triggerCombo() const { return m_triggerCombo; }
    QSpinBox *intervalSpin() const { return m_intervalSpin; }
    QCheckBox *clipsCheck() const { return m_clipsCheck; }
    QSpinBox *minutesBeforeSpin() const { return m_minutesBeforeSpin; }

public slots:
    void browseFolder();

private:
    void load();
    void updateEnabled();

    AppSettings *m_settings;
    QLineEdit *m_folderEdit;
    QPushButton *m_browseButton;
    QSpinBox *m_budgetSpin;
    QSpinBox *m_minimumFreeSpin;
    QCheckBox *m_timelapseCheck;
    QComboBox *m_triggerCombo;
    QSpinBox *m_intervalSpin;
    QCheckBox *m_clipsCheck;
    QSpinBox *m_minutesBeforeSpin;
};
