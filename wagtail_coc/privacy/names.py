"""Spellings under which a protected name is searched, and the evidence a match needs.

An entry of the register is searched in full and in the shorter forms people actually write:
"surname, given", the surname alone, one half of a double-barrelled surname ("García" or
"López" for María García-López), the given name with the first surname only (Spanish
"María García" for María García López), or with the last one (Portuguese "João Silva" for
João Pereira da Silva), and a surname after a title ("Ms López", "Dr. Silva").

Each spelling carries a gate (``ALWAYS``, ``CAPITALISED``, ...): what the text around a
match must show before it is reported. A part that is not an English word ("Kowalska")
needs nothing; a part that is an ordinary word ("Hill", "Said", "An") needs to be written as
a name, and a word such texts always capitalise ("Code", "Monday") needs a title. See
``common_words.word_tier``.
"""

import re
from functools import lru_cache

from .common_words import (
    COMMON_WORDS,
    EAST_ASIAN_SURNAMES,
    FREQUENT_WORD,
    GIVEN_NAMES,
    KNOWN_WORD,
    PARTICLES,
    SHORT,
    STRONG,
    SUFFIXES,
    TITLE_ONLY,
    TITLES,
    word_tier,
)
from .markup import BLOCK_BREAK
from .normalise import STREAM_BREAK, ZERO_WIDTH, fold_phrase

# How a match was made, strongest first: when two protected entries fold to the same
# pattern the finding reports the strongest rule.
RULES = (
    "name",
    "surname, given",
    "partial name",
    "joined name",
    "handle",
    "title, surname",
    "initial, surname",
    "surname",
)

# Gates: what the text must show for a match to count.
ALWAYS = 0
CAPITALISED = 1  # every word of the match (particles aside) starts with a capital letter
PROPER = 2  # a capitalised word in mid-sentence, not part of a run of capitalised words
TITLE = 3  # only after a title: "Ms Hill", "Dr. May"
HANDLE_SHAPE = 4  # written as one piece, without spaces: "jk_codes", "jk-codes"

_SINGLE_GATES = {
    STRONG: ALWAYS,
    SHORT: CAPITALISED,
    KNOWN_WORD: CAPITALISED,
    FREQUENT_WORD: PROPER,
    TITLE_ONLY: TITLE,
}
_HANDLE_CHARACTERS = re.compile(r"[_\d.]")
_HANDLE_SEPARATORS = re.compile(r"[ .]+")


@lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    """Folded form of one word of a register entry (name parts repeat across entries)."""
    return fold_phrase(word)


def _content(token: str) -> str:
    return token.strip(".'")


def _is_particle(token: str) -> bool:
    return _content(token) in PARTICLES


def _single_gate(token: str) -> int:
    return _SINGLE_GATES[word_tier(_content(token))]


def _multi_gate(tokens: list[str]) -> int:
    """Gate for several name parts together: free if one part is no English word."""
    content = [_content(token) for token in tokens if not _is_particle(token)]
    if any(len(part) > 2 and word_tier(part) == STRONG for part in content):
        return ALWAYS
    return CAPITALISED


def _joined(tokens: list[str]) -> str | None:
    joined = "".join(token.replace("'", "").strip(".") for token in tokens)
    if len(joined) < 5 or word_tier(joined) != STRONG:
        return None
    return joined


def _with_apostrophe_variants(patterns: list[tuple[str, str, int]]) -> list[tuple[str, str, int]]:
    out = []
    for pattern, rule, gate in patterns:
        out.append((pattern, rule, gate))
        if "'" in pattern:
            # O'Brien is also written OBrien and O Brien.
            out.append((pattern.replace("'", ""), rule, gate))
            out.append((" ".join(pattern.replace("'", " ").split()), rule, gate))
    return out


def _handle_patterns(full: str) -> list[tuple[str, str, int]]:
    """@handles and user names: the whole handle, never its parts alone."""
    patterns: list[tuple[str, str, int]] = []
    bare = full[1:] if full.startswith("@") else full
    if full.startswith("@") and len(full) > 2:
        patterns.append((full, "name", ALWAYS))
    parts = [part for part in _HANDLE_SEPARATORS.split(bare) if part]
    if not parts:
        return patterns
    if len(parts) == 1:
        # "@codes" is flagged with its at sign; "codes" alone is an ordinary word.
        if word_tier(parts[0]) == STRONG:
            patterns.append((bare, "handle", ALWAYS))
        return patterns
    strong = any(len(part) > 3 and word_tier(part) == STRONG for part in parts)
    if "." in bare:
        patterns.append((bare, "handle", ALWAYS))
    # "jk codes" folds from jk_codes, jk-codes and jk codes: only the first two are the handle,
    # unless a part of it is distinctive enough to flag anyway.
    patterns.append((" ".join(parts), "handle", ALWAYS if strong else HANDLE_SHAPE))
    joined = _joined(parts)
    if joined:
        patterns.append((joined, "joined name", ALWAYS))
    return patterns


