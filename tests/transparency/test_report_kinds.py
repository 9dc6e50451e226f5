"""Issue 16: a foundation's year and a conference's event, entered as an editor would.

Both kinds through the admin, rendered; the index keeping events and organisation periods
apart; unknown attendance; every new field and block under the scan and the publish guard;
summaries of the old shape moved forward.
"""

import datetime

import pytest
from django.urls import reverse

from tests.admin_form_data import transparency_report_data
from tests.transparency.factories import build_transparency_report
from tests.transparency.helpers import (
    NAME,
    assert_no_name,
    make_user,
    place,
    report_blocks,
    table_rows,
    text_of,
)
from wagtail_coc.base_page import BasePage as Page
from wagtail_coc.transparency.models import (
    ReportSummaryBlock,
    TransparencyReportPage,
    TransparencyReportSpace,
    TransparencyStatistic,
)
from wagtail_coc.transparency.scan.findings import SensitiveDataFound, scan_object

pytestmark = pytest.mark.django_db


def add_url(index_page):
    return reverse(
        "wagtailadmin_pages:add",
        args=("wagtail_coc_transparency", "transparencyreportpage", index_page.pk),
    )


def summary(title, categories, text, outcomes, kind="formal", cases=None, resolution=""):
    return (
        "report",
        {
            "title": title,
            "kind": kind,
            "cases": cases,
            "categories": categories,
            "summary": text,
            "outcomes": [{"outcome": outcome, "detail": detail} for outcome, detail in outcomes],
            "resolution": resolution,
        },
    )


SPACE_ROWS = [
    ("online", "Discussion forum", "Discourse, about 9,000 members"),
    ("online", "Mailing lists", "Announcements and development lists"),
    ("platform", "Voting platform", "Elections and proposals"),
    ("platform", "Code host", "Issues, pull requests and discussions"),
    ("venue", "Events", "Meet-ups and sprints run by local organisers"),
]

# Sixteen issues, in the foundation's own words.
FOUNDATION_STATISTICS = [
    ("harassment", "handled_by_others", "local organisers", "Events", 3),
    ("language", "advice_given", "advised the space's moderators", "Discussion forum", 4),
    ("language", "logged_only", "formally logged", "Mailing lists", 2),
    ("other", "unknown", "no clear follow-up", "Code host", 3),
    ("privacy", "warning", "", "Voting platform", 1),
    ("harassment", "temporary_ban", "", "Discussion forum", 1),
    ("other", "not_a_violation", "", "", 2),
]


def foundation_form(**fields):
    data = dict(
        action="action-publish",
        title="Conduct working group report 2026",
        slug="working-group-2026",
        scope="period",
        event_name="PyHarbour Foundation",
        period_start="2026-01-01",
        period_end="2026-12-31",
        attendees_in_person="",
        attendees_online="",
        meetings_held="24",
        votes_taken="9",
        votes_reached_quorum="7",
        reports_received="21",
        distinct_issues="16",
        people_named="14",
        spaces=[
            {"id": "", "kind": kind, "name": name, "description": description}
            for kind, name, description in SPACE_ROWS
        ],
        statistics=[
            {
                "id": "",
                "category": category,
                "outcome": outcome,
                "detail": detail,
                "space": space,
                "count": str(count),
            }
            for category, outcome, detail, space, count in FOUNDATION_STATISTICS
        ],
        reports=[
            summary(
                "Heated threads on the forum",
                ["language", "harassment"],
                "Several threads about a governance proposal turned personal.",
                [
                    ("advice_given", "advised the space's moderators"),
                    ("temporary_ban", "one account suspended for two weeks"),
                ],
                cases=5,
            ),
            summary(
                "Reports about local events",
                ["harassment"],
                "Three reports concerned behaviour at meet-ups run by local groups.",
                [("handled_by_others", "handled by local organisers")],
                cases=3,
            ),
        ],
        introduction=rich_text_value(
            "<p>This report covers every space the Foundation runs, for the whole of 2026.</p>"
        ),
        closing=rich_text_value("<p>Questions about this report: conduct@pyharbour.example.</p>"),
    )
    data.update(fields)
    return transparency_report_data(**data)


