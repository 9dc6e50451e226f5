"""CoC pages, teams, emergency information and short versions on a multi-language site.

Content is translated the way editors do it, with wagtail.contrib.simple_translation's
"Translate" actions. A translated page keeps pointing at the snippets chosen in the original
language, so what it shows depends on wagtail-coc picking their translations.
"""

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import translation
from home.models import HomePage
from wagtail.models import Site

from tests.languages import publish, translate_page, translate_snippet
from wagtail_coc.models import CoCSettings, CoCTeam
from wagtail_coc.models.pages import in_locale


@pytest.mark.django_db
def test_french_page_shows_french_team_venue_and_interface(client, coc_page, french_site):
    french_page, french_team, _french_info = french_site

    # The copy still points at the English snippets; the page shows their translations.
    assert french_page.team_id == coc_page.team_id
    assert french_page.url == "/fr/code-of-conduct/"
    response = client.get(french_page.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "Équipe du code de conduite de PyHarbour" in html
    assert "Nous répondons à chaque signalement." in html
    assert "Accueil, le vendredi matin" in html
    assert "Salle du Port" in html
    assert "En cas d’urgence" in html
    assert "Services d’urgence" in html
    assert "Écrire à toute l’équipe" in html
    assert "In an emergency" not in html
    assert "PyHarbour CoC team" not in html
    # Members come from the French team's own roster, with their public contacts.
    assert french_team.members.count() == coc_page.team.members.count()
    assert "mailto:escalation@psf.example" in html


@pytest.mark.django_db
def test_english_page_is_unchanged_by_the_translation(client, coc_page, french_site):
    response = client.get(coc_page.url)

    assert coc_page.url == "/code-of-conduct/"
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "PyHarbour CoC team" in html
    assert "Harbour Hall" in html
    assert "In an emergency" in html
    assert "Équipe du code de conduite" not in html
    assert "Salle du Port" not in html
    assert "En cas d’urgence" not in html


@pytest.mark.django_db
def test_french_page_falls_back_to_the_original_team_until_its_translation_is_live(
    client, admin_client, coc_page, french
):
    translate_page(admin_client, Site.objects.get().root_page, french)
    french_page = translate_page(admin_client, coc_page, french)

    html = client.get(french_page.url).content.decode()
    assert "PyHarbour CoC team" in html
    # The untranslated team and venue are English on the French page, and say so.
    assert 'class="coc-layout" tabindex="-1" lang="fr"' in html
    assert 'aria-label="Contact the PyHarbour CoC team" lang="en"' in html
    assert 'aria-label="In an emergency at Harbour Hall" lang="en"' in html

    draft = translate_snippet(admin_client, coc_page.team, french)
    draft.name = "Brouillon d’équipe"
    draft.save_revision()
    CoCTeam.objects.filter(pk=draft.pk).update(live=False)

    html = client.get(french_page.url).content.decode()
    assert "PyHarbour CoC team" in html
    assert "Brouillon d’équipe" not in html


@pytest.mark.django_db
def test_in_locale_returns_the_live_translation_or_the_original(admin_client, team, french):
    assert in_locale(team, french.pk) is team
    translated = publish(translate_snippet(admin_client, team, french))

    assert in_locale(team, french.pk) == translated
    assert in_locale(translated, team.locale_id) == team
    CoCTeam.objects.filter(pk=translated.pk).update(live=False)
    assert in_locale(team, french.pk) is team
    assert in_locale(None, french.pk) is None


def render(source, **context):
    return engines["django"].from_string("{% load wagtail_coc_tags %}" + source).render(context)


@pytest.mark.django_db
def test_template_tag_defaults_follow_the_page_or_the_active_language(rf, coc_page, french_site):
    french_page, _french_team, _french_info = french_site
    site = Site.objects.get(is_default_site=True)
    CoCSettings.objects.update_or_create(
        site=site,
        defaults={
            "default_team": coc_page.team,
            "default_emergency_info": coc_page.emergency_info,
            "default_coc_page": coc_page,
        },
    )
    request = rf.get("/")
    tags = "{% coc_team %}|{% coc_emergency_info %}|{% coc_page_url %}"

    on_french_page = render(tags, request=request, page=french_page)
    assert "Équipe du code de conduite de PyHarbour" in on_french_page
    assert "Salle du Port" in on_french_page
    assert "/fr/code-of-conduct/" in on_french_page

    on_english_page = render(tags, request=request, page=coc_page)
    assert "PyHarbour CoC team" in on_english_page
    assert "Harbour Hall" in on_english_page
    assert "/fr/" not in on_english_page

    # Outside a page (e.g. a project's own view), the active language decides.
    with translation.override("fr"):
        in_french = render(tags, request=rf.get("/fr/"))
    assert "Équipe du code de conduite de PyHarbour" in in_french
    assert "Salle du Port" in in_french
    assert "/fr/code-of-conduct/" in in_french


@pytest.mark.django_db
def test_embedded_short_version_follows_the_page_language(
    client, admin_client, root_page, short_version, french_short_version
):
    home = HomePage(title="Welcome", slug="welcome", body=[("coc_short_version", short_version)])
    root_page.add_child(instance=home)
    home.save_revision().publish()
    # The French copy's block still holds the English short version, as editors leave it.
    french_home = translate_page(admin_client, home, french_short_version.locale)

    french_html = client.get(french_home.url).content.decode()
    assert "Soyez bienveillants." in french_html
    assert 'href="/fr/code-of-conduct/">Lire le code de conduite complet' in french_html

    english_html = client.get(home.url).content.decode()
    assert "Be kind." in english_html
    assert 'href="/code-of-conduct/">Read the full Code of Conduct' in english_html


@pytest.mark.django_db
def test_simple_translation_offers_translate_for_coc_snippets(admin_client, team, french):
    response = admin_client.get(reverse("wagtailsnippets_wagtail_coc_cocteam:list"))
    assert response.status_code == 200
    assert (
        reverse(
            "simple_translation:submit_snippet_translation",
            args=["wagtail_coc", "cocteam", team.pk],
        )
        in response.content.decode()
    )
