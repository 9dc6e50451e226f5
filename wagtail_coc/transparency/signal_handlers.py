from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Comment, CommentReply, PageLogEntry
from wagtail.signals import page_published, page_slug_changed, post_page_move

from wagtail_coc.transparency.access_log import (
    account_status_changed,
    team_group_renamed,
    team_membership_changed,
)
from wagtail_coc.transparency.linked import recheck_pages_linking_to
from wagtail_coc.transparency.models import (
    ProtectedName,
    TransparencyReportIndexPage,
    TransparencyReportPage,
)
from wagtail_coc.transparency.scan.guards import refuse_comment_with_findings
from wagtail_coc.transparency.scan.redaction import (
    forget_previews_on_delete,
    redact_log_entry,
    redact_revision_history,
    refresh_descendant_url_paths,
)
from wagtail_coc.transparency.scan.redirects import (
    forget_redirects,
    forget_redirects_after_url_change,
)
from wagtail_coc.transparency.scan.search import forget_deleted_search_terms

SCANNED_PAGE_TYPES = (TransparencyReportIndexPage, TransparencyReportPage)


def clean_history_on_publish(sender, instance, **kwargs):
    redact_revision_history(instance)
    refresh_descendant_url_paths(instance)
    forget_redirects([instance])
    forget_deleted_search_terms()


def recheck_after_publish(sender, instance, **kwargs):
    """``page_published`` of any page: the app's live pages linking to it are checked again."""
    if not getattr(instance, "scanned_before_publishing", False):
        recheck_pages_linking_to([instance.pk], SCANNED_PAGE_TYPES)


def recheck_after_move(sender, instance, **kwargs):
    ids = [instance.pk, *instance.get_descendants().values_list("pk", flat=True)]
    recheck_pages_linking_to(ids, SCANNED_PAGE_TYPES)


def recheck_after_media_save(sender, instance, raw=False, **kwargs):
    if not raw:
        recheck_pages_linking_to([instance.pk], SCANNED_PAGE_TYPES)


def register_signal_handlers():
    page_published.connect(recheck_after_publish)
    post_page_move.connect(recheck_after_move)
    for model in (get_image_model(), get_document_model()):
        post_save.connect(recheck_after_media_save, sender=model)
    for page_type in SCANNED_PAGE_TYPES:
        page_published.connect(clean_history_on_publish, sender=page_type)
        pre_delete.connect(forget_previews_on_delete, sender=page_type)
    post_save.connect(redact_log_entry, sender=PageLogEntry)
    for model in (Comment, CommentReply):
        pre_save.connect(refuse_comment_with_findings, sender=model)
    # One through model for both sides: user.groups and group.user_set.
    m2m_changed.connect(team_membership_changed, sender=get_user_model().groups.through)
    pre_save.connect(team_group_renamed, sender=Group)
    pre_save.connect(account_status_changed, sender=get_user_model())
    post_save.connect(forget_redirects_for_new_name, sender=ProtectedName)
    connect_after_redirects()


def forget_redirects_for_new_name(sender, instance, **kwargs):
    """A name registered after publication is in old slugs already: forget those redirects
    (every report lives below an index page)."""
    forget_redirects(TransparencyReportIndexPage.objects.all())


def connect_after_redirects():
    """Run ``forget_redirects_after_url_change`` after ``wagtail.contrib.redirects`` created
    its redirects. Receivers run in the order they were connected, and this app comes before
    the redirects app in ``INSTALLED_APPS``: its receivers are connected here first (Django
    ignores the redirects app's own, identical, connection later)."""
    if apps.is_installed("wagtail.contrib.redirects"):
        from wagtail.contrib.redirects.signal_handlers import (
            autocreate_redirects_on_page_move,
            autocreate_redirects_on_slug_change,
        )

        post_page_move.connect(autocreate_redirects_on_page_move)
        page_slug_changed.connect(autocreate_redirects_on_slug_change)
    post_page_move.connect(forget_redirects_after_url_change)
    page_slug_changed.connect(forget_redirects_after_url_change)
