"""Registers the core's snippets and admin styles."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from wagtail_coc.viewsets import CodeOfConductViewSetGroup

register_snippet(CodeOfConductViewSetGroup)


@hooks.register("insert_global_admin_css")
def checklist_panel_css():
    return format_html('<link rel="stylesheet" href="{}">', static("wagtail_coc/css/admin.css"))
