"""Admin views of the protected names register, open to the Code of Conduct team only.

Every read (the listing and its exports, an entry's form, its deletion and history) is
recorded in the register access log (``transparency.access_log``).
"""

import functools
import logging

from django.contrib.auth.models import Permission
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet

from wagtail_coc.transparency.access_log import RegisterAccess, record_read
from wagtail_coc.transparency.encryption import SETTING_NAME, RegisterUnreadable
from wagtail_coc.transparency.models import ProtectedName
from wagtail_coc.transparency.permissions import register_entries_for

Action = RegisterAccess.Action
logger = logging.getLogger(__name__)


class RegisterUnreadableView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "wagtail_coc/transparency/register/unreadable.html"
    page_title = _("Protected names")
    header_icon = "lock"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "setting": SETTING_NAME}


def readable_register_only(view):
    """Answer with a clear page (503) instead of a server error when the keys cannot read
    the register. Template responses render here: rows are decrypted while rendering."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            return response
        except RegisterUnreadable:
            logger.exception("The protected names register cannot be read")
            response = RegisterUnreadableView.as_view()(request)
            response.status_code = 503
            return response

    return wrapped


class RecordsReads:
    """Record a read once the view's permission check has passed."""

    read_action = None

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        record_read(request.user, self.get_read_action(), getattr(self, "object", None))
        return response

    def get_read_action(self):
        return self.read_action


class VisibleEntriesOnly:
    """Entries another app hides from this member (``register_entries_for``) do not exist
    for them: not in the listing, its count and exports, nor at their own URLs (404)."""

    def get_base_queryset(self):
        return register_entries_for(self.request.user, super().get_base_queryset())

    def get_queryset(self):
        return register_entries_for(self.request.user, super().get_queryset())

    def get_base_object_queryset(self):
        return register_entries_for(self.request.user, super().get_base_object_queryset())


class ProtectedNameIndexView(VisibleEntriesOnly, RecordsReads, generic.IndexView):
    def get_read_action(self):
        return Action.EXPORTED if self.is_export else Action.LISTED


class ProtectedNameCreateView(RecordsReads, generic.CreateView):
    read_action = Action.ADDED

    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()


class ProtectedNameEditView(VisibleEntriesOnly, RecordsReads, generic.EditView):
    read_action = Action.OPENED


class ProtectedNameDeleteView(VisibleEntriesOnly, RecordsReads, generic.DeleteView):
    read_action = Action.DELETING


class ProtectedNameHistoryView(VisibleEntriesOnly, RecordsReads, history.HistoryView):
    read_action = Action.HISTORY


class ProtectedNameUsageView(VisibleEntriesOnly, usage.UsageView):
    def get_queryset(self):
        # What it lists are references to the entry, not entries: the entry itself is looked
        # up (and hidden) through get_base_object_queryset.
        return usage.UsageView.get_queryset(self)


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
    usage_view_class = ProtectedNameUsageView
    list_display = ["listed_value", "site", "created_at", "created_by"]
    list_filter = ["site"]
    # Copies would duplicate names; usage tracking would reveal entries to other editors.
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_reference_index = False

    def construct_view(self, view_class, **kwargs):
        return readable_register_only(super().construct_view(view_class, **kwargs))

    def get_permissions_to_register(self):
        # Django's model permissions grant nothing here (team membership does); listing them
        # in the group editor would suggest otherwise.
        return Permission.objects.none()
