"""System checks of the acceptance app."""

from django.core.checks import register

from wagtail_coc.checks import missing_apps


@register()
def acceptance_requirements(app_configs, **kwargs):
    return missing_apps("wagtail_coc.acceptance", ("wagtail.contrib.forms",), "wagtail_coc.E101")
