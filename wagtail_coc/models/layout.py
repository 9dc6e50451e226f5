"""The site's layout for wagtail-coc's pages and snippet previews.

``wagtail_coc/base.html`` extends ``{{ coc_base_template }}``, the site's base template named by
``WAGTAIL_COC_BASE_TEMPLATE``; these mixins put it in the template context.
"""

from wagtail_coc import conf


class SiteLayoutMixin:
    """For pages: their context (also used by page previews)."""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["coc_base_template"] = conf.base_template()
        return context


class PreviewLayoutMixin:
    """For snippets: the context of their admin previews."""

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context["coc_base_template"] = conf.base_template()
        return context
