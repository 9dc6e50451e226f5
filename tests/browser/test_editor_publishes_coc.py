"""End to end: an editor publishes a Code of Conduct in the Wagtail admin, an attendee reads it.

The public page is then checked the way attendees meet it: without JavaScript, on a phone,
with the keyboard, on paper, and with axe-core for WCAG 2.2 A/AA problems.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model

from tests.browser.admin_login import PASSWORD, log_in
from wagtail_coc.models import CodeOfConductPage

pytestmark = pytest.mark.browser


def choose_snippet(page, button_name, snippet_title):
    page.get_by_role("button", name=button_name).click()
    page.locator(".modal").get_by_role("link", name=snippet_title).click()
    page.locator(".modal").wait_for(state="hidden")


def insert_block(page, label):
    """Append a top-level StreamField block through the block picker; returns its index."""
    index = int(page.locator("input[name='body-count']").input_value())
    page.locator("#body-root button[title='Insert a block']").last.click()
    page.get_by_role("option", name=label, exact=True).click()
    page.locator(f"#body-{index}-value-heading").wait_for()
    return index


def rich_item(page, input_id):
    """The rich-text editor of a list item (its value lives in a hidden input beside it)."""
    return page.locator(input_id).locator("xpath=..").locator("[contenteditable='true']").first


@pytest.fixture
def editor(transactional_db):
    return get_user_model().objects.create_superuser("editor", "editor@example.com", PASSWORD)


def test_editor_publishes_and_attendee_reads(
    live_server,
    browser,
    page,
    editor,
    root_page,
    team,
    emergency_info,
    assert_no_axe_violations,
):
    base_url = live_server.url
    log_in(page, base_url, editor.username)
    page.goto(f"{base_url}/admin/pages/add/wagtail_coc/codeofconductpage/{root_page.pk}/")

    page.locator("#id_title").fill("PyHarbour Code of Conduct")
    page.locator("#id_version_label").fill("2.0")
    page.locator("#id_effective_date").fill("2027-03-01")
    page.locator("#id_effective_date").press("Escape")
    choose_snippet(page, "Choose Code of Conduct team", team.name)
    choose_snippet(page, "Choose emergency information", emergency_info.name)

    expected = insert_block(page, "Expected behaviour")
    rich_item(page, f"#body-{expected}-value-behaviours-0-value").fill("Be considerate of others")
    unacceptable = insert_block(page, "Unacceptable behaviour")
    rich_item(page, f"#body-{unacceptable}-value-behaviours-0-value").fill("Harassment of any kind")
    reporting = insert_block(page, "How to report")
    channel = f"#body-{reporting}-value-channels-0-value"
    page.locator(f"{channel}-kind").select_option("in_person")
    page.locator(f"{channel}-label").fill("Any volunteer in a purple lanyard")

    page.locator("footer .w-dropdown__toggle").click()
    page.locator("button[name='action-publish']").click()
    page.wait_for_url(f"{base_url}/admin/pages/{root_page.pk}/")

    coc = CodeOfConductPage.objects.get(title="PyHarbour Code of Conduct")
    assert coc.live
    assert coc.version_label == "2.0"
    assert coc.effective_date == datetime.date(2027, 3, 1)
    assert coc.team_id == team.pk
    assert coc.emergency_info_id == emergency_info.pk
    assert [block.block_type for block in coc.body] == [
        "expected_behaviour",
        "unacceptable_behaviour",
        "reporting",
    ]
    public_url = base_url + coc.url

    attendee = browser.new_context()
    try:
        reader = attendee.new_page()
        reader.goto(public_url)
        assert_attendee_can_read(reader)
        assert_no_axe_violations(reader)
    finally:
        attendee.close()

    # On a phone, help is on the first screen, before the long introduction.
    phone = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        reader = phone.new_page()
        reader.goto(public_url)
        box = reader.locator("#coc-help").bounding_box()
        assert box is not None and box["y"] < 844
        mailto = reader.locator("#coc-help a[href^='mailto:']").first.bounding_box()
        assert mailto["y"] + mailto["height"] <= 844
    finally:
        phone.close()

    no_js = browser.new_context(java_script_enabled=False)
    try:
        reader = no_js.new_page()
        reader.goto(public_url)
        assert_attendee_can_read(reader)
    finally:
        no_js.close()


def assert_attendee_can_read(page):
    h1 = page.get_by_role("heading", level=1)
    assert h1.count() == 1
    assert h1.inner_text() == "PyHarbour Code of Conduct"
    assert "Version 2.0" in page.locator(".coc-version").inner_text()
    for heading in ("In an emergency", "Expected behaviour", "Unacceptable behaviour"):
        assert page.get_by_role("heading", name=heading, exact=True).is_visible()
    assert page.get_by_role("heading", name="How to report", exact=True).is_visible()
    assert page.get_by_text("Be considerate of others").is_visible()
    assert page.get_by_text("Harassment of any kind").is_visible()
    reporting = page.locator("section#how-to-report")
    assert reporting.get_by_text("Any volunteer in a purple lanyard").is_visible()
    help_box = page.get_by_role("complementary", name="How to get help")
    assert help_box.get_by_text("Any volunteer in a purple lanyard").is_visible()
    emergency = page.get_by_role("complementary", name="In an emergency")
    assert emergency.get_by_role("link", name="911").get_attribute("href") == "tel:911"
    team_email = reporting.get_by_role("link", name="conduct@pyharbour.example")
    assert team_email.get_attribute("href") == "mailto:conduct@pyharbour.example"
    assert team_email.is_visible()
