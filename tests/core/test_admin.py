"""Creating, editing and publishing CoC content through the Wagtail admin."""

import datetime

import pytest
from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils.html import strip_tags
from wagtail.models import GroupPagePermission
from wagtail.test.utils.form_data import querydict_from_html

from tests.admin_form_data import (
    PUBLISH,
    coc_page_data,
    emergency_data,
    member,
    short_version_data,
    snippet_url,
    team_data,
)
from wagtail_coc.base_page import BasePage
from wagtail_coc.forms import CoCTeamForm, EmergencyInfoForm, ShortVersionForm
from wagtail_coc.models import CoCTeam, CodeOfConductPage, EmergencyInfo, ShortVersion


def test_team_add_and_edit_views_use_the_phone_normalising_form(admin_client, team):
    for url in (snippet_url(CoCTeam, "add"), snippet_url(CoCTeam, "edit", team.pk)):
        response = admin_client.get(url)
        assert response.status_code == 200
        assert isinstance(response.context["form"], CoCTeamForm)


def test_emergency_info_views_use_the_phone_normalising_form(admin_client, emergency_info):
    for url in (
        snippet_url(EmergencyInfo, "add"),
        snippet_url(EmergencyInfo, "edit", emergency_info.pk),
    ):
        response = admin_client.get(url)
        assert response.status_code == 200
        assert isinstance(response.context["form"], EmergencyInfoForm)


def test_create_team_publishes_it_with_numbers_in_e164(admin_client):
    response = admin_client.post(
        snippet_url(CoCTeam, "add"),
        team_data(
            hotline="(415) 555-0123",
            members=[
                member("Ada Member", phone="415-555-0100", role="lead"),
                member("Grace Escalation", role="escalation"),
            ],
        ),
    )
    assert response.status_code == 302
    team = CoCTeam.objects.get()
    assert team.live
    assert team.hotline == "+14155550123"
    assert [(m.name, m.role, m.phone) for m in team.members.all()] == [
        ("Ada Member", "lead", "+14155550100"),
        ("Grace Escalation", "escalation", ""),
    ]
    assert team.latest_revision is not None


def test_edit_team_as_draft_then_publish(admin_client):
    admin_client.post(snippet_url(CoCTeam, "add"), team_data(members=[member("Ada Member")]))
    team = CoCTeam.objects.get()
    edit_url = snippet_url(CoCTeam, "edit", team.pk)

    # Round-trip the rendered form, as a browser would, so every existing value is resubmitted.
    form = querydict_from_html(admin_client.get(edit_url).content.decode(), form_id="w-editor-form")
    form["hotline"] = "+44 20 7946 0958"
    form["members-0-phone"] = "(212) 555-0187"
    response = admin_client.post(edit_url, form)
    assert response.status_code == 302

    team.refresh_from_db()
    # Saved as a draft: the live row is unchanged, the draft revision has the normalised values.
    assert team.has_unpublished_changes
    assert team.hotline == ""
    draft = team.latest_revision.as_object()
    assert draft.hotline == "+442079460958"
    assert draft.members.get().phone == "+12125550187"

    form["action-publish"] = "action-publish"
    assert admin_client.post(edit_url, form).status_code == 302
    team.refresh_from_db()
    assert not team.has_unpublished_changes
    assert team.hotline == "+442079460958"
    assert team.members.get().phone == "+12125550187"
    assert team.revisions.count() == 3


def test_create_emergency_info_keeps_short_numbers_and_normalises_national_ones(admin_client):
    response = admin_client.post(
        snippet_url(EmergencyInfo, "add"),
        emergency_data(
            [("emergency", "911"), ("police", "(415) 555-0124"), ("crisis_line", "988")]
        ),
    )
    assert response.status_code == 302
    info = EmergencyInfo.objects.get()
    assert [n.number for n in info.numbers.all()] == ["911", "+14155550124", "988"]
    assert info.latest_revision is not None


def test_edit_emergency_info(admin_client, emergency_info):
    edit_url = snippet_url(EmergencyInfo, "edit", emergency_info.pk)
    form = querydict_from_html(admin_client.get(edit_url).content.decode(), form_id="w-editor-form")
    form["numbers-1-number"] = "415 555 0177"
    form["numbers-0-DELETE"] = "1"

    # Saving a draft leaves the published numbers as they are.
    assert admin_client.post(edit_url, form).status_code == 302
    numbers = list(emergency_info.numbers.values_list("kind", "number"))
    assert ("police", "+14155550124") in numbers
    emergency_info.refresh_from_db()
    assert emergency_info.has_unpublished_changes

    form.update(PUBLISH)
    assert admin_client.post(edit_url, form).status_code == 302
    numbers = list(emergency_info.numbers.values_list("kind", "number"))
    assert ("police", "+14155550177") in numbers
    assert ("emergency", "911") not in numbers


def test_unpublished_emergency_information_is_not_shown(client, coc_page):
    info = coc_page.emergency_info
    assert "Harbour Hall" in client.get(coc_page.url).content.decode()
    info.unpublish()
    html = client.get(coc_page.url).content.decode()
    assert "(415) 555-0124" not in html
    assert client.get(f"/api/v2/coc-emergency-info/{info.pk}/").status_code == 404


