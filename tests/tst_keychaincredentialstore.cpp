// KeychainCredentialStore: choosing the keychain or the file, moving codes out of the file, writing
// through. All against an in-memory keychain, except realKeychain(): that one runs only on a
// private session bus with its own gnome-keyring (tests/run-with-private-keyring.sh, ctest
// keychain_real), and keyringAbsent() only where no keyring can be reached (ctest
// keychain_absent: no session bus; keychain_no_service: a bus without a keyring). The user's own
// keyring is never touched.
#include "model/keychaincredentialstore.h"

#include "fakekeychainbackend.h"
#include "model/filecredentialstore.h"

#ifdef FARMCAM_HAVE_KEYCHAIN
#include "model/qtkeychainbackend.h"
#include "testsupport.h"
#endif

#ifdef FARMCAM_KEYCHAIN_ON_DBUS
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDBusReply>
#include <QDBusVariant>
#endif

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace std::chrono_literals;

Q_DECLARE_METATYPE(KeychainBackend::Status)

namespace {

using Status = KeychainBackend::Status;
using State = KeychainCredentialStore::State;

using TestSupport::LogCapture;

QString key(const QUuid &id)
{
    return id.toString();
}

// A store over a fake keychain, with a credentials file in a temporary folder.
struct Fixture
{
    QTemporaryDir dir;
    QString filePath = dir.filePath(QStringLiteral("credentials"));
    FakeKeychainBackend *keychain = nullptr; // owned by the store
    std::unique_ptr<KeychainCredentialStore> store;

    // Writes `codes` into the credentials file the way an earlier FarmCam did.
    bool writeFile(const QHash<QUuid, QString> &codes)
    {
        FileCredentialStore file(filePath);
        for (auto it = codes.cbegin(); it != codes.cend(); ++it) {
            if (!file.setAccessCode(it.key(), it.value(), nullptr))
                return false;
        }
        return true;
    }

    QByteArray fileBytes() const
    {
        QFile file(filePath);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    void create()
    {
        auto backend = std::make_unique<FakeKeychainBackend>();
        keychain = backend.get();
        store = std::make_unique<KeychainCredentialStore>(std::move(backend), filePath);
    }
};

const QUuid kA = QUuid::fromString(QLatin1String("{0a0a0a0a-0000-4000-8000-00000000000a}"));
const QUuid kB = QUuid::fromString(QLatin1String("{0b0b0b0b-0000-4000-8000-00000000000b}"));
const QUuid kC = QUuid::fromString(QLatin1String("{0c0c0c0c-0000-4000-8000-00000000000c}"));

#ifdef FARMCAM_KEYCHAIN_ON_DBUS
// The label of the Secret Service item QtKeychain stored for this printer, as Seahorse shows it.
QString secretServiceLabel(const QUuid &printerId)
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    qDBusRegisterMetaType<QMap<QString, QString>>();
    QDBusMessage search = QDBusMessage::createMethodCall(
        QStringLiteral("org.freedesktop.secrets"), QStringLiteral("/org/freedesktop/secrets"),
        QStringLiteral("org.freedesktop.Secret.Service"), QStringLiteral("SearchItems"));
    search << QVariant::fromValue(
        QMap<QString, QString>{{QStringLiteral("user"), key(printerId)},
                               {QStringLiteral("server"), QStringLiteral("FarmCam")}});
    const QDBusReply<QList<QDBusObjectPath>> found = bus.call(search);
    if (!found.isValid() || found.value().size() != 1)
        return QStringLiteral("(%1 items)").arg(found.isValid() ? found.value().size() : -1);
    QDBusMessage get = QDBusMessage::createMethodCall(
        QStringLiteral("org.freedesktop.secrets"), found.value().constFirst().path(),
        QStringLiteral("org.freedesktop.DBus.Properties"), QStringLiteral("Get"));
    get << QStringLiteral("org.freedesktop.Secret.Item") << QStringLiteral("Label");
    const QDBusReply<QDBusVariant> label = bus.call(get);
    return label.isValid() ? label.value().variant().toString() : label.error().message();
}
#endif

} // namespace

