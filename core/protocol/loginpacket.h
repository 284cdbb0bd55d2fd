// The 80-byte login a Bambu Lab P1/A1 printer expects right after the TLS handshake on port 6000.
#pragma once

#include <QByteArray>
#include <QString>

namespace LoginPacket {

inline constexpr qsizetype kSize = 80;
inline constexpr qsizetype kFieldSize = 32;
inline constexpr char kDefaultUser[] = "bblp";

enum class Error {
    None,
    EmptyUser,
    UserTooLong,
    UserNotAscii,
    EmptyAccessCode,
    AccessCodeTooLong,
    AccessCodeNotAscii,
};

struct Result
{
    QByteArray packet; // exactly kSize bytes when error == Error::None, empty otherwise
    Error error = Error::None;

    bool ok() const { return error == Error::None; }
};

// Checks a user name or access code: 1-32 printable ASCII characters (0x20-0x7e). A value that
// would not fit is rejected, never truncated: a truncated code would be rejected by the printer
// anyway, with a far less helpful message.
Error validateUser(const QString &user);
Error validateAccessCode(const QString &accessCode);

Result build(const QString &user, const QString &accessCode);

// A sentence for the user. Never contains the access code itself.
QString describe(Error error);

} // namespace LoginPacket
