#include "model/filecredentialstore.h"

#include "model/appsettings.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

namespace {

constexpr QFileDevice::Permissions kGroupOrOther = QFileDevice::ReadGroup | QFileDevice::WriteGroup
    | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::WriteOther
    | QFileDevice::ExeOther;

// The mode bits as the kernel sees them, not as Qt reports them.
int modeBits(const QString &path)
{
    struct stat info = {};
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return -1;
    return static_cast<int>(info.st_mode & 07777);
}

using TestSupport::LogCapture;

// Sets the process umask for one scope.
class UmaskScope
{
public:
    explicit UmaskScope(mode_t mask)
        : m_previous(::umask(mask))
    { }
    ~UmaskScope() { ::umask(m_previous); }
    Q_DISABLE_COPY_MOVE(UmaskScope)

private:
    mode_t m_previous;
};

} // namespace

class tst_FileCredentialStore : public QObject
{
    Q_OBJECT

private slots:
    void init();

    void emptyWhenNoFile();
    void roundTrip();
    void createdOwnerOnly_data();
    void createdOwnerOnly();
    void looserFileIsTightenedOnLoad();
    void looserFileIsTightenedOnSave();
    void removeAccessCode();
    void nullIdIsRejected();
    void fileIsJsonAndLeavesNoTemporaryFiles();
    void unreadableFileIsIgnored_data();
    void unreadableFileIsIgnored();
    void writeFailureRollsBack();
    void codesAreNeverLogged();
    void description();
    void defaultFilePath();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

void tst_FileCredentialStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("credentials"));
}

void tst_FileCredentialStore::emptyWhenNoFile()
{
    FileCredentialStore store(m_path);
    QCOMPARE(store.filePath(), m_path);
    QVERIFY(!store.accessCode(QUuid::createUuid()).has_value());
    QVERIFY(!QFile::exists(m_path)); // reading creates nothing
}

void tst_FileCredentialStore::roundTrip()
{
    const QUuid a = QUuid::createUuid();
    const QUuid b = QUuid::createUuid();
    {
        FileCredentialStore store(m_path);
        QString error;
        QVERIFY2(store.setAccessCode(a, QStringLiteral("12345678"), &error), qPrintable(error));
        QVERIFY2(store.setAccessCode(b, QStringLiteral("\"q\\u0000\"!"), &error),
                 qPrintable(error));
        QVERIFY(store.setAccessCode(a, QStringLiteral("87654321"), &error));
        QCOMPARE(store.accessCode(a), QStringLiteral("87654321"));
    }
    FileCredentialStore reopened(m_path);
    QCOMPARE(reopened.accessCode(a), QStringLiteral("87654321"));
    QCOMPARE(reopened.accessCode(b), QStringLiteral("\"q\\u0000\"!"));
    QVERIFY(!reopened.accessCode(QUuid::createUuid()).has_value());
}

void tst_FileCredentialStore::createdOwnerOnly_data()
{
    QTest::addColumn<int>("umask");
    QTest::addColumn<QString>("relativePath");

    QTest::newRow("usual umask 022") << 022 << QStringLiteral("credentials");
    QTest::newRow("permissive umask 000") << 0 << QStringLiteral("credentials");
    QTest::newRow("missing folders are created") << 022 << QStringLiteral("a/b/credentials");
    QTest::newRow("missing folders, umask 000") << 0 << QStringLiteral("c/credentials");
}

void tst_FileCredentialStore::createdOwnerOnly()
{
    QFETCH(int, umask);
    QFETCH(QString, relativePath);
    const QString path = m_dir->filePath(relativePath);
    UmaskScope scope(static_cast<mode_t>(umask));

    FileCredentialStore store(path);
    QString error;
    QVERIFY2(store.setAccessCode(QUuid::createUuid(), QStringLiteral("12345678"), &error),
             qPrintable(error));
    QVERIFY(QFile::exists(path));

    const QFileDevice::Permissions permissions = QFile::permissions(path);
    QVERIFY(permissions.testFlag(QFileDevice::ReadOwner));
    QVERIFY(permissions.testFlag(QFileDevice::WriteOwner));
    QCOMPARE(permissions & kGroupOrOther, QFileDevice::Permissions());
    QCOMPARE(modeBits(path), 0600);

    // Still so after a rewrite.
    QVERIFY(store.setAccessCode(QUuid::createUuid(), QStringLiteral("abcdefgh"), &error));
    QCOMPARE(modeBits(path), 0600);
}

