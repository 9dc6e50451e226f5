"""Find protected names, email addresses and phone numbers in HTML or text.

Names are matched with one Aho-Corasick automaton over folded text (see ``normalise``), so
the cost of a scan hardly depends on how many names are protected. Findings carry where
the match is, never need the protected name itself, and keep the matched text out of their
``repr`` so that logging a finding does not leak what it found.
"""

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

import ahocorasick
import phonenumbers
from phonenumbers import Leniency, PhoneNumberFormat, PhoneNumberMatcher

from .common_words import COMMON_WORDS
from .markup import PHONE_LINK_SCHEMES, Document, extract
from .normalise import fold, fold_phrase

NAME, EMAIL, PHONE = "name", "email", "phone"

# How a match was made, strongest first: when two protected entries fold to the same
# pattern the finding reports the strongest rule.
_NAME_RULES = ("name", "surname, given", "joined name", "handle", "surname")

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


def _distinctive(part: str) -> bool:
    letters = sum(char.isalnum() for char in part)
    return letters >= 2 and not part.isdigit() and part not in COMMON_WORDS


def name_patterns(entry: str) -> list[tuple[str, str]]:
    """Folded spellings under which ``entry`` is searched, each with its rule."""
    full = fold_phrase(entry)
    if not any(char.isalnum() for char in full):
        return []
    if full.count(",") == 1:
        # An entry written "Surname, Given" is the name "Given Surname".
        surname, given = (part.strip(" ") for part in full.split(","))
        full = f"{given} {surname}".strip(" ")
    patterns = [(full, "name")]
    if "'" in full:
        # O'Brien is also written OBrien and O Brien.
        patterns += [
            (full.replace("'", ""), "name"),
            (" ".join(full.replace("'", " ").split()), "name"),
        ]
    if full[0] == "@" and len(full) > 2:
        patterns.append((full[1:], "handle"))
    tokens = full.split(" ")
    if len(tokens) > 1:
        joined = "".join(tokens)
        if len(joined) >= 5:
            # CamelCase handles, slugs without separators, names split by zero-width spaces.
            patterns.append((joined, "joined name"))
        surname, given = tokens[-1], " ".join(tokens[:-1])
        patterns += [
            (f"{surname}, {given}", "surname, given"),
            (f"{surname},{given}", "surname, given"),
        ]
        if _distinctive(tokens[0]):
            # Without the comma, "Turner will" would read as Will Turner reversed.
            patterns.append((f"{surname} {given}", "surname, given"))
        if _distinctive(surname):
            patterns.append((surname, "surname"))
            if "'" in surname:
                patterns.append((surname.replace("'", ""), "surname"))
        if len(tokens) > 2 and _distinctive(tokens[-2]):
            patterns.append((" ".join(tokens[1:]), "surname"))
    return patterns


def _build_automaton(names: list[str]) -> ahocorasick.Automaton | None:
    best: dict[str, tuple[int, set[int]]] = {}
    for index, entry in enumerate(names):
        for pattern, rule in name_patterns(entry):
            rank = _NAME_RULES.index(rule)
            known = best.get(pattern)
            if known is None:
                best[pattern] = (rank, {index})
            else:
                known[1].add(index)
                if rank < known[0]:
                    best[pattern] = (rank, known[1])
    if not best:
        return None
    automaton = ahocorasick.Automaton()
    for pattern, (rank, indexes) in best.items():
        automaton.add_word(
            pattern,
            (
                len(pattern),
                _NAME_RULES[rank],
                tuple(sorted(indexes)),
                _needs_boundary(pattern[0]),
                _needs_boundary(pattern[-1]),
            ),
        )
    automaton.make_automaton()
    return automaton


# --- emails ------------------------------------------------------------------------------

