"""Property-based tests: a protected name disguised at random is still found where it was put."""

import html
from html.entities import codepoint2name

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wagtail_coc.privacy import Scanner
from wagtail_coc.privacy.common_words import is_common_word

PROPERTY_SETTINGS = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

# Filler shares no letters-in-a-row with the generated names: those use only consonant-vowel
# syllables from a different alphabet, so a finding elsewhere would be a real false positive.
FILLER = "the of and to in report team event talk session venue room schedule coffee".split()
ACCENTS = {
    "a": "aáàâäãåą",
    "e": "eéèêëę",
    "i": "iíìîï",
    "o": "oóòôöõø",
    "u": "uúùûüů",
    "c": "cćčç",
    "l": "lł",
    "n": "nńñ",
    "s": "sśš",
    "z": "zźżž",
    "d": "dđď",
}
SPACES = [" ", "  ", "\u00a0", "\n", "\r\n  ", "\t", "\u200b ", " \u200b", "-", "\u2011", "\u202f"]
INLINE_TAGS = [
    "<b>",
    "</b>",
    "<em>",
    "</em>",
    '<span class="x">',
    "</span>",
    "<a href='/x'>",
    "</a>",
]

syllable = st.tuples(st.sampled_from("bdgklmnpvz"), st.sampled_from("aeiou")).map("".join)
name_part = (
    st.lists(syllable, min_size=2, max_size=4)
    .map("".join)
    # A name made only of English words ("Babe Devo") must be written as a name to count;
    # these tests write names in random case.
    .filter(lambda part: not is_common_word(part))
)
full_name = st.tuples(name_part, name_part).map(
    lambda parts: f"{parts[0].title()} {parts[1].title()}"
)


@st.composite
def disguised(draw, name: str, with_markup: bool) -> str:
    """``name`` with random case and accents, random separators, maybe tags and entities."""
    out = []
    for char in name:
        if char == " ":
            out.append(draw(st.sampled_from(SPACES)))
            continue
        char = draw(st.sampled_from(ACCENTS.get(char.lower(), char)))
        char = char.upper() if draw(st.booleans()) else char.lower()
        if with_markup:
            choice = draw(st.integers(0, 9))
            if choice == 0:
                char = f"&#{ord(char)};"
            elif choice == 1:
                char = f"&#x{ord(char):X};"
            elif choice == 2 and ord(char) in codepoint2name:
                char = f"&{codepoint2name[ord(char)]};"
            elif choice == 3:
                char = draw(st.sampled_from(INLINE_TAGS)) + char
        out.append(char)
    return "".join(out)


def filler(draw) -> str:
    return " ".join(draw(st.lists(st.sampled_from(FILLER), min_size=0, max_size=12)))


def assert_found_at(scanner: Scanner, document: str, start: int, end: int, **options) -> None:
    findings = [finding for finding in scanner.scan(document, **options) if finding.kind == "name"]
    assert any(finding.start < end and start < finding.end for finding in findings), (
        document,
        [finding.describe() for finding in findings],
    )


@PROPERTY_SETTINGS
@given(data=st.data(), names=st.lists(full_name, min_size=1, max_size=5, unique=True))
def test_disguised_name_in_text_is_found(data, names):
    name = data.draw(st.sampled_from(names))
    accented_list = [
        data.draw(disguised(entry, with_markup=False)).replace("\n", " ") for entry in names
    ]
    protected = data.draw(st.sampled_from([names, accented_list]))
    before, after = filler(data.draw), filler(data.draw)
    inserted = data.draw(disguised(name, with_markup=False))
    document = f"{before} {inserted} {after}"
    start = len(before) + 1
    assert_found_at(Scanner(names=protected), document, start, start + len(inserted), html=False)


@PROPERTY_SETTINGS
@given(data=st.data(), name=full_name)
def test_disguised_name_in_html_is_found(data, name):
    before, after = filler(data.draw), filler(data.draw)
    inserted = data.draw(disguised(name, with_markup=True))
    prefix = f"<div>\n<p>{before} "
    document = f"{prefix}{inserted} {after}</p>\n</div>"
    start = len(prefix)
    assert_found_at(Scanner(names=[name]), document, start, start + len(inserted), html=True)


@PROPERTY_SETTINGS
@given(data=st.data(), name=full_name)
def test_disguised_name_in_an_attribute_is_found(data, name):
    inserted = data.draw(disguised(name, with_markup=False)).replace("\n", " ")
    attribute = data.draw(st.sampled_from(["alt", "title", "aria-label"]))
    prefix = f'<p><img src="/a.png" {attribute}="Photo: '
    document = f'{prefix}{html.escape(inserted)}"></p>'
    start = len(prefix)
    assert_found_at(Scanner(names=[name]), document, start, start + len(html.escape(inserted)))


