"""The slide, posters and badge as Chromium draws them: QR codes read back from screenshots."""

import re
from urllib.parse import urlsplit

import pytest
import zxingcpp
from django.urls import reverse
from PIL import Image
from wagtail.models import Site

from tests.browser.conftest import HORIZONTAL_OVERFLOW_JS
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
    # Mostly in proportion to the screen; a rem part keeps browser zoom working.
    assert sizes[1] >= sizes[0] * 2.3


@pytest.fixture
def demo_short_version(signage_site):
    """A short version of the demo's length, with a long contact note."""
    short_version = ShortVersion.objects.create(
        live=False,
        name="Meetup",
        text=(
            "PyHarbour is dedicated to a harassment-free experience for everyone. Be kind, "
            "be welcoming, and respect each other's boundaries. Harassment is not tolerated."
        ),
        contact_note="ask any volunteer in an orange t-shirt, or find us at the front desk",
        coc_page=signage_site,
    )
    short_version.save_revision().publish()
    return short_version


def device_pixels(page, selector):
    """A text's size in device pixels: CSS pixels times device pixels per CSS pixel."""
    return font_size(page, selector) * page.evaluate("devicePixelRatio")


@pytest.mark.parametrize("text", ["demo", "longest"])
@pytest.mark.parametrize(("width", "height"), [(1024, 768), (1400, 1050)])
def test_slide_body_text_is_a_thirtieth_of_a_4_3_projector(
    open_sign, demo_short_version, short_version, text, width, height
):
    sign = demo_short_version if text == "demo" else short_version
    page = open_sign("short_version_slide", sign, width=width, height=height)
    assert_fits(page, width, height)
    assert font_size(page, ".slide-body") >= height / 30


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1024, 768)])
def test_slide_text_grows_with_browser_zoom(open_sign, demo_short_version, width, height):
    """Browser zoom at z% shrinks the viewport to width/z CSS pixels and draws each CSS
    pixel with z device pixels: a context of that viewport and device scale factor lays the
    page out as the zoomed browser does (zooming with CSS `zoom` or a transform would not
    change the viewport the page's units are resolved against)."""
    sizes = []
    for zoom in (1, 2, 4):
        page = open_sign(
            "short_version_slide",
            demo_short_version,
            width=width // zoom,
            height=height // zoom,
            scale=zoom,
        )
        assert page.evaluate(HORIZONTAL_OVERFLOW_JS) <= 0
        sizes.append([device_pixels(page, selector) for selector in (".slide-body", "h1")])
    (body, title), *zoomed = sizes
    # The text keeps growing as the reader zooms: 1.4 times or more at 200%, twice at 400%.
    for (body_z, title_z), factor in zip(zoomed, (1.4, 2), strict=True):
        assert body_z >= body * factor, sizes
        assert title_z >= title * factor, sizes


@pytest.mark.parametrize("width", [320, 375])
def test_slide_and_badge_need_no_sideways_scrolling_on_a_phone(
    open_sign, demo_short_version, width
):
    for name in ("short_version_slide", "short_version_badge"):
        page = open_sign(name, demo_short_version, width=width, height=640)
        assert page.evaluate(HORIZONTAL_OVERFLOW_JS) <= 0, name


def test_badge_preview_fits_at_400_percent_zoom(open_sign, demo_short_version):
    # 1280 px at 400%: 320 CSS pixels, four device pixels each.
    page = open_sign("short_version_badge", demo_short_version, width=320, height=225, scale=4)
    assert page.evaluate(HORIZONTAL_OVERFLOW_JS) <= 0


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
