"""A transparency report drafted from cases, by a team lead: the figures of a known set of cases
(purged ones included), no word of any case, small cells flagged and foldable, a draft that goes
through review and then joins the index's multi-year table."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.casework.helpers import ACCOUNT, make_user
from tests.casework.test_clocks import procedure_page
from tests.transparency.factories import build_transparency_index
from wagtail_coc.casework.models import (
    Case,
    CaseStatistics,
    CaseTransition,
    Event,
    InvolvedPerson,
)
from wagtail_coc.transparency.models import TransparencyReportPage
from wagtail_coc.transparency.workflows import grant_report_index_permissions

pytestmark = pytest.mark.django_db
EVENT = "PyHarbour 2026"


@pytest.fixture
def lead(db):
    return make_user("lead", "CoC team", "CoC team leads", first_name="Lee", last_name="Lead")


@pytest.fixture
def index(site):
    index = build_transparency_index(site.root_page)
    grant_report_index_permissions(index)
    return index


def closed_case(site, category, consequence, *, hours_to_acknowledge, purge=False, named=1):
    received = timezone.make_aware(datetime.datetime(2026, 9, 2, 10, 0))
    case = Case.open(site=site, received_at=received, event=EVENT, **ACCOUNT)
    case.category = category
    case.save()
    for number in range(named):
        InvolvedPerson.objects.create(
            case=case, role="reported", name=f"Zephyrine {number}", consequence=consequence
        )
    case.transition("acknowledged")
    CaseTransition.objects.filter(case=case, to_state="acknowledged").update(
        at=received + datetime.timedelta(hours=hours_to_acknowledge)
    )
    for state in ("investigating", "deciding") if consequence else ("not_a_violation",):
        case.transition(state)
    if purge:
        case.transition("not_a_violation")
        case.purge()
    return case


@pytest.fixture
def cases(site):
    for hours in (1, 2, 3):
        closed_case(site, "harassment", "warning", hours_to_acknowledge=hours)
    closed_case(site, "harassment", "warning", hours_to_acknowledge=10, purge=True)
    closed_case(site, "language", "", hours_to_acknowledge=30, named=2)
    # Another event: not counted.
    other = Case.open(site=site, event="Elsewhere 2026", what_happened="x")
    other.category = "harassment"
    other.save()


def post(client, index, **changes):
    data = {
        "index": index.pk,
        "event": EVENT,
        "period_start": "2026-09-01",
        "period_end": "2026-09-30",
        "title": "Transparency report 2026",
        **changes,
    }
    return client.post(reverse("coc_cases:draft_report"), data)


def test_a_lead_drafts_a_report_with_the_figures_and_no_word_of_any_case(
    client, lead, index, cases
):
    client.force_login(lead)
    preview = post(client, index)
    assert preview.status_code == 200
    assert not TransparencyReportPage.objects.exists(), "the figures are shown first"
    assert "5 reports received" in preview.text and "6 people named" in preview.text
    assert "could point at a person" in preview.text  # the language cell holds one report

    response = post(client, index, create="1")

    page = TransparencyReportPage.objects.get()
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert not page.live and page.get_parent().pk == index.pk
    assert (page.event_name, page.reports_received, page.people_named) == (EVENT, 5, 6)
    assert {(s.category, s.outcome, s.count) for s in page.statistics.all()} == {
        ("harassment", "warning", 4),
        ("language", "not_a_violation", 1),
    }
    # Acknowledged after 1, 2, 3, 10 and 30 hours: median 3, 90th percentile 30.
    assert "acknowledged within 3 hours (median); 90% within 30." in page.enforcement
    stored = json.dumps(page.latest_revision.content) + page.enforcement + page.title
    for written in (
        *ACCOUNT.values(),
        "Zephyrine",
        *Case.objects.values_list("code_name", flat=True),
    ):
        assert written not in stored


def test_small_cells_can_be_folded_into_other(client, lead, index, cases):
    client.force_login(lead)
    post(client, index, merge_small="on", create="1")
    page = TransparencyReportPage.objects.get()
    assert {(s.category, s.outcome, s.count) for s in page.statistics.all()} == {
        ("harassment", "warning", 4),
        ("other", "not_a_violation", 1),
    }


def test_the_published_draft_joins_the_index_history(client, lead, index, cases):
    client.force_login(lead)
    post(client, index, create="1")
    page = TransparencyReportPage.objects.get()
    page.save_revision().publish()
    assert EVENT in client.get(index.url).text
    assert CaseStatistics.objects.filter(case=None).count() == 1, "the purged case still counted"


@pytest.mark.parametrize("who", ["member", "reviewer", "editor", "superuser"])
def test_only_a_lead_drafts(client, index, cases, member, reviewer, editor, superuser, who):
    client.force_login(
        {"member": member, "reviewer": reviewer, "editor": editor, "superuser": superuser}[who]
    )
    response = post(client, index, create="1")
    assert response.status_code in (302, 403)
    assert not TransparencyReportPage.objects.exists()
    assert "Draft a transparency report" not in client.get(reverse("coc_cases:index")).text


def test_the_draft_sets_the_response_times_against_the_published_promise(
    client, lead, index, site, cases
):
    page = procedure_page(site.root_page)
    Event.objects.create(
        name=EVENT,
        starts_on=datetime.date(2026, 9, 1),
        ends_on=datetime.date(2026, 9, 3),
        code_of_conduct=page,
    )
    client.force_login(lead)
    post(client, index, create="1")
    enforcement = TransparencyReportPage.objects.get().enforcement
    assert "acknowledged within 3 hours (median)" in enforcement
    assert "promises: “Within 1 hour during the event, 24 hours otherwise”" in enforcement
    assert "promises: “within 7 days”" in enforcement


def test_a_second_draft_with_the_same_title_gets_its_own_address(client, lead, index, cases):
    client.force_login(lead)
    post(client, index, create="1")
    post(client, index, create="1")
    slugs = sorted(TransparencyReportPage.objects.values_list("slug", flat=True))
    assert slugs == ["transparency-report-2026", "transparency-report-2026-1"]