def conference_form(**fields):
    data = dict(
        action="action-publish",
        title="PyHarbour Conf 2026: Code of Conduct report",
        slug="conf-2026",
        scope="event",
        event_name="PyHarbour Conf 2026",
        period_start="2026-09-16",
        period_end="2026-09-18",
        attendees_in_person="420",
        attendees_online="",
        spaces=[
            {"id": "", "kind": "venue", "name": "Harbour Hall", "description": ""},
            {"id": "", "kind": "online", "name": "Event chat", "description": "Zulip"},
        ],
        statistics=[
            {
                "id": "",
                "category": "language",
                "outcome": "correction",
                "detail": "apology",
                "space": "Harbour Hall",
                "count": "1",
            },
            {
                "id": "",
                "category": "language",
                "outcome": "correction",
                "detail": "talk re-recorded without the slide",
                "space": "Harbour Hall",
                "count": "1",
            },
            {
                "id": "",
                "category": "harassment",
                "outcome": "temporary_ban",
                "detail": "removed from the event chat",
                "space": "Event chat",
                "count": "1",
            },
        ],
        reports=[
            summary(
                "A slide in a talk",
                ["language"],
                "A talk included a slide with a demeaning joke.",
                [("correction", "apology"), ("correction", "talk re-recorded without the slide")],
                cases=2,
                resolution="The speaker apologised and re-recorded the talk.",
            ),
            summary(
                "Messages in the event chat",
                ["harassment", "sexual_attention"],
                "An attendee sent repeated unwanted messages in the event chat.",
                [("temporary_ban", "removed from the event chat")],
            ),
        ],
        introduction=rich_text_value(
            "<p>We will update this post if anything reported later changes these figures.</p>"
        ),
        closing=rich_text_value("<p>Thank you to everyone who spoke up.</p>"),
    )
    data.update(fields)
    return transparency_report_data(**data)


def rich_text_value(html):
    from wagtail.test.utils.form_data import rich_text

    return rich_text(html)


@pytest.fixture
def team_client(client, index_page):
    client.force_login(make_user("wg-chair", "Moderators", "CoC team"))
    return client


def test_foundation_year_entered_through_the_admin_publishes_and_renders(team_client, index_page):
    response = team_client.post(add_url(index_page), foundation_form())
    assert response.status_code == 302, response.content.decode()[:3000]
    report = TransparencyReportPage.objects.get(slug="working-group-2026")
    assert report.live
    assert report.scope == "period"
    assert (report.attendees_in_person, report.attendees_online) == (None, None)
    assert (report.meetings_held, report.votes_taken, report.votes_reached_quorum) == (24, 9, 7)
    assert (report.reports_received, report.distinct_issues, report.people_named) == (21, 16, 14)
    assert [space.name for space in report.spaces.all()] == [row[1] for row in SPACE_ROWS]
    assert sum(report.statistics.values_list("count", flat=True)) == 16
    first = report.reports[0].value
    assert first["title"] == "Heated threads on the forum"
    assert first["cases"] == 5
    assert list(first["categories"]) == ["language", "harassment"]
    assert [item["detail"] for item in first["outcomes"]] == [
        "advised the space's moderators",
        "one account suspended for two weeks",
    ]

    edit = team_client.get(reverse("wagtailadmin_pages:edit", args=[report.pk]))
    assert edit.status_code == 200
    html = team_client.get(report.url).content.decode()
    text = text_of(html)
    assert "Organisation period: PyHarbour Foundation" in text
    assert "for the whole of 2026" in text
    assert "Questions about this report" in text
    for _kind, name, _description in SPACE_ROWS:
        assert name in text
    assert "Platform Voting platform" in text
    assert "In person Not reported" in text
    assert "Online Not reported" in text
    assert "In person 0" not in text
    for figure in (
        "Meetings held 24",
        "Votes taken 9",
        "Votes that reached quorum 7",
        "Reports received 21",
        "Distinct issues 16",
        "People named in reports 14",
    ):
        assert figure in text
    rows = table_rows(html, "Reports by category and outcome")
    assert rows[0] == [
        "Category",
        "Warning",
        "Temporary removal or ban",
        "Handled by others: local organisers",
        "Advice given: advised the space's moderators",
        "Logged only: formally logged",
        "Not a violation",
        "Unknown: no clear follow-up",
        "Total",
    ]
    assert rows[-1][-1] == "16"
    by_space = table_rows(html, "Reports by space and category")
    assert by_space[0][0] == "Space"
    assert [row[0] for row in by_space[1:]] == [
        "Discussion forum",
        "Mailing lists",
        "Voting platform",
        "Code host",
        "Events",
        "Not attributed to a space",
        "Total",
    ]
    assert "Heated threads on the forum" in text
    assert "Handled by others: handled by local organisers" in text
    assert "Cases 5" in text
    assert "Categories Inappropriate language or jokes, Harassment" in text


