"""The checklist rules on plain data: no database, no Django."""

import ast
import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.checklist_keys import CHECKLIST_KEYS
from wagtail_coc import checklist
from wagtail_coc.checklist import CoCDocument, Member, Section, Status, Team

REPO = Path(__file__).resolve().parent.parent
SECTION_ITEMS = [
    "expected_behaviour",
    "unacceptable_behaviour",
    "consequences",
    "scope",
    "procedure",
]


def member(name, **kwargs):
    return Member(name=name, **{"has_contact": True, **kwargs})


def complete_team(**changes):
    team = Team(
        name="PyHarbour CoC team",
        shared_email="conduct@pyharbour.example",
        members=(
            member("Ada Lovelace", role="lead", is_direct_contact=True, gender_description="woman"),
            member("Alan Turing", is_direct_contact=True, gender_description="man"),
            member("Grace Hopper", has_contact=False),
            member("Conduct WG", role="escalation"),
        ),
    )
    return dataclasses.replace(team, **changes)


def complete_sections():
    return (
        *(
            Section(block_type, has_content=True, has_response_times=block_type == "procedure")
            for block_type in SECTION_ITEMS
        ),
        Section("reporting", has_content=True, channel_count=2, shows_team=True),
        Section("conflict_of_interest", has_content=True, contact_email="wg@psf.example"),
    )


def complete_document(**changes):
    document = CoCDocument(
        sections=complete_sections(), team=complete_team(), emergency_number_count=3
    )
    return dataclasses.replace(document, **changes)


def without(block_type, document=None):
    document = document or complete_document()
    return dataclasses.replace(
        document, sections=tuple(s for s in document.sections if s.block_type != block_type)
    )


def replacing(block_type, section, document=None):
    base = without(block_type, document)
    return dataclasses.replace(base, sections=(*base.sections, section))


def result_for(document, key):
    [result] = [r for r in checklist.run_checklist(document) if r.key == key]
    return result


def rendered(result):
    """The English text a user would read, formatted as the Django layer does."""
    return " ".join(
        text % result.params if result.params else text
        for text in (result.title, result.explanation, result.fix)
    )