def _words(entry: str) -> tuple[list[str], list[bool], list[bool]] | None:
    """Folded tokens of a person's name, which are surname parts, which came in capitals.

    Returns ``(tokens, surname_flags, upper_flags)`` in reading order ("Given Surname"), or
    None when the entry has no letters or digits.
    """
    surname_words: list[str] = []
    given_words = entry.split()
    explicit = False
    if entry.count(",") == 1:
        # An entry written "Surname, Given" is the name "Given Surname".
        surname_part, given_part = entry.split(",")
        surname_words, given_words = surname_part.split(), given_part.split()
        explicit = bool(surname_words and given_words)
        if not explicit:
            given_words = surname_words + given_words
            surname_words = []
    tokens: list[str] = []
    surname: list[bool] = []
    upper: list[bool] = []
    for words, is_surname in ((given_words, False), (surname_words, True)):
        for word in words:
            letters = [char for char in word if char.isalpha()]
            in_capitals = len(letters) > 1 and all(char.isupper() for char in letters)
            for token in _fold_word(word).split(" "):
                if any(char.isalnum() for char in token):
                    tokens.append(token)
                    surname.append(is_surname)
                    upper.append(in_capitals)
    if not tokens:
        return None
    return tokens, surname if explicit else [], upper


def _roles(entry: str, tokens: list[str], explicit: list[bool], upper: list[bool]) -> list[str]:
    """For each token: "given", "surname" (flagged alone) or "particle"."""
    count = len(tokens)
    roles = ["given"] * count
    for index in range(1, count - 1):
        if _is_particle(tokens[index]):
            roles[index] = "particle"
    if explicit:
        # "García López, María": the part before the comma is the surname.
        return [
            "surname" if is_surname and role != "particle" else role
            for is_surname, role in zip(explicit, roles, strict=True)
        ]
    if any(upper) and not all(upper):
        # "WANG Fang", "GARCÍA LÓPEZ María": the surname is the part written in capitals.
        return [
            "surname" if is_upper and role != "particle" else role
            for is_upper, role in zip(upper, roles, strict=True)
        ]
    words = entry.split()
    if len(words) == 1:
        # "García-López" alone: every part is a surname.
        return ["surname" if role != "particle" else role for role in roles]
    # Tokens of the first word are given names, of the last word surnames; a middle word is a
    # first surname ("María García López") unless it is a common given name ("Ana María").
    first_word_tokens = len(_fold_word(words[0]).split(" "))
    last_word_tokens = len(_fold_word(words[-1]).split(" "))
    for index in range(first_word_tokens, count):
        if roles[index] == "particle":
            continue
        content = _content(tokens[index])
        if index >= count - last_word_tokens or (content not in GIVEN_NAMES and len(content) > 1):
            roles[index] = "surname"
    if _content(tokens[0]) in EAST_ASIAN_SURNAMES:
        # "Wang Fang", "Nguyễn Văn An": the family name comes first.
        roles[0] = "surname"
    return roles


def name_patterns(entry: str) -> list[tuple[str, str, int]]:
    """Folded spellings under which ``entry`` is searched, each with its rule and gate."""
    entry = " ".join(entry.split())
    full = fold_phrase(entry)
    if not any(char.isalnum() for char in full):
        return []
    if full.startswith("@") or (" " not in entry and _HANDLE_CHARACTERS.search(entry)):
        return _dedupe(_with_apostrophe_variants(_handle_patterns(full)))
    parsed = _words(entry)
    if parsed is None:
        return []
    tokens, explicit, upper = parsed
    gate = _multi_gate(tokens) if len(tokens) > 1 else _single_gate(tokens[0])
    patterns: list[tuple[str, str, int]] = [(" ".join(tokens), "name", gate)]
    # Titles and suffixes written in the register ("Dr Anna Kowalska Jr") are optional.
    start, end = 0, len(tokens)
    while end - start > 1 and _content(tokens[start]) in TITLES:
        start += 1
    while end - start > 1 and _content(tokens[end - 1]) in SUFFIXES:
        end -= 1
    tokens, explicit, upper = (
        tokens[start:end],
        explicit[start:end] if explicit else [],
        upper[start:end],
    )
    if (start, end) != (0, len(parsed[0])):
        patterns.append((" ".join(tokens), "name", _multi_gate(tokens)))
    if len(tokens) == 1:
        return _dedupe(_with_apostrophe_variants(patterns))
    patterns += _part_patterns(tokens, _roles(entry, tokens, explicit, upper))
    return _dedupe(_with_apostrophe_variants(patterns))