class TestKeychainCredentialStore : public QObject
{
    Q_OBJECT

private slots:
    void readsCodesFromTheKeychain();
    void movesFileCodesIntoTheKeychain_data();
    void movesFileCodesIntoTheKeychain();
    void fallsBackToTheFile_data();
    void fallsBackToTheFile();
    void failedMoveKeepsEveryCodeInTheFile();
    void probesWhenThereIsNothingToRead_data();
    void probesWhenThereIsNothingToRead();
    void lateAnswerAfterTimeoutIsIgnored();
    void withoutKeychainSupportUsesTheFile();
    void refusesWritesBeforeReady();
    void writesThroughInOrder();
    void failedWriteIsReported_data();
    void failedWriteIsReported();
    void waitForWritesWaitsForTheKeychain();
    void codesNeverInLogsOrMessages();
    void entriesAreLabelledWithThePrinterName();
    void realKeychain();
    void keyringAbsent();
};

void TestKeychainCredentialStore::readsCodesFromTheKeychain()
{
    Fixture f;
    QVERIFY(f.dir.isValid());
    f.create();
    f.keychain->entries.insert(key(kA), QStringLiteral("11111111"));
    f.keychain->entries.insert(key(kB), QStringLiteral("22222222"));
    QSignalSpy ready(f.store.get(), &KeychainCredentialStore::ready);

    QCOMPARE(f.store->state(), State::Closed);
    f.store->open({kA, kB, kC});
    QCOMPARE(f.store->state(), State::Opening);
    QVERIFY(f.store->description().contains(QLatin1String("still opening")));
    QVERIFY(!f.store->accessCode(kA).has_value()); // nothing is known before ready()

    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 10000);
    QCOMPARE(f.store->state(), State::Keychain);
    QVERIFY(f.store->isReady());
    QCOMPARE(f.store->accessCode(kA), QStringLiteral("11111111"));
    QCOMPARE(f.store->accessCode(kB), QStringLiteral("22222222"));
    QVERIFY(!f.store->accessCode(kC).has_value());
    QCOMPARE(f.store->description(),
             QStringLiteral("Access codes are kept in your desktop's keyring (Fake Keychain)."));
    QCOMPARE(f.keychain->calls,
             QStringList({QStringLiteral("read ") + key(kA), QStringLiteral("read ") + key(kB),
                          QStringLiteral("read ") + key(kC)}));
    QVERIFY(!QFile::exists(f.filePath)); // nothing was written in plain text
}

void TestKeychainCredentialStore::movesFileCodesIntoTheKeychain_data()
{
    QTest::addColumn<bool>("staleInKeychain");
    QTest::addColumn<bool>("inSettings");

    QTest::newRow("printer in the settings") << false << true;
    // The file holds the newer code: it was written while the keychain did not answer.
    QTest::newRow("file code replaces an older keychain code") << true << true;
    // The credentials file is shared by every settings file (--config): its codes all move.
    QTest::newRow("printer of another settings file") << false << false;
}

void TestKeychainCredentialStore::movesFileCodesIntoTheKeychain()
{
    QFETCH(bool, staleInKeychain);
    QFETCH(bool, inSettings);

    Fixture f;
    QVERIFY(f.dir.isValid());
    QVERIFY(f.writeFile({{kA, QStringLiteral("11111111")}, {kC, QStringLiteral("33333333")}}));
    f.create();
    f.keychain->entries.insert(key(kB), QStringLiteral("22222222"));
    if (staleInKeychain)
        f.keychain->entries.insert(key(kA), QStringLiteral("00000000"));
    QSignalSpy ready(f.store.get(), &KeychainCredentialStore::ready);

    f.store->open(inSettings ? QList<QUuid>{kA, kB} : QList<QUuid>{kB});
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 10000);

    QCOMPARE(f.store->state(), State::Keychain);
    QCOMPARE(f.keychain->entries.value(key(kA)), QStringLiteral("11111111"));
    QCOMPARE(f.keychain->entries.value(key(kB)), QStringLiteral("22222222"));
    QCOMPARE(f.keychain->entries.value(key(kC)), QStringLiteral("33333333"));
    QCOMPARE(f.store->accessCode(kA), QStringLiteral("11111111"));
    QCOMPARE(f.store->accessCode(kC), QStringLiteral("33333333"));
    // A file code is not read from the keychain: the file wins.
    QVERIFY(!f.keychain->calls.contains(QStringLiteral("read ") + key(kA)));
    QVERIFY2(!QFile::exists(f.filePath), "the emptied credentials file is deleted");
}

