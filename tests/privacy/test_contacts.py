"""Email addresses and phone numbers written to dodge scrapers, messaging links, regions."""

import pytest

from wagtail_coc.privacy import Finding, Scanner


def found(scanner: Scanner, content: str, kind: str, **options) -> list[Finding]:
    return [finding for finding in scanner.scan(content, **options) if finding.kind == kind]


# --- emails ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("jane.doe at example.com", "jane.doe@example.com"),
        ("jane_doe at example.org", "jane_doe@example.org"),
        ("jane+coc at example.org", "jane+coc@example.org"),
        ("jane at example dot com", "jane@example.com"),
        ("jane [at] example [dot] org", "jane@example.org"),
        ("jane (at) example.com", "jane@example.com"),
        ("jane @ example . com", "jane@example.com"),
        ("jane @ example.com", "jane@example.com"),
        ("jane@example . com", "jane@example.com"),
        ("jane at gmail.com", "jane@gmail.com"),
        ("jane at example.com", "jane@example.com"),
        ("dwmw2 at infradead.org", "dwmw2@infradead.org"),
        ("JANE.DOE AT EXAMPLE.CO.UK", "jane.doe@example.co.uk"),
    ],
)
def test_obfuscated_forms(text, address):
    scanner = Scanner(allow=[address])
    assert found(scanner, f"Write to {text}.", "email") == []
    (finding,) = found(Scanner(), f"Write to {text}.", "email")
    assert finding.rule == "obfuscated"


def test_obfuscated_finding_covers_the_address_only():
    text = "Mail jane @ example . com . Thanks"
    (finding,) = found(Scanner(), text, "email")
    assert text[finding.start : finding.end] == "jane @ example . com"


def test_address_before_a_full_stop():
    text = "Email anna@example.org. Then leave."
    (finding,) = found(Scanner(), text, "email")
    assert (finding.rule, finding.matched) == ("address", "anna@example.org")


@pytest.mark.parametrize(
    "text",
    [
        "Find the slides at pycon.example and the video at www.youtube.com",
        "The schedule is up-to-date at pycon.org.",
        "Talks are listed at europython.eu, tickets at tito.io.",
        "Python 3.11 at python.org",
        "See e.g. at example.com for details.",
        "Download report.pdf at example.com",
        "The talk at 10.30 in Room 2.14",
        "We met at the venue . Then we left",
        "look at it dot by dot",
        "Meet anna at the venue.",
        "Anna at PyCon.org said hello",
        "Slides are available at speakerdeck.com",
        "More info at pycon.org/coc",
        "Tickets at tito.io, videos at www.youtube.com",
        "Join us at pycon.org",
        "fosdem at fosdem.org",
        "python3 at python.org",
        "lunch at 12pm at venue.com",
        "Thanks to the team at example.com",
        "The keynote is at 9.15 . Lunch at 12.30 .",
        "version 1.2 @ 10.0.0.1",
    ],
)
def test_prose_with_at_and_dots_is_not_an_email(text):
    assert found(Scanner(), text, "email") == []


# --- phones ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "0044 20 7946 0958",
        "00 44 20 7946 0958",
        "0044 (0)20 7946 0958",
        "0048 601 234 567",
        "0049 30 901820",
    ],
)
@pytest.mark.parametrize("region", ["US", "GB", "DE"])
def test_double_zero_international_prefix(number, region):
    text = f"Call {number} now."
    (finding,) = found(Scanner(region=region), text, "phone")
    assert text[finding.start : finding.end] == number


def test_double_zero_number_can_be_allowed():
    scanner = Scanner(allow=["+44 20 7946 0958"], region="US")
    assert found(scanner, "Call 0044 20 7946 0958 now.", "phone") == []
    assert found(Scanner(allow=["0044 20 7946 0958"]), "Call +44 20 7946 0958", "phone") == []


@pytest.mark.parametrize(
    "text",
    ["ID 0012345678", "ticket 00123456", "at 00:15 on 2025-11-03", "order 0015551234567"],
)
def test_double_zero_identifiers_are_not_phones(text):
    assert found(Scanner(regions=["US", "GB", "DE"]), text, "phone") == []


@pytest.mark.parametrize(
    ("content", "link"),
    [
        ("WhatsApp: wa.me/15551234567", "wa.me/15551234567"),
        ("Chat on https://wa.me/15551234567 any time", "https://wa.me/15551234567"),
        ("Telegram: https://t.me/+15551234567", "https://t.me/+15551234567"),
        ("Signal: signal.me/#p/+15551234567", "signal.me/#p/+15551234567"),
        ("https://signal.me/#p/+447946095800.", "https://signal.me/#p/+447946095800"),
        ("Telegram: t.me/+1 555 123 4567 (evenings)", "t.me/+1 555 123 4567"),
        ("wa.me/+15551234567", "wa.me/+15551234567"),
        (
            "https://api.whatsapp.com/send?phone=15551234567&text=hi",
            "https://api.whatsapp.com/send?phone=15551234567",
        ),
        ('<a href="https://wa.me/15551234567">chat</a>', "https://wa.me/15551234567"),
        ('<a href="https://t.me/+447946095800">chat</a>', "https://t.me/+447946095800"),
        (
            '<a href="https://api.whatsapp.com/send?phone=%2B15551234567">x</a>',
            "https://api.whatsapp.com/send?phone=%2B15551234567",
        ),
    ],
)
def test_messaging_links_are_phone_findings(content, link):
    (finding,) = found(Scanner(), content, "phone")
    assert finding.rule == "messaging link"
    assert content[finding.start : finding.end] == link


