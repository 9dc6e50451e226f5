"""Adds the signs of a live short version to its listing row and its editor header."""

from wagtail import hooks

from wagtail_coc.models import ShortVersion
from wagtail_coc.signage.buttons import signage_buttons
from wagtail_coc.viewsets import SHORT_VERSION_BUTTONS_HOOK

hooks.register(SHORT_VERSION_BUTTONS_HOOK, signage_buttons)


@hooks.register("register_snippet_listing_buttons")
def short_version_signage_buttons(snippet, user, next_url=None):
    if isinstance(snippet, ShortVersion):
        yield from signage_buttons(snippet)