def _part_patterns(tokens: list[str], roles: list[str]) -> list[tuple[str, str, int]]:
    count = len(tokens)
    patterns: list[tuple[str, str, int]] = []
    joined = _joined(tokens)
    if joined:
        # CamelCase handles, slugs without separators, names split by zero-width spaces.
        patterns.append((joined, "joined name", ALWAYS))
    surnames = [index for index in range(count) if roles[index] == "surname"]
    givens = [index for index in range(count) if roles[index] == "given"]

    def unit_start(index: int) -> int:
        # A surname with the particles before it: "da Silva", "van der Berg".
        start = index
        while start - 1 > 0 and roles[start - 1] == "particle":
            start -= 1
        return start

    for index in surnames:
        patterns.append((tokens[index], "surname", _single_gate(tokens[index])))
        start = unit_start(index)
        if start < index:
            gate = ALWAYS if word_tier(_content(tokens[index])) == STRONG else CAPITALISED
            patterns.append((" ".join(tokens[start : index + 1]), "surname", gate))
    # Runs of consecutive parts that hold a surname: "María García", "García López",
    # "Pereira da Silva".
    for first in range(count):
        for last in range(first + 2, count + 1):
            if (first, last) == (0, count) or _is_particle(tokens[last - 1]):
                continue
            run = range(first, last)
            if not any(roles[index] == "surname" for index in run):
                continue
            rule = "partial name" if any(roles[index] == "given" for index in run) else "surname"
            patterns.append((" ".join(tokens[first:last]), rule, _multi_gate(tokens[first:last])))
    # A given name with one surname, skipping what stands between: "João Silva".
    for given in givens:
        for index in surnames:
            for start in {index, unit_start(index)}:
                if start <= given + 1:
                    continue  # consecutive parts: a run, above
                pair = [tokens[given], *tokens[start : index + 1]]
                patterns.append((" ".join(pair), "partial name", _multi_gate(pair)))
    if givens and surnames:
        first_given = tokens[givens[0]]
        # Without the comma, "Turner will" would read as Will Turner reversed: only a given
        # name that is not a common word may follow the surname.
        reversible = word_tier(_content(first_given)) <= KNOWN_WORD and len(first_given) > 2
        all_given = [tokens[index] for index in givens]
        block_start = unit_start(surnames[0])
        blocks = {tuple(tokens[block_start:])} if block_start > givens[-1] else set()
        for index in surnames:
            if index > givens[-1]:
                blocks.add(tuple(tokens[unit_start(index) : index + 1]))
                blocks.add((tokens[index],))
        for block in blocks:
            for given_part in {(first_given,), tuple(all_given)}:
                gate = _multi_gate([*block, *given_part])
                surname_text, given_text = " ".join(block), " ".join(given_part)
                patterns += [
                    (f"{surname_text}, {given_text}", "surname, given", gate),
                    (f"{surname_text},{given_text}", "surname, given", gate),
                ]
                if reversible:
                    patterns.append((f"{surname_text} {given_text}", "surname, given", gate))
        if roles[-1] == "surname" and count > 2:
            # The old reading: the last part is the surname, everything before it given names.
            gate = _multi_gate(tokens)
            before_last = " ".join(tokens[:-1])
            patterns += [
                (f"{tokens[-1]}, {before_last}", "surname, given", gate),
                (f"{tokens[-1]},{before_last}", "surname, given", gate),
            ]
            if reversible:
                patterns.append((f"{tokens[-1]} {before_last}", "surname, given", gate))
        last_joined = _joined([first_given, tokens[surnames[-1]]])
        if last_joined:
            patterns.append((last_joined, "joined name", ALWAYS))
    if roles[0] == "surname" and roles[-1] != "particle":
        # Family name first ("Wang Fang", "Nguyễn Văn An") is also written in Western order:
        # "Fang Wang", "An Nguyen", "Wang, Fang".
        rest = tokens[1:]
        gate = _multi_gate(tokens)
        patterns += [
            (" ".join([*rest, tokens[0]]), "name", gate),
            (f"{tokens[0]}, {' '.join(rest)}", "surname, given", gate),
            (f"{tokens[0]},{' '.join(rest)}", "surname, given", gate),
        ]
        if count > 2:
            pair = [tokens[-1], tokens[0]]
            patterns.append((" ".join(pair), "partial name", _multi_gate(pair)))
    return patterns


