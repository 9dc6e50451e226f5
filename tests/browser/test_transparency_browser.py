"""Transparency reports as readers meet them: axe-core, a phone screen and paper."""

import pytest

from tests.transparency.factories import build_transparency_index, build_transparency_report

# live_server needs committed data; serialized_rollback restores the default Site and root page
# that migrations create, which each transactional test otherwise flushes away.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

OVERFLOW_JS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
SUMMARY = {
    "kind": "formal",
    "category": "sexual_attention",
    "summary": "An attendee received repeated unwanted messages after a social event.",
    "outcome": "permanent_ban",
    "resolution": "The sender was removed from the event and future events.",
}
EVERY_OUTCOME = [
    "correction",
    "warning",
    "temporary_ban",
    "permanent_ban",
    "not_a_violation",
    "no_action",
    "unresolved",
]


@pytest.fixture
def urls(live_server, root_page):
    index_page = build_transparency_index(root_page)
    for year in range(2023, 2027):
        build_transparency_report(
            index_page,
            year,
            statistics=[("harassment", outcome, 1) for outcome in EVERY_OUTCOME],
            reports=[("report", SUMMARY)],
            promotion="<p>Accepted by every attendee at registration.</p>",
        )
    empty = build_transparency_report(index_page, 2027, attendees_in_person=None)
    latest = index_page.get_children().specific().get(slug="report-2026")
    foundation = build_foundation_year(index_page)
    return {
        "index": live_server.url + index_page.url,
        "report": live_server.url + latest.url,
        "empty": live_server.url + empty.url,
        "foundation": live_server.url + foundation.url,
    }


def build_foundation_year(index_page):
    """A foundation's year beside the 2026 conference: the index keeps them apart."""
    from wagtail_coc.transparency.models import TransparencyReportSpace

    page = build_transparency_report(
        index_page,
        2026,
        slug="foundation-2026",
        scope="period",
        event_name="PyHarbour Foundation",
        attendees_in_person=None,
        attendees_online=None,
        meetings_held=24,
        votes_taken=9,
        votes_reached_quorum=7,
        introduction="<p>Every space the Foundation runs, for the whole year.</p>",
        closing="<p>Questions about this report go to the working group.</p>",
        statistics=[("harassment", "handled_by_others", 3), ("other", "unknown", 2)],
        reports=[
            (
                "report",
                {
                    "title": "Threads that turned personal",
                    "kind": "formal",
                    "cases": 5,
                    "categories": ["language", "harassment"],
                    "summary": "Several forum threads about a proposal turned personal.",
                    "outcomes": [
                        {"outcome": "advice_given", "detail": "advised the forum's moderators"},
                        {"outcome": "temporary_ban", "detail": "one account suspended"},
                    ],
                    "resolution": "",
                },
            )
        ],
    )
    page.spaces = [
        TransparencyReportSpace(kind="online", name="Forum"),
        TransparencyReportSpace(kind="platform", name="Voting platform"),
    ]
    page.save_revision().publish()
    return page


@pytest.mark.parametrize("which", ["index", "report", "empty", "foundation"])
def test_pages_are_accessible_and_fit_a_phone(page, urls, which, assert_no_axe_violations):
    # Let every request finish: the live server shares its database connection with the test.
    page.goto(urls[which], wait_until="networkidle")
    assert_no_axe_violations(page)
    page.set_viewport_size({"width": 360, "height": 740})
    # Wide tables scroll inside their own focusable region, not the whole page.
    assert page.evaluate(OVERFLOW_JS) <= 1


def test_report_prints_its_table_and_summaries(page, urls):
    page.goto(urls["report"], wait_until="networkidle")
    page.emulate_media(media="print")
    assert page.locator("table.coc-stats").is_visible()
    assert page.locator(".coc-report-summary").is_visible()
    assert not page.get_by_role("banner").is_visible()
    assert page.locator(".coc-table-wrap").evaluate("el => getComputedStyle(el).overflowX") == (
        "visible"
    )


def test_index_table_groups_a_column_per_report_under_its_year(page, urls):
    page.goto(urls["index"], wait_until="networkidle")
    table = page.get_by_role("table", name="Reports by category and year")
    year_2026 = table.locator('th[scope="colgroup"]', has_text="2026")
    assert year_2026.get_attribute("colspan") == "2"
    headers = [
        " ".join(text.split()) for text in table.locator('th[scope="col"]').all_inner_texts()
    ]
    assert "PyHarbour Foundation (Organisation period)" in headers
    assert "PyHarbour Conf 2026 (Event)" in headers
    # The foundation's year and the conference are never added into one 2026 figure.
    assert not [header for header in headers if header.startswith("All events")]
