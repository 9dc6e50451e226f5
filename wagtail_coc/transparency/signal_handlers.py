from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_save, pre_save
from wagtail.models import Comment, CommentReply, PageLogEntry
from wagtail.signals import page_published

from wagtail_coc.transparency.access_log import (
    account_status_changed,
    team_group_renamed,
    team_membership_changed,
)
from wagtail_coc.transparency.models import TransparencyReportIndexPage, TransparencyReportPage
from wagtail_coc.transparency.scan.guards import refuse_comment_with_findings
from wagtail_coc.transparency.scan.redaction import redact_log_entry, redact_revision_history
from wagtail_coc.transparency.scan.search import forget_deleted_search_terms

SCANNED_PAGE_TYPES = (TransparencyReportIndexPage, TransparencyReportPage)


def clean_history_on_publish(sender, instance, **kwargs):
    redact_revision_history(instance)
    forget_deleted_search_terms()


def register_signal_handlers():
    for page_type in SCANNED_PAGE_TYPES:
        page_published.connect(clean_history_on_publish, sender=page_type)
    post_save.connect(redact_log_entry, sender=PageLogEntry)
    for model in (Comment, CommentReply):
        pre_save.connect(refuse_comment_with_findings, sender=model)
    # One through model for both sides: user.groups and group.user_set.
    m2m_changed.connect(team_membership_changed, sender=get_user_model().groups.through)
    pre_save.connect(team_group_renamed, sender=Group)
    pre_save.connect(account_status_changed, sender=get_user_model())
