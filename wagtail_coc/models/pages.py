from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Subquery, Value, When
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.search import index

from wagtail_coc.api_serializers import EmergencyInfoField, TeamField
from wagtail_coc.base_page import BasePage
from wagtail_coc.blocks import CodeOfConductBody
from wagtail_coc.models.emergency import EmergencyInfo
from wagtail_coc.models.layout import SiteLayoutMixin
from wagtail_coc.models.team import CoCTeam
from wagtail_coc.panels import ChecklistPanel
from wagtail_coc.sanitise import (
    SanitisedRichTextField,
    SanitisedStreamField,
    TamperProofFormMixin,
)


def _in_locale_first(queryset, model, object_id, locale_id):
    """``object_id``, or its translation in ``locale_id`` when ``queryset`` holds one.

    One query: a page translated with "Translate" still points at the snippets chosen in
    the original language, and their translations must win without a query per lookup.
    """
    if locale_id is None or not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return queryset.filter(pk=object_id).first()
    translation_key = model.objects.filter(pk=object_id).values("translation_key")
    return (
        queryset.filter(
            Q(pk=object_id) | Q(translation_key__in=Subquery(translation_key), locale_id=locale_id)
        )
        .order_by(Case(When(locale_id=locale_id, then=Value(0)), default=Value(1)))
        .first()
    )


def in_locale(instance, locale_id):
    """The live translation of ``instance`` in ``locale_id``, else ``instance`` itself."""
    if (
        instance is None
        or instance.locale_id == locale_id
        or not getattr(settings, "WAGTAIL_I18N_ENABLED", False)
    ):
        return instance
    translation = instance.get_translation_or_none(locale_id)
    if translation is None or not getattr(translation, "live", True):
        return instance
    return translation


def _live_or_none(instance):
    return instance if instance is not None and instance.live else None


def page_and_team_of(short_version, site_settings):
    """The live CoC page and team a short version shows, in its language: its own page and
    that page's team, else the site's defaults from its Code of Conduct settings."""
    locale_id = short_version.locale_id
    defaults = site_settings
    coc_page = _live_or_none(in_locale(short_version.coc_page, locale_id))
    if coc_page is None and defaults is not None:
        coc_page = _live_or_none(in_locale(defaults.default_coc_page, locale_id))
    team = coc_page.team if coc_page else None
    if team is None and defaults is not None:
        team = defaults.default_team
    return coc_page, _live_or_none(in_locale(team, locale_id))


def team_with_roster(team_id, locale_id=None):
    """The live team (or its live translation in ``locale_id``) with members and photo
    renditions loaded in a fixed number of queries."""
    teams = CoCTeam.objects.prefetch_related("members__photo__renditions").filter(live=True)
    return _in_locale_first(teams, CoCTeam, team_id, locale_id)


def emergency_info_with_numbers(info_id, locale_id=None):
    infos = EmergencyInfo.objects.prefetch_related("numbers").filter(live=True)
    return _in_locale_first(infos, EmergencyInfo, info_id, locale_id)


# The page types that may go under a Code of Conduct page (wagtail_coc.models.companions).
COMPANION_PAGE_TYPES = ("wagtail_coc.ReportingGuidePage", "wagtail_coc.ResponseProceduresPage")


def companion_models():
    return [apps.get_model(label) for label in COMPANION_PAGE_TYPES]


def coc_set_pages(coc_page):
    """The pages of a CoC set as the public sees them: the Code of Conduct, then its live
    companions in the page tree's order."""
    companions = (
        coc_page.get_children().live().type(*companion_models()).specific().order_by("path")
    )
    return [coc_page, *companions]


def shared_caches_may_keep(request) -> bool:
    """Whether a rendered page is the same for every visitor without cookies.

    Not when rendering it used a CSRF token (a form in the site's layout) or wrote to the
    session: the response then carries something of this visitor's own.
    """
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    session = getattr(request, "session", None)
    if session is not None:
        if session.modified:
            return False
        # The userbar looked for a signed-in user and found none: with no cookie the page
        # cannot depend on a session, so it needs no "Vary: Cookie".
        session.accessed = False
    return True


class CodeOfConductPageForm(TamperProofFormMixin, WagtailAdminPageForm):
    pass


class CodeOfConductPage(SiteLayoutMixin, BasePage):
    """A Code of Conduct document: typed sections, the team to contact, emergency numbers."""

    intro = SanitisedRichTextField(
        _("introduction"), features=["bold", "italic", "link"], blank=True
    )
    version_label = models.CharField(
        _("version"),
        max_length=50,
        blank=True,
        help_text=_("Optional, e.g. '2.1' or '2027 edition'."),
    )
    effective_date = models.DateField(_("effective from"), null=True, blank=True)
    online_only = models.BooleanField(
        _("online-only event"),
        default=False,
        help_text=_(
            "No venue: the checklist asks for crisis and online-safety contacts instead of "
            "venue emergency numbers."
        ),
    )
    team = models.ForeignKey(
        CoCTeam,
        verbose_name=_("Code of Conduct team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    emergency_info = models.ForeignKey(
        EmergencyInfo,
        verbose_name=_("emergency information"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown in an 'In an emergency' box at the top of the page."),
    )
    body = SanitisedStreamField(CodeOfConductBody(), verbose_name=_("sections"))

    content_panels = [
        *BasePage.content_panels,
        ChecklistPanel(heading=_("Best-practice checklist")),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("version_label"), FieldPanel("effective_date")])],
            heading=_("Version"),
        ),
        FieldPanel("intro"),
        FieldRowPanel([FieldPanel("team"), FieldPanel("emergency_info")]),
        FieldPanel("online_only"),
        FieldPanel("body"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("intro"), index.SearchField("body")]
    template = "wagtail_coc/pages/code_of_conduct_page.html"
    # A document with its companions (reporting guide, response procedures) under it:
    # anything else about the event (reports, registration) lives beside it.
    subpage_types = list(COMPANION_PAGE_TYPES)
    base_form_class = CodeOfConductPageForm
    # Team and emergency information go through hand-written serialisers that only
    # know public fields; see wagtail_coc.api_serializers.
    api_fields = [
        APIField("version_label"),
        APIField("effective_date"),
        APIField("intro"),
        APIField("body"),
        APIField("team", serializer=TeamField()),
        APIField("emergency_info", serializer=EmergencyInfoField()),
    ]

    class Meta:
        verbose_name = _("Code of Conduct page")
        verbose_name_plural = _("Code of Conduct pages")

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if not request.is_preview and not request.COOKIES:
            response.render()
            if shared_caches_may_keep(request):
                # Browsers check again within a minute; front caches are purged on every
                # change (wagtail_coc.purging) and hold at most ten minutes without it.
                patch_cache_control(response, public=True, max_age=60, s_maxage=600)
        return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Loaded only when the page's cached markup has to be rendered again.
        # Loaded only when the page's cached markup has to be rendered again.
        context["coc_set_pages"] = SimpleLazyObject(lambda: coc_set_pages(self))
        context["coc_team"] = SimpleLazyObject(
            lambda: team_with_roster(self.team_id, self.locale_id) if self.team_id else None
        )
        context["coc_emergency_info"] = SimpleLazyObject(
            lambda: (
                emergency_info_with_numbers(self.emergency_info_id, self.locale_id)
                if self.emergency_info_id
                else None
            )
        )
        return context
