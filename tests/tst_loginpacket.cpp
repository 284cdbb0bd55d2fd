#include "protocol/loginpacket.h"

#include <QTest>

class TestLoginPacket : public QObject
{
    Q_OBJECT

private slots:
    void exactBytes();
    void longestFieldsFit();
    void rejects_data();
    void rejects();
    void describeNeverEmptyForErrors();
};

void TestLoginPacket::exactBytes()
{
    const LoginPacket::Result result
        = LoginPacket::build(QStringLiteral("bblp"), QStringLiteral("12345678"));
    QVERIFY(result.ok());
    QCOMPARE(result.packet.size(), 80);

    QByteArray expected(80, '\0');
    const char header[] = {0x40, 0, 0, 0, 0, 0x30, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    expected.replace(0, 16, QByteArray(header, 16));
    expected.replace(16, 4, QByteArrayLiteral("bblp"));
    expected.replace(48, 8, QByteArrayLiteral("12345678"));
    QCOMPARE(result.packet.toHex(' '), expected.toHex(' '));
}

void TestLoginPacket::longestFieldsFit()
{
    const QString user(32, QLatin1Char('u'));
    const QString code(32, QLatin1Char('c'));
    const LoginPacket::Result result = LoginPacket::build(user, code);
    QVERIFY(result.ok());
    QCOMPARE(result.packet.mid(16, 32), user.toLatin1());
    QCOMPARE(result.packet.mid(48, 32), code.toLatin1());
}

void TestLoginPacket::rejects_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("code");
    QTest::addColumn<LoginPacket::Error>("error");

    const QString bblp = QStringLiteral("bblp");
    const QString code = QStringLiteral("12345678");
    QTest::newRow("empty user") << QString() << code << LoginPacket::Error::EmptyUser;
    QTest::newRow("user of 33") << QString(33, QLatin1Char('u')) << code
                                << LoginPacket::Error::UserTooLong;
    QTest::newRow("user non-ascii")
        << QStringLiteral("bbl\u00e9") << code << LoginPacket::Error::UserNotAscii;
    QTest::newRow("user with NUL") << QStringLiteral("bb") + QChar(0) + QStringLiteral("lp") << code
                                   << LoginPacket::Error::UserNotAscii;
    QTest::newRow("empty code") << bblp << QString() << LoginPacket::Error::EmptyAccessCode;
    QTest::newRow("code of 33") << bblp << QString(33, QLatin1Char('1'))
                                << LoginPacket::Error::AccessCodeTooLong;
    QTest::newRow("code non-ascii")
        << bblp << QStringLiteral("1234567\u00fc") << LoginPacket::Error::AccessCodeNotAscii;
    QTest::newRow("code emoji") << bblp << QStringLiteral("1234\U0001F600")
                                << LoginPacket::Error::AccessCodeNotAscii;
    QTest::newRow("code with NUL")
        << bblp << QStringLiteral("1234") + QChar(0) + QStringLiteral("5678")
        << LoginPacket::Error::AccessCodeNotAscii;
    QTest::newRow("code with newline")
        << bblp << QStringLiteral("12345678\n") << LoginPacket::Error::AccessCodeNotAscii;
    QTest::newRow("code with tab")
        << bblp << QStringLiteral("1234\t678") << LoginPacket::Error::AccessCodeNotAscii;
}

void TestLoginPacket::rejects()
{
    QFETCH(QString, user);
    QFETCH(QString, code);
    QFETCH(LoginPacket::Error, error);

    const LoginPacket::Result result = LoginPacket::build(user, code);
    QCOMPARE(result.error, error);
    QVERIFY(!result.ok());
    QVERIFY(result.packet.isEmpty()); // never a truncated packet
}

void TestLoginPacket::describeNeverEmptyForErrors()
{
    using E = LoginPacket::Error;
    for (E error : {E::EmptyUser, E::UserTooLong, E::UserNotAscii, E::EmptyAccessCode,
                    E::AccessCodeTooLong, E::AccessCodeNotAscii})
        QVERIFY(!LoginPacket::describe(error).isEmpty());
    QVERIFY(LoginPacket::describe(E::None).isEmpty());
}

QTEST_GUILESS_MAIN(TestLoginPacket)
#include "tst_loginpacket.moc"
