#include "recordingspage.h"

#include "preferencesform.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

using PreferencesForm::hint;
using PreferencesForm::normalizedPath;
using PreferencesForm::sectionTitle;

namespace {

const QString kLayer = QStringLiteral("layer");
const QString kInterval = QStringLiteral("interval");

} // namespace

RecordingsPage::RecordingsPage(AppSettings *settings, QWidget *parent)
    : QWidget(parent)
    , m_settings(settings)
    , m_folderEdit(new QLineEdit(this))
    , m_browseButton(new QPushButton(tr("Choose fol&der…"), this))
    , m_budgetSpin(new QSpinBox(this))
    , m_minimumFreeSpin(new QSpinBox(this))
    , m_timelapseCheck(new QCheckBox(tr("Make a ti&melapse of every print"), this))
    , m_triggerCombo(new QComboBox(this))
    , m_intervalSpin(new QSpinBox(this))
    , m_clipsCheck(new QCheckBox(tr("Save a clip when a print fails or pauses for an error"), this))
    , m_minutesBeforeSpin(new QSpinBox(this))
{
    m_folderEdit->setObjectName(QStringLiteral("recordingsFolderEdit"));
    m_folderEdit->setToolTip(tr("Each printer gets a folder of its own in it"));
    connect(m_browseButton, &QPushButton::clicked, this, &RecordingsPage::browseFolder);

    m_budgetSpin->setObjectName(QStringLiteral("recordingsBudgetSpin"));
    m_budgetSpin->setRange(0, 100000);
    m_budgetSpin->setSuffix(tr(" GB"));
    m_budgetSpin->setSpecialValueText(tr("No limit"));
    m_minimumFreeSpin->setObjectName(QStringLiteral("recordingsMinimumFreeSpin"));
    m_minimumFreeSpin->setRange(0, 1000);
    m_minimumFreeSpin->setSuffix(tr(" GB"));

    m_timelapseCheck->setObjectName(QStringLiteral("timelapseCheck"));
    m_triggerCombo->setObjectName(QStringLiteral("timelapseTriggerCombo"));
    m_triggerCombo->addItem(tr("A frame per layer"), kLayer);
    m_triggerCombo->addItem(tr("A frame every…"), kInterval);
    m_intervalSpin->setObjectName(QStringLiteral("timelapseIntervalSpin"));
    m_intervalSpin->setRange(1, 3600);
    m_intervalSpin->setSuffix(tr(" s"));
    m_clipsCheck->setObjectName(QStringLiteral("failureClipsCheck"));
    m_minutesBeforeSpin->setObjectName(QStringLiteral("failureClipsMinutesSpin"));
    m_minutesBeforeSpin->setRange(1, 30);
    m_minutesBeforeSpin->setSuffix(tr(" min before the failure"));
    for (QCheckBox *check : {m_timelapseCheck, m_clipsCheck})
        connect(check, &QCheckBox::toggled, this, &RecordingsPage::updateEnabled);
    connect(m_triggerCombo, &QComboBox::currentIndexChanged, this, &RecordingsPage::updateEnabled);

    auto *grid = new QGridLayout(this);
    grid->setColumnMinimumWidth(0, 12);
    grid->setColumnStretch(2, 1);
    int row = 0;
    const auto addSection = [&](const QString &title) {
        if (row > 0)
            grid->setRowMinimumHeight(row++, 10);
        grid->addWidget(sectionTitle(title, this), row++, 0, 1, 3);
    };

    addSection(tr("Folder"));
    auto *folderLine = new QHBoxLayout;
    folderLine->addWidget(m_folderEdit, 1);
    folderLine->addWidget(m_browseButton);
    grid->addLayout(folderLine, row++, 1, 1, 2);
    grid->addWidget(new QLabel(tr("At most:"), this), row, 1);
    grid->addWidget(m_budgetSpin, row++, 2, Qt::AlignLeft);
    grid->addWidget(hint(tr("Over it, the oldest timelapses and failure clips are deleted. "
                            "Recordings, and files you renamed or moved into a subfolder, are "
                            "never deleted."),
                         this),
                    row++, 1, 1, 2);
    grid->addWidget(new QLabel(tr("Keep free:"), this), row, 1);
    grid->addWidget(m_minimumFreeSpin, row++, 2, Qt::AlignLeft);
    grid->addWidget(hint(tr("Below it, nothing is recorded and the printer's tile says so."), this),
                    row++, 1, 1, 2);

    addSection(tr("Timelapses"));
    grid->addWidget(m_timelapseCheck, row++, 1, 1, 2);
    auto *triggerLine = new QHBoxLayout;
    triggerLine->addWidget(m_triggerCombo);
    triggerLine->addWidget(m_intervalSpin);
    triggerLine->addStretch(1);
    grid->addLayout(triggerLine, row++, 1, 1, 2);
    grid->addWidget(hint(tr("A printer can be set to always or never in its settings file "
                            "(timelapse=on or off)."),
                         this),
                    row++, 1, 1, 2);

    addSection(tr("Failure clips"));
    grid->addWidget(m_clipsCheck, row++, 1, 1, 2);
    grid->addWidget(m_minutesBeforeSpin, row++, 1, 1, 2, Qt::AlignLeft);
    grid->addWidget(hint(tr("Needs the print status. The last minutes are kept on disk all the "
                            "time, so that they can become a clip."),
                         this),
                    row++, 1, 1, 2);
    grid->setRowStretch(row, 1);

    setTabOrder(m_folderEdit, m_browseButton);
    setTabOrder(m_browseButton, m_budgetSpin);
    setTabOrder(m_budgetSpin, m_minimumFreeSpin);
    setTabOrder(m_minimumFreeSpin, m_timelapseCheck);
    setTabOrder(m_timelapseCheck, m_triggerCombo);
    setTabOrder(m_triggerCombo, m_intervalSpin);
    setTabOrder(m_intervalSpin, m_clipsCheck);
    setTabOrder(m_clipsCheck, m_minutesBeforeSpin);
    load();
}