_AT = r"(?:@|\s+@\s+|\s*[\[({<]\s*(?:at|@)\s*[\])}>]\s*|\s+at\s+)"
_DOT = r"(?:\.|\s*[\[({<]\s*(?:dot|\.)\s*[\])}>]\s*|\s+dot\s+)"
_LABEL = r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?"
_EMAIL = re.compile(
    rf"(?<![a-z0-9._%+-])(?P<local>[a-z0-9._%+-]++)(?P<at>{_AT})"
    rf"(?P<domain>{_LABEL}(?:{_DOT}{_LABEL})+)(?![a-z0-9-])",
    re.IGNORECASE,
)
_DOT_SPLIT = re.compile(_DOT, re.IGNORECASE)
# "logo@2x.png" in a srcset is a file name, not an address.
_FILE_SUFFIXES = frozenset(
    "avif css gif htm html ico jpeg jpg js json pdf png svg txt webp".split()
)
# Spelled-out forms ("name at example dot org") must end in a real-looking top-level domain,
# or ordinary prose such as "look at it dot by dot" would count.
_COMMON_TLDS = frozenset(
    "com org net edu gov mil int info biz io dev app ai co me eu name pro xyz online tech".split()
)
# Country domains that are also English words end spelled-out prose, not addresses.
_TWO_LETTER_WORDS = frozenset(
    "am an as at be by do go he hi if in is it my no of on or so to up us we".split()
)


def _email_parts(match: re.Match) -> tuple[str, bool] | None:
    """Canonical address and whether it was written in an obfuscated form, or None."""
    labels = _DOT_SPLIT.split(match.group("domain"))
    tld = labels[-1].lower()
    if not tld.isalpha() or not 2 <= len(tld) <= 24 or tld in _FILE_SUFFIXES:
        return None
    spelled_dots = len(labels) != match.group("domain").count(".") + 1
    if match.group("at").strip().lower() == "at" and not spelled_dots:
        # "the slides at pycon.example" is prose; "anna at pycon dot example" is an address.
        return None
    obfuscated = match.group("at") != "@" or spelled_dots
    if obfuscated and re.search(r"\s(?:at|dot)\s", match.group(), re.IGNORECASE):
        if tld not in _COMMON_TLDS and (len(tld) != 2 or tld in _TWO_LETTER_WORDS):
            return None
    local = match.group("local").strip(".")
    if not local:
        return None
    return f"{local}@{'.'.join(labels)}".lower(), obfuscated


def canonical_email(value: str) -> str | None:
    value = value.strip()
    if value.lower().startswith("mailto:"):
        value = value[7:].split("?", 1)[0]
    match = _EMAIL.fullmatch(value)
    parts = _email_parts(match) if match else None
    return parts[0] if parts else None


# --- phones ------------------------------------------------------------------------------

# The unbroken run of non-space characters that ends where a phone number starts, and the
# shapes of that run which mean the number is part of a web address.
_TOKEN_BEFORE = re.compile(r"[^\s<>\"'\x00]*$")
_URL_PREFIX = re.compile(r"[a-z][a-z0-9+.-]*://|www\.|[a-z0-9-]+(?:\.[a-z0-9-]+)+/", re.IGNORECASE)
_DATE = re.compile(
    r"(?:\d{4}[-./ ]\d{1,2}[-./ ]\d{1,2}|\d{1,2}[-./ ]\d{1,2}[-./ ]\d{2,4}"
    r"|(?:19|20)\d\d\s*[-/]\s*(?:(?:19|20)\d\d|\d\d))"
)
_DOTTED = re.compile(r"\d+(?:\.\d+)+")
_GROUPED_COUNT = re.compile(r"\d{1,3}(?:[ ,.\u00a0\u202f]\d{3})+")
_PHONE_PUNCTUATION = re.compile(r"[^\d+]")
_DIGIT = re.compile(r"\d")


def _not_a_phone(raw: str, number: phonenumbers.PhoneNumber) -> bool:
    """True for the number shapes that POSSIBLE leniency accepts but are not phone numbers."""
    digits = sum(char.isdigit() for char in raw)
    if digits < 7 or _DATE.fullmatch(raw):
        return True
    if _DOTTED.fullmatch(raw):
        groups = raw.split(".")
        # Versions and IP addresses: 3.11.7, 10.0.19041, 192.168.100.200.
        if any(len(group) == 1 or len(group) > 4 for group in groups[1:]):
            return True
        if len(groups) == 4 and all(len(group) <= 3 and int(group) <= 255 for group in groups):
            return True
    if not _PHONE_PUNCTUATION.search(raw) and not raw.startswith("+"):
        # A bare run of digits is a count or an identifier unless it is a full valid number.
        return digits < 10 or not phonenumbers.is_valid_number(number)
    return bool(_GROUPED_COUNT.fullmatch(raw)) and not phonenumbers.is_valid_number(number)