def test_create_and_publish_short_version(admin_client, coc_page):
    response = admin_client.post(
        snippet_url(ShortVersion, "add"), short_version_data(coc_page=coc_page.pk)
    )
    assert response.status_code == 302
    short_version = ShortVersion.objects.get()
    assert short_version.live
    assert short_version.coc_page_id == coc_page.pk

    edit_url = snippet_url(ShortVersion, "edit", short_version.pk)
    response = admin_client.get(edit_url)
    assert response.status_code == 200
    assert isinstance(response.context["form"], ShortVersionForm)
    response = admin_client.post(
        edit_url, short_version_data(text="Be excellent.", coc_page=coc_page.pk)
    )
    assert response.status_code == 302
    short_version.refresh_from_db()
    assert short_version.text == "Be excellent."


def test_create_and_publish_coc_page_with_sections(admin_client, root_page, team, emergency_info):
    add_url = reverse(
        "wagtailadmin_pages:add", args=["wagtail_coc", "codeofconductpage", root_page.pk]
    )
    assert admin_client.get(add_url).status_code == 200
    response = admin_client.post(add_url, coc_page_data(team=team, emergency_info=emergency_info))
    assert response.status_code == 302

    page = CodeOfConductPage.objects.get()
    assert page.live
    assert page.get_parent().specific == root_page.specific
    assert page.version_label == "2.1"
    assert page.effective_date == datetime.date(2027, 3, 1)
    assert page.team == team
    assert [block.block_type for block in page.body] == [
        "expected_behaviour",
        "unacceptable_behaviour",
        "scope",
        "conflict_of_interest",
    ]
    behaviours = [strip_tags(item.source) for item in page.body[0].value["behaviours"]]
    assert behaviours == ["Be kind", "Listen"]
    assert list(page.body[2].value["people"]) == ["attendees", "speakers"]
    assert page.body[3].value["contact_email"] == "conduct-wg@psf.example"

    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert admin_client.get(edit_url).status_code == 200


def test_revision_history_reachable_for_page_and_team(admin_client, coc_page, team):
    coc_page.version_label = "1.1"
    coc_page.save_revision().publish()
    response = admin_client.get(reverse("wagtailadmin_pages:history", args=[coc_page.pk]))
    assert response.status_code == 200
    revisions = list(coc_page.revisions.order_by("created_at"))
    assert len(revisions) == 2
    # The earlier version stays reachable for comparison and review.
    old = revisions[0]
    response = admin_client.get(
        reverse("wagtailadmin_pages:revisions_view", args=[coc_page.pk, old.pk])
    )
    assert response.status_code == 200
    assert old.as_object().version_label == "1.0"

    team.save_revision().publish()
    response = admin_client.get(snippet_url(CoCTeam, "history", team.pk))
    assert response.status_code == 200
    assert team.revisions.count() == 1


SNIPPET_MODELS = ("cocteam", "emergencyinfo", "shortversion")


@pytest.fixture
def editor_client(client, root_page, django_user_model):
    """A non-superuser in Wagtail's default Editors group, given the app's snippet permissions."""
    editors = Group.objects.get(name="Editors")
    # Page rights on the test site, including publishing, as a typical editorial team has.
    for action in ("add", "change", "publish"):
        permission = Permission.objects.get(
            content_type__app_label=BasePage._meta.app_label,
            codename=get_permission_codename(action, BasePage._meta),
        )
        GroupPagePermission.objects.get_or_create(
            group=editors, page=root_page, permission=permission
        )
    codenames = [
        *(f"{action}_{model}" for action in ("add", "change") for model in SNIPPET_MODELS),
        "publish_cocteam",
        "publish_shortversion",
    ]
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="wagtail_coc", codename__in=codenames)
    )
    # Wagtail's admin needs this as well as the model permissions.
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    user = django_user_model.objects.create_user(username="editor", password="x")
    user.groups.add(editors)
    client.force_login(user)
    return client


def test_editor_group_can_open_page_and_snippet_editors(
    editor_client, root_page, coc_page, team, emergency_info
):
    urls = [
        reverse("wagtailadmin_pages:add", args=["wagtail_coc", "codeofconductpage", root_page.pk]),
        reverse("wagtailadmin_pages:edit", args=[coc_page.pk]),
        snippet_url(CoCTeam, "add"),
        snippet_url(CoCTeam, "edit", team.pk),
        snippet_url(EmergencyInfo, "add"),
        snippet_url(EmergencyInfo, "edit", emergency_info.pk),
        snippet_url(ShortVersion, "add"),
    ]
    for url in urls:
        assert editor_client.get(url).status_code == 200, url


def test_editor_can_publish_a_team(editor_client):
    response = editor_client.post(
        snippet_url(CoCTeam, "add"),
        team_data(hotline="415 555 0123", members=[member("Ada Member")]),
    )
    assert response.status_code == 302
    assert CoCTeam.objects.get().hotline == "+14155550123"
