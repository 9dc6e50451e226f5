"""The privacy scanner's API: one test per behaviour promised in the issue."""

import pytest

from wagtail_coc.privacy import Finding, Scanner


def found(scanner: Scanner, content: str, kind: str, **options) -> list[Finding]:
    return [finding for finding in scanner.scan(content, **options) if finding.kind == kind]


def assert_name_found(names: list[str], content: str, **options) -> list[Finding]:
    findings = found(Scanner(names=names), content, "name", **options)
    assert findings, f"no name found in {content!r}"
    return findings


def assert_clean(scanner: Scanner, content: str, **options) -> None:
    findings = scanner.scan(content, **options)
    assert findings == [], [(finding.describe(), finding.matched) for finding in findings]


# --- protected names -----------------------------------------------------------------------


@pytest.mark.parametrize("text", ["ANNA KOWALSKA spoke", "anna kowalska spoke", "aNnA kOwAlSkA"])
def test_name_in_any_case(text):
    (finding,) = assert_name_found(["Anna Kowalska"], text)
    assert finding.rule == "name"
    assert finding.matched.lower() == "anna kowalska"


def test_diacritics_in_the_text_only():
    assert_name_found(["Zofia Wojcik"], "Thanks to Zófia Wójcik!")


def test_diacritics_in_the_protected_name_only():
    assert_name_found(["Zofia Wójcik", "Renée Müller"], "ZOFIA WOJCIK and Renee Muller")
    assert len(found(Scanner(names=["Renée Müller"]), "renee muller", "name")) == 1


def test_diacritics_written_with_combining_marks():
    assert_name_found(["Zofia Wójcik"], "Zofia Wo\u0301jcik")


@pytest.mark.parametrize(
    ("protected", "text"),
    [
        ("Łukasz Dąbrowski", "Lukasz Dabrowski"),
        ("Lukasz Dabrowski", "ŁUKASZ DĄBROWSKI"),
        ("Søren Ødegård", "Soren Odegard"),
        ("Đorđe Đukić", "Dorde Dukic"),
        ("Henrik Strauß", "Henrik Strauss"),
    ],
)
def test_letters_that_unicode_does_not_decompose(protected, text):
    (finding,) = assert_name_found([protected], text)
    assert (finding.rule, finding.matched) == ("name", text)


@pytest.mark.parametrize("apostrophe", ["'", "\u2019", "\u2018", "\u02bc", "`", "\u00b4"])
def test_typographic_apostrophes_on_either_side(apostrophe):
    assert_name_found(["Siobhan O'Connor"], f"Siobhan O{apostrophe}Connor")
    assert_name_found([f"Siobhan O{apostrophe}Connor"], "Siobhan O'Connor")


def test_apostrophe_left_out():
    assert_name_found(["Siobhan O'Connor"], "siobhan oconnor")


@pytest.mark.parametrize(
    ("protected", "text"),
    [
        ("Anna-Maria Kowalska", "Anna Maria Kowalska"),
        ("Jean Pierre Dubois", "Jean-Pierre Dubois"),
        ("Jean Pierre Dubois", "Jean\u2011Pierre Dubois"),
        ("Ewa Nowak-Kowalska", "Ewa Nowak \u2013 Kowalska"),
    ],
)
def test_hyphen_versus_space(protected, text):
    assert_name_found([protected], text)


@pytest.mark.parametrize(
    "text",
    [
        "Anna    Kowalska",
        "Anna\u00a0Kowalska",
        "Anna\u202fKowalska",
        "Anna \u200bKowalska",
        "Anna\u200bKowalska",
        "Anna Kowal\u200bska",
        "Anna Kowal\u00adska",
        "Anna\tKowalska",
    ],
)
def test_extra_non_breaking_and_zero_width_spaces(text):
    assert_name_found(["Anna Kowalska"], text)


