"""The checklist on real pages: snapshot, report, editor panel and the coc_audit command."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from wagtail.rich_text import RichText

from tests.checklist_keys import CHECKLIST_KEYS
from tests.factories import build_coc_page, build_emergency_info, build_team, complete_body
from wagtail_coc.audit import audit_page, snapshot_page
from wagtail_coc.management.commands.coc_audit import Command
from wagtail_coc.models import CommitteeMember, EmergencyNumber


def body_without(*block_types):
    return [(name, value) for name, value in complete_body() if name not in block_types]


def body_replacing(block_type, value):
    return [(name, value if name == block_type else old) for name, old in complete_body()]


def statuses(page):
    return {result.key: result.status for result in audit_page(page).results}


def save_draft(page, **changes):
    draft = page.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(draft, name, value)
    draft.save_revision()
    return draft


def test_complete_page_passes_every_item(coc_page):
    report = audit_page(coc_page)
    assert [(r.key, r.status) for r in report.results] == [(key, "met") for key in CHECKLIST_KEYS]
    assert report.passed
    assert report.missing_count == 0
    assert report.page_title == "Code of Conduct"


def test_snapshot_reads_team_members(coc_page):
    members = snapshot_page(coc_page).team.members
    # Member 1 publishes nothing: a direct contact found in person, not by published details.
    assert [(m.name, m.role, m.has_contact, m.is_direct_contact) for m in members] == [
        ("Member 0", "lead", True, True),
        ("Member 1", "member", False, True),
        ("Member 2", "member", True, False),
        ("Escalation Contact", "escalation", True, False),
    ]


def test_availability_counts_as_a_way_to_reach_a_member(coc_page):
    CommitteeMember.objects.filter(name="Member 1").update(availability="Registration desk")
    members = {m.name: m for m in snapshot_page(coc_page).team.members}
    assert members["Member 1"].has_contact


def test_snapshot_counts_emergency_numbers(coc_page, emergency_info):
    assert snapshot_page(coc_page).emergency_number_count == 5
    EmergencyNumber.objects.filter(info=emergency_info).delete()
    assert snapshot_page(coc_page).emergency_number_count == 0
    assert statuses(coc_page)["emergency_numbers"] == "missing"


@pytest.mark.parametrize(
    "block_type",
    ["expected_behaviour", "unacceptable_behaviour", "consequences", "scope", "procedure"],
)
def test_absent_section_is_missing(root_page, team, emergency_info, block_type):
    page = build_coc_page(
        root_page, team=team, emergency_info=emergency_info, body=body_without(block_type)
    )
    report = audit_page(page)
    assert [r.key for r in report.results if r.status != "met"] == [block_type]
    assert report.missing_count == 1
    assert not report.passed


@pytest.mark.parametrize(
    ("block_type", "empty_value"),
    [
        ("expected_behaviour", {"heading": "Expected behaviour", "behaviours": [" "]}),
        ("unacceptable_behaviour", {"heading": "Unacceptable", "behaviours": []}),
        ("consequences", {"heading": "Consequences", "ladder": []}),
        ("scope", {"heading": "Scope", "people": [], "places": []}),
        ("procedure", {"heading": "Procedure", "body": RichText("<p> </p>")}),
    ],
)
def test_empty_section_is_missing(root_page, team, emergency_info, block_type, empty_value):
    page = build_coc_page(
        root_page,
        team=team,
        emergency_info=emergency_info,
        body=body_replacing(block_type, empty_value),
    )
    assert statuses(page)[block_type] == "missing"


def test_intro_alone_fills_a_section(root_page, team, emergency_info):
    value = {
        "heading": "Expected behaviour",
        "intro": RichText("<p>Be considerate.</p>"),
        "behaviours": [],
    }
    page = build_coc_page(
        root_page,
        team=team,
        emergency_info=emergency_info,
        body=body_replacing("expected_behaviour", value),
    )
    assert statuses(page)["expected_behaviour"] == "met"


def test_reporting_block_without_channels_and_no_team_is_missing(root_page, emergency_info):
    value = {"heading": "How to report", "channels": [], "show_team": True}
    page = build_coc_page(
        root_page, emergency_info=emergency_info, body=body_replacing("reporting", value)
    )
    result = statuses(page)
    assert result["reporting"] == "missing"
    assert result["team"] == result["shared_email"] == "missing"


def test_team_hidden_from_page_is_a_warning(root_page, team, emergency_info):
    value = {
        "heading": "How to report",
        "channels": [{"kind": "email", "label": "conduct@pyharbour.example"}],
        "show_team": False,
    }
    page = build_coc_page(
        root_page,
        team=team,
        emergency_info=emergency_info,
        body=body_replacing("reporting", value),
    )
    assert statuses(page)["team"] == "warning"


def test_personal_shared_email_is_missing(root_page, emergency_info):
    team = build_team(shared_email="pyharbour.coc@gmail.com")
    page = build_coc_page(root_page, team=team, emergency_info=emergency_info)
    report = audit_page(page)
    [result] = [r for r in report.results if r.key == "shared_email"]
    assert result.status == "missing"
    assert "pyharbour.coc@gmail.com" in result.explanation
    assert "PyHarbour CoC team" in result.fix
    assert report.missing_count == 1


def test_conflict_of_interest_without_contact_is_a_warning(root_page, emergency_info):
    team = build_team()
    team.members.filter(role=CommitteeMember.Role.ESCALATION).delete()
    value = {
        "heading": "Conflicts of interest",
        "body": RichText("<p>Tell someone else.</p>"),
        "contact_email": "",
        "show_escalation_contacts": True,
    }
    page = build_coc_page(
        root_page,
        team=team,
        emergency_info=emergency_info,
        body=body_replacing("conflict_of_interest", value),
    )
    assert statuses(page)["conflict_of_interest"] == "warning"


def test_conflict_of_interest_met_by_escalation_contacts(coc_page):
    value = {
        "heading": "Conflicts of interest",
        "body": RichText("<p>Contact the escalation contact.</p>"),
        "contact_email": "",
        "show_escalation_contacts": True,
    }
    coc_page.body = body_replacing("conflict_of_interest", value)
    assert statuses(coc_page)["conflict_of_interest"] == "met"


def test_conflict_of_interest_missing(root_page, team, emergency_info):
    page = build_coc_page(
        root_page,
        team=team,
        emergency_info=emergency_info,
        body=body_without("conflict_of_interest"),
    )
    assert statuses(page)["conflict_of_interest"] == "missing"


def test_direct_contacts_of_one_gender_is_a_warning_not_a_failure(coc_page, team):
    team.members.filter(is_direct_contact=True).update(gender_description=" WOMAN")
    report = audit_page(coc_page)
    [result] = [r for r in report.results if r.key == "direct_contacts"]
    assert result.status == "warning"
    assert not result.required
    assert report.passed
    assert "WOMAN" not in json.dumps(report.as_dict())


def test_emergency_info_block_counts(root_page, team, emergency_info):
    body = [*complete_body(), ("emergency_info", emergency_info)]
    page = build_coc_page(root_page, team=team, body=body)
    assert statuses(page)["emergency_numbers"] == "met"


def test_emergency_info_block_without_numbers_is_missing(root_page, team):
    info = build_emergency_info()
    info.numbers.all().delete()
    page = build_coc_page(root_page, team=team, body=[*complete_body(), ("emergency_info", info)])
    snapshot = snapshot_page(page)
    assert [s.has_content for s in snapshot.sections if s.block_type == "emergency_info"] == [False]
    assert statuses(page)["emergency_numbers"] == "missing"


def test_emergency_numbers_missing_without_any_emergency_info(root_page, team):
    page = build_coc_page(root_page, team=team)
    assert statuses(page)["emergency_numbers"] == "missing"


def test_snapshot_query_count_does_not_grow_with_the_page(
    root_page, team, emergency_info, django_assert_max_num_queries
):
    other_info = build_emergency_info()
    body = [
        *complete_body(section_count_extra=30),
        ("emergency_info", emergency_info),
        ("emergency_info", other_info),
        ("emergency_info", other_info),
    ]
    page = build_coc_page(root_page, team=team, emergency_info=emergency_info, body=body)
    page = type(page).objects.get(pk=page.pk)
    # Emergency numbers, team, members, and one query per companion page type: the chosen
    # snippets themselves are never loaded.
    with django_assert_max_num_queries(5):
        snapshot = snapshot_page(page)
    assert [s.emergency_number_count for s in snapshot.sections if s.emergency_number_count] == [
        5,
        5,
        5,
    ]
    assert len(snapshot.sections) == len(body)


def test_emergency_info_block_with_deleted_snippet_is_missing(root_page, team):
    info = build_emergency_info()
    page = build_coc_page(root_page, team=team, body=[*complete_body(), ("emergency_info", info)])
    info.delete()
    page = type(page).objects.get(pk=page.pk)
    assert statuses(page)["emergency_numbers"] == "missing"


def test_report_as_dict_is_json_with_formatted_messages(coc_page, team):
    team.members.update(is_direct_contact=False)
    data = json.loads(json.dumps(audit_page(coc_page).as_dict()))
    assert data["page_id"] == coc_page.pk
    assert data["passed"] is True
    assert [r["key"] for r in data["results"]] == CHECKLIST_KEYS
    assert set(data["results"][0]) == {
        "key",
        "status",
        "required",
        "status_label",
        "title",
        "explanation",
        "fix",
    }
    assert data["results"][5]["explanation"].endswith("how to reach them.")
    assert "PyHarbour CoC team" in data["results"][5]["explanation"]
    assert data["results"][9]["status"] == "warning"
    assert data["results"][9]["status_label"] == "Warning"
    assert all("%(" not in r["explanation"] + r["fix"] for r in data["results"])


# The editor panel


def test_panel_shows_checklist_in_page_editor(admin_client, coc_page):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[coc_page.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Best-practice checklist" in html
    assert "Every required item of the best-practice guide is in place." in html
    assert html.count('class="coc-check coc-check--met') == len(CHECKLIST_KEYS)
    assert "Emergency numbers" in html


def test_panel_reflects_latest_draft(admin_client, coc_page):
    save_draft(coc_page, body=body_without("scope"), emergency_info=None)
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[coc_page.pk]))
    html = response.content.decode()
    assert "2 required items are missing." in html
    assert html.count("coc-check--missing") == 2
    assert "Add a “Scope” section" in html
    assert "How to fix:" in html
    # Status is given in words, not only by colour or icon.
    assert "<strong>Missing:</strong> Scope" in html


def test_panel_on_new_page_asks_for_a_draft(admin_client, root_page):
    url = reverse("wagtailadmin_pages:add", args=["wagtail_coc", "codeofconductpage", root_page.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "Save a draft to see how this Code of Conduct measures up" in response.content.decode()


# The coc_audit command


def run_audit(*args):
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        call_command("coc_audit", *args, stdout=stdout, stderr=stderr)
    except CommandError as error:
        return error.returncode, stdout.getvalue(), stderr.getvalue()
    return 0, stdout.getvalue(), stderr.getvalue()


def test_command_passes_for_complete_page(coc_page):
    code, out, err = run_audit()
    assert code == 0
    assert err == ""
    assert f"Code of Conduct (id {coc_page.pk}, /code-of-conduct/), published version" in out
    assert out.count("[Met]") == len(CHECKLIST_KEYS)
    assert "Emergency numbers" in out


def test_command_json_for_complete_page(coc_page):
    code, out, err = run_audit("--json")
    assert (code, err) == (0, "")
    [page] = json.loads(out)
    assert page["page_id"] == coc_page.pk
    assert page["url"] == "/code-of-conduct/"
    assert page["audited_version"] == "live"
    assert page["passed"] is True
    assert [r["status"] for r in page["results"]] == ["met"] * len(CHECKLIST_KEYS)


def test_command_fails_naming_page_and_item(root_page, team, emergency_info):
    build_coc_page(root_page, team=team, emergency_info=emergency_info)
    build_coc_page(
        root_page,
        team=team,
        title="Meetup CoC",
        slug="meetup-coc",
        body=body_without("procedure"),
    )
    code, out, err = run_audit()
    assert code == 1
    assert err.splitlines() == [
        "Meetup CoC: missing Procedure for handling reports (procedure)",
        "Meetup CoC: missing Emergency numbers (emergency_numbers)",
    ]
    assert "[Missing] Emergency numbers: Choose emergency information" in out
    assert "Code of Conduct (id" in out


def test_command_json_fails_too(root_page, team):
    page = build_coc_page(root_page, team=team, body=body_without("scope"))
    code, out, err = run_audit("--json")
    assert code == 1
    [data] = json.loads(out)
    assert data["page_id"] == page.pk
    assert data["passed"] is False
    assert data["missing_count"] == 2
    assert {r["key"] for r in data["results"] if r["status"] == "missing"} == {
        "scope",
        "emergency_numbers",
    }
    assert "Code of Conduct: missing Scope (scope)" in err


def test_command_audits_latest_draft(coc_page):
    save_draft(coc_page, title="Code of Conduct (draft)", body=body_without("consequences"))
    code, out, err = run_audit()
    assert code == 1
    assert "Code of Conduct (draft) (id" in out
    assert "latest draft" in out
    assert err.strip() == "Code of Conduct (draft): missing Consequences (consequences)"


def test_command_draft_fix_passes_before_publishing(root_page, team, emergency_info):
    page = build_coc_page(
        root_page, team=team, emergency_info=emergency_info, body=body_without("scope")
    )
    save_draft(page, body=complete_body())
    code, out, _err = run_audit("--json")
    assert code == 0
    assert json.loads(out)[0]["audited_version"] == "latest_draft"


def test_command_exit_status_from_command_line(root_page, team):
    build_coc_page(root_page, team=team)
    with pytest.raises(SystemExit) as exit_info:
        Command().run_from_argv(["manage.py", "coc_audit"])
    assert exit_info.value.code == 1


def test_command_without_pages(db):
    code, out, err = run_audit()
    assert (code, err) == (0, "")
    assert "There are no Code of Conduct pages." in out
    assert run_audit("--json")[:2] == (0, "[]\n")
