// libFuzzer target for the login packet builder and its validators (protocol/loginpacket.h).
//
// Input: FuzzText fields (see fuzztext.h): user name, access code. Checks the validators against
// the rule they document (1-32 printable ASCII characters), and that a packet, when one is
// built, is exactly what PROTOCOL.md describes and carries the fields back unchanged.
#include "fuzzcheck.h"
#include "fuzztext.h"
#include "protocol/loginpacket.h"

#include <QtEndian>

#include <cstddef>
#include <cstdint>

namespace {

bool followsTheRule(const QString &value)
{
    if (value.isEmpty() || value.size() > LoginPacket::kFieldSize)
        return false;
    for (const QChar c : value) {
        if (c.unicode() < 0x20 || c.unicode() > 0x7e)
            return false;
    }
    return true;
}

// The bytes of a NUL-padded field up to its first NUL, as a printer reads them.
QByteArray field(const QByteArray &packet, qsizetype offset)
{
    const QByteArray bytes = packet.mid(offset, LoginPacket::kFieldSize);
    const qsizetype end = bytes.indexOf('\0');
    return end < 0 ? bytes : bytes.left(end);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QStringList fields = FuzzText::fields(data, size, 2);
    const QString &user = fields.at(0);
    const QString &code = fields.at(1);

    const LoginPacket::Error userError = LoginPacket::validateUser(user);
    const LoginPacket::Error codeError = LoginPacket::validateAccessCode(code);
    FUZZ_CHECK((userError == LoginPacket::Error::None) == followsTheRule(user));
    FUZZ_CHECK((codeError == LoginPacket::Error::None) == followsTheRule(code));
    // Each validator reports only errors about its own field.
    FUZZ_CHECK(userError == LoginPacket::Error::None || userError == LoginPacket::Error::EmptyUser
               || userError == LoginPacket::Error::UserTooLong
               || userError == LoginPacket::Error::UserNotAscii);
    FUZZ_CHECK(codeError == LoginPacket::Error::None
               || codeError == LoginPacket::Error::EmptyAccessCode
               || codeError == LoginPacket::Error::AccessCodeTooLong
               || codeError == LoginPacket::Error::AccessCodeNotAscii);
    // A sentence for every error (describe() takes no input: it cannot leak the code).
    FUZZ_CHECK(LoginPacket::describe(codeError).isEmpty()
               == (codeError == LoginPacket::Error::None));
    FUZZ_CHECK(LoginPacket::describe(userError).isEmpty()
               == (userError == LoginPacket::Error::None));

    const LoginPacket::Result result = LoginPacket::build(user, code);
    const LoginPacket::Error expected
        = userError != LoginPacket::Error::None ? userError : codeError;
    FUZZ_CHECK(result.error == expected);
    if (!result.ok()) {
        FUZZ_CHECK(result.packet.isEmpty()); // never a truncated or half-filled packet
        return 0;
    }

    const QByteArray &packet = result.packet;
    FUZZ_CHECK(packet.size() == LoginPacket::kSize);
    FUZZ_CHECK(qFromLittleEndian<quint32>(packet.constData()) == 0x40);
    FUZZ_CHECK(qFromLittleEndian<quint32>(packet.constData() + 4) == 0x3000);
    FUZZ_CHECK(qFromLittleEndian<quint32>(packet.constData() + 8) == 0);
    FUZZ_CHECK(qFromLittleEndian<quint32>(packet.constData() + 12) == 0);
    FUZZ_CHECK(field(packet, 16) == user.toLatin1());
    FUZZ_CHECK(field(packet, 16 + LoginPacket::kFieldSize) == code.toLatin1());
    // NUL padding, nothing after the values.
    for (qsizetype i = 16 + user.size(); i < 16 + LoginPacket::kFieldSize; ++i)
        FUZZ_CHECK(packet.at(i) == '\0');
    for (qsizetype i = 16 + LoginPacket::kFieldSize + code.size(); i < LoginPacket::kSize; ++i)
        FUZZ_CHECK(packet.at(i) == '\0');
    return 0;
}
