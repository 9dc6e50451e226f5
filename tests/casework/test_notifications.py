"""Who is told about a case, through which channel, and what they are told: the members on
duty, never a recused member, by code name only."""

import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tests.casework.helpers import ACCOUNT, SECRETS, make_user, report_data
from wagtail_coc.casework.checks import casework_requirements
from wagtail_coc.casework.models import Case, OnDutyShift, Recusal
from wagtail_coc.casework.notifications import Reason, notify_on_duty, remind_upcoming_shifts
from wagtail_coc.casework.tasks import notify, run_daily, send_reminders

pytestmark = pytest.mark.django_db
HOUR = timedelta(hours=1)
# Names in ACCOUNT beyond SECRETS: the reporter's whole account must stay out of every message.
CONTENT = SECRETS + list(ACCOUNT.values())


class Recorder:
    """A notifier that keeps what it was asked to send."""

    sent = []

    def send(self, recipients, subject, text):
        Recorder.sent.append((list(recipients), subject, text))


class Broken:
    def send(self, recipients, subject, text):
        raise ConnectionError(f"refused for {recipients} ({text})")


@pytest.fixture(autouse=True)
def _clean(settings):
    Recorder.sent = []
    settings.WAGTAIL_COC_CASEWORK_NOTIFIERS = ["wagtail_coc.casework.notifiers.EmailNotifier"]


@pytest.fixture
def standby(db):
    return make_user("standby", "CoC team", first_name="Sam", last_name="Standby")


@pytest.fixture
def rota(member, colleague, standby):
    """Morgan primary and Casey secondary now; Sam, in the team, is off duty."""
    now = timezone.now()
    mail.outbox.clear()  # the membership notices of the fixtures
    return [
        OnDutyShift.objects.create(member=who, role=role, starts=now - HOUR, ends=now + HOUR)
        for who, role in ((member, "primary"), (colleague, "secondary"))
    ]


@pytest.fixture
def case(site):
    return Case.open(site=site, **ACCOUNT)


def told(outbox=None):
    return sorted(address for email in (outbox or mail.outbox) for address in email.to)


def assert_no_content(messages):
    for subject, body in messages:
        for secret in CONTENT:
            assert secret not in subject + body, secret


def test_a_new_case_tells_the_primary_and_the_secondary_only(rota, case, member, colleague):
    assert notify_on_duty(case, Reason.NEW_CASE) == 2
    assert told() == sorted([member.email, colleague.email])
    [email] = mail.outbox
    assert email.subject == f"New Code of Conduct report: {case.code_name}"
    assert "because you are on duty" in email.body
    assert f"http://testserver/admin/coc_cases/{case.pk}/" in email.body


def test_an_on_duty_member_recused_from_the_case_is_never_told(rota, case, member, colleague):
    case.recuse(member, Recusal.Reason.DECLARED)
    assert notify_on_duty(case, Reason.NEW_CASE) == 1
    assert told() == [colleague.email]


@pytest.mark.parametrize("reason", list(Recusal.Reason))
def test_when_every_member_on_duty_is_recused_the_rest_of_the_team_is_told(
    rota, case, member, colleague, standby, conflicted, reason
):
    case.recuse(member, reason)
    case.recuse(colleague, Recusal.Reason.EXCLUDED)
    case.recuse(conflicted, Recusal.Reason.EXCLUDED)
    mail.outbox.clear()
    assert notify_on_duty(case, Reason.NEW_CASE) == 1
    assert told() == [standby.email]
    assert "Nobody on duty may see this case, so the whole team is told." in mail.outbox[0].body


def test_with_nobody_on_duty_every_member_who_may_see_the_case_is_told(
    case, member, colleague, conflicted
):
    case.recuse(conflicted, Recusal.Reason.EXCLUDED)
    mail.outbox.clear()
    assert notify_on_duty(case, Reason.NEW_CASE) == 2
    assert told() == sorted([member.email, colleague.email])


