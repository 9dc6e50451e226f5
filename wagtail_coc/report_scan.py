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
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.html import strip_tags
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modelcluster.models import get_all_child_relations
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.models import COMMENTS_RELATION_NAME, Site
from wagtail.rich_text import RichText
from wagtail.rich_text.rewriters import FIND_A_TAG, FIND_EMBED_TAG, extract_attrs

from wagtail_coc.encryption import configured_keys
from wagtail_coc.models.protected_names import ProtectedName, protected_names_for_site
from wagtail_coc.privacy import Finding, Scanner

logger = logging.getLogger(__name__)

KIND_LABELS = {
    "name": _("protected name"),
    "email": _("email address"),
    "phone": _("phone number"),
}
# Page fields that only repeat another field or hold tree bookkeeping.
_SKIPPED_PAGE_FIELDS = {"path", "url_path", "draft_title"}
SEPARATOR = " \N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK} "
_MASK = "▇▇▇"


@dataclass(frozen=True)
class Text:
    """One piece of content: ``path`` is stable (fingerprints), ``label`` is for people."""

    field: str
    path: str
    label: str
    content: str
    html: bool


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


# --- extraction ---------------------------------------------------------------------------


def _is_text_field(field) -> bool:
    return (
        isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and not field.is_relation
    )


def _label(field) -> str:
    return str(capfirst(field.verbose_name))


def iter_texts(obj):
    """Every piece of text ``obj`` (a page, or a revision's object) can publish."""
    for field in obj._meta.concrete_fields:
        if field.name in _SKIPPED_PAGE_FIELDS:
            continue
        if isinstance(field, StreamField):
            stream = getattr(obj, field.name)
            yield from _iter_block(
                field.stream_block, stream, field.name, field.name, _label(field)
            )
            continue
        value = field.value_from_object(obj)
        if _is_text_field(field) and value:
            html = isinstance(value, RichText) or _is_rich_text_field(field)
            content = value.source if isinstance(value, RichText) else str(value)
            yield Text(field.name, field.name, _label(field), content, html)
            if html:
                yield from _linked_media(content, field.name, field.name, _label(field))
    for relation in get_all_child_relations(obj):
        name = relation.get_accessor_name()
        if name == COMMENTS_RELATION_NAME:
            # Admin comments are never published.
            continue
        related = relation.related_model
        heading = str(capfirst(related._meta.verbose_name_plural))
        for index, child in enumerate(getattr(obj, name).all(), start=1):
            for field in related._meta.concrete_fields:
                value = field.value_from_object(child)
                if _is_text_field(field) and value and not field.primary_key:
                    yield Text(
                        name,
                        f"{name}.{index}.{field.name}",
                        SEPARATOR.join([heading, _row_label(index), _label(field)]),
                        str(value),
                        _is_rich_text_field(field),
                    )


def _row_label(index: int) -> str:
    return str(_("row %(number)s") % {"number": index})


def _is_rich_text_field(field) -> bool:
    return isinstance(field, RichTextField)


def _block_label(block) -> str:
    return str(capfirst(block.label or block.name or ""))


def _iter_block(block, value, field, path, label):
    if value is None:
        return
    if isinstance(block, blocks.StreamBlock):
        for index, child in enumerate(value, start=1):
            yield from _iter_block(
                child.block,
                child.value,
                field,
                f"{path}.{index}",
                SEPARATOR.join([label, f"{_block_label(child.block)} {index}"]),
            )
    elif isinstance(block, blocks.ListBlock):
        children = getattr(value, "bound_blocks", None)
        items = [child.value for child in children] if children is not None else list(value)
        for index, item in enumerate(items, start=1):
            yield from _iter_block(
                block.child_block,
                item,
                field,
                f"{path}.{index}",
                SEPARATOR.join([label, str(_("item %(number)s") % {"number": index})]),
            )
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            yield from _iter_block(
                child_block,
                value.get(name),
                field,
                f"{path}.{name}",
                SEPARATOR.join([label, _block_label(child_block)]),
            )
    elif isinstance(block, blocks.RichTextBlock):
        source = value.source if isinstance(value, RichText) else str(value)
        if source:
            yield Text(field, path, label, source, True)
            yield from _linked_media(source, field, path, label)
    elif isinstance(block, blocks.ChoiceBlock | blocks.MultipleChoiceBlock):
        # Keys from a fixed list written by developers, not by editors.
        return
    elif isinstance(value, str):
        if value:
            yield Text(field, path, label, value, isinstance(block, blocks.RawHTMLBlock))
    elif _is_media(value):
        yield from _media_texts(value, field, path, label)


def _is_media(value) -> bool:
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    return isinstance(value, get_image_model() | get_document_model())


