"""The registration form with a keyboard only, on a phone: the GOV.UK error summary pattern.

After a failed submission focus lands on the error summary (announced by screen readers as
the page loads, with no script), each error's link moves focus to its field, and the title
starts with "Error:". Controls are big enough to hit and to read without iOS zooming in.
"""

import pytest

from tests.acceptance.test_acceptance import build_form_page
from tests.browser.conftest import HORIZONTAL_OVERFLOW_JS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ACTIVE_JS = "document.activeElement.id || document.activeElement.className"


@pytest.fixture
def form_url(live_server, root_page, coc_page):
    coc_page.refresh_from_db()
    return live_server.url + build_form_page(root_page, coc_page=coc_page).url


def tab_to(page, selector, key="Tab", limit=30):
    """Press Tab (or Shift+Tab) until the element matching ``selector`` has focus."""
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} is not reachable with Tab")


def test_keyboard_user_hears_the_error_summary_and_reaches_each_field(
    page, form_url, assert_no_axe_violations
):
    page.goto(form_url)
    assert_no_axe_violations(page)
    title = page.title()

    # Fill in the name, leave the email empty and the box unticked, submit from the keyboard.
    tab_to(page, "#id_full_name")
    page.keyboard.type("Ada Attendee")
    tab_to(page, "button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.title() == f"Error: {title}"
    summary = page.locator(".coc-error-summary")
    assert page.evaluate(ACTIVE_JS) == "coc-error-summary", "focus must land on the summary"
    # What a screen reader announces on focus: the summary's name and its errors.
    snapshot = summary.aria_snapshot()
    assert "There is a problem" in snapshot
    assert "This field is required." in snapshot
    assert "You must agree to the Code of Conduct to register." in snapshot

    # The first Tab from the summary reaches its first link; Enter moves focus to the field.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "This field is required."
    page.keyboard.press("Enter")
    assert page.evaluate(ACTIVE_JS) == "id_email"
    page.keyboard.type("ada@attendee.example")

    second_link = "a[href='#id_code_of_conduct_0']"
    tab_to(page, f".coc-error-summary {second_link}", key="Shift+Tab")
    page.keyboard.press("Enter")
    assert page.evaluate(ACTIVE_JS) == "id_code_of_conduct_0"
    page.keyboard.press("Space")
    assert page.locator("#id_code_of_conduct_0").is_checked()
    assert_no_axe_violations(page)

    tab_to(page, "button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".coc-error-summary").count() == 0
    assert not page.title().startswith("Error:")


@pytest.mark.parametrize("width", [320, 375])
def test_controls_are_sized_for_phones(open_phone, form_url, width):
    page = open_phone(form_url, width)
    assert page.evaluate(HORIZONTAL_OVERFLOW_JS) <= 0
    for selector in ("#id_full_name", "#id_email", "#id_code_of_conduct_0", "button"):
        control = page.locator(selector)
        box = control.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, f"{selector} is too small: {box}"
        size = control.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
        assert size >= 16, f"{selector} text at {size}px makes iOS zoom in"
    labels = page.locator("label").all_inner_texts()
    assert all("(required)" in label for label in labels), labels
