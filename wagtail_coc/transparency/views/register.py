"""Admin views of the protected names register, open to the Code of Conduct team only.

Every read (the listing and its exports, an entry's form, its deletion and history) is
recorded in the register access log (``transparency.access_log``).
"""

from django.contrib.auth.models import Permission
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history
from wagtail.admin.viewsets.model import ModelViewSet

from wagtail_coc.transparency.access_log import RegisterAccess, record_read
from wagtail_coc.transparency.models import ProtectedName

Action = RegisterAccess.Action


class RecordsReads:
    """Record a read once the view's permission check has passed."""

    read_action = None

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        record_read(request.user, self.get_read_action(), getattr(self, "object", None))
        return response

    def get_read_action(self):
        return self.read_action


class ProtectedNameIndexView(RecordsReads, generic.IndexView):
    def get_read_action(self):
        return Action.EXPORTED if self.is_export else Action.LISTED


class ProtectedNameCreateView(RecordsReads, generic.CreateView):
    read_action = Action.ADDED

    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()


class ProtectedNameEditView(RecordsReads, generic.EditView):
    read_action = Action.OPENED


class ProtectedNameDeleteView(RecordsReads, generic.DeleteView):
    read_action = Action.DELETING


class ProtectedNameHistoryView(RecordsReads, history.HistoryView):
    read_action = Action.HISTORY


class ProtectedNameViewSet(ModelViewSet):
    model = ProtectedName
    name = "coc_protected_names"
    icon = "lock"
    menu_label = _("Protected names")
    menu_order = 260
    add_to_admin_menu = True
    index_view_class = ProtectedNameIndexView
    add_view_class = ProtectedNameCreateView
    edit_view_class = ProtectedNameEditView
    delete_view_class = ProtectedNameDeleteView
    history_view_class = ProtectedNameHistoryView
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