def test_conference_report_entered_through_the_admin_publishes_and_renders(team_client, index_page):
    response = team_client.post(add_url(index_page), conference_form())
    assert response.status_code == 302, response.content.decode()[:3000]
    report = TransparencyReportPage.objects.get(slug="conf-2026")
    assert report.live and report.scope == "event"
    assert (report.attendees_in_person, report.attendees_online) == (420, None)
    html = team_client.get(report.url).content.decode()
    text = text_of(html)
    assert "Event: PyHarbour Conf 2026" in text
    assert text.index("We will update this post if") < text.index("Event size")
    assert text.index("Thank you to everyone who spoke up.") > text.index("Summaries")
    assert "In person 420" in text
    assert "Online Not reported" in text
    assert '<h4 class="coc-report-summary-title">A slide in a talk</h4>' in html
    assert "Correction (informal conversation): apology" in text
    assert "Correction (informal conversation): talk re-recorded without the slide" in text
    assert "Temporary removal or ban: removed from the event chat" in text
    assert "Categories Harassment, Unwelcome sexual attention" in text
    assert table_rows(html, "Reports by space and category")[1:] == [
        ["Harbour Hall", "0", "2", "2"],
        ["Event chat", "1", "0", "1"],
        ["Total", "1", "2", "3"],
    ]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"votes_reached_quorum": "10"}, "votes_reached_quorum", "More votes cannot reach"),
        ({"attendees_in_person": "-1"}, "attendees_in_person", "greater than or equal"),
    ],
)
def test_admin_refuses_impossible_figures(team_client, index_page, fields, field, message):
    response = team_client.post(add_url(index_page), foundation_form(**fields))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not TransparencyReportPage.objects.filter(slug="working-group-2026").exists()


def test_a_statistic_may_only_name_a_listed_space(team_client, index_page):
    data = conference_form()
    data["statistics-0-space"] = "Hallway"
    response = team_client.post(add_url(index_page), data)
    assert response.status_code == 200
    assert "Name one of the spaces listed under Scope" in response.content.decode()


def test_unknown_attendance_is_not_reported_and_a_real_zero_stays_zero(client, index_page):
    unknown = build_transparency_report(
        index_page, 2026, attendees_in_person=None, attendees_online=None
    )
    text = text_of(client.get(unknown.url).content.decode())
    assert "In person Not reported" in text and "Online Not reported" in text
    assert " 0 " not in f" {text} "
    online_only = build_transparency_report(
        index_page, 2027, attendees_in_person=0, attendees_online=250
    )
    text = text_of(client.get(online_only.url).content.decode())
    assert "In person 0" in text and "Online 250" in text


def test_index_keeps_events_and_organisation_periods_apart(client, index_page):
    build_transparency_report(
        index_page,
        2025,
        statistics=[("harassment", "warning", 1)],
    )
    foundation = build_transparency_report(
        index_page,
        2026,
        slug="foundation-2026",
        event_name="PyHarbour Foundation",
        scope="period",
        statistics=[("harassment", "handled_by_others", 3), ("other", "unknown", 2)],
    )
    foundation.period_start = datetime.date(2026, 1, 1)
    foundation.save_revision().publish()
    build_transparency_report(
        index_page, 2026, statistics=[("harassment", "warning", 2), ("privacy", "correction", 1)]
    )
    build_transparency_report(
        index_page,
        2026,
        slug="sprint-2026",
        event_name="PyHarbour Sprints 2026",
        statistics=[("harassment", "warning", 1)],
    )
    html = client.get(index_page.url).content.decode()
    assert table_rows(html, "Reports by category and year") == [
        ["", "2025", "2026"],
        [
            "Category",
            "PyHarbour Conf 2025 (Event)",
            "PyHarbour Foundation (Organisation period)",
            "PyHarbour Conf 2026 (Event)",
            "PyHarbour Sprints 2026 (Event)",
            "All events (Event)",
        ],
        ["Harassment", "1", "3", "2", "1", "3"],
        ["Privacy breach", "0", "0", "1", "0", "1"],
        ["Other", "0", "2", "0", "0", "0"],
        ["All reports", "1", "5", "3", "1", "4"],
    ]
    outcomes = table_rows(html, "Reports by outcome and year")
    assert [row[0] for row in outcomes[2:]] == [
        "Correction (informal conversation)",
        "Warning",
        "Handled by others",
        "Unknown",
        "All reports",
    ]
    # Never one 2026 figure adding the foundation's year to its events.
    assert "8" not in [cell for row in outcomes for cell in row]
    assert '<th scope="colgroup" colspan="4">2026</th>' in html
    assert "(PyHarbour Foundation, organisation period)" in text_of(html)


# --- every new field is scanned and guarded ----------------------------------------------


NEW_PLACES = {
    "introduction": ("Introduction",),
    "closing": ("Closing section",),
    "space_name": ("Spaces", "row 1", "Name"),
    "space_description": ("Spaces", "row 1", "Description"),
    "statistic_detail": ("Statistics", "row 1", "Outcome detail"),
    "statistic_space": ("Statistics", "row 1", "Space"),
    "summary_title": ("Report summaries", "Report summary 1", "Title"),
    "outcome_detail": ("Report summaries", "Report summary 1", "Outcomes", "item 1", "Detail"),
    "event_name": ("Event or organisation",),
}


