"""Opening slide, posters and badge text served for a short version."""

import csv
import io
import re

import pytest
import zxingcpp
from django.urls import reverse
from PIL import Image, ImageDraw
from wagtail.models import Site

from tests.admin_form_data import short_version_data, snippet_url
from tests.factories import build_coc_page
from wagtail_coc.models import CoCSettings, EmergencyNumber, ShortVersion
from wagtail_coc.signage.qr import qr_svg
from wagtail_coc.signage.views import CSV_COLUMNS

TEXT = "Be kind. Harassment is not tolerated.\nFind a volunteer in a yellow shirt."
SIGNS = [
    ("short_version_slide", []),
    ("short_version_poster", ["a4"]),
    ("short_version_poster", ["letter"]),
    ("short_version_badge", []),
    ("short_version_badges_csv", []),
]


def sign_url(name, short_version, *extra):
    pk = short_version if isinstance(short_version, int) else short_version.pk
    return reverse(f"wagtail_coc_signage:{name}", args=[pk, *extra])


# How the signs reach the page's team: its current email and hotline, then the note.
CONTACTS = "conduct@pyharbour.example · (415) 555-0123 · ask any volunteer"


def make_short_version(coc_page=None, publish=True, **fields):
    values = {
        "name": "PyHarbour opening",
        "text": TEXT,
        "contact_note": "ask any volunteer",
        "badge_line": "Be excellent · pyharbour.example/coc",
        "coc_page": coc_page,
        **fields,
    }
    short_version = ShortVersion.objects.create(live=False, **values)
    revision = short_version.save_revision()
    if publish:
        revision.publish()
        short_version.refresh_from_db()
    return short_version


@pytest.fixture
def short_version(coc_page):
    return make_short_version(coc_page)


def decode_svg_qr(svg):
    """Rasterise segno's SVG (horizontal runs of one path) and read it back with zxing-cpp."""
    width, height = (int(v) for v in re.search(r'viewBox="0 0 (\d+) (\d+)"', svg).groups())
    # The first path is the white background; the dark modules are drawn by the stroked one.
    path = re.search(r'<path stroke="#000" d="([^"]+)"', svg).group(1)
    scale = 8
    image = Image.new("L", (width * scale, height * scale), 255)
    draw = ImageDraw.Draw(image)
    x = y = 0.0
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            top = int(y) * scale
            draw.rectangle([x * scale, top, (x + float(a)) * scale - 1, top + scale - 1], fill=0)
            x += float(a)
    return [result.text for result in zxingcpp.read_barcodes(image)]


def svg_in(html):
    match = re.search(r"<svg .*?</svg>", html, re.S)
    assert match, "no inline SVG QR code on the page"
    return match.group(0)


@pytest.mark.parametrize(("name", "extra"), SIGNS)
def test_each_sign_is_served_for_a_live_short_version(client, short_version, name, extra):
    response = client.get(sign_url(name, short_version, *extra))
    assert response.status_code == 200
    content = response.content.decode()
    badge_sign = "badge" in name
    if badge_sign:
        assert short_version.badge_line in content
    else:
        for contact in CONTACTS.split(" · "):
            assert contact in content
    if name.endswith("csv"):
        return
    assert '<html lang="en">' in content
    assert "<title>" in content
    assert "<main " in content


@pytest.mark.parametrize(("name", "extra"), SIGNS)
def test_drafts_and_unknown_short_versions_are_not_found(client, coc_page, name, extra):
    draft = make_short_version(coc_page, publish=False)
    assert client.get(sign_url(name, draft, *extra)).status_code == 404
    assert client.get(sign_url(name, draft.pk + 100, *extra)).status_code == 404


@pytest.mark.parametrize(
    ("name", "extra"),
    [sign for sign in SIGNS if sign[0] in {"short_version_slide", "short_version_poster"}],
)
def test_slide_and_posters_show_the_short_text_and_the_teams_contacts(
    client, short_version, name, extra
):
    content = client.get(sign_url(name, short_version, *extra)).content.decode()
    assert TEXT in content
    if name == "short_version_slide":
        assert CONTACTS in content
    else:
        for contact in CONTACTS.split(" · "):
            assert contact in content


@pytest.mark.parametrize(("name", "extra"), SIGNS)
def test_a_changed_hotline_reaches_every_sign_at_once(client, coc_page, short_version, name, extra):
    team = coc_page.team
    team.hotline = "+14155550188"
    team.save_revision().publish()

    content = client.get(sign_url(name, short_version, *extra)).content.decode()
    if name != "short_version_badge":
        assert "(415) 555-0188" in content
    assert "555-0123" not in content