@pytest.mark.parametrize(
    ("text", "is_html"),
    [
        ("Anna\nKowalska", False),
        ("Anna\r\n      Kowalska", False),
        ("<p>Anna<br>Kowalska</p>", True),
    ],
)
def test_line_breaks_inside_a_name(text, is_html):
    (finding,) = assert_name_found(["Anna Kowalska"], text, html=is_html)
    assert text[finding.start : finding.end].endswith("Kowalska")


@pytest.mark.parametrize(
    "html",
    [
        "<p><b>Anna</b> Kow<i>alska</i> will help.</p>",
        "<p><span>Anna</span>\n  <span>Kowalska</span></p>",
        '<p>Anna <a href="/x">Kowal</a><em>ska</em></p>',
    ],
)
def test_html_tags_splitting_a_name(html):
    (finding,) = assert_name_found(["Anna Kowalska"], html)
    assert finding.context == "text"
    assert "<" in html[finding.start : finding.end]


@pytest.mark.parametrize(
    "html",
    [
        "<p>Zofia W&oacute;jcik</p>",
        "<p>&#90;ofia &#x57;&#xF3;jcik</p>",
        "<p>Zofia&nbsp;&nbsp;W&#243;jcik</p>",
        "<p>Zofia&#32;Wojcik</p>",
    ],
)
def test_html_entities(html):
    (finding,) = assert_name_found(["Zofia Wójcik"], html)
    assert html[finding.start : finding.end].startswith(("Zofia", "&#90;"))


def test_alt_attribute():
    html = '<img src="/media/1.jpg" alt="Anna Kowalska at the help desk">'
    (finding,) = assert_name_found(["Anna Kowalska"], html)
    assert finding.context == "attribute:alt"
    assert html[finding.start : finding.end] == "Anna Kowalska"


def test_title_and_aria_label_attributes():
    html = '<a title="Ask Kowalska" aria-label="Anna Kowalska" href="/help/">help</a>'
    contexts = {finding.context for finding in assert_name_found(["Anna Kowalska"], html)}
    assert contexts == {"attribute:title", "attribute:aria-label"}


def test_href_url_decoded():
    html = '<a href="/people/Zofia%20W%C3%B3jcik/">profile</a>'
    (finding,) = assert_name_found(["Zofia Wójcik"], html)
    assert finding.context == "attribute:href"
    assert finding.matched == "Zofia Wójcik"
    assert html[finding.start : finding.end] == "Zofia%20W%C3%B3jcik"


def test_query_string_plus_is_a_space():
    assert_name_found(["Zofia Wojcik"], '<a href="/search?q=Zofia+Wojcik">find</a>')


@pytest.mark.parametrize(
    "html",
    [
        '<a href="/team/zofia-wojcik/">team</a>',
        '<img src="/media/zofia_wojcik_2025.jpg" alt="">',
        '<a href="https://example.org/u/zofiawojcik">profile</a>',
        '<h2 id="zofia-wojcik">Organisers</h2>',
    ],
)
def test_slugs_in_attributes(html):
    (finding,) = assert_name_found(["Zofia Wójcik"], html)
    assert finding.context.startswith("attribute:")


def test_distinctive_surname_on_its_own():
    (finding,) = assert_name_found(["Anna Kowalska"], "Ask Kowalska about it.")
    assert finding.rule == "surname"


@pytest.mark.parametrize(
    "text", ["Kowalska's report", "Kowalska\u2019s report", "the Kowalskas' car"]
)
def test_possessives(text):
    scanner = Scanner(names=["Anna Kowalska", "Ben Kowalskas"])
    assert found(scanner, text, "name")


@pytest.mark.parametrize(
    "text", ["Kowalska, Anna", "KOWALSKA,anna", "Kowalska Anna", "Kowalska,\nAnna"]
)
def test_surname_comma_given_order(text):
    (finding,) = assert_name_found(["Anna Kowalska"], text)
    assert finding.rule == "surname, given"
    assert finding.start == 0 and finding.end == len(text)


