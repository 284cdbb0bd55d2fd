#include "share/sharetoken.h"

#include "model/credentialstore.h"

#include <QCoreApplication>
#include <QRandomGenerator>

#include <array>

QString ShareToken::generate()
{
    std::array<quint32, 8> words; // 256 bits
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    const QByteArray bytes(reinterpret_cast<const char *>(words.data()),
                           qsizetype(words.size() * sizeof(quint32)));
    return QString::fromLatin1(
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

bool ShareToken::matches(QByteArrayView presented, QByteArrayView expected)
{
    // Every byte of the longer one is looked at, whatever the contents: the time says how long
    // the tokens are (not secret: every generated token has 43 characters), never how much of
    // one was right.
    const qsizetype length = qMax(presented.size(), expected.size());
    unsigned difference = presented.size() == expected.size() ? 0U : 1U;
    for (qsizetype i = 0; i < length; ++i) {
        const auto a = i < presented.size() ? quint8(presented[i]) : quint8(0);
        const auto b = i < expected.size() ? quint8(expected[i]) : quint8(0xff);
        difference |= unsigned(a ^ b);
    }
    return difference == 0 && !expected.isEmpty();
}

QUuid ShareToken::credentialId()
{
    // Made once for this purpose; PrinterFarm assigns random (version 4) ids, never this one.
    static const QUuid kId(QStringLiteral("{f4a5c0de-5a4e-4c0d-8e1f-7a6b5c4d3e2f}"));
    return kId;
}

QString ShareToken::ensureStored(CredentialStore *store, QString *errorMessage)
{
    if (!store) {
        if (errorMessage)
            *errorMessage
                = QCoreApplication::translate("ShareToken", "There is no place to keep the token.");
        return {};
    }
    if (const std::optional<QString> stored = store->accessCode(credentialId());
        stored && !stored->isEmpty()) {
        return *stored;
    }
    return regenerate(store, errorMessage);
}

QString ShareToken::regenerate(CredentialStore *store, QString *errorMessage)
{
    if (!store)
        return ensureStored(store, errorMessage);
    const QString token = generate();
    if (!store->setAccessCode(credentialId(), token, errorMessage))
        return {};
    store->setPrinterName(credentialId(),
                          QCoreApplication::translate("ShareToken", "sharing token"));
    return token;
}
