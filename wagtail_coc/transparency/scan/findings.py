"""Scan a page or revision for sensitive data, and refuse to publish what is found.

Django glue around the pure scanner in ``wagtail_coc.privacy``: it reads every text a page
can show (core fields, the model's own text fields, every StreamField block, rich text,
inline rows, titles and descriptions of linked images and documents), scans each against the
site's protected names register and the email and phone rules, and locates each finding by
field or block ("Report summaries, Report summary 2, Anonymised summary") and kind. Nothing
here ever puts the matched text in a message, a log line or a database row.

Fingerprints identify one match in one revision without storing it: an HMAC-SHA256 over
(revision, field path, kind, normalised match, occurrence) keyed from the register's
encryption keys (``WAGTAIL_COC_ENCRYPTION_KEYS``), not ``SECRET_KEY``, so that a database dump
of dismissals cannot be checked against a list of guessed names without those keys. Every
configured key is tried when matching dismissals, so rotating keys keeps them valid.
"""

import hashlib
import hmac
import json
from dataclasses import dataclass
from html import unescape

from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.models import Site

from wagtail_coc import conf
from wagtail_coc.models.settings import CoCSettings
from wagtail_coc.privacy import Finding, Scanner
from wagtail_coc.transparency.dismissals import FindingDismissal
from wagtail_coc.transparency.encryption import configured_keys
from wagtail_coc.transparency.register import ProtectedName, protected_names_for_site
from wagtail_coc.transparency.scan.extract import Text, iter_texts, rendered_page

KIND_LABELS = {
    "name": _("protected name"),
    "email": _("email address"),
    "phone": _("phone number"),
}
MASK = "▇▇▇"


@dataclass(frozen=True)
class LocatedFinding:
    path: str
    label: str
    finding: Finding
    fingerprint: str
    excerpt: str
    occurrence: int = 0
    revision_ref: int | None = None

    def fingerprints(self) -> set[str]:
        """This finding's fingerprint under every configured key (for key rotation)."""
        normalised = _normalise(self.finding.matched)
        return {
            _fingerprint(key, self.revision_ref, self.path, self.kind, normalised, self.occurrence)
            for key in _fingerprint_keys()
        }

    @property
    def kind(self) -> str:
        return self.finding.kind

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.finding.kind])

    def describe(self) -> str:
        """Where and what, never the matched text: safe for comments, messages and logs."""
        return f"{self.label}: {self.kind_label}"


def site_for(obj) -> Site | None:
    site = obj.get_site() if obj.pk and obj.url_path else None
    if site is None and getattr(obj, "path", None) and obj.depth and obj.depth > 1:
        parent = obj.get_parent()
        site = parent.get_site() if parent is not None else None
    return site


def build_scanner(site: Site | None) -> Scanner:
    """The scanner for ``site``: its register and its default team's public contacts.

    When the site is unknown every site's register is used: better a false alarm than a
    published name.
    """
    if site is None:
        names = [entry.value for entry in ProtectedName.objects.only("value").order_by("pk")]
        team = None
    else:
        names = protected_names_for_site(site)
        # Not CoCSettings.for_site(): a scan must not create settings rows as a side effect.
        settings_row = CoCSettings.objects.filter(site=site).select_related("default_team").first()
        team = settings_row.default_team if settings_row else None
    # The team's own region first, then every region whose formats people at the event use.
    region = (team.region if team else "") or None
    regions = conf.phone_regions()
    allow = []
    for value in (team.shared_email, team.hotline) if team else ():
        if value:
            try:
                Scanner(allow=[value], region=region, regions=regions)
            except ValueError:
                continue
            allow.append(value)
    return Scanner(names=names, allow=allow, region=region, regions=regions)


def _normalise(matched: str) -> str:
    return " ".join(matched.split()).casefold()


def _fingerprint_keys() -> list[bytes]:
    return [
        hmac.new(key.encode(), b"wagtail-coc finding fingerprint", hashlib.sha256).digest()
        for key in configured_keys()
    ]