RecordingsPage::~RecordingsPage() = default;

QList<AppSettings::Key> RecordingsPage::keys()
{
    using Key = AppSettings::Key;
    return {Key::RecordingsFolder,    Key::RecordingsBudgetGB,       Key::RecordingsMinimumFreeGB,
            Key::TimelapseEnabled,    Key::TimelapseTrigger,         Key::TimelapseIntervalSeconds,
            Key::FailureClipsEnabled, Key::FailureClipsMinutesBefore};
}

void RecordingsPage::load()
{
    using Key = AppSettings::Key;
    m_folderEdit->setText(
        QDir::toNativeSeparators(m_settings->value(Key::RecordingsFolder).toString()));
    m_budgetSpin->setValue(m_settings->value(Key::RecordingsBudgetGB).toInt());
    m_minimumFreeSpin->setValue(m_settings->value(Key::RecordingsMinimumFreeGB).toInt());
    m_timelapseCheck->setChecked(m_settings->value(Key::TimelapseEnabled).toBool());
    const bool interval = m_settings->value(Key::TimelapseTrigger)
                              .toString()
                              .trimmed()
                              .compare(kInterval, Qt::CaseInsensitive)
        == 0;
    m_triggerCombo->setCurrentIndex(m_triggerCombo->findData(interval ? kInterval : kLayer));
    m_intervalSpin->setValue(m_settings->value(Key::TimelapseIntervalSeconds).toInt());
    m_clipsCheck->setChecked(m_settings->value(Key::FailureClipsEnabled).toBool());
    m_minutesBeforeSpin->setValue(m_settings->value(Key::FailureClipsMinutesBefore).toInt());
    updateEnabled();
}

void RecordingsPage::restoreDefaults()
{
    using Key = AppSettings::Key;
    m_folderEdit->setText(
        QDir::toNativeSeparators(AppSettings::defaultValue(Key::RecordingsFolder).toString()));
    m_budgetSpin->setValue(AppSettings::defaultValue(Key::RecordingsBudgetGB).toInt());
    m_minimumFreeSpin->setValue(AppSettings::defaultValue(Key::RecordingsMinimumFreeGB).toInt());
    m_timelapseCheck->setChecked(AppSettings::defaultValue(Key::TimelapseEnabled).toBool());
    m_triggerCombo->setCurrentIndex(
        m_triggerCombo->findData(AppSettings::defaultValue(Key::TimelapseTrigger)));
    m_intervalSpin->setValue(AppSettings::defaultValue(Key::TimelapseIntervalSeconds).toInt());
    m_clipsCheck->setChecked(AppSettings::defaultValue(Key::FailureClipsEnabled).toBool());
    m_minutesBeforeSpin->setValue(
        AppSettings::defaultValue(Key::FailureClipsMinutesBefore).toInt());
}

void RecordingsPage::save(const Writer &write) const
{
    using Key = AppSettings::Key;
    const QString folder = normalizedPath(m_folderEdit->text());
    // Emptied: back to the default folder rather than none.
    write(Key::RecordingsFolder,
          folder.isEmpty() ? AppSettings::defaultValue(Key::RecordingsFolder) : QVariant(folder));
    write(Key::RecordingsBudgetGB, m_budgetSpin->value());
    write(Key::RecordingsMinimumFreeGB, m_minimumFreeSpin->value());
    write(Key::TimelapseEnabled, m_timelapseCheck->isChecked());
    write(Key::TimelapseTrigger, m_triggerCombo->currentData());
    write(Key::TimelapseIntervalSeconds, m_intervalSpin->value());
    write(Key::FailureClipsEnabled, m_clipsCheck->isChecked());
    write(Key::FailureClipsMinutesBefore, m_minutesBeforeSpin->value());
}

QWidget *RecordingsPage::firstField() const
{
    return m_folderEdit;
}

QWidget *RecordingsPage::lastField() const
{
    return m_minutesBeforeSpin;
}

void RecordingsPage::browseFolder()
{
    const QString start = normalizedPath(m_folderEdit->text());
    const QString chosen
        = QFileDialog::getExistingDirectory(this, tr("Folder for timelapses and recordings"),
                                            start.isEmpty() ? QDir::homePath() : start);
    if (!chosen.isEmpty())
        m_folderEdit->setText(QDir::toNativeSeparators(chosen));
}

void RecordingsPage::updateEnabled()
{
    m_triggerCombo->setEnabled(m_timelapseCheck->isChecked());
    m_intervalSpin->setEnabled(m_timelapseCheck->isChecked()
                               && m_triggerCombo->currentData().toString() == kInterval);
    m_minutesBeforeSpin->setEnabled(m_clipsCheck->isChecked());
}
