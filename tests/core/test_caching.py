"""A CoC page's markup is cached, and every change to what it shows reaches the next visitor.

Each test renders the page once (filling the cache), changes something the way an editor or
a developer would, and expects the next render to show the change.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from home.models import HomePage
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from tests.factories import build_team
from wagtail_coc import caching
from wagtail_coc.models import CommitteeMember, EmergencyNumber

pytestmark = pytest.mark.django_db


def html_of(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def queries_of(client, page):
    with CaptureQueriesContext(connection) as context:
        html_of(client, page)
    return len(context.captured_queries)


def test_a_cached_page_does_not_load_the_roster_again(client, coc_page):
    # The first visit creates the site's CoC settings, a change of its own.
    html_of(client, coc_page)
    html_of(client, coc_page)
    cached = queries_of(client, coc_page)

    coc_page.team.members.update(name="Renamed")  # bypasses signals: the cache is kept
    assert "Renamed" not in html_of(client, coc_page)
    assert queries_of(client, coc_page) == cached


def test_a_published_team_change_shows_at_once(client, coc_page):
    assert "Member 1" in html_of(client, coc_page)
    team = coc_page.team
    member = team.members.get(name="Member 1")
    member.name = "Ada Example"
    member.save()
    team.save_revision().publish()

    html = html_of(client, coc_page)
    assert "Ada Example" in html
    assert "Member 1<" not in html


def test_a_member_saved_in_code_shows_at_once(client, coc_page):
    html_of(client, coc_page)
    CommitteeMember.objects.filter(team=coc_page.team, name="Member 2").first().delete()
    assert "Member 2" not in html_of(client, coc_page)


def test_a_changed_emergency_number_shows_at_once(client, coc_page):
    assert "(415) 555-0142" in html_of(client, coc_page)
    number = EmergencyNumber.objects.get(info=coc_page.emergency_info, number="+14155550142")
    number.number = "+14155550177"
    number.save()
    html = html_of(client, coc_page)
    assert "(415) 555-0177" in html
    assert "(415) 555-0142" not in html


def test_a_replaced_photo_shows_at_once(client, coc_page):
    Image = get_image_model()
    member = coc_page.team.members.first()
    member.photo = Image.objects.create(title="one", file=get_test_image_file(size=(200, 200)))
    member.save()
    first = html_of(client, coc_page)
    member.photo.file = get_test_image_file(filename="other.png", size=(300, 300))
    member.photo.save()
    member.photo.renditions.all().delete()
    second = html_of(client, coc_page)
    assert first != second


def test_a_moved_linked_page_shows_its_new_url(client, root_page, coc_page):
    target = HomePage(title="Venue", slug="venue")
    root_page.add_child(instance=target)
    target.save_revision().publish()
    coc_page.intro = f'<p>See <a linktype="page" id="{target.pk}">the venue</a>.</p>'
    coc_page.save_revision().publish()
    assert 'href="/venue/"' in html_of(client, coc_page)

    target.slug = "harbour-venue"
    target.save_revision().publish()
    assert 'href="/harbour-venue/"' in html_of(client, coc_page)


def test_each_language_is_cached_apart(client, coc_page):
    english = client.get(coc_page.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Contents" in english
    # The same page under the French interface gets the French frame; its content stays
    # English, as it is written, and is marked so.
    french = client.get("/fr" + coc_page.url).content.decode()
    assert "Aller au contenu" in french
    assert 'tabindex="-1" lang="en"' in french and "Contents" in french


def test_a_template_override_changes_every_key(settings, tmp_path, coc_page):
    before = caching.template_version()
    override = tmp_path / "wagtail_coc" / "includes"
    override.mkdir(parents=True)
    (override / "team.html").write_text("<p>Our own team markup</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    caching.template_version.cache_clear()
    try:
        assert caching.template_version() != before
    finally:
        caching.template_version.cache_clear()


def test_previews_are_never_cached(client, rf, admin_user, coc_page):
    # The first visit creates the site's CoC settings, a change of its own.
    html_of(client, coc_page)
    html_of(client, coc_page)
    CommitteeMember.objects.filter(team=coc_page.team, name="Member 1").update(
        name="Preview Person"
    )
    request = rf.get("/")
    request.user = admin_user
    preview = coc_page.make_preview_request(request).render().content.decode()
    assert "Preview Person" in preview
    # Visitors still get the cached page: the update above sent no signal.
    assert "Preview Person" not in html_of(client, coc_page)


def test_an_embedded_team_follows_its_changes(client, root_page):
    team = build_team(member_count=2, name="Embedded team")
    team.save_revision().publish()
    home = HomePage(title="Welcome", slug="welcome", body=[("coc_team", team)])
    root_page.add_child(instance=home)
    home.save_revision().publish()
    assert "Member 1" in html_of(client, home)

    member = team.members.get(name="Member 1")
    member.name = "Grace Example"
    member.save()
    team.save_revision().publish()
    assert "Grace Example" in html_of(client, home)


def test_visitors_get_a_page_shared_caches_may_keep(client, coc_page):
    response = client.get(coc_page.url)

    assert "public" in response["Cache-Control"]
    assert "s-maxage=600" in response["Cache-Control"]
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies  # no session, no CSRF token
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_signed_in_editors_are_not_served_from_shared_caches(admin_client, coc_page):
    response = admin_client.get(coc_page.url)
    assert "public" not in response.get("Cache-Control", "")
