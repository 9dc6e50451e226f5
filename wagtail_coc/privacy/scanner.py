"""Find protected names, email addresses and phone numbers in HTML or text.

Names are matched with one Aho-Corasick automaton over folded text (see ``normalise``), so
the cost of a scan hardly depends on how many names are protected. Which spellings of a name
are searched, and what a match of an ordinary word needs around it, is ``names``' business.
Findings carry where the match is, never need the protected name itself, and keep the
matched text out of their ``repr`` so that logging a finding does not leak what it found.
"""

import gc
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

import ahocorasick

from . import names as name_rules
from .contacts import (
    EmailMatch,
    canonical_email,
    canonical_phone,
    find_emails,
    find_messaging_links,
    find_phone_numbers,
    normalise_regions,
    phone_link_readings,
)
from .markup import URL_ATTRIBUTES, Document, extract
from .names import RULES, name_patterns
from .normalise import OffsetMap, fold

__all__ = [
    "EMAIL",
    "NAME",
    "PHONE",
    "EmailMatch",
    "Finding",
    "Scanner",
    "canonical_email",
    "canonical_phone",
    "name_patterns",
]

NAME, EMAIL, PHONE = "name", "email", "phone"

_KIND_LABELS = {NAME: "protected name", EMAIL: "email address", PHONE: "phone number"}


@dataclass(frozen=True)
class Finding:
    """One match. ``start``/``end`` are offsets in the scanned input; ``line``/``column`` are
    1-based. ``context`` is ``"text"``, ``"comment"``, ``"attribute:<name>"`` or the
    script/style element. ``matched`` is the text found, as a reader sees it (entities
    decoded, tags removed); it is sensitive, so it is left out of ``repr`` and of
    :meth:`describe`. ``protected`` lists the indexes of the matching ``names`` entries.
    """

    kind: str
    rule: str
    start: int
    end: int
    line: int
    column: int
    context: str
    matched: str = field(repr=False)
    protected: tuple[int, ...] = ()

    def describe(self) -> str:
        """A message safe to log or show publicly: what and where, not the matched text."""
        return (
            f"line {self.line}, column {self.column}: {_KIND_LABELS[self.kind]} "
            f"({self.rule}) in {self.context}"
        )

    def as_dict(self, *, include_matched: bool = False) -> dict:
        data = {
            "kind": self.kind,
            "rule": self.rule,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "column": self.column,
            "context": self.context,
        }
        if self.kind == NAME:
            data["protected"] = list(self.protected)
        if include_matched:
            data["matched"] = self.matched
        return data


# --- names -------------------------------------------------------------------------------

# Scripts written without spaces between words: a name there has no word boundary to check.
_SPACELESS = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff]")


def _needs_boundary(char: str) -> bool:
    return char.isalnum() and not _SPACELESS.match(char)


def _collect_patterns(names: list[str]) -> dict[str, list]:
    """pattern -> [rank of the strongest rule, entry indexes, gates]."""
    best: dict[str, list] = {}
    for index, entry in enumerate(names):
        for pattern, rule, gate in name_patterns(entry):
            rank = RULES.index(rule)
            known = best.get(pattern)
            if known is None:
                best[pattern] = [rank, {index}, {gate}]
            else:
                known[0] = min(known[0], rank)
                known[1].add(index)
                known[2].add(gate)
    return best


def _build_automaton(names: list[str]) -> ahocorasick.Automaton | None:
    # Tens of thousands of small containers, none of them cyclic: the cyclic garbage
    # collector would only rescan them over and over (about 40% of the build time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        best = _collect_patterns(names)
    finally:
        if collecting:
            gc.enable()
    if not best:
        return None
    automaton = ahocorasick.Automaton()
    for pattern, (rank, indexes, gates) in best.items():
        automaton.add_word(
            pattern,
            (
                len(pattern),
                RULES[rank],
                tuple(sorted(indexes)),
                _needs_boundary(pattern[0]),
                _needs_boundary(pattern[-1]),
                frozenset(gates),
                " " not in pattern.strip(" "),
            ),
        )
    automaton.make_automaton()
    return automaton


def _passes(
    document: Document, folded: str, offsets: OffsetMap, first: int, end: int, gates
) -> bool:
    """Whether the text around a folded match shows what one of its gates asks."""
    text = document.text
    start, stop = offsets.start(first), offsets.end(end)
    for gate in gates:
        if gate == name_rules.CAPITALISED:
            if " " in folded[first:end]:
                # A slug in a link ("/speakers/mark-bishop/") is written in lower case.
                context = document.stream_at(start).context
                if context.startswith("attribute:") and context[10:] in URL_ATTRIBUTES:
                    return True
            if name_rules.capitalised(text, start, stop):
                return True
        elif gate == name_rules.PROPER:
            if name_rules.proper(text, start, stop):
                return True
        elif gate == name_rules.HANDLE_SHAPE:
            if not any(char.isspace() for char in text[start:stop]):
                return True
    return False


