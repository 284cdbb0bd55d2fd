#include "settledranks.h"

#include "tileorder.h"

#include <utility>

SettledRanks::SettledRanks(std::chrono::milliseconds holdTime, Clock clock)
    : m_holdTime(holdTime)
    , m_clock(std::move(clock))
{ }

bool SettledRanks::observe(const QUuid &id, int rank)
{
    const auto it = m_entries.find(id);
    if (it == m_entries.end()) {
        m_entries.insert(id, Entry{rank, rank, m_clock()});
        return true;
    }
    Entry &entry = *it;
    if (rank == entry.settled) {
        entry.pending = rank; // back where it was: the change did not hold
        return false;
    }
    if (TileOrder::isProblem(rank) && rank < entry.settled) {
        entry.settled = entry.pending = rank;
        return true;
    }
    if (rank != entry.pending) {
        entry.pending = rank;
        entry.since = m_clock();
    }
    return false;
}

void SettledRanks::remove(const QUuid &id)
{
    m_entries.remove(id);
}

bool SettledRanks::settle()
{
    const auto now = m_clock();
    bool changed = false;
    for (Entry &entry : m_entries) {
        if (entry.pending != entry.settled && now - entry.since >= m_holdTime) {
            entry.settled = entry.pending;
            changed = true;
        }
    }
    return changed;
}

void SettledRanks::settleAll()
{
    for (Entry &entry : m_entries)
        entry.settled = entry.pending;
}

int SettledRanks::rank(const QUuid &id) const
{
    const auto it = m_entries.constFind(id);
    return it == m_entries.cend() ? int(TileOrder::UnknownRank) : it->settled;
}

bool SettledRanks::hasPending() const
{
    for (const Entry &entry : m_entries) {
        if (entry.pending != entry.settled)
            return true;
    }
    return false;
}