_MEDIA_TEXTS = (("title", _("title")), ("description", _("description")))


def _media_texts(media, field, path, label):
    kind = str(capfirst(media._meta.verbose_name))
    for attribute, attribute_label in _MEDIA_TEXTS:
        text = getattr(media, attribute, "")
        if text:
            yield Text(
                field,
                f"{path}.{media._meta.model_name}.{attribute}",
                SEPARATOR.join([label, f"{kind} {attribute_label}"]),
                str(text),
                False,
            )


def _linked_media(source, field, path, label):
    """Titles of images embedded and documents linked in rich text: the page shows them."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    image_ids, document_ids = [], []
    for match in FIND_EMBED_TAG.finditer(source):
        attrs = extract_attrs(match.group(1))
        if attrs.get("embedtype") == "image" and attrs.get("id", "").isdigit():
            image_ids.append(int(attrs["id"]))
    for match in FIND_A_TAG.finditer(source):
        attrs = extract_attrs(match.group(1))
        if attrs.get("linktype") == "document" and attrs.get("id", "").isdigit():
            document_ids.append(int(attrs["id"]))
    for model, ids in ((get_image_model(), image_ids), (get_document_model(), document_ids)):
        if ids:
            for media in model.objects.filter(pk__in=ids).order_by("pk"):
                yield from _media_texts(media, field, f"{path}.{media.pk}", label)


# --- scanning -----------------------------------------------------------------------------


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
    from wagtail_coc.models.settings import CoCSettings
    from wagtail_coc.models.team import default_region

    if site is None:
        names = [entry.value for entry in ProtectedName.objects.only("value").order_by("pk")]
        team = None
    else:
        names = protected_names_for_site(site)
        # Not CoCSettings.for_site(): a scan must not create settings rows as a side effect.
        settings_row = CoCSettings.objects.filter(site=site).select_related("default_team").first()
        team = settings_row.default_team if settings_row else None
    region = (team.region if team else "") or default_region()
    allow = []
    for value in (team.shared_email, team.hotline) if team else ():
        if value:
            try:
                Scanner(allow=[value], region=region)
            except ValueError:
                continue
            allow.append(value)
    return Scanner(names=names, allow=allow, region=region)


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
        from html import unescape

        masked = unescape(strip_tags(masked))
    masked = " ".join(masked.split())
    marker = masked.find("\x00")
    if marker == -1:
        return _MASK
    start, end = max(0, marker - width), min(len(masked), marker + 1 + width)
    excerpt = masked[start:end].replace("\x00", _MASK).replace("\x01", _MASK)
    return ("…" if start else "") + excerpt + ("…" if end < len(masked) else "")


def scan_object(obj, *, revision=None, site=None) -> list[LocatedFinding]:
    """All findings in ``obj``; fingerprints are bound to ``revision`` (or to no revision)."""
    if site is None:
        site = site_for(obj)
    scanner = build_scanner(site)
    key = _fingerprint_keys()[0]
    revision_ref = revision.pk if revision is not None else None
    located = []
    for text in iter_texts(obj):
        findings = scanner.scan(text.content, html=text.html)
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
    from wagtail_coc.models.review import FindingDismissal

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


# --- guards -------------------------------------------------------------------------------

# Fields Wagtail copies into page history, log lines, breadcrumbs and notification emails:
# a protected name there would leak before anyone published anything.
ALWAYS_CHECKED_FIELDS = ("title", "slug")


def check_identifying_fields(obj, *, site=None) -> dict[str, list[str]]:
    """Errors for names, emails or phones in the title or slug, by field."""
    texts = [
        Text(field, field, _label(obj._meta.get_field(field)), getattr(obj, field) or "", False)
        for field in ALWAYS_CHECKED_FIELDS
        if getattr(obj, field, None)
    ]
    if not texts:
        return {}
    scanner = build_scanner(site if site is not None else site_for(obj))
    errors: dict[str, list[str]] = {}
    for text in texts:
        kinds = []
        for finding in scanner.scan(text.content, html=False):
            label = str(KIND_LABELS[finding.kind])
            if label not in kinds:
                kinds.append(label)
        if kinds:
            errors[text.field] = [
                str(
                    _(
                        "Contains a %(kinds)s. Wagtail copies this field into page history "
                        "and notifications, so it may not hold sensitive data, even in drafts."
                    )
                    % {"kinds": ", ".join(kinds)}
                )
            ]
    return errors


def mark_kept_unpublished(page) -> None:
    page.live = False
    page.has_unpublished_changes = True
    page.live_revision = None
    page.first_published_at = None
    page.last_published_at = None
    page._wagtail_coc_kept_unpublished = True


def guard_save(page, update_fields=None) -> None:
    """Refuse to write a live page whose newly published content has undismissed findings.

    Called from the model's ``save()``, which every publishing path reaches (the editor,
    workflow approval, ``publish_scheduled``, bulk actions, ``revision.publish()``), unlike the
    ``before_publish_page`` hook. Saves that do not publish new content (metadata updates,
    moves of a live page, unpublishing) pass. A new page created live (a copy kept live, an
    alias, a page built in code) is stored unpublished instead, so copying never fails.
    """
    if getattr(page, "_wagtail_coc_kept_unpublished", False):
        # Copying sets the live revision after the first save; keep the copy consistent.
        mark_kept_unpublished(page)
        return
    if not page.live:
        return
    if page.pk is None:
        findings = undismissed_findings(page)
        if findings:
            logger.warning(
                "Kept a new %s unpublished: sensitive data found (%s)",
                page._meta.label,
                summarise(findings),
            )
            mark_kept_unpublished(page)
        return
    if update_fields is not None and not {"live", "live_revision"} & set(update_fields):
        return
    stored = type(page).objects.filter(pk=page.pk).values("live", "live_revision_id").first()
    if stored and stored["live"] and stored["live_revision_id"] == page.live_revision_id:
        return
    revision = page.live_revision if page.live_revision_id else None
    findings = undismissed_findings(page, revision=revision)
    if findings:
        logger.warning(
            "Refused to publish page id=%s revision id=%s: sensitive data found (%s)",
            page.pk,
            page.live_revision_id,
            summarise(findings),
        )
        raise SensitiveDataFound(findings)


def is_approving(data) -> bool:
    return bool(data.get("action-workflow-action")) and data.get("workflow-action-name") == (
        "approve"
    )


class SensitiveDataFormMixin:
    """Scan the submitted content when the editor publishes or approves.

    Publishing (the Publish button) or approving a workflow task from the editor shows an
    error on the form instead of failing in the model guard. Drafts and autosaves
    (``is_deferred_validation``) and submissions for moderation are not blocked: the
    workflow's scan task reports on those. The model's ``clean()`` checks the title and slug
    on every save.
    """

    def is_valid(self):
        valid = super().is_valid()
        if not valid:
            return False
        if self.is_deferred_validation:
            return True
        if self.data.get("action-publish") or is_approving(self.data):
            findings = self._wagtail_coc_findings(self._wagtail_coc_site())
            if findings:
                self.add_error(None, publication_refused_message(findings))
                return False
        return True

    def _wagtail_coc_site(self):
        parent = getattr(self, "parent_page", None)
        if self.instance.pk:
            return site_for(self.instance)
        return parent.get_site() if parent is not None else None

    def _wagtail_coc_findings(self, site):
        instance = self.instance
        if is_approving(self.data) and instance.pk and not self.has_changed():
            # Approving without edits publishes the latest revision, with its dismissals.
            revision = instance.get_latest_revision()
            if revision is not None:
                return undismissed_findings(revision.as_object(), revision=revision, site=site)
        return undismissed_findings(instance, site=site)


def reviewers_group_name() -> str:
    return getattr(settings, "WAGTAIL_COC_REVIEWERS_GROUP", "CoC reviewers")


def is_coc_reviewer(user) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.groups.filter(name=reviewers_group_name()).exists()


def _redact(value, scanner: Scanner):
    """``value`` from a revision's content with every protected name masked.

    StreamFields are stored in revisions as JSON inside a string, so such strings are
    decoded, redacted and encoded again.
    """
    if isinstance(value, dict):
        return {key: _redact(item, scanner) for key, item in value.items()}
    if isinstance(value, list):
        return [_redact(item, scanner) for item in value]
    if not isinstance(value, str) or not value:
        return value
    if value[0] in "[{":
        try:
            decoded = json.loads(value)
        except ValueError:
            decoded = None
        if isinstance(decoded, dict | list):
            return json.dumps(_redact(decoded, scanner), cls=DjangoJSONEncoder)
    names = [finding for finding in scanner.scan(value) if finding.kind == "name"]
    for finding in sorted(names, key=lambda finding: finding.start, reverse=True):
        value = value[: finding.start] + _MASK + value[finding.end :]
    return value


def redact_revision_history(page) -> int:
    """Mask protected names in every revision of ``page`` but the live one.

    A report's drafts keep what editors typed, including the names the scan sent back; once
    a clean version is live, the page history stops holding them. Returns how many revisions
    changed.
    """
    if not ProtectedName.objects.exists():
        return 0
    scanner = build_scanner(site_for(page))
    changed = 0
    for revision in page.revisions.exclude(pk=page.live_revision_id).only("content"):
        redacted = _redact(revision.content, scanner)
        if redacted != revision.content:
            revision.content = redacted
            revision.save(update_fields=["content"])
            changed += 1
    return changed
