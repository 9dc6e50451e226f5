"""System checks of the transparency app: what it needs, its place in INSTALLED_APPS, and
its encryption keys, each error with the exact fix."""

from django.apps import apps
from django.core.checks import Error, register

from wagtail_coc import conf
from wagtail_coc.checks import listed_before, missing_apps
from wagtail_coc.privacy import Scanner
from wagtail_coc.transparency.encryption import GENERATE_KEY, SETTING_NAME, key_problems


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
