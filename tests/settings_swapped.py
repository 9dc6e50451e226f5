"""Test settings of a project that swapped Wagtail's base page model (``WAGTAIL_PAGE_MODEL``),
as Wagtail's "Defining custom base page models" documentation describes: its base page app
(``tests/basepage``) comes first, and every wagtail-coc page inherits from its ``BasePage``."""

from tests.settings import *  # noqa: F403

INSTALLED_APPS = ["tests.basepage", *INSTALLED_APPS]  # noqa: F405
WAGTAIL_PAGE_MODEL = "basepage.BasePage"
