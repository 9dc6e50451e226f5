"""The page class our concrete pages inherit from.

Wagtail 8 lets a project swap its base page model (``WAGTAIL_PAGE_MODEL``). A reusable app
must inherit from whatever the project chose, so that its pages gain the project's shared
fields. The project's base page app must come before ``wagtail_coc`` in INSTALLED_APPS.
The parent link's name follows the base page's class name (``page_ptr`` for Wagtail's
``Page``, ``basepage_ptr`` for a ``BasePage``); the migrations name it the same way.
"""

import swapper

swapper.set_app_prefix("wagtailcore", "wagtail")

if swapper.is_swapped("wagtailcore", "Page"):
    BasePage = swapper.load_model("wagtailcore", "Page", require_ready=False)
else:
    from wagtail.models import Page as BasePage

__all__ = ["BasePage"]