void TestKeychainCredentialStore::fallsBackToTheFile_data()
{
    QTest::addColumn<Status>("readStatus");
    QTest::addColumn<bool>("answers");
    QTest::addColumn<QString>("reason");

    QTest::newRow("no keychain running")
        << Status::NoBackend << true
        << QStringLiteral(
               "No keyring found (GNOME Keyring or KWallet). Access codes are stored in");
    QTest::newRow("access denied") << Status::AccessDenied << true
                                   << QStringLiteral("The keyring is locked or refused access.");
    QTest::newRow("other error") << Status::Failed << true
                                 << QStringLiteral("The keyring did not work (the log says why).");
    QTest::newRow("no answer in time")
        << Status::Ok << false << QStringLiteral("The keyring did not answer within 1 second.");
}

void TestKeychainCredentialStore::fallsBackToTheFile()
{
    QFETCH(Status, readStatus);
    QFETCH(bool, answers);
    QFETCH(QString, reason);

    Fixture f;
    QVERIFY(f.dir.isValid());
    QVERIFY(f.writeFile({{kA, QStringLiteral("11111111")}}));
    const QByteArray before = f.fileBytes();
    f.create();
    f.keychain->readStatus = readStatus;
    f.keychain->held = !answers;
    f.keychain->entries.insert(key(kB), QStringLiteral("22222222"));
    QSignalSpy ready(f.store.get(), &KeychainCredentialStore::ready);

    f.store->open({kA, kB}, 300ms);
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 10000);

    QCOMPARE(f.store->state(), State::File);
    QVERIFY(f.store->isReady());
    const QString description = f.store->description();
    QVERIFY2(description.startsWith(reason), qPrintable(description));
    QVERIFY2(description.contains(QDir::toNativeSeparators(f.filePath)), qPrintable(description));
    QVERIFY2(description.endsWith(QLatin1String("readable only by you.")), qPrintable(description));
    // The keychain's own words are for the log, not for the user.
    QVERIFY2(!description.contains(f.keychain->errorString), qPrintable(description));
    // Nothing was taken from the file, nothing written to the keychain.
    QCOMPARE(f.fileBytes(), before);
    QVERIFY(f.keychain->calls.filter(QStringLiteral("write ")).isEmpty());
    QCOMPARE(f.store->accessCode(kA), QStringLiteral("11111111"));
    QVERIFY(!f.store->accessCode(kB).has_value()); // only in the keychain, which failed

    // From now on the file is the store, as the user was told.
    QString error;
    QVERIFY2(f.store->setAccessCode(kB, QStringLiteral("44444444"), &error), qPrintable(error));
    QCOMPARE(FileCredentialStore(f.filePath).accessCode(kB), QStringLiteral("44444444"));
    QVERIFY(f.store->removeAccessCode(kA, &error));
    QVERIFY(!FileCredentialStore(f.filePath).accessCode(kA).has_value());
    QCOMPARE(f.keychain->entries.value(key(kB)), QStringLiteral("22222222"));
}

void TestKeychainCredentialStore::failedMoveKeepsEveryCodeInTheFile()
{
    Fixture f;
    QVERIFY(f.dir.isValid());
    QVERIFY(f.writeFile({{kA, QStringLiteral("11111111")},
                         {kB, QStringLiteral("22222222")},
                         {kC, QStringLiteral("33333333")}}));
    const QByteArray before = f.fileBytes();
    f.create();
    f.keychain->writesBeforeFailing = 1;
    f.keychain->writeStatus = Status::AccessDenied;
    QSignalSpy ready(f.store.get(), &KeychainCredentialStore::ready);

    f.store->open({kA, kB, kC});
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 10000);

    QCOMPARE(f.keychain->calls.filter(QStringLiteral("write ")).size(), 2);
    QCOMPARE(f.store->state(), State::File);
    QVERIFY2(f.store->description().startsWith(
                 QLatin1String("The keyring could not store the access codes. Access codes are "
                               "stored in")),
             qPrintable(f.store->description()));
    QCOMPARE(f.fileBytes(), before);
    QCOMPARE(f.store->accessCode(kA), QStringLiteral("11111111"));
    QCOMPARE(f.store->accessCode(kB), QStringLiteral("22222222"));
    QCOMPARE(f.store->accessCode(kC), QStringLiteral("33333333"));
}

void TestKeychainCredentialStore::probesWhenThereIsNothingToRead_data()
{
    QTest::addColumn<Status>("readStatus");
    QTest::addColumn<State>("state");

    QTest::newRow("keychain answers") << Status::Ok << State::Keychain;
    QTest::newRow("no keychain") << Status::NoBackend << State::File;
}

