"""Adds the signs of a live short version to its listing row and its editor header, and
purges them from front caches when what they show changes."""

from wagtail import hooks

from wagtail_coc.models import ShortVersion
from wagtail_coc.purging import PURGE_URLS_HOOK
from wagtail_coc.signage.buttons import signage_buttons
from wagtail_coc.signage.views import sign_paths_showing
from wagtail_coc.viewsets import SHORT_VERSION_BUTTONS_HOOK

hooks.register(SHORT_VERSION_BUTTONS_HOOK, signage_buttons)
hooks.register(PURGE_URLS_HOOK, sign_paths_showing)


@hooks.register("register_snippet_listing_buttons")
def short_version_signage_buttons(snippet, user, next_url=None):
    if isinstance(snippet, ShortVersion):
        yield from signage_buttons(snippet)
