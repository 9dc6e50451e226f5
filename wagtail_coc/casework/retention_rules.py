"""How long a closed case is kept: the arithmetic of the retention policy, in plain Python.

The defaults are the Django Code of Conduct working group's former records policy: a report
that was not a violation is not kept; a resolved case is kept 14 months; a flagged one 26
months; a ban for its length plus 26 months. A newer case about the same person extends the
older ones. ``retention.py`` gathers the facts from the database and applies these rules; this
module imports nothing of Django, so every rule is tested on plain values.

How the case's record maps to the policy (strongest wins, per person reported):

* a permanent ban is kept indefinitely: "the length of the ban plus 26 months" never ends, and
  the record is what enforces the ban. A ban that is lifted is recorded as a temporary ban
  ending on the day it was lifted;
* a temporary ban is kept until its end date plus the "after a ban" period; without an end date
  the ban is taken to end when the case closed;
* a warning, or any case the team marked as a repeat risk, is *flagged*;
* any other consequence (a correction, advice, no action, handled by others...) and a case
  resolved without one is *resolved*;
* a case closed as not a violation or out of scope, with no consequence for anyone, is *not a
  violation*: it expires when it closes (the purge still warns the team 7 days first).
"""

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

# The keys of ``transparency.models.Outcome`` and of casework's closing states; they never
# change, so statistics add up across years (a test checks they still exist).
PERMANENT_BAN = "permanent_ban"
TEMPORARY_BAN = "temporary_ban"
FLAGGING = frozenset({"warning"})
NOT_A_VIOLATION = frozenset({"not_a_violation"})
NOT_A_VIOLATION_STATES = frozenset({"not_a_violation", "out_of_scope"})
# The team is told this many days before a case is purged, and a case is never purged sooner
# after the warning.
WARNING_DAYS = 7


class Rule(StrEnum):
    """Which period of the policy applies; the order is from shortest to longest."""

    NOT_A_VIOLATION = "not_a_violation"
    RESOLVED = "resolved"
    FLAGGED = "flagged"
    BANNED = "banned"
    PERMANENT_BAN = "permanent_ban"


class Because(StrEnum):
    """Why a case is kept until the date it is kept until (or indefinitely)."""

    OPEN = "open"
    POLICY = "policy"
    KEPT_LONGER = "kept_longer"
    NEWER_CASE = "newer_case"
    NEWER_CASE_OPEN = "newer_case_open"
    PERMANENT_BAN = "permanent_ban"


@dataclass(frozen=True)
class Periods:
    """The retention periods, in months."""

    not_a_violation: int = 0
    resolved: int = 14
    flagged: int = 26
    after_ban: int = 26


@dataclass(frozen=True)
class Person:
    """A person a case reported, with their consequence and, for a temporary ban, its end."""

    consequence: str = ""
    ban_until: datetime.date | None = None


@dataclass(frozen=True)
class CaseFacts:
    """What the policy needs to know of a case. ``closed_on`` is None while the case is open;
    ``received`` orders cases, to tell a newer case about the same person."""

    number: int
    received: datetime.datetime
    state: str
    closed_on: datetime.date | None
    people: tuple[Person, ...] = ()
    repeat_risk: bool = False
    kept_until: datetime.date | None = None
    periods: Periods = field(default_factory=Periods)


@dataclass(frozen=True)
class Retention:
    """Until when a case is kept (None: it is not due for purging) and why."""

    expires_on: datetime.date | None
    because: Because
    rule: Rule | None = None


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus ``months`` calendar months; the 31st becomes the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def rule_for(consequence: str, state: str, repeat_risk: bool = False) -> Rule:
    """The policy period for one consequence (empty: none) in a case closed as ``state``."""
    if consequence == PERMANENT_BAN:
        return Rule.PERMANENT_BAN
    if consequence == TEMPORARY_BAN:
        return Rule.BANNED
    if consequence in FLAGGING or repeat_risk:
        return Rule.FLAGGED
    if consequence in NOT_A_VIOLATION or (not consequence and state in NOT_A_VIOLATION_STATES):
        return Rule.NOT_A_VIOLATION
    return Rule.RESOLVED


