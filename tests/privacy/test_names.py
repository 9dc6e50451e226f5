"""Parts of names: double-barrelled surnames, naming conventions, titles, ordinary words."""

import pytest

from wagtail_coc.privacy import Finding, Scanner
from wagtail_coc.privacy.common_words import (
    FREQUENT_WORD,
    KNOWN_WORD,
    SHORT,
    STRONG,
    TITLE_ONLY,
    word_tier,
)


def names_in(scanner: Scanner, content: str, **options) -> list[Finding]:
    return [finding for finding in scanner.scan(content, **options) if finding.kind == "name"]


def assert_flagged(names: list[str], content: str, matched: str, rule: str | None = None):
    findings = names_in(Scanner(names=names), content)
    assert [finding.matched for finding in findings] == [matched], [
        (finding.rule, finding.matched) for finding in findings
    ]
    if rule is not None:
        assert findings[0].rule == rule
    return findings[0]


def assert_not_flagged(names: list[str], content: str, **options):
    findings = names_in(Scanner(names=names), content, **options)
    assert findings == [], [(finding.rule, finding.matched) for finding in findings]


# --- double-barrelled and multi-part surnames ------------------------------------------------


@pytest.mark.parametrize("protected", ["María García-López", "María García López"])
@pytest.mark.parametrize(
    ("text", "matched", "rule"),
    [
        ("Ask García about it.", "García", "surname"),
        ("Ask López about it.", "López", "surname"),
        ("Ask garcia about it.", "garcia", "surname"),
        ("We thank María García.", "María García", "partial name"),
        ("We thank María López.", "María López", "partial name"),
        ("We thank Maria Garcia-Lopez.", "Maria Garcia-Lopez", "name"),
        ("We thank García-López.", "García-López", "surname"),
        ("We thank García López.", "García López", "surname"),
        ("García López, María wrote", "García López, María", "surname, given"),
        ("García, María wrote", "García, María", "surname, given"),
    ],
)
def test_spanish_double_surname(protected, text, matched, rule):
    assert_flagged([protected], text, matched, rule)


@pytest.mark.parametrize(
    ("text", "matched"),
    [
        ("Thanks to Smith Jones.", "Smith Jones"),
        ("Thanks to Anna Smith.", "Anna Smith"),
        ("Thanks to Anna Jones.", "Anna Jones"),
        ("Thanks to Jones.", "Jones"),
        ("Thanks to Anna Smith-Jones.", "Anna Smith-Jones"),
        ("The report went to Smith.", "Smith"),
    ],
)
@pytest.mark.parametrize("protected", ["Anna Smith Jones", "Anna Smith-Jones"])
def test_english_double_barrelled_surname(protected, text, matched):
    assert_flagged([protected], text, matched)


@pytest.mark.parametrize(
    "title",
    ["Ms", "Ms.", "Mr", "Mr.", "Mx", "Mx.", "Dr", "Dr.", "Mrs", "Mrs.", "Miss", "Prof", "Prof."],
)
@pytest.mark.parametrize(
    ("protected", "surname"),
    [
        ("María García-López", "García"),
        ("María García-López", "López"),
        ("María García-López", "García-López"),
        ("Anna Smith Jones", "Smith"),
        ("Anna Smith Jones", "Jones"),
        ("João Pereira da Silva", "da Silva"),
        ("João Pereira da Silva", "Silva"),
    ],
)
def test_title_and_one_part_of_the_surname(title, protected, surname):
    text = f"The team thanks {title} {surname} for the help."
    finding = assert_flagged([protected], text, f"{title} {surname}", "title, surname")
    assert text[finding.start : finding.end] == f"{title} {surname}"


def test_title_makes_an_ordinary_word_a_person():
    for text in ("We spoke to Ms Hill.", "Dr. Bishop took notes.", "MR. HILL left"):
        assert names_in(Scanner(names=["Rose Hill", "Mark Bishop"]), text), text
    # "ms" as milliseconds is no title.
    assert_not_flagged(["Rose Hill"], "latency under 200 ms hill-climbing tests")