def test_a_shift_that_ended_or_has_not_begun_does_not_count(rota, case, standby):
    later = timezone.now() + 2 * HOUR
    OnDutyShift.objects.create(member=standby, role="primary", starts=later, ends=later + HOUR)
    notify_on_duty(case, Reason.NEW_CASE, at=later + HOUR / 2)
    assert told() == [standby.email]


def test_nobody_who_may_see_the_case_is_logged_without_detail(case, member, caplog):
    case.recuse(member, Recusal.Reason.DECLARED)
    mail.outbox.clear()
    with caplog.at_level(logging.WARNING):
        assert notify_on_duty(case, Reason.NEW_CASE) == 0
    assert mail.outbox == []
    assert case.code_name not in caplog.text


@pytest.mark.parametrize(
    ("reason", "subject", "line"),
    [
        (Reason.DEADLINE_OVERDUE, "Overdue Code of Conduct case", "is overdue"),
        (Reason.RETENTION_EXPIRING, "Code of Conduct case to be purged", "retention period"),
    ],
)
def test_other_reasons_go_to_the_same_people_with_their_own_words(
    rota, case, member, colleague, reason, subject, line
):
    case.recuse(colleague, Recusal.Reason.DECLARED)
    notify_on_duty(case, reason.value)
    [email] = mail.outbox
    assert email.to == [member.email]
    assert email.subject == f"{subject}: {case.code_name}"
    assert line in email.body


def test_an_unknown_reason_is_refused(case):
    with pytest.raises(ValueError):
        notify_on_duty(case, "gossip")


def test_the_danger_flag_is_said_but_nothing_the_reporter_wrote(rota, site):
    case = Case.open(site=site, ongoing_or_danger=True, **ACCOUNT)
    for reason in Reason:
        notify_on_duty(case, reason)
    assert len(mail.outbox) == len(Reason)
    assert all("someone is in danger" in email.body for email in mail.outbox)
    assert_no_content((email.subject, email.body) for email in mail.outbox)