def canonical_phone(value: str, region: str) -> str | None:
    """E.164 form of ``value`` read in ``region``, or None if it is not a phone number."""
    value = value.strip()
    for scheme in PHONE_LINK_SCHEMES:
        if value.lower().startswith(scheme):
            value = value[len(scheme) :]
            break
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


# --- scanner -----------------------------------------------------------------------------


class Scanner:
    """Build once with the protected names, then :meth:`scan` any number of documents.

    ``names``: people's names, aliases or handles to find. ``allow``: public email
    addresses and phone numbers (a team alias, a hotline) that may appear. ``region``: the
    ISO country code used to read national phone formats.
    """

    def __init__(self, names: Iterable[str] = (), allow: Iterable[str] = (), region: str = "US"):
        region = (region or "").strip().upper()
        if region not in phonenumbers.SUPPORTED_REGIONS:
            raise ValueError(f"Unknown region {region!r}: use a two-letter country code.")
        self.region = region
        self._automaton = _build_automaton(list(names))
        self._allowed_emails: set[str] = set()
        self._allowed_phones: set[str] = set()
        for value in allow:
            email = canonical_email(value) if "@" in value else None
            phone = None if email else canonical_phone(value, region)
            if email:
                self._allowed_emails.add(email)
            elif phone:
                self._allowed_phones.add(phone)
            else:
                raise ValueError(
                    f"Allowed value {value!r} is neither an email address nor a phone number."
                )

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
        folded, offsets = fold(document.text)
        candidates = []
        for last, (length, rule, protected, left, right) in self._automaton.iter(folded):
            first = last - length + 1
            if left and first > 0 and folded[first - 1].isalnum():
                continue
            if right and last + 1 < len(folded) and folded[last + 1].isalnum():
                continue
            candidates.append((first, -length, rule, protected))
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
        text = document.text
        found = []
        for match in _EMAIL.finditer(text):
            parts = _email_parts(match)
            if parts is None:
                continue
            address, obfuscated = parts
            start = match.start()
            if text[max(0, start - 7) : start].lower() == "mailto:":
                rule = "mailto"
            else:
                rule = "obfuscated" if obfuscated else "address"
            allowed = address in self._allowed_emails
            found.append((start, match.end(), allowed, EMAIL, rule, ()))
        return found

    def _phones(self, document: Document) -> list[tuple]:
        text = document.text
        found = []
        for start, end in document.phone_links:
            phone = canonical_phone(text[start:end], self.region)
            digits = sum(char.isdigit() for char in text[start:end])
            # Short numbers in links (tel:911, tel:112) are emergency services, not people.
            if digits >= 7:
                allowed = phone in self._allowed_phones
                found.append((start, end, allowed, PHONE, "tel link", ()))
        if _DIGIT.search(text) is None:
            return found
        phone_text = document.phone_text()
        matcher = PhoneNumberMatcher(phone_text, self.region, leniency=Leniency.POSSIBLE)
        for match in matcher:
            if _not_a_phone(match.raw_string, match.number):
                continue
            before = _TOKEN_BEFORE.search(phone_text, max(0, match.start - 300), match.start)
            if _URL_PREFIX.match(before.group()):
                continue
            phone = phonenumbers.format_number(match.number, PhoneNumberFormat.E164)
            allowed = phone in self._allowed_phones
            found.append((match.start, match.end, allowed, PHONE, "number", ()))
        return found


def _line_starts(content: str) -> list[int]:
    starts = [0]
    position = content.find("\n")
    while position != -1:
        starts.append(position + 1)
        position = content.find("\n", position + 1)
    return starts
