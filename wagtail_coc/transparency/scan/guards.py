"""Guards: what a page of the transparency app may never store, publish or copy.

The model's ``save()`` calls ``guard_save`` (every publishing path reaches it); the page form
mixin shows the same refusal as a form error; ``check_identifying_fields`` keeps names out of
the title and slug, which Wagtail copies into history and notifications even for drafts.
Comments and replies holding sensitive data are refused when they are saved (the form mixin,
and ``refuse_comment_with_findings`` for code), because Wagtail copies them into revisions,
log entries and emails at once. Copies, aliases and translations are refused while the page
or its history holds findings (``refuse_copying``, and the ``before_copy_page`` hook).
"""

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractPage, Comment

from wagtail_coc.transparency.encryption import SETTING_NAME, RegisterUnreadable
from wagtail_coc.transparency.permissions import may_handle_reports
from wagtail_coc.transparency.scan.extract import Text, field_label
from wagtail_coc.transparency.scan.findings import (
    KIND_LABELS,
    SensitiveDataFound,
    build_scanner,
    publication_refused_message,
    site_for,
    summarise,
    undismissed_findings,
)
from wagtail_coc.transparency.scan.redaction import holds_findings

logger = logging.getLogger(__name__)
REGISTER_UNREADABLE_MESSAGE = _(
    "Not saved: the protected names register cannot be read with the keys in "
    "%(setting)s, so this page cannot be checked for names. Ask whoever runs the site to run "
    "“python manage.py check --database default”, which says what to fix."
)


# Fields Wagtail copies into page history, log lines, breadcrumbs and notification emails:
# a protected name there would leak before anyone published anything.
ALWAYS_CHECKED_FIELDS = ("title", "slug")


def check_identifying_fields(obj, *, site=None) -> dict[str, list[str]]:
    """Errors for names, emails or phones in the title or slug, by field."""
    texts = [
        Text(
            field, field, field_label(obj._meta.get_field(field)), getattr(obj, field) or "", False
        )
        for field in ALWAYS_CHECKED_FIELDS
        if getattr(obj, field, None)
    ]
    if not texts:
        return {}
    try:
        scanner = build_scanner(site if site is not None else site_for(obj))
    except RegisterUnreadable:
        # Nothing can be checked without the register: refuse, and say why.
        logger.exception("Save refused: the protected names register is unreadable")
        return {"title": [str(REGISTER_UNREADABLE_MESSAGE % {"setting": SETTING_NAME})]}
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


COMMENT_REFUSED = _(
    "A comment holds sensitive data (a protected name, an email address or a phone "
    "number). Comments are kept in the page history and sent by email: write it without."
)


def holds_sensitive_data(texts, site) -> bool:
    """Whether any of ``texts`` (plain text) holds a finding, for ``site``'s scanner."""
    texts = [text for text in texts if text]
    if not texts:
        return False
    scanner = build_scanner(site)
    return any(scanner.scan(text, html=False) for text in texts)


def refuse_comment_with_findings(sender, instance, **kwargs):
    """``pre_save`` of comments and replies: the backstop for comments written by code."""
    comment = instance if isinstance(instance, Comment) else instance.comment
    page = comment.page.specific_deferred
    if not getattr(page, "scanned_before_publishing", False) or not instance.text:
        return
    if instance.pk and type(instance).objects.filter(pk=instance.pk, text=instance.text).exists():
        # Publishing saves every comment again; text already stored is masked on publish.
        return
    if holds_sensitive_data([instance.text], site_for(page)):
        raise ValidationError(COMMENT_REFUSED, code="sensitive_data")


def holds_copy_findings(page, *, recursive=False) -> bool:
    """Whether ``page`` may not be copied (or aliased, or translated).

    A copy takes the page row, the latest revision and (unless told otherwise) every
    revision. The row and the latest revision are scanned with their dismissals; earlier
    revisions must hold nothing the scanner finds (once a clean version is live they are
    masked). With ``recursive``, scanned pages below are checked too.
    """
    pages = [page]
    if recursive:
        pages += [descendant.specific for descendant in page.get_descendants()]
    for candidate in pages:
        if not getattr(candidate, "scanned_before_publishing", False):
            continue
        site = site_for(candidate)
        findings = undismissed_findings(candidate, site=site)
        latest = candidate.get_latest_revision()
        if not findings and latest is not None:
            findings = undismissed_findings(latest.as_object(), revision=latest, site=site)
        if findings:
            return True
        scanner = build_scanner(site)
        earlier = candidate.revisions.exclude(pk=getattr(latest, "pk", None)).only("content")
        if any(holds_findings(revision.content, scanner) for revision in earlier):
            return True
    return False