# --- naming conventions ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "matched", "rule"),
    [
        ("Speaker: João Silva", "João Silva", "partial name"),
        ("Speaker: João da Silva", "João da Silva", "partial name"),
        ("Speaker: João Pereira", "João Pereira", "partial name"),
        ("Speaker: Joao Pereira da Silva", "Joao Pereira da Silva", "name"),
        ("we asked Silva", "Silva", "surname"),
        ("we asked Pereira", "Pereira", "surname"),
        ("Silva, João said", "Silva, João", "surname, given"),
        ("Sr. Silva said", "Sr. Silva", "title, surname"),
    ],
)
def test_portuguese_last_surname_is_the_main_one(text, matched, rule):
    assert_flagged(["João Pereira da Silva"], text, matched, rule)


def test_spanish_given_names_in_the_middle_are_not_surnames():
    scanner = Scanner(names=["Ana María Fernández Ruiz"])
    assert [f.matched for f in names_in(scanner, "María Fernández spoke")] == ["María Fernández"]
    assert [f.matched for f in names_in(scanner, "Ana Fernández spoke")] == ["Ana Fernández"]
    assert [f.matched for f in names_in(scanner, "Ana Ruiz spoke")] == ["Ana Ruiz"]
    assert [f.matched for f in names_in(scanner, "we asked Fernández")] == ["Fernández"]
    # "María" is a second given name here: alone it is not flagged.
    assert names_in(scanner, "María Pérez spoke") == []


@pytest.mark.parametrize(
    ("protected", "text", "matched"),
    [
        ("Pieter van den Berg", "Ask Van den Berg", "Van den Berg"),
        ("Pieter van den Berg", "Ask Pieter Berg", "Pieter Berg"),
        ("Luis de la Cruz", "Ask de la Cruz", "de la Cruz"),
        ("Luis de la Cruz", "Ask Luis Cruz", "Luis Cruz"),
        ("Ahmed Al-Sayed", "Ask Al Sayed", "Al Sayed"),
        ("Ahmed Al-Sayed", "Ask Sayed", "Sayed"),
    ],
)
def test_particles(protected, text, matched):
    assert_flagged([protected], text, matched)


@pytest.mark.parametrize(
    ("protected", "text", "matched"),
    [
        ("Wang Fang", "Ask Fang Wang", "Fang Wang"),
        ("Wang Fang", "Ask Wang about it", "Wang"),
        ("Wang Fang", "Ask Ms Wang", "Ms Wang"),
        ("WANG Fang", "Ask Wang about it", "Wang"),
        ("Nguyễn Văn An", "Ask Nguyen about it", "Nguyen"),
        ("Nguyễn Văn An", "Ask An Nguyen", "An Nguyen"),
        ("Nguyễn Văn An", "Ask Mr An", "Mr An"),
        ("Nguyễn Văn An", "reported by An.", "An"),
        ("GARCÍA LÓPEZ María", "Ask López", "López"),
    ],
)
def test_family_name_first(protected, text, matched):
    assert_flagged([protected], text, matched)


def test_family_name_in_capitals_marks_the_surname():
    # "WANG Fang": Fang is the given name, so it is not flagged alone.
    assert_not_flagged(["WANG Fang"], "Ask Fang about it")


def test_register_entries_with_titles_and_suffixes():
    scanner = Scanner(names=["Dr Anna Kowalska Jr."])
    assert [f.matched for f in names_in(scanner, "Thanks, Anna Kowalska!")] == ["Anna Kowalska"]


# --- ordinary words as name parts ------------------------------------------------------------


def test_word_tiers():
    assert word_tier("kowalska") == STRONG
    assert word_tier("ng") == SHORT
    assert word_tier("turner") == KNOWN_WORD
    assert word_tier("hill") == FREQUENT_WORD
    assert word_tier("said") == FREQUENT_WORD
    assert word_tier("codes") == TITLE_ONLY
    assert word_tier("monday") == TITLE_ONLY
    assert word_tier("jun") == TITLE_ONLY


