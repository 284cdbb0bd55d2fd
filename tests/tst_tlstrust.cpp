// TlsTrust: the one rule by which a printer's certificate is trusted.
#include "trust/tlstrust.h"

#include <QSslCertificate>
#include <QTemporaryDir>
#include <QTest>

class TestTlsTrust : public QObject
{
    Q_OBJECT

private slots:
    void normalizeFingerprint_data();
    void normalizeFingerprint();
    void modeFollowsThePrinterSettings_data();
    void modeFollowsThePrinterSettings();
    void validation_data();
    void validation();
    void acceptsOnlyThePin_data();
    void acceptsOnlyThePin();
    void fingerprintOfACertificate();
    void equalityIgnoresHowThePinIsWritten();
};

void TestTlsTrust::normalizeFingerprint_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    const QString canonical = QStringLiteral("83:7A:F1:10:D7:B5:F8:CF:8B:18:29:7D:AF:77:79:B0:13:"
                                             "B9:F3:5B:AF:71:48:86:3D:E2:36:91:8C:FE:68:36");
    QString bare = canonical;
    bare.remove(QLatin1Char(':'));
    QTest::newRow("canonical") << canonical << canonical;
    QTest::newRow("lower case") << canonical.toLower() << canonical;
    QTest::newRow("no colons") << bare << canonical;
    QTest::newRow("no colons, lower") << bare.toLower() << canonical;
    QTest::newRow("openssl output")
        << QStringLiteral("sha256 Fingerprint=") + canonical << canonical;
    QTest::newRow("surrounding space")
        << QStringLiteral("  ") + canonical + QStringLiteral("\n") << canonical;
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("too short") << canonical.left(20) << QString();
    QTest::newRow("SHA-1 length") << bare.left(40) << QString();
    QTest::newRow("not hex") << QString(bare).replace(0, 1, QLatin1Char('G')) << QString();
    QTest::newRow("non-ASCII") << QString(bare).replace(0, 1, QChar(0x00e9)) << QString();
}

void TestTlsTrust::normalizeFingerprint()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(TlsTrust::normalizeFingerprint(input), expected);
}

void TestTlsTrust::modeFollowsThePrinterSettings_data()
{
    QTest::addColumn<QString>("pin");
    QTest::addColumn<QString>("caFile");
    QTest::addColumn<QString>("serial");
    QTest::addColumn<TlsTrust::Mode>("mode");
    QTest::addColumn<QString>("peerName");
    const QString pin(64, QLatin1Char('a'));
    QTest::newRow("nothing: first use")
        << QString() << QString() << QString() << TlsTrust::Mode::FirstUse << QString();
    QTest::newRow("pin") << pin << QString() << QStringLiteral("01S00C000000000")
                         << TlsTrust::Mode::Pin << QString();
    QTest::newRow("CA file names the serial")
        << QString() << QStringLiteral("/ca.pem") << QStringLiteral(" 01S00C000000000 ")
        << TlsTrust::Mode::Authority << QStringLiteral("01S00C000000000");
    QTest::newRow("CA file wins over a pin")
        << pin << QStringLiteral("/ca.pem") << QStringLiteral("01S00C000000000")
        << TlsTrust::Mode::Authority << QStringLiteral("01S00C000000000");
}

void TestTlsTrust::modeFollowsThePrinterSettings()
{
    QFETCH(QString, pin);
    QFETCH(QString, caFile);
    QFETCH(QString, serial);
    QFETCH(TlsTrust::Mode, mode);
    QFETCH(QString, peerName);
    const TlsTrust trust = TlsTrust::forPrinter(pin, caFile, serial);
    QCOMPARE(trust.mode(), mode);
    QCOMPARE(trust.peerName, peerName);
}

