"""Builders for multi-language tests: a French locale, translated pages and snippets."""

import pytest
from django.urls import reverse
from wagtail.models import Locale

from wagtail_coc.models import ShortVersion


@pytest.fixture
def french(db):
    return Locale.objects.create(language_code="fr")


def translate_page(admin_client, page, locale):
    response = admin_client.post(
        reverse("simple_translation:submit_page_translation", args=[page.pk]),
        {"locales": [locale.pk]},
    )
    assert response.status_code == 302
    translated = page.get_translation(locale)
    translated.save_revision().publish()
    translated.refresh_from_db()
    return translated


def translate_snippet(admin_client, snippet, locale):
    meta = type(snippet)._meta
    response = admin_client.post(
        reverse(
            "simple_translation:submit_snippet_translation",
            args=[meta.app_label, meta.model_name, snippet.pk],
        ),
        {"locales": [locale.pk]},
    )
    assert response.status_code == 302
    return snippet.get_translation(locale)


def publish(snippet):
    snippet.save_revision().publish()
    snippet.refresh_from_db()
    return snippet


@pytest.fixture
def french_site(admin_client, root_page, coc_page, french):
    """The home and CoC pages translated into French, with a French team and venue."""
    translate_page(admin_client, root_page, french)
    french_page = translate_page(admin_client, coc_page, french).specific

    french_team = translate_snippet(admin_client, coc_page.team, french)
    french_team.name = "Équipe du code de conduite de PyHarbour"
    french_team.introduction = "Nous répondons à chaque signalement."
    member = french_team.members.get(sort_order=0)
    member.availability = "Accueil, le vendredi matin"
    member.save()
    publish(french_team)

    french_info = translate_snippet(admin_client, coc_page.emergency_info, french)
    french_info.venue_name = "Salle du Port"
    french_info.save()
    return french_page, french_team, french_info


@pytest.fixture
def short_version(coc_page):
    short = ShortVersion.objects.create(
        name="Opening slide",
        text="Be kind. Harassment is not tolerated.",
        contact_note="ask any volunteer",
        coc_page=coc_page,
    )
    return publish(short)


@pytest.fixture
def french_short_version(admin_client, short_version, french_site):
    french = translate_snippet(admin_client, short_version, french_site[0].locale)
    french.text = "Soyez bienveillants. Le harcèlement n’est pas toléré."
    return publish(french)
