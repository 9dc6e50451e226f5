"""Registers the core's snippets and admin styles."""

from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from wagtail_coc import admin_import
from wagtail_coc.viewsets import CodeOfConductViewSetGroup

register_snippet(CodeOfConductViewSetGroup)


@hooks.register("insert_global_admin_css")
def checklist_panel_css():
    return format_html('<link rel="stylesheet" href="{}">', static("wagtail_coc/css/admin.css"))


@hooks.register("register_admin_urls")
def import_urls():
    return admin_import.get_urls()


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_import.can_import(request.user)


@hooks.register("register_admin_menu_item")
def import_menu_item():
    return ImportMenuItem(
        _("Import a Code of Conduct"),
        reverse("wagtail_coc_import"),
        icon_name="upload",
        order=251,
    )
