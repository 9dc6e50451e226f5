"""The public report page: the reporter's only way in.

The page itself (its title and introduction) is ordinary Wagtail content. What reporters type is
handled by ``intake`` and goes straight into encrypted cases: it never touches the page's
revisions, log entries, search index or form submissions.
"""

from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from wagtail_coc.base_page import BasePage
from wagtail_coc.casework import intake
from wagtail_coc.models.layout import SiteLayoutMixin
from wagtail_coc.models.settings import CoCSettings
from wagtail_coc.sanitise import SanitisedRichTextField

TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class IncidentReportPage(SiteLayoutMixin, BasePage):
    intro = SanitisedRichTextField(
        _("introduction"),
        blank=True,
        features=TEXT_FEATURES,
        help_text=_(
            "Shown above the form: what the team can and cannot do, especially for an "
            "anonymous report, and how fast it answers."
        ),
    )

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    search_fields = BasePage.search_fields
    subpage_types = []
    template = "wagtail_coc/casework/pages/incident_report_page.html"

    class Meta:
        verbose_name = _("incident report form")
        verbose_name_plural = _("incident report forms")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["coc_team"] = CoCSettings.for_request(request).default_team
        return context

    def serve(self, request, *args, **kwargs):
        context = self.get_context(request, *args, **kwargs)
        context.update(intake.handle(self, request))
        response = TemplateResponse(request, self.get_template(request), context)
        # Never kept by a browser, a proxy or a front cache, and the same for every visitor.
        add_never_cache_headers(response)
        patch_cache_control(response, no_store=True, private=True)
        # Nothing to other sites; "no-referrer" would make browsers send "Origin: null" with
        # the form, which Django's CSRF check refuses.
        response["Referrer-Policy"] = "same-origin"
        return response

    def serve_preview(self, request, mode_name):
        # A preview shows the empty form, whatever the request carries.
        request.method = "GET"
        return self.serve(request)
