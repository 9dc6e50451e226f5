"""The slide, posters and badge as Chromium draws them: QR codes read back from screenshots."""

import re
from urllib.parse import urlsplit

import pytest
import zxingcpp
from django.urls import reverse
from PIL import Image
from wagtail.models import Site

from wagtail_coc.models import ShortVersion
from wagtail_coc.models.short_version import SHORT_VERSION_MAX_LENGTH

# live_server needs committed data; serialized_rollback brings back the default Site and root
# page that Wagtail's migrations create and a transactional test's flush removes.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The longest text editors can enter: if this fits, every short version does.
LONGEST_TEXT = ("Everyone deserves a harassment-free event. " * 20)[:SHORT_VERSION_MAX_LENGTH]
# Points per inch in PDF, pixels per inch in CSS.
PAPER = {"a4": (210 / 25.4, 297 / 25.4), "letter": (8.5, 11.0)}


@pytest.fixture
def signage_site(live_server, coc_page):
    """Point the default site at the live server so the QR code leads somewhere real."""
    address = urlsplit(live_server.url)
    Site.objects.filter(is_default_site=True).update(hostname=address.hostname, port=address.port)
    coc_page.refresh_from_db()
    return coc_page


@pytest.fixture
def short_version(signage_site):
    short_version = ShortVersion.objects.create(
        live=False,
        name="Opening",
        text=LONGEST_TEXT,
        contact_note="ask any volunteer",
        badge_line="Be excellent to each other",
        coc_page=signage_site,
    )
    short_version.save_revision().publish()
    return short_version


@pytest.fixture
def open_sign(browser, live_server):
    """Open a sign in a browser context of its own size; contexts close after the test."""
    contexts = []

    def open_(name, short_version, *extra, width=1280, height=900, scale=1):
        context = browser.new_context(
            viewport={"width": width, "height": height}, device_scale_factor=scale, locale="en"
        )
        contexts.append(context)
        page = context.new_page()
        page.goto(sign_url(live_server, name, short_version, *extra))
        return page

    yield open_
    for context in contexts:
        # Let the live server finish its requests before the database is flushed under it.
        for page in context.pages:
            page.wait_for_load_state("networkidle")
        context.close()


def sign_url(live_server, name, short_version, *extra):
    return live_server.url + reverse(f"wagtail_coc_signage:{name}", args=[short_version.pk, *extra])


def decode_screenshot(path):
    return [result.text for result in zxingcpp.read_barcodes(Image.open(path))]


def font_size(page, selector):
    return page.eval_on_selector(selector, "e => parseFloat(getComputedStyle(e).fontSize)")


def assert_fits(page, width, height):
    scroll = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
    )
    assert scroll[0] <= width and scroll[1] <= height, f"content overflows: {scroll}"


def test_slide_fills_a_1080p_screen_and_its_qr_code_leads_to_the_coc(
    open_sign, short_version, signage_site, assert_no_axe_violations, tmp_path
):
    page = open_sign("short_version_slide", short_version, width=1920, height=1080)
    screenshot = tmp_path / "slide-1920x1080.png"
    page.screenshot(path=screenshot)

    assert_fits(page, 1920, 1080)
    # Readable from the back of a room: even the longest text is set at 36 px or more.
    text_size = font_size(page, ".slide-body")
    assert text_size >= 36
    assert font_size(page, "h1") >= 2 * text_size

    coc_url = signage_site.get_full_url()
    assert decode_screenshot(screenshot) == [coc_url]
    coc_page = page.request.get(coc_url)
    assert coc_page.ok
    assert f'<h1 id="coc-title">{signage_site.title}</h1>' in coc_page.text()

    # Keyboard users reach the full CoC in one Tab from the top of the slide, and see where.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.href") == coc_url
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"

    assert_no_axe_violations(page)


def test_slide_type_scales_with_the_screen(open_sign, short_version):
    sizes = []
    for width, height in ((1280, 720), (3840, 2160)):
        page = open_sign("short_version_slide", short_version, width=width, height=height)
        assert_fits(page, width, height)
        sizes.append(font_size(page, ".slide-body"))
    assert sizes[1] == pytest.approx(sizes[0] * 3, rel=0.05)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_poster_prints_on_one_sheet_with_a_readable_qr_code(
    open_sign,
    short_version,
    signage_site,
    assert_no_axe_violations,
    tmp_path,
    paper,
):
    width_in, height_in = PAPER[paper]
    page = open_sign(
        "short_version_poster",
        short_version,
        paper,
        width=round(width_in * 96),
        height=round(height_in * 96),
        scale=2,
    )
    page.emulate_media(media="print")

    screenshot = tmp_path / f"poster-{paper}.png"
    page.screenshot(path=screenshot, full_page=True)
    assert decode_screenshot(screenshot) == [signage_site.get_full_url()]
    for text in ("Report a concern", "In an emergency", "conduct@pyharbour.example", "911"):
        assert page.get_by_text(text).first.is_visible()

    pdf = page.pdf(prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1, "the poster spills onto a second page"
    media_box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert float(media_box.group(1)) == pytest.approx(width_in * 72, abs=2)
    assert float(media_box.group(2)) == pytest.approx(height_in * 72, abs=2)

    assert_no_axe_violations(page)


def test_badge_preview_qr_code_reads_at_print_resolution(
    open_sign, short_version, signage_site, assert_no_axe_violations, tmp_path
):
    # About 300 dpi, as a badge printer would print the 4 by 3 inch insert.
    page = open_sign("short_version_badge", short_version, scale=3)
    screenshot = tmp_path / "badge.png"
    page.locator(".badge").screenshot(path=screenshot)
    assert decode_screenshot(screenshot) == [signage_site.get_full_url()]
    assert page.locator(".badge-reminder").inner_text().startswith(short_version.badge_line)
    assert_no_axe_violations(page)
