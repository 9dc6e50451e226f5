"""Review of transparency reports: the two workflow tasks and dismissed false positives.

``SensitiveDataScanTask`` decides on its own as soon as it starts: it approves a clean
revision and requests changes on one with findings, with a comment that says where and what
kind, never the text found. ``CoCReviewTask`` is a group approval whose approval scans again
and is refused while anything undismissed remains.
"""

from django import forms
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.forms import TaskStateCommentForm
from wagtail.models import AbstractGroupApprovalTask, Revision, Task


class FindingDismissal(models.Model):
    """A reviewer's decision that one finding in one revision is a false positive.

    The finding is stored as a keyed fingerprint (see ``wagtail_coc.report_scan``), bound to
    the revision, its location, kind and occurrence: it covers that match only, and a later
    revision is scanned afresh.
    """

    revision = models.ForeignKey(
        Revision, verbose_name=_("revision"), on_delete=models.CASCADE, related_name="+"
    )
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    location = models.CharField(_("location"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16)
    reason = models.TextField(_("reason"))
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dismissed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    dismissed_at = models.DateTimeField(_("dismissed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("dismissed finding")
        verbose_name_plural = _("dismissed findings")
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "fingerprint"], name="wagtail_coc_dismissal_unique"
            )
        ]

    def __str__(self):
        return f"{self.location} ({self.kind})"


class SensitiveDataScanTask(Task):
    """Scans the submitted revision; approves it when clean, requests changes otherwise."""

    def start(self, workflow_state, user=None):
        from wagtail_coc.report_scan import scan_revision, summarise

        task_state = super().start(workflow_state, user=user)
        findings = scan_revision(task_state.revision)
        if findings:
            comment = gettext(
                "Sensitive data found. Remove it and submit again, or ask a Code of Conduct "
                "reviewer to dismiss a false positive: %(where)s"
            ) % {"where": summarise(findings)}
            task_state.reject(user=None, update=False, comment=comment)
        else:
            task_state.approve(user=None, update=False, comment=gettext("No sensitive data found."))
        return task_state

    @classmethod
    def get_description(cls):
        return _(
            "Scans every field for protected names, email addresses and phone numbers, and "
            "requests changes when it finds any."
        )

    class Meta:
        verbose_name = _("sensitive data scan")
        verbose_name_plural = _("sensitive data scans")


class ReviewCommentForm(TaskStateCommentForm):
    """Workflow comments are shown in history and sent by email: no protected names."""

    def clean_comment(self):
        from wagtail_coc.report_scan import build_scanner

        comment = self.cleaned_data["comment"]
        # The form does not know the page, so every site's register applies.
        if comment and any(
            finding.kind == "name" for finding in build_scanner(None).scan(comment, html=False)
        ):
            raise forms.ValidationError(
                _(
                    "The comment contains a protected name. Comments are kept in the page "
                    "history and sent by email: describe the problem without the name."
                )
            )
        return comment


class CoCReviewTask(AbstractGroupApprovalTask):
    """Approval by the CoC reviewers; approving scans the revision to be published again."""

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            from wagtail_coc.report_scan import scan_revision

            # The workflow publishes the latest revision, which may be newer than the one
            # the scan task saw.
            page = task_state.workflow_state.content_object
            revision = page.get_latest_revision()
            if revision is not None and scan_revision(revision):
                return reverse("wagtail_coc_review:findings", args=[page.pk]) + "?refused=approval"
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_form_for_action(self, action):
        return ReviewCommentForm

    @classmethod
    def get_description(cls):
        return _(
            "Members of the chosen groups review the content. Approving scans it again and is "
            "refused while sensitive data remains."
        )

    class Meta:
        verbose_name = _("Code of Conduct review")
        verbose_name_plural = _("Code of Conduct reviews")
