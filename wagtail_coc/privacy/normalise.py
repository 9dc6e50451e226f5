"""Fold text so that spellings of one name compare equal, and remember where each piece came from.

The folded text is what the name matcher searches. Folding changes lengths (``ß`` becomes
``ss``, runs of spaces become one, zero-width characters vanish), so every call returns an
:class:`OffsetMap` that turns folded offsets back into offsets of the text it was given.

Look-alike letters from other scripts fold to the Latin letters they imitate: "Anna" written
with a Cyrillic A (U+0410), "Kowalska" with a Greek Kappa (U+039A). The mapping is the
confusables data of Unicode's UTS #39 (``confusables.txt``, whose skeleton maps each
confusable character to a prototype), as shipped by ``confusable-homoglyphs``: a small
pure-Python package without dependencies, maintained (3.3.1, 2024), used by
django-registration, that keeps the Unicode data as JSON. (The other candidate on PyPI,
``confusables``, has had no release since 2021.) Only letters of other scripts whose
prototype is made of ASCII letters are mapped, never Latin text itself: the full skeleton
also maps "rn" to "m" and "I" to "l", which would make ordinary words collide. Each character
folds on its own, so the offsets of every finding still point at the look-alike characters
in the input.
"""

import re
import unicodedata
from bisect import bisect_right
from functools import cache, lru_cache

from anyascii import anyascii

# Invisible characters that may sit inside a name without changing what a reader sees.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
# Dashes and underscores separate name parts like spaces do: "Anna-Maria", slugs, handles.
_DASHES = "-_\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_APOSTROPHES = "'`\u2018\u2019\u201b\u02bc\u02b9\u02bb\u00b4\u2032\uff07"
# Never produced by folding and never part of a pattern, so no match can cross it.
STREAM_BREAK = "\x00"

_NON_ASCII_RUNS = re.compile(r"([^\x00-\x7f]+)")
_CACHE: dict[str, str] = {}
# str.translate table for characters that fold to exactly one character.
_TABLE: dict[int, str] = {}
# Characters that fold to zero or several characters; handled by a regular expression.
_VARIABLE: set[str] = set()


# Scripts whose look-alikes are left alone (Hangul I, Arabic alef, Hebrew vav, Malayalam ttha
# look like l or o): in text written in them they are ordinary letters of words that must not
# turn into Latin ones.
_OWN_TEXT_SCRIPTS = tuple(
    """ARABIC BENGALI BOPOMOFO CJK DEVANAGARI ETHIOPIC GUJARATI GURMUKHI HALFWIDTH HANGUL
    HEBREW HIRAGANA IDEOGRAPHIC KANNADA KATAKANA KHMER LAO MALAYALAM MYANMAR NKO ORIYA
    SINHALA SYRIAC TAMIL TELUGU THAANA THAI TIBETAN TIRHUTA YI""".split()
)


@cache
def latin_look_alikes() -> dict[str, str]:
    """Characters of other scripts mapped to the ASCII letters they imitate (UTS #39 data)."""
    from confusable_homoglyphs.confusables import confusables_data

    table = {}
    for char, homoglyphs in confusables_data.items():
        if len(char) != 1 or char.isascii():
            continue
        if not unicodedata.category(char).startswith("L"):
            continue
        if unicodedata.name(char, "").startswith(_OWN_TEXT_SCRIPTS):
            continue
        # confusables.txt maps a source character to exactly one prototype; the JSON lists
        # both directions, so a source character has the prototype as its only ASCII entry.
        prototypes = [
            entry["c"] for entry in homoglyphs if entry["c"].isascii() and entry["c"].isalpha()
        ]
        if len(prototypes) != 1:
            continue
        prototype = prototypes[0]
        if prototype == "l" and char.isupper():
            # The prototype of capital I is lower-case l; a capital look-alike (Cyrillic
            # U+0406, Greek Iota) stands for I, which folds to i.
            prototype = "I"
        table[char] = prototype
    return table


def _look_alike(char: str) -> str | None:
    if char.isascii():
        return None
    prototype = latin_look_alikes().get(char)
    if prototype is None or unicodedata.name(char, "").startswith("LATIN"):
        # Latin letters keep their own meaning (dotless i is i, l with stroke is l) through
        # anyascii below;
        # the table only serves those that anyascii cannot spell as a letter.
        if prototype is not None and not anyascii(char).isalpha():
            return prototype
        return None
    return prototype


