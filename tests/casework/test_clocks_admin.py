"""The clocks in the admin: the case list's deadline column and filter (no query per case),
a case's deadlines, events and response times for the team only, and the measured figures
against a known set of cases."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.casework.helpers import ACCOUNT, bulk_cases, make_user
from tests.casework.test_clocks import procedure_page
from wagtail_coc.casework.models import Case, CaseStatistics, Event
from wagtail_coc.casework.response_times import measured_against_promises

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def conference(site):
    today = timezone.localdate()
    return Event.objects.create(
        name="PyHarbour 2027",
        starts_on=today - datetime.timedelta(days=1),
        ends_on=today + datetime.timedelta(days=1),
        code_of_conduct=procedure_page(site.root_page),
    )


def test_the_list_shows_and_filters_overdue_and_due_soon(client, site, member, conference):
    now = timezone.now()
    overdue = Case.open(site=site, received_at=now - 2 * HOUR, event=conference.name, **ACCOUNT)
    due_soon = Case.open(site=site, received_at=now - 20 * HOUR, **ACCOUNT)
    running = Case.open(site=site, received_at=now - HOUR, **ACCOUNT)
    client.force_login(member)
    index = reverse("coc_cases:index")

    html = client.get(index).content.decode()
    assert "Overdue: Acknowledgement" in html
    assert "Due soon: Acknowledgement" in html
    assert "Due: Acknowledgement" in html

    html = client.get(index, {"deadline": "overdue"}).content.decode()
    assert overdue.code_name in html
    assert due_soon.code_name not in html and running.code_name not in html
    html = client.get(index, {"deadline": "due_soon"}).content.decode()
    assert due_soon.code_name in html
    assert overdue.code_name not in html and running.code_name not in html


def list_queries(client, **params):
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("coc_cases:index"), params)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_deadlines_cost_no_query_per_case(client, site, member, conference):
    client.force_login(member)
    few = bulk_cases(10, site)
    Case.objects.filter(pk__in=[case.pk for case in few[::2]]).update(event=conference.name)
    client.get(reverse("coc_cases:index"))
    counts_with_few = [list_queries(client), list_queries(client, deadline="overdue")]
    many = bulk_cases(190, site, start=len(few))
    Case.objects.filter(pk__in=[case.pk for case in many[::2]]).update(event=conference.name)
    assert [list_queries(client), list_queries(client, deadline="overdue")] == counts_with_few


def test_the_case_page_shows_its_deadlines_and_what_was_not_understood(
    client, site, member, conference
):
    case = Case.open(site=site, event=conference.name, **ACCOUNT)
    client.force_login(member)
    html = client.get(reverse("coc_cases:edit", args=[case.pk])).content.decode()
    assert "Received during PyHarbour 2027." in html
    assert "Within 1 hour during the event, 24 hours otherwise" in html
    assert "Status update to the reporter" in html
    assert "Escalation: promptly" in html  # not understood, and said so


def statistics(event, acknowledge, decide):
    CaseStatistics.objects.create(
        event=event, received_month=datetime.date(2027, 9, 1),
        hours_to_acknowledge=acknowledge, hours_to_decide=decide,
    )  # fmt: skip


def test_the_measures_against_a_known_set_of_cases(site, conference, member):
    for acknowledge, decide in [(1, 30), (2, 50), (3, None), (10, 100), (0, 20)]:
        statistics(conference.name, acknowledge, decide)
    statistics("", 30, None)
    rows = {row["event"]: row for row in measured_against_promises(member)}
    measured = rows["PyHarbour 2027"]["measures"]
    assert rows["PyHarbour 2027"]["cases"] == 5
    assert measured["acknowledge"] == {"count": 5, "median": 2, "p90": 10}
    assert measured["decide"] == {"count": 4, "median": 40, "p90": 100}
    assert rows["PyHarbour 2027"]["commitments"]["acknowledge"].text.startswith("Within 1 hour")
    assert rows[""]["measures"]["acknowledge"] == {"count": 1, "median": 30, "p90": 30}


def test_the_response_times_page(client, site, member, conference):
    for acknowledge in (1, 2, 3):
        statistics(conference.name, acknowledge, 48)
    client.force_login(member)
    html = client.get(reverse("coc_response_times:index")).content.decode()
    assert "PyHarbour 2027" in html
    assert "Within 1 hour during the event, 24 hours otherwise" in html
    assert "1 hour during the event, 24 hours otherwise" in html
    assert "<td>2</td>" in html and "<td>48</td>" in html


ROLES = ["lead", "member", "reviewer", "editor", "superuser", "anonymous"]


@pytest.fixture
def people(member, reviewer, editor, superuser):
    return {
        "lead": make_user("lead", "CoC team", "CoC team leads"),
        "member": member,
        "reviewer": reviewer,
        "editor": editor,
        "superuser": superuser,
        "anonymous": None,
    }


@pytest.mark.parametrize("role", ROLES)
def test_events_and_response_times_are_the_teams_only(client, people, conference, role):
    if people[role] is not None:
        client.force_login(people[role])
    team = role in ("lead", "member")
    urls = [
        reverse("coc_response_times:index"),
        reverse("coc_events:index"),
        reverse("coc_events:add"),
        reverse("coc_events:edit", args=[conference.pk]),
    ]
    for url in urls:
        response = client.get(url)
        if team:
            assert response.status_code == 200, (url, response.status_code)
        elif role == "anonymous":
            assert response.status_code == 302 and "/login/" in response["Location"]
        else:
            assert response.status_code in (302, 403, 404), (role, url, response.status_code)
            assert "PyHarbour 2027" not in response.content.decode()
    response = client.post(
        reverse("coc_events:edit", args=[conference.pk]),
        {"name": "Renamed", "starts_on": "2027-09-01", "ends_on": "2027-09-03"},
    )
    assert Event.objects.get().name == ("Renamed" if team else "PyHarbour 2027")
    if people[role] is not None:
        menu = client.get(reverse("wagtailadmin_home")).content.decode()
        assert (reverse("coc_response_times:index") in menu) == team
        assert (reverse("coc_events:index") in menu) == team


def test_an_event_ends_after_it_starts(client, member):
    client.force_login(member)
    response = client.post(
        reverse("coc_events:add"),
        {"name": "Backwards", "starts_on": "2027-09-03", "ends_on": "2027-09-01"},
    )
    assert response.status_code == 200
    assert not Event.objects.exists()