def test_a_contact_typed_into_the_note_is_refused(admin_client, coc_page):
    short_version = make_short_version(coc_page)
    url = snippet_url(ShortVersion, "edit", short_version.pk)
    for note in ("call +1 415 555 0123", "conduct@pyharbour.example", "jo at example dot org"):
        response = admin_client.post(url, short_version_data(contact_note=note))
        assert response.status_code == 200
        assert "contacts come from the team" in str(response.context["form"].errors)
        assert note in response.content.decode()  # nothing typed is lost


def test_unpublished_changes_stay_off_the_signs(client, short_version):
    short_version.text = "Draft wording nobody approved yet."
    short_version.save_revision()
    content = client.get(sign_url("short_version_slide", short_version)).content.decode()
    assert "Draft wording" not in content
    assert "Be kind." in content


def test_unknown_paper_size_is_not_found(client, short_version):
    url = sign_url("short_version_poster", short_version, "a4").replace("/a4/", "/a3/")
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(("paper", "page_rule"), [("a4", "size: A4"), ("letter", "size: letter")])
def test_posters_set_their_paper_size_for_print(client, short_version, paper, page_rule):
    content = client.get(sign_url("short_version_poster", short_version, paper)).content.decode()
    assert f"@page {{ {page_rule} portrait;" in content


@pytest.mark.parametrize(("name", "extra"), [sign for sign in SIGNS if not sign[0].endswith("csv")])
def test_qr_code_decodes_to_the_full_coc_page_url(client, short_version, coc_page, name, extra):
    content = client.get(sign_url(name, short_version, *extra)).content.decode()
    svg = svg_in(content)
    assert 'role="img"' in svg
    assert "<title>QR code: link to the full Code of Conduct</title>" in svg
    assert decode_svg_qr(svg) == [coc_page.get_full_url()]
    assert coc_page.get_full_url().startswith("http")
    assert f'href="{coc_page.get_full_url()}"' in content


def test_qr_label_is_escaped():
    svg = qr_svg("https://example.org/coc/", 'Say "hi" <script>')
    assert 'aria-label="Say &quot;hi&quot; &lt;script&gt;"' in svg
    assert "<script>" not in svg


def test_poster_shows_reporting_contacts_and_emergency_numbers(client, short_version, team):
    content = client.get(sign_url("short_version_poster", short_version, "a4")).content.decode()
    assert 'href="mailto:conduct@pyharbour.example"' in content
    assert 'href="tel:+14155550123"' in content  # the team's hotline
    for number in ("tel:911", "tel:+14155550124", "tel:988"):
        assert f'href="{number}"' in content
    assert "Crisis line" in content
    assert "Harbour Hall" in content


def test_signs_never_show_committee_members_private_details(client, short_version, team):
    pages = [
        client.get(sign_url(name, short_version, *extra)).content.decode() for name, extra in SIGNS
    ]
    for member in team.members.all():
        for content in pages:
            assert member.email not in content
            if member.gender_description:
                assert member.gender_description not in content


def test_unpublished_team_is_left_off_the_poster(client, short_version, team):
    team.live = False
    team.save()
    content = client.get(sign_url("short_version_poster", short_version, "a4")).content.decode()
    assert "mailto:conduct@pyharbour.example" not in content
    assert "tel:911" in content


def test_site_settings_fill_in_a_missing_coc_page(client, coc_page, root_page):
    short_version = make_short_version(coc_page=None)
    settings = CoCSettings.for_site(Site.objects.get(is_default_site=True))
    settings.default_coc_page = coc_page
    settings.save()
    content = client.get(sign_url("short_version_slide", short_version)).content.decode()
    assert decode_svg_qr(svg_in(content)) == [coc_page.get_full_url()]
    poster = client.get(sign_url("short_version_poster", short_version, "a4")).content.decode()
    assert "tel:911" in poster


def test_unpublished_coc_page_is_not_linked(client, coc_page, root_page):
    coc_page.unpublish()
    short_version = make_short_version(coc_page)
    response = client.get(sign_url("short_version_slide", short_version))
    assert response.status_code == 200
    assert "<svg" not in response.content.decode()
    assert coc_page.url not in response.content.decode()


