from django.db import models
from django.db.models import Case, Q, Subquery, Value, When
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.search import index

from wagtail_coc.api_serializers import EmergencyInfoField, TeamField
from wagtail_coc.blocks import CodeOfConductBody
from wagtail_coc.models.base_page import BasePage
from wagtail_coc.models.emergency import EmergencyInfo
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
    if locale_id is None:
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
    if instance is None or instance.locale_id == locale_id:
        return instance
    translation = instance.get_translation_or_none(locale_id)
    if translation is None or not getattr(translation, "live", True):
        return instance
    return translation


def team_with_roster(team_id, locale_id=None):
    """The live team (or its live translation in ``locale_id``) with members and photo
    renditions loaded in a fixed number of queries."""
    teams = CoCTeam.objects.prefetch_related("members__photo__renditions").filter(live=True)
    return _in_locale_first(teams, CoCTeam, team_id, locale_id)


def emergency_info_with_numbers(info_id, locale_id=None):
    infos = EmergencyInfo.objects.prefetch_related("numbers")
    return _in_locale_first(infos, EmergencyInfo, info_id, locale_id)


class CodeOfConductPageForm(TamperProofFormMixin, WagtailAdminPageForm):
    pass


class CodeOfConductPage(BasePage):
    """A Code of Conduct document: typed sections, the team to contact, emergency numbers."""

    intro = SanitisedRichTextField(
        _("introduction"), features=["bold", "italic", "link"], blank=True
    )
    version_label = models.CharField(
        _("version"), max_length=50, help_text=_("E.g. '2.1' or '2027 edition'.")
    )
    effective_date = models.DateField(_("effective from"))
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
        FieldPanel("body"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("intro"), index.SearchField("body")]
    template = "wagtail_coc/pages/code_of_conduct_page.html"
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

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["coc_team"] = (
            team_with_roster(self.team_id, self.locale_id) if self.team_id else None
        )
        context["coc_emergency_info"] = (
            emergency_info_with_numbers(self.emergency_info_id, self.locale_id)
            if self.emergency_info_id
            else None
        )
        return context
