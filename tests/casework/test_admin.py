"""Casework in the admin: the recusal matrix, what the team sees, logged reads, conflicts."""

import pytest
from django.urls import reverse

from tests.casework.helpers import ACCOUNT
from wagtail_coc.casework.access_log import verify_chain
from wagtail_coc.casework.models import (
    Case,
    CaseAccess,
    CaseMessage,
    Decision,
    InvolvedPerson,
    Recusal,
    State,
    TeamNote,
)

pytestmark = pytest.mark.django_db
ROLES = ["lead", "member", "declared", "excluded", "involved", "reviewer", "editor", "superuser"]
ALLOWED = {"lead", "member"}


@pytest.fixture
def people(member, colleague, conflicted, reviewer, editor, superuser):
    from tests.casework.helpers import make_user

    return {
        "lead": make_user("lead", "CoC team", "CoC team leads", first_name="Lee", last_name="Lead"),
        "member": member,
        "declared": colleague,
        "excluded": conflicted,
        "involved": make_user("involved", "CoC team", first_name="Ira", last_name="Involved"),
        "reviewer": reviewer,
        "editor": editor,
        "superuser": superuser,
    }


@pytest.fixture
def case(site, people):
    case = Case.open(site=site, **ACCOUNT)
    case.recuse(people["declared"], Recusal.Reason.DECLARED)
    case.recuse(people["excluded"], Recusal.Reason.EXCLUDED)
    InvolvedPerson.objects.create(
        case=case, role="witness", name="Ira Involved", team_member=people["involved"]
    )
    TeamNote.objects.create(case=case, body="Team note: spoke to venue security")
    return case


def case_urls(case):
    return {
        "index": reverse("coc_cases:index"),
        "results": reverse("coc_cases:index_results"),
        "search": reverse("coc_cases:index") + "?q=" + case.code_name.split()[0],
        "filtered": reverse("coc_cases:index") + "?state=received",
        "detail": reverse("coc_cases:edit", args=[case.pk]),
        "access log": reverse("coc_case_access:index"),
    }


def visible(response, case):
    return response.status_code == 200 and case.code_name in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_recusal_matrix_every_view_and_url(client, people, case, role):
    client.force_login(people[role])
    leaks = []
    for name, url in case_urls(case).items():
        response = client.get(url)
        html = response.content.decode() if response.status_code == 200 else ""
        shows_case = case.code_name in html or ACCOUNT["what_happened"] in html
        if name == "access log":
            # Only the team lead reads the access log, which names cases by number only.
            assert (response.status_code == 200) == (role == "lead"), (role, response.status_code)
            if shows_case:
                leaks.append(name)
        elif role in ALLOWED:
            assert shows_case, (role, name, response.status_code)
        elif shows_case:
            leaks.append(name)
        if role not in ALLOWED and name == "detail":
            assert response.status_code == 404, (role, response.status_code)
        if role not in ALLOWED and role in ("reviewer", "editor", "superuser"):
            assert response.status_code in (302, 403, 404), (role, name, response.status_code)
    assert leaks == []


@pytest.mark.parametrize("role", ROLES)
def test_recusal_matrix_every_change(client, people, case, role):
    client.force_login(people[role])
    url = reverse("coc_cases:edit", args=[case.pk])
    notes, messages, persons = TeamNote.objects.count(), 0, InvolvedPerson.objects.count()
    for form, data in {
        "note": {"note-body": "x"},
        "message": {"message-body": "x"},
        "transition": {"transition-to_state": "acknowledged"},
        "person": {"person-role": "other", "person-name": "x"},
        "classify": {"classify-channel": "email"},
        "decision": {
            "decision-proposal": "x",
            "decision-decided_on": "2027-09-04",
            "decision-agreed_by": [people["member"].pk, people["superuser"].pk],
        },
        "feedback": {"feedback-body": "x"},
        "outcome": {"outcome-person": case.people.get().pk, "outcome-consequence": "warning"},
        # Refused for everyone: the case is open, and only a lead may purge.
        "purge": {"purge-confirm": case.code_name},
        "recuse": {},
    }.items():
        version = Case.objects.get(pk=case.pk).version
        response = client.post(url, {"form": form, f"{form}-version": version, **data})
        if role in ALLOWED:
            # The decision names a member outside the team: refused, with the form shown again.
            expected = 400 if form == "decision" else 302
            assert response.status_code == expected, (form, response.status_code)
        else:
            assert response.status_code in (302, 404), (role, form, response.status_code)
            if response.status_code == 302:
                assert "/login/" in response["Location"]
    assert Case.objects.filter(pk=case.pk).exists()
    if role not in ALLOWED:
        assert not InvolvedPerson.objects.exclude(consequence="").exists()
        assert TeamNote.objects.count() == notes
        assert CaseMessage.objects.count() == messages
        assert InvolvedPerson.objects.count() == persons
        assert Case.objects.get(pk=case.pk).state == State.RECEIVED
        assert Case.objects.get(pk=case.pk).channel == "form"
        assert not Decision.objects.exists()
        assert not Recusal.objects.filter(user=people[role], reason="declared").exclude(
            user__username="colleague"
        )


def test_counts_do_not_reveal_a_case_to_a_recused_member(client, people, case, site):
    Case.open(site=site, what_happened="another case")
    client.force_login(people["declared"])
    html = client.get(reverse("coc_cases:index")).content.decode()
    assert case.code_name not in html
    assert Case.objects.visible_to(people["declared"]).count() == 1


def test_the_list_shows_code_names_and_states_only(client, people, case):
    client.force_login(people["member"])
    html = client.get(reverse("coc_cases:index")).content.decode()
    assert case.code_name in html and "Received" in html
    assert f'href="{reverse("coc_cases:edit", args=[case.pk])}"' in html
    for secret in ("Okonkwo", "coffee urn", "Thistlewood", "Ira Involved", "venue security"):
        assert secret not in html