void TestKeychainCredentialStore::probesWhenThereIsNothingToRead()
{
    QFETCH(Status, readStatus);
    QFETCH(State, state);

    // No printers yet and no file: whether a keychain answers must still be known, so that the
    // preferences are right and the first printer's code goes to the right place.
    Fixture f;
    QVERIFY(f.dir.isValid());
    f.create();
    f.keychain->readStatus = readStatus;
    QSignalSpy ready(f.store.get(), &KeychainCredentialStore::ready);

    f.store->open({});
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 10000);
    QCOMPARE(f.store->state(), state);
    QCOMPARE(f.keychain->calls, QStringList{QStringLiteral("read ") + key(QUuid())});
}

void TestKeychainCredentialStore::lateAnswerAfterTimeoutIsIgnored()
{
    Fixture f;
    QVERIFY(f.dir.isValid());
    f.create();
    f.keychain->held = true;
    f.keychain->entries.insert(key(kA), QStringLiteral("11111111"));
    QSignalSpy ready(f.store.get(), &KeychainCredentialStore::ready);

    f.store->open({kA, kB}, 200ms);
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 10000);
    QCOMPARE(f.store->state(), State::File);

    // The keychain wakes up: the decision stands, and no read follows.
    QCOMPARE(f.keychain->pending(), 1);
    f.keychain->answerNext();
    QSignalSpy writes(f.store.get(), &KeychainCredentialStore::writesFinished);
    QVERIFY(!writes.wait(200)); // gives the queued answer its chance to arrive
    QCOMPARE(f.store->state(), State::File);
    QCOMPARE(ready.size(), 1);
    QVERIFY(!f.store->accessCode(kA).has_value());
    QCOMPARE(f.keychain->calls.size(), 1);
}

void TestKeychainCredentialStore::withoutKeychainSupportUsesTheFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("credentials"));
    KeychainCredentialStore store(nullptr, path);
    QSignalSpy ready(&store, &KeychainCredentialStore::ready);

    store.open({kA});
    QCOMPARE(ready.size(), 1); // at once: there is nothing to wait for
    QCOMPARE(store.state(), State::File);
    QVERIFY2(store.description().startsWith(
                 QLatin1String("This FarmCam was built without keyring support. Access codes "
                               "are stored in")),
             qPrintable(store.description()));
    QVERIFY(store.setAccessCode(kA, QStringLiteral("11111111"), nullptr));
    QCOMPARE(FileCredentialStore(path).accessCode(kA), QStringLiteral("11111111"));
}

void TestKeychainCredentialStore::refusesWritesBeforeReady()
{
    Fixture f;
    QVERIFY(f.dir.isValid());
    f.create();
    f.keychain->held = true;

    for (bool opening : {false, true}) {
        if (opening)
            f.store->open({kA});
        QString error;
        QVERIFY(!f.store->setAccessCode(kA, QStringLiteral("11111111"), &error));
        QVERIFY2(error.contains(QLatin1String("still opening")), qPrintable(error));
        error.clear();
        QVERIFY(!f.store->removeAccessCode(kA, &error));
        QVERIFY(!error.isEmpty());
    }
    QVERIFY(f.keychain->calls.filter(QStringLiteral("write ")).isEmpty());
    QVERIFY(!QFile::exists(f.filePath));
}

