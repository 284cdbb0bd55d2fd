// Turns a fuzz input into text fields for the string parsers (login packet, printer config,
// farmcam-grab's command line), in a form a person can write seeds in.
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <cstddef>
#include <cstdint>

namespace FuzzText {

// The first byte picks the encoding of the rest: even = UTF-8 (what settings files and command
// lines hold; invalid sequences become U+FFFD), odd = UTF-16LE (reaches every code unit, lone
// surrogates included). The text is then split into fields at '\n', so the seed "\0bblp\n1234"
// means the fields "bblp" and "1234". Missing fields are empty.
inline QStringList fields(const std::uint8_t *data, std::size_t size, int minimumCount)
{
    QString text;
    if (size > 0) {
        const char *bytes = reinterpret_cast<const char *>(data + 1);
        const qsizetype length = qsizetype(size - 1);
        if (data[0] % 2 == 0) {
            text = QString::fromUtf8(bytes, length);
        } else {
            text.resize(length / 2);
            for (qsizetype i = 0; i < text.size(); ++i) {
                const auto low = std::uint8_t(bytes[2 * i]);
                const auto high = std::uint8_t(bytes[2 * i + 1]);
                text[i] = QChar(char16_t(low | (high << 8)));
            }
        }
    }
    QStringList result = text.split(QLatin1Char('\n'));
    while (result.size() < minimumCount)
        result.append(QString());
    return result;
}

} // namespace FuzzText
