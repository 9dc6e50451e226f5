"""Admin viewsets of the core snippets: teams, emergency information and short versions."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.snippets.views.chooser import SnippetChooserViewSet, SnippetChosenView
from wagtail.snippets.views.snippets import EditView, SnippetViewSet, SnippetViewSetGroup
from wagtail.snippets.widgets import AdminSnippetChooser

from wagtail_coc.forms import CoCTeamForm, EmergencyInfoForm, ShortVersionForm
from wagtail_coc.models import CoCTeam, EmergencyInfo, ShortVersion

# Apps add buttons to a short version's editor header by registering a function under this
# hook name; it receives the short version and returns buttons (the signage app does).
SHORT_VERSION_BUTTONS_HOOK = "register_coc_short_version_buttons"


def chooser_title(instance):
    """The snippet's name, marked when the public does not see it (or not this version):
    a page showing a team never published shows no team at all."""
    if not getattr(instance, "live", True):
        return _("%(name)s (draft, not published)") % {"name": instance}
    if getattr(instance, "has_unpublished_changes", False):
        return _("%(name)s (published, with unpublished changes)") % {"name": instance}
    return str(instance)


class DraftMarkingChooserWidget(AdminSnippetChooser):
    def get_display_title(self, instance):
        return chooser_title(instance)


class DraftMarkingChosenView(SnippetChosenView):
    def get_display_title(self, instance):
        return chooser_title(instance)


class DraftMarkingChooserViewSet(SnippetChooserViewSet):
    """The chooser of a snippet with drafts says which choice is not published."""

    base_widget_class = DraftMarkingChooserWidget
    chosen_view_class = DraftMarkingChosenView


class CoCTeamViewSet(SnippetViewSet):
    model = CoCTeam
    chooser_viewset_class = DraftMarkingChooserViewSet
    icon = "group"
    menu_label = _("Teams")
    list_display = ["name", "shared_email", "live"]
    search_fields = ["name"]
    edit_handler = ObjectList(CoCTeam.panels, base_form_class=CoCTeamForm)


class EmergencyInfoViewSet(SnippetViewSet):
    model = EmergencyInfo
    chooser_viewset_class = DraftMarkingChooserViewSet
    icon = "warning"
    menu_label = _("Emergency information")
    list_display = ["name", "venue_name", "region", "live"]
    search_fields = ["name"]
    edit_handler = ObjectList(EmergencyInfo.panels, base_form_class=EmergencyInfoForm)


class ShortVersionEditView(EditView):
    """The snippet edit view, with buttons other apps register in its header's "more" menu."""

    def get_header_more_buttons(self):
        extra = [
            button
            for hook in hooks.get_hooks(SHORT_VERSION_BUTTONS_HOOK)
            for button in hook(self.object)
        ]
        return sorted([*super().get_header_more_buttons(), *extra])


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