def dirty_report(index_page, where):
    dirty = f"{NAME} was involved"
    page = TransparencyReportPage(
        title="Working group report 2026",
        slug="wg-2026",
        scope="period",
        event_name=dirty if where == "event_name" else "PyHarbour Foundation",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        introduction=f"<p>{dirty}</p>" if where == "introduction" else "",
        closing=f"<p>{dirty}</p>" if where == "closing" else "",
        live=False,
    )
    block = report_blocks("A thread on the forum turned personal.")[0]
    value = dict(block[1])
    if where == "summary_title":
        value["title"] = dirty
    if where == "outcome_detail":
        value["outcomes"] = [{"outcome": "advice_given", "detail": dirty}]
    page.reports = [("report", value)]
    page.spaces = [
        TransparencyReportSpace(
            kind="online",
            name=dirty if where == "space_name" else "Forum",
            description=dirty if where == "space_description" else "",
        )
    ]
    page.statistics = [
        TransparencyStatistic(
            category="other",
            outcome="handled_by_others",
            detail=dirty if where == "statistic_detail" else "",
            space=dirty if where == "statistic_space" else "",
        )
    ]
    index_page.add_child(instance=page)
    return page, page.save_revision()


@pytest.mark.parametrize("where", sorted(NEW_PLACES))
def test_a_protected_name_in_any_new_field_blocks_publishing(index_page, where):
    page, revision = dirty_report(index_page, where)
    findings = scan_object(page)
    assert {(found.label, found.kind) for found in findings} == {
        (place(*NEW_PLACES[where]), "name")
    }
    with pytest.raises(SensitiveDataFound) as raised:
        revision.publish()
    assert_no_name(*raised.value.messages)
    assert not Page.objects.get(pk=page.pk).live


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("introduction", f"<p>Ask {NAME} about it.</p>"),
        ("spaces-1-description", f"run by {NAME}"),
        ("statistics-0-detail", f"handled by {NAME}"),
        ("reports-0-value-title", f"What {NAME} did"),
        ("reports-0-value-outcomes-0-value-detail", f"{NAME} apologised"),
    ],
)
def test_the_publish_button_refuses_a_name_in_a_new_field(team_client, index_page, key, value):
    data = conference_form()
    data[key] = value
    if key == "introduction":
        data[key] = rich_text_value(value)
    response = team_client.post(add_url(index_page), data)
    assert response.status_code == 200
    assert not TransparencyReportPage.objects.filter(live=True).exists()
    assert "Not published: sensitive data was found" in response.content.decode()


# --- summaries of the old shape ---------------------------------------------------------


OLD_SUMMARY = {
    "kind": "informal",
    "category": "privacy",
    "summary": "An attendee was photographed after asking not to be.",
    "outcome": "correction",
    "resolution": "The pictures were deleted.",
}


def test_the_block_reads_a_summary_of_the_old_shape():
    value = ReportSummaryBlock().to_python(OLD_SUMMARY)
    assert list(value["categories"]) == ["privacy"]
    assert [item["outcome"] for item in value["outcomes"]] == ["correction"]
    assert value["summary"] == OLD_SUMMARY["summary"]


def test_the_data_migration_moves_old_summaries_forward():
    import importlib

    migration = importlib.import_module(
        "wagtail_coc.transparency.migrations.0004_summaries_cover_several_categories_and_outcomes"
    )
    moved = migration.SummaryToListsOperation().apply(dict(OLD_SUMMARY))
    assert "category" not in moved and "outcome" not in moved
    assert moved["categories"] == ["privacy"]
    assert moved["outcomes"][0]["type"] == "item"
    assert moved["outcomes"][0]["value"] == {"outcome": "correction", "detail": ""}
    value = ReportSummaryBlock().to_python(moved)
    assert value["resolution"] == "The pictures were deleted."
    # Already moved: left alone.
    assert migration.SummaryToListsOperation().apply(moved) == moved


def test_a_report_stored_in_the_old_shape_renders_and_opens_in_the_editor(team_client, index_page):
    from django.db.models import JSONField, Value

    report = build_transparency_report(index_page, 2025, reports=report_blocks("Old text."))
    # Raw, past the StreamField (which would read it into today's shape).
    TransparencyReportPage.objects.filter(pk=report.pk).update(
        reports=Value(
            [{"type": "report", "value": OLD_SUMMARY, "id": "a1"}], output_field=JSONField()
        )
    )
    report = TransparencyReportPage.objects.get(pk=report.pk)
    text = text_of(team_client.get(report.url).content.decode())
    assert "Category Privacy breach" in text
    assert "Outcome Correction (informal conversation)" in text
    edit = team_client.get(reverse("wagtailadmin_pages:edit", args=[report.pk]))
    assert edit.status_code == 200
