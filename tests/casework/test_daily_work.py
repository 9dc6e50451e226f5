"""The daily task and the deadline check reach the members on duty only, by code name: a missed
deadline and a coming purge are told to the primary and secondary on duty, never to a member
recused from the case or off duty, and never with anything the case holds."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tests.casework.helpers import ACCOUNT, SECRETS
from wagtail_coc.casework.models import Case, OnDutyShift, Recusal
from wagtail_coc.casework.tasks import check_overdue, run_daily

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_duty(member, conflicted):
    now = timezone.now()
    for person, role in ((member, "primary"), (conflicted, "secondary")):
        OnDutyShift.objects.create(
            member=person, role=role, starts=now - timedelta(hours=1), ends=now + timedelta(days=1)
        )


def told(case):
    """The addresses told about ``case``, checking no message carries what the case holds."""
    addresses = []
    for message in mail.outbox:
        if case.code_name in message.subject + message.body:
            for secret in [*SECRETS, ACCOUNT["contact"]]:
                assert secret not in message.subject + message.body
            addresses += message.to
    return sorted(addresses)


def test_a_missed_deadline_is_told_to_the_members_on_duty_who_may_see_it(
    site, member, colleague, conflicted, on_duty
):
    # Eight days without a message to the reporter: the status update is overdue.
    case = Case.open(site=site, received_at=timezone.now() - timedelta(days=8), **ACCOUNT)
    case.recuse(conflicted, Recusal.Reason.DECLARED)
    mail.outbox.clear()

    assert check_overdue.enqueue().return_value == 1

    assert told(case) == [member.email], "on duty and not recused; the colleague is off duty"
    assert "overdue" in mail.outbox[0].body
    assert check_overdue.enqueue().return_value == 0, "each missed deadline is told once"


def test_the_daily_task_warns_before_a_purge_and_counts_what_it_did(
    site, member, colleague, conflicted, on_duty
):
    case = Case.open(site=site, **ACCOUNT)
    case.transition("acknowledged")
    case.transition("not_a_violation")
    mail.outbox.clear()

    done = run_daily.enqueue().return_value

    assert done["warned"] == 1 and done["purged"] == 0
    assert told(case) == sorted([member.email, conflicted.email]), "the two on duty only"


def test_the_command_enqueues_the_deadline_check_alone(capsys):
    call_command("coc_enqueue_daily", "--deadlines")
    assert "Enqueued check_overdue" in capsys.readouterr().out