def test_the_detail_shows_the_decrypted_case_notes_messages_and_history(client, people, case):
    member = people["member"]
    CaseMessage.objects.create(case=case, direction="to_reporter", body="We hear you.")
    case.transition(State.ACKNOWLEDGED, member)
    client.force_login(member)
    html = client.get(reverse("coc_cases:edit", args=[case.pk])).content.decode()
    for text in (ACCOUNT["what_happened"], ACCOUNT["contact"], "venue security", "We hear you."):
        assert text in html
    assert "Acknowledged" in html and "Morgan Member" in html


def test_every_read_is_logged_without_content_and_the_log_is_hash_chained(client, people, case):
    client.force_login(people["member"])
    client.get(reverse("coc_cases:index"))
    client.get(reverse("coc_cases:edit", args=[case.pk]))
    entries = list(CaseAccess.objects.order_by("pk"))
    assert [(e.action, e.case_number, e.actor_number) for e in entries] == [
        ("listed", None, people["member"].pk),
        ("opened", case.pk, people["member"].pk),
    ]
    assert verify_chain() == []
    CaseAccess.objects.filter(pk=entries[0].pk).update(case_number=99)
    assert verify_chain() == [entries[0].pk]


def test_deleting_a_log_entry_breaks_the_chain(client, people, case):
    client.force_login(people["member"])
    for _read in range(3):
        client.get(reverse("coc_cases:edit", args=[case.pk]))
    middle = CaseAccess.objects.order_by("pk")[1]
    middle.delete()
    assert verify_chain() != []


def test_a_member_acknowledges_and_replies_to_the_reporter(client, people, case):
    client.force_login(people["member"])
    url = reverse("coc_cases:edit", args=[case.pk])
    client.post(url, {"form": "transition", "transition-to_state": "acknowledged",
                      "transition-version": case.version})  # fmt: skip
    case.refresh_from_db()
    assert case.state == State.ACKNOWLEDGED
    response = client.post(url, {"form": "message", "message-body": "Received, thank you.",
                                 "message-version": case.version})  # fmt: skip
    assert response.status_code == 302
    message = case.messages.get()
    assert message.body == "Received, thank you." and message.by == people["member"]


def test_two_members_editing_the_same_case_get_a_conflict_not_an_overwrite(
    client, people, case, colleague
):
    client.force_login(people["member"])
    url = reverse("coc_cases:edit", args=[case.pk])
    seen = case.version
    client.post(url, {"form": "classify", "classify-channel": "email", "classify-category":
                      "harassment", "classify-event": "PyHarbour 2027",
                      "classify-version": seen})  # fmt: skip
    response = client.post(url, {"form": "classify", "classify-channel": "phone",
                                 "classify-version": seen})  # fmt: skip
    assert response.status_code == 409
    assert "Someone else changed" in response.content.decode()
    case.refresh_from_db()
    assert (case.channel, case.category, case.event) == ("email", "harassment", "PyHarbour 2027")


def test_declaring_a_conflict_makes_the_case_disappear(client, people, case):
    member = people["member"]
    client.force_login(member)
    url = reverse("coc_cases:edit", args=[case.pk])
    assert client.post(url, {"form": "recuse"}).status_code == 302
    assert client.get(url).status_code == 404
    assert Recusal.objects.get(case=case, user=member).reason == "declared"


def test_admin_messages_name_the_case_by_its_code_name_only(client, people, case):
    client.force_login(people["member"])
    url = reverse("coc_cases:edit", args=[case.pk])
    response = client.post(
        url,
        {"form": "person", "person-role": "reported", "person-name": "Zephyrine Okonkwo",
         "person-version": case.version},
        follow=True,
    )  # fmt: skip
    feedback = [str(m) for m in response.context["messages"]]
    assert feedback and all("Okonkwo" not in text for text in feedback)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_team_sees_the_casework_menu(client, people, role):
    client.force_login(people[role])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    shown = reverse("coc_cases:index") in html
    assert shown == (role in ALLOWED or role in ("declared", "excluded", "involved"))


@pytest.mark.parametrize("role", ["reviewer", "editor", "superuser"])
def test_only_team_members_record_reports(client, people, role):
    client.force_login(people[role])
    url = reverse("coc_cases:add")
    assert client.get(url).status_code == 404
    data = {"channel": "phone", "what_happened": "x"}
    assert client.post(url, data).status_code == 404
    assert not Case.objects.exists()


def test_a_member_records_a_report_that_came_by_phone(client, people):
    member = people["member"]
    client.force_login(member)
    index = client.get(reverse("coc_cases:index")).content.decode()
    assert reverse("coc_cases:add") in index
    response = client.post(
        reverse("coc_cases:add"),
        {"channel": "phone", "what_happened": "Called about the party", "contact": ""},
    )
    case = Case.objects.get()
    assert response["Location"] == reverse("coc_cases:edit", args=[case.pk])
    assert (case.channel, case.anonymous, case.what_happened) == (
        "phone",
        True,
        "Called about the party",
    )
    assert case.transitions.get().by == member  # who took it
    assert "Called about" not in Case.objects.values_list("what_happened_sealed", flat=True)[0]


def test_a_recorded_report_keeps_everything_typed_on_error(client, people):
    client.force_login(people["member"])
    response = client.post(
        reverse("coc_cases:add"), {"channel": "phone", "where": "Room 4B by the stairs"}
    )
    assert response.status_code == 400
    assert "Room 4B by the stairs" in response.content.decode()
    assert not Case.objects.exists()