def test_protected_entry_written_surname_first():
    scanner = Scanner(names=["Kowalska, Anna"])
    assert [finding.rule for finding in found(scanner, "Anna Kowalska", "name")] == ["name"]
    assert found(scanner, "Anna said hello", "name") == []


def test_name_written_without_spaces():
    (finding,) = assert_name_found(["Anna Kowalska"], "@AnnaKowalska on GitHub")
    assert finding.rule == "joined name"


def test_handles_with_and_without_the_at_sign():
    scanner = Scanner(names=["@akowalska"])
    assert found(scanner, "follow @akowalska on Mastodon", "name")
    assert found(scanner, "https://social.example/akowalska", "name")


def test_scripts_and_comments_are_scanned():
    html = (
        "<!-- reviewed by Anna Kowalska -->"
        '<script type="application/ld+json">{"name": "Anna Kowalska"}</script>'
    )
    contexts = [finding.context for finding in assert_name_found(["Anna Kowalska"], html)]
    assert contexts == ["comment", "script:application/ld+json"]


# --- names that must not be flagged ----------------------------------------------------------


def test_name_inside_a_longer_word_is_not_flagged():
    scanner = Scanner(names=["Alex Ng", "Ann", "Ng"])
    assert_clean(scanner, "Ngozi wrote the annual report; Annabel and Hung agreed. ENGAGE!")
    assert found(scanner, "Ask Ng.", "name")
    assert found(scanner, "Ann said so.", "name")


def test_common_word_name_part_is_not_flagged_alone():
    scanner = Scanner(names=["Will Turner", "Mark King", "Rose Young"])
    assert_clean(scanner, "We will mark the king's rose garden while young. May we?")
    assert [finding.rule for finding in found(scanner, "Turner will mark it", "name")] == [
        "surname"
    ]
    assert [finding.rule for finding in found(scanner, "thanks, Mark King", "name")] == ["name"]


def test_given_name_alone_is_not_flagged():
    assert_clean(Scanner(names=["Anna Kowalska"]), "Anna and Anne met Annabel.")


# --- email addresses ------------------------------------------------------------------------


def test_plain_email_address():
    (finding,) = found(Scanner(), "Write to anna.k+coc@mail.example.org today.", "email")
    assert (finding.rule, finding.matched) == ("address", "anna.k+coc@mail.example.org")


@pytest.mark.parametrize(
    "text",
    [
        "anna at example dot org",
        "anna AT example DOT org",
        "anna [at] example [dot] org",
        "anna(at)example(dot)org",
        "anna{at}example.org",
        "anna [at] mail [dot] example [dot] co [dot] uk",
        "anna @ example.org",
    ],
)
def test_obfuscated_email_address(text):
    (finding,) = found(Scanner(), f"Contact: {text}.", "email")
    assert finding.rule == "obfuscated"
    assert finding.matched == text


@pytest.mark.parametrize(
    "href",
    ["mailto:anna@example.org", "mailto:anna@example.org?subject=Hi", "mailto:anna%40example.org"],
)
def test_mailto_link(href):
    (finding,) = found(Scanner(), f'<a href="{href}">write</a>', "email")
    assert (finding.rule, finding.context) == ("mailto", "attribute:href")


@pytest.mark.parametrize(
    "text",
    [
        '<img srcset="logo@2x.png 2x" alt="">',
        "We met at noon. Then at home.",
        "look at it dot by dot",
        "Find the slides at pycon.example and the video at www.youtube.com",
        "follow @pycon.org on social media",
        "pip install package@1.2.3",
    ],
)
def test_email_look_alikes_are_not_flagged(text):
    assert found(Scanner(), text, "email") == []


# --- phone numbers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number", ["+48 601 234 567", "+1 (415) 555-0100", "+44 20 7946 0958", "+49 30 901820"]
)
def test_international_phone_number(number):
    (finding,) = found(Scanner(region="US"), f"Call {number} now.", "phone")
    assert finding.matched == number