def _dedupe(patterns: list[tuple[str, str, int]]) -> list[tuple[str, str, int]]:
    """One entry per (pattern, gate), with the strongest rule."""
    best: dict[tuple[str, int], str] = {}
    for pattern, rule, gate in patterns:
        pattern = " ".join(pattern.split())
        if not any(char.isalnum() for char in pattern):
            continue
        key = (pattern, gate)
        if key not in best or RULES.index(rule) < RULES.index(best[key]):
            best[key] = rule
    return [(pattern, rule, gate) for (pattern, gate), rule in best.items()]


# --- evidence in the text ---------------------------------------------------------------

_TITLE_BEFORE = re.compile(
    r"(?<![^\W_])(" + "|".join(sorted(TITLES, key=len, reverse=True)) + r")\.? ?$"
)
# An initial: "J. Smith", "A.Kowalska".
_INITIAL_BEFORE = re.compile(r"(?<![^\W_])([a-z])\. ?$")
# Characters that end a sentence, a list item or a heading ("Report 4 (online)"): a capital
# after one of them proves nothing.
_SENTENCE_END = frozenset(".!?:;)]}\u2026\u2022\u00b7|>#*-\u2013\u2014\u2015" + STREAM_BREAK)
# Opening quotes and brackets: the word after one starts a quotation or an aside.
_OPENERS = frozenset("\"'`([{\u201c\u2018\u00ab\u201e\u2039")
# "the Code", "our Committee": a capitalised word after these names a thing, not a person.
_DETERMINERS = frozenset(
    "a an any each every its my no our some that the their these this those your".split()
)
# Small words inside a capitalised name of a thing: "Codes of Conduct", "Bishop and Hill".
_CONNECTORS = frozenset("of and & for de la du del da der van von y e".split())
# A capitalised word followed by a number is a label: "Day one", "Track two".
_NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten".split())
_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
_ZERO_WIDTH_TABLE = str.maketrans("", "", ZERO_WIDTH)


def title_before(folded: str, first: int) -> tuple[int, str] | None:
    """A title or an initial ending just before ``first`` in ``folded``: ("ms ", "dr. ",
    "j. "): where it starts and the rule a surname after it gets; or None.
    """
    begin = max(0, first - 14)
    match = _TITLE_BEFORE.search(folded, begin, first)
    if match:
        return match.start(1), "title, surname"
    match = _INITIAL_BEFORE.search(folded, begin, first)
    if match:
        return match.start(1), "initial, surname"
    return None


def title_written(text: str, start: int, rule: str, gates) -> bool:
    """Whether a title or initial found in the folded text at ``start`` of ``text`` is one.

    A title must be written with a capital ("ms" is also milliseconds); so must an initial.
    An initial is weaker evidence than a title: it does not make a person of a word that
    such texts capitalise ("A. Code of Conduct" in a list), nor of a common word opening a
    list item ("B. Hill walks"), nor follow a capitalised ordinary word ("Section A. Hill";
    "Kevin E. Martin" is a middle initial).
    """
    if not text[start].isupper():
        return False
    if rule != "initial, surname":
        return True
    if ALWAYS in gates or CAPITALISED in gates:
        pass
    elif PROPER not in gates:
        return False
    if _opens_a_line(text, start):
        return ALWAYS in gates or CAPITALISED in gates
    before, _ = _word_before(text, start)
    if before and _capital(before):
        word = fold_phrase(before)
        return (
            word_tier(word) < KNOWN_WORD
            or word in GIVEN_NAMES
            or word in COMMON_WORDS
            or word in TITLES
        )
    return True