void TestKeychainCredentialStore::writesThroughInOrder()
{
    Fixture f;
    QVERIFY(f.dir.isValid());
    f.create();
    f.keychain->entries.insert(key(kB), QStringLiteral("22222222"));
    QSignalSpy ready(f.store.get(), &KeychainCredentialStore::ready);
    f.store->open({kA, kB});
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 10000);
    f.keychain->calls.clear();
    f.keychain->held = true;
    QSignalSpy finished(f.store.get(), &KeychainCredentialStore::writesFinished);
    QSignalSpy failed(f.store.get(), &KeychainCredentialStore::writeFailed);

    // Each call returns at once, with the new state in memory.
    QString error;
    QVERIFY(f.store->setAccessCode(kA, QStringLiteral("11111111"), &error));
    QVERIFY(f.store->setAccessCode(kA, QStringLiteral("12121212"), &error));
    QVERIFY(f.store->removeAccessCode(kB, &error));
    QVERIFY(f.store->setAccessCode(kA, QStringLiteral("12121212"), &error)); // unchanged: no job
    QCOMPARE(f.store->accessCode(kA), QStringLiteral("12121212"));
    QVERIFY(!f.store->accessCode(kB).has_value());
    QVERIFY(f.store->hasPendingWrites());

    // One job at a time, in the order of the calls.
    const QStringList expected{QStringLiteral("write ") + key(kA),
                               QStringLiteral("write ") + key(kA),
                               QStringLiteral("remove ") + key(kB)};
    for (qsizetype i = 0; i < expected.size(); ++i) {
        QCOMPARE(f.keychain->calls, expected.mid(0, i + 1));
        QCOMPARE(f.keychain->pending(), 1);
        f.keychain->answerNext();
        if (i + 1 < expected.size())
            QTRY_COMPARE_WITH_TIMEOUT(f.keychain->calls.size(), i + 2, 10000);
    }
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    QVERIFY(!f.store->hasPendingWrites());
    QCOMPARE(failed.size(), 0);
    QCOMPARE(f.keychain->entries.value(key(kA)), QStringLiteral("12121212"));
    QVERIFY(!f.keychain->entries.contains(key(kB)));
    QVERIFY(!QFile::exists(f.filePath));
}

void TestKeychainCredentialStore::failedWriteIsReported_data()
{
    QTest::addColumn<bool>("removing");
    QTest::addColumn<QString>("message");

    QTest::newRow("write") << false
                           << QStringLiteral("An access code could not be saved in the keyring");
    QTest::newRow("remove") << true
                            << QStringLiteral("An access code could not be removed from the "
                                              "keyring");
}

void TestKeychainCredentialStore::failedWriteIsReported()
{
    QFETCH(bool, removing);
    QFETCH(QString, message);

    Fixture f;
    QVERIFY(f.dir.isValid());
    f.create();
    f.keychain->entries.insert(key(kA), QStringLiteral("11111111"));
    QSignalSpy ready(f.store.get(), &KeychainCredentialStore::ready);
    f.store->open({kA});
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 10000);
    f.keychain->writeStatus = Status::Failed;
    f.keychain->removeStatus = Status::Failed;
    QSignalSpy failed(f.store.get(), &KeychainCredentialStore::writeFailed);

    QString error;
    if (removing)
        QVERIFY(f.store->removeAccessCode(kA, &error));
    else
        QVERIFY(f.store->setAccessCode(kA, QStringLiteral("98765432"), &error));
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10000);

    const QString reported = failed.constFirst().constFirst().toString();
    QVERIFY2(reported.startsWith(message), qPrintable(reported));
    QVERIFY2(reported.contains(f.keychain->errorString), qPrintable(reported));
    QVERIFY(!reported.contains(QLatin1String("98765432")));
    QVERIFY(!reported.contains(QLatin1String("11111111")));
    // Still in use until FarmCam quits; and never written to the file instead.
    QCOMPARE(f.store->accessCode(kA),
             removing ? std::nullopt : std::optional<QString>(QStringLiteral("98765432")));
    QCOMPARE(f.store->state(), State::Keychain);
    QVERIFY(!QFile::exists(f.filePath));
}

void TestKeychainCredentialStore::waitForWritesWaitsForTheKeychain()
{
    Fixture f;
    QVERIFY(f.dir.isValid());
    f.create();
    QSignalSpy ready(f.store.get(), &KeychainCredentialStore::ready);
    f.store->open({kA});
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 10000);

    QVERIFY(f.store->waitForWrites(0ms)); // nothing pending
    QVERIFY(f.store->setAccessCode(kA, QStringLiteral("11111111"), nullptr));
    QVERIFY(f.store->setAccessCode(kB, QStringLiteral("22222222"), nullptr));
    QVERIFY(f.store->hasPendingWrites());
    QVERIFY(f.store->waitForWrites(10s));
    QCOMPARE(f.keychain->entries.value(key(kA)), QStringLiteral("11111111"));
    QCOMPARE(f.keychain->entries.value(key(kB)), QStringLiteral("22222222"));

    // A keychain that does not answer: the wait ends anyway, and says so.
    f.keychain->held = true;
    QVERIFY(f.store->setAccessCode(kA, QStringLiteral("12121212"), nullptr));
    QVERIFY(!f.store->waitForWrites(100ms));
    QVERIFY(f.store->hasPendingWrites());
}