@pytest.mark.parametrize(
    "content",
    [
        "Join the chat at https://t.me/pyconexample",
        "Invite: https://t.me/+AbCdEfGh123",
        "https://wa.me/message/ABCDEF123",
        "See example.me/12345678 for slides",
        "wa.me/911",
    ],
)
def test_messaging_links_without_a_number(content):
    assert found(Scanner(), content, "phone") == []


def test_allowed_number_in_a_messaging_link():
    scanner = Scanner(allow=["+1 555 123 4567"])
    assert found(scanner, "wa.me/15551234567 or t.me/+15551234567", "phone") == []


# --- regions --------------------------------------------------------------------------------

NATIONAL = "Call 020 7946 0958, (415) 555-0100 or 030 901820."


def test_one_region_reads_its_own_format():
    assert [finding.matched for finding in found(Scanner(region="US"), NATIONAL, "phone")] == [
        "(415) 555-0100"
    ]


def test_several_regions_read_each_format():
    scanner = Scanner(regions=("US", "GB", "DE"))
    assert scanner.region == "US"
    assert scanner.regions == ("US", "GB", "DE")
    assert [finding.matched for finding in found(scanner, NATIONAL, "phone")] == [
        "020 7946 0958",
        "(415) 555-0100",
        "030 901820",
    ]
    # Berlin's 030 901820 is no valid British or American number.
    assert [f.matched for f in found(Scanner(regions=("US", "GB")), NATIONAL, "phone")] == [
        "020 7946 0958",
        "(415) 555-0100",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Call 555-0100 for the desk.",
        "Or try 555-0100.",
        "Phone: 555-0100",
        "Mobile 601 234 567",
        "Write or call 9123-4567",
    ],
)
def test_local_numbers_introduced_as_phone_numbers(text):
    assert found(Scanner(regions=("US", "PL", "SG")), text, "phone")


@pytest.mark.parametrize(
    "text",
    [
        "1300-307 Lisboa",
        "Postcode: 1990-231 Lisboa",
        "San Francisco, CA 94105-1234",
        "CEP 01310-100",
        "version 2025-11-03/07",
        "(2025-12-05) corrected a typo",
        "open 09.00-17.30 daily",
        "build 20251103-1",
        "1.234.567 views",
        "1 000 000 views",
    ],
)
def test_postcodes_dates_and_counts_are_not_phones(text):
    regions = ("US", "GB", "DE", "PT", "BR", "FR", "ES", "IN", "JP", "CN", "AU", "PL")
    assert found(Scanner(regions=regions), text, "phone") == []


def test_region_and_regions_together():
    scanner = Scanner(region="de", regions=["gb", "DE", "us"])
    assert scanner.regions == ("DE", "GB", "US")
    assert Scanner().regions == ("US",)
    assert Scanner(regions="GB, US").regions == ("GB", "US")


def test_unknown_region_in_the_list_is_rejected():
    with pytest.raises(ValueError, match="Unknown region 'XX'"):
        Scanner(regions=("GB", "XX"))


def test_allowed_national_number_in_any_region():
    scanner = Scanner(allow=["020 7946 0958"], regions=("US", "GB"))
    assert found(scanner, "Hotline: +44 20 7946 0958", "phone") == []
    assert found(scanner, "Or (415) 555-0100", "phone")


@pytest.mark.parametrize(
    "text",
    [
        "Ticket 2025-0412 was refunded.",
        "Report 2024-117 was closed.",
        "ISBN 978-3-16-148410-0",
        "ticket #12345678",
        "Room 1234567",
        "In 2019 2020 2021 the event was online.",
        "Order 123456789. 3 people replied.",
        "Build 20251103.1",
        "between 2025-11-03 and 2025-11-07",
        "from 09:00-17:30, 14:00\u201315:30",
        "1,234 attendees, 87% answered",
    ],
)
def test_identifiers_are_not_phones_in_any_region(text):
    regions = ("GB", "US", "DE", "FR", "ES", "PT", "BR", "IN", "VN", "CN", "NL", "AU")
    assert found(Scanner(regions=regions), text, "phone") == []


@pytest.mark.parametrize(
    "text",
    [
        "reachable at bob.q@gmail.com",
        "You can reach them at first.last@example.org anytime",
        "contact me at j_doe@example.com",
    ],
)
def test_an_address_after_prose_and_at_is_found(text):
    address = text.split(" at ", 1)[1].split()[0]
    findings = [finding for finding in Scanner().scan(text, html=False) if finding.kind == "email"]
    assert [finding.matched for finding in findings] == [address]