def test_importable_without_django_settings():
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    code = (
        "import sys, wagtail_coc.checklist\n"
        "loaded = [m for m in sys.modules if m == 'django' or m.startswith('django.')]\n"
        "assert not loaded, loaded\n"
        "print(len(wagtail_coc.checklist.RULES))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == str(len(checklist.RULES))


def test_complete_document_meets_every_item():
    results = checklist.run_checklist(complete_document())
    assert [(r.key, r.status) for r in results] == [(key, Status.MET) for key in CHECKLIST_KEYS]
    assert all(r.fix == "" for r in results)


def test_only_direct_contacts_is_advisory():
    required = {r.key: r.required for r in checklist.run_checklist(CoCDocument())}
    assert [key for key, is_required in required.items() if not is_required] == ["direct_contacts"]


def test_empty_document_reports_every_required_item_missing():
    results = checklist.run_checklist(CoCDocument())
    # An empty document has no placeholders left: that item is about starter-set text.
    assert {r.key for r in results if r.status == Status.MISSING} == {
        r.key for r in results if r.required and r.key != "placeholders"
    }
    assert all(r.fix for r in results if r.status != Status.MET)


@pytest.mark.parametrize("key", SECTION_ITEMS)
def test_section_missing_when_absent(key):
    result = result_for(without(key), key)
    assert result.status == Status.MISSING
    assert result.required
    assert result.fix


@pytest.mark.parametrize("key", SECTION_ITEMS)
def test_section_missing_when_present_but_empty(key):
    result = result_for(replacing(key, Section(key, has_content=False)), key)
    assert result.status == Status.MISSING


@pytest.mark.parametrize("key", SECTION_ITEMS)
def test_section_met_when_filled(key):
    assert result_for(complete_document(), key).status == Status.MET


def test_section_of_another_type_does_not_count():
    document = replacing("scope", Section("section", has_content=True))
    assert result_for(document, "scope").status == Status.MISSING


def test_reporting_met_by_channels_without_team():
    document = complete_document(team=None)
    assert result_for(document, "reporting").status == Status.MET


def test_reporting_met_by_team_shared_email_without_reporting_block():
    result = result_for(without("reporting"), "reporting")
    assert result.status == Status.MET
    assert "conduct@pyharbour.example" in rendered(result)


@pytest.mark.parametrize(
    "reporting",
    [None, Section("reporting", has_content=True, channel_count=0, shows_team=True)],
    ids=["no reporting block", "block without channels"],
)
def test_reporting_missing_without_channels_or_team(reporting):
    document = complete_document(team=None)
    document = (
        replacing("reporting", reporting, document) if reporting else without("reporting", document)
    )
    result = result_for(document, "reporting")
    assert result.status == Status.MISSING
    assert result.required


def test_shared_email_met():
    result = result_for(complete_document(), "shared_email")
    assert result.status == Status.MET
    assert result.params == {"email": "conduct@pyharbour.example"}


def test_shared_email_missing_without_team():
    assert result_for(complete_document(team=None), "shared_email").status == Status.MISSING


@pytest.mark.parametrize(
    "address", ["pyharbour.conduct@gmail.com", "ada.lovelace@pyharbour.example", ""]
)
def test_shared_email_missing_when_personal_or_blank(address):
    document = complete_document(team=complete_team(shared_email=address))
    result = result_for(document, "shared_email")
    assert result.status == Status.MISSING
    if address:
        assert address in rendered(result)
        assert "PyHarbour CoC team" in rendered(result)


def test_team_met():
    result = result_for(complete_document(), "team")
    assert result.status == Status.MET
    assert "PyHarbour CoC team" in rendered(result)


def test_team_missing_without_team():
    result = result_for(complete_document(team=None), "team")
    assert (result.status, result.required) == (Status.MISSING, True)


def test_team_missing_with_only_escalation_contacts():
    team = complete_team(members=(member("Conduct WG", role="escalation"),))
    result = result_for(complete_document(team=team), "team")
    assert result.status == Status.MISSING
    assert "PyHarbour CoC team" in rendered(result)


def test_team_warning_when_page_does_not_show_it():
    hidden = Section("reporting", has_content=True, channel_count=1, shows_team=False)
    result = result_for(replacing("reporting", hidden), "team")
    assert result.status == Status.WARNING
    assert "List the team and its contacts" in result.fix


def test_team_warning_when_no_member_can_be_reached():
    unreachable = tuple(dataclasses.replace(m, has_contact=False) for m in complete_team().members)
    result = result_for(complete_document(team=complete_team(members=unreachable)), "team")
    assert result.status == Status.WARNING


def test_escalation_contact_alone_does_not_make_team_reachable():
    members = tuple(
        dataclasses.replace(m, has_contact=m.role == "escalation") for m in complete_team().members
    )
    result = result_for(complete_document(team=complete_team(members=members)), "team")
    assert result.status == Status.WARNING


def test_conflict_of_interest_met_by_contact_email():
    assert result_for(complete_document(), "conflict_of_interest").status == Status.MET


def test_conflict_of_interest_met_by_reachable_escalation_contacts():
    section = Section("conflict_of_interest", has_content=True, shows_escalation_contacts=True)
    result = result_for(replacing("conflict_of_interest", section), "conflict_of_interest")
    assert result.status == Status.MET


@pytest.mark.parametrize(
    "team",
    [
        complete_team(members=complete_team().roster),
        complete_team(members=(member("Conduct WG", role="escalation", has_contact=False),)),
        None,
    ],
    ids=["no escalation contact", "escalation contact unreachable", "no team"],
)
def test_conflict_of_interest_warning_without_a_contact(team):
    section = Section("conflict_of_interest", has_content=True, shows_escalation_contacts=True)
    document = replacing("conflict_of_interest", section, complete_document(team=team))
    result = result_for(document, "conflict_of_interest")
    assert result.status == Status.WARNING
    assert result.fix


def test_conflict_of_interest_ignores_escalation_contacts_not_shown():
    section = Section("conflict_of_interest", has_content=True, shows_escalation_contacts=False)
    result = result_for(replacing("conflict_of_interest", section), "conflict_of_interest")
    assert result.status == Status.WARNING


@pytest.mark.parametrize("present", [False, True], ids=["absent", "empty"])
def test_conflict_of_interest_missing(present):
    document = without("conflict_of_interest")
    if present:
        document = replacing(
            "conflict_of_interest",
            Section("conflict_of_interest", has_content=False, contact_email="wg@psf.example"),
        )
    result = result_for(document, "conflict_of_interest")
    assert (result.status, result.required) == (Status.MISSING, True)


def direct_contacts(*genders, others=()):
    members = tuple(
        member(f"Contact {index}", is_direct_contact=True, gender_description=gender)
        for index, gender in enumerate(genders)
    )
    return complete_document(team=complete_team(members=members + tuple(others)))


def test_direct_contacts_met_with_two_genders():
    result = result_for(direct_contacts("woman", "non-binary"), "direct_contacts")
    assert (result.status, result.required) == (Status.MET, False)


@pytest.mark.parametrize(
    "genders",
    [("Woman", " woman "), ("Non-binary", "non-binary"), ("man  ", "MAN"), ("woman", ""), ("man",)],
)
def test_direct_contacts_warning_without_two_distinct_genders(genders):
    result = result_for(direct_contacts(*genders), "direct_contacts")
    assert result.status == Status.WARNING
    assert not result.required
    assert "different genders" in result.explanation


def test_whitespace_inside_gender_is_normalised():
    result = result_for(direct_contacts("non  binary", "Non binary"), "direct_contacts")
    assert result.status == Status.WARNING


def test_members_who_are_not_direct_contacts_do_not_count():
    others = (member("Bystander", gender_description="man"),)
    result = result_for(direct_contacts("woman", others=others), "direct_contacts")
    assert result.status == Status.WARNING


@pytest.mark.parametrize("team", [complete_team(members=()), None], ids=["no members", "no team"])
def test_direct_contacts_warning_without_direct_contacts(team):
    result = result_for(complete_document(team=team), "direct_contacts")
    assert result.status == Status.WARNING
    assert "direct contact for sensitive reports" in result.fix


def test_gender_never_appears_in_messages():
    for document in (direct_contacts("xenogender", "demigirl"), direct_contacts("xenogender")):
        for result in checklist.run_checklist(document):
            text = rendered(result) + repr(result.params)
            assert "xenogender" not in text
            assert "demigirl" not in text


def test_emergency_numbers_met_by_page_emergency_info():
    result = result_for(complete_document(emergency_number_count=1), "emergency_numbers")
    assert result.status == Status.MET


def test_emergency_numbers_met_by_emergency_info_block():
    block = Section("emergency_info", has_content=True, emergency_number_count=2)
    document = complete_document(emergency_number_count=0, sections=(*complete_sections(), block))
    assert result_for(document, "emergency_numbers").status == Status.MET


def test_emergency_numbers_missing():
    empty_block = Section("emergency_info", has_content=False, emergency_number_count=0)
    document = complete_document(
        emergency_number_count=0, sections=(*complete_sections(), empty_block)
    )
    result = result_for(document, "emergency_numbers")
    assert (result.status, result.required) == (Status.MISSING, True)


def test_status_labels_cover_every_status():
    assert set(checklist.STATUS_LABELS) == set(Status)


def _noop_marked_strings():
    tree = ast.parse(Path(checklist.__file__).read_text())
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", None) == "gettext_noop"
        and isinstance(node.args[0], ast.Constant)
    }


