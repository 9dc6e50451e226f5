"""A changed team, emergency number or short version is purged from every front cache URL
that shows it, through a recording frontend-cache backend (the signs: tests/signage).

For each snippet and each way a page can show it (chosen in a field, embedded in a block,
through the site's defaults), the exact URLs purged are asserted.
"""

import pytest
from django.db import transaction
from home.models import HomePage
from wagtail.models import Site

from tests.factories import build_coc_page, build_emergency_info, build_team
from wagtail_coc.models import CoCSettings, CoCTeam, EmergencyNumber, ShortVersion

# Purging waits for the commit, so these tests commit; the rollback restores Wagtail's
# initial site and locale.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROOT = "http://localhost"


def api(endpoint, pk):
    return f"{ROOT}/api/v2/{endpoint}/{pk}/"


def page_urls(*pages):
    return {ROOT + page.url for page in pages}


def test_publishing_a_team_purges_the_pages_that_choose_it(root_page, recording_cache):
    team = build_team()
    page = build_coc_page(root_page, team=team, emergency_info=build_emergency_info())
    other = build_coc_page(root_page, team=build_team(name="Other"), slug="other-coc")
    recording_cache.clear()

    team.hotline = "+14155550188"
    team.save_revision().publish()

    # Exactly the page, and the API's views of the team and of the page; not the page of
    # another team.
    assert set(recording_cache) == {
        ROOT + page.url,
        api("coc-teams", team.pk),
        api("pages", page.pk),
    }
    assert ROOT + other.url not in recording_cache


def test_a_team_embedded_in_a_block_purges_that_page(root_page, recording_cache):
    team = build_team(name="Embedded")
    team.save_revision().publish()
    home = HomePage(title="Welcome", slug="welcome", body=[("coc_team", team)])
    root_page.add_child(instance=home)
    home.save_revision().publish()
    recording_cache.clear()

    team.save_revision().publish()

    assert set(recording_cache) == {
        ROOT + home.url,
        api("coc-teams", team.pk),
        api("pages", home.pk),
    }


def test_a_site_default_team_purges_every_page_of_the_site(root_page, recording_cache):
    team = build_team(name="Default")
    team.save_revision().publish()
    plain = HomePage(title="Schedule", slug="schedule")
    root_page.add_child(instance=plain)
    plain.save_revision().publish()
    site = Site.objects.get(is_default_site=True)
    CoCSettings.objects.update_or_create(site=site, defaults={"default_team": team})
    recording_cache.clear()

    team.save_revision().publish()

    # Any template of the site may show the default team, e.g. {% coc_team %} in a footer.
    assert page_urls(root_page.specific, plain) <= set(recording_cache)


def test_a_changed_emergency_number_purges_pages_and_the_api(root_page, recording_cache):
    info = build_emergency_info()
    page = build_coc_page(root_page, team=build_team(), emergency_info=info)
    recording_cache.clear()

    number = EmergencyNumber.objects.get(info=info, number="+14155550124")
    number.number = "+14155550177"
    number.save()

    purged = set(recording_cache)
    assert page_urls(page) <= purged
    assert {api("coc-emergency-info", info.pk), api("pages", page.pk)} <= purged


def test_publishing_a_short_version_purges_the_pages_embedding_it(root_page, recording_cache):
    short_version = ShortVersion.objects.create(
        name="Meetup", text="Be kind.", contact_note="ask any volunteer"
    )
    home = HomePage(title="Meetup", slug="meetup", body=[("coc_short_version", short_version)])
    root_page.add_child(instance=home)
    home.save_revision().publish()
    recording_cache.clear()

    short_version.text = "Be kind to everyone."
    short_version.save_revision().publish()

    purged = set(recording_cache)
    # The signs of the short version are the signage app's (tests/signage).
    assert {url for url in purged if "/coc/short/" not in url} == {
        ROOT + home.url,
        api("coc-short-versions", short_version.pk),
        api("pages", home.pk),
    }


def test_saving_a_draft_purges_nothing(root_page, recording_cache):
    team = build_team()
    build_coc_page(root_page, team=team)
    recording_cache.clear()

    team.hotline = "+14155550188"
    team.save_revision()

    assert recording_cache == []


def test_a_translation_purges_the_pages_of_the_original(
    root_page, coc_page, french_site, recording_cache
):
    french_page, french_team, _info = french_site
    recording_cache.clear()

    french_team.introduction = "Nous répondons vite."
    french_team.save_revision().publish()

    purged = set(recording_cache)
    assert ROOT + coc_page.url in purged
    assert ROOT + french_page.url in purged


def test_a_rolled_back_change_does_not_stop_later_purges(root_page, recording_cache):
    team = build_team()
    page = build_coc_page(root_page, team=team)
    try:
        with transaction.atomic():
            team.save_revision().publish()
            raise RuntimeError("the request failed")
    except RuntimeError:
        pass
    recording_cache.clear()

    CoCTeam.objects.get(pk=team.pk).save_revision().publish()

    assert page_urls(page) <= set(recording_cache)
