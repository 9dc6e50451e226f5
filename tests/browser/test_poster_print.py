"""Posters print on one sheet with real content, and every number stays on one line.

Printed by Chromium with the poster's own page size (``page.pdf``), then read back with
``pdftotext -layout`` (poppler-utils): a number broken across lines, or a second sheet,
fails. Two contents: the demo's (seven numbers with long labels), and the largest a form
allows within reason (600 characters of text, a full contact note, seven numbers, a long
venue address).
"""

import re
import subprocess

import pytest
from django.urls import reverse
from home.management.commands.load_demo_content import MAIN_VENUE, SHORT_VERSION_TEXT
from wagtail.models import Site

from tests.factories import build_coc_page, build_team
from wagtail_coc.models import EmergencyInfo, EmergencyNumber, ShortVersion
from wagtail_coc.models.short_version import SHORT_VERSION_MAX_LENGTH

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LONGEST_TEXT = ("Everyone deserves a harassment-free event, online and in person. " * 12)[
    :SHORT_VERSION_MAX_LENGTH
]
LONG_NOTE = (
    "Or find any volunteer in a purple lanyard at the registration desk, the quiet room or the "
    "information booth; we can also meet you somewhere private whenever you prefer."
)
LONG_VENUE = {
    **MAIN_VENUE,
    "venue_name": "Harbour Hall Conference Center and Waterfront Exhibition Pavilion",
    "venue_address": (
        "Pier 27, 200 Embarcadero Way\nNorth Waterfront District\nSan Francisco, CA 94105"
    ),
}


def build_signage(root_page, venue, text, note):
    team = build_team(name="PyHarbour CoC team", shared_email="conduct@pyharbour.example")
    team.save_revision().publish()
    info = EmergencyInfo.objects.create(
        name=venue["name"],
        venue_name=venue["venue_name"],
        venue_address=venue["venue_address"],
        region="US",
    )
    for order, (kind, label, number) in enumerate(venue["numbers"]):
        EmergencyNumber.objects.create(
            info=info, sort_order=order, kind=kind, label=label, number=number
        )
    coc_page = build_coc_page(root_page, team=team, emergency_info=info)
    short_version = ShortVersion.objects.create(
        name="Opening", text=text, contact_note=note, coc_page=coc_page
    )
    short_version.save_revision().publish()
    return short_version, info


CONTENTS = {
    "demo": (MAIN_VENUE, SHORT_VERSION_TEXT, "or ask anyone in a purple lanyard"),
    "largest": (LONG_VENUE, LONGEST_TEXT, LONG_NOTE),
}


@pytest.mark.parametrize("content", sorted(CONTENTS))
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_poster_prints_on_one_sheet_with_every_number_whole(
    browser, live_server, root_page, tmp_path, content, paper
):
    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80)
    short_version, info = build_signage(root_page, *CONTENTS[content])
    context = browser.new_context(locale="en")
    page = context.new_page()
    url = reverse("wagtail_coc_signage:short_version_poster", args=[short_version.pk, paper])
    page.goto(live_server.url + url)
    pdf_path = tmp_path / f"poster-{paper}.pdf"
    page.pdf(path=pdf_path, prefer_css_page_size=True)
    context.close()

    import shutil

    shutil.copy(pdf_path, f"/tmp/poster-{content}-{paper}.pdf")
    pdf = pdf_path.read_bytes()
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1, "the poster spills onto a second sheet"
    lines = subprocess.run(
        ["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout.splitlines()

    def on_one_line(text):
        return any(text in line for line in lines)

    assert on_one_line("conduct@pyharbour.example")
    for number in info.numbers.all():
        assert on_one_line(number.phone.display), f"{number.phone.display} breaks across lines"
    assert on_one_line("(415) 555-0123")  # the team's hotline
