"""Admin glue: snippet viewsets for the team, emergency information and short versions."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from wagtail_coc.forms import CoCTeamForm, EmergencyInfoForm, ShortVersionForm
from wagtail_coc.models import CoCTeam, EmergencyInfo, ShortVersion
from wagtail_coc.signage import ShortVersionEditView, signage_buttons
from wagtail_coc.views import ProtectedNameViewSet, register_protected_names_policy
from wagtail_coc.viewsets import CoCAcceptanceViewSet


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


@hooks.register("register_snippet_listing_buttons")
def short_version_signage_buttons(snippet, user, next_url=None):
    if isinstance(snippet, ShortVersion):
        yield from signage_buttons(snippet)
