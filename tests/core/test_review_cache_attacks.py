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


def test_clearing_the_site_default_team_purges_the_pages_that_showed_it(root_page, recording_cache):
    """Every page of the site shows the default team ({% coc_team %} in a footer). Removing
    the default (the team disbanded, its hotline is wrong) purges nothing: front caches
    keep showing the old team and hotline for up to s-maxage."""
    _team, plain, settings_row = _site_with_default_team(root_page)
    recording_cache.clear()

    settings_row.default_team = None
    settings_row.save()

    assert page_urls(root_page.specific, plain) <= set(recording_cache)


def test_deleting_the_site_default_team_purges_the_pages_that_showed_it(root_page, recording_cache):
    """Deleting the default team: SET_NULL clears the settings row before post_delete, so
    ``pages_showing`` finds no site using it and the site's pages are not purged."""
    team, plain, _settings_row = _site_with_default_team(root_page)
    recording_cache.clear()

    team.delete()

    assert page_urls(root_page.specific, plain) <= set(recording_cache)


def test_restricting_a_cached_public_page_purges_it(coc_page, recording_cache, client):
    """An anonymous visitor's copy is sent with ``Cache-Control: public, s-maxage=600``.
    Putting the page behind a login or a password (a privacy setting, no publish) purges
    nothing: a CDN keeps serving the now-private page to everyone for ten minutes."""
    from wagtail.models import PageViewRestriction

    response = client.get(coc_page.url)
    assert "public" in response["Cache-Control"]
    recording_cache.clear()

    PageViewRestriction.objects.create(page=coc_page, restriction_type=PageViewRestriction.LOGIN)

    assert page_urls(coc_page) <= set(recording_cache)


def test_a_site_hostname_change_reaches_cached_markup(root_page, client):
    """Cached markup holds absolute URLs of pages on other sites (rich-text links). Saving a
    Site (a new hostname or port) does not move the content version: the cached CoC page
    keeps linking to the old host."""
    from wagtail.models import Page

    from tests.factories import build_coc_page

    other_root = root_page.get_parent().add_child(
        instance=HomePage(title="Other event", slug="other-event")
    )
    other_root.save_revision().publish()
    other = Site.objects.create(hostname="old.example", port=80, root_page=other_root)
    page = build_coc_page(root_page, team=build_team())
    page.intro = f'<p>See <a linktype="page" id="{other_root.pk}">the other event</a>.</p>'
    page.save_revision().publish()
    page = Page.objects.get(pk=page.pk).specific

    # The first visit creates the site's CoC settings row (a change of its own): warm twice.
    client.get(page.url, HTTP_HOST="localhost")
    first = client.get(page.url, HTTP_HOST="localhost").content.decode()
    assert "old.example" in first

    other.hostname = "new.example"
    other.save()

    second = client.get(page.url, HTTP_HOST="localhost").content.decode()
    assert "new.example" in second
    assert "old.example" not in second


def test_a_live_page_saved_in_code_reaches_cached_markup(coc_page, client):
    """The docs promise the content version moves on every save of any page. Only
    publish, unpublish and move signals are connected: a live CoC page changed and saved
    in code (a data migration, an import, a management command) keeps its live revision
    id, so its cached markup (kept with no timeout) is served stale for ever."""
    client.get(coc_page.url)
    assert "Version 1.0" in client.get(coc_page.url).content.decode()

    coc_page.refresh_from_db()
    assert coc_page.live_revision_id is not None
    coc_page.version_label = "2.0"
    coc_page.save()

    assert "Version 2.0" in client.get(coc_page.url).content.decode()


MESSAGES_BASE = """<!DOCTYPE html><html lang="en">
<head><title>{% block title %}{% endblock %}</title>
{% block extra_css %}{% endblock %}</head><body class="{% block body_class %}{% endblock %}">
{% for message in messages %}<p class="flash">{{ message }}</p>{% endfor %}
{% block content %}{% endblock %}{% block extra_js %}{% endblock %}</body></html>"""


def test_a_visitors_flash_message_is_never_sent_as_public(coc_page, client, settings, tmp_path):
    """A site's base template shows Django messages (most do). An anonymous visitor who
    just submitted a form on the site has a ``messages`` cookie but no session cookie: the
    CoC page they land on carries their personal message and is still marked
    ``Cache-Control: public, s-maxage=600``, so a CDN serves it to everyone."""
    import copy

    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.test import RequestFactory

    (tmp_path / "layouts").mkdir()
    (tmp_path / "layouts" / "flash.html").write_text(MESSAGES_BASE)
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [tmp_path, *templates[0]["DIRS"]]
    settings.TEMPLATES = templates
    settings.WAGTAIL_COC_BASE_TEMPLATE = "layouts/flash.html"

    personal = "Thanks Jane Roe, we sent your ticket to jane.roe@example.org"
    storage = CookieStorage(RequestFactory().get("/"))
    client.cookies[storage.cookie_name] = storage._encode([Message(constants.INFO, personal)])

    response = client.get(coc_page.url)
    assert personal in response.content.decode()
    assert "public" not in response.get("Cache-Control", "")


CSRF_BASE = MESSAGES_BASE.replace(
    "{% block content %}",
    '<form method="post" action="/newsletter/">{% csrf_token %}<button>Subscribe</button>'
    "</form>{% block content %}",
)


def test_a_page_with_a_csrf_token_is_never_sent_as_public(coc_page, client, settings, tmp_path):
    """A newsletter or search form with ``{% csrf_token %}`` in the site's footer: the CoC
    page sets the visitor's CSRF cookie and embeds a token, yet is marked public. A front
    cache that keeps it hands one visitor's CSRF secret and token to every visitor."""
    import copy

    (tmp_path / "layouts").mkdir()
    (tmp_path / "layouts" / "csrf.html").write_text(CSRF_BASE)
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [tmp_path, *templates[0]["DIRS"]]
    settings.TEMPLATES = templates
    settings.WAGTAIL_COC_BASE_TEMPLATE = "layouts/csrf.html"

    response = client.get(coc_page.url)
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert "public" not in response.get("Cache-Control", "")
