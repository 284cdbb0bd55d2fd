#include "tileorder.h"

#include <algorithm>

namespace TileOrder {

int attentionRank(PrintState state, bool pausedForError, bool cameraTrouble, bool hasStatusProblem)
{
    if (state == PrintState::Failed)
        return FailedRank;
    if (state == PrintState::Paused && pausedForError)
        return PausedForErrorRank;
    if (cameraTrouble || hasStatusProblem)
        return TroubleRank;
    switch (state) {
    case PrintState::Paused:
        return PausedRank;
    case PrintState::Finished:
        return FinishedRank;
    case PrintState::Preparing:
    case PrintState::Printing:
        return PrintingRank;
    case PrintState::Idle:
        return IdleRank;
    case PrintState::Failed:
    case PrintState::Unknown:
        break;
    }
    return UnknownRank;
}

bool isProblem(int rank)
{
    return rank == FailedRank || rank == PausedForErrorRank || rank == TroubleRank;
}

QList<QUuid> sortedByAttention(const QList<QUuid> &userOrder, const QHash<QUuid, int> &ranks)
{
    QList<QUuid> sorted = userOrder;
    std::stable_sort(sorted.begin(), sorted.end(), [&ranks](const QUuid &a, const QUuid &b) {
        return ranks.value(a, UnknownRank) < ranks.value(b, UnknownRank);
    });
    return sorted;
}

} // namespace TileOrder
