"""Reads the response-time commitments a Code of Conduct publishes into deadlines.

A procedure section lists commitments as a stage and a sentence ("Acknowledgement", "Within 1
hour during the event, 24 hours otherwise"). ``read_commitment`` tells which clock the
commitment sets (acknowledge, decide, update or resolve) and how long it allows, during the
event and otherwise. A sentence it cannot read gives ``None``, never an error: the admin then
names the commitment that set no deadline.

Pure Python, importable without Django, so the wordings are tested on plain strings;
``deadlines`` reads the pages and ``clocks`` turns durations into deadlines.

Readings worth knowing:

- When a sentence names several durations for the same period ("ideally within a day, at
  most 48 hours", "24 to 48 hours"), the longest is the deadline: it is what was promised,
  the rest is an aim.
- A duration without "during the event" or "otherwise" applies to both periods; one that says
  only "during the event" sets no deadline outside it.
- A business (or working) day skips Saturdays and Sundays, counted from the time the clock
  starts; public holidays are not known. A week is 7 days, a month 30 days.
"""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

ACKNOWLEDGE = "acknowledge"
DECIDE = "decide"
UPDATE = "update"
RESOLVE = "resolve"
CLOCKS = (ACKNOWLEDGE, DECIDE, UPDATE, RESOLVE)

MINUTES = "minutes"
HOURS = "hours"
DAYS = "days"
BUSINESS_DAYS = "business_days"

# The words of a stage that name its clock, tried in this order: "a resolution or an update
# within 7 days" promises an update, and a "final decision" is a decision.
STAGE_WORDS = (
    (UPDATE, re.compile(r"\b(?:update|status|progress|informed)")),
    (DECIDE, re.compile(r"\b(?:decid|decision|determination|outcome|verdict)")),
    (RESOLVE, re.compile(r"\b(?:resol|clos|conclu|final)")),
    (
        ACKNOWLEDGE,
        re.compile(r"\b(?:ack\b|acknowledg|receipt|confirm|first|initial|respon|repl|answer)"),
    ),
)

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "every": 1, "a couple of": 2, "couple of": 2, "two": 2, "three": 3,
    "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15, "twenty": 20,
    "twenty-four": 24, "thirty": 30, "forty-eight": 48, "seventy-two": 72,
}  # fmt: skip
# Each unit as (the unit it is counted in, how many of those one makes).
UNITS = {
    "business day": (BUSINESS_DAYS, 1), "working day": (BUSINESS_DAYS, 1),
    "work day": (BUSINESS_DAYS, 1), "workday": (BUSINESS_DAYS, 1), "weekday": (BUSINESS_DAYS, 1),
    "business week": (BUSINESS_DAYS, 5), "working week": (BUSINESS_DAYS, 5),
    "minute": (MINUTES, 1), "min": (MINUTES, 1),
    "hour": (HOURS, 1), "hr": (HOURS, 1), "h": (HOURS, 1),
    "day": (DAYS, 1), "d": (DAYS, 1),
    "week": (DAYS, 7), "wk": (DAYS, 7), "w": (DAYS, 7),
    "fortnight": (DAYS, 14), "month": (DAYS, 30),
}  # fmt: skip
# A fraction of a unit is counted in the next smaller one ("1.5 hours" is 90 minutes).
SMALLER = {HOURS: (MINUTES, 60), DAYS: (HOURS, 24)}

_NUMBER = r"\d+(?:[.,]\d+)?|" + "|".join(
    sorted((re.escape(word) for word in NUMBER_WORDS), key=len, reverse=True)
)
_UNIT = "|".join(sorted((re.escape(unit) for unit in UNITS), key=len, reverse=True))
DURATION = re.compile(
    rf"(?<![\w.])(?P<number>{_NUMBER})"
    rf"(?:\s*(?:-|\u2013|to)\s*(?P<upper>{_NUMBER}))?"
    rf"[\s-]*(?P<unit>{_UNIT})(?:e?s)?\b"
)
NEXT_DAY = re.compile(r"\b(?:next|following) (?:business|working|work) ?day\b")
HALF = re.compile(r"\bhalf (?:an? )?(?P<unit>hour|day)\b")
HALVES = {"hour": "30 minutes", "day": "12 hours"}

_GATHERING = r"(?:event|conference|con|meetup|summit|sprints?|festival|convention|workshop)"
# "Outside the event" and "after the conference" mention the event too: read first.
OTHERWISE = re.compile(
    r"\b(?:otherwise|outside(?: of)?(?: the| our| an?)?(?: \w+)? " + _GATHERING + r"|"
    r"(?:before|after)(?: (?:and|or) (?:before|after))?(?: the| our)? " + _GATHERING + r"|"
    r"(?:at )?(?:all )?other times|the rest of the year|between " + _GATHERING + r"s?|"
    r"at any other time)\b"
)
DURING_EVENT = re.compile(
    r"\b(?:(?:during|at|throughout|while)(?: the| our| an?| this)?(?: [\w-]+)? "
    + _GATHERING
    + r"|on[- ]site|"
    + _GATHERING
    + r" (?:hours|days))\b"
)
# Clauses end at punctuation and at the words joining two promises.
CLAUSE_BREAK = re.compile(r"[,;:()]|\.(?!\d)|\s(?:and|but|or|whereas)\s|\n")


