"""Opening slide, printable posters and badge text for a published short version.

Every URL is keyed by the short version's primary key so an editor can bookmark it or put
it on a venue laptop before the event. Only live short versions are served; drafts are
checked through Wagtail's preview in the admin.
"""

import csv
from dataclasses import dataclass

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from wagtail_coc.models import CoCSettings, CoCTeam, EmergencyInfo, ShortVersion
from wagtail_coc.models.pages import emergency_info_with_numbers, in_locale
from wagtail_coc.purging import paths_in_every_language
from wagtail_coc.signage.qr import qr_svg
from wagtail_coc.spreadsheets import spreadsheet_safe

PAPER_SIZES = {"a4": _("A4"), "letter": _("US Letter")}
# Above this many characters the slide steps its type down a size so the text still fits.
LONG_TEXT = 300
CSV_COLUMNS = ["event", "reminder", "coc_url", "contact", "short_version"]
# Spreadsheet programs run cells starting with these as formulas (CSV injection).


@dataclass
class Signage:
    short_version: ShortVersion
    event_name: str
    coc_url: str
    team: CoCTeam | None
    emergency_info: EmergencyInfo | None

    @property
    def qr(self):
        return (
            qr_svg(self.coc_url, _("QR code: link to the full Code of Conduct"))
            if self.coc_url
            else ""
        )

    @property
    def coc_url_display(self) -> str:
        """The URL as people type it: no scheme, no trailing slash."""
        return self.coc_url.partition("://")[2].rstrip("/")

    @property
    def long_text(self) -> bool:
        return len(self.short_version.text) > LONG_TEXT

    @property
    def reminder(self) -> str:
        return self.short_version.badge_line or self.short_version.contact_line


def _live_short_version(pk) -> ShortVersion:
    return get_object_or_404(ShortVersion.objects.filter(live=True), pk=pk)


def _live_or_none(instance):
    return instance if instance is not None and instance.live else None


def signage_for(request, short_version: ShortVersion) -> Signage:
    """Gather what the signs show; the site's CoC settings fill in what the page leaves out.

    Everything is shown in the short version's language where a translation exists: a
    translated short version still points at the page and snippets of the original.
    """
    locale_id = short_version.locale_id
    site_settings = CoCSettings.for_request(request)
    coc_page = _live_or_none(in_locale(short_version.coc_page, locale_id)) or _live_or_none(
        in_locale(site_settings.default_coc_page, locale_id)
    )
    team = _live_or_none(
        in_locale((coc_page.team if coc_page else None) or site_settings.default_team, locale_id)
    )
    info = (coc_page.emergency_info_id if coc_page else None) or (
        site_settings.default_emergency_info_id
    )
    site = (coc_page.get_site() if coc_page else None) or Site.find_for_request(request)
    return Signage(
        short_version=short_version,
        event_name=site.site_name if site else "",
        coc_url=coc_page.get_full_url(request) if coc_page else "",
        team=team,
        emergency_info=emergency_info_with_numbers(info, locale_id) if info else None,
    )


def _render(request, pk, template, **extra):
    short_version = _live_short_version(pk)
    signage = signage_for(request, short_version)
    # A French short version makes a French sign, whatever the browser's language.
    with translation.override(short_version.locale.language_code):
        return render(
            request, template, {"signage": signage, "short_version": short_version, **extra}
        )


def slide(request, pk):
    return _render(request, pk, "wagtail_coc/signage/slide.html")


def poster(request, pk, paper):
    return _render(
        request,
        pk,
        "wagtail_coc/signage/poster.html",
        paper=paper,
        paper_label=PAPER_SIZES[paper],
    )


def badge(request, pk):
    return _render(request, pk, "wagtail_coc/signage/badge.html")


def badges_csv(request, pk):
    """One row for a badge printer to merge with the attendee list; its tool draws the QR."""
    short_version = _live_short_version(pk)
    signage = signage_for(request, short_version)
    filename = f"coc-badges-{slugify(short_version.name) or short_version.pk}.csv"
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
    # A byte-order mark makes Excel and Word mail merge read the file as UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    writer.writerow(
        [
            spreadsheet_safe(value)
            for value in (
                signage.event_name,
                signage.reminder,
                signage.coc_url,
                short_version.contact_line,
                short_version.name,
            )
        ]
    )
    return response


SIGN_URL_NAMES = [
    ("short_version_slide", ()),
    *(("short_version_poster", (paper,)) for paper in PAPER_SIZES),
    ("short_version_badge", ()),
    ("short_version_badges_csv", ()),
]


def sign_paths_showing(obj) -> list[str]:
    """Paths of the signs that show ``obj``: a short version's own signs; for a team,
    emergency information or a site's defaults, every live short version's signs (a sign
    falls back to the site's defaults, and an event has only a few short versions)."""
    if isinstance(obj, ShortVersion):
        pks = [obj.pk]
    else:
        pks = ShortVersion.objects.filter(live=True).values_list("pk", flat=True)
    return [
        path
        for pk in pks
        for name, extra in SIGN_URL_NAMES
        for path in paths_in_every_language(f"wagtail_coc_signage:{name}", [pk, *extra])
    ]
