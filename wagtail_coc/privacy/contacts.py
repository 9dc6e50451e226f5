"""Email addresses and phone numbers in text, in the forms people write them to dodge scrapers.

Emails: plain, ``mailto:``, and obfuscated ("jane at example dot com", "jane [at] example
[dot] org", "jane (at) example.com", "jane.doe at example.com", "jane @ example . com").
Phones: any number ``phonenumbers`` reads in one of the event's regions, international ones
written with ``+`` or the ``00`` prefix, and links to messaging services that carry a number
(``wa.me/15551234567``, ``t.me/+15551234567``, ``signal.me/#p/+15551234567``).
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import phonenumbers
from phonenumbers import Leniency, PhoneNumberFormat, PhoneNumberMatcher

from .common_words import KNOWN_WORD, word_tier
from .markup import PHONE_LINK_SCHEMES

DEFAULT_REGION = "US"


def normalise_regions(region: str | None, regions: Iterable[str] | None) -> tuple[str, ...]:
    """The regions to read phone numbers in, main one first, checked and upper-cased.

    ``region`` (one code) comes first, then ``regions`` (codes, or one string of codes
    separated by commas or spaces); blanks are skipped and repeats dropped. With no code at
    all, :data:`DEFAULT_REGION`. Raises ``ValueError`` for a code ``phonenumbers`` does not
    know.
    """
    wanted = [region] if region else []
    if isinstance(regions, str):
        regions = [regions]
    for value in regions or ():
        wanted += (value or "").replace(",", " ").split()
    out: list[str] = []
    for value in wanted or [DEFAULT_REGION]:
        code = value.strip().upper()
        if code not in phonenumbers.SUPPORTED_REGIONS:
            raise ValueError(f"Unknown region {value!r}: use a two-letter country code.")
        if code not in out:
            out.append(code)
    return tuple(out)


# --- emails ------------------------------------------------------------------------------

_WORD_AT = r"\s+at\s+"
_AT = rf"(?:@|\s+@\s+|\s*[\[({{<]\s*(?:at|@)\s*[\])}}>]\s*|{_WORD_AT})"
_DOT = r"(?:\.|\s+\.\s+|\s*[\[({<]\s*(?:dot|\.)\s*[\])}>]\s*|\s+dot\s+)"
_LABEL = r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?"
_EMAIL = re.compile(
    rf"(?<![a-z0-9._%+-])(?P<local>[a-z0-9._%+-]++)(?P<at>{_AT})"
    rf"(?P<domain>{_LABEL}(?:{_DOT}{_LABEL})+)(?![a-z0-9-])",
    re.IGNORECASE,
)
_DOT_SPLIT = re.compile(_DOT, re.IGNORECASE)
_SPELLED_DOT = re.compile(r"\sdot\s", re.IGNORECASE)
# "logo@2x.png" in a srcset is a file name, not an address.
_FILE_SUFFIXES = frozenset(
    "avif css gif htm html ico jpeg jpg js json md pdf png py svg txt webp zip".split()
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
# Mail services: "jane at gmail.com" is an address even without a dot in the local part.
_MAIL_DOMAINS = frozenset(
    """
    126.com 163.com aol.com btinternet.com fastmail.com free.fr gmail.com googlemail.com
    gmx.com gmx.de gmx.net hey.com hotmail.com icloud.com laposte.net libero.it live.com
    mac.com mail.com mail.ru mailbox.org me.com msn.com naver.com orange.fr outlook.com
    pm.me posteo.de proton.me protonmail.com qq.com tuta.io tutanota.com web.de yahoo.com
    yandex.com yandex.ru ymail.com zoho.com
    """.split()
)
# Abbreviations that end in a dot and may stand before "at".
_NOT_LOCAL_PARTS = frozenset("e.g i.e etc a.m p.m vs approx no".split())


@dataclass(frozen=True)
class EmailMatch:
    start: int
    end: int
    address: str
    rule: str


def _strict_tld(tld: str) -> bool:
    return tld in _COMMON_TLDS or (len(tld) == 2 and tld not in _TWO_LETTER_WORDS)


def _address_like_local(local: str) -> bool:
    """A local part that reads as an address, not a word of prose: jane.doe, j_doe, jane+coc."""
    lowered = local.lower().strip(".")
    if lowered in _NOT_LOCAL_PARTS or not re.search(r"[._+\d]", lowered):
        return False
    if not any(char.isalpha() for char in lowered) or re.fullmatch(r"v?[\d.]+", lowered):
        return False
    return lowered.rsplit(".", 1)[-1] not in _FILE_SUFFIXES


def _word_at_address(local: str, domain: str) -> bool:
    """Whether "LOCAL at DOMAIN", with real dots, is an address rather than prose.

    "the slides at pycon.example", "more info at pycon.org", "Anna at Example.com" and
    "10am at venue.com" are prose; "jane.doe at example.com", "jane at example.com" and
    "jane at gmail.com" are addresses: a local part that reads like one (jane.doe, j_doe)
    or a lower-case non-word that is not the site's own name (fosdem at fosdem.org).
    """
    if domain in _MAIL_DOMAINS:
        return True
    if not local[0].isalpha() or domain.startswith("www."):
        return False
    lowered = local.lower()
    if re.search(r"[._+]", lowered):
        return _address_like_local(local)
    # A single word, maybe with digits: lower case, no English word, not the site's name.
    letters = "".join(char for char in lowered if char.isalpha())
    if local != lowered or not lowered.isalnum() or len(letters) < 2:
        return False  # "Anna at ...", "up-to-date at ...", "v2 at ..."
    if letters != lowered and len(letters) < 3:
        return False
    if word_tier(letters) >= KNOWN_WORD:
        return False
    site = domain.split(".")[0]
    return letters not in site and site not in lowered


def _parse_email(match: re.Match) -> tuple[str, bool, int] | None:
    """Canonical address, whether it was obfuscated, and where it ends; or None."""
    domain = match.group("domain")
    base = match.start("domain")
    labels: list[tuple[str, int]] = []  # (label, end offset in the text)
    separators: list[str] = []  # "dot" (a plain "."), "spaced" (" . ") or "spelled"
    position = 0
    for separator in _DOT_SPLIT.finditer(domain):
        labels.append((domain[position : separator.start()], base + separator.start()))
        raw = separator.group()
        separators.append("dot" if raw == "." else "spaced" if raw.strip() == "." else "spelled")
        position = separator.end()
    labels.append((domain[position:], base + len(domain)))
    at = match.group("at")
    word_at = at.strip().lower() == "at"
    local = match.group("local").strip(".")
    if not local:
        return None
    # Try the whole domain, then shorter ones: "anna@example.org. Then" is anna@example.org.
    for count in range(len(labels), 1, -1):
        used = separators[: count - 1]
        tld = labels[count - 1][0].lower()
        if not tld.isalpha() or not 2 <= len(tld) <= 24 or tld in _FILE_SUFFIXES:
            continue
        spelled = "spelled" in used
        # "at", "dot" or " . " between words may be prose ("look at it dot by dot", "the end
        # . Then"): such forms must end in a real-looking top-level domain.
        loose = word_at or "spaced" in used or _SPELLED_DOT.search(match.group())
        if loose and not _strict_tld(tld):
            continue
        address_domain = ".".join(label for label, _ in labels[:count]).lower()
        if word_at and not spelled and not _word_at_address(local, address_domain):
            return None
        obfuscated = at != "@" or any(sep != "dot" for sep in used)
        return f"{local}@{address_domain}".lower(), obfuscated, labels[count - 1][1]
    return None


def find_emails(text: str) -> Iterator[EmailMatch]:
    position = 0
    while match := _EMAIL.search(text, position):
        parsed = _parse_email(match)
        if parsed is None:
            # "reachable at bob.q@gmail.com": the prose before "at" is no address, but what
            # follows it may be one, so look again from the word after "at".
            position = max(match.start("domain"), match.start() + 1)
            continue
        position = parsed[2]
        address, obfuscated, end = parsed
        start = match.start()
        if text[max(0, start - 7) : start].lower() == "mailto:":
            rule = "mailto"
        else:
            rule = "obfuscated" if obfuscated else "address"
        yield EmailMatch(start, end, address, rule)


def canonical_email(value: str) -> str | None:
    value = value.strip()
    if value.lower().startswith("mailto:"):
        value = value[7:].split("?", 1)[0]
    match = _EMAIL.fullmatch(value)
    parsed = _parse_email(match) if match else None
    return parsed[0] if parsed else None


# --- phones ------------------------------------------------------------------------------

# The unbroken run of non-space characters that ends where a phone number starts, and the
# shapes of that run which mean the number is part of a web address.
_TOKEN_BEFORE = re.compile(r"[^\s<>\"'\x00]*$")
_URL_PREFIX = re.compile(r"[a-z][a-z0-9+.-]*://|www\.|[a-z0-9-]+(?:\.[a-z0-9-]+)+/", re.IGNORECASE)
_DATE = re.compile(
    r"(?:\d{4}[-./ ]\d{1,2}[-./ ]\d{1,2}|\d{1,2}[-./ ]\d{1,2}[-./ ]\d{2,4}"
    r"|(?:19|20)\d\d\s*[-/]\s*(?:(?:19|20)\d\d|\d\d))"
)
_DATE_START = re.compile(
    r"(?:19|20)\d\d(?:[-./]\d{1,2}[-./]\d{1,2}|(?:0[1-9]|1[0-2])(?:[0-2]\d|3[01]))(?!\d)"
)
_TIME_RANGE = re.compile(r"[0-2]?\d[.:h][0-5]\d\s*[-\u2013\u2014]\s*[0-2]?\d[.:h][0-5]\d")
_YEAR = re.compile(r"(?:19|20)\d\d")
_DOTTED = re.compile(r"\d+(?:\.\d+)+")
_GROUPED_COUNT = re.compile(r"\d{1,3}(?:[ ,.\u00a0\u202f]\d{3})+")
_GROUPS = re.compile(r"\d+")
_PHONE_PUNCTUATION = re.compile(r"[^\d+]")
_DIGIT = re.compile(r"\d")
# Words after which a number is an identifier: "ticket 2025-0412", "ISBN 978-3-16-148410-0".
_IDENTIFIER_WORDS = frozenset(
    """
    badge build case code commit doi id ids incident invoice isbn issn issue no nos nr order
    postal postcode pr page pages receipt ref reference report room rooms row seat seats
    serial ticket tickets version zip
    """.split()
)
# Words that introduce a phone number: "call 555-0100", "mobile: 601 234".
_PHONE_WORDS = frozenset(
    """
    call calling cell contact dial fax hotline mobile number phone reach ring sms tel
    telephone text whatsapp
    """.split()
)
_WORD_BEFORE = re.compile(r"([a-z]+)[.:]?\s*(?:#|n[o\u00ba]\.?\s*)?$", re.IGNORECASE)
# "00" before a country code: the international prefix of most of the world ("0044 20 ...").
_ZERO_ZERO = re.compile(r"(?<![\w+.,/-])00([ .-]?)(?=[1-9])")


def _not_a_phone(raw: str, number: phonenumbers.PhoneNumber, before: str) -> bool:
    """True for the number shapes that POSSIBLE leniency accepts but are not phone numbers.

    ``before`` is the text just before the number, for the word that introduces it.
    """
    digits = sum(char.isdigit() for char in raw)
    shape = raw.strip("()[]{} ")
    if digits < 7 or _DATE.fullmatch(shape) or _DATE_START.match(shape):
        return True  # dates: "2025-11-03", "(2025-12-05)", "2025-11-03/07", "20251103-1"
    if _TIME_RANGE.fullmatch(shape):
        return True  # "09.00-17.30"
    if re.search(r"[.,;:]\s", raw):
        # A sentence or a list runs through it: "123456789. 3".
        return True
    groups = _GROUPS.findall(raw)
    international = raw.startswith("+")
    if not international:
        if all(_YEAR.fullmatch(group) for group in groups):
            return True  # years: "2019 2020 2021"
        if len(groups) == 2 and _YEAR.fullmatch(groups[0]):
            return True  # a year-numbered reference: "2025-0412", "2024-117"
        if len(groups) > 2 and any(len(group) == 1 for group in groups[1:]):
            return True  # ISBNs and other codes: "978-3-16-148410-0"
        if _GROUPED_COUNT.fullmatch(raw) and (
            len(groups[0]) == 1 or all(group == "000" for group in groups[1:])
        ):
            return True  # counts: "1 234 567", "1.234.567", "1 000 000"
        cue = _WORD_BEFORE.search(before[-24:])
        cue_word = cue.group(1).lower() if cue else ""
        if before.rstrip().endswith("#") or cue_word in _IDENTIFIER_WORDS:
            return True
        if len(groups) == 2 and cue_word not in _PHONE_WORDS:
            # Two groups of digits are more often a postcode ("1300-307", "94105-1234",
            # "100-0001") or a reference than a local number, unless introduced as one.
            first, second = map(len, groups)
            if (second == 3 and first >= 4) or (first, second) == (5, 4):
                return True
            # 555-0100 is how North America writes a local number; other pairs must be a
            # whole valid number.
            if (first, second) != (3, 4) and not phonenumbers.is_valid_number(number):
                return True
    if _DOTTED.fullmatch(raw):
        dotted = raw.split(".")
        # Versions and IP addresses: 3.11.7, 10.0.19041, 192.168.100.200.
        if any(len(group) == 1 or len(group) > 4 for group in dotted[1:]):
            return True
        if len(dotted) == 4 and all(len(group) <= 3 and int(group) <= 255 for group in dotted):
            return True
    if not _PHONE_PUNCTUATION.search(raw) and not international:
        # A bare run of digits is a count or an identifier unless it is a full valid number.
        return digits < 10 or not phonenumbers.is_valid_number(number)
    return bool(_GROUPED_COUNT.fullmatch(raw)) and not phonenumbers.is_valid_number(number)


def _international_prefixes(text: str) -> tuple[str, dict[int, int]]:
    """``text`` with "00" before a country code written as "+", same length.

    Returns the rewritten text and, for each "+" put in, where its "00" started.
    """
    starts: dict[int, int] = {}
    parts = []
    done = 0
    for match in _ZERO_ZERO.finditer(text):
        plus = match.end() - 1
        parts.append(text[done : match.start()])
        parts.append(" " * (match.end() - match.start() - 1) + "+")
        starts[plus] = match.start()
        done = match.end()
    if not starts:
        return text, starts
    parts.append(text[done:])
    return "".join(parts), starts


def find_phone_numbers(
    text: str, regions: tuple[str, ...]
) -> list[tuple[int, int, frozenset[str]]]:
    """Phone numbers in ``text``: (start, end, E.164 readings), longest first on overlaps."""
    if _DIGIT.search(text) is None:
        return []
    rewritten, zero_zero = _international_prefixes(text)
    spans: dict[tuple[int, int], set[str]] = {}
    for region in regions:
        for match in PhoneNumberMatcher(rewritten, region, leniency=Leniency.POSSIBLE):
            start = match.start
            before = _TOKEN_BEFORE.search(rewritten, max(0, start - 300), start)
            if _URL_PREFIX.match(before.group()):
                continue
            if _not_a_phone(match.raw_string, match.number, rewritten[max(0, start - 40) : start]):
                continue
            if start in zero_zero:
                # Written with 00: only a valid number, or any digits after 00 would do.
                if not phonenumbers.is_valid_number(match.number):
                    continue
                start = zero_zero[start]
            number = phonenumbers.format_number(match.number, PhoneNumberFormat.E164)
            spans.setdefault((start, match.end), set()).add(number)
    found: list[tuple[int, int, frozenset[str]]] = []
    covered = -1
    for (start, end), numbers in sorted(spans.items(), key=lambda item: (item[0][0], -item[0][1])):
        if start < covered:
            continue
        covered = end
        found.append((start, end, frozenset(numbers)))
    return found


def canonical_phone(value: str, region: str) -> str | None:
    """E.164 form of ``value`` read in ``region``, or None if it is not a phone number."""
    value = value.strip()
    for scheme in PHONE_LINK_SCHEMES:
        if value.lower().startswith(scheme):
            value = value[len(scheme) :]
            break
    if value.startswith("00") and value[2:3].isdigit() and value[2] != "0":
        value = "+" + value[2:]
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def phone_link_readings(link: str, regions: tuple[str, ...]) -> frozenset[str] | None:
    """E.164 readings of a ``tel:``/``sms:`` link, or None for a short (emergency) number."""
    # Short numbers in links (tel:911, tel:112) are emergency services, not people.
    if sum(char.isdigit() for char in link) < 7:
        return None
    readings = {canonical_phone(link, region) for region in regions}
    return frozenset(reading for reading in readings if reading)


# Links to messaging services that open a chat with a phone number. Telegram links carry a
# number only after "+" (t.me/name is a user name); WhatsApp's wa.me takes the bare digits.
_MESSAGING = re.compile(
    r"(?<![\w.-])(?P<link>(?:https?://)?(?:www\.)?"
    r"(?:(?P<whatsapp>wa\.me/|(?:api|web)\.whatsapp\.com/send/?\?(?:[^\s\"'<>#]*?&)?phone=)"
    r"|(?P<telegram>t\.me/|telegram\.me/|telegram\.dog/)"
    r"|(?P<signal>signal\.me/#p/)"
    r"|(?:whatsapp|viber|tg|sgnl)://[^\s\"'<>]*?(?:phone|number)=))"
    r"(?P<number>(?:\+|%2b|\s)?\d(?:[ ().-]?\d){6,14})(?![\d])",
    re.IGNORECASE,
)


def find_messaging_links(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, E.164 number) of each messaging link carrying a phone number."""
    if "me/" not in text.lower() and "://" not in text and "whatsapp" not in text.lower():
        return
    for match in _MESSAGING.finditer(text):
        number = match.group("number")
        has_plus = number[:1] == "+" or number[:3].lower() == "%2b"
        if match.group("telegram") and not has_plus:
            continue
        digits = "".join(char for char in number if char.isdigit())
        if not 7 <= len(digits) <= 15:
            continue
        yield match.start(), match.end(), f"+{digits}"
