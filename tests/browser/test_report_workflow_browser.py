"""End to end: a report with a protected name is caught by the scan, fixed, reviewed, published.

An editor writes a transparency report naming a reported person and submits it; the sensitive
data scan requests changes without repeating the name; the editor fixes the summary and
resubmits; a CoC reviewer approves; the public page is live, holds none of the protected
names, and passes axe-core.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import TaskState, WorkflowState

from tests.browser.admin_login import PASSWORD, log_in
from tests.transparency.factories import build_transparency_index
from wagtail_coc.transparency.models import ProtectedName, TransparencyReportPage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NAMES = ["Jordan Quillfeather", "@jquill", "Bea Lanternfish"]
DIRTY = "Jordan Quillfeather sent repeated unwanted messages to Bea Lanternfish."
CLEAN = "An attendee sent repeated unwanted messages to another attendee."


def footer_action(page, name):
    page.locator("footer .w-dropdown__toggle").click()
    page.locator("footer").get_by_role("button", name=name, exact=True).click()


def make_user(username, *groups):
    user = get_user_model().objects.create_user(username, f"{username}@pyharbour.example", PASSWORD)
    user.groups.set(Group.objects.filter(name__in=groups))
    return user


@pytest.fixture
def setup(root_page):
    site = root_page.get_site()
    for name in NAMES:
        ProtectedName.objects.create(site=site, value=name)
    index_page = build_transparency_index(root_page)
    # Only the CoC team and reviewers may edit reports.
    Group.objects.get_or_create(name="CoC team")
    return {
        "index": index_page,
        "editor": make_user("editor", "Editors", "CoC team"),
        "reviewer": make_user("reviewer", "Moderators", "CoC reviewers"),
    }


def assert_no_names(text):
    for name in [*NAMES, "Quillfeather", "Lanternfish", "jquill"]:
        assert name.casefold() not in text.casefold()


def test_scan_catches_a_name_editor_fixes_reviewer_publishes(
    live_server, browser, page, setup, assert_no_axe_violations
):
    base_url = live_server.url
    log_in(page, base_url, "editor")
    page.goto(
        f"{base_url}/admin/pages/add/wagtail_coc_transparency/transparencyreportpage/{setup['index'].pk}/",
        wait_until="networkidle",
    )
    page.locator("#id_title").fill("Transparency report 2027")
    page.locator("#id_event_name").fill("PyHarbour Conf 2027")
    for field, value in (("period_start", "2027-09-01"), ("period_end", "2027-09-03")):
        page.locator(f"#id_{field}").fill(value)
        page.locator(f"#id_{field}").press("Escape")
    page.locator("#reports-root button[title='Insert a block']").last.click()
    option = page.get_by_role("option", name="Report summary", exact=True)
    if option.count():
        option.click()
    page.locator("input[name='reports-0-value-categories'][value='harassment']").check()
    page.locator("#reports-0-value-summary").fill(DIRTY)
    # A new summary starts with one outcome.
    page.locator("#reports-0-value-outcomes-0-value-outcome").select_option("permanent_ban")
    footer_action(page, "Submit to Transparency report review")
    page.wait_for_url(f"{base_url}/admin/pages/{setup['index'].pk}/")

    report = TransparencyReportPage.objects.get()
    state = WorkflowState.objects.get()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    comment = TaskState.objects.get(status=TaskState.STATUS_REJECTED).comment
    assert "Anonymised summary: protected name" in comment
    assert_no_names(comment)

    # The editor sees the request for changes, fixes the summary and resubmits.
    page.goto(f"{base_url}/admin/pages/{report.pk}/edit/", wait_until="networkidle")
    editor_view = page.content()
    assert "Changes requested" in editor_view
    assert "Anonymised summary: protected name" in editor_view
    page.locator("#reports-0-value-summary").fill(CLEAN)
    footer_action(page, "Resubmit to Sensitive data scan")
    page.wait_for_url(f"{base_url}/admin/pages/{setup['index'].pk}/")
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == "Code of Conduct review"

    reviewer_context = browser.new_context()
    try:
        reviewer = reviewer_context.new_page()
        log_in(reviewer, base_url, "reviewer")
        reviewer.goto(f"{base_url}/admin/pages/{report.pk}/edit/", wait_until="networkidle")
        footer_action(reviewer, "Approve and Publish")
        reviewer.wait_for_url(f"{base_url}/admin/pages/{setup['index'].pk}/")
        reviewer.wait_for_load_state("networkidle")
    finally:
        reviewer_context.close()

    report = TransparencyReportPage.objects.get()
    assert report.live
    reader_context = browser.new_context()
    try:
        reader = reader_context.new_page()
        reader.goto(base_url + report.url, wait_until="networkidle")
        assert CLEAN in reader.content()
        assert_no_names(reader.content())
        assert_no_axe_violations(reader)
    finally:
        reader_context.close()
