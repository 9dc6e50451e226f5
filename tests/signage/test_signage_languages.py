"""Signs on a multi-language site follow the short version's language."""

import pytest
from django.urls import reverse


def test_french_signage_is_in_french_with_french_team_and_page(
    client, french_short_version, french_site
):
    french_page, _french_team, _french_info = french_site
    url = reverse("wagtail_coc_signage:short_version_poster", args=[french_short_version.pk, "a4"])

    # The sign's language is the short version's, whatever the browser asks for.
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<html lang="fr">' in html
    assert "Soyez bienveillants." in html
    assert "Affiche du code de conduite (A4)" in html
    assert "Salle du Port" in html
    assert "Signaler un problème" in html
    assert french_page.get_full_url() in html


@pytest.mark.django_db
def test_english_signage_is_unchanged(client, short_version, french_short_version):
    url = reverse("wagtail_coc_signage:short_version_slide", args=[short_version.pk])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert '<html lang="en">' in html
    assert "Be kind." in html
    assert "Soyez bienveillants." not in html
    assert f'href="{short_version.coc_page.get_full_url()}"' in html
    assert "/fr/" not in html