def expiry_for(
    rule: Rule,
    closed_on: datetime.date,
    periods: Periods,
    ban_until: datetime.date | None = None,
) -> datetime.date | None:
    """The day a case closed on ``closed_on`` expires under ``rule``; None: never."""
    if rule == Rule.PERMANENT_BAN:
        return None
    if rule == Rule.BANNED:
        return add_months(max(ban_until or closed_on, closed_on), periods.after_ban)
    months = {
        Rule.NOT_A_VIOLATION: periods.not_a_violation,
        Rule.RESOLVED: periods.resolved,
        Rule.FLAGGED: periods.flagged,
    }[rule]
    return add_months(closed_on, months)


def own_retention(case: CaseFacts) -> Retention:
    """How long ``case`` is kept on its own: the longest period any person it reported gets
    (or, when nobody got a consequence, how the case closed), extended by a decision to keep
    it longer."""
    if case.closed_on is None:
        return Retention(None, Because.OPEN)
    candidates = [
        (rule_for(person.consequence, case.state, case.repeat_risk), person.ban_until)
        for person in case.people
        if person.consequence
    ]
    # Without a consequence for anyone, how the case closed decides.
    candidates = candidates or [(rule_for("", case.state, case.repeat_risk), None)]
    rule, expires_on = None, None
    for candidate, ban_until in candidates:
        if candidate == Rule.PERMANENT_BAN:
            return Retention(None, Because.PERMANENT_BAN, Rule.PERMANENT_BAN)
        day = expiry_for(candidate, case.closed_on, case.periods, ban_until)
        if expires_on is None or day > expires_on:
            rule, expires_on = candidate, day
    if case.kept_until is not None and case.kept_until > expires_on:
        return Retention(case.kept_until, Because.KEPT_LONGER, rule)
    return Retention(expires_on, Because.POLICY, rule)


def retention(case: CaseFacts, related: Iterable[CaseFacts] = ()) -> Retention:
    """How long ``case`` is kept, given the other cases about the same person (``related``):
    a newer one extends it to its own end, and while a newer one is open it is kept."""
    own = own_retention(case)
    if own.expires_on is None:
        return own
    result = own
    for other in related:
        if (other.received, other.number) <= (case.received, case.number):
            continue
        theirs = own_retention(other)
        if theirs.expires_on is None:
            because = Because.NEWER_CASE_OPEN if theirs.because == Because.OPEN else theirs.because
            return Retention(None, because, own.rule)
        if theirs.expires_on > result.expires_on:
            result = Retention(theirs.expires_on, Because.NEWER_CASE, own.rule)
    return result


def purge_date(
    expires_on: datetime.date | None, announced_for: datetime.date | None, today: datetime.date
) -> datetime.date | None:
    """The day a case will be purged: its expiry, but never sooner than ``WARNING_DAYS`` after
    the team was warned. ``announced_for`` is the day the warning named, if one was sent."""
    if expires_on is None:
        return None
    if announced_for is not None and announced_for >= expires_on:
        return announced_for
    return max(expires_on, today + datetime.timedelta(days=WARNING_DAYS))


def due(
    expires_on: datetime.date | None, announced_for: datetime.date | None, today: datetime.date
) -> str:
    """What today's run does with a case: ``"purge"``, ``"warn"`` or ``""`` (nothing).

    A case is purged only on or after the day a warning announced, and a new warning goes out
    when the case was kept longer than the day announced."""
    if expires_on is None:
        return ""
    if announced_for is not None and expires_on <= announced_for:
        return "purge" if announced_for <= today else ""
    if expires_on <= today + datetime.timedelta(days=WARNING_DAYS):
        return "warn"
    return ""