class Scanner:
    """Build once with the protected names, then :meth:`scan` any number of documents.

    ``names``: people's names, aliases or handles to find. ``allow``: public email
    addresses and phone numbers (a team alias, a hotline) that may appear. ``region``: the
    ISO country code used to read national phone formats. ``regions``: several such codes,
    for an international event where people write their own countries' formats (the first
    is the main one); ``region``, when also given, comes first. Without either, ``"US"``.
    """

    def __init__(
        self,
        names: Iterable[str] = (),
        allow: Iterable[str] = (),
        region: str | None = None,
        *,
        regions: Iterable[str] | None = None,
    ):
        self.regions: tuple[str, ...] = normalise_regions(region, regions)
        self.region = self.regions[0]
        self._automaton = _build_automaton(list(names))
        self._allowed_emails: set[str] = set()
        self._allowed_phones: set[str] = set()
        for value in allow:
            email = canonical_email(value) if "@" in value else None
            phones = set() if email else self._read_phone(value)
            if email:
                self._allowed_emails.add(email)
            elif phones:
                self._allowed_phones.update(phones)
            else:
                raise ValueError(
                    f"Allowed value {value!r} is neither an email address nor a phone number."
                )

    def _read_phone(self, value: str) -> set[str]:
        readings = {canonical_phone(value, region) for region in self.regions}
        return {reading for reading in readings if reading}

    def scan(self, content: str, *, html: bool | None = None) -> list[Finding]:
        """Findings in ``content``, in order. ``html=None`` detects HTML by its tags."""
        document = extract(content, html)
        raw = self._emails(document) + self._phones(document)
        allowed_spans = [(start, end) for start, end, allowed, *_ in raw if allowed]
        raw = [item for item in raw if not item[2]]
        raw += [
            item
            for item in self._names(document)
            if not any(start <= item[0] and item[1] <= end for start, end in allowed_spans)
        ]
        line_starts = _line_starts(content) if raw else []
        findings = []
        for start, end, _, kind, rule, protected in raw:
            source_start = document.offsets.start(start)
            source_end = document.offsets.end(end)
            line = bisect_right(line_starts, source_start)
            findings.append(
                Finding(
                    kind=kind,
                    rule=rule,
                    start=source_start,
                    end=source_end,
                    line=line,
                    column=source_start - line_starts[line - 1] + 1,
                    context=document.stream_at(start).context,
                    matched=document.text[start:end],
                    protected=protected,
                )
            )
        findings.sort(key=lambda finding: (finding.start, finding.end, finding.kind))
        return findings

    # Each helper returns (start, end, allowed, kind, rule, protected) in document offsets.

    def _names(self, document: Document) -> list[tuple]:
        if self._automaton is None:
            return []
        text = document.text
        folded, offsets = fold(text)
        candidates = []
        for last, payload in self._automaton.iter(folded):
            length, rule, protected, left, right, gates, single = payload
            first = last - length + 1
            end = last + 1
            if left and first > 0 and folded[first - 1].isalnum():
                continue
            if right and end < len(folded) and folded[end].isalnum():
                continue
            if rule == "surname" or (single and rule == "name"):
                # A title or an initial makes a lone surname a person, however ordinary the
                # word: "Ms Hill", "J. Smith".
                title = name_rules.title_before(folded, first)
                if title is not None and name_rules.title_written(
                    text, offsets.start(title[0]), title[1], gates
                ):
                    candidates.append((title[0], title[0] - end, title[1], protected))
                    continue
            if name_rules.ALWAYS in gates or _passes(document, folded, offsets, first, end, gates):
                candidates.append((first, first - end, rule, protected))
        candidates.sort()
        found = []
        covered = -1
        for first, negative_length, rule, protected in candidates:
            if first <= covered:
                continue
            covered = first - negative_length - 1
            found.append(
                (offsets.start(first), offsets.end(covered + 1), False, NAME, rule, protected)
            )
        return found

    def _emails(self, document: Document) -> list[tuple]:
        found = []
        for match in find_emails(document.text):
            allowed = match.address in self._allowed_emails
            found.append((match.start, match.end, allowed, EMAIL, match.rule, ()))
        return found

    def _phones(self, document: Document) -> list[tuple]:
        text = document.text
        found = []
        for start, end in document.phone_links:
            readings = phone_link_readings(text[start:end], self.regions)
            if readings is not None:
                allowed = bool(readings & self._allowed_phones)
                found.append((start, end, allowed, PHONE, "tel link", ()))
        for start, end, number in find_messaging_links(text):
            allowed = number in self._allowed_phones
            found.append((start, end, allowed, PHONE, "messaging link", ()))
        taken = [(start, end) for start, end, *_ in found]
        for start, end, numbers in find_phone_numbers(document.phone_text(), self.regions):
            if any(start < other_end and other_start < end for other_start, other_end in taken):
                continue
            allowed = bool(numbers & self._allowed_phones)
            found.append((start, end, allowed, PHONE, "number", ()))
        return found


def _line_starts(content: str) -> list[int]:
    starts = [0]
    position = content.find("\n")
    while position != -1:
        starts.append(position + 1)
        position = content.find("\n", position + 1)
    return starts
