"""The decision record: proposal, members who agreed (a minimum), date, reporter's feedback."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from wagtail_coc.casework.cases import InvalidTransition
from wagtail_coc.casework.models import Case, Decision, Recusal, State

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(site, member):
    case = Case.open(site=site, what_happened="x")
    for state in (State.ACKNOWLEDGED, State.INVESTIGATING, State.DECIDING):
        case.transition(state, member)
    return case


def test_the_reporter_is_not_asked_before_a_decision_is_recorded(case, member):
    with pytest.raises(InvalidTransition):
        case.transition(State.AWAITING_FEEDBACK, member)


def test_a_decision_needs_two_members_by_default(case, member, colleague):
    with pytest.raises(ValidationError):
        Decision.record(case, "A warning", [member], user=member)
    decision = Decision.record(case, "A warning", [member, colleague], user=member)
    assert decision.proposal == "A warning"
    assert set(decision.agreed_by.all()) == {member, colleague}
    assert (
        "A warning"
        not in Decision.objects.filter(pk=decision.pk)
        .values_list("proposal_sealed", flat=True)
        .get()
    )
    case.transition(State.AWAITING_FEEDBACK, member)


def test_the_minimum_is_a_setting(case, member, settings):
    settings.WAGTAIL_COC_CASEWORK_DECISION_MINIMUM = 1
    Decision.record(case, "No action", [member])


def test_a_recused_member_cannot_count_towards_the_decision(case, member, colleague):
    case.recuse(colleague, Recusal.Reason.DECLARED)
    with pytest.raises(ValidationError):
        Decision.record(case, "A warning", [member, colleague])


def test_members_record_the_decision_and_the_reporters_feedback_in_the_admin(
    client, case, member, colleague, conflicted
):
    case.recuse(conflicted, Recusal.Reason.EXCLUDED)
    client.force_login(member)
    url = reverse("coc_cases:edit", args=[case.pk])
    html = client.get(url).content.decode()
    assert "Connie" not in html  # a recused member is not offered as agreeing
    response = client.post(url, {
        "form": "decision", "decision-version": Case.objects.get(pk=case.pk).version,
        "decision-proposal": "A written warning", "decision-decided_on": "2027-09-04",
        "decision-agreed_by": [member.pk],
    })  # fmt: skip
    assert response.status_code == 400 and not Decision.objects.exists()
    client.post(url, {
        "form": "decision", "decision-version": Case.objects.get(pk=case.pk).version,
        "decision-proposal": "A written warning", "decision-decided_on": "2027-09-04",
        "decision-agreed_by": [member.pk, colleague.pk],
    })  # fmt: skip
    decision = Decision.objects.get()
    assert decision.decided_on == datetime.date(2027, 9, 4)
    client.post(url, {"form": "feedback", "feedback-body": "The reporter agrees",
                      "feedback-version": Case.objects.get(pk=case.pk).version})  # fmt: skip
    decision.refresh_from_db()
    assert decision.reporter_feedback == "The reporter agrees"
    html = client.get(url).content.decode()
    assert "A written warning" in html and "The reporter agrees" in html
