"""The page class our concrete pages inherit from, and what every public page shares.

Wagtail 8 lets a project swap its base page model (``WAGTAIL_PAGE_MODEL``). A reusable app
must inherit from whatever the project chose, so that its pages gain the project's shared
fields. The project's base page app must come before ``wagtail_coc`` in INSTALLED_APPS.
The parent link's name follows the base page's class name (``page_ptr`` for Wagtail's
``Page``, ``basepage_ptr`` for a ``BasePage``): ``PAGE_PTR`` gives it, and the migrations
use the same rule.
"""

import swapper

from wagtail_coc import conf

swapper.set_app_prefix("wagtailcore", "wagtail")

if swapper.is_swapped("wagtailcore", "Page"):
    BasePage = swapper.load_model("wagtailcore", "Page", require_ready=False)
else:
    from wagtail.models import Page as BasePage

PAGE_PTR = f"{BasePage._meta.model_name}_ptr"


class SiteLayoutMixin:
    """Puts the site's base template in the page's context, for ``wagtail_coc/base.html``
    to extend (``{% extends coc_base_template %}``); see ``WAGTAIL_COC_BASE_TEMPLATE``."""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["coc_base_template"] = conf.base_template()
        return context


__all__ = ["PAGE_PTR", "BasePage", "SiteLayoutMixin"]
