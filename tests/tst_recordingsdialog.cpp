// View › Recordings over a folder laid out as RecordingLibrary writes it: rows per printer, newest
// first, with length and thumbnail; Open and Show in folder hand the desktop the right URL;
// Delete asks, then removes the video and its thumbnail.
#include "recordingsdialog.h"

#include "record/recordinglibrary.h"
#include "testframes.h"

#include <QDesktopServices>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QHeaderView>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>
#include <QTreeWidgetItemIterator>
#include <QUrl>

class TestRecordingsDialog : public QObject
{
    Q_OBJECT

public slots:
    void ignoreUrl(const QUrl &) { }

private slots:
    void listsOpensAndDeletes();
    void readableNamesAndTitles_data();
    void readableNamesAndTitles();
};

namespace {

void writeVideo(const RecordingLibrary &library, const QString &printer,
                RecordingLibrary::Kind kind, const QDateTime &started, const QString &label,
                const QString &suffix)
{
    QVERIFY(QDir().mkpath(library.printerPath(printer)));
    QFile file(library.newVideoPath(printer, kind, started, label, suffix));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("named like a video");
}

} // namespace

void TestRecordingsDialog::listsOpensAndDeletes()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    RecordingLibrary library(dir.path());
    const QString printer = QStringLiteral("Bay-1");
    QVERIFY(QDir().mkpath(library.printerPath(printer)));
    const QDateTime started(QDate(2026, 12, 5), QTime(11, 36, 9));
    const QString video = library.newVideoPath(printer, RecordingLibrary::Kind::Timelapse, started,
                                               QStringLiteral("benchy"), QStringLiteral(".mp4"));
    const QString thumbnail = RecordingLibrary::thumbnailPathFor(video);
    QVERIFY(TestFrames::patternImage(QSize(320, 180)).save(thumbnail));
    {
        QFile file(video);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not really a video, but named like one");
    }

    RecordingsDialog dialog(library);
    QTreeWidget *list = dialog.list();
    QCOMPARE(list->topLevelItemCount(), 1);
    QTreeWidgetItem *printerRow = list->topLevelItem(0);
    QCOMPARE(printerRow->text(0), printer);
    QCOMPARE(printerRow->childCount(), 1);
    QTreeWidgetItem *row = printerRow->child(0);
    QVERIFY(row->text(0).startsWith(QStringLiteral("Timelapse")));
    QVERIFY(!row->icon(0).isNull()); // the thumbnail
    auto *open = dialog.findChild<QPushButton *>(QStringLiteral("openRecordingButton"));
    auto *remove = dialog.findChild<QPushButton *>(QStringLiteral("deleteRecordingButton"));
    QVERIFY(open && remove);
    QVERIFY(!open->isEnabled());

    list->setCurrentItem(row);
    QCOMPARE(dialog.selectedPath(), video);
    QVERIFY(open->isEnabled());
    QSignalSpy opened(&dialog, &RecordingsDialog::urlOpened);
    // Hand nothing to a real desktop: only the URL is checked.
    QDesktopServices::setUrlHandler(QStringLiteral("file"), this, "ignoreUrl");
    dialog.showSelectedInFolder();
    QCOMPARE(opened.count(), 1);
    QCOMPARE(opened.at(0).at(0).toUrl(), QUrl::fromLocalFile(library.printerPath(printer)));
    QDesktopServices::unsetUrlHandler(QStringLiteral("file"));

    // Delete asks first; Cancel keeps the file, Yes removes it and its thumbnail.
    dialog.deleteSelected();
    auto *question = dialog.findChild<QMessageBox *>(QStringLiteral("deleteRecordingQuestion"));
    QVERIFY(question);
    question->button(QMessageBox::Cancel)->click();
    QVERIFY(QFileInfo::exists(video));
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete); // the closed question
    list->setCurrentItem(dialog.list()->topLevelItem(0)->child(0));
    dialog.deleteSelected();
    QVERIFY(dialog.findChild<QMessageBox *>(QStringLiteral("deleteRecordingQuestion")));
    dialog.findChild<QMessageBox *>(QStringLiteral("deleteRecordingQuestion"))
        ->button(QMessageBox::Yes)
        ->click();
    QVERIFY(!QFileInfo::exists(video));
    QVERIFY(!QFileInfo::exists(thumbnail));
    QCOMPARE(list->topLevelItemCount(), 1); // "nothing yet"
    QVERIFY(list->topLevelItem(0)->text(0).startsWith(QStringLiteral("No timelapses")));
}

