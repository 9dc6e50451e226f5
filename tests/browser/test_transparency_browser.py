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
    empty = build_transparency_report(index_page, 2027)
    latest = index_page.get_children().specific().get(slug="report-2026")
    return {
        "index": live_server.url + index_page.url,
        "report": live_server.url + latest.url,
        "empty": live_server.url + empty.url,
    }


@pytest.mark.parametrize("which", ["index", "report", "empty"])
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