def test_handle_parts_are_not_surnames():
    scanner = Scanner(names=["@jk_codes"])
    for clean in (
        "Codes of Conduct",
        "Our Codes of Conduct are public.",
        "We read three codes of conduct.",
        "See the Codes page.",
        "JK Codes",
        "codes",
    ):
        assert names_in(scanner, clean) == [], clean
    for text, matched in (
        ("follow @jk_codes", "@jk_codes"),
        ("https://github.com/jk_codes", "jk_codes"),
        ("https://github.com/jk-codes", "jk-codes"),
        ("https://github.com/jkcodes", "jkcodes"),
        ("https://github.com/JKCodes", "JKCodes"),
    ):
        assert [f.matched for f in names_in(scanner, text)] == [matched], text


def test_handle_of_ordinary_words_needs_its_shape():
    scanner = Scanner(names=["@the_organiser", "@rose"])
    assert_clean = names_in(scanner, "Ask the organiser about the rose garden. Rose said yes.")
    assert assert_clean == []
    assert names_in(scanner, "Ping @the_organiser or the_organiser on Discord")
    assert names_in(scanner, "Ping @rose")


def test_handle_with_a_distinctive_part():
    scanner = Scanner(names=["@jane.kowalska"])
    for text in ("jane.kowalska", "jane_kowalska", "janekowalska", "Jane Kowalska"):
        assert names_in(scanner, f"see {text} here"), text


@pytest.mark.parametrize(
    "text",
    [
        "He said the room was full.",
        "Said was the word of the day.",
        "An incident was reported.",
        "It was an honest mistake.",
        "Do not take photos.",
        "Hill walking was on the social programme.",
        "The Hill Room is on the first floor.",
        "We met at Notting Hill.",
        "Meet us in Hall B or Hall 2.",
        "The Code of Conduct applies to everyone.",
        "Read the Code.",
        "Codes of Conduct work when enforced.",
        "The bishop moved diagonally.",
        "Young people under 16 need a guardian.",
        "the rose garden",
        "ROSE HILL GARDENS",
        "We will mark the papers.",
        "Talks resume on Jun 3 and Wed 14:00.",
        "A 10 min break.",
        "Smith was there.",
    ],
)
def test_ordinary_words_are_not_flagged_alone(text):
    register = [
        "Omar Said",
        "Nguyễn Văn An",
        "Rose Hill",
        "Mark Bishop",
        "Victoria Hall",
        "Chris Code",
        "Grace Young",
        "Do Thanh",
        "Chen Jun",
        "Park Min",
        "Anna Smith",
    ]
    assert_not_flagged(register, text)


@pytest.mark.parametrize(
    ("text", "matched"),
    [
        ("The report was handled by Said.", "Said"),
        ("We told Hill about it.", "Hill"),
        ("Write to Bishop, who chairs it.", "Bishop"),
        ("Anna Bishop spoke", "Bishop"),
        ("Mark Bishop spoke", "Mark Bishop"),
        ("MARK BISHOP spoke", "MARK BISHOP"),
        ("Rose Hill spoke", "Rose Hill"),
        ("Bishop, Mark wrote", "Bishop, Mark"),
        ('<a href="/speakers/mark-bishop/">talk</a>', "mark-bishop"),
    ],
)
def test_ordinary_word_surnames_with_evidence(text, matched):
    findings = names_in(Scanner(names=["Omar Said", "Rose Hill", "Mark Bishop"]), text)
    assert [finding.matched for finding in findings] == [matched]


def test_full_name_of_ordinary_words_in_lower_case_is_prose():
    assert_not_flagged(["Mark Bishop", "Rose Hill", "Will Turner"], "we will mark bishop moves")
    assert_not_flagged(["Rose Hill"], "prices rose; hill walks were cancelled", html=False)


