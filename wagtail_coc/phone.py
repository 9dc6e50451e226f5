"""Phone numbers stored once, in one canonical form, and shown from that one value.

Full numbers are stored in E.164 (``+14155550100``); emergency and other short numbers
(``911``, ``112``, ``999``) are stored as dialled. Both the text and the ``tel:`` link
are derived from the stored value, so they can never disagree.
"""

import functools
from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumberFormat, shortnumberinfo


class InvalidPhoneNumber(ValueError):
    pass


@dataclass(frozen=True)
class PhoneNumber:
    stored: str
    display: str
    tel_uri: str


def normalise(raw: str, region: str) -> str:
    """The canonical stored form of ``raw`` read in ``region``; raises InvalidPhoneNumber."""
    region = (region or "").upper()
    if region not in phonenumbers.SUPPORTED_REGIONS:
        raise InvalidPhoneNumber("unknown region")
    text = (raw or "").strip()
    if text.lower().startswith("tel:"):
        text = text[4:]
    # ASCII digits only, so that what is stored is what a tel: link can dial.
    digits = phonenumbers.normalize_digits_only(text)
    if not digits:
        raise InvalidPhoneNumber("no digits")
    if not text.startswith("+") and len(digits) <= 6:
        if len(digits) >= 2 and shortnumberinfo.is_valid_short_number_for_region(
            phonenumbers.parse(digits, region), region
        ):
            return digits
        raise InvalidPhoneNumber("not a short number of this region")
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as error:
        raise InvalidPhoneNumber(str(error)) from error
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhoneNumber("not a valid number")
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


# Rosters show the same few numbers on every page view; formatting is the costly part.
@functools.lru_cache(maxsize=4096)
def present(stored: str, region: str) -> PhoneNumber:
    """Text and ``tel:`` link for a stored number, formatted for readers in ``region``."""
    try:
        number = phonenumbers.parse(stored) if stored.startswith("+") else None
    except phonenumbers.NumberParseException:
        number = None
    if number is None:
        # Short numbers, and values written by code that bypassed the admin forms.
        dialable = "".join(ch for ch in stored if ch == "+" or (ch.isascii() and ch.isdigit()))
        return PhoneNumber(stored=stored, display=stored, tel_uri=f"tel:{dialable}")
    local = phonenumbers.region_code_for_number(number) == region
    display = phonenumbers.format_number(
        number, PhoneNumberFormat.NATIONAL if local else PhoneNumberFormat.INTERNATIONAL
    )
    return PhoneNumber(stored=stored, display=display, tel_uri=f"tel:{stored}")
