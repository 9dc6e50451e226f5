"""Admin views of the protected names register, open to the Code of Conduct team only."""

from django.contrib.auth.models import Permission
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from wagtail_coc.transparency.models import ProtectedName


class ProtectedNameCreateView(generic.CreateView):
    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()


class ProtectedNameViewSet(ModelViewSet):
    model = ProtectedName
    name = "coc_protected_names"
    icon = "lock"
    menu_label = _("Protected names")
    menu_order = 260
    add_to_admin_menu = True
    add_view_class = ProtectedNameCreateView
    list_display = ["listed_value", "site", "created_at", "created_by"]
    list_filter = ["site"]
    # Copies would duplicate names; usage tracking would reveal entries to other editors.
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_reference_index = False

    def get_permissions_to_register(self):
        # Django's model permissions grant nothing here (team membership does); listing them
        # in the group editor would suggest otherwise.
        return Permission.objects.none()
