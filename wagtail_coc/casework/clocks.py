"""A case's deadlines, and whether it keeps them, as pure functions of its times.

``deadlines_of`` takes when a case was received, whether that was during its event, when it was
first acknowledged, decided and closed, when the team last wrote to the reporter, and the
commitments read by ``commitments``; it gives each deadline and when it was met. Nothing here
reads the database or the clock: ``deadlines`` gathers the times, and tests give them by hand.

The status update is the one clock that runs again: it is due an interval after the case came
in, then the same interval after each message to the reporter, for as long as the case is open
(the PSF procedures ask for an update when a case runs past a week).
"""

import math
import statistics
from dataclasses import dataclass
from datetime import datetime

from wagtail_coc.casework.commitments import (
    ACKNOWLEDGE,
    CLOCKS,
    DECIDE,
    RESOLVE,
    UPDATE,
    Commitment,
    Duration,
)

MET = "met"
MET_LATE = "met_late"
OVERDUE = "overdue"
DUE_SOON = "due_soon"
RUNNING = "running"
# A deadline is due soon once less than this share of the time it allows remains: a quarter
# of an hour for a one-hour promise, six hours for a day, 42 hours for a week.
DUE_SOON_SHARE = 0.25


@dataclass(frozen=True)
class CaseTimes:
    received_at: datetime
    during_event: bool
    acknowledged_at: datetime | None = None
    decided_at: datetime | None = None
    closed_at: datetime | None = None
    last_update_at: datetime | None = None


@dataclass(frozen=True)
class Deadline:
    clock: str
    starts_at: datetime
    due_at: datetime
    met_at: datetime | None
    # None for the status update the PSF procedures ask for when no page promises one.
    commitment: Commitment | None

    def status(self, now: datetime) -> str:
        if self.met_at is not None:
            return MET if self.met_at <= self.due_at else MET_LATE
        if now > self.due_at:
            return OVERDUE
        if self.due_at - now <= (self.due_at - self.starts_at) * DUE_SOON_SHARE:
            return DUE_SOON
        return RUNNING


def deadlines_of(
    times: CaseTimes, commitments: dict[str, Commitment], update_interval: Duration
) -> list[Deadline]:
    """The case's deadlines, in the order of ``CLOCKS``; a clock no commitment sets for the
    case's period has none, except the status update, which falls back to
    ``update_interval``."""
    met = {ACKNOWLEDGE: times.acknowledged_at, DECIDE: times.decided_at, RESOLVE: times.closed_at}
    found = []
    for clock in CLOCKS:
        commitment = commitments.get(clock)
        duration = commitment.duration(times.during_event) if commitment else None
        if clock == UPDATE:
            if times.closed_at is not None:
                continue
            start = max(filter(None, (times.received_at, times.last_update_at)))
            found.append(Deadline(clock, start, (duration or update_interval).after(start),
                                  None, commitment if duration else None))  # fmt: skip
        elif duration is not None:
            found.append(Deadline(clock, times.received_at, duration.after(times.received_at),
                                  met[clock], commitment))  # fmt: skip
    return found


def most_urgent(deadlines: list[Deadline], now: datetime) -> tuple[str, Deadline] | None:
    """The status and deadline that matter most: overdue first, then due soon, then the next
    deadline running; ``None`` when every deadline is met."""
    waiting = [deadline for deadline in deadlines if deadline.met_at is None]
    for status in (OVERDUE, DUE_SOON, RUNNING):
        matching = [deadline for deadline in waiting if deadline.status(now) == status]
        if matching:
            return status, min(matching, key=lambda deadline: deadline.due_at)
    return None


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def percentile(values: list[float], share: float) -> float | None:
    """The nearest-rank percentile: the smallest value that ``share`` of the values do not
    exceed, always one of the values (no interpolation between two cases)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(1, math.ceil(share * len(ordered))) - 1]