void TestKeychainCredentialStore::codesNeverInLogsOrMessages()
{
    const QString fileCode = QStringLiteral("F1LEC0DE");
    const QString keychainCode = QStringLiteral("KEYC0DE1");
    const QString newCode = QStringLiteral("NEWC0DE2");
    QStringList texts;
    {
        LogCapture capture;
        for (Status failure : {Status::Ok, Status::Failed}) {
            Fixture f;
            QVERIFY(f.dir.isValid());
            QVERIFY(f.writeFile({{kA, fileCode}}));
            f.create();
            f.keychain->entries.insert(key(kB), keychainCode);
            QSignalSpy ready(f.store.get(), &KeychainCredentialStore::ready);
            QSignalSpy failed(f.store.get(), &KeychainCredentialStore::writeFailed);
            f.store->open({kA, kB});
            QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 10000);
            texts << f.store->description();
            f.keychain->writeStatus = failure;
            f.keychain->removeStatus = failure;
            QString error;
            f.store->setAccessCode(kB, newCode, &error);
            texts << error;
            f.store->removeAccessCode(kA, &error);
            texts << error;
            QVERIFY(f.store->waitForWrites(10s));
            for (const QList<QVariant> &arguments : std::as_const(failed))
                texts << arguments.constFirst().toString();
        }
        texts << LogCapture::messages();
    }
    QVERIFY(!LogCapture::messages().isEmpty()); // the moves and failures were logged
    for (const QString &text : std::as_const(texts)) {
        for (const QString &code : {fileCode, keychainCode, newCode})
            QVERIFY2(!text.contains(code), qPrintable(text));
    }
}

// The real thing: QtKeychain against gnome-keyring on a private session bus. The codes move from
// the file into the keyring, survive into a second store, and are removed again.
void TestKeychainCredentialStore::entriesAreLabelledWithThePrinterName()
{
    Fixture f;
    QVERIFY(f.dir.isValid());
    f.create();
    f.keychain->entries.insert(key(kB), QStringLiteral("22222222"));
    QSignalSpy ready(f.store.get(), &KeychainCredentialStore::ready);
    f.store->open({kA, kB});
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 10000);
    f.keychain->calls.clear();

    // An entry that is there: labelled at once, and only once for the same name.
    f.store->setPrinterName(kB, QStringLiteral("Desk A1"));
    QCOMPARE(f.keychain->labels.value(key(kB)), QStringLiteral("FarmCam: Desk A1"));
    f.store->setPrinterName(kB, QStringLiteral("Desk A1"));
    QCOMPARE(f.keychain->calls.filter(QStringLiteral("label ")).size(), 1);

    // A new entry: the label follows its write (before it, there is nothing to label).
    f.keychain->held = true;
    QString error;
    QVERIFY(f.store->setAccessCode(kA, QStringLiteral("11111111"), &error));
    f.store->setPrinterName(kA, QStringLiteral("Garage P1S"));
    QVERIFY(!f.keychain->labels.contains(key(kA)));
    f.keychain->answerNext();
    QTRY_COMPARE_WITH_TIMEOUT(f.keychain->labels.value(key(kA)),
                              QStringLiteral("FarmCam: Garage P1S"), 10000);
    QCOMPARE(f.keychain->calls.constLast(),
             QStringLiteral("label %1 FarmCam: Garage P1S").arg(key(kA)));

    // Renamed: the label follows without rewriting the code.
    f.keychain->held = false;
    f.store->setPrinterName(kA, QStringLiteral("Garage P1S (left)"));
    QCOMPARE(f.keychain->labels.value(key(kA)), QStringLiteral("FarmCam: Garage P1S (left)"));
    QCOMPARE(f.keychain->calls.filter(QStringLiteral("write ")).size(), 1);
    // Never the code in a label.
    for (const QString &label : std::as_const(f.keychain->labels))
        QVERIFY(!label.contains(QLatin1String("11111111")));
}

