"""Cache attacks from an independent security review (failing = the cache goes stale)."""

import pytest
from home.models import HomePage
from wagtail.models import Site

from tests.factories import build_team
from wagtail_coc.models import CoCSettings

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROOT = "http://localhost"


def page_urls(*pages):
    return {ROOT + page.url for page in pages}


def _site_with_default_team(root_page):
    team = build_team(name="Default")
    team.save_revision().publish()
    plain = HomePage(title="Schedule", slug="schedule")
    root_page.add_child(instance=plain)
    plain.save_revision().publish()
    site = Site.objects.get(is_default_site=True)
    settings_row, _ = CoCSettings.objects.update_or_create(
        site=site, defaults={"default_team": team}
    )
    return team, plain, settings_row


def test_clearing_the_site_default_team_purges_the_pages_that_showed_it(
    root_page, recording_cache
):
    """Every page of the site shows the default team ({% coc_team %} in a footer). Removing
    the default (the team disbanded, its hotline is wrong) purges nothing: front caches
    keep showing the old team and hotline for up to s-maxage."""
    _team, plain, settings_row = _site_with_default_team(root_page)
    recording_cache.clear()

    settings_row.default_team = None
    settings_row.save()

    assert page_urls(root_page.specific, plain) <= set(recording_cache)


def test_deleting_the_site_default_team_purges_the_pages_that_showed_it(
    root_page, recording_cache
):
    """Deleting the default team: SET_NULL clears the settings row before post_delete, so
    ``pages_showing`` finds no site using it and the site's pages are not purged."""
    team, plain, _settings_row = _site_with_default_team(root_page)
    recording_cache.clear()

    team.delete()

    assert page_urls(root_page.specific, plain) <= set(recording_cache)
