"""Encryption at rest for confidential fields (the protected names register).

Keys come from ``settings.WAGTAIL_COC_ENCRYPTION_KEYS`` (a list) or, failing that, the
``WAGTAIL_COC_ENCRYPTION_KEYS`` environment variable (comma-separated). The first key encrypts;
every key decrypts, so a new key can be prepended, ``coc_rotate_keys`` run, and the old key
dropped afterwards. The keys are deliberately independent of ``SECRET_KEY``: rotating the
session secret must not make the register unreadable, and leaking one must not leak the other.
"""

import functools

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.dispatch import Signal

from wagtail_coc import conf

SETTING_NAME = conf.ENCRYPTION_KEYS
GENERATE_KEY = (
    'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
)

# Sent by ``coc_rotate_keys`` inside its transaction, after the register: apps that keep other
# data under these keys (casework's wrapped case keys) re-encrypt it then, and return a line for
# the command's output.
keys_rotating = Signal()

# Every Fernet token starts with the version byte 0x80, which base64-encodes to "gA".
TOKEN_PREFIX = "gA"


def key_problems() -> list[str]:
    """What is wrong with the configured keys, one message each; empty when they are usable.

    The keys themselves are never echoed: these messages end up in logs.
    """
    keys = conf.encryption_keys()
    if not keys:
        return [
            f"wagtail-coc needs an encryption key for the protected names register: "
            f"{SETTING_NAME} is not set in the settings or the environment."
        ]
    problems = []
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except (ValueError, TypeError):
            problems.append(
                f"Key number {position} in {SETTING_NAME} is not a valid Fernet key "
                f"(32 url-safe base64-encoded bytes)."
            )
    return problems


class RegisterUnreadable(ImproperlyConfigured):
    """The configured keys are missing, malformed, or cannot decrypt what is stored."""


def configured_keys() -> tuple[str, ...]:
    problems = key_problems()
    if problems:
        raise RegisterUnreadable(" ".join([*problems, f"Generate a key with: {GENERATE_KEY}"]))
    return conf.encryption_keys()


def undecryptable(token: str) -> bool:
    """Whether stored ciphertext cannot be decrypted with any configured key."""
    try:
        get_fernet().decrypt(token.encode("ascii"))
    except (InvalidToken, UnicodeEncodeError):
        return True
    return False


@functools.lru_cache(maxsize=8)
def _multifernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def get_fernet() -> MultiFernet:
    return _multifernet(configured_keys())


def encrypt(plaintext: str) -> str:
    return get_fernet().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return get_fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeEncodeError) as error:
        raise RegisterUnreadable(
            f"A value could not be decrypted with any key in {SETTING_NAME}. The key it was "
            f"encrypted with was probably removed before running the coc_rotate_keys command."
        ) from error


def rotate(token: str) -> str:
    """Re-encrypt a token under the first key, keeping its original timestamp."""
    try:
        return get_fernet().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken as error:
        raise RegisterUnreadable(
            f"A value could not be decrypted with any key in {SETTING_NAME}; keep the old key "
            f"in the list (after the new one) until coc_rotate_keys has run."
        ) from error


def _decrypt_if_token(value: str) -> str | None:
    """The plaintext if ``value`` is a token made with one of our keys, else None."""
    if not value.startswith(TOKEN_PREFIX):
        return None
    try:
        return get_fernet().decrypt(value.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeEncodeError, UnicodeDecodeError):
        return None


class EncryptedTextField(models.TextField):
    """Text stored only as Fernet ciphertext; Python code sees the plaintext.

    Encryption is randomised, so the database cannot filter, order or enforce uniqueness on
    these columns: load the rows and compare in Python. Serialisation (``dumpdata``) writes the
    ciphertext, and deserialisation accepts it back, so backups never hold the plaintext.
    """

    def get_lookup(self, lookup_name):
        # Comparing against randomised ciphertext would silently match nothing.
        return super().get_lookup(lookup_name) if lookup_name == "isnull" else None

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return value
        return encrypt(value)

    def to_python(self, value):
        value = super().to_python(value)
        if isinstance(value, str) and value:
            plaintext = _decrypt_if_token(value)
            if plaintext is not None:
                return plaintext
        return value

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return encrypt(value) if value else (value or "")

    def formfield(self, **kwargs):
        # A one-line input that the browser is asked not to remember or autofill.
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"})
        )
        return super().formfield(**kwargs)
