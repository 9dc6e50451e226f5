"""Mask findings wherever a page's history keeps them, once a clean version is live.

Drafts keep what editors typed, comments keep what reviewers wrote, and log entries copy
both. When a clean version of a scanned page goes live, every finding (protected names,
email addresses, phone numbers) is masked in:

* every revision but the live one, and the comments copied into the live one;
* the page's comments and replies;
* the page's log entries (their ``data`` and ``label``), which the page history and site
  history screens show;
* the comments of its workflow tasks, and the reasons of its dismissed findings;

and the preview form data Wagtail keeps per user is deleted (also when the page is deleted).
"""

import json

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from wagtail.admin.models import FormState
from wagtail.models import (
    COMMENTS_RELATION_NAME,
    Comment,
    CommentReply,
    PageLogEntry,
    TaskState,
    WorkflowState,
)

from wagtail_coc.base_page import BasePage as Page
from wagtail_coc.privacy import Scanner
from wagtail_coc.transparency.dismissals import FindingDismissal
from wagtail_coc.transparency.scan.findings import MASK, build_scanner, site_for

# Bookkeeping in revision content and log data: ids, tree paths, keys, timestamps. Never
# text anyone typed, and masking them would break restoring a revision.
STRUCTURAL_KEYS = frozenset(
    {"pk", "id", "path", "depth", "numchild", "translation_key", "content_type", "uuid",
     "locale", "owner", "locked_by", "alias_of", "latest_revision", "live_revision",
     "contentpath", "position", "type"}
)  # fmt: skip


# What the live revision holds besides the published content: its comments, and the draft
# title the page had when the revision was saved (stale after a rename).
LIVE_REVISION_UNPUBLISHED_KEYS = frozenset({COMMENTS_RELATION_NAME, "draft_title"})


def _is_structural(key) -> bool:
    return key in STRUCTURAL_KEYS or str(key).endswith(("_at", "_id"))


def redact(value, scanner: Scanner):
    """``value`` (text, or JSON-like data) with every finding masked.

    StreamFields are stored in revisions as JSON inside a string, so such strings are
    decoded, redacted and encoded again.
    """
    if isinstance(value, dict):
        return {
            key: item if _is_structural(key) else redact(item, scanner)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [redact(item, scanner) for item in value]
    if not isinstance(value, str) or not value:
        return value
    if value[0] in "[{":
        try:
            decoded = json.loads(value)
        except ValueError:
            decoded = None
        if isinstance(decoded, dict | list):
            return json.dumps(redact(decoded, scanner), cls=DjangoJSONEncoder)
    for finding in sorted(scanner.scan(value), key=lambda finding: finding.start, reverse=True):
        value = value[: finding.start] + MASK + value[finding.end :]
    return value


def holds_findings(value, scanner: Scanner) -> bool:
    return redact(value, scanner) != value


def _redact_rows(queryset, fields, scanner) -> int:
    changed = 0
    for row in queryset.only("pk", *fields):
        updates = {field: redact(getattr(row, field), scanner) for field in fields}
        updates = {field: value for field, value in updates.items() if value != getattr(row, field)}
        if updates:
            type(row).objects.filter(pk=row.pk).update(**updates)
            changed += 1
    return changed


def redact_revision_history(page) -> int:
    """Mask findings in the history of ``page``: revisions, comments, log entries.

    The live revision keeps its content (it is what the public sees, dismissed false
    positives included); only its comments and stale draft title are masked. Returns how many rows
    changed.
    """
    scanner = build_scanner(site_for(page))
    changed = 0
    for revision in page.revisions.only("content", "object_str"):
        content = _with_current_url_path(revision.content, page)
        if revision.pk == page.live_revision_id:
            content = dict(content)
            for key in LIVE_REVISION_UNPUBLISHED_KEYS & set(content):
                content[key] = redact(content[key], scanner)
        else:
            content = redact(content, scanner)
        # The page's title when the revision was saved, shown in history and workflows.
        object_str = redact(revision.object_str, scanner)
        if content != revision.content or object_str != revision.object_str:
            revision.content, revision.object_str = content, object_str
            revision.save(update_fields=["content", "object_str"])
            changed += 1
    changed += _redact_rows(Comment.objects.filter(page=page), ["text"], scanner)
    changed += _redact_rows(CommentReply.objects.filter(comment__page=page), ["text"], scanner)
    changed += _redact_rows(PageLogEntry.objects.filter(page=page), ["label", "data"], scanner)
    changed += _redact_rows(
        TaskState.objects.filter(workflow_state__in=WorkflowState.objects.for_instance(page)),
        ["comment"],
        scanner,
    )
    # Reasons are masked when stored; rows written by code or by an earlier release are not.
    changed += _redact_rows(
        FindingDismissal.objects.filter(revision__in=page.revisions.all()), ["reason"], scanner
    )
    changed += forget_previews(page)
    return changed


def _with_current_url_path(content, page):
    """``content`` with the page's current ``url_path``.

    A revision keeps the ``url_path`` the page had when it was saved: after a rename, the
    old slug (which may hold a name registered since). Wagtail never restores it (it
    recomputes the path from the slug and the tree), so the page's own is stored instead.
    """
    if not isinstance(content, dict) or content.get("url_path") in (None, page.url_path):
        return content
    return {**content, "url_path": page.url_path}


def refresh_descendant_url_paths(page) -> int:
    """Store the current ``url_path`` in the revisions of the app's pages below ``page``
    (renaming or moving an ancestor changes their paths, not their revisions)."""
    changed = 0
    for descendant in page.get_descendants().specific():
        if not getattr(descendant, "scanned_before_publishing", False):
            continue
        for revision in descendant.revisions.only("content"):
            content = _with_current_url_path(revision.content, descendant)
            if content is not revision.content:
                revision.content = content
                revision.save(update_fields=["content"])
                changed += 1
    return changed


def forget_previews(page) -> int:
    """Delete the preview form data Wagtail keeps per user (``FormState``), drafts and all.

    It holds the whole submitted form, URL-encoded, for a day; once a clean version is live
    nobody needs an earlier preview of the page, or of a new page under its parent.
    """
    content_type = ContentType.objects.get_for_model(page, for_concrete_model=False)
    # The page's own previews, whichever content type (specific or not) they were saved with.
    states = FormState.objects.filter(
        object_id=str(page.pk),
        content_type__in=[content_type, ContentType.objects.get_for_model(Page)],
    )
    parent = page.get_parent()
    if parent is not None:
        states |= FormState.objects.filter(
            content_type=content_type, object_id="", parent_object_id=str(parent.pk)
        )
    return states.delete()[0]


def forget_previews_on_delete(sender, instance, **kwargs):
    """``pre_delete`` of the app's page types: a deleted draft is never published clean, so
    its previews are forgotten now (they hold the whole form, names and all)."""
    forget_previews(instance)


def redact_log_entry(sender, instance, created, **kwargs):
    """``post_save`` of page log entries: a scanned page's entries never keep a finding.

    Wagtail writes some entries after ``page_published`` (a rename's old title, the
    publication itself), so masking on publish alone would miss them.
    """
    page = instance.page.specific_deferred if instance.page_id else None
    if page is None or not getattr(page, "scanned_before_publishing", False):
        return
    _redact_rows(
        PageLogEntry.objects.filter(pk=instance.pk),
        ["label", "data"],
        build_scanner(site_for(page)),
    )
