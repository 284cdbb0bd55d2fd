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
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>
#include <QUrl>

class TestRecordingsDialog : public QObject
{
    Q_OBJECT

public slots:
    void ignoreUrl(const QUrl &) { }

private slots:
    void listsOpensAndDeletes();
};

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

QTEST_MAIN(TestRecordingsDialog)
#include "tst_recordingsdialog.moc"
