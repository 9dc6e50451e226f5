"""Admin views of the protected names register, open to the Code of Conduct team only."""

import functools
import logging

from django.contrib.auth.models import Permission
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet

from wagtail_coc.transparency.encryption import SETTING_NAME, RegisterUnreadable
from wagtail_coc.transparency.models import ProtectedName

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

    def construct_view(self, view_class, **kwargs):
        return readable_register_only(super().construct_view(view_class, **kwargs))

    def get_permissions_to_register(self):
        # Django's model permissions grant nothing here (team membership does); listing them
        # in the group editor would suggest otherwise.
        return Permission.objects.none()
