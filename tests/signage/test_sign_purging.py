"""Signs show the short version, the team and the emergency numbers: a change to any of them
purges every sign's URL, in every language prefix."""

import pytest

from tests.factories import build_coc_page, build_emergency_info, build_team
from wagtail_coc.models import EmergencyNumber, ShortVersion

# Purging waits for the commit, so these tests commit; the rollback restores Wagtail's
# initial site and locale.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROOT = "http://localhost"


def signs(short_version_pk):
    paths = ["slide/", "poster/a4/", "poster/letter/", "badge/", "badges.csv"]
    return {
        f"{ROOT}{language}/coc/short/{short_version_pk}/{path}"
        for language in ("", "/fr")
        for path in paths
    }


def meetup_short_version(**fields):
    return ShortVersion.objects.create(
        name="Meetup", text="Be kind.", contact_line="conduct@pyharbour.example", **fields
    )


def test_a_changed_emergency_number_purges_the_signs(root_page, recording_cache):
    info = build_emergency_info()
    page = build_coc_page(root_page, team=build_team(), emergency_info=info)
    short_version = meetup_short_version(coc_page=page)
    recording_cache.clear()

    number = EmergencyNumber.objects.get(info=info, number="+14155550124")
    number.number = "+14155550177"
    number.save()

    assert signs(short_version.pk) <= set(recording_cache)


def test_publishing_a_short_version_purges_its_signs(recording_cache):
    short_version = meetup_short_version()
    recording_cache.clear()

    short_version.text = "Be kind to everyone."
    short_version.save_revision().publish()

    assert signs(short_version.pk) <= set(recording_cache)


def test_a_published_team_purges_the_signs(root_page, recording_cache):
    team = build_team()
    short_version = meetup_short_version(coc_page=build_coc_page(root_page, team=team))
    recording_cache.clear()

    team.save_revision().publish()

    assert signs(short_version.pk) <= set(recording_cache)


def test_deleting_a_short_version_purges_its_signs(recording_cache):
    short_version = meetup_short_version()
    pk = short_version.pk
    recording_cache.clear()

    short_version.delete()

    assert signs(pk) <= set(recording_cache)