void tst_FileCredentialStore::looserFileIsTightenedOnLoad()
{
    const QUuid id = QUuid::createUuid();
    {
        FileCredentialStore store(m_path);
        QVERIFY(store.setAccessCode(id, QStringLiteral("12345678"), nullptr));
    }
    QVERIFY(QFile::setPermissions(m_path,
                                  QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                      | QFileDevice::ReadGroup | QFileDevice::ReadOther));
    QCOMPARE(modeBits(m_path), 0644);

    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("readable or writable by other users")));
    FileCredentialStore reopened(m_path);
    QCOMPARE(modeBits(m_path), 0600);
    QCOMPARE(reopened.accessCode(id), QStringLiteral("12345678"));
}

void tst_FileCredentialStore::looserFileIsTightenedOnSave()
{
    FileCredentialStore store(m_path);
    QVERIFY(store.setAccessCode(QUuid::createUuid(), QStringLiteral("12345678"), nullptr));
    // Someone loosens it while the app runs.
    QVERIFY(QFile::setPermissions(m_path,
                                  QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                      | QFileDevice::ReadOther | QFileDevice::WriteOther));
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("readable or writable by other users")));
    QVERIFY(store.setAccessCode(QUuid::createUuid(), QStringLiteral("abcdefgh"), nullptr));
    QCOMPARE(modeBits(m_path), 0600);
}

void tst_FileCredentialStore::removeAccessCode()
{
    const QUuid keep = QUuid::createUuid();
    const QUuid drop = QUuid::createUuid();
    {
        FileCredentialStore store(m_path);
        QVERIFY(store.setAccessCode(keep, QStringLiteral("11111111"), nullptr));
        QVERIFY(store.setAccessCode(drop, QStringLiteral("22222222"), nullptr));
        QString error;
        QVERIFY(store.removeAccessCode(drop, &error));
        QVERIFY(!store.accessCode(drop).has_value());
        // Removing what is not there is not an error.
        QVERIFY(store.removeAccessCode(QUuid::createUuid(), &error));
    }
    FileCredentialStore reopened(m_path);
    QCOMPARE(reopened.accessCode(keep), QStringLiteral("11111111"));
    QVERIFY(!reopened.accessCode(drop).has_value());
    QFile file(m_path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains("22222222"));
}

