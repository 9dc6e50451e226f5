"""End to end: an editor imports a Markdown Code of Conduct in the Wagtail admin, fixes what
the checklist flags, and publishes; an attendee then reads every imported section."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from tests.browser.admin_login import PASSWORD, log_in
from tests.browser.test_editor_publishes_coc import choose_snippet, insert_block
from wagtail_coc.models import CodeOfConductPage

pytestmark = pytest.mark.browser

# Written the way organisers paste them: front matter, upper-case and American headings,
# nested lists, bold and links inside items, no team and no emergency numbers.
MARKDOWN = """\
---
layout: page
permalink: /conduct/
---

# PyHarbour Code of Conduct

PyHarbour is a community conference. Everyone who takes part agrees to this code.

## EXPECTED BEHAVIOR

- Be **considerate** of the people around you.
- Respect the [accessibility guidelines](https://pyharbour.example/access/) of the venue:
  - keep aisles clear;
  - use the microphone.

## Unacceptable Behavior

- Harassment of any kind, including **deliberate intimidation** and stalking.
- Sexual images in public spaces.

## Consequences

Anyone asked to stop is expected to comply at once. The team may warn or expel anyone.

## Scope

This code applies at talks, workshops, sprints, parties and online spaces of PyHarbour.

## How to Report

Write to the team at conduct@pyharbour.example or find any organiser.

## What happens after a report

We acknowledge every report within 24 hours and tell you what we decided within two weeks.

## Accommodation on site

Quiet rooms are on the second floor.
"""


@pytest.fixture
def editor(transactional_db, root_page):
    """An editor who may publish: a member of Wagtail's own Moderators group, not a
    superuser."""
    user = get_user_model().objects.create_user("editor", "editor@example.com", PASSWORD)
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def choose_parent(page, title):
    page.get_by_role("button", name="Choose a page").click()
    page.locator(".modal").get_by_role("link", name=title).click()
    page.locator(".modal").wait_for(state="hidden")


def missing_items(page):
    """The titles of the required items the checklist panel marks missing."""
    return page.locator(".coc-check--missing div > p:first-child").all_inner_texts()


def test_editor_imports_fixes_and_publishes(
    live_server, browser, page, editor, root_page, team, emergency_info
):
    base_url = live_server.url
    log_in(page, base_url, editor.username)
    page.get_by_role("link", name="Import a Code of Conduct").click()
    choose_parent(page, root_page.title)
    page.get_by_label("Or paste Markdown or HTML").fill(MARKDOWN)
    page.get_by_role("button", name="Preview the mapping").click()
    page.get_by_role("heading", name="Preview: how the text will be mapped").wait_for()

    mapping = {
        row.locator("td").nth(0).inner_text(): row.locator("td").nth(1).inner_text()
        for row in page.locator(".coc-import-preview tbody tr").all()
    }
    assert mapping == {
        "(text before the first heading)": "Introduction",
        "EXPECTED BEHAVIOR": "Expected behaviour",
        "Unacceptable Behavior": "Unacceptable behaviour",
        "Consequences": "Consequences",
        "Scope": "Scope",
        "How to Report": "How to report",
        "What happens after a report": "What happens after a report",
        "Accommodation on site": "Other section",
    }
    assert not CodeOfConductPage.objects.exists(), "the preview creates nothing"

    page.get_by_role("button", name="Create the pages").click()
    page.wait_for_url(f"{base_url}/admin/pages/*/edit/")
    assert "fix what the checklist flags" in page.locator(".messages").inner_text()
    coc = CodeOfConductPage.objects.get()
    assert not coc.live

    # The imported text has no team and no emergency numbers: the checklist says so.
    flagged = " ".join(missing_items(page))
    for item in ("Named team with contacts", "Conflict-of-interest path", "Emergency numbers"):
        assert item in flagged

    # The editor chooses the team and the venue's emergency information ...
    # (the page's own team chooser, not the one inside the reporting section) ...
    page.locator("#id_team-chooser").get_by_role("button").click()
    page.locator(".modal").get_by_role("link", name=team.name).click()
    page.locator(".modal").wait_for(state="hidden")
    choose_snippet(page, "Choose emergency information", emergency_info.name)
    # ... lists the team under the imported "How to report" ...
    page.locator("input[name$='-value-show_team']").check()
    # ... and adds the independent contact the text never gave.
    conflict = insert_block(page, "Conflict of interest")
    page.locator(f"#body-{conflict}-value-body + * .public-DraftEditor-content").click()
    page.keyboard.type("If your report concerns a member of the team, write to the foundation.")
    # Draftail writes what was typed into its hidden input a moment later.
    expect(page.locator(f"#body-{conflict}-value-body")).to_have_value(re.compile("foundation"))
    page.locator(f"#body-{conflict}-value-contact_email").fill("conduct-wg@foundation.example")
    page.get_by_role("button", name="Save draft").click()
    page.locator(".messages").get_by_text("has been updated").wait_for()
    assert missing_items(page) == []
    assert page.locator(".coc-check--warning").count() == 0
    assert "Every required item" in page.locator(".coc-checklist").inner_text()

    page.locator("footer .w-dropdown__toggle").click()
    page.locator("button[name='action-publish']").click()
    page.locator(".messages").get_by_text("has been published").wait_for()

    coc.refresh_from_db()
    assert coc.live
    reader = browser.new_page()
    try:
        reader.goto(base_url + coc.url)
        assert reader.get_by_role("heading", level=1).inner_text() == "PyHarbour Code of Conduct"
        for text in (
            "deliberate intimidation",
            "keep aisles clear",
            "within 24 hours",
            "Quiet rooms are on the second floor.",
        ):
            assert reader.get_by_text(text).first.is_visible(), text
        link = reader.get_by_role("link", name="accessibility guidelines")
        assert link.get_attribute("href") == "https://pyharbour.example/access/"
        help_box = reader.get_by_role("complementary", name="How to get help")
        assert help_box.get_by_role("link", name="conduct@pyharbour.example").is_visible()
        assert reader.locator("section#how-to-report").count() == 1
        assert "layout: page" not in reader.content()
    finally:
        reader.close()
