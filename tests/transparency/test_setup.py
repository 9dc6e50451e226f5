"""``manage.py coc_setup``: groups with exactly the permissions the review workflow needs, the
workflow attached, safe to run twice; and those permissions are enough for a real review."""

from io import StringIO

import pytest
from django.contrib.auth import get_permission_codename, get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import GroupPagePermission, WorkflowPage, WorkflowState

from tests.admin_form_data import transparency_report_data
from tests.transparency.factories import build_transparency_index
from wagtail_coc.base_page import BasePage
from wagtail_coc.transparency.models import TransparencyReportPage
from wagtail_coc.transparency.workflows import WORKFLOW_NAME

SUMMARY = "An attendee made repeated unwelcome comments during a talk."


@pytest.fixture
def index_page(root_page, settings):
    # An index made before the set-up, and without the automatic attachment: coc_setup
    # must do everything itself.
    settings.WAGTAIL_COC_ATTACH_REVIEW_WORKFLOW = False
    index = build_transparency_index(root_page)
    settings.WAGTAIL_COC_ATTACH_REVIEW_WORKFLOW = True
    return index


def group_state():
    return {
        group.name: (
            sorted(group.permissions.values_list("content_type__app_label", "codename")),
            sorted(
                (gpp.page_id, gpp.permission.codename)
                for gpp in GroupPagePermission.objects.filter(group=group)
            ),
        )
        for group in Group.objects.filter(name__in=["CoC team", "CoC reviewers"])
    }


def test_coc_setup_creates_exactly_what_the_workflow_needs_and_is_idempotent(index_page):
    assert not WorkflowPage.objects.filter(page=index_page).exists()
    out = StringIO()
    call_command("coc_setup", stdout=out)
    assert "Report indexes: 1; workflows attached: 1; page permissions added: 4." in (
        out.getvalue()
    )

    # Named after the base page model: publish_page, or publish_basepage when swapped.
    add, change, publish = (
        get_permission_codename(action, BasePage._meta) for action in ("add", "change", "publish")
    )
    assert group_state() == {
        "CoC team": (
            [("wagtailadmin", "access_admin")],
            sorted([(index_page.pk, add), (index_page.pk, change)]),
        ),
        "CoC reviewers": (
            [("wagtailadmin", "access_admin")],
            sorted([(index_page.pk, change), (index_page.pk, publish)]),
        ),
    }
    assert WorkflowPage.objects.get(page=index_page).workflow.name == WORKFLOW_NAME

    before = group_state()
    out = StringIO()
    call_command("coc_setup", stdout=out)
    assert "workflows attached: 0; page permissions added: 0." in out.getvalue()
    assert group_state() == before
    assert WorkflowPage.objects.filter(page=index_page).count() == 1


def user_in(username, group_name):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "pw")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def test_a_reviewer_with_only_the_shipped_group_approves_and_publishes(client, index_page):
    call_command("coc_setup", stdout=None)
    writer = user_in("writer", "CoC team")
    reviewer = user_in("reviewer", "CoC reviewers")

    client.force_login(writer)
    add_url = reverse(
        "wagtailadmin_pages:add",
        args=["wagtail_coc_transparency", "transparencyreportpage", index_page.pk],
    )
    data = transparency_report_data(
        reports=[
            (
                "report",
                {
                    "kind": "formal",
                    "category": "harassment",
                    "summary": SUMMARY,
                    "outcome": "warning",
                    "resolution": "",
                },
            )
        ],
        action="action-submit",
    )
    response = client.post(add_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = TransparencyReportPage.objects.get()
    state = WorkflowState.objects.get(status=WorkflowState.STATUS_IN_PROGRESS)
    assert state.current_task_state.task.specific.name == "Code of Conduct review"
    assert not page.live

    client.force_login(reviewer)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    assert client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200
    action_url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[page.pk, "approve", state.current_task_state.pk],
    )
    assert client.get(action_url).status_code == 200
    response = client.post(action_url, {"comment": ""})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED


def test_the_team_alone_cannot_publish_a_report(client, index_page):
    call_command("coc_setup", stdout=None)
    writer = user_in("writer", "CoC team")
    perms = index_page.permissions_for_user(writer)
    assert perms.can_add_subpage() and perms.can_edit()
    assert not perms.can_publish()