void tst_FileCredentialStore::nullIdIsRejected()
{
    FileCredentialStore store(m_path);
    QString error;
    QVERIFY(!store.setAccessCode(QUuid(), QStringLiteral("12345678"), &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!QFile::exists(m_path));
}

void tst_FileCredentialStore::fileIsJsonAndLeavesNoTemporaryFiles()
{
    const QUuid id = QUuid::createUuid();
    FileCredentialStore store(m_path);
    QVERIFY(store.setAccessCode(id, QStringLiteral("12345678"), nullptr));
    QVERIFY(store.setAccessCode(id, QStringLiteral("23456789"), nullptr));

    QFile file(m_path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    QCOMPARE(document.object().value(QStringLiteral("accessCodes")).toObject().value(id.toString()),
             QStringLiteral("23456789"));

    const QStringList entries = QDir(m_dir->path()).entryList(QDir::Files | QDir::Hidden);
    QCOMPARE(entries, QStringList{QStringLiteral("credentials")});
}

void tst_FileCredentialStore::unreadableFileIsIgnored_data()
{
    QTest::addColumn<QByteArray>("contents");
    QTest::addColumn<bool>("warns");

    QTest::newRow("empty file") << QByteArray() << false;
    QTest::newRow("whitespace") << QByteArray("\n \n") << false;
    QTest::newRow("not json") << QByteArray("code=SECRET99\n") << true;
    QTest::newRow("truncated json")
        << QByteArray("{\"version\":1,\"accessCodes\":{\"x\":\"SECRET9") << true;
    QTest::newRow("json array") << QByteArray("[\"SECRET99\"]") << true;
}

void tst_FileCredentialStore::unreadableFileIsIgnored()
{
    QFETCH(QByteArray, contents);
    QFETCH(bool, warns);
    {
        QFile file(m_path);
        QVERIFY(file.open(QIODevice::WriteOnly, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        file.write(contents);
    }
    QStringList messages;
    {
        LogCapture capture;
        FileCredentialStore store(m_path);
        QVERIFY(!store.accessCode(QUuid::createUuid()).has_value());
        messages = LogCapture::messages();
    }
    QCOMPARE(!messages.isEmpty(), warns);
    for (const QString &message : std::as_const(messages))
        QVERIFY2(!message.contains(QStringLiteral("SECRET")), qPrintable(message));

    // A damaged file is replaced by a good one at the next save.
    if (warns)
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("is unreadable")));
    FileCredentialStore store(m_path);
    const QUuid id = QUuid::createUuid();
    QVERIFY(store.setAccessCode(id, QStringLiteral("12345678"), nullptr));
    QCOMPARE(FileCredentialStore(m_path).accessCode(id), QStringLiteral("12345678"));
}

void tst_FileCredentialStore::writeFailureRollsBack()
{
    // A regular file where the store's folder should be: not writable, not even by root.
    const QString blocker = m_dir->filePath(QStringLiteral("blocker"));
    {
        QFile file(blocker);
        QVERIFY(file.open(QIODevice::WriteOnly));
    }
    FileCredentialStore store(blocker + QStringLiteral("/credentials"));
    const QUuid id = QUuid::createUuid();
    QString error;
    QStringList messages;
    {
        LogCapture capture;
        QVERIFY(!store.setAccessCode(id, QStringLiteral("12345678"), &error));
        messages = LogCapture::messages();
    }
    QVERIFY(!error.isEmpty());
    QVERIFY(!error.contains(QStringLiteral("12345678")));
    QVERIFY(error.contains(QDir::toNativeSeparators(blocker)));
    for (const QString &message : std::as_const(messages))
        QVERIFY(!message.contains(QStringLiteral("12345678")));
    // Not stored means not remembered either.
    QVERIFY(!store.accessCode(id).has_value());
}

void tst_FileCredentialStore::codesAreNeverLogged()
{
    const QString code = QStringLiteral("Zq7Xw9Kp");
    LogCapture capture;
    const QUuid id = QUuid::createUuid();
    {
        FileCredentialStore store(m_path);
        QVERIFY(store.setAccessCode(id, code, nullptr));
    }
    QVERIFY(QFile::setPermissions(
        m_path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther));
    FileCredentialStore store(m_path); // warns about the permissions
    QCOMPARE(store.accessCode(id), code);
    QVERIFY(store.removeAccessCode(id, nullptr));
    QVERIFY(!LogCapture::messages().isEmpty());
    for (const QString &message : LogCapture::messages())
        QVERIFY2(!message.contains(code), qPrintable(message));
}

void tst_FileCredentialStore::description()
{
    FileCredentialStore store(m_path);
    const QString text = store.description();
    QVERIFY(text.contains(QDir::toNativeSeparators(m_path)));
    QVERIFY(text.contains(QStringLiteral("only by you")));
}

void tst_FileCredentialStore::defaultFilePath()
{
    const QString path = FileCredentialStore::defaultFilePath();
    QVERIFY(path.endsWith(QStringLiteral("/FarmCam/credentials")));
    // Next to the settings file.
    QCOMPARE(QFileInfo(path).absolutePath(),
             QFileInfo(AppSettings::defaultFilePath()).absolutePath());
}

QTEST_GUILESS_MAIN(tst_FileCredentialStore)
#include "tst_filecredentialstore.moc"
