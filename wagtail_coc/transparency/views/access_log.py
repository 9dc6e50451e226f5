"""The register access log in the admin: read-only, for the Code of Conduct team only."""

from django.contrib.auth.models import Permission
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from wagtail_coc.transparency.access_log import ACCESS_LOG_VIEWSET, RegisterAccess
from wagtail_coc.transparency.models import ProtectedName
from wagtail_coc.transparency.permissions import register_entries_for


class RegisterAccessIndexView(IndexView):
    def get_base_queryset(self):
        # An entry another app hides from this member (register_entries_for) leaves no trace.
        entries = ProtectedName.objects.all()
        hidden = entries.exclude(pk__in=register_entries_for(self.request.user, entries))
        return super().get_base_queryset().exclude(entry_number__in=hidden.values("pk"))


class RegisterAccessViewSet(ModelViewSet):
    model = RegisterAccess
    name = ACCESS_LOG_VIEWSET
    index_view_class = RegisterAccessIndexView
    icon = "history"
    menu_label = _("Register access log")
    menu_order = 261
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_reference_index = False
    # Nobody may add or change entries (the permission policy); the form is never shown.
    form_fields = ["action"]
    list_filter = ["action"]
    list_display = [
        DateColumn("timestamp", label=_("when"), sort_key="timestamp"),
        Column("get_action_display", label=_("what")),
        Column("actor_display", label=_("who")),
        Column("member_display", label=_("whose membership")),
        Column("entry_number", label=_("register entry number")),
    ]
    list_export = ["timestamp", "action", "actor_number", "member_number", "entry_number"]

    def get_permissions_to_register(self):
        return Permission.objects.none()