def test_a_report_sent_through_the_page_reaches_those_on_duty_with_no_content(
    client, report_page, rota, member, colleague, standby, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(report_page.url, report_data(excluded=[str(colleague.pk)]))
    # Nothing is sent before the case is committed.
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    case = Case.objects.get()
    [email] = mail.outbox
    assert email.to == [member.email]
    assert case.code_name in email.subject
    assert_no_content([(email.subject, email.body + str(email.message()))])


# The notifier setting.


def test_the_notifier_setting_chooses_the_channels(settings, rota, case, member, colleague):
    settings.WAGTAIL_COC_CASEWORK_NOTIFIERS = ["tests.casework.test_notifications.Recorder"]
    assert notify_on_duty(case, Reason.NEW_CASE) == 2
    assert mail.outbox == []
    [(recipients, subject, text)] = Recorder.sent
    assert recipients == [member, colleague]
    assert subject == f"New Code of Conduct report: {case.code_name}"
    assert f"/admin/coc_cases/{case.pk}/" in text
    assert_no_content([(subject, text)])


def test_a_failing_notifier_leaves_the_others_and_logs_no_detail(
    settings, rota, case, member, caplog
):
    settings.WAGTAIL_COC_CASEWORK_NOTIFIERS = [
        "tests.casework.test_notifications.Broken",
        "wagtail_coc.casework.notifiers.EmailNotifier",
    ]
    with caplog.at_level(logging.WARNING):
        assert notify_on_duty(case, Reason.NEW_CASE) == 2
    assert len(mail.outbox) == 1
    assert "Broken could not send a notification" in caplog.text
    assert member.email not in caplog.text and case.code_name not in caplog.text

    settings.WAGTAIL_COC_CASEWORK_NOTIFIERS = ["tests.casework.test_notifications.Broken"]
    assert notify_on_duty(case, Reason.NEW_CASE) == 0


def test_the_checks_name_a_notifier_that_cannot_be_imported_or_an_empty_list(settings):
    settings.WAGTAIL_COC_CASEWORK_NOTIFIERS = ["tests.casework.nowhere.Pigeon"]
    assert "wagtail_coc.E404" in [error.id for error in casework_requirements(None)]
    settings.WAGTAIL_COC_CASEWORK_NOTIFIERS = []
    assert "wagtail_coc.W402" in [error.id for error in casework_requirements(None)]
    settings.WAGTAIL_COC_CASEWORK_NOTIFIERS = ["tests.casework.test_notifications.Recorder"]
    assert not {"wagtail_coc.E404", "wagtail_coc.W402"} & {
        error.id for error in casework_requirements(None)
    }


# The tasks, on the immediate backend (the default without TASKS).


def test_the_notify_task_runs_and_reports_how_many_were_told(rota, case, member, colleague):
    result = notify.enqueue(case.pk, Reason.NEW_CASE.value)
    assert result.status == "SUCCESSFUL"
    assert result.return_value == 2
    assert told() == sorted([member.email, colleague.email])


def test_the_notify_task_skips_a_case_purged_before_it_ran(rota, case):
    number = case.pk
    case.purge()
    result = notify.enqueue(number, Reason.NEW_CASE.value)
    assert result.return_value == 0
    assert mail.outbox == []


def test_a_backend_that_cannot_enqueue_never_loses_the_report(
    client, report_page, rota, settings, django_capture_on_commit_callbacks, caplog
):
    settings.TASKS = {"default": {"BACKEND": "tests.casework.nowhere.Backend"}}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(report_page.url, report_data())
    assert "Your report was received" in response.content.decode()
    assert Case.objects.count() == 1
    assert_no_content([("", caplog.text)])


# Reminders of shifts, and the daily task.


def test_a_member_is_reminded_once_of_a_shift_starting_within_a_day(member, colleague):
    now = timezone.now()
    soon = OnDutyShift.objects.create(
        member=member, role="primary", starts=now + 3 * HOUR, ends=now + 30 * HOUR
    )
    OnDutyShift.objects.create(
        member=colleague, role="secondary", starts=now + 25 * HOUR, ends=now + 30 * HOUR
    )
    mail.outbox.clear()
    assert remind_upcoming_shifts(now) == 1
    [email] = mail.outbox
    assert email.to == [member.email]
    assert email.subject.startswith("You are on duty from ")
    assert "You are the primary on duty" in email.body
    assert "/admin/coc_rota/" in email.body
    assert remind_upcoming_shifts(now) == 0
    soon.refresh_from_db()
    assert soon.reminded_at == now
    # A day later the secondary's shift is near.
    assert remind_upcoming_shifts(now + 2 * HOUR) == 1
    assert mail.outbox[-1].to == [colleague.email]


def test_a_reminder_that_could_not_be_sent_is_tried_again(settings, member):
    now = timezone.now()
    OnDutyShift.objects.create(member=member, starts=now + HOUR, ends=now + 2 * HOUR)
    settings.WAGTAIL_COC_CASEWORK_NOTIFIERS = ["tests.casework.test_notifications.Broken"]
    assert remind_upcoming_shifts(now) == 0
    settings.WAGTAIL_COC_CASEWORK_NOTIFIERS = ["tests.casework.test_notifications.Recorder"]
    assert remind_upcoming_shifts(now) == 1
    assert [recipients for recipients, _subject, _text in Recorder.sent] == [[member]]


def test_the_reminder_and_daily_tasks_run(member, capsys):
    now = timezone.now()
    OnDutyShift.objects.create(member=member, starts=now + HOUR, ends=now + 2 * HOUR)
    mail.outbox.clear()
    assert send_reminders.enqueue().return_value == 1
    assert run_daily.enqueue().return_value == {
        "reminders": 0,
        "overdue": 0,
        "warned": 0,
        "purged": 0,
    }
    OnDutyShift.objects.update(reminded_at=None)
    call_command("coc_enqueue_daily")
    assert "Enqueued run_daily" in capsys.readouterr().out
    assert len(mail.outbox) == 2
