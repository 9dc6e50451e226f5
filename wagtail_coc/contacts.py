"""Contacts written as text become links derived from one normalised value.

An email address becomes a ``mailto:`` link, a web address a link, and a phone number a
``tel:`` link whose text and target both come from :mod:`wagtail_coc.phone`'s normalised
form, as emergency numbers do. Text that is not a contact is escaped and kept as written.
"""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.html import format_html, urlize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from wagtail_coc import conf
from wagtail_coc.phone import InvalidPhoneNumber, normalise, present

# Emails and web addresses are found by urlize; phone numbers must not be looked for inside
# them (a URL's digits are not a number to dial).
_EMAIL_OR_URL = re.compile(r"\S+@\S+|(?:https?://|www\.)\S+", re.IGNORECASE)
_DATE = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$")


def _phone_link(raw: str, region: str):
    try:
        stored = normalise(raw, region)
    except InvalidPhoneNumber:
        return None
    phone = present(stored, region)
    # A links list (screen readers' rotor) reads what the link calls, not a bare number.
    return format_html(
        '<a href="{}" class="coc-contact"><span class="coc-visually-hidden">{} </span>{}</a>',
        phone.tel_uri,
        gettext("Call this number:"),
        phone.display,
    )


def _phone_spans(text: str, region: str):
    taken = [match.span() for match in _EMAIL_OR_URL.finditer(text)]
    # POSSIBLE finds numbers with unassigned area codes (555 ...); dates and short digit
    # runs are left out, and every match must still normalise to be linked.
    for match in phonenumbers.PhoneNumberMatcher(text, region, phonenumbers.Leniency.POSSIBLE):
        raw = match.raw_string
        digits = phonenumbers.normalize_digits_only(raw)
        if len(digits) < 7 or _DATE.match(raw.strip()):
            continue
        if any(start < match.end and match.start < end for start, end in taken):
            continue
        link = _phone_link(raw, region)
        if link:
            yield match.start, match.end, raw, link


def link_contacts(text: str, region: str | None = None) -> str:
    """``text`` escaped, with its emails, web addresses and phone numbers as links."""
    if not text:
        return ""
    region = region or conf.default_region()
    parts, position = [], 0
    for start, end, _raw, link in _phone_spans(text, region):
        parts.append(urlize(text[position:start], autoescape=True))
        parts.append(link)
        position = end
    parts.append(urlize(text[position:], autoescape=True))
    return mark_safe("".join(parts))


def contacts_in(text: str, region: str | None = None) -> list[tuple[str, str]]:
    """The ("email" or "phone", value) contacts written in ``text``, each once, in order."""
    region = region or conf.default_region()
    found = []
    for match in _EMAIL_OR_URL.finditer(text):
        candidate = match.group(0).removeprefix("mailto:").strip(".,;:!?()[]<>\"'")
        try:
            EmailValidator()(candidate)
        except ValidationError:
            continue
        found.append((match.start(), "email", candidate))
    for start, _end, raw, _link in _phone_spans(text, region):
        found.append((start, "phone", raw))
    unique = []
    for _start, kind, value in sorted(found):
        if (kind, value) not in unique:
            unique.append((kind, value))
    return unique


def contact_link(kind: str, value: str, region: str | None = None, url: str = "") -> str:
    """One contact (a channel's "what to use") as a link when it is one."""
    value = (value or "").strip()
    region = region or conf.default_region()
    if url:
        return format_html('<a href="{}" class="coc-contact">{}</a>', url, value)
    if kind == "email" or "@" in value:
        try:
            EmailValidator()(value)
        except ValidationError:
            return link_contacts(value, region)
        return format_html('<a href="mailto:{}" class="coc-contact">{}</a>', value, value)
    if kind == "phone":
        link = _phone_link(value, region)
        if link:
            return link
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        return link_contacts(value, region)
    return format_html('<a href="{}" class="coc-contact">{}</a>', value, value)


def help_channels(reporting_values):
    """Channels of reporting sections for the "How to get help" box: each (kind, contact)
    once, with its kind's label; the team's own address and hotline are shown apart."""
    from wagtail_coc.blocks import CHANNEL_CHOICES

    labels = dict(CHANNEL_CHOICES)
    seen, channels = set(), []
    for value in reporting_values:
        for channel in value.get("channels") or ():
            key = (channel.get("kind"), (channel.get("label") or "").strip().casefold())
            if not key[1] or key in seen:
                continue
            seen.add(key)
            channels.append(
                {
                    "kind": channel.get("kind"),
                    "kind_label": labels.get(channel.get("kind"), ""),
                    "label": channel.get("label"),
                    "url": channel.get("url") or "",
                }
            )
    return channels