def refuse_copying(page, *, recursive=False) -> None:
    if holds_copy_findings(page, recursive=recursive):
        raise ValidationError(COPY_REFUSED, code="sensitive_data")


COPY_REFUSED = _(
    "Not copied: this page or its history holds sensitive data. A copy would keep it "
    "outside the review. Publish a clean version first (its history is then masked)."
)


OUTSIDE_TEAM = _(
    "Only the Code of Conduct team and reviewers may edit pages of the transparency app."
)


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

    def full_clean(self):
        # Every use of the form (the editor, its previews on add and on edit, any view built
        # on it) validates here. Someone who may not handle reports gets the same refusal
        # whatever they typed: the title check, the scan and the comment check never run, so
        # nothing they are told depends on the register.
        user = getattr(self, "for_user", None)
        if self.is_bound and user is not None and not may_handle_reports(user):
            self._errors = ErrorDict()
            self.cleaned_data = {}
            self.add_error(None, OUTSIDE_TEAM)
            return
        super().full_clean()

    def is_valid(self):
        valid = super().is_valid()
        if not valid:
            return False
        if self._wagtail_coc_comments_hold_findings():
            # Drafts and autosaves too: Wagtail stores comments at once, copies them into
            # every revision and log entry, and emails them to subscribers.
            self.add_error(None, COMMENT_REFUSED)
            return False
        if self.is_deferred_validation:
            return True
        if self.data.get("action-publish") or is_approving(self.data):
            try:
                findings = self._wagtail_coc_findings(self._wagtail_coc_site())
            except RegisterUnreadable:
                # Without the register nothing can be checked: refuse, and say why.
                logger.exception("Publishing refused: the protected names register is unreadable")
                self.add_error(None, REGISTER_UNREADABLE_MESSAGE % {"setting": SETTING_NAME})
                return False
            if findings:
                self.add_error(None, publication_refused_message(findings))
                return False
        return True

    def _wagtail_coc_comments_hold_findings(self) -> bool:
        comments = self.formsets.get("comments")
        if comments is None:
            return False
        texts = []
        for form in comments.forms:
            if not form.has_changed() and not form.formsets["replies"].has_changed():
                continue
            texts.append(form.cleaned_data.get("text") or "")
            texts += [reply.cleaned_data.get("text") or "" for reply in form.formsets["replies"]]
        return holds_sensitive_data(texts, self._wagtail_coc_site())

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
        self._wagtail_coc_attach_child_rows()
        return undismissed_findings(instance, site=site)

    def _wagtail_coc_attach_child_rows(self):
        # Inline rows (a report's spaces and statistics) reach the instance only when the form
        # saves: put the submitted rows in place so the scan reads their text too. Saving sets
        # the same row objects again.
        for name, formset in self.formsets.items():
            if name == "comments":
                continue
            rows = [
                form.instance
                for form in formset.forms
                if not formset._should_delete_form(form)
                and (form.instance.pk or form.has_changed())
            ]
            setattr(self.instance, name, rows)


def refuse_bulk_publishing_sensitive_data(request, action_type, objects, action_view):
    """Bulk publishing is all or nothing: any report with findings stops the whole action."""
    if action_type != "publish" or not issubclass(action_view.model, AbstractPage):
        return None
    pages = list(objects)
    if action_view.cleaned_form.cleaned_data.get("include_descendants"):
        for page in objects:
            pages += list(page.get_descendants().not_live())
    blocked = []
    for page in pages:
        page = page.specific
        if not getattr(page, "scanned_before_publishing", False):
            continue
        if not page.permissions_for_user(request.user).can_publish():
            # Wagtail refuses it anyway; telling why would be an oracle on the register.
            continue
        revision = page.get_latest_revision()
        obj = revision.as_object() if revision else page
        findings = undismissed_findings(obj, revision=revision)
        if findings:
            blocked.append((page, findings))
    if not blocked:
        return None
    for page, findings in blocked:
        messages.error(
            request,
            _("'%(title)s' was not published. %(reason)s")
            % {
                "title": page.get_admin_display_title(),
                "reason": publication_refused_message(findings),
            },
        )
    messages.error(request, _("No pages were published."))
    return redirect(action_view.next_url)