@pytest.mark.parametrize(
    ("region", "number"),
    [
        ("US", "(415) 555-0100"),
        ("US", "415-555-0100"),
        ("GB", "020 7946 0958"),
        ("PL", "601 234 567"),
    ],
)
def test_national_phone_number(region, number):
    (finding,) = found(Scanner(region=region), f"Call {number} now.", "phone")
    assert finding.matched == number


def test_national_format_needs_the_right_region():
    assert found(Scanner(region="US"), "Call 020 7946 0958 now.", "phone") == []


@pytest.mark.parametrize("number", ["415.555.0100", "1.415.555.0100", "+44.20.7946.0958"])
def test_dotted_phone_number(number):
    assert found(Scanner(region="US"), f"Phone: {number}", "phone")


def test_tel_link():
    html = '<a href="tel:+14155550100">call the chair</a>'
    (finding,) = found(Scanner(), html, "phone")
    assert (finding.rule, finding.context) == ("tel link", "attribute:href")
    assert html[finding.start : finding.end] == "tel:+14155550100"


def test_emergency_short_number_link_is_not_flagged():
    assert found(Scanner(), '<a href="tel:911">Emergency: 911</a>', "phone") == []


@pytest.mark.parametrize("region", ["US", "DE", "GB", "PL"])
@pytest.mark.parametrize(
    "text",
    [
        "2025-11-03",
        "on 2025-11-03.",
        "03.11.2025",
        "11/03/2025",
        "11-03-2025",
        "2025.11.03",
        "2024-2025",
        "20251103",
    ],
)
def test_dates_are_not_phone_numbers(region, text):
    assert found(Scanner(region=region), f"Published {text} by the team", "phone") == []


@pytest.mark.parametrize("region", ["US", "DE", "GB"])
@pytest.mark.parametrize(
    "text",
    [
        "1234567 visitors",
        "1 234 567 visitors",
        "12,345,678 visitors",
        "page 12345678",
        "12.345.678",
    ],
)
def test_counts_are_not_phone_numbers(region, text):
    assert found(Scanner(region=region), text, "phone") == []


@pytest.mark.parametrize("region", ["US", "DE", "GB"])
@pytest.mark.parametrize(
    "text",
    [
        "Python 3.11.7",
        "v10.0.19041",
        "Django 5.2.19",
        "host 192.168.100.200",
        "build 5.2.19041.1288",
    ],
)
def test_version_numbers_are_not_phone_numbers(region, text):
    assert found(Scanner(region=region), text, "phone") == []


@pytest.mark.parametrize(
    "content",
    [
        "Join https://zoom.us/j/84512345678 at ten",
        "See https://example.org/2025/415-555-0100/ for slides",
        "See www.example.org/talks/415-555-0100",
        "See example.org/talks/415-555-0100",
        '<a href="https://example.org/talks/415-555-0100">slides</a>',
        '<img src="/media/415-555-0100.jpg" alt="">',
    ],
)
def test_urls_with_digits_are_not_phone_numbers(content):
    assert found(Scanner(region="US"), content, "phone") == []


def test_numbers_in_code_are_not_phone_numbers_but_json_ld_is_scanned():
    scanner = Scanner(region="US")
    assert (
        found(scanner, "<script>var id = '415-555-0100';</script><style>a{}</style>", "phone") == []
    )
    json_ld = '<script type="application/ld+json">{"telephone": "+1 415 555 0100"}</script>'
    assert found(scanner, json_ld, "phone")


# --- allowed public contacts ----------------------------------------------------------------


def test_allowed_email_is_not_flagged_in_any_form():
    scanner = Scanner(allow=["CoC@PyCon.example"])
    assert_clean(
        scanner,
        "<p>Write to coc@pycon.example or coc [at] pycon [dot] example</p>"
        '<a href="mailto:coc@pycon.example">mail</a>',
    )
    assert found(scanner, "or anna@pycon.example", "email")


