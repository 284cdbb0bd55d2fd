// The words for a simulator's faults on the command line and in logs: one table per simulator,
// one way to read and spell it ("Garbage-Header", "garbage_header" and "GarbageHeader" are one).
#pragma once

#include <QString>
#include <QStringList>

namespace FaultNames {

template<typename Fault> struct Entry
{
    Fault fault;
    const char *name;
};

inline QString normalized(const QString &text)
{
    QString normalized = text.trimmed().toLower();
    normalized.remove(QLatin1Char('-'));
    normalized.remove(QLatin1Char('_'));
    normalized.remove(QLatin1Char(' '));
    return normalized;
}

template<typename Fault, std::size_t N> QString nameOf(const Entry<Fault> (&table)[N], Fault fault)
{
    for (const Entry<Fault> &entry : table) {
        if (entry.fault == fault)
            return QString::fromLatin1(entry.name);
    }
    return {};
}

// The table's first entry (no fault) with *ok false when `text` names none.
template<typename Fault, std::size_t N>
Fault fromString(const Entry<Fault> (&table)[N], const QString &text, bool *ok)
{
    const QString wanted = normalized(text);
    for (const Entry<Fault> &entry : table) {
        if (normalized(QString::fromLatin1(entry.name)) == wanted) {
            if (ok)
                *ok = true;
            return entry.fault;
        }
    }
    if (ok)
        *ok = false;
    return table[0].fault;
}

template<typename Fault, std::size_t N> QStringList namesOf(const Entry<Fault> (&table)[N])
{
    QStringList names;
    for (const Entry<Fault> &entry : table)
        names << QString::fromLatin1(entry.name);
    return names;
}

} // namespace FaultNames