// Printers by the names the user gave them (a folder of no printer of the farm by its folder
// name); rows say what and of what ("Timelapse · benchy"), the file name in the tooltip; and at
// 640x400 as at 1280x800 neither the title nor the date, length or size is cut.
void TestRecordingsDialog::readableNamesAndTitles_data()
{
    QTest::addColumn<QSize>("screen");
    QTest::newRow("1280x800") << QSize(1280, 800);
    QTest::newRow("640x400") << QSize(640, 400);
}

void TestRecordingsDialog::readableNamesAndTitles()
{
    QFETCH(QSize, screen);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    RecordingLibrary library(dir.path());
    const QDateTime started(QDate(2026, 12, 5), QTime(11, 36, 9));
    const QString garage = RecordingLibrary::folderNameFor(QStringLiteral("P1P Garage"), {});
    QCOMPARE(garage, QStringLiteral("P1P-Garage"));
    writeVideo(library, garage, RecordingLibrary::Kind::Timelapse, started,
               RecordingLibrary::labelForJob(QStringLiteral("cable_clips_x12.gcode.3mf")),
               QStringLiteral(".mp4"));
    writeVideo(library, garage, RecordingLibrary::Kind::FailureClip, started.addSecs(60), {},
               QStringLiteral(".mp4"));
    writeVideo(library, QStringLiteral("Old-Printer"), RecordingLibrary::Kind::Recording,
               started.addSecs(120), {}, QStringLiteral(".mkv"));

    RecordingsDialog dialog(library);
    dialog.setPrinterNames({{garage, QStringLiteral("P1P Garage")}});
    dialog.resize(QSize(760, 520).boundedTo(screen * 0.92)); // as it sizes itself on that screen
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTreeWidget *list = dialog.list();
    QCOMPARE(list->topLevelItemCount(), 2);
    QHash<QString, QTreeWidgetItem *> printers;
    for (int i = 0; i < list->topLevelItemCount(); ++i)
        printers.insert(list->topLevelItem(i)->text(0), list->topLevelItem(i));
    QVERIFY(printers.contains(QStringLiteral("P1P Garage"))); // the name, not "P1P-Garage"
    QVERIFY(printers.contains(QStringLiteral("Old-Printer"))); // no such printer: its folder
    QTreeWidgetItem *garageRow = printers.value(QStringLiteral("P1P Garage"));
    QCOMPARE(garageRow->childCount(), 2);
    // Newest first.
    const QString date = QLocale().toString(started, QLocale::ShortFormat);
    QCOMPARE(garageRow->child(0)->text(0).section(u'\n', 0, 0), QStringLiteral("Failure clip"));
    QCOMPARE(garageRow->child(1)->text(0), QStringLiteral("Timelapse · cable-clips-x12\n") + date);
    QVERIFY(garageRow->child(1)->toolTip(0).startsWith(
        QStringLiteral("timelapse_2026-12-05_11-36-09_cable-clips-x12.mp4")));
    QVERIFY(printers.value(QStringLiteral("Old-Printer"))
                ->child(0)
                ->text(0)
                .startsWith(QStringLiteral("Recording\n")));

    // Nothing cut: every column is as wide as its widest text needs.
    const QFontMetrics metrics(list->font());
    for (QTreeWidgetItemIterator it(list); *it; ++it) {
        const QTreeWidgetItem *item = *it;
        if (!item->parent())
            continue;
        for (int column = 0; column < list->columnCount(); ++column) {
            // Every line of it; the first column with its indentation and thumbnail.
            int needed = metrics.boundingRect(QRect(), 0, item->text(column)).width();
            if (column == 0)
                needed += list->indentation() + list->iconSize().width() + 16;
            QVERIFY2(list->header()->sectionSize(column) >= needed,
                     qPrintable(QStringLiteral("%1: %2 < %3")
                                    .arg(item->text(column))
                                    .arg(list->header()->sectionSize(column))
                                    .arg(needed)));
        }
    }
    const int lastRight = list->header()->sectionPosition(list->columnCount() - 1)
        + list->header()->sectionSize(list->columnCount() - 1);
    QVERIFY(lastRight <= list->viewport()->width()); // no column pushed out of view
    for (QPushButton *button :
         dialog.findChildren<QPushButton *>(QString(), Qt::FindDirectChildrenOnly))
        QVERIFY2(dialog.rect().contains(button->geometry()), qPrintable(button->text()));
}

QTEST_MAIN(TestRecordingsDialog)
#include "tst_recordingsdialog.moc"