def _opens_a_line(text: str, position: int) -> bool:
    """Whether only spaces or a list marker stand between a line's start and ``position``."""
    index = position - 1
    while index >= 0 and text[index] in " \t\u00a0\u2022\u00b7*-\u2013":
        index -= 1
    return index < 0 or text[index] in ("\n", "\r", BLOCK_BREAK, STREAM_BREAK)


def _capital(word: str) -> bool:
    return word[:1].isupper() and word != "I"


def _word_before(text: str, position: int) -> tuple[str | None, int]:
    """The word ending before ``position`` (skipping spaces) and where it starts.

    The word is ``""`` at the start of a sentence, paragraph, list item, heading or
    quotation, and None when other punctuation comes first.
    """
    index = position - 1
    newlines = 0
    while index >= 0 and text[index].isspace():
        if text[index] == BLOCK_BREAK:
            return "", index
        newlines += text[index] == "\n"
        index -= 1
    if index < 0 or text[index] in _SENTENCE_END or text[index] in _OPENERS:
        return "", index
    if newlines > 1 or (newlines and not (text[index].isalpha() or text[index] in ",-")):
        # A blank line, or a line that ends without a word or comma: a heading, a list.
        return "", index
    if not text[index].isalnum():
        return None, index
    end = index + 1
    while index >= 0 and (text[index].isalnum() or text[index] in ZERO_WIDTH):
        index -= 1
    return text[index + 1 : end].translate(_ZERO_WIDTH_TABLE), index + 1


def _word_after(text: str, position: int) -> tuple[str | None, int]:
    """The word after ``position`` on the same line and where it ends, or None.

    A possessive is looked through ("Bishop's Square" is followed by "Square"), and "&"
    counts as the word "and".
    """
    index = position
    if text[index : index + 2] in ("'s", "\u2019s"):
        index += 2
    while index < len(text) and text[index] in " \t\u00a0\u202f":
        index += 1
    if index < len(text) and text[index] == "&":
        return "and", index + 1
    if index >= len(text) or not text[index].isalnum():
        return None, index
    start = index
    while index < len(text) and (text[index].isalnum() or text[index] in ZERO_WIDTH):
        index += 1
    return text[start:index].translate(_ZERO_WIDTH_TABLE), index


def capitalised(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` is written as a name: every word, particles aside, starts with a
    capital letter, no determiner comes before it ("the Rose Hill campus") and no capitalised
    word after it ("Rose Hill Gardens", "Turner Prize").
    """
    words = _WORD.findall(text[start:end].translate(_ZERO_WIDTH_TABLE))
    content = [word for word in words if fold_phrase(word) not in PARTICLES] or words
    if not content or not all(word[:1].isupper() for word in content):
        return False
    if len(words) == 1 and len(words[0]) <= 3 and words[0].isupper():
        return False  # an acronym or a legal heading, not "Li" or "Ng"
    before, _ = _word_before(text, start)
    if before and before.lower() in _DETERMINERS:
        return False
    after, _ = _word_after(text, end)
    return not (after and _capital(after))


def proper(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` is one word written as a name in running text.

    It must start with a capital and not be in capitals throughout; it must not open a
    sentence or list item (where any word is capitalised), follow a determiner ("the Code"),
    or sit in a run of capitalised words ("Codes of Conduct", "Notting Hill", "Hill Room"), or
    be followed by a number or a letter ("Hall 2", "Room B").
    """
    word = text[start:end].translate(_ZERO_WIDTH_TABLE)
    letters = [char for char in word if char.isalpha()]
    if not letters or not letters[0].isupper():
        return False
    if len(letters) > 1 and all(char.isupper() for char in letters):
        return False
    before, before_start = _word_before(text, start)
    if before == "":
        return False
    if before:
        lowered = before.lower()
        if lowered in _DETERMINERS:
            return False
        # A capitalised word before is a run ("Notting Hill"), unless it is a given name: "Anna
        # Bishop" is a person.
        if _capital(before) and fold_phrase(before) not in GIVEN_NAMES:
            return False
        if lowered in _CONNECTORS:
            further, _ = _word_before(text, before_start)
            if further and _capital(further):
                return False
    after, after_end = _word_after(text, end)
    if after:
        if after.isdigit() or (len(after) == 1 and after.isupper()) or after in _NUMBER_WORDS:
            return False
        if _capital(after):
            return False
        if after.lower() in _CONNECTORS:
            further, _ = _word_after(text, after_end)
            if further and _capital(further):
                return False
    return True