def test_less_common_word_surname_needs_a_capital():
    scanner = Scanner(names=["Will Turner"])
    assert [f.rule for f in names_in(scanner, "Turner will mark it")] == ["surname"]
    assert names_in(scanner, "a wood turner made the gavel") == []


def test_short_surname_needs_a_capital():
    scanner = Scanner(names=["Alex Ng", "Li Wei"])
    assert [f.matched for f in names_in(scanner, "Ask Ng.")] == ["Ng"]
    assert names_in(scanner, "<div ng-app>x</div><p>ng, li</p>") == []


def test_distinctive_surname_is_flagged_in_any_case():
    scanner = Scanner(names=["Anna Kowalska"])
    assert names_in(scanner, "kowalska")
    assert names_in(scanner, "/team/kowalska/")


@pytest.mark.parametrize(
    ("content", "is_html"),
    [
        ("<h3>Report 4</h3><p>An attendee asked for help.</p>", True),
        ("<h3>Report 4 (online)</h3><p>An attendee asked for help.</p>", True),
        ("<ul><li>one was closed</li><li>An apology was sent.</li></ul>", True),
        ("<p>Outcome: warning</p>\n<p>Said plainly, it worked.</p>", True),
        ("## Report 4 (online)\n\nAn attendee asked for help.", False),
        ("Report 4\nAn attendee asked for help.", False),
        ('As one attendee said, "Hill walks were the best part."', False),
        ("(Hill walks were cancelled.)", False),
    ],
)
def test_words_opening_a_block_or_quotation_are_not_flagged(content, is_html):
    assert_not_flagged(["Nguyễn Văn An", "Omar Said", "Rose Hill"], content, html=is_html)


def test_a_wrapped_line_does_not_start_a_sentence():
    findings = names_in(Scanner(names=["Omar Said"]), "The report was handled by\nSaid.")
    assert [finding.matched for finding in findings] == ["Said"]


def test_short_names_in_capitals_are_acronyms():
    assert_not_flagged(["Zhang Yu", "Tran Le"], "YU OR LE: THE LICENSOR OFFERS THE WORK AS-IS")
    assert names_in(Scanner(names=["Zhang Yu"]), "Ask Yu.")


@pytest.mark.parametrize(
    ("text", "matched"),
    [
        ("reported by J. Smith today", "J. Smith"),
        ("A.Kowalska wrote", "A.Kowalska"),
        ("A. Smith-Jones wrote", "A. Smith-Jones"),
        ("cc: R. Hill", "R. Hill"),
    ],
)
def test_initial_and_surname(text, matched):
    findings = names_in(Scanner(names=["Anna Smith Jones", "Anna Kowalska", "Rose Hill"]), text)
    assert [(finding.rule, finding.matched) for finding in findings] == [
        ("initial, surname", matched)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "see e.g. Smith and others",
        "Section A. Hill walks are cancelled.",
        "A. Code of Conduct\nB. Hill walks\nC. Reporting",
        "<ol><li>A. Code of Conduct</li><li>B. Hill walks</li></ol>",
        "We walked to Bishop's Square.",
        "Sponsored by Brown & Co. this year.",
        "Hill & Knowlton ran the press desk.",
        "The Praça das Indústrias entrance was closed.",
    ],
)
def test_labels_and_company_names_are_not_people(text):
    register = ["Anna Smith", "Rose Hill", "Mark Bishop", "Ethan Brown", "Anil Das", "Chris Code"]
    assert_not_flagged(register, text)


def test_possessive_of_a_person():
    findings = names_in(Scanner(names=["Mark Bishop"]), "It was reported by Bishop's friend.")
    assert [finding.matched for finding in findings] == ["Bishop"]


def test_middle_initial_before_a_surname():
    findings = names_in(Scanner(names=["José Luis Martín"]), "1994 Kevin E. Martin wrote it")
    assert [(finding.rule, finding.matched) for finding in findings] == [
        ("initial, surname", "E. Martin")
    ]
