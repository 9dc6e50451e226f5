"""System checks: each app says what it needs, with the exact fix, before anything fails."""

from django.apps import apps
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.template.loader_tags import BlockNode, ExtendsNode

from wagtail_coc import conf

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


@register(Tags.templates)
def base_template(app_configs, **kwargs):
    """The site's base template, which every wagtail-coc page extends, exists and has the
    ``content`` block the pages fill."""
    name = conf.base_template()
    try:
        template = get_template(name)
    except TemplateDoesNotExist:
        return [
            Error(
                f"wagtail-coc's pages extend the site's base template {name!r}, which was not "
                "found.",
                hint=f"Create templates/{name} (as `wagtail start` does), or set "
                "WAGTAIL_COC_BASE_TEMPLATE to the name of your site's base template.",
                id="wagtail_coc.E002",
            )
        ]
    except TemplateSyntaxError:
        return []  # Django's own template checks report it.
    nodelist = getattr(getattr(template, "template", None), "nodelist", None)
    if nodelist is None:
        return []  # not a Django template: nothing to inspect
    if nodelist.get_nodes_by_type(ExtendsNode):
        return []  # its blocks may come from the template it extends
    blocks = {node.name for node in nodelist.get_nodes_by_type(BlockNode)}
    if "content" not in blocks:
        return [
            Warning(
                f"The base template {name!r} has no {{% block content %}}, so wagtail-coc's "
                "pages would render nothing of their own.",
                hint="Add {% block content %}{% endblock %} inside <body> of "
                f"{name!r} (not inside a <main>: the pages bring their own).",
                id="wagtail_coc.W001",
            )
        ]
    return []


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
