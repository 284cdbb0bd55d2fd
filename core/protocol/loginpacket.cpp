#include "loginpacket.h"

#include <QCoreApplication>
#include <QtEndian>

namespace LoginPacket {

namespace {

enum class Field { User, AccessCode };

bool isPrintableAscii(const QString &text)
{
    for (const QChar c : text) {
        if (c.unicode() < 0x20 || c.unicode() > 0x7e)
            return false;
    }
    return true;
}

Error validateField(const QString &value, Field field)
{
    const bool isUser = field == Field::User;
    if (value.isEmpty())
        return isUser ? Error::EmptyUser : Error::EmptyAccessCode;
    if (!isPrintableAscii(value))
        return isUser ? Error::UserNotAscii : Error::AccessCodeNotAscii;
    if (value.size() > kFieldSize)
        return isUser ? Error::UserTooLong : Error::AccessCodeTooLong;
    return Error::None;
}

void putLittleEndian32(char *at, quint32 value)
{
    qToLittleEndian(value, at);
}

} // namespace

Error validateUser(const QString &user)
{
    return validateField(user, Field::User);
}

Error validateAccessCode(const QString &accessCode)
{
    return validateField(accessCode, Field::AccessCode);
}

Result build(const QString &user, const QString &accessCode)
{
    Result result;
    result.error = validateUser(user);
    if (result.error == Error::None)
        result.error = validateAccessCode(accessCode);
    if (result.error != Error::None)
        return result;

    QByteArray packet(kSize, '\0');
    char *data = packet.data();
    putLittleEndian32(data + 0, 0x40);
    putLittleEndian32(data + 4, 0x3000);
    // bytes 8-15 stay zero
    const QByteArray userBytes = user.toLatin1(); // validated as printable ASCII above
    const QByteArray codeBytes = accessCode.toLatin1();
    std::copy(userBytes.cbegin(), userBytes.cend(), data + 16);
    std::copy(codeBytes.cbegin(), codeBytes.cend(), data + 16 + kFieldSize);
    result.packet = packet;
    return result;
}

QString describe(Error error)
{
    switch (error) {
    case Error::None:
        return {};
    case Error::EmptyUser:
        return QCoreApplication::translate("LoginPacket", "The user name is empty.");
    case Error::UserTooLong:
        return QCoreApplication::translate("LoginPacket",
                                           "The user name is longer than 32 characters.");
    case Error::UserNotAscii:
        return QCoreApplication::translate(
            "LoginPacket", "The user name may only contain printable ASCII characters.");
    case Error::EmptyAccessCode:
        return QCoreApplication::translate(
            "LoginPacket", "The access code is empty. It is shown on the printer's screen.");
    case Error::AccessCodeTooLong:
        return QCoreApplication::translate("LoginPacket",
                                           "The access code is longer than 32 characters.");
    case Error::AccessCodeNotAscii:
        return QCoreApplication::translate("LoginPacket",
                                           "The access code may only contain printable ASCII "
                                           "characters (letters, digits, symbols).");
    }
    return {};
}

} // namespace LoginPacket
