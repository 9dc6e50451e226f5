"""Bad input gives clear form errors, keeps what was typed, saves nothing and never a 500."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import rich_text

from tests.admin_form_data import (
    PUBLISH,
    coc_page_data,
    emergency_data,
    member,
    short_version_data,
    snippet_url,
    team_data,
)
from wagtail_coc.models import CoCTeam, CodeOfConductPage, EmergencyInfo, ShortVersion
from wagtail_coc.models.short_version import SHORT_VERSION_MAX_LENGTH


def field_errors(form, name):
    return " ".join(str(error) for error in form.errors.get(name, []))


def test_invalid_hotline(admin_client):
    response = admin_client.post(
        snippet_url(CoCTeam, "add"), team_data(hotline="555-CALL-NOW-PLEASE")
    )
    assert response.status_code == 200
    form = response.context["form"]
    errors = field_errors(form, "hotline")
    assert "555-CALL-NOW-PLEASE" in errors
    assert "phone number" in errors
    assert 'value="555-CALL-NOW-PLEASE"' in response.content.decode()
    assert not CoCTeam.objects.exists()


@pytest.mark.parametrize("bad_phone", ["12", "0", "+999", "not a number"])
def test_invalid_member_phone(admin_client, bad_phone):
    response = admin_client.post(
        snippet_url(CoCTeam, "add"),
        team_data(members=[member("Ada Member", phone=bad_phone)]),
    )
    assert response.status_code == 200
    child = response.context["form"].formsets["members"].forms[0]
    assert bad_phone in field_errors(child, "phone")
    assert f'value="{bad_phone}"' in response.content.decode()
    assert 'value="Ada Member"' in response.content.decode()
    assert not CoCTeam.objects.exists()


def test_invalid_emergency_number(admin_client):
    response = admin_client.post(
        snippet_url(EmergencyInfo, "add"),
        emergency_data([("emergency", "911"), ("police", "0")]),
    )
    assert response.status_code == 200
    forms = response.context["form"].formsets["numbers"].forms
    assert field_errors(forms[0], "number") == ""
    assert "“0”" in field_errors(forms[1], "number")
    html = response.content.decode()
    assert 'value="911"' in html and 'value="0"' in html
    assert not EmergencyInfo.objects.exists()


def test_published_emergency_info_needs_at_least_one_number(admin_client):
    response = admin_client.post(
        snippet_url(EmergencyInfo, "add"), {**emergency_data([]), **PUBLISH}
    )
    assert response.status_code == 200
    assert response.context["form"].formsets["numbers"].non_form_errors()
    assert 'value="Harbour Hall 2027"' in response.content.decode()
    assert not EmergencyInfo.objects.exists()


def test_unknown_region_is_a_form_error(admin_client):
    response = admin_client.post(
        snippet_url(EmergencyInfo, "add"), emergency_data([("emergency", "911")], region="XX")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["region"]
    assert not EmergencyInfo.objects.exists()


def test_lower_case_region_is_accepted(admin_client):
    response = admin_client.post(
        snippet_url(EmergencyInfo, "add"),
        emergency_data([("emergency", "112"), ("police", "030 1234567")], region="de"),
    )
    assert response.status_code == 302
    info = EmergencyInfo.objects.get()
    assert info.region == "DE"
    assert [n.number for n in info.numbers.all()] == ["112", "+49301234567"]


def test_invalid_phone_on_edit_keeps_the_live_team(admin_client, team):
    edit_url = snippet_url(CoCTeam, "edit", team.pk)
    response = admin_client.post(
        edit_url,
        team_data(hotline="999999999999", members=[member("Ada Member")]),
    )
    assert response.status_code == 200
    assert "999999999999" in field_errors(response.context["form"], "hotline")
    team.refresh_from_db()
    assert team.hotline == "+14155550123"
    assert team.members.count() == 4


@pytest.mark.parametrize(
    ("address", "members"),
    [
        ("pyharbour.conduct@gmail.com", []),
        ("ada.lovelace@pyharbour.example", [member("Ada Lovelace")]),
    ],
)
def test_personal_shared_email_is_rejected(admin_client, address, members):
    response = admin_client.post(
        snippet_url(CoCTeam, "add"), team_data(shared_email=address, members=members)
    )
    assert response.status_code == 200
    errors = field_errors(response.context["form"], "shared_email")
    assert errors.count("personal address") == 1
    assert f'value="{address}"' in response.content.decode()
    assert not CoCTeam.objects.exists()


def test_shared_alias_sharing_a_word_with_an_outside_escalation_contact_is_accepted(admin_client):
    # "Conduct WG" is an outside body, not a team member: conduct@ stays a shared alias.
    escalation = member("Conduct WG", role="escalation")
    response = admin_client.post(
        snippet_url(CoCTeam, "add"),
        team_data(shared_email="conduct@pyharbour.example", members=[escalation]),
    )
    assert response.status_code == 302
    assert CoCTeam.objects.get().shared_email == "conduct@pyharbour.example"


def test_personal_shared_email_is_rejected_on_draft_too(admin_client):
    response = admin_client.post(
        snippet_url(CoCTeam, "add"),
        team_data(shared_email="someone@hotmail.com", publish=False),
    )
    assert response.status_code == 200
    assert "personal address" in field_errors(response.context["form"], "shared_email")


def test_model_full_clean_rejects_personal_shared_email(team):
    team.shared_email = "member.1@pyharbour.example"
    with pytest.raises(ValidationError) as raised:
        team.full_clean()
    assert "shared_email" in raised.value.message_dict

    team.shared_email = "conduct@yahoo.com"
    with pytest.raises(ValidationError):
        team.full_clean()

    team.shared_email = "conduct@pyharbour.example"
    team.full_clean()


def test_over_long_short_version(admin_client):
    text = "Be kind. " * 80
    assert len(text) > SHORT_VERSION_MAX_LENGTH
    response = admin_client.post(snippet_url(ShortVersion, "add"), short_version_data(text=text))
    assert response.status_code == 200
    errors = field_errors(response.context["form"], "text")
    assert str(SHORT_VERSION_MAX_LENGTH) in errors
    html = response.content.decode()
    # The browser must not cut a pasted text short either: the server reports the overflow.
    textarea = response.context["form"]["text"]
    assert "maxlength" not in str(textarea)
    assert text.strip() in html
    assert not ShortVersion.objects.exists()


def test_over_long_short_version_is_kept_on_draft_too(admin_client):
    text = "x" * (SHORT_VERSION_MAX_LENGTH + 1)
    response = admin_client.post(
        snippet_url(ShortVersion, "add"), short_version_data(text=text, publish=False)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["text"]
    assert text in response.content.decode()


def coc_add_url(root_page):
    return reverse(
        "wagtailadmin_pages:add", args=["wagtail_coc", "codeofconductpage", root_page.pk]
    )


def test_coc_page_without_version_or_date_is_published(admin_client, root_page, client):
    """No original Code of Conduct had either: both are optional (issue 10, finding 7)."""
    response = admin_client.post(
        coc_add_url(root_page), coc_page_data(version_label="", effective_date="")
    )
    assert response.status_code == 302
    page = CodeOfConductPage.objects.get()
    assert page.live and page.version_label == "" and page.effective_date is None
    html = client.get(page.url).content.decode()
    assert "coc-version" not in html


def test_coc_page_with_invalid_date(admin_client, root_page):
    response = admin_client.post(coc_add_url(root_page), coc_page_data(effective_date="2027-02-30"))
    assert response.status_code == 200
    assert "effective_date" in response.context["form"].errors


def test_coc_page_missing_required_sections_does_not_error(admin_client, root_page):
    sections = [
        (
            "section",
            {"heading": "Hello", "intro": rich_text(""), "body": rich_text("<p>Be nice.</p>")},
        )
    ]
    response = admin_client.post(coc_add_url(root_page), coc_page_data(sections=sections))
    # Whether publishing is blocked is the checklist's business; either way nothing is lost.
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert "Be nice." in response.content.decode()
    else:
        page = CodeOfConductPage.objects.get(slug="code-of-conduct")
        assert page.get_latest_revision_as_object().body[0].value["heading"] == "Hello"
        edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        assert admin_client.get(edit_url).status_code == 200
