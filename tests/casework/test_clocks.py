"""Deadlines from the published commitments, during the event and outside it; overdue and
due-soon detection; the team told of a missed deadline by code name only."""

import datetime

import pytest
from django.core import mail

from tests.casework.helpers import ACCOUNT, SECRETS
from tests.factories import build_coc_page, complete_body
from wagtail_coc.casework.clocks import (
    DUE_SOON,
    MET,
    MET_LATE,
    OVERDUE,
    RUNNING,
    CaseTimes,
    deadlines_of,
    percentile,
)
from wagtail_coc.casework.commitments import DAYS, Duration, read_commitments
from wagtail_coc.casework.deadlines import (
    cases_due_soon,
    check_deadlines,
    clocks_of_case,
    overdue_cases,
)
from wagtail_coc.casework.models import Case, CaseMessage, CaseTransition, Event, Recusal

WEEK = Duration(7, DAYS)
RECEIVED = datetime.datetime(2027, 9, 2, 10, 0, tzinfo=datetime.UTC)  # a Thursday
HOUR = datetime.timedelta(hours=1)
PUBLISHED = [
    ("Acknowledgement", "Within 1 hour during the event, 24 hours otherwise"),
    ("Decision", "within 7 days"),
    ("Escalation", "promptly"),
]


def published(pairs=PUBLISHED):
    return read_commitments(pairs).commitments


def by_clock(deadlines):
    return {deadline.clock: deadline for deadline in deadlines}


# The clocks as pure functions of a case's times.


def test_the_event_shortens_the_acknowledgement_and_the_decision_is_the_same():
    during = by_clock(deadlines_of(CaseTimes(RECEIVED, during_event=True), published(), WEEK))
    outside = by_clock(deadlines_of(CaseTimes(RECEIVED, during_event=False), published(), WEEK))
    assert during["acknowledge"].due_at == RECEIVED + HOUR
    assert outside["acknowledge"].due_at == RECEIVED + 24 * HOUR
    assert during["decide"].due_at == outside["decide"].due_at == RECEIVED + 7 * 24 * HOUR
    # Nothing published about resolving: no such deadline.
    assert "resolve" not in during


def test_statuses_follow_the_clock():
    times = CaseTimes(RECEIVED, during_event=False)
    acknowledge = by_clock(deadlines_of(times, published(), WEEK))["acknowledge"]
    assert acknowledge.status(RECEIVED + HOUR) == RUNNING
    assert acknowledge.status(RECEIVED + 19 * HOUR) == DUE_SOON  # less than a quarter left
    assert acknowledge.status(RECEIVED + 25 * HOUR) == OVERDUE
    on_time = CaseTimes(RECEIVED, during_event=False, acknowledged_at=RECEIVED + 2 * HOUR)
    late = CaseTimes(RECEIVED, during_event=False, acknowledged_at=RECEIVED + 30 * HOUR)
    now = RECEIVED + 40 * HOUR
    assert by_clock(deadlines_of(on_time, published(), WEEK))["acknowledge"].status(now) == MET
    assert by_clock(deadlines_of(late, published(), WEEK))["acknowledge"].status(now) == MET_LATE


def test_a_status_update_is_due_after_a_week_and_a_message_resets_it():
    quiet = by_clock(deadlines_of(CaseTimes(RECEIVED, during_event=False), {}, WEEK))
    assert quiet["update"].due_at == RECEIVED + 7 * 24 * HOUR
    assert quiet["update"].commitment is None
    written = RECEIVED + 6 * 24 * HOUR
    times = CaseTimes(RECEIVED, during_event=False, last_update_at=written)
    assert by_clock(deadlines_of(times, {}, WEEK))["update"].due_at == written + 7 * 24 * HOUR
    # A page's own promise of updates replaces the week.
    promised = published([("Status update", "every 3 days")])
    assert by_clock(deadlines_of(times, promised, WEEK))["update"].due_at == written + 72 * HOUR
    # A closed case owes no update.
    closed = CaseTimes(RECEIVED, during_event=False, closed_at=RECEIVED + HOUR)
    assert "update" not in by_clock(deadlines_of(closed, published(), WEEK))


def test_percentiles_are_nearest_rank():
    hours = [1, 2, 3, 4, 5, 6, 7, 8, 9, 100]
    assert percentile(hours, 0.9) == 9
    assert percentile([5], 0.9) == 5
    assert percentile([], 0.9) is None


# The clocks of stored cases, from the pages the team publishes.


def procedure_page(parent, pairs=PUBLISHED, slug="code-of-conduct"):
    body = complete_body()
    for index, (kind, value) in enumerate(body):
        if kind == "procedure":
            response_times = [{"stage": stage, "commitment": text} for stage, text in pairs]
            body[index] = (kind, {**value, "response_times": response_times})
    return build_coc_page(parent, body=body, slug=slug)


