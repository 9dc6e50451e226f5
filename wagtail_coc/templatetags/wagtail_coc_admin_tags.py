"""Template tags of the page editor's panels."""

from django import template

from wagtail_coc.audit import audit_page

register = template.Library()


@register.simple_tag
def coc_checklist_report(page):
    """The best-practice checklist of ``page``, or None before its first save."""
    return audit_page(page) if page.pk else None
