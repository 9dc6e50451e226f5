"""Admin glue: snippet viewsets for the team, emergency information and short versions."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from wagtail_coc.forms import CoCTeamForm, EmergencyInfoForm
from wagtail_coc.models import CoCTeam, EmergencyInfo, ShortVersion


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


class CodeOfConductViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Code of Conduct")
    menu_icon = "clipboard-list"
    menu_order = 250
    items = (CoCTeamViewSet, EmergencyInfoViewSet, ShortVersionViewSet)


register_snippet(CodeOfConductViewSetGroup)