def _fingerprint(key: bytes, revision_ref, path, kind, normalised, occurrence) -> str:
    message = json.dumps([revision_ref, path, kind, normalised, occurrence], ensure_ascii=False)
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def _excerpt(text: Text, findings: list[Finding], target: Finding, width: int = 60) -> str:
    """Text around ``target`` with every match in the field masked, tags removed."""
    pieces, position, marker = [], 0, None
    for finding in findings:
        if finding.start < position:
            continue
        pieces.append(text.content[position : finding.start])
        if finding is target:
            marker = sum(len(piece) for piece in pieces)
            pieces.append("\x00")
        else:
            pieces.append("\x01")
        position = finding.end
    pieces.append(text.content[position:])
    masked = "".join(pieces)
    if text.html:
        masked = unescape(strip_tags(masked))
    masked = " ".join(masked.split())
    marker = masked.find("\x00")
    if marker == -1:
        return MASK
    start, end = max(0, marker - width), min(len(masked), marker + 1 + width)
    excerpt = masked[start:end].replace("\x00", MASK).replace("\x01", MASK)
    return ("…" if start else "") + excerpt + ("…" if end < len(masked) else "")


def scan_object(obj, *, revision=None, site=None) -> list[LocatedFinding]:
    """All findings in ``obj``; fingerprints are bound to ``revision`` (or to no revision).

    Every stored text is scanned, then the page as the public will see it: what only the
    rendered page shows (a linked page's URL, a title pulled in by the template) is reported
    as found in "The page as published". A match already found in a field is not reported
    twice, so a dismissal in that field covers it.
    """
    if site is None:
        site = site_for(obj)
    scanner = build_scanner(site)
    key = _fingerprint_keys()[0]
    revision_ref = revision.pk if revision is not None else None
    located = []
    for text in iter_texts(obj):
        located += _locate(text, scanner.scan(text.content, html=text.html), key, revision_ref)
    rendered = rendered_page(obj)
    if rendered is not None:
        known = {(found.kind, _normalise(found.finding.matched)) for found in located}
        findings = [
            finding
            for finding in scanner.scan(rendered.content, html=True)
            if (finding.kind, _normalise(finding.matched)) not in known
        ]
        located += _locate(rendered, findings, key, revision_ref)
    return located


def _locate(text: Text, findings: list[Finding], key, revision_ref) -> list[LocatedFinding]:
    located = []
    seen: dict[tuple, int] = {}
    for finding in findings:
        normalised = _normalise(finding.matched)
        occurrence = seen.get((finding.kind, normalised), 0)
        seen[(finding.kind, normalised)] = occurrence + 1
        located.append(
            LocatedFinding(
                path=text.path,
                label=text.label,
                finding=finding,
                fingerprint=_fingerprint(
                    key, revision_ref, text.path, finding.kind, normalised, occurrence
                ),
                excerpt=_excerpt(text, findings, finding),
                occurrence=occurrence,
                revision_ref=revision_ref,
            )
        )
    return located


def dismissed_fingerprints(revision) -> dict:
    if revision is None or revision.pk is None:
        return {}
    return {
        dismissal.fingerprint: dismissal
        for dismissal in FindingDismissal.objects.filter(revision=revision).select_related(
            "dismissed_by"
        )
    }


def dismissal_for(located: LocatedFinding, dismissals: dict):
    if not dismissals:
        return None
    if located.fingerprint in dismissals:
        return dismissals[located.fingerprint]
    for fingerprint in located.fingerprints():
        if fingerprint in dismissals:
            return dismissals[fingerprint]
    return None


def undismissed_findings(obj, *, revision=None, site=None) -> list[LocatedFinding]:
    findings = scan_object(obj, revision=revision, site=site)
    dismissals = dismissed_fingerprints(revision)
    return [found for found in findings if dismissal_for(found, dismissals) is None]


def scan_revision(revision, *, include_dismissed=False) -> list[LocatedFinding]:
    obj = revision.as_object()
    if include_dismissed:
        return scan_object(obj, revision=revision)
    return undismissed_findings(obj, revision=revision)


def summarise(findings: list[LocatedFinding]) -> str:
    """One line per location and kind, e.g. "Title: protected name"; never the match."""
    lines = []
    for found in findings:
        line = found.describe()
        if line not in lines:
            lines.append(line)
    return "; ".join(lines)


def publication_refused_message(findings: list[LocatedFinding]) -> str:
    return ngettext(
        "Not published: sensitive data was found (%(where)s). Remove it, or ask a Code of "
        "Conduct reviewer to dismiss a false positive.",
        "Not published: sensitive data was found in %(count)d places (%(where)s). Remove it, "
        "or ask a Code of Conduct reviewer to dismiss false positives.",
        len(findings),
    ) % {"count": len(findings), "where": summarise(findings)}


class SensitiveDataFound(ValidationError):
    """Publishing refused; the message says where and what, never the matched text."""

    def __init__(self, findings: list[LocatedFinding]):
        self.findings = findings
        super().__init__(publication_refused_message(findings), code="sensitive_data")
