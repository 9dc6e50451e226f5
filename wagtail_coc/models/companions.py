"""Companion pages of a Code of Conduct: its reporting guide and its response procedures.

They live under their Code of Conduct page and form one *CoC set* with it: the set's pages
link to each other, share the Code of Conduct's team and emergency information, and the
best-practice checklist reads the set as one document (a reporting guide's "How to report"
counts for the Code of Conduct).
"""

from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.search import index

from wagtail_coc.base_page import BasePage
from wagtail_coc.blocks import CodeOfConductBody
from wagtail_coc.models.layout import SiteLayoutMixin
from wagtail_coc.models.pages import (
    CodeOfConductPage,
    coc_set_pages,
    emergency_info_with_numbers,
    team_with_roster,
)
from wagtail_coc.sanitise import SanitisedRichTextField, SanitisedStreamField


class CoCCompanionPage(SiteLayoutMixin, BasePage):
    """A page of a CoC set other than the Code of Conduct itself."""

    intro = SanitisedRichTextField(
        _("introduction"), features=["bold", "italic", "link"], blank=True
    )
    body = SanitisedStreamField(CodeOfConductBody(), verbose_name=_("sections"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("intro"), index.SearchField("body")]
    template = "wagtail_coc/pages/companion_page.html"
    parent_page_types = ["wagtail_coc.CodeOfConductPage"]
    subpage_types = []
    api_fields = [APIField("intro"), APIField("body")]

    class Meta:
        abstract = True

    @property
    def code_of_conduct(self):
        """The Code of Conduct page this page belongs to."""
        return CodeOfConductPage.objects.parent_of(self).first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        coc = self.code_of_conduct
        context["coc_parent"] = coc
        context["coc_set_pages"] = SimpleLazyObject(lambda: coc_set_pages(coc) if coc else [])
        context["coc_team"] = SimpleLazyObject(
            lambda: team_with_roster(coc.team_id, self.locale_id) if coc and coc.team_id else None
        )
        context["coc_emergency_info"] = SimpleLazyObject(
            lambda: (
                emergency_info_with_numbers(coc.emergency_info_id, self.locale_id)
                if coc and coc.emergency_info_id
                else None
            )
        )
        return context


class ReportingGuidePage(CoCCompanionPage):
    """How to report: channels per audience, what to include, what happens next."""

    template = CoCCompanionPage.template

    class Meta:
        verbose_name = _("reporting guide")
        verbose_name_plural = _("reporting guides")


class ResponseProceduresPage(CoCCompanionPage):
    """How the team handles reports: enforcement and response procedures."""

    template = CoCCompanionPage.template

    class Meta:
        verbose_name = _("enforcement and response procedures")
        verbose_name_plural = _("enforcement and response procedures")


COMPANION_MODELS = (ReportingGuidePage, ResponseProceduresPage)
