"""System checks of the transparency app: what it needs, its place in INSTALLED_APPS, and
its encryption keys, each error with the exact fix."""

from django.apps import apps
from django.core.checks import Error, Tags, register
from django.db import connections

from wagtail_coc import conf
from wagtail_coc.checks import listed_before, missing_apps
from wagtail_coc.privacy import Scanner
from wagtail_coc.transparency.encryption import (
    GENERATE_KEY,
    SETTING_NAME,
    key_problems,
    undecryptable,
)


@register()
def transparency_requirements(app_configs, **kwargs):
    errors = missing_apps("wagtail_coc.transparency", ("wagtail.search",), "wagtail_coc.E301")
    if apps.is_installed("wagtail") and not listed_before("wagtail_coc.transparency", "wagtail"):
        errors.append(
            Error(
                "wagtail_coc.transparency is listed after 'wagtail' in INSTALLED_APPS, so "
                "Wagtail's publish_scheduled command runs instead of the one that keeps "
                "transparency reports with sensitive data unpublished.",
                hint="Move 'wagtail_coc.transparency' above 'wagtail' in INSTALLED_APPS.",
                id="wagtail_coc.E302",
            )
        )
    return errors


@register()
def encryption_keys(app_configs, **kwargs):
    return [
        Error(
            problem,
            hint=f"Set {SETTING_NAME} to a list of keys, newest first. Generate one with: "
            f"{GENERATE_KEY}",
            id="wagtail_coc.E303",
        )
        for problem in key_problems()
    ]


@register()
def phone_regions(app_configs, **kwargs):
    try:
        Scanner(regions=conf.phone_regions())
    except ValueError as error:
        return [
            Error(
                f"WAGTAIL_COC_PHONE_REGIONS: {error}",
                hint='List ISO 3166 country codes, e.g. ["US", "DE", "IN"].',
                id="wagtail_coc.E304",
            )
        ]
    return []


@register(Tags.database)
def encryption_keys_read_the_register(app_configs, databases=None, **kwargs):
    """A wrong key: stored names that no configured key decrypts.

    Runs with ``manage.py check --database default`` and before ``migrate``; the oldest and
    newest entries are tried, which also catches a rotation that dropped the old key too early.
    """
    if not databases or key_problems():
        return []
    model = apps.get_model("wagtail_coc_transparency", "ProtectedName")
    errors = []
    for alias in databases:
        tokens = _stored_tokens(connections[alias], model)
        if any(undecryptable(token) for token in tokens):
            errors.append(
                Error(
                    f"The protected names register in database {alias!r} cannot be decrypted "
                    f"with any key in {SETTING_NAME}: a key is wrong, or the key the entries "
                    f"were encrypted with was removed before coc_rotate_keys ran.",
                    hint=f"Put the key the register was encrypted with back in {SETTING_NAME} "
                    f"(the new key first), then run `python manage.py coc_rotate_keys`.",
                    id="wagtail_coc.E305",
                )
            )
    return errors


def _stored_tokens(connection, model) -> list[str]:
    table = model._meta.db_table
    if table not in connection.introspection.table_names():
        return []
    quote = connection.ops.quote_name
    column, pk = quote(model._meta.get_field("value").column), quote(model._meta.pk.column)
    tokens = []
    with connection.cursor() as cursor:
        for order in ("ASC", "DESC"):
            # Raw SQL: the field itself would decrypt, and raise, on loading.
            cursor.execute(f"SELECT {column} FROM {quote(table)} ORDER BY {pk} {order} LIMIT 1")
            tokens += [row[0] for row in cursor.fetchall() if row[0]]
    return tokens
