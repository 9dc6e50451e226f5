"""Every public page of the demo, and every sign, with axe-core at every impact level.

The demo has the content the audit found problems with (two venues' emergency boxes, seven
numbers, a French interface over English pages); the pages are loaded in the browser and
checked whole, in English and at the French address where the English page is served.
"""

import re
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page

from wagtail_coc.models import ShortVersion

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Languages of the page's elements that carry text, grouped by their nearest lang.
LANGUAGES_JS = """() => [...document.querySelectorAll("main, main [lang]")]
    .map(el => [el.tagName.toLowerCase() + (el.className ? "." + el.className : ""),
                el.closest("[lang]").getAttribute("lang")])"""


@pytest.fixture
def demo(live_server):
    address = urlsplit(live_server.url)
    call_command(
        "load_demo_content", "--address", f"{address.hostname}:{address.port}", stdout=StringIO()
    )
    return live_server.url


def public_paths():
    paths = [page.url for page in Page.objects.live().public().specific() if page.depth > 1]
    for short_version in ShortVersion.objects.filter(live=True):
        for name, *extra in (("slide",), ("poster", "a4"), ("poster", "letter"), ("badge",)):
            url_name = f"wagtail_coc_signage:short_version_{name}"
            paths.append(reverse(url_name, args=[short_version.pk, *extra]))
    return paths


def test_every_public_page_and_sign_passes_axe_at_every_impact(
    page, demo, assert_no_axe_violations
):
    paths = public_paths()
    assert "/code-of-conduct/" in paths and len(paths) >= 8, paths
    for path in [*paths, "/fr/code-of-conduct/"]:
        response = page.goto(demo + path)
        assert response.ok, path
        try:
            assert_no_axe_violations(page)
        except AssertionError as error:
            raise AssertionError(f"{path}: {error}") from None


def test_english_page_at_the_french_address_is_marked_english(page, demo):
    page.goto(demo + "/fr/code-of-conduct/")

    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("link", name="Aller au contenu").count() == 1
    main = page.get_by_role("main")
    assert main.get_attribute("lang") == "en"
    # Everything inside the content, snippets included, is English and says so.
    assert {lang for _element, lang in page.evaluate(LANGUAGES_JS)} == {"en"}
    assert main.get_by_role("heading", name="In an emergency").first.is_visible()
    # Links to phone numbers say what they call, in the content's language.
    assert main.get_by_role("link", name="Call Emergency services: 911").count() >= 1


def test_phone_links_name_what_they_call_and_emergency_landmarks_are_unique(page, demo):
    page.goto(demo + "/code-of-conduct/")

    # What a links list reads: each number with what it calls, never a bare number.
    names = page.evaluate(
        """() => [...document.querySelectorAll("a[href^='tel:']")]
            .map(a => a.textContent.replace(/\\s+/g, " ").trim())"""
    )
    assert len(names) >= 7, names
    assert all(re.fullmatch(r"Call .+: [+(]?\d[\d ()-]*", name) for name in names), names
    # Every complementary landmark has a name of its own: "How to get help" and one
    # "In an emergency at <venue>" per venue (axe: landmark-unique).
    labels = page.evaluate(
        """() => [...document.querySelectorAll("aside")].map(aside => {
            const by = aside.getAttribute("aria-labelledby");
            return by ? document.getElementById(by).textContent.trim()
                      : aside.getAttribute("aria-label");
        })"""
    )
    assert len(labels) == len(set(labels)), labels
    emergency = [label for label in labels if label != "How to get help"]
    assert len(emergency) >= 2, labels
    assert all(label.startswith("In an emergency at ") for label in emergency), labels


@pytest.mark.parametrize(("width", "height"), [(320, 568), (375, 667)])
def test_help_and_the_emergency_number_are_on_a_phones_first_screen(
    open_phone, demo, width, height
):
    phone = open_phone(demo + "/code-of-conduct/", width, height)

    def top_and_bottom(selector):
        return phone.eval_on_selector(
            selector, "e => { const r = e.getBoundingClientRect(); return [r.top, r.bottom]; }"
        )

    # The "How to get help" box starts on the first screen, and so does the main emergency
    # number, before any scrolling.
    help_top, _bottom = top_and_bottom("#coc-help")
    assert 0 <= help_top < height
    _top, emergency_bottom = top_and_bottom("a[href='tel:911']")
    assert emergency_bottom <= height, f"911 ends at {emergency_bottom}px on a {height}px screen"
