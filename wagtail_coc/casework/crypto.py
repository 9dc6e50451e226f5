"""Envelope encryption of cases, and the reporter's receipt code.

Each case has its own data key (a Fernet key) stored only wrapped by the site's keys
(``WAGTAIL_COC_ENCRYPTION_KEYS``, through ``transparency.encryption``). Every free-text field of
the case, its messages, notes and the names of the people involved are encrypted with the case's
key. So:

* rotating the site's keys re-wraps the case keys (``rewrap_case_keys``) without touching the
  content;
* deleting a case's wrapped key makes every copy of its content unreadable, old backups
  included, once the backups holding the wrapped key have expired.

The receipt code a reporter gets is 100 random bits (20 Crockford base-32 characters), shown
once and stored only as an Argon2id hash. The hash is computed with a fixed salt so that the
case can be found from the code in one indexed lookup; with 100 bits of entropy a per-record
salt would add nothing against guessing, and the hash's cost still slows every guess down.
"""

import hashlib
import secrets

from argon2.low_level import Type, hash_secret_raw
from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

from wagtail_coc.transparency.encryption import get_fernet

RECEIPT_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
RECEIPT_LENGTH = 20  # 20 x 5 bits = 100 bits
RECEIPT_SALT = b"wagtail-coc casework receipt v1"
# OWASP's minimum for Argon2id: 19 MiB, two passes, one lane.
ARGON2_TIME_COST = 2
ARGON2_MEMORY_KIB = 19 * 1024


class CaseKeyDestroyed(Exception):
    """The case's data key was deleted: its content can never be read again."""


class SealedText(property):
    """A descriptor that keeps a text in the ``column`` as ciphertext of the case's key.

    The owning model provides ``case_fernet()``. Python code reads and writes plain text; the
    database, ``dumpdata`` and backups only ever see the ciphertext.
    """

    def __init__(self, column):
        # A property, so that Django's model constructor accepts it as a keyword argument.
        super().__init__()
        self.column = column

    def __set_name__(self, owner, name):
        self.name = name

    empty = ""

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        token = getattr(instance, self.column)
        if not token:
            return self.empty
        try:
            return self.from_bytes(instance.case_fernet().decrypt(token.encode("ascii")))
        except InvalidToken as error:
            raise CaseKeyDestroyed("This text cannot be decrypted with its case's key.") from error

    def __set__(self, instance, value):
        token = ""
        if value:
            token = instance.case_fernet().encrypt(self.to_bytes(value)).decode("ascii")
        setattr(instance, self.column, token)

    def to_bytes(self, value) -> bytes:
        return value.encode("utf-8")

    def from_bytes(self, data: bytes):
        return data.decode("utf-8")


class SealedBytes(SealedText):
    """The same for bytes: an attachment's content."""

    empty = b""

    def to_bytes(self, value) -> bytes:
        return value

    def from_bytes(self, data: bytes):
        return data


def new_wrapped_key() -> str:
    """A fresh data key, wrapped by the site's keys."""
    return get_fernet().encrypt(Fernet.generate_key()).decode("ascii")


def unwrap(wrapped_key: str) -> Fernet:
    if not wrapped_key:
        raise CaseKeyDestroyed("This case's data key was deleted.")
    return Fernet(get_fernet().decrypt(wrapped_key.encode("ascii")))


def rewrap(wrapped_key: str) -> str:
    """The same data key wrapped under the newest site key."""
    if not wrapped_key:
        return wrapped_key
    return get_fernet().rotate(wrapped_key.encode("ascii")).decode("ascii")


def new_receipt_code() -> str:
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))


def display_receipt_code(code: str) -> str:
    return "-".join(code[index : index + 4] for index in range(0, len(code), 4))


def normalise_receipt_code(typed: str) -> str:
    """What the reporter typed, in the code's alphabet: spaces and dashes dropped, lower case
    and the letters people confuse with digits read as Crockford does."""
    code = "".join(typed.split()).replace("-", "").upper()
    return code.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))[:64]


def hash_receipt_code(code: str) -> str:
    """The stored form of a receipt code. Always slow, whatever was typed, so a wrong or
    malformed code takes as long as a right one."""
    raw = hash_secret_raw(
        secret=normalise_receipt_code(code).encode("ascii", "replace"),
        salt=RECEIPT_SALT,
        time_cost=ARGON2_TIME_COST,
        memory_cost=ARGON2_MEMORY_KIB,
        parallelism=1,
        hash_len=32,
        type=Type.ID,
    )
    return "argon2id$" + raw.hex()


def keyed_digest(*parts: str) -> str:
    """A short one-way digest for cache keys (rate limits, idempotency); never stored in the
    database."""
    data = "\x1f".join(parts).encode("utf-8", "replace")
    return hashlib.blake2b(data, key=settings.SECRET_KEY.encode()[:64], digest_size=16).hexdigest()