void TestKeychainCredentialStore::realKeychain()
{
#ifndef FARMCAM_HAVE_KEYCHAIN
    QSKIP("Built without QtKeychain.");
#else
    // Only on the bus made for this test (tests/run-with-private-keyring.sh), never the user's.
    const QByteArray bus = qgetenv("DBUS_SESSION_BUS_ADDRESS");
    if (bus.isEmpty() || bus != qgetenv("FARMCAM_TEST_PRIVATE_BUS"))
        QSKIP("Needs a private session bus with its own keyring: ctest -R keychain_real");

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("credentials"));
    const QUuid a = QUuid::createUuid();
    const QUuid b = QUuid::createUuid();
    {
        FileCredentialStore file(path);
        QVERIFY(file.setAccessCode(a, QStringLiteral("11111111"), nullptr));
    }

    const auto open = [&](const QList<QUuid> &ids) {
        auto store = std::make_unique<KeychainCredentialStore>(
            std::make_unique<QtKeychainBackend>(), path);
        QSignalSpy ready(store.get(), &KeychainCredentialStore::ready);
        store->open(ids, 20s);
        if (!ready.wait(25000) && ready.isEmpty())
            return std::unique_ptr<KeychainCredentialStore>();
        return store;
    };

    auto first = open({a, b});
    QVERIFY(first);
    QVERIFY2(first->state() == State::Keychain, qPrintable(first->description()));
    QVERIFY2(first->description().startsWith(QLatin1String("Access codes are kept in your "
                                                           "desktop's keyring")),
             qPrintable(first->description()));
    QVERIFY2(!QFile::exists(path), "the code left the file");
    QCOMPARE(first->accessCode(a), QStringLiteral("11111111"));
    QVERIFY(!first->accessCode(b).has_value());
    QSignalSpy failed(first.get(), &KeychainCredentialStore::writeFailed);
    QVERIFY(first->setAccessCode(b, QStringLiteral("22222222"), nullptr));
    first->setPrinterName(b, QStringLiteral("Bench P1S"));
    first->setPrinterName(a, QStringLiteral("Moved A1"));
    QVERIFY(first->waitForWrites(20s));
    QCOMPARE(failed.size(), 0);
    // The keyring shows the printers' names, not "FarmCam" with an id.
    QTRY_COMPARE_WITH_TIMEOUT(secretServiceLabel(b), QStringLiteral("FarmCam: Bench P1S"), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(secretServiceLabel(a), QStringLiteral("FarmCam: Moved A1"), 10000);
    first.reset();

    auto second = open({a, b});
    QVERIFY(second);
    QCOMPARE(second->state(), State::Keychain);
    QCOMPARE(second->accessCode(a), QStringLiteral("11111111"));
    QCOMPARE(second->accessCode(b), QStringLiteral("22222222"));
    QVERIFY(second->removeAccessCode(a, nullptr));
    QVERIFY(second->waitForWrites(20s));
    second.reset();

    auto third = open({a, b});
    QVERIFY(third);
    QCOMPARE(third->state(), State::Keychain);
    QVERIFY(!third->accessCode(a).has_value());
    QCOMPARE(third->accessCode(b), QStringLiteral("22222222"));
    QVERIFY(!QFile::exists(path)); // nothing was ever written back in plain text
#endif
}

// QtKeychain when no keyring can be reached: the file is used, and the user is told.
void TestKeychainCredentialStore::keyringAbsent()
{
#ifndef FARMCAM_HAVE_KEYCHAIN
    QSKIP("Built without QtKeychain.");
#else
    // Only where no keyring can be reached: no session bus (ctest keychain_absent), or a bus
    // without one (keychain_no_service).
    if (qgetenv("FARMCAM_TEST_NO_KEYRING") != "1")
        QSKIP("Needs a desktop without a keyring: ctest -R 'keychain_absent|keychain_no_service'");

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("credentials"));
    const QUuid a = QUuid::createUuid();
    {
        FileCredentialStore file(path);
        QVERIFY(file.setAccessCode(a, QStringLiteral("11111111"), nullptr));
    }
    KeychainCredentialStore store(std::make_unique<QtKeychainBackend>(), path);
    QSignalSpy ready(&store, &KeychainCredentialStore::ready);
    store.open({a}, 20s);
    QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 25000);
    QCOMPARE(store.state(), State::File);
    QVERIFY2(store.description().endsWith(QLatin1String("readable only by you.")),
             qPrintable(store.description()));
    // No bus at all: in the user's words, not GDBus's.
    QVERIFY2(store.description().startsWith(QLatin1String("No keyring found (GNOME Keyring or "
                                                          "KWallet). Access codes are stored in")),
             qPrintable(store.description()));
    QCOMPARE(store.accessCode(a), QStringLiteral("11111111"));
    QCOMPARE(FileCredentialStore(path).accessCode(a), QStringLiteral("11111111"));
#endif
}

QTEST_GUILESS_MAIN(TestKeychainCredentialStore)
#include "tst_keychaincredentialstore.moc"