@dataclass(frozen=True)
class Duration:
    amount: int
    unit: str

    def after(self, start: datetime) -> datetime:
        """When this long after ``start`` is over, a business day skipping weekends as they
        fall in ``start``'s own time zone."""
        if self.unit == MINUTES:
            return start + timedelta(minutes=self.amount)
        if self.unit == HOURS:
            return start + timedelta(hours=self.amount)
        if self.unit == DAYS:
            return start + timedelta(days=self.amount)
        end, remaining = start, self.amount
        while remaining:
            end += timedelta(days=1)
            if end.weekday() < 5:
                remaining -= 1
        return end

    def nominal_hours(self) -> float:
        """Its length in hours, a business day counted as a day: to compare with measures."""
        per_unit = {MINUTES: 1 / 60, HOURS: 1, DAYS: 24, BUSINESS_DAYS: 24}[self.unit]
        return self.amount * per_unit


@dataclass(frozen=True)
class Commitment:
    """A published commitment as read: which clock it sets and how long it allows."""

    clock: str
    stage: str
    text: str
    during_event: Duration | None
    otherwise: Duration | None

    def duration(self, during_event: bool) -> Duration | None:
        return self.during_event if during_event else self.otherwise


@dataclass(frozen=True)
class Reading:
    """What a page's commitments say: the first commitment for each clock, and the ones that
    could not be read, as (stage, text)."""

    commitments: dict[str, Commitment]
    not_understood: tuple[tuple[str, str], ...]


def clock_of(stage: str, text: str = "") -> str | None:
    """The clock a stage names, or failing that its commitment's sentence."""
    for words in (stage, text):
        lowered = (words or "").casefold()
        for clock, pattern in STAGE_WORDS:
            if pattern.search(lowered):
                return clock
    return None


def _number(word: str) -> float:
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    return float(word.replace(",", "."))


def _whole(amount: float, unit: str) -> Duration | None:
    """``amount`` of ``unit`` in whole units, a fraction counted in a smaller unit."""
    while amount != int(amount) and unit in SMALLER:
        unit, factor = SMALLER[unit]
        amount *= factor
    if amount != int(amount) or amount <= 0:
        return None
    return Duration(int(amount), unit)


def durations_in(text: str) -> list[Duration]:
    """Every duration a piece of text names; of a range, its upper end."""
    # Rewritten first, so "half an hour" is not also read as "an hour".
    lowered = NEXT_DAY.sub("1 business day", text.casefold())
    lowered = HALF.sub(lambda half: HALVES[half["unit"]], lowered)
    found = []
    for match in DURATION.finditer(lowered):
        unit, per = UNITS[match["unit"]]
        amount = _number(match["upper"] or match["number"]) * per
        if (duration := _whole(amount, unit)) is not None:
            found.append(duration)
    return found


def _period(clause: str) -> str | None:
    if OTHERWISE.search(clause):
        return "otherwise"
    if DURING_EVENT.search(clause):
        return "during_event"
    return None


def _clauses(text: str):
    """The text's clauses as (words, whether in parentheses)."""
    depth, start = 0, 0
    for match in CLAUSE_BREAK.finditer(text):
        yield text[start : match.start()], depth > 0
        depth += {"(": 1, ")": -1}.get(match.group(), 0)
        start = match.end()
    yield text[start:], depth > 0


def read_durations(text: str) -> tuple[Duration | None, Duration | None]:
    """How long ``text`` allows during the event and otherwise."""
    clauses = [
        {"durations": durations_in(words), "period": _period(words.casefold()), "aside": aside}
        for words, aside in _clauses(text or "")
        if words.strip()
    ]
    # "During the event, within 1 hour": a period on its own qualifies the next clause's
    # duration; "within 1 hour (during the event)" or a trailing one, the previous clause's.
    for index, clause in enumerate(clauses):
        if clause["durations"] or clause["period"] is None:
            continue
        neighbours = [index - 1] if clause["aside"] else [index + 1, index - 1]
        for other in neighbours:
            if 0 <= other < len(clauses):
                target = clauses[other]
                if target["durations"] and target["period"] is None:
                    target["period"] = clause["period"]
                    break
    by_period = {"during_event": [], "otherwise": [], None: []}
    for clause in clauses:
        by_period[clause["period"]] += clause["durations"]

    def longest(durations):
        return max(durations, key=Duration.nominal_hours, default=None)

    general = longest(by_period[None])
    return longest(by_period["during_event"]) or general, longest(by_period["otherwise"]) or general


def read_commitment(stage: str, text: str) -> Commitment | None:
    """The commitment ``stage`` and ``text`` publish, or ``None`` when either its clock or
    any duration cannot be read."""
    clock = clock_of(stage, text)
    during_event, otherwise = read_durations(text)
    if clock is None or (during_event is None and otherwise is None):
        return None
    return Commitment(clock, stage, text, during_event, otherwise)


def read_commitments(pairs) -> Reading:
    """Read (stage, text) pairs in order; the first commitment for a clock wins."""
    commitments, not_understood = {}, []
    for stage, text in pairs:
        commitment = read_commitment(stage, text)
        if commitment is None:
            not_understood.append((stage, text))
        else:
            commitments.setdefault(commitment.clock, commitment)
    return Reading(commitments, tuple(not_understood))
