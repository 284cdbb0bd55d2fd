// The ranks Sort by State orders the grid by: a printer changes place only once its new rank has
// held for a while, so that a connection that flaps every few seconds does not make its tile (and
// the ones around it) jump back and forth. Pure: ids and ranks in, settled ranks out, time from
// an injectable clock.
#pragma once

#include <QHash>
#include <QUuid>

#include <chrono>
#include <functional>

class SettledRanks final
{
public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;

    static constexpr std::chrono::milliseconds kDefaultHoldTime{10000};

    explicit SettledRanks(std::chrono::milliseconds holdTime = kDefaultHoldTime,
                          Clock clock = &std::chrono::steady_clock::now);

    // A printer's rank as its tile shows it now (TileOrder::attentionRank). A printer seen for the
    // first time takes its rank at once. A problem (TileOrder::isProblem) more urgent than the
    // settled rank also counts at once: a printer in trouble never waits behind a healthy one.
    // Any other change counts once it has held for the hold time without interruption (settle()).
    // Returns whether the settled rank changed now.
    bool observe(const QUuid &id, int rank);
    void remove(const QUuid &id);

    // Ranks that have held long enough become settled; returns whether any did.
    bool settle();
    // Every rank as observed last, at once (the user switched sorting on: no waiting).
    void settleAll();

    // TileOrder::UnknownRank for an id never observed.
    int rank(const QUuid &id) const;
    // Whether some change waits to be settled.
    bool hasPending() const;

private:
    struct Entry
    {
        int settled = 0;
        int pending = 0; // == settled: nothing waits
        std::chrono::steady_clock::time_point since; // when `pending` was first observed
    };

    std::chrono::milliseconds m_holdTime;
    Clock m_clock;
    QHash<QUuid, Entry> m_entries;
};