@pytest.mark.parametrize(
    "document",
    [
        complete_document(),
        CoCDocument(),
        direct_contacts("woman"),
        complete_document(team=complete_team(shared_email="someone@gmail.com")),
        replacing("conflict_of_interest", Section("conflict_of_interest", has_content=True)),
        replacing("reporting", Section("reporting", has_content=True, channel_count=1)),
    ],
)
def test_every_message_is_marked_for_translation_and_formats(document):
    marked = _noop_marked_strings()
    for result in checklist.run_checklist(document):
        for text in (result.title, result.explanation, result.fix):
            assert not text or text in marked
            if result.params:
                assert "%(" not in text % result.params
            else:
                assert "%" not in text
        assert checklist.STATUS_LABELS[result.status] in marked


def test_shared_email_ignores_escalation_contact_names():
    # "Conduct WG" shares the word "conduct" with the alias but is not a team member.
    team = complete_team()
    assert "Conduct WG" in [m.name for m in team.escalation_contacts]
    assert result_for(complete_document(team=team), "shared_email").status == Status.MET
    as_member = complete_team(members=(*team.roster, member("Conduct WG")))
    assert result_for(complete_document(team=as_member), "shared_email").status == Status.MISSING


# Corrections of issue 10.


def test_procedure_without_response_times_is_missing():
    document = replacing("procedure", Section("procedure", has_content=True))
    result = result_for(document, "procedure")
    assert result.status == Status.MISSING
    assert "hear back" in rendered(result)


