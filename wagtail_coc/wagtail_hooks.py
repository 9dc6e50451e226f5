"""Admin glue: snippet viewsets, the protected names register, and the report review views."""

from django.contrib import messages
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.admin.widgets import Button
from wagtail.models import AbstractPage
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from wagtail_coc import review_views
from wagtail_coc.forms import CoCTeamForm, EmergencyInfoForm, ShortVersionForm
from wagtail_coc.models import CoCTeam, EmergencyInfo, ShortVersion, TransparencyReportPage
from wagtail_coc.report_scan import (
    is_coc_reviewer,
    publication_refused_message,
    undismissed_findings,
)
from wagtail_coc.signage import ShortVersionEditView, signage_buttons
from wagtail_coc.views import (
    CoCAcceptanceViewSet,
    ProtectedNameViewSet,
    register_protected_names_policy,
)


class CoCTeamViewSet(SnippetViewSet):
    model = CoCTeam
    icon = "group"
    menu_label = _("Teams")
    list_display = ["name", "shared_email", "live"]
    search_fields = ["name"]
    edit_handler = ObjectList(CoCTeam.panels, base_form_class=CoCTeamForm)


class EmergencyInfoViewSet(SnippetViewSet):
    model = EmergencyInfo
    icon = "warning"
    menu_label = _("Emergency information")
    list_display = ["name", "venue_name", "region"]
    search_fields = ["name"]
    edit_handler = ObjectList(EmergencyInfo.panels, base_form_class=EmergencyInfoForm)


class ShortVersionViewSet(SnippetViewSet):
    model = ShortVersion
    icon = "openquote"
    menu_label = _("Short versions")
    list_display = ["name", "coc_page", "live"]
    search_fields = ["name", "text"]
    edit_handler = ObjectList(ShortVersion.panels, base_form_class=ShortVersionForm)
    edit_view_class = ShortVersionEditView


class CodeOfConductViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Code of Conduct")
    menu_icon = "clipboard-list"
    menu_order = 250
    items = (CoCTeamViewSet, EmergencyInfoViewSet, ShortVersionViewSet)


register_snippet(CodeOfConductViewSetGroup)

# Before any view asks for the model's policy, or Wagtail falls back to model permissions.
register_protected_names_policy()
hooks.register("register_admin_viewset", ProtectedNameViewSet)
hooks.register("register_admin_viewset", CoCAcceptanceViewSet)


@hooks.register("insert_global_admin_css")
def checklist_panel_css():
    return format_html('<link rel="stylesheet" href="{}">', static("wagtail_coc/css/admin.css"))


@hooks.register("register_snippet_listing_buttons")
def short_version_signage_buttons(snippet, user, next_url=None):
    if isinstance(snippet, ShortVersion):
        yield from signage_buttons(snippet)


@hooks.register("register_admin_urls")
def review_urls():
    return [path("", include((review_views.get_urls(), "wagtail_coc_review")))]


@hooks.register("register_log_actions")
def review_log_actions(actions):
    actions.register_action("wagtail_coc.dismiss_finding")(review_views.DismissFindingLogFormatter)


@hooks.register("before_bulk_action")
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
        if not isinstance(page, TransparencyReportPage):
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


@hooks.register("register_page_header_buttons")
def findings_button(page, user, view_name, next_url=None):
    if isinstance(page.specific_deferred, TransparencyReportPage) and is_coc_reviewer(user):
        yield Button(
            _("Sensitive data findings"),
            reverse("wagtail_coc_review:findings", args=[page.pk]),
            icon_name="warning",
            priority=80,
        )
