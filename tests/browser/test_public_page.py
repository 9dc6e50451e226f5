"""The published Code of Conduct as attendees meet it: phone, keyboard, paper, assistive tech.

The page is built with every section type, and shows the same team and emergency information
twice (page fields and blocks), which is where duplicate ids and landmark clashes would appear.
"""

import itertools

import pytest
from wagtail.rich_text import RichText

from tests.factories import build_coc_page, complete_body

pytestmark = pytest.mark.browser

OUTLINE_JS = """() => [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")]
    .map(h => Number(h.tagName[1]))"""
DUPLICATE_IDS_JS = """() => {
    const ids = [...document.querySelectorAll("[id]")].map(el => el.id);
    return ids.filter((id, index) => ids.indexOf(id) !== index);
}"""
BROKEN_REFERENCES_JS = """() => [...document.querySelectorAll("[aria-labelledby], a[href^='#']")]
    .flatMap(el => el.hasAttribute("aria-labelledby")
        ? el.getAttribute("aria-labelledby").split(/\\s+/)
        : [decodeURIComponent(el.getAttribute("href").slice(1))])
    .filter(id => id && !document.getElementById(id))"""
HORIZONTAL_OVERFLOW_JS = """() => document.documentElement.scrollWidth
    - document.documentElement.clientWidth"""


@pytest.fixture
def public_url(live_server, root_page, team, emergency_info):
    body = [
        *complete_body(),
        ("emergency_info", emergency_info),
        (
            "resources",
            {
                "heading": "Resources",
                "links": [
                    {
                        "title": "Guide to responding to reports",
                        "url": "https://www.example.org/a-rather-long-path/to-a-conduct-guide/",
                        "description": "",
                    }
                ],
            },
        ),
        ("licence", {"text": RichText("<p>Adapted from the PyCon US Code of Conduct.</p>")}),
    ]
    page = build_coc_page(root_page, team=team, emergency_info=emergency_info, body=body)
    return live_server.url + page.url


def test_structure_is_accessible(page, public_url, assert_no_axe_violations):
    page.goto(public_url)

    levels = page.evaluate(OUTLINE_JS)
    assert levels.count(1) == 1
    assert levels[0] == 1
    skipped = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
    assert not skipped, f"heading levels skip: {skipped}"
    assert page.evaluate(DUPLICATE_IDS_JS) == []
    assert page.evaluate(BROKEN_REFERENCES_JS) == []
    assert page.get_by_role("main").count() == 1
    assert page.get_by_role("banner").count() == 1
    assert page.locator("html").get_attribute("lang") == "en"
    assert_no_axe_violations(page)


def test_keyboard_user_skips_to_content_with_visible_focus(page, public_url):
    page.goto(public_url)
    skip_link = page.get_by_role("link", name="Skip to content")

    page.keyboard.press("Tab")
    assert skip_link.evaluate("el => el === document.activeElement")
    box = skip_link.bounding_box()
    assert box["y"] >= 0, "the focused skip link must move on screen"
    outline = skip_link.evaluate(
        "el => [getComputedStyle(el).outlineStyle, parseFloat(getComputedStyle(el).outlineWidth)]"
    )
    assert outline[0] != "none" and outline[1] >= 2

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    first_in_main = page.evaluate("document.activeElement.closest('main') !== null")
    assert first_in_main, "after skipping, the next Tab stop is inside the main content"


@pytest.mark.parametrize("width", [375, 320])
def test_phone_width_needs_no_horizontal_scrolling(browser, public_url, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(public_url)
        assert page.evaluate(HORIZONTAL_OVERFLOW_JS) <= 0
        emergency_link = page.get_by_role("complementary", name="In an emergency").first
        police = emergency_link.get_by_role("link", name="(415) 555-0124")
        assert police.evaluate("el => el.getClientRects().length") == 1, (
            "a phone number must not wrap across lines"
        )
    finally:
        context.close()


def test_print_layout_keeps_what_matters_on_paper(page, public_url):
    page.goto(public_url)
    page.emulate_media(media="print")

    assert page.get_by_role("link", name="Skip to content").is_hidden()
    assert page.get_by_role("banner").is_hidden()
    assert page.locator(".coc-toc").is_hidden()
    emergency = page.locator(".coc-emergency").first
    assert emergency.is_visible()
    assert "911" in emergency.inner_text()
    assert page.get_by_role("heading", name="How to report").is_visible()
    assert page.get_by_text("conduct@pyharbour.example").first.is_visible()

    resource = page.get_by_role("link", name="Guide to responding to reports")
    printed_href = resource.evaluate("el => getComputedStyle(el, '::after').content")
    assert "https://www.example.org/a-rather-long-path/to-a-conduct-guide/" in printed_href
    email = page.get_by_role("link", name="conduct@pyharbour.example").first
    assert email.evaluate("el => getComputedStyle(el, '::after').content") in ("none", "normal")

    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


def test_axe_check_reports_real_problems(page, axe_check, assert_no_axe_violations):
    """Guards the guard: a clean axe result above must mean something."""
    page.set_content(
        '<html lang="en"><body><main><img src="data:,">'
        '<p style="color:#aaa;background:#fff">Faint</p>'
        '<aside aria-label="Help"><p>One</p></aside><aside aria-label="Help"><p>Two</p></aside>'
        "</main></body></html>"
    )
    found = {violation["id"]: violation["impact"] for violation in axe_check(page)}
    assert found.get("image-alt") == "critical"
    assert found.get("color-contrast") == "serious"
    # Moderate and minor problems block too, such as two landmarks of the same name.
    assert found.get("landmark-unique") == "moderate"
    with pytest.raises(AssertionError, match="image-alt"):
        assert_no_axe_violations(page)
    page.set_content(
        '<html lang="en"><body><main><h1>Page</h1>'
        '<aside aria-label="Help"><p>One</p></aside><aside aria-label="Help"><p>Two</p></aside>'
        "</main></body></html>"
    )
    with pytest.raises(AssertionError, match=r"\[moderate\] landmark-unique"):
        assert_no_axe_violations(page)
