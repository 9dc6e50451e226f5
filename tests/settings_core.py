"""Test settings of a site that installs only the core app: a Code of Conduct page, its team,
emergency information and short versions, without transparency, acceptance or signage."""

from tests.settings import *  # noqa: F403

INSTALLED_APPS = [
    app
    for app in INSTALLED_APPS  # noqa: F405
    if app
    not in {
        "wagtail_coc.transparency",
        "wagtail_coc.acceptance",
        "wagtail_coc.signage",
        "wagtail_coc.casework",
    }
]
ROOT_URLCONF = "tests.urls_core"
del WAGTAIL_COC_ENCRYPTION_KEYS  # noqa: F821 -- the core needs no keys