void TestTlsTrust::validation_data()
{
    QTest::addColumn<QString>("pin");
    QTest::addColumn<QString>("caFile");
    QTest::addColumn<QString>("peerName");
    QTest::addColumn<QString>("error"); // a word the sentence contains; empty: valid
    QTest::newRow("first use") << QString() << QString() << QString() << QString();
    QTest::newRow("pin") << QString(64, QLatin1Char('A')) << QString() << QString() << QString();
    QTest::newRow("not a fingerprint")
        << QStringLiteral("hello") << QString() << QString() << QStringLiteral("SHA-256");
    QTest::newRow("CA") << QString() << QStringLiteral(":/sim/simulator.crt")
                        << QStringLiteral("01S00C000000000") << QString();
    QTest::newRow("CA without serial") << QString() << QStringLiteral(":/sim/simulator.crt")
                                       << QString() << QStringLiteral("serial");
    QTest::newRow("unreadable CA")
        << QString() << QStringLiteral("/nonexistent/ca.pem") << QStringLiteral("01S00C000000000")
        << QStringLiteral("/nonexistent/ca.pem");
}

void TestTlsTrust::validation()
{
    QFETCH(QString, pin);
    QFETCH(QString, caFile);
    QFETCH(QString, peerName);
    QFETCH(QString, error);
    TlsTrust trust;
    trust.pinnedFingerprint = pin;
    trust.caFile = caFile;
    trust.peerName = peerName;
    const QString message = trust.validationError();
    if (error.isEmpty())
        QVERIFY2(message.isEmpty(), qPrintable(message));
    else
        QVERIFY2(message.contains(error), qPrintable(message));
}

void TestTlsTrust::acceptsOnlyThePin_data()
{
    QTest::addColumn<QString>("pin");
    QTest::addColumn<QString>("caFile");
    QTest::addColumn<QString>("presented");
    QTest::addColumn<bool>("accepted");
    const QString a = TlsTrust::normalizeFingerprint(QString(64, QLatin1Char('a')));
    const QString b = TlsTrust::normalizeFingerprint(QString(64, QLatin1Char('b')));
    QTest::newRow("first use takes anything") << QString() << QString() << a << true;
    QTest::newRow("the pinned one") << a << QString() << a << true;
    QTest::newRow("the pin written otherwise")
        << QString(64, QLatin1Char('a')) << QString() << a << true;
    QTest::newRow("another one") << a << QString() << b << false;
    QTest::newRow("none presented") << a << QString() << QString() << false;
    QTest::newRow("a broken pin trusts nothing") << QStringLiteral("x") << QString() << a << false;
    QTest::newRow("CA: verified by the handshake")
        << QString() << QStringLiteral(":/sim/simulator.crt") << b << true;
}

void TestTlsTrust::acceptsOnlyThePin()
{
    QFETCH(QString, pin);
    QFETCH(QString, caFile);
    QFETCH(QString, presented);
    QFETCH(bool, accepted);
    TlsTrust trust;
    trust.pinnedFingerprint = pin;
    trust.caFile = caFile;
    QCOMPARE(trust.accepts(presented), accepted);
}

void TestTlsTrust::fingerprintOfACertificate()
{
    const QList<QSslCertificate> certificates
        = QSslCertificate::fromPath(QStringLiteral(":/sim/simulator.crt"));
    QCOMPARE(certificates.size(), 1);
    const QString fingerprint = TlsTrust::fingerprintOf(certificates.first());
    QCOMPARE(fingerprint.size(), 32 * 3 - 1);
    QCOMPARE(TlsTrust::normalizeFingerprint(fingerprint), fingerprint);
    QCOMPARE(TlsTrust::digestOf(fingerprint),
             certificates.first().digest(QCryptographicHash::Sha256));
    QCOMPARE(TlsTrust::fingerprintOf(QSslCertificate()), QString());
}

void TestTlsTrust::equalityIgnoresHowThePinIsWritten()
{
    TlsTrust upper;
    upper.pinnedFingerprint = TlsTrust::normalizeFingerprint(QString(64, QLatin1Char('c')));
    TlsTrust lower;
    lower.pinnedFingerprint = QString(64, QLatin1Char('c'));
    QCOMPARE(upper, lower);
    lower.caFile = QStringLiteral("/ca.pem");
    QVERIFY(upper != lower);
}

QTEST_MAIN(TestTlsTrust)
#include "tst_tlstrust.moc"