@PROPERTY_SETTINGS
@given(data=st.data(), name=full_name)
def test_slugged_name_in_a_link_is_found(data, name):
    slug = data.draw(st.sampled_from(["-", "_", "%20", "+"])).join(name.lower().split())
    prefix = '<a href="/people/search?q='
    document = f'{prefix}{slug}">profile</a>'
    assert_found_at(Scanner(names=[name]), document, len(prefix), len(prefix) + len(slug))


@PROPERTY_SETTINGS
@given(
    data=st.data(),
    names=st.lists(full_name, min_size=1, max_size=10),
    words=st.lists(st.sampled_from(FILLER), max_size=40),
)
def test_text_without_the_names_has_no_name_findings(data, names, words):
    separators = data.draw(
        st.lists(
            st.sampled_from([*SPACES, "<b>", "</p><p>", ", "]),
            min_size=len(words),
            max_size=len(words),
        )
    )
    document = "".join(word + separator for word, separator in zip(words, separators, strict=True))
    assert [f for f in Scanner(names=names).scan(document) if f.kind == "name"] == []


@PROPERTY_SETTINGS
@given(data=st.data(), name=full_name)
def test_plain_text_offsets_slice_the_matched_text(data, name):
    before, after = filler(data.draw), filler(data.draw)
    document = f"{before} {data.draw(disguised(name, with_markup=False))} {after}"
    for finding in Scanner(names=[name]).scan(document, html=False):
        assert document[finding.start : finding.end] == finding.matched


# --- look-alike letters from other scripts ------------------------------------------------------

# Cyrillic and Greek letters that Unicode's confusables data (UTS #39) maps to Latin ones,
# written as escapes so that the source shows which is which.
LOOK_ALIKES = {
    "a": ["\u0430", "\u03b1"],
    "c": ["\u0441"],
    "d": ["\u0501"],
    "e": ["\u0435"],
    "i": ["\u0456", "\u03b9"],
    "j": ["\u0458"],
    "o": ["\u043e", "\u03bf"],
    "p": ["\u0440", "\u03c1"],
    "s": ["\u0455"],
    "u": ["\u03c5"],
    "v": ["\u03bd"],
    "x": ["\u0445"],
    "y": ["\u0443"],
    "A": ["\u0410", "\u0391"],
    "B": ["\u0412", "\u0392"],
    "E": ["\u0415", "\u0395"],
    "H": ["\u041d", "\u0397"],
    "I": ["\u0406", "\u0399"],
    "K": ["\u041a", "\u039a"],
    "M": ["\u041c", "\u039c"],
    "N": ["\u039d"],
    "O": ["\u041e", "\u039f"],
    "P": ["\u0420", "\u03a1"],
    "T": ["\u0422", "\u03a4"],
    "X": ["\u0425", "\u03a7"],
    "Z": ["\u0396"],
}


@st.composite
def spoofed(draw, name: str) -> str:
    """``name`` with any subset of its Latin letters replaced by Cyrillic or Greek look-alikes."""
    return "".join(
        draw(st.sampled_from(LOOK_ALIKES[char]))
        if char in LOOK_ALIKES and draw(st.booleans())
        else char
        for char in name
    )


def name_findings(scanner: Scanner, document: str, **options):
    return [finding for finding in scanner.scan(document, **options) if finding.kind == "name"]


@PROPERTY_SETTINGS
@given(data=st.data(), name=full_name)
def test_look_alike_letters_still_match_and_offsets_cover_them(data, name):
    before, after = filler(data.draw), filler(data.draw)
    inserted = data.draw(spoofed(name))
    document = f"{before} {inserted} {after}"
    start = len(before) + 1
    findings = name_findings(Scanner(names=[name]), document, html=False)
    assert [(f.start, f.end, f.rule) for f in findings] == [(start, start + len(inserted), "name")]
    assert findings[0].matched == inserted


@PROPERTY_SETTINGS
@given(data=st.data(), name=full_name)
def test_look_alike_letters_in_html_and_in_the_register(data, name):
    inserted = data.draw(spoofed(name))
    protected = data.draw(spoofed(name))
    prefix = "<p>Thanks to "
    document = f"{prefix}<b>{inserted}</b> for the help.</p>"
    findings = name_findings(Scanner(names=[protected]), document)
    assert [(f.start, f.end) for f in findings] == [
        (len(prefix) + 3, len(prefix) + 3 + len(inserted))
    ]
