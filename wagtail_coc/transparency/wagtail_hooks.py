"""Registers the protected names register, the review views and the bulk publishing guard."""

from django.core.exceptions import PermissionDenied
from django.urls import include, path
from wagtail import hooks

from wagtail_coc.transparency.copying import refuse_copying_sensitive_data
from wagtail_coc.transparency.permissions import may_handle_reports
from wagtail_coc.transparency.scan.guards import refuse_bulk_publishing_sensitive_data
from wagtail_coc.transparency.views import review
from wagtail_coc.transparency.views.access_log import RegisterAccessViewSet
from wagtail_coc.transparency.views.register import ProtectedNameViewSet

hooks.register("register_admin_viewset", ProtectedNameViewSet)
hooks.register("register_admin_viewset", RegisterAccessViewSet)
hooks.register("before_bulk_action", refuse_bulk_publishing_sensitive_data)
hooks.register("register_page_header_buttons", review.findings_button)
hooks.register("before_copy_page", refuse_copying_sensitive_data)


@hooks.register("before_create_page")
def only_the_team_creates_scanned_pages(request, parent_page, page_class):
    # Creating one would show the title check's refusals: an oracle on the register.
    if getattr(page_class, "scanned_before_publishing", False) and not may_handle_reports(
        request.user
    ):
        raise PermissionDenied


@hooks.register("register_admin_urls")
def review_urls():
    return [path("", include((review.get_urls(), "wagtail_coc_review")))]


@hooks.register("register_log_actions")
def review_log_actions(actions):
    actions.register_action("wagtail_coc.dismiss_finding")(review.DismissFindingLogFormatter)
