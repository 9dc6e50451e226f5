"""System checks: each app says what it needs, with the exact fix, before anything fails."""

from django.apps import apps
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

# Apps the core's models, snippets and settings are built on.
CORE_REQUIRES = (
    "wagtail",
    "wagtail.admin",
    "wagtail.snippets",
    "wagtail.images",
    "wagtail.contrib.settings",
    "modelcluster",
)


def missing_apps(app: str, required, check_id: str) -> list[Error]:
    """An error for each app of ``required`` that ``INSTALLED_APPS`` lacks."""
    return [
        Error(
            f"{app} needs {needed!r} in INSTALLED_APPS.",
            hint=f"Add {needed!r} to INSTALLED_APPS.",
            id=check_id,
        )
        for needed in required
        if not apps.is_installed(needed)
    ]


def listed_before(app: str, other: str) -> bool:
    """Whether ``app`` comes before ``other`` in ``INSTALLED_APPS``."""
    names = [config.name for config in apps.get_app_configs()]
    return names.index(app) < names.index(other)


@register()
def core_requirements(app_configs, **kwargs):
    return missing_apps("wagtail_coc", CORE_REQUIRES, "wagtail_coc.E001")


def require_core(app_config):
    """Stop a capability app listed without the core with a message that says the fix.

    Its models build on the core's, so this must run before they are imported: a system
    check would come too late.
    """
    if not app_config.apps.is_installed("wagtail_coc"):
        raise ImproperlyConfigured(
            f"{app_config.name} needs the core app: add 'wagtail_coc' to INSTALLED_APPS, "
            f"above {app_config.name!r}."
        )
