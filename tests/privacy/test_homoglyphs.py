"""Look-alike letters from other scripts (UTS #39 confusables) in protected names.

Cyrillic and Greek letters are written as escapes so that the source shows which is which.
"""

import pytest

from wagtail_coc.privacy import Scanner
from wagtail_coc.privacy.normalise import fold, latin_look_alikes

CYRILLIC_A, CYRILLIC_O, CYRILLIC_ER = "\u0430", "\u043e", "\u0440"
CYRILLIC_CAPITAL_A, CYRILLIC_CAPITAL_KA = "\u0410", "\u041a"
CYRILLIC_CAPITAL_I, GREEK_CAPITAL_IOTA = "\u0406", "\u0399"
GREEK_CAPITAL_KAPPA, GREEK_OMICRON, GREEK_NU = "\u039a", "\u03bf", "\u03bd"


def names_in(scanner: Scanner, content: str, **options):
    return [finding for finding in scanner.scan(content, **options) if finding.kind == "name"]


@pytest.mark.parametrize(
    "spoofed",
    [
        f"{CYRILLIC_CAPITAL_A}nna Kowalska",
        f"Anna {CYRILLIC_CAPITAL_KA}{CYRILLIC_O}walska",
        f"Anna {GREEK_CAPITAL_KAPPA}{GREEK_OMICRON}walska",
        f"{CYRILLIC_CAPITAL_A}nn{CYRILLIC_A} "
        f"{CYRILLIC_CAPITAL_KA}{CYRILLIC_O}w{CYRILLIC_A}lsk{CYRILLIC_A}",
    ],
)
def test_cyrillic_and_greek_look_alikes_in_the_text(spoofed):
    text = f"Thanks to {spoofed}!"
    (finding,) = names_in(Scanner(names=["Anna Kowalska"]), text)
    assert finding.rule == "name"
    assert text[finding.start : finding.end] == spoofed == finding.matched


def test_look_alikes_in_the_register_match_plain_latin_text():
    scanner = Scanner(names=[f"{CYRILLIC_CAPITAL_A}nna Kowalska"])
    assert [finding.matched for finding in names_in(scanner, "Anna Kowalska")] == ["Anna Kowalska"]


@pytest.mark.parametrize("capital_i", [CYRILLIC_CAPITAL_I, GREEK_CAPITAL_IOTA])
def test_capital_i_look_alikes_stand_for_i(capital_i):
    # Unicode's prototype of capital I is lower-case l; a capital look-alike is still an I.
    assert fold(f"{capital_i}van")[0] == "ivan"
    assert names_in(Scanner(names=["Ivan Petrovic"]), f"{capital_i}van Petrovic")


def test_look_alikes_as_html_entities_and_split_by_tags():
    html = f"<p>Anna K&#{ord(CYRILLIC_O)};<b>w</b>alska and Pet{GREEK_NU}a</p>"
    (finding,) = names_in(Scanner(names=["Anna Kowalska"]), html)
    assert html[finding.start : finding.end] == f"Anna K&#{ord(CYRILLIC_O)};<b>w</b>alska"


def test_look_alike_surname_alone():
    text = f"Ask Kowalsk{CYRILLIC_A}."
    (finding,) = names_in(Scanner(names=["Anna Kowalska"]), text)
    assert (finding.rule, text[finding.start : finding.end]) == ("surname", f"Kowalsk{CYRILLIC_A}")


def test_text_in_other_scripts_is_not_turned_into_latin():
    # Russian, Greek, Korean, Arabic and Hebrew text keeps its own letters.
    assert fold("\u041f\u0440\u0438\u0432\u0435\u0442")[0].startswith("\u043f")
    for word in (
        "\ud55c\uad6d",
        "\u0627\u0644\u0633\u0644\u0627\u0645",
        "\u05e9\u05dc\u05d5\u05dd",
    ):
        assert not any(char.isascii() for char in fold(word)[0])
    assert names_in(Scanner(names=["Ali Olo"]), "\u0627\u0644\u0633\u0644\u0627\u0645 \u05d5") == []


def test_names_in_other_scripts_still_match_themselves():
    scanner = Scanner(names=["\u0418\u0432\u0430\u043d \u041f\u0435\u0442\u0440\u043e\u0432"])
    assert names_in(scanner, "\u0418\u0432\u0430\u043d \u041f\u0435\u0442\u0440\u043e\u0432 said")


def test_latin_text_is_not_skeletonised():
    # The full UTS #39 skeleton maps "rn" to "m"; ordinary Latin text is left as it is.
    assert fold("Kirn and Iris")[0] == "kirn and iris"
    assert names_in(Scanner(names=["Ana Kim"]), "Kirn is a town") == []


def test_table_maps_only_to_ascii_letters():
    table = latin_look_alikes()
    assert table[CYRILLIC_ER] == "p"
    assert all(value.isascii() and value.isalpha() for value in table.values())
    assert not any(key.isascii() for key in table)
