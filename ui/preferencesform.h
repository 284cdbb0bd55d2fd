// The small pieces every Preferences page is built from, so that the pages look alike.
#pragma once

#include <QString>

class QLabel;
class QWidget;

namespace PreferencesForm {

// A bold section title ("Folder", "Timelapses", "Address").
QLabel *sectionTitle(const QString &text, QWidget *parent);
// A wrapped line of explanation under a field, in the placeholder text colour.
QLabel *hint(const QString &text, QWidget *parent);
// A typed path as a file dialog would give it ("~/Pictures/FarmCam" as people type it): trimmed,
// "~" expanded, native separators and ".." cleaned; empty stays empty.
QString normalizedPath(const QString &text);

} // namespace PreferencesForm