def test_allowed_phone_is_not_flagged_in_any_format():
    scanner = Scanner(allow=["+1 415 555 0199"], region="US")
    assert_clean(
        scanner,
        "<p>Hotline (415) 555-0199, 415.555.0199 or +1-415-555-0199</p>"
        '<a href="tel:+14155550199">call</a>',
    )
    assert found(scanner, "or (415) 555-0100", "phone")


def test_allowed_mailto_value():
    assert_clean(Scanner(allow=["mailto:coc@pycon.example"]), "coc@pycon.example")


def test_name_inside_an_allowed_address_is_not_flagged():
    scanner = Scanner(names=["Ada Lovelace"], allow=["lovelace-prize@pycon.example"])
    assert_clean(scanner, "Nominate at lovelace-prize@pycon.example")
    assert found(scanner, "Lovelace will judge", "name")


def test_allow_value_that_is_neither_email_nor_phone_is_rejected():
    with pytest.raises(ValueError, match="neither an email address nor a phone number"):
        Scanner(allow=["the hotline"])


def test_unknown_region_is_rejected():
    with pytest.raises(ValueError, match="Unknown region"):
        Scanner(region="XX")


# --- findings -------------------------------------------------------------------------------


def test_finding_location_in_the_original_input():
    html = "<html>\n<body>\n  <p>Hello,\n  <b>Zofia</b> W&oacute;jcik!</p>\n</body>"
    (finding,) = found(Scanner(names=["Zofia Wójcik"]), html, "name")
    assert html[finding.start : finding.end] == "Zofia</b> W&oacute;jcik"
    assert (finding.line, finding.column) == (4, 6)
    assert finding.matched == "Zofia Wójcik"


def test_findings_are_ordered_and_report_protected_entries():
    scanner = Scanner(names=["Anna Kowalska", "Ben Nowak", "Cara Nowak"], region="US")
    findings = scanner.scan("Nowak, then anna@example.org, then Anna Kowalska, +1 415 555 0100")
    assert [finding.kind for finding in findings] == ["name", "email", "name", "phone"]
    assert findings[0].protected == (1, 2)
    assert findings[2].protected == (0,)
    assert findings[3].protected == ()


def test_describe_and_repr_do_not_contain_the_matched_text():
    (finding,) = Scanner(names=["Zofia Wójcik"]).scan("<p>\n  Zofia Wójcik</p>")
    assert finding.matched == "Zofia Wójcik"
    for public in (finding.describe(), repr(finding), str(finding.as_dict())):
        assert "Zofia" not in public and "jcik" not in public
    assert finding.describe() == "line 2, column 3: protected name (name) in text"
    assert finding.as_dict(include_matched=True)["matched"] == "Zofia Wójcik"


def test_html_detection_can_be_overridden():
    text = "Anna <b>Kowalska</b>"
    assert found(Scanner(names=["Anna Kowalska"]), text, "name")
    assert found(Scanner(names=["Anna Kowalska"]), text, "name", html=False)[0].rule == "surname"


def test_scanner_without_names_still_finds_contacts():
    kinds = [finding.kind for finding in Scanner().scan("Anna Kowalska, anna@example.org")]
    assert kinds == ["email"]


def test_blank_names_are_ignored_and_keep_indexes():
    scanner = Scanner(names=["", "   ", "--", "Anna Kowalska"])
    assert_clean(scanner, "A quiet page - nothing here.")
    assert found(scanner, "Anna Kowalska", "name")[0].protected == (3,)


def test_empty_input():
    assert Scanner(names=["Anna Kowalska"]).scan("") == []
    assert Scanner(names=["Anna Kowalska"]).scan("<p") == []


@pytest.mark.parametrize(
    "html",
    [
        "<p title='Anna Kowalska",
        "<div><p>Anna Kowalska<",
        "<!-- Anna Kowalska",
        "<![CDATA[Anna Kowalska]]>",
        "<p>Anna &amp Kowalska &unknown; &#99999999; &#xZZ;",
    ],
)
def test_malformed_html_is_still_scanned(html):
    assert_name_found(["Anna Kowalska"], html)
