// The order of the grid when it is sorted by state: what needs someone first. Pure functions, so
// that the ranking and its stability can be tested without a window.
#pragma once

#include "status/printstatus.h"

#include <QHash>
#include <QList>
#include <QUuid>

namespace TileOrder {

// Lower ranks come first: a failed print, a print paused by the printer for an error, a printer in
// trouble (its camera failing or stale, or its status connection reporting a problem), a pause,
// a finished print (to be collected), a print on its way, an idle printer, nothing known.
enum Rank : int {
    FailedRank,
    PausedForErrorRank,
    TroubleRank,
    PausedRank,
    FinishedRank,
    PrintingRank,
    IdleRank,
    UnknownRank,
};

int attentionRank(PrintState state, bool pausedForError, bool cameraTrouble, bool hasStatusProblem);

// A failed print, a pause for an error, or a printer in trouble: what must never wait behind a
// printer that is fine.
bool isProblem(int rank);

// `userOrder` sorted by `ranks` (ascending); ids without a rank count as UnknownRank. Stable:
// printers of equal rank keep the user's order.
QList<QUuid> sortedByAttention(const QList<QUuid> &userOrder, const QHash<QUuid, int> &ranks);

} // namespace TileOrder
