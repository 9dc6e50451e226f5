"""Does an address look like one person's mailbox rather than a team's shared one?

Pure Python so the checklist can use it without Django. The guide recommends a dedicated,
shared CoC address so that team members can take turns answering it.
"""

import re
import unicodedata

from anyascii import anyascii

# Providers that hand out mailboxes to individuals; an event's shared CoC alias lives on
# the event's own domain or a group/forwarding service.
PERSONAL_MAILBOX_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "yahoo.co.uk",
        "ymail.com",
        "hotmail.com",
        "hotmail.co.uk",
        "outlook.com",
        "live.com",
        "msn.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "pm.me",
        "gmx.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "mail.com",
        "yandex.com",
        "yandex.ru",
        "zoho.com",
        "fastmail.com",
        "tutanota.com",
        "hey.com",
        "qq.com",
        "163.com",
    }
)


def _tokens(text: str) -> set[str]:
    ascii_text = anyascii(unicodedata.normalize("NFKC", text)).lower()
    return {token for token in re.split(r"[^a-z0-9]+", ascii_text) if len(token) >= 3}


def looks_personal(address: str, member_names: list[str] = ()) -> bool:
    """True when ``address`` is on a personal mailbox provider or carries a member's name."""
    local, _, domain = address.strip().lower().rpartition("@")
    if domain in PERSONAL_MAILBOX_DOMAINS:
        return True
    local_tokens = _tokens(local)
    return any(_tokens(name) & local_tokens for name in member_names)
