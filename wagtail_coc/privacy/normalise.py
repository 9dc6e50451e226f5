"""Fold text so that spellings of one name compare equal, and remember where each piece came from.

The folded text is what the name matcher searches. Folding changes lengths (``ß`` becomes
``ss``, runs of spaces become one, zero-width characters vanish), so every call returns an
:class:`OffsetMap` that turns folded offsets back into offsets of the text it was given.
"""

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache

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
    decomposed = "".join(
        part for part in unicodedata.normalize("NFKD", char) if not unicodedata.combining(part)
    )
    # Letters such as Ł, ø or đ do not decompose; anyascii spells them in ASCII. Other
    # scripts keep their letters so that a name written in them still matches itself.
    out = []
    for part in decomposed:
        if not part.isascii() and unicodedata.name(part, "").startswith("LATIN"):
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