@pytest.fixture
def conference(site):
    page = procedure_page(site.root_page)
    return Event.objects.create(
        name="PyHarbour 2027",
        starts_on=datetime.date(2027, 9, 2),
        ends_on=datetime.date(2027, 9, 4),
        code_of_conduct=page,
    )


def open_case(site, received_at=RECEIVED, **fields):
    return Case.open(site=site, received_at=received_at, **{**ACCOUNT, **fields})


@pytest.mark.django_db
def test_a_case_received_during_its_event_gets_the_events_deadline(site, conference):
    during = clocks_of_case(open_case(site, event=conference.name))
    after = clocks_of_case(
        open_case(site, received_at=RECEIVED + 5 * 24 * HOUR, event=conference.name)
    )
    assert during.during_event and not after.during_event
    assert by_clock(during.deadlines)["acknowledge"].due_at == RECEIVED + HOUR
    assert by_clock(after.deadlines)["acknowledge"].due_at == RECEIVED + 6 * 24 * HOUR
    assert during.reading.not_understood == (("Escalation", "promptly"),)


@pytest.mark.django_db
def test_without_an_event_the_sites_code_of_conduct_applies(site, conference):
    clocks = clocks_of_case(open_case(site))
    assert clocks.event is None and clocks.page.pk == conference.code_of_conduct_id
    assert by_clock(clocks.deadlines)["acknowledge"].due_at == RECEIVED + 24 * HOUR


@pytest.mark.django_db
def test_an_event_with_its_own_code_of_conduct(site, conference):
    sprint_page = procedure_page(
        site.root_page, [("Acknowledgement", "within 4 hours")], slug="sprint-coc"
    )
    sprint = Event.objects.create(
        name="Sprint", starts_on=datetime.date(2027, 9, 1), ends_on=datetime.date(2027, 9, 2),
        code_of_conduct=sprint_page,
    )  # fmt: skip
    clocks = clocks_of_case(open_case(site, event=sprint.name))
    assert by_clock(clocks.deadlines)["acknowledge"].due_at == RECEIVED + 4 * HOUR


@pytest.mark.django_db
def test_renaming_an_event_renames_it_in_its_cases_and_statistics(site, conference):
    case = open_case(site, event=conference.name)
    conference.name = "PyHarbour 2027 (Lisbon)"
    conference.save()
    case.refresh_from_db()
    assert case.event == "PyHarbour 2027 (Lisbon)"
    assert case.statistics.event == "PyHarbour 2027 (Lisbon)"
    assert clocks_of_case(case).during_event


@pytest.mark.django_db
def test_overdue_and_due_soon_cases(site, conference):
    now = RECEIVED + 20 * HOUR
    late = open_case(site, event=conference.name)  # 1 hour during the event: overdue
    soon = open_case(site)  # 24 hours: 4 left, due soon
    answered = open_case(site)
    answered.transition("acknowledged")
    CaseTransition.objects.filter(case=answered, to_state="acknowledged").update(at=RECEIVED + HOUR)
    assert [case.pk for case in overdue_cases(now=now)] == [late.pk]
    assert [case.pk for case in cases_due_soon(now=now)] == [soon.pk]
    # Acknowledging the late case stops its clock; the decision's still runs.
    late.transition("acknowledged")
    assert overdue_cases(now=now) == []


@pytest.mark.django_db
def test_a_message_to_the_reporter_resets_the_status_update(site):
    case = open_case(site)
    case.transition("acknowledged")
    a_week_on = RECEIVED + 8 * 24 * HOUR
    assert [c.pk for c in overdue_cases(now=a_week_on)] == [case.pk]
    message = CaseMessage.objects.create(case=case, direction="to_reporter", body="Update")
    CaseMessage.objects.filter(pk=message.pk).update(at=RECEIVED + 7 * 24 * HOUR - HOUR)
    assert overdue_cases(now=a_week_on) == []
    # A message from the reporter is not an update from the team.
    CaseMessage.objects.filter(pk=message.pk).update(direction="from_reporter")
    assert [c.pk for c in overdue_cases(now=a_week_on)] == [case.pk]


@pytest.mark.django_db
def test_check_deadlines_tells_who_may_see_the_case_once_by_code_name(
    site, conference, member, colleague, conflicted
):
    case = open_case(site, event=conference.name)
    case.recuse(conflicted, Recusal.Reason.EXCLUDED)
    now = RECEIVED + 2 * HOUR
    mail.outbox.clear()
    assert check_deadlines(now=now) == 1
    (email,) = mail.outbox
    assert case.code_name in email.subject and case.code_name in email.body
    assert "Acknowledgement" in email.body
    assert sorted(email.to) == sorted([member.email, colleague.email])
    for secret in SECRETS:
        assert secret not in email.subject + email.body
    # Told once per missed deadline, however often the check runs.
    assert check_deadlines(now=now + HOUR) == 0
    # The decision, missed later, is news.
    assert check_deadlines(now=RECEIVED + 8 * 24 * HOUR) == 1
    assert len(mail.outbox) == 2 and "Decision" in mail.outbox[-1].body
