"""Review of transparency reports: the two workflow tasks.

``SensitiveDataScanTask`` decides on its own as soon as it starts: it approves a clean
revision and requests changes on one with findings, with a comment that says where and what
kind, never the text found. ``CoCReviewTask`` is a group approval whose approval scans again
and is refused while anything undismissed remains.
"""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.forms import TaskStateCommentForm
from wagtail.models import AbstractGroupApprovalTask, Task

from wagtail_coc.transparency.permissions import may_handle_reports
from wagtail_coc.transparency.scan.findings import scan_revision, summarise
from wagtail_coc.transparency.scan.guards import COMMENT_REFUSED, holds_sensitive_data


class SensitiveDataScanTask(Task):
    """Scans the submitted revision; approves it when clean, requests changes otherwise."""

    def start(self, workflow_state, user=None):
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
    """Workflow comments are shown in history and sent by email: no sensitive data."""

    def clean_comment(self):
        comment = self.cleaned_data["comment"]
        # The form does not know the page, so every site's register applies.
        if holds_sensitive_data([comment], None):
            raise forms.ValidationError(COMMENT_REFUSED)
        return comment


class CoCReviewTask(AbstractGroupApprovalTask):
    """Approval by the CoC reviewers; approving scans the revision to be published again."""

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            # The workflow publishes the latest revision, which may be newer than the one
            # the scan task saw.
            page = task_state.workflow_state.content_object
            revision = page.get_latest_revision()
            if revision is not None and scan_revision(revision):
                return reverse("wagtail_coc_review:findings", args=[page.pk]) + "?refused=approval"
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_actions(self, obj, user):
        # Superusers outside the team and reviewers would otherwise act on reviews, and the
        # comment form's refusals would tell them whether a name is in the register.
        if not may_handle_reports(user):
            return []
        return super().get_actions(obj, user)

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
