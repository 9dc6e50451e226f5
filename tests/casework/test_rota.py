"""The on-duty rota: who is on duty when, what a shift may be, and who may manage the rota."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.casework.helpers import make_user
from wagtail_coc.casework.rota import OnDutyShift, on_duty

pytestmark = pytest.mark.django_db
MONDAY = datetime(2027, 5, 3, 9, 0, tzinfo=UTC)
WEEK = timedelta(days=7)
SECOND = timedelta(seconds=1)


def shift(member, role="primary", starts=MONDAY, ends=MONDAY + WEEK, clean=True):
    built = OnDutyShift(member=member, role=role, starts=starts, ends=ends)
    if clean:
        built.full_clean()
    built.save()
    return built


def errors_of(**fields):
    with pytest.raises(ValidationError) as caught:
        OnDutyShift(**fields).full_clean()
    return caught.value.message_dict


@pytest.fixture
def week(member, colleague):
    """Morgan primary and Casey secondary this week, the other way round next week."""
    return [
        shift(member, "primary"),
        shift(colleague, "secondary"),
        shift(colleague, "primary", MONDAY + WEEK, MONDAY + 2 * WEEK),
        shift(member, "secondary", MONDAY + WEEK, MONDAY + 2 * WEEK),
    ]


def test_a_shift_runs_from_its_start_up_to_not_including_its_end(week, member, colleague):
    assert on_duty(MONDAY - SECOND) == []
    assert on_duty(MONDAY) == [member, colleague]
    assert on_duty(MONDAY + WEEK - SECOND) == [member, colleague]
    # At the handover exactly one primary and one secondary: next week's.
    assert on_duty(MONDAY + WEEK) == [colleague, member]
    assert on_duty(MONDAY + 2 * WEEK) == []


def test_the_primary_comes_first_whatever_order_the_shifts_were_made_in(member, colleague):
    shift(colleague, "secondary")
    shift(member, "primary")
    assert on_duty(MONDAY + SECOND) == [member, colleague]


def test_a_member_who_left_the_team_or_was_deactivated_is_no_longer_on_duty(
    week, member, colleague
):
    member.groups.clear()
    assert on_duty(MONDAY) == [colleague]
    colleague.is_active = False
    colleague.save()
    assert on_duty(MONDAY) == []


def test_on_duty_defaults_to_now(member):
    from django.utils import timezone

    now = timezone.now()
    shift(member, starts=now - timedelta(hours=1), ends=now + timedelta(hours=1))
    assert on_duty() == [member]


def test_a_shift_must_end_after_it_starts(member):
    errors = errors_of(member=member, role="primary", starts=MONDAY, ends=MONDAY)
    assert errors == {"ends": ["A shift must end after it starts."]}


def test_only_a_team_member_can_be_on_duty(editor):
    errors = errors_of(member=editor, role="primary", starts=MONDAY, ends=MONDAY + WEEK)
    assert errors == {
        "member": ["Only an active member of the Code of Conduct team can be on duty."]
    }


def test_two_shifts_of_one_role_may_not_overlap_but_may_follow_each_other(week, conflicted):
    errors = errors_of(
        member=conflicted, role="primary", starts=MONDAY + WEEK - SECOND, ends=MONDAY + 3 * WEEK
    )
    assert "Another primary shift overlaps this one" in errors["starts"][0]
    shift(conflicted, "primary", MONDAY + 2 * WEEK, MONDAY + 3 * WEEK)


def test_the_primary_and_the_secondary_are_two_people(member):
    shift(member, "primary")
    errors = errors_of(member=member, role="secondary", starts=MONDAY, ends=MONDAY + WEEK)
    assert "the primary and the secondary must be two people" in errors["member"][0]


def test_editing_a_shift_does_not_overlap_itself(week):
    week[0].ends = MONDAY + WEEK - timedelta(hours=1)
    week[0].full_clean()


# The admin: the team manages the rota; nobody else sees it.

ROLES = ["lead", "member", "reviewer", "editor", "superuser"]
ALLOWED = {"lead", "member"}


@pytest.fixture
def people(member, reviewer, editor, superuser):
    return {
        "lead": make_user("lead", "CoC team", "CoC team leads", first_name="Lee", last_name="Lead"),
        "member": member,
        "reviewer": reviewer,
        "editor": editor,
        "superuser": superuser,
    }


def form(member, starts=MONDAY, ends=MONDAY + WEEK, role="primary"):
    return {
        "member": str(member.pk),
        "role": role,
        "starts": starts.strftime("%Y-%m-%d %H:%M"),
        "ends": ends.strftime("%Y-%m-%d %H:%M"),
    }


@pytest.mark.parametrize("role", ROLES)
def test_only_the_team_reads_and_changes_the_rota(client, people, colleague, role):
    existing = shift(colleague, "secondary")
    client.force_login(people[role])
    urls = {
        "index": reverse("coc_rota:index"),
        "add": reverse("coc_rota:add"),
        "edit": reverse("coc_rota:edit", args=[existing.pk]),
        "delete": reverse("coc_rota:delete", args=[existing.pk]),
        "history": reverse("coc_rota:history", args=[existing.pk]),
    }
    for name, url in urls.items():
        response = client.get(url)
        if role in ALLOWED:
            assert response.status_code == 200, (name, response.status_code)
        else:
            assert response.status_code in (302, 403, 404), (name, response.status_code)
            assert "Casey Colleague" not in response.content.decode()
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert (urls["index"] in menu) == (role in ALLOWED)

    client.post(urls["add"], form(people["member"], MONDAY + WEEK, MONDAY + 2 * WEEK))
    client.post(urls["delete"])
    created = OnDutyShift.objects.filter(member=people["member"]).exists()
    still_there = OnDutyShift.objects.filter(pk=existing.pk).exists()
    assert created == (role in ALLOWED)
    assert still_there == (role not in ALLOWED)


def test_the_form_offers_team_members_only_and_explains_a_refusal(client, member, editor):
    client.force_login(member)
    response = client.get(reverse("coc_rota:add"))
    html = response.content.decode()
    assert f'<option value="{member.pk}">Morgan Member</option>' in html
    assert f'<option value="{editor.pk}"' not in html

    response = client.post(reverse("coc_rota:add"), form(editor))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()

    response = client.post(reverse("coc_rota:add"), form(member, ends=MONDAY - WEEK))
    assert "A shift must end after it starts." in response.content.decode()
    assert not OnDutyShift.objects.exists()

    client.post(reverse("coc_rota:add"), form(member))
    assert on_duty(MONDAY) == [member]


def test_the_rota_list_costs_the_same_queries_whatever_its_length(client, member, colleague):
    client.force_login(member)
    url = reverse("coc_rota:index")

    def add_week(start):
        for person, role in ((member, "primary"), (colleague, "secondary")):
            OnDutyShift.objects.create(
                member=person, role=role, starts=start, ends=start + timedelta(days=7)
            )

    def queries():
        client.get(url)
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    start = datetime.now(UTC)
    add_week(start)
    few = queries()
    for week in range(1, 8):
        add_week(start + timedelta(days=7 * week))
    assert queries() == few
