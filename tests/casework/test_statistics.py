"""What statistics keep of a case: no text and nothing that identifies anyone, refreshed as the
case changes, and still there after the case is purged."""

import datetime

import pytest
from django.utils import timezone

from tests.casework.helpers import ACCOUNT
from wagtail_coc.casework.models import Case, CaseStatistics, CaseTransition, InvolvedPerson

pytestmark = pytest.mark.django_db


def test_statistics_follow_the_case_and_outlive_its_purge(site):
    received = timezone.make_aware(datetime.datetime(2026, 3, 14, 9, 30))
    case = Case.open(site=site, received_at=received, event="PyHarbour 2027", **ACCOUNT)
    case.category = "harassment"
    case.save()
    InvolvedPerson.objects.create(case=case, role="reported", name="Zephyrine", consequence="")
    InvolvedPerson.objects.create(case=case, role="witness", name="Barnaby")
    case.transition("acknowledged")
    case.transition("investigating")
    case.transition("deciding")
    # Pretend the team acknowledged after 5 h 59 min and decided after three days.
    CaseTransition.objects.filter(case=case, to_state="acknowledged").update(
        at=received + datetime.timedelta(hours=5, minutes=59)
    )
    InvolvedPerson.objects.filter(role="reported").update(consequence="warning")
    case.transition("not_a_violation")
    CaseTransition.objects.filter(case=case, to_state="not_a_violation").update(
        at=received + datetime.timedelta(days=3)
    )
    case.purge()

    statistics = CaseStatistics.objects.get()
    assert statistics.case is None
    assert (statistics.event, statistics.category) == ("PyHarbour 2027", "harassment")
    assert statistics.received_month == datetime.date(2026, 3, 1)
    assert statistics.outcome == "warning"
    assert statistics.people_named == 1
    assert (statistics.hours_to_acknowledge, statistics.hours_to_decide) == (5, 72)
    assert statistics.closed
    # Nothing in the row is text a person wrote.
    row = " ".join(str(value) for value in CaseStatistics.objects.values().get().values())
    for written in (*ACCOUNT.values(), "Zephyrine", "Barnaby", case.code_name):
        assert written not in row


def test_a_case_closed_without_a_sanction_counts_as_its_closing(site):
    case = Case.open(site=site, what_happened="x")
    case.transition("acknowledged")
    case.transition("out_of_scope")
    statistics = CaseStatistics.objects.get(case=case)
    assert (statistics.outcome, statistics.out_of_scope) == ("not_a_violation", True)