def test_each_short_version_links_its_own_coc_page(client, coc_page, root_page):
    other = build_coc_page(root_page, title="Sprints Code of Conduct", slug="sprints-coc")
    short_version = make_short_version(other)
    content = client.get(sign_url("short_version_slide", short_version)).content.decode()
    assert decode_svg_qr(svg_in(content)) == [other.get_full_url()]


def test_long_text_steps_the_slide_type_down(client, coc_page):
    short = make_short_version(coc_page, text="Be kind.")
    long = make_short_version(coc_page, text="Be kind. " * 60)
    short_page = client.get(sign_url("short_version_slide", short)).content.decode()
    long_page = client.get(sign_url("short_version_slide", long)).content.decode()
    assert '<main class="slide" ' in short_page
    assert '<main class="slide slide-long" ' in long_page


def read_csv(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def test_badge_csv_has_one_row_to_merge_with_attendees(client, short_version, coc_page):
    Site.objects.filter(is_default_site=True).update(site_name="PyHarbour 2027")
    response = client.get(sign_url("short_version_badges_csv", short_version))
    assert response["Content-Disposition"] == (
        'attachment; filename="coc-badges-pyharbour-opening.csv"'
    )
    rows = read_csv(response)
    assert rows[0] == CSV_COLUMNS
    assert rows[1:] == [
        [
            "PyHarbour 2027",
            "Be excellent · pyharbour.example/coc · conduct@pyharbour.example",
            coc_page.get_full_url(),
            CONTACTS,
            "PyHarbour opening",
        ]
    ]


def test_badge_csv_cells_cannot_run_as_spreadsheet_formulas(client, coc_page):
    short_version = make_short_version(
        None, name="=HYPERLINK(1)", badge_line="@SUM(1)", contact_note="=cmd|' /C calc'!A0"
    )
    rows = read_csv(client.get(sign_url("short_version_badges_csv", short_version)))
    assert rows[1][1] == "'@SUM(1)"
    assert rows[1][3] == "'=cmd|' /C calc'!A0"
    assert rows[1][4] == "'=HYPERLINK(1)"


def test_badge_reminder_adds_the_teams_email(client, coc_page):
    short_version = make_short_version(coc_page, badge_line="")
    content = client.get(sign_url("short_version_badge", short_version)).content.decode()
    assert 'class="badge-reminder">conduct@pyharbour.example<' in content


def sign_urls(short_version):
    return [sign_url(name, short_version, *extra) for name, extra in SIGNS]


def test_admin_listing_links_to_each_sign_of_live_short_versions(admin_client, coc_page):
    live = make_short_version(coc_page, name="Live one")
    draft = make_short_version(coc_page, name="Draft one", publish=False)
    content = admin_client.get(snippet_url(ShortVersion, "list")).content.decode()
    for url in sign_urls(live):
        assert f'href="{url}"' in content
    for url in sign_urls(draft):
        assert f'href="{url}"' not in content


def test_admin_edit_view_links_to_each_sign(admin_client, short_version):
    content = admin_client.get(snippet_url(ShortVersion, "edit", short_version.pk)).content.decode()
    for url in sign_urls(short_version):
        assert f'href="{url}"' in content
    assert "Opening slide" in content


def test_admin_edit_view_of_a_draft_has_no_sign_links(admin_client, coc_page):
    draft = make_short_version(coc_page, publish=False)
    response = admin_client.get(snippet_url(ShortVersion, "edit", draft.pk))
    assert response.status_code == 200
    for url in sign_urls(draft):
        assert url not in response.content.decode()


def test_a_poster_that_cannot_fit_one_sheet_is_flagged_before_printing(admin_client, coc_page):
    for order in range(30):
        EmergencyNumber.objects.create(
            info=coc_page.emergency_info, sort_order=10 + order, label=f"Desk {order}", number="911"
        )
    short_version = make_short_version(coc_page, text="Be kind. " * 66)

    response = admin_client.post(
        snippet_url(ShortVersion, "edit", short_version.pk),
        short_version_data(text=short_version.text, coc_page=coc_page.pk),
        follow=True,
    )
    assert "holds more than one sheet" in str(list(response.context["messages"]))
    poster = admin_client.get(sign_url("short_version_poster", short_version, "a4"))
    assert 'class="poster-overflow" role="alert"' in poster.content.decode()


def test_a_poster_that_fits_shows_no_warning_and_uses_full_size_type(client, short_version):
    content = client.get(sign_url("short_version_poster", short_version, "a4")).content.decode()
    assert "poster-overflow" not in content.split("</style>")[1]
    assert "--scale: 1.0;" in content