def test_procedure_response_time_may_be_given_by_the_reporting_section():
    document = replacing("procedure", Section("procedure", has_content=True))
    document = replacing(
        "reporting",
        Section("reporting", True, channel_count=1, shows_team=True, has_response_times=True),
        document,
    )
    assert result_for(document, "procedure").status == Status.MET


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("We acknowledge every report within 24 hours.", True),
        ("You will hear from us in two business days.", True),
        ("A reply within a day, usually sooner.", True),
        ("We respond as soon as we can.", False),
        ("Reports are reviewed by the team in 2027.", False),
    ],
)
def test_response_times_written_in_the_text(text, found):
    assert checklist.mentions_response_time(text) is found


def test_conflict_contact_that_is_the_shared_address_is_not_independent():
    document = replacing(
        "conflict_of_interest",
        Section("conflict_of_interest", True, contact_email="Conduct@PyHarbour.example"),
        complete_document(team=complete_team(members=(member("Ada Lovelace", role="lead"),))),
    )
    result = result_for(document, "conflict_of_interest")
    assert result.status == Status.WARNING
    assert "not an independent path" in rendered(result)
    assert result.params["email"] == "conduct@pyharbour.example"


def test_flagged_team_member_is_a_conflict_contact():
    team = complete_team(
        members=(
            member("Ada Lovelace", role="lead"),
            member("Alan Turing", is_conflict_contact=True),
        )
    )
    document = replacing(
        "conflict_of_interest",
        Section("conflict_of_interest", True, shows_escalation_contacts=True),
        complete_document(team=team),
    )
    assert result_for(document, "conflict_of_interest").status == Status.MET


def test_online_event_is_asked_for_crisis_and_online_safety_contacts():
    document = complete_document(online_only=True, emergency_kinds=("emergency", "police"))
    result = result_for(document, "emergency_numbers")
    assert result.status == Status.MISSING
    assert "online-safety" in rendered(result) or "Online safety" in rendered(result)
    online = complete_document(
        online_only=True, emergency_number_count=0, emergency_kinds=("crisis_line", "online_safety")
    )
    assert result_for(online, "emergency_numbers").status == Status.MET


def test_online_contacts_may_come_from_an_emergency_section():
    document = replacing(
        "emergency_info",
        Section("emergency_info", True, emergency_kinds=("crisis_line", "online_safety")),
        complete_document(online_only=True, emergency_number_count=0),
    )
    assert result_for(document, "emergency_numbers").status == Status.MET


def test_placeholders_left_are_missing():
    document = complete_document(placeholders=("shared team email", "hotline number"))
    result = result_for(document, "placeholders")
    assert result.status == Status.MISSING
    assert "2 starter-set placeholders" in rendered(result)
    assert "shared team email" in rendered(result)
    assert checklist.find_placeholders("a [REPLACE: x] b [REPLACE:  x ] [REPLACE: y]") == (
        "x",
        "y",
    )