def _fold_char(char: str) -> str:
    if char == STREAM_BREAK:
        return char
    if char in ZERO_WIDTH:
        return ""
    if char.isspace() or char in _DASHES:
        return " "
    if char in _APOSTROPHES:
        return "'"
    if char.isascii():
        return char.lower()
    look_alike = _look_alike(char)
    if look_alike is not None:
        return look_alike.lower()
    decomposed = "".join(
        part for part in unicodedata.normalize("NFKD", char) if not unicodedata.combining(part)
    )
    # Letters such as Ł, ø or đ do not decompose; anyascii spells them in ASCII. Look-alikes
    # from other scripts become the Latin letter they imitate (Cyrillic io is Cyrillic ie with
    # a diaeresis, which looks like e). Other letters keep their script so that a name written
    # in it still matches itself.
    out = []
    for part in decomposed:
        if not part.isascii():
            look_alike = _look_alike(part)
            if look_alike is not None:
                part = look_alike
            elif unicodedata.name(part, "").startswith("LATIN"):
                part = anyascii(part)
        out.append(part)
    folded = "".join(out).casefold()
    if folded in (" ", "'") or not folded:
        return folded
    return "".join(_fold_char(part) if part.isascii() else part for part in folded)


def _learn(char: str) -> None:
    folded = _fold_char(char)
    _CACHE[char] = folded
    if len(folded) == 1:
        _TABLE[ord(char)] = folded
    else:
        _VARIABLE.add(char)


for _code in range(128):
    _learn(chr(_code))
for _char in ZERO_WIDTH:
    _learn(_char)


@lru_cache(maxsize=256)
def _rewrites(variable: frozenset[str]) -> re.Pattern:
    # After translation every separator is a plain space; runs of them collapse to one.
    # A single space is left alone so that ordinary text needs no rewriting at all.
    alternatives = [f"[ {ZERO_WIDTH}]{{2,}}", f"[{ZERO_WIDTH}]"]
    others = "".join(sorted(variable - set(ZERO_WIDTH)))
    if others:
        alternatives.append(f"[{re.escape(others)}]")
    return re.compile("|".join(alternatives))


class OffsetMap:
    """Piecewise map from offsets in a derived text to offsets in the text it came from.

    Each piece is ``(start, length, source_start, source_length, exact)``. Exact pieces
    correspond character for character; any other piece maps as a whole onto its source span.
    """

    __slots__ = ("_pieces", "_starts")

    def __init__(self, pieces: list[tuple[int, int, int, int, bool]]):
        self._pieces = pieces
        self._starts = [piece[0] for piece in pieces]

    def start(self, offset: int) -> int:
        start, _, source, _, exact = self._pieces[bisect_right(self._starts, offset) - 1]
        return source + (offset - start) if exact else source

    def end(self, offset: int) -> int:
        """Source offset just after the derived character at ``offset - 1``."""
        last = offset - 1
        start, _, source, source_length, exact = self._pieces[bisect_right(self._starts, last) - 1]
        return source + (last - start) + 1 if exact else source + source_length


def fold(text: str) -> tuple[str, OffsetMap]:
    """Case-, accent-, apostrophe-, dash- and space-insensitive form of ``text``."""
    present_variable: frozenset[str] = frozenset()
    if text.isascii():
        translated = text.translate(_TABLE)
    else:
        chars = set(text)
        for char in chars:
            if char not in _CACHE:
                _learn(char)
        present_variable = frozenset(chars & _VARIABLE)
        # str.translate is fast only on ASCII input, so translate ASCII runs separately.
        translated = "".join(part.translate(_TABLE) for part in _NON_ASCII_RUNS.split(text))
    pieces: list[tuple[int, int, int, int, bool]] = []
    parts: list[str] = []
    folded_length = 0
    done = 0
    for match in _rewrites(present_variable).finditer(translated):
        begin, finish = match.span()
        if begin > done:
            parts.append(translated[done:begin])
            pieces.append((folded_length, begin - done, done, begin - done, True))
            folded_length += begin - done
        chunk = match.group()
        if len(chunk) > 1 or chunk in ZERO_WIDTH:
            replacement = " " if " " in chunk else ""
        else:
            replacement = _CACHE[chunk]
        if replacement:
            parts.append(replacement)
            pieces.append((folded_length, len(replacement), begin, finish - begin, False))
            folded_length += len(replacement)
        done = finish
    if done < len(translated) or not pieces:
        parts.append(translated[done:])
        pieces.append((folded_length, len(translated) - done, done, len(translated) - done, True))
    return "".join(parts), OffsetMap(pieces)


def fold_phrase(text: str) -> str:
    """Folded form of a short phrase such as a protected name, trimmed."""
    return fold(text)[0].strip(" ")
